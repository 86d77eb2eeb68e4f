//! Files a runner made in picked folders and had not finished: what an ended runner (Forget) leaves half-made, for a fresh one to remove.

use super::engine::{FileId, JobId, Report};

/// The files made new and not yet given a final outcome, by file.
#[derive(Debug, Default)]
pub struct Leftovers {
    made: Vec<(FileId, JobId, Vec<String>)>,
}

impl Leftovers {
    /// The runner made `path` (below `job`'s picked folder) for `file`: it was not there before.
    pub fn made(&mut self, job: JobId, file: FileId, path: Vec<String>) {
        self.made.retain(|(f, ..)| *f != file);
        self.made.push((file, job, path));
    }

    /// What the engine reported: a file with a final outcome (kept, or removed by the runner
    /// itself) is no longer half-made, nor any file of a job that ended.
    pub fn heard(&mut self, report: &Report) {
        match report {
            Report::File { file, outcome, .. } if !outcome.is_under_way() => {
                self.made.retain(|(f, ..)| f != file);
            }
            Report::JobEnded { job, .. } => self.made.retain(|(_, j, _)| j != job),
            _ => {}
        }
    }

    /// The runner was ended: every file it had made and not finished, by job (in the order
    /// they were made).
    pub fn take(&mut self) -> Vec<(JobId, Vec<Vec<String>>)> {
        let mut left: Vec<(JobId, Vec<Vec<String>>)> = Vec::new();
        for (_, job, path) in std::mem::take(&mut self.made) {
            match left.iter_mut().find(|(j, _)| *j == job) {
                Some((_, paths)) => paths.push(path),
                None => left.push((job, vec![path])),
            }
        }
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::download_plan::Outcome;

    fn path(name: &str) -> Vec<String> {
        vec!["docs".to_owned(), name.to_owned()]
    }

    fn outcome(file: u64, outcome: Outcome) -> Report {
        Report::File {
            file: FileId(file),
            outcome,
            failure: None,
        }
    }

    #[test]
    fn only_files_made_and_unfinished_are_left() {
        let mut left = Leftovers::default();
        left.made(JobId(1), FileId(1), path("a"));
        left.made(JobId(1), FileId(2), path("b"));
        left.made(JobId(1), FileId(3), path("c"));
        left.made(JobId(2), FileId(4), path("d"));
        left.heard(&outcome(1, Outcome::Verified));
        left.heard(&outcome(2, Outcome::Cancelled));
        // Waiting for new keys, or still writing: half-made.
        left.heard(&outcome(3, Outcome::Paused));
        left.heard(&outcome(4, Outcome::Running));
        assert_eq!(
            left.take(),
            [(JobId(1), vec![path("c")]), (JobId(2), vec![path("d")])]
        );
        assert!(left.take().is_empty(), "taken once");
    }

    #[test]
    fn a_file_renamed_to_keep_both_is_left_under_the_name_it_was_made_with() {
        // The runner says the name it made: the user's own file of the first name is never
        // named, even if the rename's report never reached the page.
        let mut left = Leftovers::default();
        left.made(JobId(1), FileId(1), path("a (1).txt"));
        assert_eq!(left.take(), [(JobId(1), vec![path("a (1).txt")])]);
    }

    #[test]
    fn a_job_that_ended_leaves_nothing() {
        let mut left = Leftovers::default();
        left.made(JobId(1), FileId(1), path("a"));
        left.made(JobId(2), FileId(2), path("b"));
        left.heard(&Report::JobEnded {
            job: JobId(1),
            failure: None,
        });
        assert_eq!(left.take(), [(JobId(2), vec![path("b")])]);
    }

    #[test]
    fn files_never_made_are_never_named() {
        let mut left = Leftovers::default();
        left.heard(&outcome(9, Outcome::Running));
        assert!(left.take().is_empty());
    }
}
