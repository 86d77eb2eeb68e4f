//! One labelled text field bound to a connection setting, with an optional hint under it.

use leptos::prelude::*;

use super::state::use_app;
use crate::core::messages::{label, Label};
use crate::web::storage::Settings;

#[component]
pub fn SettingField(
    /// The input's id (its label points at it).
    id: &'static str,
    label_text: Label,
    /// Reads the setting.
    get: fn(&Settings) -> &String,
    /// Writes the setting.
    set: fn(&mut Settings, String),
    #[prop(optional)] hint: Option<Label>,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let state = use_app();
    let t = move |l: Label| label(state.prefs.lang.get(), l);
    let hint_id = format!("{id}-hint");
    let described_by = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label for=id>{move || t(label_text)}</label>
            <input
                id=id
                type="text"
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                aria-describedby=described_by
                prop:value=move || state.prefs.settings.with(|s| get(s).clone())
                on:input:target=move |ev| state.prefs.settings.update(|s| set(s, ev.target().value()))
            />
            {hint.map(|h| view! { <small id=hint_id class="hint">{move || t(h)}</small> })}
        </div>
    }
}
