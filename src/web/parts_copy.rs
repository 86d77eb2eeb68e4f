//! Copies a big object into its file in parallel ranged parts (8 MiB or more), each written at its offset and resumed on its own, then checks the file read back.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use web_sys::{ReadableStream, Response};

use super::body_reader::{self, BodyReader};
use super::fetch;
use super::folder_writer::FolderFile;
use super::object_copy::{
    checksum_headers, in_pieces, sink_failure, wait_for_keys, Ended, Opened, Watch,
};
use super::s3::{slot, Client, Slot, IN_FLIGHT};
use crate::core::engine::stream::{AfterBody, Reopened, Stream};
use crate::core::integrity::{choose, Verifier};
use crate::core::problem::{Failure, Problem};
use crate::core::transfer_plan::{part_size, parts, parts_help, Part};
use crate::core::transfers::Outcome;

/// The most a part gathers before writing: parts come six side by side (and only on slow links,
/// where a chunk is cut at 250 ms anyway), so each keeps a smaller buffer than one stream.
const PART_CHUNK: u32 = 2 << 20;

/// What every part checks its answer against.
struct Object<'a> {
    /// Replaced by a client for new keys when the first ran out.
    client: RefCell<Client>,
    key: &'a str,
    size: u64,
    etag: Option<String>,
    file: &'a FolderFile,
    watch: &'a Watch,
    /// A part failed: the others stop.
    failed: Cell<bool>,
    /// The most a stream gathers before writing (less once parts run side by side).
    chunk: Cell<u32>,
}

/// Copies `key` (`size` bytes) into `file`: the opened whole-object answer gives the first part
/// (and the ETag and checksum); if one stream was slow, the other parts come as ranged GETs, as
/// many at once as the in-flight limit allows, else the rest comes in one. The file is closed,
/// read back and checked; a mismatch is removed.
pub async fn copy_in_parts(
    client: &Client,
    first: Opened,
    key: &str,
    size: u64,
    file: &FolderFile,
    watch: &Watch,
) -> Result<Outcome, Failure> {
    let Some(headers) = first.headers() else {
        return Err(Failure::local("answer already read".into()));
    };
    let check = choose(&(&checksum_headers(headers)).into());
    let object = Object {
        client: RefCell::new(client.clone()),
        key,
        size,
        etag: fetch::header(headers, "etag"),
        file,
        watch,
        failed: Cell::new(false),
        chunk: Cell::new(body_reader::LARGE),
    };
    let mut all = parts(size, part_size(size)).into_iter();
    let head = all
        .next()
        .ok_or_else(|| Failure::local("empty object".into()))?;
    // The first part alone, on the whole-object answer: how fast one stream goes decides the rest.
    let began = js_sys::Date::now();
    object.fill(head, Some(first)).await?;
    let rest: VecDeque<Part> = if parts_help(head.len(), js_sys::Date::now() - began) {
        object.chunk.set(PART_CHUNK);
        all.collect()
    } else {
        // Fast enough on one stream: the rest in one request.
        all.next()
            .map(|part| Part {
                end: size - 1,
                ..part
            })
            .into_iter()
            .collect()
    };
    let queue = RefCell::new(rest);
    let streams = (0..IN_FLIGHT).map(|_| async {
        loop {
            let next = queue.borrow_mut().pop_front();
            let Some(part) = next else { return Ok(()) };
            object.fill(part, None).await?;
        }
    });
    futures::future::join_all(streams)
        .await
        .into_iter()
        .collect::<Result<(), Failure>>()?;
    if !(watch.keep_going)() {
        return Ok(Outcome::Cancelled);
    }
    file.close().await.map_err(|e| sink_failure(&e))?;
    let mut verifier = match check {
        Ok(check) => Verifier::new(check),
        Err(why) => return Ok(Outcome::NotVerifiable(why)),
    };
    let bytes = file.read_back().await.map_err(|e| sink_failure(&e))?;
    digest(&bytes, size, &mut verifier)
        .await
        .map_err(|e| sink_failure(&e))?;
    if verifier.matches() {
        Ok(Outcome::Verified)
    } else {
        file.remove().await;
        Ok(Outcome::Mismatch)
    }
}

impl Object<'_> {
    fn going(&self) -> bool {
        !self.failed.get() && (self.watch.keep_going)()
    }

    /// Writes one part, resuming after cuts; `opened` is the whole-object answer for the first.
    async fn fill(&self, part: Part, mut opened: Option<Opened>) -> Result<(), Failure> {
        let result = self.fill_part(part, &mut opened).await;
        if result.is_err() {
            self.failed.set(true);
        }
        result
    }

    async fn fill_part(&self, part: Part, opened: &mut Option<Opened>) -> Result<(), Failure> {
        let mut held: Option<Slot> = None;
        let mut stream = Stream::part(part, self.etag.clone(), self.size);
        while self.going() {
            let response = match opened.take().and_then(Opened::take) {
                Some((slot, response)) => {
                    held = Some(slot);
                    response
                }
                None => {
                    if held.is_none() {
                        held = Some(slot().await);
                    }
                    let slot = held
                        .as_ref()
                        .ok_or_else(|| Failure::local("no slot".into()))?;
                    match self.open(slot, &stream).await {
                        // The keys ran out while the connection held: wait for new ones.
                        Err(failure) if failure.problem == Problem::KeysExpired => {
                            // Waiting takes no place under the in-flight limit.
                            held = None;
                            let refused = self.client.borrow().clone();
                            let going = || self.going();
                            match wait_for_keys(self.watch, &refused, &going, &mut || {}).await {
                                Some(fresh) => *self.client.borrow_mut() = fresh,
                                None => return Ok(()),
                            }
                            continue;
                        }
                        other => other?,
                    }
                }
            };
            let body = response
                .body()
                .ok_or_else(|| Failure::local("no body".into()))?;
            let (n, ended) = self
                .write_part(&body, stream.position(), stream.wanted())
                .await;
            stream.wrote(n);
            match (stream.body_ended(), ended) {
                (AfterBody::Done, _) => return Ok(()),
                (_, Ended::Sink(e)) => return Err(sink_failure(&e)),
                (AfterBody::GiveUp(failure), _) => return Err(failure),
                (AfterBody::Resume { after, .. }, _) => {
                    fetch::sleep(after.as_millis() as u64).await
                }
            }
        }
        Ok(())
    }

    /// Opens the rest of `stream`, checking it is the same object and the bytes asked.
    async fn open(&self, slot: &Slot, stream: &Stream) -> Result<Response, Failure> {
        let client = self.client.borrow().clone();
        let response = client.open_range(slot, self.key, &stream.range()).await?;
        let header = |name| fetch::header(&response, name);
        match stream.reopened(
            header("etag").as_deref(),
            header("content-range").as_deref(),
        ) {
            Reopened::GoOn => Ok(response),
            Reopened::Changed(failure) => Err(failure),
            Reopened::StartOver => Err(Problem::ChangedMidDownload.into()),
        }
    }

    /// Writes `body` at `position` until `limit` bytes are written (a whole-object body is cut
    /// there), the body ends or fails, or the copy stops.
    async fn write_part(&self, body: &ReadableStream, position: u64, limit: u64) -> (u64, Ended) {
        let Ok(mut reader) = BodyReader::new(body, limit, self.chunk.get()) else {
            return (0, Ended::Body);
        };
        let mut written = 0u64;
        let ended = loop {
            if written >= limit {
                break Ended::Done;
            }
            if !self.going() {
                break Ended::Body;
            }
            // No further than the part's end (a whole-object body goes on past it).
            let chunk = match reader.read_at_most(limit - written).await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break Ended::Done,
                Err(_) => break Ended::Body,
            };
            // (A default reader, where BYOB is missing, hands on whatever came.)
            let take = u64::from(chunk.length()).min(limit - written);
            let chunk: Uint8Array = chunk.subarray(0, take as u32);
            if let Err(e) = self.file.write_at(position + written, &chunk).await {
                break Ended::Sink(e);
            }
            written += take;
            (self.watch.progress)(take);
        };
        // The rest of a whole-object body belongs to other parts: let it go.
        reader.cancel().await;
        (written, ended)
    }
}

/// Feeds a finished file's bytes to `verifier`.
async fn digest(bytes: &ReadableStream, size: u64, verifier: &mut Verifier) -> Result<(), JsValue> {
    let mut reader = BodyReader::new(bytes, size, body_reader::SMALL)?;
    let mut pieces = Vec::new();
    while let Some(chunk) = reader.read().await? {
        in_pieces(&chunk, &mut pieces, |piece| verifier.update(piece));
    }
    Ok(())
}
