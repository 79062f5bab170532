//! The handshake check (AUTH-6): `auth: {token}` must name a live session, or the client gets
//! `connect_error` with the message `unauthorized` and nothing else is emitted to it.

use socketioxide::{
    adapter::Adapter,
    extract::{SocketRef, TryData},
};
use woxly_domain::Error;
use woxly_protocol::{auth::SocketAuth, events::UNAUTHORIZED};

use crate::{realtime::connections, state::AppState};

#[derive(Debug)]
pub struct Unauthorized;

impl std::fmt::Display for Unauthorized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(UNAUTHORIZED)
    }
}

/// Runs before the socket joins the namespace; on success the caller is kept in the socket's extensions.
pub async fn authenticate<A: Adapter>(
    socket: SocketRef<A>,
    TryData(auth): TryData<SocketAuth>,
    state: AppState,
) -> Result<(), Unauthorized> {
    let token = auth.map_err(|_| Unauthorized)?.token;
    match state.accounts.authenticate(&token).await {
        Ok(caller) => {
            // Before the client hears it is connected: from its first event on, everything is in place.
            connections::prepare(&socket, &caller, &state);
            connections::count_in_early(&socket, caller.user.id, &state).await;
            socket.extensions.insert(caller);
            Ok(())
        }
        Err(Error::Internal(context)) => {
            tracing::error!(%context, "socket handshake failed");
            Err(Unauthorized)
        }
        Err(_) => Err(Unauthorized),
    }
}
