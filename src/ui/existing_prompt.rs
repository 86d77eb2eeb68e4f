//! The question a folder download asks when the picked folder already holds a file of the same name: replace, keep both or skip — for this file, or for every one.

use leptos::prelude::*;

use super::state::downloads::use_transfers;
use super::state::{use_app, use_label};
use crate::core::download_plan::OnExisting;
use crate::core::messages::{exists_question, Label};

#[component]
pub fn ExistingPrompt() -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let t = use_label();
    let for_all = RwSignal::new(false);
    let first = NodeRef::<leptos::html::Button>::new();
    // A new question takes the focus, so the keyboard answers it where it appears.
    Effect::new(move |_| {
        if let Some(button) = first.get() {
            let _ = button.focus();
        }
    });
    move || {
        let (job, question) = transfers.asking.with(|a| a.first().cloned())?;
        let (more, file) = (question.more, question.file);
        let path = question.path.join("/");
        let answer = move |choice: OnExisting| {
            let all = more > 0 && for_all.get_untracked();
            for_all.set(false);
            transfers.answer(job, file, choice, all);
        };
        Some(view! {
            <div class="existing-prompt" role="alertdialog" aria-labelledby="existing-question">
                <p id="existing-question">{move || exists_question(state.prefs.lang.get(), &path, more)}</p>
                <div class="row">
                    <button type="button" node_ref=first on:click=move |_| answer(OnExisting::Replace)>{move || t(Label::Replace)}</button>
                    <button type="button" on:click=move |_| answer(OnExisting::KeepBoth)>{move || t(Label::KeepBoth)}</button>
                    <button type="button" class="secondary" on:click=move |_| answer(OnExisting::Skip)>{move || t(Label::Skip)}</button>
                </div>
                {(more > 0).then(|| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || for_all.get()
                            on:change:target=move |ev| for_all.set(ev.target().checked())/>
                        <span>{move || t(Label::SameForAll)}</span>
                    </label>
                })}
            </div>
        })
    }
}
