//! What the page and the runner's worker say to each other: intents one way, reports the other, as bytes (postcard) beside the handles a message carries.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::credentials::Credentials;
use super::engine::{Download, Event, FileId, JobId, Report};
use super::sts::Assume;

/// This build (a hash of its sources): the page and its worker must agree.
pub const BUILD: &str = env!("BUILD_ID");

/// The worker's first message, "this build is ready", as JSON text: the one message whose form
/// never changes, so that a page of any build (an earlier one spoke JSON throughout) reads it and
/// tells a worker of another build apart, however their other messages are written.
pub fn hello(build: &str) -> String {
    format!(r#"{{"Hello":{{"build":"{build}"}}}}"#)
}

/// The build a worker's first message names, if the text is one.
pub fn hello_build(text: &str) -> Option<&str> {
    text.strip_prefix(r#"{"Hello":{"build":""#)?
        .strip_suffix(r#""}}"#)
}

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

/// From the runner to the page, after its [`hello`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromRunner {
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
        let failure: crate::core::problem::Failure =
            crate::core::problem::Problem::AccessDenied.into();
        let from = FromRunner::Reports(vec![
            Report::Listed {
                listing: ListingId(3),
                end: crate::core::engine::End::Failed(failure),
            },
            Report::MfaCodeNeeded {
                expires_at: time::macros::datetime!(2026-12-07 14:05 UTC),
            },
        ]);
        assert_eq!(decode::<FromRunner>(&encode(&from).unwrap()), Some(from));
        // JSON (what a worker of an earlier build wrote) is not read as a message.
        assert_eq!(decode::<FromRunner>(br#"{"Stopped":"x"}"#), None);
    }

    #[test]
    fn the_first_message_reads_alike_in_every_build() {
        assert_eq!(BUILD.len(), 16);
        assert_eq!(
            hello("0123456789abcdef"),
            r#"{"Hello":{"build":"0123456789abcdef"}}"#
        );
        assert_eq!(hello_build(&hello(BUILD)), Some(BUILD));
        assert_eq!(hello_build(r#"{"Stopped":"x"}"#), None);
    }

    #[test]
    fn a_stopped_worker_s_words_are_these_bytes() {
        // The end-to-end test that fakes a worker's panic posts exactly these bytes
        // (tests/e2e/portal.test.mjs): a change of the message's layout must show here first.
        let mut bytes = vec![4, 16];
        bytes.extend_from_slice(b"panicked at test");
        assert_eq!(
            encode(&FromRunner::Stopped("panicked at test".into())),
            Some(bytes)
        );
    }
}
