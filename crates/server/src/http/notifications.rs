//! Notifications over REST (NOTIF-3): list all or unread, newest first, by pages; mark one or all read.

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    routing::{get, post},
};
use woxly_protocol::notifications::{NotificationParams, NotificationsResponse};

use crate::{
    http::{
        error::ApiResult,
        extract::{ApiPath, ApiQuery, AuthUser},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read))
}

async fn list(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiQuery(params): ApiQuery<NotificationParams>,
) -> ApiResult<Json<NotificationsResponse>> {
    let page = state.notifications.list(caller.user.id, params.unread, params.before, params.limit).await?;
    Ok(Json(NotificationsResponse { notifications: page.iter().map(Into::into).collect() }))
}

async fn read(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.notifications.mark_read(caller.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn read_all(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<StatusCode> {
    state.notifications.mark_all_read(caller.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
