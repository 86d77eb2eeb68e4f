//! The runner's half of a transfer: holds each job's output (a folder, a ZIP, one file), writes opened bodies into it, runs checks, closes and discards files, and tells the engine counts and verdicts.

use std::cell::Cell;
use std::rc::Rc;

use web_sys::{FileSystemDirectoryHandle, ReadableStream};

use super::body_reader::{self, BodyReader};
use super::folder_writer::FolderFile;
use super::sink::{in_pieces, Output, Sink};
use super::zip_out::ZipOut;
use crate::core::engine::{Begin, BodyEnd, Closing, Pump};
use crate::core::integrity::{Check, Verifier};
use crate::core::problem::{Failure, Problem};
use crate::platform::fetch::describe;

/// The most a part gathers before writing: parts come six side by side (and only on slow links,
/// where a chunk is cut at 250 ms anyway), so each keeps a smaller buffer than one stream.
const PART_CHUNK: u32 = 2 << 20;

/// Where a job's files go, as the page handed it over.
pub enum Out {
    /// Each file its own, below this folder.
    Folder(FileSystemDirectoryHandle),
    /// One ZIP of them all.
    Zip(Box<dyn Output>),
    /// The one file, saved through the dialog or the download manager.
    One(Box<dyn Output>),
}

/// A job's output while it runs: a stream is lent to the pump writing it (taken out meanwhile).
pub enum JobOutput {
    Folder(FileSystemDirectoryHandle),
    Zip(Option<ZipOut>),
    One(Option<Box<dyn Output>>),
}

impl JobOutput {
    /// Takes the page's output; `stopped` turns true when the runner gives up on the job, so a
    /// write waiting for room in the download manager stops waiting.
    pub fn new(out: Out, stopped: Rc<Cell<bool>>) -> Self {
        let stop = move || stopped.get();
        match out {
            Out::Folder(root) => JobOutput::Folder(root),
            Out::Zip(mut sink) => {
                sink.stop_when(Box::new(stop));
                JobOutput::Zip(Some(ZipOut::new(sink)))
            }
            Out::One(mut sink) => {
                sink.stop_when(Box::new(stop));
                JobOutput::One(Some(sink))
            }
        }
    }

    /// Lends out the job's stream (a ZIP, the one file) to the one pump or close using it; `None`
    /// for a folder (its files are shared), or when the stream is already out.
    pub fn lend(&mut self) -> Option<JobOutput> {
        match self {
            JobOutput::Folder(_) => None,
            JobOutput::Zip(zip) => zip.take().map(|z| JobOutput::Zip(Some(z))),
            JobOutput::One(sink) => sink.take().map(|s| JobOutput::One(Some(s))),
        }
    }

    /// Finishes (`keep`) or gives up what is still open.
    pub async fn end(self, keep: bool) -> Result<(), Failure> {
        match self {
            JobOutput::Zip(Some(zip)) if keep => zip.finish().await,
            JobOutput::Zip(Some(zip)) => {
                zip.abort().await;
                Ok(())
            }
            JobOutput::One(Some(sink)) => {
                sink.abort().await;
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

/// One file of a job, as the runner holds it: the file in the folder, the check its bytes run
/// through as they stream.
#[derive(Default)]
pub struct FileOut {
    pub file: Option<Rc<FolderFile>>,
    pub verifier: Option<Verifier>,
}

/// What a pump writes into.
pub enum WriteTo<'a> {
    /// The file in the folder, at the pump's offset (parts write side by side).
    At(&'a FolderFile),
    /// A stream, in order.
    Stream(&'a mut dyn Sink),
}

/// Begins a file in a folder (made, or made empty again); `making` is called just before a file
/// that was not there is made.
pub async fn begin_in_folder(
    root: &FileSystemDirectoryHandle,
    begin: &Begin,
    existing: Option<Rc<FolderFile>>,
    making: impl FnOnce(),
) -> Result<Rc<FolderFile>, Failure> {
    match existing {
        Some(file) if begin.again => {
            file.start_over().await.map_err(save)?;
            Ok(file)
        }
        _ => FolderFile::create(root, &begin.path, making)
            .await
            .map(Rc::new)
            .map_err(save),
    }
}

/// Begins a stream's file: a ZIP entry, or the one file made empty again.
pub async fn begin_in_stream(job: &mut JobOutput, begin: &Begin) -> Result<(), Failure> {
    match job {
        JobOutput::Zip(Some(zip)) if !begin.again => {
            zip.start_entry(&begin.path.join("/"), begin.modified, begin.size)
                .await
        }
        JobOutput::One(Some(sink)) if begin.again => match sink.start_over().await? {
            true => Ok(()),
            false => Err(Problem::ChangedMidDownload.into()),
        },
        JobOutput::One(Some(_)) => Ok(()),
        _ => Err(Problem::ChangedMidDownload.into()),
    }
}

/// Writes `body` into `into` until `pump.limit` bytes are written (a whole-object body under a
/// part is cut there), the body ends or fails, or the sink refuses; each written chunk is
/// counted through `wrote` and run through `verifier`.
pub async fn pump(
    body: &ReadableStream,
    pump: &Pump,
    into: WriteTo<'_>,
    mut verifier: Option<&mut Verifier>,
    wrote: &dyn Fn(u64),
) -> BodyEnd {
    let most = match &into {
        WriteTo::Stream(sink) => sink.chunk_size(),
        WriteTo::At(_) if pump.side_by_side => PART_CHUNK,
        WriteTo::At(_) => body_reader::LARGE,
    };
    let mut into = into;
    let Ok(mut reader) = BodyReader::new(body, pump.limit, most) else {
        return BodyEnd::Cut;
    };
    let mut written = 0u64;
    let mut pieces = Vec::new();
    let end = loop {
        if written >= pump.limit {
            break BodyEnd::Done;
        }
        let chunk = match reader.read_at_most(pump.limit - written).await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break BodyEnd::Done,
            Err(_) => break BodyEnd::Cut,
        };
        // (A default reader, where BYOB is missing, hands on whatever came.)
        let take = u64::from(chunk.length()).min(pump.limit - written);
        let chunk = chunk.subarray(0, take as u32);
        // The file starts writing at once; the check runs while it writes.
        let writing = match &mut into {
            WriteTo::At(file) => {
                let file: &FolderFile = file;
                let at = pump.at + written;
                let chunk = chunk.clone();
                futures::future::Either::Left(async move {
                    file.write_at(at, &chunk).await.map_err(save)
                })
            }
            WriteTo::Stream(sink) => futures::future::Either::Right(sink.write(&chunk)),
        };
        if let Some(verifier) = verifier.as_deref_mut() {
            in_pieces(&chunk, &mut pieces, |piece| verifier.update(piece));
        }
        if let Err(failure) = writing.await {
            break BodyEnd::Sink(failure);
        }
        written += take;
        wrote(take);
    };
    // The rest of a whole-object body belongs to other parts (or nobody): let it go.
    reader.cancel().await;
    end
}

/// Closes one file as the engine says; the check's verdict (`None`: nothing checked).
pub async fn close_in_folder(
    file: Option<Rc<FolderFile>>,
    verifier: Option<Verifier>,
    how: &Closing,
) -> Result<Option<bool>, Failure> {
    let Some(file) = file else {
        return Ok(None);
    };
    match how {
        Closing::Discard => {
            file.discard().await;
            Ok(None)
        }
        Closing::Keep => match verifier.map(Verifier::matches) {
            Some(false) => {
                file.discard().await;
                Ok(Some(false))
            }
            verdict => {
                file.close().await.map_err(save)?;
                Ok(verdict)
            }
        },
        Closing::ReadBack(check) => {
            file.close().await.map_err(save)?;
            let matches = read_back(&file, *check).await.map_err(save)?;
            if !matches {
                file.remove().await;
            }
            Ok(Some(matches))
        }
    }
}

/// Closes the file a stream was writing: a ZIP entry ends, the one saved file is finished (or
/// given up when its check failed).
pub async fn close_in_stream(
    job: &mut JobOutput,
    verifier: Option<Verifier>,
    how: &Closing,
) -> Result<Option<bool>, Failure> {
    let verdict = verifier.map(Verifier::matches);
    match (job, how) {
        (JobOutput::Zip(Some(zip)), Closing::Keep) => zip.finish_entry().await.map(|_| verdict),
        (JobOutput::One(sink), Closing::Keep) => match (sink.take(), verdict) {
            (Some(sink), Some(false)) => {
                sink.abort().await;
                Ok(verdict)
            }
            (Some(sink), _) => sink.finish().await.map(|_| verdict),
            (None, _) => Ok(verdict),
        },
        _ => Ok(None),
    }
}

/// Reads a closed file back through `check`.
async fn read_back(file: &FolderFile, check: Check) -> Result<bool, wasm_bindgen::JsValue> {
    let bytes = file.read_back().await?;
    let mut verifier = Verifier::new(check);
    let mut reader = BodyReader::new(&bytes, u64::MAX, body_reader::SMALL)?;
    let mut pieces = Vec::new();
    while let Some(chunk) = reader.read().await? {
        in_pieces(&chunk, &mut pieces, |piece| verifier.update(piece));
    }
    Ok(verifier.matches())
}

fn save(error: wasm_bindgen::JsValue) -> Failure {
    Failure::save(describe(&error))
}
