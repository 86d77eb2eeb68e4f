//! Writes objects into a folder the user picked (File System Access API): one new file per object, below the folder only.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions,
    FileSystemGetFileOptions, FileSystemWritableFileStream,
};

use super::object_copy::Sink;

/// One file being written below the picked folder.
pub struct FolderFile {
    root: FileSystemDirectoryHandle,
    path: Vec<String>,
    stream: FileSystemWritableFileStream,
}

impl FolderFile {
    /// Opens (creating as needed) the folders of `path` below `root`, then a new, empty file at
    /// its end. `path` comes from `core::safe_path`, so it cannot leave `root`.
    pub async fn create(
        root: &FileSystemDirectoryHandle,
        path: &[String],
    ) -> Result<Self, JsValue> {
        let handle = file_handle(root, path).await?;
        Ok(FolderFile {
            root: root.clone(),
            path: path.to_vec(),
            stream: writable(&handle).await?,
        })
    }

    /// Finishes the file: the browser moves it into place.
    pub async fn close(self) -> Result<(), JsValue> {
        JsFuture::from(self.stream.close()).await.map(|_| ())
    }

    /// Drops the file being written; nothing is left behind.
    pub async fn discard(self) {
        let _ = JsFuture::from(self.stream.abort()).await;
    }
}

impl Sink for FolderFile {
    async fn write(&mut self, chunk: &Uint8Array, _: &[u8]) -> Result<(), JsValue> {
        write(&self.stream, chunk).await
    }

    async fn start_over(&mut self) -> Result<bool, JsValue> {
        let _ = JsFuture::from(self.stream.abort()).await;
        let handle = file_handle(&self.root, &self.path).await?;
        self.stream = writable(&handle).await?;
        Ok(true)
    }
}

/// The handle of the file at `path` below `root`, creating folders and file as needed.
pub async fn file_handle(
    root: &FileSystemDirectoryHandle,
    path: &[String],
) -> Result<FileSystemFileHandle, JsValue> {
    let (file, folders) = path
        .split_last()
        .ok_or_else(|| JsValue::from_str("empty path"))?;
    let mut dir = root.clone();
    let dir_options = FileSystemGetDirectoryOptions::new();
    dir_options.set_create(true);
    for folder in folders {
        dir = JsFuture::from(dir.get_directory_handle_with_options(folder, &dir_options))
            .await?
            .dyn_into()?;
    }
    let file_options = FileSystemGetFileOptions::new();
    file_options.set_create(true);
    JsFuture::from(dir.get_file_handle_with_options(file, &file_options))
        .await?
        .dyn_into()
}

/// A new, empty writable for `handle` (the file is replaced when it closes).
pub async fn writable(
    handle: &FileSystemFileHandle,
) -> Result<FileSystemWritableFileStream, JsValue> {
    JsFuture::from(handle.create_writable()).await?.dyn_into()
}

/// Writes one chunk at the stream's position.
pub async fn write(
    stream: &FileSystemWritableFileStream,
    chunk: &Uint8Array,
) -> Result<(), JsValue> {
    JsFuture::from(stream.write_with_js_u8_array(chunk)?)
        .await
        .map(|_| ())
}
