//! STS GetCallerIdentity: whose keys these are (an IAM user's ARN names the role session after the user).

use serde::Deserialize;

use crate::core::signing::Request;
use crate::core::sts::{self, Sts, VERSION};

/// A request asking who the keys belong to (any keys may ask; no policy can forbid it).
#[derive(Debug, Clone)]
pub struct GetCallerIdentity<'a> {
    sts: &'a Sts,
}

/// The caller, as STS names it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Caller {
    /// `arn:aws:iam::ACCOUNT:user/NAME`, or an assumed role's session.
    pub arn: String,
    pub account: Option<String>,
    pub user_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Response {
    get_caller_identity_result: Caller,
}

impl<'a> GetCallerIdentity<'a> {
    pub fn new(sts: &'a Sts) -> Self {
        GetCallerIdentity { sts }
    }

    pub fn request(&self) -> Request {
        Request::form(
            self.sts.url.clone(),
            &[("Action", "GetCallerIdentity"), ("Version", VERSION)],
        )
    }

    pub fn parse_response(body: &str) -> Option<Caller> {
        let caller = sts::read::<Response>(body)?.get_caller_identity_result;
        (!caller.arn.trim().is_empty()).then_some(caller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sts::session_name;

    #[test]
    fn names_the_caller() {
        let sts = Sts::locate("us-east-1", "", "").unwrap();
        assert_eq!(
            GetCallerIdentity::new(&sts).request().body,
            "Action=GetCallerIdentity&Version=2011-06-15"
        );
        let body = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
   <Arn>arn:aws:iam::123456789012:user/leedw416</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>"#;
        let caller = GetCallerIdentity::parse_response(body).unwrap();
        assert_eq!(caller.account.as_deref(), Some("123456789012"));
        assert_eq!(session_name(&caller.arn), "leedw416");
        assert_eq!(GetCallerIdentity::parse_response("<x/>"), None);
    }
}
