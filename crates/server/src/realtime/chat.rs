//! `send-message` (CHAT-1): acknowledged with the stored message.

use woxly_domain::Error;
use woxly_protocol::chat::{SendMessage, SendMessageAck};

use crate::realtime::Ctx;

pub async fn send(ctx: Ctx, payload: SendMessage) -> Result<SendMessageAck, Error> {
    let message =
        ctx.state.chat.send(&ctx.caller.user, payload.room_id, &payload.content, payload.nonce.as_deref()).await?;
    Ok(SendMessageAck { ok: true, message: (&message).into() })
}
