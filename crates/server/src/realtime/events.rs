//! Delivers the services' events over Socket.IO, each to the personal rooms of the users it is for.

use async_trait::async_trait;
use serde::Serialize;
use socketioxide::{SocketIo, operators::BroadcastOperators};
use woxly_domain::service::{
    events::{CallOutcome, Event, EventSink},
    live_rooms::LiveChange,
};
use woxly_protocol::{
    calls::{CallEvent, IncomingCallEvent},
    chat::Message,
    events::{
        CALL_ACCEPTED, CALL_CANCELLED, CALL_DECLINED, CALL_MISSED, FRIEND_ADDED, FRIEND_REMOVED, FRIEND_REQUEST,
        FRIEND_STATUS_CHANGED, INCOMING_CALL, NEW_MESSAGE, NOTIFICATION, ROOM_DELETED, ROOM_INVITATION, ROOM_REMOVED,
        ROOM_UPDATED, USER_DEAFEN_TOGGLE, USER_JOINED_ROOM, USER_LEFT_ROOM, USER_MIC_TOGGLE, USER_SPEAKING, room_room,
        session_room, user_room,
    },
    friends::{FriendAddedEvent, FriendRemovedEvent, FriendRequestEvent, FriendStatusChangedEvent},
    notifications::Notification,
    rooms::{LiveStateEvent, RoomDetail, RoomInvitationEvent, RoomRef, UserInRoomEvent, UserJoinedEvent, participants},
    user::User,
};

pub struct SocketEvents {
    io: SocketIo,
}

impl SocketEvents {
    pub fn new(io: SocketIo) -> Self {
        Self { io }
    }

    /// Every socket of the namespace; none once the server is shutting down (the namespace is gone
    /// while the last disconnect handlers still announce departures, and `SocketIo::to` panics).
    fn sockets(&self) -> Option<BroadcastOperators> {
        self.io.of("/")
    }

    /// Emits `event` once to every socket of the given users.
    async fn emit_to(&self, users: impl IntoIterator<Item = i64>, event: &'static str, payload: &impl Serialize) {
        let rooms: Vec<String> = users.into_iter().map(user_room).collect();
        if let Some(sockets) = self.sockets() {
            emit(sockets.to(rooms), event, payload).await;
        }
    }

    /// Emits `event` to everyone in room `room_id` now, but the connection `except`.
    async fn emit_in_room(&self, room_id: i64, except: Option<String>, event: &'static str, payload: &impl Serialize) {
        let Some(operators) = self.sockets().map(|s| s.to(room_room(room_id))) else { return };
        emit(if let Some(connection) = except { operators.except(connection) } else { operators }, event, payload)
            .await;
    }
}

#[async_trait]
impl EventSink for SocketEvents {
    async fn publish(&self, event: Event) {
        match event {
            Event::SessionRevoked { user_id, session_id } => {
                let Some(sockets) = self.sockets() else { return };
                if let Err(e) = sockets.to(session_room(&session_id)).disconnect().await {
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
            Event::RoomInvitation { to, from, room } => {
                let payload = RoomInvitationEvent { from: User::public(&from), room: (&room).into() };
                self.emit_to([to], ROOM_INVITATION, &payload).await;
            }
            Event::RoomUpdated { to, room, participants: list } => {
                let payload = RoomDetail { room: (&room).into(), participants: participants(&list) };
                self.emit_to(to, ROOM_UPDATED, &payload).await;
            }
            Event::RoomAccessLost { room_id, users } => {
                let rooms: Vec<String> = users.into_iter().map(user_room).collect();
                let Some(sockets) = self.sockets() else { return };
                if let Err(e) = sockets.to(rooms).leave(room_room(room_id)).await {
                    tracing::error!(room_id, error = %e, "could not take sockets out of a room");
                }
            }
            Event::RoomRemoved { to, room_id } => self.emit_to([to], ROOM_REMOVED, &RoomRef { room_id }).await,
            Event::RoomDeleted { to, room_id } => self.emit_to(to, ROOM_DELETED, &RoomRef { room_id }).await,
            Event::UserJoinedRoom { room_id, participant, except } => {
                let payload = UserJoinedEvent {
                    user_id: participant.member.user.id,
                    room_id,
                    participant: (&participant).into(),
                };
                self.emit_in_room(room_id, except, USER_JOINED_ROOM, &payload).await;
            }
            Event::UserLeftRoom { room_id, user_id } => {
                self.emit_in_room(room_id, None, USER_LEFT_ROOM, &UserInRoomEvent { user_id, room_id }).await;
            }
            Event::LiveStateChanged { room_id, user_id, change, except } => {
                let (event, is_speaking, is_muted, is_deafened) = match change {
                    LiveChange::Speaking(v) => (USER_SPEAKING, Some(v), None, None),
                    LiveChange::Muted(v) => (USER_MIC_TOGGLE, None, Some(v), None),
                    LiveChange::Deafened(v) => (USER_DEAFEN_TOGGLE, None, None, Some(v)),
                };
                let payload = LiveStateEvent { user_id, room_id, is_speaking, is_muted, is_deafened };
                self.emit_in_room(room_id, except, event, &payload).await;
            }
            Event::NewMessage(message) => {
                self.emit_in_room(message.room_id, None, NEW_MESSAGE, &Message::from(&message)).await;
            }
            Event::IncomingCall { to, from, room } => {
                let payload = IncomingCallEvent { from: User::public(&from), room: (&room).into() };
                self.emit_to([to], INCOMING_CALL, &payload).await;
            }
            Event::CallOutcome { to, outcome, user_id, room_id } => {
                let event = match outcome {
                    CallOutcome::Accepted => CALL_ACCEPTED,
                    CallOutcome::Declined => CALL_DECLINED,
                    CallOutcome::Cancelled => CALL_CANCELLED,
                    CallOutcome::Missed => CALL_MISSED,
                };
                self.emit_to(to, event, &CallEvent { user_id, room_id }).await;
            }
        }
    }
}

/// Emits through `operators`; a failure is logged, never dropped silently.
async fn emit(operators: BroadcastOperators, event: &'static str, payload: &impl Serialize) {
    if let Err(e) = operators.emit(event, payload).await {
        tracing::error!(event, error = %e, "could not emit an event");
    }
}
