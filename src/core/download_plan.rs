//! A folder download's plan and outcomes: which objects, where each lands (through the one sanitiser), totals.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

use time::OffsetDateTime;

use super::actions::Object;
use super::integrity::Unverifiable;
use super::nfc::Normalize;
use super::safe_path::{sanitize_segment, PathPlanner};

/// How the files of a download reach the computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveAs {
    /// Each file into a folder the user picks, several at a time (File System Access API).
    Folder,
    /// One ZIP, into the save dialog's file or streamed to the download manager.
    Zip,
    /// One file saved by the page, with progress, resume and checks.
    OneFile,
    /// One presigned download per file: the page has neither of the above (plain http).
    EachFile,
}

/// What a folder download does with a file of the same name already in the picked folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnExisting {
    /// Write over it.
    Replace,
    /// Keep it, and save the new one as "name (2).ext".
    KeepBoth,
    /// Keep it, and do not download this one.
    Skip,
}

/// What a download being prepared is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownloadOf {
    /// One folder (by name), its files landing directly in the picked folder.
    Folder(String),
    /// The rows the user checked, keeping their folder names.
    Selection,
}

impl DownloadOf {
    /// The name the ZIP is offered under, made safe like every name the page saves.
    pub fn zip_name(&self, bucket: &str) -> String {
        let name = match self {
            DownloadOf::Folder(name) => name,
            DownloadOf::Selection => bucket,
        };
        sanitize_segment(&format!("{}.zip", sanitize_segment(name)))
    }
}

/// What this browser, on this page, can do with a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Abilities {
    /// It can let the user pick a folder to write into.
    pub pick_folder: bool,
    /// It can stream bytes into one file: a save dialog, or a service worker's download.
    pub stream: bool,
}

/// The ways to deliver `files` files of `what`, best first: one checked file is saved by the
/// page; a folder or several files go into a folder or one ZIP; without either, one download per
/// file.
pub fn choices(what: &DownloadOf, files: usize, can: Abilities) -> Vec<SaveAs> {
    let mut ways = Vec::new();
    if files == 1 && *what == DownloadOf::Selection {
        if can.stream {
            ways.push(SaveAs::OneFile);
        }
    } else {
        if can.pick_folder {
            ways.push(SaveAs::Folder);
        }
        if can.stream {
            ways.push(SaveAs::Zip);
        }
    }
    if ways.is_empty() {
        ways.push(SaveAs::EachFile);
    }
    ways
}

/// Which of a long list of files to show (at most `most`, in list order): those that need the
/// user (failed, damaged, cancelled, paused) first, then those running, then the next waiting;
/// finished ones are only counted. All of them while there are few.
pub fn shown(outcomes: impl Iterator<Item = Outcome>, most: usize) -> Vec<usize> {
    let ranks: Vec<usize> = outcomes.map(|o| show_rank(&o)).collect();
    if ranks.len() <= most {
        return (0..ranks.len()).collect();
    }
    // How many of each shown rank fit, best first (three ranks: counted, not sorted; done
    // files are never shown).
    let mut room = most;
    let mut take = [0; 3];
    for (rank, n) in take.iter_mut().enumerate() {
        *n = ranks.iter().filter(|r| **r == rank).count().min(room);
        room -= *n;
    }
    // The first ones of each rank, in list order.
    let mut shown = Vec::with_capacity(most);
    for (i, rank) in ranks.into_iter().enumerate() {
        if let Some(left @ 1..) = take.get_mut(rank) {
            *left -= 1;
            shown.push(i);
        }
    }
    shown
}

/// How much a file's row matters on screen: 0 needs the user, 1 running, 2 waiting, 3 done.
fn show_rank(outcome: &Outcome) -> usize {
    match outcome {
        Outcome::Failed | Outcome::Mismatch | Outcome::Cancelled | Outcome::Paused => 0,
        Outcome::Running => 1,
        Outcome::Queued => 2,
        _ => 3,
    }
}

/// One checked row of a download: a whole folder (every key under the prefix), or a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pick {
    Folder(String),
    File { key: String, size: u64 },
}

/// One file of a folder download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedFile {
    pub key: String,
    /// Where it lands below the chosen folder; never outside it.
    pub path: Vec<String>,
    pub size: u64,
    pub modified: Option<OffsetDateTime>,
}

/// Every file under a prefix, each with its own safe, distinct path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderPlan {
    pub files: Vec<PlannedFile>,
    pub total_bytes: u64,
}

/// Plans the download of `objects` (a recursive listing of `base`): folder markers are skipped,
/// paths are relative to `base` and distinct, names compared in NFC by `normalize`.
pub fn plan_folder(objects: Vec<Object>, base: &str, normalize: Normalize) -> FolderPlan {
    let mut planner = PathPlanner::with_normalize(normalize);
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

/// What the transfers list adds up over its files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    /// Files finished (kept, or skipped).
    pub done_files: usize,
    /// Bytes written, and the bytes of every file listed.
    pub done_bytes: u64,
    pub bytes: u64,
    /// Bytes still to come: of the files still under way only (a failed, cancelled or
    /// skipped file brings nothing more, so it does not count in the time left).
    pub to_come: u64,
    /// Some file is running now (a rate means something).
    pub running: bool,
}

impl Totals {
    /// Sums `files`: each one's outcome, bytes written and size.
    pub fn of(files: impl IntoIterator<Item = (Outcome, u64, u64)>) -> Self {
        let mut t = Totals::default();
        for (outcome, done, size) in files {
            t.files += 1;
            t.done_files += usize::from(outcome.is_done());
            t.running |= outcome == Outcome::Running;
            t.done_bytes = t.done_bytes.saturating_add(done);
            t.bytes = t.bytes.saturating_add(size);
            if outcome.is_under_way() {
                t.to_come = t.to_come.saturating_add(size.saturating_sub(done));
            }
        }
        t
    }
}

/// One running file's own average rate, `done` of `size` bytes having come in `seconds`:
/// bytes per second and the seconds left, once it has run a second.
pub fn average_rate(done: u64, size: u64, seconds: f64) -> Option<(u64, Option<u64>)> {
    (seconds >= 1.0).then(|| {
        let per_second = (done as f64 / seconds) as u64;
        let left = (per_second > 0).then(|| size.saturating_sub(done).div_ceil(per_second));
        (per_second, left)
    })
}

/// Where one file of a transfer stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// A file of its name was already in the folder, and the user chose to keep that one.
    Skipped,
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
            Outcome::Skipped => "Skipped",
        }
    }

    /// Whether the file is finished, with nothing left to do: written and kept, or skipped
    /// because the folder already held a file of its name.
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            Outcome::Verified | Outcome::NotVerifiable(_) | Outcome::Skipped
        )
    }

    /// Whether the user may retry it (only a file in a folder can be tried again alone: a ZIP
    /// or a saved file is already closed).
    pub fn can_retry(&self, how: SaveAs) -> bool {
        how == SaveAs::Folder
            && matches!(
                self,
                Outcome::Mismatch | Outcome::Failed | Outcome::Cancelled
            )
    }

    /// Whether the user may cancel it: a queued file always; a begun one unless it is inside a
    /// ZIP (its entry is already streaming out).
    pub fn can_cancel(&self, how: SaveAs, begun: bool) -> bool {
        match self {
            Outcome::Queued => true,
            Outcome::Paused => how != SaveAs::Zip || !begun,
            Outcome::Running => how != SaveAs::Zip,
            _ => false,
        }
    }

    /// Whether the file is still under way: queued, running, or waiting for new keys.
    pub fn is_under_way(&self) -> bool {
        matches!(self, Outcome::Queued | Outcome::Running | Outcome::Paused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nfc::as_is;

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
            as_is,
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
            as_is,
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
        assert!(Outcome::Mismatch.can_retry(SaveAs::Folder));
        assert!(!Outcome::Mismatch.can_retry(SaveAs::Zip), "a ZIP is closed");
        assert!(!Outcome::Running.can_retry(SaveAs::Folder));
    }

    #[test]
    fn a_file_inside_a_zip_cannot_be_cancelled_once_it_streams() {
        assert!(Outcome::Queued.can_cancel(SaveAs::Zip, false));
        assert!(Outcome::Paused.can_cancel(SaveAs::Zip, false));
        assert!(!Outcome::Paused.can_cancel(SaveAs::Zip, true));
        assert!(!Outcome::Running.can_cancel(SaveAs::Zip, true));
        assert!(Outcome::Running.can_cancel(SaveAs::Folder, true));
        assert!(!Outcome::Verified.can_cancel(SaveAs::Folder, true));
    }

    #[test]
    fn under_way_is_queued_running_or_waiting_for_keys() {
        let under_way = [Outcome::Queued, Outcome::Running, Outcome::Paused];
        assert!(under_way.iter().all(Outcome::is_under_way));
        assert!(!Outcome::Cancelled.is_under_way() && !Outcome::Failed.is_under_way());
        assert!(!Outcome::Skipped.is_under_way() && !Outcome::Verified.is_under_way());
    }

    #[test]
    fn the_ways_follow_what_the_browser_can_do() {
        let both = Abilities {
            pick_folder: true,
            stream: true,
        };
        let folder = DownloadOf::Folder("docs".into());
        assert_eq!(choices(&folder, 3, both), [SaveAs::Folder, SaveAs::Zip]);
        assert_eq!(choices(&DownloadOf::Selection, 1, both), [SaveAs::OneFile]);
        assert_eq!(
            choices(&DownloadOf::Selection, 2, both),
            [SaveAs::Folder, SaveAs::Zip]
        );
        let stream_only = Abilities {
            pick_folder: false,
            stream: true,
        };
        assert_eq!(choices(&folder, 3, stream_only), [SaveAs::Zip]);
        assert_eq!(
            choices(&folder, 3, Abilities::default()),
            [SaveAs::EachFile]
        );
        assert_eq!(
            choices(&DownloadOf::Selection, 1, Abilities::default()),
            [SaveAs::EachFile]
        );
        assert_eq!(folder.zip_name("b"), "docs.zip");
        assert_eq!(DownloadOf::Selection.zip_name("b"), "b.zip");
        // A folder named with CR/LF, bidi marks or a device name: never a broken header or a
        // misleading name in the save dialog.
        let hostile = DownloadOf::Folder("a\r\nSet-Cookie: x\u{202E}piz.exe".into());
        assert_eq!(hostile.zip_name("b"), "aSet-Cookie_ xpiz.exe.zip");
        assert_eq!(DownloadOf::Folder("CON".into()).zip_name("b"), "_CON.zip");
        assert_eq!(
            DownloadOf::Folder("..".into()).zip_name("b"),
            "download.zip"
        );
    }

    #[test]
    fn a_long_list_shows_what_needs_the_user_then_what_runs() {
        let few = [Outcome::Verified, Outcome::Queued];
        assert_eq!(shown(few.into_iter(), 5), [0, 1]);
        let mut many = vec![Outcome::Verified; 10];
        many[7] = Outcome::Failed;
        many[2] = Outcome::Running;
        many[8] = Outcome::Queued;
        many[9] = Outcome::Queued;
        // Three places: the failed file, the running one, the first queued; in list order.
        assert_eq!(shown(many.into_iter(), 3), [2, 7, 8]);
    }

    #[test]
    fn the_time_left_counts_only_bytes_still_to_come() {
        let t = Totals::of([
            (Outcome::Verified, 100, 100),
            (Outcome::Running, 30, 100),
            (Outcome::Queued, 0, 50),
            (Outcome::Failed, 10, 1_000),
            (Outcome::Cancelled, 0, 1_000),
            (Outcome::Skipped, 0, 1_000),
        ]);
        assert_eq!((t.files, t.done_files), (6, 2), "kept and skipped are done");
        assert_eq!((t.done_bytes, t.bytes), (140, 3_250));
        assert_eq!(
            t.to_come,
            70 + 50,
            "failed, cancelled and skipped files bring nothing more"
        );
        assert!(t.running);
        assert!(!Totals::of([(Outcome::Paused, 0, 10)]).running);
        assert_eq!(average_rate(50, 100, 0.5), None, "not before a second");
        assert_eq!(average_rate(50, 100, 2.0), Some((25, Some(2))));
        assert_eq!(average_rate(0, 100, 2.0), Some((0, None)));
    }

    proptest::proptest! {
        /// The rows shown are the first `most` by (how much they matter, place in the list),
        /// given in list order.
        #[test]
        fn the_rows_shown_are_the_first_by_rank_then_place(
            kinds in proptest::collection::vec(0u8..6, 0..80),
            most in 0usize..40,
        ) {
            let all = [
                Outcome::Failed,
                Outcome::Paused,
                Outcome::Running,
                Outcome::Queued,
                Outcome::Verified,
                Outcome::Skipped,
            ];
            let outcomes: Vec<Outcome> = kinds.iter().map(|k| all[*k as usize].clone()).collect();
            let mut model: Vec<usize> = if outcomes.len() <= most {
                (0..outcomes.len()).collect()
            } else {
                let mut ranked: Vec<(usize, usize)> = outcomes
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (show_rank(o), i))
                    .filter(|(rank, _)| *rank < 3)
                    .collect();
                ranked.sort_unstable();
                ranked.into_iter().take(most).map(|(_, i)| i).collect()
            };
            model.sort_unstable();
            proptest::prop_assert_eq!(shown(outcomes.into_iter(), most), model);
        }
    }
}
