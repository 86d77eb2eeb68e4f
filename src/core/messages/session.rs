//! The words of the keys session: how long the keys last, STS's grant, and the questions asked before keys go somewhere new.

use super::Lang;

/// Where the keys stand: minutes left and the local clock time they end.
pub fn key_status(lang: Lang, minutes_left: Option<i64>, clock: &str, soon: bool) -> String {
    match (lang, minutes_left) {
        (Lang::En, None) => "These keys have no expiry time.".to_owned(),
        (Lang::Ko, None) => "이 키에는 만료 시각이 없습니다.".to_owned(),
        (Lang::En, Some(0)) => format!("Your keys expired at {clock}. Ask the admin for new keys and paste them above."),
        (Lang::Ko, Some(0)) => format!("키가 {clock}에 만료되었습니다. 관리자에게 새 키를 받아 위에 붙여넣으세요."),
        (Lang::En, Some(m)) if soon => format!("Keys expire in {m} min ({clock}). Finish your downloads, or ask the admin for new keys."),
        (Lang::Ko, Some(m)) if soon => format!("키가 {m}분 뒤({clock}) 만료됩니다. 다운로드를 마치거나 관리자에게 새 키를 요청하세요."),
        (Lang::En, Some(m)) => format!("Keys expire in {m} min ({clock})."),
        (Lang::Ko, Some(m)) => format!("키 만료까지 {m}분 ({clock})."),
    }
}

/// The session lengths offered (seconds), in words.
pub fn session_length(lang: Lang, secs: u32) -> String {
    match (lang, secs) {
        (Lang::En, s) if s < 3600 => format!("{} minutes", s / 60),
        (Lang::Ko, s) if s < 3600 => format!("{}분", s / 60),
        (Lang::En, 3600) => "1 hour".to_owned(),
        (Lang::En, s) => format!("{} hours", s / 3600),
        (Lang::Ko, s) => format!("{}시간", s / 3600),
    }
}

/// What came of asking STS, beyond the keys themselves: a shorter session than asked for.
pub fn granted_note(lang: Lang, shortened: bool, chained: bool) -> Option<&'static str> {
    match (lang, shortened, chained) {
        (Lang::En, true, _) => Some("The role does not allow a session as long as you chose, so these keys last one hour; the page renews them while it is open."),
        (Lang::Ko, true, _) => Some("역할이 고른 만큼 긴 세션을 허용하지 않아 이 키는 1시간 동안 유효합니다. 페이지가 열려 있는 동안 자동으로 갱신합니다."),
        (Lang::En, false, true) => Some("These keys were themselves temporary, so the role's session lasts one hour at most (AWS caps chained roles); the page renews it while it is open."),
        (Lang::Ko, false, true) => Some("붙여넣은 키가 이미 임시 키라서 역할 세션은 최대 1시간입니다(AWS의 역할 연결 제한). 페이지가 열려 있는 동안 자동으로 갱신합니다."),
        _ => None,
    }
}

/// The renewal waits for a code: until when the keys still work.
pub fn mfa_due(lang: Lang, clock: &str) -> String {
    match lang {
        Lang::En => format!("Your keys end at {clock}. Enter a fresh code from your MFA device to renew them; transfers go on meanwhile."),
        Lang::Ko => format!("키가 {clock}에 만료됩니다. 갱신하려면 MFA 기기의 새 코드를 입력하세요. 그동안 전송은 계속됩니다."),
    }
}

/// The page is about to use the keys with a host that is neither AWS nor one the admin allows.
pub fn ask_host(lang: Lang, host: &str) -> String {
    match lang {
        Lang::En => format!("Your keys are about to sign requests to {host}, which is not AWS and not a server your admin's settings name. Whoever runs it can use those requests (and links) until the keys expire. Go on only if you trust {host}."),
        Lang::Ko => format!("키가 {host}로 가는 요청에 서명하려고 합니다. 이 서버는 AWS도 아니고 관리자 설정에 있는 서버도 아닙니다. 이 서버를 운영하는 사람은 키가 만료될 때까지 그 요청(과 링크)을 쓸 수 있습니다. {host}를 믿을 때만 계속하세요."),
    }
}

/// A link names another bucket than the one connected.
pub fn ask_bucket(lang: Lang, bucket: &str, connected: &str) -> String {
    match lang {
        Lang::En => format!(
            "The link opens bucket {bucket}, not {connected}. List it with your current keys?"
        ),
        Lang::Ko => {
            format!("링크가 {connected}가 아닌 {bucket} 버킷을 엽니다. 지금 키로 목록을 볼까요?")
        }
    }
}

/// A link named another bucket, and the admin locked the page to theirs.
pub fn bucket_locked(lang: Lang, bucket: &str) -> String {
    match lang {
        Lang::En => format!("This page is set up for one bucket only, so the link to bucket {bucket} was not opened."),
        Lang::Ko => format!("이 페이지는 한 버킷 전용이라 {bucket} 버킷으로 가는 링크를 열지 않았습니다."),
    }
}

/// The invite link leaves the endpoint out: `config.json` does not allow links to set it.
pub fn invite_without_endpoint(lang: Lang, endpoint: &str) -> String {
    match lang {
        Lang::En => format!("The link leaves the endpoint {endpoint} out: a link may set it only where config.json lists it in allowedEndpoints."),
        Lang::Ko => format!("링크에는 엔드포인트 {endpoint}가 빠집니다. config.json의 allowedEndpoints에 있을 때만 링크로 정할 수 있습니다."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_status_counts_down() {
        assert_eq!(
            key_status(Lang::En, Some(53), "14:05", false),
            "Keys expire in 53 min (14:05)."
        );
        assert!(key_status(Lang::En, Some(4), "14:05", true).contains("ask the admin"));
        assert!(key_status(Lang::En, Some(0), "14:05", false).contains("expired at 14:05"));
    }
}
