//! Delivers the services' events over Socket.IO, each to the personal rooms of the users it is for.

use async_trait::async_trait;
use serde::Serialize;
use socketioxide::SocketIo;
use woxly_domain::service::events::{Event, EventSink};
use woxly_protocol::{
    events::{
        FRIEND_ADDED, FRIEND_REMOVED, FRIEND_REQUEST, FRIEND_STATUS_CHANGED, NOTIFICATION, session_room, user_room,
    },
    friends::{FriendAddedEvent, FriendRemovedEvent, FriendRequestEvent, FriendStatusChangedEvent},
    notifications::Notification,
    user::User,
};

pub struct SocketEvents {
    io: SocketIo,
}

impl SocketEvents {
    pub fn new(io: SocketIo) -> Self {
        Self { io }
    }

    /// Emits `event` once to every socket of the given users; a failure is logged, never dropped silently.
    async fn emit_to(&self, users: impl IntoIterator<Item = i64>, event: &'static str, payload: &impl Serialize) {
        let rooms: Vec<String> = users.into_iter().map(user_room).collect();
        if let Err(e) = self.io.to(rooms).emit(event, payload).await {
            tracing::error!(event, error = %e, "could not emit an event");
        }
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
            Event::FriendStatusChanged { friends, user_id, status } => {
                self.emit_to(friends, FRIEND_STATUS_CHANGED, &FriendStatusChangedEvent { user_id, status }).await;
            }
            Event::FriendRequestReceived { request } => {
                let payload = FriendRequestEvent { request: (&request).into(), from: User::public(&request.from) };
                self.emit_to([request.to.id], FRIEND_REQUEST, &payload).await;
            }
            Event::FriendAdded { to, friend } => {
                self.emit_to([to], FRIEND_ADDED, &FriendAddedEvent { friend: (&friend).into() }).await;
            }
            Event::FriendRemoved { to, user_id } => {
                self.emit_to([to], FRIEND_REMOVED, &FriendRemovedEvent { user_id }).await;
            }
            Event::Notification(notification) => {
                self.emit_to([notification.user_id], NOTIFICATION, &Notification::from(&notification)).await;
            }
        }
    }
}
