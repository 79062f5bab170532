//! An authenticated socket joins its user's, its session's and its own rooms, gets every event
//! handler and counts toward presence before the handshake completes; closing it leaves its rooms at
//! once and counts it out.

use std::time::Duration;
use woxly_protocol::error::ErrorCode;

use socketioxide::{
    adapter::Adapter,
    extract::{AckSender, Event, SocketRef},
};
use woxly_domain::service::accounts::Caller;
use woxly_protocol::{
    ack::AckError,
    events::{
        ACCEPT_CALL, ADD_REACTION, CALL_FRIEND, CAMERA_TOGGLE, CANCEL_CALL, DEAFEN_TOGGLE, DECLINE_CALL,
        DELETE_MESSAGE, E2EE_KEY, EDIT_MESSAGE, ICE_CANDIDATE, JOIN_ROOM, LEAVE_ROOM, MARK_READ, MEDIA_ANSWER,
        MEDIA_PUBLISH, MEDIA_VIEW, MIC_TOGGLE, OPEN_ROOM, REMOVE_REACTION, SEND_MESSAGE, SHARE_TOGGLE, START_SPEAKING,
        STATUS_CHANGE, STOP_SPEAKING, TYPING, WATCH_SHARE, WEBRTC_ANSWER, WEBRTC_OFFER, session_room, user_room,
    },
};

use crate::{
    realtime::{acknowledge, calls, chat, in_order::InOrder, media, on, presence, rooms, signaling, video},
    state::AppState,
};

/// Readies an authenticated socket before the handshake completes. socketioxide sends the client its
/// CONNECT and only then spawns the connect handler, so whatever that handler set up would race the
/// client's first events (an event with no handler yet is dropped without an acknowledgement).
pub fn prepare<A: Adapter>(socket: &SocketRef<A>, caller: &Caller, state: &AppState) {
    let (user_id, connection_id) = (caller.user.id, socket.id.to_string());
    // Its own id as a room too, so a signal can be addressed to this one tab.
    socket.join([user_room(user_id), session_room(&caller.session_id), connection_id.clone()]);
    // Its events take effect in the order it sends them (see `on`).
    socket.extensions.insert(InOrder::default());
    // Closing leaves every room and counts out of presence (the handshake counted it in first).
    let for_close = state.clone();
    socket.on_disconnect(move || async move { connection_closed(&for_close, user_id, &connection_id).await });
    on(socket, STATUS_CHANGE, state, presence::status_change);
    on(socket, JOIN_ROOM, state, rooms::join);
    on(socket, OPEN_ROOM, state, rooms::open);
    on(socket, LEAVE_ROOM, state, rooms::leave);
    on(socket, START_SPEAKING, state, rooms::start_speaking);
    on(socket, STOP_SPEAKING, state, rooms::stop_speaking);
    on(socket, MIC_TOGGLE, state, rooms::mic_toggle);
    on(socket, DEAFEN_TOGGLE, state, rooms::deafen_toggle);
    on(socket, CAMERA_TOGGLE, state, video::camera_toggle);
    on(socket, SHARE_TOGGLE, state, video::share_toggle);
    on(socket, WATCH_SHARE, state, video::watch_share);
    on(socket, WEBRTC_OFFER, state, signaling::offer);
    on(socket, WEBRTC_ANSWER, state, signaling::answer);
    on(socket, ICE_CANDIDATE, state, signaling::candidate);
    on(socket, E2EE_KEY, state, signaling::key);
    on(socket, SEND_MESSAGE, state, chat::send);
    on(socket, EDIT_MESSAGE, state, chat::edit);
    on(socket, DELETE_MESSAGE, state, chat::delete);
    on(socket, ADD_REACTION, state, chat::add_reaction);
    on(socket, REMOVE_REACTION, state, chat::remove_reaction);
    on(socket, TYPING, state, chat::typing);
    on(socket, MARK_READ, state, chat::mark_read);
    on(socket, CALL_FRIEND, state, calls::call);
    on(socket, ACCEPT_CALL, state, calls::accept);
    on(socket, DECLINE_CALL, state, calls::decline);
    on(socket, CANCEL_CALL, state, calls::cancel);
    on(socket, MEDIA_PUBLISH, state, media::publish);
    on(socket, MEDIA_ANSWER, state, media::answer);
    on(socket, MEDIA_VIEW, state, media::view);
    socket.on_fallback(refuse_unknown_event);
}

/// A connection is gone (its socket closed, or its node stopped): it leaves every room at once and
/// counts out of presence.
pub async fn connection_closed(state: &AppState, user_id: i64, connection_id: &str) {
    state.live_rooms.disconnected(connection_id).await;
    if let Some(media) = &state.media {
        media.leave(connection_id);
    }
    if let Err(e) = state.presence.disconnected(user_id, connection_id).await {
        tracing::error!(user_id, error = %e, "could not record a closed connection");
    }
}

/// How long a handshake may take to complete before an early-counted connection that never completed
/// is counted out again.
const HANDSHAKE_GRACE: Duration = Duration::from_secs(5);

/// Counts the connection toward presence before the client hears CONNECT, so a tab that opens just as
/// the user's other tab closes never shows the user offline in between (STATUS-3). If the handshake
/// then fails (socketioxide drops a socket whose CONNECT cannot be sent without calling its disconnect
/// handler), nothing would count it out: a watchdog does, once the handshake had time to complete.
pub async fn count_in_early<A: Adapter>(socket: &SocketRef<A>, user_id: i64, state: &AppState) {
    let connection_id = socket.id.to_string();
    if let Err(e) = state.presence.connected(user_id, &connection_id).await {
        tracing::error!(user_id, error = %e, "could not record a new connection");
    }
    let (socket, state) = (socket.clone(), state.clone());
    tokio::spawn(async move {
        tokio::time::sleep(HANDSHAKE_GRACE).await;
        if !socket.connected() {
            // Idempotent: a connection that completed and has closed since was counted out already.
            let _ = state.presence.disconnected(user_id, &connection_id).await;
        }
    });
}

/// After the handshake: the session is checked once more (the connection was counted in the handshake).
pub async fn on_connect<A: Adapter>(socket: SocketRef<A>, state: AppState) {
    let Some(caller) = socket.extensions.get::<Caller>() else {
        tracing::error!("socket connected without a caller; closing it");
        let _ = socket.disconnect();
        return;
    };
    // A logout between the handshake's check and joining the session room would not have reached this
    // socket; one more look closes that window (a later logout reaches it through the room).
    if !state.accounts.session_is_live(&caller.session_id).await.unwrap_or(false) {
        let _ = socket.disconnect();
        return;
    }
    tracing::debug!(user_id = caller.user.id, socket = %socket.id, "socket connected");
}

/// Every event that asks for an acknowledgement gets one, including events this server does not know.
async fn refuse_unknown_event<A: Adapter>(Event(event): Event, ack: AckSender<A>) {
    acknowledge(ack, &AckError::new(ErrorCode::UnknownEvent, format!("unknown event {event:?}")));
}
