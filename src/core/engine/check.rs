//! Check setup: one listing page and the first byte of one object, asked as the page asks for everything (signed the same way, with the same retries), and read for what the page needs of the bucket — that it answers this page (CORS), its region, permission to list and to get, the headers its CORS rule lets the page read, and the clock's offset from S3.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{
    Answer, Command, Engine, Fetch, Keys, Owner, Purpose, Report, RequestId, Retries, Signing,
    LISTING_CAP,
};
use crate::core::actions::{GetObject, ListObjectsV2};
use crate::core::bucket::Bucket;
use crate::core::download::IN_PAGE_LIFETIME;
use crate::core::problem::{parse_http_time, Failure, Problem};

/// A check, named by the view that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CheckId(pub u64);

/// Keys listed to find an object to read (a folder's first keys may all be folder markers).
const KEYS_LOOKED_AT: u32 = 50;

/// What the check found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Findings {
    /// The bucket answered this page at least once (else its CORS rule, or the network).
    pub reached: bool,
    /// The region the requests were signed for in the end.
    pub region: String,
    /// S3 had to name the region (the one given was empty or wrong).
    pub region_named: bool,
    /// Listing the folder: the key of a file found in it (`None`: no file), or why not.
    pub list: Option<Result<Option<String>, Failure>>,
    /// The first byte of that file: what the page could read of the answer, or why not.
    pub get: Option<Result<Exposed, Failure>>,
    /// S3's clock minus this computer's own (before any correction), in seconds, from the
    /// answer's `Date`, when S3 said.
    pub clock_offset: Option<i64>,
    /// When the keys in use expire.
    pub keys_expire: Option<OffsetDateTime>,
}

/// The headers of an object's answer the page could read (the CORS rule exposes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exposed {
    /// Without it: no resume check, no integrity check against an MD5 ETag.
    pub etag: bool,
    /// Without it: no resume of a cut download, no parallel parts.
    pub content_range: bool,
    /// An `x-amz-checksum-*` header (only objects stored with a checksum have one).
    pub checksum: bool,
}

/// A check under way.
#[derive(Debug)]
pub(super) struct SetupCheck {
    pub bucket: Bucket,
    prefix: String,
    /// The region as given, to tell whether S3 named another.
    given_region: Option<String>,
    pub retries: Retries,
    /// The file whose first byte is asked for, once the listing found one.
    file: Option<String>,
    findings: Findings,
}

/// What a check does after an answer.
enum Next {
    /// Asks for the file's first byte.
    Ask,
    /// Its findings are complete.
    Done,
}

impl SetupCheck {
    fn new(bucket: Bucket, prefix: String, keys_expire: Option<OffsetDateTime>) -> Self {
        let findings = Findings {
            reached: false,
            region: bucket.signing_region().to_owned(),
            region_named: false,
            list: None,
            get: None,
            clock_offset: None,
            keys_expire,
        };
        SetupCheck {
            given_region: bucket.region.clone(),
            bucket,
            prefix,
            retries: Retries::default(),
            file: None,
            findings,
        }
    }

    /// The request it makes now: the listing, then the file's first byte.
    fn fetch(&self, id: RequestId, keys: Keys, now: OffsetDateTime) -> Fetch {
        let signing = Some(Signing::new(keys, &self.bucket, now, IN_PAGE_LIFETIME));
        match &self.file {
            None => {
                let list = ListObjectsV2::new(&self.bucket, &self.prefix)
                    .recursive()
                    .max_keys(KEYS_LOOKED_AT);
                Fetch::read(id, signing, list.request(), LISTING_CAP)
            }
            Some(key) => {
                let get = GetObject::new(&self.bucket, key).checksum_mode();
                Fetch::read(id, signing, get.request(), 1 << 10).range(Some("bytes=0-0".to_owned()))
            }
        }
    }

    /// A 2xx answer (`now` is the corrected clock, `moved_s` how far the engine moved it): the
    /// listing names a file to read, or the file's answer says what the page can read.
    fn answered(&mut self, answer: Answer, now: OffsetDateTime, moved_s: i64) -> Next {
        if let Some(server) = answer.date.as_deref().and_then(parse_http_time) {
            self.findings.clock_offset = Some((server - now).whole_seconds() + moved_s);
        }
        if self.file.is_some() {
            self.findings.get = Some(Ok(Exposed {
                etag: answer.etag.is_some(),
                content_range: answer.content_range.is_some(),
                checksum: answer.checksum,
            }));
            return Next::Done;
        }
        let file = match ListObjectsV2::parse_response(&answer.body) {
            Ok(page) => page
                .objects
                .into_iter()
                .find(|o| o.size > 0 && !o.is_folder_marker())
                .map(|o| o.key),
            Err(e) => {
                let failure = Failure {
                    message: Some(e.to_string()),
                    ..Problem::NotAListing.into()
                };
                self.findings.list = Some(Err(failure));
                return Next::Done;
            }
        };
        self.findings.list = Some(Ok(file.clone()));
        match file {
            Some(key) => {
                self.file = Some(key);
                self.retries = Retries::default();
                Next::Ask
            }
            None => Next::Done,
        }
    }

    /// Its request failed for good: the step it was at says why.
    fn failed(&mut self, failure: Failure) {
        match self.file {
            None => self.findings.list = Some(Err(failure)),
            Some(_) => self.findings.get = Some(Err(failure)),
        }
    }

    /// What it found, the bucket having `reached` this page or not.
    fn findings(self, reached: bool) -> Findings {
        Findings {
            reached,
            region: self.bucket.signing_region().to_owned(),
            region_named: self.bucket.region != self.given_region,
            ..self.findings
        }
    }
}

impl Engine {
    /// Starts a check of `bucket` (its folder `prefix`) with the keys in use.
    pub(super) fn check(&mut self, id: CheckId, bucket: Bucket, prefix: String) {
        let keys_expire = self.keys.and_then(|k| k.expires_at);
        self.checks
            .insert(id, SetupCheck::new(bucket, prefix, keys_expire));
        self.ask(Owner::Check(id), Purpose::Main);
    }

    pub(super) fn check_fetch(
        &self,
        id: RequestId,
        check: CheckId,
        keys: Keys,
        now: OffsetDateTime,
    ) -> Option<Fetch> {
        Some(self.checks.get(&check)?.fetch(id, keys, now))
    }

    pub(super) fn check_answered(&mut self, id: CheckId, answer: Answer, now: OffsetDateTime) {
        // Against the computer's own clock: `now` is the one the engine corrected.
        let moved = self.clock_moved_ms / 1000;
        let Some(check) = self.checks.get_mut(&id) else {
            return;
        };
        match check.answered(answer, now, moved) {
            Next::Ask => {
                self.ask(Owner::Check(id), Purpose::Main);
            }
            Next::Done => self.end_check(id),
        }
    }

    pub(super) fn check_failed(&mut self, id: CheckId, failure: Failure) {
        if let Some(check) = self.checks.get_mut(&id) {
            check.failed(failure);
            self.end_check(id);
        }
    }

    /// The check is over: the view gets what it found.
    fn end_check(&mut self, id: CheckId) {
        let Some(check) = self.checks.remove(&id) else {
            return;
        };
        let reached = self.has_reached(&check.bucket);
        let findings = check.findings(reached);
        self.out
            .push(Command::Report(Report::Checked { id, findings }));
    }
}
