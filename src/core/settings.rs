//! The connection form: bucket, region, endpoint, prefix, role and STS fields as the user typed them, and the fields `config.json` can fill and lock.

use serde::Serialize;

use super::bucket::{Addressing, Bucket, BucketError};
use super::json_object;
use super::listing::normalize_prefix;
use super::site_config::SiteConfig;

/// The connection fields and language, as the form holds them (the page remembers them in
/// localStorage). Never a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub bucket: String,
    pub region: String,
    pub endpoint: String,
    pub prefix: String,
    pub addressing: String,
    pub lang: String,
    /// The role long-term keys assume (an ARN names a role, it grants nothing by itself).
    pub role_arn: String,
    /// Where STS is asked, when the S3 endpoint is not AWS's (empty: the S3 endpoint itself).
    pub sts_endpoint: String,
    /// The session length asked for, in seconds (empty: one hour).
    pub session_secs: String,
    /// The MFA device's ARN or serial number, when the role wants a code.
    pub mfa_serial: String,
    /// The role session's name (empty: the IAM user's name).
    pub session_name: String,
}

/// A field `config.json` can set a default for and lock (`"lock": ["bucket", …]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Bucket,
    Region,
    Endpoint,
    Prefix,
    Addressing,
    RoleArn,
    StsEndpoint,
}

impl Field {
    /// Every field `config.json` can lock.
    pub const ALL: [Field; 7] = [
        Field::Bucket,
        Field::Region,
        Field::Endpoint,
        Field::Prefix,
        Field::Addressing,
        Field::RoleArn,
        Field::StsEndpoint,
    ];

    /// Its name in `config.json`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Bucket => "bucket",
            Field::Region => "region",
            Field::Endpoint => "endpoint",
            Field::Prefix => "prefix",
            Field::Addressing => "addressing",
            Field::RoleArn => "roleArn",
            Field::StsEndpoint => "stsEndpoint",
        }
    }
}

impl Settings {
    /// The settings the page remembered (as [`Serialize`] wrote them); a field missing or of the
    /// wrong kind is empty, and text that is no JSON object gives none.
    pub fn from_json(text: &str) -> Option<Settings> {
        let saved = json_object::object(text)?;
        let field = |name| json_object::text(&saved, name);
        Some(Settings {
            bucket: field("bucket"),
            region: field("region"),
            endpoint: field("endpoint"),
            prefix: field("prefix"),
            addressing: field("addressing"),
            lang: field("lang"),
            role_arn: field("role_arn"),
            sts_endpoint: field("sts_endpoint"),
            session_secs: field("session_secs"),
            mfa_serial: field("mfa_serial"),
            session_name: field("session_name"),
        })
    }

    /// The form's value of `field`.
    pub fn field_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::Bucket => &mut self.bucket,
            Field::Region => &mut self.region,
            Field::Endpoint => &mut self.endpoint,
            Field::Prefix => &mut self.prefix,
            Field::Addressing => &mut self.addressing,
            Field::RoleArn => &mut self.role_arn,
            Field::StsEndpoint => &mut self.sts_endpoint,
        }
    }

    /// Fills the fields the user has not set from the admin's defaults; a field the admin
    /// locked takes the admin's value whatever was there.
    pub fn fill_from(&mut self, site: &SiteConfig) {
        for field in Field::ALL {
            let value = self.field_mut(field);
            if value.trim().is_empty() || site.locks(field) {
                site.default_of(field).clone_into(value);
            }
        }
    }

    /// The bucket these fields address (blank region and endpoint allowed).
    pub fn bucket(&self) -> Result<Bucket, BucketError> {
        Bucket::new(
            &self.bucket,
            &self.region,
            &self.endpoint,
            Addressing::from_str_or_auto(&self.addressing),
        )
    }

    /// The folder the fields name: the prefix, normalised (empty or ending in `/`).
    pub fn folder(&self) -> String {
        normalize_prefix(&self.prefix)
    }

    /// The endpoints keys would sign requests for with these fields: S3's and STS's.
    pub fn endpoints(&self) -> [&str; 2] {
        [&self.endpoint, &self.sts_endpoint]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admin_fills_empty_fields_and_a_lock_overrides_what_was_there() {
        let site = crate::core::site_config::parse(
            r#"{"bucket": "admin", "region": "eu-west-1", "roleArn": "arn:aws:iam::1:role/r", "lock": ["Bucket"]}"#,
        )
        .unwrap();
        let mut settings = Settings {
            bucket: "mine".into(),
            region: "us-east-1".into(),
            ..Settings::default()
        };
        settings.fill_from(&site);
        assert_eq!(settings.bucket, "admin", "locked");
        assert_eq!(settings.region, "us-east-1", "set by the user, not locked");
        assert_eq!(settings.role_arn, "arn:aws:iam::1:role/r", "was empty");
        assert_eq!(settings.endpoint, "");
    }

    #[test]
    fn what_is_remembered_reads_back_the_same() {
        let settings = Settings {
            bucket: "b".into(),
            role_arn: "arn:aws:iam::1:role/r".into(),
            session_secs: "7200".into(),
            lang: "ko".into(),
            ..Settings::default()
        };
        let json = serde_json::to_string(&settings).unwrap();
        assert_eq!(Settings::from_json(&json), Some(settings));
        // What an earlier page saved, with fields it did not have and one it no longer has.
        let old = Settings::from_json(r#"{"bucket": "b", "region": 5, "gone": "x"}"#).unwrap();
        assert_eq!((&*old.bucket, &*old.region), ("b", ""));
        assert_eq!(Settings::from_json("nonsense"), None);
    }

    #[test]
    fn every_field_has_its_config_json_name() {
        let names: Vec<_> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "bucket",
                "region",
                "endpoint",
                "prefix",
                "addressing",
                "roleArn",
                "stsEndpoint"
            ]
        );
    }
}
