//! Reads a body in chunks gathered into one reused buffer (a BYOB reader) where the stream allows it, so a long body adds no garbage per chunk and writes come in few, large pieces.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{ArrayBuffer, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamByobReader, ReadableStreamDefaultReader};

use crate::core::transfer_plan::STALL;
use crate::platform::timer::{steady_ms, Timer};

/// What a chunk gathers at most while bytes keep coming: each write into a file has a cost of
/// its own, and this Chromium writes 8 MiB pieces ~40% faster than the network's 64 KiB–1 MiB
/// ones (as fast as `pipeTo` into the same kind of file).
pub const LARGE: u32 = 8 << 20;
/// What a chunk gathers at most where chunks are queued elsewhere (the service worker's stream).
pub const SMALL: u32 = 1 << 20;
/// The smallest buffer made (a body may be longer than expected).
const MIN_BUFFER: u64 = 16 << 10;
/// A chunk is handed on once a piece arrives this long (ms) after the chunk's first, even when
/// not full, so progress keeps moving on a slow link.
const PATIENCE_MS: f64 = 250.0;

/// A body being read, watched for stalls: a read that brings nothing for [`STALL`] ends the body
/// early (the reader is cancelled), so the caller resumes it as a cut connection.
pub struct BodyReader {
    reader: Reader,
    /// Since when (steady ms) a read has waited, while one does.
    waiting: Rc<Cell<Option<f64>>>,
    _watchdog: Option<Timer>,
}

/// With a default reader every chunk is a new buffer for the garbage collector, which lets
/// hundreds of MB pile up during a big download; a BYOB reader refills one.
enum Reader {
    Byob {
        reader: ReadableStreamByobReader,
        size: u32,
        buffer: Option<ArrayBuffer>,
        /// The body ended after the last chunk was gathered: said at the next read.
        ended: bool,
    },
    Default(ReadableStreamDefaultReader),
}

impl BodyReader {
    /// Reads `body`, of about `expected` bytes, in chunks of at most `most` bytes (a small body
    /// gets a buffer its size).
    pub fn new(body: &ReadableStream, expected: u64, most: u32) -> Result<Self, JsValue> {
        BodyReader::watched_for(body, expected, most, STALL)
    }

    /// As `new`, taking a read that waits longer than `stall` as the end of the body.
    pub fn watched_for(
        body: &ReadableStream,
        expected: u64,
        most: u32,
        stall: std::time::Duration,
    ) -> Result<Self, JsValue> {
        let size = expected.max(MIN_BUFFER).min(u64::from(most)) as u32;
        let reader = match ReadableStreamByobReader::new(body) {
            Ok(reader) => Reader::Byob {
                reader,
                size,
                buffer: None,
                ended: false,
            },
            Err(_) => Reader::Default(body.get_reader().dyn_into()?),
        };
        let waiting = Rc::new(Cell::new(None::<f64>));
        let watchdog = {
            let (waiting, cancel) = (waiting.clone(), reader.cancel_handle());
            let stall_ms = stall.as_millis() as f64;
            Timer::every((stall.as_millis() as u64 / 6).max(1), move || {
                if waiting
                    .get()
                    .is_some_and(|since| steady_ms() - since > stall_ms)
                {
                    waiting.set(None);
                    let _ = cancel.cancel();
                }
            })
        };
        Ok(BodyReader {
            reader,
            waiting,
            _watchdog: watchdog,
        })
    }

    /// The next chunk, or `None` at the end. The chunk is valid until the next `read`. A failure
    /// takes the bytes gathered since the last chunk with it (the stream keeps the buffer): the
    /// caller resumes from what it was handed.
    pub async fn read(&mut self) -> Result<Option<Uint8Array>, JsValue> {
        self.read_at_most(u64::MAX).await
    }

    /// As `read`, gathering at most `most` bytes (a part stops at its end, not a chunk later).
    pub async fn read_at_most(&mut self, most: u64) -> Result<Option<Uint8Array>, JsValue> {
        let waiting = &self.waiting;
        match &mut self.reader {
            Reader::Default(reader) => chunk_of(&watched(waiting, reader.read()).await?),
            Reader::Byob {
                reader,
                size,
                buffer,
                ended,
            } => {
                if std::mem::take(ended) {
                    return Ok(None);
                }
                let limit = u64::from(*size).min(most).max(1) as u32;
                gather(reader, *size, limit, buffer, ended, waiting).await
            }
        }
    }

    /// Stops reading (the rest of the body is not wanted).
    pub async fn cancel(&self) {
        let _ = JsFuture::from(self.reader.cancel_handle().cancel()).await;
    }
}

impl Reader {
    /// The reader as something to cancel (from the watchdog too).
    fn cancel_handle(&self) -> CancelHandle {
        match self {
            Reader::Byob { reader, .. } => CancelHandle::Byob(reader.clone()),
            Reader::Default(reader) => CancelHandle::Default(reader.clone()),
        }
    }
}

enum CancelHandle {
    Byob(ReadableStreamByobReader),
    Default(ReadableStreamDefaultReader),
}

impl CancelHandle {
    fn cancel(&self) -> Promise {
        match self {
            CancelHandle::Byob(reader) => reader.cancel(),
            CancelHandle::Default(reader) => reader.cancel(),
        }
    }
}

/// Awaits one read, marked as waiting meanwhile (for the watchdog).
async fn watched(waiting: &Cell<Option<f64>>, read: Promise) -> Result<JsValue, JsValue> {
    waiting.set(Some(steady_ms()));
    let result = JsFuture::from(read).await;
    waiting.set(None);
    result
}

/// Fills the first `limit` bytes of `buffer` (made on first use, `size` long) from `reader` until
/// they are full, the body ends (`ended` is set when bytes came first) or a piece arrives
/// `PATIENCE_MS` after the first.
async fn gather(
    reader: &ReadableStreamByobReader,
    size: u32,
    limit: u32,
    buffer: &mut Option<ArrayBuffer>,
    ended: &mut bool,
    waiting: &Cell<Option<f64>>,
) -> Result<Option<Uint8Array>, JsValue> {
    let mut filled = 0;
    let mut started = None;
    while filled < limit {
        let space = buffer.take().unwrap_or_else(|| ArrayBuffer::new(size));
        let view = Uint8Array::new_with_byte_offset_and_length(&space, filled, limit - filled);
        let step = watched(waiting, reader.read_with_array_buffer_view(&view)).await?;
        let Some(piece) = chunk_of(&step)? else {
            // The end: the buffer comes back with the (empty) last view.
            if let Ok(view) = Reflect::get(&step, &"value".into())?.dyn_into::<Uint8Array>() {
                *buffer = Some(view.buffer());
            }
            if filled == 0 {
                return Ok(None);
            }
            *ended = true;
            break;
        };
        // The read moved the buffer into `piece`: the next read goes on filling it.
        *buffer = Some(piece.buffer());
        filled += piece.length();
        let now = steady_ms();
        if filled > 0 && now - *started.get_or_insert(now) >= PATIENCE_MS {
            break;
        }
    }
    match buffer {
        Some(buffer) => Ok(Some(Uint8Array::new_with_byte_offset_and_length(
            buffer, 0, filled,
        ))),
        None => Err(JsValue::from_str("the body ended without its last bytes")),
    }
}

/// The chunk of a read's result, or `None` when the body ended.
fn chunk_of(step: &JsValue) -> Result<Option<Uint8Array>, JsValue> {
    if Reflect::get(step, &JsValue::from_str("done"))?.is_truthy() {
        return Ok(None);
    }
    Ok(Some(
        Reflect::get(step, &JsValue::from_str("value"))?.dyn_into()?,
    ))
}
