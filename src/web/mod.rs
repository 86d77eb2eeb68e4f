//! What only a page can do: clock display, pickers, the service worker's download stream, download frames, storage, location, and the S3 client of the plain-link downloads.

pub mod clock;
pub mod delivery;
pub mod fetch;
pub mod location;
pub mod picker;
pub mod runner_link;
pub mod s3;
pub mod site_config;
pub mod storage;
pub mod stream_download;
