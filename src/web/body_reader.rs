//! Reads a body chunk by chunk into one reused buffer (a BYOB reader) where the stream allows it, so a long download leaves no garbage behind.

use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamByobReader, ReadableStreamDefaultReader};

/// The reused buffer: large enough for few writes, small enough to stay out of the way.
const BUFFER: u32 = 1 << 20;

/// A body being read. With a default reader every chunk is a new buffer for the garbage
/// collector, which lets hundreds of MB pile up during a big download; a BYOB reader refills one.
pub enum BodyReader {
    Byob(ReadableStreamByobReader, Option<ArrayBuffer>),
    Default(ReadableStreamDefaultReader),
}

impl BodyReader {
    pub fn new(body: &ReadableStream) -> Result<Self, JsValue> {
        match ReadableStreamByobReader::new(body) {
            Ok(reader) => Ok(BodyReader::Byob(reader, None)),
            Err(_) => Ok(BodyReader::Default(body.get_reader().dyn_into()?)),
        }
    }

    /// The next chunk, or `None` at the end. The chunk is valid until the next `read`.
    pub async fn read(&mut self) -> Result<Option<Uint8Array>, JsValue> {
        let step = match self {
            BodyReader::Byob(reader, buffer) => {
                let buffer = buffer.take().unwrap_or_else(|| ArrayBuffer::new(BUFFER));
                let view = Uint8Array::new(&buffer);
                JsFuture::from(reader.read_with_array_buffer_view(&view)).await?
            }
            BodyReader::Default(reader) => JsFuture::from(reader.read()).await?,
        };
        if Reflect::get(&step, &JsValue::from_str("done"))?.is_truthy() {
            return Ok(None);
        }
        let chunk: Uint8Array = Reflect::get(&step, &JsValue::from_str("value"))?.dyn_into()?;
        if let BodyReader::Byob(_, buffer) = self {
            // The read moved the buffer into `chunk`: the next read refills it.
            *buffer = Some(chunk.buffer());
        }
        Ok(Some(chunk))
    }

    /// Stops reading (the rest of the body is not wanted).
    pub async fn cancel(&self) {
        let promise = match self {
            BodyReader::Byob(reader, _) => reader.cancel(),
            BodyReader::Default(reader) => reader.cancel(),
        };
        let _ = JsFuture::from(promise).await;
    }
}
