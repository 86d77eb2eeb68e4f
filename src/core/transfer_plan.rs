//! Transfer planning: ranged parts of big objects, how fast one stream must be to go without them, and the checks a resumed answer must pass.

/// The smallest ranged part of a big object.
pub const PART_SIZE: u64 = 8 << 20;

/// Parts per object at most, beyond which parts grow instead: four per connection keeps every
/// connection busy to the end, and each request has a cost (in Chromium on this kind of machine,
/// 128 requests of 8 MiB for 1 GiB ran at 136 MB/s and left the browser 260 MB larger; 16 of
/// 64 MiB ran at 379 MB/s and +61 MB).
pub const MAX_PARTS: u64 = 24;

/// One stream this fast already fills much of the browser's file writer (~150 MB/s in 8 MiB
/// writes, measured in Chromium here): parallel parts would only add requests and memory.
pub const ONE_STREAM_ENOUGH: u64 = 40 << 20;

/// An object body that brings no byte for this long while the page waits for one is taken as
/// cut, and resumed from where it stopped (a stalled connection would otherwise hold its place
/// under the limit for ever). There is no deadline on a whole object: its rate is shown instead.
pub const STALL: std::time::Duration = std::time::Duration::from_secs(30);

/// Whether the rest of an object should come in parallel parts, judging by how long its first
/// part (`bytes`) took on one stream (`millis`): yes unless one stream is already fast enough.
pub fn parts_help(bytes: u64, millis: f64) -> bool {
    (bytes as f64) * 1000.0 < ONE_STREAM_ENOUGH as f64 * millis.max(1.0)
}

/// Whether an object is big enough to fetch in parallel parts (at least two whole parts).
pub fn in_parts(size: u64) -> bool {
    size >= 2 * PART_SIZE
}

/// The part size for an object of `size` bytes: 8 MiB, or larger (in whole MiB) so that there are
/// at most `MAX_PARTS` parts.
pub fn part_size(size: u64) -> u64 {
    part_size_within(size, MAX_PARTS)
}

/// The part size for an object of `size` bytes in at most `most` parts: [`PART_SIZE`], or
/// larger in whole MiB.
pub fn part_size_within(size: u64, most: u64) -> u64 {
    const MIB: u64 = 1 << 20;
    PART_SIZE.max(size.div_ceil(most).div_ceil(MIB) * MIB)
}

/// One ranged part: bytes `start..=end` of the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub index: usize,
    pub start: u64,
    pub end: u64,
}

impl Part {
    pub fn len(&self) -> u64 {
        if self.is_empty() {
            0
        } else {
            (self.end - self.start).saturating_add(1)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.end < self.start
    }
}

/// Splits an object of `size` bytes into parts of `part_size` (the last one shorter).
pub fn parts(size: u64, part_size: u64) -> Vec<Part> {
    let part_size = part_size.max(1);
    (0..size.div_ceil(part_size))
        .map(|i| {
            let start = i * part_size;
            Part {
                index: i as usize,
                start,
                end: start.saturating_add(part_size).min(size) - 1,
            }
        })
        .collect()
}

/// A `Content-Range: bytes START-END/TOTAL` header, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRange {
    pub start: u64,
    pub end: u64,
    pub total: Option<u64>,
}

pub fn parse_content_range(header: &str) -> Option<ContentRange> {
    let rest = header.trim().strip_prefix("bytes")?.trim_start();
    let (span, total) = rest.split_once('/')?;
    let (start, end) = span.split_once('-')?;
    let (start, end) = (start.trim().parse().ok()?, end.trim().parse().ok()?);
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse().ok()?),
    };
    (start <= end).then_some(ContentRange { start, end, total })
}

/// What a ranged (resumed or part) answer means for the bytes already written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeCheck {
    /// The bytes continue where asked: append them.
    Continue,
    /// The ETag changed: the object was replaced. Start the file over and say so.
    ObjectChanged,
    /// The server sent other bytes than asked (or the whole object): do not append them.
    Unexpected,
}

/// Checks a `206` answer to a request for bytes from `expected_start` of an object of `size`
/// bytes whose ETag was `etag` when the transfer began.
pub fn check_range(
    etag: Option<&str>,
    answer_etag: Option<&str>,
    content_range: Option<&str>,
    expected_start: u64,
    size: u64,
) -> RangeCheck {
    if let (Some(before), Some(now)) = (etag, answer_etag) {
        if before.trim_matches('"') != now.trim_matches('"') {
            return RangeCheck::ObjectChanged;
        }
    }
    match content_range.and_then(parse_content_range) {
        Some(range) if range.start == expected_start && range.total.is_none_or(|t| t == size) => {
            RangeCheck::Continue
        }
        Some(range) if range.total.is_some_and(|t| t != size) => RangeCheck::ObjectChanged,
        _ => RangeCheck::Unexpected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_object_exactly_once() {
        let size = 3 * PART_SIZE + 5;
        let parts = parts(size, PART_SIZE);
        assert_eq!(parts.len(), 4);
        assert_eq!(
            parts[0],
            Part {
                index: 0,
                start: 0,
                end: PART_SIZE - 1
            }
        );
        assert_eq!(parts[3].len(), 5);
        assert_eq!(parts.iter().map(Part::len).sum::<u64>(), size);
        assert!(parts.windows(2).all(|w| w[0].end + 1 == w[1].start));
    }

    #[test]
    fn sizes_a_server_may_claim_never_overflow() {
        for size in [u64::MAX, u64::MAX - 1, 1 << 63] {
            let all = parts(size, part_size(size));
            assert!(all.len() as u64 <= MAX_PARTS);
            assert_eq!(all.last().unwrap().end, size - 1);
            assert_eq!(
                all.iter().map(|p| u128::from(p.len())).sum::<u128>(),
                u128::from(size)
            );
        }
        assert_eq!(
            Part {
                index: 0,
                start: 5,
                end: 4
            }
            .len(),
            0
        );
    }

    #[test]
    fn parts_are_8_mib_until_there_would_be_too_many() {
        assert_eq!(part_size(100 << 20), PART_SIZE);
        assert_eq!(part_size(MAX_PARTS * PART_SIZE), PART_SIZE);
        assert_eq!(part_size(1 << 30), 43 << 20);
        let huge = 5u64 << 40;
        let size = part_size(huge);
        assert_eq!(size % (1 << 20), 0);
        assert!(parts(huge, size).len() as u64 <= MAX_PARTS);
    }

    #[test]
    fn parts_help_only_when_one_stream_is_slow() {
        // 8 MiB in 0.4 s (20 MB/s, a long link): parts.
        assert!(parts_help(PART_SIZE, 400.0));
        // 8 MiB in 80 ms (100 MB/s, a LAN or loopback): one stream.
        assert!(!parts_help(PART_SIZE, 80.0));
        assert!(!parts_help(PART_SIZE, 0.0));
    }

    #[test]
    fn only_objects_of_two_parts_or_more_go_in_parts() {
        assert!(!in_parts(0));
        assert!(!in_parts(2 * PART_SIZE - 1));
        assert!(in_parts(2 * PART_SIZE));
    }

    #[test]
    fn edge_sizes() {
        assert!(parts(0, PART_SIZE).is_empty());
        assert_eq!(
            parts(1, PART_SIZE),
            vec![Part {
                index: 0,
                start: 0,
                end: 0
            }]
        );
        assert_eq!(parts(PART_SIZE, PART_SIZE).len(), 1);
        assert_eq!(parts(10, 0).len(), 10);
    }

    #[test]
    fn content_ranges_are_read() {
        assert_eq!(
            parse_content_range("bytes 0-0/1234"),
            Some(ContentRange {
                start: 0,
                end: 0,
                total: Some(1234)
            })
        );
        assert_eq!(
            parse_content_range("bytes 5-9/*"),
            Some(ContentRange {
                start: 5,
                end: 9,
                total: None
            })
        );
        assert_eq!(parse_content_range("bytes 9-5/10"), None);
        assert_eq!(parse_content_range("items 0-1/2"), None);
        assert_eq!(parse_content_range("bytes x-1/2"), None);
    }

    #[test]
    fn a_resumed_answer_is_checked_against_the_etag_and_the_range() {
        let etag = Some("\"abc\"");
        assert_eq!(
            check_range(etag, Some("\"abc\""), Some("bytes 7-9/10"), 7, 10),
            RangeCheck::Continue
        );
        assert_eq!(
            check_range(etag, Some("\"def\""), Some("bytes 7-9/10"), 7, 10),
            RangeCheck::ObjectChanged
        );
        assert_eq!(
            check_range(etag, Some("abc"), Some("bytes 7-11/12"), 7, 10),
            RangeCheck::ObjectChanged
        );
        assert_eq!(
            check_range(etag, Some("\"abc\""), Some("bytes 0-9/10"), 7, 10),
            RangeCheck::Unexpected
        );
        assert_eq!(
            check_range(etag, Some("\"abc\""), None, 7, 10),
            RangeCheck::Unexpected
        );
        assert_eq!(
            check_range(None, None, Some("bytes 7-9/10"), 7, 10),
            RangeCheck::Continue
        );
    }
}
