//! Streams bytes to the browser's download manager through the portal's service worker (`sw.js`), one pulled chunk at a time.

use futures::channel::mpsc;
use futures::future::{select, Either};
use futures::StreamExt;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageChannel, MessageEvent, MessagePort, RegistrationOptions, ServiceWorker};

use super::{delivery, fetch};

/// Where the service worker answers: `./download-stream/<id>`.
const PATH: &str = "./download-stream/";
/// What `write` fails with when the user stopped the download in the browser.
const STOPPED: &str = "stopped in the browser's download list";
/// What `write` fails with when the page gave up waiting (the transfer was cancelled).
const GAVE_UP: &str = "the transfer was cancelled";
/// The worker is told the page still needs it at least this often (ms), so it is not stopped.
const KEEP_ALIVE_MS: f64 = 10_000.0;

/// What the worker's side of the channel says.
enum Event {
    /// Set up, with the chunks the page may send before waiting.
    Ready(u32),
    /// Room for one more chunk.
    Pull,
    Cancel,
}

/// One download being streamed: bytes written here come out of the browser's download manager.
pub struct StreamDownload {
    port: MessagePort,
    worker: ServiceWorker,
    events: mpsc::UnboundedReceiver<Event>,
    credits: u32,
    last_ping: f64,
    /// Whether the page gave up (a download paused in the browser would otherwise hold it).
    stop: Box<dyn Fn() -> bool>,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

/// Whether this page can stream a download through a service worker (https or localhost).
pub fn available() -> bool {
    web_sys::window().is_some_and(|w| {
        w.is_secure_context()
            && Reflect::has(&w.navigator(), &JsValue::from_str("serviceWorker")).unwrap_or(false)
    })
}

impl StreamDownload {
    /// Starts a download answered with `disposition` (and `Content-Length` when `size` is known);
    /// the download manager takes over once the first bytes are written.
    pub async fn start(disposition: &str, size: Option<u64>) -> Result<Self, JsValue> {
        let worker = active_worker().await?;
        let channel = MessageChannel::new()?;
        let (sender, mut events) = mpsc::unbounded();
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let said = match data.as_string().as_deref() {
                Some("pull") => Event::Pull,
                Some(_) => Event::Cancel,
                None => Reflect::get(&data, &"ready".into())
                    .ok()
                    .and_then(|n| n.as_f64())
                    .map_or(Event::Cancel, |n| Event::Ready(n as u32)),
            };
            let _ = sender.unbounded_send(said);
        });
        let port = channel.port1();
        port.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        let id = random_id()?;
        let message = Object::new();
        Reflect::set(&message, &"id".into(), &id.as_str().into())?;
        Reflect::set(&message, &"disposition".into(), &disposition.into())?;
        if let Some(size) = size {
            Reflect::set(&message, &"size".into(), &(size as f64).into())?;
        }
        worker.post_message_with_transferable(&message, &Array::of1(&channel.port2()))?;
        let mut credits = 0;
        loop {
            match events.next().await {
                Some(Event::Ready(credit)) => {
                    credits += credit;
                    break;
                }
                Some(Event::Pull) => credits += 1,
                _ => return Err(JsValue::from_str("the service worker did not answer")),
            }
        }
        delivery::deliver_same_origin(&format!("{PATH}{id}")).map_err(JsValue::from)?;
        Ok(StreamDownload {
            port,
            worker,
            events,
            credits,
            last_ping: js_sys::Date::now(),
            stop: Box::new(|| false),
            _listener: listener,
        })
    }

    /// Sends a copy of one chunk (the reader reuses its buffer), first waiting for room if the
    /// worker's queue is full. Fails when the user cancelled the download.
    pub async fn write(&mut self, chunk: &Uint8Array) -> Result<(), JsValue> {
        while self.credits == 0 {
            // Waits for room, looking every second whether the page gave up meanwhile.
            let room = select(self.events.next(), Box::pin(fetch::sleep(1000))).await;
            match room {
                Either::Left((Some(Event::Pull), _)) => self.credits += 1,
                Either::Left((Some(Event::Ready(_)), _)) => {}
                Either::Left((Some(Event::Cancel) | None, _)) => {
                    return Err(JsValue::from_str(STOPPED))
                }
                Either::Right(_) if (self.stop)() => return Err(JsValue::from_str(GAVE_UP)),
                Either::Right(_) => self.keep_alive(),
            }
        }
        self.credits -= 1;
        // Copied by the message itself (not transferred): the copy is made, and counted, in the
        // worker, whose garbage collector then sees the memory it must free. A message copies a
        // view's whole buffer, so a chunk that fills part of it goes as a copy of its own bytes.
        if chunk.byte_length() == chunk.buffer().byte_length() {
            self.port.post_message(chunk)?;
        } else {
            self.port.post_message(&chunk.slice(0, chunk.length()))?;
        }
        self.keep_alive();
        Ok(())
    }

    /// Says when the page gives up on the download, for a `write` waiting for room.
    pub fn stop_when(&mut self, stop: impl Fn() -> bool + 'static) {
        self.stop = Box::new(stop);
    }

    /// Ends the download: the browser completes the file.
    pub fn finish(self) {
        let _ = self.port.post_message(&"end".into());
    }

    /// Stops the download: the browser marks it failed and keeps nothing.
    pub fn abort(self) {
        let _ = self.port.post_message(&"abort".into());
    }

    /// Pings the worker now and then, so the browser does not stop it during a long download.
    pub fn keep_alive(&mut self) {
        let now = js_sys::Date::now();
        if now - self.last_ping > KEEP_ALIVE_MS {
            self.last_ping = now;
            let _ = self.worker.post_message(&"ping".into());
        }
    }
}

impl Drop for StreamDownload {
    /// The worker may still ask for chunks: nobody listens once the download is over.
    fn drop(&mut self) {
        self.port.set_onmessage(None);
    }
}

/// Registers `sw.js` (once per page) and waits until it is active.
async fn active_worker() -> Result<ServiceWorker, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let container = window.navigator().service_worker();
    let options = RegistrationOptions::new();
    options.set_scope("./");
    JsFuture::from(container.register_with_options("./sw.js", &options)).await?;
    let registration: web_sys::ServiceWorkerRegistration =
        JsFuture::from(container.ready()?).await?.dyn_into()?;
    registration
        .active()
        .ok_or_else(|| JsValue::from_str("the service worker is not active"))
}

/// 128 random bits in hex: the worker only answers a URL the page announced.
fn random_id() -> Result<String, JsValue> {
    let crypto = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether a failed `write` means the user stopped the download in the browser.
pub fn is_stopped(error: &JsValue) -> bool {
    error.as_string().as_deref() == Some(STOPPED)
}
