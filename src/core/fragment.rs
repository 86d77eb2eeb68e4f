//! The page URL's fragment `#/bucket/prefix/`: where the user is, so Back and reload work. Never a secret.

use percent_encoding::percent_decode_str;

use super::bucket::encode_key;

/// A place in a bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub bucket: String,
    /// The folder prefix, empty or ending in `/`.
    pub prefix: String,
}

/// Writes `#/bucket/prefix/` with each segment encoded.
pub fn format(place: &Place) -> String {
    if place.bucket.is_empty() {
        return String::new();
    }
    format!(
        "#/{}/{}",
        encode_key(&place.bucket),
        encode_key(&place.prefix)
    )
}

/// Reads a fragment written by `format` (or typed by hand); `None` when it names no bucket.
pub fn parse(fragment: &str) -> Option<Place> {
    let rest = fragment.trim_start_matches('#').trim_start_matches('/');
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    let bucket = decode(bucket);
    if bucket.is_empty() {
        return None;
    }
    let mut prefix = decode(prefix);
    if !prefix.is_empty() && !prefix.ends_with('/') {
        prefix.push('/');
    }
    Some(Place { bucket, prefix })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_hostile_prefixes() {
        for prefix in ["", "a/", "보고서/2024 결과/", "a+b/c%d/#x?y&z/", "a//b/"] {
            let place = Place {
                bucket: "temp-credentials-s3".into(),
                prefix: prefix.into(),
            };
            assert_eq!(parse(&format(&place)), Some(place.clone()), "{prefix}");
        }
    }

    #[test]
    fn reads_hand_typed_fragments() {
        assert_eq!(
            parse("#/b/x"),
            Some(Place {
                bucket: "b".into(),
                prefix: "x/".into()
            })
        );
        assert_eq!(
            parse("#/b"),
            Some(Place {
                bucket: "b".into(),
                prefix: "".into()
            })
        );
        assert_eq!(parse(""), None);
        assert_eq!(parse("#/"), None);
        assert_eq!(format(&Place::default()), "");
    }
}
