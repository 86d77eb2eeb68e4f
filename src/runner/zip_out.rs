//! A ZIP streamed out while it is made: core's `ZipStream` makes the bytes, an [`Output`] takes them.

use futures::future::LocalBoxFuture;
use js_sys::Uint8Array;
use time::OffsetDateTime;

use super::sink::{in_pieces, Output, Sink};
use crate::core::problem::Failure;
use crate::core::zip::{ZipError, ZipStream};

/// Small pieces (headers, descriptors, small files) are gathered up to this size and written
/// together: each write to a file or to the worker has a cost (3 per small file otherwise).
const GATHER: usize = 1 << 20;

pub struct ZipOut {
    zip: ZipStream,
    out: Box<dyn Output>,
    gathered: Vec<u8>,
    /// Where a chunk's bytes are copied, piece by piece, for the CRC.
    pieces: Vec<u8>,
}

/// The entry being written: what it is given goes through the CRC and out.
pub struct Entry<'a>(&'a mut ZipOut);

impl ZipOut {
    pub fn new(out: Box<dyn Output>) -> Self {
        ZipOut {
            zip: ZipStream::new(),
            out,
            gathered: Vec::new(),
            pieces: Vec::new(),
        }
    }

    /// Begins the entry `name` (its path inside the ZIP, from the one sanitiser).
    pub async fn start_entry(
        &mut self,
        name: &str,
        modified: Option<OffsetDateTime>,
        size: u64,
    ) -> Result<(), Failure> {
        let header = self.zip.start_entry(name, modified, size).map_err(js)?;
        self.gather(&header).await
    }

    /// The entry being written, as a sink.
    pub fn entry(&mut self) -> Entry<'_> {
        Entry(self)
    }

    /// Ends the entry being written (its data descriptor: CRC and sizes).
    pub async fn finish_entry(&mut self) -> Result<(), Failure> {
        let descriptor = self.zip.finish_entry().map_err(js)?;
        self.gather(&descriptor).await
    }

    /// Ends the ZIP with its central directory and completes the file or download.
    pub async fn finish(mut self) -> Result<(), Failure> {
        let end = std::mem::take(&mut self.zip).finish().map_err(js)?;
        self.gather(&end).await?;
        self.flush().await?;
        self.out.finish().await
    }

    /// Keeps `bytes` to write with what follows, writing first what was kept if they would not fit.
    async fn gather(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if self.gathered.len() + bytes.len() > GATHER {
            self.flush().await?;
        }
        if bytes.len() > GATHER {
            return self.out.write(&Uint8Array::from(bytes)).await;
        }
        self.gathered.extend_from_slice(bytes);
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), Failure> {
        if self.gathered.is_empty() {
            return Ok(());
        }
        let result = self.out.write(&Uint8Array::from(&self.gathered[..])).await;
        self.gathered.clear();
        result
    }

    /// Stops: what was written is dropped (or the download marked failed).
    pub async fn abort(self) {
        self.out.abort().await;
    }
}

impl Sink for Entry<'_> {
    fn write<'a>(&'a mut self, chunk: &'a Uint8Array) -> LocalBoxFuture<'a, Result<(), Failure>> {
        Box::pin(async move {
            let n = chunk.length() as usize;
            if n >= GATHER / 2 || self.0.gathered.len() + n > GATHER {
                self.0.flush().await?;
            }
            let ZipOut {
                zip,
                out,
                gathered,
                pieces,
            } = &mut *self.0;
            if n < GATHER / 2 {
                // A small piece: with the others, in one write; its CRC from the copy kept.
                let at = gathered.len();
                gathered.resize(at + n, 0);
                chunk.copy_to(&mut gathered[at..]);
                return zip.write(&gathered[at..]).map_err(js);
            }
            // A large one goes out as it is (a file starts writing at once, so the CRC runs
            // while it writes).
            let writing = out.write(chunk);
            let mut crc = Ok(());
            in_pieces(chunk, pieces, |piece| {
                if crc.is_ok() {
                    crc = zip.write(piece);
                }
            });
            writing.await?;
            crc.map_err(js)
        })
    }

    fn chunk_size(&self) -> u32 {
        self.0.out.chunk_size()
    }

    /// Bytes already streamed out cannot be taken back.
    fn start_over(&mut self) -> LocalBoxFuture<'_, Result<bool, Failure>> {
        Box::pin(async { Ok(false) })
    }
}

fn js(error: ZipError) -> Failure {
    Failure::local(error.to_string())
}
