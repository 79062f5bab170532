//! Being in a room (ROOM-4, VOICE-1, VOICE-5, PANEL-1, PANEL-2): `join-room` (its voice), `open-room`
//! (its chat only), `leave-room`, speaking, mute, deafen.

use woxly_domain::{Error, model::LiveState, service::live::LiveChange, wire};
use woxly_protocol::rooms::{
    DeafenTogglePayload, JoinRoomAck, LiveStateAck, MicTogglePayload, Ok, RoomIdPayload, SpeakingPayload,
};

use crate::realtime::Ctx;

pub async fn join(ctx: Ctx, payload: RoomIdPayload) -> Result<JoinRoomAck, Error> {
    let (room, list) = ctx.state.live_rooms.enter(ctx.caller.user.id, payload.room_id(), &ctx.connection()).await?;
    let voice_mode = ctx.state.voice_mode();
    Ok(JoinRoomAck { ok: true, room: (&room).into(), participants: wire::participants(&list), voice_mode })
}

/// Only shown, not in the voice: the connection's media through the server (if any) closes too.
pub async fn open(ctx: Ctx, payload: RoomIdPayload) -> Result<JoinRoomAck, Error> {
    let (room, list) = ctx.state.live_rooms.open(ctx.caller.user.id, payload.room_id(), &ctx.connection()).await?;
    leave_media(&ctx);
    let voice_mode = ctx.state.voice_mode();
    Ok(JoinRoomAck { ok: true, room: (&room).into(), participants: wire::participants(&list), voice_mode })
}

pub async fn leave(ctx: Ctx, payload: RoomIdPayload) -> Result<Ok, Error> {
    ctx.state.live_rooms.exit(ctx.caller.user.id, payload.room_id(), &ctx.connection()).await?;
    leave_media(&ctx);
    Ok(Ok { ok: true })
}

fn leave_media(ctx: &Ctx) {
    if let Some(media) = &ctx.state.media {
        media.leave(&ctx.connection());
    }
}

async fn change(ctx: Ctx, room_id: i64, change: LiveChange) -> Result<LiveStateAck, Error> {
    let state = ctx.state.live_rooms.change(ctx.caller.user.id, room_id, change, &ctx.connection()).await?;
    Ok(live_state_ack(state))
}

/// `{ok: true}` and the user's live state now: what every live-state event answers.
pub fn live_state_ack(state: LiveState) -> LiveStateAck {
    LiveStateAck {
        ok: true,
        is_speaking: state.is_speaking,
        is_muted: state.is_muted,
        is_deafened: state.is_deafened,
        is_camera_on: state.is_camera_on,
        is_sharing: state.is_sharing,
        watching: state.watching,
    }
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

pub async fn deafen_toggle(ctx: Ctx, payload: DeafenTogglePayload) -> Result<LiveStateAck, Error> {
    change(ctx, payload.room_id, LiveChange::Deafened(payload.is_deafened)).await
}
