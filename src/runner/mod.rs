//! The runner: carries out the engine's commands — holds the keys, signs, fetches (abortable, with deadlines, bodies under caps) and wakes the engine on time. No Leptos.
//!
//! It runs in the page today; everything it touches goes through the global scope, so the same
//! code can run in a dedicated worker.

pub mod clock;
pub mod fetch;
pub mod slots;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use time::OffsetDateTime;
use wasm_bindgen_futures::spawn_local;
use web_sys::AbortController;

use self::fetch::{read_whole, Timer};
use crate::core::credentials::Credentials;
use crate::core::engine::{
    Answer, Command, Engine, Event, Fetch, Keys, KeysId, NoAnswer, Report, RequestId,
};
use crate::core::signing::Signer;

/// The engine and what carries out its commands. Clones share one engine.
#[derive(Clone)]
pub struct Runner(Rc<RefCell<Inner>>);

struct Inner {
    engine: Engine,
    /// The keys in use: only here, in memory.
    keys: Option<(KeysId, Credentials)>,
    next_keys: u64,
    /// Requests under way, each with its own abort.
    running: BTreeMap<RequestId, AbortController>,
    /// The wake-up the engine asked for.
    wake: Option<(OffsetDateTime, Timer)>,
    report: Rc<dyn Fn(Report)>,
}

impl Runner {
    /// A runner whose engine tells `report` what the view should show.
    pub fn new(report: impl Fn(Report) + 'static) -> Self {
        Runner(Rc::new(RefCell::new(Inner {
            engine: Engine::new(),
            keys: None,
            next_keys: 0,
            running: BTreeMap::new(),
            wake: None,
            report: Rc::new(report),
        })))
    }

    /// New keys are in use: requests from now on are signed with them.
    pub fn use_keys(&self, creds: Credentials) {
        let keys = {
            let mut inner = self.0.borrow_mut();
            inner.next_keys += 1;
            let id = KeysId(inner.next_keys);
            let expires_at = creds.expires_at;
            inner.keys = Some((id, creds));
            Keys { id, expires_at }
        };
        self.on(Event::Keys(keys));
    }

    /// Drops the keys first, then stops every request the engine made.
    pub fn forget_keys(&self) {
        self.0.borrow_mut().keys = None;
        self.on(Event::ForgetKeys);
    }

    /// Whether `bucket` has answered this page.
    pub fn has_reached(&self, bucket: &crate::core::bucket::Bucket) -> bool {
        self.0.borrow().engine.has_reached(bucket)
    }

    /// Hands `event` to the engine and carries out what it says.
    pub fn on(&self, event: Event) {
        let (commands, report) = {
            let mut inner = self.0.borrow_mut();
            let commands = inner.engine.on(event, clock::now());
            (commands, inner.report.clone())
        };
        for command in commands {
            match command {
                Command::Fetch(fetch) => self.fetch(fetch),
                Command::Abort(id) => {
                    let aborted = self.0.borrow_mut().running.remove(&id);
                    if let Some(abort) = aborted {
                        abort.abort();
                    }
                }
                Command::AdjustClock(ms) => clock::adjust(ms),
                Command::Report(r) => report(r),
            }
        }
        self.schedule_wake();
    }

    /// Sets (or moves, or drops) the timer for the engine's next wake-up.
    fn schedule_wake(&self) {
        let mut inner = self.0.borrow_mut();
        let at = inner.engine.poll_timeout();
        if inner.wake.as_ref().map(|(when, _)| *when) == at {
            return;
        }
        inner.wake = at.and_then(|at| {
            let ms = (at - clock::now()).whole_milliseconds().max(0) as u64;
            let this = self.clone();
            let timer = Timer::after(ms, move || {
                this.0.borrow_mut().wake = None;
                this.on(Event::Wake);
            })?;
            Some((at, timer))
        });
    }

    /// Signs (with the keys the engine named, if they are still here) and sends one request;
    /// its answer goes back to the engine unless the engine aborted it meanwhile.
    fn fetch(&self, fetch: Fetch) {
        let url = match &fetch.signing {
            None => Ok(fetch.request.full_url()),
            Some(signing) => match &self.0.borrow().keys {
                Some((id, creds)) if *id == signing.keys => {
                    Signer::new(creds, &signing.region, clock::system_time())
                        .presign(&fetch.request, signing.lifetime)
                        .map_err(|e| NoAnswer::Local(e.to_string()))
                }
                _ => Err(NoAnswer::KeysGone),
            },
        };
        let abort = match AbortController::new() {
            Ok(abort) => abort,
            Err(e) => return self.later(fetch.id, Err(NoAnswer::Local(fetch::describe(&e)))),
        };
        let url = match url {
            Ok(url) => url,
            Err(why) => return self.later(fetch.id, Err(why)),
        };
        self.0.borrow_mut().running.insert(fetch.id, abort.clone());
        let this = self.clone();
        spawn_local(async move {
            // Transfers outside the engine share the limit through these places.
            let slot = slots::slot().await;
            let result = read_whole(&url, &abort, fetch.cap, fetch.error_cap, fetch.deadline).await;
            drop(slot);
            // Aborted by the engine: it no longer waits for this answer.
            if this.0.borrow_mut().running.remove(&fetch.id).is_none() {
                return;
            }
            this.report(fetch.id, result);
        });
    }

    /// Reports a request's end on the next turn (never from inside the engine's own call).
    fn later(&self, id: RequestId, result: Result<Answer, NoAnswer>) {
        let this = self.clone();
        spawn_local(async move { this.report(id, result) });
    }

    fn report(&self, request: RequestId, result: Result<Answer, NoAnswer>) {
        self.on(match result {
            Ok(answer) => Event::Answered { request, answer },
            Err(why) => Event::NoAnswer { request, why },
        });
    }
}
