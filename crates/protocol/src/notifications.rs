//! Notifications on the wire (NOTIF-1, NOTIF-3): `{id, type, isRead, timestamp, from: User}`.

use serde::{Deserialize, Serialize};

use crate::{chat::Message, rooms::Room, user::User};

#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "AppNotification")]
pub struct Notification {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: NotificationType,
    pub is_read: bool,
    pub timestamp: String,
    pub from: User,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub room: Option<Room>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub message: Option<Message>,
}

/// The kinds of notification (NOTIF-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum NotificationType {
    FriendRequest,
    RoomInvitation,
    IncomingCall,
    MissedCall,
    Message,
    /// MSG-6: someone named me in a message.
    Mention,
}

impl NotificationType {
    pub const ALL: [Self; 6] =
        [Self::FriendRequest, Self::RoomInvitation, Self::IncomingCall, Self::MissedCall, Self::Message, Self::Mention];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::FriendRequest => "friend-request",
            Self::RoomInvitation => "room-invitation",
            Self::IncomingCall => "incoming-call",
            Self::MissedCall => "missed-call",
            Self::Message => "message",
            Self::Mention => "mention",
        }
    }

    pub fn from_stored(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == s)
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct NotificationsResponse {
    pub notifications: Vec<Notification>,
}

/// `GET /api/notifications?unread=true&limit=50&before=<id>`.
#[derive(Debug, Deserialize)]
pub struct NotificationParams {
    #[serde(default)]
    pub unread: bool,
    pub limit: Option<u32>,
    pub before: Option<i64>,
}

/// How much one room (or direct conversation) tells me (NOTIF-4): every message, only what mentions
/// me, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum NotificationLevel {
    #[default]
    All,
    Mentions,
    Nothing,
}

/// For how long a room is muted (NOTIF-4): not, an hour, eight hours, or until turned back on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub enum MuteFor {
    #[serde(rename = "off")]
    Off,
    #[serde(rename = "1h")]
    OneHour,
    #[serde(rename = "8h")]
    EightHours,
    #[serde(rename = "forever")]
    Forever,
}

/// `PUT /api/rooms/:id/notifications`: my choices for the room; without `mute`, a mute running now
/// keeps running.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SetRoomNotifications {
    pub level: NotificationLevel,
    #[serde(default)]
    #[ts(optional)]
    pub mute: Option<MuteFor>,
}

/// `GET`/`PUT /api/rooms/:id/notifications`: what the room tells me now. `mutedUntil` while muted for a
/// time; `mutedForever` when muted until turned back on.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RoomNotifications {
    pub level: NotificationLevel,
    pub muted_until: Option<String>,
    pub muted_forever: bool,
}
