//! STS, which turns long-term keys into temporary ones: where to ask (the regional endpoint on AWS; elsewhere a field of its own, or the S3 server itself), the keys it answers with, what its refusals mean, and the session name.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::bucket::{is_region, BucketError, Endpoint, DEFAULT_REGION};
use super::credentials::{parse_expiration, Credentials};
use super::problem::{Failure, Problem};
use super::s3_error;

/// The STS API version every request names.
pub const VERSION: &str = "2011-06-15";

/// The shortest and longest session STS grants (15 minutes, 12 hours).
pub const MIN_SESSION_SECS: u32 = 900;
pub const MAX_SESSION_SECS: u32 = 43_200;
/// A session asked for again when the role refused a longer one: one hour, what every role allows.
pub const FALLBACK_SESSION_SECS: u32 = 3600;

/// A code from an MFA device, for a role (or a session) that asks for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mfa<'a> {
    /// The device's ARN (`arn:aws:iam::ACCOUNT:mfa/NAME`) or a hardware token's serial number.
    pub serial: &'a str,
    /// The six digits it shows now.
    pub code: &'a str,
}

/// Where STS requests go, and the region they are signed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sts {
    /// The endpoint's root, ending in `/`.
    pub url: String,
    pub region: String,
}

impl Sts {
    /// On AWS (no S3 endpoint, or an `amazonaws.com` one) the regional endpoint,
    /// `https://sts.REGION.amazonaws.com/` (`.amazonaws.com.cn` in China); elsewhere the STS
    /// endpoint given, or else the S3 endpoint itself (some servers, moto among them, answer STS
    /// on the same host). A given STS endpoint always wins.
    pub fn locate(region: &str, s3_endpoint: &str, given: &str) -> Result<Sts, BucketError> {
        let region = match region.trim() {
            "" => DEFAULT_REGION,
            r if is_region(r) => r,
            _ => return Err(BucketError::InvalidRegion),
        };
        let root = |e: Endpoint| format!("{}://{}/", e.scheme, e.authority);
        let url = if !given.trim().is_empty() {
            root(Endpoint::parse(given)?)
        } else if s3_endpoint.trim().is_empty() || Endpoint::parse(s3_endpoint)?.is_aws() {
            let domain = if region.starts_with("cn-") {
                "amazonaws.com.cn"
            } else {
                "amazonaws.com"
            };
            format!("https://sts.{region}.{domain}/")
        } else {
            root(Endpoint::parse(s3_endpoint)?)
        };
        Ok(Sts {
            url,
            region: region.to_owned(),
        })
    }
}

/// Temporary keys as STS writes them (`AssumeRole`, `GetSessionToken`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct KeysXml {
    access_key_id: String,
    secret_access_key: String,
    session_token: String,
    expiration: String,
}

impl KeysXml {
    /// The keys, if STS gave all of them and an expiry the page can read.
    pub(crate) fn credentials(self) -> Option<Credentials> {
        let expires_at = parse_expiration(&self.expiration)?;
        let field = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Some(Credentials {
            access_key_id: field(self.access_key_id)?,
            secret_access_key: field(self.secret_access_key)?,
            session_token: Some(field(self.session_token)?),
            expires_at: Some(expires_at),
        })
    }
}

/// Reads an answer of STS's XML into `T` (the root element's name is not checked).
pub(crate) fn read<T: for<'de> Deserialize<'de>>(body: &str) -> Option<T> {
    quick_xml::de::from_str(body.trim_start_matches('\u{feff}').trim()).ok()
}

/// What a failed STS request means, for the role `role` (when one was asked for).
pub fn classify(status: u16, body: &str, role: Option<&str>) -> Failure {
    let error = s3_error::parse(body).unwrap_or_default();
    let message = error.message.as_deref().unwrap_or("").to_ascii_lowercase();
    let problem = match error.code.as_str() {
        "AccessDenied" if message.contains("multifactor") || message.contains("mfa") => {
            Problem::MfaFailed
        }
        "AccessDenied" | "NoSuchEntity" if role.is_some() => Problem::RoleRefused {
            role: role.unwrap_or_default().to_owned(),
        },
        "ValidationError" if message.contains("duration") => Problem::DurationRefused,
        "InvalidClientTokenId" => Problem::InvalidAccessKeyId,
        "SignatureDoesNotMatch" => Problem::SignatureDoesNotMatch,
        "ExpiredToken" => Problem::KeysExpired,
        "AccessDenied" => Problem::AccessDenied,
        "RegionDisabledException" => Problem::StsRegionDisabled,
        _ if status >= 500 => Problem::ServerError,
        _ => Problem::Other,
    };
    Failure {
        problem,
        status: Some(status),
        code: (!error.code.is_empty()).then(|| error.code.clone()),
        message: error.message,
        request_id: error.request_id,
    }
}

/// A role session's name from what the user typed or the caller's ARN: the characters STS
/// takes (`[\w+=,.@-]`), 2 to 64 of them; else `bucket-portal`.
pub fn session_name(wanted: &str) -> String {
    // The last part of `arn:aws:iam::123456789012:user/leedw416`, or the text as typed.
    let name = wanted.rsplit(['/', ':']).next().unwrap_or(wanted);
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(*c))
        .take(64)
        .collect();
    if clean.len() >= 2 {
        clean
    } else {
        "bucket-portal".to_owned()
    }
}

/// Whether `arn` names an IAM role (`arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`).
pub fn is_role_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.trim().splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", partition, "iam", "", account, resource]
        if partition.starts_with("aws")
            && account.len() == 12
            && account.chars().all(|c| c.is_ascii_digit())
            && resource.strip_prefix("role/").is_some_and(|name| !name.is_empty()))
}

/// The session length to ask for: what the user chose, within what STS grants.
pub fn session_secs(wanted: u32) -> u32 {
    wanted.clamp(MIN_SESSION_SECS, MAX_SESSION_SECS)
}

/// When keys that expire at `expires_at` are assumed again (the page open): five minutes before,
/// or at half their life when they are short.
pub fn renew_at(issued: OffsetDateTime, expires_at: OffsetDateTime) -> OffsetDateTime {
    let life: time::Duration = expires_at - issued;
    let margin = std::cmp::min(life / 2_i32, time::Duration::minutes(5));
    expires_at - margin
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn sts_follows_the_region_on_aws_and_the_server_elsewhere() {
        let at = |r: &str, s3: &str, given: &str| Sts::locate(r, s3, given).unwrap().url;
        assert_eq!(
            at("ap-northeast-2", "", ""),
            "https://sts.ap-northeast-2.amazonaws.com/"
        );
        assert_eq!(
            at("eu-west-1", "https://s3.eu-west-1.amazonaws.com", ""),
            "https://sts.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            at("cn-north-1", "", ""),
            "https://sts.cn-north-1.amazonaws.com.cn/"
        );
        assert_eq!(at("", "", ""), "https://sts.us-east-1.amazonaws.com/");
        assert_eq!(
            at("us-east-1", "http://127.0.0.1:5000", ""),
            "http://127.0.0.1:5000/"
        );
        assert_eq!(
            at(
                "us-east-1",
                "http://127.0.0.1:3900",
                "http://127.0.0.1:5000/"
            ),
            "http://127.0.0.1:5000/"
        );
        assert_eq!(
            Sts::locate("eu west", "", ""),
            Err(BucketError::InvalidRegion)
        );
        assert_eq!(
            Sts::locate("us-east-1", "", "ftp://x"),
            Err(BucketError::InvalidEndpoint)
        );
    }

    #[test]
    fn refusals_say_what_the_user_can_do() {
        let body = |code: &str, message: &str| {
            format!("<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>r</RequestId></ErrorResponse>")
        };
        let arn = "arn:aws:iam::123456789012:role/r";
        let role = Some(arn);
        let problem =
            |code: &str, message: &str, role| classify(403, &body(code, message), role).problem;
        assert_eq!(
            problem("AccessDenied", "User: arn:aws:iam::123456789012:user/u is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/r", role),
            Problem::RoleRefused { role: arn.into() }
        );
        assert_eq!(
            problem(
                "AccessDenied",
                "MultiFactorAuthentication failed with invalid MFA one time pass code.",
                role
            ),
            Problem::MfaFailed
        );
        assert_eq!(
            problem(
                "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                role
            ),
            Problem::DurationRefused
        );
        assert_eq!(
            problem(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
                role
            ),
            Problem::InvalidAccessKeyId
        );
        assert_eq!(
            problem("SignatureDoesNotMatch", "", role),
            Problem::SignatureDoesNotMatch
        );
        assert_eq!(problem("ExpiredToken", "", None), Problem::KeysExpired);
        assert_eq!(problem("AccessDenied", "no", None), Problem::AccessDenied);
        let failure = classify(403, &body("AccessDenied", "x"), role);
        assert_eq!(failure.request_id.as_deref(), Some("r"));
        assert_eq!(classify(503, "", role).problem, Problem::ServerError);
    }

    #[test]
    fn session_names_keep_only_what_sts_takes() {
        assert_eq!(
            session_name("arn:aws:iam::123456789012:user/leedw416"),
            "leedw416"
        );
        assert_eq!(
            session_name("arn:aws:iam::123456789012:user/team/Lee Dong-woo"),
            "LeeDong-woo"
        );
        assert_eq!(session_name("이동우"), "bucket-portal");
        assert_eq!(session_name("a"), "bucket-portal");
        assert_eq!(session_name(&"x".repeat(100)).len(), 64);
        assert_eq!(session_name("me@example.com"), "me@example.com");
    }

    #[test]
    fn role_arns_are_recognised() {
        assert!(is_role_arn(
            "arn:aws:iam::123456789012:role/leedw416-assume-role-for-s3"
        ));
        assert!(is_role_arn(" arn:aws-cn:iam::123456789012:role/path/r "));
        assert!(!is_role_arn("arn:aws:iam::123456789012:user/leedw416"));
        assert!(!is_role_arn("arn:aws:iam::12345:role/r"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:role/"));
        assert!(!is_role_arn("leedw416-assume-role-for-s3"));
    }

    #[test]
    fn keys_are_renewed_five_minutes_before_or_at_half_a_short_life() {
        let t = datetime!(2026-11-30 12:00 UTC);
        assert_eq!(
            renew_at(t, t + time::Duration::hours(1)),
            t + time::Duration::minutes(55)
        );
        assert_eq!(
            renew_at(t, t + time::Duration::minutes(6)),
            t + time::Duration::minutes(3)
        );
        assert_eq!(session_secs(60), MIN_SESSION_SECS);
        assert_eq!(session_secs(86_400), MAX_SESSION_SECS);
    }
}
