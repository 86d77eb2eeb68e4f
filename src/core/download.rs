//! Download planning: the file name a key becomes, the header that names it, and how long its URL may live.

use std::time::Duration;

use time::OffsetDateTime;

use super::bucket::encode;
use super::signing::MAX_PRESIGN;

/// How long a URL for listing lives: it is used at once.
pub const LISTING_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// How long a download URL lives when the keys do not say when they expire (the longest STS session).
pub const UNKNOWN_EXPIRY_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// A safe file name for one path segment: no separators, control characters, reserved device
/// names, trailing dots or spaces, and at most 255 bytes.
pub fn sanitize_segment(segment: &str) -> String {
    let mut name: String = segment
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .map(|c| if "\\/:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    name = name.trim_end_matches(['.', ' ']).trim_start().to_owned();
    if name.is_empty() {
        return "download".to_owned();
    }
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    if reserved {
        name.insert(0, '_');
    }
    truncate_bytes(&name, 255)
}

/// Unicode format characters that reorder or hide text (bidi overrides, zero-width marks): a name
/// like `invoice\u{202E}fdp.exe` would otherwise show as `invoiceexe.pdf`.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

fn truncate_bytes(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    // Keep the extension when there is a short one.
    let (stem, ext) = match name.rfind('.') {
        Some(i) if name.len() - i <= 16 && i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let mut end = max - ext.len();
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{ext}", &stem[..end])
}

/// The file name the browser saves an object under: its last segment, made safe.
pub fn file_name(key: &str) -> String {
    let last = key.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    sanitize_segment(last)
}

/// `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / RFC 5987).
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && c != '"' && c != '\\' && c != '%' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        encode(name)
    )
}

/// How long a download URL may live: until the keys expire (so the browser can resume), never longer.
pub fn download_lifetime(expires_at: Option<OffsetDateTime>, now: OffsetDateTime) -> Duration {
    match expires_at {
        Some(at) => {
            let left = (at - now).whole_seconds().max(1) as u64;
            Duration::from_secs(left).min(MAX_PRESIGN)
        }
        None => UNKNOWN_EXPIRY_LIFETIME,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn file_names_are_the_last_segment_made_safe() {
        assert_eq!(file_name("a/b/report 2024.pdf"), "report 2024.pdf");
        assert_eq!(file_name("보고서/결과.xlsx"), "결과.xlsx");
        assert_eq!(file_name("a/.."), "download");
        assert_eq!(file_name("a/con.txt"), "_con.txt");
        assert_eq!(file_name("LPT1"), "_LPT1");
        assert_eq!(file_name("COM0"), "COM0");
        assert_eq!(file_name("x/na:me?.txt. "), "na_me_.txt");
        assert_eq!(file_name("x/a\u{0}b\u{7}c"), "abc");
        assert_eq!(file_name("dir/"), "dir");
        assert_eq!(file_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(file_name("a\u{200B}b\u{FEFF}.txt"), "ab.txt");
        let long = format!("{}.pdf", "가".repeat(200));
        let safe = file_name(&long);
        assert!(safe.len() <= 255 && safe.ends_with(".pdf"), "{safe}");
    }

    #[test]
    fn content_disposition_has_both_names() {
        assert_eq!(
            content_disposition("결과 \"final\".pdf"),
            "attachment; filename=\"__ _final_.pdf\"; filename*=UTF-8''%EA%B2%B0%EA%B3%BC%20%22final%22.pdf"
        );
    }

    #[test]
    fn urls_live_until_the_keys_expire() {
        let now = datetime!(2026-11-28 12:00:00 UTC);
        assert_eq!(
            download_lifetime(Some(datetime!(2026-11-28 12:53:00 UTC)), now),
            Duration::from_secs(53 * 60)
        );
        assert_eq!(
            download_lifetime(Some(datetime!(2026-11-28 11:00:00 UTC)), now),
            Duration::from_secs(1)
        );
        assert_eq!(
            download_lifetime(Some(datetime!(2027-11-28 12:00:00 UTC)), now),
            MAX_PRESIGN
        );
        assert_eq!(download_lifetime(None, now), UNKNOWN_EXPIRY_LIFETIME);
    }
}
