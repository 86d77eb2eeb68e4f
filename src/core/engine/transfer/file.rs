//! One file of a download as the engine holds it: its streams (the whole object, or parts), what its first answer showed, and where it stands.

use time::OffsetDateTime;

use crate::core::actions::GetObject;
use crate::core::bucket::Bucket;
use crate::core::download_plan::{Outcome, PlannedFile};
use crate::core::engine::stream::Stream;
use crate::core::engine::{Begin, Fetch, JobId, RequestId, Retries, Signing};
use crate::core::integrity::{Check, Unverifiable};
use crate::core::problem::Failure;
use crate::core::transfer_plan::Part;

/// One file of a job.
#[derive(Debug)]
pub(in crate::core::engine) struct File {
    pub job: JobId,
    pub(super) planned: PlannedFile,
    pub(super) state: State,
    /// Its streams: one for the whole object, or one per part.
    pub lanes: Vec<Lane>,
    /// The object as its first answer showed it.
    pub(super) check: Option<Result<Check, Unverifiable>>,
    pub(super) parts: Option<Parts>,
    /// A begin the next pump carries.
    pub(super) begin: Option<Begin>,
    /// The runner has its file (or ZIP entry).
    pub(super) begun: bool,
    /// The object changed: the next answer is a whole one, and the file begins again.
    pub(super) restarting: bool,
    pub(super) done: u64,
    pub(super) shown: Outcome,
    pub(super) failure: Option<Failure>,
    /// Stopped (`true`: cancelled) while its Close was out: a file in a folder is discarded
    /// once that Close comes back.
    pub(super) stop_asked: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    Queued,
    Going,
    /// A [`Command::Close`](crate::core::engine::Command::Close) is out.
    Closing,
    /// Stopping (cancelled, or failed): waits for its bodies to stop, then for a discard.
    Stopping {
        cancelled: bool,
        discarding: bool,
    },
    Settled,
}

/// A big object in parts.
#[derive(Debug)]
pub(super) struct Parts {
    /// When the first part's answer came (its speed decides the rest).
    pub(super) began: OffsetDateTime,
    pub(super) rest: Vec<Part>,
    pub(super) decided: bool,
    pub(super) side_by_side: bool,
}

/// One stream of a file.
#[derive(Debug, Default)]
pub(in crate::core::engine) struct Lane {
    /// `None` until the file's first answer says what the object is.
    pub(super) stream: Option<Stream>,
    pub retries: Retries,
    /// Its answer came ahead of its turn (a ZIP opens the next files early).
    pub(super) held: Option<RequestId>,
    pub(super) needs_keys: bool,
    pub(super) done: bool,
}

impl File {
    pub(super) fn new(job: JobId, planned: PlannedFile) -> Self {
        File {
            job,
            planned,
            state: State::Queued,
            lanes: Vec::new(),
            check: None,
            parts: None,
            begin: None,
            begun: false,
            restarting: false,
            done: 0,
            shown: Outcome::Queued,
            failure: None,
            stop_asked: None,
        }
    }

    pub(super) fn settled(&self) -> bool {
        self.state == State::Settled
    }

    /// The GET lane `lane` makes: the whole object (the first answer, or the object as it is
    /// now after it changed) with its checksum, else the rest of its stream.
    pub(super) fn fetch(
        &self,
        lane: usize,
        bucket: &Bucket,
        id: RequestId,
        signing: Signing,
    ) -> Option<Fetch> {
        let stream = self.lanes.get(lane)?.stream.as_ref();
        let get = GetObject::new(bucket, &self.planned.key);
        Some(match stream {
            Some(stream) if !self.restarting => {
                Fetch::open(id, signing, get.request()).range(Some(stream.range()))
            }
            _ => Fetch::open(id, signing, get.checksum_mode().request()),
        })
    }

    /// Stops it (`cancelled`: by the user): its lanes wait for nothing more. Whether its
    /// requests are to be aborted: not if it was settled or stopping already, nor while its
    /// Close is out (the runner holds the file: decided when the Close comes back).
    pub(super) fn stop(&mut self, cancelled: bool) -> bool {
        match self.state {
            State::Settled | State::Stopping { .. } => return false,
            State::Closing => {
                self.stop_asked.get_or_insert(cancelled);
                return false;
            }
            State::Queued | State::Going => {}
        }
        self.state = State::Stopping {
            cancelled,
            discarding: false,
        };
        for lane in &mut self.lanes {
            lane.retries.backoff = None;
            lane.needs_keys = false;
            lane.held = None;
        }
        true
    }

    pub(super) fn going(&self) -> bool {
        matches!(self.state, State::Going)
    }
}
