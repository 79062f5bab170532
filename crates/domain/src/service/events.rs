//! What the services tell the real-time edge, addressed to users. The server implements [`EventSink`]
//! on top of Socket.IO (every event "to user X" reaches all of X's tabs); the services never know
//! about sockets.

use async_trait::async_trait;

use crate::model::{Friend, FriendRequest, Notification, Status, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A session was revoked (logout): its open sockets must be closed now (AUTH-6).
    SessionRevoked { user_id: UserId, session_id: String },
    /// `user_id`'s status changed; told to each of `friends` (STATUS-3).
    FriendStatusChanged { friends: Vec<UserId>, user_id: UserId, status: Status },
    /// Told to the request's recipient (FRIEND-3).
    FriendRequestReceived { request: FriendRequest },
    /// Told to `to`: `friend` is now their friend (FRIEND-2).
    FriendAdded { to: UserId, friend: Friend },
    /// Told to `to`: they and `user_id` are no longer friends (FRIEND-5).
    FriendRemoved { to: UserId, user_id: UserId },
    /// A notification was stored for its owner (NOTIF-1).
    Notification(Notification),
}

/// Delivers events. `publish` returns once the effect is done (a revoked session's sockets are closed),
/// so a service's answer never overtakes what it caused.
#[async_trait]
pub trait EventSink: Send + Sync {
    async fn publish(&self, event: Event);
}
