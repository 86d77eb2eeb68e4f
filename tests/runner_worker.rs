//! Browser tests of the runner inside a dedicated worker (no `window`): timers, capped reads, the stall watchdog and a listing, as the worker will run them.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use bucket_portal::core::credentials::Credentials;
use bucket_portal::core::engine::NoAnswer;
use bucket_portal::platform::clock;
use bucket_portal::platform::fetch::read_whole;
use bucket_portal::platform::timer::{sleep, steady_ms};
use bucket_portal::runner::body_reader::BodyReader;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
fn this_is_a_worker() {
    assert!(js_sys::global()
        .dyn_ref::<web_sys::DedicatedWorkerGlobalScope>()
        .is_some());
    assert!(web_sys::window().is_none());
}

#[wasm_bindgen_test]
async fn timers_and_the_steady_clock_work_without_a_window() {
    let before = steady_ms();
    sleep(120).await;
    let waited = steady_ms() - before;
    assert!((100.0..5000.0).contains(&waited), "{waited} ms");
}

#[wasm_bindgen_test]
async fn bodies_read_whole_stay_under_their_cap_in_a_worker() {
    let url = format!("data:text/plain,{}", "y".repeat(64));
    let abort = web_sys::AbortController::new().unwrap();
    let answer = read_whole(&url, None, &abort, (64, 0), None, Duration::from_secs(10))
        .await
        .unwrap()
        .0;
    assert_eq!(answer.body, "y".repeat(64));
    let abort = web_sys::AbortController::new().unwrap();
    assert_eq!(
        read_whole(&url, None, &abort, (63, 0), None, Duration::from_secs(10))
            .await
            .unwrap_err(),
        NoAnswer::TooLarge
    );
}

#[wasm_bindgen_test]
async fn a_stalled_body_ends_early_in_a_worker() {
    let make = js_sys::Function::new_with_args(
        "",
        "let sent = false;
         return new ReadableStream({ type: 'bytes', pull(c) {
           if (!sent) { sent = true; c.enqueue(new Uint8Array(500).fill(7)); }
           else return new Promise(() => {});
         } });",
    );
    let stream: web_sys::ReadableStream = make.call0(&wasm_bindgen::JsValue::NULL).unwrap().into();
    let mut reader =
        BodyReader::watched_for(&stream, 10_000, 1000, Duration::from_millis(300)).unwrap();
    let started = steady_ms();
    let mut handed = 0;
    // The 500 bytes wait in a half-filled chunk when the stall cancels the read: they go with it
    // (an error), and the caller resumes from what it was handed, as after a cut.
    while let Ok(Some(chunk)) = reader.read().await {
        handed += chunk.length();
    }
    let waited = steady_ms() - started;
    assert!(handed <= 500);
    assert!((300.0..5000.0).contains(&waited), "{waited} ms");
}

#[wasm_bindgen_test]
async fn the_runner_lists_and_reports_from_a_worker() {
    support::a_closed_port_is_reported_as_cors(Credentials {
        access_key_id: "ASIAZ4EXAMPLEKEY7QXM".into(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY".into(),
        session_token: Some("token".into()),
        expires_at: Some(clock::now() + time::Duration::hours(1)),
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_timer_may_drop_itself_from_its_own_call() {
    // The runner's wake-up timer forgets itself when it fires (as the engine's next one is set).
    let slot: Rc<RefCell<Option<bucket_portal::platform::timer::Timer>>> = Rc::default();
    let fired = Rc::new(std::cell::Cell::new(0));
    let timer = {
        let (slot, fired) = (slot.clone(), fired.clone());
        bucket_portal::platform::timer::Timer::after(10, move || {
            slot.borrow_mut().take();
            fired.set(fired.get() + 1);
        })
    };
    *slot.borrow_mut() = timer;
    sleep(100).await;
    assert_eq!(fired.get(), 1);
    assert!(slot.borrow().is_none());
}

#[wasm_bindgen_test]
async fn a_body_streams_into_the_origin_private_file_system_from_a_worker() {
    support::a_body_streams_into_nested_folders().await;
}
