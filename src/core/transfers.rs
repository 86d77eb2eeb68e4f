//! A folder download's plan and outcomes: which objects, where each lands (through the one sanitiser), totals.

use std::collections::VecDeque;

use time::OffsetDateTime;

use super::actions::Object;
use super::integrity::Unverifiable;
use super::safe_path::PathPlanner;

/// One checked row of a download: a whole folder (every key under the prefix), or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Folder(String),
    File { key: String, size: u64 },
}

/// One file of a folder download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub key: String,
    /// Where it lands below the chosen folder; never outside it.
    pub path: Vec<String>,
    pub size: u64,
    pub modified: Option<OffsetDateTime>,
}

/// Every file under a prefix, each with its own safe, distinct path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderPlan {
    pub files: Vec<PlannedFile>,
    pub total_bytes: u64,
}

/// Plans the download of `objects` (a recursive listing of `base`): folder markers are skipped,
/// paths are relative to `base` and distinct.
pub fn plan_folder(objects: Vec<Object>, base: &str) -> FolderPlan {
    let mut planner = PathPlanner::new();
    let files: Vec<PlannedFile> = objects
        .into_iter()
        .filter(|o| !o.is_folder_marker())
        .map(|o| PlannedFile {
            path: planner.place(&o.key, base),
            key: o.key,
            size: o.size,
            modified: o.last_modified,
        })
        .collect();
    // Sizes come from the server: a sum that would overflow stops at the largest number.
    let total_bytes = files.iter().fold(0u64, |sum, f| sum.saturating_add(f.size));
    FolderPlan { files, total_bytes }
}

/// How fast bytes have come over the last few seconds (samples taken about once a second).
#[derive(Debug, Clone, Default)]
pub struct Rate {
    samples: VecDeque<(f64, u64)>,
}

impl Rate {
    /// The window the rate is measured over.
    const WINDOW_MS: f64 = 5_000.0;

    /// Records that `bytes` had come by `at_ms` (milliseconds on any steady clock).
    pub fn sample(&mut self, at_ms: f64, bytes: u64) {
        self.samples.push_back((at_ms, bytes));
        while self.samples.len() > 2
            && self
                .samples
                .get(1)
                .is_some_and(|(t, _)| at_ms - t >= Self::WINDOW_MS)
        {
            self.samples.pop_front();
        }
    }

    /// Bytes per second over the window; `None` until two samples a little apart.
    pub fn per_second(&self) -> Option<u64> {
        let ((t0, b0), (t1, b1)) = (self.samples.front()?, self.samples.back()?);
        (t1 - t0 >= 500.0).then(|| (b1.saturating_sub(*b0) as f64 * 1000.0 / (t1 - t0)) as u64)
    }

    /// Seconds until `remaining` bytes have come at the current rate.
    pub fn seconds_left(&self, remaining: u64) -> Option<u64> {
        self.per_second()
            .filter(|r| *r > 0)
            .map(|r| remaining.div_ceil(r))
    }
}

/// Where one file of a transfer stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Queued,
    Running,
    /// Written, and its bytes match S3's checksum.
    Verified,
    /// Written; S3 offered nothing to check it against.
    NotVerifiable(Unverifiable),
    /// Written, but the bytes do not match S3's checksum: a failure, never silently kept.
    Mismatch,
    Failed,
    Cancelled,
    /// The keys ran out: waits for new keys, then goes on.
    Paused,
}

impl Outcome {
    /// A stable name for the state (for styling and tests), free of the details.
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Queued => "Queued",
            Outcome::Running => "Running",
            Outcome::Verified => "Verified",
            Outcome::NotVerifiable(_) => "NotVerifiable",
            Outcome::Mismatch => "Mismatch",
            Outcome::Failed => "Failed",
            Outcome::Cancelled => "Cancelled",
            Outcome::Paused => "Paused",
        }
    }

    /// Whether the file is finished and kept.
    pub fn is_done(&self) -> bool {
        matches!(self, Outcome::Verified | Outcome::NotVerifiable(_))
    }

    /// Whether the user may retry it.
    pub fn can_retry(&self) -> bool {
        matches!(
            self,
            Outcome::Mismatch | Outcome::Failed | Outcome::Cancelled
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_plan_skips_markers_and_keeps_paths_inside() {
        let plan = plan_folder(
            vec![
                Object::new("docs/", 0),
                Object::new("docs/2024/", 0),
                Object::new("docs/2024/report.txt", 10),
                Object::new("docs/../../evil.txt", 3),
                Object::new("docs/a:b.txt", 1),
                Object::new("docs/a?b.txt", 2),
            ],
            "docs/",
        );
        let paths: Vec<String> = plan.files.iter().map(|f| f.path.join("/")).collect();
        assert_eq!(
            paths,
            ["2024/report.txt", "evil.txt", "a_b.txt", "a_b (2).txt"]
        );
        assert_eq!(plan.total_bytes, 16);
    }

    #[test]
    fn the_total_of_sizes_a_server_claims_cannot_overflow() {
        let plan = plan_folder(
            vec![Object::new("a", u64::MAX), Object::new("b", u64::MAX)],
            "",
        );
        assert_eq!(plan.total_bytes, u64::MAX);
    }

    #[test]
    fn the_rate_follows_the_last_seconds() {
        let mut rate = Rate::default();
        assert_eq!(rate.per_second(), None);
        rate.sample(0.0, 0);
        rate.sample(100.0, 10);
        assert_eq!(rate.per_second(), None, "too soon to tell");
        for s in 1..=10u64 {
            rate.sample(s as f64 * 1000.0, s * 1_000_000);
        }
        assert_eq!(rate.per_second(), Some(1_000_000));
        assert_eq!(rate.seconds_left(2_500_000), Some(3));
        // It slows down: the window forgets the fast start.
        for s in 11..=20u64 {
            rate.sample(s as f64 * 1000.0, 10_000_000 + (s - 10) * 100_000);
        }
        assert_eq!(rate.per_second(), Some(100_000));
        let mut stalled = Rate::default();
        stalled.sample(0.0, 5);
        stalled.sample(2000.0, 5);
        assert_eq!(stalled.seconds_left(10), None);
    }

    #[test]
    fn outcomes() {
        assert!(Outcome::Verified.is_done());
        assert!(Outcome::NotVerifiable(Unverifiable::KmsEtag).is_done());
        assert!(!Outcome::Mismatch.is_done());
        assert!(Outcome::Mismatch.can_retry());
        assert!(!Outcome::Running.can_retry());
    }
}
