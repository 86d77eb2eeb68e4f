//! Where one stream of bytes goes (a ZIP, or one file saved in the page): a file from the save dialog, or the download manager through the service worker.

use futures::future::LocalBoxFuture;
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FileSystemFileHandle, FileSystemWritableFileStream};

use super::body_reader;
use super::folder_writer::{writable, write};
use super::object_copy::Sink;
use super::stream_download::StreamDownload;

pub enum ByteSink {
    File(FileSystemWritableFileStream),
    Download(StreamDownload),
}

impl ByteSink {
    /// A new, empty file where the user chose in the save dialog.
    pub async fn file(handle: &FileSystemFileHandle) -> Result<Self, JsValue> {
        Ok(ByteSink::File(writable(handle).await?))
    }

    /// Bytes made in the page (ZIP headers).
    pub async fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.write_chunk(&Uint8Array::from(bytes)).await
    }

    /// A chunk as the browser holds it (a download sends a copy). A file starts writing before
    /// the future is awaited.
    pub fn write_chunk<'a>(
        &'a mut self,
        chunk: &'a Uint8Array,
    ) -> LocalBoxFuture<'a, Result<(), JsValue>> {
        match self {
            ByteSink::File(stream) => Box::pin(write(stream, chunk)),
            ByteSink::Download(download) => Box::pin(download.write(chunk)),
        }
    }

    /// Says when the page gives up (a download waiting for room then stops waiting).
    pub fn stop_when(&mut self, stop: impl Fn() -> bool + 'static) {
        if let ByteSink::Download(download) = self {
            download.stop_when(stop);
        }
    }

    /// Completes the file or the download.
    pub async fn finish(self) -> Result<(), JsValue> {
        match self {
            ByteSink::File(stream) => JsFuture::from(stream.close()).await.map(|_| ()),
            ByteSink::Download(download) => {
                download.finish();
                Ok(())
            }
        }
    }

    /// Stops: the file is dropped, the download marked failed.
    pub async fn abort(self) {
        match self {
            ByteSink::File(stream) => {
                let _ = JsFuture::from(stream.abort()).await;
            }
            ByteSink::Download(download) => download.abort(),
        }
    }
}

/// One file saved in the page: a saved file can start over, a download already flowing cannot.
impl Sink for ByteSink {
    fn write<'a>(&'a mut self, chunk: &'a Uint8Array) -> LocalBoxFuture<'a, Result<(), JsValue>> {
        self.write_chunk(chunk)
    }

    fn keep_alive(&mut self) {
        if let ByteSink::Download(download) = self {
            download.keep_alive();
        }
    }

    fn chunk_size(&self) -> u32 {
        match self {
            ByteSink::File(_) => body_reader::LARGE,
            // Chunks wait in the worker's queue: small ones keep it small.
            ByteSink::Download(_) => body_reader::SMALL,
        }
    }

    fn start_over(&mut self) -> LocalBoxFuture<'_, Result<bool, JsValue>> {
        Box::pin(async {
            match self {
                ByteSink::File(stream) => {
                    JsFuture::from(stream.truncate_with_f64(0.0)?).await?;
                    Ok(true)
                }
                ByteSink::Download(_) => Ok(false),
            }
        })
    }
}
