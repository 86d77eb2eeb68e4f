//! Folder downloads: list everything under a folder, ask, pick a folder, then stream each file into it, six at a time.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::FileSystemDirectoryHandle;

use super::state::{Alert, AppState};
use crate::core::actions::Object;
use crate::core::integrity::{choose, ChecksumHeaders, Unverifiable, Verifier};
use crate::core::messages::{label, Label};
use crate::core::problem::Failure;
use crate::core::retry::backoff;
use crate::core::transfer_plan::{check_range, RangeCheck};
use crate::core::transfers::{plan_folder, FolderPlan, Outcome};
use crate::web::s3::Client;
use crate::web::{fetch, folder_writer, picker};

/// Requests in flight at once: browsers open at most six HTTP/1.1 connections per host.
pub const IN_FLIGHT: usize = 6;

/// How many times one file resumes after dropped connections before it is marked failed.
pub const MAX_RESUMES: u32 = 10;

/// One file of a transfer, its progress and outcome as signals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfer {
    pub key: StoredValue<String>,
    pub path: StoredValue<Vec<String>>,
    pub size: u64,
    pub done: RwSignal<u64>,
    pub outcome: RwSignal<Outcome>,
    pub failure: RwSignal<Option<Failure>>,
    /// The object changed during the transfer: the file was started over.
    pub restarted: RwSignal<bool>,
}

/// What a download being prepared is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// One folder (by name), its files landing directly in the picked folder.
    Folder(String),
    /// The rows the user checked, keeping their folder names.
    Selection,
}

/// One checked row: a whole folder, or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Folder(String),
    File { key: String, size: u64 },
}

/// A folder or selection download being prepared.
#[derive(Debug, Clone, PartialEq)]
pub enum FolderStep {
    Listing { what: What },
    Ready { what: What, plan: FolderPlan },
}

/// What one run of transfers started under.
#[derive(Clone, Copy)]
struct Run {
    generation: u64,
    epoch: u64,
    app: AppState,
}

/// The signals of the transfers, provided beside `AppState`.
#[derive(Clone, Copy)]
pub struct Transfers {
    pub items: RwSignal<Vec<Transfer>>,
    pub step: RwSignal<Option<FolderStep>>,
    generation: StoredValue<u64>,
}

thread_local! {
    /// The folder the user picked (a browser handle: page memory only).
    static TARGET: RefCell<Option<FileSystemDirectoryHandle>> = const { RefCell::new(None) };
}

pub fn use_transfers() -> Transfers {
    expect_context::<Transfers>()
}

impl Transfers {
    pub fn new() -> Self {
        Transfers {
            items: RwSignal::new(Vec::new()),
            step: RwSignal::new(None),
            generation: StoredValue::new(0),
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
        if !picker::can_pick_folder() {
            app.notice.set(Some(
                label(app.lang.get_untracked(), Label::NoFolderPicker).to_owned(),
            ));
            return;
        }
        let Some(client) = app.client_or_alert() else {
            return;
        };
        self.step
            .set(Some(FolderStep::Listing { what: what.clone() }));
        let step = self.step;
        spawn_local(async move {
            let mut objects = Vec::new();
            for target in targets {
                match target {
                    Target::File { key, size } => objects.push(Object::new(&key, size)),
                    Target::Folder(prefix) => match client.list_all(&prefix).await {
                        Ok(found) => objects.extend(found),
                        Err(failure) => {
                            step.set(None);
                            app.alert.set(Some(Alert::Failure {
                                failure,
                                bucket: client.bucket().name,
                            }));
                            return;
                        }
                    },
                }
            }
            step.set(Some(FolderStep::Ready {
                what,
                plan: plan_folder(objects, &base),
            }));
        });
    }

    /// "Choose folder and start": the picker, then the transfers.
    pub fn start(&self, app: AppState) {
        let Some(FolderStep::Ready { plan, .. }) = self.step.get_untracked() else {
            return;
        };
        let Some(client) = app.client_or_alert() else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            let folder = match picker::pick_folder().await {
                Ok(Some(folder)) => folder,
                Ok(None) => return,
                Err(e) => {
                    app.alert.set(Some(Alert::Failure {
                        failure: Failure::local(fetch::describe(&e)),
                        bucket: String::new(),
                    }));
                    return;
                }
            };
            TARGET.with(|t| *t.borrow_mut() = Some(folder));
            this.step.set(None);
            let new: Vec<Transfer> = plan
                .files
                .into_iter()
                .map(|f| Transfer {
                    key: StoredValue::new(f.key),
                    path: StoredValue::new(f.path),
                    size: f.size,
                    done: RwSignal::new(0),
                    outcome: RwSignal::new(Outcome::Queued),
                    failure: RwSignal::new(None),
                    restarted: RwSignal::new(false),
                })
                .collect();
            this.items.update(|items| items.extend(new.iter().copied()));
            this.run(app, client, new);
        });
    }

    /// Tries one file again.
    pub fn retry(&self, app: AppState, transfer: Transfer) {
        let Some(client) = app.client_or_alert() else {
            return;
        };
        transfer.done.set(0);
        transfer.failure.set(None);
        transfer.outcome.set(Outcome::Queued);
        self.run(app, client, vec![transfer]);
    }

    /// New keys: every file paused when the old ones ran out goes on.
    pub fn resume_paused(&self, app: AppState) {
        let paused: Vec<Transfer> = self
            .items
            .get_untracked()
            .into_iter()
            .filter(|t| t.outcome.get_untracked() == Outcome::Paused)
            .collect();
        if paused.is_empty() {
            return;
        }
        let Some(client) = app.client_or_alert() else {
            return;
        };
        for t in &paused {
            t.done.set(0);
            t.outcome.set(Outcome::Queued);
        }
        self.run(app, client, paused);
    }

    /// Stops every transfer; files not finished are discarded by the browser.
    pub fn cancel_all(&self) {
        self.generation.update_value(|g| *g += 1);
        for t in self.items.get_untracked() {
            if matches!(
                t.outcome.get_untracked(),
                Outcome::Queued | Outcome::Running
            ) {
                t.outcome.set(Outcome::Cancelled);
            }
        }
    }

    /// Runs `items` with at most `IN_FLIGHT` requests at once, until done, cancelled, or the keys
    /// change (then what is left is paused).
    fn run(&self, app: AppState, client: Client, items: Vec<Transfer>) {
        let Some(folder) = TARGET.with(|t| t.borrow().clone()) else {
            return;
        };
        let queue = Rc::new(RefCell::new(VecDeque::from(items)));
        let run = Run {
            generation: self.generation.get_value(),
            epoch: app.keys_epoch(),
            app,
        };
        for _ in 0..IN_FLIGHT {
            let (queue, client, folder, this) =
                (queue.clone(), client.clone(), folder.clone(), *self);
            spawn_local(async move {
                loop {
                    let next = queue.borrow_mut().pop_front();
                    let Some(transfer) = next else { return };
                    if !this.current(run) {
                        transfer.outcome.set(this.stopped_as(run));
                        continue;
                    }
                    this.one(&client, &folder, transfer, run).await;
                }
            });
        }
    }

    /// Whether a run may go on: not cancelled, and still the keys it started with.
    fn current(&self, run: Run) -> bool {
        self.generation.get_value() == run.generation && run.app.keys_epoch() == run.epoch
    }

    /// What a stopped run's files become: cancelled by the user, or paused for new keys.
    fn stopped_as(&self, run: Run) -> Outcome {
        if self.generation.get_value() == run.generation {
            Outcome::Paused
        } else {
            Outcome::Cancelled
        }
    }

    async fn one(
        &self,
        client: &Client,
        folder: &FileSystemDirectoryHandle,
        t: Transfer,
        run: Run,
    ) {
        t.outcome.set(Outcome::Running);
        let outcome = match self.fetch_verified(client, folder, t, run).await {
            _ if !self.current(run) => self.stopped_as(run),
            Ok(outcome) => outcome,
            Err(failure) => {
                t.failure.set(Some(failure));
                Outcome::Failed
            }
        };
        t.outcome.set(outcome);
    }

    /// Streams one object into its file, resuming with `Range: bytes=N-` after a dropped
    /// connection (the ETag must not change; if it does, the file starts over and says so), then
    /// checks it against S3's checksum.
    async fn fetch_verified(
        &self,
        client: &Client,
        folder: &FileSystemDirectoryHandle,
        t: Transfer,
        run: Run,
    ) -> Result<Outcome, Failure> {
        let key = t.key.get_value();
        let local = |e: wasm_bindgen::JsValue| Failure::local(fetch::describe(&e));
        let mut response = client.open_object(&key).await?;
        let etag = fetch::header(&response, "etag");
        let check = choose(&(&checksum_headers(&response)).into());
        let mut verifier = check.ok().map(Verifier::new);
        let mut file = folder_writer::create_file(folder, &t.path.get_value())
            .await
            .map_err(local)?;
        let mut received = 0u64;
        let mut resumes = 0u32;
        loop {
            let body = response
                .body()
                .ok_or_else(|| Failure::local("no body".into()))?;
            let (n, ended) = folder_writer::pump(
                &body,
                &file,
                verifier.as_mut(),
                |n| t.done.update(|d| *d += n),
                || self.current(run),
            )
            .await;
            received += n;
            if !self.current(run) {
                folder_writer::discard(&file).await;
                return Ok(self.stopped_as(run));
            }
            if ended.is_ok() && received >= t.size {
                break;
            }
            // A cut connection (or a body shorter than the object): go on from where it stopped.
            resumes += 1;
            if resumes > MAX_RESUMES {
                folder_writer::discard(&file).await;
                return Err(Failure::no_answer(true));
            }
            fetch::sleep(backoff(resumes.min(4)).as_millis() as u32).await;
            response = client.open_object_from(&key, received).await?;
            let (answer_etag, range) = (
                fetch::header(&response, "etag"),
                fetch::header(&response, "content-range"),
            );
            match check_range(
                etag.as_deref(),
                answer_etag.as_deref(),
                range.as_deref(),
                received,
                t.size,
            ) {
                RangeCheck::Continue => {}
                RangeCheck::ObjectChanged | RangeCheck::Unexpected => {
                    // Start over from the first byte, with the object as it is now.
                    folder_writer::discard(&file).await;
                    t.restarted.set(true);
                    t.done.set(0);
                    received = 0;
                    response = client.open_object(&key).await?;
                    verifier = choose(&(&checksum_headers(&response)).into())
                        .ok()
                        .map(Verifier::new);
                    file = folder_writer::create_file(folder, &t.path.get_value())
                        .await
                        .map_err(local)?;
                }
            }
        }
        folder_writer::close(&file).await.map_err(local)?;
        Ok(match (verifier.map(Verifier::matches), check) {
            (Some(true), _) => Outcome::Verified,
            (Some(false), _) => Outcome::Mismatch,
            (None, Err(why)) => Outcome::NotVerifiable(why),
            (None, Ok(_)) => Outcome::NotVerifiable(Unverifiable::NoChecksum),
        })
    }
}

/// The checksum headers of an answer (exposed by the portal's CORS rule).
fn checksum_headers(response: &web_sys::Response) -> OwnedChecksums {
    let header = |name: &str| fetch::header(response, name);
    OwnedChecksums([
        header("etag"),
        header("x-amz-checksum-crc32"),
        header("x-amz-checksum-crc32c"),
        header("x-amz-checksum-sha256"),
        header("x-amz-server-side-encryption"),
    ])
}

/// Owned header values, lent to `ChecksumHeaders`.
struct OwnedChecksums([Option<String>; 5]);

impl<'a> From<&'a OwnedChecksums> for ChecksumHeaders<'a> {
    fn from(h: &'a OwnedChecksums) -> Self {
        let [etag, crc32, crc32c, sha256, sse] = &h.0;
        ChecksumHeaders {
            etag: etag.as_deref(),
            crc32: crc32.as_deref(),
            crc32c: crc32c.as_deref(),
            sha256: sha256.as_deref(),
            server_side_encryption: sse.as_deref(),
        }
    }
}

impl Default for Transfers {
    fn default() -> Self {
        Transfers::new()
    }
}
