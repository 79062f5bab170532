//! Per-key rate limits (GCRA), refused as [`Error::RateLimited`] with the wait, so every edge answers
//! a refusal the same way: `429` with `Retry-After`, or the `rate_limited` ack.
//!
//! Every limit (per address: login, register, searches; per user: the socket event budget, message
//! actions, typing) is a [`Limiter`] made by a [`RateLimits`]: governor in this process
//! ([`LocalLimits`]), or the same algorithm on counters in Redis (the server's cluster mode), so a
//! limit holds whichever node is asked.

use std::{
    num::NonZeroU32,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use async_trait::async_trait;
use governor::{
    DefaultKeyedRateLimiter, Quota,
    clock::{Clock, DefaultClock},
    middleware::StateInformationMiddleware,
};

use crate::{Error, Result};

fn refused(wait: Duration) -> Error {
    Error::RateLimited { retry_after_ms: u64::try_from(wait.as_millis()).unwrap_or(u64::MAX).max(1) }
}

/// `burst` at once, then one more every `every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub every: Duration,
    pub burst: u32,
}

impl Rate {
    /// `count` per minute, all of them at once if need be.
    pub fn per_minute(count: u32) -> Self {
        let count = count.max(1);
        Self { every: Duration::from_secs(60) / count, burst: count }
    }

    /// `count` per second, with bursts of `burst`.
    pub fn per_second(count: u32, burst: u32) -> Self {
        Self { every: Duration::from_secs(1) / count.max(1), burst: burst.max(1) }
    }

    /// How long until a key left with `remaining` is full again.
    pub fn reset_after(&self, remaining: u32) -> Duration {
        self.every * self.burst.saturating_sub(remaining)
    }
}

/// What taking one from a key's budget gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed { remaining: u32 },
    Refused { wait: Duration },
}

impl Verdict {
    /// `Ok` if allowed, else [`Error::RateLimited`].
    pub fn into_result(self) -> Result<()> {
        match self {
            Self::Allowed { .. } => Ok(()),
            Self::Refused { wait } => Err(refused(wait)),
        }
    }
}

/// One limit, counted per key.
#[async_trait]
pub trait Limiter: Send + Sync {
    fn rate(&self) -> Rate;
    /// Takes one from `key`'s budget.
    async fn take(&self, key: &str) -> Result<Verdict>;
}

/// Makes the limiters; `name` keeps each limit's counters apart.
pub trait RateLimits: Send + Sync {
    fn limiter(&self, name: &'static str, rate: Rate) -> Arc<dyn Limiter>;
}

/// Limits counted in this process (one node).
pub struct LocalLimits;

impl RateLimits for LocalLimits {
    fn limiter(&self, _name: &'static str, rate: Rate) -> Arc<dyn Limiter> {
        let quota = Quota::with_period(rate.every)
            .unwrap_or(Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(rate.burst).unwrap_or(NonZeroU32::MIN));
        Arc::new(LocalLimiter {
            rate,
            counters: DefaultKeyedRateLimiter::keyed(quota).with_middleware(),
            takes: AtomicU64::new(0),
        })
    }
}

/// Past this many remembered keys, idle ones are forgotten so the map cannot grow without bound.
const FORGET_IDLE_ABOVE: usize = 10_000;
/// Forgetting walks every key: it is tried once in this many takes, not on each (a limit per user
/// with more users than `FORGET_IDLE_ABOVE` online would otherwise walk them all on every event).
const FORGET_EVERY: u64 = 10_000;

struct LocalLimiter {
    rate: Rate,
    counters: DefaultKeyedRateLimiter<String, StateInformationMiddleware>,
    takes: AtomicU64,
}

#[async_trait]
impl Limiter for LocalLimiter {
    fn rate(&self) -> Rate {
        self.rate
    }

    async fn take(&self, key: &str) -> Result<Verdict> {
        if self.takes.fetch_add(1, Ordering::Relaxed).is_multiple_of(FORGET_EVERY)
            && self.counters.len() > FORGET_IDLE_ABOVE
        {
            self.counters.retain_recent();
        }
        Ok(match self.counters.check_key(&key.to_owned()) {
            Ok(snapshot) => Verdict::Allowed { remaining: snapshot.remaining_burst_capacity() },
            Err(refusal) => Verdict::Refused { wait: refusal.wait_time_from(DefaultClock::default().now()) },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_local_limiter_lets_a_burst_through_then_says_how_long_to_wait() {
        let limiter = LocalLimits.limiter("test", Rate::per_minute(2));
        assert_eq!(limiter.take("a").await.ok(), Some(Verdict::Allowed { remaining: 1 }));
        assert_eq!(limiter.take("a").await.ok(), Some(Verdict::Allowed { remaining: 0 }));
        let Ok(Verdict::Refused { wait }) = limiter.take("a").await else { panic!("a third attempt is refused") };
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30), "{wait:?}");
        assert_eq!(limiter.take("b").await.ok(), Some(Verdict::Allowed { remaining: 1 }), "keys apart");
    }
}
