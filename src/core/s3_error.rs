//! AWS's XML error bodies — S3's `<Error><Code>…`, STS's `<ErrorResponse><Error>…` (moto: `<ErrorResponse><Errors><Error>…`) — read into the fields a fix needs.

use serde::Deserialize;

/// What S3 said went wrong. Every field but `code` is optional: servers differ.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct S3Error {
    pub code: String,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// The bucket's region, in wrong-region answers.
    pub region: Option<String>,
    /// The endpoint to use instead, in `PermanentRedirect`.
    pub endpoint: Option<String>,
    /// S3's clock, in clock-skew and expired-URL answers.
    pub server_time: Option<String>,
}

/// The AWS query protocol's wrapper (STS): the error inside (or inside `Errors`, as moto and
/// EC2 write it), the request ID beside it.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorResponse {
    error: Option<S3Error>,
    errors: Option<Errors>,
    request_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Errors {
    error: S3Error,
}

/// Reads an error body; `None` when there is none or it is not AWS's XML.
pub fn parse(body: &str) -> Option<S3Error> {
    let body = body.trim_start_matches('\u{feff}').trim();
    if !body.starts_with('<') {
        return None;
    }
    quick_xml::de::from_str::<S3Error>(body)
        .ok()
        .or_else(|| {
            let wrapped = quick_xml::de::from_str::<ErrorResponse>(body).ok()?;
            let error = wrapped.error.or(wrapped.errors.map(|e| e.error))?;
            Some(S3Error {
                request_id: error.request_id.clone().or(wrapped.request_id),
                ..error
            })
        })
        .filter(|e| !e.code.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_wrong_region_answer() {
        let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AuthorizationQueryParametersError</Code><Message>Error parsing the X-Amz-Credential parameter; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region><RequestId>7WF3BFA1KD0RGQ2R</RequestId><HostId>abc=</HostId></Error>"#;
        let e = parse(body).unwrap();
        assert_eq!(e.code, "AuthorizationQueryParametersError");
        assert_eq!(e.region.as_deref(), Some("eu-west-1"));
        assert_eq!(e.request_id.as_deref(), Some("7WF3BFA1KD0RGQ2R"));
    }

    #[test]
    fn reads_skew_and_redirect_answers() {
        let skew = "<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>20261128T120000Z</RequestTime><ServerTime>2026-11-28T12:20:00Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds></Error>";
        assert_eq!(
            parse(skew).unwrap().server_time.as_deref(),
            Some("2026-11-28T12:20:00Z")
        );
        let redirect = "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>b</Bucket></Error>";
        assert_eq!(
            parse(redirect).unwrap().endpoint.as_deref(),
            Some("b.s3.eu-west-1.amazonaws.com")
        );
    }

    #[test]
    fn reads_sts_wrapped_errors() {
        let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/leedw416 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/other</Message>
  </Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ErrorResponse>"#;
        let e = parse(body).unwrap();
        assert_eq!(e.code, "AccessDenied");
        assert!(e.message.unwrap().contains("sts:AssumeRole"));
        assert_eq!(
            e.request_id.as_deref(),
            Some("c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        );
        // moto's form, as it answered a role the user may not assume.
        let moto = r#"<?xml version="1.0" encoding="utf-8"?>
<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/leedw416 is not authorized to perform: sts:AssumeRole</Message><Type>Sender</Type></Error></Errors></ErrorResponse>"#;
        assert_eq!(parse(moto).unwrap().code, "AccessDenied");
    }

    #[test]
    fn not_xml_is_none() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("<html><body>502 Bad Gateway</body></html>"), None);
        assert_eq!(parse("Internal error"), None);
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_body_never_panics(body in any::<String>()) {
                let _ = parse(&body);
            }

            #[test]
            fn xml_like_bodies_never_panic(body in r#"(<Error>|</Error>|<Code>|</Code>|<Message>|</Message>|<Region>|</Region>|&lt;|&#x0;|&#1114112;|<!--|-->|<\?xml\?>|[A-Za-z ]{0,6})*"#) {
                let _ = parse(&body);
            }
        }
    }
}
