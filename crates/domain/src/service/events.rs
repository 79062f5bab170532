//! How the services tell the real-time edge what happened: an event of the wire vocabulary
//! ([`ServerEvent`]) for an [`Audience`]. The server implements [`EventSink`] on Socket.IO; the
//! services never know about sockets.

use async_trait::async_trait;
pub use woxly_protocol::events::{Audience, ServerEvent};

use crate::model::RoomId;

/// Delivers events. Each call returns once the effect is done (a revoked session's sockets are
/// closed), so a service's answer never overtakes what it caused.
#[async_trait]
pub trait EventSink: Send + Sync {
    /// Sends `event` to every connection in `to`.
    async fn publish(&self, to: Audience, event: ServerEvent);
    /// Closes every connection in `to` (a revoked session, AUTH-6).
    async fn disconnect(&self, to: Audience);
    /// The connections in `to` hear room `room_id`'s live events from now on (they entered it).
    async fn hear(&self, to: Audience, room_id: RoomId);
    /// The connections in `to` stop hearing room `room_id`'s live events at once (they lost access).
    async fn stop_hearing(&self, to: Audience, room_id: RoomId);
}
