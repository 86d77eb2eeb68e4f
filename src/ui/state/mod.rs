//! The app's state, wired from its parts: the keys session (the page's flow machine), browsing, deliveries, downloads and the one report router.
//!
//! Each part owns one job and its signals; the rules live in `core` (the flow machine in
//! [`crate::core::flow`], the engine in the runner's worker): this module only holds signals the
//! components read and carries out what the machines say.

mod browsing;
mod deliveries;
pub mod downloads;
mod reports;
mod session;

use leptos::prelude::*;

pub use self::browsing::{Browsing, ListStatus};
use self::downloads::Transfers;
pub use self::session::Session;
pub use crate::core::flow::{Alert, Ask, View};
use crate::core::flow::{Flow, Start};
use crate::core::messages::{label, Label, Lang};
use crate::core::settings::Settings;
use crate::core::site_config::SiteConfig;
use crate::web::{clock, location, storage};
use time::OffsetDateTime;

/// What the user chose for the page: its language and the connection form.
#[derive(Clone, Copy)]
pub struct Preferences {
    pub lang: RwSignal<Lang>,
    /// The connection form (the flow machine takes it in before each event).
    pub settings: RwSignal<Settings>,
    /// The admin's `config.json` (empty when there is none), once it was read or given up.
    pub site: RwSignal<Option<SiteConfig>>,
}

/// Every signal the components read, by job; `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub session: Session,
    pub place: Browsing,
    pub prefs: Preferences,
    /// The corrected clock, ticking every second.
    pub now: RwSignal<OffsetDateTime>,
    pub alert: RwSignal<Option<Alert>>,
    /// The question open before keys are used somewhere new.
    pub ask: RwSignal<Option<Ask>>,
    /// A polite status line (download started, …).
    pub notice: RwSignal<Option<String>>,
    /// The page's flow: keys, Connect, questions, locks (see [`crate::core::flow`]).
    flow: StoredValue<Flow>,
    /// The downloads, which Forget stops too.
    transfers: StoredValue<Option<Transfers>>,
    deliveries: deliveries::UnderWay,
}

/// The state of the app, from context.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// The message table in the page's language: `t(Label::…)` in a component, reactive to a
/// change of language.
pub fn use_label() -> impl Fn(Label) -> &'static str + Copy + 'static {
    let lang = use_app().prefs.lang;
    move |l| label(lang.get(), l)
}

/// A number unique in the page: listings, previews, shares, jobs and files alike.
pub fn next_id() -> u64 {
    thread_local! {
        static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
    }
    NEXT.with(|n| n.replace(n.get() + 1))
}

impl AppState {
    /// Builds the state from storage, the fragment and the browser's language, then reads the
    /// admin's `config.json`.
    pub fn new() -> Self {
        let settings = storage::load_settings();
        let browser = web_sys::window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_default();
        let lang = Lang::chosen(&settings.lang, &browser);
        let now = clock::now();
        let route = location::route();
        let flow = Flow::new(Start {
            settings: settings.clone(),
            tab_keys: storage::tab_keys(now),
            agreed_hosts: storage::agreed_hosts(),
            route,
        });
        let state = AppState {
            session: Session::new(),
            place: Browsing::new(),
            prefs: Preferences {
                lang: RwSignal::new(lang),
                settings: RwSignal::new(settings),
                site: RwSignal::new(None),
            },
            now: RwSignal::new(now),
            alert: RwSignal::new(None),
            ask: RwSignal::new(None),
            notice: RwSignal::new(None),
            flow: StoredValue::new(flow),
            transfers: StoredValue::new(None),
            deliveries: StoredValue::new(Default::default()),
        };
        state.sync();
        state.load_site_config();
        state
    }

    pub fn set_lang(&self, lang: Lang) {
        self.prefs.lang.set(lang);
        // Only the language: fields being edited are saved by Connect.
        let mut saved = storage::load_settings();
        saved.lang = lang.tag().to_owned();
        storage::save_settings(&saved);
    }
}
