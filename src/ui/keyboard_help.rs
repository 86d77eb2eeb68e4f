//! The keys the listing answers to, in a small disclosure beside its controls.

use leptos::prelude::*;

use super::state::use_label;
use crate::core::messages::Label;

#[component]
pub fn KeyboardHelp() -> impl IntoView {
    let t = use_label();
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
