//! The keys the listing answers to, in a small disclosure beside its controls.

use leptos::prelude::*;

use super::state::use_app;
use crate::core::messages::{label, Label};

#[component]
pub fn KeyboardHelp() -> impl IntoView {
    let state = use_app();
    let t = move |l: Label| label(state.prefs.lang.get(), l);
    view! {
        <details class="keys-help">
            <summary>{move || t(Label::KeyboardHelp)}</summary>
            <ul>
                {[Label::KeyMove, Label::KeyEnds, Label::KeyOpen, Label::KeySelect, Label::KeyExtend, Label::KeyParent, Label::KeyPreview]
                    .into_iter()
                    .map(|l| view! { <li>{move || t(l)}</li> })
                    .collect_view()}
            </ul>
        </details>
    }
}
