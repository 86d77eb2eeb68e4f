//! What the page and the flow machine say to each other: the events it learns, the commands it gives, and what it shows (alerts, questions).

use std::fmt;

use time::OffsetDateTime;

use crate::core::bucket::{Bucket, BucketError};
use crate::core::credentials::{Credentials, CredentialsError, Parsed};
use crate::core::fragment::{Place, Route};
use crate::core::order::Sort;
use crate::core::problem::Failure;
use crate::core::settings::Settings;
use crate::core::site_config::SiteConfig;
use crate::core::sts::{Assume, Granted};

/// Something the user must read: shown in the `role="alert"` banner, worded in their language.
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

impl Alert {
    /// Whether the alert is about the keys themselves (new keys answer it).
    pub(super) fn is_about_keys(&self) -> bool {
        matches!(
            self,
            Alert::Credentials(_) | Alert::KeysExpired { .. } | Alert::NoKeys
        )
    }
}

/// What stops the page before any request: no keys, fields that give no bucket, a role field
/// that names no role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unready {
    NoKeys,
    Bucket(BucketError),
    RoleArn,
}

impl From<Unready> for Alert {
    fn from(unready: Unready) -> Self {
        match unready {
            Unready::NoKeys => Alert::NoKeys,
            Unready::Bucket(e) => Alert::Bucket(e),
            Unready::RoleArn => Alert::RoleArn,
        }
    }
}

/// A question the page asks before it uses the keys somewhere new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Requests signed with the keys would go to `host`, neither AWS nor one the admin allows.
    Host(String),
    /// A link names another bucket than the one connected: list it with the current keys?
    Bucket(Place),
}

/// What the page shows beside the keys and bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// A folder of the bucket (the fragment names it).
    #[default]
    Files,
    /// Check setup (`#/check`).
    Check,
}

/// What the user typed beside the connection form when pressing Connect or Check setup: the
/// three key fields and the MFA code. `Debug` never prints them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub access_key: String,
    pub secret: String,
    pub token: String,
    pub mfa_code: String,
}

impl fmt::Debug for Typed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Typed")
            .field("access_key", &self.access_key)
            .finish_non_exhaustive()
    }
}

impl Typed {
    pub(super) fn is_blank(&self) -> bool {
        [&self.access_key, &self.secret, &self.token]
            .iter()
            .all(|f| f.trim().is_empty())
    }

    /// Whether the three fields hold `keys` (as the page fills them in).
    pub(super) fn holds(&self, keys: &Credentials) -> bool {
        keys.access_key_id == self.access_key.trim()
            && keys.secret_access_key == self.secret.trim()
            && keys.session_token.as_deref().unwrap_or("") == self.token.trim()
    }
}

/// Whether the page offers to assume a role: the access key being typed, or the keys in use,
/// are an IAM user's long-term keys.
pub fn offers_role(typed_access_key: &str, in_use: Option<&Credentials>) -> bool {
    Credentials::is_long_term_id(typed_access_key.trim())
        || in_use.is_some_and(Credentials::is_long_term)
}

/// What the page learns: what the user did, and what the runner and the browser answered.
#[derive(Debug, Clone, PartialEq)]
pub enum FlowEvent {
    /// The connection form as the user left it (the page hands it in before any other event
    /// when it changed).
    Edited(Settings),
    /// The admin's `config.json` was read (an empty one when there is none, or it never came).
    ConfigLoaded(SiteConfig),
    /// Pasted text gave keys, and named this role (if any).
    Pasted {
        parsed: Parsed,
        role_arn: Option<String>,
    },
    /// Pasted text gave no usable keys.
    Rejected(CredentialsError),
    /// The key fields and the MFA code as the user left them (the page hands them in, like the
    /// form, before any other event when they changed).
    Typed(Typed),
    /// The Connect button.
    Connect,
    /// Check setup's button.
    Check,
    /// The user answered the open question (`true`: go on).
    Answer(bool),
    /// The address bar's fragment changed (a link, Back, a typed address).
    Follow(Option<Route>),
    /// The user sorted the rows on screen.
    Sort(Sort),
    /// STS answered (at Connect or Check, or a renewal the runner made by itself).
    Assumed(Result<Granted, Failure>),
    /// The runner waits for a fresh MFA code to renew the keys, which work until `expires_at`.
    MfaCodeNeeded { expires_at: OffsetDateTime },
    /// The user typed the fresh MFA code.
    RenewWithCode(String),
    /// The folder on screen showed its first rows.
    RowsShown,
    /// The folder on screen could not be listed.
    ListingFailed(Failure),
    /// S3 named the region of `bucket`.
    Region { bucket: String, region: String },
    /// "Keep keys in this tab" turned on or off.
    KeepInTab(bool),
    /// Forget keys.
    Forget,
    /// A second passed (the keys may have run out).
    Tick,
    /// S3 refused the keys in use as expired.
    KeysRanOut,
    /// "Change": the keys and bucket panels unfold.
    Unfold,
    /// Something else went wrong that the user must read.
    Alert(Alert),
    /// The user dismissed the alert.
    Dismiss,
}

/// How the folder a [`FlowCommand::Open`] shows is to be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// There are no keys yet, or a question or `config.json` is awaited: the folder waits.
    Waiting,
    /// The connection fields give no usable bucket (the alert says why).
    Unusable,
    /// List `bucket`; `start` is the folder the keys were given for (access denied above it is
    /// not an error).
    List { bucket: Bucket, start: String },
}

/// How keys in use come to an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Forget keys: the runner's worker is ended at once, every transfer stops.
    Forgotten,
    /// They ran out: nothing signs with them again; downloads pause for new keys.
    Expired,
}

/// A note the page shows once STS granted keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrantNote {
    pub shortened: bool,
    pub chained: bool,
}

/// What the page must do.
#[derive(Debug, Clone, PartialEq)]
pub enum FlowCommand {
    /// Hand these keys to the runner (starting it if need be).
    UseKeys(Credentials),
    /// Keep these keys in the tab's storage; `None`: wipe any kept there.
    KeepInTab(Option<Credentials>),
    /// Remember the connection fields in the browser's storage (Connect).
    Remember(Settings),
    /// Remember the region S3 named for the connected bucket.
    RememberRegion(String),
    /// Remember, for this tab only, that the user agreed to keys going to this host.
    AgreeHost(String),
    /// Show these keys in the three key fields (STS granted them).
    ShowKeys(Credentials),
    /// Empty the MFA code field (a code is used once).
    ClearMfaCode,
    /// Ask STS for temporary keys (the runner does, and renews them).
    Assume(Assume),
    /// Hand the runner the fresh MFA code it waits for.
    MfaCode(String),
    /// Show `place` afresh (no rows, no filter) and list it as `listing` says.
    Open { place: Place, listing: Listing },
    /// Sort the rows on screen.
    Sort(Sort),
    /// Run Check setup against `bucket` and the folder `prefix`.
    Check { bucket: Bucket, prefix: String },
    /// Point the address bar at `place`, as a new history entry.
    Go(Place),
    /// Point the address bar at `place` in place of the current entry.
    Replace(Place),
    /// Fold the keys and bucket panels into one line (on the next frame: rows first).
    Fold,
    /// The keys in use end: stop what used them, and wipe them from the fields.
    EndKeys(Ending),
    /// Show a note about the keys STS granted.
    Granted(GrantNote),
}

/// How the page starts: what it remembers, and where the address bar points.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// The connection fields remembered from the last Connect.
    pub settings: Settings,
    /// Keys kept in this tab, still valid.
    pub tab_keys: Option<Credentials>,
    /// Hosts the user agreed to in this tab.
    pub agreed_hosts: Vec<String>,
    pub route: Option<Route>,
}
