//! The Origin allow-list, for REST and the Socket.IO handshake alike: a request that carries an
//! `Origin` must come from the server's own origin or a configured one, so a foreign page cannot ride
//! a user's token. Requests without `Origin` (curl, bots, native clients) are not browsers and pass.

use std::sync::Arc;
use woxly_protocol::error::ErrorCode;

use axum::{
    extract::{Request, State},
    http::{StatusCode, header::ORIGIN},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::http::{error::ApiError, extract::requested_host};

#[derive(Debug, Clone, Default)]
pub struct AllowedOrigins {
    extra: Vec<String>,
}

impl AllowedOrigins {
    pub fn new(extra: &[String]) -> Self {
        Self { extra: extra.iter().map(|o| normalise(o)).filter(|o| !o.is_empty()).collect() }
    }

    /// Whether a page at `origin` may talk to the server reached as `host`.
    pub fn allows(&self, origin: &str, host: Option<&str>) -> bool {
        let origin = normalise(origin);
        if self.extra.contains(&origin) {
            return true;
        }
        let authority = origin.split_once("://").map(|(_, authority)| authority);
        matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
    }

    pub fn extra(&self) -> &[String] {
        &self.extra
    }
}

fn normalise(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

pub async fn check_origin(State(origins): State<Arc<AllowedOrigins>>, request: Request, next: Next) -> Response {
    if let Some(origin) = request.headers().get(ORIGIN) {
        let host = requested_host(request.headers(), request.uri());
        if !origin.to_str().is_ok_and(|o| origins.allows(o, host)) {
            tracing::debug!(?origin, "refused a request from a foreign origin");
            return ApiError::new(StatusCode::FORBIDDEN, ErrorCode::ForbiddenOrigin, "this origin is not allowed")
                .into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_and_configured_origins_only() {
        let origins = AllowedOrigins::new(&["https://Chat.Example.com/".into()]);
        assert!(origins.allows("http://127.0.0.1:7878", Some("127.0.0.1:7878")));
        assert!(origins.allows("https://chat.example.com", Some("127.0.0.1:7878")));
        assert!(!origins.allows("http://evil.example", Some("127.0.0.1:7878")));
        assert!(!origins.allows("null", Some("127.0.0.1:7878")));
        assert!(!origins.allows("http://127.0.0.1:7878", None));
    }
}
