//! The page URL's fragment `#/bucket/prefix/?sort=size-desc` (or a view of the page's own, `#/check`): where the user is and how the rows are sorted, so Back and reload work. Never a secret.
//!
//! The grammar: `#/` bucket `/` prefix [`?` option (`&` option)*], with the bucket and every
//! prefix segment percent-encoded (so a `?` or `&` in a key never reads as a separator).
//! Options: `sort=` a [`Sort`] token, left out when it is the default (names A→Z). Options not
//! known are ignored, so a link from a later page still opens its folder.
//!
//! A bucket is always written with the `/` after its name (`#/check/` is the bucket named
//! "check"); a name without it is one of the page's views: `#/check`, Check setup; and
//! `#/invite?bucket=…&prefix=…&region=…&endpoint=…`, a link that fills in where to connect
//! (never keys), to be read once and replaced by the place it names.

use percent_encoding::percent_decode_str;

use super::bucket::encode_key;
use super::order::Sort;
use super::settings::Settings;
use super::site_config::SiteConfig;

/// The fragment of the Check setup view.
pub const CHECK: &str = "#/check";

/// What a fragment shows: a place in a bucket, or a view of the page's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Browse(Place),
    /// Check setup: does the bucket answer this page as it needs.
    Check,
    /// An invite: where to connect, for the user to paste keys and press Connect.
    Invite(Invite),
}

/// What an invite link fills in. Never keys; an endpoint only where `config.json` allows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invite {
    pub bucket: String,
    pub prefix: String,
    pub region: String,
    pub endpoint: String,
}

impl Invite {
    /// The invite to the form's bucket and folder (trimmed), and the endpoint left out of it, if
    /// any: an invite sets the endpoint only where `config.json` lets a link set it.
    pub fn of(form: &Settings, site: &SiteConfig) -> (Invite, Option<String>) {
        let endpoint = form.endpoint.trim();
        let allowed = endpoint.is_empty() || site.allows_endpoint(endpoint);
        let invite = Invite {
            bucket: form.bucket.trim().to_owned(),
            prefix: form.prefix.trim().to_owned(),
            region: form.region.trim().to_owned(),
            endpoint: if allowed { endpoint } else { "" }.to_owned(),
        };
        (invite, (!allowed).then(|| endpoint.to_owned()))
    }
}

/// The fragment of an invite: its fields that are not empty, each percent-encoded.
pub fn format_invite(invite: &Invite) -> String {
    let fields = [
        ("bucket", &invite.bucket),
        ("prefix", &invite.prefix),
        ("region", &invite.region),
        ("endpoint", &invite.endpoint),
    ];
    let pairs: Vec<String> = fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode_key(v).replace('/', "%2F")))
        .collect();
    format!("#/invite?{}", pairs.join("&"))
}

fn parse_invite(options: &str) -> Option<Invite> {
    let mut invite = Invite::default();
    for option in options.split('&') {
        let (name, value) = option.split_once('=').unwrap_or((option, ""));
        let value = percent_decode_str(value)
            .decode_utf8_lossy()
            .trim()
            .to_owned();
        match name {
            "bucket" => invite.bucket = value,
            "prefix" => invite.prefix = value,
            "region" => invite.region = value,
            "endpoint" => invite.endpoint = value,
            _ => {}
        }
    }
    (!invite.bucket.is_empty() && !invite.bucket.contains('/')).then_some(invite)
}

/// A place in a bucket, and how its rows are sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub bucket: String,
    /// The folder prefix, empty or ending in `/`.
    pub prefix: String,
    pub sort: Sort,
}

impl Place {
    /// The same folder of `bucket`, sorted by default.
    pub fn new(bucket: &str, prefix: &str) -> Self {
        Place {
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
            sort: Sort::default(),
        }
    }

    /// Whether `other` is the same folder (sorted either way).
    pub fn same_folder(&self, other: &Place) -> bool {
        self.bucket == other.bucket && self.prefix == other.prefix
    }
}

/// Writes `#/bucket/prefix/` with each segment encoded, and the options that are not the default.
pub fn format(place: &Place) -> String {
    if place.bucket.is_empty() {
        return String::new();
    }
    let mut fragment = format!(
        "#/{}/{}",
        encode_key(&place.bucket),
        encode_key(&place.prefix)
    );
    if place.sort != Sort::default() {
        fragment.push_str("?sort=");
        fragment.push_str(&place.sort.token());
    }
    fragment
}

/// Reads a fragment: a view's name (`#/check`), or a place as [`parse`] reads it.
pub fn route(fragment: &str) -> Option<Route> {
    let rest = fragment.trim_start_matches('#').trim_start_matches('/');
    let (path, options) = rest.split_once('?').unwrap_or((rest, ""));
    match path {
        "check" => return Some(Route::Check),
        "invite" => return parse_invite(options).map(Route::Invite),
        _ => {}
    }
    parse_place(rest).map(Route::Browse)
}

/// Reads a fragment written by `format` (or typed by hand); `None` when it names no bucket (a
/// view's fragment names none).
pub fn parse(fragment: &str) -> Option<Place> {
    match route(fragment)? {
        Route::Browse(place) => Some(place),
        Route::Check | Route::Invite(_) => None,
    }
}

/// The place in a fragment's text after `#/`.
fn parse_place(rest: &str) -> Option<Place> {
    let (rest, options) = rest.split_once('?').unwrap_or((rest, ""));
    let sort = options
        .split('&')
        .find_map(|option| option.strip_prefix("sort="))
        .and_then(Sort::from_token)
        .unwrap_or_default();
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    let bucket = decode(bucket);
    // No bucket name holds a `/` (one encoded as `%2F` would not come back the same).
    if bucket.is_empty() || bucket.contains('/') {
        return None;
    }
    let mut prefix = decode(prefix);
    if !prefix.is_empty() && !prefix.ends_with('/') {
        prefix.push('/');
    }
    Some(Place {
        bucket,
        prefix,
        sort,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::order::SortBy;

    #[test]
    fn round_trips_hostile_prefixes() {
        for prefix in ["", "a/", "보고서/2024 결과/", "a+b/c%d/#x?y&z/", "a//b/"] {
            let mut place = Place::new("temp-credentials-s3", prefix);
            assert_eq!(parse(&format(&place)), Some(place.clone()), "{prefix}");
            place.sort = Sort::default().toggled(SortBy::Date);
            assert_eq!(parse(&format(&place)), Some(place.clone()), "{prefix}");
        }
    }

    #[test]
    fn check_is_a_view_and_a_bucket_named_check_keeps_its_slash() {
        assert_eq!(route("#/check"), Some(Route::Check));
        assert_eq!(route("#check"), Some(Route::Check));
        assert_eq!(route("#/check?from=link"), Some(Route::Check));
        assert_eq!(parse("#/check"), None);
        let bucket = Place::new("check", "");
        assert_eq!(format(&bucket), "#/check/");
        assert_eq!(route("#/check/"), Some(Route::Browse(bucket.clone())));
        assert_eq!(parse(&format(&bucket)), Some(bucket));
        assert_eq!(
            route("#/check/reports/"),
            Some(Route::Browse(Place::new("check", "reports/")))
        );
    }

    #[test]
    fn an_invite_names_the_endpoint_only_where_config_json_lets_a_link_set_it() {
        let form = Settings {
            bucket: " temp-credentials-s3 ".into(),
            prefix: "보고서/".into(),
            region: "ap-northeast-2".into(),
            endpoint: "http://127.0.0.1:3900".into(),
            ..Settings::default()
        };
        let (invite, left_out) = Invite::of(&form, &SiteConfig::default());
        assert_eq!(invite.endpoint, "");
        assert_eq!(left_out.as_deref(), Some("http://127.0.0.1:3900"));
        assert_eq!(invite.bucket, "temp-credentials-s3");
        let site = SiteConfig {
            allowed_endpoints: vec!["http://127.0.0.1:3900/".into()],
            ..SiteConfig::default()
        };
        let (invite, left_out) = Invite::of(&form, &site);
        assert_eq!(
            (invite.endpoint.as_str(), left_out),
            ("http://127.0.0.1:3900", None)
        );
        // What the link says is what the page reads back.
        assert_eq!(route(&format_invite(&invite)), Some(Route::Invite(invite)));
    }

    #[test]
    fn an_invite_round_trips_and_never_names_a_bucket_with_a_slash() {
        let invite = Invite {
            bucket: "temp-credentials-s3".into(),
            prefix: "보고서/2024 & 2025/".into(),
            region: "ap-northeast-2".into(),
            endpoint: "https://s3.example.com:8443".into(),
        };
        let fragment = format_invite(&invite);
        assert!(
            fragment.starts_with("#/invite?bucket=temp-credentials-s3&prefix=%EB%B3%B4"),
            "{fragment}"
        );
        assert!(!fragment["#/invite?".len()..].contains('/'), "{fragment}");
        assert_eq!(route(&fragment), Some(Route::Invite(invite.clone())));
        let short = Invite {
            endpoint: String::new(),
            prefix: String::new(),
            ..invite
        };
        assert_eq!(
            format_invite(&short),
            "#/invite?bucket=temp-credentials-s3&region=ap-northeast-2"
        );
        assert_eq!(route("#/invite?prefix=a/"), None);
        assert_eq!(route("#/invite?bucket=a%2Fb"), None);
        assert_eq!(
            route("#/invite/"),
            Some(Route::Browse(Place::new("invite", "")))
        );
    }

    #[test]
    fn a_bucket_name_with_a_slash_names_no_place() {
        // Found by the fuzzer: `%2F` decoded into the bucket would be read back as a prefix.
        assert_eq!(parse("#/0%254%2F/"), None);
        assert_eq!(parse("#/a%2Fb/c/"), None);
    }

    #[test]
    fn reads_hand_typed_fragments() {
        assert_eq!(parse("#/b/x"), Some(Place::new("b", "x/")));
        assert_eq!(parse("#/b"), Some(Place::new("b", "")));
        assert_eq!(
            parse("#/b/x/?sort=nonsense&later=1"),
            Some(Place::new("b", "x/"))
        );
        let by_size = parse("#/b/?later=1&sort=size-desc").unwrap();
        assert_eq!(
            (by_size.prefix.as_str(), by_size.sort.token()),
            ("", "size-desc".to_owned())
        );
        assert_eq!(
            format(&Place::new("b", "x/")),
            "#/b/x/",
            "the default sort is left out"
        );
        assert_eq!(parse(""), None);
        assert_eq!(parse("#/"), None);
        assert_eq!(format(&Place::default()), "");
    }
}
