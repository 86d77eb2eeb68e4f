//! Host tests of previews (text, images and PDF fetched; audio and video signed) and share links.

use super::tests::*;
use super::*;

#[test]
fn a_share_link_lives_as_asked_but_never_beyond_the_keys_and_needs_keys() {
    let mut e = engine();
    let share = |seconds| Event::Share {
        id: ShareId(7),
        bucket: bucket(),
        key: "docs/보고서 1.pdf".into(),
        lifetime: Duration::from_secs(seconds),
    };
    let out = e.drive(share(24 * 3600), T0);
    let [Command::Share {
        id: ShareId(7),
        signing,
        request,
        until,
    }] = &out[..]
    else {
        panic!("one share: {out:?}");
    };
    assert_eq!(signing.keys, KeysId(1));
    assert_eq!(
        signing.lifetime,
        Duration::from_secs(3600),
        "the keys end in an hour"
    );
    assert_eq!(*until, T0 + Duration::from_secs(3600));
    assert!(request
        .query
        .iter()
        .any(|(k, v)| k == "response-content-disposition" && v.contains("filename*=UTF-8''")));
    let out = e.drive(share(60), T0);
    assert!(
        matches!(&out[..], [Command::Share { signing, .. }] if signing.lifetime == Duration::from_secs(60))
    );

    e.drive(Event::ForgetKeys, T0);
    let out = e.drive(share(60), T0);
    assert!(matches!(
        &out[..],
        [Command::Report(Report::Shared { id: ShareId(7), result: Err(f) })] if f.problem == Problem::KeysExpired
    ));
}

#[test]
fn a_preview_asks_for_the_first_256_kb_and_gives_its_text_or_why_not() {
    use super::preview::{PreviewBody, PreviewId, PREVIEW_CAP};
    let mut e = engine();
    let preview = |id, size| Event::Preview {
        id: PreviewId(id),
        bucket: bucket(),
        key: "logs/<b>app</b>.html".into(),
        size,
    };
    let fetch = only_fetch(&e.drive(preview(1, 10 << 20), T0));
    assert_eq!(fetch.range.as_deref(), Some("bytes=0-262143"));
    assert_eq!(
        (fetch.cap, fetch.open, fetch.keep),
        (PREVIEW_CAP, false, None)
    );
    assert!(fetch
        .request
        .url
        .ends_with("/demo/logs/%3Cb%3Eapp%3C/b%3E.html"));
    let out = e.drive(
        answered(
            &fetch,
            Answer {
                status: 206,
                body: "<b>text</b>".into(),
                ..Answer::default()
            },
        ),
        T0,
    );
    assert_eq!(
        reports(&out),
        [Report::Preview {
            id: PreviewId(1),
            result: Ok(PreviewBody::Text {
                text: "<b>text</b>".into(),
                cut: true
            })
        }]
    );
    // A refusal is told, not retried.
    let fetch = only_fetch(&e.drive(preview(2, 5), T0));
    let denied = Answer {
        status: 403,
        body: "<Error><Code>AccessDenied</Code></Error>".into(),
        ..Answer::default()
    };
    let out = e.drive(answered(&fetch, denied), T0);
    assert!(matches!(
        &reports(&out)[..],
        [Report::Preview { id: PreviewId(2), result: Err(f) }] if f.problem == Problem::AccessDenied
    ));
    assert_eq!(e.in_flight(), 0);
    // Forget keys: a preview on its way stops, and no failure is told for it.
    let fetch = only_fetch(&e.drive(preview(3, 5), T0));
    let out = e.drive(Event::ForgetKeys, T0);
    assert_eq!(out, [Command::Abort(fetch.id)]);
    assert_eq!(e.in_flight(), 0);
}

pub(super) fn preview(id: u64, key: &str, size: u64) -> Event {
    Event::Preview {
        id: super::preview::PreviewId(id),
        bucket: bucket(),
        key: key.into(),
        size,
    }
}

#[test]
fn an_image_is_fetched_whole_under_its_cap_kept_as_typed_bytes_and_released_when_the_next_preview_comes(
) {
    use super::preview::{PreviewId, PreviewKind, Source, IMAGE_CAP};
    let mut e = engine();
    let fetch = only_fetch(&e.drive(preview(1, "photos/cat.JPG", 3 << 20), T0));
    assert_eq!(fetch.range, None, "an image is fetched whole");
    assert_eq!((fetch.cap, fetch.keep), (IMAGE_CAP, Some("image/jpeg")));
    let out = e.drive(answered(&fetch, ok(String::new())), T0);
    assert_eq!(
        out,
        [Command::ShowPreview {
            preview: PreviewId(1),
            kind: PreviewKind::Image,
            source: Source::Kept(fetch.id),
        }]
    );
    // One preview at a time: the next one lets the image's bytes go.
    let out = e.drive(preview(2, "a.pdf", 10), T0);
    assert_eq!(out[0], Command::ReleasePreview(PreviewId(1)));
    let pdf = only_fetch(&out);
    assert_eq!(pdf.keep, Some("application/pdf"));
    // Closing a preview on its way stops its fetch; closing one shown releases it.
    let out = e.drive(Event::ClosePreview(PreviewId(2)), T0);
    assert_eq!(out, [Command::Abort(pdf.id)]);
    let fetch = only_fetch(&e.drive(preview(3, "b.png", 10), T0));
    e.drive(answered(&fetch, ok(String::new())), T0);
    assert_eq!(
        e.drive(Event::ClosePreview(PreviewId(3)), T0),
        [Command::ReleasePreview(PreviewId(3))]
    );
    assert!(e.drive(Event::ClosePreview(PreviewId(3)), T0).is_empty());
    // Forget keys releases what is shown.
    let fetch = only_fetch(&e.drive(preview(4, "c.gif", 10), T0));
    e.drive(answered(&fetch, ok(String::new())), T0);
    let out = e.drive(Event::ForgetKeys, T0);
    assert!(out.contains(&Command::ReleasePreview(PreviewId(4))));
}

#[test]
fn a_file_too_large_to_preview_is_refused_before_any_request_and_an_oversized_body_says_the_same() {
    use super::preview::{PreviewId, IMAGE_CAP, PDF_CAP};
    let mut e = engine();
    let out = e.drive(preview(1, "huge.png", IMAGE_CAP + 1), T0);
    assert!(fetches(&out).is_empty());
    assert!(matches!(
        &reports(&out)[..],
        [Report::Preview { id: PreviewId(1), result: Err(f) }]
            if f.problem == Problem::TooLargeToPreview { cap: IMAGE_CAP }
    ));
    // The size listed was small, the body was not (the object changed): the same words.
    let fetch = only_fetch(&e.drive(preview(2, "doc.pdf", 100), T0));
    let out = e.drive(
        Event::NoAnswer {
            request: fetch.id,
            why: NoAnswer::TooLarge,
        },
        T0,
    );
    assert!(matches!(
        &reports(&out)[..],
        [Report::Preview { id: PreviewId(2), result: Err(f) }]
            if f.problem == Problem::TooLargeToPreview { cap: PDF_CAP }
    ));
    // Nothing the page cannot show is fetched.
    let out = e.drive(preview(3, "setup.exe", 10), T0);
    assert!(fetches(&out).is_empty());
    assert!(matches!(
        &reports(&out)[..],
        [Report::Preview {
            id: PreviewId(3),
            result: Err(_)
        }]
    ));
}

#[test]
fn audio_and_video_play_from_a_link_as_short_lived_as_a_listings_and_never_beyond_the_keys() {
    use super::preview::{PreviewId, PreviewKind, Source};
    use crate::core::download::IN_PAGE_LIFETIME;
    let mut e = engine();
    let out = e.drive(preview(1, "talks/intro.mp4", 4 << 30), T0);
    assert!(fetches(&out).is_empty(), "the media element fetches it");
    let [Command::ShowPreview {
        preview: PreviewId(1),
        kind: PreviewKind::Video,
        source: Source::Signed { signing, request },
    }] = &out[..]
    else {
        panic!("{out:?}");
    };
    assert_eq!(signing.lifetime, IN_PAGE_LIFETIME);
    assert!(request.url.ends_with("/demo/talks/intro.mp4"));
    // Ten minutes before the keys end, the link lives ten minutes.
    let late = T0 + Duration::from_secs(50 * 60);
    let out = e.drive(preview(2, "a.mp3", 10), late);
    assert_eq!(out[0], Command::ReleasePreview(PreviewId(1)));
    let Command::ShowPreview {
        source: Source::Signed { signing, .. },
        ..
    } = &out[1]
    else {
        panic!("{out:?}");
    };
    assert_eq!(signing.lifetime, Duration::from_secs(600));
    // No keys, no link.
    let out = e.drive(preview(3, "b.mp3", 10), T0 + Duration::from_secs(3601));
    assert!(matches!(
        &reports(&out)[..],
        [Report::Preview { id: PreviewId(3), result: Err(f) }] if f.problem == Problem::KeysExpired
    ));
}
