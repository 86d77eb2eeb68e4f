//! GETs (and STS POSTs) whose answer is read whole through the global scope (a page or a worker): abortable, under a deadline and a pace, the body under a cap; and a JavaScript error in words.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, Blob, BlobPropertyBag, Headers, ReadableStreamDefaultReader,
    Request, RequestCache, RequestCredentials, RequestInit, RequestMode, Response, Window,
    WorkerGlobalScope,
};

use super::timer::{steady_ms, Timer};
use crate::core::engine::{Answer, NoAnswer, PACE, PACE_BYTES};
use crate::core::signing::HeaderSigned;

/// The global scope's `fetch`, in a page or in a worker.
fn fetch_request(request: &Request) -> Result<Promise, JsValue> {
    let global = js_sys::global();
    if let Some(window) = global.dyn_ref::<Window>() {
        return Ok(window.fetch_with_request(request));
    }
    match global.dyn_ref::<WorkerGlobalScope>() {
        Some(worker) => Ok(worker.fetch_with_request(request)),
        None => Err(JsValue::from_str("no fetch in this scope")),
    }
}

/// A request's options as every request here has them: CORS, no cookies, no cache, stopped by
/// `signal`.
fn cors_init(method: &str, signal: Option<&AbortSignal>) -> RequestInit {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(signal);
    init
}

/// POSTs `body` with the signed request's headers, as a CORS request without cookies or cache
/// (the signature's headers make the browser ask the server first: a preflight).
async fn send_form(
    signed: &HeaderSigned,
    body: &str,
    signal: &AbortSignal,
) -> Result<Response, JsValue> {
    let init = cors_init("POST", Some(signal));
    let headers = Headers::new()?;
    for (name, value) in &signed.headers {
        headers.set(name, value)?;
    }
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let request = Request::new_with_str_and_init(&signed.url, &init)?;
    JsFuture::from(fetch_request(&request)?).await?.dyn_into()
}

/// GETs `url` as a CORS request without cookies or cache, with at most one `Range` header (so a
/// presigned GET stays a simple request), stopped by `signal`. The body is left unread.
pub async fn send(
    url: &str,
    range: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<Response, JsValue> {
    let init = cors_init("GET", signal);
    if let Some(range) = range {
        let headers = Headers::new()?;
        headers.set("Range", range)?;
        init.set_headers(&headers);
    }
    let request = Request::new_with_str_and_init(url, &init)?;
    JsFuture::from(fetch_request(&request)?).await?.dyn_into()
}

/// GETs `url` (with `range`, if any) and reads its answer whole: a successful body up to `cap` bytes (0: not read;
/// over it: `TooLarge`), a failed one up to `error_cap` (the rest is dropped), all within
/// `deadline` and at [`PACE`] (else `TimedOut`). With `keep`, a successful body comes back as a `Blob` of that
/// type (its bytes never in the program's memory) and the answer's text is empty. `abort` stops
/// it; an abort that is not the deadline's is reported as a network error the caller drops.
pub async fn read_whole(
    url: &str,
    range: Option<&str>,
    abort: &AbortController,
    caps: (u64, u64),
    keep: Option<&str>,
    deadline: Duration,
) -> Result<(Answer, Option<Blob>), NoAnswer> {
    let signal = abort.signal();
    let sent = send(url, range, Some(&signal));
    answer_whole(sent, abort, caps, keep, deadline).await
}

/// POSTs a request signed in its headers (an STS form) and reads its answer whole, as
/// [`read_whole`] does: its body up to `cap` bytes, under `deadline` and the pace.
pub async fn post_whole(
    signed: &HeaderSigned,
    body: &str,
    abort: &AbortController,
    cap: u64,
    deadline: Duration,
) -> Result<Answer, NoAnswer> {
    let signal = abort.signal();
    let sent = send_form(signed, body, &signal);
    answer_whole(sent, abort, (cap, cap), None, deadline)
        .await
        .map(|(answer, _)| answer)
}

/// Waits for `sent`'s answer and reads it whole (see [`read_whole`]).
async fn answer_whole(
    sent: impl std::future::Future<Output = Result<Response, JsValue>>,
    abort: &AbortController,
    (cap, error_cap): (u64, u64),
    keep: Option<&str>,
    deadline: Duration,
) -> Result<(Answer, Option<Blob>), NoAnswer> {
    let (timed_out, _deadline) = abort_after(abort, deadline);
    let pace = Pace::default();
    let _watch = pace.watch(abort, timed_out.clone());
    let answered = Cell::new(false);
    let result = async {
        let response = sent.await?;
        answered.set(true);
        pace.came(0);
        read_answer(&response, (cap, error_cap), keep, Some(&pace)).await
    }
    .await;
    if let Err(Stop::TooLarge) = result {
        // Cancelling the reader alone leaves WebKit receiving the rest (48 MB of a 200 MB answer
        // seen): the request itself ends here.
        abort.abort();
    }
    result.map_err(|stop| match stop {
        Stop::TooLarge => NoAnswer::TooLarge,
        Stop::Js(_) if timed_out.get() => NoAnswer::TimedOut,
        Stop::Js(e) if answered.get() => NoAnswer::Cut(describe(&e)),
        Stop::Js(e) => NoAnswer::Network(describe(&e)),
    })
}

/// Aborts `abort` once `deadline` has passed (unless the timer is dropped first); the flag says
/// whether it did.
pub fn abort_after(abort: &AbortController, deadline: Duration) -> (Rc<Cell<bool>>, Option<Timer>) {
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, abort) = (timed_out.clone(), abort.clone());
        Timer::after(deadline.as_millis() as u64, move || {
            timed_out.set(true);
            abort.abort();
        })
    };
    (timed_out, timer)
}

/// The pace of a body being read: since when (steady ms) the bytes counted have come, once its
/// headers came; and the body's reader, once it is read.
#[derive(Clone, Default)]
pub struct Pace {
    since: Rc<Cell<Option<(f64, u64)>>>,
    reader: Rc<RefCell<Option<ReadableStreamDefaultReader>>>,
}

impl Pace {
    /// `bytes` more came (0: the headers): each [`PACE_BYTES`] starts the count again.
    fn came(&self, bytes: u64) {
        let (since, counted) = self.since.get().unwrap_or((steady_ms(), 0));
        let counted = counted + bytes;
        self.since.set(Some(if counted >= PACE_BYTES {
            (steady_ms(), 0)
        } else {
            (since, counted)
        }));
    }

    /// The reader the body is read with, for the watch to cancel.
    fn reading(&self, reader: &ReadableStreamDefaultReader) {
        self.reader.replace(Some(reader.clone()));
    }

    /// Aborts `abort` as timed out once the body falls behind the pace, and cancels its reader:
    /// WebKit leaves a read waiting on an aborted request's body.
    fn watch(&self, abort: &AbortController, timed_out: Rc<Cell<bool>>) -> Option<Timer> {
        let (pace, reader, abort) = (self.since.clone(), self.reader.clone(), abort.clone());
        let most = PACE.as_millis() as f64;
        Timer::every(1000, move || {
            if pace
                .get()
                .is_some_and(|(since, _)| steady_ms() - since > most)
            {
                pace.set(None);
                timed_out.set(true);
                abort.abort();
                if let Some(reader) = reader.borrow().as_ref() {
                    let _ = reader.cancel();
                }
            }
        })
    }
}

/// How a read ended early.
pub enum Stop {
    /// The browser's error (a cut connection, an abort).
    Js(JsValue),
    /// The body was over its cap.
    TooLarge,
}

impl From<JsValue> for Stop {
    fn from(e: JsValue) -> Self {
        Stop::Js(e)
    }
}

/// Reads an answer's status, exposed headers and body text: a successful body up to `cap`
/// bytes (over it: `TooLarge`), a failed one up to `error_cap` (the rest dropped), counting what
/// comes into `pace`. With `keep`, a successful body is a `Blob` of that type instead of text.
pub async fn read_answer(
    response: &Response,
    (cap, error_cap): (u64, u64),
    keep: Option<&str>,
    pace: Option<&Pace>,
) -> Result<(Answer, Option<Blob>), Stop> {
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let ok = response.ok();
    let keep = keep.filter(|_| ok);
    // A body kept as a file (a preview) may be an object stored compressed, whose decoded bytes
    // need not reach the Content-Length: only text S3 writes itself is held to it.
    let whole = Whole {
        strict: ok,
        to_length: ok && keep.is_none(),
    };
    let chunks = read_body(response, if ok { cap } else { error_cap }, whole, pace).await?;
    let (body, blob) = match keep {
        Some(mime) => {
            let options = BlobPropertyBag::new();
            options.set_type(mime);
            let blob = Blob::new_with_u8_array_sequence_and_options(&chunks, &options)?;
            (String::new(), Some(blob))
        }
        None => {
            let chunks: Vec<Uint8Array> = chunks.iter().map(JsCast::unchecked_into).collect();
            let total = chunks.iter().map(|c| c.length() as usize).sum();
            let mut bytes = vec![0; total];
            let mut at = 0;
            for chunk in &chunks {
                let end = at + chunk.length() as usize;
                chunk.copy_to(&mut bytes[at..end]);
                at = end;
            }
            (String::from_utf8_lossy(&bytes).into_owned(), None)
        }
    };
    let answer = Answer {
        status: response.status(),
        body,
        date: header("date"),
        bucket_region: header("x-amz-bucket-region"),
        request_id: header("x-amz-request-id"),
        etag: header("etag"),
        content_range: header("content-range"),
        checksum: ["crc32", "crc32c", "sha256"]
            .iter()
            .any(|c| header(&format!("x-amz-checksum-{c}")).is_some()),
    };
    Ok((answer, blob))
}

/// How whole a body must be: over its cap it is `TooLarge` (`strict`, else cut off there), and
/// short of its `Content-Length` a cut connection (`to_length`).
#[derive(Clone, Copy)]
struct Whole {
    strict: bool,
    to_length: bool,
}

/// Reads at most `cap` bytes of `response`'s body, as the browser's chunks (kept out of the
/// program's memory until the caller wants them there), as whole as `whole` says.
async fn read_body(
    response: &Response,
    cap: u64,
    Whole { strict, to_length }: Whole,
    pace: Option<&Pace>,
) -> Result<Array, Stop> {
    let chunks = Array::new();
    let Some(body) = response.body() else {
        return Ok(chunks);
    };
    let announced = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|n| n.parse::<u64>().ok());
    if cap == 0 || (strict && announced.is_some_and(|n| n > cap)) {
        let _ = JsFuture::from(body.cancel()).await;
        return if cap == 0 {
            Ok(chunks)
        } else {
            Err(Stop::TooLarge)
        };
    }
    let reader: ReadableStreamDefaultReader =
        body.get_reader().dyn_into().map_err(JsValue::from)?;
    if let Some(pace) = pace {
        pace.reading(&reader);
    }
    let mut read = 0u64;
    loop {
        let result = JsFuture::from(reader.read()).await?;
        if Reflect::get(&result, &"done".into())?.is_truthy() {
            // Ended by the watch (a cancelled read ends as done), or before all it announced
            // (WebKit ends a cut body as done where others fail it): neither is a whole body.
            if pace.is_some_and(|p| p.since.get().is_none()) {
                return Err(Stop::Js(JsValue::from_str("the body fell behind the pace")));
            }
            if to_length && announced.is_some_and(|n| read < n) {
                return Err(Stop::Js(JsValue::from_str(
                    "the body ended before the length the server announced",
                )));
            }
            break;
        }
        let chunk: Uint8Array = Reflect::get(&result, &"value".into())?.dyn_into()?;
        if let Some(pace) = pace {
            pace.came(chunk.length().into());
        }
        let take = u64::from(chunk.length()).min(cap.saturating_sub(read)) as u32;
        read += u64::from(take);
        let over = take < chunk.length();
        let kept = if over { chunk.subarray(0, take) } else { chunk };
        chunks.push(&kept);
        if over {
            // Over the cap: an error when the whole body was wanted, else the rest is dropped.
            let _ = JsFuture::from(reader.cancel()).await;
            if strict {
                return Err(Stop::TooLarge);
            }
            break;
        }
    }
    Ok(chunks)
}

/// A JavaScript error in words (`TypeError: Failed to fetch`), for the Details of a failure.
pub fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| format!("{}: {}", String::from(e.name()), String::from(e.message())))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
