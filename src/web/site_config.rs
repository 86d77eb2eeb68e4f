//! Reads the admin's `config.json` beside the page, under a cap and a deadline like every body read whole.

use crate::core::site_config::{self, SiteConfig};
use crate::platform::fetch::read_whole;

/// The defaults the admin ships with the page; `None` when there is no such file, it is not the
/// expected JSON, or it does not come in time.
pub async fn load() -> Option<SiteConfig> {
    let abort = web_sys::AbortController::new().ok()?;
    let (answer, _) = read_whole(
        "config.json",
        None,
        &abort,
        (site_config::CAP, 0),
        None,
        site_config::DEADLINE,
    )
    .await
    .ok()?;
    (answer.status == 200)
        .then(|| site_config::parse(&answer.body))
        .flatten()
}
