//! The folder listing: a real table, folders first, a download control per file, count and Cancel.

use leptos::prelude::*;

use super::state::{use_app, ListStatus};
use super::transfers::use_transfers;
use crate::core::fragment::{self, Place};
use crate::core::listing::{FileRow, FolderRow};
use crate::core::messages::{
    download, download_folder, download_selected, go_to, label, listing_count, outside_scope,
    select_row, size, Label,
};
use crate::core::transfers::Target;
use crate::web::clock::local_date_time;

#[component]
pub fn ListingTable() -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let t = move |l: Label| label(state.prefs.lang.get(), l);
    let status = move || state.place.browse.with(|b| b.status);
    let bucket = move || {
        state.place.browse.with(|b| {
            b.place
                .as_ref()
                .map(|p| p.bucket.clone())
                .unwrap_or_default()
        })
    };
    // Batches of rows, one a page: a new page adds its rows and leaves the others alone.
    let batches = move || state.place.browse.with(|b| b.view.batches.clone());
    let count = move || {
        let (n, status) = state.place.browse.with(|b| (b.view.len(), b.status));
        match status {
            ListStatus::Loading => Some(listing_count(state.prefs.lang.get(), n, false, false)),
            ListStatus::Done => Some(listing_count(state.prefs.lang.get(), n, true, false)),
            ListStatus::Cancelled => Some(listing_count(state.prefs.lang.get(), n, false, true)),
            _ => None,
        }
    };
    let count_line = NodeRef::<leptos::html::P>::new();
    let start = move || Place {
        bucket: bucket(),
        prefix: state.start_prefix(),
    };

    view! {
        <div class="listing-status">
            <p role="status" aria-live="polite" id="listing-heading" tabindex="-1" node_ref=count_line>{count}</p>
            <Show when=move || status() == ListStatus::Loading>
                <button type="button" class="secondary" on:click=move |_| {
                    state.cancel();
                    // The button goes away: keep the keyboard where the result is said.
                    if let Some(line) = count_line.get() {
                        let _ = line.focus();
                    }
                }>{move || t(Label::Cancel)}</button>
            </Show>
            <p role="status" class="notice">{move || state.notice.get()}</p>
        </div>
        <Show when=move || state.place.browse.with(|b| !b.view.is_empty())>
            <div class="row selection">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || {
                            let n = state.place.selected.with(|s| s.len());
                            n > 0 && n == state.place.browse.with(|b| b.view.len())
                        }
                        on:change:target=move |ev| {
                            let all = ev.target().checked();
                            state.place.selected.set(if all {
                                state.place.browse.with_untracked(|b| {
                                    b.view.folders().map(|f| f.prefix.clone()).chain(b.view.files().map(|f| f.key.clone())).collect()
                                })
                            } else {
                                Default::default()
                            });
                        }
                    />
                    <span>{move || t(Label::SelectAll)}</span>
                </label>
                <Show when=move || state.place.selected.with(|s| !s.is_empty())>
                    <button type="button" on:click=move |_| {
                        let targets = state.place.browse.with_untracked(|b| {
                            state.place.selected.with_untracked(|selected| {
                                b.view.folders().filter(|f| selected.contains(&f.prefix)).map(|f| Target::Folder(f.prefix.clone()))
                                    .chain(b.view.files().filter(|f| selected.contains(&f.key)).map(|f| Target::File { key: f.key.clone(), size: f.size }))
                                    .collect::<Vec<_>>()
                            })
                        });
                        let base = state.place.browse.with_untracked(|b| b.view.prefix.clone());
                        transfers.prepare_selection(state, base, targets);
                    }>
                        {move || download_selected(state.prefs.lang.get(), state.place.selected.with(|s| s.len()))}
                    </button>
                </Show>
            </div>
        </Show>
        <Show when=move || status() == ListStatus::Idle>
            <p class="hint">{move || t(Label::StartHint)}</p>
        </Show>
        <Show when=move || status() == ListStatus::OutsideScope>
            <p class="scope-note">
                {move || outside_scope(state.prefs.lang.get(), &start().prefix)} " "
                <a href=move || fragment::format(&start())>{move || go_to(state.prefs.lang.get(), &start().prefix)}</a>
            </p>
        </Show>
        <Show when=move || state.place.browse.with(|b| b.place.is_some() && b.status != ListStatus::Idle)>
            <table class="listing">
                <caption class="visually-hidden">{move || state.place.browse.with(|b| b.place.as_ref().map(|p| format!("{}/{}", p.bucket, p.prefix)))}</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{move || t(Label::SelectAll)}</span></th>
                        <th scope="col">{move || t(Label::Name)}</th>
                        <th scope="col" class="num">{move || t(Label::Size)}</th>
                        <th scope="col">{move || t(Label::LastModified)}</th>
                        <th scope="col"><span class="visually-hidden">{move || t(Label::DownloadColumn)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    // Folders first: each page's folders go after the folders of the pages before.
                    <For each=batches key=|b| b.id let:batch>
                        {batch.folders.iter().cloned().map(|folder| view! { <FolderLine folder=folder bucket=bucket()/> }).collect_view()}
                    </For>
                    <For each=batches key=|b| b.id let:batch>
                        {batch.files.iter().cloned().map(|file| view! { <FileLine file=file/> }).collect_view()}
                    </For>
                    <Show when=move || status() == ListStatus::Done && state.place.browse.with(|b| b.view.is_empty())>
                        <tr><td colspan="5">{move || t(Label::EmptyFolder)}</td></tr>
                    </Show>
                </tbody>
            </table>
        </Show>
    }
}

#[component]
fn FolderLine(folder: FolderRow, bucket: String) -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let (prefix, name) = (folder.prefix.clone(), folder.name.clone());
    let aria_name = name.clone();
    let href = fragment::format(&Place {
        bucket,
        prefix: folder.prefix.clone(),
    });
    view! {
        <tr class="folder">
            <td><SelectBox id=folder.prefix.clone() name=format!("{}/", folder.name)/></td>
            <th scope="row"><a href=href>{format!("{}/", folder.name)}</a></th>
            <td class="num">"—"</td>
            <td>{move || label(state.prefs.lang.get(), Label::Folder)}</td>
            <td>
                <button
                    type="button"
                    class="secondary download"
                    aria-label=move || download_folder(state.prefs.lang.get(), &aria_name)
                    on:click=move |_| transfers.prepare_folder(state, prefix.clone(), name.clone())
                >
                    {move || label(state.prefs.lang.get(), Label::DownloadFolder)}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn FileLine(file: FileRow) -> impl IntoView {
    let state = use_app();
    let name = file.name.clone();
    let modified = file.last_modified;
    let row = StoredValue::new(file.clone());
    view! {
        <tr class="file">
            <td><SelectBox id=file.key.clone() name=file.name.clone()/></td>
            <th scope="row">{name.clone()}</th>
            <td class="num">{move || size(state.prefs.lang.get(), file.size)}</td>
            <td>{move || modified.map(|at| local_date_time(at, state.prefs.lang.get().tag())).unwrap_or_default()}</td>
            <td>
                <button
                    type="button"
                    class="download"
                    aria-label=move || download(state.prefs.lang.get(), &name)
                    on:click=move |_| state.download(row.get_value())
                >
                    {move || download(state.prefs.lang.get(), "").trim().to_owned()}
                </button>
            </td>
        </tr>
    }
}

/// A row's checkbox, named after the row.
#[component]
fn SelectBox(id: String, name: String) -> impl IntoView {
    let state = use_app();
    let key = StoredValue::new(id);
    view! {
        <input
            type="checkbox"
            aria-label=move || select_row(state.prefs.lang.get(), &name)
            prop:checked=move || state.place.selected.with(|s| key.with_value(|k| s.contains(k)))
            on:change:target=move |ev| {
                let on = ev.target().checked();
                state.place.selected.update(|s| {
                    let k = key.get_value();
                    if on { s.insert(k); } else { s.remove(&k); }
                });
            }
        />
    }
}
