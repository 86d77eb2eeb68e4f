//! Browser tests of the web layer (storage, clock, fetch, location, delivery) and the runner in headless Chromium.
#![cfg(target_arch = "wasm32")]

use bucket_portal::core::credentials::Credentials;
use bucket_portal::core::engine::NoAnswer;
use bucket_portal::core::fragment::Place;
use bucket_portal::core::order::Sort;
use bucket_portal::core::settings::Settings;
use bucket_portal::platform::fetch::read_whole;
use bucket_portal::web::storage;
use bucket_portal::web::{clock, delivery, location};
use std::time::Duration;
use wasm_bindgen_test::*;

mod support;

wasm_bindgen_test_configure!(run_in_browser);

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

fn creds(expires_in_minutes: i64) -> Credentials {
    Credentials {
        access_key_id: "ASIAZ4EXAMPLEKEY7QXM".into(),
        secret_access_key: SECRET.into(),
        session_token: Some("token+/=".into()),
        expires_at: Some(clock::now() + time::Duration::minutes(expires_in_minutes)),
    }
}

fn all_storage_text() -> String {
    let window = web_sys::window().unwrap();
    let mut text = String::new();
    for store in [
        window.local_storage().unwrap().unwrap(),
        window.session_storage().unwrap().unwrap(),
    ] {
        for i in 0..store.length().unwrap() {
            let key = store.key(i).unwrap().unwrap();
            text.push_str(&key);
            text.push_str(&store.get_item(&key).unwrap().unwrap_or_default());
        }
    }
    text
}

#[wasm_bindgen_test]
fn settings_round_trip_through_local_storage() {
    let settings = Settings {
        bucket: "b".into(),
        region: "eu-west-1".into(),
        prefix: "보고서/".into(),
        ..Default::default()
    };
    storage::save_settings(&settings);
    assert_eq!(storage::load_settings(), settings);
}

#[wasm_bindgen_test]
fn keys_live_in_tab_storage_only_when_asked_and_are_wiped() {
    storage::forget_tab_keys();
    assert_eq!(storage::tab_keys(clock::now()), None);
    assert!(!all_storage_text().contains(SECRET));
    let keys = creds(60);
    storage::keep_keys_in_tab(&keys);
    let back = storage::tab_keys(clock::now()).expect("kept");
    assert_eq!(back.secret_access_key, SECRET);
    assert_eq!(
        back.expires_at.map(|t| t.unix_timestamp()),
        keys.expires_at.map(|t| t.unix_timestamp())
    );
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    for i in 0..local.length().unwrap() {
        let key = local.key(i).unwrap().unwrap();
        assert!(
            !local
                .get_item(&key)
                .unwrap()
                .unwrap_or_default()
                .contains(SECRET),
            "secret in localStorage"
        );
    }
    storage::forget_tab_keys();
    assert!(!all_storage_text().contains(SECRET));
}

#[wasm_bindgen_test]
fn keys_without_an_expiry_are_never_kept_in_the_tab() {
    storage::keep_keys_in_tab(&creds(60));
    assert!(all_storage_text().contains(SECRET), "kept with an expiry");
    let endless = Credentials {
        expires_at: None,
        ..creds(60)
    };
    storage::keep_keys_in_tab(&endless);
    assert!(
        !all_storage_text().contains(SECRET),
        "the copy kept before is wiped, and no new one is made"
    );
    assert_eq!(storage::tab_keys(clock::now()), None);
}

#[wasm_bindgen_test]
fn expired_tab_keys_are_wiped_on_read() {
    storage::keep_keys_in_tab(&creds(60));
    let later = clock::now() + time::Duration::hours(2);
    assert_eq!(storage::tab_keys(later), None);
    assert!(!all_storage_text().contains(SECRET));
}

#[wasm_bindgen_test]
fn the_clock_follows_the_browser_and_takes_corrections() {
    let browser = js_sys::Date::now() as i64;
    let ours = (clock::now().unix_timestamp_nanos() / 1_000_000) as i64;
    assert!((ours - browser).abs() < 1000);
    clock::adjust(60_000);
    let shifted = (clock::now().unix_timestamp_nanos() / 1_000_000) as i64;
    clock::adjust(-60_000);
    assert!((shifted - browser - 60_000).abs() < 1000);
    let system = clock::system_time()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!((system - browser).abs() < 1000, "{system} vs {browser}");
    assert!(!clock::local_clock(clock::now(), "en").is_empty());
}

#[wasm_bindgen_test]
async fn a_closed_port_gives_no_answer() {
    use bucket_portal::core::engine::NoAnswer;
    // Port 9 (discard) on loopback: nothing listens, the fetch rejects with a TypeError.
    let abort = web_sys::AbortController::new().unwrap();
    let error = read_whole(
        "http://127.0.0.1:9/",
        None,
        &abort,
        (0, 0),
        None,
        Duration::from_secs(10),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&error, NoAnswer::Network(words) if words.contains("TypeError")),
        "{error:?}"
    );
}

#[wasm_bindgen_test]
async fn the_runner_reports_no_answer_before_any_success_as_cors() {
    support::a_closed_port_is_reported_as_cors(creds(60)).await;
}

#[wasm_bindgen_test]
async fn bodies_read_whole_stay_under_their_cap() {
    let url = format!("data:text/plain,{}", "x".repeat(100));
    let read = |cap: u64| {
        let url = url.clone();
        async move {
            let abort = web_sys::AbortController::new().unwrap();
            read_whole(&url, None, &abort, (cap, 0), None, Duration::from_secs(10)).await
        }
    };
    assert_eq!(read(100).await.unwrap().0.body, "x".repeat(100));
    assert_eq!(read(99).await.unwrap_err(), NoAnswer::TooLarge);
    let (unread, _) = read(0).await.unwrap();
    assert_eq!((unread.status, unread.body.as_str()), (200, ""));
}

#[wasm_bindgen_test]
async fn a_body_kept_for_a_preview_is_a_blob_of_the_type_asked_for_and_under_its_cap() {
    // Served as HTML; kept as the PNG the engine named: the server's type never counts.
    let url = "data:text/html,<b>12345678</b>";
    let keep = |cap: u64| async move {
        let abort = web_sys::AbortController::new().unwrap();
        read_whole(
            url,
            None,
            &abort,
            (cap, 0),
            Some("image/png"),
            Duration::from_secs(10),
        )
        .await
    };
    let (answer, blob) = keep(15).await.unwrap();
    let blob = blob.expect("a blob");
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));
    assert_eq!((blob.type_(), blob.size()), ("image/png".to_owned(), 15.0));
    let text = wasm_bindgen_futures::JsFuture::from(blob.text())
        .await
        .unwrap();
    assert_eq!(text.as_string().unwrap(), "<b>12345678</b>");
    assert_eq!(keep(14).await.unwrap_err(), NoAnswer::TooLarge);
}

#[wasm_bindgen_test]
async fn an_aborted_request_is_no_answer_and_not_a_timeout() {
    let abort = web_sys::AbortController::new().unwrap();
    abort.abort();
    let why = read_whole(
        "data:text/plain,x",
        None,
        &abort,
        (10, 0),
        None,
        Duration::from_secs(10),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(why, NoAnswer::Network(ref words) if words.contains("AbortError")),
        "{why:?}"
    );
}

#[wasm_bindgen_test]
fn the_fragment_names_the_place_and_a_new_sort_replaces_the_history_entry() {
    let mut place = Place::new("temp-credentials-s3", "보고서/a b+c/");
    location::go(&place);
    assert_eq!(location::place(), Some(place.clone()));
    // A new sort replaces the entry: Back does not step through sorts.
    let entries = web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .length()
        .unwrap();
    place.sort = Sort::from_token("date-desc").unwrap();
    location::replace(&place);
    assert_eq!(location::place(), Some(place));
    assert_eq!(
        web_sys::window()
            .unwrap()
            .history()
            .unwrap()
            .length()
            .unwrap(),
        entries
    );
}

#[wasm_bindgen_test]
fn delivery_frames_are_hidden_sandboxed_and_cleared() {
    delivery::deliver("about:blank").unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let frame = document
        .query_selector("iframe[data-download]")
        .unwrap()
        .expect("frame added");
    assert_eq!(
        frame.get_attribute("sandbox").as_deref(),
        Some("allow-downloads")
    );
    assert!(frame.has_attribute("hidden"));
    delivery::clear();
    assert!(document
        .query_selector("iframe[data-download]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
fn the_panic_banner_is_an_alert_with_a_reload_button() {
    bucket_portal::ui::panic_banner::set_lang(bucket_portal::core::messages::Lang::Ko);
    bucket_portal::ui::panic_banner::show();
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document
        .query_selector(".panic-banner[role=alert]")
        .unwrap()
        .expect("banner shown");
    assert!(banner.text_content().unwrap().contains("새로 고침"));
    assert!(banner.query_selector("button").unwrap().is_some());
    banner.remove();
}

/// The origin-private file system: the same directory-handle type as a folder the user picks.
#[wasm_bindgen_test]
async fn a_body_streams_into_nested_folders_byte_identical_and_verified() {
    support::a_body_streams_into_nested_folders().await;
}

/// Forget's leftovers: a file is named before it is made (never after), and removing what an
/// ended worker left takes that file, never a folder of the name, nor a file made by nobody.
#[wasm_bindgen_test]
async fn a_new_file_is_named_before_it_is_made_and_removing_leftovers_spares_folders() {
    use bucket_portal::runner::folder_writer::{remove_left, FolderFile};
    use std::cell::Cell;
    use wasm_bindgen_futures::JsFuture;

    let root = support::opfs_root().await;
    let exists = |name: &'static str| {
        let root = root.clone();
        async move { JsFuture::from(root.get_file_handle(name)).await.is_ok() }
    };
    let named = Cell::new(false);
    let path = ["left.bin".to_owned()];
    let file = FolderFile::create(&root, &path, || {
        assert!(!named.replace(true), "named once");
    })
    .await
    .unwrap();
    assert!(named.get());
    file.close().await.unwrap();
    // There now: opening it again names nothing.
    let again = FolderFile::create(&root, &path, || panic!("not new"))
        .await
        .unwrap();
    again.discard().await;
    assert!(
        exists("left.bin").await,
        "a file that was there stays after a discard"
    );

    remove_left(&root, &path).await;
    assert!(!exists("left.bin").await, "the leftover is gone");
    remove_left(&root, &path).await; // gone already: nothing to do

    let options = web_sys::FileSystemGetDirectoryOptions::new();
    options.set_create(true);
    JsFuture::from(root.get_directory_handle_with_options("left-folder", &options))
        .await
        .unwrap();
    remove_left(&root, &["left-folder".to_owned()]).await;
    assert!(
        JsFuture::from(root.get_directory_handle("left-folder"))
            .await
            .is_ok(),
        "a folder of the name stays"
    );
    // A folder where the file would go is an error, never a file taken for ours.
    let refused =
        FolderFile::create(&root, &["left-folder".to_owned()], || panic!("not new")).await;
    assert!(refused.is_err());
}

#[wasm_bindgen_test]
async fn a_changed_byte_fails_verification_and_a_body_stops_at_its_limit() {
    use bucket_portal::core::engine::BodyEnd;
    use bucket_portal::core::integrity::{Check, Verifier};
    use bucket_portal::runner::folder_writer::FolderFile;
    use bucket_portal::runner::job_output::{pump, WriteTo};
    use sha2::{Digest, Sha256};

    let root = support::opfs_root().await;
    let mut data = vec![1u8; 10_000];
    let digest: [u8; 32] = Sha256::digest(&data).into();
    data[5000] = 2;
    let body = web_sys::Response::new_with_opt_u8_array(Some(&mut data))
        .unwrap()
        .body()
        .unwrap();
    let path = ["tampered.bin".to_owned()];
    let file = FolderFile::create(&root, &path, || {}).await.unwrap();
    let mut verifier = Verifier::new(Check::Sha256(digest));
    let ended = pump(
        &body,
        &support::pump_of(data.len() as u64),
        WriteTo::At(&file),
        Some(&mut verifier),
        &|_| {},
    )
    .await;
    assert_eq!(ended, BodyEnd::Done);
    file.close().await.unwrap();
    assert!(!verifier.matches());

    // A whole-object body under a part is cut at the part's end.
    let body = web_sys::Response::new_with_opt_u8_array(Some(&mut data))
        .unwrap()
        .body()
        .unwrap();
    let part = FolderFile::create(&root, &["part.bin".to_owned()], || {})
        .await
        .unwrap();
    let ended = pump(
        &body,
        &support::pump_of(100),
        WriteTo::At(&part),
        None,
        &|_| {},
    )
    .await;
    assert_eq!(ended, BodyEnd::Done);
    part.close().await.unwrap();
    assert_eq!(
        support::read_back(&root, &["part.bin".to_owned()])
            .await
            .len(),
        100
    );
}

/// A byte stream made in the page: `chunks` pieces of `size` bytes, then an end or an error.
fn byte_stream(chunks: u32, size: u32, fail: bool) -> web_sys::ReadableStream {
    let make = js_sys::Function::new_with_args(
        "chunks, size, fail",
        "let sent = 0;
         return new ReadableStream({ type: 'bytes', pull(c) {
           if (sent === chunks) {
             if (fail) return c.error(new TypeError('cut'));
             c.close();
             return c.byobRequest?.respond(0);
           }
           c.enqueue(new Uint8Array(size).fill(sent++ % 256));
         } });",
    );
    make.call3(
        &wasm_bindgen::JsValue::NULL,
        &chunks.into(),
        &size.into(),
        &fail.into(),
    )
    .unwrap()
    .into()
}

#[wasm_bindgen_test]
async fn small_pieces_are_gathered_into_large_chunks_in_order() {
    use bucket_portal::runner::body_reader::BodyReader;

    let mut reader = BodyReader::new(&byte_stream(300, 1000, false), 300_000, 100_000).unwrap();
    let mut sizes = Vec::new();
    let mut bytes = Vec::new();
    while let Some(chunk) = reader.read().await.unwrap() {
        sizes.push(chunk.length());
        bytes.extend(chunk.to_vec());
    }
    // Pieces of 1,000 bytes come as chunks of at most 100,000 (fewer when the stream is slow).
    assert!(
        sizes.len() < 300 && sizes.iter().all(|&n| n <= 100_000),
        "{sizes:?}"
    );
    let expected: Vec<u8> = (0..300u32)
        .flat_map(|i| std::iter::repeat_n((i % 256) as u8, 1000))
        .collect();
    assert_eq!(bytes, expected);
}

#[wasm_bindgen_test]
async fn a_failure_drops_only_the_bytes_not_yet_handed_on() {
    use bucket_portal::runner::body_reader::BodyReader;

    // A buffer of 16 KiB: 40 pieces of 1 KiB come as two full chunks, then the failure takes the
    // 8 gathered after them (the caller resumes from what it was handed).
    let mut reader = BodyReader::new(&byte_stream(40, 1024, true), 1, 16 << 10).unwrap();
    let mut handed = 0;
    let failure = loop {
        match reader.read().await {
            Ok(Some(chunk)) => handed += chunk.length(),
            Ok(None) => panic!("the stream failed, it did not end"),
            Err(e) => break e,
        }
    };
    assert_eq!(handed, 32 << 10, "two full chunks, then the failure");
    assert!(format!("{failure:?}").contains("cut"), "{failure:?}");
}

#[wasm_bindgen_test]
async fn a_part_reads_no_further_than_its_end() {
    use bucket_portal::runner::body_reader::BodyReader;

    let mut reader = BodyReader::new(&byte_stream(10, 1000, false), 10_000, 1 << 20).unwrap();
    let mut handed = 0u32;
    while handed < 2500 {
        let most = u64::from(2500 - handed);
        let chunk = reader.read_at_most(most).await.unwrap().unwrap();
        assert!(u64::from(chunk.length()) <= most, "{}", chunk.length());
        handed += chunk.length();
    }
    // The rest is still there for whoever reads on.
    let mut rest = 0;
    while let Some(chunk) = reader.read().await.unwrap() {
        rest += chunk.length();
    }
    assert_eq!((handed, rest), (2500, 7500));
}

/// A byte stream that sends `chunks` pieces of 1,000 bytes, then nothing ever again.
fn stalling_stream(chunks: u32) -> web_sys::ReadableStream {
    let make = js_sys::Function::new_with_args(
        "chunks",
        "let sent = 0;
         return new ReadableStream({ type: 'bytes', pull(c) {
           if (sent < chunks) c.enqueue(new Uint8Array(1000).fill(++sent));
           else return new Promise(() => {});
         } });",
    );
    make.call1(&wasm_bindgen::JsValue::NULL, &chunks.into())
        .unwrap()
        .into()
}

#[wasm_bindgen_test]
async fn a_body_that_stalls_ends_early_so_it_is_resumed() {
    use bucket_portal::runner::body_reader::BodyReader;
    let stall = Duration::from_millis(300);
    let mut reader = BodyReader::watched_for(&stalling_stream(3), 10_000, 1000, stall).unwrap();
    let started = js_sys::Date::now();
    let mut got = 0;
    while let Some(chunk) = reader.read().await.unwrap() {
        got += chunk.length();
    }
    let waited = js_sys::Date::now() - started;
    assert_eq!(got, 3000, "what came before the stall is handed on");
    assert!(
        (300.0..5000.0).contains(&waited),
        "ended after the stall, not before: {waited} ms"
    );
}
