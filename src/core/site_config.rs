//! The admin's optional `config.json` beside the page: default bucket, region, endpoint, prefix, role and STS endpoint (never keys).

use std::time::Duration;

use serde::Deserialize;

/// The most of `config.json` the page reads: a few hundred bytes are expected.
pub const CAP: u64 = 64 << 10;
/// The longest the page waits for it (the fields stay empty meanwhile).
pub const DEADLINE: Duration = Duration::from_secs(10);

/// Defaults an admin ships with the page. Unknown fields (keys included) are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SiteConfig {
    pub bucket: String,
    pub region: String,
    pub endpoint: String,
    pub prefix: String,
    pub addressing: String,
    /// The role IAM users' long-term keys assume (`roleArn`).
    pub role_arn: String,
    /// Where STS is asked when the S3 endpoint is not AWS's (`stsEndpoint`).
    pub sts_endpoint: String,
}

/// Reads `config.json`; `None` when it is missing or not the expected JSON.
pub fn parse(text: &str) -> Option<SiteConfig> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_defaults_and_ignores_anything_else() {
        let c = parse(r#"{"bucket": "temp-credentials-s3", "endpoint": "http://127.0.0.1:3900", "SecretAccessKey": "no"}"#).unwrap();
        assert_eq!(c.bucket, "temp-credentials-s3");
        assert_eq!(c.endpoint, "http://127.0.0.1:3900");
        assert_eq!(c.region, "");
        let c = parse(r#"{"roleArn": "arn:aws:iam::123456789012:role/r", "stsEndpoint": "http://127.0.0.1:5000"}"#).unwrap();
        assert_eq!(c.role_arn, "arn:aws:iam::123456789012:role/r");
        assert_eq!(c.sts_endpoint, "http://127.0.0.1:5000");
        assert_eq!(parse("<html>404</html>"), None);
        assert_eq!(parse("[1,2]"), None);
    }
}
