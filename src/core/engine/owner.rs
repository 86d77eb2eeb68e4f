//! Who asked for each request, and the one place that knows them all: what each owner fetches, where its news goes, and what it does when it cannot go on.

use time::OffsetDateTime;

use super::check::CheckId;
use super::listing::Run;
use super::preview::PreviewId;
use super::{
    Answer, Command, End, Engine, Fetch, FileId, JobId, Keys, KeysId, ListingId, Report, RequestId,
    Retries, Signing, LISTING_CAP,
};
use crate::core::bucket::Bucket;
use crate::core::download::IN_PAGE_LIFETIME;
use crate::core::problem::{Failure, Problem};

/// Who asked for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// One run of a listing's pages.
    Listing(ListingId, Run),
    /// One stream of a file (the whole object, or one part).
    Lane { file: FileId, lane: usize },
    /// The next link of a plain-link delivery.
    Delivery(JobId),
    /// A file's bytes (the first of a text file), for its preview.
    Preview(PreviewId),
    /// A request of Check setup.
    Check(CheckId),
}

/// What a request is for.
#[derive(Debug, Clone)]
pub(super) enum Purpose {
    /// What its owner needs: the listing's next page, the stream's bytes.
    Main,
    /// The page's own server's `Date`, because S3 said the clock is off without saying its time.
    ReferenceTime { failure: Failure, signed: Signed },
}

/// When, and with which keys, a request was signed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Signed {
    pub at: OffsetDateTime,
    pub keys: Option<KeysId>,
}

/// A request asked for, not yet answered or given up.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    pub owner: Owner,
    pub purpose: Purpose,
    /// The corrected time it was signed at (once started).
    pub signed_at: Option<OffsetDateTime>,
    /// The keys it was signed with.
    pub keys: Option<KeysId>,
}

impl Engine {
    /// The request `owner` makes now, signed with `keys`; `None` if it no longer needs one.
    pub(super) fn fetch_for(
        &mut self,
        owner: Owner,
        id: RequestId,
        keys: Keys,
        now: OffsetDateTime,
    ) -> Option<Fetch> {
        match owner {
            Owner::Listing(listing, run) => {
                let listing = self.listings.get(&listing)?;
                let request = listing.request(run)?;
                let signing = Signing::new(keys, &listing.bucket, now, IN_PAGE_LIFETIME);
                Some(Fetch::read(id, Some(signing), request, LISTING_CAP))
            }
            Owner::Lane { file, lane } => self.lane_fetch(id, file, lane, keys, now),
            Owner::Delivery(job) => self.link_fetch(id, job, keys, now),
            Owner::Preview(preview) => self.preview_fetch(id, preview, keys, now),
            Owner::Check(check) => self.check_fetch(id, check, keys, now),
        }
    }

    /// Whether `owner` is still there to take its request's news.
    pub(super) fn owner_exists(&self, owner: Owner) -> bool {
        match owner {
            Owner::Listing(id, run) => self.listings.get(&id).is_some_and(|l| l.has_run(run)),
            Owner::Lane { file, lane } => self.lane(file, lane).is_some(),
            Owner::Delivery(job) => self.deliveries.contains_key(&job),
            Owner::Preview(id) => self.previews.contains_key(&id),
            Owner::Check(id) => self.checks.contains_key(&id),
        }
    }

    /// The bucket an owner's requests go to.
    pub(super) fn bucket_of(&self, owner: Owner) -> Option<&Bucket> {
        match owner {
            Owner::Listing(id, _) => self.listings.get(&id).map(|l| &l.bucket),
            Owner::Lane { file, .. } => {
                let job = self.files.get(&file)?.job;
                self.jobs.get(&job).map(|j| &j.bucket)
            }
            Owner::Delivery(job) => self.deliveries.get(&job).map(|d| &d.bucket),
            Owner::Preview(id) => self.previews.get(&id).map(|p| &p.bucket),
            Owner::Check(id) => self.checks.get(&id).map(|c| &c.bucket),
        }
    }

    /// An owner's retries and the bucket it asks (which a region S3 names corrects).
    pub(super) fn retries_of(&mut self, owner: Owner) -> Option<(&mut Retries, &mut Bucket)> {
        match owner {
            Owner::Listing(id, run) => self.listings.get_mut(&id)?.retries(run),
            Owner::Lane { file, lane } => {
                let f = self.files.get_mut(&file)?;
                let lane = f.lanes.get_mut(lane)?;
                let job = self.jobs.get_mut(&f.job)?;
                Some((&mut lane.retries, &mut job.bucket))
            }
            Owner::Delivery(job) => self
                .deliveries
                .get_mut(&job)
                .map(|d| (&mut d.retries, &mut d.bucket)),
            Owner::Preview(id) => self
                .previews
                .get_mut(&id)
                .map(|p| (&mut p.retries, &mut p.bucket)),
            Owner::Check(id) => self
                .checks
                .get_mut(&id)
                .map(|c| (&mut c.retries, &mut c.bucket)),
        }
    }

    /// A 2xx answer read whole reached its owner. A stream's answer is opened, never read
    /// whole: one that comes back read (a server's quirk) is refused as S3's error would be.
    pub(super) fn owner_answered(
        &mut self,
        owner: Owner,
        request: RequestId,
        answer: Answer,
        signed: Signed,
        now: OffsetDateTime,
    ) {
        match owner {
            Owner::Listing(id, run) => self.park(id, run, answer.body),
            Owner::Delivery(job) => self.link_checked(request, job, now),
            Owner::Preview(id) => self.end_preview(id, Some(request), Ok(answer.body)),
            Owner::Check(id) => self.check_answered(id, answer, now),
            Owner::Lane { .. } => self.refused(owner, &answer, signed, now),
        }
    }

    /// A stream whose keys S3 refused as expired waits for new ones; refused for keys that were
    /// replaced meanwhile, it asks again with the new ones (which did not run out). Whether
    /// `owner` was such a stream.
    pub(super) fn waits_for_keys(&mut self, owner: Owner, signed: Signed) -> bool {
        let Owner::Lane { file, lane } = owner else {
            return false;
        };
        if signed.keys.is_some() && signed.keys != self.keys.map(|k| k.id) {
            self.ask_lane(file, lane);
        } else {
            self.no_keys(owner, signed.keys);
        }
        true
    }

    /// A request found no keys to sign with (`ran_out`: the keys it found had run out).
    pub(super) fn no_keys(&mut self, owner: Owner, ran_out: Option<KeysId>) {
        match owner {
            Owner::Listing(listing, _) => {
                let end = match ran_out {
                    Some(_) => End::Failed(Problem::KeysExpired.into()),
                    None => End::Cancelled,
                };
                self.end(listing, end);
            }
            Owner::Lane { file, lane } => {
                if let Some(keys) = ran_out {
                    self.out.push(Command::Report(Report::KeysRanOut { keys }));
                }
                self.lane_needs_keys(file, lane);
            }
            Owner::Delivery(job) => {
                let end = ran_out.map_or(Ok(()), |_| Err(Problem::KeysExpired.into()));
                self.end_delivery(job, end);
            }
            Owner::Preview(id) => self.end_preview(id, None, Err(Problem::KeysExpired.into())),
            Owner::Check(id) => self.check_failed(id, Problem::KeysExpired.into()),
        }
    }

    /// A request failed for good: its owner ends (a listing, a preview, a check, a delivery) or
    /// its file fails.
    pub(super) fn gave_up(&mut self, owner: Owner, failure: Failure, now: OffsetDateTime) {
        match owner {
            Owner::Listing(id, run) => {
                let outside = self
                    .listings
                    .get(&id)
                    .is_some_and(|l| l.outside_scope(run, &failure));
                let end = if outside {
                    End::OutsideScope
                } else {
                    End::Failed(failure)
                };
                self.end(id, end);
            }
            Owner::Lane { file, .. } => self.fail_file(file, failure, now),
            Owner::Delivery(job) => self.end_delivery(job, Err(failure)),
            Owner::Preview(id) => self.end_preview(id, None, Err(failure)),
            Owner::Check(id) => self.check_failed(id, failure),
        }
    }

    /// Owners whose backoff is over ask again (deliveries keep their own pace).
    pub(super) fn wake_due(&mut self, now: OffsetDateTime) {
        let due = |b: &mut Option<OffsetDateTime>| {
            let is_due = b.is_some_and(|at| at <= now);
            if is_due {
                *b = None;
            }
            is_due
        };
        let mut owners: Vec<Owner> = Vec::new();
        for (id, listing) in &mut self.listings {
            let runs = listing.due(|retries| due(&mut retries.backoff));
            owners.extend(runs.into_iter().map(|run| Owner::Listing(*id, run)));
        }
        for (id, file) in &mut self.files {
            for (i, lane) in file.lanes.iter_mut().enumerate() {
                if due(&mut lane.retries.backoff) {
                    owners.push(Owner::Lane { file: *id, lane: i });
                }
            }
        }
        for (id, preview) in &mut self.previews {
            if due(&mut preview.retries.backoff) {
                owners.push(Owner::Preview(*id));
            }
        }
        for (id, check) in &mut self.checks {
            if due(&mut check.retries.backoff) {
                owners.push(Owner::Check(*id));
            }
        }
        for owner in owners {
            match owner {
                Owner::Lane { file, lane } => self.ask_lane(file, lane),
                _ => {
                    self.ask(owner, Purpose::Main);
                }
            }
        }
        self.wake_deliveries(now);
    }
}
