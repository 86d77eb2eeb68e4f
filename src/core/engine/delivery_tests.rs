//! Host tests of plain-link deliveries: each link checked, handed over after a pause, stopped by a failure or by other keys.

use super::delivery::Link;
use super::tests::{bucket, fetches};
use super::transfer_tests::*;
use super::*;
use crate::core::download_plan::PlannedFile;

fn links(names: &[&str]) -> Event {
    Event::Deliver {
        job: JobId(9),
        bucket: bucket(),
        links: names
            .iter()
            .map(|n| super::delivery::Link {
                key: format!("f/{n}"),
                name: (*n).to_owned(),
                size: 10,
            })
            .collect(),
    }
}

fn delivered(out: &[Command]) -> Option<(usize, Option<Problem>)> {
    out.iter().find_map(|c| match c {
        Command::Report(Report::Delivered {
            handed, failure, ..
        }) => Some((*handed, failure.as_ref().map(|f| f.problem.clone()))),
        _ => None,
    })
}

#[test]
fn plain_links_are_checked_then_handed_over_one_after_another_with_a_pause() {
    let expiry = T0 + Duration::from_secs(600);
    let mut e = engine_until(expiry);
    let first = fetches(&e.drive(links(&["a.txt", "b.txt"]), T0)).remove(0);
    assert_eq!(
        first.range.as_deref(),
        Some("bytes=0-0"),
        "a one-byte check"
    );
    assert!(first.keep_url && !first.open);
    assert_eq!(
        first.signing.as_ref().unwrap().lifetime,
        Duration::from_secs(600),
        "the link lives no longer than the keys"
    );
    assert!(first
        .request
        .query
        .iter()
        .any(|(k, v)| k == "response-content-disposition" && v.contains("a.txt")));
    let ok = Answer {
        status: 206,
        ..Answer::default()
    };
    let out = e.drive(
        Event::Answered {
            request: first.id,
            answer: ok.clone(),
        },
        T0,
    );
    assert!(out.contains(&Command::HandOver {
        request: first.id,
        job: JobId(9),
        name: "a.txt".into()
    }));
    assert!(fetches(&out).is_empty(), "the next waits");
    assert_eq!(e.poll_timeout(), Some(T0 + super::delivery::BETWEEN));
    let second = fetches(&e.drive(Event::Wake, T0 + super::delivery::BETWEEN)).remove(0);
    let out = e.drive(
        Event::Answered {
            request: second.id,
            answer: ok,
        },
        T0,
    );
    assert_eq!(delivered(&out), Some((2, None)));
}

#[test]
fn a_link_that_fails_its_check_stops_the_delivery_and_other_keys_stop_it_too() {
    let mut e = engine();
    let first = fetches(&e.drive(links(&["gone.txt", "b.txt"]), T0)).remove(0);
    let missing = Answer {
        status: 404,
        body: "<Error><Code>NoSuchKey</Code></Error>".into(),
        ..Answer::default()
    };
    let out = e.drive(
        Event::Answered {
            request: first.id,
            answer: missing,
        },
        T0,
    );
    assert_eq!(delivered(&out), Some((0, Some(Problem::NoSuchKey))));
    assert!(!out.iter().any(|c| matches!(c, Command::HandOver { .. })));

    // Links carry the keys they were signed with: Forget ends the delivery at once.
    let first = fetches(&e.drive(links(&["a.txt"]), T0)).remove(0);
    let out = e.drive(Event::ForgetKeys, T0);
    assert!(out.contains(&Command::Abort(first.id)));
    assert_eq!(delivered(&out), Some((0, None)));
}

#[test]
fn a_file_handed_over_alone_is_saved_under_its_safe_name() {
    let link = Link::of(PlannedFile {
        key: "docs/sub/CON".into(),
        path: vec!["sub".into(), "_CON".into()],
        size: 3,
        modified: None,
    });
    assert_eq!(
        (link.key.as_str(), link.name.as_str(), link.size),
        ("docs/sub/CON", "_CON", 3)
    );
}
