//! A column header that sorts by its column: a button naming the column, `aria-sort` saying which way it is sorted.

use leptos::prelude::*;

use super::state::use_app;
use crate::core::messages::{label, Label};
use crate::core::order::SortBy;

#[component]
pub fn SortHeader(by: SortBy, text: Label) -> impl IntoView {
    let state = use_app();
    let sort = move || {
        state
            .place
            .browse
            .with(|b| b.place.as_ref().map(|p| p.sort).unwrap_or_default())
    };
    let direction = move || {
        let sort = sort();
        (sort.by == by).then_some(if sort.descending {
            "descending"
        } else {
            "ascending"
        })
    };
    let arrow = move || match direction() {
        Some("ascending") => "▲",
        Some(_) => "▼",
        None => "",
    };
    let class = match by {
        SortBy::Name => "name",
        SortBy::Size => "num size",
        SortBy::Date => "date",
    };
    view! {
        <th scope="col" class=class aria-sort=direction>
            <button type="button" class="sort" on:click=move |_| state.sort(sort().toggled(by))>
                {move || label(state.prefs.lang.get(), text)}
                <span class="arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
