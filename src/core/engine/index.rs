//! A browse listing's rows, kept where the engine runs: filtered, sorted, selected, and handed to the view a window at a time.
//!
//! The page never holds more rows than it shows. Rows are added page by page and keep their
//! place in the sort as they come (a page sorted by itself, then merged), so a sort holds while
//! a listing loads. Names are compared after Unicode normalisation (NFC), which the runner
//! supplies (the browser's own `String.prototype.normalize`): an NFD name typed or listed
//! matches its NFC form.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::core::actions::ListPage;
use crate::core::download_plan::Pick;
use crate::core::order::{natural, Sort, SortBy};
use crate::core::safe_path::visible;

pub use crate::core::nfc::{as_is, Normalize};

/// One row: a sub-folder (its prefix, ending in `/`) or a file.
#[derive(Debug, Clone)]
struct Row {
    key: Box<str>,
    /// Where the name shown (the path below the listing's prefix) starts in `key`.
    name_at: u32,
    folder: bool,
    selected: bool,
    size: u64,
    /// Milliseconds since 1970 (`i64::MIN`: not known).
    modified: i64,
    /// The name in NFC, when it differs.
    nfc: Option<Box<str>>,
}

impl Row {
    /// The path below the listing's prefix, as listed (a folder's without its `/`).
    fn name(&self) -> &str {
        let name = &self.key[self.name_at as usize..];
        if self.folder {
            name.strip_suffix('/').unwrap_or(name)
        } else {
            name
        }
    }

    /// The name compared and filtered on.
    fn compared(&self) -> &str {
        self.nfc.as_deref().unwrap_or_else(|| self.name())
    }
}

/// One row as the view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The row's place in the listing (stable while it loads): what the view selects it by.
    pub id: u32,
    /// The object key, or a folder's prefix (ending in `/`).
    pub key: String,
    /// The path below the listing's prefix (a folder's without its `/`), as shown: hidden and
    /// reordering characters written out ([`visible`]).
    pub name: String,
    pub folder: bool,
    pub size: u64,
    pub modified: Option<OffsetDateTime>,
    pub selected: bool,
}

impl Line {
    /// A file of a kind the page previews (a folder never is).
    pub fn previewable(&self) -> bool {
        !self.folder && super::preview::PreviewKind::of(&self.key).is_some()
    }
}

/// What the view is sent: the rows it asked for and the counts around them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Rows listed so far (merged or not).
    pub loaded: usize,
    /// Rows the filter lets through (all of them when there is none).
    pub matching: usize,
    pub selected: usize,
    /// Selected rows among the matching ones.
    pub selected_matching: usize,
    /// The row selected, when exactly one is.
    pub only: Option<Line>,
    /// The order the rows are in.
    pub sort: Sort,
    /// The place of `lines[0]` among the matching rows.
    pub first: usize,
    pub lines: Vec<Line>,
}

/// Which rows a selection change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rows {
    /// These rows (by [`Line::id`]).
    Ids(Vec<u32>),
    /// The matching rows from one place to another, both included, in the order shown (the
    /// rows passed over with Shift and the arrows).
    Span(usize, usize),
    /// Every row the filter lets through, on screen or not.
    Matching,
    /// Every row, matching or not.
    All,
}

/// A listing's rows and how they are shown.
#[derive(Debug, Clone, Default)]
pub struct Index {
    prefix: String,
    rows: Vec<Row>,
    sort: Sort,
    /// Every row, in the sort's order.
    order: Vec<u32>,
    /// The filter, in NFC and lower case (empty: every row).
    needle: String,
    /// The rows the filter lets through, in the sort's order (`None`: all of `order`).
    matching: Option<Vec<u32>>,
    /// Rows added since the last [`Index::merge_added`], in no order yet.
    pending: Vec<u32>,
    selected: usize,
}

impl Index {
    /// An empty index of `prefix`'s listing.
    pub fn new(prefix: &str, sort: Sort) -> Self {
        Index {
            prefix: prefix.to_owned(),
            sort,
            ..Index::default()
        }
    }

    /// Adds one listing page: its sub-folders and files (zero-byte keys ending in `/` are folder
    /// markers, not files). They are shown once merged ([`Index::merge_added`]).
    pub fn add(&mut self, page: ListPage, normalize: Normalize) {
        let start = self.rows.len();
        let prefix_len = self.prefix.len() as u32;
        let folders = page
            .folders
            .into_iter()
            .map(|prefix| (prefix, true, 0, None));
        let files = page
            .objects
            .into_iter()
            .filter(|o| !o.is_folder_marker())
            .map(|o| (o.key, false, o.size, o.last_modified));
        for (key, folder, size, modified) in folders.chain(files) {
            let name_at = if key.starts_with(&self.prefix) {
                prefix_len
            } else {
                0
            };
            let mut row = Row {
                key: key.into_boxed_str(),
                name_at,
                folder,
                selected: false,
                size,
                modified: modified.map_or(i64::MIN, |at| {
                    (at.unix_timestamp_nanos() / 1_000_000) as i64
                }),
                nfc: None,
            };
            if !row.name().is_ascii() {
                row.nfc = normalize(row.name()).map(String::into_boxed_str);
            }
            self.rows.push(row);
        }
        self.pending.extend(start as u32..self.rows.len() as u32);
    }

    /// Rows added but not yet in the sort (see [`Index::merge_added`]).
    pub fn unmerged(&self) -> usize {
        self.pending.len()
    }

    /// Puts the rows added since the last call in their place in the sort and the filter: sorted
    /// among themselves, then merged (a merge costs every row, so the engine merges in batches
    /// that grow with the listing, not page by page).
    pub fn merge_added(&mut self) {
        let mut added = std::mem::take(&mut self.pending);
        if added.is_empty() {
            return;
        }
        self.sort_ids(&mut added);
        let order = std::mem::take(&mut self.order);
        self.order = self.merge(order, &added);
        if let Some(matching) = self.matching.take() {
            let new: Vec<u32> = added.into_iter().filter(|&i| self.matches(i)).collect();
            let matching = self.merge(matching, &new);
            self.matching = Some(matching);
        }
    }

    /// Rows in the listing, merged or not.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rows the filter lets through.
    pub fn matching(&self) -> usize {
        self.matching.as_ref().map_or(self.order.len(), Vec::len)
    }

    /// Rows selected, matching the filter or not.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Rows selected among those the filter lets through.
    pub fn selected_matching(&self) -> usize {
        match &self.matching {
            None => self.selected,
            Some(ids) => ids
                .iter()
                .filter(|&&i| self.rows[i as usize].selected)
                .count(),
        }
    }

    /// The one row selected, when exactly one is (what a share link is made for).
    pub fn only_selected(&self) -> Option<Line> {
        if self.selected != 1 {
            return None;
        }
        let id = self.rows.iter().position(|row| row.selected)?;
        Some(self.line(id as u32))
    }

    /// The prefix listed.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// Sorts every row anew.
    pub fn set_sort(&mut self, sort: Sort) {
        self.merge_added();
        if sort == self.sort {
            return;
        }
        self.sort = sort;
        let mut order = std::mem::take(&mut self.order);
        self.sort_ids(&mut order);
        self.order = order;
        self.refilter();
    }

    /// Lets through only rows whose name holds `text`, without regard to case or to Unicode
    /// normalisation (empty: every row).
    pub fn set_filter(&mut self, text: &str, normalize: Normalize) {
        let nfc = normalize(text).unwrap_or_else(|| text.to_owned());
        let needle = nfc.to_lowercase();
        self.merge_added();
        if needle != self.needle {
            self.needle = needle;
            self.refilter();
        }
    }

    /// The rows from `first` (in the filtered, sorted order), at most `count` of them, with the
    /// counts the view shows.
    pub fn window(&self, first: usize, count: usize) -> Window {
        Window {
            loaded: self.len(),
            matching: self.matching(),
            selected: self.selected,
            selected_matching: self.selected_matching(),
            only: self.only_selected(),
            sort: self.sort,
            first,
            lines: self.lines(first, count),
        }
    }

    /// The rows from `first` (in the filtered, sorted order), at most `count` of them.
    pub fn lines(&self, first: usize, count: usize) -> Vec<Line> {
        let shown = self.shown();
        let first = first.min(shown.len());
        let end = first.saturating_add(count).min(shown.len());
        shown[first..end].iter().map(|&i| self.line(i)).collect()
    }

    /// Selects (`on`) or unselects rows.
    pub fn select(&mut self, which: &Rows, on: bool) {
        self.merge_added();
        let ids: Vec<u32> = match which {
            Rows::Ids(ids) => ids.clone(),
            Rows::Span(a, b) => {
                let shown = self.shown();
                let (from, to) = (
                    (*a).min(*b),
                    (*a).max(*b).saturating_add(1).min(shown.len()),
                );
                shown.get(from..to).unwrap_or_default().to_vec()
            }
            Rows::Matching => self.shown().to_vec(),
            Rows::All => (0..self.rows.len() as u32).collect(),
        };
        for id in ids {
            if let Some(row) = self.rows.get_mut(id as usize) {
                if row.selected != on {
                    row.selected = on;
                    if on {
                        self.selected += 1;
                    } else {
                        self.selected -= 1;
                    }
                }
            }
        }
    }

    /// The selected rows as what a download takes, folders first, in the sort's order (rows
    /// not yet merged are not shown, so none of them is selected).
    pub fn selected_picks(&self) -> Vec<Pick> {
        self.order
            .iter()
            .map(|&i| &self.rows[i as usize])
            .filter(|row| row.selected)
            .map(|row| match row.folder {
                true => Pick::Folder(row.key.to_string()),
                false => Pick::File {
                    key: row.key.to_string(),
                    size: row.size,
                },
            })
            .collect()
    }

    fn shown(&self) -> &[u32] {
        self.matching.as_deref().unwrap_or(&self.order)
    }

    fn line(&self, id: u32) -> Line {
        let row = &self.rows[id as usize];
        Line {
            id,
            key: row.key.to_string(),
            name: visible(row.name()).into_owned(),
            folder: row.folder,
            size: row.size,
            modified: (row.modified != i64::MIN).then(|| {
                OffsetDateTime::from_unix_timestamp_nanos(row.modified as i128 * 1_000_000)
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH)
            }),
            selected: row.selected,
        }
    }

    fn refilter(&mut self) {
        self.matching = (!self.needle.is_empty()).then(|| {
            self.order
                .iter()
                .copied()
                .filter(|&i| self.matches(i))
                .collect()
        });
    }

    fn matches(&self, id: u32) -> bool {
        contains_folded(self.rows[id as usize].compared(), &self.needle)
    }

    fn sort_ids(&self, ids: &mut [u32]) {
        ids.sort_by(|&a, &b| self.compare(a, b));
    }

    /// Merges sorted `new` ids into sorted `old` (rows of a page mostly come after those before
    /// them: then this only appends).
    fn merge(&self, old: Vec<u32>, new: &[u32]) -> Vec<u32> {
        match (old.last(), new.first()) {
            (None, _) => return new.to_vec(),
            (Some(&last), Some(&first)) if self.compare(last, first) != Ordering::Greater => {
                let mut old = old;
                old.extend_from_slice(new);
                return old;
            }
            _ => {}
        }
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
        while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
            if self.compare(x, y) != Ordering::Greater {
                merged.push(x);
                a.next();
            } else {
                merged.push(y);
                b.next();
            }
        }
        merged.extend(a);
        merged.extend(b);
        merged
    }

    /// Folders before files; then the sort's column (names in natural order); ties by key, so
    /// the order is total and the same whatever order the rows came in.
    fn compare(&self, a: u32, b: u32) -> Ordering {
        let (x, y) = (&self.rows[a as usize], &self.rows[b as usize]);
        let by = match self.sort.by {
            SortBy::Name => natural(x.compared(), y.compared()),
            SortBy::Size => x.size.cmp(&y.size),
            SortBy::Date => x.modified.cmp(&y.modified),
        }
        .then_with(|| x.key.cmp(&y.key));
        let by = if self.sort.descending {
            by.reverse()
        } else {
            by
        };
        y.folder.cmp(&x.folder).then(by)
    }
}

/// Whether `text` holds `needle` (already lower case), without regard to case.
fn contains_folded(text: &str, needle: &str) -> bool {
    if text.is_ascii() && needle.is_ascii() {
        let (text, needle) = (text.as_bytes(), needle.as_bytes());
        return needle.is_empty()
            || text
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle));
    }
    text.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::actions::Object;
    use crate::core::nfc::by_tables as nfc;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn page(files: &[(&str, u64)], folders: &[&str]) -> ListPage {
        ListPage {
            objects: files.iter().map(|(k, s)| Object::new(k, *s)).collect(),
            folders: folders.iter().map(|f| f.to_string()).collect(),
            truncated: false,
            next_continuation_token: None,
        }
    }

    impl Index {
        /// Adds a page and merges it at once.
        fn put(&mut self, page: ListPage, normalize: Normalize) {
            self.add(page, normalize);
            self.merge_added();
        }
    }

    fn names(index: &Index) -> Vec<String> {
        index
            .lines(0, usize::MAX)
            .into_iter()
            .map(|l| l.name)
            .collect()
    }

    #[test]
    fn only_files_of_a_known_kind_preview() {
        let line = |key: &str, folder| Line {
            id: 0,
            key: key.into(),
            name: key.into(),
            folder,
            size: 1,
            modified: None,
            selected: false,
        };
        assert!(line("docs/a.txt", false).previewable());
        assert!(!line("docs/a.bin", false).previewable());
        assert!(
            !line("docs/a.txt", true).previewable(),
            "a folder never previews"
        );
    }

    #[test]
    fn folders_first_in_natural_order_and_markers_hidden() {
        let mut index = Index::new("docs/", Sort::default());
        index.put(
            page(
                &[("docs/", 0), ("docs/file10", 1), ("docs/File2", 2)],
                &["docs/b/", "docs/A/"],
            ),
            nfc,
        );
        index.put(page(&[("docs/file1", 3), ("docs/<b>&.html", 4)], &[]), nfc);
        assert_eq!(
            names(&index),
            ["A", "b", "<b>&.html", "file1", "File2", "file10"]
        );
        assert_eq!(index.len(), 6);
        let folder = &index.lines(0, 1)[0];
        assert_eq!((folder.key.as_str(), folder.folder), ("docs/A/", true));
    }

    #[test]
    fn every_column_sorts_both_ways_and_holds_while_pages_come() {
        let mut index = Index::new("", Sort::default());
        index.put(page(&[("b", 30), ("a", 10)], &["z/"]), nfc);
        let by_size = Sort {
            by: SortBy::Size,
            descending: true,
        };
        index.set_sort(by_size);
        assert_eq!(names(&index), ["z", "b", "a"]);
        index.put(page(&[("c", 20), ("d", 40)], &[]), nfc);
        assert_eq!(names(&index), ["z", "d", "b", "c", "a"], "the sort holds");
        index.set_sort(by_size.toggled(SortBy::Size));
        assert_eq!(names(&index), ["z", "a", "c", "b", "d"]);
        index.set_sort(Sort::default().toggled(SortBy::Name));
        assert_eq!(names(&index), ["z", "d", "c", "b", "a"]);
    }

    #[test]
    fn equal_sizes_keep_one_order_whatever_order_they_came_in() {
        let mut one = Index::new("", Sort::default().toggled(SortBy::Size));
        one.put(page(&[("x", 1), ("y", 1), ("w", 1)], &[]), nfc);
        let mut two = Index::new("", Sort::default().toggled(SortBy::Size));
        two.put(page(&[("y", 1)], &[]), nfc);
        two.put(page(&[("w", 1), ("x", 1)], &[]), nfc);
        assert_eq!(names(&one), ["w", "x", "y"]);
        assert_eq!(names(&one), names(&two));
    }

    #[test]
    fn the_filter_ignores_case_and_normalisation() {
        let decomposed: String = "보고서 Final.pdf".nfd().collect();
        assert_ne!(decomposed, "보고서 Final.pdf");
        let mut index = Index::new("p/", Sort::default());
        index.put(
            page(
                &[(&format!("p/{decomposed}"), 1), ("p/notes.txt", 2)],
                &["p/FINAL-drafts/"],
            ),
            nfc,
        );
        index.set_filter("final", nfc);
        assert_eq!(index.matching(), 2);
        assert_eq!(names(&index), ["FINAL-drafts", decomposed.as_str()]);
        // Typed in the composed form, it finds the decomposed name (shown as listed).
        index.set_filter("보고서", nfc);
        assert_eq!(names(&index), [decomposed.as_str()]);
        let typed_decomposed: String = "보고서".nfd().collect();
        index.set_filter(&typed_decomposed, nfc);
        assert_eq!(index.matching(), 1);
        // Rows that come while filtered are filtered too.
        index.put(page(&[("p/보고서 2.pdf", 3), ("p/x", 4)], &[]), nfc);
        assert_eq!(index.matching(), 2);
        index.set_filter("", nfc);
        assert_eq!(index.matching(), 5);
    }

    #[test]
    fn selection_survives_sort_and_filter_and_select_all_takes_what_matches() {
        let mut index = Index::new("", Sort::default());
        index.put(
            page(&[("a.txt", 1), ("b.csv", 2), ("c.txt", 3)], &["d/"]),
            nfc,
        );
        index.set_filter("txt", nfc);
        index.select(&Rows::Matching, true);
        assert_eq!(index.selected(), 2, "what the filter matched, not all");
        assert_eq!(index.selected_matching(), 2);
        index.set_filter("", nfc);
        index.set_sort(Sort::default().toggled(SortBy::Name));
        let selected: Vec<String> = index
            .lines(0, 10)
            .into_iter()
            .filter(|l| l.selected)
            .map(|l| l.name)
            .collect();
        assert_eq!(selected, ["c.txt", "a.txt"]);
        let d = index.lines(0, 1)[0].id;
        index.select(&Rows::Ids(vec![d, d]), true);
        assert_eq!(index.selected(), 3);
        assert_eq!(
            index.selected_picks(),
            vec![
                Pick::Folder("d/".into()),
                Pick::File {
                    key: "c.txt".into(),
                    size: 3
                },
                Pick::File {
                    key: "a.txt".into(),
                    size: 1
                },
            ]
        );
        index.select(&Rows::Ids(vec![d]), false);
        index.select(&Rows::Matching, false);
        index.select(&Rows::Ids(vec![d]), true);
        assert_eq!(index.only_selected().map(|l| l.key), Some("d/".to_owned()));
        index.select(&Rows::All, false);
        assert_eq!(index.selected(), 0);
        assert_eq!(index.only_selected(), None);
    }

    #[test]
    fn a_span_selects_the_rows_passed_over_in_the_order_shown() {
        let mut index = Index::new("", Sort::default().toggled(SortBy::Size));
        index.put(page(&[("a", 4), ("b", 3), ("c", 2), ("d", 1)], &[]), nfc);
        index.select(&Rows::Span(2, 1), true);
        let selected: Vec<String> = index
            .lines(0, 9)
            .into_iter()
            .filter(|l| l.selected)
            .map(|l| l.name)
            .collect();
        assert_eq!(selected, ["c", "b"], "sizes 2 and 3, smallest first");
        index.select(&Rows::Span(3, 99), true);
        assert_eq!(index.selected(), 3);
    }

    #[test]
    fn windows_are_clamped() {
        let mut index = Index::new("", Sort::default());
        index.put(page(&[("a", 1), ("b", 1), ("c", 1)], &[]), nfc);
        assert_eq!(index.lines(1, 5).len(), 2);
        assert!(index.lines(7, 5).is_empty());
        assert_eq!(index.lines(0, 2).len(), 2);
    }

    proptest! {
        /// However the rows are split into pages, and whatever the sort and filter, the rows
        /// shown are the matching rows sorted all at once.
        #[test]
        fn pages_merge_into_the_order_a_full_sort_gives(
            rows in prop::collection::btree_map("[a-c0-9]{1,4}", 0u64..4, 0..60),
            cut in prop::collection::vec(0usize..60, 0..5),
            by in 0..3u8,
            descending: bool,
            filter in "[a-c0-9]{0,2}",
        ) {
            let by = [SortBy::Name, SortBy::Size, SortBy::Date][by as usize];
            let sort = Sort { by, descending };
            let rows: Vec<(String, u64)> = rows.into_iter().collect();
            let mut paged = Index::new("", sort);
            paged.set_filter(&filter, nfc);
            let mut cuts: Vec<usize> = cut.into_iter().map(|c| c.min(rows.len())).collect();
            cuts.push(0);
            cuts.push(rows.len());
            cuts.sort();
            for (i, pair) in cuts.windows(2).enumerate() {
                let chunk: Vec<(&str, u64)> = rows[pair[0]..pair[1]].iter().map(|(k, s)| (k.as_str(), *s)).collect();
                paged.add(page(&chunk, &[]), nfc);
                // Merged now and then, as the engine does.
                if i % 2 == 1 {
                    paged.merge_added();
                }
            }
            paged.merge_added();
            let mut whole = Index::new("", Sort::default());
            let all: Vec<(&str, u64)> = rows.iter().map(|(k, s)| (k.as_str(), *s)).collect();
            whole.put(page(&all, &[]), nfc);
            whole.set_sort(sort);
            whole.set_filter(&filter, nfc);
            prop_assert_eq!(names(&paged), names(&whole));
            prop_assert!(names(&paged).iter().all(|n| n.contains(&filter)));
        }
    }
}
