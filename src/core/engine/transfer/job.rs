//! A download job as the engine holds it: its files in order, how they are saved, and its phase.

use crate::core::bucket::Bucket;
use crate::core::download_plan::{OnExisting, SaveAs};
use crate::core::engine::existing::Existing;
use crate::core::engine::FileId;

/// A download in progress.
#[derive(Debug)]
pub(in crate::core::engine) struct Job {
    pub bucket: Bucket,
    pub(super) how: SaveAs,
    pub(super) files: Vec<FileId>,
    pub(super) can_start_over: bool,
    /// The file being written into the ZIP.
    pub(super) current: usize,
    pub(super) phase: Phase,
    /// The answer given for every file that meets one of its name, before any question.
    pub(super) on_existing: Option<OnExisting>,
    /// What the picked folder holds, once surveyed.
    pub(super) existing: Option<Existing>,
}

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// A [`Command::Survey`](crate::core::engine::Command::Survey) is out: no file starts before what is in the folder is known.
    Surveying,
    /// Files start as places free up.
    Running,
    /// A ZIP whose files wait for new keys: it opens nothing ahead.
    WaitingForKeys,
    /// No file starts again: the user cancelled, or (not `cancelled`) a file in the ZIP
    /// failed part-way and the ZIP cannot go on.
    Stopped { cancelled: bool },
    /// Every file is settled and a [`Command::EndJob`](crate::core::engine::Command::EndJob) is out.
    Ending,
}

impl Job {
    /// Files may start (or be opened ahead).
    pub(super) fn starts_files(&self) -> bool {
        matches!(self.phase, Phase::Running | Phase::WaitingForKeys)
    }

    pub(super) fn ending(&self) -> bool {
        self.phase == Phase::Ending
    }
}
