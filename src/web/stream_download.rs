//! Announces a download to the portal's service worker (`sw.js`), whose port the runner then streams the bytes through, and keeps the service worker alive meanwhile.

use std::cell::Cell;

use futures::channel::mpsc;
use futures::StreamExt;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageChannel, MessageEvent, MessagePort, RegistrationOptions, ServiceWorker};

use super::delivery;
use crate::platform::timer::Timer;

/// Where the service worker answers: `./download-stream/<id>`.
const PATH: &str = "./download-stream/";
/// The worker is told the page still needs it this often (ms), so it is not stopped: each ping
/// holds it for 70 s (`sw.js`), so a page in a background tab whose timers run once a minute
/// still keeps it.
const KEEP_ALIVE_MS: u64 = 10_000;

/// A download the service worker announced: its port (for the runner, which streams the bytes)
/// and the chunks it may send before waiting; the page keeps the worker alive meanwhile.
pub struct Announced {
    pub port: MessagePort,
    pub credits: u32,
    pub keep_alive: KeepAlive,
}

/// Pings the service worker every few seconds while a download streams through it, so the
/// browser does not stop it (a download waiting for new keys writes nothing for minutes).
pub struct KeepAlive {
    worker: ServiceWorker,
    id: String,
    _timer: Option<Timer>,
}

impl KeepAlive {
    /// Ends the download as failed in the download manager: its writer (the runner's worker)
    /// was ended and will send nothing more.
    pub fn abort(&self) {
        let message = Object::new();
        let _ = Reflect::set(&message, &"abort".into(), &self.id.as_str().into());
        let _ = self.worker.post_message(&message);
    }
}

thread_local! {
    /// Whether the browser refused a download streamed from this page (it never asked the
    /// service worker for it): from then on, this tab does not stream downloads.
    static REFUSED: Cell<bool> = const { Cell::new(false) };
}

/// Marks streamed downloads as refused by this browser, for the rest of the tab's life.
pub fn refuse() {
    REFUSED.with(|r| r.set(true));
}

/// Whether the browser refused a streamed download in this tab.
pub fn refused() -> bool {
    REFUSED.with(Cell::get)
}

/// Whether this page can stream a download through a service worker (https or localhost), and
/// the browser has not refused one.
pub fn available() -> bool {
    !refused()
        && web_sys::window().is_some_and(|w| {
            w.is_secure_context()
                && Reflect::has(&w.navigator(), &JsValue::from_str("serviceWorker"))
                    .unwrap_or(false)
        })
}

/// Starts a download answered with `disposition` (and `Content-Length` when `size` is known):
/// the download manager takes over once the first bytes come through the port.
pub async fn start(disposition: &str, size: Option<u64>) -> Result<Announced, JsValue> {
    let worker = active_worker().await?;
    let channel = MessageChannel::new()?;
    let (sender, mut said) = mpsc::unbounded::<JsValue>();
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let _ = sender.unbounded_send(event.data());
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
    let ready = said
        .next()
        .await
        .and_then(|data| Reflect::get(&data, &"ready".into()).ok())
        .and_then(|n| n.as_f64());
    port.set_onmessage(None);
    drop(listener);
    let Some(credits) = ready else {
        return Err(JsValue::from_str("the service worker did not answer"));
    };
    delivery::deliver_same_origin(&format!("{PATH}{id}")).map_err(JsValue::from)?;
    let pinged = worker.clone();
    let timer = Timer::every(KEEP_ALIVE_MS, move || {
        let _ = pinged.post_message(&"ping".into());
    });
    Ok(Announced {
        port,
        credits: credits as u32,
        keep_alive: KeepAlive {
            worker,
            id,
            _timer: timer,
        },
    })
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
