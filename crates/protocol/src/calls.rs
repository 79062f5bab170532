//! Calls on the wire (CALL-1…CALL-4).

use serde::{Deserialize, Serialize};

use crate::{rooms::Room, user::User};

/// `call-friend {friendId, roomId?}`: without `roomId`, the call is in the two friends' call room.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct CallFriend {
    pub friend_id: i64,
    pub room_id: Option<i64>,
}

/// `cancel-call {roomId, friendId}`.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct CancelCall {
    pub friend_id: i64,
    pub room_id: i64,
}

/// `accept-call` / `decline-call` `{roomId, callerId}`.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct AnswerCall {
    pub room_id: i64,
    pub caller_id: i64,
}

/// `call-friend` acknowledgement: `{ok: true, state: "ringing" | "missed", roomId}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CallAck {
    pub ok: bool,
    pub state: CallState,
    pub room_id: i64,
}

/// What `call-friend` led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum CallState {
    Ringing,
    /// The friend is offline: missed at once.
    Missed,
}

/// `incoming-call {from, room}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct IncomingCallEvent {
    pub from: User,
    pub room: Room,
}

/// `call-accepted`, `call-declined`, `call-cancelled`, `call-missed`: `{userId, roomId}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CallEvent {
    pub user_id: i64,
    pub room_id: i64,
}
