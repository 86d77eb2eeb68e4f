//! Step 2: bucket, region, endpoint, prefix, addressing, and the Connect button.

use leptos::prelude::*;

use super::state::use_app;
use crate::core::messages::{label, Label};
use crate::web::storage::Settings;

#[component]
pub fn ConnectionPanel() -> impl IntoView {
    let state = use_app();
    let t = move |l: Label| label(state.lang.get(), l);
    let field = move |get: fn(&Settings) -> &String, set: fn(&mut Settings, String)| {
        (
            move || state.settings.with(|s| get(s).clone()),
            move |value: String| state.settings.update(|s| set(s, value)),
        )
    };
    let (bucket, set_bucket) = field(|s| &s.bucket, |s, v| s.bucket = v);
    let (region, set_region) = field(|s| &s.region, |s, v| s.region = v);
    let (endpoint, set_endpoint) = field(|s| &s.endpoint, |s, v| s.endpoint = v);
    let (prefix, set_prefix) = field(|s| &s.prefix, |s, v| s.prefix = v);
    let (addressing, set_addressing) = field(|s| &s.addressing, |s, v| s.addressing = v);

    view! {
        <section class="panel" aria-labelledby="bucket-heading">
            <h2 id="bucket-heading">{move || t(Label::ConnectionHeading)}</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                state.connect();
            }>
                <div class="field">
                    <label for="bucket">{move || t(Label::Bucket)}</label>
                    <input id="bucket" type="text" autocomplete="off" spellcheck="false" required
                        prop:value=bucket on:input:target=move |ev| set_bucket(ev.target().value())/>
                </div>
                <div class="field">
                    <label for="region">{move || t(Label::Region)}</label>
                    <input id="region" type="text" autocomplete="off" spellcheck="false" placeholder="ap-northeast-2" aria-describedby="region-hint"
                        prop:value=region on:input:target=move |ev| set_region(ev.target().value())/>
                    <small id="region-hint" class="hint">{move || t(Label::RegionHint)}</small>
                </div>
                <div class="field">
                    <label for="endpoint">{move || t(Label::Endpoint)}</label>
                    <input id="endpoint" type="text" autocomplete="off" spellcheck="false" placeholder="https://s3.example.com" aria-describedby="endpoint-hint"
                        prop:value=endpoint on:input:target=move |ev| set_endpoint(ev.target().value())/>
                    <small id="endpoint-hint" class="hint">{move || t(Label::EndpointHint)}</small>
                </div>
                <div class="field">
                    <label for="prefix">{move || t(Label::Prefix)}</label>
                    <input id="prefix" type="text" autocomplete="off" spellcheck="false" aria-describedby="prefix-hint"
                        prop:value=prefix on:input:target=move |ev| set_prefix(ev.target().value())/>
                    <small id="prefix-hint" class="hint">{move || t(Label::PrefixHint)}</small>
                </div>
                <div class="field">
                    <label for="addressing">{move || t(Label::Addressing)}</label>
                    <select id="addressing" prop:value=move || { let a = addressing(); if a.is_empty() { "auto".to_owned() } else { a } }
                        on:change:target=move |ev| set_addressing(ev.target().value())>
                        <option value="auto">{move || t(Label::AddressingAuto)}</option>
                        <option value="path">{move || t(Label::AddressingPath)}</option>
                        <option value="virtual">{move || t(Label::AddressingVirtual)}</option>
                    </select>
                </div>
                <button type="submit">{move || t(Label::Connect)}</button>
            </form>
        </section>
    }
}
