//! Writes objects into a folder the user picked (File System Access API): one file per object, below the folder only; and says what the folder already holds.

use std::cell::RefCell;
use std::future::Future;

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    File, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions,
    FileSystemGetFileOptions, FileSystemHandle, FileSystemHandleKind, FileSystemWritableFileStream,
    ReadableStream, WriteCommandType, WriteParams,
};

use crate::core::engine::existing::Found;

/// One file being written below the picked folder.
pub struct FolderFile {
    folder: FileSystemDirectoryHandle,
    name: String,
    handle: FileSystemFileHandle,
    stream: RefCell<FileSystemWritableFileStream>,
    /// The file did not exist before: a discarded download removes it again.
    new: bool,
}

impl FolderFile {
    /// Opens (creating as needed) the folders of `path` below `root`, then a new, empty file at
    /// its end; `making` is called just before a file that was not there is made. `path` comes
    /// from `core::safe_path`, so it cannot leave `root`.
    pub async fn create(
        root: &FileSystemDirectoryHandle,
        path: &[String],
        making: impl FnOnce(),
    ) -> Result<Self, JsValue> {
        let (name, folders) = path
            .split_last()
            .ok_or_else(|| JsValue::from_str("empty path"))?;
        let folder = folder_handle(root, folders).await?;
        // Only "not found" means the file is new: any other refusal (a folder of that name, no
        // permission) is an error, never a file taken for ours.
        let (handle, new) = match JsFuture::from(folder.get_file_handle(name)).await {
            Ok(handle) => (handle.dyn_into()?, false),
            Err(e) if is_not_found(&e) => {
                making();
                (in_folder(&folder, name).await?, true)
            }
            Err(e) => return Err(e),
        };
        let stream = match writable(&handle).await {
            Ok(stream) => stream,
            Err(e) => {
                // Nothing can be written: a file made for it goes again.
                if new {
                    let _ = JsFuture::from(folder.remove_entry(name)).await;
                }
                return Err(e);
            }
        };
        Ok(FolderFile {
            stream: RefCell::new(stream),
            folder,
            name: name.clone(),
            handle,
            new,
        })
    }

    /// Writes one chunk at `position` (parts of one file arrive side by side).
    pub async fn write_at(&self, position: u64, chunk: &Uint8Array) -> Result<(), JsValue> {
        let params = WriteParams::new(WriteCommandType::Write);
        params.set_position(Some(position as f64));
        params.set_data_opt_u8_array(Some(chunk));
        let stream = self.stream.borrow().clone();
        JsFuture::from(stream.write_with_write_params(&params)?)
            .await
            .map(|_| ())
    }

    /// Finishes the file: the browser moves it into place.
    pub async fn close(&self) -> Result<(), JsValue> {
        let stream = self.stream.borrow().clone();
        JsFuture::from(stream.close()).await.map(|_| ())
    }

    /// The finished file's bytes, read back from disk.
    pub async fn read_back(&self) -> Result<ReadableStream, JsValue> {
        let file: File = JsFuture::from(self.handle.get_file()).await?.dyn_into()?;
        Ok(file.stream())
    }

    /// Drops the file being written: a file that was there before keeps its old content, a new
    /// one is removed.
    pub async fn discard(&self) {
        let stream = self.stream.borrow().clone();
        let _ = JsFuture::from(stream.abort()).await;
        if self.new {
            self.remove().await;
        }
    }

    /// Removes the finished file (it did not match S3's checksum).
    /// The object changed on the server: what was written goes, and writing begins again.
    pub async fn start_over(&self) -> Result<(), JsValue> {
        let old = self.stream.borrow().clone();
        let _ = JsFuture::from(old.abort()).await;
        let fresh = writable(&self.handle).await?;
        *self.stream.borrow_mut() = fresh;
        Ok(())
    }

    pub async fn remove(&self) {
        let _ = JsFuture::from(self.folder.remove_entry(&self.name)).await;
    }
}

/// Tries to remove a file an ended worker left this many times, a quarter second apart: the
/// browser lets go of that worker's writable a moment after it ends.
const REMOVE_TRIES: u32 = 20;

/// Removes the file at `path` below `root`, which an ended worker had made and not finished
/// (Forget): its row says Cancelled, so nothing of it stays.
pub async fn remove_left(root: &FileSystemDirectoryHandle, path: &[String]) {
    let Some((name, folders)) = path.split_last() else {
        return;
    };
    let Ok(folder) = existing_folder(root, folders).await else {
        return;
    };
    for _ in 0..REMOVE_TRIES {
        // Not there (never made, or gone), or not a file: nothing to do.
        if JsFuture::from(folder.get_file_handle(name)).await.is_err() {
            return;
        }
        if JsFuture::from(folder.remove_entry(name)).await.is_ok() {
            return;
        }
        // Still held by the ended worker's writable.
        crate::platform::timer::sleep(250).await;
    }
}

/// What is already in the picked folder: the entries of each of `folders` below `root` that
/// exists (one that does not holds nothing), by their path below `root`.
pub async fn survey(root: &FileSystemDirectoryHandle, folders: &[Vec<String>]) -> Vec<Found> {
    let mut found = Vec::new();
    for folder in folders {
        let Ok(dir) = existing_folder(root, folder).await else {
            continue;
        };
        let entries = dir.values();
        while let Ok(Some(entry)) = next(&entries).await {
            let mut path = folder.clone();
            path.push(entry.name());
            found.push(Found {
                path,
                folder: entry.kind() == FileSystemHandleKind::Directory,
            });
        }
    }
    found
}

/// The next entry of a folder's `values()`, `None` at the end.
async fn next(entries: &js_sys::AsyncIterator) -> Result<Option<FileSystemHandle>, JsValue> {
    let step: js_sys::IteratorNext = JsFuture::from(entries.next()?).await?.unchecked_into();
    if step.done() {
        return Ok(None);
    }
    step.value().dyn_into().map(Some)
}

/// Whether the browser said the name is not there.
fn is_not_found(e: &JsValue) -> bool {
    e.dyn_ref::<web_sys::DomException>()
        .is_some_and(|e| e.name() == "NotFoundError")
}

/// The folder at `folders` below `root`, if it is there (nothing is made).
async fn existing_folder(
    root: &FileSystemDirectoryHandle,
    folders: &[String],
) -> Result<FileSystemDirectoryHandle, JsValue> {
    let mut dir = root.clone();
    for folder in folders {
        dir = JsFuture::from(dir.get_directory_handle(folder))
            .await?
            .dyn_into()?;
    }
    Ok(dir)
}

/// The folder at `folders` below `root`, made as needed.
async fn folder_handle(
    root: &FileSystemDirectoryHandle,
    folders: &[String],
) -> Result<FileSystemDirectoryHandle, JsValue> {
    let mut dir = root.clone();
    let options = FileSystemGetDirectoryOptions::new();
    options.set_create(true);
    for folder in folders {
        dir = JsFuture::from(dir.get_directory_handle_with_options(folder, &options))
            .await?
            .dyn_into()?;
    }
    Ok(dir)
}

/// The file `name` in `folder`, made as needed.
async fn in_folder(
    folder: &FileSystemDirectoryHandle,
    name: &str,
) -> Result<FileSystemFileHandle, JsValue> {
    let options = FileSystemGetFileOptions::new();
    options.set_create(true);
    JsFuture::from(folder.get_file_handle_with_options(name, &options))
        .await?
        .dyn_into()
}

/// A new, empty writable for `handle` (the file is replaced when it closes).
pub async fn writable(
    handle: &FileSystemFileHandle,
) -> Result<FileSystemWritableFileStream, JsValue> {
    JsFuture::from(handle.create_writable()).await?.dyn_into()
}

/// Writes one chunk at the stream's position. The write starts at once, before the returned
/// future is awaited, so the caller can checksum the chunk while the browser writes it.
pub fn write(
    stream: &FileSystemWritableFileStream,
    chunk: &Uint8Array,
) -> impl Future<Output = Result<(), JsValue>> + use<> {
    let started = stream.write_with_js_u8_array(chunk);
    async move { JsFuture::from(started?).await.map(|_| ()) }
}
