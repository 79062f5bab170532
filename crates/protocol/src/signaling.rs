//! WebRTC signaling on the wire (VOICE-2, VOICE-3): `{to, offer|answer|candidate|key}` in,
//! `{from, offer|answer|candidate|key, roomId}` out, with `from` always set by the server.

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
    #[ts(optional)]
    pub key: Option<E2eeKey>,
}

/// The body of `e2ee-key` (VOICE-15): the sender's identity key and, once they know the receiver's,
/// their media key wrapped for the receiver alone. The server relays it as it is: it cannot unwrap the
/// key, and a substituted identity changes the room's safety code.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
pub struct E2eeKey {
    /// The sender's identity: an ECDH P-256 public key, raw (65 bytes), in base64.
    pub identity: String,
    /// Without it, the sender asks for the receiver's media key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<WrappedKey>,
}

/// A sender's media key, wrapped (AES-GCM) with a key only the sender and the receiver can derive.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct WrappedKey {
    /// Names the key in every frame it encrypts (random, per sender and key).
    pub tag: u32,
    /// The 12-byte nonce and the ciphertext, in base64.
    pub wrapped: String,
}

/// The longest `identity` or `wrapped` relayed: a P-256 key and a wrapped AES key need under 100.
pub const E2EE_FIELD_MAX: usize = 256;

impl E2eeKey {
    /// Neither field longer than a key needs: the relay carries keys, not payloads.
    pub fn is_bounded(&self) -> bool {
        self.identity.len() <= E2EE_FIELD_MAX && self.key.as_ref().is_none_or(|key| key.wrapped.len() <= E2EE_FIELD_MAX)
    }
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
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key: Option<E2eeKey>,
}
