//! `GET/PATCH /api/users/me` (AUTH-7, STATUS-2), and who may reach me (FRIEND-7).

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use woxly_domain::{Error, model::status, store::ProfileChanges};
use woxly_protocol::error::ErrorCode;
use woxly_protocol::user::{DeleteMeRequest, Privacy, UpdateMeRequest, UpdatePrivacy, UserResponse};

use crate::{
    http::{
        error::ApiResult,
        extract::{ApiJson, AuthUser},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/me", get(me).patch(update_me).delete(delete_me))
        .route("/users/me/privacy", get(privacy).put(set_privacy))
}

async fn me(AuthUser(caller): AuthUser) -> Json<UserResponse> {
    Json(UserResponse { user: caller.user.own_view() })
}

/// Every field is checked before anything is written, so a refused request changes nothing.
async fn update_me(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiJson(body): ApiJson<UpdateMeRequest>,
) -> ApiResult<Json<UserResponse>> {
    if body.woxly_id.is_some() {
        return Err(Error::invalid(ErrorCode::WoxlyIdImmutable, "the WOXLY ID cannot be changed").into());
    }
    let status = body.status.as_deref().map(status::chosen).transpose()?;
    if status.is_some() {
        state.presence.ensure_connected(caller.user.id).await?;
    }
    let changes = ProfileChanges {
        username: body.username,
        avatar_url: body.avatar_url.map(|url| url.filter(|u| !u.is_empty())),
    };
    let mut user = state.accounts.update_profile(caller.user.id, &changes).await?;
    if changes.avatar_url.is_some() {
        state.avatars.delete(caller.user.avatar_url.as_deref()).await;
    }
    if let Some(status) = status {
        state.presence.choose(user.id, status).await?;
        user.status = status;
    }
    Ok(Json(UserResponse { user: user.own_view() }))
}

/// AUTH-10: deletes my account, given my password.
async fn delete_me(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiJson(body): ApiJson<DeleteMeRequest>,
) -> ApiResult<StatusCode> {
    state.account_deletion.delete(&caller, &body.password).await?;
    state.avatars.delete(caller.user.avatar_url.as_deref()).await;
    Ok(StatusCode::NO_CONTENT)
}

/// FRIEND-7: who may send me friend requests and who finds me.
async fn privacy(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<Json<Privacy>> {
    Ok(Json(state.friends.privacy(caller.user.id).await?.into()))
}

async fn set_privacy(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiJson(body): ApiJson<UpdatePrivacy>,
) -> ApiResult<Json<Privacy>> {
    let privacy = state.friends.set_privacy(caller.user.id, body.friend_requests, body.findable_by).await?;
    Ok(Json(privacy.into()))
}
