//! AWS IAM/STS semantics against moto with IAM enforcement, set up with the real AWS CLI by
//! scripts/test.sh: core parses what `aws sts assume-role` printed and signs (header form) the
//! requests a native client sends. Ignored unless run by the test command (it needs the server).

use std::path::PathBuf;
use std::time::SystemTime;

use bucket_portal::core::actions::{AssumeRole, GetCallerIdentity, GetObject, ListObjectsV2};
use bucket_portal::core::bucket::{Addressing, Bucket};
use bucket_portal::core::credentials::{self, Credentials};
use bucket_portal::core::messages::{self, Lang};
use bucket_portal::core::problem::{classify, Failure, Problem, ResponseHints};
use bucket_portal::core::signing::{Request, Signer};
use bucket_portal::core::sts::{self, Sts};
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

    fn role_arn(&self) -> String {
        std::fs::read_to_string(self.dir.join("role-arn.txt"))
            .unwrap()
            .trim()
            .to_owned()
    }

    /// moto answers STS on the S3 endpoint's own host.
    fn sts(&self) -> Sts {
        Sts::locate("us-east-1", &self.endpoint, "").unwrap()
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

/// Sends an STS form POST, signed in its headers as the page signs it; Ok(body) on 2xx, else
/// what the refusal means for `role`.
fn post_sts(request: &Request, creds: &Credentials, role: Option<&str>) -> Result<String, Failure> {
    let signed = Signer::sts(creds, "us-east-1", SystemTime::now())
        .sign_headers(request)
        .unwrap();
    let mut call = ureq::post(&signed.url);
    for (name, value) in &signed.headers {
        call = call.set(name, value);
    }
    match call.send_string(&request.body) {
        Ok(response) => Ok(response.into_string().unwrap()),
        Err(ureq::Error::Status(status, response)) => Err(sts::classify(
            status,
            &response.into_string().unwrap_or_default(),
            role,
        )),
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

#[test]
#[ignore = "needs the moto server started by scripts/test.sh"]
fn the_page_s_own_assume_role_turns_the_user_s_keys_into_keys_that_list_and_get() {
    let moto = moto();
    let user = moto.keys("user-access-key.json");
    assert!(user.access_key_id.starts_with("AKIA"), "{user:?}");
    let sts = moto.sts();
    // Who the keys are: the role session is named after the IAM user.
    let body = post_sts(&GetCallerIdentity::new(&sts).request(), &user, None).unwrap();
    let caller = GetCallerIdentity::parse_response(&body).unwrap();
    assert!(caller.arn.ends_with(":user/leedw416"), "{caller:?}");
    let name = sts::session_name(&caller.arn);
    assert_eq!(name, "leedw416");

    let role = moto.role_arn();
    let request = AssumeRole::new(&sts, &role, &name, 3600).request();
    let body = post_sts(&request, &user, Some(&role)).unwrap_or_else(|f| panic!("{f:?}"));
    let assumed = AssumeRole::parse_response(&body).unwrap();
    let keys = assumed.credentials.clone();
    assert!(keys.access_key_id.starts_with("ASIA"), "{keys:?}");
    let left = keys.expires_at.unwrap() - OffsetDateTime::now_utc();
    assert!((55..=60).contains(&left.whole_minutes()), "{left}");
    assert!(
        assumed
            .session_arn
            .as_deref()
            .is_some_and(|a| a.ends_with("/leedw416")),
        "{assumed:?}"
    );

    // The user's own keys may not list; the role's keys list and get every object.
    assert_eq!(
        list(&moto, &user).unwrap_err().problem,
        Problem::AccessDenied
    );
    let page = list(&moto, &keys).unwrap_or_else(|f| panic!("{f:?}"));
    let page = ListObjectsV2::parse_response(std::str::from_utf8(&page).unwrap()).unwrap();
    assert_eq!(page.objects.len(), 3);
    for object in &page.objects {
        let bytes = send(
            &GetObject::new(&moto.bucket(), &object.key).request(),
            &keys,
        )
        .unwrap_or_else(|f| panic!("{}: {f:?}", object.key));
        let source = std::fs::read(moto.dir.join("files").join(&object.key)).unwrap();
        assert_eq!(bytes, source, "{}", object.key);
    }
}

#[test]
#[ignore = "needs the moto server started by scripts/test.sh"]
fn a_role_the_user_may_not_assume_is_named_in_the_refusal() {
    let moto = moto();
    let user = moto.keys("user-access-key.json");
    let other = moto
        .role_arn()
        .replace("leedw416-assume-role-for-s3", "someone-elses-role");
    let request = AssumeRole::new(&moto.sts(), &other, "leedw416", 3600).request();
    let failure = post_sts(&request, &user, Some(&other)).unwrap_err();
    assert_eq!(
        failure.problem,
        Problem::RoleRefused {
            role: other.clone()
        },
        "{failure:?}"
    );
    let words = messages::problem(Lang::En, &failure, BUCKET);
    assert!(
        words.contains(&other) && words.contains("trust policy"),
        "{words}"
    );

    // A wrong secret is told as such by STS too.
    let mut wrong = user.clone();
    wrong.secret_access_key = format!("x{}", &wrong.secret_access_key[1..]);
    let role = moto.role_arn();
    let request = AssumeRole::new(&moto.sts(), &role, "leedw416", 3600).request();
    let failure = post_sts(&request, &wrong, Some(&role)).unwrap_err();
    assert_eq!(
        failure.problem,
        Problem::SignatureDoesNotMatch,
        "{failure:?}"
    );
}
