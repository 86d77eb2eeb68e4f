//! The app's state and the actions components raise: use keys, connect, open a folder, download, forget.

use leptos::prelude::*;
use leptos::task::spawn_local;
use time::OffsetDateTime;

use super::transfers::Transfers;
use crate::core::bucket::{Addressing, Bucket, BucketError};
use crate::core::credentials::{Credentials, CredentialsError, Fields, Parsed};
use crate::core::download::file_name;
use crate::core::engine::check::{CheckId, Findings};
use crate::core::engine::delivery::Link;
use crate::core::engine::index::{Line, Rows, Window};
use crate::core::engine::preview::{PreviewBody, PreviewId};
use crate::core::engine::{End, Event, JobId, ListingId, Report, ShareId, SharedLink};
use crate::core::fragment::{Invite, Place, Route};
use crate::core::listing::normalize_prefix;
use crate::core::messages::{self, Lang};
use crate::core::order::Sort;
use crate::core::problem::{Failure, Problem};
use crate::core::site_config::SiteConfig;
use crate::core::sts::{self, Assume, Granted, Sts};
use crate::web::runner_link::{Left, RunnerLink};
use crate::web::storage::{self, Settings};
use crate::web::{clock, delivery, location};

/// Something the user must read: shown in the `role="alert"` banner, worded in the current language.
#[derive(Debug, Clone, PartialEq)]
pub enum Alert {
    /// A request failed against `bucket`.
    Failure {
        failure: Failure,
        bucket: String,
    },
    Bucket(BucketError),
    Credentials(CredentialsError),
    /// The keys ran out while the page was open.
    KeysExpired {
        at: OffsetDateTime,
    },
    NoKeys,
    /// The role field does not hold a role's ARN.
    RoleArn,
    /// A link named another bucket, and the admin locked the page to theirs.
    BucketLocked {
        bucket: String,
    },
}

/// Where a folder listing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListStatus {
    #[default]
    Idle,
    Loading,
    Done,
    Cancelled,
    Failed,
    /// Access was denied above the folder the keys were given for: not an error.
    OutsideScope,
}

/// The folder on screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Browse {
    pub place: Option<Place>,
    pub window: Window,
    pub status: ListStatus,
}

/// Folder facts asked for: files counted below the folder on screen and their bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub listing: ListingId,
    pub files: u64,
    pub bytes: u64,
    pub status: ListStatus,
}

/// A preview asked for: the file, and what it shows once that came.
#[derive(Debug, Clone, PartialEq)]
pub struct Previewing {
    pub id: PreviewId,
    pub name: String,
    pub result: Option<Result<PreviewBody, Failure>>,
}

/// A share link asked for, and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sharing {
    pub id: ShareId,
    pub result: Option<Result<SharedLink, Failure>>,
}

/// The three key fields as typed (or filled from the keys in use).
#[derive(Clone, Copy)]
pub struct KeyFields {
    pub access_key: RwSignal<String>,
    pub secret: RwSignal<String>,
    pub token: RwSignal<String>,
}

impl KeyFields {
    fn clear(&self) {
        for field in [self.access_key, self.secret, self.token] {
            field.set(String::new());
        }
    }
}

/// The keys in use and what goes with them: Forget wipes all of it.
#[derive(Clone, Copy)]
pub struct Session {
    pub keys: RwSignal<Option<Credentials>>,
    pub parsed: RwSignal<Option<Parsed>>,
    pub keep_in_tab: RwSignal<bool>,
    pub fields: KeyFields,
    /// The code from the MFA device, used once.
    pub mfa_code: RwSignal<String>,
    /// The runner waits for a fresh MFA code to renew the keys, which work until then.
    pub mfa_due: RwSignal<Option<OffsetDateTime>>,
    /// STS is being asked for temporary keys.
    pub assuming: RwSignal<bool>,
    /// What goes on (Connect, Check setup) once STS has given the keys.
    after_assume: StoredValue<Option<Then>>,
    /// The runner's worker: signs and carries out listings and downloads; started with the first keys.
    runner: StoredValue<Option<RunnerLink>, LocalStorage>,
    /// The runner stopped or could not start: the banner asks for a reload.
    runner_failed: StoredValue<bool>,
    /// Plain-link deliveries under way, with how many files each hands over.
    delivering: StoredValue<std::collections::BTreeMap<u64, usize>>,
}

/// What the page shows beside the keys and bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// A folder of the bucket (the fragment names it).
    Files,
    /// Check setup (`#/check`).
    Check,
}

/// A check of the setup asked for, and what it found once done.
#[derive(Debug, Clone, PartialEq)]
pub struct Checking {
    pub id: CheckId,
    pub bucket: String,
    pub prefix: String,
    pub findings: Option<Findings>,
}

/// The place on screen: the folder, its rows and checked rows, the listing loading it.
#[derive(Clone, Copy)]
pub struct Browsing {
    pub view: RwSignal<View>,
    /// Check setup, once run.
    pub check: RwSignal<Option<Checking>>,
    pub browse: RwSignal<Browse>,
    /// The filter typed for the folder on screen.
    pub filter: RwSignal<String>,
    /// "Search all sub-folders": the folder is listed at every depth.
    pub recursive: RwSignal<bool>,
    /// The share link being made or shown.
    pub sharing: RwSignal<Option<Sharing>>,
    /// Folder facts of the folder on screen, once asked for.
    pub facts: RwSignal<Option<Facts>>,
    /// The file being previewed.
    pub preview: RwSignal<Option<Previewing>>,
    /// The keys and bucket panels are folded into one line, giving the listing the room.
    pub folded: RwSignal<bool>,
    /// They fold once the listing under way answers (after Connect, or a reload with kept keys).
    fold_pending: StoredValue<bool>,
    /// The listing on screen while it loads: reports of any other are dropped.
    listing: StoredValue<Option<ListingId>>,
    /// The listing whose rows are on screen (loading or not).
    shown: StoredValue<Option<ListingId>>,
    next_listing: StoredValue<u64>,
    /// The connection fields as of the last Connect (or load): what requests use, whatever the
    /// form shows while the user edits it.
    connection: StoredValue<Settings>,
}

/// What the user chose for the page: its language and the connection form.
#[derive(Clone, Copy)]
pub struct Preferences {
    pub lang: RwSignal<Lang>,
    pub settings: RwSignal<Settings>,
    /// The admin's `config.json` (empty when there is none), once it was read or given up.
    pub site: RwSignal<Option<SiteConfig>>,
}

/// A question the page asks before it uses the keys somewhere new.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// Requests signed with the keys would go to `host`, neither AWS nor one the admin allows.
    Host { host: String, then: Then },
    /// A link names another bucket than the one connected: list it with the current keys?
    Bucket(Place),
}

/// What the page does once the user agreed (or once `config.json` is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    Connect,
    Check,
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
    /// Connect (or Check) pressed before `config.json` was read: done once it is.
    after_config: StoredValue<Option<Then>>,
    /// A polite status line (download started, …).
    pub notice: RwSignal<Option<String>>,
    /// The downloads, which Forget stops too.
    transfers: StoredValue<Option<Transfers>>,
}

/// The state of the app, from context.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

impl AppState {
    /// Builds the state from storage, the fragment and the browser's language.
    pub fn new() -> Self {
        let settings = storage::load_settings();
        let lang = if settings.lang.is_empty() {
            Lang::from_tag(
                &web_sys::window()
                    .and_then(|w| w.navigator().language())
                    .unwrap_or_default(),
            )
        } else {
            Lang::from_tag(&settings.lang)
        };
        let now = clock::now();
        let tab_keys = storage::tab_keys(now);
        let state = AppState {
            session: Session {
                keep_in_tab: RwSignal::new(tab_keys.is_some()),
                parsed: RwSignal::new(None),
                keys: RwSignal::new(tab_keys),
                fields: KeyFields {
                    access_key: RwSignal::new(String::new()),
                    secret: RwSignal::new(String::new()),
                    token: RwSignal::new(String::new()),
                },
                mfa_code: RwSignal::new(String::new()),
                mfa_due: RwSignal::new(None),
                assuming: RwSignal::new(false),
                after_assume: StoredValue::new(None),
                runner: StoredValue::new_local(None),
                runner_failed: StoredValue::new(false),
                delivering: StoredValue::new(Default::default()),
            },
            place: Browsing {
                view: RwSignal::new(match location::route() {
                    Some(Route::Check) => View::Check,
                    _ => View::Files,
                }),
                check: RwSignal::new(None),
                browse: RwSignal::new(Browse::default()),
                filter: RwSignal::new(String::new()),
                recursive: RwSignal::new(false),
                sharing: RwSignal::new(None),
                facts: RwSignal::new(None),
                preview: RwSignal::new(None),
                folded: RwSignal::new(false),
                fold_pending: StoredValue::new(false),
                listing: StoredValue::new(None),
                shown: StoredValue::new(None),
                next_listing: StoredValue::new(0),
                connection: StoredValue::new(settings.clone()),
            },
            prefs: Preferences {
                lang: RwSignal::new(lang),
                settings: RwSignal::new(settings),
                site: RwSignal::new(None),
            },
            ask: RwSignal::new(None),
            after_config: StoredValue::new(None),
            now: RwSignal::new(now),
            alert: RwSignal::new(None),
            notice: RwSignal::new(None),
            transfers: StoredValue::new(None),
        };
        let invite = match location::route() {
            Some(Route::Browse(place)) => {
                state
                    .prefs
                    .settings
                    .update(|s| s.bucket = place.bucket.clone());
                state
                    .place
                    .connection
                    .update_value(|s| s.bucket = place.bucket.clone());
                state.place.browse.update(|b| b.place = Some(place));
                None
            }
            Some(Route::Invite(invite)) => Some(invite),
            _ => None,
        };
        state.load_site_config(invite);
        state
    }

    /// Knows the downloads' state; starts the runner at once if keys were kept in the tab (else
    /// with the first keys: the page is usable before the worker loads).
    pub fn start_runner(&self, transfers: Transfers) {
        self.transfers.set_value(Some(transfers));
        if self.session.keys.with_untracked(Option::is_some) {
            self.ensure_runner();
        }
    }

    /// Starts the runner's worker (once), whose reports reach the browse state and the
    /// downloads, and hands it the keys in use.
    fn ensure_runner(&self) {
        let Some(transfers) = self.transfers.get_value() else {
            return;
        };
        if self.runner().is_some() || self.session.runner_failed.get_value() {
            return;
        }
        let state = *self;
        let started = RunnerLink::start(
            move |report| state.on_report(transfers, report),
            move |failure| state.runner_stopped(transfers, failure),
        );
        let runner = match started {
            Ok(runner) => runner,
            Err(e) => {
                let failure = Failure {
                    message: Some(crate::platform::fetch::describe(&e)),
                    ..Problem::EngineStopped.into()
                };
                return self.runner_stopped(transfers, failure);
            }
        };
        if let Some(keys) = self.session.keys.get_untracked() {
            runner.use_keys(keys);
        }
        transfers.set_runner(runner.clone());
        self.session.runner.set_value(Some(runner));
    }

    /// The runner stopped (or never started, or is from another build): the page says so in the
    /// panic banner, and no file under way is shown as still going.
    fn runner_stopped(&self, transfers: Transfers, failure: Failure) {
        self.session.runner.set_value(None);
        self.session.runner_failed.set_value(true);
        transfers.fail_unfinished(&failure);
        let text = messages::problem(self.prefs.lang.get_untracked(), &failure, "");
        super::panic_banner::show_with(&text);
    }

    /// The runner, once started.
    pub fn runner(&self) -> Option<RunnerLink> {
        self.session.runner.get_value()
    }

    /// A fresh id for a listing.
    pub fn new_listing(&self) -> ListingId {
        self.place.next_listing.update_value(|n| *n += 1);
        ListingId(self.place.next_listing.get_value())
    }

    /// What the engine reports: rows and the end of the listing on screen, a download's plan, a
    /// region S3 named.
    fn on_report(&self, transfers: Transfers, report: Report) {
        match report {
            Report::Window { listing, window } if self.place.shown.get_value() == Some(listing) => {
                self.fold_if_pending();
                self.place.browse.update(|b| b.window = window);
            }
            Report::Listed { listing, end } if self.place.listing.get_value() == Some(listing) => {
                self.place.listing.set_value(None);
                let status = match end {
                    End::Done { .. } => ListStatus::Done,
                    End::Cancelled => ListStatus::Cancelled,
                    End::OutsideScope => ListStatus::OutsideScope,
                    End::Failed(failure) => {
                        // The form stays open to fix what failed.
                        self.place.fold_pending.set_value(false);
                        let bucket = self.connection_bucket();
                        self.alert.set(Some(Alert::Failure { failure, bucket }));
                        ListStatus::Failed
                    }
                };
                self.place.browse.update(|b| b.status = status);
            }
            Report::Facts {
                listing,
                files,
                bytes,
            } => self.place.facts.update(|f| {
                if let Some(f) = f.as_mut().filter(|f| f.listing == listing) {
                    (f.files, f.bytes) = (files, bytes);
                }
            }),
            Report::Listed { listing, end }
                if self
                    .place
                    .facts
                    .with_untracked(|f| f.is_some_and(|f| f.listing == listing)) =>
            {
                let status = match end {
                    End::Done { .. } => ListStatus::Done,
                    End::Failed(failure) => {
                        let bucket = self.connection_bucket();
                        self.alert.set(Some(Alert::Failure { failure, bucket }));
                        ListStatus::Failed
                    }
                    _ => ListStatus::Cancelled,
                };
                self.place.facts.update(|f| {
                    if let Some(f) = f.as_mut() {
                        f.status = status;
                    }
                });
            }
            Report::Preview { id, result } => self.place.preview.update(|p| {
                if let Some(p) = p.as_mut().filter(|p| p.id == id) {
                    p.result = Some(result);
                }
            }),
            Report::Region { bucket, region } => self.learn_region(&bucket, region),
            Report::Shared { id, result } => self.place.sharing.update(|s| {
                if let Some(s) = s.as_mut().filter(|s| s.id == id) {
                    s.result = Some(result);
                }
            }),
            // A link crossing Forget (or other keys) on its way is never used.
            Report::Deliver { job, .. }
                if self.session.keys.with_untracked(Option::is_none)
                    || !self
                        .session
                        .delivering
                        .with_value(|d| d.contains_key(&job.0)) => {}
            Report::Deliver { job, url, name } => {
                let lang = self.prefs.lang.get_untracked();
                match delivery::deliver(&url) {
                    Ok(())
                        if self
                            .session
                            .delivering
                            .with_value(|d| d.get(&job.0) == Some(&1)) =>
                    {
                        self.notice
                            .set(Some(messages::download_started(lang, &name)));
                    }
                    Ok(()) => {}
                    Err(e) => self.alert.set(Some(Alert::Failure {
                        failure: Failure::local(e),
                        bucket: String::new(),
                    })),
                }
            }
            Report::Delivered {
                job,
                handed,
                failure,
            } => {
                let files = self
                    .session
                    .delivering
                    .with_value(|d| d.get(&job.0).copied());
                self.session.delivering.update_value(|d| {
                    d.remove(&job.0);
                });
                match failure {
                    Some(failure) => {
                        let bucket = self.connection_bucket();
                        self.alert.set(Some(Alert::Failure { failure, bucket }));
                    }
                    None if files.is_some_and(|n| n > 1) => self.notice.set(Some(
                        messages::downloads_started(self.prefs.lang.get_untracked(), handed),
                    )),
                    None => {}
                }
            }
            Report::Assumed { result } => self.assumed(result),
            Report::Checked { id, findings } => self.place.check.update(|c| {
                if let Some(c) = c.as_mut().filter(|c| c.id == id) {
                    c.findings = Some(findings);
                }
            }),
            Report::MfaCodeNeeded { expires_at } => {
                self.session.assuming.set(false);
                self.session.mfa_due.set(Some(expires_at));
            }
            report => transfers.on_report(*self, report),
        }
    }

    /// The listing after Connect (or new keys) answered: the panels fold into one line.
    fn fold_if_pending(&self) {
        if self.place.fold_pending.get_value() {
            self.place.fold_pending.set_value(false);
            // On the next frame: the first rows are drawn in one task, the fold in another.
            let folded = self.place.folded;
            request_animation_frame(move || folded.set(true));
        }
    }

    /// Unfolds the keys and bucket panels ("Change").
    pub fn unfold(&self) {
        self.place.fold_pending.set_value(false);
        self.place.folded.set(false);
    }

    /// Fills empty connection fields from the admin's `config.json` beside the page, if there is one.
    /// (An invite link, which waits for it, is taken then.) A locked bucket also wins over a
    /// link's.
    fn load_site_config(&self, invite: Option<Invite>) {
        let state = *self;
        spawn_local(async move {
            let site = crate::web::site_config::load().await.unwrap_or_default();
            state.prefs.settings.update(|s| s.fill_from(&site));
            state.place.connection.update_value(|s| s.fill_from(&site));
            let linked = state.place.browse.with_untracked(|b| b.place.clone());
            if let Some(place) = linked.filter(|p| site.locks_out(&p.bucket)) {
                state.place.browse.update(|b| b.place = None);
                location::replace(&Place::new(&site.bucket, ""));
                state.alert.set(Some(Alert::BucketLocked {
                    bucket: place.bucket,
                }));
            }
            state.prefs.site.set(Some(site));
            if let Some(invite) = invite {
                state.take_invite(invite);
            }
            // Keys kept in the tab go straight back to the folder, now that the lock is known.
            if state.session.keys.with_untracked(Option::is_some) {
                if let Some(place) = state.place.browse.with_untracked(|b| b.place.clone()) {
                    state.reopen(place);
                }
            }
            match state.after_config.get_value() {
                Some(Then::Connect) => state.connect(),
                Some(Then::Check) => state.run_check(),
                None => {}
            }
            state.after_config.set_value(None);
        });
    }

    /// An invite link: the fields it names are filled in (a locked one stays the admin's; an
    /// endpoint only where `config.json` allows it), and the page waits for the paste there.
    pub fn take_invite(&self, invite: Invite) {
        let Some(site) = self.prefs.site.get_untracked() else {
            return;
        };
        self.prefs.settings.update(|s| {
            for (name, field, value) in [
                ("bucket", &mut s.bucket, &invite.bucket),
                ("prefix", &mut s.prefix, &invite.prefix),
                ("region", &mut s.region, &invite.region),
            ] {
                if !value.is_empty() && !site.locks(name) {
                    field.clone_from(value);
                }
            }
            if !invite.endpoint.is_empty()
                && !site.locks("endpoint")
                && site.allows_endpoint(&invite.endpoint)
            {
                s.endpoint.clone_from(&invite.endpoint);
            }
        });
        let settings = self.prefs.settings.get_untracked();
        let place = Place::new(settings.bucket.trim(), &normalize_prefix(&settings.prefix));
        location::replace(&place);
        self.place.view.set(View::Files);
        self.place.browse.update(|b| b.place = Some(place));
        self.unfold();
    }

    /// The host keys would sign requests for that the user has not agreed to in this tab:
    /// the S3 endpoint, or the STS endpoint, when neither AWS nor allowed by `config.json`.
    fn unagreed_host(&self, settings: &Settings, site: &SiteConfig) -> Option<String> {
        [&settings.endpoint, &settings.sts_endpoint]
            .into_iter()
            .filter_map(|e| site.unvetted_host(e))
            .find(|host| !storage::agreed_host(host))
    }

    /// Whether `then` may go on now: `config.json` is read, and the keys' hosts are agreed
    /// to (else the question is asked, and `then` waits for it).
    fn may_go(&self, settings: &Settings, then: Then) -> bool {
        let Some(site) = self.prefs.site.get_untracked() else {
            self.after_config.set_value(Some(then));
            return false;
        };
        if let Some(host) = self.unagreed_host(settings, &site) {
            self.ask.set(Some(Ask::Host { host, then }));
            return false;
        }
        true
    }

    /// The user answered the open question (`yes`: go on).
    pub fn answer(&self, yes: bool) {
        let Some(ask) = self.ask.get_untracked() else {
            return;
        };
        self.ask.set(None);
        match (ask, yes) {
            (Ask::Host { host, then }, true) => {
                storage::agree_host(&host);
                match then {
                    Then::Connect => self.connect(),
                    Then::Check => self.run_check(),
                }
            }
            (Ask::Bucket(place), true) => {
                self.prefs
                    .settings
                    .update(|s| s.bucket = place.bucket.clone());
                self.place
                    .connection
                    .update_value(|s| s.bucket = place.bucket.clone());
                self.open(place);
            }
            (Ask::Bucket(_), false) => {
                // Back where the page was: the link is not followed.
                if let Some(place) = self.place.browse.with_untracked(|b| b.place.clone()) {
                    location::replace(&place);
                }
            }
            (Ask::Host { .. }, false) => {}
        }
    }

    pub fn set_lang(&self, lang: Lang) {
        self.prefs.lang.set(lang);
        // Only the language: fields being edited are saved by Connect.
        let mut saved = storage::load_settings();
        saved.lang = lang.tag().to_owned();
        storage::save_settings(&saved);
    }

    /// New keys are in use (pasted or typed). Browsing resumes where the fragment points.
    pub fn use_keys(&self, parsed: Parsed) {
        let creds = parsed.credentials.clone();
        if self.session.keep_in_tab.get_untracked() {
            storage::keep_keys_in_tab(&creds);
        }
        self.session.keys.set(Some(creds.clone()));
        match self.runner() {
            Some(runner) => runner.use_keys(creds),
            // Started now, the runner gets the keys in use.
            None => self.ensure_runner(),
        }
        self.session.parsed.set(Some(parsed));
        if matches!(
            self.alert.get_untracked(),
            Some(Alert::Credentials(_) | Alert::KeysExpired { .. } | Alert::NoKeys)
        ) {
            self.alert.set(None);
        }
        // Whatever was listed with the old keys is listed again with the new ones.
        // (The panels stay as they are: the user may be editing them; Connect folds them.)
        if let Some(place) = self.place.browse.with_untracked(|b| b.place.clone()) {
            self.list(place);
        }
    }

    /// Text that gave no usable keys: say why. Keys already in use stay in use.
    pub fn reject_keys(&self, error: CredentialsError) {
        self.alert.set(Some(Alert::Credentials(error)));
    }

    /// Turns tab storage of the keys on or off.
    pub fn set_keep_in_tab(&self, keep: bool) {
        self.session.keep_in_tab.set(keep);
        match (keep, self.session.keys.get_untracked()) {
            (true, Some(creds)) => storage::keep_keys_in_tab(&creds),
            _ => storage::forget_tab_keys(),
        }
    }

    /// Wipes the keys from memory and tab storage, every URL that carries them and what they
    /// listed; every transfer stops. The runner's worker is ended at once, so nothing it started
    /// signs again however busy it was; a fresh one removes the files it left half-made, and
    /// takes the next keys.
    pub fn forget_keys(&self) {
        let left = self.end_runner();
        self.drop_keys();
        self.ensure_runner();
        if let Some(runner) = self.runner() {
            for left in left {
                runner.remove_left(left);
            }
        }
        self.alert.set(None);
        self.notice.set(None);
    }

    /// Ends the runner's worker, if it was ever handed keys, and settles what it was doing: the
    /// rows it listed and the count go (the folder stays, for the next keys), the files under
    /// way stop. Returns the files it left half-made, by picked folder.
    fn end_runner(&self) -> Vec<Left> {
        let Some(runner) = self.runner().filter(RunnerLink::keyed) else {
            return Vec::new();
        };
        let left = runner.end();
        self.session.runner.set_value(None);
        self.place.listing.set_value(None);
        self.place.shown.set_value(None);
        self.place.browse.update(|b| {
            b.window = Window::default();
            b.status = ListStatus::Idle;
        });
        self.place.facts.set(None);
        if let Some(transfers) = self.transfers.get_value() {
            transfers.forgotten();
        }
        left
    }

    fn drop_keys(&self) {
        // The runner first: nothing it signs after this.
        if let Some(runner) = self.runner() {
            runner.forget_keys();
        }
        self.cancel();
        self.session.delivering.set_value(Default::default());
        // A share link on screen goes with the keys that signed it, a preview with those that
        // fetched it.
        self.place.sharing.set(None);
        self.place.preview.set(None);
        self.session.keys.set(None);
        self.session.parsed.set(None);
        self.session.fields.clear();
        self.session.mfa_code.set(String::new());
        self.session.mfa_due.set(None);
        self.session.assuming.set(false);
        self.session.after_assume.set_value(None);
        self.place.check.set(None);
        self.place.fold_pending.set_value(false);
        self.place.folded.set(false);
        storage::forget_tab_keys();
        delivery::clear();
    }

    /// Called every second: stops everything when the keys run out.
    pub fn tick(&self) {
        let now = clock::now();
        self.now.set(now);
        if let Some(at) = self
            .session
            .keys
            .with_untracked(|k| k.as_ref().and_then(|k| k.expires_at))
            .filter(|at| *at <= now)
        {
            self.expired(at);
        }
    }

    /// The Connect button: checks the fields, saves them and opens the prefix.
    pub fn connect(&self) {
        let settings = self.prefs.settings.get_untracked();
        if let Err(e) = bucket_from(&settings) {
            self.alert.set(Some(Alert::Bucket(e)));
            return;
        }
        if !self.may_go(&settings, Then::Connect) {
            return;
        }
        // Keys typed into the three fields count as much as pasted ones.
        if !self.use_typed_keys() {
            return;
        }
        let mut saved = settings.clone();
        saved.lang = self.prefs.lang.get_untracked().tag().to_owned();
        storage::save_settings(&saved);
        self.place.connection.set_value(settings.clone());
        if !self.assumes_first(&settings, Then::Connect) {
            self.connect_now(&settings);
        }
    }

    /// Long-term keys and a role (or an MFA code): STS is asked first, and `then` goes on once
    /// its keys came (`true`); or the alert says what is wrong (`true` too). `false`: the keys
    /// in use are used as they are.
    fn assumes_first(&self, settings: &Settings, then: Then) -> bool {
        match self.assume_ask(settings) {
            Err(alert) => self.alert.set(Some(alert)),
            Ok(Some(ask)) => {
                self.ensure_runner();
                if let Some(runner) = self.runner() {
                    self.session.assuming.set(true);
                    self.session.after_assume.set_value(Some(then));
                    runner.assume(ask);
                }
            }
            Ok(None) => return false,
        }
        true
    }

    /// What Connect asks STS for: long-term keys in use, with a role (or an MFA code for a
    /// session of the user's own); `None` when the keys are used as they are.
    fn assume_ask(&self, settings: &Settings) -> Result<Option<Assume>, Alert> {
        let Some(keys) = self
            .session
            .keys
            .get_untracked()
            .filter(Credentials::is_long_term)
        else {
            return Ok(None);
        };
        let role = settings.role_arn.trim();
        let code = self.session.mfa_code.get_untracked().trim().to_owned();
        if role.is_empty() && code.is_empty() {
            return Ok(None);
        }
        if !role.is_empty() && !sts::is_role_arn(role) {
            return Err(Alert::RoleArn);
        }
        let sts = Sts::locate(&settings.region, &settings.endpoint, &settings.sts_endpoint)
            .map_err(Alert::Bucket)?;
        let filled = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Ok(Some(Assume {
            keys,
            sts,
            role: filled(role),
            session_name: filled(&settings.session_name)
                .map(|name| sts::session_name(&name))
                .unwrap_or_default(),
            duration_secs: settings
                .session_secs
                .parse()
                .unwrap_or(sts::FALLBACK_SESSION_SECS),
            mfa_serial: filled(&settings.mfa_serial),
            mfa_code: filled(&code),
        }))
    }

    /// The keys typed into the three fields are used, if they are new: `false` (and the alert
    /// says why) when they are not usable keys.
    fn use_typed_keys(&self) -> bool {
        let fields = self.session.fields;
        let typed = Fields {
            access_key_id: Some(fields.access_key.get_untracked()),
            secret_access_key: Some(fields.secret.get_untracked()),
            session_token: Some(fields.token.get_untracked()),
            expiration: None,
        };
        let in_use = self.session.keys.with_untracked(|k| {
            k.as_ref().is_some_and(|k| {
                k.access_key_id == typed.access_key_id.as_deref().unwrap_or("").trim()
                    && k.secret_access_key
                        == typed.secret_access_key.as_deref().unwrap_or("").trim()
                    && k.session_token.as_deref().unwrap_or("")
                        == typed.session_token.as_deref().unwrap_or("").trim()
            })
        });
        let blank = [fields.access_key, fields.secret, fields.token]
            .iter()
            .all(|f| f.with_untracked(|v| v.trim().is_empty()));
        if in_use || blank {
            return true;
        }
        match typed.validate(clock::now()) {
            Ok(mut parsed) => {
                // The same key as before keeps the expiry its pasted text gave.
                let known = self.session.keys.with_untracked(|k| {
                    k.as_ref()
                        .filter(|k| k.access_key_id == parsed.credentials.access_key_id)
                        .and_then(|k| k.expires_at)
                });
                parsed.credentials.expires_at = parsed.credentials.expires_at.or(known);
                self.use_keys(parsed);
                true
            }
            Err(e) => {
                self.reject_keys(e);
                false
            }
        }
    }

    /// STS answered (at Connect, or a renewal): its keys are the keys in use — the runner uses
    /// them already — and Connect goes on; or the alert says why there are none.
    fn assumed(&self, result: Result<Granted, Failure>) {
        // Forgotten meanwhile: neither an answer to Connect nor a renewal of keys in use.
        let then = self.session.after_assume.get_value();
        let expected = then.is_some() || self.session.keys.with_untracked(Option::is_some);
        if !expected {
            return;
        }
        self.session.assuming.set(false);
        self.session.mfa_code.set(String::new());
        self.session.after_assume.set_value(None);
        let granted = match result {
            Ok(granted) => granted,
            Err(failure) => {
                let bucket = self.connection_bucket();
                self.alert.set(Some(Alert::Failure { failure, bucket }));
                return;
            }
        };
        let creds = granted.credentials;
        if self.session.keep_in_tab.get_untracked() {
            storage::keep_keys_in_tab(&creds);
        }
        self.session.keys.set(Some(creds.clone()));
        // The fields show them at once (Check setup reads the fields before it runs).
        let fields = self.session.fields;
        fields.access_key.set(creds.access_key_id.clone());
        fields.secret.set(creds.secret_access_key.clone());
        fields
            .token
            .set(creds.session_token.clone().unwrap_or_default());
        self.session.parsed.set(Some(Parsed {
            credentials: creds,
            warnings: Vec::new(),
        }));
        self.session.mfa_due.set(None);
        let lang = self.prefs.lang.get_untracked();
        if let Some(note) = messages::granted_note(lang, granted.shortened, granted.chained) {
            self.notice.set(Some(note.to_owned()));
        }
        // What the alert said of the keys is solved; a failure stays unless Connect asked anew.
        let solved = match self.alert.get_untracked() {
            Some(Alert::Credentials(_) | Alert::KeysExpired { .. } | Alert::NoKeys) => true,
            Some(Alert::Failure { .. }) => then.is_some(),
            _ => false,
        };
        if solved {
            self.alert.set(None);
        }
        match then {
            Some(Then::Connect) => self.connect_now(&self.place.connection.get_value()),
            Some(Then::Check) => self.run_check(),
            None => {}
        }
    }

    /// Check setup with the keys and the bucket filled in (typed keys are used first).
    pub fn run_check(&self) {
        let settings = self.prefs.settings.get_untracked();
        let bucket = match bucket_from(&settings) {
            Ok(bucket) => bucket,
            Err(e) => return self.alert.set(Some(Alert::Bucket(e))),
        };
        if !self.may_go(&settings, Then::Check) || !self.use_typed_keys() {
            return;
        }
        if self.session.keys.with_untracked(Option::is_none) {
            return self.alert.set(Some(Alert::NoKeys));
        }
        // With an IAM user's keys and a role, the check is of the role's keys.
        if self.assumes_first(&settings, Then::Check) {
            return;
        }
        self.ensure_runner();
        let Some(runner) = self.runner() else {
            return;
        };
        let id = CheckId(self.new_listing().0);
        let prefix = normalize_prefix(&settings.prefix);
        self.place.check.set(Some(Checking {
            id,
            bucket: bucket.name.clone(),
            prefix: prefix.clone(),
            findings: None,
        }));
        runner.on(Event::Check { id, bucket, prefix });
    }

    /// Shows what the fragment names: Check setup, or a folder (listed unless it is on screen).
    pub fn follow(&self, route: Option<Route>) {
        match route {
            Some(Route::Check) => self.place.view.set(View::Check),
            Some(Route::Browse(place)) => {
                self.place.view.set(View::Files);
                if self
                    .place
                    .browse
                    .with_untracked(|b| b.place.as_ref() == Some(&place))
                {
                    return;
                }
                let connected = self.connection_bucket();
                let keys = self.session.keys.with_untracked(Option::is_some);
                let locked_out = self
                    .prefs
                    .site
                    .with_untracked(|s| s.as_ref().is_some_and(|s| s.locks_out(&place.bucket)));
                if locked_out {
                    if let Some(here) = self.place.browse.with_untracked(|b| b.place.clone()) {
                        location::replace(&here);
                    }
                    return self.alert.set(Some(Alert::BucketLocked {
                        bucket: place.bucket,
                    }));
                }
                if keys && !connected.is_empty() && place.bucket != connected {
                    return self.ask.set(Some(Ask::Bucket(place)));
                }
                self.open(place);
            }
            Some(Route::Invite(invite)) => self.take_invite(invite),
            None => self.place.view.set(View::Files),
        }
    }

    /// A fresh MFA code for the renewal the runner waits for.
    pub fn renew_with_code(&self) {
        let code = self.session.mfa_code.get_untracked().trim().to_owned();
        if let (false, Some(runner)) = (code.is_empty(), self.runner()) {
            self.session.assuming.set(true);
            runner.mfa_code(code);
        }
    }

    /// Lists the connected bucket's folder (the keys are in place).
    fn connect_now(&self, settings: &Settings) {
        if self.session.keys.with_untracked(Option::is_none) {
            self.alert.set(Some(Alert::NoKeys));
        }
        let place = Place::new(settings.bucket.trim(), &normalize_prefix(&settings.prefix));
        location::go(&place);
        self.place.fold_pending.set_value(true);
        self.list(place);
    }

    /// Goes to `place` (a link, Back): the folder on screen, only sorted another way, is
    /// sorted again, not listed again.
    pub fn open(&self, place: Place) {
        let shown = self
            .place
            .browse
            .with_untracked(|b| b.place.as_ref().is_some_and(|p| p.same_folder(&place)));
        if shown && self.place.shown.get_value().is_some() {
            return self.sort(place.sort);
        }
        self.list(place);
    }

    /// Lists `place` again on load (keys kept in the tab): the panels fold once it answers.
    pub fn reopen(&self, place: Place) {
        self.place.fold_pending.set_value(true);
        self.list(place);
    }

    /// Lists the folder at `place`, page after page, until done, cancelled or failed.
    pub fn list(&self, place: Place) {
        self.place.filter.set(String::new());
        self.place.recursive.set(false);
        self.start_listing(place);
    }

    /// "Search all sub-folders" on or off: the folder on screen is listed again at every depth
    /// (or one level), and the filter typed so far applies to what comes.
    pub fn search_all(&self, on: bool) {
        let Some(place) = self.place.browse.with_untracked(|b| b.place.clone()) else {
            return;
        };
        self.place.recursive.set(on);
        self.start_listing(place);
        let text = self.place.filter.get_untracked();
        if !text.is_empty() {
            self.tell_shown(|listing| Event::Filter { listing, text });
        }
    }

    fn start_listing(&self, place: Place) {
        self.cancel();
        self.stop_counting();
        self.place.facts.set(None);
        self.close_preview();
        if !matches!(self.alert.get_untracked(), Some(Alert::NoKeys)) {
            self.alert.set(None);
        }
        self.notice.set(None);
        if self
            .place
            .connection
            .with_value(|s| s.bucket.trim() != place.bucket)
        {
            // Back or a link into another bucket: same endpoint and keys, that bucket.
            self.place
                .connection
                .update_value(|s| s.bucket = place.bucket.clone());
            self.prefs
                .settings
                .update(|s| s.bucket = place.bucket.clone());
        }
        let has_keys = self.session.keys.with_untracked(Option::is_some);
        let status = if has_keys {
            ListStatus::Loading
        } else {
            ListStatus::Idle
        };
        self.place.shown.set_value(None);
        self.place.browse.set(Browse {
            place: Some(place.clone()),
            window: Window::default(),
            status,
        });
        if !has_keys {
            return;
        }
        let (Some(bucket), Some(runner)) = (self.bucket_or_alert(), self.runner()) else {
            return;
        };
        let id = self.new_listing();
        self.place.listing.set_value(Some(id));
        self.place.shown.set_value(Some(id));
        runner.on(Event::List {
            id,
            bucket,
            prefix: place.prefix,
            start: self.start_prefix(),
            sort: place.sort,
            recursive: self.place.recursive.get_untracked(),
        });
    }

    /// Tells the engine what the listing shown is to do with its rows (a window, a filter, a
    /// sort, a selection), if one is shown.
    fn tell_shown(&self, event: impl FnOnce(ListingId) -> Event) {
        if let (Some(id), Some(runner)) = (self.place.shown.get_value(), self.runner()) {
            runner.on(event(id));
        }
    }

    /// The table shows `count` rows from `first`.
    pub fn view(&self, first: usize, count: usize) {
        self.tell_shown(|listing| Event::View {
            listing,
            first,
            count,
        });
    }

    /// Shows only rows whose name holds `text`.
    pub fn filter(&self, text: String) {
        self.place.filter.set(text.clone());
        self.tell_shown(|listing| Event::Filter { listing, text });
    }

    /// Sorts the rows shown; the address bar says how (no new history entry).
    pub fn sort(&self, sort: Sort) {
        let Some(mut place) = self.place.browse.with_untracked(|b| b.place.clone()) else {
            return;
        };
        if place.sort != sort {
            place.sort = sort;
            self.place.browse.update(|b| b.place = Some(place.clone()));
        }
        location::replace(&place);
        self.tell_shown(|listing| Event::Sort { listing, sort });
    }

    /// Selects (`on`) or unselects rows of the listing shown.
    pub fn select(&self, rows: Rows, on: bool) {
        self.tell_shown(|listing| Event::Select { listing, rows, on });
    }

    /// Shows a file in the page (text, image, PDF, audio or video), in place of the one before.
    pub fn preview(&self, line: &Line) {
        let (Some(bucket), Some(runner)) = (self.bucket_or_alert(), self.runner()) else {
            return;
        };
        let id = PreviewId(super::transfers::next_id());
        self.place.preview.set(Some(Previewing {
            id,
            name: line.name.clone(),
            result: None,
        }));
        runner.on(Event::Preview {
            id,
            bucket,
            key: line.key.clone(),
            size: line.size,
        });
    }

    /// Closes the preview shown: the runner lets its bytes go.
    pub fn close_preview(&self) {
        let Some(id) = self
            .place
            .preview
            .with_untracked(|p| p.as_ref().map(|p| p.id))
        else {
            return;
        };
        self.place.preview.set(None);
        if let Some(runner) = self.runner() {
            runner.on(Event::ClosePreview(id));
        }
    }

    /// Counts the files below the folder on screen at every depth, and their bytes.
    pub fn count_folder(&self) {
        self.stop_counting();
        let Some(prefix) = self
            .place
            .browse
            .with_untracked(|b| b.place.as_ref().map(|p| p.prefix.clone()))
        else {
            return;
        };
        let (Some(bucket), Some(runner)) = (self.bucket_or_alert(), self.runner()) else {
            return;
        };
        let listing = self.new_listing();
        self.place.facts.set(Some(Facts {
            listing,
            files: 0,
            bytes: 0,
            status: ListStatus::Loading,
        }));
        runner.on(Event::Count {
            id: listing,
            bucket,
            prefix,
        });
    }

    /// Stops counting (what was counted stays, said as a lower bound).
    pub fn stop_counting(&self) {
        let counting = self
            .place
            .facts
            .with_untracked(|f| f.filter(|f| f.status == ListStatus::Loading));
        if let (Some(facts), Some(runner)) = (counting, self.runner()) {
            runner.on(Event::Cancel(facts.listing));
        }
    }

    /// Asks for a share link to `key` living `lifetime` (within the keys and seven days).
    pub fn share(&self, key: String, lifetime: std::time::Duration) {
        let (Some(bucket), Some(runner)) = (self.bucket_or_alert(), self.runner()) else {
            return;
        };
        let id = ShareId(super::transfers::next_id());
        self.place.sharing.set(Some(Sharing { id, result: None }));
        runner.on(Event::Share {
            id,
            bucket,
            key,
            lifetime,
        });
    }

    /// The listing whose rows are on screen.
    pub fn shown_listing(&self) -> Option<ListingId> {
        self.place.shown.get_value()
    }

    /// Stops the listing in progress; the rows so far stay.
    pub fn cancel(&self) {
        if let (Some(id), Some(runner)) = (self.place.listing.get_value(), self.runner()) {
            self.place.listing.set_value(None);
            runner.on(Event::Cancel(id));
        }
        self.place.browse.update(|b| {
            if b.status == ListStatus::Loading {
                b.status = ListStatus::Cancelled;
            }
        });
    }

    /// Hands one file to the browser's download manager (by a link the runner checks first).
    pub fn download(&self, key: String, size: u64) {
        let name = file_name(&key);
        self.deliver(vec![Link { key, name, size }]);
    }

    /// Hands files to the browser's download manager, one after another.
    pub fn deliver(&self, links: Vec<Link>) {
        let (Some(bucket), Some(runner)) = (self.bucket_or_alert(), self.runner()) else {
            return;
        };
        let job = super::transfers::next_id();
        self.session.delivering.update_value(|d| {
            d.insert(job, links.len());
        });
        runner.on(Event::Deliver {
            job: JobId(job),
            bucket,
            links,
        });
    }

    /// S3 refused the keys in use as expired. If the page still holds them (their expiry was
    /// not given, the computer's clock is behind, or the second tick has not come yet), they are
    /// dropped as expired, so the user is told and nothing signs with them again.
    pub fn keys_ran_out(&self) {
        let Some(keys) = self.session.keys.get_untracked() else {
            return;
        };
        let now = clock::now();
        self.expired(keys.expires_at.filter(|at| *at <= now).unwrap_or(now));
    }

    /// The keys ran out at `at`: they go, and the user is told when.
    fn expired(&self, at: OffsetDateTime) {
        self.drop_keys();
        self.alert.set(Some(Alert::KeysExpired { at }));
    }

    /// Whether there are keys in use (an alert asks for them when not).
    pub fn keys_or_alert(&self) -> bool {
        let held = self.session.keys.with_untracked(Option::is_some);
        if !held {
            self.alert.set(Some(Alert::NoKeys));
        }
        held
    }

    /// The connected bucket, when there are keys to open it (an alert says why when not).
    pub fn bucket_or_alert(&self) -> Option<Bucket> {
        if !self.keys_or_alert() {
            return None;
        }
        match bucket_from(&self.place.connection.get_value()) {
            Ok(bucket) => Some(bucket),
            Err(e) => {
                self.alert.set(Some(Alert::Bucket(e)));
                self.place.browse.update(|b| b.status = ListStatus::Failed);
                None
            }
        }
    }

    /// The bucket requests go to: the name as of the last Connect (or link).
    pub fn connection_bucket(&self) -> String {
        self.place
            .connection
            .with_value(|s| s.bucket.trim().to_owned())
    }

    /// The folder the keys were given for: the prefix as of the last Connect.
    pub fn start_prefix(&self) -> String {
        self.place
            .connection
            .with_value(|s| normalize_prefix(&s.prefix))
    }

    /// Shows (and remembers) the region S3 named for `bucket`, if it is the connected one.
    fn learn_region(&self, bucket: &str, region: String) {
        let current = self
            .place
            .connection
            .with_value(|s| s.bucket.trim() == bucket && s.region != region);
        if current {
            self.place
                .connection
                .update_value(|s| s.region = region.clone());
            self.prefs.settings.update(|s| s.region = region.clone());
            // The next client is made for the region.
            let mut saved = storage::load_settings();
            saved.region = region;
            storage::save_settings(&saved);
        }
    }
}

fn bucket_from(settings: &Settings) -> Result<Bucket, BucketError> {
    Bucket::new(
        &settings.bucket,
        &settings.region,
        &settings.endpoint,
        Addressing::from_str_or_auto(&settings.addressing),
    )
}
