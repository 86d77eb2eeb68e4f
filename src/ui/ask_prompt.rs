//! The question asked before the keys are used somewhere new: a host that is neither AWS nor one the admin allows, or a bucket a link names.

use leptos::prelude::*;

use super::state::{use_app, use_label, Ask};
use crate::core::messages::{ask_bucket, ask_host, Label};

#[component]
pub fn AskPrompt() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    let first = NodeRef::<leptos::html::Button>::new();
    // The question takes the focus, so the keyboard answers it where it appears.
    Effect::new(move |_| {
        if let Some(button) = first.get() {
            let _ = button.focus();
        }
    });
    move || {
        let ask = state.ask.get()?;
        let (yes, no) = match &ask {
            Ask::Host(_) => (Label::GoOn, Label::Cancel),
            Ask::Bucket(_) => (Label::OpenBucket, Label::StayHere),
        };
        let text = move || {
            let lang = state.prefs.lang.get();
            match &ask {
                Ask::Host(host) => ask_host(lang, host),
                Ask::Bucket(place) => ask_bucket(lang, &place.bucket, &state.connection_bucket()),
            }
        };
        Some(view! {
            <div class="ask-prompt" role="alertdialog" aria-labelledby="ask-text">
                <p id="ask-text">{text}</p>
                <div class="row">
                    <button type="button" class="secondary" node_ref=first on:click=move |_| state.answer(false)>{move || t(no)}</button>
                    <button type="button" on:click=move |_| state.answer(true)>{move || t(yes)}</button>
                </div>
            </div>
        })
    }
}
