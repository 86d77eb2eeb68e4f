//! One row of the listing, drawn in a fixed slot of the window: its checkbox, its name (a folder's is a link), size, date and download control follow whatever row the engine puts in that slot.
//!
//! Slots stay while the window moves (a scroll, a sort, rows merged into place): only the
//! cells' text and attributes change, which costs the page far less than making rows anew.

use leptos::prelude::*;

use super::state::downloads::use_transfers;
use super::state::use_app;
use crate::core::engine::index::{Line, Rows};
use crate::core::fragment::{self, Place};
use crate::core::messages::{download, download_folder, label, select_row, size, Label};
use crate::core::units::iso_utc;
use crate::web::clock::local_date_time;

#[component]
pub fn ListingRow(
    /// The slot: the row's place in the window the engine sent.
    at: usize,
    /// The window's rows and the place of the first among the matching rows.
    lines: Memo<Vec<Line>>,
    first: Memo<usize>,
    cursor: RwSignal<Option<usize>>,
) -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let lang = move || state.prefs.lang.get();
    let line = Memo::new(move |_| lines.with(|l| l.get(at).cloned()));
    let position = move || first.get() + at;
    let folder = move || line.with(|l| l.as_ref().is_some_and(|l| l.folder));
    let selected = move || line.with(|l| l.as_ref().is_some_and(|l| l.selected));
    // The name as shown: a folder's with its `/`.
    let shown_name = move || {
        line.with(|l| {
            l.as_ref()
                .map(|l| match l.folder {
                    true => format!("{}/", l.name),
                    false => l.name.clone(),
                })
                .unwrap_or_default()
        })
    };
    let name = move || line.with(|l| l.as_ref().map(|l| l.name.clone()).unwrap_or_default());
    // One row takes Tab: the keyboard's, or the first drawn.
    let tab_index = move || {
        if position() == cursor.get().unwrap_or(first.get()) {
            0
        } else {
            -1
        }
    };
    let name_cell = move || {
        let Some(l) = line.get() else {
            return ().into_any();
        };
        if l.folder {
            let href = state.place.browse.with_untracked(|b| {
                b.place
                    .as_ref()
                    .map(|p| {
                        fragment::format(&Place {
                            prefix: l.key.clone(),
                            ..p.clone()
                        })
                    })
                    .unwrap_or_default()
            });
            view! { <a href=href tabindex="-1">{format!("{}/", l.name)}</a> }.into_any()
        } else {
            // A search names a file by its path: the folder part is shown dimmer.
            let (folder, file) = match l.name.rfind('/') {
                Some(at) => (l.name[..=at].to_owned(), l.name[at + 1..].to_owned()),
                None => (String::new(), l.name),
            };
            view! { <span><span class="in-folder">{folder}</span>{file}</span> }.into_any()
        }
    };
    let act = move |_| {
        let Some(l) = line.get_untracked() else {
            return;
        };
        if l.folder {
            transfers.prepare_folder(state, l.key, l.name);
        } else {
            state.download(l.key, l.size);
        }
    };

    view! {
        <tr
            class=move || if folder() { "line folder" } else { "line file" }
            class:selected=selected
            aria-rowindex=move || position() + 2
            data-pos=position
            tabindex=tab_index
            on:focusin=move |_| {
                if cursor.get_untracked() != Some(position()) {
                    cursor.set(Some(position()));
                }
            }
        >
            <td class="pick">
                <input
                    type="checkbox"
                    tabindex="-1"
                    aria-label=move || select_row(lang(), &shown_name())
                    prop:checked=selected
                    on:change:target=move |ev| {
                        if let Some(id) = line.with_untracked(|l| l.as_ref().map(|l| l.id)) {
                            state.select(Rows::Ids(vec![id]), ev.target().checked());
                        }
                    }
                />
            </td>
            <th scope="row" class="name" title=name>{name_cell}</th>
            <td class="num size">{move || {
                line.with(|l| match l {
                    Some(l) if !l.folder => size(lang(), l.size),
                    _ => "—".to_owned(),
                })
            }}</td>
            <td class="date">{move || {
                match line.with(|l| l.as_ref().map(|l| (l.folder, l.modified))) {
                    Some((true, _)) => label(lang(), Label::Folder).into_any(),
                    Some((false, Some(at))) => view! { <time datetime=iso_utc(at)>{local_date_time(at, lang().tag())}</time> }.into_any(),
                    _ => ().into_any(),
                }
            }}</td>
            <td class="act">
                <button
                    type="button"
                    class=move || if folder() { "secondary download" } else { "download" }
                    tabindex="-1"
                    aria-label=move || if folder() { download_folder(lang(), &name()) } else { download(lang(), &name()) }
                    on:click=act
                >
                    {move || if folder() { label(lang(), Label::DownloadFolder).to_owned() } else { download(lang(), "").trim().to_owned() }}
                </button>
            </td>
        </tr>
    }
}
