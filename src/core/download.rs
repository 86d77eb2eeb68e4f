//! Download planning: the file name a key becomes, the header that names it, and how long its URL may live.

use std::time::Duration;

use time::OffsetDateTime;

use super::bucket::encode;
use super::safe_path::sanitize_segment;
use super::signing::MAX_PRESIGN;

/// How long a URL the page fetches itself lives (a listing page, a file's bytes, a preview): it is
/// used at once, and signed anew for each request.
pub const IN_PAGE_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// The longest a URL handed to the browser's download manager lives: long enough to fetch a
/// 20 GB file at 1 MB/s and to resume it after an interruption with the same URL (the manager
/// cannot ask the page for a new one), no longer — a link that leaks stops working soon after.
pub const DOWNLOAD_MANAGER_MOST: Duration = Duration::from_secs(6 * 3600);

/// The file name the browser saves an object under: its last segment, made safe.
pub fn file_name(key: &str) -> String {
    let last = key.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    sanitize_segment(last)
}

/// `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / RFC 5987).
pub fn content_disposition(name: &str) -> String {
    // Every name the page hands a browser goes through the one sanitiser: no control characters
    // (a CR/LF would break the header), bidi marks or device names.
    let name = sanitize_segment(name);
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
        encode(&name)
    )
}

/// How long a URL for the download manager lives: until the keys expire (so the browser can
/// resume), never longer, and at most [`DOWNLOAD_MANAGER_MOST`] (also when the keys do not say
/// when they expire).
pub fn download_lifetime(expires_at: Option<OffsetDateTime>, now: OffsetDateTime) -> Duration {
    match expires_at {
        Some(at) => {
            let left = (at - now).whole_seconds().max(1) as u64;
            Duration::from_secs(left).min(DOWNLOAD_MANAGER_MOST)
        }
        None => DOWNLOAD_MANAGER_MOST,
    }
}

/// The shortest lifetime a share link is given.
pub const SHARE_SHORTEST: Duration = Duration::from_secs(60);

/// How long a share link lives: what the user asked for, at least a minute, never beyond the keys
/// (a link signed with them stops working when they expire) nor seven days (SigV4's limit).
pub fn share_lifetime(
    asked: Duration,
    expires_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Duration {
    asked.max(SHARE_SHORTEST).min(keys_left(expires_at, now))
}

/// How long keys expiring at `expires_at` still sign links for (seven days when they do not say).
fn keys_left(expires_at: Option<OffsetDateTime>, now: OffsetDateTime) -> Duration {
    match expires_at {
        Some(_) => download_lifetime(expires_at, now),
        None => MAX_PRESIGN,
    }
}

/// A lifetime a share link is offered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareChoice {
    For(Duration),
    /// As long as the keys sign for: a choice that stays the same while the clock runs.
    UntilKeysExpire,
}

impl ShareChoice {
    /// The lifetime to ask the engine for (it keeps every link within the keys).
    pub fn asked(self) -> Duration {
        match self {
            ShareChoice::For(lifetime) => lifetime,
            ShareChoice::UntilKeysExpire => MAX_PRESIGN,
        }
    }
}

/// The usual lifetimes, in seconds.
const SHARE_CHOICES: [u64; 6] = [60, 15 * 60, 3600, 8 * 3600, 86_400, 7 * 86_400];

/// The lifetimes offered with keys expiring at `expires_at`, shortest first: the usual ones the
/// keys outlive, then "until the keys expire" when that is sooner than seven days (and not
/// within the minute); and the one offered first, the longest up to an hour.
pub fn share_choices(
    expires_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> (Vec<ShareChoice>, Option<ShareChoice>) {
    let left = keys_left(expires_at, now);
    let mut offered: Vec<(Duration, ShareChoice)> = SHARE_CHOICES
        .into_iter()
        .map(Duration::from_secs)
        .filter(|&lifetime| lifetime <= left)
        .map(|lifetime| (lifetime, ShareChoice::For(lifetime)))
        .collect();
    if expires_at.is_some() && left >= SHARE_SHORTEST && left < MAX_PRESIGN {
        offered.push((left, ShareChoice::UntilKeysExpire));
    }
    let first = offered
        .iter()
        .rfind(|(lifetime, _)| *lifetime <= Duration::from_secs(3600))
        .or(offered.first())
        .map(|(_, choice)| *choice);
    (
        offered.into_iter().map(|(_, choice)| choice).collect(),
        first,
    )
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
        assert_eq!(file_name("COM0"), "_COM0");
        assert_eq!(file_name("COM10"), "COM10");
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
            "attachment; filename=\"__ _final_.pdf\"; filename*=UTF-8''%EA%B2%B0%EA%B3%BC%20_final_.pdf"
        );
        // Control characters (`is_ascii` is true for them) and bidi marks never reach a header.
        let header = content_disposition("a\r\nb\u{7}\u{202E}c.txt");
        assert_eq!(
            header,
            "attachment; filename=\"abc.txt\"; filename*=UTF-8''abc.txt"
        );
        assert!(!header.chars().any(char::is_control));
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
            DOWNLOAD_MANAGER_MOST
        );
        assert_eq!(download_lifetime(None, now), DOWNLOAD_MANAGER_MOST);
    }

    #[test]
    fn share_links_live_as_asked_within_the_keys_and_seven_days() {
        let now = datetime!(2026-11-30 12:00 UTC);
        let hour = Duration::from_secs(3600);
        let in_an_hour = Some(now + time::Duration::hours(1));
        assert_eq!(
            share_lifetime(Duration::from_secs(600), in_an_hour, now),
            Duration::from_secs(600)
        );
        assert_eq!(
            share_lifetime(Duration::from_secs(5), in_an_hour, now),
            SHARE_SHORTEST
        );
        assert_eq!(
            share_lifetime(24 * hour, in_an_hour, now),
            hour,
            "never beyond the keys"
        );
        assert_eq!(
            share_lifetime(30 * 24 * hour, None, now),
            MAX_PRESIGN,
            "never beyond 7 days"
        );
        assert_eq!(share_lifetime(Duration::MAX, None, now), MAX_PRESIGN);
    }

    #[test]
    fn share_choices_are_those_the_keys_outlive_and_until_they_expire() {
        use ShareChoice::{For, UntilKeysExpire};
        let now = datetime!(2026-11-30 12:00 UTC);
        let minutes = |m: u64| For(Duration::from_secs(m * 60));
        let in_90_minutes = Some(now + time::Duration::minutes(90));
        let (offered, first) = share_choices(in_90_minutes, now);
        assert_eq!(
            offered,
            [minutes(1), minutes(15), minutes(60), UntilKeysExpire]
        );
        assert_eq!(first, Some(minutes(60)), "the longest up to an hour");
        // Keys that end within the hour: "until they expire" comes first.
        let (offered, first) = share_choices(Some(now + time::Duration::minutes(40)), now);
        assert_eq!(offered, [minutes(1), minutes(15), UntilKeysExpire]);
        assert_eq!(first, Some(UntilKeysExpire));
        // Keys without an expiry: every usual lifetime, up to seven days.
        let (offered, first) = share_choices(None, now);
        assert_eq!(offered.len(), 6);
        assert_eq!(offered.last(), Some(&For(MAX_PRESIGN)));
        assert_eq!(first, Some(minutes(60)));
        // Keys in their last minute: nothing to offer.
        assert_eq!(
            share_choices(Some(now + time::Duration::seconds(30)), now),
            (vec![], None)
        );
        assert_eq!(UntilKeysExpire.asked(), MAX_PRESIGN);
    }
}
