//! Text chat on the wire (CHAT-1, CHAT-2, MSG-2…MSG-6): `{id, roomId, content, timestamp, sender: User,
//! nonce?, replyTo?, editedAt?, deleted?, reactions?, mentions?, attachments?}`; the optional fields are
//! left out when they say nothing (no reply, never edited, not deleted, no reactions, no mentions, no
//! files). Message search (SEARCH-1) answers with messages and their rooms.

use serde::{Deserialize, Serialize};

use crate::{attachments::Attachment, rooms::Room, user::User};

#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: i64,
    pub room_id: i64,
    pub content: String,
    pub timestamp: String,
    pub sender: User,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub nonce: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reply_to: Option<Quote>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub edited_at: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub deleted: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<_>")]
    pub reactions: Vec<Reaction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<_>")]
    pub mentions: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<_>")]
    pub attachments: Vec<Attachment>,
}

/// The message a reply answers: `{id, sender, content (its first line), deleted}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct Quote {
    pub id: i64,
    pub sender: User,
    pub content: String,
    pub deleted: bool,
}

/// `{emoji, count, userIds}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Reaction {
    pub emoji: String,
    pub count: usize,
    pub user_ids: Vec<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct MessagesResponse {
    pub messages: Vec<Message>,
}

/// `GET /api/messages?roomId=&limit=50&before=<id>` (or `&after=`, `&around=`, `&offset=`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagesParams {
    pub room_id: i64,
    pub limit: Option<u32>,
    pub before: Option<i64>,
    pub after: Option<i64>,
    pub around: Option<i64>,
    pub offset: Option<u32>,
}

/// `send-message` payload.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct SendMessage {
    pub room_id: i64,
    pub content: String,
    pub nonce: Option<String>,
    /// MSG-3: the message of the same room this one answers.
    pub reply_to: Option<i64>,
    /// FILE-1: the sender's uploads to this room to send with it; the text may then be empty.
    #[serde(default)]
    #[ts(optional, as = "Option<_>")]
    pub attachment_ids: Vec<i64>,
}

/// `POST /api/messages` body: `send-message` over REST, for bots.
pub type SendMessageRequest = SendMessage;

/// `edit-message` payload; `PATCH /api/messages/:id` takes `{content}`.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct EditMessage {
    pub message_id: i64,
    pub content: String,
}

#[derive(Debug, Deserialize)]
pub struct EditMessageRequest {
    pub content: String,
}

/// `delete-message` payload: `{messageId}`.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct MessageRef {
    pub message_id: i64,
}

/// `add-reaction` / `remove-reaction` payload.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct ReactionRequest {
    pub message_id: i64,
    pub emoji: String,
}

/// `typing` payload: `{roomId}`.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct TypingRequest {
    pub room_id: i64,
}

/// `mark-read` payload; `POST /api/rooms/:id/read` takes `{messageId}`.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct MarkRead {
    pub room_id: i64,
    pub message_id: i64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkReadRequest {
    pub message_id: i64,
}

/// `message-updated` / `edit-message` acknowledgement and `PATCH` answer carry the message.
#[derive(Debug, Serialize, Deserialize)]
pub struct MessageResponse {
    pub message: Message,
}

/// `message-deleted`: `{messageId, roomId}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageDeletedEvent {
    pub message_id: i64,
    pub room_id: i64,
}

/// `reaction-added` / `reaction-removed`: `{messageId, roomId, emoji, userId}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ReactionEvent {
    pub message_id: i64,
    pub room_id: i64,
    pub emoji: String,
    pub user_id: i64,
}

/// `user-typing`: `{roomId, userId, username}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TypingEvent {
    pub room_id: i64,
    pub user_id: i64,
    pub username: String,
}

/// `room-read`, to the reader's every tab, and the `mark-read` acknowledgement's body:
/// `{roomId, lastReadId}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RoomReadEvent {
    pub room_id: i64,
    pub last_read_id: i64,
}

/// `send-message` acknowledgement: `{ok: true, message}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct SendMessageAck {
    pub ok: bool,
    pub message: Message,
}

/// `mark-read` acknowledgement: `{ok: true, roomId, lastReadId}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct RoomReadAck {
    pub ok: bool,
    #[serde(flatten)]
    pub read: RoomReadEvent,
}

/// `GET /api/search/messages?q=&roomId=&before=<id>&limit=25`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchParams {
    pub q: String,
    pub room_id: Option<i64>,
    pub before: Option<i64>,
    pub limit: Option<u32>,
}

/// One message found, with its room.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "MessageSearchResult")]
pub struct SearchResult {
    pub message: Message,
    pub room: Room,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SearchResponse {
    pub results: Vec<SearchResult>,
}
