//! `status-change` (STATUS-2): a connected user chooses online, away or busy; friends are told.

use woxly_domain::{Error, model::status};
use woxly_protocol::friends::{StatusChange, StatusChangeAck};

use crate::realtime::Ctx;

pub async fn status_change(ctx: Ctx, change: StatusChange) -> Result<StatusChangeAck, Error> {
    let status = status::chosen(&change.status)?;
    // The handshake counted this connection before the client could send anything, and `choose`
    // refuses a user with no open connection.
    ctx.state.presence.choose(ctx.caller.user.id, status).await?;
    Ok(StatusChangeAck { ok: true, status })
}
