//! Downloads as the view sees them: asks what to download and how, hands the engine the files and the runner where they go, and shows what the engine reports.

use leptos::prelude::*;
use leptos::task::spawn_local;
use time::OffsetDateTime;
use wasm_bindgen::JsValue;
use web_sys::FileSystemDirectoryHandle;

use super::{next_id, Alert, AppState};
use crate::core::bucket::Bucket;
use crate::core::download::{content_disposition, file_name};
use crate::core::download_plan::{
    self, Abilities, DownloadOf, FolderPlan, OnExisting, Outcome, Pick, PlannedFile, Rate, SaveAs,
};
use crate::core::engine::delivery::Link;
use crate::core::engine::existing::Question;
use crate::core::engine::{Download, End, Event, FileId, JobId, ListingId, Report};
use crate::core::problem::{Failure, Problem};
use crate::platform::fetch;
use crate::web::picker;
use crate::web::runner_link::{RunnerLink, SaveTo};
use crate::web::stream_download;

/// Rows of the transfers list at most: beyond, finished files are counted, not listed, and the
/// rows are those that need the user first, then those running, then the next ones. Refreshed
/// every second, a ZIP of 2,000 small files replaces every row shown each time: 100 rows cost
/// this Chromium 54–81 ms of main thread per second (measured), 30 stay well under 50 ms.
pub const SHOWN: usize = 30;

/// One file of a transfer, its progress and outcome as signals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfer {
    /// Unique in the page (the same object may be listed twice: kept failed, and new).
    pub id: u64,
    pub key: StoredValue<String>,
    /// Where it lands (another name when the user keeps both).
    pub path: RwSignal<Vec<String>>,
    pub modified: StoredValue<Option<OffsetDateTime>>,
    pub size: u64,
    pub how: SaveAs,
    pub done: RwSignal<u64>,
    pub outcome: RwSignal<Outcome>,
    pub failure: RwSignal<Option<Failure>>,
    /// The object changed during the transfer: the file was started over.
    pub restarted: RwSignal<bool>,
    /// When its first bytes came (ms, `Date.now()`), for its rate.
    pub started: StoredValue<Option<f64>>,
    /// Where it comes from and goes (folder downloads): Retry reads the same bucket (whatever
    /// the page shows by then) into the same folder.
    folder: StoredValue<Option<(Bucket, FileSystemDirectoryHandle)>, LocalStorage>,
}

impl Transfer {
    fn new(
        file: PlannedFile,
        how: SaveAs,
        folder: Option<(Bucket, FileSystemDirectoryHandle)>,
    ) -> Self {
        Transfer {
            id: next_id(),
            key: StoredValue::new(file.key),
            path: RwSignal::new(file.path),
            modified: StoredValue::new(file.modified),
            size: file.size,
            how,
            done: RwSignal::new(0),
            outcome: RwSignal::new(Outcome::Queued),
            failure: RwSignal::new(None),
            restarted: RwSignal::new(false),
            started: StoredValue::new(None),
            folder: StoredValue::new_local(folder),
        }
    }

    pub fn can_retry(&self) -> bool {
        self.outcome.get().can_retry(self.how)
    }

    pub fn can_cancel(&self) -> bool {
        let begun = self.started.get_value().is_some();
        self.outcome.get().can_cancel(self.how, begun)
    }

    /// The file as planned, for Retry.
    fn planned(&self) -> PlannedFile {
        PlannedFile {
            key: self.key.get_value(),
            path: self.path.get_untracked(),
            size: self.size,
            modified: self.modified.get_value(),
        }
    }
}

/// A folder or selection download being prepared.
#[derive(Debug, Clone, PartialEq)]
pub enum FolderStep {
    Listing,
    Ready { what: DownloadOf, plan: FolderPlan },
}

/// The signals of the transfers, provided beside `AppState`.
#[derive(Clone, Copy)]
pub struct Transfers {
    pub items: RwSignal<Vec<Transfer>>,
    /// The rows on screen: all of them up to `SHOWN`, else those that matter now (refreshed with
    /// the clock, so thousands of files do not each re-lay out a huge table).
    pub shown: RwSignal<Vec<Transfer>>,
    pub step: RwSignal<Option<FolderStep>>,
    /// The total rate, sampled every second.
    pub rate: RwSignal<Rate>,
    /// Questions open (a file meets one of its name in the picked folder), one per download.
    pub asking: RwSignal<Vec<(JobId, Question)>>,
    /// The files listed, in id order (ids only grow), for the engine's reports.
    index: StoredValue<Vec<Transfer>>,
    /// The listing of the download being prepared, and what it is of.
    preparing: StoredValue<Option<(ListingId, DownloadOf)>>,
    /// Carries out the downloads (set when the app starts).
    runner: StoredValue<Option<RunnerLink>, LocalStorage>,
}

/// A browser that did not take a streamed download gets its files one by one from now on.
fn refuse_if_not_taken(failure: Option<&Failure>) {
    if failure.is_some_and(|f| f.problem == Problem::DownloadNotTaken) {
        stream_download::refuse();
    }
}

pub fn use_transfers() -> Transfers {
    expect_context::<Transfers>()
}

/// The ways this browser, on this page, can deliver `files` files of `what`, best first.
pub fn choices(what: &DownloadOf, files: usize) -> Vec<SaveAs> {
    let can = Abilities {
        pick_folder: picker::can_pick_folder(),
        stream: picker::can_pick_file() || stream_download::available(),
    };
    download_plan::choices(what, files, can)
}

impl Transfers {
    pub fn new() -> Self {
        Transfers {
            items: RwSignal::new(Vec::new()),
            shown: RwSignal::new(Vec::new()),
            step: RwSignal::new(None),
            rate: RwSignal::new(Rate::default()),
            asking: RwSignal::new(Vec::new()),
            index: StoredValue::new(Vec::new()),
            preparing: StoredValue::new(None),
            runner: StoredValue::new_local(None),
        }
    }

    /// The runner that carries out the downloads.
    pub fn set_runner(&self, runner: RunnerLink) {
        self.runner.set_value(Some(runner));
    }

    /// "Download folder": lists everything under `prefix` and asks before starting.
    pub fn prepare_folder(&self, app: AppState, prefix: String, name: String) {
        self.prepare(app, DownloadOf::Folder(name), |id, bucket| Event::Collect {
            id,
            bucket,
            base: prefix.clone(),
            picks: vec![Pick::Folder(prefix)],
        });
    }

    /// "Download selected": the selected files of the listing shown, and everything under its
    /// selected folders, with paths relative to the folder on screen.
    pub fn prepare_selected(&self, app: AppState) {
        let Some(from) = app.shown_listing() else {
            return;
        };
        self.prepare(app, DownloadOf::Selection, |id, _| Event::CollectSelected {
            id,
            from,
        });
    }

    /// Starts the listing `collect` makes, under a new id, for the connected bucket.
    fn prepare(
        &self,
        app: AppState,
        what: DownloadOf,
        collect: impl FnOnce(ListingId, Bucket) -> Event,
    ) {
        let (Some(bucket), Some(runner)) = (app.bucket_or_alert(), app.runner()) else {
            return;
        };
        // A download being prepared before gives way to this one.
        if let Some((old, _)) = self.preparing.get_value() {
            runner.send(Event::Cancel(old));
        }
        let id = app.new_listing();
        self.preparing.set_value(Some((id, what)));
        self.step.set(Some(FolderStep::Listing));
        runner.send(collect(id, bucket));
    }

    /// Stops listing what a download would take.
    pub fn cancel_prepare(&self, app: AppState) {
        if let (Some((id, _)), Some(runner)) = (self.preparing.get_value(), app.runner()) {
            self.preparing.set_value(None);
            runner.send(Event::Cancel(id));
        }
        self.step.set(None);
    }

    /// What the engine reports of the downloads: where each file stands, and of the download
    /// being prepared, its plan or why there is none.
    pub fn on_report(&self, app: AppState, report: Report) {
        let find = |file: FileId| {
            self.index.with_value(|i| {
                let at = i.binary_search_by_key(&file.0, |t| t.id).ok()?;
                Some(i[at])
            })
        };
        match report {
            Report::File {
                file,
                outcome,
                failure,
            } => {
                refuse_if_not_taken(failure.as_ref());
                if let Some(t) = find(file) {
                    if outcome == Outcome::Running && t.started.get_value().is_none() {
                        t.started.set_value(Some(js_sys::Date::now()));
                    }
                    if failure.is_some() || outcome.is_done() {
                        t.failure.set(failure);
                    }
                    t.outcome.set(outcome);
                }
                return;
            }
            Report::Progress { file, done } => {
                if let Some(t) = find(file) {
                    t.done.set(done);
                }
                return;
            }
            Report::Exists { job, question } => {
                self.asking.update(|asking| {
                    asking.retain(|(j, _)| *j != job);
                    asking.extend(question.map(|q| (job, q)));
                });
                return;
            }
            Report::Renamed { file, path } => {
                if let Some(t) = find(file) {
                    t.path.set(path);
                }
                return;
            }
            Report::Restarted { file } => {
                if let Some(t) = find(file) {
                    t.restarted.set(true);
                }
                return;
            }
            Report::JobEnded { job, failure } => {
                self.asking
                    .update(|asking| asking.retain(|(j, _)| *j != job));
                refuse_if_not_taken(failure.as_ref());
                if let Some(failure) = failure {
                    app.show(Alert::Failure {
                        failure,
                        bucket: String::new(),
                    });
                }
                return;
            }
            Report::KeysRanOut { .. } => return app.keys_ran_out(),
            _ => {}
        }
        let Some((id, what)) = self.preparing.get_value() else {
            return;
        };
        match report {
            Report::Planned { listing, plan } if listing == id => {
                self.preparing.set_value(None);
                self.step.set(Some(FolderStep::Ready { what, plan }));
            }
            Report::Listed { listing, end } if listing == id => {
                self.preparing.set_value(None);
                self.step.set(None);
                if let End::Failed(failure) = end {
                    app.failed(failure);
                }
            }
            _ => {}
        }
    }

    /// The user chose how: asks where (folder, file), then hands the files to the engine.
    pub fn start(&self, app: AppState, how: SaveAs) {
        let Some(FolderStep::Ready { what, plan }) = self.step.get_untracked() else {
            return;
        };
        let Some(bucket) = app.bucket_or_alert() else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            let problem = |e: JsValue| {
                app.show(Alert::Failure {
                    failure: Failure::local(fetch::describe(&e)),
                    bucket: String::new(),
                })
            };
            let (files, out) = match how {
                SaveAs::Folder => match picker::pick_folder().await {
                    Ok(Some(folder)) => (plan.files, SaveTo::Folder(folder)),
                    Ok(None) => return,
                    Err(e) => return problem(e),
                },
                SaveAs::Zip => match byte_sink(&what.zip_name(&bucket.name), None).await {
                    Ok(Some(into)) => (plan.files, into),
                    Ok(None) => return,
                    Err(e) => return problem(e),
                },
                SaveAs::OneFile => {
                    let Some(file) = plan.files.into_iter().next() else {
                        return;
                    };
                    match byte_sink(&file_name(&file.key), Some(file.size)).await {
                        Ok(Some(into)) => (vec![file], into),
                        Ok(None) => return,
                        Err(e) => return problem(e),
                    }
                }
                SaveAs::EachFile => {
                    this.step.set(None);
                    return this.each_file(app, plan.files);
                }
            };
            this.step.set(None);
            let folder = match &out {
                SaveTo::Folder(folder) => Some((bucket.clone(), folder.clone())),
                _ => None,
            };
            let new: Vec<Transfer> = files
                .into_iter()
                .map(|f| Transfer::new(f, how, folder.clone()))
                .collect();
            // A new download replaces the finished ones; files that need the user stay.
            let kept = |t: &Transfer| !t.outcome.get_untracked().is_done();
            this.items.update(|items| {
                items.retain(kept);
                items.extend(new.iter().copied());
            });
            // New ids are the largest: the index stays in id order.
            this.index.update_value(|index| {
                index.retain(kept);
                index.extend(new.iter().copied());
            });
            let into_file = matches!(out, SaveTo::File(_));
            let files = new.iter().map(|t| (FileId(t.id), t.planned())).collect();
            let download = Download::new(JobId(next_id()), how, bucket, files, into_file);
            this.run(app, download, out);
        });
    }

    /// Hands `download` to the runner, written into `out` (its files are listed already).
    fn run(&self, app: AppState, download: Download, out: SaveTo) {
        self.refresh_shown();
        let Some(runner) = app.runner() else {
            return;
        };
        runner.download(download, out);
    }

    /// Tries one file again (files in a folder only): a fresh transfer into the same folder, from
    /// the same bucket, whatever the page shows by then.
    pub fn retry(&self, app: AppState, transfer: Transfer) {
        let Some((bucket, folder)) = transfer.folder.get_value() else {
            return;
        };
        // Keys first (the alert asks for them): without, the file would wait for whichever keys
        // come next.
        if !app.keys_or_alert() {
            return;
        }
        let fresh = Transfer::new(
            transfer.planned(),
            SaveAs::Folder,
            Some((bucket.clone(), folder.clone())),
        );
        self.items.update(|items| {
            if let Some(slot) = items.iter_mut().find(|t| t.id == transfer.id) {
                *slot = fresh;
            }
        });
        // The fresh id is the largest: the index stays in id order.
        self.index.update_value(|index| {
            index.retain(|t| t.id != transfer.id);
            index.push(fresh);
        });
        let begun = transfer.started.get_value().is_some();
        let file = (FileId(fresh.id), fresh.planned());
        let download = Download::retry(JobId(next_id()), bucket, file, begun);
        self.run(app, download, SaveTo::Folder(folder));
    }

    /// The user's answer to the question `job` asked.
    pub fn answer(&self, job: JobId, file: FileId, choice: OnExisting, all: bool) {
        if let Some(runner) = self.runner.get_value() {
            runner.send(Event::OnExisting {
                job,
                file,
                choice,
                all,
            });
        }
    }

    /// Stops one file: queued, it never starts; running, it stops and nothing of it is kept.
    pub fn cancel(&self, transfer: Transfer) {
        if let Some(runner) = self.runner.get_value() {
            runner.send(Event::CancelFile(FileId(transfer.id)));
        }
    }

    /// The runner stopped: no file still under way will be finished.
    pub fn fail_unfinished(&self, failure: &Failure) {
        self.settle_unfinished(Outcome::Failed, Some(failure));
    }

    /// The page ended the runner's worker (Forget): every file under way says Cancelled, and
    /// nothing is asked or prepared any more.
    pub fn forgotten(&self) {
        self.runner.set_value(None);
        self.preparing.set_value(None);
        self.asking.set(Vec::new());
        self.settle_unfinished(Outcome::Cancelled, None);
    }

    /// Every file still under way ends as `outcome`, for `failure`.
    fn settle_unfinished(&self, outcome: Outcome, failure: Option<&Failure>) {
        for t in self.items.get_untracked() {
            if t.outcome.get_untracked().is_under_way() {
                t.failure.set(failure.cloned());
                t.outcome.set(outcome.clone());
            }
        }
        self.step.set(None);
        self.refresh_shown();
    }

    /// Stops every transfer; files not finished are discarded. Running files say Cancelled once
    /// their work has stopped (so a Retry cannot race it).
    pub fn cancel_all(&self) {
        if let Some(runner) = self.runner.get_value() {
            runner.send(Event::CancelTransfers);
        }
    }

    /// Chooses the rows on screen (see `core::download_plan::shown`).
    pub fn refresh_shown(&self) {
        let shown = self.items.with_untracked(|items| {
            let outcomes = items.iter().map(|t| t.outcome.get_untracked());
            download_plan::shown(outcomes, SHOWN)
                .into_iter()
                .map(|i| items[i])
                .collect::<Vec<_>>()
        });
        if self.shown.with_untracked(|now| *now != shown) {
            self.shown.set(shown);
        }
    }

    /// Called every second: samples the bytes done for the total rate and refreshes the rows.
    pub fn sample(&self) {
        self.refresh_shown();
        let done = self.items.with_untracked(|items| {
            items
                .iter()
                .fold(0u64, |sum, i| sum.saturating_add(i.done.get_untracked()))
        });
        self.rate
            .update(|rate| rate.sample(js_sys::Date::now(), done));
    }

    /// The plain-http fallback: each file its own download, handed to the browser in turn.
    fn each_file(&self, app: AppState, files: Vec<PlannedFile>) {
        let links = files.into_iter().map(Link::of).collect();
        app.deliver(links);
    }
}

/// Where a ZIP or one saved file goes: the save dialog where the browser has one, else the
/// download manager through the service worker. `None` when the user closed the dialog.
async fn byte_sink(name: &str, size: Option<u64>) -> Result<Option<SaveTo>, JsValue> {
    if picker::can_pick_file() {
        return Ok(picker::pick_file(name).await?.map(SaveTo::File));
    }
    let announced = stream_download::start(&content_disposition(name), size).await?;
    Ok(Some(SaveTo::Stream(announced)))
}

impl Default for Transfers {
    fn default() -> Self {
        Transfers::new()
    }
}
