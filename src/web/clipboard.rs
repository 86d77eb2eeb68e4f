//! Copies text to the clipboard; the caller hears whether the browser allowed it (else it selects the text for Ctrl+C).

use wasm_bindgen_futures::{spawn_local, JsFuture};

/// Copies `text`, then tells `copied` whether it was.
pub fn copy(text: &str, copied: impl FnOnce(bool) + 'static) {
    let promise = web_sys::window().map(|w| w.navigator().clipboard().write_text(text));
    spawn_local(async move {
        let done = match promise {
            Some(promise) => JsFuture::from(promise).await.is_ok(),
            None => false,
        };
        copied(done);
    });
}
