//! `POST /api/auth/register`, `/login`, `/logout` (AUTH-1…AUTH-6), and two-factor sign-in under
//! `/api/auth/2fa` (AUTH-8). Register and login are rate limited per client address, each route on
//! its own budget; wrong two-factor codes per user.

use std::net::SocketAddr;
use woxly_protocol::error::ErrorCode;

use axum::{
    Json, Router,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header::USER_AGENT},
    routing::{delete, get, post},
};
use woxly_domain::{
    Error,
    model::SessionOrigin,
    service::limits::{Rate, RateLimits},
};
use woxly_protocol::auth::{
    AuthResponse, ChangePasswordRequest, LoginRequest, RecoveryCodesResponse, RegisterRequest, SessionView,
    SessionsResponse, TwoFactorCodeRequest, TwoFactorSetupResponse, TwoFactorStatusResponse,
};

use crate::{
    http::{
        error::ApiResult,
        extract::{ApiJson, ApiPath, AuthUser},
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
        .route("/auth/sessions", get(sessions))
        .route("/auth/sessions/{id}", delete(sign_out_session))
        .route("/auth/sessions/sign-out-others", post(sign_out_others))
        .route("/auth/password", post(change_password))
        .route("/auth/2fa", get(two_factor_status))
        .route("/auth/2fa/setup", post(two_factor_setup))
        .route("/auth/2fa/enable", post(two_factor_enable))
        .route("/auth/2fa/disable", post(two_factor_disable))
}

/// AUTH-9: the device and address a new session comes from.
fn origin(headers: &HeaderMap, peer: SocketAddr) -> SessionOrigin {
    SessionOrigin::new(headers.get(USER_AGENT).and_then(|v| v.to_str().ok()), peer.ip().to_string())
}

async fn register(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<AuthResponse>)> {
    let origin = origin(&headers, peer);
    let signed_in = state.accounts.register(&body.username, &body.email, &body.password, origin).await?;
    Ok((StatusCode::CREATED, Json(AuthResponse { user: signed_in.user.own_view(), token: signed_in.token })))
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<Json<AuthResponse>> {
    let login =
        body.login().ok_or_else(|| Error::invalid(ErrorCode::MissingLogin, "login (email or username) is required"))?;
    let origin = origin(&headers, peer);
    let signed_in = state.accounts.login(login, &body.password, body.code.as_deref(), origin).await?;
    Ok(Json(AuthResponse { user: signed_in.user.own_view(), token: signed_in.token }))
}

async fn logout(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<StatusCode> {
    state.accounts.logout(&caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn sessions(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<Json<SessionsResponse>> {
    let sessions = state.accounts.sessions(&caller).await?;
    let view = |session: woxly_domain::model::Session| SessionView {
        current: session.id == caller.session_id,
        id: session.id,
        device: session.origin.device,
        address: session.origin.address,
        created_at: session.created_at.to_rfc3339(),
        last_seen_at: session.last_seen_at.to_rfc3339(),
    };
    Ok(Json(SessionsResponse { sessions: sessions.into_iter().map(view).collect() }))
}

async fn sign_out_session(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    state.accounts.sign_out_session(&caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn sign_out_others(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<StatusCode> {
    state.accounts.sign_out_others(&caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn change_password(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiJson(body): ApiJson<ChangePasswordRequest>,
) -> ApiResult<StatusCode> {
    state.accounts.change_password(&caller, &body.current_password, &body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn two_factor_status(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
) -> ApiResult<Json<TwoFactorStatusResponse>> {
    Ok(Json(TwoFactorStatusResponse { enabled: state.two_factor.is_enabled(caller.user.id).await? }))
}

async fn two_factor_setup(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
) -> ApiResult<Json<TwoFactorSetupResponse>> {
    let setup = state.two_factor.begin(&caller.user).await?;
    Ok(Json(TwoFactorSetupResponse {
        secret: setup.secret,
        otpauth_url: setup.otpauth_url,
        qr_code: format!("data:image/png;base64,{}", setup.qr_png_base64),
    }))
}

async fn two_factor_enable(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiJson(body): ApiJson<TwoFactorCodeRequest>,
) -> ApiResult<Json<RecoveryCodesResponse>> {
    let recovery_codes = state.two_factor.enable(caller.user.id, &body.code).await?;
    Ok(Json(RecoveryCodesResponse { recovery_codes }))
}

async fn two_factor_disable(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiJson(body): ApiJson<TwoFactorCodeRequest>,
) -> ApiResult<StatusCode> {
    state.two_factor.disable(caller.user.id, &body.code).await?;
    Ok(StatusCode::NO_CONTENT)
}
