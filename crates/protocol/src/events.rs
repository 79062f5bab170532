//! Socket.IO names: events, the rooms the server puts sockets in, and handshake error messages.
//! Handlers use these constants, never string literals.

/// The `connect_error` message for a missing, bad or revoked token.
pub const UNAUTHORIZED: &str = "unauthorized";

// Client → server.
pub const STATUS_CHANGE: &str = "status-change";

// Server → client.
pub const FRIEND_REQUEST: &str = "friend-request";
pub const FRIEND_ADDED: &str = "friend-added";
pub const FRIEND_REMOVED: &str = "friend-removed";
pub const FRIEND_STATUS_CHANGED: &str = "friend-status-changed";
pub const NOTIFICATION: &str = "notification";

/// The room every connection of user `id` joins: everything "to user X" reaches all of X's tabs.
pub fn user_room(user_id: i64) -> String {
    format!("user-{user_id}")
}

/// The room of every connection opened with one session's token, so logout can close them at once.
pub fn session_room(session_id: &str) -> String {
    format!("session-{session_id}")
}
