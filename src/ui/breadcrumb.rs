//! The folder path as links, the bucket first; the current folder is marked for screen readers.

use leptos::prelude::*;

use super::state::use_app;
use crate::core::fragment::{self, Place};
use crate::core::listing::breadcrumb;
use crate::core::messages::{label, Label};

#[component]
pub fn Breadcrumb() -> impl IntoView {
    let state = use_app();
    let crumbs = move || {
        state.place.browse.with(|b| {
            b.place.as_ref().map(|place| {
                let current = place.clone();
                let crumbs = breadcrumb(&place.bucket, &place.prefix);
                let last = crumbs.len() - 1;
                crumbs
                    .into_iter()
                    .enumerate()
                    .map(|(i, crumb)| {
                        // The sort goes along.
                        let href = fragment::format(&Place {
                            prefix: crumb.prefix,
                            ..current.clone()
                        });
                        let current = (i == last).then_some("page");
                        view! { <li><a href=href aria-current=current>{crumb.label}</a></li> }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <nav aria-label=move || label(state.prefs.lang.get(), Label::Breadcrumb) class="breadcrumb">
            <ol>{crumbs}</ol>
        </nav>
    }
}
