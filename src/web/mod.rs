//! What only a page can do: clock display, pickers, the service worker's download stream, download frames, storage, location, and the link to the runner's worker.

pub mod clipboard;
pub mod clock;
pub mod delivery;
pub mod location;
pub mod picker;
pub mod runner_link;
pub mod site_config;
pub mod storage;
pub mod stream_download;
