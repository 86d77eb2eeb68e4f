//! Step 1: paste the admin's message (or type the three fields; Connect uses them), the role for long-term keys, keep-in-tab, and Forget keys.

use std::time::Duration;

use leptos::prelude::*;

use super::key_status::KeyStatus;
use super::role_fields::RoleFields;
use super::state::{use_app, use_label};
use crate::core::credentials::{extract, typed_in_clear};
use crate::core::flow::offers_role;
use crate::core::messages::Label;
use crate::core::sts::find_role_arn;
use crate::web::clock;

/// How long pasted text must stay unchanged before it is judged unreadable.
const JUDGE_AFTER: Duration = Duration::from_millis(700);

#[component]
pub fn CredentialsPanel() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    let pasted = RwSignal::new(String::new());
    let fields = state.session.fields;
    let (access_key, secret, token) = (fields.access_key, fields.secret, fields.token);

    // Keys kept in the tab show in the fields; keys that expire or are forgotten leave no trace.
    Effect::new(move |had_keys: Option<bool>| {
        let keys = state.session.keys.get();
        match &keys {
            Some(keys) => {
                access_key.set(keys.access_key_id.clone());
                secret.set(keys.secret_access_key.clone());
                token.set(keys.session_token.clone().unwrap_or_default());
            }
            None if had_keys == Some(true) => {
                for field in [pasted, access_key, secret, token] {
                    field.set(String::new());
                }
            }
            None => {}
        }
        keys.is_some()
    });

    // Keys that parse are used at once; text that does not is judged only once the user stops
    // typing or pasting, so a half-typed message neither raises an alert nor drops working keys.
    let on_paste = move |text: String| {
        pasted.set(text.clone());
        if text.trim().is_empty() {
            return;
        }
        match extract(&text).validate(clock::now()) {
            Ok(parsed) => {
                // The text has done its job; the secret need not stay on screen.
                pasted.set(String::new());
                // A role named with the keys is the one to assume (unless the admin locked it).
                state.use_keys(parsed, find_role_arn(&text));
            }
            Err(error) => set_timeout(
                move || {
                    if pasted.with_untracked(|now| *now == text) {
                        state.reject_keys(error);
                    }
                },
                JUDGE_AFTER,
            ),
        }
    };

    // Long-term keys (pasted, or being typed) can be turned into temporary ones.
    let long_term = move || {
        access_key.with(|typed| {
            state
                .session
                .keys
                .with(|keys| offers_role(typed, keys.as_ref()))
        })
    };
    // Plain http away from this computer: whatever is typed here crosses the network readable.
    let plain_http = web_sys::window()
        .and_then(|w| {
            w.location()
                .protocol()
                .ok()
                .zip(w.location().hostname().ok())
        })
        .is_some_and(|(scheme, host)| typed_in_clear(&scheme, &host));

    let forget = move |_| {
        pasted.set(String::new());
        state.forget_keys();
    };

    view! {
        <section class="panel" aria-labelledby="keys-heading">
            <h2 id="keys-heading">{move || t(Label::KeysHeading)}</h2>
            <label class="field">
                <span>{move || t(Label::PasteCredentials)}</span>
                <textarea
                    rows="5"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby="paste-hint"
                    prop:value=move || pasted.get()
                    on:input:target=move |ev| on_paste(ev.target().value())
                ></textarea>
            </label>
            <p id="paste-hint" class="hint">{move || t(Label::PasteHint)}</p>
            <label class="field">
                <span>{move || t(Label::AccessKeyId)}</span>
                <input type="text" autocomplete="off" spellcheck="false" bind:value=access_key
                    aria-describedby=plain_http.then_some("plain-http")/>
            </label>
            <label class="field">
                <span>{move || t(Label::SecretAccessKey)}</span>
                <input type="password" autocomplete="off" spellcheck="false" bind:value=secret
                    aria-describedby=plain_http.then_some("plain-http")/>
            </label>
            <label class="field">
                <span>{move || t(Label::SessionToken)}</span>
                <input type="password" autocomplete="off" spellcheck="false" bind:value=token
                    aria-describedby=plain_http.then_some("plain-http")/>
            </label>
            {plain_http.then(|| view! { <p id="plain-http" class="warn-line" role="note">{move || t(Label::PlainHttp)}</p> })}
            <div class="row">
                <button type="button" class="secondary" on:click=forget>{move || t(Label::ForgetKeys)}</button>
            </div>
            <KeyStatus/>
            <Show when=long_term>
                <RoleFields/>
            </Show>
            <label class="check">
                <input
                    type="checkbox"
                    aria-describedby="keep-note"
                    prop:checked=move || state.session.keep_in_tab.get()
                    on:change:target=move |ev| state.set_keep_in_tab(ev.target().checked())
                />
                <span>{move || t(Label::KeepInTab)}</span>
            </label>
            <p id="keep-note" class="hint">{move || t(Label::KeepInTabNote)}</p>
            <Show when=move || {
                state.session.keep_in_tab.get()
                    && state.session.keys.with(|k| k.as_ref().is_some_and(|k| !k.may_keep_in_tab()))
            }>
                <p class="hint" role="status">{move || t(Label::KeepInTabNoExpiry)}</p>
            </Show>
        </section>
    }
}
