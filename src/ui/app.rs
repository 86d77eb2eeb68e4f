//! The page: header, keys, connection, messages and the folder listing.

use leptos::prelude::*;

use super::alert_banner::AlertBanner;
use super::ask_prompt::AskPrompt;
use super::breadcrumb::Breadcrumb;
use super::check_view::CheckView;
use super::connected_bar::ConnectedBar;
use super::connection_panel::ConnectionPanel;
use super::credentials_panel::CredentialsPanel;
use super::header::Header;
use super::listing_table::ListingTable;
use super::mfa_prompt::MfaPrompt;
use super::panic_banner;
use super::state::downloads::Transfers;
use super::state::{AppState, View};
use super::transfers_panel::TransfersPanel;
use crate::core::messages::{label, Label};
use crate::web::location;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let transfers = Transfers::new();
    provide_context(transfers);
    state.start_runner(transfers);

    // The page speaks the chosen language, and so does the panic banner.
    Effect::new(move |_| {
        let lang = state.prefs.lang.get();
        panic_banner::set_lang(lang);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });

    // The key countdown, the stop at expiry, and the transfer rate.
    let tick = set_interval_with_handle(
        move || {
            state.tick();
            transfers.sample();
        },
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(handle) = tick {
            handle.clear();
        }
    });

    // Back, Forward, folder links and Check setup move through the fragment.
    location::on_change(move |route| state.follow(route));

    // Once connected, the keys and bucket fold into one line and the files take the width.
    let folded = move || state.place.folded.get() && state.session.keys.with(Option::is_some);

    view! {
        <Header/>
        <main>
            <AlertBanner/>
            <AskPrompt/>
            <MfaPrompt/>
            <div class="layout" class:folded=folded>
                <Show when=folded fallback=|| view! {
                    <div class="panels">
                        <CredentialsPanel/>
                        <ConnectionPanel/>
                    </div>
                }>
                    <ConnectedBar/>
                </Show>
                <Show when=move || state.place.view.get() == View::Check fallback=move || view! {
                    <section class="browser" aria-labelledby="files-heading">
                        <h2 id="files-heading" class="visually-hidden">{move || label(state.prefs.lang.get(), Label::FilesHeading)}</h2>
                        <Breadcrumb/>
                        <TransfersPanel/>
                        <ListingTable/>
                    </section>
                }>
                    <CheckView/>
                </Show>
            </div>
        </main>
    }
}
