//! Turns what a failed S3 request gave back (status, XML body, headers, or no answer) into a Problem.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

use super::bucket::{is_region, region_from_endpoint};
use super::s3_error::{self, S3Error};

/// What went wrong, in the terms the user's next step depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// No answer before anything worked against this bucket: CORS is not set up, or the network is down.
    CorsOrNetwork,
    /// No answer after earlier requests worked: the connection dropped.
    ConnectionDropped,
    /// The server did not answer in time (no whole answer before the deadline, or no byte of a
    /// body for too long).
    TimedOut,
    /// An answer the page must read whole was larger than it accepts.
    TooLarge,
    /// The server's answer to a listing request is not a listing the page can read (not XML, or
    /// XML that is not a `ListBucketResult`: a DTD's entities, a missing key).
    NotAListing,
    /// The key is too long for the page to ask the server for it (a server other than S3 let it
    /// be made).
    KeyTooLong,
    /// The file is larger than the page previews (`cap` bytes): download it instead.
    TooLargeToPreview {
        cap: u64,
    },
    /// The server's listing does not end: a continuation token repeated or missing, or page after
    /// page came back empty.
    BrokenListing,
    AccessDenied,
    /// The session (or a Garage key) has expired.
    KeysExpired,
    /// The session token is wrong or was changed.
    InvalidToken,
    /// The server does not know this access key ID.
    InvalidAccessKeyId,
    /// The secret was pasted wrong.
    SignatureDoesNotMatch,
    NoSuchBucket,
    NoSuchKey,
    /// The bucket lives in another region; S3 named it.
    WrongRegion {
        region: String,
    },
    /// Our clock differs from S3's; `server_time` is S3's clock when it said so.
    ClockSkew {
        server_time: Option<OffsetDateTime>,
    },
    /// The object is archived (Glacier / Deep Archive) and must be restored first.
    ArchivedObject,
    /// The object is encrypted with a KMS key the role may not use.
    KmsDenied,
    /// S3 asks to slow down (503 SlowDown).
    SlowDown,
    /// S3 failed on its side (5xx).
    ServerError,
    /// The object changed on the server while its bytes were streaming to the download manager
    /// (which cannot take them back): the download was stopped.
    ChangedMidDownload,
    /// This computer could not write the file (disk full, folder gone, permission taken back).
    SaveFailed,
    /// The user stopped the download in the browser's download manager.
    StoppedInBrowser,
    /// The browser never took a download streamed from the page (its download manager did not
    /// ask the page's service worker for it): nothing was saved.
    DownloadNotTaken,
    /// A ZIP stopped at an earlier file, so this one is not in it.
    NotInZip,
    /// The page's download engine (its worker) stopped or could not start.
    EngineStopped,
    /// The page and its download engine come from different versions (one was cached).
    EngineOutdated,
    /// STS refused to let these keys assume `role` (or there is no such role: AWS says the same).
    RoleRefused {
        role: String,
    },
    /// The role needs an MFA code, or the code given was wrong or used already.
    MfaFailed,
    /// The session asked for is longer than the role allows.
    DurationRefused,
    /// STS is switched off in this region for the account.
    StsRegionDisabled,
    /// STS at `url` gave the page no answer (it does not allow this page's origin, or the
    /// network is down).
    StsUnreachable {
        url: String,
    },
    /// Anything else, told with S3's own code and message.
    Other,
}

/// A failed request: the problem and the details behind the "Details" toggle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub problem: Problem,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
}

impl From<Problem> for Failure {
    /// A failure with no details from S3.
    fn from(problem: Problem) -> Self {
        Failure {
            problem,
            status: None,
            code: None,
            message: None,
            request_id: None,
        }
    }
}

impl Failure {
    /// A fetch that got no answer at all (`TypeError` in the browser).
    pub fn no_answer(had_success: bool) -> Self {
        if had_success {
            Problem::ConnectionDropped.into()
        } else {
            Problem::CorsOrNetwork.into()
        }
    }

    /// This computer could not write what came (told with the browser's words).
    pub fn save(message: String) -> Self {
        Failure {
            message: Some(message),
            ..Problem::SaveFailed.into()
        }
    }

    /// A failure that is ours, not S3's (e.g. signing), told with a message.
    pub fn local(message: String) -> Self {
        Failure {
            message: Some(message),
            ..Problem::Other.into()
        }
    }
}

/// The response headers classification reads (those the CORS rule exposes).
#[derive(Debug, Clone, Default)]
pub struct ResponseHints<'a> {
    pub bucket_region: Option<&'a str>,
    pub date: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

/// Reads a failed answer (status, body, exposed headers) into a Failure.
pub fn classify(status: u16, body: &str, hints: &ResponseHints<'_>) -> Failure {
    let error = s3_error::parse(body).unwrap_or_default();
    let problem = problem_of(status, &error, hints);
    Failure {
        problem,
        status: Some(status),
        code: (!error.code.is_empty()).then(|| error.code.clone()),
        message: error.message.clone(),
        request_id: error
            .request_id
            .clone()
            .or_else(|| hints.request_id.map(str::to_owned)),
    }
}

fn problem_of(status: u16, error: &S3Error, hints: &ResponseHints<'_>) -> Problem {
    let message = error.message.as_deref().unwrap_or("").to_ascii_lowercase();
    let server_time = || {
        error
            .server_time
            .as_deref()
            .and_then(parse_http_time)
            .or_else(|| hints.date.and_then(parse_http_time))
    };
    let named_region = || {
        error
            .region
            .clone()
            .or_else(|| error.endpoint.as_deref().and_then(region_from_endpoint))
            .or_else(|| hints.bucket_region.map(str::to_owned))
            // Checked like a typed one: it goes into a host name.
            .filter(|r| is_region(r))
    };
    match error.code.as_str() {
        "ExpiredToken" | "TokenRefreshRequired" => Problem::KeysExpired,
        "InvalidToken" => Problem::InvalidToken,
        "InvalidAccessKeyId" => Problem::InvalidAccessKeyId,
        "SignatureDoesNotMatch" => Problem::SignatureDoesNotMatch,
        "NoSuchBucket" => Problem::NoSuchBucket,
        "NoSuchKey" => Problem::NoSuchKey,
        "InvalidObjectState" => Problem::ArchivedObject,
        "RequestTimeTooSkewed" => Problem::ClockSkew {
            server_time: server_time(),
        },
        "SlowDown" => Problem::SlowDown,
        "AuthorizationQueryParametersError"
        | "AuthorizationHeaderMalformed"
        | "PermanentRedirect"
        | "IllegalLocationConstraintException" => match named_region() {
            Some(region) => Problem::WrongRegion { region },
            None => Problem::Other,
        },
        code if code.starts_with("KMS.") => Problem::KmsDenied,
        // Garage: 400 InvalidRequest "Bad request: Date is too old" for a URL signed long before its clock.
        _ if message.contains("date is too old") || message.contains("too skewed") => {
            Problem::ClockSkew {
                server_time: server_time(),
            }
        }
        "AccessDenied" | "Forbidden" => {
            if message.contains("request has expired") || message.contains("not yet valid") {
                // Every URL is signed just before it is used, so this is our clock, not the URL.
                Problem::ClockSkew {
                    server_time: server_time(),
                }
            } else if message.contains("kms") {
                Problem::KmsDenied
            } else if message.contains("has expired") {
                // Garage: "Access key … has expired".
                Problem::KeysExpired
            } else if message.contains("invalid signature") {
                // Garage's word for a wrong secret.
                Problem::SignatureDoesNotMatch
            } else if message.contains("no such key") || message.contains("unknown access key") {
                Problem::InvalidAccessKeyId
            } else {
                Problem::AccessDenied
            }
        }
        _ => match status {
            301 | 307 => {
                named_region().map_or(Problem::Other, |region| Problem::WrongRegion { region })
            }
            403 => Problem::AccessDenied,
            503 => Problem::SlowDown,
            500..=599 => Problem::ServerError,
            _ => Problem::Other,
        },
    }
}

/// Reads S3's clock from `<ServerTime>` (RFC 3339) or a `Date` header (RFC 2822).
pub fn parse_http_time(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(text, &Rfc2822))
        .or_else(|_| OffsetDateTime::parse(&text.replace("GMT", "+0000"), &Rfc2822))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn xml(code: &str, message: &str, extra: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>{extra}<RequestId>REQ1</RequestId></Error>")
    }

    fn problem(status: u16, body: &str) -> Problem {
        classify(status, body, &ResponseHints::default()).problem
    }

    #[test]
    fn each_code_maps_to_its_problem() {
        assert_eq!(
            problem(403, &xml("AccessDenied", "Access Denied", "")),
            Problem::AccessDenied
        );
        assert_eq!(
            problem(
                400,
                &xml("ExpiredToken", "The provided token has expired.", "")
            ),
            Problem::KeysExpired
        );
        assert_eq!(
            problem(
                400,
                &xml(
                    "InvalidToken",
                    "The provided token is malformed or otherwise invalid.",
                    ""
                )
            ),
            Problem::InvalidToken
        );
        assert_eq!(
            problem(
                403,
                &xml(
                    "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.",
                    ""
                )
            ),
            Problem::InvalidAccessKeyId
        );
        assert_eq!(
            problem(
                403,
                &xml(
                    "SignatureDoesNotMatch",
                    "The request signature we calculated does not match",
                    ""
                )
            ),
            Problem::SignatureDoesNotMatch
        );
        assert_eq!(
            problem(
                404,
                &xml("NoSuchBucket", "The specified bucket does not exist", "")
            ),
            Problem::NoSuchBucket
        );
        assert_eq!(
            problem(
                404,
                &xml("NoSuchKey", "The specified key does not exist.", "")
            ),
            Problem::NoSuchKey
        );
        assert_eq!(
            problem(
                403,
                &xml(
                    "InvalidObjectState",
                    "The operation is not valid for the object's storage class",
                    ""
                )
            ),
            Problem::ArchivedObject
        );
        assert_eq!(
            problem(400, &xml("KMS.DisabledException", "x", "")),
            Problem::KmsDenied
        );
        assert_eq!(
            problem(
                403,
                &xml(
                    "AccessDenied",
                    "User is not authorized to perform: kms:Decrypt on resource",
                    ""
                )
            ),
            Problem::KmsDenied
        );
        assert_eq!(
            problem(
                503,
                &xml("SlowDown", "Please reduce your request rate.", "")
            ),
            Problem::SlowDown
        );
        assert_eq!(
            problem(
                500,
                &xml("InternalError", "We encountered an internal error.", "")
            ),
            Problem::ServerError
        );
        assert_eq!(
            problem(502, "<html>bad gateway</html>"),
            Problem::ServerError
        );
        assert_eq!(problem(418, ""), Problem::Other);
    }

    #[test]
    fn garage_messages_are_read_too() {
        assert_eq!(
            problem(
                403,
                &xml("AccessDenied", "Forbidden: Invalid signature", "")
            ),
            Problem::SignatureDoesNotMatch
        );
        assert_eq!(
            problem(
                403,
                &xml(
                    "AccessDenied",
                    "Forbidden: Access key GK31c2 has expired",
                    ""
                )
            ),
            Problem::KeysExpired
        );
    }

    #[test]
    fn a_region_named_by_a_server_is_checked_like_a_typed_one() {
        for bad in ["evil.example.com", "a/b", "", "-x", &"r".repeat(40)] {
            let body = xml(
                "PermanentRedirect",
                "use another endpoint",
                &format!("<Region>{bad}</Region>"),
            );
            assert_eq!(problem(301, &body), Problem::Other, "{bad:?}");
        }
    }

    #[test]
    fn wrong_region_in_every_form() {
        let want = Problem::WrongRegion {
            region: "eu-west-1".into(),
        };
        assert_eq!(
            problem(
                400,
                &xml(
                    "AuthorizationQueryParametersError",
                    "the region 'us-east-1' is wrong",
                    "<Region>eu-west-1</Region>"
                )
            ),
            want
        );
        assert_eq!(
            problem(
                400,
                &xml(
                    "AuthorizationHeaderMalformed",
                    "the region 'us-east-1' is wrong",
                    "<Region>eu-west-1</Region>"
                )
            ),
            want
        );
        assert_eq!(
            problem(
                301,
                &xml(
                    "PermanentRedirect",
                    "use the endpoint",
                    "<Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint>"
                )
            ),
            want
        );
        let hints = ResponseHints {
            bucket_region: Some("eu-west-1"),
            ..Default::default()
        };
        assert_eq!(classify(301, "", &hints).problem, want);
        assert_eq!(
            problem(400, &xml("AuthorizationHeaderMalformed", "bad", "")),
            Problem::Other
        );
    }

    #[test]
    fn clock_skew_with_server_time_from_body_or_date_header() {
        let body = xml(
            "RequestTimeTooSkewed",
            "too large",
            "<ServerTime>2026-11-28T12:20:00Z</ServerTime>",
        );
        assert_eq!(
            problem(403, &body),
            Problem::ClockSkew {
                server_time: Some(datetime!(2026-11-28 12:20:00 UTC))
            }
        );
        let expired = xml(
            "AccessDenied",
            "Request has expired",
            "<Expires>2026-11-28T12:00:00Z</Expires><ServerTime>2026-11-28T13:00:00Z</ServerTime>",
        );
        assert_eq!(
            problem(403, &expired),
            Problem::ClockSkew {
                server_time: Some(datetime!(2026-11-28 13:00:00 UTC))
            }
        );
        let hints = ResponseHints {
            date: Some("Sat, 28 Nov 2026 12:30:00 GMT"),
            ..Default::default()
        };
        let not_yet = classify(
            403,
            &xml("AccessDenied", "Request is not yet valid", ""),
            &hints,
        );
        assert_eq!(
            not_yet.problem,
            Problem::ClockSkew {
                server_time: Some(datetime!(2026-11-28 12:30:00 UTC))
            }
        );
    }

    #[test]
    fn garage_old_dates_are_clock_skew_read_from_the_date_header() {
        let hints = ResponseHints {
            date: Some("Sat, 28 Nov 2026 18:52:18 GMT"),
            ..Default::default()
        };
        let body = xml(
            "InvalidRequest",
            "Bad request: Date is too old",
            "<Region>us-east-1</Region>",
        );
        assert_eq!(
            classify(400, &body, &hints).problem,
            Problem::ClockSkew {
                server_time: Some(datetime!(2026-11-28 18:52:18 UTC))
            }
        );
    }

    #[test]
    fn details_are_kept() {
        let f = classify(
            403,
            &xml("AccessDenied", "Access Denied", ""),
            &ResponseHints::default(),
        );
        assert_eq!(f.code.as_deref(), Some("AccessDenied"));
        assert_eq!(f.request_id.as_deref(), Some("REQ1"));
        assert_eq!(f.status, Some(403));
        let hints = ResponseHints {
            request_id: Some("HDR"),
            ..Default::default()
        };
        assert_eq!(classify(500, "", &hints).request_id.as_deref(), Some("HDR"));
    }

    #[test]
    fn no_answer_means_cors_first_then_a_dropped_connection() {
        assert_eq!(Failure::no_answer(false).problem, Problem::CorsOrNetwork);
        assert_eq!(Failure::no_answer(true).problem, Problem::ConnectionDropped);
    }
}
