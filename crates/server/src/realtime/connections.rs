//! An authenticated socket joins its user's, its session's and its own rooms, counts toward
//! presence, and gets every event handler; closing it leaves its rooms at once.

use socketioxide::extract::{AckSender, Event, SocketRef};
use woxly_domain::service::accounts::Caller;
use woxly_protocol::{
    ack::AckError,
    events::{
        ACCEPT_CALL, CALL_FRIEND, CANCEL_CALL, DEAFEN_TOGGLE, DECLINE_CALL, ICE_CANDIDATE, JOIN_ROOM, LEAVE_ROOM,
        MIC_TOGGLE, SEND_MESSAGE, START_SPEAKING, STATUS_CHANGE, STOP_SPEAKING, WEBRTC_ANSWER, WEBRTC_OFFER,
        session_room, user_room,
    },
};

use crate::{
    realtime::{acknowledge, calls, chat, on, presence, rooms, signaling},
    state::AppState,
};

pub async fn on_connect(socket: SocketRef, state: AppState) {
    let Some(caller) = socket.extensions.get::<Caller>() else {
        tracing::error!("socket connected without a caller; closing it");
        let _ = socket.disconnect();
        return;
    };
    let (user_id, connection_id) = (caller.user.id, socket.id.to_string());
    // Its own id as a room too, so a signal can be addressed to this one tab.
    socket.join([user_room(user_id), session_room(&caller.session_id), connection_id.clone()]);
    // A logout between the handshake's check and joining the session room would not have reached this
    // socket; one more look closes that window (a later logout reaches it through the room).
    if !state.accounts.session_is_live(&caller.session_id).await.unwrap_or(false) {
        let _ = socket.disconnect();
        return;
    }

    // Registered before presence counts the connection: a socket that closes while we await is then
    // either reported by this handler or caught by the `connected()` check below; both are idempotent.
    let for_close = state.clone();
    let closed_id = connection_id.clone();
    socket.on_disconnect(move || async move {
        for room_id in for_close.rooms.disconnected(&closed_id).await {
            for_close.calls.left_room(user_id, room_id).await;
        }
        if let Err(e) = for_close.presence.disconnected(user_id, &closed_id).await {
            tracing::error!(user_id, error = %e, "could not record a closed connection");
        }
    });
    if let Err(e) = state.presence.connected(user_id, &connection_id).await {
        tracing::error!(user_id, error = %e, "could not record a new connection");
    }
    if !socket.connected() {
        let _ = state.presence.disconnected(user_id, &connection_id).await;
    }

    on(&socket, STATUS_CHANGE, &state, presence::status_change);
    on(&socket, JOIN_ROOM, &state, rooms::join);
    on(&socket, LEAVE_ROOM, &state, rooms::leave);
    on(&socket, START_SPEAKING, &state, rooms::start_speaking);
    on(&socket, STOP_SPEAKING, &state, rooms::stop_speaking);
    on(&socket, MIC_TOGGLE, &state, rooms::mic_toggle);
    on(&socket, DEAFEN_TOGGLE, &state, rooms::deafen_toggle);
    on(&socket, WEBRTC_OFFER, &state, signaling::offer);
    on(&socket, WEBRTC_ANSWER, &state, signaling::answer);
    on(&socket, ICE_CANDIDATE, &state, signaling::candidate);
    on(&socket, SEND_MESSAGE, &state, chat::send);
    on(&socket, CALL_FRIEND, &state, calls::call);
    on(&socket, ACCEPT_CALL, &state, calls::accept);
    on(&socket, DECLINE_CALL, &state, calls::decline);
    on(&socket, CANCEL_CALL, &state, calls::cancel);
    socket.on_fallback(refuse_unknown_event);
    tracing::debug!(user_id, socket = %connection_id, "socket connected");
}

/// Every event that asks for an acknowledgement gets one, including events this server does not know.
async fn refuse_unknown_event(Event(event): Event, ack: AckSender) {
    acknowledge(ack, &AckError::new("unknown_event", format!("unknown event {event:?}")));
}
