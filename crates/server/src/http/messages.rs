//! Message history (CHAT-2): `GET /api/messages?roomId=&limit=&before=` (or `&offset=`), oldest first.

use axum::{Json, Router, extract::State, routing::get};
use woxly_domain::model::HistoryPage;
use woxly_protocol::chat::{MessagesParams, MessagesResponse};

use crate::{
    http::{
        error::ApiResult,
        extract::{ApiQuery, AuthUser},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/messages", get(history))
}

async fn history(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiQuery(params): ApiQuery<MessagesParams>,
) -> ApiResult<Json<MessagesResponse>> {
    // The cursor wins when both are given: offsets shift as messages arrive (CHAT-2).
    let page = params.before.map(HistoryPage::Before).or(params.offset.map(HistoryPage::Offset));
    let messages = state.chat.history(caller.user.id, params.room_id, page, params.limit).await?;
    Ok(Json(MessagesResponse { messages: messages.iter().map(Into::into).collect() }))
}
