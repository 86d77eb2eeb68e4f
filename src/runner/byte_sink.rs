//! Where one stream of bytes goes (a ZIP, or one saved file): a file from the save dialog, or the download manager through the service worker's port.

use futures::future::LocalBoxFuture;
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FileSystemFileHandle, FileSystemWritableFileStream};

use super::body_reader;
use super::download_port::DownloadPort;
use super::folder_writer::{writable, write};
use super::sink::{Output, Sink};
use crate::core::problem::Failure;
use crate::platform::fetch;

/// One output stream: a file the user picked, or a download streamed through the worker.
pub enum ByteSink {
    File(FileSystemWritableFileStream),
    Download(DownloadPort),
}

impl ByteSink {
    /// Writes into the file `handle` (from the save dialog), from its start.
    pub async fn file(handle: &FileSystemFileHandle) -> Result<Self, JsValue> {
        Ok(ByteSink::File(writable(handle).await?))
    }

    /// Whether what was written can be taken back (a file can be truncated; a download cannot).
    pub fn can_start_over(&self) -> bool {
        matches!(self, ByteSink::File(_))
    }
}

/// A file's refusal in the user's terms.
fn failure(error: &JsValue) -> Failure {
    Failure::save(fetch::describe(error))
}

impl Sink for ByteSink {
    fn write<'a>(&'a mut self, chunk: &'a Uint8Array) -> LocalBoxFuture<'a, Result<(), Failure>> {
        match self {
            ByteSink::File(stream) => {
                let writing = write(stream, chunk);
                Box::pin(async move { writing.await.map_err(|e| failure(&e)) })
            }
            ByteSink::Download(download) => Box::pin(download.write(chunk)),
        }
    }

    fn chunk_size(&self) -> u32 {
        match self {
            ByteSink::File(_) => body_reader::LARGE,
            // Chunks wait in the worker's queue: small ones keep it small.
            ByteSink::Download(_) => body_reader::SMALL,
        }
    }

    fn start_over(&mut self) -> LocalBoxFuture<'_, Result<bool, Failure>> {
        Box::pin(async {
            match self {
                ByteSink::File(stream) => {
                    let truncate = stream.truncate_with_f64(0.0).map_err(|e| failure(&e))?;
                    JsFuture::from(truncate).await.map_err(|e| failure(&e))?;
                    Ok(true)
                }
                ByteSink::Download(_) => Ok(false),
            }
        })
    }
}

impl Output for ByteSink {
    fn finish(self: Box<Self>) -> LocalBoxFuture<'static, Result<(), Failure>> {
        Box::pin(async move {
            match *self {
                ByteSink::File(stream) => JsFuture::from(stream.close())
                    .await
                    .map(|_| ())
                    .map_err(|e| failure(&e)),
                ByteSink::Download(download) => download.finish().await,
            }
        })
    }

    fn abort(self: Box<Self>) -> LocalBoxFuture<'static, ()> {
        Box::pin(async move {
            match *self {
                ByteSink::File(stream) => {
                    let _ = JsFuture::from(stream.abort()).await;
                }
                ByteSink::Download(download) => download.abort(),
            }
        })
    }

    fn stop_when(&mut self, stop: Box<dyn Fn() -> bool>) {
        if let ByteSink::Download(download) = self {
            download.stop_when(stop);
        }
    }
}
