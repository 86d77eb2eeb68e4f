//! Reads AWS keys from whatever text the admin sent: CLI JSON, shell, PowerShell, cmd or an ini profile.

use serde::{Deserialize, Serialize};
use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Keys the portal signs with. `Debug` never prints the secret or the token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub expires_at: Option<OffsetDateTime>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Credentials {
    /// Whether "keep keys in this tab" may keep these keys: only keys that say when they expire
    /// (tab storage can outlive the tab on disk; keys without an end would stay there without
    /// limit).
    pub fn may_keep_in_tab(&self) -> bool {
        self.expires_at.is_some()
    }

    /// Whether the keys are temporary ones from STS (`ASIA…`).
    pub fn is_temporary(&self) -> bool {
        self.access_key_id.starts_with("ASIA")
    }

    /// Whether these are an IAM user's long-term keys (no session token, not `ASIA…`): the
    /// page can turn them into temporary ones through STS.
    pub fn is_long_term(&self) -> bool {
        self.session_token.is_none() && !self.is_temporary()
    }

    /// Whether `access_key_id` names an IAM user's long-term key (`AKIA…`), as it is typed.
    pub fn is_long_term_id(access_key_id: &str) -> bool {
        access_key_id.starts_with("AKIA")
    }
}

/// Why pasted or typed keys cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    #[error("no AWS keys were recognised in the text")]
    NothingRecognised,
    #[error("the access key ID is missing")]
    MissingAccessKeyId,
    #[error("the secret access key is missing")]
    MissingSecret,
    #[error("the access key ID has characters an AWS key never has")]
    InvalidAccessKeyId,
    #[error("a temporary (ASIA…) key needs its session token")]
    MissingSessionToken,
    #[error("the keys expired at {at}")]
    Expired { at: OffsetDateTime },
}

/// Something worth telling the user about keys that still work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsWarning {
    /// An `AKIA…` key: long-term, allowed, but the portal is meant for temporary keys.
    LongTermKey,
    /// An expiry time was given but could not be read; the countdown is off.
    UnreadableExpiry,
}

/// Keys read from text, with what the user should know about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub credentials: Credentials,
    pub warnings: Vec<CredentialsWarning>,
}

/// The raw values found in text or typed into the three fields, before checking. `Debug` never
/// prints the secret or the token.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub expiration: Option<String>,
}

impl fmt::Debug for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |v: &Option<String>| v.as_ref().map(|_| "<redacted>");
        f.debug_struct("Fields")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &redacted(&self.secret_access_key))
            .field("session_token", &redacted(&self.session_token))
            .field("expiration", &self.expiration)
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    AccessKeyId,
    Secret,
    Token,
    Expiration,
}

impl Fields {
    fn slot(&mut self, field: Field) -> &mut Option<String> {
        match field {
            Field::AccessKeyId => &mut self.access_key_id,
            Field::Secret => &mut self.secret_access_key,
            Field::Token => &mut self.session_token,
            Field::Expiration => &mut self.expiration,
        }
    }

    fn is_empty(&self) -> bool {
        self.access_key_id.is_none()
            && self.secret_access_key.is_none()
            && self.session_token.is_none()
    }

    /// Checks the values and turns them into usable keys.
    pub fn validate(self, now: OffsetDateTime) -> Result<Parsed, CredentialsError> {
        let clean = |v: Option<String>| v.map(|s| strip_whitespace(&s)).filter(|s| !s.is_empty());
        let access_key_id = clean(self.access_key_id);
        let secret = clean(self.secret_access_key);
        let session_token = clean(self.session_token);
        let expiration = self
            .expiration
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        if access_key_id.is_none() && secret.is_none() && session_token.is_none() {
            return Err(CredentialsError::NothingRecognised);
        }
        let access_key_id = access_key_id.ok_or(CredentialsError::MissingAccessKeyId)?;
        let secret_access_key = secret.ok_or(CredentialsError::MissingSecret)?;
        if !(10..=128).contains(&access_key_id.len())
            || !access_key_id.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(CredentialsError::InvalidAccessKeyId);
        }
        if access_key_id.starts_with("ASIA") && session_token.is_none() {
            return Err(CredentialsError::MissingSessionToken);
        }
        let mut warnings = Vec::new();
        let expires_at = match expiration {
            None => None,
            Some(text) => match parse_expiration(&text) {
                Some(at) => Some(at),
                None => {
                    warnings.push(CredentialsWarning::UnreadableExpiry);
                    None
                }
            },
        };
        if let Some(at) = expires_at.filter(|at| *at <= now) {
            return Err(CredentialsError::Expired { at });
        }
        if Credentials::is_long_term_id(&access_key_id) {
            warnings.push(CredentialsWarning::LongTermKey);
        }
        Ok(Parsed {
            credentials: Credentials {
                access_key_id,
                secret_access_key,
                session_token,
                expires_at,
            },
            warnings,
        })
    }
}

/// An access key ID as the page shows it: its first and last four characters, enough to tell
/// keys apart (an ID is no secret, but a short one reads better).
pub fn short_key_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    match chars.len() {
        0..=8 => id.to_owned(),
        n => format!(
            "{}…{}",
            chars[..4].iter().collect::<String>(),
            chars[n - 4..].iter().collect::<String>()
        ),
    }
}

/// Whether keys typed into a page served with `scheme` (`http:`) from `host` cross the network
/// readable: plain http from anywhere but this computer (`localhost` and below it, 127.0.0.0/8,
/// `[::1]`, which browsers also treat as secure).
pub fn typed_in_clear(scheme: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let this_computer = host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback());
    scheme == "http:" && !this_computer
}

/// Reads keys from pasted text and checks them against `now`.
pub fn parse(text: &str, now: OffsetDateTime) -> Result<Parsed, CredentialsError> {
    extract(text).validate(now)
}

/// Finds the key values in pasted text without judging them.
pub fn extract(text: &str) -> Fields {
    let text = normalize(text);
    match from_json(&text) {
        Some(fields) if fields.access_key_id.is_some() => fields,
        _ => from_lines(&text),
    }
}

/// Reads an expiry in any form the AWS CLI v1/v2, moto or Python print.
pub fn parse_expiration(text: &str) -> Option<OffsetDateTime> {
    let mut s = text
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim()
        .to_owned();
    if let Some(stripped) = s.strip_suffix("UTC").or_else(|| s.strip_suffix("GMT")) {
        s = format!("{}Z", stripped.trim_end());
    }
    // Python's str(datetime) writes a space between date and time; Garage one before the offset too.
    if s.len() > 10 && s.as_bytes()[10] == b' ' {
        s.replace_range(10..11, "T");
    }
    if let Some(i) = s
        .rfind([' '])
        .filter(|i| *i > 10 && s[i + 1..].starts_with(['+', '-']))
    {
        s.remove(i);
    }
    let time_part = s.get(11..).unwrap_or("");
    if !time_part.contains(['Z', 'z', '+']) && !time_part.contains('-') {
        s.push('Z');
    }
    OffsetDateTime::parse(&s, &Rfc3339).ok()
}

/// Undoes what mail clients and word processors do to text: BOM, CRLF, smart quotes, odd spaces.
fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' => None,
            '\r' => Some('\n'),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ff02}' => {
                Some('"')
            }
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{ff07}' => {
                Some('\'')
            }
            '\u{ff1d}' => Some('='),
            '\u{ff1a}' => Some(':'),
            c if c != '\n' && c != '\t' && c.is_whitespace() => Some(' '),
            c => Some(c),
        })
        .collect()
}

fn strip_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn field_for(name: &str) -> Option<Field> {
    let key: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    match key.as_str() {
        "awsaccesskeyid" | "accesskeyid" | "accesskey" | "awsaccesskey" => Some(Field::AccessKeyId),
        "awssecretaccesskey" | "secretaccesskey" | "secretkey" | "awssecretkey" | "secret" => {
            Some(Field::Secret)
        }
        "awssessiontoken" | "sessiontoken" | "awssecuritytoken" | "securitytoken" => {
            Some(Field::Token)
        }
        "expiration" | "awscredentialexpiration" | "expiry" | "expires" | "expiresat" => {
            Some(Field::Expiration)
        }
        _ => None,
    }
}

/// The JSON of `aws sts assume-role` (whole or just `Credentials`) or `aws configure export-credentials`.
fn from_json(text: &str) -> Option<Fields> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    let slice = text.get(start..=end)?;
    let value: serde_json::Value = serde_json::from_str(slice).ok().or_else(|| {
        // Mail clients wrap long lines, which breaks strings apart: join every line back up.
        let joined: String = slice.lines().map(str::trim).collect();
        serde_json::from_str(&joined).ok()
    })?;
    let object = value.as_object()?;
    // `aws sts assume-role` nests the keys in "Credentials", `aws iam create-access-key` in "AccessKey".
    let inner = object
        .iter()
        .find(|(k, v)| {
            (k.eq_ignore_ascii_case("credentials") || k.eq_ignore_ascii_case("accesskey"))
                && v.is_object()
        })
        .and_then(|(_, v)| v.as_object())
        .unwrap_or(object);
    let mut fields = Fields::default();
    for (name, value) in inner {
        if let (Some(field), Some(text)) = (field_for(name), value.as_str()) {
            fields.slot(field).get_or_insert_with(|| text.to_owned());
        }
    }
    (!fields.is_empty()).then_some(fields)
}

/// One `NAME = value` line, in any of the shells' spellings.
struct Assignment<'a> {
    name: &'a str,
    value: String,
    /// The value opened a quote that the line did not close (a wrapped line follows).
    open_quote: Option<char>,
}

fn assignment(line: &str) -> Option<Assignment<'_>> {
    let mut rest = line.trim();
    for prefix in ["export ", "set ", "$env:", "env:", "- "] {
        if rest
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        {
            rest = rest[prefix.len()..].trim_start();
        }
    }
    if rest
        .get(..5)
        .is_some_and(|head| head.eq_ignore_ascii_case("setx "))
    {
        let (name, value) = rest[5..].trim().split_once(char::is_whitespace)?;
        return Some(finish_assignment(name, value));
    }
    // cmd's quoted form: set "AWS_ACCESS_KEY_ID=value"
    if let Some(inner) = rest.strip_prefix('"') {
        if let Some(eq) = inner.find('=') {
            if !inner[..eq].contains('"') {
                let inner = inner.strip_suffix('"').unwrap_or(inner);
                return Some(finish_assignment(&inner[..eq], &inner[eq + 1..]));
            }
        }
    }
    let split = rest.find(['=', ':'])?;
    Some(finish_assignment(&rest[..split], &rest[split + 1..]))
}

fn finish_assignment<'a>(name: &'a str, value: &str) -> Assignment<'a> {
    let name = name.trim().trim_matches(|c| c == '"' || c == '\'');
    let mut value = value.trim().trim_end_matches([';', ',']).trim_end();
    let mut open_quote = None;
    if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
        value = &value[1..];
        match value.strip_suffix(q) {
            Some(inner) => value = inner,
            None => open_quote = Some(q),
        }
    }
    Assignment {
        name,
        value: value.to_owned(),
        open_quote,
    }
}

/// A wrapped piece of a long value: only characters keys and tokens are made of.
fn continuation(line: &str, open_quote: Option<char>) -> Option<(String, bool)> {
    let mut piece = line.trim().trim_end_matches([';', ',']);
    let mut closes = false;
    if let Some(q) = open_quote {
        if let Some(inner) = piece.strip_suffix(q) {
            piece = inner;
            closes = true;
        }
    }
    let token_chars = !piece.is_empty()
        && piece
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c));
    // Without an open quote, only a run that looks like a piece of a token (not a word like "Thanks").
    let looks_wrapped = open_quote.is_some()
        || (piece.len() >= 8 && piece.contains(|c: char| c.is_ascii_digit() || "+/=".contains(c)));
    (token_chars && looks_wrapped).then(|| (piece.to_owned(), closes))
}

/// Shell exports, PowerShell, cmd, credentials-file profiles and `Label: value` text.
fn from_lines(text: &str) -> Fields {
    let mut fields = Fields::default();
    // The field the previous line set, and the quote it left open, for wrapped lines.
    let mut last: Option<(Field, Option<char>)> = None;
    for line in text.lines() {
        if let Some(a) = assignment(line).filter(|a| field_for(a.name).is_some()) {
            let field = field_for(a.name).expect("filtered above");
            let slot = fields.slot(field);
            if slot.is_none() {
                *slot = Some(a.value);
                last = (field != Field::Expiration).then_some((field, a.open_quote));
            } else {
                // A second profile: keep the first one's values.
                last = None;
            }
            continue;
        }
        last = match last {
            Some((field, quote)) => match continuation(line, quote) {
                Some((piece, closes)) => {
                    if let Some(value) = fields.slot(field) {
                        value.push_str(&piece);
                    }
                    (!closes).then_some((field, quote))
                }
                None => None,
            },
            None => None,
        };
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_id_is_shown_by_its_ends() {
        assert_eq!(short_key_id("ASIAEXAMPLE123456789"), "ASIA…6789");
        assert_eq!(short_key_id("ASIA1234"), "ASIA1234");
        assert_eq!(short_key_id(""), "");
    }

    #[test]
    fn keys_typed_on_plain_http_cross_the_network_unless_the_page_is_on_this_computer() {
        assert!(typed_in_clear("http:", "portal.example.com"));
        assert!(typed_in_clear("http:", "192.168.1.20"));
        for here in [
            "localhost",
            "app.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "[::1]",
            "LOCALHOST.",
        ] {
            assert!(!typed_in_clear("http:", here), "{here}");
        }
        assert!(!typed_in_clear("https:", "portal.example.com"));
    }

    #[test]
    fn only_an_iam_user_s_own_keys_are_long_term() {
        let keys = |id: &str, token: Option<&str>| Credentials {
            access_key_id: id.into(),
            secret_access_key: "s".into(),
            session_token: token.map(str::to_owned),
            expires_at: None,
        };
        assert!(keys("AKIAIOSFODNN7EXAMPLE", None).is_long_term());
        assert!(!keys("ASIAIOSFODNN7EXAMPLE", Some("t")).is_long_term());
        assert!(!keys("GK31c2f218a2e44f485b94239e", Some("t")).is_long_term());
    }

    #[test]
    fn only_keys_with_an_expiry_may_be_kept_in_the_tab() {
        let mut creds = Credentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: Some("token".into()),
            expires_at: Some(time::macros::datetime!(2026-11-30 13:00 UTC)),
        };
        assert!(creds.may_keep_in_tab());
        creds.expires_at = None;
        assert!(!creds.may_keep_in_tab());
    }
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-28 12:00:00 UTC);
    const AK: &str = "ASIAZ4EXAMPLEKEY7QXM";
    const SK: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    const TOKEN: &str = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6+abc/def==";

    fn ok(text: &str) -> Credentials {
        parse(text, NOW)
            .unwrap_or_else(|e| panic!("{e:?} for {text:?}"))
            .credentials
    }

    fn expect_full(text: &str) {
        let c = ok(text);
        assert_eq!(c.access_key_id, AK, "{text}");
        assert_eq!(c.secret_access_key, SK, "{text}");
        assert_eq!(c.session_token.as_deref(), Some(TOKEN), "{text}");
    }

    #[test]
    fn assume_role_json_whole_object() {
        let text = format!(
            r#"{{
    "Credentials": {{
        "AccessKeyId": "{AK}",
        "SecretAccessKey": "{SK}",
        "SessionToken": "{TOKEN}",
        "Expiration": "2026-11-28T13:05:37+00:00"
    }},
    "AssumedRoleUser": {{
        "AssumedRoleId": "AROA3XFRBF23:session",
        "Arn": "arn:aws:sts::123456789012:assumed-role/leedw416-assume-role-for-s3/session"
    }}
}}"#
        );
        expect_full(&text);
        assert_eq!(
            ok(&text).expires_at,
            Some(datetime!(2026-11-28 13:05:37 UTC))
        );
    }

    #[test]
    fn just_the_credentials_object_and_export_credentials() {
        expect_full(&format!(
            r#"{{"AccessKeyId": "{AK}", "SecretAccessKey": "{SK}", "SessionToken": "{TOKEN}", "Expiration": "2026-11-28T13:05:37Z"}}"#
        ));
        expect_full(&format!(
            r#"{{"Version": 1, "AccessKeyId": "{AK}", "SecretAccessKey": "{SK}", "SessionToken": "{TOKEN}", "Expiration": "2026-11-28T13:05:37+00:00"}}"#
        ));
    }

    #[test]
    fn create_access_key_output() {
        let text = format!(
            r#"{{"AccessKey": {{"UserName": "leedw416", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Status": "Active", "SecretAccessKey": "{SK}", "CreateDate": "2026-11-28T12:00:00Z"}}}}"#
        );
        let parsed = parse(&text, NOW).unwrap();
        assert_eq!(parsed.credentials.access_key_id, "AKIAIOSFODNN7EXAMPLE");
        assert_eq!(parsed.warnings, vec![CredentialsWarning::LongTermKey]);
    }

    #[test]
    fn expiration_formats_of_cli_v1_v2_and_moto() {
        let want = datetime!(2026-11-28 13:05:37 UTC);
        assert_eq!(parse_expiration("2026-11-28T13:05:37Z"), Some(want));
        assert_eq!(parse_expiration("2026-11-28T13:05:37+00:00"), Some(want));
        assert_eq!(
            parse_expiration("2026-11-28T13:05:37.939Z"),
            Some(want + time::Duration::milliseconds(939))
        );
        assert_eq!(
            parse_expiration("2026-11-28T13:05:37.939456Z"),
            Some(want + time::Duration::microseconds(939_456))
        );
        assert_eq!(parse_expiration("2026-11-28 13:05:37+00:00"), Some(want));
        assert_eq!(parse_expiration("2026-11-28 13:05:37"), Some(want));
        assert_eq!(
            parse_expiration("2026-11-28 13:05:37.000 +00:00"),
            Some(want)
        );
        assert_eq!(parse_expiration("2026-11-28T22:05:37+09:00"), Some(want));
        assert_eq!(parse_expiration("next tuesday"), None);
    }

    #[test]
    fn bash_exports_quoted_or_not() {
        expect_full(&format!(
            "export AWS_ACCESS_KEY_ID={AK}\nexport AWS_SECRET_ACCESS_KEY={SK}\nexport AWS_SESSION_TOKEN={TOKEN}\n"
        ));
        expect_full(&format!(
            "export AWS_ACCESS_KEY_ID=\"{AK}\"\nexport AWS_SECRET_ACCESS_KEY='{SK}'\nexport AWS_SESSION_TOKEN=\"{TOKEN}\"\nexport AWS_CREDENTIAL_EXPIRATION=2026-11-28T13:05:37Z"
        ));
    }

    #[test]
    fn powershell_both_spellings() {
        expect_full(&format!(
            "$Env:AWS_ACCESS_KEY_ID=\"{AK}\"\r\n$Env:AWS_SECRET_ACCESS_KEY=\"{SK}\"\r\n$Env:AWS_SESSION_TOKEN=\"{TOKEN}\"\r\n"
        ));
        expect_full(&format!(
            "$env:AWS_ACCESS_KEY_ID = '{AK}'\n$env:AWS_SECRET_ACCESS_KEY = '{SK}';\n$env:AWS_SESSION_TOKEN = '{TOKEN}'"
        ));
    }

    #[test]
    fn cmd_set_plain_quoted_and_setx() {
        expect_full(&format!("set AWS_ACCESS_KEY_ID={AK}\nset AWS_SECRET_ACCESS_KEY={SK}\nset AWS_SESSION_TOKEN={TOKEN}"));
        expect_full(&format!(
            "set \"AWS_ACCESS_KEY_ID={AK}\"\nset \"AWS_SECRET_ACCESS_KEY={SK}\"\nset \"AWS_SESSION_TOKEN={TOKEN}\""
        ));
        expect_full(&format!("setx AWS_ACCESS_KEY_ID {AK}\nsetx AWS_SECRET_ACCESS_KEY \"{SK}\"\nsetx AWS_SESSION_TOKEN {TOKEN}"));
    }

    #[test]
    fn credentials_file_profile_takes_the_first_profile() {
        let text = format!(
            "[temp]\naws_access_key_id = {AK}\naws_secret_access_key = {SK}\naws_session_token = {TOKEN}\n\n[other]\naws_access_key_id = ASIAOTHEROTHEROTHER1\naws_secret_access_key = nope\n"
        );
        expect_full(&text);
    }

    #[test]
    fn labelled_text_from_a_mail() {
        expect_full(&format!(
            "Hello,\nhere are your keys.\nAccess key ID: {AK}\nSecret access key: {SK}\nSession token: {TOKEN}\nThanks"
        ));
    }

    #[test]
    fn mail_damage_bom_crlf_smart_quotes_nbsp_and_wrapped_token() {
        let (a, b) = TOKEN.split_at(30);
        let text = format!(
            "\u{feff}$Env:AWS_ACCESS_KEY_ID=\u{201c}{AK}\u{201d}\r\n$Env:AWS_SECRET_ACCESS_KEY=\u{201c}{SK}\u{201d}\u{a0}\r\n$Env:AWS_SESSION_TOKEN=\u{201c}{a}\r\n   {b}\u{201d}\r\n"
        );
        expect_full(&text);
        // Unquoted values wrapped too.
        expect_full(&format!(
            "export AWS_ACCESS_KEY_ID={AK}\nexport AWS_SECRET_ACCESS_KEY={SK}\nexport AWS_SESSION_TOKEN={a}\n{b}\n"
        ));
        // JSON whose token string was broken across lines.
        expect_full(&format!(
            "{{\"Credentials\": {{\"AccessKeyId\": \u{201c}{AK}\u{201d},\n \"SecretAccessKey\": \"{SK}\",\n \"SessionToken\": \"{a}\n {b}\"}}}}"
        ));
        // Stray spaces around the values.
        expect_full(&format!(
            "  AWS_ACCESS_KEY_ID =  {AK}  \n\tAWS_SECRET_ACCESS_KEY={SK} \n AWS_SESSION_TOKEN={TOKEN}   "
        ));
    }

    #[test]
    fn clear_errors() {
        assert_eq!(
            parse("hello there", NOW),
            Err(CredentialsError::NothingRecognised)
        );
        assert_eq!(parse("", NOW), Err(CredentialsError::NothingRecognised));
        assert_eq!(
            parse(&format!("AWS_ACCESS_KEY_ID={AK}"), NOW),
            Err(CredentialsError::MissingSecret)
        );
        assert_eq!(
            parse(&format!("AWS_SECRET_ACCESS_KEY={SK}"), NOW),
            Err(CredentialsError::MissingAccessKeyId)
        );
        assert_eq!(
            parse(
                &format!("AWS_ACCESS_KEY_ID={AK}\nAWS_SECRET_ACCESS_KEY={SK}"),
                NOW
            ),
            Err(CredentialsError::MissingSessionToken)
        );
        assert_eq!(
            parse(
                &format!("AWS_ACCESS_KEY_ID=AS<IA>\nAWS_SECRET_ACCESS_KEY={SK}"),
                NOW
            ),
            Err(CredentialsError::InvalidAccessKeyId)
        );
        let expired = format!(
            r#"{{"AccessKeyId": "{AK}", "SecretAccessKey": "{SK}", "SessionToken": "{TOKEN}", "Expiration": "2026-11-28T11:59:00Z"}}"#
        );
        assert_eq!(
            parse(&expired, NOW),
            Err(CredentialsError::Expired {
                at: datetime!(2026-11-28 11:59:00 UTC)
            })
        );
    }

    #[test]
    fn long_term_keys_work_with_a_warning_and_keys_without_token_work() {
        let parsed = parse(
            &format!("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY={SK}"),
            NOW,
        )
        .unwrap();
        assert_eq!(parsed.warnings, vec![CredentialsWarning::LongTermKey]);
        assert_eq!(parsed.credentials.session_token, None);
        // Garage keys: GK + hex, no token, no warning.
        let garage = format!(
            r#"{{"Credentials": {{"AccessKeyId": "GK31c2f218a2e44f485b94239e", "SecretAccessKey": "{SK}", "Expiration": "2026-11-28T13:00:00Z"}}}}"#
        );
        let parsed = parse(&garage, NOW).unwrap();
        assert!(parsed.warnings.is_empty());
        assert_eq!(
            parsed.credentials.access_key_id,
            "GK31c2f218a2e44f485b94239e"
        );
    }

    #[test]
    fn unreadable_expiry_is_a_warning() {
        let parsed =
            parse(&format!("AWS_ACCESS_KEY_ID={AK}\nAWS_SECRET_ACCESS_KEY={SK}\nAWS_SESSION_TOKEN={TOKEN}\nExpiration: soon"), NOW)
                .unwrap();
        assert_eq!(parsed.warnings, vec![CredentialsWarning::UnreadableExpiry]);
        assert_eq!(parsed.credentials.expires_at, None);
    }

    #[test]
    fn debug_never_shows_secrets() {
        let text = format!(
            "{:?}",
            ok(&format!(
                "AWS_ACCESS_KEY_ID={AK}\nAWS_SECRET_ACCESS_KEY={SK}\nAWS_SESSION_TOKEN={TOKEN}"
            ))
        );
        assert!(!text.contains(SK) && !text.contains(TOKEN) && text.contains(AK));
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_text_gives_keys_or_an_error_never_a_panic(text in any::<String>()) {
                let _ = parse(&text, NOW);
            }

            #[test]
            fn any_shell_like_text_never_panics(text in r#"(\$?[Ee]nv:|export |set |setx |"|\[|\{|AWS_[A-Z_]+|=|:|'|;|\n|\r| |[A-Za-z0-9+/]{0,8}|\u{201c}|\u{feff})*"#) {
                let _ = parse(&text, NOW);
            }

            #[test]
            fn every_format_round_trips(
                ak in "ASIA[A-Z0-9]{16}",
                sk in "[A-Za-z0-9+/]{40}",
                token in "[A-Za-z0-9+/]{20,300}={0,2}",
                format in 0usize..6,
            ) {
                let text = match format {
                    0 => format!(r#"{{"Credentials":{{"AccessKeyId":"{ak}","SecretAccessKey":"{sk}","SessionToken":"{token}"}}}}"#),
                    1 => format!("export AWS_ACCESS_KEY_ID={ak}\nexport AWS_SECRET_ACCESS_KEY={sk}\nexport AWS_SESSION_TOKEN={token}"),
                    2 => format!("$Env:AWS_ACCESS_KEY_ID=\"{ak}\"\r\n$Env:AWS_SECRET_ACCESS_KEY=\"{sk}\"\r\n$Env:AWS_SESSION_TOKEN=\"{token}\""),
                    3 => format!("set AWS_ACCESS_KEY_ID={ak}\nset AWS_SECRET_ACCESS_KEY={sk}\nset AWS_SESSION_TOKEN={token}"),
                    4 => format!("[p]\naws_access_key_id={ak}\naws_secret_access_key={sk}\naws_session_token={token}"),
                    _ => {
                        let cut = token.len() / 2;
                        format!("$env:AWS_ACCESS_KEY_ID='{ak}'\n$env:AWS_SECRET_ACCESS_KEY='{sk}'\n$env:AWS_SESSION_TOKEN='{}\n{}'", &token[..cut], &token[cut..])
                    }
                };
                let c = parse(&text, NOW).unwrap().credentials;
                prop_assert_eq!(c.access_key_id, ak);
                prop_assert_eq!(c.secret_access_key, sk);
                prop_assert_eq!(c.session_token, Some(token));
            }
        }
    }
}
