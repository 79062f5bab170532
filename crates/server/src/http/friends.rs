//! Friends over REST (FRIEND-1…FRIEND-6): search, requests, the list, notes, removal, blocking.

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post, put},
};
use woxly_domain::{
    Error,
    service::{
        friends::{Added, Target},
        limits::{Rate, RateLimits},
    },
};
use woxly_protocol::error::ErrorCode;
use woxly_protocol::friends::{
    AddFriendRequest, FriendRequestResponse, FriendRequestsResponse, FriendResponse, FriendsResponse, NoteRequest,
    SearchParams, SearchResponse, UsersResponse,
};

use crate::{
    http::{
        error::ApiResult,
        extract::{ApiJson, ApiPath, ApiQuery, AuthUser},
        rate_limit::limited,
    },
    state::AppState,
};

/// `searches_per_minute` bounds searches per client address (QUALITY-3); the client searches as the
/// user types, debounced, so a person stays far below it.
pub fn router(limits: &dyn RateLimits, searches_per_minute: u32) -> Router<AppState> {
    let searches = limits.limiter("user-search", Rate::per_minute(searches_per_minute));
    Router::new()
        .route("/users/search", limited(get(search), searches))
        .route("/friends", get(list))
        .route("/friends/add", post(add))
        .route("/friends/requests", get(requests))
        .route("/friends/requests/{id}/accept", post(accept))
        .route("/friends/requests/{id}/decline", post(decline))
        .route("/friends/{user_id}/note", put(set_note))
        .route("/friends/{user_id}", axum::routing::delete(remove))
        .route("/users/blocked", get(blocked))
        .route("/users/{user_id}/block", put(block).delete(unblock))
}

async fn search(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchResponse>> {
    let hits = state.friends.search(caller.user.id, &params.q).await?;
    Ok(Json(SearchResponse { users: hits.iter().map(Into::into).collect() }))
}

async fn list(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<Json<FriendsResponse>> {
    let friends = state.friends.list(caller.user.id).await?;
    Ok(Json(FriendsResponse { friends: friends.iter().map(Into::into).collect() }))
}

/// 201 `{request}` for a new request; 200 `{friend}` when they had asked first and are now a friend.
async fn add(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiJson(body): ApiJson<AddFriendRequest>,
) -> ApiResult<Response> {
    let target = match (body.user_id, body.woxly_id) {
        (Some(id), _) => Target::UserId(id),
        (None, Some(woxly_id)) => Target::WoxlyId(woxly_id),
        (None, None) => return Err(Error::invalid(ErrorCode::MissingTarget, "give userId or woxlyId").into()),
    };
    Ok(match state.friends.add(&caller.user, target).await? {
        Added::Requested(request) => {
            (StatusCode::CREATED, Json(FriendRequestResponse { request: (&request).into() })).into_response()
        }
        Added::Accepted(friend) => Json(FriendResponse { friend: (&friend).into() }).into_response(),
    })
}

async fn requests(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
) -> ApiResult<Json<FriendRequestsResponse>> {
    let pending = state.friends.pending(&caller.user).await?;
    Ok(Json(FriendRequestsResponse {
        incoming: pending.incoming.iter().map(Into::into).collect(),
        outgoing: pending.outgoing.iter().map(Into::into).collect(),
    }))
}

async fn accept(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<FriendResponse>> {
    let friend = state.friends.accept(&caller.user, id).await?;
    Ok(Json(FriendResponse { friend: (&friend).into() }))
}

async fn decline(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.friends.decline(&caller.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_note(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(friend_id): ApiPath<i64>,
    ApiJson(body): ApiJson<NoteRequest>,
) -> ApiResult<Json<FriendResponse>> {
    let friend = state.friends.set_note(caller.user.id, friend_id, &body.note).await?;
    Ok(Json(FriendResponse { friend: (&friend).into() }))
}

async fn remove(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(friend_id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.friends.remove(caller.user.id, friend_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// FRIEND-6: the people I blocked.
async fn blocked(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<Json<UsersResponse>> {
    let users = state.friends.blocked(caller.user.id).await?;
    Ok(Json(UsersResponse { users: users.iter().map(Into::into).collect() }))
}

async fn block(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(user_id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.friends.block(caller.user.id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn unblock(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(user_id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.friends.unblock(caller.user.id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
