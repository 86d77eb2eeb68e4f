//! Cross-checks core's SigV4 against botocore (the AWS CLI's signer) on vectors from tests/tools/botocore_vectors.py.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use bucket_portal::core::actions::{
    AssumeRole, GetCallerIdentity, GetObject, GetSessionToken, ListObjectsV2,
};
use bucket_portal::core::bucket::{Addressing, Bucket};
use bucket_portal::core::credentials::Credentials;
use bucket_portal::core::signing::Signer;
use bucket_portal::core::sts::{Mfa, Sts};
use percent_encoding::percent_decode_str;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn vectors() -> Value {
    // The test command regenerates the vectors with the installed botocore; the committed copy is the fallback.
    let path = std::env::var("BOTOCORE_VECTORS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/botocore_vectors.json"
        )
        .to_owned()
    });
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .unwrap()
}

/// The path and the decoded query pairs of a URL, order-free.
fn split(url: &str) -> (String, BTreeMap<String, String>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let decode = |s: &str| percent_decode_str(s).decode_utf8().unwrap().into_owned();
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    (path.to_owned(), pairs)
}

#[test]
fn signatures_match_botocore() {
    let doc = vectors();
    let time: SystemTime = OffsetDateTime::parse(doc["time"].as_str().unwrap(), &Rfc3339)
        .unwrap()
        .into();
    let vectors = doc["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 40, "expected the full vector set");
    let sts = vectors.iter().filter(|v| v["kind"] == "sts").count();
    assert!(sts >= 20, "expected the STS vectors too: {sts}");
    for v in vectors {
        let s = |k: &str| v[k].as_str().unwrap_or("").to_owned();
        let creds = Credentials {
            access_key_id: doc["access_key_id"].as_str().unwrap().into(),
            secret_access_key: doc["secret_access_key"].as_str().unwrap().into(),
            session_token: v["session_token"].as_str().map(str::to_owned),
            expires_at: None,
        };
        if s("kind") == "sts" {
            sts_matches(v, &creds, time);
            continue;
        }
        let addressing = if s("addressing") == "path" {
            Addressing::Path
        } else {
            Addressing::VirtualHost
        };
        let bucket = Bucket::new(&s("bucket"), &s("region"), &s("endpoint"), addressing).unwrap();
        let expected = s("url");
        let (want_path, want_query) = split(&expected);
        let expires = Duration::from_secs(
            want_query
                .get("X-Amz-Expires")
                .map_or(0, |e| e.parse().unwrap()),
        );
        let token = v["continuation_token"].as_str();
        let request = match s("kind").as_str() {
            "get_object" | "header" => GetObject::new(&bucket, &s("key")).request(),
            "list_objects_v2" => ListObjectsV2::new(&bucket, &s("prefix"))
                .continuation_token(token)
                .request(),
            other => panic!("unknown kind {other}"),
        };
        if s("kind") == "header" {
            let mut request = request;
            request.headers.push(("range".into(), "bytes=0-0".into()));
            let signed = Signer::new(&creds, bucket.signing_region(), time)
                .sign_headers(&request)
                .unwrap();
            assert_eq!(signed.url, expected, "{v}");
            let auth = signed
                .headers
                .iter()
                .find(|(k, _)| k == "authorization")
                .unwrap();
            assert_eq!(auth.1, s("authorization"), "{v}");
        } else {
            let url = Signer::new(&creds, bucket.signing_region(), time)
                .presign(&request, expires)
                .unwrap();
            let (path, query) = split(&url);
            assert_eq!(path, want_path, "{v}");
            assert_eq!(query, want_query, "{v}");
        }
    }
}

/// One STS vector: the page's request for the same call is byte for byte botocore's, and so is
/// its signature.
fn sts_matches(v: &Value, creds: &Credentials, time: SystemTime) {
    let s = |k: &str| v[k].as_str().unwrap_or("").to_owned();
    let p = |k: &str| v["params"][k].as_str().map(str::to_owned);
    let duration = v["params"]["DurationSeconds"].as_u64().unwrap_or(0) as u32;
    let sts = Sts::locate(&s("region"), &s("endpoint"), "").unwrap();
    let endpoint = s("endpoint");
    if endpoint.contains("amazonaws.com") {
        // On AWS the page finds the regional endpoint from the region alone.
        assert_eq!(Sts::locate(&s("region"), "", "").unwrap(), sts, "{v}");
    }
    let (serial, code) = (p("SerialNumber"), p("TokenCode"));
    let mfa = serial
        .as_deref()
        .zip(code.as_deref())
        .map(|(serial, code)| Mfa { serial, code });
    let (arn, name) = (
        p("RoleArn").unwrap_or_default(),
        p("RoleSessionName").unwrap_or_default(),
    );
    let request = match s("call").as_str() {
        "assume_role" => AssumeRole::new(&sts, &arn, &name, duration)
            .mfa(mfa)
            .request(),
        "get_session_token" => GetSessionToken::new(&sts, duration).mfa(mfa).request(),
        "get_caller_identity" => GetCallerIdentity::new(&sts).request(),
        other => panic!("unknown call {other}"),
    };
    assert_eq!(request.method, s("method"), "{v}");
    assert_eq!(request.url, s("url"), "{v}");
    assert_eq!(request.body, s("body"), "{v}");
    let signed = Signer::sts(creds, &sts.region, time)
        .sign_headers(&request)
        .unwrap();
    let header = |name: &str| {
        signed
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(header("content-type"), s("content_type"), "{v}");
    assert_eq!(header("authorization"), s("authorization"), "{v}");
    assert_eq!(
        header("x-amz-security-token"),
        s("session_token"),
        "the session token travels in its header: {v}"
    );
}
