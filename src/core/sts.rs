//! STS, which turns long-term keys into temporary ones: where to ask (the regional endpoint on AWS; elsewhere a field of its own, or the S3 server itself), the keys it answers with, what its refusals mean, and the session name.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::actions::{AssumeRole, GetCallerIdentity, GetSessionToken};
use super::bucket::{is_region, BucketError, Endpoint, DEFAULT_REGION};
use super::credentials::{parse_expiration, Credentials};
use super::problem::{parse_http_time, Failure, Problem};
use super::s3_error;
use super::signing::Request;

/// The STS API version every request names.
pub const VERSION: &str = "2011-06-15";

/// The shortest and longest session STS grants (15 minutes, 12 hours).
pub const MIN_SESSION_SECS: u32 = 900;
pub const MAX_SESSION_SECS: u32 = 43_200;
/// A session asked for again when the role refused a longer one: one hour, what every role allows.
pub const FALLBACK_SESSION_SECS: u32 = 3600;
/// The session lengths the form offers (STS grants 15 minutes to 12 hours; the role may allow
/// less).
pub const SESSION_LENGTHS: [u32; 6] = [900, 3600, 7200, 14_400, 28_800, 43_200];

/// The session length the form's field asks for: the length chosen, else (empty, or not a
/// number) an hour.
pub fn asked_session_secs(field: &str) -> u32 {
    field.trim().parse().unwrap_or(FALLBACK_SESSION_SECS)
}

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
    /// Whether an STS endpoint of its own is asked for, next to `s3_endpoint`: only for a server
    /// that is not AWS (on AWS, STS is AWS's own, and [`Sts::locate`] ignores the field).
    pub fn asks_endpoint(s3_endpoint: &str) -> bool {
        !matches!(on_aws(s3_endpoint), Ok(true))
    }

    /// A form POST of `pairs` to this endpoint, then the MFA device and code when given.
    pub(crate) fn form<'a>(
        &self,
        mut pairs: Vec<(&'a str, &'a str)>,
        mfa: Option<&Mfa<'a>>,
    ) -> Request {
        if let Some(mfa) = mfa {
            pairs.extend([("SerialNumber", mfa.serial), ("TokenCode", mfa.code)]);
        }
        Request::form(self.url.clone(), &pairs)
    }

    /// On AWS (no S3 endpoint, or an AWS one) the regional endpoint,
    /// `https://sts.REGION.amazonaws.com/` (`.amazonaws.com.cn` in China), whatever STS endpoint
    /// is given (the field is shown only for other servers); elsewhere the STS endpoint given, or
    /// else the S3 endpoint itself (some servers, moto among them, answer STS on the same host).
    pub fn locate(region: &str, s3_endpoint: &str, given: &str) -> Result<Sts, BucketError> {
        let region = match region.trim() {
            "" => DEFAULT_REGION,
            r if is_region(r) => r,
            _ => return Err(BucketError::InvalidRegion),
        };
        let root = |e: Endpoint| format!("{}://{}/", e.scheme, e.authority);
        let on_aws = on_aws(s3_endpoint)?;
        let url = if !on_aws && !given.trim().is_empty() {
            root(Endpoint::parse(given)?)
        } else if on_aws {
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

/// Whether the S3 endpoint is AWS's (none given is AWS); an error when it is not an endpoint.
fn on_aws(s3_endpoint: &str) -> Result<bool, BucketError> {
    let s3 = s3_endpoint.trim();
    Ok(s3.is_empty() || Endpoint::parse(s3)?.is_aws())
}

/// Long-term keys (an IAM user's, or a session's for a chained role) and what the page is to
/// turn them into. They stay in the runner's memory only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assume {
    pub keys: Credentials,
    pub sts: Sts,
    /// The role to assume; `None`: a session of the user's own (`GetSessionToken`).
    pub role: Option<String>,
    /// The role session's name; empty: the IAM user's name, asked of STS.
    pub session_name: String,
    pub duration_secs: u32,
    /// The MFA device's ARN or serial number, when the role asks for a code.
    pub mfa_serial: Option<String>,
    /// The code it shows now (used once: a renewal asks for a fresh one).
    pub mfa_code: Option<String>,
}

/// Temporary keys the page got from STS itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Granted {
    pub credentials: Credentials,
    /// The session asked for was refused as too long: these last one hour.
    pub shortened: bool,
    /// Keys that are themselves a session (a chained role): the role's session is capped at one hour.
    pub chained: bool,
    /// The role session's ARN, when STS named it.
    pub session_arn: Option<String>,
}

/// Asking STS, one request at a time: who the caller is (for the session's name), then the keys;
/// a refused length is asked again for one hour.
#[derive(Debug)]
pub struct Assuming {
    ask: Assume,
    /// The duration asked for in the request out.
    duration_secs: u32,
    shortened: bool,
    /// The clock was corrected once already.
    retimed: bool,
    step: Call,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    Caller,
    Keys,
}

/// What to do next.
#[derive(Debug, PartialEq)]
pub enum Next {
    /// Sign (for STS, with the long-term keys) and send this request.
    Send(Request),
    /// STS said the clock is off, and its `Date` by how much: move the clock that signs by
    /// `offset_ms`, then sign and send `request` again.
    Retime {
        offset_ms: i64,
        request: Request,
    },
    Done(Result<Granted, Failure>),
}

impl Assuming {
    /// Starts with the request to send first.
    pub fn start(ask: Assume) -> (Self, Request) {
        let chained = ask.keys.session_token.is_some();
        let mut duration_secs = session_secs(ask.duration_secs);
        if chained && ask.role.is_some() {
            duration_secs = duration_secs.min(FALLBACK_SESSION_SECS);
        }
        let step = if ask.role.is_some() && ask.session_name.trim().is_empty() {
            Call::Caller
        } else {
            Call::Keys
        };
        let mut flow = Assuming {
            ask,
            duration_secs,
            shortened: false,
            retimed: false,
            step,
        };
        let first = flow.request();
        (flow, first)
    }

    fn request(&mut self) -> Request {
        let sts = &self.ask.sts;
        let mfa = self
            .ask
            .mfa_serial
            .as_deref()
            .zip(self.ask.mfa_code.as_deref())
            .map(|(serial, code)| Mfa {
                serial: serial.trim(),
                code: code.trim(),
            });
        match (self.step, &self.ask.role) {
            (Call::Caller, _) => GetCallerIdentity::new(sts).request(),
            (Call::Keys, Some(role)) => {
                AssumeRole::new(sts, role.trim(), &self.ask.session_name, self.duration_secs)
                    .mfa(mfa)
                    .request()
            }
            (Call::Keys, None) => GetSessionToken::new(sts, self.duration_secs)
                .mfa(mfa)
                .request(),
        }
    }

    /// STS answered the request out with `status` and `body`.
    pub fn answered(&mut self, status: u16, body: &str) -> Next {
        self.answered_at(status, body, None, OffsetDateTime::UNIX_EPOCH)
    }

    /// As [`Assuming::answered`], with the answer's `Date` (if the page could read it) and the
    /// clock the request was signed with: a clock STS calls off is corrected once.
    pub fn answered_at(
        &mut self,
        status: u16,
        body: &str,
        date: Option<&str>,
        signed_at: OffsetDateTime,
    ) -> Next {
        let role = self.ask.role.clone();
        if !(200..300).contains(&status) {
            let failure = classify(status, body, role.as_deref());
            let server = date.and_then(parse_http_time);
            if let (Problem::ClockSkew { .. }, Some(server), false) =
                (&failure.problem, server, self.retimed)
            {
                self.retimed = true;
                let offset = (server - signed_at).whole_milliseconds();
                return Next::Retime {
                    offset_ms: offset.clamp(i64::MIN as i128, i64::MAX as i128) as i64,
                    request: self.request(),
                };
            }
            return match (self.step, &failure.problem) {
                // Who the caller is only names the session: without it, a name of the page's.
                (Call::Caller, _) => self.named(None),
                (Call::Keys, Problem::DurationRefused)
                    if self.duration_secs > FALLBACK_SESSION_SECS =>
                {
                    self.duration_secs = FALLBACK_SESSION_SECS;
                    self.shortened = true;
                    Next::Send(self.request())
                }
                _ => Next::Done(Err(failure)),
            };
        }
        if self.step == Call::Caller {
            let arn = GetCallerIdentity::parse_response(body).map(|c| c.arn);
            return self.named(arn);
        }
        let granted = match role {
            Some(_) => AssumeRole::parse_response(body).map(|a| (a.credentials, a.session_arn)),
            None => GetSessionToken::parse_response(body).map(|c| (c, None)),
        };
        Next::Done(match granted {
            Some((credentials, session_arn)) => Ok(Granted {
                credentials,
                shortened: self.shortened,
                chained: self.ask.keys.session_token.is_some() && role.is_some(),
                session_arn,
            }),
            None => Err(Failure {
                status: Some(status),
                ..Problem::Other.into()
            }),
        })
    }

    /// STS gave no answer (`network`: the browser said only `TypeError`).
    pub fn no_answer(&self, network: bool) -> Failure {
        if network {
            Problem::StsUnreachable {
                url: self.ask.sts.url.clone(),
            }
            .into()
        } else {
            Problem::TimedOut.into()
        }
    }

    fn named(&mut self, caller_arn: Option<String>) -> Next {
        self.ask.session_name = session_name(caller_arn.as_deref().unwrap_or(""));
        self.step = Call::Keys;
        Next::Send(self.request())
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
        // STS words a clock that is off as a signature that expired (or is not yet current).
        "SignatureDoesNotMatch"
            if message.contains("signature expired") || message.contains("not yet current") =>
        {
            Problem::ClockSkew { server_time: None }
        }
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

/// The first role ARN in pasted text (an ini profile's `role_arn = …`, a JSON `"RoleArn"`, a
/// line of a message), if any.
pub fn find_role_arn(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || "\"'=,;{}[]<>()".contains(c))
        .find(|token| is_role_arn(token))
        .map(str::to_owned)
}

/// The session length to ask for: what the user chose, within what STS grants.
pub fn session_secs(wanted: u32) -> u32 {
    wanted.clamp(MIN_SESSION_SECS, MAX_SESSION_SECS)
}

/// What the page does when keys it got from STS are due to be renewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renewal {
    /// Assume the role again with the long-term keys it holds.
    Now,
    /// Ask the user for a fresh MFA code, which must come before the keys expire at `by`.
    AskCode { by: OffsetDateTime },
}

/// When keys issued at `issued`, expiring at `expires_at`, are renewed while the page is open,
/// and how: five minutes before they expire (half their life when shorter); with an MFA device,
/// the user is asked for a fresh code ten minutes before (half their life when shorter), so
/// there is time to type it.
pub fn renewal(
    issued: OffsetDateTime,
    expires_at: OffsetDateTime,
    mfa: bool,
) -> (OffsetDateTime, Renewal) {
    let life: time::Duration = expires_at - issued;
    let before = |most: time::Duration| expires_at - std::cmp::min(life / 2_i32, most);
    if mfa {
        (
            before(time::Duration::minutes(10)),
            Renewal::AskCode { by: expires_at },
        )
    } else {
        (before(time::Duration::minutes(5)), Renewal::Now)
    }
}

/// After a renewal failed at `now`, with the keys in use ending at `expires_at`: when to try
/// again, and how — a minute later (a network blip), or (MFA) by asking for a code again at once;
/// `None` when the keys end within two minutes (the pause-and-resume path takes over).
pub fn renewal_retry(
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
    mfa: bool,
) -> Option<(OffsetDateTime, Renewal)> {
    if expires_at - now <= time::Duration::minutes(2) {
        return None;
    }
    Some(if mfa {
        (now, Renewal::AskCode { by: expires_at })
    } else {
        (now + time::Duration::minutes(1), Renewal::Now)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_session_asked_for_is_the_one_chosen_or_an_hour() {
        assert_eq!(asked_session_secs("7200"), 7200);
        assert_eq!(asked_session_secs(" 900 "), 900);
        assert_eq!(asked_session_secs(""), FALLBACK_SESSION_SECS);
        assert_eq!(asked_session_secs("two hours"), FALLBACK_SESSION_SECS);
        assert!(SESSION_LENGTHS
            .iter()
            .all(|s| (MIN_SESSION_SECS..=MAX_SESSION_SECS).contains(s)));
        assert!(SESSION_LENGTHS.contains(&FALLBACK_SESSION_SECS));
    }

    #[test]
    fn the_sts_field_is_asked_for_exactly_where_it_is_used() {
        for s3 in [
            "",
            "https://s3.eu-west-1.amazonaws.com",
            "https://s3-fips.us-east-1.amazonaws.com",
            "https://s3.dualstack.ap-northeast-2.amazonaws.com",
            "https://s3.cn-north-1.amazonaws.com.cn",
            "http://127.0.0.1:3900",
            "https://minio.example.com",
            "https://files.amazonaws.com.example.org",
        ] {
            let used = Sts::locate("us-east-1", s3, "http://127.0.0.1:5000/").unwrap();
            assert_eq!(
                Sts::asks_endpoint(s3),
                used.url == "http://127.0.0.1:5000/",
                "{s3}"
            );
        }
    }

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
        // A field left from another setup does not send AWS keys elsewhere.
        assert_eq!(
            at("eu-west-1", "", "http://127.0.0.1:5000"),
            "https://sts.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            Sts::locate("us-east-1", "http://127.0.0.1:3900", "ftp://x"),
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
    fn a_role_arn_is_found_in_pasted_text() {
        let ini = "[portal]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\nrole_arn = arn:aws:iam::123456789012:role/leedw416-assume-role-for-s3\n";
        assert_eq!(
            find_role_arn(ini).as_deref(),
            Some("arn:aws:iam::123456789012:role/leedw416-assume-role-for-s3")
        );
        let json = r#"{"AccessKeyId": "AKIA…", "RoleArn":"arn:aws:iam::123456789012:role/r"}"#;
        assert_eq!(
            find_role_arn(json).as_deref(),
            Some("arn:aws:iam::123456789012:role/r")
        );
        assert_eq!(
            find_role_arn("arn:aws:iam::123456789012:user/leedw416"),
            None
        );
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

    fn ask(role: Option<&str>, name: &str, secs: u32) -> Assume {
        Assume {
            keys: Credentials {
                access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
                secret_access_key: "secret".into(),
                session_token: None,
                expires_at: None,
            },
            sts: Sts::locate("us-east-1", "http://127.0.0.1:5000", "").unwrap(),
            role: role.map(str::to_owned),
            session_name: name.into(),
            duration_secs: secs,
            mfa_serial: None,
            mfa_code: None,
        }
    }

    const ROLE: &str = "arn:aws:iam::123456789012:role/leedw416-assume-role-for-s3";
    const KEYS: &str = "<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/leedw416</Arn></AssumedRoleUser><Credentials><AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2026-11-30T13:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";

    fn param<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
        request
            .body
            .split('&')
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
    }

    #[test]
    fn the_session_is_named_after_the_caller_then_the_role_is_assumed() {
        let (mut flow, first) = Assuming::start(ask(Some(ROLE), "", 3600));
        assert_eq!(param(&first, "Action"), Some("GetCallerIdentity"));
        let caller = "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/leedw416</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>";
        let Next::Send(assume) = flow.answered(200, caller) else {
            panic!("the role comes next")
        };
        assert_eq!(param(&assume, "Action"), Some("AssumeRole"));
        assert_eq!(param(&assume, "RoleSessionName"), Some("leedw416"));
        assert_eq!(param(&assume, "DurationSeconds"), Some("3600"));
        let Next::Done(Ok(granted)) = flow.answered(200, KEYS) else {
            panic!("keys")
        };
        assert_eq!(granted.credentials.access_key_id, "ASIAX");
        assert!(!granted.shortened && !granted.chained);
        assert_eq!(
            granted.session_arn.as_deref(),
            Some("arn:aws:sts::123456789012:assumed-role/r/leedw416")
        );
    }

    #[test]
    fn a_caller_sts_will_not_name_still_gets_a_session_name() {
        let (mut flow, _) = Assuming::start(ask(Some(ROLE), "", 3600));
        let Next::Send(assume) = flow.answered(
            403,
            "<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>",
        ) else {
            panic!("the role comes next")
        };
        assert_eq!(param(&assume, "RoleSessionName"), Some("bucket-portal"));
    }

    #[test]
    fn a_refused_length_is_asked_again_for_one_hour_and_said() {
        let (mut flow, first) = Assuming::start(ask(Some(ROLE), "me", 43_200));
        assert_eq!(param(&first, "DurationSeconds"), Some("43200"));
        let refused = "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>The requested DurationSeconds exceeds the MaxSessionDuration set for this role.</Message></Error></ErrorResponse>";
        let Next::Send(again) = flow.answered(400, refused) else {
            panic!("asked again")
        };
        assert_eq!(param(&again, "DurationSeconds"), Some("3600"));
        let Next::Done(Ok(granted)) = flow.answered(200, KEYS) else {
            panic!("keys")
        };
        assert!(granted.shortened);
        // One hour refused too: that is the answer.
        let (mut flow, _) = Assuming::start(ask(Some(ROLE), "me", 3600));
        assert!(matches!(
            flow.answered(400, refused),
            Next::Done(Err(Failure {
                problem: Problem::DurationRefused,
                ..
            }))
        ));
    }

    #[test]
    fn a_chained_role_is_capped_at_one_hour_and_mfa_goes_with_the_request() {
        let mut chained = ask(Some(ROLE), "me", 28_800);
        chained.keys.session_token = Some("token".into());
        chained.mfa_serial = Some(" arn:aws:iam::123456789012:mfa/me ".into());
        chained.mfa_code = Some("123456 ".into());
        let (mut flow, first) = Assuming::start(chained);
        assert_eq!(param(&first, "DurationSeconds"), Some("3600"));
        assert_eq!(param(&first, "TokenCode"), Some("123456"));
        assert_eq!(
            param(&first, "SerialNumber"),
            Some("arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fme")
        );
        let Next::Done(Ok(granted)) = flow.answered(200, KEYS) else {
            panic!("keys")
        };
        assert!(granted.chained);
    }

    #[test]
    fn without_a_role_the_user_gets_a_session_of_their_own() {
        let (mut flow, first) = Assuming::start(ask(None, "", 900));
        assert_eq!(param(&first, "Action"), Some("GetSessionToken"));
        let body = KEYS
            .replace("AssumeRoleResponse", "GetSessionTokenResponse")
            .replace("AssumeRoleResult", "GetSessionTokenResult");
        assert!(matches!(flow.answered(200, &body), Next::Done(Ok(_))));
        let (flow, _) = Assuming::start(ask(Some(ROLE), "me", 900));
        assert_eq!(
            flow.no_answer(true).problem,
            Problem::StsUnreachable {
                url: "http://127.0.0.1:5000/".into()
            }
        );
        assert_eq!(flow.no_answer(false).problem, Problem::TimedOut);
    }

    #[test]
    fn a_clock_sts_calls_off_is_corrected_once_from_its_date() {
        let (mut flow, _) = Assuming::start(ask(Some(ROLE), "me", 3600));
        let expired = "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature expired: 20261130T113000Z is now earlier than 20261130T114500Z (20261130T120000Z - 15 min.)</Message></Error></ErrorResponse>";
        let signed_at = datetime!(2026-11-30 11:30 UTC);
        let Next::Retime { offset_ms, request } = flow.answered_at(
            403,
            expired,
            Some("Mon, 30 Nov 2026 12:00:00 GMT"),
            signed_at,
        ) else {
            panic!("retimed")
        };
        assert_eq!(offset_ms, 30 * 60 * 1000);
        assert_eq!(param(&request, "Action"), Some("AssumeRole"));
        // Off again: told, with what to do.
        let Next::Done(Err(failure)) = flow.answered_at(
            403,
            expired,
            Some("Mon, 30 Nov 2026 12:00:00 GMT"),
            signed_at,
        ) else {
            panic!("done")
        };
        assert!(matches!(failure.problem, Problem::ClockSkew { .. }));
        // Without a Date it cannot be corrected, only told.
        let (mut flow, _) = Assuming::start(ask(Some(ROLE), "me", 3600));
        assert!(matches!(
            flow.answered_at(403, expired, None, signed_at),
            Next::Done(Err(Failure {
                problem: Problem::ClockSkew { .. },
                ..
            }))
        ));
    }

    #[test]
    fn a_role_refused_is_done_with_its_name() {
        let (mut flow, _) = Assuming::start(ask(Some(ROLE), "me", 900));
        let Next::Done(Err(failure)) = flow.answered(403, "<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>not authorized to perform: sts:AssumeRole</Message></Error></Errors></ErrorResponse>") else {
            panic!("done")
        };
        assert_eq!(failure.problem, Problem::RoleRefused { role: ROLE.into() });
    }

    #[test]
    fn keys_are_renewed_five_minutes_before_or_at_half_a_short_life() {
        let t = datetime!(2026-11-30 12:00 UTC);
        let hour = t + time::Duration::hours(1);
        assert_eq!(
            renewal(t, hour, false),
            (t + time::Duration::minutes(55), Renewal::Now)
        );
        assert_eq!(
            renewal(t, t + time::Duration::minutes(6), false).0,
            t + time::Duration::minutes(3)
        );
        // With MFA the code is asked for ten minutes before, and may come until the keys end.
        assert_eq!(
            renewal(t, hour, true),
            (
                t + time::Duration::minutes(50),
                Renewal::AskCode { by: hour }
            )
        );
        assert_eq!(
            renewal(t, t + time::Duration::minutes(15), true).0,
            t + time::Duration::seconds(450)
        );
        // A renewal that failed is tried again while there is time.
        let end = t + time::Duration::minutes(5);
        assert_eq!(
            renewal_retry(t, end, false),
            Some((t + time::Duration::minutes(1), Renewal::Now))
        );
        assert_eq!(
            renewal_retry(t, end, true),
            Some((t, Renewal::AskCode { by: end }))
        );
        assert_eq!(
            renewal_retry(t, t + time::Duration::minutes(2), false),
            None
        );
        assert_eq!(session_secs(60), MIN_SESSION_SECS);
        assert_eq!(session_secs(86_400), MAX_SESSION_SECS);
    }
}
