//! The Socket.IO endpoint at `/socket.io/`: authenticated handshakes, personal rooms, presence.

mod auth;
mod connections;
pub mod events;
mod presence;

use std::time::Duration;

use serde::Serialize;
use socketioxide::{SocketIo, extract::AckSender, handler::ConnectHandler, layer::SocketIoLayer};

use crate::state::AppState;

/// Socket.IO messages larger than this close the connection (engine.io's own cap; QUALITY-3).
pub const MAX_SOCKET_PAYLOAD_BYTES: u64 = 64 * 1024;

/// The socket layer and its handle, before handlers are attached (the services need the handle).
pub fn layer() -> (SocketIoLayer, SocketIo) {
    SocketIo::builder()
        .max_payload(MAX_SOCKET_PAYLOAD_BYTES)
        .ws_max_message_size(MAX_SOCKET_PAYLOAD_BYTES as usize)
        .ws_max_frame_size(MAX_SOCKET_PAYLOAD_BYTES as usize)
        .connect_timeout(Duration::from_secs(10))
        .build_layer()
}

/// Attaches the handlers of the default namespace.
pub fn attach(io: &SocketIo, state: AppState) {
    let on_connect = {
        let state = state.clone();
        move |socket| connections::on_connect(socket, state.clone())
    };
    let authenticate = move |socket, auth| auth::authenticate(socket, auth, state.clone());
    io.ns("/", on_connect.with(authenticate));
}

/// Answers a refused event with `{ok: false, error, code}`; internal failures are logged, not told.
fn refuse(ack: AckSender, error: &woxly_domain::Error) {
    if let woxly_domain::Error::Internal(context) = error {
        tracing::error!(%context, "socket event failed");
    }
    acknowledge(ack, &woxly_protocol::ack::AckError::from(error));
}

/// Answers an event's acknowledgement, if the client asked for one.
fn acknowledge(ack: AckSender, answer: &impl Serialize) {
    if let Err(e) = ack.send(answer) {
        tracing::debug!(error = %e, "could not acknowledge an event");
    }
}
