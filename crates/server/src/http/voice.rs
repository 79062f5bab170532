//! `GET /api/voice/ice-servers` (VOICE-4): STUN and TURN for the caller, TURN with credentials that
//! expire (one fixed TURN password would open the relay to anyone who ever saw it).

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, Uri},
    routing::get,
};
use woxly_protocol::voice::IceServersResponse;

use crate::{
    http::extract::{AuthUser, requested_host},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/voice/ice-servers", get(ice_servers))
}

async fn ice_servers(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    headers: HeaderMap,
    uri: Uri,
) -> Json<IceServersResponse> {
    let host = requested_host(&headers, &uri).map_or("localhost", host_without_port);
    Json(state.ice_servers.for_user(caller.user.id, host))
}

/// `example.com:7878` → `example.com`, `[::1]:7878` → `::1`.
fn host_without_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}
