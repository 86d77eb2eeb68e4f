//! Reads a body in chunks gathered into one reused buffer (a BYOB reader) where the stream allows it, so a long body adds no garbage per chunk and writes come in few, large pieces.

use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamByobReader, ReadableStreamDefaultReader};

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

/// A body being read. With a default reader every chunk is a new buffer for the garbage
/// collector, which lets hundreds of MB pile up during a big download; a BYOB reader refills one.
pub enum BodyReader {
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
        let size = expected.max(MIN_BUFFER).min(u64::from(most)) as u32;
        match ReadableStreamByobReader::new(body) {
            Ok(reader) => Ok(BodyReader::Byob {
                reader,
                size,
                buffer: None,
                ended: false,
            }),
            Err(_) => Ok(BodyReader::Default(body.get_reader().dyn_into()?)),
        }
    }

    /// The next chunk, or `None` at the end. The chunk is valid until the next `read`. A failure
    /// takes the bytes gathered since the last chunk with it (the stream keeps the buffer): the
    /// caller resumes from what it was handed.
    pub async fn read(&mut self) -> Result<Option<Uint8Array>, JsValue> {
        self.read_at_most(u64::MAX).await
    }

    /// As `read`, gathering at most `most` bytes (a part stops at its end, not a chunk later).
    pub async fn read_at_most(&mut self, most: u64) -> Result<Option<Uint8Array>, JsValue> {
        match self {
            BodyReader::Default(reader) => chunk_of(&JsFuture::from(reader.read()).await?),
            BodyReader::Byob {
                reader,
                size,
                buffer,
                ended,
            } => {
                if std::mem::take(ended) {
                    return Ok(None);
                }
                let limit = u64::from(*size).min(most).max(1) as u32;
                gather(reader, *size, limit, buffer, ended).await
            }
        }
    }

    /// Stops reading (the rest of the body is not wanted).
    pub async fn cancel(&self) {
        let promise = match self {
            BodyReader::Byob { reader, .. } => reader.cancel(),
            BodyReader::Default(reader) => reader.cancel(),
        };
        let _ = JsFuture::from(promise).await;
    }
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
) -> Result<Option<Uint8Array>, JsValue> {
    let mut filled = 0;
    let mut started = None;
    while filled < limit {
        let space = buffer.take().unwrap_or_else(|| ArrayBuffer::new(size));
        let view = Uint8Array::new_with_byte_offset_and_length(&space, filled, limit - filled);
        let step = JsFuture::from(reader.read_with_array_buffer_view(&view)).await?;
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
        let now = now_ms();
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

/// A clock for the patience above that does not jump when the computer's clock is set.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
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
