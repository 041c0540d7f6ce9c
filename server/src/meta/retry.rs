//! When a failed Graph call is repeated, and how long the client waits in between.
//!
//! Reads (GET) are repeated on any transient failure: a timeout, a network
//! error, a rate limit or a 5xx/transient Meta error. Writes (POST, DELETE) are
//! repeated only on a rate limit, which Meta answers before doing anything; a
//! write that timed out may have taken effect, so it is never sent twice.

use std::time::Duration;

use super::error::GraphError;

/// Exponential backoff without jitter: `base`, `2·base`, `4·base`, … capped at `max_delay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The wait before the second attempt.
    pub base_delay: Duration,
    /// No wait is longer than this.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> RetryPolicy {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The wait after failed attempt number `attempt` (1-based).
    pub fn delay(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// Whether a call of this kind that failed with `error` on attempt `attempt` is tried again.
    pub(crate) fn should_retry(&self, kind: CallKind, error: &GraphError, attempt: u32) -> bool {
        if attempt >= self.max_attempts {
            return false;
        }
        match kind {
            CallKind::Read => error.is_transient(),
            CallKind::Write => error.is_rate_limited(),
        }
    }
}

/// Whether repeating a call is harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    /// GET: idempotent.
    Read,
    /// POST or DELETE: may take effect even when the answer is lost.
    Write,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_and_are_capped() {
        let policy = RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_millis(1000),
        };
        let delays: Vec<_> = (1..=5).map(|attempt| policy.delay(attempt).as_millis()).collect();
        assert_eq!(delays, [200, 400, 800, 1000, 1000]);
    }

    #[test]
    fn writes_are_repeated_only_on_rate_limits() {
        let policy = RetryPolicy::default();
        let timeout = GraphError::Timeout { seconds: 1.0 };
        assert!(policy.should_retry(CallKind::Read, &timeout, 1));
        assert!(!policy.should_retry(CallKind::Write, &timeout, 1));
        assert!(!policy.should_retry(CallKind::Read, &timeout, 3));
    }
}
