//! The message table: every word the user sees, in English and Korean, each failure with its next step, split by what it is about.

mod downloads;
mod labels;
mod listing;
mod problems;
mod session;

pub use self::downloads::*;
pub use self::labels::*;
pub use self::listing::*;
pub use self::problems::*;
pub use self::session::*;

use super::units::human_size;

/// The languages the portal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    /// Picks a language from a BCP 47 tag such as `ko-KR` or `en-US`.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// The language the page speaks: the one the user chose here before (`saved`, a tag; empty
    /// if none), else the browser's.
    pub fn chosen(saved: &str, browser: &str) -> Lang {
        Lang::from_tag(if saved.trim().is_empty() {
            browser
        } else {
            saved
        })
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

/// A file size as the user's Explorer would show it ("1.5 MB"; "27 bytes" / "27바이트").
pub fn size(lang: Lang, bytes: u64) -> String {
    match (lang, bytes) {
        (Lang::Ko, 0..1024) => format!("{bytes}바이트"),
        _ => human_size(bytes),
    }
}

/// A duration rounded for people: "45 s", "3 min", "1 h 5 min".
pub fn duration(lang: Lang, seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (lang, h, m) {
        (Lang::En, 0, 0) => format!("{s} s"),
        (Lang::Ko, 0, 0) => format!("{s}초"),
        (Lang::En, 0, _) => format!("{} min", m + u64::from(s >= 30)),
        (Lang::Ko, 0, _) => format!("{}분", m + u64::from(s >= 30)),
        (Lang::En, _, _) => format!("{h} h {m} min"),
        (Lang::Ko, _, _) => format!("{h}시간 {m}분"),
    }
}

/// A count with thousands separated by commas (both languages write them so).
pub fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_chosen_here_beats_the_browsers() {
        assert_eq!(Lang::chosen("en", "ko-KR"), Lang::En);
        assert_eq!(Lang::chosen("", "ko-KR"), Lang::Ko);
        assert_eq!(Lang::chosen(" ", "ko-KR"), Lang::Ko, "nothing chosen");
    }

    #[test]
    fn language_follows_the_tag() {
        assert_eq!(Lang::from_tag("ko-KR"), Lang::Ko);
        assert_eq!(Lang::from_tag("ko"), Lang::Ko);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En);
    }

    #[test]
    fn sizes_speak_the_language() {
        assert_eq!(size(Lang::Ko, 27), "27바이트");
        assert_eq!(size(Lang::En, 27), "27 bytes");
        assert_eq!(size(Lang::Ko, 1536), "1.5 KB");
    }
}
