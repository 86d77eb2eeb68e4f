//! A ZIP streamed out while it is made: core's `ZipStream` makes the bytes, a `ByteSink` takes them.

use futures::future::LocalBoxFuture;
use js_sys::Uint8Array;
use time::OffsetDateTime;
use wasm_bindgen::JsValue;

use super::byte_sink::ByteSink;
use super::object_copy::Sink;
use crate::core::zip::{ZipError, ZipStream};

pub struct ZipOut {
    zip: ZipStream,
    out: ByteSink,
}

/// The entry being written: what it is given goes through the CRC and out.
pub struct Entry<'a>(&'a mut ZipOut);

impl ZipOut {
    pub fn new(out: ByteSink) -> Self {
        ZipOut {
            zip: ZipStream::new(),
            out,
        }
    }

    /// Begins the entry `name` (its path inside the ZIP, from the one sanitiser).
    pub async fn start_entry(
        &mut self,
        name: &str,
        modified: Option<OffsetDateTime>,
        size: u64,
    ) -> Result<Entry<'_>, JsValue> {
        let header = self.zip.start_entry(name, modified, size).map_err(js)?;
        self.out.write_bytes(&header).await?;
        Ok(Entry(self))
    }

    /// Ends the ZIP with its central directory and completes the file or download.
    pub async fn finish(self) -> Result<(), JsValue> {
        let mut out = self.out;
        out.write_bytes(&self.zip.finish().map_err(js)?).await?;
        out.finish().await
    }

    /// Stops: what was written is dropped (or the download marked failed).
    pub async fn abort(self) {
        self.out.abort().await;
    }
}

impl Entry<'_> {
    /// Ends the entry with its data descriptor (CRC and sizes).
    pub async fn finish(self) -> Result<(), JsValue> {
        let descriptor = self.0.zip.finish_entry().map_err(js)?;
        self.0.out.write_bytes(&descriptor).await
    }
}

impl Sink for Entry<'_> {
    fn write<'a>(
        &'a mut self,
        chunk: &'a Uint8Array,
        bytes: &'a [u8],
    ) -> LocalBoxFuture<'a, Result<(), JsValue>> {
        Box::pin(async move {
            self.0.zip.write(bytes).map_err(js)?;
            self.0.out.write_chunk(chunk).await
        })
    }

    /// Bytes already streamed out cannot be taken back.
    fn start_over(&mut self) -> LocalBoxFuture<'_, Result<bool, JsValue>> {
        Box::pin(async { Ok(false) })
    }
}

fn js(error: ZipError) -> JsValue {
    JsValue::from_str(&error.to_string())
}
