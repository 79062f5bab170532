//! The Socket.IO endpoint at `/socket.io/`: authenticated handshakes, personal rooms, and one module per
//! capability's events (presence, rooms, signaling, video, chat, calls).

mod auth;
mod calls;
mod chat;
mod connections;
pub mod events;
mod in_order;
mod media;
mod presence;
mod request_head;
mod rooms;
mod signaling;
mod video;

pub use connections::connection_closed;
pub use request_head::copy_socket_request_head;

use std::{future::Future, time::Duration};
use woxly_protocol::error::ErrorCode;

use serde::{Serialize, de::DeserializeOwned};
use socketioxide::{
    SocketIo,
    adapter::{Adapter, LocalAdapter},
    extract::{AckSender, Extension, SocketRef, TryData},
    handler::ConnectHandler,
    layer::SocketIoLayer,
};
use socketioxide_core::adapter::{CoreAdapter, DefinedAdapter};
use woxly_domain::{
    Error,
    service::{accounts::Caller, limits::Verdict},
};
use woxly_protocol::{ack::AckError, events::ClientEvent, text};

use crate::{realtime::in_order::InOrder, state::AppState};

/// Socket.IO messages larger than this close the connection (engine.io's own cap; QUALITY-3).
pub const MAX_SOCKET_PAYLOAD_BYTES: u64 = 64 * 1024;

/// Packets queued per connection before an emit to it fails. socketioxide's default (128) drops live
/// events for a client that is briefly slower than a chat burst; the queue's memory is taken as it fills.
pub const MAX_QUEUED_PACKETS: usize = 1024;

/// Bytes the WebSocket reads at a time, and what an idle connection keeps allocated for reading.
/// engine.io's default is 4 KiB; nearly every event a client sends is smaller than 1 KiB (an SDP
/// offer of 2–4 KiB takes a few reads), so 1 KiB saves 3 KiB on each of thousands of idle connections.
pub const WS_READ_BUFFER_BYTES: usize = 1024;

/// The socket layer and its handle, before handlers are attached (the services need the handle).
/// `A` is the adapter: in this process ([`socketioxide::adapter::LocalAdapter`]) or across nodes.
pub fn layer<A: Adapter>(
    adapter: <A as CoreAdapter<socketioxide::adapter::Emitter>>::State,
) -> (SocketIoLayer<A>, SocketIo<A>) {
    SocketIo::builder()
        .with_adapter::<A>(adapter)
        .max_payload(MAX_SOCKET_PAYLOAD_BYTES)
        .max_buffer_size(MAX_QUEUED_PACKETS)
        .ws_max_message_size(MAX_SOCKET_PAYLOAD_BYTES as usize)
        .ws_max_frame_size(MAX_SOCKET_PAYLOAD_BYTES as usize)
        .ws_read_buffer_size(WS_READ_BUFFER_BYTES)
        .connect_timeout(Duration::from_secs(10))
        .build_layer()
}

/// Attaches the handlers of the default namespace; with a remote adapter, the result is ready once
/// the node listens to the others.
pub fn attach<A: Adapter + DefinedAdapter>(io: &SocketIo<A>, state: AppState) -> A::InitRes {
    let on_connect = {
        let state = state.clone();
        move |socket| connections::on_connect(socket, state.clone())
    };
    let authenticate = move |socket, auth| auth::authenticate(socket, auth, state.clone());
    io.ns("/", on_connect.with(authenticate))
}

/// What an event handler works with: the services, who is calling, and on which connection.
pub struct Ctx {
    pub state: AppState,
    pub caller: Caller,
    connection: String,
}

impl Ctx {
    pub fn connection(&self) -> String {
        self.connection.clone()
    }
}

/// An adapter a node can run on: this process's ([`LocalAdapter`]), or the cluster's.
pub trait NodeAdapter: Adapter + DefinedAdapter {
    /// Waits until the namespace [`attach`] made is ready (a remote adapter hears the other nodes).
    fn ready(init: Self::InitRes) -> impl Future<Output = Result<(), String>> + Send;
}

impl NodeAdapter for LocalAdapter {
    async fn ready((): ()) -> Result<(), String> {
        Ok(())
    }
}

/// Registers `handler` for `event`: once the connection's earlier events are done (see [`in_order`]),
/// the sender's event budget is checked (else `rate_limited`), the payload is parsed (else
/// `invalid_payload`), the handler runs, and its answer or error is the acknowledgement. Every event
/// is handled the same way. The event names its payload and answer types (the protocol's catalogue),
/// and the handler must take and give exactly those.
pub fn on<A, T, R, F, Fut>(socket: &SocketRef<A>, event: ClientEvent<T, R>, state: &AppState, handler: F)
where
    A: Adapter,
    T: DeserializeOwned + Send + Sync + 'static,
    R: Serialize,
    F: Fn(Ctx, T) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<R, Error>> + Send + 'static,
{
    let (state, event) = (state.clone(), event.name);
    socket.on(
        event,
        move |socket: SocketRef<A>,
              Extension(caller): Extension<Caller>,
              Extension(line): Extension<InOrder>,
              TryData(payload): TryData<serde_json::Value>,
              ack: AckSender<A>| {
            let (state, handler) = (state.clone(), handler.clone());
            let mut turn = line.take_turn();
            async move {
                turn.wait().await;
                let budget = state.socket_events.take(&caller.user.id.to_string()).await;
                if let Err(refusal) = budget.and_then(Verdict::into_result) {
                    return refuse(ack, &refusal);
                }
                let payload = match payload {
                    Ok(payload) if text::has_nul(&payload) => {
                        let refusal =
                            AckError::new(ErrorCode::InvalidCharacters, "text may not contain the NUL character");
                        return acknowledge(ack, &refusal);
                    }
                    Ok(payload) => serde_json::from_value::<T>(payload).ok(),
                    Err(_) => None,
                };
                let Some(payload) = payload else {
                    return acknowledge(
                        ack,
                        &AckError::new(ErrorCode::InvalidPayload, format!("{event}: unexpected payload")),
                    );
                };
                match handler(Ctx { state, caller, connection: socket.id.to_string() }, payload).await {
                    Ok(answer) => acknowledge(ack, &answer),
                    Err(e) => refuse(ack, &e),
                }
            }
        },
    );
}

/// Answers a refused event with `{ok: false, error, code}`; internal failures are logged, not told.
fn refuse<A: Adapter>(ack: AckSender<A>, error: &Error) {
    if let Error::Internal(context) = error {
        tracing::error!(%context, "socket event failed");
    }
    acknowledge(ack, &AckError::from(error));
}

/// Answers an event's acknowledgement, if the client asked for one.
fn acknowledge<A: Adapter>(ack: AckSender<A>, answer: &impl Serialize) {
    if let Err(e) = ack.send(answer) {
        tracing::debug!(error = %e, "could not acknowledge an event");
    }
}
