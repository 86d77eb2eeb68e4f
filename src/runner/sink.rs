//! Where an object's bytes go as one stream (a ZIP entry, the save dialog's file, the download manager), and how chunks are hashed without copying them whole.

use futures::future::LocalBoxFuture;
use js_sys::Uint8Array;

use super::body_reader;
use crate::core::problem::Failure;

/// One stream of bytes. Used as `dyn Sink`, so the pump exists once, whatever the sink.
pub trait Sink {
    /// Takes one chunk, as the browser holds it (passed on without a copy). A file starts
    /// writing before the future is awaited.
    fn write<'a>(&'a mut self, chunk: &'a Uint8Array) -> LocalBoxFuture<'a, Result<(), Failure>>;
    /// The object changed on the server: drop what was written and begin again. `false` when
    /// what was written cannot be taken back (a ZIP already streaming out).
    fn start_over(&mut self) -> LocalBoxFuture<'_, Result<bool, Failure>>;
    /// The most bytes to gather into one chunk: a file writes large ones faster.
    fn chunk_size(&self) -> u32 {
        body_reader::LARGE
    }
}

/// A whole output: a sink that is finished (the browser completes the file) or given up.
pub trait Output: Sink {
    fn finish(self: Box<Self>) -> LocalBoxFuture<'static, Result<(), Failure>>;
    fn abort(self: Box<Self>) -> LocalBoxFuture<'static, ()>;
    /// Says when the runner gives up on it (a write waiting for room would otherwise wait on).
    fn stop_when(&mut self, _stop: Box<dyn Fn() -> bool>) {}
}

/// Hands `chunk`'s bytes to `each` in pieces of at most 1 MiB, copied through `buffer`, so the
/// memory holds one piece, not a whole chunk.
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
