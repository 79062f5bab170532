//! An authenticated socket joins its user's and its session's rooms and counts toward presence.

use socketioxide::extract::{AckSender, Event, SocketRef};
use woxly_domain::service::accounts::Caller;
use woxly_protocol::{
    ack::AckError,
    events::{STATUS_CHANGE, session_room, user_room},
};

use crate::{
    realtime::{acknowledge, presence},
    state::AppState,
};

pub async fn on_connect(socket: SocketRef, state: AppState) {
    let Some(caller) = socket.extensions.get::<Caller>() else {
        tracing::error!("socket connected without a caller; closing it");
        let _ = socket.disconnect();
        return;
    };
    let (user_id, connection_id) = (caller.user.id, socket.id.to_string());
    socket.join([user_room(user_id), session_room(&caller.session_id)]);

    // Registered before presence counts the connection: a socket that closes while we await is then
    // either reported by this handler or caught by the `connected()` check below; both are idempotent.
    let presence = state.presence.clone();
    let closed_id = connection_id.clone();
    socket.on_disconnect(move || async move {
        if let Err(e) = presence.disconnected(user_id, &closed_id).await {
            tracing::error!(user_id, error = %e, "could not record a closed connection");
        }
    });
    if let Err(e) = state.presence.connected(user_id, &connection_id).await {
        tracing::error!(user_id, error = %e, "could not record a new connection");
    }
    if !socket.connected() {
        let _ = state.presence.disconnected(user_id, &connection_id).await;
    }
    let for_status = state.clone();
    socket.on(STATUS_CHANGE, move |caller, change, ack| {
        presence::on_status_change(caller, change, ack, for_status.clone())
    });
    socket.on_fallback(refuse_unknown_event);
    tracing::debug!(user_id, socket = %connection_id, "socket connected");
}

/// Every event that asks for an acknowledgement gets one, including events this server does not know.
async fn refuse_unknown_event(Event(event): Event, ack: AckSender) {
    acknowledge(ack, &AckError::new("unknown_event", format!("unknown event {event:?}")));
}
