//! bucket-portal: browse and download one S3 bucket from a static page with temporary AWS keys.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod platform;

// Each binary is built with its own part only (Cargo features `page` and `runner`), so the page
// cannot name the runner's code, nor the runner the view's: what both need is in `core` and
// `platform`.
#[cfg(all(target_arch = "wasm32", feature = "runner"))]
pub mod runner;

#[cfg(all(target_arch = "wasm32", feature = "page"))]
pub mod web;

#[cfg(all(target_arch = "wasm32", feature = "page"))]
pub mod ui;
