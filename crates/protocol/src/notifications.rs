//! Notifications on the wire (NOTIF-1, NOTIF-3): `{id, type, isRead, timestamp, from: User}`.

use serde::{Deserialize, Serialize};

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
