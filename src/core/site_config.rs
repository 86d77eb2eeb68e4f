//! The admin's optional `config.json` beside the page: default bucket, region, endpoint, prefix, role and STS endpoint (never keys), which of them are locked, and the endpoints keys may go to.

use std::time::Duration;

use super::bucket::Endpoint;
use super::json_object;
use super::settings::Field;

/// The most of `config.json` the page reads: a few hundred bytes are expected.
pub const CAP: u64 = 64 << 10;
/// The longest the page waits for it (the fields stay empty meanwhile).
pub const DEADLINE: Duration = Duration::from_secs(10);

/// Defaults an admin ships with the page. Unknown fields (keys included) are ignored, and so is
/// a field of the wrong kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// Fields the user may not change (`"lock": ["endpoint", "bucket", "region"]`): the
    /// admin's value overrides anything stored or linked.
    pub lock: Vec<String>,
    /// Endpoints other than AWS's that keys may sign requests for without asking the user
    /// (`allowedEndpoints`); the admin's own `endpoint` and `stsEndpoint` always may.
    pub allowed_endpoints: Vec<String>,
}

impl SiteConfig {
    /// Whether the admin locked `field`.
    pub fn locks(&self, field: Field) -> bool {
        self.lock
            .iter()
            .any(|f| f.trim().eq_ignore_ascii_case(field.name()))
    }

    /// The admin's default for `field` (empty: none).
    pub fn default_of(&self, field: Field) -> &str {
        match field {
            Field::Bucket => &self.bucket,
            Field::Region => &self.region,
            Field::Endpoint => &self.endpoint,
            Field::Prefix => &self.prefix,
            Field::Addressing => &self.addressing,
            Field::RoleArn => &self.role_arn,
            Field::StsEndpoint => &self.sts_endpoint,
        }
    }

    /// Whether the admin locked the page to a bucket other than `bucket`.
    pub fn locks_out(&self, bucket: &str) -> bool {
        self.locks(Field::Bucket) && bucket != self.bucket
    }

    /// The host that requests signed with the user's keys would go to at `endpoint`, when the
    /// user must agree first: neither AWS, nor the admin's endpoint, nor one `config.json`
    /// allows. `None`: no need to ask (AWS, an allowed host, or no endpoint that parses).
    pub fn unvetted_host(&self, endpoint: &str) -> Option<String> {
        if endpoint.trim().is_empty() {
            return None;
        }
        let target = Endpoint::parse(endpoint).ok()?;
        if target.is_aws() || self.allows(&target) {
            return None;
        }
        Some(target.authority)
    }

    /// Whether a link may set the endpoint to `endpoint` (an invite names one only if so).
    pub fn allows_endpoint(&self, endpoint: &str) -> bool {
        Endpoint::parse(endpoint).is_ok_and(|e| self.allows(&e))
    }

    fn allows(&self, target: &Endpoint) -> bool {
        [&self.endpoint, &self.sts_endpoint]
            .into_iter()
            .chain(&self.allowed_endpoints)
            .filter_map(|e| Endpoint::parse(e).ok())
            .any(|e| e == *target)
    }
}

/// Reads `config.json`; `None` when it is not a JSON object.
pub fn parse(text: &str) -> Option<SiteConfig> {
    let config = json_object::object(text)?;
    let field = |name| json_object::text(&config, name);
    Some(SiteConfig {
        bucket: field("bucket"),
        region: field("region"),
        endpoint: field("endpoint"),
        prefix: field("prefix"),
        addressing: field("addressing"),
        role_arn: field("roleArn"),
        sts_endpoint: field("stsEndpoint"),
        lock: json_object::texts(&config, "lock"),
        allowed_endpoints: json_object::texts(&config, "allowedEndpoints"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_go_to_aws_and_to_the_admin_s_endpoints_without_asking() {
        let config = parse(r#"{"endpoint": "http://127.0.0.1:3900", "allowedEndpoints": ["https://s3.example.com:8443/"]}"#).unwrap();
        assert_eq!(config.unvetted_host(""), None);
        assert_eq!(
            config.unvetted_host("https://s3.eu-west-1.amazonaws.com"),
            None
        );
        assert_eq!(config.unvetted_host("http://127.0.0.1:3900/"), None);
        assert_eq!(config.unvetted_host("HTTPS://S3.EXAMPLE.COM:8443"), None);
        assert_eq!(
            config.unvetted_host("https://s3.example.com"),
            Some("s3.example.com".into()),
            "another port is another host"
        );
        assert_eq!(
            config.unvetted_host("http://localhost:3900"),
            Some("localhost:3900".into())
        );
        assert_eq!(
            SiteConfig::default().unvetted_host("https://minio.internal"),
            Some("minio.internal".into())
        );
        assert!(config.allows_endpoint("https://s3.example.com:8443"));
        assert!(!config.allows_endpoint("https://evil.example"));
    }

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
        let locked = parse(
            r#"{"lock": ["endpoint", "Bucket"], "allowedEndpoints": ["https://s3.example.com"]}"#,
        )
        .unwrap();
        assert!(
            locked.locks(Field::Bucket)
                && locked.locks(Field::Endpoint)
                && !locked.locks(Field::Region)
        );
        assert!(locked.locks_out("other") && !locked.locks_out(""));
        assert!(!parse(r#"{"bucket": "b"}"#).unwrap().locks_out("other"));
        assert_eq!(parse("[1,2]"), None);
    }
}
