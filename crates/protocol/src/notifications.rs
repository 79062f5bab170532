//! Notifications on the wire (NOTIF-1, NOTIF-3): `{id, type, isRead, timestamp, from: User}`.

use serde::{Deserialize, Serialize};
use woxly_domain::model;

use crate::{chat::Message, rooms::Room, user::User};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub is_read: bool,
    pub timestamp: String,
    pub from: User,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub room: Option<Room>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
}

impl From<&model::Notification> for Notification {
    fn from(n: &model::Notification) -> Self {
        Self {
            id: n.id,
            kind: n.kind.as_str(),
            is_read: n.is_read,
            timestamp: n.created_at.to_rfc3339(),
            from: User::public(&n.from),
            room: n.room.as_ref().map(Into::into),
            message: n.message.as_ref().map(Into::into),
        }
    }
}

#[derive(Debug, Serialize)]
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
