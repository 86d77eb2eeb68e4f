//! AWS IAM/STS semantics against moto with IAM enforcement, set up with the real AWS CLI by
//! scripts/test.sh: core parses what `aws sts assume-role` printed and signs (header form) the
//! requests a native client sends. Ignored unless run by the test command (it needs the server).

use std::path::PathBuf;
use std::time::SystemTime;

use bucket_portal::core::actions::{GetObject, ListObjectsV2};
use bucket_portal::core::bucket::{Addressing, Bucket};
use bucket_portal::core::credentials::{self, Credentials};
use bucket_portal::core::messages::{self, Lang};
use bucket_portal::core::problem::{classify, Failure, Problem, ResponseHints};
use bucket_portal::core::signing::{Request, Signer};
use time::OffsetDateTime;

const BUCKET: &str = "temp-credentials-s3";

struct Moto {
    endpoint: String,
    dir: PathBuf,
}

fn moto() -> Moto {
    let endpoint =
        std::env::var("MOTO_ENDPOINT").expect("MOTO_ENDPOINT: run through scripts/test.sh");
    let dir =
        PathBuf::from(std::env::var("MOTO_DIR").expect("MOTO_DIR: run through scripts/test.sh"));
    Moto { endpoint, dir }
}

impl Moto {
    fn keys(&self, file: &str) -> Credentials {
        let text = std::fs::read_to_string(self.dir.join(file)).unwrap();
        credentials::parse(&text, OffsetDateTime::now_utc())
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .credentials
    }

    fn bucket(&self) -> Bucket {
        Bucket::new(BUCKET, "us-east-1", &self.endpoint, Addressing::Path).unwrap()
    }
}

/// Sends a header-signed GET; Ok(body) on 2xx, Err(failure) otherwise.
fn send(request: &Request, creds: &Credentials) -> Result<Vec<u8>, Failure> {
    let signed = Signer::new(creds, "us-east-1", SystemTime::now())
        .sign_headers(request)
        .unwrap();
    let mut call = ureq::get(&signed.url);
    for (name, value) in &signed.headers {
        call = call.set(name, value);
    }
    match call.call() {
        Ok(response) => {
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut response.into_reader(), &mut body).unwrap();
            Ok(body)
        }
        Err(ureq::Error::Status(status, response)) => {
            let body = response.into_string().unwrap_or_default();
            Err(classify(status, &body, &ResponseHints::default()))
        }
        Err(e) => panic!("transport error: {e}"),
    }
}

fn list(moto: &Moto, creds: &Credentials) -> Result<Vec<u8>, Failure> {
    send(
        &ListObjectsV2::new(&moto.bucket(), "").recursive().request(),
        creds,
    )
}

#[test]
#[ignore = "needs the moto server started by scripts/test.sh"]
fn assume_role_output_is_parsed_with_its_expiry() {
    let moto = moto();
    let creds = moto.keys("assume-role.json");
    assert!(creds.access_key_id.starts_with("ASIA"), "{creds:?}");
    assert!(creds.session_token.is_some());
    let left = creds.expires_at.expect("Expiration parsed") - OffsetDateTime::now_utc();
    assert!(
        left.whole_minutes() > 50 && left.whole_minutes() <= 60,
        "{left}"
    );
}

#[test]
#[ignore = "needs the moto server started by scripts/test.sh"]
fn temporary_keys_list_and_download() {
    let moto = moto();
    let creds = moto.keys("assume-role.json");
    let body = list(&moto, &creds).unwrap_or_else(|f| panic!("{f:?}"));
    let page = ListObjectsV2::parse_response(std::str::from_utf8(&body).unwrap()).unwrap();
    let expected = std::fs::read_to_string(moto.dir.join("uploaded-keys.txt")).unwrap();
    let mut keys: Vec<String> = page.objects.iter().map(|o| o.key.clone()).collect();
    keys.sort();
    let mut want: Vec<String> = expected.lines().map(str::to_owned).collect();
    want.sort();
    assert_eq!(keys, want);
    for key in &want {
        let bytes = send(&GetObject::new(&moto.bucket(), key).request(), &creds)
            .unwrap_or_else(|f| panic!("{key}: {f:?}"));
        let source = std::fs::read(moto.dir.join("files").join(key)).unwrap();
        assert_eq!(bytes, source, "{key}");
    }
}

#[test]
#[ignore = "needs the moto server started by scripts/test.sh"]
fn the_users_own_keys_are_denied() {
    let moto = moto();
    let failure = list(&moto, &moto.keys("user-access-key.json")).unwrap_err();
    assert_eq!(failure.problem, Problem::AccessDenied, "{failure:?}");
    assert!(messages::problem(Lang::En, &failure, BUCKET).starts_with("Access denied"));
}

#[test]
#[ignore = "needs the moto server started by scripts/test.sh"]
fn a_changed_token_is_invalid() {
    let moto = moto();
    let mut creds = moto.keys("assume-role.json");
    let token = creds.session_token.take().unwrap();
    creds.session_token = Some(format!("{}AAAA", &token[..token.len() - 4]));
    let failure = list(&moto, &creds).unwrap_err();
    assert!(
        matches!(
            failure.problem,
            Problem::InvalidToken | Problem::InvalidAccessKeyId
        ),
        "{failure:?}"
    );
    assert!(
        messages::problem(Lang::En, &failure, BUCKET).contains("new keys")
            || messages::problem(Lang::En, &failure, BUCKET).contains("token")
    );
}

#[test]
#[ignore = "needs the moto server started by scripts/test.sh"]
fn a_wrong_secret_does_not_match() {
    let moto = moto();
    let mut creds = moto.keys("assume-role.json");
    // Another first character (a fixed one would be no change when the secret starts with it).
    let other = if creds.secret_access_key.starts_with('x') {
        'y'
    } else {
        'x'
    };
    creds.secret_access_key = format!("{other}{}", &creds.secret_access_key[1..]);
    let failure = list(&moto, &creds).unwrap_err();
    assert_eq!(
        failure.problem,
        Problem::SignatureDoesNotMatch,
        "{failure:?}"
    );
    assert!(
        messages::problem(Lang::En, &failure, BUCKET).contains("secret access key does not match")
    );
}
