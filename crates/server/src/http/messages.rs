//! Messages over REST, for bots and scripts beside the socket events: history (CHAT-2), sending
//! (CHAT-1), editing and deleting (MSG-2), reactions (MSG-4), the read position (MSG-5) and search
//! (SEARCH-1).

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    routing::{get, patch, post, put},
};
use woxly_domain::{
    model::HistoryPage,
    service::limits::{Rate, RateLimits},
};
use woxly_protocol::chat::{
    EditMessageRequest, MarkReadRequest, MessageResponse, MessagesParams, MessagesResponse, RoomReadEvent,
    SearchParams, SearchResponse, SendMessageRequest,
};

use crate::{
    http::{
        error::ApiResult,
        extract::{ApiJson, ApiPath, ApiQuery, AuthUser},
        rate_limit::limited,
    },
    state::AppState,
};

pub fn router(limits: &dyn RateLimits, search_per_minute: u32) -> Router<AppState> {
    let searches = limits.limiter("message-search", Rate::per_minute(search_per_minute));
    Router::new()
        .route("/search/messages", limited(get(search), searches))
        .route("/messages", get(history).post(send))
        .route("/messages/{id}", patch(edit).delete(delete))
        .route("/messages/{id}/reactions/{emoji}", put(add_reaction).delete(remove_reaction))
        .route("/rooms/{id}/read", post(mark_read))
}

async fn history(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiQuery(params): ApiQuery<MessagesParams>,
) -> ApiResult<Json<MessagesResponse>> {
    // A cursor wins over the offset: offsets shift as messages arrive (CHAT-2).
    let page = (params.around.map(HistoryPage::Around))
        .or(params.before.map(HistoryPage::Before))
        .or(params.after.map(HistoryPage::After))
        .or(params.offset.map(HistoryPage::Offset));
    let messages = state.chat.history(caller.user.id, params.room_id, page, params.limit).await?;
    Ok(Json(MessagesResponse { messages: messages.iter().map(Into::into).collect() }))
}

async fn send(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiJson(body): ApiJson<SendMessageRequest>,
) -> ApiResult<(StatusCode, Json<MessageResponse>)> {
    let message = (state.chat)
        .send(&caller.user, body.room_id, &body.content, body.nonce.as_deref(), body.reply_to, &body.attachment_ids)
        .await?;
    Ok((StatusCode::CREATED, Json(MessageResponse { message: (&message).into() })))
}

async fn edit(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<EditMessageRequest>,
) -> ApiResult<Json<MessageResponse>> {
    let message = state.chat.edit(&caller.user, id, &body.content).await?;
    Ok(Json(MessageResponse { message: (&message).into() }))
}

async fn delete(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.chat.delete(caller.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn add_reaction(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath((id, emoji)): ApiPath<(i64, String)>,
) -> ApiResult<StatusCode> {
    state.chat.react(caller.user.id, id, &emoji, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_reaction(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath((id, emoji)): ApiPath<(i64, String)>,
) -> ApiResult<StatusCode> {
    state.chat.react(caller.user.id, id, &emoji, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn mark_read(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(room_id): ApiPath<i64>,
    ApiJson(body): ApiJson<MarkReadRequest>,
) -> ApiResult<Json<RoomReadEvent>> {
    let last_read_id = state.chat.mark_read(caller.user.id, room_id, body.message_id).await?;
    Ok(Json(RoomReadEvent { room_id, last_read_id }))
}

async fn search(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchResponse>> {
    let found = state.chat.search(caller.user.id, &params.q, params.room_id, params.before, params.limit).await?;
    Ok(Json(SearchResponse { results: found.iter().map(Into::into).collect() }))
}
