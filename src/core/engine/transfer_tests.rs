//! Host tests of the engine's transfer rules: files, streams, parts, ZIP order, keys, cancel.

use time::macros::datetime;

use super::tests::{bucket, fetches};
use super::*;
use crate::core::download_plan::{OnExisting, Outcome, PlannedFile, SaveAs};
use crate::core::integrity::Checksums;
use crate::core::transfer_plan::PART_SIZE;

pub(super) const T0: OffsetDateTime = datetime!(2026-11-30 12:00:00 UTC);
/// A plain MD5 ETag (so the file can be checked).
pub(super) const ETAG: &str = "\"0123456789abcdef0123456789abcdef\"";
pub(super) const OTHER_ETAG: &str = "\"fedcba9876543210fedcba9876543210\"";

/// An engine holding keys (id 1) that run out at `expires_at`.
pub(super) fn engine_until(expires_at: OffsetDateTime) -> Engine {
    let mut engine = Engine::new();
    engine.handle(
        Event::Keys(Keys {
            id: KeysId(1),
            expires_at: Some(expires_at),
        }),
        T0,
    );
    engine
}

pub(super) fn engine() -> Engine {
    engine_until(T0 + Duration::from_secs(3600))
}

pub(super) fn file(n: u64, size: u64) -> (FileId, PlannedFile) {
    (
        FileId(n),
        PlannedFile {
            key: format!("f/{n}.bin"),
            path: vec![format!("{n}.bin")],
            size,
            modified: None,
        },
    )
}

pub(super) fn download(how: SaveAs, files: Vec<(FileId, PlannedFile)>) -> Event {
    Event::Download(Download {
        job: JobId(1),
        how,
        bucket: bucket(),
        files,
        can_start_over: how != SaveAs::Zip,
        // Writes over what is there without looking (the tests of asking first are below).
        existing: Some(OnExisting::Replace),
    })
}

pub(super) fn pumps(out: &[Command]) -> Vec<Pump> {
    picked(out, |c| match c {
        Command::Pump(p) => Some(p.clone()),
        _ => None,
    })
}

pub(super) fn closes(out: &[Command]) -> Vec<Close> {
    picked(out, |c| match c {
        Command::Close(c) => Some(c.clone()),
        _ => None,
    })
}

/// The runner closed (or discarded) `file`, with this verdict.
pub(super) fn closed(file: u64, verdict: Option<bool>) -> Event {
    Event::Closed {
        file: FileId(file),
        result: Ok(verdict),
    }
}

pub(super) fn picked<T>(out: &[Command], pick: impl Fn(&Command) -> Option<T>) -> Vec<T> {
    out.iter().filter_map(pick).collect()
}

/// The outcomes the view is told, in order.
pub(super) fn outcomes(out: &[Command]) -> Vec<(u64, Outcome, Option<Problem>)> {
    out.iter()
        .filter_map(|c| match c {
            Command::Report(Report::File {
                file,
                outcome,
                failure,
            }) => Some((
                file.0,
                outcome.clone(),
                failure.as_ref().map(|f| f.problem.clone()),
            )),
            _ => None,
        })
        .collect()
}

pub(super) fn head(size: u64, etag: &str) -> Head {
    Head {
        content_length: Some(size),
        content_range: None,
        checksums: Checksums {
            etag: Some(etag.into()),
            ..Checksums::default()
        },
    }
}

pub(super) fn ranged(from: u64, to: u64, size: u64, etag: &str) -> Head {
    Head {
        content_range: Some(format!("bytes {from}-{to}/{size}")),
        ..head(to + 1 - from, etag)
    }
}

pub(super) fn opened(fetch: &Fetch, head: Head) -> Event {
    Event::Opened {
        request: fetch.id,
        head,
    }
}

pub(super) fn body(request: RequestId, bytes: u64, end: BodyEnd) -> [Event; 2] {
    [
        Event::Pumped { request, bytes },
        Event::BodyEnded { request, end },
    ]
}

pub(super) fn feed(
    e: &mut Engine,
    events: impl IntoIterator<Item = Event>,
    now: OffsetDateTime,
) -> Vec<Command> {
    events.into_iter().flat_map(|ev| e.drive(ev, now)).collect()
}

pub(super) fn is_whole_get(f: &Fetch) -> bool {
    f.open
        && f.range.is_none()
        && f.request
            .query
            .iter()
            .any(|(k, _)| k == "x-amz-checksum-mode")
}

#[test]
fn a_folder_runs_six_files_at_a_time_each_opened_written_and_checked() {
    let mut e = engine();
    let files: Vec<_> = (0..8).map(|n| file(n, 100)).collect();
    let out = e.drive(download(SaveAs::Folder, files), T0);
    let first = fetches(&out);
    assert_eq!(first.len(), 6, "six files start");
    assert!(first.iter().all(is_whole_get));
    assert_eq!(
        outcomes(&out).len(),
        6,
        "the six say Running, the others stay Queued"
    );

    let out = e.drive(opened(&first[0], head(100, ETAG)), T0);
    let pump = pumps(&out).remove(0);
    assert_eq!((pump.at, pump.limit), (0, 100));
    let begin = pump.begin.expect("the first bytes make the file");
    assert_eq!(begin.path, ["0.bin"]);
    assert!(begin.check.is_some() && !begin.again);

    let out = feed(&mut e, body(first[0].id, 100, BodyEnd::Done), T0);
    assert!(out.contains(&Command::Report(Report::Progress {
        file: FileId(0),
        done: 100
    })));
    assert_eq!(
        closes(&out),
        [Close {
            job: JobId(1),
            file: FileId(0),
            how: Closing::Keep
        }]
    );
    let out = e.drive(closed(0, Some(true)), T0);
    assert_eq!(outcomes(&out)[0], (0, Outcome::Verified, None));
    let next = fetches(&out);
    assert_eq!(next.len(), 1, "the seventh file takes the free place");
    assert_eq!(e.in_flight(), 6);
    let _ = next;
}

#[test]
fn a_cut_body_resumes_from_the_byte_where_it_stopped_after_a_backoff() {
    let mut e = engine();
    let first = fetches(&e.drive(download(SaveAs::Folder, vec![file(0, 1000)]), T0)).remove(0);
    e.drive(opened(&first, head(1000, ETAG)), T0);
    let out = feed(&mut e, body(first.id, 400, BodyEnd::Cut), T0);
    assert!(fetches(&out).is_empty(), "no request before the backoff");
    let at = e.poll_timeout().expect("a wake-up");
    assert_eq!(at, T0 + Duration::from_millis(500));
    let resume = fetches(&e.drive(Event::Wake, at)).remove(0);
    assert_eq!(resume.range.as_deref(), Some("bytes=400-"));
    assert!(!is_whole_get(&resume));
    let out = e.drive(opened(&resume, ranged(400, 999, 1000, ETAG)), at);
    let pump = pumps(&out).remove(0);
    assert_eq!((pump.at, pump.limit, pump.begin), (400, 600, None));
}

#[test]
fn keys_running_out_pause_a_file_and_new_keys_resume_it_from_the_byte_where_it_stopped() {
    let expiry = T0 + Duration::from_secs(60);
    let mut e = engine_until(expiry);
    let first = fetches(&e.drive(download(SaveAs::Folder, vec![file(0, 1000)]), T0)).remove(0);
    e.drive(opened(&first, head(1000, ETAG)), T0);
    feed(&mut e, body(first.id, 400, BodyEnd::Cut), expiry);
    let late = expiry + Duration::from_secs(1);
    let out = e.drive(Event::Wake, late);
    assert!(
        fetches(&out).is_empty(),
        "nothing is signed with keys that ran out"
    );
    assert_eq!(outcomes(&out), [(0, Outcome::Paused, None)]);
    assert!(out.contains(&Command::Report(Report::KeysRanOut { keys: KeysId(1) })));

    let out = e.drive(
        Event::Keys(Keys {
            id: KeysId(2),
            expires_at: None,
        }),
        late,
    );
    let resume = fetches(&out).remove(0);
    assert_eq!(resume.signing.as_ref().unwrap().keys, KeysId(2));
    assert_eq!(resume.range.as_deref(), Some("bytes=400-"));
    assert_eq!(outcomes(&out), [(0, Outcome::Running, None)]);
}

#[test]
fn s3_refusing_expired_keys_pauses_the_file_too() {
    let mut e = engine();
    let first = fetches(&e.drive(download(SaveAs::Folder, vec![file(0, 10)]), T0)).remove(0);
    let refusal = Answer {
        status: 400,
        body: "<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>"
            .into(),
        ..Answer::default()
    };
    let out = e.drive(
        Event::Answered {
            request: first.id,
            answer: refusal,
        },
        T0,
    );
    assert_eq!(outcomes(&out), [(0, Outcome::Paused, None)]);
    assert!(fetches(&out).is_empty());
    assert_eq!(e.in_flight(), 0, "waiting takes no place");
}

#[test]
fn an_etag_change_starts_a_file_over_and_stops_a_zip() {
    // Into a folder: the file begins again with the object as it is now.
    let mut e = engine();
    let first = fetches(&e.drive(download(SaveAs::Folder, vec![file(0, 100)]), T0)).remove(0);
    e.drive(opened(&first, head(100, ETAG)), T0);
    feed(&mut e, body(first.id, 50, BodyEnd::Cut), T0);
    let at = e.poll_timeout().unwrap();
    let resume = fetches(&e.drive(Event::Wake, at)).remove(0);
    let out = e.drive(opened(&resume, ranged(50, 119, 120, OTHER_ETAG)), at);
    assert!(out.contains(&Command::Abort(resume.id)));
    let again = fetches(&out).remove(0);
    assert!(is_whole_get(&again), "the whole object again");
    let out = e.drive(opened(&again, head(120, OTHER_ETAG)), at);
    assert!(out.contains(&Command::Report(Report::Restarted { file: FileId(0) })));
    let pump = pumps(&out).remove(0);
    assert_eq!((pump.at, pump.limit), (0, 120));
    assert!(pump.begin.unwrap().again);

    // Into a ZIP, whose bytes are out already: the file fails and the ZIP stops.
    let mut e = engine();
    let out = e.drive(download(SaveAs::Zip, vec![file(0, 100), file(1, 5)]), T0);
    let (f0, f1) = (fetches(&out)[0].clone(), fetches(&out)[1].clone());
    e.drive(opened(&f0, head(100, ETAG)), T0);
    feed(&mut e, body(f0.id, 50, BodyEnd::Cut), T0);
    let at = e.poll_timeout().unwrap();
    let resume = fetches(&e.drive(Event::Wake, at)).remove(0);
    let out = e.drive(opened(&resume, ranged(50, 119, 120, OTHER_ETAG)), at);
    assert_eq!(
        outcomes(&out),
        [
            (0, Outcome::Failed, Some(Problem::ChangedMidDownload)),
            (1, Outcome::Failed, Some(Problem::NotInZip)),
        ]
    );
    assert!(
        out.contains(&Command::Abort(f1.id)),
        "what was opened ahead goes"
    );
    assert!(out.contains(&Command::EndJob {
        job: JobId(1),
        keep: false
    }));
}

#[test]
fn a_zip_writes_its_entries_in_order_while_the_next_files_open_ahead() {
    let mut e = engine();
    let out = e.drive(
        download(SaveAs::Zip, vec![file(0, 3), file(1, 3), file(2, 3)]),
        T0,
    );
    let f = fetches(&out);
    assert_eq!(f.len(), 3, "the next files are opened ahead");
    // Answers come in any order; only the current file is written.
    assert!(pumps(&e.drive(opened(&f[2], head(3, ETAG)), T0)).is_empty());
    assert!(pumps(&e.drive(opened(&f[1], head(3, ETAG)), T0)).is_empty());
    let out = e.drive(opened(&f[0], head(3, ETAG)), T0);
    assert_eq!(pumps(&out)[0].file, FileId(0));
    let mut written = vec![];
    for (i, fetch) in f.iter().enumerate() {
        let out = feed(&mut e, body(fetch.id, 3, BodyEnd::Done), T0);
        assert_eq!(closes(&out)[0].file, FileId(i as u64));
        let out = e.drive(closed(i as u64, Some(true)), T0);
        written.push(i);
        if let Some(next) = pumps(&out).first() {
            assert_eq!(
                next.file,
                FileId(i as u64 + 1),
                "the held answer is written next"
            );
            assert!(next.begin.is_some(), "its entry begins");
        } else {
            assert!(out.contains(&Command::EndJob {
                job: JobId(1),
                keep: true
            }));
        }
    }
    assert_eq!(written, [0, 1, 2]);
    let out = e.drive(
        Event::JobClosed {
            job: JobId(1),
            result: Ok(()),
        },
        T0,
    );
    assert_eq!(
        out,
        [Command::Report(Report::JobEnded {
            job: JobId(1),
            failure: None
        })]
    );
}

#[test]
fn a_zip_waiting_for_keys_lets_go_of_what_it_opened_ahead() {
    let mut e = engine();
    let out = e.drive(download(SaveAs::Zip, vec![file(0, 3), file(1, 3)]), T0);
    let f = fetches(&out);
    e.drive(opened(&f[1], head(3, ETAG)), T0);
    let refusal = Answer {
        status: 403,
        body: "<Error><Code>ExpiredToken</Code></Error>".into(),
        ..Answer::default()
    };
    let out = e.drive(
        Event::Answered {
            request: f[0].id,
            answer: refusal,
        },
        T0,
    );
    assert!(
        out.contains(&Command::Abort(f[1].id)),
        "the held answer goes"
    );
    assert_eq!(
        outcomes(&out),
        [(0, Outcome::Paused, None), (1, Outcome::Paused, None)]
    );
    assert_eq!(e.poll_timeout(), None);
    let at = T0;
    let out = e.drive(
        Event::Keys(Keys {
            id: KeysId(2),
            expires_at: None,
        }),
        at,
    );
    let again = fetches(&out);
    assert_eq!(again.len(), 2);
    assert!(again.iter().all(is_whole_get));
}

#[test]
fn a_cancelled_file_is_discarded_once_its_body_has_stopped_and_retry_is_a_fresh_transfer() {
    let mut e = engine();
    let out = e.drive(
        download(SaveAs::Folder, vec![file(0, 100), file(1, 100)]),
        T0,
    );
    let f = fetches(&out);
    e.drive(opened(&f[0], head(100, ETAG)), T0);
    e.drive(
        Event::Pumped {
            request: f[0].id,
            bytes: 10,
        },
        T0,
    );
    let out = e.drive(Event::CancelFile(FileId(0)), T0);
    assert_eq!(out, [Command::Abort(f[0].id)], "the body stops first");
    let out = e.drive(
        Event::BodyEnded {
            request: f[0].id,
            end: BodyEnd::Cut,
        },
        T0,
    );
    assert_eq!(
        closes(&out),
        [Close {
            job: JobId(1),
            file: FileId(0),
            how: Closing::Discard
        }]
    );
    assert!(outcomes(&out).is_empty(), "cancelled once discarded");
    let out = e.drive(closed(0, None), T0);
    assert_eq!(outcomes(&out), [(0, Outcome::Cancelled, None)]);

    // A file not begun is cancelled at once and never written.
    let out = e.drive(Event::CancelFile(FileId(1)), T0);
    assert!(out.contains(&Command::Abort(f[1].id)));
    assert!(outcomes(&out).contains(&(1, Outcome::Cancelled, None)));
    assert!(out.iter().any(|c| matches!(c, Command::EndJob { .. })));

    // Retry: the same object as a new job, from its first byte.
    let out = e.drive(
        Event::Download(Download {
            job: JobId(2),
            how: SaveAs::Folder,
            bucket: bucket(),
            files: vec![(FileId(2), file(0, 100).1)],
            can_start_over: true,
            existing: Some(OnExisting::Replace),
        }),
        T0,
    );
    assert!(is_whole_get(&fetches(&out)[0]));
}

#[test]
fn cancelling_everything_then_forgetting_the_keys_signs_nothing_more() {
    let mut e = engine();
    let files: Vec<_> = (0..8).map(|n| file(n, 100)).collect();
    let f = fetches(&e.drive(download(SaveAs::Folder, files), T0));
    e.drive(opened(&f[0], head(100, ETAG)), T0);
    let listing = fetches(&e.drive(
        Event::List {
            id: ListingId(1),
            bucket: bucket(),
            prefix: String::new(),
            start: String::new(),
            sort: Default::default(),
            recursive: false,
        },
        T0,
    ));
    assert!(listing.is_empty(), "the listing waits for a place");
    // As Forget does: the keys go first, then every transfer stops.
    let mut out = e.drive(Event::ForgetKeys, T0);
    out.extend(e.drive(Event::CancelTransfers, T0));
    let aborted = out
        .iter()
        .filter(|c| matches!(c, Command::Abort(_)))
        .count();
    assert_eq!(aborted, 6);
    assert!(fetches(&out).is_empty(), "nothing is signed after Forget");
    let out = e.drive(
        Event::BodyEnded {
            request: f[0].id,
            end: BodyEnd::Cut,
        },
        T0,
    );
    assert_eq!(closes(&out)[0].how, Closing::Discard);
    let out = e.drive(closed(0, None), T0);
    assert!(out.contains(&Command::EndJob {
        job: JobId(1),
        keep: false
    }));
    assert_eq!(e.in_flight(), 0);
}

#[test]
fn a_big_object_comes_in_parts_when_one_stream_is_slow_and_is_read_back_at_the_end() {
    let size = 64 * PART_SIZE / 8; // 64 MiB: eight parts of 8 MiB
    let mut e = engine();
    let first = fetches(&e.drive(download(SaveAs::Folder, vec![file(0, size)]), T0)).remove(0);
    let out = e.drive(opened(&first, head(size, ETAG)), T0);
    let pump = pumps(&out).remove(0);
    assert_eq!(
        (pump.at, pump.limit),
        (0, PART_SIZE),
        "the first part alone"
    );
    assert_eq!(
        pump.begin.unwrap().check,
        None,
        "parts are read back instead"
    );
    // 8 MiB in a second: slower than one stream needs to be.
    let later = T0 + Duration::from_secs(1);
    let out = feed(&mut e, body(first.id, PART_SIZE, BodyEnd::Done), later);
    let parts = fetches(&out);
    assert_eq!(parts.len(), 6, "the other seven parts, six at a time");
    assert_eq!(
        parts[0].range.as_deref(),
        Some(format!("bytes={}-{}", PART_SIZE, 2 * PART_SIZE - 1).as_str())
    );
    let mut last = vec![];
    let mut pending = parts;
    let mut n = 0;
    while let Some(part) = pending.pop() {
        n += 1;
        let range = part.range.clone().unwrap();
        let from: u64 = range[6..range.find('-').unwrap()].parse().unwrap();
        let out = e.drive(
            opened(&part, ranged(from, from + PART_SIZE - 1, size, ETAG)),
            later,
        );
        let pump = pumps(&out).remove(0);
        assert!(pump.side_by_side);
        assert_eq!(pump.at, from);
        last = feed(&mut e, body(part.id, PART_SIZE, BodyEnd::Done), later);
        pending.extend(fetches(&last));
    }
    assert_eq!(n, 7);
    assert!(matches!(closes(&last)[0].how, Closing::ReadBack(_)));

    // Fast on one stream: the rest in one request.
    let mut e = engine();
    let first = fetches(&e.drive(download(SaveAs::Folder, vec![file(0, size)]), T0)).remove(0);
    e.drive(opened(&first, head(size, ETAG)), T0);
    let soon = T0 + Duration::from_millis(20);
    let rest = fetches(&feed(
        &mut e,
        body(first.id, PART_SIZE, BodyEnd::Done),
        soon,
    ));
    assert_eq!(rest.len(), 1);
    assert_eq!(
        rest[0].range.as_deref(),
        Some(format!("bytes={}-{}", PART_SIZE, size - 1).as_str())
    );
}

#[test]
fn a_part_of_an_object_that_changed_fails_the_file_and_discards_it() {
    let size = 2 * PART_SIZE;
    let mut e = engine();
    let first = fetches(&e.drive(download(SaveAs::Folder, vec![file(0, size)]), T0)).remove(0);
    e.drive(opened(&first, head(size, ETAG)), T0);
    let rest = fetches(&feed(
        &mut e,
        body(first.id, PART_SIZE, BodyEnd::Done),
        T0 + Duration::from_secs(1),
    ))
    .remove(0);
    let out = e.drive(
        opened(&rest, ranged(PART_SIZE, size - 1, size, OTHER_ETAG)),
        T0,
    );
    assert_eq!(closes(&out)[0].how, Closing::Discard);
    let out = e.drive(closed(0, None), T0);
    assert_eq!(
        outcomes(&out),
        [(0, Outcome::Failed, Some(Problem::ChangedMidDownload))]
    );
}

#[test]
fn a_stream_cut_again_and_again_gives_up_with_bounded_waits() {
    let mut e = engine();
    let mut fetch = fetches(&e.drive(download(SaveAs::OneFile, vec![file(0, 100)]), T0)).remove(0);
    let mut now = T0;
    e.drive(opened(&fetch, head(100, ETAG)), now);
    let mut waits = vec![];
    let out = loop {
        let out = feed(&mut e, body(fetch.id, 1, BodyEnd::Cut), now);
        let Some(at) = e.poll_timeout() else {
            break out;
        };
        waits.push((at - now).whole_milliseconds());
        now = at;
        fetch = fetches(&e.drive(Event::Wake, now)).remove(0);
        let from = 100 - (100 - waits.len() as u64);
        e.drive(opened(&fetch, ranged(from, 99, 100, ETAG)), now);
    };
    assert_eq!(waits.len(), 10);
    assert!(waits.iter().all(|w| *w <= 4000));
    assert_eq!(
        outcomes(&out),
        [(0, Outcome::Failed, Some(Problem::ConnectionDropped))]
    );
}

#[test]
fn a_file_cancelled_while_it_closes_is_discarded_once_the_close_is_back() {
    let mut e = engine();
    let first = fetches(&e.drive(download(SaveAs::Folder, vec![file(0, 10)]), T0)).remove(0);
    e.drive(opened(&first, head(10, ETAG)), T0);
    let out = feed(&mut e, body(first.id, 10, BodyEnd::Done), T0);
    assert_eq!(closes(&out)[0].how, Closing::Keep);
    let out = e.drive(Event::CancelFile(FileId(0)), T0);
    assert!(closes(&out).is_empty(), "one Close at a time");
    assert!(outcomes(&out).is_empty());
    let out = e.drive(closed(0, Some(true)), T0);
    assert_eq!(closes(&out)[0].how, Closing::Discard, "not kept after all");
    let out = e.drive(closed(0, None), T0);
    assert_eq!(outcomes(&out), [(0, Outcome::Cancelled, None)]);
    assert!(out.iter().any(|c| matches!(c, Command::EndJob { .. })));
}

#[test]
fn a_refusal_for_keys_already_replaced_asks_again_with_the_new_keys() {
    let mut e = engine();
    let first = fetches(&e.drive(download(SaveAs::Folder, vec![file(0, 10)]), T0)).remove(0);
    e.drive(
        Event::Keys(Keys {
            id: KeysId(2),
            expires_at: None,
        }),
        T0,
    );
    let out = e.drive(
        Event::Answered {
            request: first.id,
            answer: Answer {
                status: 400,
                body: "<Error><Code>ExpiredToken</Code></Error>".into(),
                ..Answer::default()
            },
        },
        T0,
    );
    let again = fetches(&out).remove(0);
    assert_eq!(again.signing.unwrap().keys, KeysId(2));
    assert!(!out
        .iter()
        .any(|c| matches!(c, Command::Report(Report::KeysRanOut { .. }))));
    assert!(outcomes(&out).is_empty(), "never shown paused");
}

#[test]
fn only_one_zip_at_a_time_opens_files_ahead() {
    let mut e = engine();
    let three = || vec![file(0, 3), file(1, 3), file(2, 3)];
    let first = fetches(&e.drive(download(SaveAs::Zip, three()), T0));
    let second = e.drive(
        Event::Download(Download {
            job: JobId(2),
            how: SaveAs::Zip,
            bucket: bucket(),
            files: vec![file(10, 3), file(11, 3), file(12, 3)],
            can_start_over: false,
            existing: None,
        }),
        T0,
    );
    assert_eq!(first.len(), 3);
    assert_eq!(
        fetches(&second).len(),
        1,
        "the second ZIP opens its current file only"
    );
}

mod prop {
    //! Whatever the user and the network do, a download keeps its bounds and always ends.
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[derive(Debug, Clone)]
    enum Step {
        /// Answers the n-th open request: its headers, an expired-keys refusal, a 503, no answer.
        Answer(usize, u8),
        /// Ends the n-th body being written: whole, or cut halfway.
        Body(usize, bool),
        /// The n-th Close comes back checked.
        Closed(usize),
        Cancel(u64),
        CancelAll,
        Later(u64),
        NewKeys,
        Forget,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0..8usize, 0..4u8).prop_map(|(n, k)| Step::Answer(n, k)),
            4 => (0..8usize, any::<bool>()).prop_map(|(n, d)| Step::Body(n, d)),
            2 => (0..4usize).prop_map(Step::Closed),
            1 => (0..8u64).prop_map(Step::Cancel),
            1 => Just(Step::CancelAll),
            2 => (0..9000u64).prop_map(Step::Later),
            1 => Just(Step::NewKeys),
            1 => Just(Step::Forget),
        ]
    }

    /// What the runner holds, as the test plays it.
    #[derive(Default)]
    struct Runner {
        keys: Option<KeysId>,
        next_keys: u64,
        open: Vec<(RequestId, Option<String>)>,
        opened: BTreeSet<RequestId>,
        pumps: Vec<(RequestId, u64)>,
        closes: Vec<FileId>,
        settled: BTreeSet<FileId>,
        ended: usize,
    }

    impl Runner {
        /// Checks and records what the engine said.
        fn take(&mut self, out: Vec<Command>) -> Result<(), TestCaseError> {
            for command in out {
                match command {
                    Command::Fetch(f) => {
                        prop_assert_eq!(f.signing.as_ref().map(|s| s.keys), self.keys);
                        self.open.push((f.id, f.range.clone()));
                    }
                    Command::Abort(id) => {
                        let known = self.open.iter().any(|(r, _)| *r == id)
                            || self.opened.contains(&id)
                            || self.pumps.iter().any(|(r, _)| *r == id);
                        prop_assert!(known, "aborts only what is open");
                        self.open.retain(|(r, _)| *r != id);
                        self.opened.remove(&id);
                    }
                    Command::Pump(p) => {
                        prop_assert!(
                            self.opened.remove(&p.request),
                            "pumps only an opened answer"
                        );
                        self.pumps.push((p.request, p.limit));
                    }
                    Command::Close(c) => {
                        prop_assert!(!self.closes.contains(&c.file), "one Close at a time");
                        self.closes.push(c.file);
                    }
                    Command::EndJob { .. } => self.ended += 1,
                    Command::Report(Report::File { file, outcome, .. })
                        if !matches!(
                            outcome,
                            Outcome::Queued | Outcome::Running | Outcome::Paused
                        ) =>
                    {
                        prop_assert!(self.settled.insert(file), "a file settled twice");
                    }
                    _ => {}
                }
            }
            Ok(())
        }
    }

    fn answer(request: RequestId, range: Option<String>, kind: u8) -> Event {
        let from: u64 = range
            .as_deref()
            .and_then(|r| r.strip_prefix("bytes="))
            .and_then(|r| r.split('-').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        match kind {
            0 if range.is_some() => Event::Opened {
                request,
                head: ranged(from, 99, 100, ETAG),
            },
            0 => Event::Opened {
                request,
                head: head(100, ETAG),
            },
            1 => Event::Answered {
                request,
                answer: Answer {
                    status: 400,
                    body: "<Error><Code>ExpiredToken</Code></Error>".into(),
                    ..Answer::default()
                },
            },
            2 => Event::Answered {
                request,
                answer: Answer {
                    status: 503,
                    body: "<Error><Code>SlowDown</Code></Error>".into(),
                    ..Answer::default()
                },
            },
            _ => Event::NoAnswer {
                request,
                why: NoAnswer::Network("TypeError".into()),
            },
        }
    }

    fn play(
        e: &mut Engine,
        r: &mut Runner,
        step: Step,
        now: &mut OffsetDateTime,
    ) -> Result<(), TestCaseError> {
        let events: Vec<Event> = match step {
            Step::Answer(_, _) if r.open.is_empty() => vec![],
            Step::Answer(n, kind) => {
                let (request, range) = r.open.remove(n % r.open.len());
                if kind == 0 {
                    r.opened.insert(request);
                }
                vec![answer(request, range, kind)]
            }
            Step::Body(_, _) if r.pumps.is_empty() => vec![],
            Step::Body(n, whole) => {
                let (request, limit) = r.pumps.remove(n % r.pumps.len());
                let bytes = if whole { limit } else { limit / 2 };
                let end = if whole { BodyEnd::Done } else { BodyEnd::Cut };
                body(request, bytes, end).into()
            }
            Step::Closed(_) if r.closes.is_empty() => vec![],
            Step::Closed(n) => {
                let file = r.closes.remove(n % r.closes.len());
                vec![Event::Closed {
                    file,
                    result: Ok(Some(true)),
                }]
            }
            Step::Cancel(f) => vec![Event::CancelFile(FileId(f))],
            Step::CancelAll => vec![Event::CancelTransfers],
            Step::Later(ms) => {
                *now += Duration::from_millis(ms);
                vec![Event::Wake]
            }
            Step::NewKeys => {
                r.next_keys += 1;
                r.keys = Some(KeysId(100 + r.next_keys));
                vec![Event::Keys(Keys {
                    id: KeysId(100 + r.next_keys),
                    expires_at: None,
                })]
            }
            Step::Forget => {
                r.keys = None;
                vec![Event::ForgetKeys]
            }
        };
        for event in events {
            let out = e.drive(event, *now);
            r.take(out)?;
            prop_assert!(e.in_flight() <= limit::IN_FLIGHT);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn a_download_keeps_its_bounds_and_always_ends(
            zip in any::<bool>(),
            steps in proptest::collection::vec(step(), 1..150)
        ) {
            let mut e = engine();
            let mut r = Runner { keys: Some(KeysId(1)), ..Runner::default() };
            let mut now = T0;
            let files: Vec<_> = (0..8).map(|n| file(n, 100)).collect();
            let how = if zip { SaveAs::Zip } else { SaveAs::Folder };
            let out = e.drive(download(how, files), now);
            r.take(out)?;
            for step in steps {
                play(&mut e, &mut r, step, &mut now)?;
            }
            // Then everything goes well: new keys, every answer whole, every body whole.
            play(&mut e, &mut r, Step::NewKeys, &mut now)?;
            for _ in 0..400 {
                if r.ended > 0 {
                    break;
                }
                let step = if !r.open.is_empty() {
                    Step::Answer(0, 0)
                } else if !r.pumps.is_empty() {
                    Step::Body(0, true)
                } else if !r.closes.is_empty() {
                    Step::Closed(0)
                } else {
                    Step::Later(10_000)
                };
                play(&mut e, &mut r, step, &mut now)?;
            }
            prop_assert_eq!(r.ended, 1, "the job ends once");
            prop_assert_eq!(r.settled.len(), 8, "every file settles");
            prop_assert_eq!(e.in_flight(), 0);
        }
    }
}
