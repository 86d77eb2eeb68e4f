//! The clock that signs: the browser's, corrected by the offset S3 reported. Never `SystemTime::now()`, which panics on wasm32.

use std::cell::Cell;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use js_sys::Date;
use time::OffsetDateTime;

thread_local! {
    /// Milliseconds to add to the local clock so it agrees with S3.
    static OFFSET_MS: Cell<i64> = const { Cell::new(0) };
}

/// Adds a correction learned from S3's `<ServerTime>` or `Date`.
pub fn adjust(offset_ms: i64) {
    OFFSET_MS.with(|o| o.set(o.get().saturating_add(offset_ms)));
}

fn now_ms() -> i64 {
    Date::now() as i64 + OFFSET_MS.with(Cell::get)
}

/// The corrected time now.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(now_ms()) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The corrected time as the signer wants it.
pub fn system_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(now_ms().max(0) as u64)
}
