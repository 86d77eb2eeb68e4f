//! What the page remembers: connection settings in localStorage; keys only in tab storage, only on request.

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::core::credentials::{Credentials, Fields};
use crate::core::settings::Settings;

const SETTINGS: &str = "bucket-portal.settings";
const TAB_KEYS: &str = "bucket-portal.keys";

pub fn load_settings() -> Settings {
    LocalStorage::raw()
        .get_item(SETTINGS)
        .ok()
        .flatten()
        .and_then(|json| Settings::from_json(&json))
        .unwrap_or_default()
}

pub fn save_settings(settings: &Settings) {
    let _ = LocalStorage::set(SETTINGS, settings);
}

#[derive(Serialize, Deserialize)]
struct TabKeys {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    /// Seconds since 1970, UTC.
    expires_at: Option<i64>,
}

/// Keeps the keys in this tab's sessionStorage (the user opted in), if they may be kept there
/// ([`Credentials::may_keep_in_tab`]); keys that may not are wiped from it.
pub fn keep_keys_in_tab(creds: &Credentials) {
    if !creds.may_keep_in_tab() {
        return forget_tab_keys();
    }
    let keys = TabKeys {
        access_key_id: creds.access_key_id.clone(),
        secret_access_key: creds.secret_access_key.clone(),
        session_token: creds.session_token.clone(),
        expires_at: creds.expires_at.map(OffsetDateTime::unix_timestamp),
    };
    let _ = SessionStorage::set(TAB_KEYS, keys);
}

/// The keys kept in this tab, if any and still valid at `now`; expired or damaged ones are wiped.
pub fn tab_keys(now: OffsetDateTime) -> Option<Credentials> {
    let keys: TabKeys = SessionStorage::get(TAB_KEYS).ok()?;
    let expires_at = match keys.expires_at.map(OffsetDateTime::from_unix_timestamp) {
        Some(Ok(at)) => Some(at),
        Some(Err(_)) => {
            forget_tab_keys();
            return None;
        }
        None => None,
    };
    let fields = Fields {
        access_key_id: Some(keys.access_key_id),
        secret_access_key: Some(keys.secret_access_key),
        session_token: keys.session_token,
        expiration: None,
    };
    match fields.validate(now) {
        Ok(parsed) if expires_at.is_some_and(|at| at > now) => Some(Credentials {
            expires_at,
            ..parsed.credentials
        }),
        _ => {
            forget_tab_keys();
            None
        }
    }
}

pub fn forget_tab_keys() {
    SessionStorage::delete(TAB_KEYS);
}

/// Hosts other than AWS the user agreed, in this tab, to let keys sign requests for.
const AGREED_HOSTS: &str = "bucket-portal.hosts";

/// The hosts the user agreed, in this tab, to let keys sign requests for.
pub fn agreed_hosts() -> Vec<String> {
    SessionStorage::get(AGREED_HOSTS).unwrap_or_default()
}

/// Remembers, for this tab only, that the user agreed to `host`.
pub fn agree_host(host: &str) {
    let mut hosts = agreed_hosts();
    if !hosts.iter().any(|h| h == host) {
        hosts.push(host.to_owned());
        let _ = SessionStorage::set(AGREED_HOSTS, hosts);
    }
}
