//! Places under the limit on requests in flight, for the transfers that do not run through the engine yet; the engine's own requests take one too, so the limit stays shared.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::core::engine::limit::IN_FLIGHT;

thread_local! {
    static IN_FLIGHT_LIMIT: Arc<Semaphore> = Arc::new(Semaphore::new(IN_FLIGHT));
}

/// The right to one request in flight; held until its body is read (dropping it frees the place).
pub struct Slot(#[allow(dead_code)] OwnedSemaphorePermit);

/// Waits for a place under the page's limit on requests in flight.
pub async fn slot() -> Slot {
    let limit = IN_FLIGHT_LIMIT.with(Arc::clone);
    Slot(
        limit
            .acquire_owned()
            .await
            .expect("the limit is never closed"),
    )
}
