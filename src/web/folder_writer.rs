//! Writes objects into a folder the user picked (File System Access API), streaming each body to its file.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions,
    FileSystemGetFileOptions, FileSystemWritableFileStream, ReadableStream,
    ReadableStreamDefaultReader,
};

use crate::core::integrity::Verifier;

/// Opens (creating as needed) the folders of `path` below `root`, then a new, empty file at its
/// end. `path` comes from `core::safe_path`, so it cannot leave `root`.
pub async fn create_file(
    root: &FileSystemDirectoryHandle,
    path: &[String],
) -> Result<FileSystemWritableFileStream, JsValue> {
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
    let handle: FileSystemFileHandle =
        JsFuture::from(dir.get_file_handle_with_options(file, &file_options))
            .await?
            .dyn_into()?;
    JsFuture::from(handle.create_writable()).await?.dyn_into()
}

/// Copies `body` into `file` (left open, so a resumed body can follow) chunk by chunk, feeding
/// `verifier` and telling `progress` each chunk's size, until the body ends, fails, or `keep_going`
/// says stop. Returns the bytes written and how the body ended.
pub async fn pump(
    body: &ReadableStream,
    file: &FileSystemWritableFileStream,
    mut verifier: Option<&mut Verifier>,
    mut progress: impl FnMut(u64),
    keep_going: impl Fn() -> bool,
) -> (u64, Result<(), JsValue>) {
    let reader: ReadableStreamDefaultReader = match body.get_reader().dyn_into() {
        Ok(reader) => reader,
        Err(e) => return (0, Err(e.into())),
    };
    let mut written = 0u64;
    let ended: Result<(), JsValue> = async {
        loop {
            if !keep_going() {
                return Err(JsValue::from_str("cancelled"));
            }
            let step = JsFuture::from(reader.read()).await?;
            if Reflect::get(&step, &JsValue::from_str("done"))?.is_truthy() {
                return Ok(());
            }
            let chunk: Uint8Array = Reflect::get(&step, &JsValue::from_str("value"))?.dyn_into()?;
            JsFuture::from(file.write_with_js_u8_array(&chunk)?).await?;
            if let Some(verifier) = verifier.as_deref_mut() {
                verifier.update(&chunk.to_vec());
            }
            written += u64::from(chunk.length());
            progress(u64::from(chunk.length()));
        }
    }
    .await;
    if ended.is_err() {
        let _ = JsFuture::from(reader.cancel()).await;
    }
    (written, ended)
}

/// Finishes a file: the browser moves it into place.
pub async fn close(file: &FileSystemWritableFileStream) -> Result<(), JsValue> {
    JsFuture::from(file.close()).await.map(|_| ())
}

/// Drops a file being written.
pub async fn discard(file: &FileSystemWritableFileStream) {
    let _ = JsFuture::from(file.abort()).await;
}
