//! `GET /api/health` (QUALITY-5): no auth; 200 while the database answers, 503 when it does not.

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use woxly_protocol::health::HealthResponse;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<HealthResponse>) {
    let database = state.store.backend_name();
    let version = env!("CARGO_PKG_VERSION");
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(HealthResponse { status: "ok", version, database })),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(HealthResponse { status: "unavailable", version, database }))
        }
    }
}
