//! Hands a presigned download URL to the browser's download manager without ever leaving the page.

use wasm_bindgen::JsCast;
use web_sys::HtmlIFrameElement;

/// Marks the frames of presigned URLs, which carry the session token.
const MARK: &str = "data-download";
/// Marks the frames of the page's own streamed downloads, which carry no secret.
const STREAM_MARK: &str = "data-stream";

/// Loads `url` in a hidden, sandboxed frame: an `attachment` answer becomes a download; a late
/// error page lands in the frame, never in place of the app.
pub fn deliver(url: &str) -> Result<(), String> {
    frame(url, Some("allow-downloads"), MARK)
}

/// The same for a URL of the page's own origin, which its service worker answers. Not
/// sandboxed: WebKit hands no sandboxed frame's request to a service worker (the download would
/// never start), and what loads there is the page's own answer, under its own policy. The frame
/// stays while the download streams: Firefox drops a download whose frame goes before its first
/// bytes.
pub fn deliver_same_origin(url: &str) -> Result<(), String> {
    frame(url, None, STREAM_MARK)
}

fn frame(url: &str, sandbox: Option<&str>, mark: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let frame: HtmlIFrameElement = document
        .create_element("iframe")
        .map_err(|_| "cannot create a frame")?
        .dyn_into()
        .map_err(|_| "not a frame")?;
    let sandbox = sandbox.map(|value| ("sandbox", value));
    for (name, value) in [
        ("hidden", ""),
        ("aria-hidden", "true"),
        ("tabindex", "-1"),
        (mark, ""),
    ]
    .into_iter()
    .chain(sandbox)
    {
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

/// Removes every frame of a presigned URL (they carry the session token): used by "Forget keys"
/// and when the keys run out. A streamed download's frame stays: it holds no secret, and a ZIP
/// waiting for new keys must not lose its download.
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
