//! What went wrong, in a sentence with the next step: keys, connection fields, every failed request.

use super::{size, Lang};
use crate::core::bucket::BucketError;
use crate::core::credentials::{CredentialsError, CredentialsWarning};
use crate::core::problem::{Failure, Problem};

/// Why pasted or typed keys cannot be used, and what to do.
pub fn credentials_error(lang: Lang, error: &CredentialsError, clock: &str) -> String {
    use CredentialsError::*;
    match (lang, error) {
        (Lang::En, NothingRecognised) => "No keys were found in the pasted text. Paste the whole message the admin sent (it has an access key ID such as ASIA…, a secret access key and a session token), or fill in the three fields.".to_owned(),
        (Lang::Ko, NothingRecognised) => "붙여넣은 글에서 키를 찾지 못했습니다. 관리자가 보낸 내용 전체(ASIA…로 시작하는 액세스 키 ID, 비밀 액세스 키, 세션 토큰)를 붙여넣거나 세 칸을 직접 채우세요.".to_owned(),
        (Lang::En, MissingAccessKeyId) => "The access key ID is missing (it starts with ASIA or AKIA). Paste all of the text the admin sent.".to_owned(),
        (Lang::Ko, MissingAccessKeyId) => "액세스 키 ID(ASIA 또는 AKIA로 시작)가 없습니다. 관리자가 보낸 글 전체를 붙여넣으세요.".to_owned(),
        (Lang::En, MissingSecret) => "The secret access key is missing. Paste all of the text the admin sent.".to_owned(),
        (Lang::Ko, MissingSecret) => "비밀 액세스 키가 없습니다. 관리자가 보낸 글 전체를 붙여넣으세요.".to_owned(),
        (Lang::En, InvalidAccessKeyId) => "The access key ID has characters a key never has. Copy it again from the admin's message.".to_owned(),
        (Lang::Ko, InvalidAccessKeyId) => "액세스 키 ID에 키에 없는 문자가 있습니다. 관리자의 메시지에서 다시 복사하세요.".to_owned(),
        (Lang::En, MissingSessionToken) => "These are temporary keys (ASIA…), which need their session token too. Paste all of the text the admin sent, including the long session token.".to_owned(),
        (Lang::Ko, MissingSessionToken) => "임시 키(ASIA…)에는 세션 토큰도 필요합니다. 긴 세션 토큰까지 관리자가 보낸 글 전체를 붙여넣으세요.".to_owned(),
        (Lang::En, Expired { .. }) => format!("These keys expired at {clock}. Ask the admin for new ones."),
        (Lang::Ko, Expired { .. }) => format!("이 키는 {clock}에 만료되었습니다. 관리자에게 새 키를 요청하세요."),
    }
}

/// What the user should know about keys that work.
pub fn credentials_warning(lang: Lang, warning: CredentialsWarning) -> &'static str {
    match (lang, warning) {
        (Lang::En, CredentialsWarning::LongTermKey) => "This is a long-term key (AKIA…). If your admin named a role for you, enter it below: the page then works with temporary keys it gets for you. Without one, these keys are used as they are.",
        (Lang::Ko, CredentialsWarning::LongTermKey) => "장기 키(AKIA…)입니다. 관리자가 역할을 알려 주었다면 아래에 입력하세요. 페이지가 대신 임시 키를 받아 씁니다. 역할이 없으면 이 키를 그대로 씁니다.",
        (Lang::En, CredentialsWarning::UnreadableExpiry) => "The expiry time could not be read, so no countdown is shown.",
        (Lang::Ko, CredentialsWarning::UnreadableExpiry) => "만료 시각을 읽지 못해 남은 시간을 표시하지 않습니다.",
    }
}

/// Why the connection fields cannot be used.
pub fn bucket_error(lang: Lang, error: &BucketError) -> &'static str {
    use BucketError::*;
    match (lang, error) {
        (Lang::En, MissingName) => "Enter the bucket name the admin gave you.",
        (Lang::Ko, MissingName) => "관리자가 알려 준 버킷 이름을 입력하세요.",
        (Lang::En, InvalidName) => "A bucket name has 3 to 63 lowercase letters, digits, dots and hyphens. Check it with the admin.",
        (Lang::Ko, InvalidName) => "버킷 이름은 소문자, 숫자, 점, 하이픈으로 된 3~63자입니다. 관리자에게 확인하세요.",
        (Lang::En, InvalidEndpoint) => "The endpoint must look like https://s3.example.com or http://127.0.0.1:3900, without a path. Leave it blank for AWS.",
        (Lang::Ko, InvalidEndpoint) => "엔드포인트는 https://s3.example.com 또는 http://127.0.0.1:3900 처럼 경로 없이 적어야 합니다. AWS면 비워 두세요.",
        (Lang::En, InvalidRegion) => "A region looks like eu-west-1 or ap-northeast-2. Leave it blank to find it.",
        (Lang::Ko, InvalidRegion) => "리전은 eu-west-1, ap-northeast-2 같은 형식입니다. 비워 두면 자동으로 찾습니다.",
    }
}

/// The sentence for a failed request: what happened and what to do next.
pub fn problem(lang: Lang, failure: &Failure, bucket: &str) -> String {
    use Problem::*;
    match (lang, &failure.problem) {
        (Lang::En, CorsOrNetwork) => "The page could not reach the bucket. Most likely the bucket does not allow this page (its CORS rule is missing or names another address), or the network is down. Send the rule below to your admin; if the admin says it is set, check your connection and try again.".to_owned(),
        (Lang::Ko, CorsOrNetwork) => "페이지가 버킷에 닿지 못했습니다. 버킷이 이 페이지를 허용하지 않거나(CORS 규칙이 없거나 다른 주소로 되어 있음) 네트워크가 끊겼을 가능성이 큽니다. 아래 규칙을 관리자에게 보내세요. 관리자가 이미 설정했다고 하면 연결을 확인하고 다시 시도하세요.".to_owned(),
        (Lang::En, ConnectionDropped) => "The connection dropped. Check your network and try again.".to_owned(),
        (Lang::Ko, ConnectionDropped) => "연결이 끊겼습니다. 네트워크를 확인하고 다시 시도하세요.".to_owned(),
        (Lang::En, TimedOut) => "The storage server did not answer in time, even after a few tries. Check your network and try again; if it keeps happening, tell the admin.".to_owned(),
        (Lang::Ko, TimedOut) => "저장소 서버가 몇 번을 다시 시도해도 제시간에 응답하지 않았습니다. 네트워크를 확인하고 다시 시도하세요. 계속되면 관리자에게 알리세요.".to_owned(),
        (Lang::En, TooLarge) => format!("The storage server sent a far larger answer than a listing can be, so the page stopped reading it{}. Tell the admin: the server (or something between it and you) is not answering as S3 does.", detail_suffix(failure)),
        (Lang::Ko, TooLarge) => format!("저장소 서버가 목록으로는 있을 수 없을 만큼 큰 응답을 보내서 읽기를 멈췄습니다{}. 관리자에게 알리세요. 서버(또는 중간의 장비)가 S3처럼 응답하지 않습니다.", detail_suffix(failure)),
        (Lang::En, KeyTooLong) => "This file's name is too long for the page to ask the storage server for it (S3 allows names of up to 1,024 bytes). Ask the admin to rename it.".to_owned(),
        (Lang::Ko, KeyTooLong) => "이 파일의 이름이 너무 길어서 페이지가 저장소 서버에 요청할 수 없습니다(S3는 1,024바이트까지 허용). 관리자에게 이름을 바꿔 달라고 하세요.".to_owned(),
        (Lang::En, NotAListing) => format!("The storage server answered with something that is not an S3 listing{}, so the page stopped. The items shown so far are real, but the list is not complete. Tell the admin: the server is not answering as S3 does.", detail_suffix(failure)),
        (Lang::Ko, NotAListing) => format!("저장소 서버가 S3 목록이 아닌 응답을 보내서{} 멈췄습니다. 지금까지 보이는 항목은 맞지만 전체 목록은 아닙니다. 관리자에게 알리세요. 서버가 S3처럼 응답하지 않습니다.", detail_suffix(failure)),
        (Lang::En, TooLargeToPreview { cap }) => format!("This file is larger than the page previews ({}). Download it to open it.", size(lang, *cap)),
        (Lang::Ko, TooLargeToPreview { cap }) => format!("이 파일은 페이지에서 미리 볼 수 있는 크기({})보다 큽니다. 내려받아서 여세요.", size(lang, *cap)),
        (Lang::En, BrokenListing) => format!("The storage server's listing never ends{}, so the page stopped asking. The items shown so far are real, but the list is not complete. Tell the admin: the server is not answering as S3 does.", detail_suffix(failure)),
        (Lang::Ko, BrokenListing) => format!("저장소 서버의 목록이 끝나지 않아{} 요청을 멈췄습니다. 지금까지 보이는 항목은 맞지만 전체 목록은 아닙니다. 관리자에게 알리세요. 서버가 S3처럼 응답하지 않습니다.", detail_suffix(failure)),
        (Lang::En, AccessDenied) => "Access denied: these keys may not open this. Check the bucket name and the prefix (folder) the admin gave you, or ask the admin for access.".to_owned(),
        (Lang::Ko, AccessDenied) => "접근이 거부되었습니다. 이 키로는 열 수 없습니다. 관리자가 알려 준 버킷 이름과 접두사(폴더)를 확인하거나 관리자에게 권한을 요청하세요.".to_owned(),
        (Lang::En, KeysExpired) => "Your keys have expired. Ask the admin for new keys and paste them above.".to_owned(),
        (Lang::Ko, KeysExpired) => "키가 만료되었습니다. 관리자에게 새 키를 받아 위에 붙여넣으세요.".to_owned(),
        (Lang::En, InvalidToken) => "The session token is wrong or incomplete. Paste all of the text the admin sent again: the token is long and easy to cut short.".to_owned(),
        (Lang::Ko, InvalidToken) => "세션 토큰이 틀렸거나 잘렸습니다. 관리자가 보낸 글 전체를 다시 붙여넣으세요. 토큰이 길어서 잘리기 쉽습니다.".to_owned(),
        (Lang::En, InvalidAccessKeyId) => "The server does not know this access key ID. Check that you pasted the newest keys and that the endpoint is right, or ask the admin for new keys.".to_owned(),
        (Lang::Ko, InvalidAccessKeyId) => "서버가 이 액세스 키 ID를 모릅니다. 가장 최근 키를 붙여넣었는지, 엔드포인트가 맞는지 확인하거나 관리자에게 새 키를 요청하세요.".to_owned(),
        (Lang::En, SignatureDoesNotMatch) => "The secret access key does not match the access key ID: it was probably pasted wrong. Paste the keys again, exactly as the admin sent them.".to_owned(),
        (Lang::Ko, SignatureDoesNotMatch) => "비밀 액세스 키가 액세스 키 ID와 맞지 않습니다. 잘못 붙여넣었을 가능성이 큽니다. 관리자가 보낸 그대로 다시 붙여넣으세요.".to_owned(),
        (Lang::En, NoSuchBucket) => format!("There is no bucket named \u{201c}{bucket}\u{201d}. Check the name (and the endpoint) with the admin."),
        (Lang::Ko, NoSuchBucket) => format!("\u{201c}{bucket}\u{201d}라는 버킷이 없습니다. 이름(과 엔드포인트)을 관리자에게 확인하세요."),
        (Lang::En, RoleRefused { role }) => format!("These keys may not assume the role {role}, or there is no such role. Check the role ARN with the admin; the admin must allow sts:AssumeRole on it for your IAM user and name your user in the role's trust policy."),
        (Lang::Ko, RoleRefused { role }) => format!("이 키로는 {role} 역할을 맡을 수 없거나 그런 역할이 없습니다. 관리자에게 역할 ARN을 확인하세요. 관리자는 IAM 사용자에게 이 역할에 대한 sts:AssumeRole 권한을 주고, 역할의 신뢰 정책에 사용자를 넣어야 합니다."),
        (Lang::En, MfaFailed) => "The role needs a code from your MFA device, and the code was missing, wrong or already used. Enter the MFA device's ARN (or serial number) and a fresh code, then connect again.".to_owned(),
        (Lang::Ko, MfaFailed) => "이 역할은 MFA 기기의 코드가 필요한데, 코드가 없거나 틀렸거나 이미 쓰였습니다. MFA 기기 ARN(또는 일련번호)과 새 코드를 입력하고 다시 연결하세요.".to_owned(),
        (Lang::En, DurationRefused) => "The role does not allow a session that long. Choose a shorter session (1 hour always works) and connect again.".to_owned(),
        (Lang::Ko, DurationRefused) => "이 역할은 그렇게 긴 세션을 허용하지 않습니다. 더 짧은 세션(1시간은 항상 가능)을 고르고 다시 연결하세요.".to_owned(),
        (Lang::En, StsRegionDisabled) => "AWS's key service (STS) is switched off in this region for the account. Ask the admin to activate STS in this region, or choose another region.".to_owned(),
        (Lang::Ko, StsRegionDisabled) => "이 계정은 이 리전에서 AWS 키 서비스(STS)가 꺼져 있습니다. 관리자에게 이 리전의 STS를 켜 달라고 하거나 다른 리전을 고르세요.".to_owned(),
        (Lang::En, StsUnreachable { url }) => format!("The page could not reach the key service at {url}. Either it does not answer this page (a server other than AWS may need its own CORS setting, or another STS endpoint), or the network is down. Ask the admin, or paste temporary keys (from aws sts assume-role) instead."),
        (Lang::Ko, StsUnreachable { url }) => format!("페이지가 {url}의 키 서비스에 닿지 못했습니다. 이 페이지에 응답하지 않거나(AWS가 아닌 서버는 CORS 설정이나 다른 STS 엔드포인트가 필요할 수 있음) 네트워크가 끊겼습니다. 관리자에게 문의하거나, 대신 임시 키(aws sts assume-role 결과)를 붙여넣으세요."),
        (Lang::En, NoSuchKey) => "This file is no longer in the bucket. Open the folder again to see what is there now.".to_owned(),
        (Lang::Ko, NoSuchKey) => "이 파일은 더 이상 버킷에 없습니다. 폴더를 다시 열어 현재 목록을 확인하세요.".to_owned(),
        (Lang::En, WrongRegion { region }) => format!("The bucket is in region {region}, which S3 would not accept on a second try. Enter {region} as the region and connect again."),
        (Lang::Ko, WrongRegion { region }) => format!("버킷은 {region} 리전에 있지만 다시 시도해도 S3가 받아들이지 않았습니다. 리전에 {region}을 입력하고 다시 연결하세요."),
        (Lang::En, ClockSkew { .. }) => "Your computer's clock is wrong by more than a few minutes, so S3 refuses the request. Set the clock to the right time (Windows: Settings › Time & language › Sync now) and try again.".to_owned(),
        (Lang::Ko, ClockSkew { .. }) => "컴퓨터 시계가 몇 분 이상 틀려서 S3가 요청을 거부했습니다. 시계를 맞추고(Windows: 설정 › 시간 및 언어 › 지금 동기화) 다시 시도하세요.".to_owned(),
        (Lang::En, ArchivedObject) => "This file is archived (Glacier) and cannot be downloaded until it is restored. Ask the admin to restore it.".to_owned(),
        (Lang::Ko, ArchivedObject) => "이 파일은 보관(Glacier) 상태라 복원하기 전에는 내려받을 수 없습니다. 관리자에게 복원을 요청하세요.".to_owned(),
        (Lang::En, KmsDenied) => "This file is encrypted with a KMS key your keys may not use. Ask the admin to allow kms:Decrypt on that key for your role.".to_owned(),
        (Lang::Ko, KmsDenied) => "이 파일은 사용할 권한이 없는 KMS 키로 암호화되어 있습니다. 관리자에게 해당 키의 kms:Decrypt 권한을 요청하세요.".to_owned(),
        (Lang::En, SlowDown) => "S3 asked for fewer requests and the retries did not get through. Wait a minute and try again.".to_owned(),
        (Lang::Ko, SlowDown) => "S3가 요청을 줄여 달라고 해서 재시도가 실패했습니다. 1분 정도 기다렸다가 다시 시도하세요.".to_owned(),
        (Lang::En, ServerError) => "The storage server had a problem and the retries did not get through. Try again in a few minutes.".to_owned(),
        (Lang::Ko, ServerError) => "저장소 서버에 문제가 있어 재시도가 실패했습니다. 몇 분 뒤에 다시 시도하세요.".to_owned(),
        (Lang::En, ChangedMidDownload) => "This file changed on the server while it was downloading, so the download was stopped. Start it again to get the new version.".to_owned(),
        (Lang::Ko, ChangedMidDownload) => "내려받는 동안 서버에서 이 파일이 바뀌어 다운로드를 멈췄습니다. 새 버전을 받으려면 다시 내려받으세요.".to_owned(),
        (Lang::En, SaveFailed) => format!("This computer could not save the file{}. Check that the disk has room and the folder still exists, then try again.", detail_suffix(failure)),
        (Lang::Ko, SaveFailed) => format!("이 컴퓨터에 파일을 저장하지 못했습니다{}. 디스크 공간과 폴더가 남아 있는지 확인하고 다시 시도하세요.", detail_suffix(failure)),
        (Lang::En, StoppedInBrowser) => "The download was stopped in the browser's download list. Start it again to get the file.".to_owned(),
        (Lang::Ko, StoppedInBrowser) => "브라우저의 다운로드 목록에서 다운로드가 중지되었습니다. 파일이 필요하면 다시 시작하세요.".to_owned(),
        (Lang::En, DownloadNotTaken) => "Your browser did not take this download from the page, so nothing was saved. Start it again: this tab now downloads each file on its own.".to_owned(),
        (Lang::Ko, DownloadNotTaken) => "브라우저가 이 페이지의 다운로드를 받지 않아 아무것도 저장되지 않았습니다. 다시 시작하세요. 이 탭은 이제 파일마다 따로 내려받습니다.".to_owned(),
        (Lang::En, EngineStopped) => format!("The page's download engine stopped{}. Files not finished were not saved. Reload the page and start them again; if it happens again, tell the admin.", detail_suffix(failure)),
        (Lang::Ko, EngineStopped) => format!("페이지의 다운로드 엔진이 멈췄습니다{}. 끝나지 않은 파일은 저장되지 않았습니다. 페이지를 새로 고친 뒤 다시 시작하세요. 또 그러면 관리자에게 알리세요.", detail_suffix(failure)),
        (Lang::En, EngineOutdated) => "This page was updated while it was open, and its parts no longer match. Reload the page (Ctrl+F5), then paste the keys again.".to_owned(),
        (Lang::Ko, EngineOutdated) => "페이지가 열려 있는 동안 새 버전으로 바뀌어 구성 요소가 서로 맞지 않습니다. 페이지를 새로 고친 뒤(Ctrl+F5) 키를 다시 붙여 넣으세요.".to_owned(),
        (Lang::En, NotInZip) => "Not in the ZIP: it stopped at an earlier file (see above). Start the ZIP again once that is solved.".to_owned(),
        (Lang::Ko, NotInZip) => "ZIP에 들어가지 않았습니다. 앞의 파일에서 ZIP이 멈췄습니다(위 참고). 그 문제를 해결한 뒤 ZIP을 다시 시작하세요.".to_owned(),
        (Lang::En, Other) => format!(
            "The request failed{}. Try again; if it keeps failing, send the details below to the admin.",
            detail_suffix(failure)
        ),
        (Lang::Ko, Other) => format!("요청이 실패했습니다{}. 다시 시도하고, 계속 실패하면 아래 자세한 내용을 관리자에게 보내세요.", detail_suffix(failure)),
    }
}

fn detail_suffix(failure: &Failure) -> String {
    match (&failure.code, &failure.message) {
        (Some(code), Some(message)) => format!(" ({code}: {message})"),
        (Some(code), None) => format!(" ({code})"),
        (None, Some(message)) => format!(" ({message})"),
        (None, None) => failure
            .status
            .map(|s| format!(" (HTTP {s})"))
            .unwrap_or_default(),
    }
}

/// Shown instead of an error when the user goes above the folder the keys were given for.
pub fn outside_scope(lang: Lang, start: &str) -> String {
    match lang {
        Lang::En => format!(
            "Your keys open only \u{201c}{start}\u{201d}; this level is not shared with you."
        ),
        Lang::Ko => format!(
            "이 키로는 \u{201c}{start}\u{201d}만 열 수 있습니다. 이 위치는 공유되지 않았습니다."
        ),
    }
}

/// The link back to the folder the keys open.
pub fn go_to(lang: Lang, start: &str) -> String {
    match lang {
        Lang::En => format!("Go to {start}"),
        Lang::Ko => format!("{start}(으)로 이동"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(problem: Problem) -> Failure {
        Failure {
            problem,
            status: Some(403),
            code: Some("X".into()),
            message: Some("m".into()),
            request_id: None,
        }
    }

    #[test]
    fn every_problem_says_what_to_do_in_both_languages() {
        let all = [
            Problem::CorsOrNetwork,
            Problem::ConnectionDropped,
            Problem::TimedOut,
            Problem::TooLarge,
            Problem::TooLargeToPreview { cap: 25 << 20 },
            Problem::NotAListing,
            Problem::KeyTooLong,
            Problem::BrokenListing,
            Problem::AccessDenied,
            Problem::KeysExpired,
            Problem::InvalidToken,
            Problem::InvalidAccessKeyId,
            Problem::SignatureDoesNotMatch,
            Problem::NoSuchBucket,
            Problem::NoSuchKey,
            Problem::WrongRegion {
                region: "eu-west-1".into(),
            },
            Problem::ClockSkew { server_time: None },
            Problem::ArchivedObject,
            Problem::KmsDenied,
            Problem::RoleRefused {
                role: "arn:aws:iam::123456789012:role/r".into(),
            },
            Problem::MfaFailed,
            Problem::DurationRefused,
            Problem::StsRegionDisabled,
            Problem::StsUnreachable {
                url: "https://sts.us-east-1.amazonaws.com/".into(),
            },
            Problem::SlowDown,
            Problem::ServerError,
            Problem::ChangedMidDownload,
            Problem::SaveFailed,
            Problem::EngineStopped,
            Problem::EngineOutdated,
            Problem::StoppedInBrowser,
            Problem::DownloadNotTaken,
            Problem::NotInZip,
            Problem::Other,
        ];
        for p in all {
            let en = problem(Lang::En, &failure(p.clone()), "b");
            let ko = problem(Lang::Ko, &failure(p.clone()), "b");
            assert!(en.len() > 30 && ko.len() > 30, "{p:?}");
            assert_ne!(en, ko);
            assert!(
                ko.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)),
                "{p:?} Korean text has Hangul"
            );
        }
    }

    #[test]
    fn other_failures_carry_s3s_words() {
        let text = problem(Lang::En, &failure(Problem::Other), "b");
        assert!(text.contains("(X: m)"), "{text}");
    }
}
