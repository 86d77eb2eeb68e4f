//! The thin browser layer: clock, fetch, S3 client with retries, storage, location, and where downloads go.

pub mod body_reader;
pub mod byte_sink;
pub mod clock;
pub mod delivery;
pub mod fetch;
pub mod folder_writer;
pub mod location;
pub mod object_copy;
pub mod parts_copy;
pub mod picker;
pub mod s3;
pub mod site_config;
pub mod storage;
pub mod stream_download;
pub mod zip_out;
