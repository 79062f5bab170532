//! The forwarding server's signaling (VOICE-14): a room whose voice goes through the server (`voiceMode:
//! "sfu"`) has two peer connections per person, both with the server. The person publishes on one
//! (`media-publish`: their offer, the server's answer in the acknowledgement) and receives on the other,
//! which the server offers (`media-offer`, answered with `media-answer`) each time what they receive changes.
//! Every description says, per media section (`mid`), what travels in it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a room's voice and video travel: browser to browser, or through the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum VoiceMode {
    #[default]
    Mesh,
    Sfu,
}

/// What travels in one media section: a person's voice, camera, or screen share (its picture and sound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Voice,
    Camera,
    Screen,
}

/// `{type, sdp}`, as `RTCSessionDescriptionInit`.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct SessionDescription {
    #[serde(rename = "type")]
    pub kind: SdpType,
    pub sdp: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum SdpType {
    Offer,
    Answer,
}

/// `media-publish {roomId, offer, media}`: what this person sends, by mid (a section not named is their
/// voice). Sent when they join the voice and each time what they send changes.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PublishMedia {
    pub room_id: i64,
    /// The client's name for this pair of connections: a new one (the browser started over) replaces
    /// the old pair on the server.
    pub session: String,
    pub offer: SessionDescription,
    pub media: BTreeMap<String, MediaKind>,
}

/// The acknowledgement of `media-publish`: the server's answer.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct PublishAck {
    pub ok: bool,
    pub answer: SessionDescription,
}

/// Whose media a section of the receiving connection carries, and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ForwardedMedia {
    pub user_id: i64,
    pub kind: MediaKind,
}

/// `media-offer {roomId, offer, media}`: the server's offer for the receiving connection, with what each
/// of its sections carries. A section no longer in `media` is inactive (its sender left or stopped), and
/// may carry someone else's media of its kind in a later offer.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaOfferEvent {
    pub room_id: i64,
    pub offer: SessionDescription,
    pub media: BTreeMap<String, ForwardedMedia>,
}

/// `media-answer {roomId, answer}`: the answer to the last `media-offer`.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaAnswer {
    pub room_id: i64,
    pub answer: SessionDescription,
}

/// `media-view {roomId, views}`: how tall (in device pixels) the picture of each section of the
/// receiver's receiving connection (by mid) must be to fill where it is shown; 0 for one it does not
/// show. The server forwards each camera in the smallest of its sender's layers (simulcast) that tall.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaView {
    pub room_id: i64,
    pub views: BTreeMap<String, u32>,
}

/// The most sections one `media-view` names, and the tallest height it may say.
pub const MEDIA_VIEW_MAX_SECTIONS: usize = 256;
pub const MEDIA_VIEW_MAX_HEIGHT: u32 = 16_384;
