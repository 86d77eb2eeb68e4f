//! The one place requests are signed: SigV4 through aws-sigv4, for S3 or STS, query or header form, time passed in.

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
    SignatureLocation, SigningInstructions, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use super::bucket::encode;
use super::credentials::Credentials;

/// The longest a SigV4 presigned URL may live.
pub const MAX_PRESIGN: Duration = Duration::from_secs(7 * 24 * 3600);

/// The longest request URL the signer takes, with room for the signature's own query (the
/// `http` crate's URIs hold at most 65,534 bytes; S3 itself allows keys of 1,024).
pub const MAX_URL_BYTES: usize = 60_000;

/// An unsigned request: method, URL without query, raw query pairs, extra headers and a body
/// (an STS form; empty for S3's GETs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn get(url: String) -> Self {
        Request {
            method: "GET",
            url,
            query: Vec::new(),
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// A form `POST` (the AWS query protocol STS speaks): `pairs` strictly encoded in the body.
    pub fn form(url: String, pairs: &[(&str, &str)]) -> Self {
        let body: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        Request {
            method: "POST",
            url,
            query: Vec::new(),
            headers: vec![(
                "content-type".to_owned(),
                "application/x-www-form-urlencoded; charset=utf-8".to_owned(),
            )],
            body: body.join("&"),
        }
    }

    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The URL with its query strictly encoded.
    /// Whether the URL is too long to be signed (a key far longer than S3 allows, from another
    /// server).
    pub fn too_long(&self) -> bool {
        self.full_url().len() > MAX_URL_BYTES
    }

    pub fn full_url(&self) -> String {
        with_query(
            &self.url,
            self.query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }
}

fn with_query<'a>(url: &str, pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let query: Vec<String> = pairs
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if query.is_empty() {
        url.to_owned()
    } else {
        format!("{url}?{}", query.join("&"))
    }
}

/// A request whose signature is in its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderSigned {
    pub url: String,
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not sign the request: {0}")]
pub struct SigningError(String);

fn params<'a>(
    identity: &'a Identity,
    region: &'a str,
    name: &'a str,
    time: SystemTime,
    settings: SigningSettings,
) -> Result<aws_sigv4::http_request::SigningParams<'a>, SigningError> {
    Ok(v4::SigningParams::builder()
        .identity(identity)
        .region(region)
        .name(name)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| SigningError(e.to_string()))?
        .into())
}

fn s3_settings() -> SigningSettings {
    let mut settings = SigningSettings::default();
    // S3 paths are encoded once and never normalised: `a//b` and `./` are real keys.
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings
}

fn identity(creds: &Credentials) -> Identity {
    aws_credential_types::Credentials::new(
        &creds.access_key_id,
        &creds.secret_access_key,
        creds.session_token.clone(),
        None,
        "bucket-portal",
    )
    .into()
}

/// The AWS service a request is signed for: its name in the signature, and its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Paths signed as they are (never normalised), the payload's hash in a header.
    S3,
    /// The security token service: the standard rules, the form body's hash signed.
    Sts,
}

/// Signs requests with one set of keys, for one region, at one time (passed in, never read here).
#[derive(Debug, Clone, Copy)]
pub struct Signer<'a> {
    creds: &'a Credentials,
    region: &'a str,
    service: Service,
    time: SystemTime,
}

impl<'a> Signer<'a> {
    /// Signs for S3.
    pub fn new(creds: &'a Credentials, region: &'a str, time: SystemTime) -> Self {
        Signer {
            creds,
            region,
            service: Service::S3,
            time,
        }
    }

    /// Signs for STS (`AssumeRole`, `GetSessionToken`, `GetCallerIdentity`).
    pub fn sts(creds: &'a Credentials, region: &'a str, time: SystemTime) -> Self {
        Signer {
            service: Service::Sts,
            ..Signer::new(creds, region, time)
        }
    }

    /// The signing settings of the service.
    fn settings(&self) -> SigningSettings {
        match self.service {
            Service::S3 => s3_settings(),
            Service::Sts => SigningSettings::default(),
        }
    }

    /// Presigns a request: the signature and session token travel in the query, so a browser GET
    /// with no custom headers stays a CORS simple request. Returns the URL to fetch.
    pub fn presign(&self, request: &Request, expires_in: Duration) -> Result<String, SigningError> {
        let mut settings = self.settings();
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(expires_in.clamp(Duration::from_secs(1), MAX_PRESIGN));
        let signed = self.instructions(request, settings, SignableBody::UnsignedPayload)?;
        let mut pairs: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.extend(signed.params().iter().map(|(k, v)| (*k, v.as_ref())));
        Ok(with_query(&request.url, pairs.into_iter()))
    }

    /// Signs a request in its headers (`Authorization`, `x-amz-date`, `x-amz-security-token`;
    /// for S3 also `x-amz-content-sha256`), for callers that must send headers anyway.
    pub fn sign_headers(&self, request: &Request) -> Result<HeaderSigned, SigningError> {
        let mut settings = self.settings();
        if self.service == Service::S3 {
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        let body = SignableBody::Bytes(request.body.as_bytes());
        let signed = self.instructions(request, settings, body)?;
        let mut headers = request.headers.clone();
        headers.extend(signed.headers().map(|(k, v)| (k.to_owned(), v.to_owned())));
        Ok(HeaderSigned {
            url: request.full_url(),
            headers,
        })
    }

    /// Runs aws-sigv4 over `request`; the instructions say what to add to it.
    fn instructions(
        &self,
        request: &Request,
        settings: SigningSettings,
        body: SignableBody<'_>,
    ) -> Result<SigningInstructions, SigningError> {
        let identity = identity(self.creds);
        let name = match self.service {
            Service::S3 => "s3",
            Service::Sts => "sts",
        };
        let params = params(&identity, self.region, name, self.time, settings)?;
        let url = request.full_url();
        let headers = request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        let signable = SignableRequest::new(request.method, &url, headers, body)
            .map_err(|e| SigningError(e.to_string()))?;
        let (instructions, _) = sign(signable, &params)
            .map_err(|e| SigningError(e.to_string()))?
            .into_parts();
        Ok(instructions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bucket::{Addressing, Bucket};
    use std::time::UNIX_EPOCH;

    /// 2013-05-24T00:00:00Z, the time of AWS's published S3 examples.
    fn example_time() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_369_353_600)
    }

    fn example_creds() -> Credentials {
        Credentials {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            session_token: None,
            expires_at: None,
        }
    }

    fn example_bucket() -> Bucket {
        Bucket::new("examplebucket", "us-east-1", "", Addressing::Auto).unwrap()
    }

    fn header<'a>(signed: &'a HeaderSigned, name: &str) -> &'a str {
        signed
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .unwrap()
    }

    #[test]
    fn aws_published_presigned_url_example() {
        // "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", example GET.
        let bucket = Bucket {
            region: None,
            ..example_bucket()
        };
        let request = Request::get(bucket.object_url("test.txt"));
        let url = Signer::new(&example_creds(), "us-east-1", example_time())
            .presign(&request, Duration::from_secs(86400))
            .unwrap();
        assert_eq!(
            url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
             &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
             &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        );
    }

    #[test]
    fn aws_published_header_signed_get_object_example() {
        // "Signature Calculations for the Authorization Header", example GET Object with Range.
        let bucket = Bucket {
            region: None,
            ..example_bucket()
        };
        let mut request = Request::get(bucket.object_url("test.txt"));
        request.headers.push(("range".into(), "bytes=0-9".into()));
        let signed = Signer::new(&example_creds(), "us-east-1", example_time())
            .sign_headers(&request)
            .unwrap();
        assert_eq!(
            header(&signed, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
        assert_eq!(
            header(&signed, "x-amz-content-sha256"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn aws_published_header_signed_list_objects_example() {
        // Same page, example GET Bucket (List Objects) with max-keys and prefix.
        let bucket = Bucket {
            region: None,
            ..example_bucket()
        };
        let request = Request::get(bucket.bucket_url())
            .query("max-keys", "2")
            .query("prefix", "J");
        let signed = Signer::new(&example_creds(), "us-east-1", example_time())
            .sign_headers(&request)
            .unwrap();
        assert!(header(&signed, "authorization").ends_with(
            "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
        ));
    }

    #[test]
    fn session_token_is_signed_into_presigned_urls_and_headers() {
        let creds = Credentials {
            session_token: Some("token/with+chars=".into()),
            ..example_creds()
        };
        let request = Request::get(example_bucket().object_url("a"));
        let url = Signer::new(&creds, "us-east-1", example_time())
            .presign(&request, Duration::from_secs(60))
            .unwrap();
        assert!(
            url.contains("X-Amz-Security-Token=token%2Fwith%2Bchars%3D"),
            "{url}"
        );
        let signed = Signer::new(&creds, "us-east-1", example_time())
            .sign_headers(&request)
            .unwrap();
        assert_eq!(header(&signed, "x-amz-security-token"), "token/with+chars=");
        assert!(header(&signed, "authorization").contains("x-amz-security-token"));
    }

    #[test]
    fn presign_lifetime_is_clamped_to_sigv4_limits() {
        let request = Request::get(example_bucket().object_url("a"));
        let url = Signer::new(&example_creds(), "us-east-1", example_time())
            .presign(&request, Duration::from_secs(30 * 86400))
            .unwrap();
        assert!(url.contains("X-Amz-Expires=604800"));
    }
}
