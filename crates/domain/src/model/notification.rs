//! Notifications (NOTIF-1): stored unread, pushed at once, listed and marked read by their owner.

use crate::{
    model::{Message, MessageId, Room, RoomId, User, UserId},
    time::Timestamp,
};

pub type NotificationId = i64;

/// The kinds of NOTIF-1, named as on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationKind {
    FriendRequest,
    RoomInvitation,
    IncomingCall,
    MissedCall,
    Message,
    /// MSG-6: someone named me in a message.
    Mention,
}

impl NotificationKind {
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
