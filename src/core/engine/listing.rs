//! One listing job: the pages it asks for, the rows it gives, and the bounds that end a listing that never ends.

use std::collections::{BTreeSet, VecDeque};

use super::Retries;
use crate::core::actions::{ListObjectsV2, ListPage, Object, PageEnd};
use crate::core::bucket::Bucket;
use crate::core::listing::is_above;
use crate::core::problem::{Failure, Problem};
use crate::core::signing::Request;
use crate::core::transfers::Target;

/// Empty pages in a row (each with a new token) after which a listing is taken as broken. An empty
/// truncated page is legal (S3 may return one while it skips deleted keys), a hundred are not.
pub const MAX_EMPTY_PAGES: u32 = 100;

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

/// What one page did to the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Ask for the next page.
    More,
    /// Every page is in.
    Done,
}

/// A listing in progress.
#[derive(Debug, Clone)]
pub struct Listing {
    pub bucket: Bucket,
    pub kind: Kind,
    /// The prefix being listed (`None` once none is left), and those still to list after it
    /// (collect jobs list several).
    prefix: Option<String>,
    queue: VecDeque<String>,
    /// The token for the next page of `prefix`.
    token: Option<String>,
    /// Every token this prefix has sent: one seen again means the listing would never end.
    seen: BTreeSet<String>,
    empty_in_a_row: u32,
    /// Rows listed so far (browse) or objects found (collect).
    pub count: usize,
    /// The retries the page being asked for has had.
    pub retries: Retries,
    /// Pages that came, in order, waiting to be parsed (the next page is asked for first).
    pub parked: VecDeque<String>,
    /// Every page came: the listing ends once the parked ones are parsed.
    pub finished: bool,
}

impl Listing {
    /// One folder level of `prefix`, or (`recursive`) every key below it.
    pub fn browse(bucket: Bucket, prefix: String, start: String, recursive: bool) -> Self {
        let kind = Kind::Browse { start, recursive };
        Listing::new(bucket, kind, VecDeque::from([prefix]))
    }

    /// Everything the `targets` hold (files as they are, folders listed at every depth), with
    /// paths relative to `base`.
    pub fn collect(bucket: Bucket, base: String, targets: Vec<Target>) -> Self {
        let mut objects = Vec::new();
        let mut prefixes = VecDeque::new();
        for target in targets {
            match target {
                Target::File { key, size } => objects.push(Object::new(&key, size)),
                Target::Folder(prefix) => prefixes.push_back(prefix),
            }
        }
        let count = objects.len();
        Listing {
            count,
            ..Listing::new(bucket, Kind::Collect { base, objects }, prefixes)
        }
    }

    /// Every file below `prefix`, counted and summed, not kept.
    pub fn count(bucket: Bucket, prefix: String) -> Self {
        let kind = Kind::Count { files: 0, bytes: 0 };
        Listing::new(bucket, kind, VecDeque::from([prefix]))
    }

    fn new(bucket: Bucket, kind: Kind, mut queue: VecDeque<String>) -> Self {
        Listing {
            bucket,
            kind,
            prefix: queue.pop_front(),
            queue,
            token: None,
            seen: BTreeSet::new(),
            empty_in_a_row: 0,
            count: 0,
            retries: Retries::default(),
            parked: VecDeque::new(),
            finished: false,
        }
    }

    /// Whether there is anything to ask S3 for (a collect job of files only has nothing).
    pub fn has_pages(&self) -> bool {
        self.prefix.is_some()
    }

    /// Whether `failure` only says the keys do not reach above the folder they were given for:
    /// shown as a note, not an error.
    pub fn outside_scope(&self, failure: &Failure) -> bool {
        match (&self.kind, &self.prefix) {
            (Kind::Browse { start, .. }, Some(prefix)) => {
                failure.problem == Problem::AccessDenied && is_above(prefix, start)
            }
            _ => false,
        }
    }

    /// The unsigned request for the next page.
    pub fn request(&self) -> Request {
        let prefix = self.prefix.as_deref().unwrap_or_default();
        let list =
            ListObjectsV2::new(&self.bucket, prefix).continuation_token(self.token.as_deref());
        match self.kind {
            Kind::Browse {
                recursive: false, ..
            } => list.request(),
            _ => list.recursive().request(),
        }
    }

    /// Takes how one page ended (read ahead of its keys) and says whether more pages follow. A
    /// page that says more follow without a usable new token, or the hundredth empty page in a
    /// row, ends the listing as broken.
    pub fn take_end(&mut self, end: PageEnd) -> Result<Step, Failure> {
        self.retries = Retries::default();
        if !end.truncated {
            return Ok(self.next_prefix());
        }
        let token = match end.next_continuation_token.filter(|t| !t.is_empty()) {
            None => return Err(broken("more keys follow, but no continuation token came")),
            Some(t) if !self.seen.insert(t.clone()) => {
                return Err(broken("the same continuation token came twice"))
            }
            Some(t) => t,
        };
        self.empty_in_a_row = if end.empty {
            self.empty_in_a_row + 1
        } else {
            0
        };
        if self.empty_in_a_row >= MAX_EMPTY_PAGES {
            return Err(broken("100 empty pages in a row"));
        }
        self.token = Some(token);
        Ok(Step::More)
    }

    /// Takes one parsed page's keys and hands the page back for the view (a collect job keeps
    /// its objects).
    pub fn take_rows(&mut self, mut page: ListPage) -> ListPage {
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
        page
    }

    /// Files counted and their bytes so far (a count listing).
    pub fn facts(&self) -> Option<(u64, u64)> {
        match self.kind {
            Kind::Count { files, bytes } => Some((files, bytes)),
            _ => None,
        }
    }

    /// The prefix a browse listing lists.
    pub fn prefix(&self) -> &str {
        self.prefix.as_deref().unwrap_or_default()
    }

    /// The current prefix is done: on to the next one, if any.
    fn next_prefix(&mut self) -> Step {
        self.prefix = self.queue.pop_front();
        self.token = None;
        self.seen.clear();
        self.empty_in_a_row = 0;
        if self.prefix.is_some() {
            Step::More
        } else {
            Step::Done
        }
    }
}

fn broken(why: &str) -> Failure {
    Failure {
        message: Some(why.to_owned()),
        ..Problem::BrokenListing.into()
    }
}
