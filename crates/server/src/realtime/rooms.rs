//! Being in a room (ROOM-4, VOICE-5, PANEL-1, PANEL-2): `join-room`, `leave-room`, speaking, mute, deafen.

use woxly_domain::{
    Error,
    service::{live_rooms::LiveChange, rooms::RoomAction},
};
use woxly_protocol::{
    events::room_room,
    rooms::{
        DeafenTogglePayload, JoinRoomAck, LiveStateAck, MicTogglePayload, Ok, RoomIdPayload, SpeakingPayload,
        participants,
    },
};

use crate::realtime::Ctx;

/// The access rule first, so no one else's socket is ever in the room; then the connection joins the
/// socket room before entering, so it hears everything from the moment it is in.
pub async fn join(ctx: Ctx, payload: RoomIdPayload) -> Result<JoinRoomAck, Error> {
    let room_id = payload.room_id();
    ctx.state.rooms.access(ctx.caller.user.id, room_id, RoomAction::Use).await?;
    ctx.socket.join(room_room(room_id));
    match ctx.state.rooms.enter(ctx.caller.user.id, room_id, &ctx.connection()).await {
        Ok((room, list)) => Ok(JoinRoomAck { ok: true, room: (&room).into(), participants: participants(&list) }),
        Err(e) => {
            ctx.socket.leave(room_room(room_id));
            Err(e)
        }
    }
}

pub async fn leave(ctx: Ctx, payload: RoomIdPayload) -> Result<Ok, Error> {
    let (room_id, user) = (payload.room_id(), ctx.caller.user.id);
    ctx.socket.leave(room_room(room_id));
    ctx.state.rooms.access(user, room_id, RoomAction::View).await?;
    if ctx.state.rooms.exit(user, room_id, &ctx.connection()).await {
        ctx.state.calls.left_room(user, room_id).await;
    }
    Ok(Ok { ok: true })
}

async fn change(ctx: Ctx, room_id: i64, change: LiveChange) -> Result<LiveStateAck, Error> {
    let state = ctx.state.rooms.change(ctx.caller.user.id, room_id, change, &ctx.connection()).await?;
    Ok(LiveStateAck {
        ok: true,
        is_speaking: state.is_speaking,
        is_muted: state.is_muted,
        is_deafened: state.is_deafened,
    })
}

pub async fn start_speaking(ctx: Ctx, payload: SpeakingPayload) -> Result<LiveStateAck, Error> {
    change(ctx, payload.room_id, LiveChange::Speaking(true)).await
}

pub async fn stop_speaking(ctx: Ctx, payload: SpeakingPayload) -> Result<LiveStateAck, Error> {
    change(ctx, payload.room_id, LiveChange::Speaking(false)).await
}

pub async fn mic_toggle(ctx: Ctx, payload: MicTogglePayload) -> Result<LiveStateAck, Error> {
    change(ctx, payload.room_id, LiveChange::Muted(payload.is_muted)).await
}

/// PANEL-2: deafening mutes the microphone with it.
pub async fn deafen_toggle(ctx: Ctx, payload: DeafenTogglePayload) -> Result<LiveStateAck, Error> {
    if payload.is_deafened {
        ctx.state.rooms.change(ctx.caller.user.id, payload.room_id, LiveChange::Muted(true), &ctx.connection()).await?;
    }
    change(ctx, payload.room_id, LiveChange::Deafened(payload.is_deafened)).await
}
