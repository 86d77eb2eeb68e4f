//! STS GetSessionToken: an IAM user's own keys become temporary keys with the same rights (with MFA, rights a policy grants only to MFA sessions).

use serde::Deserialize;

use crate::core::credentials::Credentials;
use crate::core::signing::Request;
use crate::core::sts::{self, KeysXml, Mfa, Sts, VERSION};

/// A request for a session of the caller's own.
#[derive(Debug, Clone)]
pub struct GetSessionToken<'a> {
    sts: &'a Sts,
    duration_secs: u32,
    mfa: Option<Mfa<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Response {
    get_session_token_result: GetSessionTokenResult,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GetSessionTokenResult {
    credentials: KeysXml,
}

impl<'a> GetSessionToken<'a> {
    pub fn new(sts: &'a Sts, duration_secs: u32) -> Self {
        GetSessionToken {
            sts,
            duration_secs,
            mfa: None,
        }
    }

    pub fn mfa(mut self, mfa: Option<Mfa<'a>>) -> Self {
        self.mfa = mfa;
        self
    }

    /// The POST, parameters in the order the AWS SDKs write them.
    pub fn request(&self) -> Request {
        let duration = self.duration_secs.to_string();
        let pairs = vec![
            ("Action", "GetSessionToken"),
            ("Version", VERSION),
            ("DurationSeconds", duration.as_str()),
        ];
        self.sts.form(pairs, self.mfa.as_ref())
    }

    pub fn parse_response(body: &str) -> Option<Credentials> {
        sts::read::<Response>(body)?
            .get_session_token_result
            .credentials
            .credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_for_a_session_and_reads_its_keys() {
        let sts = Sts::locate("us-east-1", "http://127.0.0.1:5000", "").unwrap();
        let request = GetSessionToken::new(&sts, 43_200)
            .mfa(Some(Mfa {
                serial: "GAHT12345678",
                code: "654321",
            }))
            .request();
        assert_eq!(request.url, "http://127.0.0.1:5000/");
        assert_eq!(
            request.body,
            "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=43200&SerialNumber=GAHT12345678&TokenCode=654321"
        );
        // The answer in AWS's GetSessionToken API reference (shortened).
        let body = r#"<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetSessionTokenResult>
    <Credentials>
      <SessionToken>AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2011-07-11T19:55:29.611Z</Expiration>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
  </GetSessionTokenResult>
  <ResponseMetadata>
    <RequestId>58c5dbae-abef-11e0-8cfe-09039844ac7d</RequestId>
  </ResponseMetadata>
</GetSessionTokenResponse>"#;
        let keys = GetSessionToken::parse_response(body).unwrap();
        assert_eq!(keys.access_key_id, "ASIAIOSFODNN7EXAMPLE");
        assert!(keys.expires_at.is_some());
    }
}
