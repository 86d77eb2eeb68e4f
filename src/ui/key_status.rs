//! The keys' countdown ("expires in 53 min (14:05)"), warning at 5 minutes, and their warnings.

use leptos::prelude::*;

use super::state::use_app;
use crate::core::messages::{credentials_warning, key_status};
use crate::core::units::countdown;
use crate::web::clock::local_clock;

#[component]
pub fn KeyStatus() -> impl IntoView {
    let state = use_app();
    let status = move || {
        let lang = state.prefs.lang.get();
        let now = state.now.get();
        state.session.keys.with(|keys| {
            keys.as_ref().map(|keys| match keys.expires_at {
                Some(at) => {
                    let (minutes, soon) = countdown(at, now);
                    let words = key_status(lang, Some(minutes), &local_clock(at, lang.tag()), soon);
                    (words, soon)
                }
                None => (key_status(lang, None, "", false), false),
            })
        })
    };
    let warnings = move || {
        let lang = state.prefs.lang.get();
        state.session.parsed.with(|p| {
            p.as_ref().map(|p| {
                p.warnings
                    .iter()
                    .map(|w| credentials_warning(lang, *w))
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <p role="status" class="key-status" class:warn=move || status().is_some_and(|(_, soon)| soon)>
            {move || status().map(|(text, _)| text)}
        </p>
        <ul class="warnings">
            {move || warnings().unwrap_or_default().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
        </ul>
    }
}
