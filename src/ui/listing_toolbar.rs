//! Above the listing: the filter box, "Select all" (of what the filter matched), "Download selected" and the keyboard help.

use leptos::prelude::*;

use super::folder_facts::FolderFacts;
use super::keyboard_help::KeyboardHelp;
use super::share_box::ShareBox;
use super::state::downloads::use_transfers;
use super::state::use_app;
use crate::core::engine::index::{Line, Rows};
use crate::core::messages::{download_selected, label, select_all_matching, Label};

#[component]
pub fn ListingToolbar() -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let lang = move || state.prefs.lang.get();
    let filtered = move || state.place.filter.with(|f| !f.is_empty());
    let window = move || {
        state.place.browse.with(|b| {
            (
                b.window.matching,
                b.window.selected,
                b.window.selected_matching,
            )
        })
    };
    let select_all_text = move || {
        if filtered() {
            select_all_matching(lang(), window().0)
        } else {
            label(lang(), Label::SelectAll).to_owned()
        }
    };
    // The share box, for the one file selected.
    let share_open = RwSignal::new(false);
    let only_file = Memo::new(move |_| {
        state
            .place
            .browse
            .with(|b| b.window.only.clone().filter(|l| !l.folder))
    });
    let close_share = Callback::new(move |_| {
        share_open.set(false);
        state.place.sharing.set(None);
    });
    view! {
        <div class="toolbar">
            <div class="field filter">
                <label for="filter">{move || label(lang(), Label::Filter)}</label>
                <input
                    id="filter"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="filter-hint"
                    prop:value=move || state.place.filter.get()
                    on:input:target=move |ev| state.filter(ev.target().value())
                />
                <p id="filter-hint" class="hint">{move || label(lang(), Label::FilterHint)}</p>
            </div>
            <label class="check search-all">
                <input
                    type="checkbox"
                    prop:checked=move || state.place.recursive.get()
                    on:change:target=move |ev| state.search_all(ev.target().checked())
                />
                <span>{move || label(lang(), Label::SearchAll)}</span>
            </label>
            <div class="row selection">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:disabled=move || window().0 == 0
                        prop:checked=move || {
                            let (matching, _, selected) = window();
                            matching > 0 && selected == matching
                        }
                        on:change:target=move |ev| state.select(Rows::Matching, ev.target().checked())
                    />
                    <span>{select_all_text}</span>
                </label>
                <Show when=move || { window().1 > 0 }>
                    <button type="button" on:click=move |_| transfers.prepare_selected(state)>
                        {move || download_selected(lang(), window().1)}
                    </button>
                </Show>
                <Show when=move || only_file.with(|f| f.as_ref().is_some_and(Line::previewable))>
                    <button type="button" class="secondary" on:click=move |_| {
                        if let Some(file) = only_file.get_untracked() {
                            state.preview(&file);
                        }
                    }>
                        {move || label(lang(), Label::Preview)}
                    </button>
                </Show>
                <Show when=move || only_file.with(Option::is_some)>
                    <button type="button" class="secondary" aria-expanded=move || share_open.get().to_string()
                        on:click=move |_| share_open.update(|o| *o = !*o)>
                        {move || label(lang(), Label::ShareLink)}
                    </button>
                </Show>
                <FolderFacts/>
                <KeyboardHelp/>
            </div>
        </div>
        {move || {
            let file = only_file.get().filter(|_| share_open.get());
            file.map(|file| view! { <ShareBox file=file on_close=close_share/> })
        }}
    }
}
