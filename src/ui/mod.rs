//! Leptos components, one per file, and the start of the app.

mod alert_banner;
mod app;
mod ask_prompt;
mod breadcrumb;
mod check_view;
mod connected_bar;
mod connection_panel;
mod credentials_panel;
mod existing_prompt;
mod folder_facts;
mod header;
mod key_status;
mod keyboard_help;
mod listing_row;
mod listing_table;
mod listing_toolbar;
mod mfa_prompt;
pub mod panic_banner;
mod preview_box;
mod role_fields;
mod setting_field;
mod share_box;
mod sort_header;
mod state;
mod transfers_panel;

pub use app::App;

/// Installs the panic banner and mounts the app on `<body>`.
pub fn start() {
    panic_banner::install();
    // Never inside a frame: the page is not meant to be framed (its policy says so where sent as a
    // header), and a host that answers any address with the page would otherwise start a second,
    // hidden copy in a download's frame.
    if !framed() {
        leptos::mount::mount_to_body(App);
    }
}

/// Whether this document is inside a frame (or its top cannot be known).
fn framed() -> bool {
    web_sys::window().is_none_or(|window| match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        _ => true,
    })
}
