//! Pure Rust core: parsing, addressing, signing, S3 actions and error mapping, with no I/O.

pub mod actions;
pub mod bucket;
pub mod check_report;
pub mod cors;
pub mod crc32;
pub mod credentials;
pub mod download;
pub mod download_plan;
pub mod engine;
pub mod flow;
pub mod fragment;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzz;
pub mod handoff;
pub mod integrity;
pub mod json_object;
pub mod leftovers;
pub mod listing;
pub mod messages;
pub mod nfc;
pub mod order;
pub mod problem;
pub mod protocol;
pub mod retry;
pub mod s3_error;
pub mod safe_path;
pub mod scroll;
pub mod selection;
pub mod settings;
pub mod signing;
pub mod site_config;
pub mod sts;
pub mod transfer_plan;
pub mod units;
pub mod upload_key;
pub mod zip;
