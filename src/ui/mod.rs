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
mod transfers;
mod transfers_panel;

pub use app::App;

/// Installs the panic banner and mounts the app on `<body>`.
pub fn start() {
    panic_banner::install();
    leptos::mount::mount_to_body(App);
}
