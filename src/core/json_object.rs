//! The small JSON objects the page reads (`config.json`, the remembered settings) through serde_json's one `Value` reader, field by field, rather than a derived reader per type.
//!
//! Why: the page's first load is budgeted, and each derived deserializer is a few KB of wasm of
//! its own, while the `Value` reader is there anyway (pasted keys are read through it).

use serde_json::{Map, Value};

/// The object `text` holds (a byte-order mark before it allowed); `None` for anything else.
pub fn object(text: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// The text field `name` (empty when it is missing or not text).
pub fn text(object: &Map<String, Value>, name: &str) -> String {
    object
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The list of texts `name` (what is not text in it is left out).
pub fn texts(object: &Map<String, Value>, name: &str) -> Vec<String> {
    object
        .get(name)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_texts_and_lists_and_ignores_the_rest() {
        let o = object("\u{feff}{\"a\": \"x\", \"n\": 5, \"l\": [\"p\", 1, \"q\"]}").unwrap();
        assert_eq!(text(&o, "a"), "x");
        assert_eq!(text(&o, "n"), "", "not text");
        assert_eq!(text(&o, "missing"), "");
        assert_eq!(texts(&o, "l"), ["p", "q"]);
        assert_eq!(texts(&o, "a"), Vec::<String>::new());
        assert!(object("[1]").is_none() && object("<html>").is_none());
    }
}
