//! One labelled text field bound to a connection setting, with an optional hint under it; read-only when the admin's `config.json` locks it.

use leptos::prelude::*;

use super::state::{use_app, use_label};
use crate::core::messages::Label;
use crate::core::settings::{Field, Settings};

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
    /// The field `config.json` may lock.
    #[prop(optional)]
    lock: Option<Field>,
) -> impl IntoView {
    let state = use_app();
    let t = use_label();
    let hint_id = format!("{id}-hint");
    let locked = move || {
        lock.is_some_and(|field| {
            state
                .prefs
                .site
                .with(|s| s.as_ref().is_some_and(|s| s.locks(field)))
        })
    };
    let hint = move || {
        if locked() {
            Some(Label::LockedByAdmin)
        } else {
            hint
        }
    };
    let described_by = {
        let hint_id = hint_id.clone();
        move || hint().map(|_| hint_id.clone())
    };
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
                readonly=locked
                prop:value=move || state.prefs.settings.with(|s| get(s).clone())
                on:input:target=move |ev| state.prefs.settings.update(|s| set(s, ev.target().value()))
            />
            {move || hint().map(|h| view! { <small id=hint_id.clone() class="hint">{move || t(h)}</small> })}
        </div>
    }
}
