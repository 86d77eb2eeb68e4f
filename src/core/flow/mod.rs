//! The page's own flow as a sans-IO machine: config.json, keys pasted or typed, the host and bucket questions, the lock, assuming a role, Connect, Check setup, expiry and Forget.
//!
//! Like the [engine](super::engine), it does no I/O and reads no clock: the page hands it what it
//! learns ([`FlowEvent`]) with the time, and carries out what it returns ([`FlowCommand`]):
//! hand keys to the runner, list a folder, ask STS, write the address bar, remember a field.
//! What the page shows (the alert, the open question, the keys in use, the folder, whether the
//! panels are folded) is read from the machine after each event.
//!
//! The rules it keeps, each tested on the host (`tests.rs`):
//! - keys are used only after the admin's `config.json` was read (or given up), and only for
//!   hosts that are AWS's, the admin's, or ones the user agreed to in this tab;
//! - a bucket the admin's lock forbids is never listed or checked;
//! - once keys are forgotten or ran out, nothing uses them, and an STS answer on its way is
//!   dropped;
//! - long-term keys with a role (or an MFA code) go to STS first, and Connect or Check go on
//!   with the role's keys.

mod protocol;
#[cfg(test)]
mod tests;

pub use protocol::*;

use time::OffsetDateTime;

use super::bucket::Bucket;
use super::credentials::{Credentials, Fields, Parsed};
use super::fragment::{Invite, Place, Route};
use super::order::Sort;
use super::problem::Failure;
use super::settings::{Field, Settings};
use super::site_config::SiteConfig;
use super::sts::{self, Assume, Granted, Sts};

/// What the user set out to do, waiting for `config.json` or the answer to a host question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    Connect,
    Check,
}

/// What goes on once STS answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfterAssume {
    Connect,
    Check,
}

/// The page's flow. See the module's documentation.
#[derive(Debug)]
pub struct Flow {
    /// The admin's `config.json`, once read or given up.
    site: Option<SiteConfig>,
    /// The connection form as the user left it.
    form: Settings,
    /// The connection fields as of the last Connect (or load, or a link): what requests use,
    /// whatever the form shows while the user edits it.
    connection: Settings,
    keys: Option<Credentials>,
    /// The keys in use as read from text, with what the user should know about them.
    parsed: Option<Parsed>,
    keep_in_tab: bool,
    agreed: Vec<String>,
    view: View,
    /// The folder on screen (or to be, once there are keys).
    place: Option<Place>,
    /// A listing's rows of `place` are on screen.
    listed: bool,
    /// An invite read before `config.json`, taken once it is.
    invite: Option<Invite>,
    /// The key fields and MFA code as the user left them.
    typed: Typed,
    /// What waits for `config.json`, or for the answer to the host question.
    waiting: Option<Goal>,
    /// The folder on screen waits to be listed too (new keys, or keys kept in the tab).
    relist: bool,
    ask: Option<Ask>,
    after_assume: Option<AfterAssume>,
    assuming: bool,
    mfa_due: Option<OffsetDateTime>,
    /// The panels fold once the listing under way shows rows.
    fold_pending: bool,
    folded: bool,
    alert: Option<Alert>,
    /// How many alerts were raised: the same one again is said again.
    alerts: u64,
    out: Vec<FlowCommand>,
}

impl Flow {
    pub fn new(start: Start) -> Self {
        let mut flow = Flow {
            site: None,
            form: start.settings.clone(),
            connection: start.settings,
            keep_in_tab: start.tab_keys.is_some(),
            keys: start.tab_keys,
            parsed: None,
            agreed: start.agreed_hosts,
            view: View::Files,
            place: None,
            listed: false,
            invite: None,
            typed: Typed::default(),
            waiting: None,
            relist: false,
            ask: None,
            after_assume: None,
            assuming: false,
            mfa_due: None,
            fold_pending: false,
            folded: false,
            alert: None,
            alerts: 0,
            out: Vec::new(),
        };
        match start.route {
            Some(Route::Browse(place)) => {
                flow.form.bucket.clone_from(&place.bucket);
                flow.connection.bucket.clone_from(&place.bucket);
                flow.place = Some(place);
            }
            Some(Route::Invite(invite)) => flow.invite = Some(invite),
            Some(Route::Check) => flow.view = View::Check,
            None => {}
        }
        flow
    }

    /// Takes what the page learned at `now`; returns what it must do, in order.
    pub fn handle(&mut self, event: FlowEvent, now: OffsetDateTime) -> Vec<FlowCommand> {
        match event {
            FlowEvent::Edited(settings) => self.form = settings,
            FlowEvent::ConfigLoaded(site) => self.config_loaded(site, now),
            FlowEvent::Pasted { parsed, role_arn } => {
                let locked = self.site.as_ref().is_some_and(|s| s.locks(Field::RoleArn));
                if let Some(arn) = role_arn.filter(|_| !locked) {
                    self.form.role_arn = arn;
                }
                self.use_keys(parsed, true);
            }
            FlowEvent::Rejected(error) => self.show(Alert::Credentials(error)),
            FlowEvent::Typed(typed) => self.typed = typed,
            FlowEvent::Connect => self.connect(now),
            FlowEvent::Check => self.check(now),
            FlowEvent::Answer(yes) => self.answer(yes, now),
            FlowEvent::Follow(route) => self.follow(route),
            FlowEvent::Sort(sort) => self.sort(sort),
            FlowEvent::Assumed(result) => self.assumed(result, now),
            FlowEvent::MfaCodeNeeded { expires_at } => {
                if self.keys.is_some() {
                    self.assuming = false;
                    self.mfa_due = Some(expires_at);
                }
            }
            FlowEvent::RenewWithCode(code) => {
                let code = code.trim();
                if !code.is_empty() && self.keys.is_some() {
                    self.assuming = true;
                    self.out.push(FlowCommand::MfaCode(code.to_owned()));
                }
            }
            FlowEvent::RowsShown => {
                if std::mem::take(&mut self.fold_pending) {
                    self.folded = true;
                    self.out.push(FlowCommand::Fold);
                }
            }
            FlowEvent::ListingFailed(failure) => {
                // The form stays open to fix what failed.
                self.fold_pending = false;
                self.fail(failure);
            }
            FlowEvent::Region { bucket, region } => self.learn_region(&bucket, region),
            FlowEvent::KeepInTab(keep) => {
                self.keep_in_tab = keep;
                let kept = self.keys.clone().filter(|_| keep);
                self.out.push(FlowCommand::KeepInTab(kept));
            }
            FlowEvent::Forget => {
                // The runner's worker ends, and the rows it listed go with it.
                self.listed = false;
                self.end_keys(Ending::Forgotten);
                self.alert = None;
            }
            FlowEvent::Tick => {
                if let Some(at) = self.expiry().filter(|at| *at <= now) {
                    self.expired(at);
                }
            }
            FlowEvent::KeysRanOut => {
                if self.keys.is_some() {
                    let at = self.expiry().filter(|at| *at <= now).unwrap_or(now);
                    self.expired(at);
                }
            }
            FlowEvent::Unfold => {
                self.fold_pending = false;
                self.folded = false;
            }
            FlowEvent::Alert(alert) => self.show(alert),
            FlowEvent::Dismiss => self.alert = None,
        }
        std::mem::take(&mut self.out)
    }

    /// The keys in use.
    pub fn keys(&self) -> Option<&Credentials> {
        self.keys.as_ref()
    }

    /// The keys in use as read from text (with warnings), when they were.
    pub fn parsed(&self) -> Option<&Parsed> {
        self.parsed.as_ref()
    }

    pub fn alert(&self) -> Option<&Alert> {
        self.alert.as_ref()
    }

    /// How many alerts were raised so far: a new count is a new alert, even the same again.
    pub fn alerts(&self) -> u64 {
        self.alerts
    }

    /// The key fields and MFA code as the machine last took them in.
    pub fn typed(&self) -> &Typed {
        &self.typed
    }

    /// The panels fold once rows show (the page tells it only then).
    pub fn folds_on_rows(&self) -> bool {
        self.fold_pending
    }

    /// The question open before keys are used somewhere new.
    pub fn ask(&self) -> Option<&Ask> {
        self.ask.as_ref()
    }

    /// The admin's `config.json`, once read or given up.
    pub fn site(&self) -> Option<&SiteConfig> {
        self.site.as_ref()
    }

    /// The connection form, as the machine last left it (filled from `config.json`, a link, a
    /// region S3 named).
    pub fn form(&self) -> &Settings {
        &self.form
    }

    pub fn view(&self) -> View {
        self.view
    }

    /// The folder on screen.
    pub fn place(&self) -> Option<&Place> {
        self.place.as_ref()
    }

    /// STS is being asked for keys.
    pub fn assuming(&self) -> bool {
        self.assuming
    }

    /// When the keys run out unless a fresh MFA code renews them.
    pub fn mfa_due(&self) -> Option<OffsetDateTime> {
        self.mfa_due
    }

    /// The keys and bucket panels are folded into one line.
    pub fn folded(&self) -> bool {
        self.folded
    }

    pub fn keeps_in_tab(&self) -> bool {
        self.keep_in_tab
    }

    /// The bucket requests go to: the name as of the last Connect (or link).
    pub fn connected_bucket(&self) -> &str {
        self.connection.bucket.trim()
    }

    /// The folder the keys were given for: the prefix as of the last Connect.
    pub fn start_prefix(&self) -> String {
        self.connection.folder()
    }

    /// The connected bucket, when there are keys to use on it; else why not.
    pub fn usable_bucket(&self) -> Result<Bucket, Unready> {
        if self.keys.is_none() {
            return Err(Unready::NoKeys);
        }
        self.connection.bucket().map_err(Unready::Bucket)
    }

    fn expiry(&self) -> Option<OffsetDateTime> {
        self.keys.as_ref().and_then(|k| k.expires_at)
    }

    /// Raises `alert` (said again if it is the one on screen).
    fn show(&mut self, alert: Alert) {
        self.alert = Some(alert);
        self.alerts += 1;
    }

    fn fail(&mut self, failure: Failure) {
        let bucket = self.connected_bucket().to_owned();
        self.show(Alert::Failure { failure, bucket });
    }

    /// Fills the form from the admin's defaults, drops a linked place the lock forbids, takes
    /// an invite that waited, and does what waited for it.
    fn config_loaded(&mut self, site: SiteConfig, now: OffsetDateTime) {
        self.form.fill_from(&site);
        self.connection.fill_from(&site);
        if let Some(place) = self.place.take_if(|p| site.locks_out(&p.bucket)) {
            self.out
                .push(FlowCommand::Replace(Place::new(&site.bucket, "")));
            self.show(Alert::BucketLocked {
                bucket: place.bucket,
            });
        }
        self.site = Some(site);
        if let Some(invite) = self.invite.take() {
            self.take_invite(invite);
        }
        let waiting = self.waiting.take();
        self.relist = false;
        // Keys kept in the tab (or pasted meanwhile) go straight back to the folder.
        if let (Some(_), Some(place)) = (&self.keys, self.place.clone()) {
            self.fold_pending = true;
            self.list(place);
        }
        if let Some(goal) = waiting {
            self.resume(goal, now);
        }
    }

    /// Goes on with what waited, with the fields as they are now.
    fn resume(&mut self, goal: Goal, now: OffsetDateTime) {
        match goal {
            Goal::Connect => self.connect(now),
            Goal::Check => self.check(now),
        }
    }

    /// An invite link: the fields it names are filled in (a locked one stays the admin's; an
    /// endpoint only where `config.json` allows it), and the page waits for the keys there.
    fn take_invite(&mut self, invite: Invite) {
        let Some(site) = &self.site else {
            self.invite = Some(invite);
            return;
        };
        for (field, value) in [
            (Field::Bucket, &invite.bucket),
            (Field::Prefix, &invite.prefix),
            (Field::Region, &invite.region),
        ] {
            if !value.is_empty() && !site.locks(field) {
                value.clone_into(self.form.field_mut(field));
            }
        }
        if !invite.endpoint.is_empty()
            && !site.locks(Field::Endpoint)
            && site.allows_endpoint(&invite.endpoint)
        {
            self.form.endpoint.clone_from(&invite.endpoint);
        }
        let place = Place::new(self.form.bucket.trim(), &self.form.folder());
        self.out.push(FlowCommand::Replace(place.clone()));
        self.view = View::Files;
        self.place = Some(place);
        self.fold_pending = false;
        self.folded = false;
    }

    /// The first host keys would sign requests for with `settings` that the user has not
    /// agreed to: neither AWS, nor the admin's, nor agreed in this tab.
    fn unagreed_host(&self, settings: &Settings, site: &SiteConfig) -> Option<String> {
        settings
            .endpoints()
            .into_iter()
            .filter_map(|e| site.unvetted_host(e))
            .find(|host| !self.agreed.contains(host))
    }

    /// Whether `goal` (`None`: listing the folder on screen) may go on now with `settings`:
    /// `config.json` is read, and the hosts are agreed to. Else it waits (and the question is
    /// asked).
    fn may_go(&mut self, settings: &Settings, goal: Option<Goal>) -> bool {
        let unagreed = match &self.site {
            None => None,
            Some(site) => match self.unagreed_host(settings, site) {
                None => return true,
                host => host,
            },
        };
        if let Some(host) = unagreed {
            self.ask = Some(Ask::Host(host));
        }
        match goal {
            Some(goal) => self.waiting = Some(goal),
            None => self.relist = true,
        }
        false
    }

    fn answer(&mut self, yes: bool, now: OffsetDateTime) {
        let Some(ask) = self.ask.take() else {
            return;
        };
        match (ask, yes) {
            (Ask::Host(host), true) => {
                self.out.push(FlowCommand::AgreeHost(host.clone()));
                self.agreed.push(host);
                let goal = self.waiting.take();
                // Connect lists a folder of its own.
                if std::mem::take(&mut self.relist) && !matches!(goal, Some(Goal::Connect)) {
                    if let Some(place) = self.place.clone() {
                        self.list(place);
                    }
                }
                if let Some(goal) = goal {
                    self.resume(goal, now);
                }
            }
            (Ask::Host(_), false) => {
                self.waiting = None;
                self.relist = false;
            }
            (Ask::Bucket(place), true) => {
                self.form.bucket.clone_from(&place.bucket);
                self.connection.bucket.clone_from(&place.bucket);
                self.open(place);
            }
            (Ask::Bucket(_), false) => {
                // Back where the page was: the link is not followed.
                if let Some(place) = self.place.clone() {
                    self.out.push(FlowCommand::Replace(place));
                }
            }
        }
    }

    /// New keys are in use (pasted or typed). The folder on screen is listed again with them
    /// when `relist`.
    fn use_keys(&mut self, parsed: Parsed, relist: bool) {
        let keys = parsed.credentials.clone();
        if self.keep_in_tab {
            self.out.push(FlowCommand::KeepInTab(Some(keys.clone())));
        }
        self.keys = Some(keys.clone());
        self.out.push(FlowCommand::UseKeys(keys));
        self.parsed = Some(parsed);
        if self.alert.as_ref().is_some_and(Alert::is_about_keys) {
            self.alert = None;
        }
        // (The panels stay as they are: the user may be editing them; Connect folds them.)
        if let Some(place) = self.place.clone().filter(|_| relist) {
            self.list(place);
        }
    }

    /// The keys typed into the three fields are used, if they are new: `false` (and the alert
    /// says why) when they are not usable keys.
    fn use_typed(&mut self, now: OffsetDateTime, relist: bool) -> bool {
        let typed = &self.typed;
        let in_use = self.keys.as_ref().is_some_and(|k| typed.holds(k));
        if in_use || typed.is_blank() {
            return true;
        }
        let fields = Fields {
            access_key_id: Some(typed.access_key.clone()),
            secret_access_key: Some(typed.secret.clone()),
            session_token: Some(typed.token.clone()),
            expiration: None,
        };
        match fields.validate(now) {
            Ok(mut parsed) => {
                // The same key as before keeps the expiry its pasted text gave.
                let known = self
                    .keys
                    .as_ref()
                    .filter(|k| k.access_key_id == parsed.credentials.access_key_id)
                    .and_then(|k| k.expires_at);
                parsed.credentials.expires_at = parsed.credentials.expires_at.or(known);
                self.use_keys(parsed, relist);
                true
            }
            Err(error) => {
                self.show(Alert::Credentials(error));
                false
            }
        }
    }

    /// The Connect button: checks the fields, remembers them and opens the folder they name.
    fn connect(&mut self, now: OffsetDateTime) {
        let form = self.form.clone();
        if let Err(e) = form.bucket() {
            self.show(Alert::Bucket(e));
            return;
        }
        if self.locked_out(&form.bucket) || !self.may_go(&form, Some(Goal::Connect)) {
            return;
        }
        // Keys typed into the three fields count as much as pasted ones.
        if !self.use_typed(now, false) {
            return;
        }
        self.out.push(FlowCommand::Remember(form.clone()));
        self.connection = form.clone();
        if !self.assumes_first(&form, AfterAssume::Connect) {
            self.connect_now();
        }
    }

    /// Check setup with the keys and the bucket filled in (typed keys are used first).
    fn check(&mut self, now: OffsetDateTime) {
        let form = self.form.clone();
        if let Err(e) = form.bucket() {
            self.show(Alert::Bucket(e));
            return;
        }
        if self.locked_out(&form.bucket)
            || !self.may_go(&form, Some(Goal::Check))
            || !self.use_typed(now, true)
        {
            return;
        }
        if self.keys.is_none() {
            self.show(Alert::NoKeys);
            return;
        }
        // With an IAM user's keys and a role, the check is of the role's keys.
        if !self.assumes_first(&form, AfterAssume::Check) {
            self.check_now();
        }
    }

    fn check_now(&mut self) {
        if let Ok(bucket) = self.form.bucket() {
            let prefix = self.form.folder();
            self.out.push(FlowCommand::Check { bucket, prefix });
        }
    }

    /// Whether the admin's lock forbids `bucket` (the alert says so).
    fn locked_out(&mut self, bucket: &str) -> bool {
        let bucket = bucket.trim();
        let locked = self.site.as_ref().is_some_and(|s| s.locks_out(bucket));
        if locked {
            self.show(Alert::BucketLocked {
                bucket: bucket.to_owned(),
            });
        }
        locked
    }

    /// Long-term keys and a role (or an MFA code): STS is asked first, and `then` goes on once
    /// its keys came (`true`); or the alert says what is wrong (`true` too). `false`: the keys
    /// in use are used as they are.
    fn assumes_first(&mut self, settings: &Settings, then: AfterAssume) -> bool {
        match self.assume_ask(settings, self.typed.mfa_code.trim()) {
            Err(unready) => self.show(unready.into()),
            Ok(Some(ask)) => {
                self.assuming = true;
                self.after_assume = Some(then);
                self.out.push(FlowCommand::Assume(ask));
            }
            Ok(None) => return false,
        }
        true
    }

    /// What STS is asked for: long-term keys in use, with a role (or an MFA code for a session
    /// of the user's own); `None` when the keys are used as they are.
    fn assume_ask(&self, settings: &Settings, code: &str) -> Result<Option<Assume>, Unready> {
        let Some(keys) = self.keys.clone().filter(Credentials::is_long_term) else {
            return Ok(None);
        };
        let role = settings.role_arn.trim();
        if role.is_empty() && code.is_empty() {
            return Ok(None);
        }
        if !role.is_empty() && !sts::is_role_arn(role) {
            return Err(Unready::RoleArn);
        }
        let sts = Sts::locate(&settings.region, &settings.endpoint, &settings.sts_endpoint)
            .map_err(Unready::Bucket)?;
        let filled = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Ok(Some(Assume {
            keys,
            sts,
            role: filled(role),
            session_name: filled(&settings.session_name)
                .map(|name| sts::session_name(&name))
                .unwrap_or_default(),
            duration_secs: sts::asked_session_secs(&settings.session_secs),
            mfa_serial: filled(&settings.mfa_serial),
            mfa_code: filled(code),
        }))
    }

    /// STS answered (at Connect, or a renewal): its keys are the keys in use — the runner uses
    /// them already — and Connect or Check goes on; or the alert says why there are none.
    fn assumed(&mut self, result: Result<Granted, Failure>, now: OffsetDateTime) {
        let then = self.after_assume.take();
        // Forgotten meanwhile: neither an answer to Connect nor a renewal of keys in use.
        if then.is_none() && self.keys.is_none() {
            return;
        }
        self.assuming = false;
        self.out.push(FlowCommand::ClearMfaCode);
        let granted = match result {
            Ok(granted) => granted,
            Err(failure) => return self.fail(failure),
        };
        let keys = granted.credentials;
        if self.keep_in_tab {
            self.out.push(FlowCommand::KeepInTab(Some(keys.clone())));
        }
        self.keys = Some(keys.clone());
        // The fields show them at once (Check setup reads the fields before it runs).
        self.out.push(FlowCommand::ShowKeys(keys.clone()));
        self.typed = Typed {
            access_key: keys.access_key_id.clone(),
            secret: keys.secret_access_key.clone(),
            token: keys.session_token.clone().unwrap_or_default(),
            mfa_code: String::new(),
        };
        self.parsed = Some(Parsed {
            credentials: keys,
            warnings: Vec::new(),
        });
        self.mfa_due = None;
        if granted.shortened || granted.chained {
            self.out.push(FlowCommand::Granted(GrantNote {
                shortened: granted.shortened,
                chained: granted.chained,
            }));
        }
        // What the alert said of the keys is solved; a failure stays unless Connect asked anew.
        let solved = match &self.alert {
            Some(alert) if alert.is_about_keys() => true,
            Some(Alert::Failure { .. }) => then.is_some(),
            _ => false,
        };
        if solved {
            self.alert = None;
        }
        match then {
            Some(AfterAssume::Connect) => self.connect_now(),
            // Check setup goes through its steps again, with the role's keys in the fields (the
            // form may have changed meanwhile: its hosts and lock are checked anew).
            Some(AfterAssume::Check) => self.check(now),
            None => {}
        }
    }

    /// Lists the connected folder (the keys are in place), and folds the panels once it shows.
    fn connect_now(&mut self) {
        if self.keys.is_none() {
            self.show(Alert::NoKeys);
        }
        let place = Place::new(self.connected_bucket(), &self.connection.folder());
        self.out.push(FlowCommand::Go(place.clone()));
        self.fold_pending = true;
        self.list(place);
    }

    /// Shows what the fragment names: Check setup, or a folder (listed unless it is on screen).
    fn follow(&mut self, route: Option<Route>) {
        match route {
            Some(Route::Check) => self.view = View::Check,
            Some(Route::Browse(place)) => {
                self.view = View::Files;
                if self.place.as_ref() == Some(&place) {
                    return;
                }
                if self.locked_out(&place.bucket) {
                    if let Some(here) = self.place.clone() {
                        self.out.push(FlowCommand::Replace(here));
                    }
                    return;
                }
                let connected = self.connected_bucket();
                if self.keys.is_some() && !connected.is_empty() && place.bucket != connected {
                    self.ask = Some(Ask::Bucket(place));
                    return;
                }
                self.open(place);
            }
            Some(Route::Invite(invite)) => self.take_invite(invite),
            None => self.view = View::Files,
        }
    }

    /// Goes to `place` (a link, Back): the folder on screen, only sorted another way, is
    /// sorted again, not listed again.
    fn open(&mut self, place: Place) {
        let shown = self.place.as_ref().is_some_and(|p| p.same_folder(&place));
        if shown && self.listed {
            return self.sort(place.sort);
        }
        self.list(place);
    }

    /// Sorts the rows shown; the address bar says how (no new history entry).
    fn sort(&mut self, sort: Sort) {
        let Some(place) = self.place.as_mut() else {
            return;
        };
        place.sort = sort;
        let place = place.clone();
        self.out.push(FlowCommand::Replace(place));
        self.out.push(FlowCommand::Sort(sort));
    }

    /// Shows the folder at `place` and lists it, when there are keys, the bucket is not locked
    /// out, and its hosts are agreed to.
    fn list(&mut self, place: Place) {
        if self.connected_bucket() != place.bucket {
            // Back or a link into another bucket: same endpoint and keys, that bucket.
            self.connection.bucket.clone_from(&place.bucket);
            self.form.bucket.clone_from(&place.bucket);
        }
        if self.alert != Some(Alert::NoKeys) {
            self.alert = None;
        }
        self.place = Some(place.clone());
        self.listed = false;
        let connection = self.connection.clone();
        let listing = if self.keys.is_none()
            || self.locked_out(&place.bucket)
            || !self.may_go(&connection, None)
        {
            Listing::Waiting
        } else {
            match self.connection.bucket() {
                Ok(bucket) => {
                    self.listed = true;
                    Listing::List {
                        bucket,
                        start: self.connection.folder(),
                    }
                }
                Err(e) => {
                    self.show(Alert::Bucket(e));
                    Listing::Unusable
                }
            }
        };
        self.out.push(FlowCommand::Open { place, listing });
    }

    /// Shows (and remembers) the region S3 named for `bucket`, if it is the connected one.
    fn learn_region(&mut self, bucket: &str, region: String) {
        if self.connected_bucket() == bucket && self.connection.region != region {
            self.connection.region.clone_from(&region);
            self.form.region.clone_from(&region);
            self.out.push(FlowCommand::RememberRegion(region));
        }
    }

    /// The keys ran out at `at`: they go, and the user is told when.
    fn expired(&mut self, at: OffsetDateTime) {
        self.end_keys(Ending::Expired);
        self.show(Alert::KeysExpired { at });
    }

    /// The keys in use end: nothing uses them again, and nothing waits to.
    fn end_keys(&mut self, ending: Ending) {
        self.out.push(FlowCommand::EndKeys(ending));
        self.out.push(FlowCommand::KeepInTab(None));
        self.keys = None;
        self.parsed = None;
        self.mfa_due = None;
        self.assuming = false;
        self.after_assume = None;
        // What waited goes too, and the fields typed then (the page empties them).
        self.typed = Typed::default();
        self.waiting = None;
        self.relist = false;
        if let Some(Ask::Bucket(_)) = self.ask.take() {
            // The link to another bucket is not followed: the address bar says where the page is.
            if let Some(place) = self.place.clone() {
                self.out.push(FlowCommand::Replace(place));
            }
        }
        self.fold_pending = false;
        self.folded = false;
    }
}
