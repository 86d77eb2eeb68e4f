//! Downloads of many files or one: list what is under a folder, ask, then stream into a picked folder (several at a time), one ZIP, or one saved file.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use time::OffsetDateTime;
use wasm_bindgen::JsValue;
use web_sys::FileSystemDirectoryHandle;

use super::state::{Alert, AppState};
use crate::core::bucket::Bucket;
use crate::core::download::{content_disposition, file_name};
use crate::core::engine::{End, Event, ListingId, Report};
use crate::core::messages::downloads_started;
use crate::core::problem::{Failure, Problem};
use crate::core::transfer_plan::in_parts;
use crate::core::transfers::{
    self, Abilities, FolderPlan, How, Outcome, PlannedFile, Rate, Target, What,
};
use crate::web::byte_sink::ByteSink;
use crate::web::folder_writer::FolderFile;
use crate::web::object_copy::{self, Opened, Watch};
use crate::web::parts_copy::copy_in_parts;
use crate::web::s3::{Client, IN_FLIGHT};
use crate::web::stream_download::{self, StreamDownload};
use crate::web::zip_out::ZipOut;
use crate::web::{fetch, picker};

/// Rows of the transfers list at most: beyond, finished files are counted, not listed.
pub const SHOWN: usize = 100;

/// One file of a transfer, its progress and outcome as signals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfer {
    /// Unique in the page (the same object may be listed twice: kept failed, and new).
    pub id: u64,
    pub key: StoredValue<String>,
    pub path: StoredValue<Vec<String>>,
    pub modified: StoredValue<Option<OffsetDateTime>>,
    pub size: u64,
    pub how: How,
    pub done: RwSignal<u64>,
    pub outcome: RwSignal<Outcome>,
    pub failure: RwSignal<Option<Failure>>,
    /// The object changed during the transfer: the file was started over.
    pub restarted: RwSignal<bool>,
    /// When its first bytes came (ms, `Date.now()`), for its rate.
    pub started: StoredValue<Option<f64>>,
    /// The user cancelled this file.
    pub cancelled: StoredValue<bool>,
    /// Where it comes from and goes (folder downloads): Retry reads the same bucket (whatever
    /// the page shows by then) into the same folder.
    folder: StoredValue<Option<(Bucket, FileSystemDirectoryHandle)>, LocalStorage>,
}

impl Transfer {
    fn new(
        file: PlannedFile,
        how: How,
        folder: Option<(Bucket, FileSystemDirectoryHandle)>,
    ) -> Self {
        thread_local! {
            static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
        }
        Transfer {
            id: NEXT.with(|n| n.replace(n.get() + 1)),
            key: StoredValue::new(file.key),
            path: StoredValue::new(file.path),
            modified: StoredValue::new(file.modified),
            size: file.size,
            how,
            done: RwSignal::new(0),
            outcome: RwSignal::new(Outcome::Queued),
            failure: RwSignal::new(None),
            restarted: RwSignal::new(false),
            started: StoredValue::new(None),
            cancelled: StoredValue::new(false),
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

    fn fail(&self, failure: Failure) {
        self.failure.set(Some(failure));
        self.outcome.set(Outcome::Failed);
    }
}

/// A folder or selection download being prepared.
#[derive(Debug, Clone, PartialEq)]
pub enum FolderStep {
    Listing,
    Ready { what: What, plan: FolderPlan },
}

/// What one run of transfers started under.
#[derive(Clone, Copy)]
struct Run {
    generation: u64,
    epoch: u64,
    app: AppState,
    /// Whether other keys stop the run (only the plain-http fallback, whose links carry the keys;
    /// folders, ZIPs and saved files wait for new keys and go on).
    follows_keys: bool,
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
    generation: StoredValue<u64>,
    /// The listing of the download being prepared, and what it is of.
    preparing: StoredValue<Option<(ListingId, What)>>,
}

pub fn use_transfers() -> Transfers {
    expect_context::<Transfers>()
}

/// The ways this browser, on this page, can deliver `files` files of `what`, best first.
pub fn choices(what: &What, files: usize) -> Vec<How> {
    let can = Abilities {
        pick_folder: picker::can_pick_folder(),
        stream: picker::can_pick_file() || stream_download::available(),
    };
    transfers::choices(what, files, can)
}

impl Transfers {
    pub fn new() -> Self {
        Transfers {
            items: RwSignal::new(Vec::new()),
            shown: RwSignal::new(Vec::new()),
            step: RwSignal::new(None),
            rate: RwSignal::new(Rate::default()),
            generation: StoredValue::new(0),
            preparing: StoredValue::new(None),
        }
    }

    /// "Download folder": lists everything under `prefix` and asks before starting.
    pub fn prepare_folder(&self, app: AppState, prefix: String, name: String) {
        self.prepare(
            app,
            What::Folder(name),
            prefix.clone(),
            vec![Target::Folder(prefix)],
        );
    }

    /// "Download selected": the checked files, and everything under the checked folders, with
    /// paths relative to the folder on screen (`base`).
    pub fn prepare_selection(&self, app: AppState, base: String, targets: Vec<Target>) {
        self.prepare(app, What::Selection, base, targets);
    }

    fn prepare(&self, app: AppState, what: What, base: String, targets: Vec<Target>) {
        let (Some(bucket), Some(runner)) = (app.bucket_or_alert(), app.runner()) else {
            return;
        };
        // A download being prepared before gives way to this one.
        if let Some((old, _)) = self.preparing.get_value() {
            runner.on(Event::Cancel(old));
        }
        let id = app.new_listing();
        self.preparing.set_value(Some((id, what)));
        self.step.set(Some(FolderStep::Listing));
        runner.on(Event::Collect {
            id,
            bucket,
            base,
            targets,
        });
    }

    /// Stops listing what a download would take.
    pub fn cancel_prepare(&self, app: AppState) {
        if let (Some((id, _)), Some(runner)) = (self.preparing.get_value(), app.runner()) {
            self.preparing.set_value(None);
            runner.on(Event::Cancel(id));
        }
        self.step.set(None);
    }

    /// What the engine reports of the download being prepared: its plan, or why there is none.
    pub fn on_report(&self, app: AppState, report: Report) {
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
                    let bucket = app.connection_bucket();
                    app.alert.set(Some(Alert::Failure { failure, bucket }));
                }
            }
            _ => {}
        }
    }

    /// The user chose how: asks where (folder, file), then starts.
    pub fn start(&self, app: AppState, how: How) {
        let Some(FolderStep::Ready { what, plan }) = self.step.get_untracked() else {
            return;
        };
        let Some(client) = app.client_or_alert() else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            let problem = |e: JsValue| {
                app.alert.set(Some(Alert::Failure {
                    failure: Failure::local(fetch::describe(&e)),
                    bucket: String::new(),
                }))
            };
            let bucket = client.bucket();
            let items = |this: Transfers,
                         files: Vec<PlannedFile>,
                         folder: Option<FileSystemDirectoryHandle>| {
                this.step.set(None);
                let folder = folder.map(|folder| (bucket.clone(), folder));
                let new: Vec<Transfer> = files
                    .into_iter()
                    .map(|f| Transfer::new(f, how, folder.clone()))
                    .collect();
                // A new download replaces the finished ones; files that need the user stay.
                this.items.update(|items| {
                    items.retain(|t| !t.outcome.get_untracked().is_done());
                    items.extend(new.iter().copied());
                });
                this.refresh_shown();
                new
            };
            match how {
                How::Folder => match picker::pick_folder().await {
                    Ok(Some(folder)) => {
                        let new = items(this, plan.files, Some(folder.clone()));
                        this.run_folder(app, client, folder, new);
                    }
                    Ok(None) => {}
                    Err(e) => problem(e),
                },
                How::Zip => {
                    let name = what.zip_name(&client.bucket().name);
                    match byte_sink(&name, None).await {
                        Ok(Some(out)) => {
                            let new = items(this, plan.files, None);
                            this.zip(app, client, new, ZipOut::new(out)).await;
                        }
                        Ok(None) => {}
                        Err(e) => problem(e),
                    }
                }
                How::OneFile => {
                    let Some(file) = plan.files.into_iter().next() else {
                        return;
                    };
                    match byte_sink(&file_name(&file.key), Some(file.size)).await {
                        Ok(Some(out)) => {
                            let new = items(this, vec![file], None);
                            this.save_one(app, client, new[0], out).await;
                        }
                        Ok(None) => {}
                        Err(e) => problem(e),
                    }
                }
                How::EachFile => {
                    this.step.set(None);
                    this.each_file(app, client, plan.files).await;
                }
            }
        });
    }

    /// Tries one file again (files in a folder only).
    pub fn retry(&self, app: AppState, transfer: Transfer) {
        let Some(current) = app.client_or_alert() else {
            return;
        };
        let Some((bucket, folder)) = transfer.folder.get_value() else {
            return;
        };
        let client = current.on_bucket(bucket.clone());
        // A fresh transfer of the same file: whatever of the old one is still stopping keeps
        // its own cancel, so the two never write the file at once.
        let file = PlannedFile {
            key: transfer.key.get_value(),
            path: transfer.path.get_value(),
            size: transfer.size,
            modified: transfer.modified.get_value(),
        };
        let fresh = Transfer::new(file, How::Folder, Some((bucket, folder.clone())));
        self.items.update(|items| {
            if let Some(slot) = items.iter_mut().find(|t| t.id == transfer.id) {
                *slot = fresh;
            }
        });
        self.refresh_shown();
        self.run_folder(app, client, folder, vec![fresh]);
    }

    /// Stops one file: queued, it never starts; running, it stops and nothing of it is kept.
    pub fn cancel(&self, transfer: Transfer) {
        transfer.cancelled.set_value(true);
        if matches!(
            transfer.outcome.get_untracked(),
            Outcome::Queued | Outcome::Paused
        ) {
            transfer.outcome.set(Outcome::Cancelled);
        }
    }

    /// Stops every transfer; files not finished are discarded. Running files say Cancelled once
    /// their work has stopped (so a Retry cannot race it).
    pub fn cancel_all(&self) {
        self.generation.update_value(|g| *g += 1);
        for t in self.items.get_untracked() {
            if matches!(t.outcome.get_untracked(), Outcome::Queued | Outcome::Paused) {
                t.outcome.set(Outcome::Cancelled);
            }
        }
    }

    /// Chooses the rows on screen (see `core::transfers::shown`).
    pub fn refresh_shown(&self) {
        let shown = self.items.with_untracked(|items| {
            let outcomes = items.iter().map(|t| t.outcome.get_untracked());
            transfers::shown(outcomes, SHOWN)
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

    /// Runs `items` into the picked folder with at most `IN_FLIGHT` at once, until done or
    /// cancelled. Files under way when the keys run out go on with their connections; the others
    /// wait (Paused) for new keys, and so does a file whose connection drops meanwhile.
    fn run_folder(
        &self,
        app: AppState,
        client: Client,
        folder: FileSystemDirectoryHandle,
        items: Vec<Transfer>,
    ) {
        let queue = Rc::new(RefCell::new(VecDeque::from(items)));
        let run = Run {
            follows_keys: false,
            ..self.run(app)
        };
        for _ in 0..IN_FLIGHT {
            let (queue, client, folder, this) =
                (queue.clone(), client.clone(), folder.clone(), *self);
            spawn_local(async move {
                loop {
                    let next = queue.borrow_mut().pop_front();
                    let Some(t) = next else { return };
                    this.save_when_keys(app, &client, &folder, t, run).await;
                }
            });
        }
    }

    /// Saves `t` into `folder` with the keys in use (on the run's bucket, `run_client`'s),
    /// waiting while there are none.
    async fn save_when_keys(
        &self,
        app: AppState,
        run_client: &Client,
        folder: &FileSystemDirectoryHandle,
        t: Transfer,
        run: Run,
    ) {
        loop {
            if !self.going(t, run) {
                t.outcome.set(Outcome::Cancelled);
                return;
            }
            let Some(client) = app.keys_on(run_client) else {
                t.outcome.set(Outcome::Paused);
                fetch::sleep(500).await;
                continue;
            };
            t.outcome.set(Outcome::Running);
            match self.save_in_folder(&client, folder, t, run).await {
                // Refused for expired keys (by the page, or by S3): wait for new ones.
                Err(failure) if failure.problem == Problem::KeysExpired => {
                    app.keys_ran_out(&client);
                    t.outcome.set(Outcome::Paused);
                }
                result => return self.settle(t, run, result),
            }
        }
    }

    /// One file into its place below the picked folder; a file that does not check out is not kept.
    async fn save_in_folder(
        &self,
        client: &Client,
        folder: &FileSystemDirectoryHandle,
        t: Transfer,
        run: Run,
    ) -> Result<Outcome, Failure> {
        let key = t.key.get_value();
        let opened = object_copy::open(client, &key).await?;
        let mut file = FolderFile::create(folder, &t.path.get_value())
            .await
            .map_err(|e| Failure::save(fetch::describe(&e)))?;
        // Parts are checked against the ETag: without one, one stream.
        let etag = opened.headers().and_then(|r| fetch::header(r, "etag"));
        if in_parts(t.size) && etag.is_some() {
            let watch = self.watch(t, run);
            let copied = copy_in_parts(client, opened, &key, t.size, &file, &watch).await;
            if !matches!(copied, Ok(ref outcome) if outcome.is_done()) {
                file.discard().await;
            }
            return copied;
        }
        let copied = self.copy(client, opened, t, &mut file, run).await;
        match copied {
            Ok(outcome) if outcome.is_done() && self.going(t, run) => {
                file.close()
                    .await
                    .map_err(|e| Failure::save(fetch::describe(&e)))?;
                Ok(outcome)
            }
            other => {
                file.discard().await;
                other
            }
        }
    }

    /// Streams the files one after another into one ZIP, opening the next few while one streams
    /// (their answers wait in the browser), so small files do not each wait a round trip.
    async fn zip(&self, app: AppState, client: Client, items: Vec<Transfer>, mut zip: ZipOut) {
        // A file being written keeps its connection when the keys run out; the next ones wait.
        let mut run = Run {
            follows_keys: false,
            ..self.run(app)
        };
        let (this, generation) = (*self, run.generation);
        zip.stop_when(move || this.generation.get_value() != generation);
        let mut client = client;
        let open = |client: &Client, t: &Transfer| {
            let (client, key) = (client.clone(), t.key.get_value());
            let (opening, handle) =
                async move { object_copy::open(&client, &key).await }.remote_handle();
            spawn_local(opening);
            handle
        };
        // Files opened ahead (their answers wait in the browser), by index.
        let mut ahead = VecDeque::new();
        let mut next = 0;
        // Set when one file could not go into the ZIP whole: the ZIP stops there.
        let mut stopped = false;
        // Set when S3 refused a file because the keys just ran out (the page may not know yet).
        let mut keys_ran_out = false;
        'files: for (i, t) in items.iter().copied().enumerate() {
            let opened = loop {
                // Nothing more is signed once cancelled (or the keys forgotten).
                if stopped || !self.current(run) {
                    break 'files;
                }
                if keys_ran_out || app.keys_epoch() != run.epoch {
                    // The keys ran out or were replaced: what was opened ahead goes (this file
                    // too); wait for new keys.
                    ahead.clear();
                    next = i;
                    let Some(fresh) = self
                        .new_keys(app, &client, &items[i..], &mut zip, run)
                        .await
                    else {
                        break 'files;
                    };
                    (client, run.epoch, keys_ran_out) = (fresh, app.keys_epoch(), false);
                }
                while next < items.len() && next < i + IN_FLIGHT {
                    if !items[next].cancelled.get_value() {
                        ahead.push_back((next, open(&client, &items[next])));
                    }
                    next += 1;
                }
                let opening = match ahead.front() {
                    Some((j, _)) if *j == i => ahead.pop_front().map(|(_, opening)| opening),
                    _ => None,
                };
                let Some(opening) = opening.filter(|_| !t.cancelled.get_value()) else {
                    continue 'files;
                };
                t.outcome.set(Outcome::Running);
                match opening.await {
                    Err(failure) if failure.problem == Problem::KeysExpired => {
                        // This file waits for the new keys with the rest, then opens again.
                        app.keys_ran_out(&client);
                        t.outcome.set(Outcome::Queued);
                        keys_ran_out = true;
                    }
                    Err(failure) => {
                        // Nothing of it was written: the ZIP goes on without it.
                        t.fail(failure);
                        continue 'files;
                    }
                    Ok(opened) => break opened,
                }
            };
            let result = async {
                let save = |e: JsValue| Failure::save(fetch::describe(&e));
                let mut entry = zip
                    .start_entry(
                        &t.path.get_value().join("/"),
                        t.modified.get_value(),
                        t.size,
                    )
                    .await
                    .map_err(save)?;
                let outcome = self.copy(&client, opened, t, &mut entry, run).await?;
                entry.finish().await.map_err(save)?;
                Ok::<_, Failure>(outcome)
            }
            .await;
            if !self.current(run) {
                break;
            }
            match result {
                Ok(outcome) if outcome.is_done() => t.outcome.set(outcome),
                // Damaged, or stopped part-way: its bytes are in the ZIP already, so the ZIP
                // stops rather than keep a bad file.
                Ok(outcome) => {
                    t.outcome.set(outcome);
                    stopped = true;
                }
                Err(failure) => {
                    t.fail(failure);
                    stopped = true;
                }
            }
        }
        drop(ahead);
        if !stopped && self.current(run) {
            if let Err(e) = zip.finish().await {
                stopped = true;
                app.alert.set(Some(Alert::Failure {
                    failure: Failure::save(fetch::describe(&e)),
                    bucket: String::new(),
                }));
            }
        } else {
            zip.abort().await;
        }
        // What the files the ZIP never took say: cancelled by the user, or why it stopped.
        let left = (stopped && self.generation.get_value() == run.generation)
            .then(|| Failure::from(Problem::NotInZip));
        for t in items {
            if matches!(
                t.outcome.get_untracked(),
                Outcome::Queued | Outcome::Running | Outcome::Paused
            ) {
                match &left {
                    Some(failure) => t.fail(failure.clone()),
                    None => t.outcome.set(Outcome::Cancelled),
                }
            }
        }
    }

    /// One file saved by the page into the save dialog's file or the download manager.
    async fn save_one(&self, app: AppState, client: Client, t: Transfer, mut out: ByteSink) {
        // Its one connection stays good when the keys run out; a resume after that waits for new keys.
        let run = Run {
            follows_keys: false,
            ..self.run(app)
        };
        let this = *self;
        out.stop_when(move || !this.going(t, run));
        t.outcome.set(Outcome::Running);
        let result = async {
            let opened = object_copy::open(&client, &t.key.get_value()).await?;
            self.copy(&client, opened, t, &mut out, run).await
        }
        .await;
        let result = match result {
            Ok(outcome) if outcome.is_done() && self.going(t, run) => out
                .finish()
                .await
                .map(|_| outcome)
                .map_err(|e| Failure::save(fetch::describe(&e))),
            other => {
                out.abort().await;
                other
            }
        };
        self.settle(t, run, result);
    }

    /// Copies one opened object into `sink`, telling `t` its progress.
    async fn copy(
        &self,
        client: &Client,
        opened: Opened,
        t: Transfer,
        sink: &mut dyn object_copy::Sink,
        run: Run,
    ) -> Result<Outcome, Failure> {
        let watch = self.watch(t, run);
        object_copy::copy(client, opened, &t.key.get_value(), t.size, sink, &watch).await
    }

    /// What a copy of `t` reports to (its progress) and asks (whether to go on); starts its clock.
    fn watch(&self, t: Transfer, run: Run) -> Watch {
        t.done.set(0);
        t.started.set_value(Some(js_sys::Date::now()));
        let this = *self;
        Watch {
            progress: Box::new(move |n| t.done.update(|d| *d = d.saturating_add(n))),
            restarted: Box::new(move || {
                t.restarted.set(true);
                t.done.set(0);
            }),
            keep_going: Box::new(move || this.going(t, run)),
            paused: Box::new(move |paused| {
                t.outcome.set(if paused {
                    Outcome::Paused
                } else {
                    Outcome::Running
                })
            }),
            keys_after: Box::new(move |refused| {
                run.app.keys_ran_out(refused);
                run.app.keys_on(refused)
            }),
        }
    }

    /// The plain-http fallback: one presigned download per file, handed to the browser in turn.
    async fn each_file(&self, app: AppState, client: Client, files: Vec<PlannedFile>) {
        let run = self.run(app);
        let count = files.len();
        for file in files {
            if !self.current(run) {
                return;
            }
            let name = file.path.last().cloned().unwrap_or_default();
            let still = || self.current(run);
            if !app
                .hand_to_browser(&client, &file.key, &name, file.size, still)
                .await
            {
                return;
            }
            // Browsers drop downloads that start too close together.
            fetch::sleep(400).await;
        }
        app.notice
            .set(Some(downloads_started(app.lang.get_untracked(), count)));
    }

    /// Records how a file ended (see `core::transfers::settled`).
    fn settle(&self, t: Transfer, run: Run, result: Result<Outcome, Failure>) {
        let (outcome, failure) = transfers::settled(result, self.going(t, run));
        t.failure.set(failure);
        t.outcome.set(outcome);
    }

    fn run(&self, app: AppState) -> Run {
        Run {
            generation: self.generation.get_value(),
            epoch: app.keys_epoch(),
            app,
            follows_keys: true,
        }
    }

    /// Whether a run may go on: not cancelled, and (if it follows them) still the same keys.
    fn current(&self, run: Run) -> bool {
        self.generation.get_value() == run.generation
            && (!run.follows_keys || run.app.keys_epoch() == run.epoch)
    }

    /// The keys ran out during a ZIP: the files not yet in it wait (Paused) until new keys are
    /// pasted, while the download is kept alive. `None` if the user cancels meanwhile.
    async fn new_keys(
        &self,
        app: AppState,
        client: &Client,
        waiting: &[Transfer],
        zip: &mut ZipOut,
        run: Run,
    ) -> Option<Client> {
        let paused: Vec<Transfer> = waiting
            .iter()
            .copied()
            .filter(|t| t.outcome.get_untracked() == Outcome::Queued)
            .collect();
        for t in &paused {
            t.outcome.set(Outcome::Paused);
        }
        let client = loop {
            if self.generation.get_value() != run.generation {
                return None;
            }
            if app.keys_epoch() != run.epoch {
                if let Some(client) = app.keys_on(client) {
                    break client;
                }
            }
            zip.keep_alive();
            fetch::sleep(500).await;
        };
        for t in &paused {
            if t.outcome.get_untracked() == Outcome::Paused {
                t.outcome.set(Outcome::Queued);
            }
        }
        Some(client)
    }

    /// Whether one file may go on.
    fn going(&self, t: Transfer, run: Run) -> bool {
        self.current(run) && !t.cancelled.get_value()
    }
}

/// Where a ZIP or one saved file goes: the save dialog where the browser has one, else the
/// download manager through the service worker. `None` when the user closed the dialog.
async fn byte_sink(name: &str, size: Option<u64>) -> Result<Option<ByteSink>, JsValue> {
    if picker::can_pick_file() {
        return match picker::pick_file(name).await? {
            Some(handle) => Ok(Some(ByteSink::file(&handle).await?)),
            None => Ok(None),
        };
    }
    let download = StreamDownload::start(&content_disposition(name), size).await?;
    Ok(Some(ByteSink::Download(download)))
}

impl Default for Transfers {
    fn default() -> Self {
        Transfers::new()
    }
}
