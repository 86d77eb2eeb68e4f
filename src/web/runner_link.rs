//! The page's end of the runner: starts its dedicated worker, checks it comes from the same build, posts intents (with the handle or port a download needs) and hands its reports to the view.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    ErrorEvent, FileSystemDirectoryHandle, FileSystemFileHandle, MessageEvent, Worker,
    WorkerOptions, WorkerType,
};

use super::clock;
use super::stream_download::{Announced, KeepAlive};
use crate::core::credentials::Credentials;
use crate::core::engine::{Download, Event, JobId, Report};
use crate::core::leftovers::Leftovers;
use crate::core::problem::{Failure, Problem};
use crate::core::protocol::{self, Destination, FromRunner, ToRunner, BUILD};
use crate::core::sts::Assume;

/// The worker's script: Trunk's loader for the `runner` binary (a fixed name: the handshake, not
/// the name, tells an old cached copy apart).
const SCRIPT: &str = "./runner_loader.js";

/// Where a download goes, as the page got it from the user.
pub enum SaveTo {
    Folder(FileSystemDirectoryHandle),
    File(FileSystemFileHandle),
    Stream(Announced),
}

/// Files an ended worker made below a picked folder and did not finish (paths below it).
pub type Left = (FileSystemDirectoryHandle, Vec<Vec<String>>);

/// The runner, seen from the page. Clones share one worker.
#[derive(Clone)]
pub struct RunnerLink(Rc<RefCell<LinkState>>);

/// What the page holds of its worker: the worker, what waits for its hello, the handles and
/// streams of running jobs.
struct LinkState {
    worker: Worker,
    /// Until the worker says hello, messages wait here (before it, they would be lost).
    waiting: Option<Vec<(JsValue, Array)>>,
    /// Downloads through the service worker, kept alive until their job ends.
    streams: Vec<(JobId, KeepAlive)>,
    /// The picked folder of each download into one, until its job ends.
    folders: Vec<(JobId, FileSystemDirectoryHandle)>,
    /// Files the worker made in those folders and has not finished.
    leftovers: Leftovers,
    /// Files an ended worker left that this one is removing, by the id of the ask.
    removing: Vec<(u64, Left)>,
    next_removal: u64,
    /// Keys (or long-term keys to assume with) were handed over: ending it forgets them.
    keyed: bool,
    stopped: bool,
    /// Told once when the worker is of no more use.
    on_stop: Rc<dyn Fn(Failure)>,
    _listeners: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl RunnerLink {
    /// Starts the worker: `report` gets what the engine reports; `stopped` is told once if the
    /// worker cannot start, comes from another build, or stops.
    pub fn start(
        report: impl Fn(Report) + 'static,
        stopped: impl Fn(Failure) + 'static,
    ) -> Result<Self, JsValue> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(SCRIPT, &options)?;
        let (report, stopped) = (Rc::new(report), Rc::new(stopped));
        let link = RunnerLink(Rc::new(RefCell::new(LinkState {
            worker: worker.clone(),
            waiting: Some(Vec::new()),
            streams: Vec::new(),
            folders: Vec::new(),
            leftovers: Leftovers::default(),
            removing: Vec::new(),
            next_removal: 0,
            keyed: false,
            stopped: false,
            on_stop: stopped.clone(),
            _listeners: Vec::new(),
        })));
        let on_message = {
            let (this, report, stopped) = (link.clone(), report.clone(), stopped.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let data = event.unchecked_into::<MessageEvent>().data();
                if let Some(text) = data.as_string() {
                    return this.hello(&text, &*stopped);
                }
                let message = data
                    .dyn_ref::<Uint8Array>()
                    .and_then(|bytes| protocol::decode::<FromRunner>(&bytes.to_vec()));
                match message {
                    Some(message) => this.heard(message, &*report, &*stopped),
                    // A build always reads its own messages: this worker is of another build.
                    None => this.stop(
                        Problem::EngineOutdated,
                        format!("page {BUILD}: a message from the worker could not be read"),
                        &*stopped,
                    ),
                }
            })
        };
        let on_error = {
            let (this, stopped) = (link.clone(), stopped.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let words = event
                    .dyn_ref::<ErrorEvent>()
                    .map(|e| e.message())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "it could not start".to_owned());
                this.stop(Problem::EngineStopped, words, &*stopped);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        link.0.borrow_mut()._listeners = vec![on_message, on_error];
        Ok(link)
    }

    /// New keys: the worker holds them (the page keeps its own copy only for tab storage).
    pub fn use_keys(&self, creds: Credentials) {
        self.0.borrow_mut().keyed = true;
        self.post(&ToRunner::UseKeys(creds), None, None);
    }

    /// Long-term keys for the worker to turn into temporary ones through STS (and renew).
    pub fn assume(&self, ask: Assume) {
        self.0.borrow_mut().keyed = true;
        self.post(&ToRunner::Assume(ask), None, None);
    }

    /// A fresh MFA code for the renewal the worker asked for.
    pub fn mfa_code(&self, code: String) {
        self.post(&ToRunner::MfaCode(code), None, None);
    }

    /// The worker drops its keys first, then stops what needs them (and waits for new ones).
    pub fn forget_keys(&self) {
        self.post(&ToRunner::ForgetKeys, None, None);
    }

    /// Files below `folder` that an ended worker had made and not finished: they go. Until the
    /// worker says they went, they are handed on if it is ended too.
    pub fn remove_left(&self, (folder, paths): Left) {
        let id = {
            let mut link = self.0.borrow_mut();
            link.next_removal += 1;
            let id = link.next_removal;
            link.removing.push((id, (folder.clone(), paths.clone())));
            id
        };
        let message = ToRunner::RemoveLeft { id, paths };
        self.post(&message, Some(JsValue::from(folder)), None);
    }

    /// Whether the worker was handed keys (or long-term keys): one that never was has nothing
    /// to forget, and may be removing what an ended one left.
    pub fn keyed(&self) -> bool {
        self.0.borrow().keyed
    }

    /// An intent of the user's.
    pub fn send(&self, event: Event) {
        self.post(&ToRunner::Event(event), None, None);
    }

    /// Starts a download written into `target`.
    pub fn download(&self, download: Download, target: SaveTo) {
        let job = download.job;
        let (to, beside, port) = match target {
            SaveTo::Folder(handle) => {
                self.0.borrow_mut().folders.push((job, handle.clone()));
                (Destination::Folder, JsValue::from(handle), None)
            }
            SaveTo::File(handle) => (Destination::File, JsValue::from(handle), None),
            SaveTo::Stream(Announced {
                port,
                credits,
                keep_alive,
            }) => {
                self.0.borrow_mut().streams.push((job, keep_alive));
                (
                    Destination::Stream { credits },
                    JsValue::from(port.clone()),
                    Some(port),
                )
            }
        };
        self.post(&ToRunner::Download { download, to }, Some(beside), port);
    }

    fn post(
        &self,
        message: &ToRunner,
        beside: Option<JsValue>,
        port: Option<web_sys::MessagePort>,
    ) {
        let Some(bytes) = protocol::encode(message) else {
            return self.lost("it could not be written");
        };
        let bytes = Uint8Array::from(bytes.as_slice());
        let data = match beside {
            None => bytes.into(),
            Some(beside) => {
                let data = Object::new();
                let _ = Reflect::set(&data, &"message".into(), &bytes);
                let _ = Reflect::set(&data, &"with".into(), &beside);
                data.into()
            }
        };
        let transfer = port.map_or_else(Array::new, |p| Array::of1(&p));
        let posted = {
            let mut link = self.0.borrow_mut();
            match link.waiting.as_mut() {
                Some(waiting) => {
                    waiting.push((data, transfer));
                    Ok(())
                }
                None => link.worker.post_message_with_transfer(&data, &transfer),
            }
        };
        if let Err(e) = posted {
            self.lost(&crate::platform::fetch::describe(&e));
        }
    }

    /// A message could not be posted to the worker (`why`): what it asked would never happen,
    /// so the worker is of no more use, and the page says so.
    fn lost(&self, why: &str) {
        let on_stop = self.0.borrow().on_stop.clone();
        let words = format!("a message to the worker was lost: {why}");
        self.stop(Problem::EngineStopped, words, &*on_stop);
    }

    /// The worker's first message: ready, if it is of this build (the messages waiting for it
    /// go); else the page says it was updated.
    fn hello(&self, text: &str, stopped: &dyn Fn(Failure)) {
        if self.0.borrow().stopped {
            return;
        }
        if protocol::hello_build(text) != Some(BUILD) {
            let worker = protocol::hello_build(text).unwrap_or("of another build");
            return self.stop(
                Problem::EngineOutdated,
                format!("page {BUILD}, worker {worker}"),
                stopped,
            );
        }
        said_ready(true);
        let waiting = self.0.borrow_mut().waiting.take().unwrap_or_default();
        let worker = self.0.borrow().worker.clone();
        for (data, transfer) in waiting {
            if let Err(e) = worker.post_message_with_transfer(&data, &transfer) {
                return self.lost(&crate::platform::fetch::describe(&e));
            }
        }
    }

    fn heard(&self, message: FromRunner, report: &dyn Fn(Report), stopped: &dyn Fn(Failure)) {
        if self.0.borrow().stopped {
            return;
        }
        match message {
            FromRunner::Reports(reports) => {
                for r in reports {
                    {
                        let mut link = self.0.borrow_mut();
                        link.leftovers.heard(&r);
                        if let Report::JobEnded { job, .. } = &r {
                            link.streams.retain(|(j, _)| j != job);
                            link.folders.retain(|(j, _)| j != job);
                        }
                    }
                    report(r);
                }
            }
            FromRunner::Made { job, file, path } => {
                self.0.borrow_mut().leftovers.made(job, file, path);
            }
            FromRunner::RemovedLeft(id) => {
                self.0.borrow_mut().removing.retain(|(i, _)| *i != id);
            }
            FromRunner::ClockAdjusted(ms) => clock::adjust(ms),
            FromRunner::Stopped(words) => self.stop(Problem::EngineStopped, words, stopped),
        }
    }

    /// Ends the worker at once (Forget): the browser stops every request it made, however busy
    /// it was (a message would wait behind its work, and it could sign meanwhile). Nothing it
    /// still says is heard; its downloads through the service worker end as failed. Returns the
    /// files it had made in picked folders and not finished, and those it was still removing
    /// for a worker ended before it, for a fresh worker to remove.
    pub fn end(&self) -> Vec<Left> {
        if !self.halt() {
            return Vec::new();
        }
        said_ready(false);
        let mut link = self.0.borrow_mut();
        let left = link.leftovers.take();
        let folders = std::mem::take(&mut link.folders);
        let removing = std::mem::take(&mut link.removing);
        left.into_iter()
            .filter_map(|(job, paths)| {
                let (_, folder) = folders.iter().find(|(j, _)| *j == job)?;
                Some((folder.clone(), paths))
            })
            .chain(removing.into_iter().map(|(_, left)| left))
            .collect()
    }

    /// The worker is of no more use: it goes, and the page says so once.
    fn stop(&self, problem: Problem, words: String, stopped: &dyn Fn(Failure)) {
        if self.halt() {
            stopped(Failure {
                message: Some(words),
                ..problem.into()
            });
        }
    }

    /// Terminates the worker and ends its streamed downloads; `false` if it was already.
    fn halt(&self) -> bool {
        let mut link = self.0.borrow_mut();
        if link.stopped {
            return false;
        }
        link.stopped = true;
        link.worker.terminate();
        link.worker.set_onmessage(None);
        link.worker.set_onerror(None);
        for (_, stream) in std::mem::take(&mut link.streams) {
            stream.abort();
        }
        link.waiting = Some(Vec::new());
        // Let go after this turn (a listener may be what called): they hold this link.
        let listeners = std::mem::take(&mut link._listeners);
        wasm_bindgen_futures::spawn_local(async move { drop(listeners) });
        true
    }
}

/// Says on the page whether a worker is ready, for tools that wait for it (the bench).
fn said_ready(ready: bool) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match ready {
        true => root.set_attribute("data-runner", "ready"),
        false => root.remove_attribute("data-runner"),
    };
}
