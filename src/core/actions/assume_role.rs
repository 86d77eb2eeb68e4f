//! STS AssumeRole: an IAM user's keys (or a session's) become a role's temporary keys — a form POST signed in its headers.

use serde::Deserialize;

use crate::core::credentials::Credentials;
use crate::core::signing::Request;
use crate::core::sts::{self, KeysXml, Mfa, Sts, VERSION};

/// A request for a role's temporary keys.
#[derive(Debug, Clone)]
pub struct AssumeRole<'a> {
    sts: &'a Sts,
    role_arn: &'a str,
    session_name: &'a str,
    duration_secs: u32,
    mfa: Option<Mfa<'a>>,
}

/// What AssumeRole answers: the keys, and the session's own ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumed {
    pub credentials: Credentials,
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    pub session_arn: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Response {
    assume_role_result: AssumeRoleResult,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AssumeRoleResult {
    credentials: KeysXml,
    assumed_role_user: Option<AssumedRoleUser>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AssumedRoleUser {
    arn: String,
}

impl<'a> AssumeRole<'a> {
    pub fn new(sts: &'a Sts, role_arn: &'a str, session_name: &'a str, duration_secs: u32) -> Self {
        AssumeRole {
            sts,
            role_arn,
            session_name,
            duration_secs,
            mfa: None,
        }
    }

    /// With a code from the MFA device `mfa.serial` (the role's policy may ask for one).
    pub fn mfa(mut self, mfa: Option<Mfa<'a>>) -> Self {
        self.mfa = mfa;
        self
    }

    /// The POST, parameters in the order the AWS SDKs write them.
    pub fn request(&self) -> Request {
        let duration = self.duration_secs.to_string();
        let pairs = vec![
            ("Action", "AssumeRole"),
            ("Version", VERSION),
            ("RoleArn", self.role_arn),
            ("RoleSessionName", self.session_name),
            ("DurationSeconds", duration.as_str()),
        ];
        self.sts.form(pairs, self.mfa.as_ref())
    }

    /// The keys in a successful answer; `None` when it holds no usable keys.
    pub fn parse_response(body: &str) -> Option<Assumed> {
        let result = sts::read::<Response>(body)?.assume_role_result;
        Some(Assumed {
            credentials: result.credentials.credentials()?,
            session_arn: result.assumed_role_user.map(|u| u.arn),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn sts() -> Sts {
        Sts::locate("ap-northeast-2", "", "").unwrap()
    }

    #[test]
    fn the_request_is_a_form_post_to_the_regional_endpoint() {
        let sts = sts();
        let request = AssumeRole::new(
            &sts,
            "arn:aws:iam::123456789012:role/leedw416-assume-role-for-s3",
            "leedw416",
            3600,
        )
        .request();
        assert_eq!(request.method, "POST");
        assert_eq!(request.url, "https://sts.ap-northeast-2.amazonaws.com/");
        assert_eq!(
            request.body,
            "Action=AssumeRole&Version=2011-06-15\
             &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fleedw416-assume-role-for-s3\
             &RoleSessionName=leedw416&DurationSeconds=3600"
        );
        let with_mfa = AssumeRole::new(&sts, "arn:aws:iam::123456789012:role/r", "s", 900)
            .mfa(Some(Mfa {
                serial: "arn:aws:iam::123456789012:mfa/leedw416",
                code: "123456",
            }))
            .request();
        assert!(with_mfa.body.ends_with(
            "&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fleedw416&TokenCode=123456"
        ));
    }

    #[test]
    fn reads_the_keys_aws_documents() {
        // The answer in AWS's AssumeRole API reference (keys shortened).
        let body = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
  <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>
       AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW
      </SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;
        let assumed = AssumeRole::parse_response(body).unwrap();
        let keys = assumed.credentials;
        assert_eq!(keys.access_key_id, "ASIAIOSFODNN7EXAMPLE");
        assert_eq!(
            keys.secret_access_key,
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
        );
        assert_eq!(
            keys.session_token.as_deref(),
            Some("AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW")
        );
        assert_eq!(keys.expires_at, Some(datetime!(2019-11-09 13:34:41 UTC)));
        assert_eq!(
            assumed.session_arn.as_deref(),
            Some("arn:aws:sts::123456789012:assumed-role/demo/TestAR")
        );
    }

    #[test]
    fn moto_s_microseconds_and_missing_parts() {
        let body = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2026-11-30T13:00:37.939456Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
        let keys = AssumeRole::parse_response(body).unwrap().credentials;
        assert_eq!(
            keys.expires_at,
            Some(datetime!(2026-11-30 13:00:37.939456 UTC))
        );
        assert_eq!(
            AssumeRole::parse_response(&body.replace(
                "<SessionToken>t</SessionToken>",
                "<SessionToken></SessionToken>"
            )),
            None
        );
        assert_eq!(
            AssumeRole::parse_response(&body.replace("2026-11-30T13:00:37.939456Z", "soon")),
            None
        );
        assert_eq!(AssumeRole::parse_response("<html/>"), None);
        assert_eq!(AssumeRole::parse_response(""), None);
    }
}
