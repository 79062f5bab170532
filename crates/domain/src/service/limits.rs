//! Per-key rate limits (governor's GCRA), refused as [`Error::RateLimited`] with the wait, so every
//! edge answers a refusal the same way: `429` with `Retry-After`, or the `rate_limited` ack.

use std::num::NonZeroU32;

use governor::{
    DefaultKeyedRateLimiter, Quota,
    clock::{Clock, DefaultClock},
};

use crate::{Error, Result};

/// A limiter of `rate` per key, with bursts of `burst`.
pub fn limiter<K: std::hash::Hash + Eq + Clone>(rate: Quota, burst: u32) -> DefaultKeyedRateLimiter<K> {
    DefaultKeyedRateLimiter::keyed(rate.allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN)))
}

/// Takes one from `key`'s budget, or says how long to wait.
pub fn check<K: std::hash::Hash + Eq + Clone>(limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> Result<()> {
    limiter.check_key(key).map_err(|refusal| {
        let wait = refusal.wait_time_from(DefaultClock::default().now());
        Error::RateLimited { retry_after_ms: u64::try_from(wait.as_millis()).unwrap_or(u64::MAX).max(1) }
    })
}
