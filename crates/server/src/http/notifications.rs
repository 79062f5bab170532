//! Notifications over REST (NOTIF-3): list all or unread, newest first, by pages; mark one or all read;
//! what each room tells me (NOTIF-4).

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    routing::{get, post},
};
use woxly_protocol::notifications::{
    NotificationParams, NotificationsResponse, RoomNotifications, SetRoomNotifications,
};

use crate::{
    http::{
        error::ApiResult,
        extract::{ApiJson, ApiPath, ApiQuery, AuthUser},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read))
        .route("/rooms/{id}/notifications", get(room_choices).put(choose_for_room))
}

async fn room_choices(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(room): ApiPath<i64>,
) -> ApiResult<Json<RoomNotifications>> {
    Ok(Json(state.room_notifications.of(caller.user.id, room).await?.into()))
}

async fn choose_for_room(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(room): ApiPath<i64>,
    ApiJson(choice): ApiJson<SetRoomNotifications>,
) -> ApiResult<Json<RoomNotifications>> {
    let chosen = state.room_notifications.choose(caller.user.id, room, choice.level, choice.mute).await?;
    Ok(Json(chosen.into()))
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
