//! The chat's events: `send-message` (CHAT-1), `edit-message`, `delete-message` (MSG-2), `add-reaction`,
//! `remove-reaction` (MSG-4), `typing` and `mark-read` (MSG-5). Each is acknowledged like the others.

use woxly_domain::Error;
use woxly_protocol::{
    chat::{
        EditMessage, MarkRead, MessageRef, ReactionRequest, RoomReadAck, RoomReadEvent, SendMessage, SendMessageAck,
        TypingRequest,
    },
    rooms::Ok as AckOk,
};

use crate::realtime::Ctx;

pub async fn send(ctx: Ctx, payload: SendMessage) -> Result<SendMessageAck, Error> {
    let user = &ctx.caller.user;
    let message = ctx
        .state
        .chat
        .send(
            user,
            payload.room_id,
            &payload.content,
            payload.nonce.as_deref(),
            payload.reply_to,
            &payload.attachment_ids,
        )
        .await?;
    Ok(SendMessageAck { ok: true, message: (&message).into() })
}

pub async fn edit(ctx: Ctx, payload: EditMessage) -> Result<SendMessageAck, Error> {
    let message = ctx.state.chat.edit(&ctx.caller.user, payload.message_id, &payload.content).await?;
    Ok(SendMessageAck { ok: true, message: (&message).into() })
}

pub async fn delete(ctx: Ctx, payload: MessageRef) -> Result<AckOk, Error> {
    ctx.state.chat.delete(ctx.caller.user.id, payload.message_id).await?;
    Ok(AckOk { ok: true })
}

pub async fn add_reaction(ctx: Ctx, payload: ReactionRequest) -> Result<AckOk, Error> {
    ctx.state.chat.react(ctx.caller.user.id, payload.message_id, &payload.emoji, true).await?;
    Ok(AckOk { ok: true })
}

pub async fn remove_reaction(ctx: Ctx, payload: ReactionRequest) -> Result<AckOk, Error> {
    ctx.state.chat.react(ctx.caller.user.id, payload.message_id, &payload.emoji, false).await?;
    Ok(AckOk { ok: true })
}

pub async fn typing(ctx: Ctx, payload: TypingRequest) -> Result<AckOk, Error> {
    ctx.state.chat.typing(&ctx.caller.user, payload.room_id, &ctx.connection()).await?;
    Ok(AckOk { ok: true })
}

pub async fn mark_read(ctx: Ctx, payload: MarkRead) -> Result<RoomReadAck, Error> {
    let last_read_id = ctx.state.chat.mark_read(ctx.caller.user.id, payload.room_id, payload.message_id).await?;
    Ok(RoomReadAck { ok: true, read: RoomReadEvent { room_id: payload.room_id, last_read_id } })
}
