//! The keys and bucket folded into one line once connected: which keys, which bucket, when they expire, Change and Forget keys.

use leptos::prelude::*;

use super::key_status::KeyStatus;
use super::state::{use_app, use_label};
use crate::core::credentials::short_key_id;
use crate::core::fragment;
use crate::core::messages::Label;

#[component]
pub fn ConnectedBar() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    // The key's first and last four characters: enough to tell keys apart, never the secret.
    let key_id = move || {
        state.session.keys.with(|k| {
            k.as_ref()
                .map(|k| short_key_id(&k.access_key_id))
                .unwrap_or_default()
        })
    };
    let bucket = move || state.connection_bucket();
    view! {
        <section class="connected" aria-labelledby="connected-heading">
            <h2 id="connected-heading" class="visually-hidden">{move || t(Label::ConnectionHeading)}</h2>
            <p class="who">
                <span>{move || t(Label::Keys)} " "<code>{key_id}</code></span>
                <span>{move || t(Label::Bucket)} " "<strong>{bucket}</strong></span>
            </p>
            <KeyStatus/>
            <div class="row">
                <button type="button" class="secondary" on:click=move |_| state.unfold()>{move || t(Label::Change)}</button>
                <button type="button" class="secondary" on:click=move |_| state.forget_keys()>{move || t(Label::ForgetKeys)}</button>
                <a class="check-link" href=fragment::CHECK>{move || t(Label::CheckSetup)}</a>
            </div>
        </section>
    }
}
