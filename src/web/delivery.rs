//! Hands a presigned download URL to the browser's download manager without ever leaving the page.

use wasm_bindgen::JsCast;
use web_sys::HtmlIFrameElement;

const MARK: &str = "data-download";

/// Loads `url` in a hidden, sandboxed frame: an `attachment` answer becomes a download; a late
/// error page lands in the frame, never in place of the app.
pub fn deliver(url: &str) -> Result<(), String> {
    frame(url, "allow-downloads")
}

/// The same for a URL of the page's own origin, which its service worker answers (a sandboxed
/// frame with an opaque origin would bypass the worker). Scripts stay off.
pub fn deliver_same_origin(url: &str) -> Result<(), String> {
    frame(url, "allow-downloads allow-same-origin")
}

fn frame(url: &str, sandbox: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let frame: HtmlIFrameElement = document
        .create_element("iframe")
        .map_err(|_| "cannot create a frame")?
        .dyn_into()
        .map_err(|_| "not a frame")?;
    for (name, value) in [
        ("hidden", ""),
        ("aria-hidden", "true"),
        ("tabindex", "-1"),
        ("sandbox", sandbox),
        (MARK, ""),
    ] {
        frame
            .set_attribute(name, value)
            .map_err(|_| "cannot set a frame attribute")?;
    }
    frame.set_src(url);
    document
        .body()
        .ok_or("no body")?
        .append_child(&frame)
        .map_err(|_| "cannot add the frame")?;
    Ok(())
}

/// Removes every delivery frame (their URLs carry the session token): used by "Forget keys".
pub fn clear() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(frames) = document.query_selector_all(&format!("iframe[{MARK}]")) {
        for i in 0..frames.length() {
            if let Some(node) = frames.item(i) {
                if let Some(parent) = node.parent_node() {
                    let _ = parent.remove_child(&node);
                }
            }
        }
    }
}
