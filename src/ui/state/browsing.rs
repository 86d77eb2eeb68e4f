//! Browsing: the folder on screen and its listing, the filter, folder facts, a preview, a share link and Check setup — each asked of the engine and shown as it reports.

use leptos::prelude::*;

use super::{next_id, AppState};
use crate::core::bucket::Bucket;
use crate::core::engine::check::{CheckId, Findings};
use crate::core::engine::index::{Line, Rows, Window};
use crate::core::engine::preview::{PreviewBody, PreviewId};
use crate::core::engine::{Event, ListingId, ShareId, SharedLink};
use crate::core::flow::{Listing, View};
use crate::core::fragment::Place;
use crate::core::order::Sort;
use crate::core::problem::Failure;

/// Where a folder listing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListStatus {
    #[default]
    Idle,
    Loading,
    Done,
    Cancelled,
    Failed,
    /// Access was denied above the folder the keys were given for: not an error.
    OutsideScope,
}

/// The folder on screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Browse {
    pub place: Option<Place>,
    pub window: Window,
    pub status: ListStatus,
}

/// Folder facts asked for: files counted below the folder on screen and their bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub listing: ListingId,
    pub files: u64,
    pub bytes: u64,
    pub status: ListStatus,
}

/// A preview asked for: the file, and what it shows once that came.
#[derive(Debug, Clone, PartialEq)]
pub struct Previewing {
    pub id: PreviewId,
    pub name: String,
    pub result: Option<Result<PreviewBody, Failure>>,
}

/// A share link asked for, and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sharing {
    pub id: ShareId,
    pub result: Option<Result<SharedLink, Failure>>,
}

/// A check of the setup asked for, and what it found once done.
#[derive(Debug, Clone, PartialEq)]
pub struct Checking {
    pub id: CheckId,
    pub bucket: String,
    pub prefix: String,
    pub findings: Option<Findings>,
}

/// The place on screen: the folder, its rows and checked rows, the listing loading it.
#[derive(Clone, Copy)]
pub struct Browsing {
    pub view: RwSignal<View>,
    /// Check setup, once run.
    pub check: RwSignal<Option<Checking>>,
    pub browse: RwSignal<Browse>,
    /// The filter typed for the folder on screen.
    pub filter: RwSignal<String>,
    /// "Search all sub-folders": the folder is listed at every depth.
    pub recursive: RwSignal<bool>,
    /// The share link being made or shown.
    pub sharing: RwSignal<Option<Sharing>>,
    /// Folder facts of the folder on screen, once asked for.
    pub facts: RwSignal<Option<Facts>>,
    /// The file being previewed.
    pub preview: RwSignal<Option<Previewing>>,
    /// The keys and bucket panels are folded into one line, giving the listing the room.
    pub folded: RwSignal<bool>,
    /// The listing on screen while it loads.
    pub(super) loading: StoredValue<Option<ListingId>>,
    /// The listing whose rows are on screen (loading or not).
    pub(super) shown: StoredValue<Option<ListingId>>,
}

impl Browsing {
    pub(super) fn new() -> Self {
        Browsing {
            view: RwSignal::new(View::Files),
            check: RwSignal::new(None),
            browse: RwSignal::new(Browse::default()),
            filter: RwSignal::new(String::new()),
            recursive: RwSignal::new(false),
            sharing: RwSignal::new(None),
            facts: RwSignal::new(None),
            preview: RwSignal::new(None),
            folded: RwSignal::new(false),
            loading: StoredValue::new(None),
            shown: StoredValue::new(None),
        }
    }
}

impl AppState {
    /// A fresh id for a listing.
    pub fn new_listing(&self) -> ListingId {
        ListingId(next_id())
    }

    /// The listing whose rows are on screen.
    pub fn shown_listing(&self) -> Option<ListingId> {
        self.place.shown.get_value()
    }

    /// Shows `place` afresh (no rows, no filter) and lists it as the flow machine says.
    pub(super) fn show_folder(&self, place: Place, listing: Listing) {
        self.place.filter.set(String::new());
        self.place.recursive.set(false);
        self.start_listing(place, listing);
    }

    /// "Search all sub-folders" on or off: the folder on screen is listed again at every depth
    /// (or one level), and the filter typed so far applies to what comes.
    pub fn search_all(&self, on: bool) {
        let Some(place) = self.place.browse.with_untracked(|b| b.place.clone()) else {
            return;
        };
        // The box says what was asked, even when there are no keys to list with.
        self.place.recursive.set(on);
        let Some(bucket) = self.bucket_or_alert() else {
            return;
        };
        // As any new listing does, it clears what the alert said of the one before.
        self.dismiss();
        let listing = Listing::List {
            bucket,
            start: self.start_prefix(),
        };
        self.start_listing(place, listing);
        let text = self.place.filter.get_untracked();
        if !text.is_empty() {
            self.tell_shown(|listing| Event::Filter { listing, text });
        }
    }

    fn start_listing(&self, place: Place, listing: Listing) {
        self.cancel();
        self.stop_counting();
        self.place.facts.set(None);
        self.close_preview();
        self.notice.set(None);
        let status = match &listing {
            Listing::Waiting => ListStatus::Idle,
            Listing::Unusable => ListStatus::Failed,
            Listing::List { .. } => ListStatus::Loading,
        };
        self.place.shown.set_value(None);
        self.place.browse.set(Browse {
            place: Some(place.clone()),
            window: Window::default(),
            status,
        });
        let (Listing::List { bucket, start }, Some(runner)) = (listing, self.runner()) else {
            return;
        };
        let id = self.new_listing();
        self.place.loading.set_value(Some(id));
        self.place.shown.set_value(Some(id));
        runner.send(Event::List {
            id,
            bucket,
            prefix: place.prefix,
            start,
            sort: place.sort,
            recursive: self.place.recursive.get_untracked(),
        });
    }

    /// The rows the ended runner listed go, and the count (the folder stays, for the next keys).
    pub(super) fn forget_rows(&self) {
        self.place.loading.set_value(None);
        self.place.shown.set_value(None);
        self.place.browse.update(|b| {
            b.window = Window::default();
            b.status = ListStatus::Idle;
        });
        self.place.facts.set(None);
    }

    /// Tells the engine what the listing shown is to do with its rows (a window, a filter, a
    /// sort, a selection), if one is shown.
    fn tell_shown(&self, event: impl FnOnce(ListingId) -> Event) {
        if let (Some(id), Some(runner)) = (self.place.shown.get_value(), self.runner()) {
            runner.send(event(id));
        }
    }

    /// The table shows `count` rows from `first`.
    pub fn view(&self, first: usize, count: usize) {
        self.tell_shown(|listing| Event::View {
            listing,
            first,
            count,
        });
    }

    /// Shows only rows whose name holds `text`.
    pub fn filter(&self, text: String) {
        self.place.filter.set(text.clone());
        self.tell_shown(|listing| Event::Filter { listing, text });
    }

    /// Sorts the rows on screen (the flow machine put the sort in the place).
    pub(super) fn sort_shown(&self, sort: Sort) {
        self.tell_shown(|listing| Event::Sort { listing, sort });
    }

    /// Selects (`on`) or unselects rows of the listing shown.
    pub fn select(&self, rows: Rows, on: bool) {
        self.tell_shown(|listing| Event::Select { listing, rows, on });
    }

    /// Stops the listing in progress; the rows so far stay.
    pub fn cancel(&self) {
        if let (Some(id), Some(runner)) = (self.place.loading.get_value(), self.runner()) {
            self.place.loading.set_value(None);
            runner.send(Event::Cancel(id));
        }
        self.place.browse.update(|b| {
            if b.status == ListStatus::Loading {
                b.status = ListStatus::Cancelled;
            }
        });
    }

    /// Runs Check setup against `bucket` and `prefix`.
    pub(super) fn start_check(&self, bucket: Bucket, prefix: String) {
        self.ensure_runner();
        let Some(runner) = self.runner() else {
            return;
        };
        let id = CheckId(next_id());
        self.place.check.set(Some(Checking {
            id,
            bucket: bucket.name.clone(),
            prefix: prefix.clone(),
            findings: None,
        }));
        runner.send(Event::Check { id, bucket, prefix });
    }

    /// Shows a file in the page (text, image, PDF, audio or video), in place of the one before.
    pub fn preview(&self, line: &Line) {
        let (Some(bucket), Some(runner)) = (self.bucket_or_alert(), self.runner()) else {
            return;
        };
        let id = PreviewId(next_id());
        self.place.preview.set(Some(Previewing {
            id,
            name: line.name.clone(),
            result: None,
        }));
        runner.send(Event::Preview {
            id,
            bucket,
            key: line.key.clone(),
            size: line.size,
        });
    }

    /// Closes the preview shown: the runner lets its bytes go.
    pub fn close_preview(&self) {
        let Some(id) = self
            .place
            .preview
            .with_untracked(|p| p.as_ref().map(|p| p.id))
        else {
            return;
        };
        self.place.preview.set(None);
        if let Some(runner) = self.runner() {
            runner.send(Event::ClosePreview(id));
        }
    }

    /// Counts the files below the folder on screen at every depth, and their bytes.
    pub fn count_folder(&self) {
        self.stop_counting();
        let Some(prefix) = self
            .place
            .browse
            .with_untracked(|b| b.place.as_ref().map(|p| p.prefix.clone()))
        else {
            return;
        };
        let (Some(bucket), Some(runner)) = (self.bucket_or_alert(), self.runner()) else {
            return;
        };
        let listing = self.new_listing();
        self.place.facts.set(Some(Facts {
            listing,
            files: 0,
            bytes: 0,
            status: ListStatus::Loading,
        }));
        runner.send(Event::Count {
            id: listing,
            bucket,
            prefix,
        });
    }

    /// Stops counting (what was counted stays, said as a lower bound).
    pub fn stop_counting(&self) {
        let counting = self
            .place
            .facts
            .with_untracked(|f| f.filter(|f| f.status == ListStatus::Loading));
        if let (Some(facts), Some(runner)) = (counting, self.runner()) {
            runner.send(Event::Cancel(facts.listing));
        }
    }

    /// Asks for a share link to `key` living `lifetime` (within the keys and seven days).
    pub fn share(&self, key: String, lifetime: std::time::Duration) {
        let (Some(bucket), Some(runner)) = (self.bucket_or_alert(), self.runner()) else {
            return;
        };
        let id = ShareId(next_id());
        self.place.sharing.set(Some(Sharing { id, result: None }));
        runner.send(Event::Share {
            id,
            bucket,
            key,
            lifetime,
        });
    }
}
