//! The S3 client of the page: signs with the corrected clock, fetches, and follows core's retry plan.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use crate::core::actions::GetObject;
use crate::core::bucket::Bucket;
use crate::core::credentials::Credentials;
use crate::core::download::{content_disposition, download_lifetime};
use crate::core::problem::{classify, parse_http_time, Failure, Problem, ResponseHints};
use crate::core::retry::{Attempts, Next};
use crate::core::signing::{Request, Signer};

use super::clock;
use super::fetch;

thread_local! {
    /// Bumped when the page drops its keys: every client made before signs nothing again.
    static KEYS_DROPPED: Cell<u64> = const { Cell::new(0) };
}

/// The page dropped its keys (Forget, or they ran out): no client made before this signs again,
/// whatever transfer still holds one.
pub fn keys_dropped() {
    KEYS_DROPPED.with(|n| n.set(n.get() + 1));
}

fn keys_generation() -> u64 {
    KEYS_DROPPED.with(Cell::get)
}

/// A bucket and the keys to open it. Clones share what was learned (region, first success).
#[derive(Clone)]
pub struct Client {
    bucket: Rc<RefCell<Bucket>>,
    creds: Rc<Credentials>,
    had_success: Rc<Cell<bool>>,
    /// The keys' generation when the client was made (see [`keys_dropped`]).
    generation: u64,
}

impl Client {
    pub fn new(bucket: Bucket, creds: Credentials) -> Self {
        Client {
            bucket: Rc::new(RefCell::new(bucket)),
            creds: Rc::new(creds),
            had_success: Rc::new(Cell::new(false)),
            generation: keys_generation(),
        }
    }

    /// The same bucket (and what was learned of it) with `creds`, the keys in use now: a
    /// transfer keeps its bucket when new keys come, whatever the page shows by then.
    pub fn with_keys(&self, creds: Credentials) -> Self {
        let creds = if self.signs_with(&creds) {
            self.creds.clone()
        } else {
            Rc::new(creds)
        };
        Client {
            creds,
            generation: keys_generation(),
            ..self.clone()
        }
    }

    /// The bucket has answered this page already (a listing did): a fetch with no answer is
    /// then a dropped connection, not a missing CORS rule.
    pub fn mark_reached(&self) {
        self.had_success.set(true);
    }

    /// This client's keys on `bucket` (itself when it is the same bucket).
    pub fn on_bucket(&self, bucket: Bucket) -> Self {
        if *self.bucket.borrow() == bucket {
            return self.clone();
        }
        Client::new(bucket, (*self.creds).clone())
    }

    /// Whether this client signs with `creds` (the same keys with the same expiry).
    pub fn signs_with(&self, creds: &Credentials) -> bool {
        self.creds.access_key_id == creds.access_key_id
            && self.creds.secret_access_key == creds.secret_access_key
            && self.creds.session_token == creds.session_token
            && self.creds.expires_at == creds.expires_at
    }

    /// The bucket as now known (its region may have been learned from S3).
    pub fn bucket(&self) -> Bucket {
        self.bucket.borrow().clone()
    }

    /// A URL that downloads `key` as `name`, valid until the keys expire, checked with a one-byte
    /// ranged GET first so a failure is shown in the page instead of replacing it.
    pub async fn download_url(&self, key: &str, name: &str, size: u64) -> Result<String, Failure> {
        let lifetime = download_lifetime(self.creds.expires_at, clock::now());
        let disposition = content_disposition(name);
        let range = (size > 0).then_some("bytes=0-0");
        let (url, response) = self
            .send(
                |b| {
                    GetObject::new(b, key)
                        .content_disposition(disposition.clone())
                        .request()
                },
                lifetime,
                range,
            )
            .await?;
        let _ = fetch::answer(&response).await;
        Ok(url)
    }

    /// Signs and sends a GET, retrying as core's plan says. Returns the URL that worked and its
    /// response, body unread.
    async fn send(
        &self,
        build: impl Fn(&Bucket) -> Request,
        lifetime: Duration,
        range: Option<&str>,
    ) -> Result<(String, web_sys::Response), Failure> {
        let mut attempts = Attempts::default();
        loop {
            // Expired or dropped keys sign nothing: S3 would refuse it, a URL must not outlive
            // its keys, and forgotten keys are forgotten.
            if self.creds.expires_at.is_some_and(|at| at <= clock::now())
                || self.generation != keys_generation()
            {
                return Err(Problem::KeysExpired.into());
            }
            let bucket = self.bucket();
            let signed_at = clock::now();
            let url = Signer::new(&self.creds, bucket.signing_region(), clock::system_time())
                .presign(&build(&bucket), lifetime)
                .map_err(|e| Failure::local(e.to_string()))?;
            let failure = match fetch::open(&url, range).await {
                Ok(response) if response.ok() => {
                    self.had_success.set(true);
                    return Ok((url, response));
                }
                Ok(response) => match fetch::answer(&response).await {
                    Ok(answer) => {
                        let hints = ResponseHints {
                            bucket_region: answer.bucket_region.as_deref(),
                            date: answer.date.as_deref(),
                            request_id: answer.request_id.as_deref(),
                        };
                        // An answer, even a refusal, shows the bucket is reachable from this page.
                        self.had_success.set(true);
                        classify(answer.status, &answer.body, &hints)
                    }
                    Err(_) => Failure::no_answer(self.had_success.get()),
                },
                Err(_) => Failure::no_answer(self.had_success.get()),
            };
            let failure = with_reference_time(failure).await;
            match attempts.next(&failure, signed_at) {
                Next::RetryInRegion(region) => {
                    let moved = bucket.in_region(&region);
                    *self.bucket.borrow_mut() = moved;
                }
                Next::RetryWithClockOffset(ms) => clock::adjust(ms),
                Next::RetryAfter(wait) => fetch::sleep(wait.as_millis() as u64).await,
                Next::Stop => return Err(failure),
            }
        }
    }
}

/// A clock-skew answer that did not say S3's time (Garage's "Date is too old" exposes no `Date`):
/// take the time from the page's own web server, whose `Date` header is readable.
async fn with_reference_time(mut failure: Failure) -> Failure {
    if let Problem::ClockSkew { server_time: None } = failure.problem {
        if let Ok(answer) = fetch::get("./", None).await {
            failure.problem = Problem::ClockSkew {
                server_time: answer.date.as_deref().and_then(parse_http_time),
            };
        }
    }
    failure
}
