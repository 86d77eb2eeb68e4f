//! Asks the user for a folder or a file to save into (File System Access API), where the browser has it.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{FileSystemDirectoryHandle, FileSystemFileHandle};

/// Whether this browser, on this page, can save into a folder the user picks (Chromium on https
/// or localhost).
pub fn can_pick_folder() -> bool {
    has_secure("showDirectoryPicker")
}

fn has_secure(picker: &str) -> bool {
    web_sys::window().is_some_and(|w| {
        w.is_secure_context()
            && Reflect::get(&w, &JsValue::from_str(picker)).is_ok_and(|f| f.is_function())
    })
}

/// Shows the browser's folder picker; `None` when the user closes it.
pub async fn pick_folder() -> Result<Option<FileSystemDirectoryHandle>, JsValue> {
    let options = Object::new();
    Reflect::set(&options, &"mode".into(), &"readwrite".into())?;
    Reflect::set(&options, &"id".into(), &"bucket-portal".into())?;
    show("showDirectoryPicker", &options).await
}

/// Calls one of the window's pickers; a closed dialog (`AbortError`) is `None`.
async fn show<T: JsCast>(picker: &str, options: &Object) -> Result<Option<T>, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let picker: Function = Reflect::get(&window, &JsValue::from_str(picker))?.dyn_into()?;
    let promise: Promise = picker.call1(&window, options)?.dyn_into()?;
    match JsFuture::from(promise).await {
        Ok(handle) => Ok(Some(handle.dyn_into()?)),
        Err(e)
            if e.dyn_ref::<web_sys::DomException>()
                .is_some_and(|d| d.name() == "AbortError") =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Whether this browser can save one new file where the user picks (Chromium on https or localhost).
pub fn can_pick_file() -> bool {
    has_secure("showSaveFilePicker")
}

/// Shows the browser's "Save as" dialog proposing `name`; `None` when the user closes it.
pub async fn pick_file(name: &str) -> Result<Option<FileSystemFileHandle>, JsValue> {
    let options = Object::new();
    Reflect::set(&options, &"suggestedName".into(), &name.into())?;
    Reflect::set(&options, &"id".into(), &"bucket-portal".into())?;
    show("showSaveFilePicker", &options).await
}
