//! Step 2: bucket, region, endpoint, prefix, addressing, and the Connect button.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::setting_field::SettingField;
use super::state::{use_app, use_label};
use crate::core::fragment;
use crate::core::messages::Label;
use crate::core::settings::Field;
use crate::core::sts::Sts;

#[component]
pub fn ConnectionPanel() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    let (addressing, set_addressing) = (
        move || {
            state.prefs.settings.with(|s| {
                if s.addressing.is_empty() {
                    "auto".to_owned()
                } else {
                    s.addressing.clone()
                }
            })
        },
        move |value: String| state.prefs.settings.update(|s| s.addressing = value),
    );

    view! {
        <section class="panel" aria-labelledby="bucket-heading">
            <h2 id="bucket-heading">{move || t(Label::ConnectionHeading)}</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                state.connect();
                // Take the keyboard (and the view) to where the listing reports.
                if let Some(line) = document().get_element_by_id("listing-heading") {
                    if let Ok(line) = line.dyn_into::<web_sys::HtmlElement>() {
                        let _ = line.focus();
                    }
                }
            }>
                <SettingField id="bucket" label_text=Label::Bucket get=|s| &s.bucket set=|s, v| s.bucket = v lock=Field::Bucket/>
                <SettingField id="region" label_text=Label::Region get=|s| &s.region set=|s, v| s.region = v
                    hint=Label::RegionHint placeholder="ap-northeast-2" lock=Field::Region/>
                <SettingField id="endpoint" label_text=Label::Endpoint get=|s| &s.endpoint set=|s, v| s.endpoint = v
                    hint=Label::EndpointHint placeholder="https://s3.example.com" lock=Field::Endpoint/>
                // Temporary keys come from AWS's own STS on AWS; another server may name its own.
                <Show when=move || state.prefs.settings.with(|s| Sts::asks_endpoint(&s.endpoint))>
                    <SettingField id="sts-endpoint" label_text=Label::StsEndpoint get=|s| &s.sts_endpoint
                        set=|s, v| s.sts_endpoint = v hint=Label::StsEndpointHint placeholder="https://sts.example.com" lock=Field::StsEndpoint/>
                </Show>
                <SettingField id="prefix" label_text=Label::Prefix get=|s| &s.prefix set=|s, v| s.prefix = v
                    hint=Label::PrefixHint lock=Field::Prefix/>
                <div class="field">
                    <label for="addressing">{move || t(Label::Addressing)}</label>
                    <select id="addressing" prop:value=addressing
                        disabled=move || state.prefs.site.with(|s| s.as_ref().is_some_and(|s| s.locks(Field::Addressing))) on:change:target=move |ev| set_addressing(ev.target().value())>
                        <option value="auto">{move || t(Label::AddressingAuto)}</option>
                        <option value="path">{move || t(Label::AddressingPath)}</option>
                        <option value="virtual">{move || t(Label::AddressingVirtual)}</option>
                    </select>
                </div>
                <div class="row">
                    <button type="submit">{move || t(Label::Connect)}</button>
                    <a class="check-link" href=fragment::CHECK>{move || t(Label::CheckSetup)}</a>
                </div>
            </form>
        </section>
    }
}
