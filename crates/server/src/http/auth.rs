//! `POST /api/auth/register`, `/login`, `/logout` (AUTH-1…AUTH-6), and two-factor sign-in under
//! `/api/auth/2fa` (AUTH-8). Register and login are rate limited per client address, each route on
//! its own budget; wrong two-factor codes per user.

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    routing::{get, post},
};
use woxly_domain::{
    Error,
    service::limits::{Rate, RateLimits},
};
use woxly_protocol::auth::{
    AuthResponse, LoginRequest, RecoveryCodesResponse, RegisterRequest, TwoFactorCodeRequest, TwoFactorSetupResponse,
    TwoFactorStatusResponse,
};

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
        .route("/auth/2fa", get(two_factor_status))
        .route("/auth/2fa/setup", post(two_factor_setup))
        .route("/auth/2fa/enable", post(two_factor_enable))
        .route("/auth/2fa/disable", post(two_factor_disable))
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
    let signed_in = state.accounts.login(login, &body.password, body.code.as_deref()).await?;
    Ok(Json(AuthResponse { user: signed_in.user.own_view(), token: signed_in.token }))
}

async fn logout(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<StatusCode> {
    state.accounts.logout(&caller).await?;
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
