//! The page header: the product name and the language switch.

use leptos::prelude::*;

use super::state::{use_app, use_label};
use crate::core::messages::{Label, Lang};

#[component]
pub fn Header() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    view! {
        <header class="top">
            <div>
                <h1>{move || t(Label::AppTitle)}</h1>
                <p class="tagline">{move || t(Label::Tagline)}</p>
            </div>
            <label class="lang">
                <span>{move || t(Label::Language)}</span>
                <select
                    prop:value=move || state.prefs.lang.get().tag()
                    on:change:target=move |ev| state.set_lang(Lang::from_tag(&ev.target().value()))
                >
                    <option value="en">"English"</option>
                    <option value="ko">"한국어"</option>
                </select>
            </label>
        </header>
    }
}
