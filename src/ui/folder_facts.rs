//! Folder facts on request: how many files the folder on screen holds at every depth and their total size, counted as the pages come, with Stop.

use leptos::prelude::*;

use super::state::{use_app, ListStatus};
use crate::core::messages::{folder_facts, label, Label};

#[component]
pub fn FolderFacts() -> impl IntoView {
    let state = use_app();
    let lang = move || state.prefs.lang.get();
    let facts = move || state.place.facts.get();
    let counting = move || facts().is_some_and(|f| f.status == ListStatus::Loading);
    let text = move || {
        facts().and_then(|f| match f.status {
            ListStatus::Loading => Some(folder_facts(lang(), f.files, f.bytes, false, false)),
            ListStatus::Done => Some(folder_facts(lang(), f.files, f.bytes, true, false)),
            ListStatus::Cancelled => Some(folder_facts(lang(), f.files, f.bytes, false, true)),
            _ => None,
        })
    };
    view! {
        <Show
            when=counting
            fallback=move || view! {
                <button type="button" class="secondary" on:click=move |_| state.count_folder()>
                    {move || label(lang(), Label::FolderFacts)}
                </button>
            }
        >
            <button type="button" class="secondary" on:click=move |_| state.stop_counting()>
                {move || label(lang(), Label::StopCounting)}
            </button>
        </Show>
        <p role="status" class="facts">{text}</p>
    }
}
