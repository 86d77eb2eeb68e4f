//! The renewal of role keys waits for a fresh MFA code: until when the keys work, a code field and Renew keys.

use leptos::prelude::*;

use super::state::{use_app, use_label};
use crate::core::messages::{mfa_due, Label};
use crate::web::clock::local_clock;

#[component]
pub fn MfaPrompt() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    move || {
        let due = state.session.mfa_due.get()?;
        Some(view! {
            <form class="mfa-prompt" aria-labelledby="mfa-due"
                on:submit=move |ev| {
                    ev.prevent_default();
                    state.renew_with_code();
                }>
                <p id="mfa-due">{move || {
                    let lang = state.prefs.lang.get();
                    mfa_due(lang, &local_clock(due, lang.tag()))
                }}</p>
                <div class="row">
                    <label for="mfa-renew-code">{move || t(Label::MfaCode)}</label>
                    <input id="mfa-renew-code" type="text" inputmode="numeric" autocomplete="one-time-code"
                        maxlength="6" bind:value=state.session.mfa_code/>
                    <button type="submit">{move || t(Label::RenewKeys)}</button>
                </div>
                <Show when=move || state.session.assuming.get()>
                    <p role="status">{move || t(Label::AskingSts)}</p>
                </Show>
            </form>
        })
    }
}
