//! What the services tell the real-time edge, addressed to users. The server implements [`EventSink`]
//! on top of Socket.IO (every event "to user X" reaches all of X's tabs); the services never know
//! about sockets.

use async_trait::async_trait;

use crate::{
    model::{Friend, FriendRequest, Message, Notification, Participant, Room, RoomId, Status, User, UserId},
    service::live_rooms::LiveChange,
};

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
    /// Told to `to`: `from` invited them to `room` (ROOM-1).
    RoomInvitation { to: UserId, from: User, room: Room },
    /// The membership of `room` changed; told to its members and invitees (ROOM-3).
    RoomUpdated { to: Vec<UserId>, room: Room, participants: Vec<Participant> },
    /// `users` may no longer hear `room_id`'s live events: their connections leave it at once.
    RoomAccessLost { room_id: RoomId, users: Vec<UserId> },
    /// Told to `to`: the owner removed them from the room.
    RoomRemoved { to: UserId, room_id: RoomId },
    /// Told to `to`: the owner deleted the room.
    RoomDeleted { to: Vec<UserId>, room_id: RoomId },
    /// Told to those in the room but `except` (the joining connection): someone entered (ROOM-4).
    UserJoinedRoom { room_id: RoomId, participant: Participant, except: Option<String> },
    /// Told to those in the room: someone is no longer in it.
    UserLeftRoom { room_id: RoomId, user_id: UserId },
    /// Told to those in the room but `except`: someone's speaking, mic or deafen state changed.
    LiveStateChanged { room_id: RoomId, user_id: UserId, change: LiveChange, except: Option<String> },
    /// Told to those in the room: a stored message (CHAT-1).
    NewMessage(Message),
    /// Told to every tab of `to`: `from` is calling them in `room` (CALL-1).
    IncomingCall { to: UserId, from: User, room: Room },
    /// A call was answered, declined, cancelled or missed; told to `to`. `user_id` is who did it (for a
    /// missed call, the other side).
    CallOutcome { to: Vec<UserId>, outcome: CallOutcome, user_id: UserId, room_id: RoomId },
}

/// How a ringing call ended (CALL-2, CALL-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    Accepted,
    Declined,
    Cancelled,
    Missed,
}

/// Delivers events. `publish` returns once the effect is done (a revoked session's sockets are closed),
/// so a service's answer never overtakes what it caused.
#[async_trait]
pub trait EventSink: Send + Sync {
    async fn publish(&self, event: Event);
}
