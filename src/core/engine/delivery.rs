//! Plain-link downloads: each file's presigned URL, checked with a one-byte GET so a failure is told in the page, then handed to the browser's download manager, one after another with a pause between (browsers drop downloads that start too close together).

use std::collections::VecDeque;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{
    Command, Engine, Fetch, JobId, Keys, Owner, Purpose, Report, RequestId, Retries, Signing,
    ERROR_CAP,
};
use crate::core::actions::GetObject;
use crate::core::bucket::Bucket;
use crate::core::download::content_disposition;
use crate::core::download::DOWNLOAD_MANAGER_MOST;
use crate::core::download_plan::PlannedFile;
use crate::core::problem::{Failure, Problem};

/// The pause between two downloads handed to the browser.
pub const BETWEEN: Duration = Duration::from_millis(400);

/// One file to hand over: its key, the name it is saved under, its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub key: String,
    pub name: String,
    pub size: u64,
}

impl Link {
    /// A planned file handed over on its own: saved under the last part of its safe path (the
    /// download manager takes no folders).
    pub fn of(file: PlannedFile) -> Link {
        Link {
            name: file.path.last().cloned().unwrap_or_default(),
            key: file.key,
            size: file.size,
        }
    }
}

/// Files being handed to the browser one after another.
#[derive(Debug)]
pub(super) struct Delivery {
    pub bucket: Bucket,
    links: VecDeque<Link>,
    handed: usize,
    pub retries: Retries,
}

impl Delivery {
    /// The one-byte check of the next file, signed with `keys` (the URL lives no longer than
    /// they do).
    fn fetch(&self, id: RequestId, keys: Keys, now: OffsetDateTime) -> Option<Fetch> {
        let link = self.links.front()?;
        let signing = Signing::new(keys, &self.bucket, now, DOWNLOAD_MANAGER_MOST);
        let request = GetObject::new(&self.bucket, &link.key)
            .content_disposition(content_disposition(&link.name))
            .request();
        Some(
            Fetch::read(id, Some(signing), request, ERROR_CAP)
                .range((link.size > 0).then(|| "bytes=0-0".to_owned()))
                .keep_url(),
        )
    }

    /// The next file's check passed: it is handed over, and the one after waits a pause
    /// (`now` + [`BETWEEN`]). `None` if no file was waiting.
    fn hand_over(&mut self, now: OffsetDateTime) -> Option<Link> {
        let link = self.links.pop_front()?;
        self.handed += 1;
        self.retries = Retries::default();
        if !self.links.is_empty() {
            self.retries.backoff = Some(now + BETWEEN);
        }
        Some(link)
    }
}

impl Engine {
    pub(super) fn deliver(&mut self, job: JobId, bucket: Bucket, links: Vec<Link>) {
        self.deliveries.insert(
            job,
            Delivery {
                bucket,
                links: links.into(),
                handed: 0,
                retries: Retries::default(),
            },
        );
        self.next_link(job);
    }

    /// Asks for the next file's check, or ends the delivery when none is left.
    fn next_link(&mut self, job: JobId) {
        match self.deliveries.get(&job) {
            Some(d) if !d.links.is_empty() => {
                self.ask(Owner::Delivery(job), Purpose::Main);
            }
            Some(_) => self.end_delivery(job, Ok(())),
            None => {}
        }
    }

    pub(super) fn link_fetch(
        &self,
        id: RequestId,
        job: JobId,
        keys: Keys,
        now: OffsetDateTime,
    ) -> Option<Fetch> {
        self.deliveries.get(&job)?.fetch(id, keys, now)
    }

    /// The check passed: the runner hands the URL it signed to the page; the next file follows
    /// after a pause.
    pub(super) fn link_checked(&mut self, request: RequestId, job: JobId, now: OffsetDateTime) {
        let Some(delivery) = self.deliveries.get_mut(&job) else {
            return;
        };
        let Some(link) = delivery.hand_over(now) else {
            return;
        };
        let done = delivery.links.is_empty();
        self.out.push(Command::HandOver {
            request,
            job,
            name: link.name,
        });
        if done {
            self.end_delivery(job, Ok(()));
        }
    }

    /// Ends a delivery: what is left is not handed over, and the view is told.
    pub(super) fn end_delivery(&mut self, job: JobId, end: Result<(), Failure>) {
        let Some(delivery) = self.deliveries.remove(&job) else {
            return;
        };
        self.abort_where(|owner| owner == Owner::Delivery(job));
        self.out.push(Command::Report(Report::Delivered {
            job,
            handed: delivery.handed,
            failure: end.err(),
        }));
    }

    /// Links carry the keys they were signed with: other keys, or none, stop every delivery.
    pub(super) fn end_deliveries(&mut self, why: Option<Problem>) {
        let all: Vec<JobId> = self.deliveries.keys().copied().collect();
        for job in all {
            self.end_delivery(job, why.clone().map_or(Ok(()), |p| Err(p.into())));
        }
    }

    pub(super) fn wake_deliveries(&mut self, now: OffsetDateTime) {
        let due: Vec<JobId> = self
            .deliveries
            .iter_mut()
            .filter(|(_, d)| d.retries.backoff.is_some_and(|at| at <= now))
            .map(|(job, d)| {
                d.retries.backoff = None;
                *job
            })
            .collect();
        for job in due {
            self.next_link(job);
        }
    }
}
