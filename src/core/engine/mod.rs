//! The engine: every rule of listings as a state machine — events and the time in, commands out, no I/O (as quinn-proto).
//!
//! The runner feeds it the user's intents and what its requests brought ([`Event`]), with the
//! corrected clock, and carries out what it hands back ([`Command`]): sign and fetch this, abort
//! that, correct the clock, tell the view this. [`Engine::poll_timeout`] says when it next wants
//! to be woken (a backoff). The engine never holds a secret: keys are known by their [`KeysId`]
//! and expiry; the runner holds them and signs.

pub mod limit;
pub mod listing;
pub mod stream;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use time::OffsetDateTime;

use self::limit::Limit;
use self::listing::{Kind, Listing, Step};
use super::actions::ListObjectsV2;
use super::bucket::Bucket;
use super::download::LISTING_LIFETIME;
use super::listing::{FileRow, FolderRow};
use super::problem::{classify, parse_http_time, Failure, Problem, ResponseHints};
use super::retry::Next;
use super::signing::Request;
use super::transfers::{plan_folder, FolderPlan, Target};

/// The most bytes of a listing page the page reads: a page of 1,000 keys of 1,024 bytes, each
/// percent-encoded, is well under 8 MiB.
pub const LISTING_CAP: u64 = 8 << 20;
/// The most bytes of an error answer the page reads (S3's are well under 2 KB).
pub const ERROR_CAP: u64 = 64 << 10;
/// The longest a body read whole may take, from the request to its last byte.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// Keys as the engine knows them: which (the runner holds the secrets) and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keys {
    pub id: KeysId,
    pub expires_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeysId(pub u64);

/// A listing, named by the view that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ListingId(pub u64);

/// One request the engine asked the runner to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId(pub u64);

/// What happened: an intent of the user's, or what a request brought.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// New keys are in use (pasted, typed or restored from the tab).
    Keys(Keys),
    /// The keys are gone (Forget, or they expired): everything stops, nothing is signed again.
    ForgetKeys,
    /// List one folder level of `prefix` for the screen.
    List {
        id: ListingId,
        bucket: Bucket,
        prefix: String,
        /// The folder the keys were given for.
        start: String,
    },
    /// List what a download takes: files as they are, folders at every depth; paths relative to `base`.
    Collect {
        id: ListingId,
        bucket: Bucket,
        base: String,
        targets: Vec<Target>,
    },
    /// Stop one listing; its rows so far stay.
    Cancel(ListingId),
    /// A request got a whole answer (its body read under the cap, before the deadline).
    Answered { request: RequestId, answer: Answer },
    /// A request got no usable answer.
    NoAnswer { request: RequestId, why: NoAnswer },
    /// The time the engine asked to be woken has come.
    Wake,
}

/// A whole answer: status, the exposed headers that matter, the body as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub date: Option<String>,
    pub bucket_region: Option<String>,
    pub request_id: Option<String>,
}

/// Why a request has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoAnswer {
    /// The browser said only `TypeError` (CORS, network, DNS), in its words.
    Network(String),
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
    /// Stop a request (its answer, if one still comes, is not reported).
    Abort(RequestId),
    /// Add this many milliseconds to the clock that signs (S3 said ours is off).
    AdjustClock(i64),
    Report(Report),
}

/// One GET to make and read whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetch {
    pub id: RequestId,
    /// Presigned with these keys for this region; `None` for a plain GET of the page's own server.
    pub signing: Option<Signing>,
    pub request: Request,
    /// Bytes read of a successful answer at most (0: the body is not read); over it, `TooLarge`.
    pub cap: u64,
    /// Bytes read of a failed answer at most (the rest is dropped, not an error).
    pub error_cap: u64,
    /// From the request to the last byte read; past it, `TimedOut`.
    pub deadline: Duration,
}

/// How a request is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    pub keys: KeysId,
    pub region: String,
    /// How long the presigned URL lives: never beyond the keys.
    pub lifetime: Duration,
}

/// What the view is told.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// Rows of a listing on screen, in the order S3 sent them: appended to those already shown.
    Rows {
        listing: ListingId,
        folders: Vec<FolderRow>,
        files: Vec<FileRow>,
    },
    /// A listing ended.
    Listed { listing: ListingId, end: End },
    /// A collect job is done: the files a download takes, each with its safe path.
    Planned {
        listing: ListingId,
        plan: FolderPlan,
    },
    /// S3 named the bucket's region (remember it for the next requests).
    Region { bucket: String, region: String },
}

/// How a listing ended.
#[derive(Debug, Clone, PartialEq)]
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

/// What a request is for.
#[derive(Debug, Clone)]
enum Purpose {
    /// The listing's next page.
    Page,
    /// The page's own server's `Date`, because S3 said the clock is off without saying its time.
    ReferenceTime {
        failure: Failure,
        signed_at: OffsetDateTime,
    },
}

#[derive(Debug, Clone)]
struct Pending {
    listing: ListingId,
    purpose: Purpose,
    /// The corrected time it was signed at (once started).
    signed_at: Option<OffsetDateTime>,
}

/// Every listing in progress, the requests they asked for, and the keys in use.
#[derive(Debug, Default)]
pub struct Engine {
    keys: Option<Keys>,
    listings: BTreeMap<ListingId, Listing>,
    requests: BTreeMap<RequestId, Pending>,
    limit: Limit,
    /// Bucket URLs that answered this page at least once: a `TypeError` there is a dropped
    /// connection, not a missing CORS rule.
    reached: BTreeSet<String>,
    next_request: u64,
    out: Vec<Command>,
}

impl Engine {
    pub fn new() -> Self {
        Engine::default()
    }

    /// Takes one event at `now` (the corrected clock) and hands back what to do.
    pub fn on(&mut self, event: Event, now: OffsetDateTime) -> Vec<Command> {
        match event {
            Event::Keys(keys) => self.keys = Some(keys),
            Event::ForgetKeys => {
                self.keys = None;
                let all: Vec<ListingId> = self.listings.keys().copied().collect();
                for id in all {
                    self.end(id, End::Cancelled);
                }
            }
            Event::List {
                id,
                bucket,
                prefix,
                start,
            } => self.begin(id, Listing::browse(bucket, prefix, start)),
            Event::Collect {
                id,
                bucket,
                base,
                targets,
            } => self.begin(id, Listing::collect(bucket, base, targets)),
            Event::Cancel(id) => self.end(id, End::Cancelled),
            Event::Answered { request, answer } => self.answered(request, answer, now),
            Event::NoAnswer { request, why } => self.no_answer(request, why, now),
            Event::Wake => {}
        }
        self.wake_due(now);
        self.start_waiting(now);
        std::mem::take(&mut self.out)
    }

    /// When the engine next wants an [`Event::Wake`], if it waits for anything.
    pub fn poll_timeout(&self) -> Option<OffsetDateTime> {
        self.listings.values().filter_map(|l| l.backoff).min()
    }

    /// Whether `bucket` has answered this page (so a `TypeError` there now is a dropped
    /// connection, not a missing CORS rule).
    pub fn has_reached(&self, bucket: &Bucket) -> bool {
        self.reached.contains(&bucket.bucket_url())
    }

    /// Requests holding a place under the limit.
    pub fn in_flight(&self) -> usize {
        self.limit.in_flight()
    }

    fn begin(&mut self, id: ListingId, listing: Listing) {
        // The same id again replaces the old listing.
        self.end_quietly(id);
        let pages = listing.has_pages();
        self.listings.insert(id, listing);
        if pages {
            self.ask(id, Purpose::Page);
        } else {
            let count = self.listings.get(&id).map_or(0, |l| l.count);
            self.end(id, End::Done { count });
        }
    }

    fn ask(&mut self, listing: ListingId, purpose: Purpose) {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        self.requests.insert(
            id,
            Pending {
                listing,
                purpose,
                signed_at: None,
            },
        );
        self.limit.ask(id);
    }

    /// Starts what waits for a place, while there is one.
    fn start_waiting(&mut self, now: OffsetDateTime) {
        while let Some(id) = self.limit.next_to_start() {
            let Some(pending) = self.requests.get_mut(&id) else {
                self.limit.release(id);
                continue;
            };
            pending.signed_at = Some(now);
            let (listing_id, purpose) = (pending.listing, pending.purpose.clone());
            let Some(listing) = self.listings.get(&listing_id) else {
                self.forget_request(id);
                continue;
            };
            let fetch = match purpose {
                Purpose::Page => {
                    // Nothing is signed with keys that are gone or have run out.
                    let keys = match self.keys {
                        Some(keys) if keys.expires_at.is_none_or(|at| at > now) => keys,
                        Some(_) => {
                            self.forget_request(id);
                            self.end(listing_id, End::Failed(Problem::KeysExpired.into()));
                            continue;
                        }
                        None => {
                            self.forget_request(id);
                            self.end(listing_id, End::Cancelled);
                            continue;
                        }
                    };
                    let until_expiry = keys
                        .expires_at
                        .map(|at| Duration::from_secs((at - now).whole_seconds().max(1) as u64));
                    Fetch {
                        id,
                        signing: Some(Signing {
                            keys: keys.id,
                            region: listing.bucket.signing_region().to_owned(),
                            lifetime: until_expiry
                                .map_or(LISTING_LIFETIME, |left| left.min(LISTING_LIFETIME)),
                        }),
                        request: listing.request(),
                        cap: LISTING_CAP,
                        error_cap: ERROR_CAP,
                        deadline: DEADLINE,
                    }
                }
                Purpose::ReferenceTime { .. } => Fetch {
                    id,
                    signing: None,
                    request: Request::get("./".to_owned()),
                    cap: 0,
                    error_cap: 0,
                    deadline: DEADLINE,
                },
            };
            self.out.push(Command::Fetch(fetch));
        }
    }

    fn forget_request(&mut self, id: RequestId) {
        self.requests.remove(&id);
        self.limit.release(id);
    }

    /// Takes `id` out of the books; the listing it served, if still going, and the time it was
    /// signed at.
    fn settle(&mut self, id: RequestId) -> Option<(ListingId, Purpose, OffsetDateTime)> {
        let pending = self.requests.remove(&id)?;
        self.limit.release(id);
        let signed_at = pending.signed_at?;
        self.listings.contains_key(&pending.listing).then_some((
            pending.listing,
            pending.purpose,
            signed_at,
        ))
    }

    fn answered(&mut self, request: RequestId, answer: Answer, now: OffsetDateTime) {
        let Some((id, purpose, signed_at)) = self.settle(request) else {
            return;
        };
        let Some(listing) = self.listings.get(&id) else {
            return;
        };
        match purpose {
            Purpose::ReferenceTime {
                mut failure,
                signed_at,
            } => {
                failure.problem = Problem::ClockSkew {
                    server_time: answer.date.as_deref().and_then(parse_http_time),
                };
                self.failed(id, failure, signed_at, now);
            }
            Purpose::Page => {
                // An answer, even a refusal, shows the bucket is reachable from this page.
                self.reached.insert(listing.bucket.bucket_url());
                if (200..300).contains(&answer.status) {
                    match ListObjectsV2::parse_response(&answer.body) {
                        Ok(page) => self.page(id, page),
                        Err(e) => self.end(
                            id,
                            End::Failed(Failure::local(format!("unreadable listing: {e}"))),
                        ),
                    }
                } else {
                    let hints = ResponseHints {
                        bucket_region: answer.bucket_region.as_deref(),
                        date: answer.date.as_deref(),
                        request_id: answer.request_id.as_deref(),
                    };
                    let failure = classify(answer.status, &answer.body, &hints);
                    self.failed(id, failure, signed_at, now);
                }
            }
        }
    }

    fn no_answer(&mut self, request: RequestId, why: NoAnswer, now: OffsetDateTime) {
        let Some((id, purpose, signed_at)) = self.settle(request) else {
            return;
        };
        match purpose {
            // The page's own server did not say its time either: S3's answer stands.
            Purpose::ReferenceTime { failure, signed_at } => {
                self.failed(id, failure, signed_at, now)
            }
            Purpose::Page => {
                let reached = self
                    .listings
                    .get(&id)
                    .is_some_and(|l| self.reached.contains(&l.bucket.bucket_url()));
                let failure = match why {
                    NoAnswer::Network(words) => Failure {
                        message: Some(words),
                        ..Failure::no_answer(reached)
                    },
                    NoAnswer::TimedOut => Problem::TimedOut.into(),
                    NoAnswer::TooLarge => Failure {
                        message: Some(format!("over {} MiB", LISTING_CAP >> 20)),
                        ..Problem::TooLarge.into()
                    },
                    NoAnswer::KeysGone => Problem::KeysExpired.into(),
                    NoAnswer::Local(words) => Failure::local(words),
                };
                self.failed(id, failure, signed_at, now);
            }
        }
    }

    /// A page failed: retry as core's plan says, or end the listing.
    fn failed(
        &mut self,
        id: ListingId,
        failure: Failure,
        signed_at: OffsetDateTime,
        now: OffsetDateTime,
    ) {
        let Some(listing) = self.listings.get_mut(&id) else {
            return;
        };
        if failure.problem == (Problem::ClockSkew { server_time: None }) && !listing.asked_reference
        {
            listing.asked_reference = true;
            self.ask(id, Purpose::ReferenceTime { failure, signed_at });
            return;
        }
        match listing.attempts.next(&failure, signed_at) {
            Next::RetryInRegion(region) => {
                listing.bucket = listing.bucket.in_region(&region);
                let bucket = listing.bucket.name.clone();
                self.out
                    .push(Command::Report(Report::Region { bucket, region }));
                self.ask(id, Purpose::Page);
            }
            Next::RetryWithClockOffset(ms) => {
                self.out.push(Command::AdjustClock(ms));
                self.ask(id, Purpose::Page);
            }
            Next::RetryAfter(wait) => listing.backoff = Some(now + wait),
            Next::Stop => {
                let end = if listing.outside_scope(&failure) {
                    End::OutsideScope
                } else {
                    End::Failed(failure)
                };
                self.end(id, end);
            }
        }
    }

    fn page(&mut self, id: ListingId, page: super::actions::ListPage) {
        let Some(listing) = self.listings.get_mut(&id) else {
            return;
        };
        match listing.take_page(page) {
            Err(failure) => self.end(id, End::Failed(failure)),
            Ok((step, folders, files)) => {
                if !folders.is_empty() || !files.is_empty() {
                    self.out.push(Command::Report(Report::Rows {
                        listing: id,
                        folders,
                        files,
                    }));
                }
                match step {
                    Step::More => self.ask(id, Purpose::Page),
                    Step::Done => {
                        let count = listing.count;
                        self.end(id, End::Done { count });
                    }
                }
            }
        }
    }

    /// Listings whose backoff is over ask again.
    fn wake_due(&mut self, now: OffsetDateTime) {
        let due: Vec<ListingId> = self
            .listings
            .iter_mut()
            .filter(|(_, l)| l.backoff.is_some_and(|at| at <= now))
            .map(|(id, l)| {
                l.backoff = None;
                *id
            })
            .collect();
        for id in due {
            self.ask(id, Purpose::Page);
        }
    }

    /// Ends a listing: its requests are aborted (or never start), and the view is told.
    fn end(&mut self, id: ListingId, end: End) {
        let Some(listing) = self.end_quietly(id) else {
            return;
        };
        let report = match (listing.kind, end) {
            (Kind::Collect { base, objects }, End::Done { .. }) => Report::Planned {
                listing: id,
                plan: plan_folder(objects, &base),
            },
            (_, end) => Report::Listed { listing: id, end },
        };
        self.out.push(Command::Report(report));
    }

    fn end_quietly(&mut self, id: ListingId) -> Option<Listing> {
        let listing = self.listings.remove(&id)?;
        let requests: Vec<RequestId> = self
            .requests
            .iter()
            .filter(|(_, p)| p.listing == id)
            .map(|(r, _)| *r)
            .collect();
        for request in requests {
            if self.limit.is_running(request) {
                self.out.push(Command::Abort(request));
            }
            self.forget_request(request);
        }
        Some(listing)
    }
}

#[cfg(test)]
mod tests;
