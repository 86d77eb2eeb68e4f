//! A share link for the one selected file: how long it works (within the keys and seven days), the link with Copy, and until when anyone holding it can download.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::use_app;
use crate::core::download::{share_choices, ShareChoice};
use crate::core::engine::index::Line;
use crate::core::messages::{
    copied_label, label, lifetime as lifetime_words, problem, share_heading, share_until, Label,
};
use crate::web::clipboard;
use crate::web::clock::local_date_time;

#[component]
pub fn ShareBox(file: Line, on_close: Callback<()>) -> impl IntoView {
    let state = use_app();
    let lang = move || state.prefs.lang.get();
    let name = file.name.clone();
    // What the keys allow now, and the one offered first.
    let choices = move || {
        let expires_at = state
            .session
            .keys
            .with(|k| k.as_ref().and_then(|k| k.expires_at));
        share_choices(expires_at, state.now.get())
    };
    let picked = RwSignal::new(None::<ShareChoice>);
    // What was picked, while it is still offered; else the one offered first.
    let chosen = move || {
        let (offered, first) = choices();
        picked.get().filter(|p| offered.contains(p)).or(first)
    };
    let text = move |choice: ShareChoice| match choice {
        ShareChoice::For(lifetime) => lifetime_words(lang(), lifetime.as_secs()),
        ShareChoice::UntilKeysExpire => label(lang(), Label::UntilKeysExpire).to_owned(),
    };
    let copied = RwSignal::new(None::<Label>);
    let link_box = NodeRef::<leptos::html::Input>::new();
    let key = StoredValue::new(file.key.clone());
    let create = move |_| {
        copied.set(None);
        if let Some(choice) = chosen() {
            state.share(key.get_value(), choice.asked());
        }
    };
    let copy = move |_| {
        let Some(input) = link_box.get() else {
            return;
        };
        clipboard::copy(&input.value(), move |done| {
            if !done {
                input.select();
            }
            copied.set(Some(copied_label(done)));
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
                        let (offered, _) = choices();
                        if let Some(choice) = ev.target().value().parse().ok().and_then(|i: usize| offered.get(i).copied()) {
                            picked.set(Some(choice));
                        }
                    }>
                        {move || {
                            let (offered, _) = choices();
                            offered.into_iter().enumerate().map(|(i, choice)| view! {
                                <option value=i.to_string() selected=move || chosen() == Some(choice)>{text(choice)}</option>
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
