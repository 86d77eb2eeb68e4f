//! Host tests of the engine's rules, driven with made-up answers and a made-up clock.

use time::macros::datetime;

use super::index::Rows;
use super::listing::MAX_EMPTY_PAGES;
use super::*;
use crate::core::bucket::Addressing;
use crate::core::download::IN_PAGE_LIFETIME;
use crate::core::download_plan::Pick;
use crate::core::order::Sort;

pub(super) const T0: OffsetDateTime = datetime!(2026-11-30 12:00:00 UTC);

impl Engine {
    /// Takes `event` and, when the engine put work off, the [`Event::Resume`] that follows (as
    /// the runner does on its next turn).
    pub(super) fn drive(&mut self, event: Event, now: OffsetDateTime) -> Vec<Command> {
        let mut out = self.handle(event, now);
        if out.contains(&Command::Defer) {
            out.retain(|c| *c != Command::Defer);
            out.extend(self.handle(Event::Resume, now));
        }
        out
    }
}

pub(super) fn bucket() -> Bucket {
    Bucket::new(
        "demo",
        "us-east-1",
        "http://127.0.0.1:3900",
        Addressing::Path,
    )
    .unwrap()
}

pub(super) fn keys(expires_at: Option<OffsetDateTime>) -> Keys {
    Keys {
        id: KeysId(1),
        expires_at,
    }
}

/// An engine holding keys good for an hour.
pub(super) fn engine() -> Engine {
    let mut engine = Engine::new();
    assert!(engine
        .handle(Event::Keys(keys(Some(T0 + Duration::from_secs(3600)))), T0)
        .is_empty());
    engine
}

pub(super) fn list(id: u64, prefix: &str) -> Event {
    Event::List {
        id: ListingId(id),
        bucket: bucket(),
        prefix: prefix.into(),
        start: String::new(),
        sort: Sort::default(),
        recursive: false,
    }
}

pub(super) fn fetches(commands: &[Command]) -> Vec<Fetch> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Fetch(f) => Some(f.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn only_fetch(commands: &[Command]) -> Fetch {
    let all = fetches(commands);
    assert_eq!(all.len(), 1, "one fetch in {commands:?}");
    all[0].clone()
}

pub(super) fn reports(commands: &[Command]) -> Vec<Report> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Report(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn query(fetch: &Fetch, name: &str) -> Option<String> {
    fetch
        .request
        .query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// A ListObjectsV2 page of 3-byte objects: truncated when it carries a token.
pub(super) fn page(keys: &[&str], folders: &[&str], token: Option<&str>) -> String {
    let contents: String = keys
        .iter()
        .map(|k| {
            // A key ending in `/` is a zero-byte folder marker.
            let size = if k.ends_with('/') { 0 } else { 3 };
            format!("<Contents><Key>{k}</Key><Size>{size}</Size></Contents>")
        })
        .collect();
    let prefixes: String = folders
        .iter()
        .map(|p| format!("<CommonPrefixes><Prefix>{p}</Prefix></CommonPrefixes>"))
        .collect();
    let next = token.map_or(String::new(), |t| {
        format!("<NextContinuationToken>{t}</NextContinuationToken>")
    });
    format!(
        "<ListBucketResult><IsTruncated>{}</IsTruncated>{next}{contents}{prefixes}</ListBucketResult>",
        token.is_some()
    )
}

pub(super) fn ok(body: String) -> Answer {
    Answer {
        status: 200,
        body,
        ..Answer::default()
    }
}

pub(super) fn answered(fetch: &Fetch, answer: Answer) -> Event {
    Event::Answered {
        request: fetch.id,
        answer,
    }
}

pub(super) fn ended(commands: &[Command]) -> Option<End> {
    reports(commands).into_iter().find_map(|r| match r {
        Report::Listed { end, .. } => Some(end),
        _ => None,
    })
}

pub(super) fn problem(commands: &[Command]) -> Option<Problem> {
    match ended(commands) {
        Some(End::Failed(failure)) => Some(failure.problem),
        _ => None,
    }
}

#[test]
fn a_folder_is_paged_through_and_its_rows_come_page_by_page() {
    let mut e = engine();
    let first = only_fetch(&e.drive(list(1, "docs/"), T0));
    assert_eq!(query(&first, "prefix").as_deref(), Some("docs/"));
    assert_eq!(query(&first, "delimiter").as_deref(), Some("/"));
    assert_eq!(query(&first, "continuation-token"), None);
    let signing = first.signing.clone().unwrap();
    assert_eq!(signing.keys, KeysId(1));
    assert_eq!(signing.lifetime, IN_PAGE_LIFETIME);
    assert_eq!((first.cap, first.deadline), (LISTING_CAP, DEADLINE));

    let out = e.drive(
        answered(
            &first,
            ok(page(&["docs/", "docs/a.txt"], &["docs/2024/"], Some("t1"))),
        ),
        T0,
    );
    let second = only_fetch(&out);
    assert_eq!(query(&second, "continuation-token").as_deref(), Some("t1"));
    let [Report::Window {
        listing: ListingId(1),
        window,
    }] = &reports(&out)[..]
    else {
        panic!("one window: {out:?}");
    };
    assert_eq!((window.loaded, window.matching, window.first), (2, 2, 0));
    assert_eq!(
        window
            .lines
            .iter()
            .map(|l| (l.key.as_str(), l.name.as_str(), l.folder))
            .collect::<Vec<_>>(),
        [("docs/2024/", "2024", true), ("docs/a.txt", "a.txt", false)],
        "the folder marker is no row"
    );
    let out = e.drive(answered(&second, ok(page(&["docs/b.txt"], &[], None))), T0);
    assert!(fetches(&out).is_empty());
    assert_eq!(ended(&out), Some(End::Done { count: 3 }));
    assert_eq!(e.in_flight(), 0);
}

pub(super) fn window(commands: &[Command]) -> (usize, usize, usize, Vec<String>) {
    let windows: Vec<_> = reports(commands)
        .into_iter()
        .filter_map(|r| match r {
            Report::Window { window: w, .. } => Some((
                w.matching,
                w.selected,
                w.first,
                w.lines.into_iter().map(|l| l.name).collect(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(windows.len(), 1, "one window in {commands:?}");
    windows[0].clone()
}

#[test]
fn the_view_gets_the_window_it_asks_for_filtered_sorted_and_its_selection_downloads() {
    let mut e = engine();
    let id = ListingId(1);
    let first = only_fetch(&e.drive(list(1, "p/"), T0));
    let files: Vec<String> = (1..=12).map(|n| format!("p/f{n}.txt")).collect();
    let keys: Vec<&str> = files.iter().map(String::as_str).collect();
    let out = e.drive(answered(&first, ok(page(&keys, &["p/sub/"], None))), T0);
    assert_eq!(ended(&out), Some(End::Done { count: 13 }));
    let view = |first, count| Event::View {
        listing: id,
        first,
        count,
    };
    let (matching, _, at, names) = window(&e.drive(view(9, 3), T0));
    assert_eq!((matching, at), (13, 9));
    assert_eq!(names, ["f9.txt", "f10.txt", "f11.txt"], "natural order");

    let filter = Event::Filter {
        listing: id,
        text: "F1".into(),
    };
    let (matching, _, _, names) = window(&e.drive(filter, T0));
    assert_eq!(matching, 4);
    assert!(names.is_empty(), "the window now lies past the matches");
    let (_, _, _, names) = window(&e.drive(view(0, 10), T0));
    assert_eq!(names, ["f1.txt", "f10.txt", "f11.txt", "f12.txt"]);
    let select = Event::Select {
        listing: id,
        rows: Rows::Matching,
        on: true,
    };
    assert_eq!(window(&e.drive(select, T0)).1, 4);
    let sort = Event::Sort {
        listing: id,
        sort: Sort::default().toggled(crate::core::order::SortBy::Name),
    };
    let (_, selected, _, names) = window(&e.drive(sort, T0));
    assert_eq!(selected, 4);
    assert_eq!(names, ["f12.txt", "f11.txt", "f10.txt", "f1.txt"]);
    // Another listing's intents are not this one's.
    let stale = Event::Filter {
        listing: ListingId(9),
        text: String::new(),
    };
    assert!(e.drive(stale, T0).is_empty());

    let out = e.drive(
        Event::CollectSelected {
            id: ListingId(2),
            from: id,
        },
        T0,
    );
    assert!(fetches(&out).is_empty(), "files only: nothing to list");
    let Some(Report::Planned { plan, .. }) = reports(&out).into_iter().next() else {
        panic!("a plan: {out:?}");
    };
    let mut paths: Vec<String> = plan.files.iter().map(|f| f.path.join("/")).collect();
    paths.sort();
    assert_eq!(paths, ["f1.txt", "f10.txt", "f11.txt", "f12.txt"]);
}

#[test]
fn rows_are_merged_into_the_sort_in_growing_batches_and_never_wait_long() {
    let mut e = engine();
    let mut fetch = only_fetch(&e.drive(list(1, ""), T0));
    let mut at = T0;
    let mut shown = Vec::new();
    // Pages of 1,000 keys named so that each page's rows interleave with those before.
    for p in 0..20 {
        let keys: Vec<String> = (0..1000).map(|i| format!("k{}", i * 20 + p)).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        at += Duration::from_millis(10);
        let out = e.drive(
            answered(&fetch, ok(page(&keys, &[], Some(&format!("t{p}"))))),
            at,
        );
        fetch = only_fetch(&out);
        shown.push(window(&out).0);
    }
    assert_eq!(shown[0], 1000, "the first page is shown at once");
    assert!(
        shown.windows(2).any(|w| w[0] == w[1]),
        "later pages wait: {shown:?}"
    );
    assert!(shown.iter().all(|&n| n >= 1000));
    // A small page waits; then nothing comes for a while: the engine asks to be woken to show it.
    let out = e.drive(
        answered(&fetch, ok(page(&["a", "b"], &[], Some("last")))),
        at,
    );
    let before = window(&out).0;
    assert!(before < 20_002, "{before}");
    let wake = e.poll_timeout().expect("a wake for the rows waiting");
    assert!(wake <= at + MERGE_EVERY);
    let (matching, ..) = window(&e.drive(Event::Wake, wake));
    assert_eq!(matching, 20_002);
    assert_eq!(e.poll_timeout(), None);
}

#[test]
fn a_search_lists_every_key_below_the_folder_named_by_its_path_and_filters_it() {
    let mut e = engine();
    let search = Event::List {
        id: ListingId(1),
        bucket: bucket(),
        prefix: "p/".into(),
        start: String::new(),
        sort: Sort::default(),
        recursive: true,
    };
    // The folder one level deep first: its files are rows, its sub-folders where to fan out.
    let first = only_fetch(&e.drive(search, T0));
    assert_eq!(query(&first, "delimiter").as_deref(), Some("/"));
    assert_eq!(query(&first, "prefix").as_deref(), Some("p/"));
    e.drive(
        Event::Filter {
            listing: ListingId(1),
            text: "NEEDLE".into(),
        },
        T0,
    );
    let out = e.drive(
        answered(
            &first,
            ok(page(&["p/a.txt"], &["p/deep/", "p/needles/"], None)),
        ),
        T0,
    );
    // Two sub-folders are few: each is looked at one level deeper, side by side.
    let deeper = fetches(&out);
    let prefixes: Vec<_> = deeper.iter().map(|f| query(f, "prefix")).collect();
    assert_eq!(
        prefixes,
        [Some("p/deep/".to_owned()), Some("p/needles/".to_owned())]
    );
    e.drive(
        answered(&deeper[0], ok(page(&["p/deep/"], &["p/deep/l1/"], None))),
        T0,
    );
    let out = e.drive(
        answered(&deeper[1], ok(page(&["p/needles/x"], &[], None))),
        T0,
    );
    // Then what lies below, flat.
    let flat = only_fetch(&out);
    assert_eq!(query(&flat, "delimiter"), None, "every level");
    assert_eq!(query(&flat, "prefix").as_deref(), Some("p/deep/l1/"));
    let out = e.drive(
        answered(&flat, ok(page(&["p/deep/l1/needle.txt"], &[], None))),
        T0,
    );
    assert_eq!(
        ended(&out),
        Some(End::Done { count: 3 }),
        "the marker is no row"
    );
    let (matching, _, _, names) = window(&out);
    assert_eq!(matching, 2);
    assert_eq!(names, ["deep/l1/needle.txt", "needles/x"]);
}

#[test]
fn a_folder_without_sub_folders_is_paged_as_one_run() {
    let mut e = engine();
    let count = Event::Count {
        id: ListingId(3),
        bucket: bucket(),
        prefix: "docs/".into(),
    };
    let first = only_fetch(&e.drive(count, T0));
    let out = e.drive(
        answered(&first, ok(page(&["docs/", "docs/a"], &[], Some("t")))),
        T0,
    );
    let second = only_fetch(&out);
    assert_eq!(query(&second, "continuation-token").as_deref(), Some("t"));
    let out = e.drive(answered(&second, ok(page(&["docs/b"], &[], None))), T0);
    assert!(fetches(&out).is_empty());
    assert_eq!(ended(&out), Some(End::Done { count: 2 }));
}

/// A ListObjectsV2 answer from `keys` (sorted) as S3 gives it: `per_page` entries (keys or
/// sub-folders) after the token or `start-after`, the token being the last entry given.
fn s3_answer(keys: &[String], fetch: &Fetch, per_page: usize) -> String {
    let prefix = query(fetch, "prefix").unwrap_or_default();
    let delimited = query(fetch, "delimiter").is_some();
    let after = query(fetch, "continuation-token").or_else(|| query(fetch, "start-after"));
    let mut entries: Vec<(String, bool)> = Vec::new();
    for key in keys.iter().filter(|k| k.starts_with(&prefix)) {
        if after.as_deref().is_some_and(|a| {
            key.as_str() <= a || (delimited && a.ends_with('/') && key.starts_with(a))
        }) {
            continue;
        }
        let folder = delimited
            .then(|| key[prefix.len()..].find('/'))
            .flatten()
            .map(|at| key[..prefix.len() + at + 1].to_owned());
        match folder {
            Some(f) => {
                if entries.last().is_none_or(|(last, _)| *last != f) {
                    entries.push((f, true));
                }
            }
            _ => entries.push((key.clone(), false)),
        }
    }
    let more = entries.len() > per_page;
    entries.truncate(per_page);
    let token = more
        .then(|| entries.last().map(|(k, _)| k.clone()))
        .flatten();
    let files: Vec<&str> = entries
        .iter()
        .filter(|e| !e.1)
        .map(|e| e.0.as_str())
        .collect();
    let folders: Vec<&str> = entries
        .iter()
        .filter(|e| e.1)
        .map(|e| e.0.as_str())
        .collect();
    page(&files, &folders, token.as_deref())
}

/// Counts the files below `prefix` against [`s3_answer`], answering the requests in flight in
/// the order `pick` chooses; gives the count and the most requests that were in flight at once.
fn count_against(
    keys: &[String],
    prefix: &str,
    mut pick: impl FnMut(usize) -> usize,
) -> (End, usize) {
    let mut e = engine();
    let count = Event::Count {
        id: ListingId(3),
        bucket: bucket(),
        prefix: prefix.into(),
    };
    let mut open = fetches(&e.drive(count, T0));
    let mut most = open.len();
    for _ in 0..10_000 {
        if open.is_empty() {
            break;
        }
        let f = open.remove(pick(open.len()) % open.len());
        let out = e.drive(answered(&f, ok(s3_answer(keys, &f, 3))), T0);
        open.extend(fetches(&out));
        most = most.max(e.in_flight());
        if let Some(end) = ended(&out) {
            assert!(open.is_empty(), "nothing asked after the end");
            return (end, most);
        }
    }
    panic!("the count never ended");
}

#[test]
fn a_deep_tree_fans_out_into_runs_of_neighbour_folders_side_by_side() {
    use super::listing::RANGES;
    // Files at the top, 2 × RANGES folders of various sizes, some with folders of their own.
    let mut keys: Vec<String> = vec!["t/".into(), "t/a.txt".into(), "t/z.txt".into()];
    for i in 0..2 * RANGES {
        keys.push(format!("t/f{i:02}/"));
        keys.extend((0..i % 7).map(|j| format!("t/f{i:02}/file {j}")));
        keys.extend((0..i % 3).map(|j| format!("t/f{i:02}/sub/{j}")));
    }
    keys.push("t/f01x".into());
    keys.sort();
    let files = keys.iter().filter(|k| !k.ends_with('/')).count();
    let (end, most) = count_against(&keys, "t/", |_| 0);
    assert_eq!(end, End::Done { count: files }, "each key once");
    assert_eq!(most, 6, "runs side by side, under the shared limit");
    // In any order the answers come.
    let mut seed = 7usize;
    let (end, _) = count_against(&keys, "t/", |n| {
        seed = seed.wrapping_mul(31).wrapping_add(17);
        seed % n
    });
    assert_eq!(end, End::Done { count: files });
    let survey = {
        let mut e = engine();
        let count = Event::Count {
            id: ListingId(3),
            bucket: bucket(),
            prefix: "t/".into(),
        };
        only_fetch(&e.drive(count, T0))
    };
    assert_eq!(query(&survey, "delimiter").as_deref(), Some("/"));
}

#[test]
fn a_range_stops_at_the_next_ones_first_folder_even_when_more_follow() {
    use super::listing::RANGES;
    let mut e = engine();
    let count = Event::Count {
        id: ListingId(3),
        bucket: bucket(),
        prefix: "t/".into(),
    };
    let survey = only_fetch(&e.drive(count, T0));
    let folders: Vec<String> = (0..2 * RANGES).map(|i| format!("t/f{i:02}/")).collect();
    let names: Vec<&str> = folders.iter().map(String::as_str).collect();
    let out = e.drive(answered(&survey, ok(page(&[], &names, None))), T0);
    let runs = fetches(&out);
    assert_eq!(query(&runs[0], "start-after").as_deref(), Some("t/f00."));
    assert_eq!(query(&runs[1], "start-after").as_deref(), Some("t/f02."));
    let out = e.drive(
        answered(
            &runs[0],
            ok(page(
                &["t/f00/a", "t/f01/b", "t/f01x", "t/f02/c"],
                &[],
                Some("more"),
            )),
        ),
        T0,
    );
    // Its place goes to the seventh run, not to a next page of its own.
    let next = only_fetch(&out);
    assert_eq!(query(&next, "start-after").as_deref(), Some("t/f12."));
    assert_eq!(
        reports(&out),
        [Report::Facts {
            listing: ListingId(3),
            files: 2,
            bytes: 6
        }],
        "t/f01x lies between folders, t/f02/c is the next run's"
    );
}

mod fan_out {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_key_below_the_folder_is_counted_once(
            tree in proptest::collection::btree_set("t/([a-c]/){0,3}[a-c]{1,2}", 0..60),
            markers in proptest::collection::btree_set("t/([a-c]/){1,2}", 0..5),
            order in any::<u64>(),
        ) {
            let mut keys: Vec<String> = tree.iter().chain(&markers).cloned().collect();
            keys.sort();
            keys.dedup();
            let files = keys.iter().filter(|k| !k.ends_with('/')).count();
            let mut seed = order as usize;
            let (end, most) = count_against(&keys, "t/", |n| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (seed >> 33) % n
            });
            prop_assert_eq!(end, End::Done { count: files });
            prop_assert!(most <= 6);
        }
    }
}

#[test]
fn a_repeated_token_ends_the_listing_as_broken() {
    let mut e = engine();
    let mut fetch = only_fetch(&e.drive(list(1, ""), T0));
    let mut requests = 1;
    let out = loop {
        let token = if requests == 1 { "A" } else { "B" };
        let out = e.drive(answered(&fetch, ok(page(&["k"], &[], Some(token)))), T0);
        match fetches(&out).first() {
            Some(next) => fetch = next.clone(),
            None => break out,
        }
        requests += 1;
        assert!(requests < 10, "the listing goes on forever");
    };
    assert_eq!(
        requests, 3,
        "asked for the first page, A, then B; B again stops"
    );
    assert_eq!(problem(&out), Some(Problem::BrokenListing));
}

#[test]
fn a_truncated_page_without_a_token_ends_the_listing_as_broken() {
    for token in [None, Some("")] {
        let mut e = engine();
        let fetch = only_fetch(&e.drive(list(1, ""), T0));
        let body = page(&["k"], &[], Some("x")).replace(
            "<NextContinuationToken>x</NextContinuationToken>",
            &token.map_or(String::new(), |t| {
                format!("<NextContinuationToken>{t}</NextContinuationToken>")
            }),
        );
        let out = e.drive(answered(&fetch, ok(body)), T0);
        assert!(fetches(&out).is_empty());
        assert_eq!(problem(&out), Some(Problem::BrokenListing), "{token:?}");
    }
}

#[test]
fn empty_pages_with_new_tokens_are_legal_up_to_a_hundred_in_a_row() {
    let mut e = engine();
    let mut fetch = only_fetch(&e.drive(list(1, ""), T0));
    // 99 empty pages, then one with a key: the count starts again.
    for n in 0..MAX_EMPTY_PAGES - 1 {
        let token = format!("e{n}");
        fetch = only_fetch(&e.drive(answered(&fetch, ok(page(&[], &[], Some(&token)))), T0));
    }
    fetch = only_fetch(&e.drive(answered(&fetch, ok(page(&["k"], &[], Some("full")))), T0));
    let mut asked = 0;
    let out = loop {
        let token = format!("f{asked}");
        let out = e.drive(answered(&fetch, ok(page(&[], &[], Some(&token)))), T0);
        asked += 1;
        match fetches(&out).first() {
            Some(next) => fetch = next.clone(),
            None => break out,
        }
    };
    assert_eq!(asked, MAX_EMPTY_PAGES);
    assert_eq!(problem(&out), Some(Problem::BrokenListing));
}

#[test]
fn a_download_is_collected_from_files_and_whole_folders() {
    let mut e = engine();
    let picks = vec![
        Pick::File {
            key: "docs/top.txt".into(),
            size: 5,
        },
        Pick::Folder("docs/a/".into()),
        Pick::Folder("docs/b/".into()),
    ];
    let first = only_fetch(&e.drive(
        Event::Collect {
            id: ListingId(7),
            bucket: bucket(),
            base: "docs/".into(),
            picks,
        },
        T0,
    ));
    assert_eq!(query(&first, "prefix").as_deref(), Some("docs/a/"));
    assert_eq!(query(&first, "delimiter"), None, "every depth");
    let out = e.drive(
        answered(
            &first,
            ok(page(&["docs/a/", "docs/a/1.txt"], &[], Some("t"))),
        ),
        T0,
    );
    assert!(reports(&out).is_empty(), "no rows on screen for a download");
    let second = only_fetch(&out);
    let out = e.drive(
        answered(&second, ok(page(&["docs/a/x/2.txt"], &[], None))),
        T0,
    );
    let third = only_fetch(&out);
    assert_eq!(query(&third, "prefix").as_deref(), Some("docs/b/"));
    assert_eq!(query(&third, "continuation-token"), None);
    let out = e.drive(
        answered(&third, ok(page(&["docs/b/../../evil"], &[], None))),
        T0,
    );
    let Some(Report::Planned { listing, plan }) = reports(&out).pop() else {
        panic!("no plan in {out:?}");
    };
    assert_eq!(listing, ListingId(7));
    let paths: Vec<String> = plan.files.iter().map(|f| f.path.join("/")).collect();
    assert_eq!(paths, ["top.txt", "a/1.txt", "a/x/2.txt", "b/evil"]);
    assert_eq!(plan.total_bytes, 5 + 3 + 3 + 3);

    // Files alone need no listing.
    let out = e.drive(
        Event::Collect {
            id: ListingId(8),
            bucket: bucket(),
            base: String::new(),
            picks: vec![Pick::File {
                key: "k".into(),
                size: 1,
            }],
        },
        T0,
    );
    assert!(fetches(&out).is_empty());
    assert!(matches!(reports(&out)[..], [Report::Planned { .. }]));
}

#[test]
fn an_unreadable_page_ends_the_listing_with_the_parsers_words() {
    let mut e = engine();
    let fetch = only_fetch(&e.drive(list(1, ""), T0));
    let out = e.drive(
        answered(&fetch, ok("<ListBucketResult><Contents>".into())),
        T0,
    );
    let Some(End::Failed(failure)) = ended(&out) else {
        panic!("{out:?}");
    };
    assert_eq!(failure.problem, Problem::NotAListing);
    assert!(
        failure.message.is_some(),
        "the parser's words, for the details"
    );
}

mod prop {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// One step of a made-up session.
    #[derive(Debug, Clone)]
    enum Step {
        List(u64),
        Collect(u64),
        Cancel(u64),
        /// Answers the n-th request still open with one kind of answer.
        Answer(usize, u8),
        Later(u64),
        Forget,
        NewKeys,
        /// The runner's next turn after a `Defer` (or a stray one: nothing to do).
        Resume,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..5u64).prop_map(Step::List),
            (0..5u64).prop_map(Step::Collect),
            (0..5u64).prop_map(Step::Cancel),
            (0..8usize, 0..7u8).prop_map(|(n, kind)| Step::Answer(n, kind)),
            (0..5000u64).prop_map(Step::Later),
            Just(Step::Forget),
            Just(Step::NewKeys),
            Just(Step::Resume),
        ]
    }

    fn answer(kind: u8, serial: usize) -> Event {
        let token = format!("t{serial}");
        let (status, body) = match kind {
            0 => (200, page(&["k/a"], &["k/b/"], Some(&token))),
            1 => (200, page(&["k/z"], &[], None)),
            2 => (503, "<Error><Code>SlowDown</Code></Error>".to_owned()),
            3 => (403, "<Error><Code>AccessDenied</Code></Error>".to_owned()),
            4 => (200, page(&[], &[], Some("same"))),
            _ => {
                return Event::Wake;
            }
        };
        Event::Answered {
            request: RequestId(u64::MAX),
            answer: Answer {
                status,
                body,
                ..Answer::default()
            },
        }
    }

    proptest! {
        #[test]
        fn whatever_happens_six_at_most_are_in_flight_and_nothing_is_signed_without_keys(
            steps in proptest::collection::vec(step(), 1..120)
        ) {
            let mut e = engine();
            let mut now = T0;
            let mut keys: Option<KeysId> = Some(KeysId(1));
            let mut next_keys = 1;
            let mut open: Vec<RequestId> = Vec::new();
            let mut ended: BTreeSet<ListingId> = BTreeSet::new();
            let mut loaded_rows: BTreeMap<ListingId, usize> = BTreeMap::new();
            for (serial, step) in steps.into_iter().enumerate() {
                let event = match step {
                    Step::List(id) => list(id, "k/"),
                    Step::Resume => Event::Resume,
                    Step::Collect(id) => Event::Collect {
                        id: ListingId(id),
                        bucket: bucket(),
                        base: "k/".into(),
                        picks: vec![Pick::Folder("k/".into())],
                    },
                    Step::Cancel(id) => Event::Cancel(ListingId(id)),
                    Step::Answer(_, _) if open.is_empty() => Event::Wake,
                    Step::Answer(n, kind) => {
                        let request = open.remove(n % open.len());
                        match answer(kind, serial) {
                            Event::Answered { answer, .. } => Event::Answered { request, answer },
                            _ if kind == 5 => Event::NoAnswer { request, why: NoAnswer::TimedOut },
                            _ => Event::NoAnswer { request, why: NoAnswer::Network("TypeError".into()) },
                        }
                    }
                    Step::Later(ms) => {
                        now += Duration::from_millis(ms);
                        Event::Wake
                    }
                    Step::Forget => {
                        keys = None;
                        Event::ForgetKeys
                    }
                    Step::NewKeys => {
                        next_keys += 1;
                        keys = Some(KeysId(next_keys));
                        Event::Keys(Keys { id: KeysId(next_keys), expires_at: None })
                    }
                };
                // A listing started again under the same id may report again.
                if let Event::List { id, .. } | Event::Collect { id, .. } = &event {
                    ended.remove(id);
                    loaded_rows.remove(id);
                }
                // Pages are parsed when a `Resume` step comes, whatever came between.
                for command in e.handle(event, now) {
                    match command {
                        Command::Fetch(fetch) => {
                            if let Some(signing) = &fetch.signing {
                                prop_assert_eq!(Some(signing.keys), keys, "signed without the keys in use");
                            }
                            open.push(fetch.id);
                        }
                        Command::Abort(id) => {
                            prop_assert!(open.contains(&id), "aborts only what is open");
                            open.retain(|r| *r != id);
                        }
                        Command::Report(Report::Window { listing, window }) => {
                            let was = loaded_rows.insert(listing, window.loaded);
                            prop_assert!(!ended.contains(&listing) || was == Some(window.loaded), "rows after the end");
                        }
                        Command::Report(Report::Listed { listing, .. } | Report::Planned { listing, .. }) => {
                            prop_assert!(ended.insert(listing), "a listing ended twice");
                        }
                        _ => {}
                    }
                }
                prop_assert!(open.len() <= limit::IN_FLIGHT, "{} open", open.len());
                prop_assert_eq!(e.in_flight(), open.len());
            }
        }
    }
}
