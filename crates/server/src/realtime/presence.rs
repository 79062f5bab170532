//! `status-change` (STATUS-2): a connected user chooses online, away or busy; friends are told.

use woxly_domain::{Error, model::Status};
use woxly_protocol::friends::{StatusChange, StatusChangeAck};

use crate::realtime::{Ctx, connections};

pub async fn status_change(ctx: Ctx, change: StatusChange) -> Result<StatusChangeAck, Error> {
    let status = Status::chosen(&change.status)?;
    // Clients announce their status right on connect (SYNC-1), possibly before the connect handler
    // has counted this connection.
    if !connections::count_in(&ctx.state, &ctx.socket, ctx.caller.user.id).await? {
        return Err(Error::conflict("not_connected", "this connection has closed"));
    }
    ctx.state.presence.choose(ctx.caller.user.id, status).await?;
    Ok(StatusChangeAck { ok: true, status })
}
