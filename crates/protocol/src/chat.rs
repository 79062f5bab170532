//! Text chat on the wire (CHAT-1, CHAT-2): `{id, roomId, content, timestamp, sender: User, nonce?}`.

use serde::{Deserialize, Serialize};

use crate::user::User;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: i64,
    pub room_id: i64,
    pub content: String,
    pub timestamp: String,
    pub sender: User,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MessagesResponse {
    pub messages: Vec<Message>,
}

/// `GET /api/messages?roomId=&limit=50&before=<id>` (or `&offset=`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagesParams {
    pub room_id: i64,
    pub limit: Option<u32>,
    pub before: Option<i64>,
    pub offset: Option<u32>,
}

/// `send-message` payload.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendMessage {
    pub room_id: i64,
    pub content: String,
    pub nonce: Option<String>,
}

/// `send-message` acknowledgement: `{ok: true, message}`.
#[derive(Debug, Serialize)]
pub struct SendMessageAck {
    pub ok: bool,
    pub message: Message,
}
