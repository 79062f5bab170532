//! Rate limits counted in Redis, so a limit per address or per user holds whichever node is asked.
//! The same algorithm as governor's on one node (GCRA: one "theoretical arrival time" per key), in one
//! Lua script on Redis' clock, so nodes with clocks apart agree.

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use redis::{Script, aio::ConnectionManager};
use woxly_domain::{
    Result,
    service::limits::{Limiter, Rate, RateLimits, Verdict},
};

use super::keys;

pub struct RedisLimits {
    redis: ConnectionManager,
    script: Arc<Script>,
}

impl RedisLimits {
    pub fn new(redis: ConnectionManager) -> Self {
        // KEYS: the key's arrival time. ARGV: one every (µs), burst.
        // Returns {1, remaining} when allowed, {0, wait in µs} when refused.
        let script = Script::new(
            r"local time = redis.call('TIME')
              local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
              local every, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
              local tolerance = every * burst
              local arrival = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
              local next_arrival = arrival + every
              if next_arrival - tolerance > now then
                return {0, next_arrival - tolerance - now}
              end
              redis.call('SET', KEYS[1], next_arrival, 'PX', math.ceil((next_arrival - now) / 1000))
              return {1, math.floor((now + tolerance - next_arrival) / every)}",
        );
        Self { redis, script: Arc::new(script) }
    }
}

impl RateLimits for RedisLimits {
    fn limiter(&self, name: &'static str, rate: Rate) -> Arc<dyn Limiter> {
        Arc::new(RedisLimiter { name, rate, redis: self.redis.clone(), script: self.script.clone() })
    }
}

struct RedisLimiter {
    name: &'static str,
    rate: Rate,
    redis: ConnectionManager,
    script: Arc<Script>,
}

#[async_trait]
impl Limiter for RedisLimiter {
    fn rate(&self) -> Rate {
        self.rate
    }

    /// While Redis cannot be reached the attempt is let through: a limit is a guard against abuse, and
    /// refusing everyone's chat until Redis is back would be worse.
    async fn take(&self, key: &str) -> Result<Verdict> {
        let every = u64::try_from(self.rate.every.as_micros()).unwrap_or(u64::MAX).max(1);
        let mut invocation = self.script.key(keys::limit(self.name, key));
        invocation.arg(every).arg(self.rate.burst);
        match invocation.invoke_async::<(i64, i64)>(&mut self.redis.clone()).await {
            Ok((1, remaining)) => Ok(Verdict::Allowed { remaining: u32::try_from(remaining.max(0)).unwrap_or(0) }),
            Ok((_, wait)) => Ok(Verdict::Refused { wait: Duration::from_micros(u64::try_from(wait).unwrap_or(1)) }),
            Err(e) => {
                tracing::warn!(limit = self.name, error = %e, "cannot count a rate limit in Redis; letting it through");
                Ok(Verdict::Allowed { remaining: self.rate.burst })
            }
        }
    }
}
