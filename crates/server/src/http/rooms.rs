//! Rooms over REST (ROOM-1…ROOM-5). Every route goes through the rooms service's one access rule, so a
//! private room the caller may not see answers 404 everywhere.

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    routing::{delete, get, post},
};
use woxly_domain::{service::rooms::CreateRoom, wire};
use woxly_protocol::rooms::{
    CreateRoomRequest, InviteRequest, ParticipantsResponse, RoomDetail, RoomResponse, RoomsResponse,
};

use crate::{
    http::{
        error::ApiResult,
        extract::{ApiJson, ApiPath, AuthUser},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/rooms", post(create).get(list))
        .route("/rooms/{id}", get(detail).delete(remove_room))
        .route("/rooms/{id}/participants", get(room_participants))
        .route("/rooms/{id}/join", post(join))
        .route("/rooms/{id}/decline", post(decline))
        .route("/rooms/{id}/leave", post(leave))
        .route("/rooms/{id}/invite", post(invite))
        .route("/rooms/{id}/members/{user_id}", delete(remove_member))
        .route("/direct/{user_id}", post(open_direct))
}

async fn create(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiJson(body): ApiJson<CreateRoomRequest>,
) -> ApiResult<(StatusCode, Json<RoomResponse>)> {
    let request = CreateRoom {
        name: body.name,
        is_private: body.is_private,
        invited: body.invited_friends,
        max_participants: body.max_participants,
    };
    let room = state.membership.create(&caller.user, request).await?;
    Ok((StatusCode::CREATED, Json(RoomResponse { room: (&room).into() })))
}

async fn list(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<Json<RoomsResponse>> {
    let rooms = state.membership.list(caller.user.id).await?;
    Ok(Json(RoomsResponse { rooms: rooms.iter().map(|(mine, may)| wire::my_room(mine, *may)).collect() }))
}

/// MSG-1: the direct conversation with a friend, made on first use.
async fn open_direct(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(friend_id): ApiPath<i64>,
) -> ApiResult<Json<RoomResponse>> {
    let room = state.membership.direct(&caller.user, friend_id).await?;
    Ok(Json(RoomResponse { room: (&room).into() }))
}

async fn detail(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<RoomDetail>> {
    let view = state.membership.get(caller.user.id, id).await?;
    Ok(Json(wire::room_detail(&view.room, &view.participants, view.permissions)))
}

async fn room_participants(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ParticipantsResponse>> {
    let view = state.membership.get(caller.user.id, id).await?;
    Ok(Json(ParticipantsResponse { participants: wire::participants(&view.participants) }))
}

async fn join(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<RoomDetail>> {
    let view = state.membership.join(&caller.user, id).await?;
    Ok(Json(wire::room_detail(&view.room, &view.participants, view.permissions)))
}

async fn decline(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.membership.decline(caller.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn leave(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.membership.leave(caller.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn invite(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<InviteRequest>,
) -> ApiResult<Json<ParticipantsResponse>> {
    let list = state.membership.invite(&caller.user, id, &body.user_ids).await?;
    Ok(Json(ParticipantsResponse { participants: wire::participants(&list) }))
}

async fn remove_member(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath((id, user_id)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    state.membership.remove_member(caller.user.id, id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_room(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.membership.delete(caller.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
