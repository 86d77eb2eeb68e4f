//! The runner's end of a download streamed through the service worker: chunks go through a `MessagePort`, one per credit the worker grants.

use std::cell::RefCell;

use futures::channel::mpsc;
use futures::future::{select, Either};
use futures::StreamExt;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, MessagePort};

use super::fetch::sleep;
use crate::core::problem::{Failure, Problem};

thread_local! {
    /// Every port still streaming: a panic aborts them, so no download is left waiting.
    static OPEN: RefCell<Vec<MessagePort>> = const { RefCell::new(Vec::new()) };
}

/// Tells every download still streaming from here that it failed (the runner is stopping).
pub fn abort_all() {
    OPEN.with(|open| {
        for port in open.borrow_mut().drain(..) {
            let _ = port.post_message(&"abort".into());
        }
    });
}

/// How many seconds of the runner waiting on the download the download manager may take to ask
/// the service worker for it before the runner takes it as refused (it asks within a second
/// where it works at all). Counted in the runner's own one-second waits, not by the clock, so a
/// computer asleep meanwhile does not count.
const TAKEN_WITHIN_S: u32 = 20;

/// What the service worker's side of the channel says.
enum Said {
    /// Room for one more chunk.
    Pull,
    /// The download manager asked for the download.
    Fetched,
    /// The download manager read the last byte.
    Delivered,
    Cancel,
}

/// One download being streamed: bytes written here come out of the browser's download manager.
pub struct DownloadPort {
    port: MessagePort,
    said: mpsc::UnboundedReceiver<Said>,
    credits: u32,
    /// Whether the download manager asked for the download yet, and for how many seconds the
    /// runner has waited on it before it did.
    fetched: bool,
    waited: u32,
    /// Whether the runner gave up (a download paused in the browser would otherwise hold it).
    stop: Box<dyn Fn() -> bool>,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl DownloadPort {
    /// Takes over `port`, on which the worker has already granted `credits` chunks.
    pub fn new(port: MessagePort, credits: u32) -> Self {
        let (sender, said) = mpsc::unbounded();
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let heard = match data.as_string().as_deref() {
                Some("pull") => Said::Pull,
                Some("delivered") => Said::Delivered,
                Some(_) => Said::Cancel,
                None if Reflect::has(&data, &"fetched".into()).unwrap_or(false) => Said::Fetched,
                // A late `{ready}` (the page already counted it) is no news.
                None if Reflect::has(&data, &"ready".into()).unwrap_or(false) => return,
                None => Said::Cancel,
            };
            let _ = sender.unbounded_send(heard);
        });
        port.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        OPEN.with(|open| open.borrow_mut().push(port.clone()));
        DownloadPort {
            port,
            said,
            credits,
            fetched: false,
            waited: 0,
            stop: Box::new(|| false),
            _listener: listener,
        }
    }

    /// Sends a copy of one chunk (the reader reuses its buffer), first waiting for room if the
    /// worker's queue is full. Fails when the user cancelled the download.
    pub async fn write(&mut self, chunk: &Uint8Array) -> Result<(), Failure> {
        while self.credits == 0 {
            if let Said::Pull = self.next().await? {
                self.credits += 1;
            }
        }
        self.credits -= 1;
        // Copied by the message itself (not transferred): the copy is made, and counted, in the
        // service worker, whose garbage collector then sees the memory it must free. A message
        // copies a view's whole buffer, so a chunk that fills part of it goes as its own bytes.
        let sent = if chunk.byte_length() == chunk.buffer().byte_length() {
            self.port.post_message(chunk)
        } else {
            self.port.post_message(&chunk.slice(0, chunk.length()))
        };
        sent.map_err(|e: JsValue| Failure::save(super::fetch::describe(&e)))
    }

    /// Says when the runner gives up on the download, for a `write` waiting for room.
    pub fn stop_when(&mut self, stop: Box<dyn Fn() -> bool>) {
        self.stop = stop;
    }

    /// Ends the download, and waits until the download manager has read the last byte: only then
    /// is the file the browser's (a browser may take the bytes and still never save them).
    pub async fn finish(mut self) -> Result<(), Failure> {
        let _ = self.port.post_message(&"end".into());
        loop {
            match self.next().await {
                Ok(Said::Delivered) => return Ok(()),
                Ok(_) => {}
                Err(failure) => {
                    // Not taken, or given up: a late fetch must not save it after all.
                    let _ = self.port.post_message(&"abort".into());
                    return Err(failure);
                }
            }
        }
    }

    /// The next news from the service worker, looking every second whether the runner gave up
    /// meanwhile and whether the download manager ever asked for the download.
    async fn next(&mut self) -> Result<Said, Failure> {
        loop {
            match select(self.said.next(), Box::pin(sleep(1000))).await {
                Either::Left((Some(Said::Fetched), _)) => self.fetched = true,
                Either::Left((Some(Said::Cancel) | None, _)) => {
                    return Err(Problem::StoppedInBrowser.into())
                }
                Either::Left((Some(said), _)) => return Ok(said),
                Either::Right(_) if (self.stop)() => {
                    return Err(Failure::save("the transfer was cancelled".into()))
                }
                Either::Right(_) if !self.fetched => {
                    self.waited += 1;
                    if self.waited >= TAKEN_WITHIN_S {
                        return Err(Problem::DownloadNotTaken.into());
                    }
                }
                Either::Right(_) => {}
            }
        }
    }

    /// Stops the download: the browser marks it failed and keeps nothing.
    pub fn abort(self) {
        let _ = self.port.post_message(&"abort".into());
    }
}

impl Drop for DownloadPort {
    /// The worker may still ask for chunks: nobody listens once the download is over.
    fn drop(&mut self) {
        self.port.set_onmessage(None);
        OPEN.with(|open| open.borrow_mut().retain(|p| *p != self.port));
    }
}
