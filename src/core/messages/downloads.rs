//! The words of downloads: what a download will fetch, the question about files already there, progress and where each file stands.

use super::{duration, grouped, size, Lang};
use crate::core::download_plan::Outcome;

/// "Download `name`": the accessible name of a file's download control.
pub fn download(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Download {name}"),
        Lang::Ko => format!("{name} 다운로드"),
    }
}

/// The accessible name of a folder's download control.
pub fn download_folder(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Download folder {name}/"),
        Lang::Ko => format!("{name}/ 폴더 다운로드"),
    }
}

/// "Download selected (3)".
pub fn download_selected(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En => format!("Download selected ({count})"),
        Lang::Ko => format!("선택한 항목 다운로드 ({count})"),
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

/// The plain-http fallback handed every file to the browser.
pub fn downloads_started(lang: Lang, files: usize) -> String {
    match lang {
        Lang::En => format!("{files} downloads have started, one per file. Your browser's downloads list shows their progress."),
        Lang::Ko => format!("파일마다 하나씩 다운로드 {files}개가 시작되었습니다. 진행 상황은 브라우저의 다운로드 목록에 표시됩니다."),
    }
}

/// Said while a download is being checked before the browser takes it over.
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
}
