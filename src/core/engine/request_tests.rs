//! Host tests of the engine's request rules: six in flight, keys, Forget and Cancel, retries and backoff, what no answer means, the region and the clock S3 names.

use super::preview_tests::preview;
use super::tests::*;
use super::*;
use crate::core::download::IN_PAGE_LIFETIME;
use crate::core::download_plan::Pick;
use crate::core::order::Sort;

#[test]
fn no_more_than_six_requests_are_in_flight_and_the_rest_start_in_order() {
    let mut e = engine();
    let mut started = Vec::new();
    for id in 0..8 {
        started.extend(fetches(&e.drive(list(id, &format!("f{id}/")), T0)));
    }
    assert_eq!(started.len(), 6);
    assert_eq!(e.in_flight(), 6);
    // One listing ends: the seventh starts, in the order asked.
    let out = e.drive(answered(&started[2], ok(page(&[], &[], None))), T0);
    let seventh = only_fetch(&out);
    assert_eq!(query(&seventh, "prefix").as_deref(), Some("f6/"));
    assert_eq!(e.in_flight(), 6);
}

#[test]
fn forget_stops_every_listing_at_once_and_nothing_is_signed_after() {
    let mut e = engine();
    let browse = only_fetch(&e.drive(list(1, "docs/"), T0));
    let collect = only_fetch(&e.drive(
        Event::Collect {
            id: ListingId(2),
            bucket: bucket(),
            base: "docs/".into(),
            picks: vec![Pick::Folder("docs/".into())],
        },
        T0,
    ));
    let out = e.drive(Event::ForgetKeys, T0);
    let mut aborted: Vec<Command> = out
        .iter()
        .filter(|c| matches!(c, Command::Abort(_)))
        .cloned()
        .collect();
    aborted.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(
        aborted,
        vec![Command::Abort(browse.id), Command::Abort(collect.id)]
    );
    assert!(fetches(&out).is_empty());
    let ends: Vec<Report> = reports(&out);
    assert_eq!(
        ends,
        vec![
            Report::Listed {
                listing: ListingId(1),
                end: End::Cancelled
            },
            Report::Listed {
                listing: ListingId(2),
                end: End::Cancelled
            }
        ]
    );
    // An answer that still comes is dropped: no rows, no next page.
    let late = e.drive(answered(&browse, ok(page(&["docs/x"], &[], Some("t")))), T0);
    assert!(late.is_empty(), "{late:?}");
    assert_eq!(e.in_flight(), 0);
    // Listing without keys signs nothing.
    let out = e.drive(list(3, ""), T0);
    assert!(fetches(&out).is_empty());
    assert_eq!(ended(&out), Some(End::Cancelled));
}

#[test]
fn a_cancelled_listing_aborts_its_request_and_frees_its_place() {
    let mut e = engine();
    let fetch = only_fetch(&e.drive(list(1, ""), T0));
    let out = e.drive(Event::Cancel(ListingId(1)), T0);
    assert!(out.contains(&Command::Abort(fetch.id)));
    assert_eq!(ended(&out), Some(End::Cancelled));
    assert_eq!(e.in_flight(), 0);
    // A new listing with the same id replaces the old one without a report for it.
    let first = only_fetch(&e.drive(list(2, "a/"), T0));
    let out = e.drive(list(2, "b/"), T0);
    assert!(out.contains(&Command::Abort(first.id)));
    assert_eq!(ended(&out), None);
    assert_eq!(query(&only_fetch(&out), "prefix").as_deref(), Some("b/"));
}

#[test]
fn keys_that_ran_out_sign_nothing() {
    let mut e = Engine::new();
    e.drive(Event::Keys(keys(Some(T0))), T0);
    let out = e.drive(list(1, ""), T0);
    assert!(fetches(&out).is_empty());
    assert_eq!(problem(&out), Some(Problem::KeysExpired));
}

#[test]
fn a_listing_url_never_outlives_its_keys() {
    let mut e = Engine::new();
    e.drive(Event::Keys(keys(Some(T0 + Duration::from_secs(120)))), T0);
    let fetch = only_fetch(&e.drive(list(1, ""), T0));
    assert_eq!(fetch.signing.unwrap().lifetime, Duration::from_secs(120));
    let mut e = Engine::new();
    e.drive(Event::Keys(keys(None)), T0);
    let fetch = only_fetch(&e.drive(list(1, ""), T0));
    assert_eq!(fetch.signing.unwrap().lifetime, IN_PAGE_LIFETIME);
}

#[test]
fn transient_failures_back_off_a_bounded_number_of_times() {
    let mut e = engine();
    let mut fetch = only_fetch(&e.drive(list(1, ""), T0));
    let busy = Answer {
        status: 503,
        body: "<Error><Code>SlowDown</Code></Error>".into(),
        ..Answer::default()
    };
    let mut now = T0;
    let mut waits = Vec::new();
    let out = loop {
        let out = e.drive(answered(&fetch, busy.clone()), now);
        if ended(&out).is_some() {
            break out;
        }
        assert!(
            fetches(&out).is_empty(),
            "no request before the backoff is over"
        );
        let wake = e.poll_timeout().expect("a wake-up is asked for");
        waits.push((wake - now).whole_milliseconds());
        // Woken early: nothing yet.
        assert!(fetches(&e.drive(Event::Wake, now)).is_empty());
        now = wake;
        fetch = only_fetch(&e.drive(Event::Wake, now));
    };
    assert_eq!(waits, [500, 1000, 2000]);
    assert_eq!(problem(&out), Some(Problem::SlowDown));
    assert_eq!(e.poll_timeout(), None);
}

#[test]
fn timeouts_are_retried_and_an_oversized_body_is_not() {
    let mut e = engine();
    let fetch = only_fetch(&e.drive(list(1, ""), T0));
    let out = e.drive(
        Event::NoAnswer {
            request: fetch.id,
            why: NoAnswer::TimedOut,
        },
        T0,
    );
    assert!(out.is_empty());
    let retry = only_fetch(&e.drive(Event::Wake, e.poll_timeout().unwrap()));
    let out = e.drive(
        Event::NoAnswer {
            request: retry.id,
            why: NoAnswer::TooLarge,
        },
        T0,
    );
    assert_eq!(problem(&out), Some(Problem::TooLarge));
}

#[test]
fn no_answer_before_any_success_is_cors_and_after_one_a_dropped_connection() {
    let mut e = engine();
    let fetch = only_fetch(&e.drive(list(1, ""), T0));
    let type_error = |fetch: &Fetch| Event::NoAnswer {
        request: fetch.id,
        why: NoAnswer::Network("TypeError: Failed to fetch".into()),
    };
    let out = e.drive(type_error(&fetch), T0);
    assert_eq!(problem(&out), Some(Problem::CorsOrNetwork));
    assert!(!e.has_reached(&bucket()));

    let fetch = only_fetch(&e.drive(list(2, ""), T0));
    let next = only_fetch(&e.drive(answered(&fetch, ok(page(&["a"], &[], Some("t")))), T0));
    assert!(e.has_reached(&bucket()));
    assert!(
        e.drive(type_error(&next), T0).is_empty(),
        "retried after a pause"
    );
    assert!(e.poll_timeout().is_some());
}

#[test]
fn a_body_cut_off_after_its_headers_is_a_dropped_connection_even_first() {
    let mut e = engine();
    let fetch = only_fetch(&e.drive(list(1, ""), T0));
    let cut = |fetch: &Fetch| Event::NoAnswer {
        request: fetch.id,
        why: NoAnswer::Cut("TypeError: network error".into()),
    };
    // The headers came: the bucket answers this page, so it is no CORS problem; it is retried.
    assert!(e.drive(cut(&fetch), T0).is_empty(), "retried after a pause");
    assert!(e.has_reached(&bucket()));
    let mut now = T0;
    let mut last = Vec::new();
    for _ in 0..10 {
        now += Duration::from_secs(120);
        let out = e.drive(Event::Wake, now);
        match fetches(&out).first() {
            Some(again) => last = e.drive(cut(again), now),
            None => break,
        }
    }
    assert_eq!(problem(&last), Some(Problem::ConnectionDropped));
}

#[test]
fn a_key_too_long_to_sign_is_refused_before_any_request_and_never_retried() {
    let mut e = engine();
    let long = "k".repeat(70_000);
    let out = e.drive(list(1, &format!("{long}/")), T0);
    assert!(fetches(&out).is_empty());
    assert_eq!(problem(&out), Some(Problem::KeyTooLong));
    assert_eq!(e.in_flight(), 0);
    let out = e.drive(
        Event::Share {
            id: ShareId(1),
            bucket: bucket(),
            key: long.clone(),
            lifetime: Duration::from_secs(60),
        },
        T0,
    );
    assert!(matches!(
        &reports(&out)[..],
        [Report::Shared { result: Err(f), .. }] if f.problem == Problem::KeyTooLong
    ));
    let out = e.drive(preview(2, &format!("{long}.mp4"), 10), T0);
    assert!(matches!(
        &reports(&out)[..],
        [Report::Preview { result: Err(f), .. }] if f.problem == Problem::KeyTooLong
    ));
}

#[test]
fn a_wrong_region_is_learned_told_and_signed_for() {
    let mut e = engine();
    let fetch = only_fetch(&e.drive(list(1, ""), T0));
    let moved = Answer {
        status: 400,
        body: "<Error><Code>AuthorizationQueryParametersError</Code><Region>eu-west-1</Region></Error>".into(),
        ..Answer::default()
    };
    let out = e.drive(answered(&fetch, moved), T0);
    assert!(reports(&out).contains(&Report::Region {
        bucket: "demo".into(),
        region: "eu-west-1".into()
    }));
    assert_eq!(only_fetch(&out).signing.unwrap().region, "eu-west-1");
}

#[test]
fn a_clock_off_without_s3s_time_is_corrected_from_the_pages_own_server() {
    let mut e = engine();
    let fetch = only_fetch(&e.drive(list(1, ""), T0));
    let skewed = Answer {
        status: 400,
        body: "<Error><Code>InvalidRequest</Code><Message>Bad request: Date is too old</Message></Error>".into(),
        ..Answer::default()
    };
    let reference = only_fetch(&e.drive(answered(&fetch, skewed), T0));
    assert_eq!(
        reference.signing, None,
        "the page's own server is not signed for"
    );
    assert_eq!(reference.request.url, "./");
    assert_eq!(reference.cap, 0);
    let out = e.drive(
        answered(
            &reference,
            Answer {
                status: 200,
                date: Some("Mon, 30 Nov 2026 14:00:00 GMT".into()),
                ..Answer::default()
            },
        ),
        T0,
    );
    assert_eq!(out[0], Command::AdjustClock(2 * 3600 * 1000));
    assert_eq!(query(&only_fetch(&out), "list-type").as_deref(), Some("2"));
}

#[test]
fn denied_above_the_keys_folder_is_a_note_not_an_error() {
    let mut e = engine();
    let fetch = only_fetch(&e.drive(
        Event::List {
            id: ListingId(1),
            bucket: bucket(),
            prefix: String::new(),
            start: "docs/".into(),
            sort: Sort::default(),
            recursive: false,
        },
        T0,
    ));
    let denied = Answer {
        status: 403,
        body: "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>".into(),
        ..Answer::default()
    };
    assert_eq!(
        ended(&e.drive(answered(&fetch, denied.clone()), T0)),
        Some(End::OutsideScope)
    );
    let fetch = only_fetch(&e.drive(list(2, "docs/"), T0));
    assert_eq!(
        problem(&e.drive(answered(&fetch, denied), T0)),
        Some(Problem::AccessDenied)
    );
}
