//! One listing job: the runs of pages it asks for (one after another, or fanned out side by side below a folder), the rows it gives, and the bounds that end a listing that never ends.
//!
//! A listing of every key below a folder (a search, folder facts) fans out: it lists the folder
//! one level deep (two, when the first level has fewer than [`FAN_OUT`] sub-folders), then lists
//! its sub-folders flat, side by side. The sub-folders are cut into [`RANGES`] runs of
//! neighbours, each listed flat from just before its first folder (`start-after`) until its keys
//! reach the next run's: pages stay full (one request per small folder would cost more than the
//! flat listing it replaces), and every run takes only keys inside its own folders, so each key
//! is listed once. A folder without sub-folders is paged as one flat run.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::Retries;
use crate::core::actions::{ListObjectsV2, ListPage, Object, PageEnd};
use crate::core::bucket::Bucket;
use crate::core::download_plan::Pick;
use crate::core::listing::is_above;
use crate::core::problem::{Failure, Problem};
use crate::core::signing::Request;

/// Empty pages in a row (each with a new token) after which a listing is taken as broken. An empty
/// truncated page is legal (S3 may return one while it skips deleted keys), a hundred are not.
pub const MAX_EMPTY_PAGES: u32 = 100;

/// Below this many sub-folders, a fanned-out listing looks one level deeper for more.
pub const FAN_OUT: usize = 6;

/// The runs a fanned-out listing cuts its sub-folders into (more than the six requests that run
/// at once, so a run of big folders does not hold up the end alone).
pub const RANGES: usize = 12;

/// What a listing is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// One folder level on screen — or every key below it (`recursive`: "Search all
    /// sub-folders"); `start` is the folder the keys were given for (access denied above it is a
    /// note, not an error).
    Browse { start: String, recursive: bool },
    /// Everything under some folders plus some files, for a download: the plan comes at the end.
    Collect { base: String, objects: Vec<Object> },
    /// How many files a folder holds at every depth, and their bytes ("folder facts"); folder
    /// markers are not files.
    Count { files: u64, bytes: u64 },
}

/// What one page did to its run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Ask for the run's next page.
    More,
    /// Every page of the run is in.
    Done,
}

/// A run of pages, named within its listing.
pub type Run = u32;

/// What a run lists.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    /// `prefix` one level deep, or flat: the listing's own pages (a collect job's runs follow one
    /// another through its queue).
    Plain { delimited: bool },
    /// One level of `prefix` (`depth` below the listing's folder), its files taken as rows and
    /// its sub-folders kept for the fan-out.
    Survey { depth: u8 },
    /// Flat from just before the first of `folders` until a key reaches `end`, taking only keys
    /// inside `folders`.
    Range {
        folders: Vec<String>,
        end: Option<String>,
    },
}

/// One run of pages in progress.
#[derive(Debug, Clone)]
struct Cursor {
    prefix: String,
    role: Role,
    /// The token for the next page.
    token: Option<String>,
    /// Every token this run has sent: one seen again means the listing would never end.
    seen: BTreeSet<String>,
    empty_in_a_row: u32,
    retries: Retries,
    /// Every page came.
    finished: bool,
    /// Pages that came and are not parsed yet.
    unparsed: usize,
}

impl Cursor {
    fn new(prefix: String, role: Role) -> Self {
        Cursor {
            prefix,
            role,
            token: None,
            seen: BTreeSet::new(),
            empty_in_a_row: 0,
            retries: Retries::default(),
            finished: false,
            unparsed: 0,
        }
    }

    /// Whether `key` is this run's to take (a range takes only keys inside its folders).
    fn takes(&self, key: &str) -> bool {
        match &self.role {
            Role::Range { folders, .. } => {
                // The last folder not after the key is the only one that can hold it.
                let at = folders.partition_point(|f| f.as_str() <= key);
                at > 0 && key.starts_with(&folders[at - 1])
            }
            _ => true,
        }
    }
}

/// A listing in progress.
#[derive(Debug, Clone)]
pub struct Listing {
    pub bucket: Bucket,
    pub kind: Kind,
    /// The folder listed (a collect job's first).
    root: String,
    /// The runs under way, and the next one's name.
    cursors: BTreeMap<Run, Cursor>,
    next_run: Run,
    /// Prefixes still to list after the current run (collect jobs list several, one by one).
    queue: VecDeque<String>,
    /// Sub-folders the surveys found so far, for the fan-out.
    found: Vec<String>,
    /// Rows listed so far (browse) or objects found (collect).
    pub count: usize,
    /// Pages that came, in order, with their run, waiting to be parsed (the next page is asked
    /// for first).
    pub parked: VecDeque<(Run, String)>,
}

impl Listing {
    /// One folder level of `prefix`, or (`recursive`) every key below it, fanned out.
    pub fn browse(bucket: Bucket, prefix: String, start: String, recursive: bool) -> Self {
        let kind = Kind::Browse { start, recursive };
        let role = match recursive {
            true => Role::Survey { depth: 0 },
            false => Role::Plain { delimited: true },
        };
        Listing::new(bucket, kind, VecDeque::from([prefix]), role)
    }

    /// Everything the `picks` hold (files as they are, folders listed at every depth, one after
    /// another), with paths relative to `base`.
    pub fn collect(bucket: Bucket, base: String, picks: Vec<Pick>) -> Self {
        let mut objects = Vec::new();
        let mut prefixes = VecDeque::new();
        for pick in picks {
            match pick {
                Pick::File { key, size } => objects.push(Object::new(&key, size)),
                Pick::Folder(prefix) => prefixes.push_back(prefix),
            }
        }
        let count = objects.len();
        let kind = Kind::Collect { base, objects };
        Listing {
            count,
            ..Listing::new(bucket, kind, prefixes, flat())
        }
    }

    /// Every file below `prefix`, counted and summed, not kept; fanned out.
    pub fn count(bucket: Bucket, prefix: String) -> Self {
        let kind = Kind::Count { files: 0, bytes: 0 };
        Listing::new(
            bucket,
            kind,
            VecDeque::from([prefix]),
            Role::Survey { depth: 0 },
        )
    }

    /// A listing of the prefixes in `queue`, the first listed as `role` (none: nothing to ask).
    fn new(bucket: Bucket, kind: Kind, mut queue: VecDeque<String>, role: Role) -> Self {
        let first = queue.pop_front();
        let mut listing = Listing {
            bucket,
            kind,
            root: first.clone().unwrap_or_default(),
            cursors: BTreeMap::new(),
            next_run: 0,
            queue,
            found: Vec::new(),
            count: 0,
            parked: VecDeque::new(),
        };
        if let Some(prefix) = first {
            listing.add_run(prefix, role);
        }
        listing
    }

    fn add_run(&mut self, prefix: String, role: Role) -> Run {
        let run = self.next_run;
        self.next_run += 1;
        self.cursors.insert(run, Cursor::new(prefix, role));
        run
    }

    /// The runs waiting for their first page (all of them, when the listing begins).
    pub fn runs(&self) -> Vec<Run> {
        self.cursors.keys().copied().collect()
    }

    /// Whether `run` is still under way.
    pub fn has_run(&self, run: Run) -> bool {
        self.cursors.contains_key(&run)
    }

    /// Whether every run ended and every page is parsed.
    pub fn is_done(&self) -> bool {
        self.cursors.is_empty() && self.parked.is_empty()
    }

    /// The retries of `run`'s page being asked for, and the bucket (whose region a retry may
    /// change) they go to.
    pub fn retries(&mut self, run: Run) -> Option<(&mut Retries, &mut Bucket)> {
        let cursor = self.cursors.get_mut(&run)?;
        Some((&mut cursor.retries, &mut self.bucket))
    }

    /// The runs `is_due` says may ask again.
    pub fn due(&mut self, mut is_due: impl FnMut(&mut Retries) -> bool) -> Vec<Run> {
        self.cursors
            .iter_mut()
            .filter_map(|(run, c)| is_due(&mut c.retries).then_some(*run))
            .collect()
    }

    /// When the runs waiting after a failure may ask again.
    pub fn backoffs(&self) -> impl Iterator<Item = time::OffsetDateTime> + '_ {
        self.cursors.values().filter_map(|c| c.retries.backoff)
    }

    /// Whether `failure` only says the keys do not reach above the folder they were given for:
    /// shown as a note, not an error.
    pub fn outside_scope(&self, run: Run, failure: &Failure) -> bool {
        match (&self.kind, self.cursors.get(&run)) {
            (Kind::Browse { start, .. }, Some(cursor)) => {
                failure.problem == Problem::AccessDenied && is_above(&cursor.prefix, start)
            }
            _ => false,
        }
    }

    /// The unsigned request for `run`'s next page.
    pub fn request(&self, run: Run) -> Option<Request> {
        let cursor = self.cursors.get(&run)?;
        let start_after = match (&cursor.role, &cursor.token) {
            (Role::Range { folders, .. }, None) => folders.first().map(|f| before(f)),
            _ => None,
        };
        let list = ListObjectsV2::new(&self.bucket, &cursor.prefix)
            .continuation_token(cursor.token.as_deref())
            .start_after(start_after.as_deref());
        Some(match cursor.role {
            Role::Plain { delimited: true } | Role::Survey { .. } => list.request(),
            _ => list.recursive().request(),
        })
    }

    /// Takes how one page of `run` ended (read ahead of its keys) and says whether the run has
    /// more pages; the page waits to be parsed. A page that says more follow without a usable
    /// new token, or the hundredth empty page in a row, ends the listing as broken.
    pub fn take_end(&mut self, run: Run, end: PageEnd, body: String) -> Result<Step, Failure> {
        let Some(cursor) = self.cursors.get_mut(&run) else {
            return Ok(Step::Done);
        };
        cursor.retries = Retries::default();
        cursor.unparsed += 1;
        self.parked.push_back((run, body));
        let past_end = match (&cursor.role, &end.last_key) {
            (
                Role::Range {
                    end: Some(bound), ..
                },
                Some(last),
            ) => last >= bound,
            _ => false,
        };
        if !end.truncated || past_end {
            cursor.finished = true;
            return Ok(Step::Done);
        }
        let token = match end.next_continuation_token.filter(|t| !t.is_empty()) {
            None => return Err(broken("more keys follow, but no continuation token came")),
            Some(t) if !cursor.seen.insert(t.clone()) => {
                return Err(broken("the same continuation token came twice"))
            }
            Some(t) => t,
        };
        cursor.empty_in_a_row = if end.empty {
            cursor.empty_in_a_row + 1
        } else {
            0
        };
        if cursor.empty_in_a_row >= MAX_EMPTY_PAGES {
            return Err(broken("100 empty pages in a row"));
        }
        cursor.token = Some(token);
        Ok(Step::More)
    }

    /// Takes one parsed page of `run`: keeps what the listing keeps and hands back the rows for
    /// the view, and the runs that start now (the fan-out, or a collect job's next folder).
    pub fn take_page(&mut self, run: Run, mut page: ListPage) -> (ListPage, Vec<Run>) {
        let mut started = Vec::new();
        if let Some(cursor) = self.cursors.get_mut(&run) {
            cursor.unparsed = cursor.unparsed.saturating_sub(1);
            if matches!(cursor.role, Role::Range { .. }) {
                page.objects.retain(|o| cursor.takes(&o.key));
            }
            if matches!(cursor.role, Role::Survey { .. }) {
                self.found.append(&mut page.folders);
            }
            if cursor.finished && cursor.unparsed == 0 {
                let cursor = self.cursors.remove(&run).expect("the run is here");
                started = self.after(cursor);
            }
        }
        match &mut self.kind {
            Kind::Collect { objects, .. } => {
                objects.append(&mut page.objects);
                self.count = objects.len();
            }
            Kind::Count { files, bytes } => {
                for object in page.objects.drain(..).filter(|o| !o.is_folder_marker()) {
                    *files += 1;
                    *bytes += object.size;
                }
                self.count = *files as usize;
            }
            Kind::Browse { .. } => {}
        }
        (page, started)
    }

    /// A run ended and its pages are parsed: what starts after it.
    fn after(&mut self, ended: Cursor) -> Vec<Run> {
        let surveying = self
            .cursors
            .values()
            .any(|c| matches!(c.role, Role::Survey { .. }));
        match ended.role {
            Role::Plain { .. } => match self.queue.pop_front() {
                Some(prefix) => vec![self.add_run(prefix, flat())],
                None => Vec::new(),
            },
            Role::Survey { .. } if surveying => Vec::new(),
            Role::Survey { depth } => {
                let mut folders = std::mem::take(&mut self.found);
                folders.sort();
                if depth == 0 && !folders.is_empty() && folders.len() < FAN_OUT {
                    // Few sub-folders: one level deeper, side by side, for more to fan out into.
                    let deeper = Role::Survey { depth: 1 };
                    return folders
                        .into_iter()
                        .map(|f| self.add_run(f, deeper.clone()))
                        .collect();
                }
                self.ranges(folders)
            }
            Role::Range { .. } => Vec::new(),
        }
    }

    /// Cuts `folders` (sorted) into runs of neighbours listed flat below `prefix`, side by side.
    fn ranges(&mut self, folders: Vec<String>) -> Vec<Run> {
        if folders.is_empty() {
            return Vec::new();
        }
        let ranges = folders.len().min(RANGES);
        let (size, extra) = (folders.len() / ranges, folders.len() % ranges);
        let mut groups: Vec<Vec<String>> = Vec::with_capacity(ranges);
        let mut rest = folders.into_iter();
        for i in 0..ranges {
            groups.push(rest.by_ref().take(size + usize::from(i < extra)).collect());
        }
        let ends: Vec<Option<String>> = groups
            .iter()
            .skip(1)
            .map(|g| g.first().cloned())
            .chain([None])
            .collect();
        groups
            .into_iter()
            .zip(ends)
            .map(|(folders, end)| {
                let prefix = common_prefix(&self.root, &folders);
                self.add_run(prefix, Role::Range { folders, end })
            })
            .collect()
    }

    /// Files counted and their bytes so far (a count listing).
    pub fn facts(&self) -> Option<(u64, u64)> {
        match self.kind {
            Kind::Count { files, bytes } => Some((files, bytes)),
            _ => None,
        }
    }
}

fn flat() -> Role {
    Role::Plain { delimited: false }
}

/// The key just before every key inside `folder` (which ends in `/`): the folder with its `/`
/// made a `.`, the character before it.
fn before(folder: &str) -> String {
    match folder.strip_suffix('/') {
        Some(stem) => format!("{stem}."),
        None => folder.to_owned(),
    }
}

/// The longest prefix the folders of a run share, at a `/`, and never shorter than `base`.
fn common_prefix(base: &str, folders: &[String]) -> String {
    let (Some(first), Some(last)) = (folders.first(), folders.last()) else {
        return base.to_owned();
    };
    let shared = first
        .char_indices()
        .zip(last.chars())
        .take_while(|((_, a), b)| a == b)
        .filter(|((_, a), _)| *a == '/')
        .map(|((at, _), _)| at + 1)
        .last()
        .unwrap_or(0);
    if shared > base.len() {
        first[..shared].to_owned()
    } else {
        base.to_owned()
    }
}

fn broken(why: &str) -> Failure {
    Failure {
        message: Some(why.to_owned()),
        ..Problem::BrokenListing.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_takes_only_keys_inside_its_folders() {
        let cursor = Cursor::new(
            "p/".into(),
            Role::Range {
                folders: vec!["p/a/".into(), "p/b/".into(), "p/c d/".into()],
                end: Some("p/e/".into()),
            },
        );
        for key in ["p/a/", "p/a/x", "p/b/y/z.txt", "p/c d/1"] {
            assert!(cursor.takes(key), "{key}");
        }
        for key in ["p/a.txt", "p/b", "p/c/1", "p/e/1", "p/0", "q/a/x"] {
            assert!(!cursor.takes(key), "{key}");
        }
    }

    #[test]
    fn a_range_starts_just_before_its_first_folder_and_below_their_shared_prefix() {
        assert_eq!(before("p/a/"), "p/a.");
        assert!(before("p/a/").as_str() < "p/a/");
        assert_eq!(
            common_prefix("p/", &["p/a/x/".into(), "p/a/y/".into()]),
            "p/a/"
        );
        assert_eq!(common_prefix("p/", &["p/a/".into(), "p/b/".into()]), "p/");
        assert_eq!(common_prefix("", &["ab/".into(), "ac/".into()]), "");
    }
}
