//! Local time formatting for the page (the corrected clock itself is the runner's, re-exported here).

use std::cell::RefCell;

use js_sys::Intl::DateTimeFormat;
use js_sys::{Array, Date, Function, Object, Reflect};
use time::OffsetDateTime;
use wasm_bindgen::JsValue;

pub use crate::platform::clock::{adjust, now, system_time};

/// A date's shape on screen: the key countdown's clock time, or a listing's date and time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Clock,
    DateTime,
}

thread_local! {
    /// `Intl.DateTimeFormat` objects are slow to make and quick to use: one per language and shape.
    static FORMATS: RefCell<Vec<(String, Shape, Function)>> = const { RefCell::new(Vec::new()) };
}

fn format(at: OffsetDateTime, lang_tag: &str, shape: Shape) -> String {
    let date = Date::new(&JsValue::from_f64(
        (at.unix_timestamp_nanos() / 1_000_000) as f64,
    ));
    FORMATS.with(|formats| {
        let mut formats = formats.borrow_mut();
        let known = formats
            .iter()
            .position(|(lang, s, _)| lang == lang_tag && *s == shape);
        let at = known.unwrap_or_else(|| {
            let pairs: &[(&str, &str)] = match shape {
                Shape::Clock => &[("hour", "2-digit"), ("minute", "2-digit")],
                Shape::DateTime => &[
                    ("year", "numeric"),
                    ("month", "short"),
                    ("day", "numeric"),
                    ("hour", "2-digit"),
                    ("minute", "2-digit"),
                ],
            };
            let options = Object::new();
            for (k, v) in pairs {
                let _ = Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
            }
            let made =
                DateTimeFormat::new(&Array::of1(&JsValue::from_str(lang_tag)), &options).format();
            formats.push((lang_tag.to_owned(), shape, made));
            formats.len() - 1
        });
        let format = &formats[at].2;
        format
            .call1(&JsValue::NULL, &date)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    })
}

/// "14:05" (or "02:05 PM") in the user's time zone.
pub fn local_clock(at: OffsetDateTime, lang_tag: &str) -> String {
    format(at, lang_tag, Shape::Clock)
}

/// A short local date and time for the "Last modified" column.
pub fn local_date_time(at: OffsetDateTime, lang_tag: &str) -> String {
    format(at, lang_tag, Shape::DateTime)
}
