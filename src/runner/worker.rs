//! The runner's dedicated worker: says hello with its build, takes the page's messages in order, and posts the engine's reports back; a panic aborts its downloads and says so.

use std::cell::RefCell;

use futures::channel::mpsc;
use futures::StreamExt;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{
    DedicatedWorkerGlobalScope, FileSystemDirectoryHandle, FileSystemFileHandle, MessageEvent,
    MessagePort,
};

use super::byte_sink::ByteSink;
use super::download_port::{self, DownloadPort};
use super::folder_writer;
use super::job_output::Out;
use super::sink::Output;
use super::Runner;
use crate::core::download_plan::{Outcome, SaveAs};
use crate::core::engine::{Download, Report};
use crate::core::problem::Failure;
use crate::core::protocol::{self, Destination, FromRunner, ToRunner, BUILD};
use crate::platform::fetch::describe;

/// Starts the runner in this worker.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        // No download is left waiting for bytes that will never come.
        download_port::abort_all();
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        post(&FromRunner::Stopped(format!("panicked at {at}")));
    }));
    let runner = Runner::new(report);
    runner.on_clock_moved(|ms| post(&FromRunner::ClockAdjusted(ms)));
    runner.on_file_made(|job, file, path| post(&FromRunner::Made { job, file, path }));
    // Messages are taken one after another: a download's output is made (which waits) before
    // the message after it, a Cancel, is seen.
    let (sender, mut messages) = mpsc::unbounded::<JsValue>();
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let _ = sender.unbounded_send(event.data());
    });
    scope().set_onmessage(Some(listener.as_ref().unchecked_ref()));
    listener.forget();
    spawn_local(async move {
        while let Some(data) = messages.next().await {
            take(&runner, data).await;
        }
    });
    // The first message is text every build reads alike (see `protocol::hello`).
    let _ = scope().post_message(&protocol::hello(BUILD).into());
}

thread_local! {
    /// Reports of this turn, posted together when it ends.
    static REPORTS: RefCell<Vec<Report>> = const { RefCell::new(Vec::new()) };
}

/// Queues a report; the first of a turn schedules the post of them all (a microtask, so it runs
/// as soon as this turn's work is done).
fn report(report: Report) {
    let first = REPORTS.with(|r| {
        let mut reports = r.borrow_mut();
        reports.push(report);
        reports.len() == 1
    });
    if first {
        spawn_local(async {
            let reports = REPORTS.with(|r| std::mem::take(&mut *r.borrow_mut()));
            post(&FromRunner::Reports(reports));
        });
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts one message to the page, as bytes.
fn post(message: &FromRunner) {
    if let Some(bytes) = protocol::encode(message) {
        // A byte array is always cloneable: posting it cannot fail.
        let _ = scope().post_message(&Uint8Array::from(bytes.as_slice()));
    }
}

/// One message from the page: its bytes, and the handle or port a download brings.
async fn take(runner: &Runner, data: JsValue) {
    let bytes = match data.dyn_ref::<Uint8Array>() {
        Some(bytes) => Some(bytes.clone()),
        None => Reflect::get(&data, &"message".into())
            .ok()
            .and_then(|m| m.dyn_into::<Uint8Array>().ok()),
    };
    let Some(message) = bytes.and_then(|b| protocol::decode::<ToRunner>(&b.to_vec())) else {
        return;
    };
    match message {
        ToRunner::UseKeys(creds) => runner.use_keys(creds),
        ToRunner::ForgetKeys => runner.forget_keys(),
        ToRunner::Assume(ask) => runner.assume(ask),
        ToRunner::MfaCode(code) => runner.mfa_code(code),
        ToRunner::Event(event) => runner.handle(event),
        ToRunner::RemoveLeft { id, paths } => {
            let Ok(root) = Reflect::get(&data, &"with".into())
                .and_then(JsCast::dyn_into::<FileSystemDirectoryHandle>)
            else {
                return;
            };
            // Beside the messages after it: a file still held waits, not they.
            spawn_local(async move {
                for path in paths {
                    folder_writer::remove_left(&root, &path).await;
                }
                post(&FromRunner::RemovedLeft(id));
            });
        }
        ToRunner::Download { download, to } => {
            let beside = Reflect::get(&data, &"with".into()).unwrap_or(JsValue::UNDEFINED);
            match output(download.how, to, beside).await {
                Ok(out) => runner.download(download, out),
                Err(failure) => refuse(&download, failure),
            }
        }
    }
}

/// Makes a download's output from what the page handed over.
async fn output(how: SaveAs, to: Destination, beside: JsValue) -> Result<Out, Failure> {
    let broken = |e: JsValue| Failure::save(describe(&e));
    let sink: Box<dyn Output> = match to {
        Destination::Folder => return Ok(Out::Folder(beside.dyn_into().map_err(broken)?)),
        Destination::File => {
            let handle: FileSystemFileHandle = beside.dyn_into().map_err(broken)?;
            Box::new(ByteSink::file(&handle).await.map_err(broken)?)
        }
        Destination::Stream { credits } => {
            let port: MessagePort = beside.dyn_into().map_err(broken)?;
            Box::new(ByteSink::Download(DownloadPort::new(port, credits)))
        }
    };
    Ok(match how {
        SaveAs::Zip => Out::Zip(sink),
        _ => Out::One(sink),
    })
}

/// A download whose output could not be made: every file says why, and the job ends.
fn refuse(download: &Download, failure: Failure) {
    for (file, _) in &download.files {
        report(Report::File {
            file: *file,
            outcome: Outcome::Failed,
            failure: Some(failure.clone()),
        });
    }
    report(Report::JobEnded {
        job: download.job,
        failure: None,
    });
}
