//! Notifications (NOTIF-1): stored unread, pushed at once, listed and marked read by their owner.

use crate::{
    model::{Message, MessageId, Room, RoomId, User, UserId},
    time::Timestamp,
};

pub type NotificationId = i64;

/// The kinds of NOTIF-1, named as on the wire.
pub use woxly_protocol::notifications::NotificationType as NotificationKind;

/// A notification about to be stored for `user_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub user_id: UserId,
    pub kind: NotificationKind,
    pub from_user_id: UserId,
    /// The room it is about (invitations, calls, messages).
    pub room_id: Option<RoomId>,
    /// The message it is about (`message` and `mention` notifications).
    pub message_id: Option<MessageId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    /// Whose notification this is.
    pub user_id: UserId,
    pub kind: NotificationKind,
    pub is_read: bool,
    pub created_at: Timestamp,
    pub from: User,
    pub room: Option<Room>,
    pub message: Option<Message>,
}
