//! Delivers the services' events over Socket.IO.

use async_trait::async_trait;
use socketioxide::SocketIo;
use woxly_domain::service::events::{Event, EventSink};
use woxly_protocol::events::session_room;

pub struct SocketEvents {
    io: SocketIo,
}

impl SocketEvents {
    pub fn new(io: SocketIo) -> Self {
        Self { io }
    }
}

#[async_trait]
impl EventSink for SocketEvents {
    async fn publish(&self, event: Event) {
        match event {
            Event::SessionRevoked { user_id, session_id } => {
                if let Err(e) = self.io.to(session_room(&session_id)).disconnect().await {
                    tracing::error!(user_id, error = %e, "could not close the sockets of a revoked session");
                }
            }
        }
    }
}
