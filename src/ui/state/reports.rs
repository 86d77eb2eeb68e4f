//! The one report router: every report of the runner's engine goes to the part of the page that asked for it, told apart by its id.

use leptos::prelude::*;

use super::downloads::Transfers;
use super::{AppState, ListStatus};
use crate::core::engine::{End, Report};
use crate::core::flow::FlowEvent;

impl AppState {
    /// Routes one report: the listing on screen, folder facts, a preview, a share link, Check
    /// setup, deliveries, the keys' flow, and the downloads (everything else).
    pub(super) fn route_report(&self, transfers: Transfers, report: Report) {
        let shown = self.place.shown.get_value();
        let loading = self.place.loading.get_value();
        let counting = self.place.facts.with_untracked(|f| f.map(|f| f.listing));
        match report {
            Report::Window { listing, window } if shown == Some(listing) => {
                if self.flow.with_value(|f| f.folds_on_rows()) {
                    self.send(FlowEvent::RowsShown);
                }
                self.place.browse.update(|b| b.window = window);
            }
            Report::Listed { listing, end } if loading == Some(listing) => {
                self.place.loading.set_value(None);
                let status = match end {
                    End::Done { .. } => ListStatus::Done,
                    End::Cancelled => ListStatus::Cancelled,
                    End::OutsideScope => ListStatus::OutsideScope,
                    End::Failed(failure) => {
                        self.send(FlowEvent::ListingFailed(failure));
                        ListStatus::Failed
                    }
                };
                self.place.browse.update(|b| b.status = status);
            }
            Report::Facts {
                listing,
                files,
                bytes,
            } if counting == Some(listing) => self.place.facts.update(|f| {
                if let Some(f) = f.as_mut() {
                    (f.files, f.bytes) = (files, bytes);
                }
            }),
            Report::Listed { listing, end } if counting == Some(listing) => {
                let status = match end {
                    End::Done { .. } => ListStatus::Done,
                    End::Failed(failure) => {
                        self.failed(failure);
                        ListStatus::Failed
                    }
                    _ => ListStatus::Cancelled,
                };
                self.place.facts.update(|f| {
                    if let Some(f) = f.as_mut() {
                        f.status = status;
                    }
                });
            }
            Report::Preview { id, result } => self.place.preview.update(|p| {
                if let Some(p) = p.as_mut().filter(|p| p.id == id) {
                    p.result = Some(result);
                }
            }),
            Report::Shared { id, result } => self.place.sharing.update(|s| {
                if let Some(s) = s.as_mut().filter(|s| s.id == id) {
                    s.result = Some(result);
                }
            }),
            Report::Checked { id, findings } => self.place.check.update(|c| {
                if let Some(c) = c.as_mut().filter(|c| c.id == id) {
                    c.findings = Some(findings);
                }
            }),
            Report::Deliver { job, url, name } => self.deliver_link(job, url, name),
            Report::Delivered {
                job,
                handed,
                failure,
            } => self.delivered(job, handed, failure),
            Report::Region { bucket, region } => self.send(FlowEvent::Region { bucket, region }),
            Report::Assumed { result } => self.send(FlowEvent::Assumed(result)),
            Report::MfaCodeNeeded { expires_at } => {
                self.send(FlowEvent::MfaCodeNeeded { expires_at })
            }
            report => transfers.on_report(*self, report),
        }
    }
}
