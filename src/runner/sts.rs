//! The runner's half of STS: turns long-term keys into temporary ones with core's `Assuming` (signing and sending each request), uses them, and assumes again before they expire while the page is open — asking the page for a fresh MFA code when the role wants one.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use web_sys::AbortController;

use super::Runner;
use crate::core::engine::{NoAnswer, Report, DEADLINE, ERROR_CAP};
use crate::core::problem::Failure;
use crate::core::signing::Signer;
use crate::core::sts::{renewal, renewal_retry, Assume, Assuming, Granted, Next, Renewal};
use crate::platform::clock;
use crate::platform::fetch::post_whole;
use crate::platform::timer::Timer;

impl Runner {
    /// Long-term keys and what to turn them into: asks STS now, and again before the keys it
    /// gives expire. The long-term keys stay here, in memory, until Forget.
    pub fn assume(&self, ask: Assume) {
        {
            let mut inner = self.0.borrow_mut();
            // A code is used once: a renewal asks for a fresh one.
            inner.session = Some(Assume {
                mfa_code: None,
                ..ask.clone()
            });
            inner.session_number += 1;
            inner.renewal = None;
        }
        self.ask_sts(ask);
    }

    /// A fresh MFA code for the renewal asked for.
    pub fn mfa_code(&self, code: String) {
        let ask = self.0.borrow().session.clone();
        if let Some(ask) = ask {
            self.ask_sts(Assume {
                mfa_code: Some(code),
                ..ask
            });
        }
    }

    /// Runs one exchange with STS to its end, then uses the keys (or says why there are none).
    fn ask_sts(&self, ask: Assume) {
        let this = self.clone();
        let (number, moved) = {
            let inner = self.0.borrow();
            (inner.session_number, inner.clock_moved.clone())
        };
        spawn_local(async move {
            let result = exchange(ask, moved).await;
            // Forgotten, replaced by other keys or by a newer Connect meanwhile: the answer is
            // for a session that is over.
            let current = {
                let inner = this.0.borrow();
                inner.session.is_some() && inner.session_number == number
            };
            if current {
                this.assumed(result);
            }
        });
    }

    /// Keys came from STS: they are used at once, and renewed in time.
    /// Keys came from STS: they are used at once, and renewed in time. A renewal that failed
    /// is tried again while the keys in use last (`sts::renewal_retry`).
    fn assumed(&self, result: Result<Granted, Failure>) {
        let mfa = self
            .0
            .borrow()
            .session
            .as_ref()
            .is_some_and(|s| s.mfa_serial.is_some());
        let now = clock::now();
        let next = match &result {
            Ok(granted) => {
                self.sign_with(granted.credentials.clone());
                granted
                    .credentials
                    .expires_at
                    .map(|expires_at| renewal(now, expires_at, mfa))
            }
            Err(_) => {
                // Keys from an earlier exchange still in use (long-term keys have no end).
                let in_use = self
                    .0
                    .borrow()
                    .keys
                    .as_ref()
                    .and_then(|(_, k)| k.expires_at);
                in_use.and_then(|expires_at| renewal_retry(now, expires_at, mfa))
            }
        };
        if let Some((at, how)) = next {
            let ms = (at - now).whole_milliseconds().max(0) as u64;
            let this = self.clone();
            let timer = Timer::after(ms, move || this.renew(how));
            self.0.borrow_mut().renewal = timer;
        }
        let report = self.0.borrow().report.clone();
        report(Report::Assumed { result });
    }

    /// Time to renew: at once, or (MFA) once the user gives a fresh code.
    fn renew(&self, how: Renewal) {
        let ask = self.0.borrow().session.clone();
        let Some(ask) = ask else {
            return;
        };
        match how {
            Renewal::Now => self.ask_sts(ask),
            Renewal::AskCode { by } => {
                let report = self.0.borrow().report.clone();
                report(Report::MfaCodeNeeded { expires_at: by });
            }
        }
    }
}

/// Asks STS until `Assuming` is done: each request signed with the long-term keys at the
/// corrected clock, its answer read whole under the engine's deadline; a correction of the
/// clock is told to `moved` (the page shows times with it).
async fn exchange(ask: Assume, moved: Option<Rc<dyn Fn(i64)>>) -> Result<Granted, Failure> {
    let (keys, region) = (ask.keys.clone(), ask.sts.region.clone());
    let (mut flow, mut request) = Assuming::start(ask);
    loop {
        let signed_at = clock::now();
        let signed = Signer::sts(&keys, &region, clock::system_time())
            .sign_headers(&request)
            .map_err(|e| Failure::local(e.to_string()))?;
        let abort = AbortController::new()
            .map_err(|e| Failure::local(crate::platform::fetch::describe(&e)))?;
        let next = match post_whole(&signed, &request.body, &abort, ERROR_CAP, DEADLINE).await {
            Ok(answer) => flow.answered_at(
                answer.status,
                &answer.body,
                answer.date.as_deref(),
                signed_at,
            ),
            Err(NoAnswer::Network(_)) => Next::Done(Err(flow.no_answer(true))),
            Err(_) => Next::Done(Err(flow.no_answer(false))),
        };
        match next {
            Next::Send(again) => request = again,
            Next::Retime {
                offset_ms,
                request: again,
            } => {
                clock::adjust(offset_ms);
                if let Some(moved) = &moved {
                    moved(offset_ms);
                }
                request = again;
            }
            Next::Done(result) => return result,
        }
    }
}
