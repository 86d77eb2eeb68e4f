//! Deliveries: files handed to the browser's download manager one by one, by links the runner checks first.

use leptos::prelude::*;

use super::{next_id, AppState};
use crate::core::download::file_name;
use crate::core::engine::delivery::Link;
use crate::core::engine::{Event, JobId};
use crate::core::messages;
use crate::core::problem::Failure;
use crate::web::delivery;

/// Plain-link deliveries under way, by job, with how many files each hands over.
pub type UnderWay = StoredValue<Vec<(JobId, usize)>>;

impl AppState {
    /// Hands one file to the browser's download manager (by a link the runner checks first).
    pub fn download(&self, key: String, size: u64) {
        let name = file_name(&key);
        self.deliver(vec![Link { key, name, size }]);
    }

    /// Hands files to the browser's download manager, one after another.
    pub fn deliver(&self, links: Vec<Link>) {
        let (Some(bucket), Some(runner)) = (self.bucket_or_alert(), self.runner()) else {
            return;
        };
        let job = JobId(next_id());
        self.deliveries.update_value(|d| {
            d.push((job, links.len()));
        });
        runner.send(Event::Deliver { job, bucket, links });
    }

    /// The runner checked a file's link: the browser gets it, unless the keys went meanwhile
    /// (a link crossing Forget, or other keys, on its way is never used).
    pub(super) fn deliver_link(&self, job: JobId, url: String, name: String) {
        let files = self
            .deliveries
            .with_value(|d| d.iter().find(|(j, _)| *j == job).map(|(_, n)| *n));
        if files.is_none() || self.session.keys.with_untracked(Option::is_none) {
            return;
        }
        match delivery::deliver(&url) {
            Ok(()) if files == Some(1) => self.notice.set(Some(messages::download_started(
                self.prefs.lang.get_untracked(),
                &name,
            ))),
            Ok(()) => {}
            Err(e) => self.show(super::Alert::Failure {
                failure: Failure::local(e),
                bucket: String::new(),
            }),
        }
    }

    /// A delivery ended: how many files the browser got, or why it stopped.
    pub(super) fn delivered(&self, job: JobId, handed: usize, failure: Option<Failure>) {
        let files = self
            .deliveries
            .try_update_value(|d| {
                let at = d.iter().position(|(j, _)| *j == job)?;
                Some(d.remove(at).1)
            })
            .flatten();
        match failure {
            Some(failure) => self.failed(failure),
            None if files.is_some_and(|n| n > 1) => self.notice.set(Some(
                messages::downloads_started(self.prefs.lang.get_untracked(), handed),
            )),
            None => {}
        }
    }

    /// The keys ended: no delivery under way hands over another file.
    pub(super) fn forget_deliveries(&self) {
        self.deliveries.set_value(Vec::new());
    }
}
