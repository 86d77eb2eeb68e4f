//! The panic hook: a plain-DOM error banner instead of a dead page (the reactive system may be gone).

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::core::messages::{label, Label, Lang};

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Remembers the language the banner should speak.
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// Installs the hook: the panic goes to the console (location only, never data) and a banner to the page.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        if let Some(location) = info.location() {
            web_sys::console::error_1(&format!("bucket-portal panicked at {location}").into());
        }
        show();
    }));
}

/// Puts the banner at the top of the page (text only, in the current language).
pub fn show() {
    show_with(label(LANG.with(Cell::get), Label::PanicTitle));
}

/// Puts a banner saying `words` at the top of the page, with a button to reload it.
pub fn show_with(words: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    let lang = LANG.with(Cell::get);
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("class", "panic-banner");
    // Text only: set_text_content never parses HTML.
    let Ok(text) = document.create_element("p") else {
        return;
    };
    text.set_text_content(Some(words));
    let Ok(button) = document.create_element("button") else {
        return;
    };
    button.set_text_content(Some(label(lang, Label::ReloadPage)));
    let _ = button.set_attribute("type", "button");
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
    reload.forget();
    let _ = banner.append_child(&text);
    let _ = banner.append_child(&button);
    let _ = body.insert_before(&banner, body.first_child().as_ref());
}
