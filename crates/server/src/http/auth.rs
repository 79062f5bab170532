//! `POST /api/auth/register`, `/login`, `/logout` (AUTH-1…AUTH-6). Register and login are rate limited
//! per client address, each route on its own budget.

use axum::{Json, Router, extract::State, http::StatusCode, routing::post};
use woxly_domain::{
    Error,
    service::limits::{Rate, RateLimits},
};
use woxly_protocol::auth::{AuthResponse, LoginRequest, RegisterRequest};

use crate::{
    http::{
        error::ApiResult,
        extract::{ApiJson, AuthUser},
        rate_limit::limited,
    },
    state::AppState,
};

pub fn router(limits: &dyn RateLimits, attempts_per_minute: u32) -> Router<AppState> {
    let attempts = Rate::per_minute(attempts_per_minute);
    Router::new()
        .route("/auth/register", limited(post(register), limits.limiter("register", attempts)))
        .route("/auth/login", limited(post(login), limits.limiter("login", attempts)))
        .route("/auth/logout", post(logout))
}

async fn register(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<AuthResponse>)> {
    let signed_in = state.accounts.register(&body.username, &body.email, &body.password).await?;
    Ok((StatusCode::CREATED, Json(AuthResponse { user: signed_in.user.own_view(), token: signed_in.token })))
}

async fn login(State(state): State<AppState>, ApiJson(body): ApiJson<LoginRequest>) -> ApiResult<Json<AuthResponse>> {
    let login = body.login().ok_or_else(|| Error::invalid("missing_login", "login (email or username) is required"))?;
    let signed_in = state.accounts.login(login, &body.password).await?;
    Ok(Json(AuthResponse { user: signed_in.user.own_view(), token: signed_in.token }))
}

async fn logout(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<StatusCode> {
    state.accounts.logout(&caller).await?;
    Ok(StatusCode::NO_CONTENT)
}
