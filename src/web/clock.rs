//! The browser's clock, corrected by the offset S3 reported, and local time formatting.

use std::cell::Cell;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use js_sys::{Date, Object, Reflect};
use time::OffsetDateTime;
use wasm_bindgen::JsValue;

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

/// The corrected time now. Never `SystemTime::now()`, which panics on wasm32.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(now_ms()) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The corrected time as the signer wants it.
pub fn system_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(now_ms().max(0) as u64)
}

fn local_date(at: OffsetDateTime) -> Date {
    Date::new(&JsValue::from_f64(
        (at.unix_timestamp_nanos() / 1_000_000) as f64,
    ))
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    options
}

/// "14:05" (or "02:05 PM") in the user's time zone.
pub fn local_clock(at: OffsetDateTime, lang_tag: &str) -> String {
    let opts = options(&[("hour", "2-digit"), ("minute", "2-digit")]);
    local_date(at)
        .to_locale_time_string_with_options(lang_tag, &opts)
        .into()
}

/// A short local date and time for the "Last modified" column.
pub fn local_date_time(at: OffsetDateTime, lang_tag: &str) -> String {
    let opts = options(&[
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ]);
    local_date(at).to_locale_string(lang_tag, &opts).into()
}
