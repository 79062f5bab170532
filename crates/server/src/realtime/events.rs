//! Delivers the services' events over Socket.IO: an [`Audience`] becomes socket rooms, and the event
//! goes to them under its wire name. Nothing here depends on which event it is.

use async_trait::async_trait;
use socketioxide::{SocketIo, adapter::Adapter, operators::BroadcastOperators};
use socketioxide_core::adapter::errors::{BroadcastError, SocketError};
use woxly_domain::{
    model::RoomId,
    service::events::{Audience, EventSink, ServerEvent},
};
use woxly_protocol::events::room_room;

pub struct SocketEvents<A: Adapter> {
    io: SocketIo<A>,
}

impl<A: Adapter> SocketEvents<A> {
    pub fn new(io: SocketIo<A>) -> Self {
        Self { io }
    }

    /// The sockets of `audience`; none once the server is shutting down (the namespace is gone while the
    /// last disconnect handlers still announce departures, and `SocketIo::to` panics).
    fn sockets(&self, audience: &Audience) -> Option<BroadcastOperators<A>> {
        let (rooms, except) = audience.socket_rooms();
        let operators = self.io.of("/")?.to(rooms);
        Some(match except {
            Some(connection) => operators.except(connection.to_owned()),
            None => operators,
        })
    }
}

#[async_trait]
impl<A: Adapter> EventSink for SocketEvents<A> {
    async fn publish(&self, to: Audience, event: ServerEvent) {
        let Some(sockets) = self.sockets(&to) else { return };
        match sockets.emit(event.name(), &event).await {
            Ok(()) => {}
            // A tab that closed while the event was on its way: routine, nothing for an operator to do.
            Err(BroadcastError::Socket(errors)) if errors.iter().all(|e| matches!(e, SocketError::Closed)) => {
                tracing::debug!(event = event.name(), "an event's receiver had just closed");
            }
            Err(e) => tracing::error!(event = event.name(), error = %e, "could not emit an event"),
        }
    }

    async fn disconnect(&self, to: Audience) {
        let Some(sockets) = self.sockets(&to) else { return };
        if let Err(e) = sockets.disconnect().await {
            tracing::error!(error = %e, "could not close sockets");
        }
    }

    async fn hear(&self, to: Audience, room_id: RoomId) {
        let Some(sockets) = self.sockets(&to) else { return };
        if let Err(e) = sockets.join(room_room(room_id)).await {
            tracing::error!(room_id, error = %e, "could not put sockets in a room");
        }
    }

    async fn stop_hearing(&self, to: Audience, room_id: RoomId) {
        let Some(sockets) = self.sockets(&to) else { return };
        if let Err(e) = sockets.leave(room_room(room_id)).await {
            tracing::error!(room_id, error = %e, "could not take sockets out of a room");
        }
    }
}
