//! Host tests of what a folder download meets in the picked folder (looked at first, asked once or for all), and of retries into it.

use super::limit::IN_FLIGHT;
use super::tests::{bucket, fetches};
use super::transfer_tests::*;
use super::*;
use crate::core::download_plan::{OnExisting, Outcome, PlannedFile, SaveAs};

/// A folder download that looks into the picked folder first (`existing`: a standing answer).
fn looking(files: Vec<(FileId, PlannedFile)>, existing: Option<OnExisting>) -> Event {
    Event::Download(Download {
        job: JobId(1),
        how: SaveAs::Folder,
        bucket: bucket(),
        files,
        can_start_over: true,
        existing,
    })
}

/// The runner found these files in the picked folder.
fn found(paths: &[&str]) -> Event {
    Event::Surveyed {
        job: JobId(1),
        found: paths
            .iter()
            .map(|p| existing::Found {
                path: p.split('/').map(str::to_owned).collect(),
                folder: false,
            })
            .collect(),
    }
}

/// The questions the view is told, in order (`None`: the question went).
fn questions(out: &[Command]) -> Vec<Option<(u64, String, usize)>> {
    picked(out, |c| match c {
        Command::Report(Report::Exists { question, .. }) => Some(
            question
                .as_ref()
                .map(|q| (q.file.0, q.path.join("/"), q.more)),
        ),
        _ => None,
    })
}

/// The user's answer about `file`.
fn answer(file: u64, choice: OnExisting, all: bool) -> Event {
    Event::OnExisting {
        job: JobId(1),
        file: FileId(file),
        choice,
        all,
    }
}

/// Opens, writes and closes (verified) the file `fetch` asked for.
fn finish(e: &mut Engine, fetch: &Fetch, file: u64, size: u64) -> Vec<Command> {
    e.drive(opened(fetch, head(size, ETAG)), T0);
    feed(e, body(fetch.id, size, BodyEnd::Done), T0);
    e.drive(closed(file, Some(true)), T0)
}

#[test]
fn a_folder_download_looks_first_and_asks_at_the_first_file_already_there() {
    let mut e = engine();
    let files = vec![file(0, 10), file(1, 10), file(2, 10)];
    let out = e.drive(looking(files, None), T0);
    assert_eq!(
        picked(&out, |c| match c {
            Command::Survey { job, folders } => Some((*job, folders.clone())),
            _ => None,
        }),
        [(JobId(1), vec![Vec::<String>::new()])]
    );
    assert!(fetches(&out).is_empty(), "nothing starts before the look");

    // "1.bin" and "2.BIN" are there: file 0 starts, file 1 asks (one more after it), file 2 waits.
    let out = e.drive(found(&["1.bin", "2.BIN", "other.txt"]), T0);
    let started = fetches(&out);
    assert_eq!(started.len(), 1);
    assert_eq!(questions(&out), [Some((1, "1.bin".into(), 1))]);

    // Keep both, this one: it lands beside the old one and starts; file 2 is asked about.
    let out = e.drive(answer(1, OnExisting::KeepBoth, false), T0);
    assert!(out.contains(&Command::Report(Report::Renamed {
        file: FileId(1),
        path: vec!["1 (2).bin".into()],
    })));
    assert_eq!(questions(&out), [None, Some((2, "2.bin".into(), 0))]);
    let renamed = fetches(&out).remove(0);
    let out = e.drive(opened(&renamed, head(10, ETAG)), T0);
    assert_eq!(
        pumps(&out)[0].begin.as_ref().map(|b| b.path.clone()),
        Some(vec!["1 (2).bin".to_owned()])
    );
    feed(&mut e, body(renamed.id, 10, BodyEnd::Done), T0);
    e.drive(closed(1, Some(true)), T0);

    // Skip: it settles without a request; the job ends once file 0 is written.
    // An answer about a file no longer asked about (a second click) is dropped.
    assert!(e.drive(answer(1, OnExisting::Skip, false), T0).is_empty());
    let out = e.drive(answer(2, OnExisting::Skip, false), T0);
    assert!(fetches(&out).is_empty());
    assert_eq!(outcomes(&out), [(2, Outcome::Skipped, None)]);
    assert_eq!(questions(&out), [None]);
    let out = finish(&mut e, &started[0], 0, 10);
    assert!(out.contains(&Command::EndJob {
        job: JobId(1),
        keep: true
    }));
    // An answer with no question open changes nothing.
    assert!(e.drive(answer(2, OnExisting::Replace, true), T0).is_empty());
}

#[test]
fn an_answer_for_all_settles_every_file_that_meets_one_and_asks_no_more() {
    let mut e = engine();
    let files = (0..4).map(|n| file(n, 10)).collect();
    e.drive(looking(files, None), T0);
    let out = e.drive(found(&["0.bin", "2.bin", "3.bin"]), T0);
    assert_eq!(questions(&out), [Some((0, "0.bin".into(), 2))]);
    let one = fetches(&out);
    assert_eq!(one.len(), 1, "file 1 meets nothing and starts");

    let out = e.drive(answer(0, OnExisting::Skip, true), T0);
    assert_eq!(
        outcomes(&out),
        [
            (0, Outcome::Skipped, None),
            (2, Outcome::Skipped, None),
            (3, Outcome::Skipped, None)
        ]
    );
    assert_eq!(questions(&out), [None]);
    let out = finish(&mut e, &one[0], 1, 10);
    assert!(out.contains(&Command::EndJob {
        job: JobId(1),
        keep: true
    }));
}

#[test]
fn replace_for_all_starts_them_as_planned_six_at_a_time() {
    let mut e = engine();
    let files = (0..8).map(|n| file(n, 10)).collect();
    e.drive(looking(files, None), T0);
    let names: Vec<String> = (0..8).map(|n| format!("{n}.bin")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let out = e.drive(found(&names), T0);
    assert!(fetches(&out).is_empty());
    assert_eq!(questions(&out), [Some((0, "0.bin".into(), 7))]);
    let out = e.drive(answer(0, OnExisting::Replace, true), T0);
    assert_eq!(fetches(&out).len(), IN_FLIGHT);
    assert_eq!(questions(&out), [None]);
    assert!(!out
        .iter()
        .any(|c| matches!(c, Command::Report(Report::Renamed { .. }))));
}

#[test]
fn a_download_that_comes_with_an_answer_never_asks() {
    let mut e = engine();
    let files = vec![file(0, 10), file(1, 10), file(2, 10)];
    e.drive(looking(files.clone(), Some(OnExisting::KeepBoth)), T0);
    let out = e.drive(found(&["0.bin", "0 (2).bin"]), T0);
    assert!(questions(&out).is_empty());
    assert!(out.contains(&Command::Report(Report::Renamed {
        file: FileId(0),
        path: vec!["0 (3).bin".into()],
    })));
    assert_eq!(fetches(&out).len(), 3);

    // Replace, as a retry sends it: nothing is looked at.
    let mut e = engine();
    let out = e.drive(looking(files, Some(OnExisting::Replace)), T0);
    assert!(!out.iter().any(|c| matches!(c, Command::Survey { .. })));
    assert_eq!(fetches(&out).len(), 3);
}

#[test]
fn cancelling_the_file_asked_about_moves_the_question_on() {
    let mut e = engine();
    let files = vec![file(0, 10), file(1, 10)];
    e.drive(looking(files, None), T0);
    e.drive(found(&["0.bin", "1.bin"]), T0);
    let out = e.drive(Event::CancelFile(FileId(0)), T0);
    assert_eq!(outcomes(&out), [(0, Outcome::Cancelled, None)]);
    assert_eq!(questions(&out), [None, Some((1, "1.bin".into(), 0))]);
    // Cancel all while asked: the question goes, the job ends, nothing was written.
    let out = e.drive(Event::CancelTransfers, T0);
    assert_eq!(questions(&out), [None]);
    assert!(out.contains(&Command::EndJob {
        job: JobId(1),
        keep: false
    }));
    assert!(fetches(&out).is_empty());
}

#[test]
fn a_download_cancelled_while_the_folder_is_looked_at_ends_and_ignores_the_answer() {
    let mut e = engine();
    e.drive(looking(vec![file(0, 10)], None), T0);
    let out = e.drive(Event::CancelTransfers, T0);
    assert!(out.contains(&Command::EndJob {
        job: JobId(1),
        keep: false
    }));
    let out = e.drive(found(&["0.bin"]), T0);
    assert!(questions(&out).is_empty() && fetches(&out).is_empty());

    // A download that came with "keep both" renames nothing once it is cancelled.
    let mut e = engine();
    e.drive(looking(vec![file(0, 10)], Some(OnExisting::KeepBoth)), T0);
    e.drive(Event::CancelTransfers, T0);
    let out = e.drive(found(&["0.bin"]), T0);
    assert!(
        !out.iter()
            .any(|c| matches!(c, Command::Report(Report::Renamed { .. }))),
        "{out:?}"
    );
}

#[test]
fn only_bytes_the_page_can_take_back_start_over_when_an_object_changes() {
    let can = |how, into_file| {
        Download::new(JobId(1), how, bucket(), Vec::new(), into_file).can_start_over
    };
    assert!(
        can(SaveAs::Folder, false),
        "a file in a folder is made empty again"
    );
    assert!(can(SaveAs::OneFile, true), "the save dialog's file too");
    assert!(
        !can(SaveAs::OneFile, false),
        "the download manager cannot take bytes back"
    );
    assert!(!can(SaveAs::Zip, true), "nor a ZIP already streamed");
    assert!(!can(SaveAs::EachFile, false));
}

#[test]
fn a_retried_file_that_had_begun_replaces_what_it_left_and_one_that_had_not_asks_first() {
    let mut engine = engine();
    let begun = Download::retry(JobId(1), bucket(), file(1, 10), true);
    assert_eq!((begun.how, begun.can_start_over), (SaveAs::Folder, true));
    let out = engine.handle(Event::Download(begun), T0);
    assert!(!out.iter().any(|c| matches!(c, Command::Survey { .. })));
    assert_eq!(fetches(&out).len(), 1, "it starts at once");

    let fresh = Download::retry(JobId(2), bucket(), file(2, 10), false);
    let out = engine.handle(Event::Download(fresh), T0);
    assert!(
        out.iter().any(|c| matches!(c, Command::Survey { .. })),
        "what is in the folder is looked at first"
    );
    assert!(fetches(&out).is_empty());
}
