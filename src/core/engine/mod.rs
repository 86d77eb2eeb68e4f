//! The engine: every rule of listings and transfers as a state machine — events and the time in, commands out, no I/O (as quinn-proto).
//!
//! The runner feeds it the user's intents and what its requests brought ([`Event`]), with the
//! corrected clock, and carries out what it hands back ([`Command`]): sign and fetch this, write
//! that body there, close this file, abort that, correct the clock, tell the view this.
//! [`Engine::poll_timeout`] says when it next wants to be woken (a backoff). The
//! engine never holds a secret: keys are known by their [`KeysId`] and expiry; the runner holds
//! them and signs. Object bytes never pass through it: it sees offsets, counts and verdicts.

pub mod check;
pub mod delivery;
pub mod existing;
pub mod index;
pub mod limit;
pub mod listing;
mod owner;
pub mod preview;
mod protocol;
pub mod stream;
pub mod transfer;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use time::OffsetDateTime;

use self::check::{CheckId, SetupCheck};
use self::delivery::Delivery;
use self::index::{Index, Normalize};
use self::limit::Limit;
use self::listing::{Kind, Listing, Run, Step};
use self::preview::{Preview, PreviewId};
use self::transfer::{File, Job};
use super::actions::{GetObject, ListObjectsV2};
use super::bucket::Bucket;
use super::download::{content_disposition, file_name, share_lifetime};
use super::download_plan::plan_folder;
use super::problem::{classify, parse_http_time, Failure, Problem, ResponseHints};
use super::retry::{Attempts, Next};
use super::signing::Request;

use self::owner::{Owner, Pending, Purpose, Signed};
pub use self::protocol::*;

/// The retries of what is being asked for (a page, a stream's next request), and when it may be
/// asked again.
#[derive(Debug, Clone, Default)]
pub struct Retries {
    pub attempts: Attempts,
    /// The page's own web server was asked for the time (once per request).
    pub asked_reference: bool,
    /// Waits until then before asking again (a backoff after a transient failure or a cut).
    pub backoff: Option<OffsetDateTime>,
}

/// The rows the view asks for first, before it says how many it shows.
pub const FIRST_WINDOW: usize = 24;

/// How long rows may wait to be merged into the sort while a listing loads.
pub const MERGE_EVERY: Duration = Duration::from_millis(250);

/// The listing on screen: its rows (kept once it ends) and the window the view shows.
#[derive(Debug)]
struct OnScreen {
    listing: ListingId,
    bucket: Bucket,
    index: Index,
    first: usize,
    count: usize,
    /// The view's window changed: it is sent when the event is done.
    changed: bool,
    /// When rows were last merged into the sort.
    merged_at: OffsetDateTime,
}

impl OnScreen {
    /// Merges the rows added since the last time when it is worth it: a merge costs every row,
    /// so new rows wait until they are an eighth of those merged (at least a page), or until
    /// [`MERGE_EVERY`] has passed, or the listing ended (`now`: `None`). The first rows are
    /// shown as soon as they come.
    fn merge_if_due(&mut self, now: Option<OffsetDateTime>) {
        let waiting = self.index.unmerged();
        if waiting == 0 {
            return;
        }
        let merged = self.index.len() - waiting;
        let due = match now {
            None => true,
            Some(now) => {
                merged == 0
                    || waiting >= (merged / 8).max(1000)
                    || now - self.merged_at >= MERGE_EVERY
            }
        };
        if due {
            self.index.merge_added();
            self.changed = true;
            if let Some(now) = now {
                self.merged_at = now;
            }
        }
    }
}

/// How names are brought to NFC (the runner's is the browser's own).
#[derive(Clone, Copy)]
struct Normalizer(Normalize);

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer(index::as_is)
    }
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Normalizer")
    }
}

/// Every listing and transfer in progress, the requests they asked for, and the keys in use.
#[derive(Debug, Default)]
pub struct Engine {
    keys: Option<Keys>,
    normalize: Normalizer,
    shown: Option<OnScreen>,
    listings: BTreeMap<ListingId, Listing>,
    jobs: BTreeMap<JobId, Job>,
    files: BTreeMap<FileId, File>,
    deliveries: BTreeMap<JobId, Delivery>,
    previews: BTreeMap<PreviewId, Preview>,
    checks: BTreeMap<CheckId, SetupCheck>,
    /// Previews whose URL the runner handed out, until they are released.
    shown_previews: BTreeSet<PreviewId>,
    requests: BTreeMap<RequestId, Pending>,
    /// Bodies being written (their request aborted or not), by the file they write: a file is
    /// closed or discarded only once none writes into it.
    pumping: BTreeMap<RequestId, FileId>,
    limit: Limit,
    /// Bucket URLs that answered this page at least once: a `TypeError` there is a dropped
    /// connection, not a missing CORS rule.
    reached: BTreeSet<String>,
    /// A [`Command::Defer`] was handed out and its [`Event::Resume`] has not come.
    deferred: bool,
    /// Milliseconds the engine had the clock that signs moved by, in all: the time it is given
    /// is this much off the computer's own clock.
    clock_moved_ms: i64,
    next_request: u64,
    out: Vec<Command>,
}

impl Engine {
    pub fn new() -> Self {
        Engine::default()
    }

    /// An engine that compares names after bringing them to NFC with `normalize`.
    pub fn with_normalize(normalize: Normalize) -> Self {
        Engine {
            normalize: Normalizer(normalize),
            ..Engine::default()
        }
    }

    /// Takes one event at `now` (the corrected clock) and hands back what to do.
    pub fn handle(&mut self, event: Event, now: OffsetDateTime) -> Vec<Command> {
        match event {
            Event::Keys(keys) => {
                if self.keys.is_some_and(|k| k.id != keys.id) {
                    self.end_deliveries(None);
                }
                self.keys = Some(keys);
                self.keys_came();
            }
            Event::ForgetKeys => {
                self.keys = None;
                self.end_deliveries(None);
                self.close_previews();
                // Checks under way end unreported: the view forgot them with the keys.
                self.checks.clear();
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
                sort,
                recursive,
            } => {
                self.shown = Some(OnScreen {
                    listing: id,
                    bucket: bucket.clone(),
                    index: Index::new(&prefix, sort),
                    first: 0,
                    count: FIRST_WINDOW,
                    changed: false,
                    merged_at: now,
                });
                self.begin(id, Listing::browse(bucket, prefix, start, recursive));
            }
            Event::View {
                listing,
                first,
                count,
            } => {
                if let Some(shown) = self.shown_mut(listing) {
                    shown.index.merge_added();
                    (shown.first, shown.count, shown.changed) = (first, count, true);
                }
            }
            Event::Filter { listing, text } => {
                let normalize = self.normalize.0;
                if let Some(shown) = self.shown_mut(listing) {
                    shown.index.set_filter(&text, normalize);
                    shown.changed = true;
                }
            }
            Event::Sort { listing, sort } => {
                if let Some(shown) = self.shown_mut(listing) {
                    shown.index.set_sort(sort);
                    shown.changed = true;
                }
            }
            Event::Select { listing, rows, on } => {
                if let Some(shown) = self.shown_mut(listing) {
                    shown.index.select(&rows, on);
                    shown.changed = true;
                }
            }
            Event::CollectSelected { id, from } => {
                if let Some(shown) = self.shown.as_ref().filter(|s| s.listing == from) {
                    let (bucket, base) = (shown.bucket.clone(), shown.index.prefix().to_owned());
                    let picks = shown.index.selected_picks();
                    self.begin(id, Listing::collect(bucket, base, picks));
                }
            }
            Event::Collect {
                id,
                bucket,
                base,
                picks,
            } => self.begin(id, Listing::collect(bucket, base, picks)),
            Event::Count { id, bucket, prefix } => self.begin(id, Listing::count(bucket, prefix)),
            Event::Preview {
                id,
                bucket,
                key,
                size,
            } => self.preview(id, bucket, key, size, now),
            Event::ClosePreview(id) => self.close_preview(id),
            Event::Cancel(id) => self.end(id, End::Cancelled),
            Event::Check { id, bucket, prefix } => self.check(id, bucket, prefix),
            Event::Download(download) => self.download(download),
            Event::CancelFile(file) => self.stop(file, true, now),
            Event::OnExisting {
                job,
                file,
                choice,
                all,
            } => self.on_existing(job, file, choice, all),
            Event::Surveyed { job, found } => self.surveyed(job, &found),
            Event::CancelTransfers => {
                self.end_deliveries(None);
                self.cancel_transfers(now);
            }
            Event::Deliver { job, bucket, links } => self.deliver(job, bucket, links),
            Event::Share {
                id,
                bucket,
                key,
                lifetime,
            } => self.share(id, &bucket, &key, lifetime, now),
            Event::Answered { request, answer } => self.answered(request, answer, now),
            Event::NoAnswer { request, why } => self.no_answer(request, why, now),
            Event::Opened { request, head } => self.opened(request, head, now),
            Event::Pumped { request, bytes } => self.pumped(request, bytes),
            Event::BodyEnded { request, end } => self.body_ended(request, end, now),
            Event::Closed { file, result } => self.closed(file, result, now),
            Event::JobClosed { job, result } => self.job_closed(job, result),
            Event::Wake => {}
            Event::Resume => self.resume(),
        }
        self.wake_due(now);
        self.start_waiting(now);
        if let Some(shown) = self.shown.as_mut() {
            shown.merge_if_due(Some(now));
        }
        self.report_window();
        std::mem::take(&mut self.out)
    }

    /// Asks the runner to sign a share link with the keys in use, living as long as asked within
    /// the keys and seven days; named for the browser as the key's last segment.
    fn share(
        &mut self,
        id: ShareId,
        bucket: &Bucket,
        key: &str,
        lifetime: Duration,
        now: OffsetDateTime,
    ) {
        let keys = match self.usable_keys(now) {
            Ok(keys) => keys,
            Err(_) => {
                let result = Err(Problem::KeysExpired.into());
                return self
                    .out
                    .push(Command::Report(Report::Shared { id, result }));
            }
        };
        let lifetime = share_lifetime(lifetime, keys.expires_at, now);
        let request = GetObject::new(bucket, key)
            .content_disposition(content_disposition(&file_name(key)))
            .request();
        if request.too_long() {
            let result = Err(Problem::KeyTooLong.into());
            return self
                .out
                .push(Command::Report(Report::Shared { id, result }));
        }
        self.out.push(Command::Share {
            id,
            signing: Signing {
                keys: keys.id,
                region: bucket.signing_region().to_owned(),
                lifetime,
            },
            request,
            until: now + lifetime,
        });
    }

    /// The listing shown, if it is `listing`.
    fn shown_mut(&mut self, listing: ListingId) -> Option<&mut OnScreen> {
        self.shown.as_mut().filter(|s| s.listing == listing)
    }

    /// Sends the view's window if it changed.
    fn report_window(&mut self) {
        let Some(shown) = self.shown.as_mut().filter(|s| s.changed) else {
            return;
        };
        shown.changed = false;
        self.out.push(Command::Report(Report::Window {
            listing: shown.listing,
            window: shown.index.window(shown.first, shown.count),
        }));
    }

    /// When the engine next wants an [`Event::Wake`], if it waits for anything.
    pub fn poll_timeout(&self) -> Option<OffsetDateTime> {
        let listings = self.listings.values().flat_map(Listing::backoffs);
        let lanes = self
            .files
            .values()
            .flat_map(|f| f.lanes.iter().filter_map(|l| l.retries.backoff));
        let deliveries = self.deliveries.values().filter_map(|d| d.retries.backoff);
        let previews = self.previews.values().filter_map(|p| p.retries.backoff);
        let checks = self.checks.values().filter_map(|c| c.retries.backoff);
        // Rows waiting to be merged into the sort are shown in time even if no page comes.
        let merge = self
            .shown
            .as_ref()
            .filter(|s| s.index.unmerged() > 0)
            .map(|s| s.merged_at + MERGE_EVERY);
        listings
            .chain(lanes)
            .chain(deliveries)
            .chain(previews)
            .chain(checks)
            .chain(merge)
            .min()
    }

    /// Whether `bucket` has answered this page (so a `TypeError` there now is a dropped
    /// connection, not a missing CORS rule).
    fn has_reached(&self, bucket: &Bucket) -> bool {
        self.reached.contains(&bucket.bucket_url())
    }

    /// Remembers that `bucket_url` answered this page.
    fn mark_reached(&mut self, bucket_url: String) {
        self.reached.insert(bucket_url);
    }

    /// Remembers that the bucket `owner` asks answered this page.
    fn mark_owner_reached(&mut self, owner: Owner) {
        if let Some(url) = self.bucket_of(owner).map(Bucket::bucket_url) {
            self.mark_reached(url);
        }
    }

    /// Requests holding a place under the limit.
    pub fn in_flight(&self) -> usize {
        self.limit.in_flight()
    }

    fn begin(&mut self, id: ListingId, listing: Listing) {
        // The same id again replaces the old listing.
        self.end_quietly(id);
        let runs = listing.runs();
        self.listings.insert(id, listing);
        for &run in &runs {
            self.ask(Owner::Listing(id, run), Purpose::Main);
        }
        if runs.is_empty() {
            let count = self.listings.get(&id).map_or(0, |l| l.count);
            self.end(id, End::Done { count });
        }
    }

    fn ask(&mut self, owner: Owner, purpose: Purpose) -> RequestId {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        self.requests.insert(
            id,
            Pending {
                owner,
                purpose,
                signed_at: None,
                keys: None,
            },
        );
        self.limit.ask(id);
        id
    }

    /// The keys to sign with now, if there are keys that have not run out.
    pub(super) fn usable_keys(&self, now: OffsetDateTime) -> Result<Keys, Option<KeysId>> {
        match self.keys {
            Some(keys) if keys.expires_at.is_none_or(|at| at > now) => Ok(keys),
            Some(keys) => Err(Some(keys.id)),
            None => Err(None),
        }
    }

    /// Starts what waits for a place, while there is one.
    fn start_waiting(&mut self, now: OffsetDateTime) {
        while let Some(id) = self.limit.next_to_start() {
            let Some(pending) = self.requests.get_mut(&id) else {
                self.limit.release(id);
                continue;
            };
            pending.signed_at = Some(now);
            let (owner, purpose) = (pending.owner, pending.purpose.clone());
            if let Purpose::ReferenceTime { .. } = purpose {
                self.out.push(Command::Fetch(
                    Fetch::read(id, None, Request::get("./".to_owned()), 0).headers_only(),
                ));
                continue;
            }
            // Nothing is signed with keys that are gone or have run out.
            let keys = match self.usable_keys(now) {
                Ok(keys) => keys,
                Err(ran_out) => {
                    self.forget_request(id);
                    self.no_keys(owner, ran_out);
                    continue;
                }
            };
            if let Some(pending) = self.requests.get_mut(&id) {
                pending.keys = Some(keys.id);
            }
            let Some(fetch) = self.fetch_for(owner, id, keys, now) else {
                self.forget_request(id);
                continue;
            };
            if fetch.request.too_long() {
                self.forget_request(id);
                let signed = Signed {
                    at: now,
                    keys: Some(keys.id),
                };
                self.failed(owner, Problem::KeyTooLong.into(), signed, now);
                continue;
            }
            self.out.push(Command::Fetch(fetch));
        }
    }

    fn forget_request(&mut self, id: RequestId) {
        self.requests.remove(&id);
        self.limit.release(id);
    }

    /// Takes `id` out of the books: its owner, if still there, what it was for, and the time it
    /// was signed at.
    fn take_request(&mut self, id: RequestId) -> Option<(Owner, Purpose, Signed)> {
        let pending = self.requests.remove(&id)?;
        self.limit.release(id);
        let signed = Signed {
            at: pending.signed_at?,
            keys: pending.keys,
        };
        self.owner_exists(pending.owner)
            .then_some((pending.owner, pending.purpose, signed))
    }

    fn answered(&mut self, request: RequestId, answer: Answer, now: OffsetDateTime) {
        let Some((owner, purpose, signed)) = self.take_request(request) else {
            return;
        };
        match purpose {
            Purpose::ReferenceTime {
                mut failure,
                signed,
            } => {
                failure.problem = Problem::ClockSkew {
                    server_time: answer.date.as_deref().and_then(parse_http_time),
                };
                self.failed(owner, failure, signed, now);
            }
            Purpose::Main => {
                // An answer, even a refusal, shows the bucket is reachable from this page.
                self.mark_owner_reached(owner);
                if (200..300).contains(&answer.status) {
                    self.owner_answered(owner, request, answer, signed, now);
                } else {
                    self.refused(owner, &answer, signed, now);
                }
            }
        }
    }

    fn no_answer(&mut self, request: RequestId, why: NoAnswer, now: OffsetDateTime) {
        let Some((owner, purpose, signed)) = self.take_request(request) else {
            return;
        };
        match purpose {
            // The page's own server did not say its time either: S3's answer stands.
            Purpose::ReferenceTime { failure, signed } => self.failed(owner, failure, signed, now),
            Purpose::Main => {
                let reached = self.bucket_of(owner).is_some_and(|b| self.has_reached(b));
                let failure = match why {
                    NoAnswer::Network(words) => Failure {
                        message: Some(words),
                        ..Failure::no_answer(reached)
                    },
                    NoAnswer::Cut(words) => {
                        // Its headers came: the bucket answers this page.
                        self.mark_owner_reached(owner);
                        Failure {
                            message: Some(words),
                            ..Problem::ConnectionDropped.into()
                        }
                    }
                    NoAnswer::TimedOut => Problem::TimedOut.into(),
                    NoAnswer::TooLarge => Failure {
                        message: Some(format!("over {} MiB", LISTING_CAP >> 20)),
                        ..Problem::TooLarge.into()
                    },
                    NoAnswer::KeysGone => Problem::KeysExpired.into(),
                    NoAnswer::Local(words) => Failure::local(words),
                };
                self.failed(owner, failure, signed, now);
            }
        }
    }

    /// S3 (or a server in its place) refused a request: what its error says.
    fn refused(&mut self, owner: Owner, answer: &Answer, signed: Signed, now: OffsetDateTime) {
        let hints = ResponseHints {
            bucket_region: answer.bucket_region.as_deref(),
            date: answer.date.as_deref(),
            request_id: answer.request_id.as_deref(),
        };
        let failure = classify(answer.status, &answer.body, &hints);
        self.failed(owner, failure, signed, now);
    }

    /// A request failed: retry as core's plan says, or tell its owner.
    fn failed(&mut self, owner: Owner, failure: Failure, signed: Signed, now: OffsetDateTime) {
        if failure.problem == Problem::KeysExpired && self.waits_for_keys(owner, signed) {
            return;
        }
        let Some((retries, bucket)) = self.retries_of(owner) else {
            return;
        };
        if failure.problem == (Problem::ClockSkew { server_time: None }) && !retries.asked_reference
        {
            retries.asked_reference = true;
            self.ask(owner, Purpose::ReferenceTime { failure, signed });
            return;
        }
        match retries.attempts.next(&failure, signed.at) {
            Next::RetryInRegion(region) => {
                *bucket = bucket.in_region(&region);
                let bucket = bucket.name.clone();
                self.out
                    .push(Command::Report(Report::Region { bucket, region }));
                self.ask(owner, Purpose::Main);
            }
            Next::RetryWithClockOffset(ms) => {
                self.clock_moved_ms = self.clock_moved_ms.saturating_add(ms);
                self.out.push(Command::AdjustClock(ms));
                self.ask(owner, Purpose::Main);
            }
            Next::RetryAfter(wait) => retries.backoff = Some(now + wait),
            Next::Stop => self.gave_up(owner, failure, now),
        }
    }

    /// A page of `run` came: its next one is asked for at once (its token read ahead of the
    /// keys), and this one is parsed on the next turn, while the next is on its way.
    fn park(&mut self, id: ListingId, run: Run, body: String) {
        let Some(listing) = self.listings.get_mut(&id) else {
            return;
        };
        match listing.take_end(run, ListObjectsV2::page_end(&body), body) {
            Err(failure) => return self.end(id, End::Failed(failure)),
            Ok(Step::More) => {
                self.ask(Owner::Listing(id, run), Purpose::Main);
            }
            Ok(Step::Done) => {}
        }
        if !self.deferred {
            self.deferred = true;
            self.out.push(Command::Defer);
        }
    }

    /// Parses the pages that came, in order (a run that ends may start others); a listing whose
    /// runs have all ended, their pages parsed, ends.
    fn resume(&mut self) {
        self.deferred = false;
        let ids: Vec<ListingId> = self
            .listings
            .iter()
            .filter(|(_, l)| !l.parked.is_empty())
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            while let Some((run, body)) = self
                .listings
                .get_mut(&id)
                .and_then(|l| l.parked.pop_front())
            {
                match ListObjectsV2::parse_response(&body) {
                    Ok(page) => self.rows(id, run, page),
                    Err(e) => {
                        let failure = Failure {
                            message: Some(e.to_string()),
                            ..Problem::NotAListing.into()
                        };
                        self.end(id, End::Failed(failure));
                        break;
                    }
                }
            }
            if let Some(listing) = self.listings.get(&id).filter(|l| l.is_done()) {
                let count = listing.count;
                self.end(id, End::Done { count });
            }
        }
    }

    /// One parsed page of `run`: the view's index takes its rows (a collect job keeps its
    /// objects), and the runs it starts ask for their first pages.
    fn rows(&mut self, id: ListingId, run: Run, page: super::actions::ListPage) {
        let Some(listing) = self.listings.get_mut(&id) else {
            return;
        };
        let (page, started) = listing.take_page(run, page);
        for run in started {
            self.ask(Owner::Listing(id, run), Purpose::Main);
        }
        let Some(listing) = self.listings.get_mut(&id) else {
            return;
        };
        if let Some((files, bytes)) = listing.facts() {
            self.out.push(Command::Report(Report::Facts {
                listing: id,
                files,
                bytes,
            }));
        }
        let normalize = self.normalize.0;
        if let Some(shown) = self.shown.as_mut().filter(|s| s.listing == id) {
            if !page.objects.is_empty() || !page.folders.is_empty() {
                shown.index.add(page, normalize);
                shown.changed = true;
            }
            listing.count = shown.index.len();
        }
    }

    /// Ends a listing: its requests are aborted (or never start), and the view is told.
    fn end(&mut self, id: ListingId, end: End) {
        let Some(listing) = self.end_quietly(id) else {
            return;
        };
        // The last rows come before the end, all of them merged.
        if let Some(shown) = self.shown_mut(id) {
            shown.merge_if_due(None);
        }
        self.report_window();
        let report = match (listing.kind, end) {
            (Kind::Collect { base, objects }, End::Done { .. }) => Report::Planned {
                listing: id,
                plan: plan_folder(objects, &base, self.normalize.0),
            },
            (_, end) => Report::Listed { listing: id, end },
        };
        self.out.push(Command::Report(report));
    }

    fn end_quietly(&mut self, id: ListingId) -> Option<Listing> {
        let listing = self.listings.remove(&id)?;
        self.abort_where(|owner| matches!(owner, Owner::Listing(l, _) if l == id));
        Some(listing)
    }

    /// Aborts (or withdraws, if not started) every request whose owner `matches`.
    fn abort_where(&mut self, matches: impl Fn(Owner) -> bool) {
        let requests: Vec<RequestId> = self
            .requests
            .iter()
            .filter(|(_, p)| matches(p.owner))
            .map(|(r, _)| *r)
            .collect();
        for request in requests {
            if self.limit.is_running(request) {
                self.out.push(Command::Abort(request));
            }
            self.forget_request(request);
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod transfer_tests;

#[cfg(test)]
mod request_tests;

#[cfg(test)]
mod preview_tests;

#[cfg(test)]
mod check_tests;

#[cfg(test)]
mod delivery_tests;

#[cfg(test)]
mod existing_tests;
