//! The words around the listing: counts, the filter, selection, folder facts, preview and share.

use super::{duration, grouped, size, Lang};

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

/// How many rows the filter let through, of how many listed.
pub fn matching_count(lang: Lang, matching: usize, loaded: usize) -> String {
    let (matching, loaded) = (grouped(matching), grouped(loaded));
    match lang {
        Lang::En => format!("{matching} of {loaded} match"),
        Lang::Ko => format!("{loaded}개 중 {matching}개 일치"),
    }
}

/// Said in the table when the filter lets no row through.
pub fn no_match(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => format!("No name here holds \u{201c}{text}\u{201d}."),
        Lang::Ko => format!("\u{201c}{text}\u{201d}이(가) 들어간 이름이 없습니다."),
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

/// The accessible name of a row's checkbox.
pub fn select_row(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Select {name}"),
        Lang::Ko => format!("{name} 선택"),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
