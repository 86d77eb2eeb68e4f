//! The thin browser layer: clock, fetch, S3 client with retries, storage, location and download delivery.

pub mod clock;
pub mod delivery;
pub mod fetch;
pub mod folder_writer;
pub mod location;
pub mod picker;
pub mod s3;
pub mod storage;
