//! The one sanitiser: object keys become relative paths that can never leave the chosen folder (files and ZIP alike).

use std::collections::{BTreeMap, BTreeSet};

use crate::core::nfc::{as_is, Normalize};

/// The longest file or folder name most file systems take, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// The longest relative path a download writes, in UTF-16 units (what Windows counts): with the
/// chosen folder's own path in front, it stays under Windows' 260.
pub const MAX_PATH_UNITS: usize = 200;

/// What each name of a path too long is cut to, in UTF-16 units, before folders are dropped.
const SHORT_NAME_UNITS: usize = 40;

/// A safe name for one path segment: no separators, control characters, bidi or zero-width marks,
/// Windows-reserved device names, trailing dots or spaces; at most 255 bytes; never empty.
pub fn sanitize_segment(segment: &str) -> String {
    let name: String = segment
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .map(|c| if "\\/:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    let mut name = tidy(&name);
    if name.is_empty() {
        return "download".to_owned();
    }
    if is_reserved(&name) {
        name.insert(0, '_');
    }
    tidy(&truncate_bytes(&name, MAX_NAME_BYTES))
}

/// Windows drops trailing dots and spaces (`a.` is `a`); leading spaces confuse every shell.
fn tidy(name: &str) -> String {
    name.trim_end_matches(['.', ' ']).trim_start().to_owned()
}

/// CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0–9 and LPT0–9 (Windows takes the superscripts ¹ ² ³
/// as digits there too), with or without an extension, in any case, trailing spaces ignored.
fn is_reserved(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let numbered = ["COM", "LPT"].iter().any(|device| {
        let mut rest = stem.strip_prefix(device).unwrap_or("").chars();
        matches!(
            (rest.next(), rest.next()),
            (Some('0'..='9' | '¹' | '²' | '³'), None)
        )
    });
    numbered
        || matches!(
            stem.as_str(),
            "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
        )
}

/// `name` as the page shows it: control characters and the marks that reorder or hide text are
/// written out (`[U+202E]`), so a key like `invoice\u{202E}fdp.exe` cannot pass for
/// `invoiceexe.pdf` on screen.
pub fn visible(name: &str) -> std::borrow::Cow<'_, str> {
    if !name
        .chars()
        .any(|c| c.is_control() || is_invisible_format(c))
    {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut shown = String::with_capacity(name.len() + 16);
    for c in name.chars() {
        if c.is_control() || is_invisible_format(c) {
            shown.push_str(&format!("[U+{:04X}]", c as u32));
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// Unicode format characters that reorder or hide text (bidi overrides, zero-width marks): a name
/// like `invoice\u{202E}fdp.exe` would otherwise show as `invoiceexe.pdf`.
pub(crate) fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Cuts a name to `max` bytes on a character boundary, keeping a short extension.
fn truncate_bytes(name: &str, max: usize) -> String {
    truncate(name, max, char::len_utf8)
}

/// Cuts a name to `max` of what `size` measures (bytes, UTF-16 units), keeping a short extension.
fn truncate(name: &str, max: usize, size: fn(char) -> usize) -> String {
    let measure = |s: &str| s.chars().map(size).sum::<usize>();
    if measure(name) <= max {
        return name.to_owned();
    }
    let (stem, ext) = split_extension(name);
    let mut room = max.saturating_sub(measure(ext));
    let kept: String = stem
        .chars()
        .take_while(|&c| {
            let fits = size(c) <= room;
            room = room.saturating_sub(size(c));
            fits
        })
        .collect();
    format!("{kept}{ext}")
}

/// A name's stem and its extension (with the dot), when it has a short one (16 bytes at most:
/// a long tail after a dot is part of the name, and cutting keeps it).
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if name.len() - i <= 16 && i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

/// A path's length in UTF-16 units, separators included.
fn path_units(segments: &[String]) -> usize {
    let names: usize = segments.iter().map(|s| s.encode_utf16().count()).sum();
    names + segments.len().saturating_sub(1)
}

/// Keeps a path within [`MAX_PATH_UNITS`]: long names are cut first, then the deepest folders
/// go (the file stays, in a shallower folder).
fn fit_path(mut segments: Vec<String>) -> Vec<String> {
    if path_units(&segments) <= MAX_PATH_UNITS {
        return segments;
    }
    for segment in &mut segments {
        *segment = tidy(&truncate(segment, SHORT_NAME_UNITS, char::len_utf16));
    }
    while path_units(&segments) > MAX_PATH_UNITS && segments.len() > 1 {
        segments.remove(segments.len() - 2);
    }
    segments
}

/// The path segments of `key` below the folder being downloaded (`base`, a prefix): `/` and `\`
/// both separate, empty, `.` and `..` segments are dropped, every segment is sanitised.
pub fn relative_segments(key: &str, base: &str) -> Vec<String> {
    let rest = key.strip_prefix(base).unwrap_or(key);
    let segments: Vec<String> = rest
        .split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .map(sanitize_segment)
        .collect();
    if segments.is_empty() {
        vec!["download".to_owned()]
    } else {
        fit_path(segments)
    }
}

/// Gives each key of one download a distinct relative path, also where keys collide after
/// sanitising, differ only in case (Windows and macOS fold case) or only in Unicode form (NFC and
/// NFD are one name on macOS): later ones get " (2)", " (3)"…
#[derive(Debug)]
pub struct PathPlanner {
    /// Paths of files placed so far, folded.
    files: BTreeSet<String>,
    /// Folder paths placed so far (folded) → the folder path chosen for them.
    folders: BTreeMap<String, Vec<String>>,
    /// For a path wanted more than once (folded), the " (n)" to try next.
    suffixes: BTreeMap<String, u32>,
    normalize: Normalize,
}

impl Default for PathPlanner {
    fn default() -> Self {
        PathPlanner::with_normalize(as_is)
    }
}

impl PathPlanner {
    pub fn new() -> Self {
        PathPlanner::default()
    }

    /// A planner that compares names after bringing them to NFC with `normalize`.
    pub fn with_normalize(normalize: Normalize) -> Self {
        PathPlanner {
            files: BTreeSet::new(),
            folders: BTreeMap::new(),
            suffixes: BTreeMap::new(),
            normalize,
        }
    }

    /// A path as it is compared: in NFC and lower case.
    fn fold(&self, path: &[String]) -> String {
        let joined = path.join("/");
        (self.normalize)(&joined).unwrap_or(joined).to_lowercase()
    }

    /// The relative path for `key` under `base`, distinct from every path given before.
    pub fn place(&mut self, key: &str, base: &str) -> Vec<String> {
        let wanted = relative_segments(key, base);
        let (file, dirs) = wanted
            .split_last()
            .expect("relative_segments is never empty");
        let mut path: Vec<String> = Vec::with_capacity(wanted.len());
        for dir in dirs {
            path.push(dir.clone());
            let wanted_key = self.fold(&path);
            let chosen = match self.folders.get(&wanted_key) {
                Some(chosen) => chosen.clone(),
                None => {
                    let mut chosen = path.clone();
                    let parent = chosen[..chosen.len() - 1].to_vec();
                    chosen = self.free(&parent, dir, |p, f| p.files.contains(f));
                    self.folders.insert(wanted_key, chosen.clone());
                    self.folders.insert(self.fold(&chosen), chosen.clone());
                    chosen
                }
            };
            path = chosen;
        }
        let placed = self.free(&path, file, |p, f| {
            p.files.contains(f) || p.folders.contains_key(f)
        });
        self.files.insert(self.fold(&placed));
        placed
    }

    /// Marks `path` as taken by what is already there (a file or a folder; a file's folders
    /// too), so no name given later equals it.
    pub fn take(&mut self, path: &[String], folder: bool) {
        let folders = if folder {
            path.len()
        } else {
            path.len().saturating_sub(1)
        };
        for end in 1..=folders {
            let dir = &path[..end];
            let folded = self.fold(dir);
            self.folders.entry(folded).or_insert_with(|| dir.to_vec());
        }
        if !folder && !path.is_empty() {
            self.files.insert(self.fold(path));
        }
    }

    /// Whether a file or folder at `path` is taken (compared as names are: NFC, any case).
    pub fn is_taken(&self, path: &[String]) -> bool {
        let folded = self.fold(path);
        self.files.contains(&folded) || self.folders.contains_key(&folded)
    }

    /// A free name beside `path`, in its folder: "name (2).ext", "name (3).ext"…, taken from
    /// then on.
    pub fn beside(&mut self, path: &[String]) -> Vec<String> {
        let Some((name, parent)) = path.split_last() else {
            return path.to_vec();
        };
        let placed = self.free(parent, name, |p, f| {
            p.files.contains(f) || p.folders.contains_key(f)
        });
        self.files.insert(self.fold(&placed));
        placed
    }

    /// `parent/name`, or `parent/name (n).ext` for the first n ≥ 2 that `taken` says is free
    /// (the search goes on from where the last one for this name ended: thousands of keys that
    /// collide cost no more than thousands of lookups).
    fn free(
        &mut self,
        parent: &[String],
        name: &str,
        taken: impl Fn(&Self, &str) -> bool,
    ) -> Vec<String> {
        let with = |name: String| {
            let mut p = parent.to_vec();
            p.push(name);
            p
        };
        let candidate = with(name.to_owned());
        let wanted = self.fold(&candidate);
        if !taken(self, &wanted) {
            return candidate;
        }
        let (stem, ext) = split_extension(name);
        let first = self.suffixes.get(&wanted).copied().unwrap_or(2);
        let (n, path) = (first..)
            .map(|n| {
                let suffix = format!(" ({n}){ext}");
                let name = format!(
                    "{}{suffix}",
                    truncate_bytes(stem, MAX_NAME_BYTES.saturating_sub(suffix.len()))
                );
                (n, with(name))
            })
            .find(|(_, p)| !taken(self, &self.fold(p)))
            .expect("some suffix is free");
        self.suffixes.insert(wanted, n + 1);
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(key: &str) -> Vec<String> {
        relative_segments(key, "")
    }

    #[test]
    fn dot_dot_segments_are_dropped() {
        assert_eq!(seg("a/../../etc/passwd"), ["a", "etc", "passwd"]);
    }

    #[test]
    fn dot_segments_are_dropped() {
        assert_eq!(seg("./a/./b"), ["a", "b"]);
    }

    #[test]
    fn empty_segments_are_dropped() {
        assert_eq!(seg("a//b///c"), ["a", "b", "c"]);
    }

    #[test]
    fn a_leading_slash_cannot_make_an_absolute_path() {
        assert_eq!(seg("/etc/passwd"), ["etc", "passwd"]);
    }

    #[test]
    fn backslashes_separate_too() {
        assert_eq!(seg("..\\..\\Windows\\win.ini"), ["Windows", "win.ini"]);
        assert_eq!(seg("C:\\x"), ["C_", "x"]);
    }

    #[test]
    fn nul_and_control_characters_are_removed() {
        assert_eq!(sanitize_segment("a\u{0}b\u{1}c\u{7f}\n.txt"), "abc.txt");
    }

    #[test]
    fn bidi_and_zero_width_marks_are_removed() {
        assert_eq!(sanitize_segment("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
    }

    #[test]
    fn names_are_shown_with_their_hidden_characters_written_out() {
        assert_eq!(visible("invoice\u{202E}fdp.exe"), "invoice[U+202E]fdp.exe");
        assert_eq!(visible("a\u{7}b\nc\u{200B}"), "a[U+0007]b[U+000A]c[U+200B]");
        assert!(matches!(
            visible("보고서 (최종).txt"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn characters_windows_forbids_are_replaced() {
        assert_eq!(sanitize_segment("a:b*c?d\"e<f>g|h"), "a_b_c_d_e_f_g_h");
    }

    #[test]
    fn windows_reserved_names_are_prefixed() {
        for name in [
            "CON",
            "prn.txt",
            "Aux",
            "nul.tar.gz",
            "COM1",
            "com9.log",
            "LPT1",
            "lpt9",
            "COM0",
            "COM¹",
            "lpt².txt",
            "LPT³",
            "CONIN$",
            "conout$.log",
            "nul .txt",
        ] {
            assert!(sanitize_segment(name).starts_with('_'), "{name}");
        }
        for name in ["LPT10", "COM¹¹", "COM⁴", "CONSOLE", "null", "CONIN"] {
            assert!(!sanitize_segment(name).starts_with('_'), "{name}");
        }
    }

    #[test]
    fn trailing_dots_and_spaces_are_trimmed() {
        assert_eq!(sanitize_segment("report. . "), "report");
        assert_eq!(sanitize_segment("..."), "download");
    }

    #[test]
    fn over_long_names_are_cut_to_255_bytes_keeping_the_extension() {
        let long = format!("{}.pdf", "가".repeat(120));
        let safe = sanitize_segment(&long);
        assert!(safe.len() <= 255 && safe.ends_with(".pdf"), "{safe}");
        assert!(sanitize_segment(&"a".repeat(1000)).len() == 255);
    }

    #[test]
    fn a_path_too_long_for_windows_is_cut_names_first_then_its_deepest_folders() {
        let deep = format!("{}/{}/report.pdf", "폴더".repeat(60), "b".repeat(200));
        let cut = seg(&deep);
        assert_eq!(cut.len(), 3);
        assert_eq!(cut[0].encode_utf16().count(), 40);
        assert!(cut[2] == "report.pdf");
        let very_deep = format!("{}final.txt", "level/".repeat(60));
        let cut = seg(&very_deep);
        assert!(path_units(&cut) <= MAX_PATH_UNITS);
        assert_eq!(cut.last().map(String::as_str), Some("final.txt"));
        assert_eq!(cut[0], "level");
        // Short paths are left alone.
        assert_eq!(seg("a/b/c.txt"), ["a", "b", "c.txt"]);
    }

    #[test]
    fn paths_are_relative_to_the_folder_downloaded() {
        assert_eq!(
            relative_segments("reports/2024/q1.pdf", "reports/"),
            ["2024", "q1.pdf"]
        );
        assert_eq!(relative_segments("reports/", "reports/"), ["download"]);
    }

    #[test]
    fn keys_that_collide_after_sanitising_get_distinct_names() {
        let mut planner = PathPlanner::new();
        assert_eq!(planner.place("a:b.txt", ""), ["a_b.txt"]);
        assert_eq!(planner.place("a?b.txt", ""), ["a_b (2).txt"]);
        assert_eq!(planner.place("A_B.TXT", ""), ["A_B (3).TXT"]);
        assert_eq!(planner.place("x/../a_b.txt", ""), ["x", "a_b.txt"]);
    }

    #[test]
    fn names_equal_in_nfc_are_one_name() {
        use crate::core::nfc::by_tables as nfc;
        use unicode_normalization::UnicodeNormalization;
        let (composed, decomposed) = ("한글.txt", "한글.txt".nfd().collect::<String>());
        assert_ne!(composed, decomposed);
        let mut planner = PathPlanner::with_normalize(nfc);
        assert_eq!(planner.place(composed, ""), ["한글.txt"]);
        let second = planner.place(&decomposed, "");
        assert_eq!(second.len(), 1);
        assert!(second[0].ends_with(" (2).txt"), "{second:?}");
        // Folders too: both files land in one folder.
        let mut planner = PathPlanner::with_normalize(nfc);
        let a = planner.place("café/a.txt", "");
        let b = planner.place(&"café/b.txt".nfd().collect::<String>(), "");
        assert_eq!(a[0], b[0]);
    }

    #[test]
    fn a_colliding_name_with_a_long_tail_after_a_dot_stays_within_255_bytes() {
        // Found by the fuzzer: the whole tail was taken as the extension, and " (2)" pushed the
        // name past 255 bytes.
        let name = format!("a.{}", "b".repeat(250));
        let mut planner = PathPlanner::new();
        planner.place(&name, "");
        let second = planner.place(&name, "");
        assert!(second[0].len() <= MAX_NAME_BYTES, "{}", second[0].len());
        assert!(second[0].ends_with(" (2)"), "{}", second[0]);
    }

    #[test]
    fn thousands_of_colliding_keys_each_get_their_own_number() {
        let mut planner = PathPlanner::new();
        for i in 0..20_000 {
            let key = if i % 2 == 0 { "a:b.txt" } else { "a?b.txt" };
            planner.place(key, "");
        }
        assert_eq!(planner.place("a_b.txt", ""), ["a_b (20001).txt"]);
        // A name taken by a key of its own is skipped, not reused.
        assert_eq!(planner.place("a_b (20002).txt", ""), ["a_b (20002).txt"]);
        assert_eq!(planner.place("a:b.txt", ""), ["a_b (20003).txt"]);
    }

    #[test]
    fn a_name_beside_what_is_there_is_free_of_files_and_folders_in_any_case() {
        let mut planner = PathPlanner::new();
        planner.take(&seg("docs/Report.txt"), false);
        planner.take(&seg("docs/report (2).txt"), true);
        planner.take(&seg("docs/report (3).txt"), false);
        assert!(planner.is_taken(&seg("DOCS/report.TXT")));
        assert!(planner.is_taken(&seg("docs")));
        assert!(!planner.is_taken(&seg("docs/report (4).txt")));
        assert_eq!(
            planner.beside(&seg("docs/report.txt")),
            seg("docs/report (4).txt")
        );
        assert_eq!(
            planner.beside(&seg("docs/report.txt")),
            seg("docs/report (5).txt")
        );
        assert!(planner.is_taken(&seg("docs/report (5).txt")));
    }

    #[test]
    fn a_file_and_a_folder_of_the_same_name_both_fit() {
        let mut planner = PathPlanner::new();
        assert_eq!(planner.place("data", ""), ["data"]);
        assert_eq!(
            planner.place("data/inner.txt", ""),
            ["data (2)", "inner.txt"]
        );
        assert_eq!(
            planner.place("data/other.txt", ""),
            ["data (2)", "other.txt"]
        );
        assert_eq!(planner.place("logs/a.txt", ""), ["logs", "a.txt"]);
        assert_eq!(planner.place("logs", ""), ["logs (2)"]);
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn no_key_ever_leaves_the_folder(keys in proptest::collection::vec("\\PC{0,30}|(\\.\\./|/|\\\\|\\.|CON|[a-z]{1,3}|[가-힣]{30,60}/){0,8}", 1..40)) {
                let mut planner = PathPlanner::new();
                let mut seen = BTreeSet::new();
                for key in &keys {
                    let path = planner.place(key, "");
                    prop_assert!(!path.is_empty());
                    for segment in &path {
                        prop_assert!(!segment.is_empty() && segment != "." && segment != "..");
                        prop_assert!(!segment.contains(['/', '\\', '\0']));
                        prop_assert!(segment.len() <= MAX_NAME_BYTES);
                        prop_assert!(!segment.ends_with(['.', ' ']));
                    }
                    // Within the cap, give or take a " (n)" that tells two keys apart.
                    prop_assert!(path_units(&path) <= MAX_PATH_UNITS + 8);
                    prop_assert!(seen.insert(planner.fold(&path)), "two keys share {path:?}");
                }
            }
        }
    }
}
