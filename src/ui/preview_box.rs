//! The preview of a file in the page: text as text (HTML, SVG and XML too: never rendered), an image, a PDF in a frame, audio or video in its player; with Close.

use leptos::prelude::*;

use super::state::use_app;
use crate::core::engine::preview::{PreviewBody, PreviewId, PreviewKind};
use crate::core::messages::{label, preview_heading, problem, Label};

#[component]
pub fn PreviewBox() -> impl IntoView {
    let state = use_app();
    let lang = move || state.prefs.lang.get();
    // The preview whose player could not play what it was given (a format this browser lacks,
    // or a link gone): the note goes with that preview, no reset needed.
    let unplayable = RwSignal::new(None::<PreviewId>);
    let shown_id = move || state.place.preview.with(|p| p.as_ref().map(|p| p.id));
    let name = move || {
        state
            .place
            .preview
            .with(|p| p.as_ref().map(|p| p.name.clone()))
            .unwrap_or_default()
    };
    let body = move || {
        state.place.preview.with(|p| {
            p.as_ref()
                .and_then(|p| p.result.clone())
                .map(|result| match result {
                    Ok(PreviewBody::Text { text, cut }) => view! {
                        <Show when=move || cut>
                            <p class="hint">{move || label(lang(), Label::PreviewCut)}</p>
                        </Show>
                        // Text, never markup: Leptos sets it as a text node.
                        <pre class="preview-text" tabindex="0">{text}</pre>
                    }
                    .into_any(),
                    Ok(PreviewBody::Url { kind, url }) => {
                        let failed = move |_| unplayable.set(shown_id());
                        match kind {
                            PreviewKind::Image => view! {
                                <img class="preview-image" src=url alt=name on:error=failed/>
                            }
                            .into_any(),
                            PreviewKind::Pdf => view! {
                                <iframe class="preview-frame" src=url title=name></iframe>
                            }
                            .into_any(),
                            PreviewKind::Audio => view! {
                                <audio class="preview-media" controls preload="metadata" src=url
                                    aria-label=name on:error=failed></audio>
                            }
                            .into_any(),
                            PreviewKind::Video | PreviewKind::Text => view! {
                                <video class="preview-media" controls preload="metadata" src=url
                                    aria-label=name on:error=failed></video>
                            }
                            .into_any(),
                        }
                    }
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
                    <h3 id="preview-heading">{move || preview_heading(lang(), &name())}</h3>
                    <button type="button" class="secondary" on:click=move |_| state.close_preview()>
                        {move || label(lang(), Label::Close)}
                    </button>
                </div>
                {body}
                <Show when=move || unplayable.get().is_some_and(|id| Some(id) == shown_id())>
                    <p class="alert-text" role="status">{move || label(lang(), Label::PreviewUnplayable)}</p>
                </Show>
            </section>
        </Show>
    }
}
