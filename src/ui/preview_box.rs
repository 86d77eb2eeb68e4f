//! The preview of a text file: its first 256 KB shown as text (HTML, SVG and XML too: never rendered), with Close.

use leptos::prelude::*;

use super::state::use_app;
use crate::core::messages::{label, preview_heading, problem, Label};

#[component]
pub fn PreviewBox() -> impl IntoView {
    let state = use_app();
    let lang = move || state.prefs.lang.get();
    let body = move || {
        state.place.preview.with(|p| {
            p.as_ref()
                .and_then(|p| p.result.clone())
                .map(|result| match result {
                    Ok(text) => view! {
                        <Show when=move || text.cut>
                            <p class="hint">{move || label(lang(), Label::PreviewCut)}</p>
                        </Show>
                        // Text, never markup: Leptos sets it as a text node.
                        <pre class="preview-text" tabindex="0">{text.text.clone()}</pre>
                    }
                    .into_any(),
                    Err(failure) => {
                        view! { <p class="alert-text">{problem(lang(), &failure, "")}</p> }
                            .into_any()
                    }
                })
        })
    };
    view! {
        <Show when=move || state.place.preview.with(Option::is_some)>
            <section class="preview" aria-labelledby="preview-heading">
                <div class="row">
                    <h3 id="preview-heading">{move || state.place.preview.with(|p| p.as_ref().map(|p| preview_heading(lang(), &p.name)))}</h3>
                    <button type="button" class="secondary" on:click=move |_| state.place.preview.set(None)>
                        {move || label(lang(), Label::Close)}
                    </button>
                </div>
                {body}
            </section>
        </Show>
    }
}
