//! What a folder download meets in the picked folder: which planned files have a namesake there already, the question the view asks about one, and the free names "keep both" gives.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::FileId;
use crate::core::nfc::Normalize;
use crate::core::safe_path::PathPlanner;

/// A file or folder the runner found in the picked folder, by its path below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub path: Vec<String>,
    pub folder: bool,
}

/// The view asks what to do: `file` would land on `path`, where a file of that name is already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub file: FileId,
    pub path: Vec<String>,
    /// Other files of the download that meet one of their name too, not asked about yet.
    pub more: usize,
}

/// What one download knows of the picked folder.
#[derive(Debug)]
pub(super) struct Existing {
    /// Every name taken: what was found, and the download's own paths.
    taken: PathPlanner,
    /// Files whose path is taken by what was found, not answered yet.
    meets: BTreeSet<FileId>,
    /// The file the view is asking about.
    pub asking: Option<FileId>,
}

impl Existing {
    /// From what the runner `found` and the download's `files` (compared as the planner compares
    /// names: in NFC by `normalize`, any case — one name on Windows and macOS).
    pub fn new<'a>(
        found: &[Found],
        files: impl Iterator<Item = (FileId, &'a [String])> + Clone,
        normalize: Normalize,
    ) -> Self {
        let mut taken = PathPlanner::with_normalize(normalize);
        for f in found {
            taken.take(&f.path, f.folder);
        }
        let meets = files
            .clone()
            .filter(|(_, path)| taken.is_taken(path))
            .map(|(id, _)| id)
            .collect();
        for (_, path) in files {
            taken.take(path, false);
        }
        Existing {
            taken,
            meets,
            asking: None,
        }
    }

    pub fn meets(&self, file: FileId) -> bool {
        self.meets.contains(&file)
    }

    /// The files that meet a namesake and were not answered, the one asked about included.
    pub fn unanswered(&self) -> impl Iterator<Item = FileId> + '_ {
        self.meets.iter().copied()
    }

    /// `file` is answered (or gone): it is not asked about again.
    pub fn answered(&mut self, file: FileId) {
        self.meets.remove(&file);
        if self.asking == Some(file) {
            self.asking = None;
        }
    }

    /// A free path beside `path` for "keep both", distinct from what is there and from every
    /// other file of the download.
    pub fn beside(&mut self, path: &[String]) -> Vec<String> {
        self.taken.beside(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nfc::as_is;

    fn path(p: &str) -> Vec<String> {
        p.split('/').map(str::to_owned).collect()
    }

    #[test]
    fn files_meet_what_is_there_in_any_case_and_keep_both_avoids_every_name() {
        let found = [
            Found {
                path: path("docs/Plan.md"),
                folder: false,
            },
            Found {
                path: path("readme.txt"),
                folder: true,
            },
        ];
        let files = [
            (FileId(1), path("docs/plan.md")),
            (FileId(2), path("docs/plan (2).md")),
            (FileId(3), path("readme.txt")),
            (FileId(4), path("new.txt")),
        ];
        let mut existing = Existing::new(
            &found,
            files.iter().map(|(id, p)| (*id, p.as_slice())),
            as_is,
        );
        let meets: Vec<FileId> = existing.unanswered().collect();
        assert_eq!(meets, [FileId(1), FileId(3)]);
        // "plan (2).md" is another file of the download: keep both goes on to (3).
        assert_eq!(
            existing.beside(&path("docs/plan.md")),
            path("docs/plan (3).md")
        );
        existing.asking = Some(FileId(1));
        existing.answered(FileId(1));
        assert_eq!(existing.asking, None);
        assert!(!existing.meets(FileId(1)));
        assert!(existing.meets(FileId(3)));
    }
}
