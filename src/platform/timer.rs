//! Timers through the global scope (a page or a worker): a call after a while or every while, a steady clock, and a sleep.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// A call of `f` after `ms` milliseconds, through the global scope's `setTimeout`; dropped
/// before then, it never comes.
pub struct Timer {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    pub fn after(ms: u64, f: impl FnOnce() + 'static) -> Option<Timer> {
        let mut f = Some(f);
        Timer::set(
            "setTimeout",
            ms,
            Closure::<dyn FnMut()>::new(move || {
                if let Some(f) = f.take() {
                    f();
                }
            }),
        )
    }

    /// A call of `f` every `ms` milliseconds until the timer is dropped.
    pub fn every(ms: u64, f: impl FnMut() + 'static) -> Option<Timer> {
        Timer::set("setInterval", ms, Closure::<dyn FnMut()>::new(f))
    }

    fn set(how: &'static str, ms: u64, callback: Closure<dyn FnMut()>) -> Option<Timer> {
        let set = global_function(how)?;
        // Browsers take at most 2^31 - 1 ms.
        let ms = ms.min(i32::MAX as u64) as f64;
        let handle = set
            .call2(&JsValue::NULL, callback.as_ref(), &JsValue::from_f64(ms))
            .ok()?
            .as_f64()? as i32;
        Some(Timer {
            handle,
            _callback: callback,
        })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        // One id space for both kinds: `clearTimeout` clears an interval too.
        if let Some(clear) = global_function("clearTimeout") {
            let _ = clear.call1(&JsValue::NULL, &JsValue::from(self.handle));
        }
    }
}

thread_local! {
    /// The global scope's timer functions and `performance`, looked up once (a body's reads and
    /// a ZIP's files use them thousands of times).
    static GLOBALS: RefCell<Vec<(&'static str, Function)>> = const { RefCell::new(Vec::new()) };
    static PERFORMANCE: Option<web_sys::Performance> =
        Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into().ok());
}

/// `globalThis[name]` as a function, looked up once.
fn global_function(name: &'static str) -> Option<Function> {
    GLOBALS.with(|globals| {
        if let Some((_, f)) = globals.borrow().iter().find(|(n, _)| *n == name) {
            return Some(f.clone());
        }
        let f: Function = Reflect::get(&js_sys::global(), &name.into())
            .ok()?
            .dyn_into()
            .ok()?;
        globals.borrow_mut().push((name, f.clone()));
        Some(f)
    })
}

/// Milliseconds on a clock that does not jump when the computer's clock is set
/// (`performance.now()` of the page or the worker).
pub fn steady_ms() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or_else(js_sys::Date::now, |p| p.now()))
}

/// Waits `ms` milliseconds without blocking (in a page or a worker).
pub async fn sleep(ms: u64) {
    let (done, timer) = futures::channel::oneshot::channel::<()>();
    let _timer = Timer::after(ms, move || {
        let _ = done.send(());
    });
    let _ = timer.await;
}
