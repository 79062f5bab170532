//! What the services tell the real-time edge. The server implements [`EventSink`] on top of Socket.IO;
//! the services never know about sockets.

use crate::model::UserId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A session was revoked (logout): its open sockets must be closed now (AUTH-6).
    SessionRevoked { user_id: UserId, session_id: String },
}

pub trait EventSink: Send + Sync {
    fn publish(&self, event: Event);
}
