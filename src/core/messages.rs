//! The message table: every word the user sees, in English and Korean, each failure with its next step.

use super::bucket::BucketError;
use super::credentials::{CredentialsError, CredentialsWarning};
use super::problem::{Failure, Problem};
use super::transfers::Outcome;
use super::units::human_size;

/// The languages the portal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    /// Picks a language from a BCP 47 tag such as `ko-KR` or `en-US`.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

/// Fixed words: labels, buttons, headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    AppTitle,
    Tagline,
    Language,
    KeysHeading,
    PasteCredentials,
    PasteHint,
    AccessKeyId,
    SecretAccessKey,
    SessionToken,
    KeepInTab,
    KeepInTabNote,
    KeepInTabNoExpiry,
    ForgetKeys,
    ConnectionHeading,
    Bucket,
    Region,
    RegionHint,
    Endpoint,
    EndpointHint,
    Prefix,
    PrefixHint,
    Addressing,
    AddressingAuto,
    AddressingPath,
    AddressingVirtual,
    Connect,
    Cancel,
    Name,
    Size,
    LastModified,
    Folder,
    EmptyFolder,
    Details,
    Dismiss,
    CorsRuleHeading,
    StatusCode,
    ErrorCode,
    RequestId,
    Breadcrumb,
    PanicTitle,
    ReloadPage,
    NoKeys,
    StartHint,
    FilesHeading,
    DownloadColumn,
    DownloadFolder,
    ChooseFolderAndStart,
    TransfersHeading,
    CancelAll,
    Retry,
    SaveAsZip,
    SaveFile,
    DownloadEach,
    SaveFolderOrZip,
    ZipOnly,
    EachOnly,
    /// The browser did not take a download streamed from the page: each file goes on its own.
    EachRefused,
    SaveFileHint,
    CancelOne,
    ListingFolder,
    SelectAll,
    Filter,
    FilterHint,
    KeyboardHelp,
    KeyMove,
    KeyEnds,
    KeyOpen,
    KeySelect,
    KeyExtend,
    KeyParent,
    Change,
    Keys,
    SearchAll,
    FolderFacts,
    StopCounting,
    Preview,
    PreviewCut,
    PreviewUnplayable,
    KeyPreview,
    ShareLink,
    LinkWorksFor,
    UntilKeysExpire,
    CreateLink,
    Link,
    Copy,
    Copied,
    CopyByHand,
    Close,
    Replace,
    KeepBoth,
    Skip,
    SameForAll,
    RoleHeading,
    RoleArn,
    RoleHint,
    SessionLength,
    MfaSerial,
    MfaCode,
    SessionName,
    SessionNameHint,
    StsEndpoint,
    StsEndpointHint,
    AskingSts,
    RenewKeys,
    PlainHttp,
    RoleArnInvalid,
    CheckSetup,
    CheckIntro,
    RunCheck,
    Checking,
    CopyReport,
    ReportText,
    BackToFiles,
    LockedByAdmin,
    GoOn,
    OpenBucket,
    StayHere,
    InviteLink,
    InviteHint,
}

/// The words for a label.
pub fn label(lang: Lang, label: Label) -> &'static str {
    use Label::*;
    match (lang, label) {
        (Lang::En, AppTitle) => "Bucket portal",
        (Lang::Ko, AppTitle) => "버킷 포털",
        (Lang::En, Tagline) => "Browse and download files with the temporary keys your admin sent.",
        (Lang::Ko, Tagline) => "관리자가 보낸 임시 키로 파일을 살펴보고 내려받습니다.",
        (Lang::En, Language) => "Language",
        (Lang::Ko, Language) => "언어",
        (Lang::En, KeysHeading) => "1. Your keys",
        (Lang::Ko, KeysHeading) => "1. 키",
        (Lang::En, PasteCredentials) => "Paste credentials",
        (Lang::Ko, PasteCredentials) => "자격 증명 붙여넣기",
        (Lang::En, PasteHint) => "Paste the whole message the admin sent: JSON, PowerShell, export or set lines all work. The three fields below fill in by themselves; or type them, and Connect uses what they hold.",
        (Lang::Ko, PasteHint) => "관리자가 보낸 내용을 통째로 붙여넣으세요. JSON, PowerShell, export, set 형식 모두 됩니다. 아래 세 칸은 자동으로 채워집니다. 직접 입력해도 되며, 연결하면 칸에 있는 키를 씁니다.",
        (Lang::En, AccessKeyId) => "Access key ID",
        (Lang::Ko, AccessKeyId) => "액세스 키 ID",
        (Lang::En, SecretAccessKey) => "Secret access key",
        (Lang::Ko, SecretAccessKey) => "비밀 액세스 키",
        (Lang::En, SessionToken) => "Session token",
        (Lang::Ko, SessionToken) => "세션 토큰",
        (Lang::En, KeepInTab) => "Keep keys in this tab",
        (Lang::Ko, KeepInTab) => "이 탭에 키 보관",
        (Lang::En, KeepInTabNote) => "Off by default. When on, the keys survive a reload of this tab; the browser may keep tab storage on disk to restore the session. They are cleared at expiry and by Forget keys.",
        (Lang::En, KeepInTabNoExpiry) => "These keys do not say when they expire, so the page does not keep them in this tab (they could stay on disk without limit): after a reload, paste them again.",
        (Lang::Ko, KeepInTabNoExpiry) => "이 키에는 만료 시각이 없어서 탭에 보관하지 않습니다(기한 없이 디스크에 남을 수 있음). 새로 고친 뒤에는 다시 붙여넣으세요.",
        (Lang::Ko, KeepInTabNote) => "기본은 꺼짐입니다. 켜면 이 탭을 새로 고쳐도 키가 남습니다. 브라우저가 세션 복원을 위해 탭 저장소를 디스크에 둘 수 있습니다. 만료되거나 '키 지우기'를 누르면 지워집니다.",
        (Lang::En, ForgetKeys) => "Forget keys",
        (Lang::Ko, ForgetKeys) => "키 지우기",
        (Lang::En, ConnectionHeading) => "2. The bucket",
        (Lang::Ko, ConnectionHeading) => "2. 버킷",
        (Lang::En, Bucket) => "Bucket",
        (Lang::Ko, Bucket) => "버킷",
        (Lang::En, Region) => "Region",
        (Lang::Ko, Region) => "리전",
        (Lang::En, RegionHint) => "Leave blank to find it.",
        (Lang::Ko, RegionHint) => "비워 두면 자동으로 찾습니다.",
        (Lang::En, Endpoint) => "Endpoint",
        (Lang::Ko, Endpoint) => "엔드포인트",
        (Lang::En, EndpointHint) => "Leave blank for AWS.",
        (Lang::Ko, EndpointHint) => "AWS면 비워 두세요.",
        (Lang::En, Prefix) => "Prefix",
        (Lang::Ko, Prefix) => "접두사(폴더)",
        (Lang::En, PrefixHint) => "The folder your keys open, if the admin named one.",
        (Lang::Ko, PrefixHint) => "관리자가 폴더를 알려 줬다면 그 폴더입니다.",
        (Lang::En, Addressing) => "Addressing",
        (Lang::Ko, Addressing) => "주소 방식",
        (Lang::En, AddressingAuto) => "Automatic",
        (Lang::Ko, AddressingAuto) => "자동",
        (Lang::En, AddressingPath) => "Path-style",
        (Lang::Ko, AddressingPath) => "경로 방식",
        (Lang::En, AddressingVirtual) => "Virtual-host",
        (Lang::Ko, AddressingVirtual) => "가상 호스트 방식",
        (Lang::En, Connect) => "Connect",
        (Lang::Ko, Connect) => "연결",
        (Lang::En, Cancel) => "Cancel",
        (Lang::Ko, Cancel) => "취소",
        (Lang::En, Name) => "Name",
        (Lang::Ko, Name) => "이름",
        (Lang::En, Size) => "Size",
        (Lang::Ko, Size) => "크기",
        (Lang::En, LastModified) => "Last modified",
        (Lang::Ko, LastModified) => "수정한 날짜",
        (Lang::En, Folder) => "Folder",
        (Lang::Ko, Folder) => "폴더",
        (Lang::En, EmptyFolder) => "This folder is empty.",
        (Lang::Ko, EmptyFolder) => "이 폴더는 비어 있습니다.",
        (Lang::En, Details) => "Details",
        (Lang::Ko, Details) => "자세히",
        (Lang::En, Dismiss) => "Dismiss",
        (Lang::Ko, Dismiss) => "닫기",
        (Lang::En, CorsRuleHeading) => "CORS rule for the admin (aws s3api put-bucket-cors --cors-configuration)",
        (Lang::Ko, CorsRuleHeading) => "관리자에게 보낼 CORS 규칙 (aws s3api put-bucket-cors --cors-configuration)",
        (Lang::En, StatusCode) => "HTTP status",
        (Lang::Ko, StatusCode) => "HTTP 상태",
        (Lang::En, ErrorCode) => "Error code",
        (Lang::Ko, ErrorCode) => "오류 코드",
        (Lang::En, RequestId) => "Request ID",
        (Lang::Ko, RequestId) => "요청 ID",
        (Lang::En, Breadcrumb) => "Folder path",
        (Lang::Ko, Breadcrumb) => "폴더 경로",
        (Lang::En, PanicTitle) => "Something went wrong inside the page. Reload it to go on; your keys are not kept unless you chose to keep them in this tab.",
        (Lang::Ko, PanicTitle) => "페이지 내부에서 문제가 생겼습니다. 새로 고침하면 계속할 수 있습니다. 이 탭에 보관하기로 하지 않았다면 키는 남지 않습니다.",
        (Lang::En, ReloadPage) => "Reload page",
        (Lang::Ko, ReloadPage) => "새로 고침",
        (Lang::En, NoKeys) => "Paste your keys first.",
        (Lang::Ko, NoKeys) => "먼저 키를 붙여넣으세요.",
        (Lang::En, FilesHeading) => "Files",
        (Lang::Ko, FilesHeading) => "파일",
        (Lang::En, DownloadColumn) => "Download",
        (Lang::Ko, DownloadColumn) => "다운로드",
        (Lang::En, DownloadFolder) => "Download folder",
        (Lang::Ko, DownloadFolder) => "폴더 다운로드",
        (Lang::En, ChooseFolderAndStart) => "Choose folder and start",
        (Lang::Ko, ChooseFolderAndStart) => "저장할 폴더 선택 후 시작",
        (Lang::En, TransfersHeading) => "Transfers",
        (Lang::Ko, TransfersHeading) => "전송",
        (Lang::En, CancelAll) => "Cancel all",
        (Lang::Ko, CancelAll) => "모두 취소",
        (Lang::En, Retry) => "Retry",
        (Lang::Ko, Retry) => "다시 시도",
        (Lang::En, SaveAsZip) => "Save as one ZIP",
        (Lang::Ko, SaveAsZip) => "ZIP 파일 하나로 저장",
        (Lang::En, SaveFile) => "Save with progress",
        (Lang::Ko, SaveFile) => "진행 상황을 보며 저장",
        (Lang::En, DownloadEach) => "Download each file",
        (Lang::Ko, DownloadEach) => "파일마다 따로 다운로드",
        (Lang::En, SaveFolderOrZip) => "Save them into a folder you choose (sub-folders are made inside it), or as one ZIP file.",
        (Lang::Ko, SaveFolderOrZip) => "고른 폴더 안에 저장하거나(하위 폴더는 그 안에 만들어짐) ZIP 파일 하나로 저장하세요.",
        (Lang::En, ZipOnly) => "This browser cannot save into a folder you pick (Chrome and Edge can), so the files come as one ZIP file.",
        (Lang::Ko, ZipOnly) => "이 브라우저는 고른 폴더에 저장할 수 없어(Chrome, Edge는 가능) 파일을 ZIP 파일 하나로 받습니다.",
        (Lang::En, EachOnly) => "This page is not served over https, so the browser can neither save into a folder nor build a ZIP here: each file downloads on its own (the browser may ask to allow several downloads).",
        (Lang::Ko, EachOnly) => "이 페이지는 https가 아니라서 폴더 저장도 ZIP 만들기도 할 수 없습니다. 파일마다 따로 내려받습니다(브라우저가 여러 파일 다운로드를 허용할지 물을 수 있음).",
        (Lang::En, EachRefused) => "Your browser did not take the last download this page streamed to it (a ZIP, or a file saved with progress), so each file now downloads on its own (the browser may ask to allow several downloads).",
        (Lang::Ko, EachRefused) => "브라우저가 이 페이지가 넘긴 마지막 다운로드(ZIP 또는 진행률 표시 저장)를 받지 않아, 이제 파일마다 따로 내려받습니다(브라우저가 여러 파일 다운로드를 허용할지 물을 수 있음).",
        (Lang::En, SaveFileHint) => "The file is saved by this page, which shows its progress, resumes it if the connection drops and checks it against S3's checksum.",
        (Lang::Ko, SaveFileHint) => "이 페이지가 파일을 저장하며 진행 상황을 보여 주고, 연결이 끊기면 이어 받고, S3 체크섬으로 확인합니다.",
        (Lang::En, RoleHeading) => "Temporary keys from your IAM user's keys",
        (Lang::Ko, RoleHeading) => "IAM 사용자 키로 임시 키 받기",
        (Lang::En, RoleArn) => "Role to assume (ARN)",
        (Lang::Ko, RoleArn) => "맡을 역할(ARN)",
        (Lang::En, RoleHint) => "These are an IAM user's long-term keys (AKIA…). With the role your admin named, Connect asks AWS for temporary keys and uses those, and asks again before they expire while this page is open. The long-term keys stay in this tab's memory only, never in storage. Without a role, a code from an MFA device gets a session of your own.",
        (Lang::Ko, RoleHint) => "IAM 사용자의 장기 키(AKIA…)입니다. 관리자가 알려 준 역할을 넣으면 연결할 때 AWS에서 임시 키를 받아 쓰고, 페이지가 열려 있는 동안 만료 전에 다시 받습니다. 장기 키는 이 탭의 메모리에만 있고 저장되지 않습니다. 역할 없이 MFA 코드를 넣으면 본인 세션을 받습니다.",
        (Lang::En, SessionLength) => "Session length",
        (Lang::Ko, SessionLength) => "세션 길이",
        (Lang::En, MfaSerial) => "MFA device (ARN or serial number, if the role asks for one)",
        (Lang::Ko, MfaSerial) => "MFA 기기(ARN 또는 일련번호, 역할이 요구할 때)",
        (Lang::En, MfaCode) => "MFA code",
        (Lang::Ko, MfaCode) => "MFA 코드",
        (Lang::En, SessionName) => "Session name (optional)",
        (Lang::Ko, SessionName) => "세션 이름(선택)",
        (Lang::En, SessionNameHint) => "Shown in the bucket owner's logs. Empty: your IAM user name.",
        (Lang::Ko, SessionNameHint) => "버킷 소유자의 로그에 표시됩니다. 비워 두면 IAM 사용자 이름을 씁니다.",
        (Lang::En, StsEndpoint) => "STS endpoint",
        (Lang::Ko, StsEndpoint) => "STS 엔드포인트",
        (Lang::En, StsEndpointHint) => "Only for a storage server that is not AWS: where temporary keys are asked for. Empty: the endpoint above (on AWS, the region's own STS).",
        (Lang::Ko, StsEndpointHint) => "AWS가 아닌 저장소 서버에서만: 임시 키를 받을 곳. 비워 두면 위 엔드포인트(AWS면 리전의 STS)를 씁니다.",
        (Lang::En, AskingSts) => "Asking AWS for temporary keys…",
        (Lang::Ko, AskingSts) => "AWS에서 임시 키를 받는 중…",
        (Lang::En, RoleArnInvalid) => "A role ARN looks like arn:aws:iam::123456789012:role/NAME. Check it with the admin, or leave it empty to use the keys as they are.",
        (Lang::Ko, RoleArnInvalid) => "역할 ARN은 arn:aws:iam::123456789012:role/이름 형식입니다. 관리자에게 확인하거나, 키를 그대로 쓰려면 비워 두세요.",
        (Lang::En, CheckSetup) => "Check setup",
        (Lang::Ko, CheckSetup) => "설정 확인",
        (Lang::En, CheckIntro) => "With the keys and the bucket filled in on this page, checks everything the page needs of the bucket and says how to fix what is missing: https, the bucket's CORS rule for this page, the region, permission to list and to read, the headers the rule exposes, this computer's clock and when the keys expire. An admin can run it before sending keys; “Copy report” copies the result without any key.",
        (Lang::Ko, CheckIntro) => "이 페이지에 입력한 키와 버킷으로, 페이지에 필요한 모든 것을 확인하고 빠진 것을 고치는 방법을 알려 줍니다. https, 이 페이지를 위한 버킷의 CORS 규칙, 리전, 목록 보기와 읽기 권한, 규칙이 노출하는 헤더, 이 컴퓨터의 시계, 키 만료 시각. 관리자는 키를 보내기 전에 확인할 수 있고, “보고서 복사”는 키 없이 결과만 복사합니다.",
        (Lang::En, RunCheck) => "Run the check",
        (Lang::Ko, RunCheck) => "확인 실행",
        (Lang::En, Checking) => "Checking…",
        (Lang::Ko, Checking) => "확인하는 중…",
        (Lang::En, CopyReport) => "Copy report",
        (Lang::Ko, CopyReport) => "보고서 복사",
        (Lang::En, ReportText) => "Report (plain text, without keys)",
        (Lang::Ko, ReportText) => "보고서(일반 텍스트, 키 없음)",
        (Lang::En, BackToFiles) => "Back to the files",
        (Lang::Ko, BackToFiles) => "파일로 돌아가기",
        (Lang::En, LockedByAdmin) => "Set by your admin.",
        (Lang::Ko, LockedByAdmin) => "관리자가 정한 값입니다.",
        (Lang::En, GoOn) => "Use my keys there",
        (Lang::Ko, GoOn) => "그곳에 키 사용",
        (Lang::En, OpenBucket) => "Open it",
        (Lang::Ko, OpenBucket) => "열기",
        (Lang::En, StayHere) => "Stay here",
        (Lang::Ko, StayHere) => "그대로 두기",
        (Lang::En, InviteLink) => "Invite link",
        (Lang::Ko, InviteLink) => "초대 링크",
        (Lang::En, InviteHint) => "Opens this page with the bucket, folder and region filled in, ready for the keys to be pasted. It carries no key.",
        (Lang::Ko, InviteHint) => "버킷, 폴더, 리전이 채워진 채로 이 페이지를 열어 키만 붙여넣으면 됩니다. 키는 담기지 않습니다.",
        (Lang::En, RenewKeys) => "Renew keys",
        (Lang::Ko, RenewKeys) => "키 갱신",
        (Lang::En, PlainHttp) => "This page is not served over https: anyone on your network can read keys typed or pasted here. Ask the admin for the page's https address.",
        (Lang::Ko, PlainHttp) => "이 페이지는 https가 아닙니다. 같은 네트워크의 누구든 여기에 입력하거나 붙여넣은 키를 읽을 수 있습니다. 관리자에게 https 주소를 요청하세요.",
        (Lang::En, Replace) => "Replace",
        (Lang::Ko, Replace) => "바꾸기",
        (Lang::En, KeepBoth) => "Keep both",
        (Lang::Ko, KeepBoth) => "둘 다 유지",
        (Lang::En, Skip) => "Skip",
        (Lang::Ko, Skip) => "건너뛰기",
        (Lang::En, SameForAll) => "Do the same for every file already there",
        (Lang::Ko, SameForAll) => "이미 있는 다른 파일에도 똑같이 하기",
        (Lang::En, CancelOne) => "Cancel",
        (Lang::Ko, CancelOne) => "취소",
        (Lang::En, ListingFolder) => "Listing everything in the folder…",
        (Lang::Ko, ListingFolder) => "폴더 안의 모든 항목을 확인하는 중…",
        (Lang::En, SelectAll) => "Select all in this folder",
        (Lang::Ko, SelectAll) => "이 폴더에서 모두 선택",
        (Lang::En, Filter) => "Filter this folder",
        (Lang::Ko, Filter) => "이 폴더에서 찾기",
        (Lang::En, FilterHint) => "Type part of a name: only matching rows stay, sorted as the table is. Use this instead of the browser's Find (Ctrl+F), which sees only the rows on screen.",
        (Lang::Ko, FilterHint) => "이름의 일부를 입력하면 맞는 행만 남습니다. 브라우저의 찾기(Ctrl+F)는 화면에 보이는 행만 찾으니 이 칸을 쓰세요.",
        (Lang::En, KeyboardHelp) => "Keyboard shortcuts",
        (Lang::Ko, KeyboardHelp) => "키보드 단축키",
        (Lang::En, KeyMove) => "↑ ↓, Page Up, Page Down: move between rows",
        (Lang::Ko, KeyMove) => "↑ ↓, Page Up, Page Down: 행 사이 이동",
        (Lang::En, KeyEnds) => "Home, End: first and last row",
        (Lang::Ko, KeyEnds) => "Home, End: 첫 행과 마지막 행",
        (Lang::En, KeyOpen) => "Enter: open a folder, download a file",
        (Lang::Ko, KeyOpen) => "Enter: 폴더 열기, 파일 다운로드",
        (Lang::En, KeySelect) => "Space: select or unselect the row",
        (Lang::Ko, KeySelect) => "Space: 행 선택 또는 해제",
        (Lang::En, KeyExtend) => "Shift + ↑ ↓: select while moving",
        (Lang::Ko, KeyExtend) => "Shift + ↑ ↓: 이동하면서 선택",
        (Lang::En, KeyParent) => "Backspace or Alt + ↑: the folder above",
        (Lang::Ko, KeyParent) => "Backspace 또는 Alt + ↑: 상위 폴더",
        (Lang::En, Change) => "Change",
        (Lang::Ko, Change) => "변경",
        (Lang::En, Keys) => "Keys",
        (Lang::Ko, Keys) => "키",
        (Lang::En, Preview) => "Preview",
        (Lang::Ko, Preview) => "미리 보기",
        (Lang::En, PreviewCut) => "Only the first 256 KB are shown: download the file for the rest.",
        (Lang::Ko, PreviewCut) => "앞부분 256KB만 보입니다. 나머지는 파일을 내려받아 보세요.",
        (Lang::En, PreviewUnplayable) => "This browser cannot show this file (its format, or the file is damaged). Download it to open it in another program.",
        (Lang::Ko, PreviewUnplayable) => "이 브라우저는 이 파일을 보여 줄 수 없습니다(형식이 지원되지 않거나 파일이 손상됨). 내려받아서 다른 프로그램으로 여세요.",
        (Lang::En, KeyPreview) => "P: preview a text file (shown as text, never as a page)",
        (Lang::Ko, KeyPreview) => "P: 텍스트 파일 미리 보기 (웹 페이지로 열지 않고 글자로만 표시)",
        (Lang::En, FolderFacts) => "Count files and size",
        (Lang::Ko, FolderFacts) => "파일 수와 크기 세기",
        (Lang::En, StopCounting) => "Stop counting",
        (Lang::Ko, StopCounting) => "세기 멈추기",
        (Lang::En, SearchAll) => "Search all sub-folders",
        (Lang::Ko, SearchAll) => "모든 하위 폴더에서 찾기",
        (Lang::En, ShareLink) => "Share link…",
        (Lang::Ko, ShareLink) => "공유 링크…",
        (Lang::En, LinkWorksFor) => "The link works for",
        (Lang::Ko, LinkWorksFor) => "링크 유효 기간",
        (Lang::En, UntilKeysExpire) => "until your keys expire",
        (Lang::Ko, UntilKeysExpire) => "키가 만료될 때까지",
        (Lang::En, CreateLink) => "Create link",
        (Lang::Ko, CreateLink) => "링크 만들기",
        (Lang::En, Link) => "Link",
        (Lang::Ko, Link) => "링크",
        (Lang::En, Copy) => "Copy",
        (Lang::Ko, Copy) => "복사",
        (Lang::En, Copied) => "Copied.",
        (Lang::Ko, Copied) => "복사했습니다.",
        (Lang::En, CopyByHand) => "The browser did not allow copying: the text is selected, press Ctrl+C.",
        (Lang::Ko, CopyByHand) => "브라우저가 복사를 허용하지 않았습니다. 글이 선택되어 있으니 Ctrl+C를 누르세요.",
        (Lang::En, Close) => "Close",
        (Lang::Ko, Close) => "닫기",
        (Lang::En, StartHint) => "Paste your keys and press Connect: the bucket's folders and files appear here.",
        (Lang::Ko, StartHint) => "키를 붙여넣고 '연결'을 누르세요. 버킷의 폴더와 파일이 여기에 나타납니다.",
    }
}

/// "Download <name>": the accessible name of a file's download control.
pub fn download(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Download {name}"),
        Lang::Ko => format!("{name} 다운로드"),
    }
}

/// A file size as the user's Explorer would show it ("1.5 MB"; "27 bytes" / "27바이트").
pub fn size(lang: Lang, bytes: u64) -> String {
    match (lang, bytes) {
        (Lang::Ko, 0..1024) => format!("{bytes}바이트"),
        _ => human_size(bytes),
    }
}

/// The accessible name of a folder's download control.
pub fn download_folder(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Download folder {name}/"),
        Lang::Ko => format!("{name}/ 폴더 다운로드"),
    }
}

/// What a folder download will fetch, asked before it starts.
pub fn folder_summary(lang: Lang, name: &str, files: usize, total: u64) -> String {
    let total = size(lang, total);
    match lang {
        Lang::En => format!("\u{201c}{name}/\u{201d}: {files} files, {total} in total."),
        Lang::Ko => format!("\u{201c}{name}/\u{201d}: 파일 {files}개, 모두 {total}."),
    }
}

/// What a download of the checked rows will fetch, asked before it starts.
pub fn selection_summary(lang: Lang, files: usize, total: u64) -> String {
    let total = size(lang, total);
    match lang {
        Lang::En => format!("Selected: {files} files, {total} in total."),
        Lang::Ko => format!("선택한 항목: 파일 {files}개, 모두 {total}."),
    }
}

/// A file of a folder download would land where the folder already holds one of its name.
pub fn exists_question(lang: Lang, path: &str, more: usize) -> String {
    let more = match (lang, more) {
        (_, 0) => String::new(),
        (Lang::En, 1) => " One more file of this download is there too.".to_owned(),
        (Lang::En, n) => format!(" {} more files of this download are there too.", grouped(n)),
        (Lang::Ko, n) => format!(" 이번에 받는 파일 중 {}개도 이미 있습니다.", grouped(n)),
    };
    match lang {
        Lang::En => format!("“{path}” is already in the folder you chose. Replace it, keep both (the new one gets a number), or skip this file?{more}"),
        Lang::Ko => format!("고른 폴더에 “{path}” 파일이 이미 있습니다. 바꿀까요, 둘 다 유지할까요(새 파일 이름에 번호가 붙음), 아니면 이 파일을 건너뛸까요?{more}"),
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

/// What a Copy button says afterwards: copied, or (the browser refused) to press Ctrl+C.
pub fn copied_label(done: bool) -> Label {
    if done {
        Label::Copied
    } else {
        Label::CopyByHand
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

/// The renewal waits for a code: until when the keys still work.
pub fn mfa_due(lang: Lang, clock: &str) -> String {
    match lang {
        Lang::En => format!("Your keys end at {clock}. Enter a fresh code from your MFA device to renew them; transfers go on meanwhile."),
        Lang::Ko => format!("키가 {clock}에 만료됩니다. 갱신하려면 MFA 기기의 새 코드를 입력하세요. 그동안 전송은 계속됩니다."),
    }
}

/// Under a long transfers list: how many files are not listed, and how many of all are done.
pub fn more_files(lang: Lang, unlisted: usize, done: usize) -> String {
    match lang {
        Lang::En => format!("{unlisted} more files not listed ({done} done in all); files that need you and the running ones are listed first."),
        Lang::Ko => format!("목록에 없는 파일 {unlisted}개 (모두 {done}개 완료). 확인이 필요한 파일과 진행 중인 파일이 먼저 표시됩니다."),
    }
}

/// How fast a transfer goes and how long is left: "4.2 MB/s, 3 min left".
pub fn rate(lang: Lang, bytes_per_second: u64, seconds_left: Option<u64>) -> String {
    let speed = format!("{}/s", size(lang, bytes_per_second));
    match (lang, seconds_left) {
        (_, None) => speed,
        (Lang::En, Some(left)) => format!("{speed}, {} left", duration(lang, left)),
        (Lang::Ko, Some(left)) => format!("{speed}, {} 남음", duration(lang, left)),
    }
}

/// A duration rounded for people: "45 s", "3 min", "1 h 5 min".
pub fn duration(lang: Lang, seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (lang, h, m) {
        (Lang::En, 0, 0) => format!("{s} s"),
        (Lang::Ko, 0, 0) => format!("{s}초"),
        (Lang::En, 0, _) => format!("{} min", m + u64::from(s >= 30)),
        (Lang::Ko, 0, _) => format!("{}분", m + u64::from(s >= 30)),
        (Lang::En, _, _) => format!("{h} h {m} min"),
        (Lang::Ko, _, _) => format!("{h}시간 {m}분"),
    }
}

/// "Download selected (3)".
pub fn download_selected(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En => format!("Download selected ({count})"),
        Lang::Ko => format!("선택한 항목 다운로드 ({count})"),
    }
}

/// A share link's lifetime as offered: whole days, hours or minutes.
pub fn lifetime(lang: Lang, seconds: u64) -> String {
    let (days, hours) = (seconds / 86_400, seconds / 3600);
    match lang {
        Lang::En if seconds.is_multiple_of(86_400) && days == 1 => "1 day".to_owned(),
        Lang::En if seconds.is_multiple_of(86_400) => format!("{days} days"),
        Lang::Ko if seconds.is_multiple_of(86_400) => format!("{days}일"),
        Lang::En if seconds.is_multiple_of(3600) => format!("{hours} h"),
        Lang::Ko if seconds.is_multiple_of(3600) => format!("{hours}시간"),
        _ => duration(lang, seconds),
    }
}

/// The preview's heading.
pub fn preview_heading(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Preview of {name}"),
        Lang::Ko => format!("{name} 미리 보기"),
    }
}

/// The share box's heading.
pub fn share_heading(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Share link for {name}"),
        Lang::Ko => format!("{name} 공유 링크"),
    }
}

/// Until when a share link works, and what it lets others do.
pub fn share_until(lang: Lang, name: &str, until: &str) -> String {
    match lang {
        Lang::En => format!("This link works until {until}. Anyone who has it can download {name} until then, without keys: send it only to whom it is meant for."),
        Lang::Ko => format!("이 링크는 {until}까지 유효합니다. 그때까지는 링크를 가진 누구나 키 없이 {name}을(를) 내려받을 수 있으니, 받을 사람에게만 보내세요."),
    }
}

/// "Select all 12,345 matching": the rows the filter let through, on screen or not.
pub fn select_all_matching(lang: Lang, count: usize) -> String {
    let count = grouped(count);
    match lang {
        Lang::En => format!("Select all {count} matching"),
        Lang::Ko => format!("찾은 {count}개 모두 선택"),
    }
}

/// Said in the table when the filter lets no row through.
pub fn no_match(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => format!("No name here holds \u{201c}{text}\u{201d}."),
        Lang::Ko => format!("\u{201c}{text}\u{201d}이(가) 들어간 이름이 없습니다."),
    }
}

/// How many rows the filter let through, of how many listed.
pub fn matching_count(lang: Lang, matching: usize, loaded: usize) -> String {
    let (matching, loaded) = (grouped(matching), grouped(loaded));
    match lang {
        Lang::En => format!("{matching} of {loaded} match"),
        Lang::Ko => format!("{loaded}개 중 {matching}개 일치"),
    }
}

/// A count with thousands separated by commas (both languages write them so).
pub fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The accessible name of a row's checkbox.
pub fn select_row(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Select {name}"),
        Lang::Ko => format!("{name} 선택"),
    }
}

/// The transfers' total progress.
pub fn transfer_total(
    lang: Lang,
    done_files: usize,
    files: usize,
    done_bytes: u64,
    total: u64,
) -> String {
    let (done_bytes, total) = (size(lang, done_bytes), size(lang, total));
    match lang {
        Lang::En => format!("{done_files} of {files} files, {done_bytes} of {total}"),
        Lang::Ko => format!("파일 {files}개 중 {done_files}개, {total} 중 {done_bytes}"),
    }
}

/// Said of a file started over because the object changed on the server while it downloaded.
pub fn restarted(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "(the file changed on the server meanwhile, so it was started over)",
        Lang::Ko => "(받는 중에 서버의 파일이 바뀌어 처음부터 다시 받았습니다)",
    }
}

/// Where one file of a transfer stands, in words.
pub fn outcome(lang: Lang, outcome: &Outcome) -> &'static str {
    match (lang, outcome) {
        (Lang::En, Outcome::Queued) => "Waiting",
        (Lang::Ko, Outcome::Queued) => "대기 중",
        (Lang::En, Outcome::Running) => "Downloading",
        (Lang::Ko, Outcome::Running) => "내려받는 중",
        (Lang::En, Outcome::Verified) => "Done, verified",
        (Lang::Ko, Outcome::Verified) => "완료, 검증됨",
        (Lang::En, Outcome::NotVerifiable(_)) => "Done (S3 gave nothing to verify it against)",
        (Lang::Ko, Outcome::NotVerifiable(_)) => "완료 (S3가 검증할 값을 주지 않음)",
        (Lang::En, Outcome::Mismatch) => {
            "Damaged in transfer: it does not match S3's checksum. Retry it."
        }
        (Lang::Ko, Outcome::Mismatch) => "전송 중 손상됨: S3 체크섬과 다릅니다. 다시 시도하세요.",
        (Lang::En, Outcome::Failed) => "Failed",
        (Lang::Ko, Outcome::Failed) => "실패",
        (Lang::En, Outcome::Cancelled) => "Cancelled",
        (Lang::Ko, Outcome::Cancelled) => "취소됨",
        (Lang::En, Outcome::Paused) => "Paused: the keys ran out. Paste new keys to go on.",
        (Lang::Ko, Outcome::Paused) => {
            "일시 중지: 키가 만료되었습니다. 새 키를 붙여넣으면 이어서 진행합니다."
        }
        (Lang::En, Outcome::Skipped) => "Skipped: the folder already had this file",
        (Lang::Ko, Outcome::Skipped) => "건너뜀: 폴더에 이미 있는 파일",
    }
}

/// The running count while pages arrive, and the total once done or cancelled.
pub fn listing_count(lang: Lang, count: usize, done: bool, cancelled: bool) -> String {
    let count = grouped(count);
    match (lang, done, cancelled) {
        (Lang::En, _, true) => format!("Stopped after {count} items."),
        (Lang::Ko, _, true) => format!("항목 {count}개에서 멈췄습니다."),
        (Lang::En, true, _) => format!("{count} items"),
        (Lang::Ko, true, _) => format!("항목 {count}개"),
        (Lang::En, false, _) => format!("Loading… {count} items so far"),
        (Lang::Ko, false, _) => format!("불러오는 중… 지금까지 {count}개"),
    }
}

/// Folder facts: files below the folder at every depth and their total size.
pub fn folder_facts(lang: Lang, files: u64, bytes: u64, done: bool, stopped: bool) -> String {
    let (files, total) = (grouped(files as usize), size(lang, bytes));
    match (lang, done, stopped) {
        (Lang::En, _, true) => format!("Stopped counting: at least {files} files, {total}."),
        (Lang::Ko, _, true) => format!("세기를 멈췄습니다: 파일 {files}개 이상, {total} 이상."),
        (Lang::En, true, _) => {
            format!("This folder and its sub-folders hold {files} files, {total} in all.")
        }
        (Lang::Ko, true, _) => format!("이 폴더와 하위 폴더에 파일 {files}개, 모두 {total}입니다."),
        (Lang::En, false, _) => format!("Counting… {files} files, {total} so far"),
        (Lang::Ko, false, _) => format!("세는 중… 지금까지 파일 {files}개, {total}"),
    }
}

/// The count line of "Search all sub-folders": how many keys were scanned.
pub fn scanned_count(lang: Lang, count: usize, done: bool, cancelled: bool) -> String {
    let count = grouped(count);
    match (lang, done, cancelled) {
        (Lang::En, _, true) => format!("Search stopped after {count} keys."),
        (Lang::Ko, _, true) => format!("키 {count}개를 살펴본 뒤 검색을 멈췄습니다."),
        (Lang::En, true, _) => format!("{count} keys in all sub-folders"),
        (Lang::Ko, true, _) => format!("모든 하위 폴더의 키 {count}개"),
        (Lang::En, false, _) => format!("Searching all sub-folders… {count} keys scanned so far"),
        (Lang::Ko, false, _) => format!("모든 하위 폴더 검색 중… 지금까지 키 {count}개 확인"),
    }
}

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

/// Said while a download is being checked before the browser takes it over.
/// The plain-http fallback handed every file to the browser.
pub fn downloads_started(lang: Lang, files: usize) -> String {
    match lang {
        Lang::En => format!("{files} downloads have started, one per file. Your browser's downloads list shows their progress."),
        Lang::Ko => format!("파일마다 하나씩 다운로드 {files}개가 시작되었습니다. 진행 상황은 브라우저의 다운로드 목록에 표시됩니다."),
    }
}

pub fn download_started(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!(
            "{name}: the download has started. Your browser's downloads list shows its progress."
        ),
        Lang::Ko => format!(
            "{name}: 다운로드가 시작되었습니다. 진행 상황은 브라우저의 다운로드 목록에 표시됩니다."
        ),
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
    fn lifetimes_read_as_offered() {
        assert_eq!(lifetime(Lang::En, 60), "1 min");
        assert_eq!(lifetime(Lang::En, 8 * 3600), "8 h");
        assert_eq!(lifetime(Lang::En, 86_400), "1 day");
        assert_eq!(lifetime(Lang::Ko, 7 * 86_400), "7일");
        assert_eq!(lifetime(Lang::En, 3660), "1 h 1 min");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(12_345), "12,345");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(
            select_all_matching(Lang::En, 12_345),
            "Select all 12,345 matching"
        );
        assert_eq!(matching_count(Lang::Ko, 3, 2_000), "2,000개 중 3개 일치");
    }

    #[test]
    fn rates_and_times_left_read_naturally() {
        assert_eq!(rate(Lang::En, 4_410_000, Some(185)), "4.2 MB/s, 3 min left");
        assert_eq!(rate(Lang::Ko, 4_410_000, Some(45)), "4.2 MB/s, 45초 남음");
        assert_eq!(rate(Lang::En, 2048, None), "2.0 KB/s");
        assert_eq!(duration(Lang::En, 3_900), "1 h 5 min");
        assert_eq!(duration(Lang::Ko, 3_900), "1시간 5분");
        assert_eq!(duration(Lang::En, 89), "1 min");
        assert_eq!(duration(Lang::En, 90), "2 min");
    }

    #[test]
    fn language_follows_the_tag() {
        assert_eq!(Lang::from_tag("ko-KR"), Lang::Ko);
        assert_eq!(Lang::from_tag("ko"), Lang::Ko);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En);
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

    #[test]
    fn english_accessible_names_are_the_documented_ones() {
        assert_eq!(
            label(Lang::En, Label::PasteCredentials),
            "Paste credentials"
        );
        assert_eq!(label(Lang::En, Label::AccessKeyId), "Access key ID");
        assert_eq!(label(Lang::En, Label::Connect), "Connect");
        assert_eq!(label(Lang::En, Label::ForgetKeys), "Forget keys");
        assert_eq!(download(Lang::En, "a.txt"), "Download a.txt");
    }

    #[test]
    fn sizes_speak_the_language() {
        assert_eq!(size(Lang::Ko, 27), "27바이트");
        assert_eq!(size(Lang::En, 27), "27 bytes");
        assert_eq!(size(Lang::Ko, 1536), "1.5 KB");
    }

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
