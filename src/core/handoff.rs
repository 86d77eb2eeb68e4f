//! The rules of a download handed to the browser through the service worker: chunks only as the worker grants room, and a download the browser never takes is refused.

use super::problem::Problem;

/// How many seconds of the runner waiting on the download the download manager may take to ask
/// the service worker for it before the download counts as refused (it asks within a second
/// where it works at all). Counted in the runner's own one-second waits, not by the clock, so a
/// computer asleep meanwhile does not count.
pub const TAKEN_WITHIN_S: u32 = 20;

/// What the service worker's side of the channel said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// Room for one more chunk.
    Pull,
    /// The download manager asked for the download.
    Fetched,
    /// The download manager read the last byte.
    Delivered,
    /// The download was stopped in the browser (or the channel closed).
    Cancel,
}

/// What the runner waiting on the worker does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Go on (a chunk may have room now: see [`Handoff::take_credit`]).
    Wait,
    /// The download manager read the last byte: the file is the browser's.
    Delivered,
    /// Stop the download with this problem.
    Fail(Problem),
}

/// One download streamed through the service worker, as the runner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    credits: u32,
    fetched: bool,
    waited: u32,
}

impl Handoff {
    /// A download on which the worker has already granted `credits` chunks.
    pub fn new(credits: u32) -> Self {
        Handoff {
            credits,
            fetched: false,
            waited: 0,
        }
    }

    /// Takes room for one chunk, if the worker granted any.
    pub fn take_credit(&mut self) -> bool {
        if self.credits == 0 {
            return false;
        }
        self.credits -= 1;
        true
    }

    /// The worker's news while the runner waits: room for a chunk, the download asked for, the
    /// last byte read, or a stop.
    pub fn heard(&mut self, said: Said) -> Step {
        match said {
            Said::Pull => {
                self.credits += 1;
                Step::Wait
            }
            Said::Fetched => {
                self.fetched = true;
                Step::Wait
            }
            Said::Delivered => Step::Delivered,
            Said::Cancel => Step::Fail(Problem::StoppedInBrowser),
        }
    }

    /// A second of waiting went by with no news: a download never asked for within
    /// [`TAKEN_WITHIN_S`] of them is refused. Once asked for, the download manager may take as
    /// long as it likes (a download paused in the browser).
    pub fn second_passed(&mut self) -> Step {
        if self.fetched {
            return Step::Wait;
        }
        self.waited += 1;
        if self.waited >= TAKEN_WITHIN_S {
            Step::Fail(Problem::DownloadNotTaken)
        } else {
            Step::Wait
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_go_only_as_the_worker_grants_room() {
        let mut handoff = Handoff::new(2);
        assert!(handoff.take_credit());
        assert!(handoff.take_credit());
        assert!(!handoff.take_credit());
        assert_eq!(handoff.heard(Said::Pull), Step::Wait);
        assert!(handoff.take_credit());
        assert!(!handoff.take_credit());
    }

    #[test]
    fn a_download_never_asked_for_is_refused_after_twenty_seconds_of_waiting() {
        let mut handoff = Handoff::new(4);
        for _ in 1..TAKEN_WITHIN_S {
            assert_eq!(handoff.second_passed(), Step::Wait);
        }
        assert_eq!(
            handoff.second_passed(),
            Step::Fail(Problem::DownloadNotTaken)
        );
    }

    #[test]
    fn once_asked_for_the_download_manager_may_take_its_time() {
        let mut handoff = Handoff::new(4);
        for _ in 1..TAKEN_WITHIN_S {
            handoff.second_passed();
        }
        assert_eq!(handoff.heard(Said::Fetched), Step::Wait);
        for _ in 0..10 * TAKEN_WITHIN_S {
            assert_eq!(handoff.second_passed(), Step::Wait);
        }
        assert_eq!(handoff.heard(Said::Delivered), Step::Delivered);
    }

    #[test]
    fn a_download_stopped_in_the_browser_says_so() {
        let mut handoff = Handoff::new(0);
        assert_eq!(
            handoff.heard(Said::Cancel),
            Step::Fail(Problem::StoppedInBrowser)
        );
    }
}
