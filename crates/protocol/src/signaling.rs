//! WebRTC signaling on the wire (VOICE-2, VOICE-3): `{to, offer|answer|candidate}` in,
//! `{from, offer|answer|candidate, roomId}` out, with `from` always set by the server.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `webrtc-offer`, `webrtc-answer`, `ice-candidate` from a client. The body (`offer`, `answer` or
/// `candidate`) is relayed as it is; `roomId` picks the room when both are in several.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct Signal {
    pub to: i64,
    #[ts(optional = nullable)]
    pub room_id: Option<i64>,
    #[ts(optional, type = "SignalBody")]
    pub offer: Option<Value>,
    #[ts(optional, type = "SignalBody")]
    pub answer: Option<Value>,
    #[ts(optional, type = "SignalBody")]
    pub candidate: Option<Value>,
}

/// What the target receives.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RelayedSignal {
    pub from: i64,
    pub room_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "SignalBody")]
    pub offer: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "SignalBody")]
    pub answer: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "SignalBody")]
    pub candidate: Option<Value>,
}
