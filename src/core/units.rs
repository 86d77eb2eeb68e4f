//! Human units: byte sizes as Windows Explorer shows them, and remaining time in whole minutes.

/// `1.5 MB` style sizes with 1024-based units, as Windows Explorer shows them.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["bytes", "KB", "MB", "GB", "TB", "PB"];
    if bytes < 1024 {
        return if bytes == 1 {
            "1 byte".to_owned()
        } else {
            format!("{bytes} bytes")
        };
    }
    // Whole numbers only (no float formatting in the page): tenths of the unit, rounded down.
    let mut unit = 0;
    let mut scale = 1u64;
    while bytes / scale >= 1024 && unit < UNITS.len() - 1 {
        scale *= 1024;
        unit += 1;
    }
    let tenths = (u128::from(bytes) * 10 / u128::from(scale)) as u64;
    if tenths < 100 {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    } else {
        format!("{} {}", tenths / 10, UNITS[unit])
    }
}

/// From how long before keys expire their countdown warns.
pub const WARN_SECONDS: i64 = 5 * 60;

/// Keys expiring at `at`, seen at `now`: the whole minutes left (rounded up) and whether the
/// countdown warns.
pub fn countdown(at: time::OffsetDateTime, now: time::OffsetDateTime) -> (i64, bool) {
    let seconds = (at - now).whole_seconds();
    (minutes_left(seconds), seconds <= WARN_SECONDS)
}

/// Whole minutes left, rounded up, so "1 min" is shown until the very end.
pub fn minutes_left(seconds: i64) -> i64 {
    if seconds <= 0 {
        0
    } else {
        (seconds + 59) / 60
    }
}

/// A time as a machine reads it (`<time datetime>`): RFC 3339 in UTC, to the second.
pub fn iso_utc(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(1023), "1023 bytes");
        assert_eq!(human_size(1024), "1.0 KB");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(10 * 1024 * 1024 - 1), "9.9 MB");
        assert_eq!(human_size(150 * 1024 * 1024), "150 MB");
        assert_eq!(human_size(1 << 30), "1.0 GB");
        assert_eq!(human_size(u64::MAX), "16383 PB"); // 16383.99…, rounded down like the rest
    }

    #[test]
    fn minutes() {
        assert_eq!(minutes_left(0), 0);
        assert_eq!(minutes_left(1), 1);
        assert_eq!(minutes_left(60), 1);
        assert_eq!(minutes_left(61), 2);
        assert_eq!(minutes_left(-5), 0);
    }

    #[test]
    fn the_countdown_warns_from_five_minutes() {
        let at = time::macros::datetime!(2026-11-30 14:05 UTC);
        let before = |s: i64| countdown(at, at - time::Duration::seconds(s));
        assert_eq!(before(53 * 60), (53, false));
        assert_eq!(before(5 * 60 + 1), (6, false));
        assert_eq!(before(5 * 60), (5, true));
        assert_eq!(before(1), (1, true), "1 min until the very end");
        assert_eq!(before(-30), (0, true));
    }

    #[test]
    fn times_for_machines_are_utc() {
        let at = time::macros::datetime!(2026-11-30 09:05:07.250 +09:00);
        assert_eq!(iso_utc(at), "2026-11-30T00:05:07Z");
    }
}
