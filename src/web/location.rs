//! The page URL's fragment (`#/bucket/prefix/?sort=…`, `#/check`), read, written and watched for Back and Forward.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::core::fragment::{self, Place, Route};

/// What the fragment shows, if anything.
pub fn route() -> Option<Route> {
    let hash = web_sys::window()?.location().hash().ok()?;
    fragment::route(&hash)
}

/// The place the fragment names, if any.
pub fn place() -> Option<Place> {
    match route()? {
        Route::Browse(place) => Some(place),
        Route::Check | Route::Invite(_) => None,
    }
}

/// Moves to `place`, adding a history entry so Back returns.
pub fn go(place: &Place) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&fragment::format(place));
    }
}

/// Shows `place` in the address bar in place of the current entry (a new sort is no step for
/// Back), without a `hashchange`.
pub fn replace(place: &Place) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let url = fragment::format(place);
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Calls `f` with what the fragment shows whenever it changes (Back, Forward, links).
pub fn on_change(f: impl Fn(Option<Route>) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let closure = Closure::<dyn Fn()>::new(move || f(route()));
    let _ = window.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    closure.forget();
}
