//! The one limit on requests in flight, shared by every job, with a queue served in the order of asking.

use std::collections::{BTreeSet, VecDeque};

use super::RequestId;

/// Requests in flight at once: browsers open at most six HTTP/1.1 connections per host, and the
/// page talks to one S3 host at a time.
pub const IN_FLIGHT: usize = 6;

/// Which requests run and which wait for a place.
#[derive(Debug, Clone)]
pub struct Limit {
    max: usize,
    running: BTreeSet<RequestId>,
    waiting: VecDeque<RequestId>,
}

impl Default for Limit {
    fn default() -> Self {
        Limit::new(IN_FLIGHT)
    }
}

impl Limit {
    pub fn new(max: usize) -> Self {
        Limit {
            max: max.max(1),
            running: BTreeSet::new(),
            waiting: VecDeque::new(),
        }
    }

    /// Queues `id` for a place.
    pub fn ask(&mut self, id: RequestId) {
        self.waiting.push_back(id);
    }

    /// The next request that may start now, if a place is free (it then holds the place).
    pub fn next_to_start(&mut self) -> Option<RequestId> {
        if self.running.len() >= self.max {
            return None;
        }
        let id = self.waiting.pop_front()?;
        self.running.insert(id);
        Some(id)
    }

    /// `id` ended (answered, failed or aborted) or no longer waits: its place is free.
    pub fn release(&mut self, id: RequestId) {
        if !self.running.remove(&id) {
            self.waiting.retain(|w| *w != id);
        }
    }

    /// Requests holding a place.
    pub fn in_flight(&self) -> usize {
        self.running.len()
    }

    /// Whether `id` holds a place (it was started and has not ended).
    pub fn is_running(&self, id: RequestId) -> bool {
        self.running.contains(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_six_run_and_the_rest_start_in_order() {
        let mut limit = Limit::default();
        for i in 0..8 {
            limit.ask(RequestId(i));
        }
        let started: Vec<u64> = std::iter::from_fn(|| limit.next_to_start())
            .map(|r| r.0)
            .collect();
        assert_eq!(started, [0, 1, 2, 3, 4, 5]);
        assert_eq!(limit.in_flight(), 6);
        limit.release(RequestId(3));
        assert_eq!(limit.next_to_start(), Some(RequestId(6)));
        assert_eq!(limit.next_to_start(), None);
        // A waiting request that is withdrawn never starts.
        limit.release(RequestId(7));
        limit.release(RequestId(0));
        assert_eq!(limit.next_to_start(), None);
        assert_eq!(limit.in_flight(), 5);
    }
}
