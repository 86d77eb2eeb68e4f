//! The keys session: hands what the page learns to the flow machine, shows what it reports, and carries out its commands (the runner's worker, storage, the address bar).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::downloads::Transfers;
use super::AppState;
use crate::core::bucket::Bucket;
use crate::core::credentials::{Credentials, CredentialsError, Parsed};
use crate::core::flow::{Alert, Ending, FlowCommand, FlowEvent, Typed, Unready};
use crate::core::fragment::Route;
use crate::core::messages;
use crate::core::order::Sort;
use crate::core::problem::{Failure, Problem};
use crate::web::runner_link::{Left, RunnerLink};
use crate::web::{clock, delivery, location, storage};

/// The three key fields as typed (or filled from the keys in use).
#[derive(Clone, Copy)]
pub struct KeyFields {
    pub access_key: RwSignal<String>,
    pub secret: RwSignal<String>,
    pub token: RwSignal<String>,
}

/// The keys in use and what goes with them, as the flow machine last reported; Forget wipes
/// all of it.
#[derive(Clone, Copy)]
pub struct Session {
    pub keys: RwSignal<Option<Credentials>>,
    pub parsed: RwSignal<Option<Parsed>>,
    pub keep_in_tab: RwSignal<bool>,
    pub fields: KeyFields,
    /// The code from the MFA device, used once.
    pub mfa_code: RwSignal<String>,
    /// The runner waits for a fresh MFA code to renew the keys, which work until then.
    pub mfa_due: RwSignal<Option<time::OffsetDateTime>>,
    /// STS is being asked for temporary keys.
    pub assuming: RwSignal<bool>,
    /// The runner's worker: signs and carries out listings and downloads; started with the first keys.
    runner: StoredValue<Option<RunnerLink>, LocalStorage>,
    /// The runner stopped or could not start: the banner asks for a reload.
    runner_failed: StoredValue<bool>,
    /// How many alerts the flow machine had raised when last shown.
    alerts: StoredValue<u64>,
}

impl Session {
    pub(super) fn new() -> Self {
        Session {
            keys: RwSignal::new(None),
            parsed: RwSignal::new(None),
            keep_in_tab: RwSignal::new(false),
            fields: KeyFields {
                access_key: RwSignal::new(String::new()),
                secret: RwSignal::new(String::new()),
                token: RwSignal::new(String::new()),
            },
            mfa_code: RwSignal::new(String::new()),
            mfa_due: RwSignal::new(None),
            assuming: RwSignal::new(false),
            runner: StoredValue::new_local(None),
            runner_failed: StoredValue::new(false),
            alerts: StoredValue::new(0),
        }
    }

    /// What the user typed beside the form: the key fields and the MFA code.
    fn typed(&self) -> Typed {
        Typed {
            access_key: self.fields.access_key.get_untracked(),
            secret: self.fields.secret.get_untracked(),
            token: self.fields.token.get_untracked(),
            mfa_code: self.mfa_code.get_untracked(),
        }
    }
}

/// Sets `signal` to `value` only when it differs, so nothing re-renders for nothing.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

impl AppState {
    /// Hands `event` to the flow machine (with the form as the user left it), shows what it
    /// reports and carries out what it says.
    pub(super) fn send(&self, event: FlowEvent) {
        let form = self.prefs.settings.get_untracked();
        let typed = self.session.typed();
        let now = clock::now();
        let commands = self
            .flow
            .try_update_value(|flow| {
                let mut out = Vec::new();
                if *flow.form() != form {
                    out.extend(flow.handle(FlowEvent::Edited(form), now));
                }
                if *flow.typed() != typed {
                    out.extend(flow.handle(FlowEvent::Typed(typed), now));
                }
                out.extend(flow.handle(event, now));
                out
            })
            .unwrap_or_default();
        self.sync();
        for command in commands {
            self.carry_out(command);
        }
    }

    /// Shows what the flow machine holds now.
    pub(super) fn sync(&self) {
        let Some(flow) = self.flow.try_with_value(|f| {
            (
                (f.alert().cloned(), f.alerts()),
                f.ask().cloned(),
                f.keys().cloned(),
                f.parsed().cloned(),
                (f.assuming(), f.mfa_due(), f.keeps_in_tab(), f.folded()),
                (
                    f.site().cloned(),
                    f.form().clone(),
                    f.view(),
                    f.place().cloned(),
                ),
            )
        }) else {
            return;
        };
        let ((alert, alerts), ask, keys, parsed, (assuming, mfa_due, keep, folded), rest) = flow;
        let (site, form, view, place) = rest;
        // A new alert is said even when it is the one on screen (the banner is read out again).
        if self.session.alerts.get_value() != alerts {
            self.session.alerts.set_value(alerts);
            self.alert.set(alert);
        } else {
            set_if_changed(self.alert, alert);
        }
        set_if_changed(self.ask, ask);
        set_if_changed(self.session.keys, keys);
        set_if_changed(self.session.parsed, parsed);
        set_if_changed(self.session.assuming, assuming);
        set_if_changed(self.session.mfa_due, mfa_due);
        set_if_changed(self.session.keep_in_tab, keep);
        // Folding waits for the next frame (see `FlowCommand::Fold`); unfolding does not.
        if !folded {
            set_if_changed(self.place.folded, false);
        }
        set_if_changed(self.prefs.site, site);
        // The form keeps the language the page remembers beside it.
        let lang = self.prefs.settings.with_untracked(|s| s.lang.clone());
        set_if_changed(
            self.prefs.settings,
            crate::core::settings::Settings { lang, ..form },
        );
        set_if_changed(self.place.view, view);
        if self.place.browse.with_untracked(|b| b.place != place) {
            self.place.browse.update(|b| b.place = place);
        }
    }

    fn carry_out(&self, command: FlowCommand) {
        match command {
            FlowCommand::UseKeys(keys) => match self.runner() {
                Some(runner) => runner.use_keys(keys),
                // Started now, the runner gets the keys in use.
                None => self.ensure_runner(),
            },
            FlowCommand::KeepInTab(Some(keys)) => storage::keep_keys_in_tab(&keys),
            FlowCommand::KeepInTab(None) => storage::forget_tab_keys(),
            FlowCommand::Remember(mut settings) => {
                settings.lang = self.prefs.lang.get_untracked().tag().to_owned();
                storage::save_settings(&settings);
            }
            FlowCommand::RememberRegion(region) => {
                let mut saved = storage::load_settings();
                saved.region = region;
                storage::save_settings(&saved);
            }
            FlowCommand::AgreeHost(host) => storage::agree_host(&host),
            FlowCommand::ShowKeys(keys) => {
                let fields = self.session.fields;
                fields.access_key.set(keys.access_key_id.clone());
                fields.secret.set(keys.secret_access_key.clone());
                fields.token.set(keys.session_token.unwrap_or_default());
            }
            FlowCommand::ClearMfaCode => self.session.mfa_code.set(String::new()),
            FlowCommand::Assume(ask) => {
                self.ensure_runner();
                if let Some(runner) = self.runner() {
                    runner.assume(ask);
                }
            }
            FlowCommand::MfaCode(code) => {
                if let Some(runner) = self.runner() {
                    runner.mfa_code(code);
                }
            }
            FlowCommand::Open { place, listing } => self.show_folder(place, listing),
            FlowCommand::Sort(sort) => self.sort_shown(sort),
            FlowCommand::Check { bucket, prefix } => self.start_check(bucket, prefix),
            FlowCommand::Go(place) => location::go(&place),
            FlowCommand::Replace(place) => location::replace(&place),
            FlowCommand::Fold => {
                // On the next frame: the first rows are drawn in one task, the fold in another.
                let folded = self.place.folded;
                request_animation_frame(move || folded.set(true));
            }
            FlowCommand::EndKeys(ending) => self.end_keys(ending),
            FlowCommand::Granted(note) => {
                let lang = self.prefs.lang.get_untracked();
                if let Some(text) = messages::granted_note(lang, note.shortened, note.chained) {
                    self.notice.set(Some(text.to_owned()));
                }
            }
        }
    }

    /// Reads the admin's `config.json` beside the page (an empty one when there is none).
    pub(super) fn load_site_config(&self) {
        let state = *self;
        spawn_local(async move {
            let site = crate::web::site_config::load().await.unwrap_or_default();
            state.send(FlowEvent::ConfigLoaded(site));
        });
    }

    /// Knows the downloads' state; starts the runner at once if keys were kept in the tab (else
    /// with the first keys: the page is usable before the worker loads).
    pub fn start_runner(&self, transfers: Transfers) {
        self.transfers.set_value(Some(transfers));
        if self.session.keys.with_untracked(Option::is_some) {
            self.ensure_runner();
        }
    }

    /// Starts the runner's worker (once), whose reports go to the report router, and hands it
    /// the keys in use.
    pub(super) fn ensure_runner(&self) {
        let Some(transfers) = self.transfers.get_value() else {
            return;
        };
        if self.runner().is_some() || self.session.runner_failed.get_value() {
            return;
        }
        let state = *self;
        let started = RunnerLink::start(
            move |report| state.route_report(transfers, report),
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
        crate::ui::panic_banner::show_with(&text);
    }

    /// The runner, once started.
    pub fn runner(&self) -> Option<RunnerLink> {
        self.session.runner.get_value()
    }

    /// The keys in use end. Forgotten: the runner's worker is ended at once, so nothing it
    /// started signs again however busy it was; a fresh one removes the files it left
    /// half-made, and takes the next keys. Expired: the runner drops them, and downloads pause
    /// for new ones.
    fn end_keys(&self, ending: Ending) {
        let left = match ending {
            Ending::Forgotten => self.end_runner(),
            Ending::Expired => Vec::new(),
        };
        // The runner first: nothing it signs after this.
        if let Some(runner) = self.runner() {
            runner.forget_keys();
        }
        self.cancel();
        self.forget_deliveries();
        // A share link on screen goes with the keys that signed it, a preview with those that
        // fetched it.
        self.place.sharing.set(None);
        self.place.preview.set(None);
        self.place.check.set(None);
        for field in [
            self.session.fields.access_key,
            self.session.fields.secret,
            self.session.fields.token,
            self.session.mfa_code,
        ] {
            field.set(String::new());
        }
        delivery::clear();
        if ending == Ending::Forgotten {
            self.ensure_runner();
            if let Some(runner) = self.runner() {
                for left in left {
                    runner.remove_left(left);
                }
            }
            self.notice.set(None);
        }
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
        self.forget_rows();
        if let Some(transfers) = self.transfers.get_value() {
            transfers.forgotten();
        }
        left
    }

    // --- What the user does ---

    /// Pasted text gave keys (naming a role, perhaps). The folder on screen is listed again
    /// with them.
    pub fn use_keys(&self, parsed: Parsed, role_arn: Option<String>) {
        self.send(FlowEvent::Pasted { parsed, role_arn });
    }

    /// Text that gave no usable keys: say why. Keys already in use stay in use.
    pub fn reject_keys(&self, error: CredentialsError) {
        self.send(FlowEvent::Rejected(error));
    }

    /// The Connect button.
    pub fn connect(&self) {
        self.send(FlowEvent::Connect);
    }

    /// Check setup with the keys and the bucket filled in.
    pub fn run_check(&self) {
        self.send(FlowEvent::Check);
    }

    /// The user answered the open question (`yes`: go on).
    pub fn answer(&self, yes: bool) {
        self.send(FlowEvent::Answer(yes));
    }

    /// Shows what the fragment names: Check setup, a folder, an invite.
    pub fn follow(&self, route: Option<Route>) {
        self.send(FlowEvent::Follow(route));
    }

    /// Sorts the rows shown; the address bar says how.
    pub fn sort(&self, sort: Sort) {
        self.send(FlowEvent::Sort(sort));
    }

    /// Turns tab storage of the keys on or off.
    pub fn set_keep_in_tab(&self, keep: bool) {
        self.send(FlowEvent::KeepInTab(keep));
    }

    /// Wipes the keys from memory and tab storage, every URL that carries them and what they
    /// listed; every transfer stops.
    pub fn forget_keys(&self) {
        self.send(FlowEvent::Forget);
    }

    /// Called every second: the clock moves on, and the keys may have run out.
    pub fn tick(&self) {
        self.now.set(clock::now());
        if self.session.keys.with_untracked(Option::is_some) {
            self.send(FlowEvent::Tick);
        }
    }

    /// S3 refused the keys in use as expired.
    pub fn keys_ran_out(&self) {
        self.send(FlowEvent::KeysRanOut);
    }

    /// A fresh MFA code for the renewal the runner waits for.
    pub fn renew_with_code(&self) {
        self.send(FlowEvent::RenewWithCode(
            self.session.mfa_code.get_untracked(),
        ));
    }

    /// Unfolds the keys and bucket panels ("Change").
    pub fn unfold(&self) {
        self.send(FlowEvent::Unfold);
    }

    /// Shows `alert` in the banner.
    pub fn show(&self, alert: Alert) {
        self.send(FlowEvent::Alert(alert));
    }

    /// A request against the connected bucket failed: the banner says what and what to do.
    pub fn failed(&self, failure: Failure) {
        let bucket = self.connection_bucket();
        self.show(Alert::Failure { failure, bucket });
    }

    /// The user dismissed the alert.
    pub fn dismiss(&self) {
        self.send(FlowEvent::Dismiss);
    }

    /// Whether there are keys in use (an alert asks for them when not).
    pub fn keys_or_alert(&self) -> bool {
        let held = self.session.keys.with_untracked(Option::is_some);
        if !held {
            self.show(Alert::NoKeys);
        }
        held
    }

    /// The connected bucket, when there are keys to open it (an alert says why when not).
    pub fn bucket_or_alert(&self) -> Option<Bucket> {
        match self.flow.with_value(|f| f.usable_bucket()) {
            Ok(bucket) => Some(bucket),
            Err(unready) => {
                if matches!(unready, Unready::Bucket(_)) {
                    self.place
                        .browse
                        .update(|b| b.status = super::ListStatus::Failed);
                }
                self.show(unready.into());
                None
            }
        }
    }

    /// The bucket requests go to: the name as of the last Connect (or link).
    pub fn connection_bucket(&self) -> String {
        self.flow.with_value(|f| f.connected_bucket().to_owned())
    }

    /// The folder the keys were given for: the prefix as of the last Connect.
    pub fn start_prefix(&self) -> String {
        self.flow.with_value(|f| f.start_prefix())
    }
}
