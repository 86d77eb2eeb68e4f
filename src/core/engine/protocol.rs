//! The engine's protocol: what the runner tells it ([`Event`]), what it asks the runner to do ([`Command`], [`Fetch`]), and what the view is told ([`Report`]).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::check::{CheckId, Findings};
use super::delivery::Link;
use super::existing::{Found, Question};
use super::index::{Rows, Window};
use super::preview::{PreviewBody, PreviewId, PreviewKind, Source};
use crate::core::bucket::Bucket;
use crate::core::download::download_lifetime;
use crate::core::download_plan::{FolderPlan, OnExisting, Outcome, Pick, PlannedFile, SaveAs};
use crate::core::integrity::{Check, Checksums};
use crate::core::order::Sort;
use crate::core::problem::Failure;
use crate::core::signing::Request;
use crate::core::sts::Granted;

/// The most bytes of a listing page the page reads: a page of 1,000 keys of 1,024 bytes, each
/// percent-encoded, is well under 8 MiB.
pub const LISTING_CAP: u64 = 8 << 20;
/// The most bytes of an error answer the page reads (S3's are well under 2 KB).
pub const ERROR_CAP: u64 = 64 << 10;
/// The longest a body read whole may take, from the request to its last byte.
pub const DEADLINE: Duration = Duration::from_secs(60);
/// A body read whole must keep a pace: once its headers came, each [`PACE_BYTES`] within this
/// long, else it is given up as timed out (a server trickling a byte a second would otherwise
/// hold each attempt for the whole [`DEADLINE`]). Any working link is far faster: 1 KiB in 10 s
/// is 0.1 KB/s.
pub const PACE: Duration = Duration::from_secs(10);
pub const PACE_BYTES: u64 = 1 << 10;

/// Keys as the engine knows them: which (the runner holds the secrets) and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keys {
    pub id: KeysId,
    pub expires_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct KeysId(pub u64);

/// A listing, named by the view that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ListingId(pub u64);

/// A share link, named by the view that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ShareId(pub u64);

/// One request the engine asked the runner to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RequestId(pub u64);

/// What happened: an intent of the user's, or what a request brought.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// New keys are in use (pasted, typed or restored from the tab).
    Keys(Keys),
    /// The keys are gone (Forget, or they expired): everything stops, nothing is signed again.
    ForgetKeys,
    /// List one folder level of `prefix` for the screen — or every key below it
    /// (`recursive`, rows named by their path below `prefix`) — sorted by `sort`; its rows replace
    /// those shown before.
    List {
        id: ListingId,
        bucket: Bucket,
        prefix: String,
        /// The folder the keys were given for.
        start: String,
        sort: Sort,
        recursive: bool,
    },
    /// The view shows the rows from `first` (in the filtered, sorted order), `count` of them.
    View {
        listing: ListingId,
        first: usize,
        count: usize,
    },
    /// Show only the rows whose name holds this text (empty: all).
    Filter {
        listing: ListingId,
        text: String,
    },
    Sort {
        listing: ListingId,
        sort: Sort,
    },
    /// Select (`on`) or unselect rows of the listing shown.
    Select {
        listing: ListingId,
        rows: Rows,
        on: bool,
    },
    /// List what the selected rows of `from` take for a download (as [`Event::Collect`]).
    CollectSelected {
        id: ListingId,
        from: ListingId,
    },
    /// Show a file (`size` bytes) in the page, ending the preview before.
    Preview {
        id: PreviewId,
        bucket: Bucket,
        key: String,
        size: u64,
    },
    /// The view closed a preview.
    ClosePreview(PreviewId),
    /// Count the files below `prefix` at every depth and sum their sizes ("folder facts").
    Count {
        id: ListingId,
        bucket: Bucket,
        prefix: String,
    },
    /// A link anyone can download `key` with, for `lifetime` (kept within the keys and 7 days).
    Share {
        id: ShareId,
        bucket: Bucket,
        key: String,
        lifetime: Duration,
    },
    /// List what a download takes: files as they are, folders at every depth; paths relative to `base`.
    Collect {
        id: ListingId,
        bucket: Bucket,
        base: String,
        picks: Vec<Pick>,
    },
    /// Stop one listing; its rows so far stay.
    Cancel(ListingId),
    /// Check setup: whether `bucket` answers this page as it needs, from a listing of `prefix`
    /// and the first byte of a file in it.
    Check {
        id: CheckId,
        bucket: Bucket,
        prefix: String,
    },
    /// Download these files (the runner holds where they go).
    Download(Download),
    /// Stop one file: queued, it never starts; begun, nothing of it is kept.
    CancelFile(FileId),
    /// The user's answer to [`Report::Exists`] about `file`: for it, or (`all`) for every file
    /// of the download that meets one of its name. An answer to a question no longer open is
    /// dropped.
    OnExisting {
        job: JobId,
        file: FileId,
        choice: OnExisting,
        all: bool,
    },
    /// Stop every transfer; files not finished are not kept.
    CancelTransfers,
    /// Hand these files to the browser's download manager, one after another, each by a
    /// presigned link checked first.
    Deliver {
        job: JobId,
        bucket: Bucket,
        links: Vec<Link>,
    },
    /// A request got a whole answer (its body read under the cap, before the deadline); for an
    /// object, a refusal (its error body read under the cap).
    Answered {
        request: RequestId,
        answer: Answer,
    },
    /// A request got no usable answer.
    NoAnswer {
        request: RequestId,
        why: NoAnswer,
    },
    /// An object's answer came (2xx): its body waits, unread, for a [`Command::Pump`].
    Opened {
        request: RequestId,
        head: Head,
    },
    /// This many more bytes of a pumped body were written.
    Pumped {
        request: RequestId,
        bytes: u64,
    },
    /// A pumped body stopped (always said, aborted or not).
    BodyEnded {
        request: RequestId,
        end: BodyEnd,
    },
    /// The runner looked into the picked folder (after a [`Command::Survey`]): what is there.
    Surveyed {
        job: JobId,
        found: Vec<Found>,
    },
    /// A file was closed (with the check's verdict: `None` when nothing was checked) or discarded.
    Closed {
        file: FileId,
        result: Result<Option<bool>, Failure>,
    },
    /// A job's output (a ZIP, a saved file) was finished or given up.
    JobClosed {
        job: JobId,
        result: Result<(), Failure>,
    },
    /// The time the engine asked to be woken has come.
    Wake,
    /// The commands before a [`Command::Defer`] have been carried out (the requests are on
    /// their way): the engine does the work it put off.
    Resume,
}

/// A whole answer: status, the exposed headers that matter, the body as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub date: Option<String>,
    pub bucket_region: Option<String>,
    pub request_id: Option<String>,
    /// The headers an object's answer carries, as far as the bucket's CORS rule lets the page
    /// read them (Check setup looks at them).
    pub etag: Option<String>,
    pub content_range: Option<String>,
    /// Some `x-amz-checksum-*` header was readable.
    pub checksum: bool,
}

/// Why a request has no answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoAnswer {
    /// The browser said only `TypeError` (CORS, network, DNS), in its words.
    Network(String),
    /// The answer's headers came, then its body broke off (a connection cut, a body shorter
    /// than its `Content-Length`), in the browser's words: the server is reachable.
    Cut(String),
    /// No whole answer before the deadline: the runner aborted it.
    TimedOut,
    /// The body was larger than the cap: the runner stopped reading.
    TooLarge,
    /// The runner no longer holds the keys the request was to be signed with.
    KeysGone,
    /// The page could not make the request at all (signing failed), in its words.
    Local(String),
}

/// What the runner is to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Fetch(Fetch),
    /// Stop a request (its answer, if one still comes, is not reported; a pumped body still
    /// says [`Event::BodyEnded`]).
    Abort(RequestId),
    /// Write an opened object's body into its file.
    Pump(Pump),
    /// Look into the picked folder, in these folders below it (those that exist), and say
    /// what is there ([`Event::Surveyed`]).
    Survey {
        job: JobId,
        folders: Vec<Vec<String>>,
    },
    /// Close (or discard) one file.
    Close(Close),
    /// Finish (`keep`) or give up a job's output; say [`Event::JobClosed`].
    EndJob {
        job: JobId,
        keep: bool,
    },
    /// The URL this request was signed for checked out: tell the page to hand it to the
    /// browser as `name` (the engine never sees a URL: it carries the keys).
    HandOver {
        request: RequestId,
        job: JobId,
        name: String,
    },
    /// Add this many milliseconds to the clock that signs (S3 said ours is off).
    AdjustClock(i64),
    /// Carry out the other commands, then say [`Event::Resume`] on a later turn (the engine
    /// parses listing pages there, while the next page is on its way).
    Defer,
    /// Sign `request` as a share link and report it ([`Report::Shared`]) as working until `until`.
    Share {
        id: ShareId,
        signing: Signing,
        request: Request,
        until: OffsetDateTime,
    },
    /// Report the preview's URL ([`Report::Preview`]), made from `source`.
    ShowPreview {
        preview: PreviewId,
        kind: PreviewKind,
        source: Source,
    },
    /// A preview's URL is no longer shown: a `blob:` URL is revoked, its bytes let go.
    ReleasePreview(PreviewId),
    Report(Report),
}

/// One GET to make: read whole, or (an object) opened and its body kept for a [`Command::Pump`].
#[derive(Debug, Clone, PartialEq)]
pub struct Fetch {
    pub id: RequestId,
    /// Presigned with these keys for this region; `None` for a plain GET of the page's own server.
    pub signing: Option<Signing>,
    pub request: Request,
    /// The `Range` header (sent unsigned: presigned URLs sign the host only).
    pub range: Option<String>,
    /// An object: a 2xx answer is reported as [`Event::Opened`], its body kept; the deadline
    /// covers the headers only.
    pub open: bool,
    /// The runner keeps the signed URL until the answer is in, for a [`Command::HandOver`].
    pub keep_url: bool,
    /// A successful body is kept by the runner as bytes of this type (for a
    /// [`Command::ShowPreview`]); the engine gets an empty body.
    pub keep: Option<&'static str>,
    /// Bytes read of a successful answer at most (0: the body is not read); over it, `TooLarge`.
    pub cap: u64,
    /// Bytes read of a failed answer at most (the rest is dropped, not an error).
    pub error_cap: u64,
    /// From the request to the last byte read; past it, `TimedOut`.
    pub deadline: Duration,
}

impl Fetch {
    /// A GET read whole: its body up to `cap` bytes (a refusal's up to [`ERROR_CAP`]), all within
    /// [`DEADLINE`].
    pub(super) fn read(
        id: RequestId,
        signing: Option<Signing>,
        request: Request,
        cap: u64,
    ) -> Self {
        Fetch {
            id,
            signing,
            request,
            range: None,
            open: false,
            keep_url: false,
            keep: None,
            cap,
            error_cap: ERROR_CAP,
            deadline: DEADLINE,
        }
    }

    /// An object opened: a 2xx answer's body is kept for [`Command::Pump`]s, and the deadline
    /// covers its headers only.
    pub(super) fn open(id: RequestId, signing: Signing, request: Request) -> Self {
        Fetch {
            open: true,
            ..Fetch::read(id, Some(signing), request, 0)
        }
    }

    /// Only part of the object: `bytes=…`.
    pub(super) fn range(self, range: Option<String>) -> Self {
        Fetch { range, ..self }
    }

    /// The runner keeps the signed URL for a [`Command::HandOver`].
    pub(super) fn keep_url(self) -> Self {
        Fetch {
            keep_url: true,
            ..self
        }
    }

    /// A successful body stays with the runner as bytes of type `mime` (if any).
    pub(super) fn keep(self, mime: Option<&'static str>) -> Self {
        Fetch { keep: mime, ..self }
    }

    /// Only the answer's status and headers matter: no body is read, even a refusal's.
    pub(super) fn headers_only(self) -> Self {
        Fetch {
            cap: 0,
            error_cap: 0,
            ..self
        }
    }
}

/// How a request is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    pub keys: KeysId,
    pub region: String,
    /// How long the presigned URL lives: never beyond the keys.
    pub lifetime: Duration,
}

impl Signing {
    /// Signed with `keys` for `bucket`'s region, living until the keys expire but no longer than
    /// `most`.
    pub(super) fn new(keys: Keys, bucket: &Bucket, now: OffsetDateTime, most: Duration) -> Self {
        Signing {
            keys: keys.id,
            region: bucket.signing_region().to_owned(),
            lifetime: download_lifetime(keys.expires_at, now).min(most),
        }
    }
}

/// What the view is told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Report {
    /// The rows of the listing shown that the view asked for, and the counts around them.
    Window { listing: ListingId, window: Window },
    /// A listing ended.
    Listed { listing: ListingId, end: End },
    /// What a preview shows, or why there is none.
    Preview {
        id: PreviewId,
        result: Result<PreviewBody, Failure>,
    },
    /// Files counted below a folder so far, and their bytes (the end comes as [`Report::Listed`]).
    Facts {
        listing: ListingId,
        files: u64,
        bytes: u64,
    },
    /// A collect job is done: the files a download takes, each with its safe path.
    Planned {
        listing: ListingId,
        plan: FolderPlan,
    },
    /// What Check setup found.
    Checked { id: CheckId, findings: Findings },
    /// S3 named the bucket's region (remember it for the next requests).
    Region { bucket: String, region: String },
    /// Where one file of a download stands.
    File {
        file: FileId,
        outcome: Outcome,
        failure: Option<Failure>,
    },
    /// Bytes of a file written so far (back to 0 when it started over).
    Progress { file: FileId, done: u64 },
    /// The object changed during its transfer: the file began again.
    Restarted { file: FileId },
    /// A file would land where the picked folder already holds one of its name: the view asks
    /// what to do (answered with [`Event::OnExisting`]); `None`: no question is open.
    Exists {
        job: JobId,
        question: Option<Question>,
    },
    /// "Keep both": the file lands on this path instead.
    Renamed { file: FileId, path: Vec<String> },
    /// A job is over; `failure` when its output (a ZIP) could not be finished.
    JobEnded {
        job: JobId,
        failure: Option<Failure>,
    },
    /// S3 (or the clock) said these keys ran out: the view drops them and says so.
    KeysRanOut { keys: KeysId },
    /// Said by the runner: hand this link to the browser's download manager as `name`.
    Deliver {
        job: JobId,
        url: String,
        name: String,
    },
    /// Said by the runner: the share link asked for, or why there is none.
    Shared {
        id: ShareId,
        result: Result<SharedLink, Failure>,
    },
    /// Said by the runner: the temporary keys STS gave the page (at first, or renewed), or why
    /// there are none.
    Assumed { result: Result<Granted, Failure> },
    /// Said by the runner: the keys are due to be renewed and the role wants a fresh MFA code,
    /// before the keys expire at `expires_at`.
    MfaCodeNeeded { expires_at: OffsetDateTime },
    /// A delivery ended: `handed` links were handed over; `failure` says why it stopped early.
    Delivered {
        job: JobId,
        handed: usize,
        failure: Option<Failure>,
    },
}

/// A signed link to one object, and until when it works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedLink {
    pub url: String,
    pub until: OffsetDateTime,
}

/// How a listing ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum End {
    /// Every page came: `count` rows.
    Done {
        count: usize,
    },
    Cancelled,
    Failed(Failure),
    /// Access was denied above the folder the keys were given for: a note, not an error.
    OutsideScope,
}

/// A download, named by the view that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct JobId(pub u64);

/// One file of a download, named by the view (unique in the page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FileId(pub u64);

/// Files to download, and how: into a folder, one ZIP, or one saved file (the runner holds
/// where they go).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Download {
    pub job: JobId,
    pub how: SaveAs,
    pub bucket: Bucket,
    pub files: Vec<(FileId, PlannedFile)>,
    /// Whether what was written can be taken back when an object changes mid-transfer (a file:
    /// yes; a ZIP or the download manager: no).
    pub can_start_over: bool,
    /// Into a folder: what to do with a file of the same name already there (`None`: ask at the
    /// first one; `Replace` does not look).
    pub existing: Option<OnExisting>,
}

impl Download {
    /// `files` saved as `how`; `into_file`: one file goes into a file the page holds (the save
    /// dialog's), which it can make empty again — the download manager cannot take bytes back,
    /// nor can a ZIP already streamed.
    pub fn new(
        job: JobId,
        how: SaveAs,
        bucket: Bucket,
        files: Vec<(FileId, PlannedFile)>,
        into_file: bool,
    ) -> Self {
        let can_start_over = match how {
            SaveAs::Folder => true,
            SaveAs::OneFile => into_file,
            SaveAs::Zip | SaveAs::EachFile => false,
        };
        Download {
            job,
            how,
            bucket,
            files,
            can_start_over,
            existing: None,
        }
    }

    /// One file of a folder download tried again, into the same folder. A file that had
    /// `begun` was meant to be written there (it met nothing, or the user said Replace): it
    /// replaces what it left; one stopped before it began still asks.
    pub fn retry(job: JobId, bucket: Bucket, file: (FileId, PlannedFile), begun: bool) -> Self {
        Download {
            existing: begun.then_some(OnExisting::Replace),
            ..Download::new(job, SaveAs::Folder, bucket, vec![file], true)
        }
    }
}

/// The headers of an object's answer that the engine reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub content_length: Option<u64>,
    pub content_range: Option<String>,
    /// The ETag and checksums.
    pub checksums: Checksums,
}

/// How a pumped body stopped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BodyEnd {
    /// It ended, or the bytes asked for are written.
    Done,
    /// The connection was cut, stalled, or the request aborted.
    Cut,
    /// The file (or the download) would not take the bytes.
    Sink(Failure),
}

/// Write an opened body into its file: `limit` bytes at most, from `at` in the object.
#[derive(Debug, Clone, PartialEq)]
pub struct Pump {
    pub request: RequestId,
    pub job: JobId,
    pub file: FileId,
    pub at: u64,
    pub limit: u64,
    /// Parts run side by side: each gathers less before writing.
    pub side_by_side: bool,
    /// The file's first bytes (or first again): make its file or ZIP entry first.
    pub begin: Option<Begin>,
}

/// What the runner needs to begin a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Begin {
    /// Where it lands below the picked folder (or its name in the ZIP).
    pub path: Vec<String>,
    pub modified: Option<OffsetDateTime>,
    pub size: u64,
    /// The check its bytes are run through as they stream (none for parts: read back at the end).
    pub check: Option<Check>,
    /// The object changed: drop what was written and begin again.
    pub again: bool,
}

/// Close one file (or ZIP entry, or the one saved file).
#[derive(Debug, Clone, PartialEq)]
pub struct Close {
    pub job: JobId,
    pub file: FileId,
    pub how: Closing,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Closing {
    /// Keep it if the check run while it streamed matches (or there was none).
    Keep,
    /// Close it, read it back through this check, and remove it if it does not match (parts).
    ReadBack(Check),
    /// Drop what was written.
    Discard,
}
