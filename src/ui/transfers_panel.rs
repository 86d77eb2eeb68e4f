//! The transfers: a folder download being prepared, then each file's progress and outcome, with Retry and Cancel all.

use leptos::prelude::*;

use super::state::use_app;
use super::transfers::{use_transfers, FolderStep, Transfer, What};
use crate::core::messages::{
    folder_summary, label, outcome, problem, restarted, selection_summary, size, transfer_total,
    Label,
};

#[component]
pub fn TransfersPanel() -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let t = move |l: Label| label(state.lang.get(), l);
    let step = move || transfers.step.get();
    // New keys after the old ones ran out: paused files go on.
    Effect::new(move |_| {
        if state.keys.with(Option::is_some) {
            transfers.resume_paused(state);
        }
    });
    let total = move || {
        transfers.items.with(|items| {
            let files = items.len();
            let done_files = items.iter().filter(|i| i.outcome.get().is_done()).count();
            let done_bytes = items.iter().map(|i| i.done.get()).sum();
            let total = items.iter().map(|i| i.size).sum();
            transfer_total(state.lang.get(), done_files, files, done_bytes, total)
        })
    };
    view! {
        {move || step().map(|step| match step {
            FolderStep::Listing { .. } => view! { <p role="status" class="folder-step">{t(Label::ListingFolder)}</p> }.into_any(),
            FolderStep::Ready { what, plan } => view! {
                <div class="folder-step" role="group" aria-label=t(Label::DownloadFolder)>
                    <p>{match &what {
                        What::Folder(name) => folder_summary(state.lang.get(), name, plan.files.len(), plan.total_bytes),
                        What::Selection => selection_summary(state.lang.get(), plan.files.len(), plan.total_bytes),
                    }}</p>
                    <div class="row">
                        <button type="button" on:click=move |_| transfers.start(state)>{t(Label::ChooseFolderAndStart)}</button>
                        <button type="button" class="secondary" on:click=move |_| transfers.step.set(None)>{t(Label::Cancel)}</button>
                    </div>
                </div>
            }.into_any(),
        })}
        <Show when=move || transfers.items.with(|i| !i.is_empty())>
            <section class="transfers" aria-labelledby="transfers-heading">
                <h2 id="transfers-heading">{move || t(Label::TransfersHeading)}</h2>
                <div class="row">
                    <p role="status" class="transfer-total">{total}</p>
                    <button type="button" class="secondary" on:click=move |_| transfers.cancel_all()>{move || t(Label::CancelAll)}</button>
                </div>
                <table class="listing">
                    <thead>
                        <tr>
                            <th scope="col">{move || t(Label::Name)}</th>
                            <th scope="col">{move || t(Label::Size)}</th>
                            <th scope="col"><span class="visually-hidden">{move || t(Label::Details)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || transfers.items.get() key=|t| t.key.get_value() let:transfer>
                            <TransferLine transfer=transfer/>
                        </For>
                    </tbody>
                </table>
            </section>
        </Show>
    }
}

#[component]
fn TransferLine(transfer: Transfer) -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let path = transfer.path.get_value().join("/");
    let status = move || {
        let lang = state.lang.get();
        let mut text = outcome(lang, &transfer.outcome.get()).to_owned();
        if transfer.restarted.get() {
            text = format!("{text} {}", restarted(lang));
        }
        if let Some(failure) = transfer.failure.get() {
            text = format!("{text}: {}", problem(lang, &failure, ""));
        }
        text
    };
    view! {
        <tr class="transfer" data-outcome=move || transfer.outcome.get().key()>
            <th scope="row">{path.clone()}</th>
            <td class="num">
                <progress max=transfer.size.max(1) value=move || transfer.done.get() aria-label=path.clone()></progress>
                " " {move || size(state.lang.get(), transfer.done.get())}
            </td>
            <td>
                <span class="transfer-status">{status}</span>
                <Show when=move || transfer.outcome.get().can_retry()>
                    " "
                    <button type="button" class="secondary" on:click=move |_| transfers.retry(state, transfer)>
                        {move || label(state.lang.get(), Label::Retry)}
                    </button>
                </Show>
            </td>
        </tr>
    }
}
