//! The transfers: a download being prepared (with the ways this browser offers), then each file's progress, rate and outcome, with Cancel and Retry.

use leptos::prelude::*;

use super::existing_prompt::ExistingPrompt;
use super::state::downloads::{choices, use_transfers, FolderStep, Transfer};
use super::state::{use_app, use_label};
use crate::core::download_plan::{average_rate, DownloadOf, Outcome, SaveAs, Totals};
use crate::core::messages::{
    folder_summary, label, more_files, outcome, problem, rate, restarted, selection_summary, size,
    transfer_total, Label,
};
use crate::web::stream_download;

#[component]
pub fn TransfersPanel() -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let t = use_label();
    let step = move || transfers.step.get();
    // Summed over every file once a second (with the clock), not on every chunk of every file.
    let total = Memo::new(move |_| {
        state.now.track();
        let lang = state.prefs.lang.get();
        let t = transfers.items.with(|items| {
            Totals::of(items.iter().map(|item| {
                let outcome = item.outcome.get_untracked();
                (outcome, item.done.get_untracked(), item.size)
            }))
        });
        let speed = transfers
            .rate
            .with_untracked(|r| {
                r.per_second()
                    .map(|speed| (speed, r.seconds_left(t.to_come)))
            })
            .filter(|_| t.running)
            .map(|(speed, left)| format!(" · {}", rate(lang, speed, left)));
        (
            transfer_total(lang, t.done_files, t.files, t.done_bytes, t.bytes),
            speed,
        )
    });
    let ready = move |what: DownloadOf, plan: crate::core::download_plan::FolderPlan| {
        let lang = state.prefs.lang.get();
        let ways = choices(&what, plan.files.len());
        let hint = match ways.as_slice() {
            [SaveAs::OneFile] => Some(Label::SaveFileHint),
            [SaveAs::Folder, SaveAs::Zip] => Some(Label::SaveFolderOrZip),
            [SaveAs::Zip] => Some(Label::ZipOnly),
            [SaveAs::EachFile] if stream_download::refused() => Some(Label::EachRefused),
            [SaveAs::EachFile] => Some(Label::EachOnly),
            _ => None,
        };
        let summary = match &what {
            DownloadOf::Folder(name) => {
                folder_summary(lang, name, plan.files.len(), plan.total_bytes)
            }
            DownloadOf::Selection => selection_summary(lang, plan.files.len(), plan.total_bytes),
        };
        view! {
            <div class="folder-step" role="group" aria-label=t(Label::DownloadFolder)>
                <p>{summary}</p>
                {hint.map(|h| view! { <p class="hint">{t(h)}</p> })}
                <div class="row">
                    {ways.into_iter().map(|how| {
                        let text = t(match how {
                            SaveAs::Folder => Label::ChooseFolderAndStart,
                            SaveAs::Zip => Label::SaveAsZip,
                            SaveAs::OneFile => Label::SaveFile,
                            SaveAs::EachFile => Label::DownloadEach,
                        });
                        view! { <button type="button" on:click=move |_| transfers.start(state, how)>{text}</button> }
                    }).collect_view()}
                    <button type="button" class="secondary" on:click=move |_| transfers.step.set(None)>{t(Label::Cancel)}</button>
                </div>
            </div>
        }
    };
    view! {
        {move || step().map(|step| match step {
            FolderStep::Listing => view! {
                <div class="folder-step row">
                    <p role="status">{t(Label::ListingFolder)}</p>
                    <button type="button" class="secondary" on:click=move |_| transfers.cancel_prepare(state)>{t(Label::Cancel)}</button>
                </div>
            }.into_any(),
            FolderStep::Ready { what, plan } => ready(what, plan).into_any(),
        })}
        <Show when=move || transfers.items.with(|i| !i.is_empty())>
            <section class="transfers" aria-labelledby="transfers-heading">
                <h2 id="transfers-heading">{move || t(Label::TransfersHeading)}</h2>
                <ExistingPrompt/>
                <div class="row">
                    // The rate changes every second: outside the live region, so screen readers
                    // are not told it each time.
                    <p class="transfer-total">
                        <span role="status">{move || total.get().0}</span>
                        {move || total.get().1}
                    </p>
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
                        <For each=move || transfers.shown.get() key=|t| t.id let:transfer>
                            <TransferLine transfer=transfer/>
                        </For>
                    </tbody>
                </table>
                {move || {
                    state.now.track();
                    let (listed, all) = (transfers.shown.with(Vec::len), transfers.items.with_untracked(Vec::len));
                    (all > listed).then(|| {
                        let done = transfers.items.with_untracked(|items| items.iter().filter(|i| i.outcome.get_untracked().is_done()).count());
                        view! { <p class="hint">{more_files(state.prefs.lang.get(), all - listed, done)}</p> }
                    })
                }}
            </section>
        </Show>
    }
}

#[component]
fn TransferLine(transfer: Transfer) -> impl IntoView {
    let state = use_app();
    let transfers = use_transfers();
    let path = move || transfer.path.with(|p| p.join("/"));
    let status = move || {
        let lang = state.prefs.lang.get();
        let mut text = outcome(lang, &transfer.outcome.get()).to_owned();
        if transfer.restarted.get() {
            text = format!("{text} {}", restarted(lang));
        }
        if let Some(failure) = transfer.failure.get() {
            text = format!("{text}: {}", problem(lang, &failure, ""));
        }
        text
    };
    // Its own average rate while it runs, refreshed with the clock.
    let speed = move || {
        state.now.track();
        let started = transfer.started.get_value()?;
        let seconds = (js_sys::Date::now() - started) / 1000.0;
        if transfer.outcome.get() != Outcome::Running {
            return None;
        }
        let (per_second, left) = average_rate(transfer.done.get(), transfer.size, seconds)?;
        Some(format!(
            " · {}",
            rate(state.prefs.lang.get(), per_second, left)
        ))
    };
    view! {
        <tr class="transfer" data-outcome=move || transfer.outcome.get().key()>
            <th scope="row">{path}</th>
            <td class="num">
                <progress max=transfer.size.max(1) value=move || transfer.done.get() aria-label=path></progress>
                " " {move || size(state.prefs.lang.get(), transfer.done.get())} {speed}
            </td>
            <td>
                <span class="transfer-status">{status}</span>
                <Show when=move || transfer.can_cancel()>
                    " "
                    <button type="button" class="secondary"
                        aria-label=move || format!("{} {}", label(state.prefs.lang.get(), Label::CancelOne), path())
                        on:click=move |_| transfers.cancel(transfer)>
                        {move || label(state.prefs.lang.get(), Label::CancelOne)}
                    </button>
                </Show>
                <Show when=move || transfer.can_retry()>
                    " "
                    <button type="button" class="secondary" on:click=move |_| transfers.retry(state, transfer)
                        aria-label=move || format!("{} {}", label(state.prefs.lang.get(), Label::Retry), path())>
                        {move || label(state.prefs.lang.get(), Label::Retry)}
                    </button>
                </Show>
            </td>
        </tr>
    }
}
