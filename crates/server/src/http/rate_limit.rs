//! Per-address rate limits (QUALITY-3) with the headers users know from Discord's API:
//! `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset-After`, and on refusal
//! `429 rate_limited` with `Retry-After` and `retryAfter` in the body. Built on `governor` (GCRA).

use std::{
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
    sync::Arc,
    time::Duration,
};

use axum::{
    Json,
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header::RETRY_AFTER},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::MethodRouter,
};
use governor::{
    DefaultKeyedRateLimiter, Quota,
    clock::{Clock, DefaultClock},
    middleware::StateInformationMiddleware,
};
use woxly_protocol::error::ErrorBody;

/// Past this many remembered addresses, idle ones are forgotten so the map cannot grow without bound.
const FORGET_IDLE_ABOVE: usize = 10_000;

pub struct RateLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr, StateInformationMiddleware>,
    quota: Quota,
}

impl RateLimit {
    pub fn per_minute(per_minute: u32) -> Arc<Self> {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        let limiter = DefaultKeyedRateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>();
        Arc::new(Self { limiter, quota })
    }

    /// Seconds until a bucket holding `remaining` is full again.
    fn reset_after(&self, remaining: u32) -> Duration {
        self.quota.replenish_interval() * (self.quota.burst_size().get() - remaining)
    }
}

/// `route`, allowed `per_minute` requests per client address, with a budget of its own.
pub fn limited<S: Clone + Send + Sync + 'static>(route: MethodRouter<S>, per_minute: u32) -> MethodRouter<S> {
    route.layer(middleware::from_fn_with_state(RateLimit::per_minute(per_minute), limit))
}

async fn limit(
    State(rate): State<Arc<RateLimit>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if rate.limiter.len() > FORGET_IDLE_ABOVE {
        rate.limiter.retain_recent();
    }
    let limit = rate.quota.burst_size().get();
    match rate.limiter.check_key(&peer.ip()) {
        Ok(snapshot) => {
            let remaining = snapshot.remaining_burst_capacity();
            let mut response = next.run(request).await;
            set_headers(response.headers_mut(), limit, remaining, rate.reset_after(remaining));
            response
        }
        Err(refusal) => {
            let wait = refusal.wait_time_from(DefaultClock::default().now());
            let retry_after = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            tracing::info!(client = %peer.ip(), path = request.uri().path(), retry_after, "rate limited");
            let body = ErrorBody {
                error: format!("too many attempts; retry in {retry_after} s"),
                code: "rate_limited",
                retry_after: Some(retry_after),
                limit: None,
            };
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            let headers = response.headers_mut();
            headers.insert(RETRY_AFTER, HeaderValue::from(retry_after));
            set_headers(headers, limit, 0, wait.max(rate.reset_after(0)));
            response
        }
    }
}

fn set_headers(headers: &mut HeaderMap, limit: u32, remaining: u32, reset_after: Duration) {
    headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    if let Ok(value) = HeaderValue::from_str(&format!("{:.3}", reset_after.as_secs_f64())) {
        headers.insert("x-ratelimit-reset-after", value);
    }
}
