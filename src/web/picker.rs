//! Asks the user for a folder to save into (File System Access API), where the browser has it.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::FileSystemDirectoryHandle;

/// Whether this browser, on this page, can save into a folder the user picks (Chromium on https
/// or localhost).
pub fn can_pick_folder() -> bool {
    web_sys::window().is_some_and(|w| {
        w.is_secure_context()
            && Reflect::get(&w, &JsValue::from_str("showDirectoryPicker"))
                .is_ok_and(|f| f.is_function())
    })
}

/// Shows the browser's folder picker; `None` when the user closes it.
pub async fn pick_folder() -> Result<Option<FileSystemDirectoryHandle>, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let picker: Function =
        Reflect::get(&window, &JsValue::from_str("showDirectoryPicker"))?.dyn_into()?;
    let options = Object::new();
    Reflect::set(
        &options,
        &JsValue::from_str("mode"),
        &JsValue::from_str("readwrite"),
    )?;
    Reflect::set(
        &options,
        &JsValue::from_str("id"),
        &JsValue::from_str("bucket-portal"),
    )?;
    let promise: Promise = picker.call1(&window, &options)?.dyn_into()?;
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
