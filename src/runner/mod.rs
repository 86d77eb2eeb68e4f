//! The runner: carries out the engine's commands — holds the keys, signs, fetches (abortable, with deadlines, bodies under caps), writes bodies into files, a ZIP or a download, and wakes the engine on time. No Leptos.
//!
//! It runs in a dedicated worker (`worker.rs`, the `runner` binary); everything it touches goes
//! through the global scope, so the same code also runs in the page (its browser tests do).

pub mod body_reader;
pub mod byte_sink;
pub mod download_port;
pub mod folder_writer;
pub mod job_output;
pub mod open_object;
pub mod sink;
pub mod sts;
pub mod worker;
pub mod zip_out;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use time::OffsetDateTime;
use wasm_bindgen_futures::spawn_local;
use web_sys::AbortController;

use self::job_output::{FileOut, JobOutput, Out, WriteTo};
use self::open_object::{open_object, Opening};
use crate::core::credentials::Credentials;
use crate::core::engine::preview::{PreviewBody, PreviewId, PreviewKind, Source};
use crate::core::engine::{
    Answer, Close, Command, Download, Engine, Event, Fetch, FileId, JobId, Keys, KeysId, NoAnswer,
    Pump, Report, RequestId, ShareId, SharedLink, Signing,
};
use crate::core::integrity::Verifier;
use crate::core::problem::{Failure, Problem};
use crate::core::signing::{Request, Signer};
use crate::platform::clock;
use crate::platform::fetch::{self, read_whole};
use crate::platform::timer::{sleep, Timer};

/// The engine and what carries out its commands. Clones share one engine.
#[derive(Clone)]
pub struct Runner(Rc<RefCell<Inner>>);

struct Inner {
    engine: Engine,
    /// The keys in use: only here, in memory.
    keys: Option<(KeysId, Credentials)>,
    next_keys: u64,
    /// Requests under way, each with its own abort.
    running: BTreeMap<RequestId, AbortController>,
    /// Objects whose answer came, bodies unread until the engine says where they go.
    bodies: BTreeMap<RequestId, web_sys::Response>,
    /// Each job's output, and whether the runner gave up on it.
    jobs: BTreeMap<JobId, (JobOutput, Rc<Cell<bool>>)>,
    files: BTreeMap<FileId, FileOut>,
    /// Bodies being written, by job.
    pumps: BTreeMap<RequestId, JobId>,
    /// Signed URLs kept until their answer is in (a link to hand over if it checks out).
    urls: BTreeMap<RequestId, String>,
    /// Bodies kept for a preview, until the engine says to show them.
    kept: BTreeMap<RequestId, web_sys::Blob>,
    /// The `blob:` URLs of previews shown, until the engine releases them.
    previews: BTreeMap<PreviewId, String>,
    /// The wake-up the engine asked for.
    wake: Option<(OffsetDateTime, Timer)>,
    report: Rc<dyn Fn(Report)>,
    /// Told when the clock that signs is corrected (the page shows times with it too).
    clock_moved: Option<Rc<dyn Fn(i64)>>,
    /// Told just before a file is made in a picked folder (the page has it removed if this
    /// worker is ended before the file's outcome).
    file_made: Option<FileMade>,
    /// Long-term keys and the role they assume, kept (in memory only) to renew the session.
    session: Option<crate::core::sts::Assume>,
    /// Counts the sessions asked for: an answer for an older one is dropped.
    session_number: u64,
    /// When the session is renewed.
    renewal: Option<Timer>,
}

/// Told of a file made new in a picked folder: its job, file and path below the folder.
type FileMade = Rc<dyn Fn(JobId, FileId, Vec<String>)>;

/// `name` in NFC, when it differs, by the browser's own `String.prototype.normalize` (no
/// Unicode tables in the program).
fn nfc(name: &str) -> Option<String> {
    let normalized: String = js_sys::JsString::from(name).normalize("NFC").into();
    (normalized != name).then_some(normalized)
}

impl Runner {
    /// A runner whose engine tells `report` what the view should show.
    pub fn new(report: impl Fn(Report) + 'static) -> Self {
        Runner(Rc::new(RefCell::new(Inner {
            engine: Engine::with_normalize(nfc),
            keys: None,
            next_keys: 0,
            running: BTreeMap::new(),
            bodies: BTreeMap::new(),
            jobs: BTreeMap::new(),
            files: BTreeMap::new(),
            pumps: BTreeMap::new(),
            urls: BTreeMap::new(),
            kept: BTreeMap::new(),
            previews: BTreeMap::new(),
            wake: None,
            report: Rc::new(report),
            clock_moved: None,
            file_made: None,
            session: None,
            session_number: 0,
            renewal: None,
        })))
    }

    /// Tells `f` each correction of the clock (in milliseconds).
    pub fn on_clock_moved(&self, f: impl Fn(i64) + 'static) {
        self.0.borrow_mut().clock_moved = Some(Rc::new(f));
    }

    /// `f` is told each file made new in a picked folder.
    pub fn on_file_made(&self, f: impl Fn(JobId, FileId, Vec<String>) + 'static) {
        self.0.borrow_mut().file_made = Some(Rc::new(f));
    }

    /// The page's new keys (pasted or typed): a session assumed before is over, and is not
    /// renewed; requests from now on are signed with these.
    pub fn use_keys(&self, creds: Credentials) {
        {
            let mut inner = self.0.borrow_mut();
            inner.session = None;
            inner.renewal = None;
        }
        self.sign_with(creds);
    }

    /// Requests from now on are signed with `creds`.
    fn sign_with(&self, creds: Credentials) {
        let keys = {
            let mut inner = self.0.borrow_mut();
            inner.next_keys += 1;
            let id = KeysId(inner.next_keys);
            let expires_at = creds.expires_at;
            inner.keys = Some((id, creds));
            Keys { id, expires_at }
        };
        self.handle(Event::Keys(keys));
    }

    /// Drops the keys first, then stops every request the engine made.
    pub fn forget_keys(&self) {
        {
            let mut inner = self.0.borrow_mut();
            inner.keys = None;
            inner.session = None;
            inner.renewal = None;
        }
        self.handle(Event::ForgetKeys);
    }

    /// Starts a download into `out` (the folder, ZIP or file the page was given).
    pub fn download(&self, download: Download, out: Out) {
        let stopped = Rc::new(Cell::new(false));
        let job = JobOutput::new(out, stopped.clone());
        self.0
            .borrow_mut()
            .jobs
            .insert(download.job, (job, stopped));
        self.handle(Event::Download(download));
    }

    /// Hands `event` to the engine and carries out what it says.
    pub fn handle(&self, event: Event) {
        let (commands, report) = {
            let mut inner = self.0.borrow_mut();
            let commands = inner.engine.handle(event, clock::now());
            (commands, inner.report.clone())
        };
        for command in commands {
            match command {
                Command::Fetch(fetch) => self.fetch(fetch),
                Command::Abort(id) => self.abort(id),
                Command::AdjustClock(ms) => {
                    clock::adjust(ms);
                    let moved = self.0.borrow().clock_moved.clone();
                    if let Some(moved) = moved {
                        moved(ms);
                    }
                }
                Command::Pump(pump) => self.pump(pump),
                Command::Close(close) => self.close(close),
                Command::Survey { job, folders } => self.survey(job, folders),
                Command::EndJob { job, keep } => self.end_job(job, keep),
                Command::HandOver { request, job, name } => {
                    let url = self.0.borrow_mut().urls.remove(&request);
                    if let Some(url) = url {
                        report(Report::Deliver { job, url, name });
                    }
                }
                Command::Share {
                    id,
                    signing,
                    request,
                    until,
                } => self.share(id, signing, request, until),
                Command::ShowPreview {
                    preview,
                    kind,
                    source,
                } => self.show_preview(preview, kind, source),
                Command::ReleasePreview(preview) => {
                    if let Some(url) = self.0.borrow_mut().previews.remove(&preview) {
                        let _ = web_sys::Url::revoke_object_url(&url);
                    }
                }
                Command::Defer => {
                    // A turn later: the fetches just started are on their way meanwhile.
                    let this = self.clone();
                    spawn_local(async move {
                        sleep(0).await;
                        this.handle(Event::Resume);
                    });
                }
                Command::Report(r) => report(r),
            }
        }
        self.schedule_wake();
    }

    fn abort(&self, id: RequestId) {
        let (abort, body, job) = {
            let mut inner = self.0.borrow_mut();
            inner.urls.remove(&id);
            inner.kept.remove(&id);
            let job = inner.pumps.get(&id).copied();
            (
                inner.running.remove(&id),
                inner.bodies.remove(&id),
                job.and_then(|job| inner.jobs.get(&job).map(|(_, stopped)| stopped.clone())),
            )
        };
        if let Some(abort) = abort {
            abort.abort();
        }
        // An answer held for its turn: its body goes now, not at garbage collection.
        if let Some(stream) = body.and_then(|b| b.body()) {
            let _ = stream.cancel();
        }
        // A body being written into a download waiting for room stops waiting.
        if let Some(stopped) = job {
            stopped.set(true);
        }
    }

    /// Writes an opened body where the engine says; always tells it how the body ended.
    fn pump(&self, pump: Pump) {
        let this = self.clone();
        spawn_local(async move {
            let end = this.write_body(&pump).await;
            {
                let mut inner = this.0.borrow_mut();
                inner.pumps.remove(&pump.request);
                inner.running.remove(&pump.request);
            }
            this.handle(Event::BodyEnded {
                request: pump.request,
                end,
            });
        });
    }

    async fn write_body(&self, pump: &Pump) -> crate::core::engine::BodyEnd {
        use crate::core::engine::BodyEnd;
        let response = {
            let mut inner = self.0.borrow_mut();
            inner.pumps.insert(pump.request, pump.job);
            inner.bodies.remove(&pump.request)
        };
        let Some(body) = response.and_then(|r| r.body()) else {
            return BodyEnd::Cut;
        };
        let wrote = |bytes| {
            self.handle(Event::Pumped {
                request: pump.request,
                bytes,
            })
        };
        // The job's output: a folder (shared by parts), or a stream lent to this pump.
        let (folder, mut stream) = match self.0.borrow_mut().jobs.get_mut(&pump.job) {
            Some((JobOutput::Folder(root), _)) => (Some(root.clone()), None),
            Some((job, _)) => (None, job.lend()),
            None => (None, None),
        };
        let mut file = self
            .0
            .borrow_mut()
            .files
            .remove(&pump.file)
            .unwrap_or_default();
        let end = async {
            if let Some(begin) = &pump.begin {
                file.verifier = begin.check.map(Verifier::new);
                match (&folder, stream.as_mut()) {
                    (Some(root), _) => {
                        // On failure the file stays known, so a discard can still remove it.
                        // Said before the file is made: a worker ended in between leaves no
                        // file unnamed.
                        let making = || {
                            let told = self.0.borrow().file_made.clone();
                            if let Some(told) = told {
                                told(pump.job, pump.file, begin.path.clone());
                            }
                        };
                        match job_output::begin_in_folder(root, begin, file.file.clone(), making)
                            .await
                        {
                            Ok(made) => file.file = Some(made),
                            Err(failure) => return BodyEnd::Sink(failure),
                        }
                    }
                    (None, Some(job)) => {
                        if let Err(failure) = job_output::begin_in_stream(job, begin).await {
                            return BodyEnd::Sink(failure);
                        }
                    }
                    (None, None) => return BodyEnd::Cut,
                }
            }
            // Parts share the file: the verifier is this pump's only if it is the only one.
            let own = file.file.clone();
            self.0.borrow_mut().files.insert(
                pump.file,
                FileOut {
                    file: own.clone(),
                    verifier: None,
                },
            );
            let verifier = file.verifier.as_mut();
            match (own.as_deref(), stream.as_mut()) {
                (Some(at), _) => {
                    job_output::pump(&body, pump, WriteTo::At(at), verifier, &wrote).await
                }
                (None, Some(JobOutput::Zip(Some(zip)))) => {
                    let mut entry = zip.entry();
                    job_output::pump(&body, pump, WriteTo::Stream(&mut entry), verifier, &wrote)
                        .await
                }
                (None, Some(JobOutput::One(Some(sink)))) => {
                    job_output::pump(
                        &body,
                        pump,
                        WriteTo::Stream(sink.as_mut()),
                        verifier,
                        &wrote,
                    )
                    .await
                }
                _ => BodyEnd::Cut,
            }
        }
        .await;
        // Give back what was lent: the verifier to its file, the stream to its job.
        if let Some(verifier) = file.verifier.take() {
            self.0
                .borrow_mut()
                .files
                .entry(pump.file)
                .or_default()
                .verifier = Some(verifier);
        }
        self.give_back(pump.job, stream);
        end
    }

    /// Closes (or discards) one file, then tells the engine the verdict.
    /// Looks into a job's picked folder for what is there already, then tells the engine.
    fn survey(&self, job: JobId, folders: Vec<Vec<String>>) {
        let root = match self.0.borrow().jobs.get(&job) {
            Some((JobOutput::Folder(root), _)) => Some(root.clone()),
            _ => None,
        };
        let this = self.clone();
        spawn_local(async move {
            let found = match root {
                Some(root) => folder_writer::survey(&root, &folders).await,
                None => Vec::new(),
            };
            this.handle(Event::Surveyed { job, found });
        });
    }

    fn close(&self, close: Close) {
        let this = self.clone();
        spawn_local(async move {
            let file = this
                .0
                .borrow_mut()
                .files
                .remove(&close.file)
                .unwrap_or_default();
            let stream = this
                .0
                .borrow_mut()
                .jobs
                .get_mut(&close.job)
                .and_then(|(job, _)| job.lend());
            let result = match stream {
                Some(mut job) => {
                    let result =
                        job_output::close_in_stream(&mut job, file.verifier, &close.how).await;
                    this.give_back(close.job, Some(job));
                    result
                }
                None => job_output::close_in_folder(file.file, file.verifier, &close.how).await,
            };
            this.handle(Event::Closed {
                file: close.file,
                result,
            });
        });
    }

    /// Puts a lent stream back into its job (if the job is still there).
    fn give_back(&self, id: JobId, stream: Option<JobOutput>) {
        if let (Some(stream), Some((job, _))) = (stream, self.0.borrow_mut().jobs.get_mut(&id)) {
            *job = stream;
        }
    }

    /// Finishes or gives up a job's output, then tells the engine.
    fn end_job(&self, id: JobId, keep: bool) {
        let job = self.0.borrow_mut().jobs.remove(&id);
        let this = self.clone();
        spawn_local(async move {
            let result = match job {
                Some((job, stopped)) => {
                    stopped.set(!keep);
                    job.end(keep).await
                }
                None => Ok(()),
            };
            this.handle(Event::JobClosed { job: id, result });
        });
    }

    /// Sets (or moves, or drops) the timer for the engine's next wake-up.
    fn schedule_wake(&self) {
        let mut inner = self.0.borrow_mut();
        let at = inner.engine.poll_timeout();
        if inner.wake.as_ref().map(|(when, _)| *when) == at {
            return;
        }
        inner.wake = at.and_then(|at| {
            let ms = (at - clock::now()).whole_milliseconds().max(0) as u64;
            let this = self.clone();
            let timer = Timer::after(ms, move || {
                this.0.borrow_mut().wake = None;
                this.handle(Event::Wake);
            })?;
            Some((at, timer))
        });
    }

    /// `request` presigned with the keys the engine named, if they are still here.
    fn presign(&self, signing: &Signing, request: &Request) -> Result<String, NoAnswer> {
        match &self.0.borrow().keys {
            Some((id, creds)) if *id == signing.keys => {
                Signer::new(creds, &signing.region, clock::system_time())
                    .presign(request, signing.lifetime)
                    .map_err(|e| NoAnswer::Local(e.to_string()))
            }
            _ => Err(NoAnswer::KeysGone),
        }
    }

    /// Signs a share link and tells the view (the engine never sees a URL).
    fn share(&self, id: ShareId, signing: Signing, request: Request, until: OffsetDateTime) {
        let result = self
            .presign_link(&signing, &request)
            .map(|url| SharedLink { url, until });
        let report = self.0.borrow().report.clone();
        report(Report::Shared { id, result });
    }

    /// `request` presigned as a link for the view, or why not in the view's words.
    fn presign_link(&self, signing: &Signing, request: &Request) -> Result<String, Failure> {
        self.presign(signing, request).map_err(|why| match why {
            NoAnswer::Local(words) => Failure::local(words),
            _ => Problem::KeysExpired.into(),
        })
    }

    /// Makes a preview's URL (a `blob:` URL of the body kept for it, or a presigned one) and
    /// tells the view.
    fn show_preview(&self, id: PreviewId, kind: PreviewKind, source: Source) {
        let url = match source {
            Source::Kept(request) => {
                let Some(blob) = self.0.borrow_mut().kept.remove(&request) else {
                    return;
                };
                web_sys::Url::create_object_url_with_blob(&blob)
                    .map_err(|e| Failure::local(fetch::describe(&e)))
                    .inspect(|url| {
                        self.0.borrow_mut().previews.insert(id, url.clone());
                    })
            }
            Source::Signed { signing, request } => self.presign_link(&signing, &request),
        };
        let result = url.map(|url| PreviewBody::Url { kind, url });
        let report = self.0.borrow().report.clone();
        report(Report::Preview { id, result });
    }

    /// Signs (with the keys the engine named, if they are still here) and sends one request;
    /// its answer goes back to the engine unless the engine aborted it meanwhile.
    fn fetch(&self, fetch: Fetch) {
        let url = match &fetch.signing {
            None => Ok(fetch.request.full_url()),
            Some(signing) => self.presign(signing, &fetch.request),
        };
        let abort = match AbortController::new() {
            Ok(abort) => abort,
            Err(e) => return self.later(fetch.id, Err(NoAnswer::Local(fetch::describe(&e)))),
        };
        let url = match url {
            Ok(url) => url,
            Err(why) => return self.later(fetch.id, Err(why)),
        };
        let mut inner = self.0.borrow_mut();
        inner.running.insert(fetch.id, abort.clone());
        if fetch.keep_url {
            inner.urls.insert(fetch.id, url.clone());
        }
        drop(inner);
        let this = self.clone();
        spawn_local(async move {
            if fetch.open {
                let opening = open_object(
                    &url,
                    fetch.range.as_deref(),
                    &abort,
                    fetch.error_cap,
                    fetch.deadline,
                )
                .await;
                // Aborted by the engine: it no longer waits for this answer.
                if !this.0.borrow().running.contains_key(&fetch.id) {
                    return;
                }
                let result = match opening {
                    Opening::Opened(response, head) => {
                        this.0.borrow_mut().bodies.insert(fetch.id, response);
                        return this.handle(Event::Opened {
                            request: fetch.id,
                            head,
                        });
                    }
                    Opening::Refused(answer) => Ok(answer),
                    Opening::Failed(why) => Err(why),
                };
                this.0.borrow_mut().running.remove(&fetch.id);
                return this.report(fetch.id, result);
            }
            let result = read_whole(
                &url,
                fetch.range.as_deref(),
                &abort,
                (fetch.cap, fetch.error_cap),
                fetch.keep,
                fetch.deadline,
            )
            .await;
            // Aborted by the engine: it no longer waits for this answer.
            if this.0.borrow_mut().running.remove(&fetch.id).is_none() {
                return;
            }
            let result = result.map(|(answer, blob)| {
                if let Some(blob) = blob {
                    this.0.borrow_mut().kept.insert(fetch.id, blob);
                }
                answer
            });
            this.report(fetch.id, result);
        });
    }

    /// Reports a request's end on the next turn (never from inside the engine's own call).
    fn later(&self, id: RequestId, result: Result<Answer, NoAnswer>) {
        let this = self.clone();
        spawn_local(async move { this.report(id, result) });
    }

    fn report(&self, request: RequestId, result: Result<Answer, NoAnswer>) {
        self.handle(match result {
            Ok(answer) => Event::Answered { request, answer },
            Err(why) => Event::NoAnswer { request, why },
        });
        // A URL or body not handed over with the answer is never used.
        let mut inner = self.0.borrow_mut();
        inner.urls.remove(&request);
        inner.kept.remove(&request);
    }
}
