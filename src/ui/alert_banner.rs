//! The error banner (`role="alert"`): what happened, what to do, Details, and the CORS rule when it is the cause.

use leptos::prelude::*;

use super::state::{use_app, use_label, Alert};
use crate::core::cors::rule_json;
use crate::core::messages::{
    bucket_error, credentials_error, key_status, label, problem, Label, Lang,
};
use crate::core::problem::{Failure, Problem};
use crate::web::clock::local_clock;

fn sentence(lang: Lang, alert: &Alert) -> String {
    match alert {
        Alert::Failure { failure, bucket } => problem(lang, failure, bucket),
        Alert::Bucket(e) => bucket_error(lang, e).to_owned(),
        Alert::Credentials(e) => {
            let clock = match e {
                crate::core::credentials::CredentialsError::Expired { at } => {
                    local_clock(*at, lang.tag())
                }
                _ => String::new(),
            };
            credentials_error(lang, e, &clock)
        }
        Alert::KeysExpired { at } => {
            key_status(lang, Some(0), &local_clock(*at, lang.tag()), false)
        }
        Alert::NoKeys => label(lang, Label::NoKeys).to_owned(),
        Alert::RoleArn => label(lang, Label::RoleArnInvalid).to_owned(),
        Alert::BucketLocked { bucket } => crate::core::messages::bucket_locked(lang, bucket),
    }
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[component]
pub fn AlertBanner() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    let failure = move || match state.alert.get() {
        Some(Alert::Failure { failure, .. }) => Some(failure),
        _ => None,
    };
    let is_cors = move || failure().is_some_and(|f| f.problem == Problem::CorsOrNetwork);
    view! {
        <div role="alert" class="alert" class:empty=move || state.alert.with(Option::is_none)>
            {move || state.alert.get().map(|alert| view! {
                <p class="alert-text">{sentence(state.prefs.lang.get(), &alert)}</p>
                <button type="button" class="secondary" on:click=move |_| state.dismiss()>{t(Label::Dismiss)}</button>
            })}
            <Show when=is_cors>
                <p class="cors-heading">{move || t(Label::CorsRuleHeading)}</p>
                <pre class="cors-rule" tabindex="0">{move || rule_json(&[&page_origin()])}</pre>
            </Show>
            {move || failure().filter(has_details).map(|f| view! { <Details failure=f/> })}
        </div>
    }
}

fn has_details(f: &Failure) -> bool {
    f.status.is_some() || f.code.is_some() || f.request_id.is_some() || f.message.is_some()
}

#[component]
fn Details(failure: Failure) -> impl IntoView {
    let t = use_label();
    let row = move |name: Label, value: Option<String>| {
        value.map(|v| view! { <dt>{move || t(name)}</dt><dd>{v}</dd> })
    };
    view! {
        <details>
            <summary>{move || t(Label::Details)}</summary>
            <dl>
                {row(Label::StatusCode, failure.status.map(|s| s.to_string()))}
                {row(Label::ErrorCode, failure.code.clone())}
                {row(Label::RequestId, failure.request_id.clone())}
                {failure.message.clone().map(|m| view! { <dt>"Message"</dt><dd>{m}</dd> })}
            </dl>
        </details>
    }
}
