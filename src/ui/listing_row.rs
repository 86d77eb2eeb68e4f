//! One row of the listing: its checkbox, its name (a folder's is a link), size, date and download control; its place and selection follow the engine's window.

use leptos::prelude::*;

use super::state::use_app;
use super::transfers::use_transfers;
use crate::core::engine::index::{Line, Rows};
use crate::core::fragment::{self, Place};
use crate::core::messages::{download, download_folder, label, select_row, size, Label};
use crate::core::units::iso_utc;
use crate::web::clock::local_date_time;

#[component]
pub fn ListingRow(line: Line, cursor: RwSignal<Option<usize>>) -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let lang = move || state.prefs.lang.get();
    let id = line.id;
    // Where the row is among the matching rows, and whether it is selected: both change with
    // the window while the row stays.
    let now = Memo::new(move |_| {
        state.place.browse.with(|b| {
            b.window
                .lines
                .iter()
                .position(|l| l.id == id)
                .map(|i| (b.window.first + i, b.window.lines[i].selected))
        })
    });
    let position = move || now.get().map(|(p, _)| p);
    let selected = move || now.get().is_some_and(|(_, s)| s);
    // One row takes Tab: the keyboard's, or the first drawn.
    let tab_index = move || {
        let first = state.place.browse.with(|b| b.window.first);
        if position() == Some(cursor.get().unwrap_or(first)) {
            0
        } else {
            -1
        }
    };
    let shown_name = if line.folder {
        format!("{}/", line.name)
    } else {
        line.name.clone()
    };
    let check_name = shown_name.clone();
    let name = line.name.clone();
    let modified = line.modified;
    let line = StoredValue::new(line);

    let cell = move || {
        let (folder, key) = line.with_value(|l| (l.folder, l.key.clone()));
        if folder {
            let href = state.place.browse.with(|b| {
                b.place
                    .as_ref()
                    .map(|p| {
                        fragment::format(&Place {
                            prefix: key.clone(),
                            ..p.clone()
                        })
                    })
                    .unwrap_or_default()
            });
            view! { <a href=href tabindex="-1">{shown_name.clone()}</a> }.into_any()
        } else {
            view! { <span>{shown_name.clone()}</span> }.into_any()
        }
    };
    let action = move || {
        let l = line.get_value();
        let name = name.clone();
        if l.folder {
            let aria = download_folder(lang(), &name);
            view! {
                <button type="button" class="secondary download" tabindex="-1" aria-label=aria
                    on:click=move |_| transfers.prepare_folder(state, l.key.clone(), name.clone())>
                    {label(lang(), Label::DownloadFolder)}
                </button>
            }
            .into_any()
        } else {
            let aria = download(lang(), &name);
            view! {
                <button type="button" class="download" tabindex="-1" aria-label=aria
                    on:click=move |_| state.download(l.key.clone(), l.size)>
                    {download(lang(), "").trim().to_owned()}
                </button>
            }
            .into_any()
        }
    };

    view! {
        <tr
            class=move || if line.with_value(|l| l.folder) { "line folder" } else { "line file" }
            class:selected=selected
            aria-rowindex=move || position().map(|p| p + 2)
            data-pos=position
            tabindex=tab_index
            on:focusin=move |_| {
                if let Some(p) = position() {
                    if cursor.get_untracked() != Some(p) {
                        cursor.set(Some(p));
                    }
                }
            }
        >
            <td class="pick">
                <input
                    type="checkbox"
                    tabindex="-1"
                    aria-label=move || select_row(lang(), &check_name)
                    prop:checked=selected
                    on:change:target=move |ev| state.select(Rows::Ids(vec![id]), ev.target().checked())
                />
            </td>
            <th scope="row" class="name" title=line.with_value(|l| l.name.clone())>{cell}</th>
            <td class="num size">{move || if line.with_value(|l| l.folder) { "—".to_owned() } else { size(lang(), line.with_value(|l| l.size)) }}</td>
            <td class="date">{move || {
                if line.with_value(|l| l.folder) {
                    label(lang(), Label::Folder).into_any()
                } else {
                    modified.map(|at| {
                        let iso = iso_utc(at);
                        view! { <time datetime=iso>{local_date_time(at, lang().tag())}</time> }
                    }).into_any()
                }
            }}</td>
            <td class="act">{action}</td>
        </tr>
    }
}
