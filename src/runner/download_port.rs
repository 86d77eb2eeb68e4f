//! The runner's end of a download streamed through the service worker: chunks go through a `MessagePort`, one per credit the worker grants.

use std::cell::RefCell;

use futures::channel::mpsc;
use futures::future::{select, Either};
use futures::StreamExt;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, MessagePort};

use crate::core::handoff::{Handoff, Said, Step};
use crate::core::problem::Failure;
use crate::platform::timer::sleep;

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

/// One download being streamed: bytes written here come out of the browser's download manager.
pub struct DownloadPort {
    port: MessagePort,
    said: mpsc::UnboundedReceiver<Said>,
    handoff: Handoff,
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
            handoff: Handoff::new(credits),
            stop: Box::new(|| false),
            _listener: listener,
        }
    }

    /// Sends a copy of one chunk (the reader reuses its buffer), first waiting for room if the
    /// worker's queue is full. Fails when the user cancelled the download.
    pub async fn write(&mut self, chunk: &Uint8Array) -> Result<(), Failure> {
        while !self.handoff.take_credit() {
            self.next().await?;
        }
        // Copied by the message itself (not transferred): the copy is made, and counted, in the
        // service worker, whose garbage collector then sees the memory it must free. A message
        // copies a view's whole buffer, so a chunk that fills part of it goes as its own bytes.
        let sent = if chunk.byte_length() == chunk.buffer().byte_length() {
            self.port.post_message(chunk)
        } else {
            self.port.post_message(&chunk.slice(0, chunk.length()))
        };
        sent.map_err(|e: JsValue| Failure::save(crate::platform::fetch::describe(&e)))
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
                Ok(Step::Delivered) => return Ok(()),
                Ok(_) => {}
                Err(failure) => {
                    // Not taken, or given up: a late fetch must not save it after all.
                    let _ = self.port.post_message(&"abort".into());
                    return Err(failure);
                }
            }
        }
    }

    /// The next step after news from the service worker or a second without any, looking every
    /// second whether the runner gave up meanwhile.
    async fn next(&mut self) -> Result<Step, Failure> {
        let step = match select(self.said.next(), Box::pin(sleep(1000))).await {
            Either::Left((said, _)) => self.handoff.heard(said.unwrap_or(Said::Cancel)),
            Either::Right(_) if (self.stop)() => {
                return Err(Failure::save("the transfer was cancelled".into()))
            }
            Either::Right(_) => self.handoff.second_passed(),
        };
        match step {
            Step::Fail(problem) => Err(problem.into()),
            step => Ok(step),
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
