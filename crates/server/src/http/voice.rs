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
    http::extract::{AuthUser, requested_host_name},
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
    let host = requested_host_name(&headers, &uri).unwrap_or_else(|| "localhost".to_owned());
    Json(state.ice_servers.for_user(caller.user.id, &host))
}
