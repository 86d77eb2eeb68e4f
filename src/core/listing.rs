//! One folder's view: rows built from listing pages (folders first, markers hidden) and its breadcrumb.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use time::OffsetDateTime;

use super::actions::ListPage;

/// A sub-folder row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderRow {
    /// The full prefix to list when the folder is opened, ending in `/`.
    pub prefix: String,
    /// The name shown, without the trailing `/`.
    pub name: String,
}

/// A file row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRow {
    pub key: String,
    pub name: String,
    pub size: u64,
    pub last_modified: Option<OffsetDateTime>,
    pub storage_class: Option<String>,
}

/// One page's rows, shown once: a new page appends a batch and never re-lays out the rows
/// already on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowBatch {
    /// Unique in the program (a view keyed by it never mistakes another folder's batch for it).
    pub id: u64,
    pub folders: Arc<[FolderRow]>,
    pub files: Arc<[FileRow]>,
}

/// The rows of one folder, as batches in the order the pages came (shown folders first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderView {
    pub prefix: String,
    pub batches: Vec<RowBatch>,
}

impl FolderView {
    pub fn new(prefix: &str) -> Self {
        FolderView {
            prefix: prefix.to_owned(),
            ..Default::default()
        }
    }

    /// Adds one page's rows (see [`rows`]).
    pub fn add_rows(&mut self, folders: Vec<FolderRow>, files: Vec<FileRow>) {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        self.batches.push(RowBatch {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            folders: folders.into(),
            files: files.into(),
        });
    }

    pub fn folders(&self) -> impl Iterator<Item = &FolderRow> {
        self.batches.iter().flat_map(|b| b.folders.iter())
    }

    pub fn files(&self) -> impl Iterator<Item = &FileRow> {
        self.batches.iter().flat_map(|b| b.files.iter())
    }

    /// Rows shown (folders and files).
    pub fn len(&self) -> usize {
        self.batches
            .iter()
            .map(|b| b.folders.len() + b.files.len())
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The rows of one page of `prefix`'s listing, named relative to it. Zero-byte keys ending in `/`
/// are folder markers, not files.
pub fn rows(prefix: &str, page: ListPage) -> (Vec<FolderRow>, Vec<FileRow>) {
    let relative = |key: &str| key.strip_prefix(prefix).unwrap_or(key).to_owned();
    let folders = page
        .folders
        .into_iter()
        .map(|p| {
            let name = relative(&p).trim_end_matches('/').to_owned();
            FolderRow { prefix: p, name }
        })
        .collect();
    let files = page
        .objects
        .into_iter()
        .filter(|o| !o.is_folder_marker())
        .map(|o| FileRow {
            name: relative(&o.key),
            key: o.key,
            size: o.size,
            last_modified: o.last_modified,
            storage_class: o.storage_class,
        })
        .collect();
    (folders, files)
}

/// One step of the breadcrumb: its label and the prefix it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    pub label: String,
    pub prefix: String,
}

/// The breadcrumb of `prefix` in `bucket`: the bucket first, then each folder.
pub fn breadcrumb(bucket: &str, prefix: &str) -> Vec<Crumb> {
    let mut crumbs = vec![Crumb {
        label: bucket.to_owned(),
        prefix: String::new(),
    }];
    let mut so_far = String::new();
    for segment in prefix
        .strip_suffix('/')
        .unwrap_or(prefix)
        .split('/')
        .filter(|_| !prefix.is_empty())
    {
        so_far.push_str(segment);
        so_far.push('/');
        crumbs.push(Crumb {
            label: segment.to_owned(),
            prefix: so_far.clone(),
        });
    }
    crumbs
}

/// A typed prefix as S3 wants it: no leading `/`, a trailing `/` unless empty.
pub fn normalize_prefix(typed: &str) -> String {
    let mut prefix = typed.trim().trim_start_matches('/').to_owned();
    if !prefix.is_empty() && !prefix.ends_with('/') {
        prefix.push('/');
    }
    prefix
}

/// Whether `prefix` lies above the folder the keys were given for (`start`), where access is often denied.
pub fn is_above(prefix: &str, start: &str) -> bool {
    start.len() > prefix.len() && start.starts_with(prefix)
}

/// The prefix one level up, or `None` at the bucket root.
pub fn parent(prefix: &str) -> Option<String> {
    if prefix.is_empty() {
        return None;
    }
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    Some(
        trimmed
            .rfind('/')
            .map_or(String::new(), |i| trimmed[..=i].to_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::actions::Object;

    #[test]
    fn rows_are_relative_and_markers_hidden() {
        let mut view = FolderView::new("docs/");
        let mut add = |page| {
            let (folders, files) = rows("docs/", page);
            view.add_rows(folders, files);
        };
        add(ListPage {
            objects: vec![
                Object::new("docs/", 0),
                Object::new("docs/a.txt", 3),
                Object::new("docs/<b>&.html", 5),
            ],
            folders: vec!["docs/2024/".into()],
            truncated: true,
            next_continuation_token: Some("t".into()),
        });
        add(ListPage {
            objects: vec![Object::new("docs/z.bin", 9)],
            folders: vec!["docs/보고서/".into()],
            truncated: false,
            next_continuation_token: None,
        });
        assert_eq!(
            view.folders().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["2024", "보고서"]
        );
        assert_eq!(
            view.files().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["a.txt", "<b>&.html", "z.bin"]
        );
        assert_eq!(view.files().next().unwrap().key, "docs/a.txt");
        assert_eq!(view.len(), 5);
        assert_eq!(view.batches.len(), 2, "one batch a page");
    }

    #[test]
    fn breadcrumbs() {
        assert_eq!(
            breadcrumb("b", ""),
            vec![Crumb {
                label: "b".into(),
                prefix: "".into()
            }]
        );
        let crumbs = breadcrumb("b", "a/보고서/");
        assert_eq!(
            crumbs.iter().map(|c| c.prefix.as_str()).collect::<Vec<_>>(),
            ["", "a/", "a/보고서/"]
        );
        assert_eq!(crumbs[2].label, "보고서");
    }

    #[test]
    fn typed_prefixes_are_normalized() {
        assert_eq!(normalize_prefix(""), "");
        assert_eq!(normalize_prefix(" /team/in "), "team/in/");
        assert_eq!(normalize_prefix("docs/"), "docs/");
        assert_eq!(normalize_prefix("보고서"), "보고서/");
    }

    #[test]
    fn parents_and_scope() {
        assert_eq!(parent(""), None);
        assert_eq!(parent("a/").as_deref(), Some(""));
        assert_eq!(parent("a/b/").as_deref(), Some("a/"));
        assert!(is_above("", "team/"));
        assert!(is_above("team/", "team/in/"));
        assert!(!is_above("team/", "team/"));
        assert!(!is_above("other/", "team/"));
    }
}
