//! Copies one object into a sink: streams the body, resumes a cut with `Range: bytes=N-` (ETag checked), verifies against S3's checksum.

use futures::future::LocalBoxFuture;
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use web_sys::{ReadableStream, Response};

use super::body_reader::{self, BodyReader};
use super::fetch;
use super::s3::{slot, Client, Slot};
use crate::core::engine::stream::{AfterBody, Reopened, Stream};
use crate::core::integrity::{choose, ChecksumHeaders, Unverifiable, Verifier};
use crate::core::problem::{Failure, Problem};
use crate::core::transfers::Outcome;

/// Where an object's bytes go: a file in a folder, a file from the save dialog, a ZIP entry.
/// Used as `dyn Sink`, so the copy exists once in the page, whatever the sink.
pub trait Sink {
    /// Takes one chunk, as the browser holds it (passed on without a copy). A file starts
    /// writing before the future is awaited.
    fn write<'a>(&'a mut self, chunk: &'a Uint8Array) -> LocalBoxFuture<'a, Result<(), JsValue>>;
    /// The object changed on the server: drop what was written and begin again. `false` when
    /// what was written cannot be taken back (a ZIP already streaming out).
    fn start_over(&mut self) -> LocalBoxFuture<'_, Result<bool, JsValue>>;
    /// The most bytes to gather into one chunk: a file writes large ones faster.
    fn chunk_size(&self) -> u32 {
        body_reader::LARGE
    }
    /// Tells a download waiting for more bytes that it is still wanted.
    fn keep_alive(&mut self) {}
}

/// Given a client refused for expired keys: a client for other keys, if there are any.
pub type KeysAfter = Box<dyn Fn(&Client) -> Option<Client>>;

/// What the copy tells its caller as it goes.
pub struct Watch {
    /// Bytes just written.
    pub progress: Box<dyn Fn(u64)>,
    /// The object changed and the copy began again.
    pub restarted: Box<dyn Fn()>,
    /// Whether to go on (not cancelled; for some copies, keys still the same).
    pub keep_going: Box<dyn Fn() -> bool>,
    /// The copy waits for new keys (`true`), or goes on with them (`false`).
    pub paused: Box<dyn Fn(bool)>,
    /// After a client was refused for expired keys: a client for other keys on its bucket, once
    /// there are some.
    pub keys_after: KeysAfter,
}

/// An object whose answer has come, body unread, with its place under the in-flight limit.
/// Dropped unread, its body is cancelled, so the connection is not held until garbage collection.
pub struct Opened {
    slot: Option<Slot>,
    response: Option<Response>,
}

impl Opened {
    /// The answer (for its headers).
    pub fn headers(&self) -> Option<&Response> {
        self.response.as_ref()
    }

    /// The place and the answer, to read the body.
    pub fn take(mut self) -> Option<(Slot, Response)> {
        Some((self.slot.take()?, self.response.take()?))
    }
}

impl Drop for Opened {
    fn drop(&mut self) {
        if let Some(body) = self.response.take().and_then(|r| r.body()) {
            let _ = body.cancel();
        }
    }
}

/// Waits for a place under the in-flight limit and opens `key`.
pub async fn open(client: &Client, key: &str) -> Result<Opened, Failure> {
    let slot = slot().await;
    let response = client.open_object(&slot, key).await?;
    Ok(Opened {
        slot: Some(slot),
        response: Some(response),
    })
}

/// Copies the opened object `key` (`size` bytes, as listed) into `sink`, resuming after dropped
/// connections, then checks it against S3's checksum. When `keep_going` turns false the result
/// does not matter.
pub async fn copy(
    client: &Client,
    opened: Opened,
    key: &str,
    size: u64,
    sink: &mut dyn Sink,
    watch: &Watch,
) -> Result<Outcome, Failure> {
    let (mut place, mut response) = opened
        .take()
        .ok_or_else(|| Failure::local("answer already read".into()))?;
    // The object as it is now (it may have changed since it was listed).
    let mut stream = Stream::whole(fetch::header(&response, "etag"), length(&response, size));
    let mut check = choose(&(&checksum_headers(&response)).into());
    let mut verifier = check.ok().map(Verifier::new);
    // Keys pasted while the copy waited, once the first ran out.
    let mut renewed: Option<Client> = None;
    loop {
        let body = response
            .body()
            .ok_or_else(|| Failure::local("no body".into()))?;
        let (n, ended) = pump(&body, stream.wanted(), sink, verifier.as_mut(), watch).await;
        stream.wrote(n);
        match ended {
            _ if !(watch.keep_going)() => return Ok(Outcome::Cancelled),
            Ended::Sink(e) => return Err(sink_failure(&e)),
            // Whole, cut, stalled or shorter than the object: the stream says what follows.
            Ended::Done | Ended::Body => {}
        }
        let range = match stream.body_ended() {
            AfterBody::Done => break,
            AfterBody::GiveUp(failure) => return Err(failure),
            AfterBody::Resume { after, range } => {
                fetch::sleep(after.as_millis() as u64).await;
                range
            }
        };
        response = loop {
            // Nothing is signed once the copy is stopped (cancelled, keys forgotten).
            if !(watch.keep_going)() {
                return Ok(Outcome::Cancelled);
            }
            let current = renewed.as_ref().unwrap_or(client);
            match current.open_range(&place, key, &range).await {
                // The keys ran out while the connection held: wait for new ones, then go on.
                Err(failure) if failure.problem == Problem::KeysExpired => {
                    // Waiting takes no place under the in-flight limit (the listing with the new
                    // keys needs one).
                    drop(place);
                    let going = || (watch.keep_going)();
                    match wait_for_keys(watch, current, &going, &mut || sink.keep_alive()).await {
                        Some(fresh) => renewed = Some(fresh),
                        None => return Ok(Outcome::Cancelled),
                    }
                    place = slot().await;
                }
                other => break other?,
            }
        };
        let header = |name| fetch::header(&response, name);
        match stream.reopened(
            header("etag").as_deref(),
            header("content-range").as_deref(),
        ) {
            Reopened::GoOn => {}
            Reopened::Changed(failure) => return Err(failure),
            Reopened::StartOver => {
                // Start over from the first byte, with the object as it is now.
                if !sink.start_over().await.map_err(|e| sink_failure(&e))? {
                    return Err(Problem::ChangedMidDownload.into());
                }
                (watch.restarted)();
                response = renewed
                    .as_ref()
                    .unwrap_or(client)
                    .open_object(&place, key)
                    .await?;
                let length = length(&response, stream.object_size());
                stream.started_over(fetch::header(&response, "etag"), length);
                check = choose(&(&checksum_headers(&response)).into());
                verifier = check.ok().map(Verifier::new);
            }
        }
    }
    Ok(match (verifier.map(Verifier::matches), check) {
        (Some(true), _) => Outcome::Verified,
        (Some(false), _) => Outcome::Mismatch,
        (None, Err(why)) => Outcome::NotVerifiable(why),
        (None, Ok(_)) => Outcome::NotVerifiable(Unverifiable::NoChecksum),
    })
}

/// The keys ran out while an object was being copied (`refused` was refused for them): waits,
/// the copy shown paused and its download kept alive, until there are other keys. `None` if the
/// copy stops meanwhile (`going` turns false).
pub async fn wait_for_keys(
    watch: &Watch,
    refused: &Client,
    going: &dyn Fn() -> bool,
    keep_alive: &mut dyn FnMut(),
) -> Option<Client> {
    (watch.paused)(true);
    loop {
        if !going() {
            return None;
        }
        if let Some(client) = (watch.keys_after)(refused) {
            (watch.paused)(false);
            return Some(client);
        }
        keep_alive();
        fetch::sleep(500).await;
    }
}

/// The length of a whole-object answer (`otherwise` without one).
fn length(response: &Response, otherwise: u64) -> u64 {
    fetch::header(response, "content-length")
        .and_then(|n| n.parse().ok())
        .unwrap_or(otherwise)
}

/// How a body stopped flowing.
#[derive(Debug)]
pub enum Ended {
    /// The body ended normally.
    Done,
    /// The body failed (a cut connection) or the copy was told to stop.
    Body,
    /// The sink would not take a chunk.
    Sink(JsValue),
}

/// Copies `body` (of about `expected` bytes) into `sink` chunk by chunk, feeding `verifier` and
/// `watch.progress`, until the body ends, fails, or `watch.keep_going` says stop. Returns the
/// bytes written and how it ended.
pub async fn pump(
    body: &ReadableStream,
    expected: u64,
    sink: &mut dyn Sink,
    mut verifier: Option<&mut Verifier>,
    watch: &Watch,
) -> (u64, Ended) {
    let Ok(mut reader) = BodyReader::new(body, expected, sink.chunk_size()) else {
        return (0, Ended::Body);
    };
    let mut written = 0u64;
    let mut pieces = Vec::new();
    let ended = loop {
        if !(watch.keep_going)() {
            break Ended::Body;
        }
        let chunk = match reader.read().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break Ended::Done,
            Err(_) => break Ended::Body,
        };
        let n = u64::from(chunk.length());
        // The sink starts writing at once; the checksum runs while it writes.
        let writing = sink.write(&chunk);
        if let Some(verifier) = verifier.as_deref_mut() {
            in_pieces(&chunk, &mut pieces, |piece| verifier.update(piece));
        }
        if let Err(e) = writing.await {
            break Ended::Sink(e);
        }
        written += n;
        (watch.progress)(n);
    };
    if !matches!(ended, Ended::Done) {
        reader.cancel().await;
    }
    (written, ended)
}

/// Hands `chunk`'s bytes to `each` in pieces of at most 1 MiB, copied through `buffer`, so the
/// page's memory holds one piece, not a whole chunk.
pub fn in_pieces(chunk: &Uint8Array, buffer: &mut Vec<u8>, mut each: impl FnMut(&[u8])) {
    const PIECE: u32 = 1 << 20;
    let mut start = 0;
    while start < chunk.length() {
        let end = chunk.length().min(start + PIECE);
        buffer.resize((end - start) as usize, 0);
        chunk.subarray(start, end).copy_to(buffer);
        each(buffer);
        start = end;
    }
}

/// A sink's refusal in the user's terms: stopped in the download list, or not saved.
pub fn sink_failure(error: &JsValue) -> Failure {
    if super::stream_download::is_stopped(error) {
        Problem::StoppedInBrowser.into()
    } else {
        Failure::save(fetch::describe(error))
    }
}

/// The checksum headers of an answer (exposed by the portal's CORS rule).
pub fn checksum_headers(response: &Response) -> OwnedChecksums {
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
pub struct OwnedChecksums([Option<String>; 5]);

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
