//! Socket.IO names: events, the rooms the server puts sockets in, and handshake error messages.
//! Handlers use these constants, never string literals.

/// The `connect_error` message for a missing, bad or revoked token.
pub const UNAUTHORIZED: &str = "unauthorized";

// Client → server.
pub const STATUS_CHANGE: &str = "status-change";
pub const JOIN_ROOM: &str = "join-room";
pub const LEAVE_ROOM: &str = "leave-room";
pub const WEBRTC_OFFER: &str = "webrtc-offer";
pub const WEBRTC_ANSWER: &str = "webrtc-answer";
pub const ICE_CANDIDATE: &str = "ice-candidate";
pub const START_SPEAKING: &str = "start-speaking";
pub const STOP_SPEAKING: &str = "stop-speaking";
pub const MIC_TOGGLE: &str = "mic-toggle";
pub const DEAFEN_TOGGLE: &str = "deafen-toggle";
pub const SEND_MESSAGE: &str = "send-message";
pub const CALL_FRIEND: &str = "call-friend";
pub const ACCEPT_CALL: &str = "accept-call";
pub const DECLINE_CALL: &str = "decline-call";
pub const CANCEL_CALL: &str = "cancel-call";

// Server → client.
pub const FRIEND_REQUEST: &str = "friend-request";
pub const FRIEND_ADDED: &str = "friend-added";
pub const FRIEND_REMOVED: &str = "friend-removed";
pub const FRIEND_STATUS_CHANGED: &str = "friend-status-changed";
pub const NOTIFICATION: &str = "notification";
pub const ROOM_INVITATION: &str = "room-invitation";
pub const ROOM_UPDATED: &str = "room-updated";
pub const ROOM_REMOVED: &str = "room-removed";
pub const ROOM_DELETED: &str = "room-deleted";
pub const USER_JOINED_ROOM: &str = "user-joined-room";
pub const USER_LEFT_ROOM: &str = "user-left-room";
pub const USER_SPEAKING: &str = "user-speaking";
pub const USER_MIC_TOGGLE: &str = "user-mic-toggle";
pub const USER_DEAFEN_TOGGLE: &str = "user-deafen-toggle";
pub const NEW_MESSAGE: &str = "new-message";
pub const INCOMING_CALL: &str = "incoming-call";
pub const CALL_ACCEPTED: &str = "call-accepted";
pub const CALL_DECLINED: &str = "call-declined";
pub const CALL_CANCELLED: &str = "call-cancelled";
pub const CALL_MISSED: &str = "call-missed";

/// The room every connection of user `id` joins: everything "to user X" reaches all of X's tabs.
pub fn user_room(user_id: i64) -> String {
    format!("user-{user_id}")
}

/// The socket room of everyone in room `id` right now (the seed's name).
pub fn room_room(room_id: i64) -> String {
    format!("room-{room_id}")
}

/// The room of every connection opened with one session's token, so logout can close them at once.
pub fn session_room(session_id: &str) -> String {
    format!("session-{session_id}")
}
