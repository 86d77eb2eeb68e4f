//! The folder listing: a real table, folders first, a download control per file, count and Cancel.

use leptos::prelude::*;

use super::state::{use_app, ListStatus};
use super::transfers::use_transfers;
use crate::core::fragment::{self, Place};
use crate::core::listing::{FileRow, FolderRow};
use crate::core::messages::{
    download, download_folder, go_to, label, listing_count, outside_scope, size, Label,
};
use crate::web::clock::local_date_time;

#[component]
pub fn ListingTable() -> impl IntoView {
    let state = use_app();
    let t = move |l: Label| label(state.lang.get(), l);
    let status = move || state.browse.with(|b| b.status);
    let bucket = move || {
        state.browse.with(|b| {
            b.place
                .as_ref()
                .map(|p| p.bucket.clone())
                .unwrap_or_default()
        })
    };
    let folders = move || state.browse.with(|b| b.view.folders.clone());
    let files = move || state.browse.with(|b| b.view.files.clone());
    let count = move || {
        let (n, status) = state.browse.with(|b| (b.view.len(), b.status));
        match status {
            ListStatus::Loading => Some(listing_count(state.lang.get(), n, false, false)),
            ListStatus::Done => Some(listing_count(state.lang.get(), n, true, false)),
            ListStatus::Cancelled => Some(listing_count(state.lang.get(), n, false, true)),
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
        <Show when=move || status() == ListStatus::Idle>
            <p class="hint">{move || t(Label::StartHint)}</p>
        </Show>
        <Show when=move || status() == ListStatus::OutsideScope>
            <p class="scope-note">
                {move || outside_scope(state.lang.get(), &start().prefix)} " "
                <a href=move || fragment::format(&start())>{move || go_to(state.lang.get(), &start().prefix)}</a>
            </p>
        </Show>
        <Show when=move || state.browse.with(|b| b.place.is_some() && b.status != ListStatus::Idle)>
            <table class="listing">
                <caption class="visually-hidden">{move || state.browse.with(|b| b.place.as_ref().map(|p| format!("{}/{}", p.bucket, p.prefix)))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t(Label::Name)}</th>
                        <th scope="col" class="num">{move || t(Label::Size)}</th>
                        <th scope="col">{move || t(Label::LastModified)}</th>
                        <th scope="col"><span class="visually-hidden">{move || t(Label::DownloadColumn)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=folders key=|f| f.prefix.clone() let:folder>
                        <FolderLine folder=folder bucket=bucket()/>
                    </For>
                    <For each=files key=|f| f.key.clone() let:file>
                        <FileLine file=file/>
                    </For>
                    <Show when=move || status() == ListStatus::Done && state.browse.with(|b| b.view.is_empty())>
                        <tr><td colspan="4">{move || t(Label::EmptyFolder)}</td></tr>
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
            <th scope="row"><a href=href>{format!("{}/", folder.name)}</a></th>
            <td class="num">"—"</td>
            <td>{move || label(state.lang.get(), Label::Folder)}</td>
            <td>
                <button
                    type="button"
                    class="secondary download"
                    aria-label=move || download_folder(state.lang.get(), &aria_name)
                    on:click=move |_| transfers.prepare(state, prefix.clone(), name.clone())
                >
                    {move || label(state.lang.get(), Label::DownloadFolder)}
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
            <th scope="row">{name.clone()}</th>
            <td class="num">{move || size(state.lang.get(), file.size)}</td>
            <td>{move || modified.map(|at| local_date_time(at, state.lang.get().tag())).unwrap_or_default()}</td>
            <td>
                <button
                    type="button"
                    class="download"
                    aria-label=move || download(state.lang.get(), &name)
                    on:click=move |_| state.download(row.get_value())
                >
                    {move || download(state.lang.get(), "").trim().to_owned()}
                </button>
            </td>
        </tr>
    }
}
