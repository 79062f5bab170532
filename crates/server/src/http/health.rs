//! `GET /api/health` (QUALITY-5): no auth; 200 while the database answers, 503 when it does not.

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use std::sync::atomic::{AtomicU64, Ordering};

use woxly_protocol::health::{HealthResponse, MediaHealth};

use crate::{media::MediaCounters, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<HealthResponse>) {
    let database = state.store.backend_name();
    let version = env!("CARGO_PKG_VERSION");
    let media = state.media.as_ref().map(|sfu| media(&sfu.counters));
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(HealthResponse { status: "ok", version, database, media })),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            let unavailable = HealthResponse { status: "unavailable", version, database, media };
            (StatusCode::SERVICE_UNAVAILABLE, Json(unavailable))
        }
    }
}

fn media(counters: &MediaCounters) -> MediaHealth {
    let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
    MediaHealth {
        connections: read(&counters.connections),
        forwarded_frames: read(&counters.forwarded_frames),
        quieter_voice_frames: read(&counters.quieter_voice_frames),
        malformed: read(&counters.malformed),
        unclaimed: read(&counters.unclaimed),
        refused: read(&counters.refused),
        over_budget: read(&counters.over_budget),
        never_connected: read(&counters.never_connected),
    }
}
