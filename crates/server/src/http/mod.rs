//! The REST API under `/api` and the web client at `/`, behind the origin check.

pub mod attachments;
pub mod auth;
pub mod avatars;
pub mod drain;
pub mod error;
pub mod extract;
pub mod friends;
pub mod health;
pub mod messages;
pub mod notifications;
pub mod origin;
pub mod rate_limit;
pub mod rooms;
pub mod security_headers;
pub mod slow_clients;
pub mod users;
pub mod voice;
pub mod web;

use std::sync::Arc;
use woxly_protocol::error::ErrorCode;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, Method, StatusCode, header},
    middleware,
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    cors::{AllowOrigin, CorsLayer},
    trace::TraceLayer,
};

use crate::{config::Config, http::error::ApiError, http::origin::AllowedOrigins, state::AppState};

/// A handle for axum-server that stops taking connections once `stop` completes and lets requests
/// under way finish (HTTP and HTTPS alike).
pub fn stopping_on(
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> axum_server::Handle<std::net::SocketAddr> {
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        stop.await;
        stopping.graceful_shutdown(None);
    });
    handle
}

/// Request bodies larger than this are refused with 413 before they are parsed.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The whole HTTP application; `socket_layer` mounts Socket.IO at `/socket.io/`.
pub fn app<L>(state: AppState, config: &Config, socket_layer: L) -> Router
where
    L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
    L::Service:
        tower::Service<axum::extract::Request, Error = std::convert::Infallible> + Clone + Send + Sync + 'static,
    <L::Service as tower::Service<axum::extract::Request>>::Response: axum::response::IntoResponse + 'static,
    <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
{
    let api = Router::new()
        .merge(auth::router(&*state.rate_limits, config.auth_rate_per_minute))
        .merge(users::router())
        .merge(friends::router(&*state.rate_limits, config.search_rate_per_minute))
        .merge(notifications::router())
        .merge(rooms::router())
        .merge(messages::router(&*state.rate_limits, config.search_rate_per_minute))
        .merge(attachments::router(config.max_file_bytes))
        .merge(avatars::router())
        .merge(voice::router())
        .merge(health::router())
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed, "method not allowed")
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state);

    let origins = Arc::new(AllowedOrigins::new(&config.allowed_origins));
    let app = Router::new()
        .nest("/api", api)
        .merge(web::router(&config.web_dir))
        .layer(socket_layer)
        .layer(middleware::map_request(crate::realtime::copy_socket_request_head))
        .layer(middleware::from_fn_with_state(origins.clone(), origin::check_origin))
        .layer(middleware::from_fn_with_state(config.request_timeout(), slow_clients::keep_bodies_moving))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a request handler panicked");
            axum::response::IntoResponse::into_response(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::InternalError,
                "internal error",
            ))
        }))
        .layer(middleware::map_response_with_state(config.uses_tls(), security_headers::add))
        .layer(TraceLayer::new_for_http());
    with_cors(app, &origins)
}

/// Pages on the configured extra origins are cross-origin: they get CORS headers. The server's own
/// origin needs none, so with no extra origins there is no CORS layer at all.
fn with_cors(app: Router, origins: &AllowedOrigins) -> Router {
    let allowed: Vec<_> = origins.extra().iter().filter_map(|o| o.parse().ok()).collect();
    if allowed.is_empty() {
        return app;
    }
    app.layer(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(allowed))
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .expose_headers([
                header::RETRY_AFTER,
                HeaderName::from_static("x-ratelimit-limit"),
                HeaderName::from_static("x-ratelimit-remaining"),
                HeaderName::from_static("x-ratelimit-reset-after"),
            ]),
    )
}
