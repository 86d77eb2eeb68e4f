//! Where a bucket lives: endpoint, region, path-style or virtual-host addressing, and key encoding.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

/// RFC 3986 unreserved characters stay; everything else is percent-encoded (the SigV4 rule).
const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The region used to sign when none is known yet; S3 names the right one in its answer.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Encodes a query value or one path segment strictly (a `+` or `/` is always escaped).
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, STRICT).to_string()
}

/// Encodes an object key for a URL path: each segment strictly, the `/` between them kept.
pub fn encode_key(key: &str) -> String {
    key.split('/').map(encode).collect::<Vec<_>>().join("/")
}

/// How the bucket name goes into URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Addressing {
    /// Path-style for custom endpoints and dotted bucket names, virtual-host otherwise.
    #[default]
    Auto,
    Path,
    VirtualHost,
}

impl Addressing {
    pub fn as_str(self) -> &'static str {
        match self {
            Addressing::Auto => "auto",
            Addressing::Path => "path",
            Addressing::VirtualHost => "virtual",
        }
    }

    pub fn from_str_or_auto(s: &str) -> Self {
        match s {
            "path" => Addressing::Path,
            "virtual" => Addressing::VirtualHost,
            _ => Addressing::Auto,
        }
    }
}

/// Why the connection fields cannot make a bucket address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BucketError {
    #[error("the bucket name is empty")]
    MissingName,
    #[error("a bucket name has 3 to 63 lowercase letters, digits, dots and hyphens")]
    InvalidName,
    #[error("the endpoint must look like https://host[:port]")]
    InvalidEndpoint,
    #[error("the region must look like eu-west-1")]
    InvalidRegion,
}

/// A custom S3 endpoint (`scheme://host[:port]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub scheme: String,
    pub authority: String,
}

impl Endpoint {
    /// Reads `https://host:port`, `http://127.0.0.1:3900/` or a bare `host`.
    pub fn parse(text: &str) -> Result<Self, BucketError> {
        let text = text.trim().trim_end_matches('/');
        let (scheme, rest) = match text.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => ("https".to_owned(), text),
        };
        let valid = |c: char| c.is_ascii_alphanumeric() || "-.:[]_".contains(c);
        if !(scheme == "https" || scheme == "http") || rest.is_empty() || !rest.chars().all(valid) {
            return Err(BucketError::InvalidEndpoint);
        }
        Ok(Endpoint {
            scheme,
            authority: rest.to_ascii_lowercase(),
        })
    }

    /// Whether this is one of AWS's own S3 or STS hosts (`s3.eu-west-1.amazonaws.com`,
    /// `bucket.s3.amazonaws.com`, `s3-eu-west-1.amazonaws.com`, `s3.dualstack.…`, `sts.…`, also
    /// under `.amazonaws.com.cn`). Other `amazonaws.com` hosts (API Gateway, load balancers)
    /// anyone can run: keys going there are asked about like any other host's.
    pub fn is_aws(&self) -> bool {
        let host = self.authority.split(':').next().unwrap_or("");
        let Some(rest) = host
            .strip_suffix(".amazonaws.com")
            .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
        else {
            return false;
        };
        let labels: Vec<&str> = rest.split('.').collect();
        labels.iter().enumerate().any(|(i, label)| {
            let after = &labels[i + 1..];
            match (*label, after) {
                ("s3" | "sts", []) => true,
                ("s3" | "sts", [region]) => is_region(region),
                ("s3", ["dualstack", region]) => is_region(region),
                (legacy, []) => legacy.starts_with("s3-") && is_region(&legacy[3..]),
                _ => false,
            }
        })
    }
}

/// Everything needed to address one bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub name: String,
    /// `None` until the user types one or S3 names it.
    pub region: Option<String>,
    pub endpoint: Option<Endpoint>,
    pub path_style: bool,
}

impl Bucket {
    /// Builds a bucket address from the connection fields (blank region and endpoint allowed).
    pub fn new(
        name: &str,
        region: &str,
        endpoint: &str,
        addressing: Addressing,
    ) -> Result<Self, BucketError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(BucketError::MissingName);
        }
        let name_ok = (3..=63).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
            && name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name.ends_with(|c: char| c.is_ascii_alphanumeric());
        if !name_ok {
            return Err(BucketError::InvalidName);
        }
        let region = region.trim();
        if !region.is_empty() && !is_region(region) {
            return Err(BucketError::InvalidRegion);
        }
        let endpoint = match endpoint.trim() {
            "" => None,
            text => Some(Endpoint::parse(text)?),
        };
        let custom = endpoint.as_ref().is_some_and(|e| !e.is_aws());
        let path_style = match addressing {
            Addressing::Path => true,
            Addressing::VirtualHost => false,
            Addressing::Auto => custom || name.contains('.'),
        };
        Ok(Bucket {
            name: name.to_owned(),
            region: (!region.is_empty()).then(|| region.to_owned()),
            endpoint,
            path_style,
        })
    }

    /// The region to sign with.
    pub fn signing_region(&self) -> &str {
        self.region.as_deref().unwrap_or(DEFAULT_REGION)
    }

    /// The same bucket in the region S3 named. An AWS endpoint given for the old region is
    /// dropped: the new region's own host is used.
    pub fn in_region(&self, region: &str) -> Bucket {
        Bucket {
            region: Some(region.to_owned()),
            endpoint: self.endpoint.clone().filter(|e| !e.is_aws()),
            ..self.clone()
        }
    }

    /// `scheme://host` of the server the requests go to.
    pub fn origin(&self) -> String {
        let (scheme, host) = match &self.endpoint {
            Some(e) => (e.scheme.as_str(), e.authority.clone()),
            None => (
                "https",
                match &self.region {
                    Some(region) => format!("s3.{region}.amazonaws.com"),
                    // The global name routes to the bucket's region, which then names itself.
                    None => "s3.amazonaws.com".to_owned(),
                },
            ),
        };
        if self.path_style {
            format!("{scheme}://{host}")
        } else {
            format!("{scheme}://{}.{host}", self.name)
        }
    }

    /// The URL of the bucket itself (for listings).
    pub fn bucket_url(&self) -> String {
        if self.path_style {
            format!("{}/{}", self.origin(), encode(&self.name))
        } else {
            format!("{}/", self.origin())
        }
    }

    /// The URL of one object, its key strictly encoded.
    pub fn object_url(&self, key: &str) -> String {
        if self.path_style {
            format!(
                "{}/{}/{}",
                self.origin(),
                encode(&self.name),
                encode_key(key)
            )
        } else {
            format!("{}/{}", self.origin(), encode_key(key))
        }
    }
}

/// The region in an S3 endpoint name such as `bucket.s3.eu-west-1.amazonaws.com` or `s3-eu-west-1…`.
pub fn region_from_endpoint(endpoint: &str) -> Option<String> {
    let host = endpoint
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = host.split(['/', ':']).next()?;
    let labels: Vec<&str> = host.split('.').collect();
    let s3 = labels
        .iter()
        .rposition(|l| *l == "s3" || l.starts_with("s3-"))?;
    if let Some(region) = labels[s3].strip_prefix("s3-") {
        return (!region.is_empty()).then(|| region.to_owned());
    }
    let next = labels.get(s3 + 1)?;
    (*next != "amazonaws" && *next != "dualstack").then(|| next.to_string())
}

/// Whether `region` looks like a region (`eu-west-1`, `garage`): 1–32 letters, digits and
/// inner `-`. A region typed or named by a server's answer goes into a host name only if so.
pub fn is_region(region: &str) -> bool {
    (1..=32).contains(&region.len())
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !region.starts_with('-')
        && !region.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_aws_s_own_s3_and_sts_hosts_are_aws() {
        let aws = |e: &str| Endpoint::parse(e).unwrap().is_aws();
        for host in [
            "https://s3.amazonaws.com",
            "https://s3.eu-west-1.amazonaws.com",
            "https://temp-credentials-s3.s3.ap-northeast-2.amazonaws.com",
            "https://my.dotted.bucket.s3.us-east-1.amazonaws.com",
            "https://s3-eu-west-1.amazonaws.com",
            "https://s3.dualstack.eu-west-1.amazonaws.com",
            "https://sts.amazonaws.com",
            "https://sts.ap-northeast-2.amazonaws.com",
            "https://s3.cn-north-1.amazonaws.com.cn",
        ] {
            assert!(aws(host), "{host}");
        }
        for host in [
            "https://abc123.execute-api.us-east-1.amazonaws.com",
            "https://my-lb-1234.eu-west-1.elb.amazonaws.com",
            "https://s3.evil.example",
            "https://s3.amazonaws.com.evil.example",
            "https://s3.eu-west-1.evil.amazonaws.com",
            "http://127.0.0.1:3900",
        ] {
            assert!(!aws(host), "{host}");
        }
    }

    #[test]
    fn keys_are_encoded_strictly_segment_by_segment() {
        assert_eq!(
            encode_key("a b/c+d%e#f?g&h'i~j"),
            "a%20b/c%2Bd%25e%23f%3Fg%26h%27i~j"
        );
        assert_eq!(
            encode_key("보고서/2024 결과.pdf"),
            "%EB%B3%B4%EA%B3%A0%EC%84%9C/2024%20%EA%B2%B0%EA%B3%BC.pdf"
        );
        assert_eq!(encode_key("a//b/"), "a//b/");
        assert_eq!(encode("a/b+c"), "a%2Fb%2Bc");
    }

    #[test]
    fn aws_virtual_host_by_default() {
        let b = Bucket::new("temp-credentials-s3", "eu-west-1", "", Addressing::Auto).unwrap();
        assert_eq!(
            b.object_url("a b.txt"),
            "https://temp-credentials-s3.s3.eu-west-1.amazonaws.com/a%20b.txt"
        );
        assert_eq!(
            b.bucket_url(),
            "https://temp-credentials-s3.s3.eu-west-1.amazonaws.com/"
        );
        let unknown = Bucket::new("temp-credentials-s3", "", "", Addressing::Auto).unwrap();
        assert_eq!(
            unknown.bucket_url(),
            "https://temp-credentials-s3.s3.amazonaws.com/"
        );
        assert_eq!(unknown.signing_region(), "us-east-1");
        assert_eq!(
            unknown.in_region("ap-northeast-2").region.as_deref(),
            Some("ap-northeast-2")
        );
    }

    #[test]
    fn path_style_for_custom_endpoints_and_dotted_names_with_override() {
        let b = Bucket::new("demo", "", "http://127.0.0.1:3900/", Addressing::Auto).unwrap();
        assert!(b.path_style);
        assert_eq!(b.object_url("x/y z"), "http://127.0.0.1:3900/demo/x/y%20z");
        assert_eq!(b.bucket_url(), "http://127.0.0.1:3900/demo");
        let dotted = Bucket::new("my.bucket.example", "us-west-2", "", Addressing::Auto).unwrap();
        assert_eq!(
            dotted.bucket_url(),
            "https://s3.us-west-2.amazonaws.com/my.bucket.example"
        );
        let forced = Bucket::new("demo", "", "minio.local:9000", Addressing::VirtualHost).unwrap();
        assert_eq!(forced.bucket_url(), "https://demo.minio.local:9000/");
        let aws_endpoint = Bucket::new(
            "demo",
            "eu-west-1",
            "https://s3.eu-west-1.amazonaws.com",
            Addressing::Auto,
        )
        .unwrap();
        assert!(!aws_endpoint.path_style);
    }

    #[test]
    fn a_region_move_leaves_an_aws_endpoint_behind_but_keeps_a_custom_one() {
        let aws = Bucket::new(
            "demo",
            "us-east-1",
            "https://s3.us-east-1.amazonaws.com",
            Addressing::Auto,
        )
        .unwrap();
        assert_eq!(
            aws.in_region("eu-west-1").bucket_url(),
            "https://demo.s3.eu-west-1.amazonaws.com/"
        );
        let custom = Bucket::new("demo", "", "http://127.0.0.1:3900", Addressing::Auto).unwrap();
        assert_eq!(
            custom.in_region("garage").bucket_url(),
            "http://127.0.0.1:3900/demo"
        );
    }

    #[test]
    fn bad_fields_are_named() {
        assert_eq!(
            Bucket::new(" ", "", "", Addressing::Auto),
            Err(BucketError::MissingName)
        );
        assert_eq!(
            Bucket::new("Bad_Name", "", "", Addressing::Auto),
            Err(BucketError::InvalidName)
        );
        assert_eq!(
            Bucket::new("ok-name", "", "ftp://x", Addressing::Auto),
            Err(BucketError::InvalidEndpoint)
        );
        assert_eq!(
            Bucket::new("ok-name", "", "http://x/path", Addressing::Auto),
            Err(BucketError::InvalidEndpoint)
        );
        assert_eq!(
            Bucket::new("ok-name", "eu west", "", Addressing::Auto),
            Err(BucketError::InvalidRegion)
        );
    }

    #[test]
    fn regions_from_endpoint_names() {
        assert_eq!(
            region_from_endpoint("b.s3.eu-west-1.amazonaws.com").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(
            region_from_endpoint("b.s3-ap-northeast-2.amazonaws.com").as_deref(),
            Some("ap-northeast-2")
        );
        assert_eq!(region_from_endpoint("s3.amazonaws.com"), None);
        assert_eq!(region_from_endpoint("b.s3.amazonaws.com"), None);
    }
}
