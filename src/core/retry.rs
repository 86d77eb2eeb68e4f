//! What to do after a failed request: retry in the named region, with a corrected clock, after a pause, or stop.

use std::time::Duration;

use time::OffsetDateTime;

use super::problem::{Failure, Problem};

/// How many times a transient failure (5xx, SlowDown, dropped connection, timeout) is retried.
pub const MAX_TRANSIENT_RETRIES: u32 = 3;

/// The next step after a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Sign again for this region and remember it.
    RetryInRegion(String),
    /// Add this many milliseconds to the local clock and sign again.
    RetryWithClockOffset(i64),
    /// Wait, then send the same request again.
    RetryAfter(Duration),
    /// Tell the user.
    Stop,
}

/// The retries one request has had so far. Region and clock are corrected once each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attempts {
    region_fixed: bool,
    clock_fixed: bool,
    transient: u32,
}

impl Attempts {
    /// Decides the next step for `failure`, given the corrected clock (`now`) the request was signed with.
    pub fn next(&mut self, failure: &Failure, now: OffsetDateTime) -> Next {
        match &failure.problem {
            Problem::WrongRegion { region } if !self.region_fixed => {
                self.region_fixed = true;
                Next::RetryInRegion(region.clone())
            }
            Problem::ClockSkew {
                server_time: Some(server),
            } if !self.clock_fixed => {
                self.clock_fixed = true;
                let offset = (*server - now).whole_milliseconds();
                Next::RetryWithClockOffset(offset.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
            }
            Problem::SlowDown
            | Problem::ServerError
            | Problem::ConnectionDropped
            | Problem::TimedOut
                if self.transient < MAX_TRANSIENT_RETRIES =>
            {
                self.transient += 1;
                Next::RetryAfter(backoff(self.transient))
            }
            _ => Next::Stop,
        }
    }
}

/// Exponential backoff: 0.5 s, 1 s, 2 s, …, capped at 8 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250u64.saturating_mul(1u64 << attempt.min(5))).min(Duration::from_secs(8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn failure(problem: Problem) -> Failure {
        problem.into()
    }

    const NOW: OffsetDateTime = datetime!(2026-11-28 12:00:00 UTC);

    #[test]
    fn region_is_corrected_once() {
        let mut a = Attempts::default();
        let f = failure(Problem::WrongRegion {
            region: "eu-west-1".into(),
        });
        assert_eq!(a.next(&f, NOW), Next::RetryInRegion("eu-west-1".into()));
        assert_eq!(a.next(&f, NOW), Next::Stop);
    }

    #[test]
    fn clock_is_corrected_once_from_server_time() {
        let mut a = Attempts::default();
        let f = failure(Problem::ClockSkew {
            server_time: Some(datetime!(2026-11-28 12:20:00.5 UTC)),
        });
        assert_eq!(a.next(&f, NOW), Next::RetryWithClockOffset(1_200_500));
        assert_eq!(a.next(&f, NOW), Next::Stop);
        assert_eq!(
            Attempts::default().next(&failure(Problem::ClockSkew { server_time: None }), NOW),
            Next::Stop
        );
    }

    #[test]
    fn transient_failures_back_off_a_bounded_number_of_times() {
        let mut a = Attempts::default();
        let f = failure(Problem::ServerError);
        let waits: Vec<Next> = (0..4).map(|_| a.next(&f, NOW)).collect();
        assert_eq!(
            waits,
            vec![
                Next::RetryAfter(Duration::from_millis(500)),
                Next::RetryAfter(Duration::from_millis(1000)),
                Next::RetryAfter(Duration::from_millis(2000)),
                Next::Stop
            ]
        );
        assert_eq!(backoff(30), Duration::from_secs(8));
    }

    #[test]
    fn user_problems_are_not_retried() {
        for p in [
            Problem::AccessDenied,
            Problem::CorsOrNetwork,
            Problem::SignatureDoesNotMatch,
            Problem::KeysExpired,
        ] {
            assert_eq!(Attempts::default().next(&failure(p), NOW), Next::Stop);
        }
    }
}
