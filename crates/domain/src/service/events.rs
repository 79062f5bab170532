//! What the services tell the real-time edge. The server implements [`EventSink`] on top of Socket.IO;
//! the services never know about sockets.

use async_trait::async_trait;

use crate::model::UserId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A session was revoked (logout): its open sockets must be closed now (AUTH-6).
    SessionRevoked { user_id: UserId, session_id: String },
}

/// Delivers events. `publish` returns once the effect is done (a revoked session's sockets are closed),
/// so a service's answer never overtakes what it caused.
#[async_trait]
pub trait EventSink: Send + Sync {
    async fn publish(&self, event: Event);
}
