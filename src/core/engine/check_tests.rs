//! Host tests of Check setup: a listing, then one byte of a file, and what the answers say about the bucket.

use super::tests::*;
use super::*;

use crate::core::engine::check::{CheckId, Exposed, Findings};

fn check(bucket: Bucket) -> Event {
    Event::Check {
        id: CheckId(1),
        bucket,
        prefix: "docs/".into(),
    }
}

fn findings(commands: &[Command]) -> Option<Findings> {
    reports(commands).into_iter().find_map(|r| match r {
        Report::Checked { findings, .. } => Some(findings),
        _ => None,
    })
}

#[test]
fn a_listing_then_one_byte_of_a_file_say_what_the_page_can_read() {
    let mut e = engine();
    let list = only_fetch(&e.drive(check(bucket()), T0));
    assert_eq!(query(&list, "prefix").as_deref(), Some("docs/"));
    assert_eq!(query(&list, "max-keys").as_deref(), Some("50"));
    assert_eq!(
        query(&list, "delimiter"),
        None,
        "every depth: a file is found below folders"
    );
    // Folder markers and empty files are passed over: the first byte of a real file.
    let body = page(&["docs/", "docs/2024/", "docs/2024/report.txt"], &[], None);
    let get = only_fetch(&e.drive(answered(&list, ok(body)), T0));
    assert!(
        get.request.url.ends_with("/demo/docs/2024/report.txt"),
        "{}",
        get.request.url
    );
    assert_eq!(get.range.as_deref(), Some("bytes=0-0"));
    assert_eq!(
        query(&get, "x-amz-checksum-mode").as_deref(),
        Some("ENABLED")
    );
    let answer = Answer {
        status: 206,
        date: Some("Mon, 30 Nov 2026 12:00:42 GMT".into()),
        etag: Some("\"abc\"".into()),
        content_range: None,
        ..Answer::default()
    };
    let found = findings(&e.drive(answered(&get, answer), T0)).expect("a verdict");
    assert_eq!(
        found,
        Findings {
            reached: true,
            region: "us-east-1".into(),
            region_named: false,
            list: Some(Ok(Some("docs/2024/report.txt".into()))),
            get: Some(Ok(Exposed {
                etag: true,
                content_range: false,
                checksum: false
            })),
            clock_offset: Some(42),
            keys_expire: Some(T0 + Duration::from_secs(3600)),
        }
    );
    assert_eq!(e.in_flight(), 0);
}

#[test]
fn a_region_s3_names_is_used_and_said() {
    let mut e = engine();
    let first = only_fetch(&e.drive(check(bucket()), T0));
    let wrong = Answer {
        status: 400,
        body: "<Error><Code>AuthorizationQueryParametersError</Code><Region>ap-northeast-2</Region></Error>".into(),
        ..Answer::default()
    };
    let again = only_fetch(&e.drive(answered(&first, wrong), T0));
    assert_eq!(again.signing.as_ref().unwrap().region, "ap-northeast-2");
    let found = findings(&e.drive(answered(&again, ok(page(&[], &[], None))), T0)).unwrap();
    assert_eq!(
        (found.region.as_str(), found.region_named),
        ("ap-northeast-2", true)
    );
    assert_eq!(
        found.list,
        Some(Ok(None)),
        "an empty folder: nothing to read"
    );
    assert_eq!(found.get, None);
}

#[test]
fn no_answer_before_any_is_cors_and_a_refusal_is_named() {
    let mut e = engine();
    let first = only_fetch(&e.drive(check(bucket()), T0));
    let out = e.drive(
        Event::NoAnswer {
            request: first.id,
            why: NoAnswer::Network("TypeError: Failed to fetch".into()),
        },
        T0,
    );
    let found = findings(&out).expect("a network error is not retried before any answer");
    assert!(!found.reached);
    assert!(matches!(
        found.list,
        Some(Err(Failure {
            problem: Problem::CorsOrNetwork,
            ..
        }))
    ));

    let mut e = engine();
    let list = only_fetch(&e.drive(check(bucket()), T0));
    let get = only_fetch(&e.drive(answered(&list, ok(page(&["docs/a.txt"], &[], None))), T0));
    let denied = Answer {
        status: 403,
        body: "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>".into(),
        ..Answer::default()
    };
    let found = findings(&e.drive(answered(&get, denied), T0)).unwrap();
    assert!(found.reached);
    assert!(matches!(found.list, Some(Ok(Some(_)))));
    assert!(matches!(
        found.get,
        Some(Err(Failure {
            problem: Problem::AccessDenied,
            ..
        }))
    ));
}

#[test]
fn the_clock_offset_is_against_the_computer_s_own_clock() {
    let mut e = engine();
    // Corrected by 10 minutes earlier: S3 agreeing with the corrected clock is still told.
    e.clock_moved_ms = 600_000;
    let list = only_fetch(&e.drive(check(bucket()), T0));
    let answer = Answer {
        date: Some("Mon, 30 Nov 2026 12:00:05 GMT".into()),
        ..ok(page(&[], &[], None))
    };
    let found = findings(&e.drive(answered(&list, answer), T0)).unwrap();
    assert_eq!(found.clock_offset, Some(605));
}

#[test]
fn forgetting_the_keys_ends_a_check_unreported() {
    let mut e = engine();
    e.drive(check(bucket()), T0);
    let out = e.drive(Event::ForgetKeys, T0);
    assert!(findings(&out).is_none());
    assert!(e.poll_timeout().is_none());
}
