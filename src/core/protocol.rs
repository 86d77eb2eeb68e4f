//! What the page and the runner's worker say to each other: intents one way, reports the other, as bytes (postcard) beside the handles a message carries.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::credentials::Credentials;
use super::engine::{Download, Event, FileId, JobId, Report};
use super::sts::Assume;

/// This build (a hash of its sources): the page and its worker must agree.
pub const BUILD: &str = env!("BUILD_ID");

/// A message as the bytes `postMessage` carries: postcard, a compact binary form of the same
/// types (its reader is a fraction of JSON's code in each wasm). `None` only if it cannot be
/// written, which no message of these types is.
pub fn encode<T: Serialize>(message: &T) -> Option<Vec<u8>> {
    postcard::to_allocvec(message).ok()
}

/// A message from the bytes [`encode`] wrote; `None` for anything else (a worker of an earlier
/// build spoke JSON, which the page takes as another build).
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    postcard::from_bytes(bytes).ok()
}

/// From the page to the runner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToRunner {
    /// New keys: the runner holds them, and signs with them.
    UseKeys(Credentials),
    /// The runner drops its keys first, then stops everything that needs them.
    ForgetKeys,
    /// An intent of the user's (list, collect, cancel).
    Event(Event),
    /// A download, written where `to` says; the handle (or port) travels beside this message.
    Download { download: Download, to: Destination },
    /// Long-term keys to turn into temporary ones through STS (renewed while the page is open);
    /// the runner keeps them in memory until Forget.
    Assume(Assume),
    /// A fresh MFA code for the renewal the runner asked for.
    MfaCode(String),
    /// Files an ended worker had made and not finished (paths below the picked folder, whose
    /// `FileSystemDirectoryHandle` travels beside this message): each is removed, then
    /// [`FromRunner::RemovedLeft`] says so.
    RemoveLeft { id: u64, paths: Vec<Vec<String>> },
}

/// Where a download goes, as the page hands it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    /// A folder the user picked (its `FileSystemDirectoryHandle`).
    Folder,
    /// A file from the save dialog (its `FileSystemFileHandle`).
    File,
    /// The download manager, through the service worker (a `MessagePort`; the worker's stream
    /// has already granted `credits` chunks).
    Stream { credits: u32 },
}

/// From the runner to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromRunner {
    /// The runner is ready, from this build.
    Hello { build: String },
    /// What the engine reported during one turn of the worker, in order: one message per turn
    /// (a listing page, a file's end), not one per report.
    Reports(Vec<Report>),
    /// The runner's clock was corrected by this many milliseconds (S3 said it was off).
    ClockAdjusted(i64),
    /// The runner made `path` for `file` below `job`'s picked folder (it was not there before):
    /// if the runner is ended before the file's outcome, the page has it removed.
    Made {
        job: JobId,
        file: FileId,
        path: Vec<String>,
    },
    /// The files of [`ToRunner::RemoveLeft`] `id` are gone (until then, the page hands them to
    /// the next worker if this one is ended too).
    RemovedLeft(u64),
    /// The runner stopped (a panic), in its words.
    Stopped(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::ListingId;

    #[test]
    fn messages_survive_the_trip_both_ways() {
        let to = ToRunner::Event(Event::Cancel(ListingId(7)));
        assert_eq!(decode::<ToRunner>(&encode(&to).unwrap()), Some(to));
        let from = FromRunner::Hello {
            build: BUILD.to_owned(),
        };
        assert_eq!(decode::<FromRunner>(&encode(&from).unwrap()), Some(from));
        assert_eq!(BUILD.len(), 16);
        assert_eq!(decode::<FromRunner>(b"{\"Hello\":{\"build\":\"x\"}}"), None);
    }
}
