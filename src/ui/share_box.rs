//! A share link for the one selected file: how long it works (within the keys and seven days), the link with Copy, and until when anyone holding it can download.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::use_app;
use crate::core::download::SHARE_SHORTEST;
use crate::core::engine::index::Line;
use crate::core::messages::{label, lifetime, problem, share_heading, share_until, Label};
use crate::core::signing::MAX_PRESIGN;
use crate::web::clock::local_date_time;

/// The lifetimes offered, in seconds (those beyond the keys are left out).
const CHOICES: [u64; 6] = [60, 15 * 60, 3600, 8 * 3600, 86_400, 7 * 86_400];

#[component]
pub fn ShareBox(file: Line, on_close: Callback<()>) -> impl IntoView {
    let state = use_app();
    let lang = move || state.prefs.lang.get();
    let name = file.name.clone();
    // Seconds the keys have left (`None`: they do not say).
    let keys_left = move || {
        let now = state.now.get();
        state.session.keys.with(|k| {
            k.as_ref()
                .and_then(|k| k.expires_at)
                .map(|at| (at - now).whole_seconds().max(0) as u64)
        })
    };
    let choices = move || {
        let most = keys_left().unwrap_or(u64::MAX).min(MAX_PRESIGN.as_secs());
        let mut offered: Vec<(u64, String)> = CHOICES
            .into_iter()
            .filter(|&s| s <= most)
            .map(|s| (s, lifetime(lang(), s)))
            .collect();
        if let Some(left) =
            keys_left().filter(|&l| l >= SHARE_SHORTEST.as_secs() && l < MAX_PRESIGN.as_secs())
        {
            offered.push((left, label(lang(), Label::UntilKeysExpire).to_owned()));
        }
        offered
    };
    let chosen = RwSignal::new(3600u64);
    let copied = RwSignal::new(None::<Label>);
    let link_box = NodeRef::<leptos::html::Input>::new();
    let key = StoredValue::new(file.key.clone());
    let create = move |_| {
        copied.set(None);
        let seconds = chosen.get_untracked();
        state.share(key.get_value(), std::time::Duration::from_secs(seconds));
    };
    let copy = move |_| {
        let Some(input) = link_box.get() else {
            return;
        };
        let url = input.value();
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&url);
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            if !done {
                input.select();
            }
            copied.set(Some(if done {
                Label::Copied
            } else {
                Label::CopyByHand
            }));
        });
    };
    let name_for_result = name.clone();
    let result = move || {
        let name = name_for_result.clone();
        state.place.sharing.with(|s| {
            s.as_ref().and_then(|s| s.result.clone()).map(|result| match result {
                Ok(link) => {
                    let until = local_date_time(link.until, lang().tag());
                    view! {
                        <div class="field">
                            <label for="share-link">{move || label(lang(), Label::Link)}</label>
                            <div class="row">
                                <input id="share-link" type="text" readonly node_ref=link_box prop:value=link.url.clone()
                                    on:focus=move |ev| {
                                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                            input.select();
                                        }
                                    }/>
                                <button type="button" on:click=copy>{move || label(lang(), Label::Copy)}</button>
                            </div>
                        </div>
                        <p class="share-until">{share_until(lang(), &name, &until)}</p>
                        <p role="status" class="notice">{move || copied.get().map(|l| label(lang(), l))}</p>
                    }
                    .into_any()
                }
                Err(failure) => view! { <p class="alert-text">{problem(lang(), &failure, "")}</p> }.into_any(),
            })
        })
    };
    view! {
        <section class="share-box" aria-labelledby="share-heading">
            <h3 id="share-heading">{move || share_heading(lang(), &name)}</h3>
            <div class="row">
                <div class="field">
                    <label for="share-lifetime">{move || label(lang(), Label::LinkWorksFor)}</label>
                    <select id="share-lifetime" on:change:target=move |ev| {
                        if let Ok(s) = ev.target().value().parse() {
                            chosen.set(s);
                        }
                    }>
                        {move || {
                            let offered = choices();
                            // What was chosen stays chosen if still offered; else the longest offered up to an hour.
                            if !offered.iter().any(|(s, _)| *s == chosen.get_untracked()) {
                                if let Some((s, _)) = offered.iter().rfind(|(s, _)| *s <= 3600).or(offered.first()) {
                                    chosen.set(*s);
                                }
                            }
                            offered.into_iter().map(|(s, text)| view! {
                                <option value=s.to_string() selected=move || chosen.get() == s>{text}</option>
                            }).collect_view()
                        }}
                    </select>
                </div>
                <button type="button" class="create-link" on:click=create>{move || label(lang(), Label::CreateLink)}</button>
                <button type="button" class="secondary" on:click=move |_| on_close.run(())>{move || label(lang(), Label::Close)}</button>
            </div>
            {result}
        </section>
    }
}
