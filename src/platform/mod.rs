//! Browser plumbing both the page and the runner's worker use (neither owns it): timers, the clock that signs, GETs read whole under a deadline, a JavaScript error in words.

pub mod clock;
pub mod fetch;
pub mod timer;
