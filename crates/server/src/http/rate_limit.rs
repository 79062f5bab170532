//! Per-address rate limits (QUALITY-3) with the headers users know from Discord's API:
//! `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset-After`, and on refusal
//! `429 rate_limited` with `Retry-After` and `retryAfter` in the body. Counted by a [`Limiter`]:
//! in this process, or in Redis for a cluster.

use std::{net::SocketAddr, sync::Arc, time::Duration};
use woxly_protocol::error::ErrorCode;

use axum::{
    Json,
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header::RETRY_AFTER},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::MethodRouter,
};
use woxly_domain::service::limits::{Limiter, Verdict};
use woxly_protocol::error::ErrorBody;

use crate::http::error::ApiError;

/// `route`, allowed as often per client address as `limiter` says, with a budget of its own.
pub fn limited<S: Clone + Send + Sync + 'static>(route: MethodRouter<S>, limiter: Arc<dyn Limiter>) -> MethodRouter<S> {
    route.layer(middleware::from_fn_with_state(limiter, limit))
}

async fn limit(
    State(limiter): State<Arc<dyn Limiter>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let rate = limiter.rate();
    let verdict = match limiter.take(&peer.ip().to_string()).await {
        Ok(verdict) => verdict,
        Err(e) => return ApiError::from(e).into_response(),
    };
    match verdict {
        Verdict::Allowed { remaining } => {
            let mut response = next.run(request).await;
            set_headers(response.headers_mut(), rate.burst, remaining, rate.reset_after(remaining));
            response
        }
        Verdict::Refused { wait } => {
            let retry_after = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            tracing::info!(client = %peer.ip(), path = request.uri().path(), retry_after, "rate limited");
            let body = ErrorBody {
                error: format!("too many attempts; retry in {retry_after} s"),
                code: ErrorCode::RateLimited,
                retry_after: Some(retry_after),
                limit: None,
            };
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            let headers = response.headers_mut();
            headers.insert(RETRY_AFTER, HeaderValue::from(retry_after));
            set_headers(headers, rate.burst, 0, wait.max(rate.reset_after(0)));
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
