//! A folder download's plan and outcomes: which objects, where each lands (through the one sanitiser), totals.

use super::actions::Object;
use super::integrity::Unverifiable;
use super::safe_path::PathPlanner;

/// One file of a folder download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub key: String,
    /// Where it lands below the chosen folder; never outside it.
    pub path: Vec<String>,
    pub size: u64,
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
        })
        .collect();
    let total_bytes = files.iter().map(|f| f.size).sum();
    FolderPlan { files, total_bytes }
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
    fn outcomes() {
        assert!(Outcome::Verified.is_done());
        assert!(Outcome::NotVerifiable(Unverifiable::KmsEtag).is_done());
        assert!(!Outcome::Mismatch.is_done());
        assert!(Outcome::Mismatch.can_retry());
        assert!(!Outcome::Running.can_retry());
    }
}
