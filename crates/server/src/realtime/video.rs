//! Camera and screen sharing (VIDEO-1, VIDEO-2): `camera-toggle`, `share-toggle`, `watch-share`.

use woxly_domain::{Error, service::rooms::Medium};
use woxly_protocol::rooms::{CameraTogglePayload, LiveStateAck, ShareTogglePayload, WatchSharePayload};

use crate::realtime::{Ctx, rooms::live_state_ack};

pub async fn camera_toggle(ctx: Ctx, payload: CameraTogglePayload) -> Result<LiveStateAck, Error> {
    let video = &ctx.state.room_video;
    let state = video
        .toggle(ctx.caller.user.id, payload.room_id, Medium::Camera, payload.is_camera_on, &ctx.connection())
        .await?;
    Ok(live_state_ack(state))
}

pub async fn share_toggle(ctx: Ctx, payload: ShareTogglePayload) -> Result<LiveStateAck, Error> {
    let video = &ctx.state.room_video;
    let state =
        video.toggle(ctx.caller.user.id, payload.room_id, Medium::Share, payload.is_sharing, &ctx.connection()).await?;
    // Through the server, a share that stops or starts afresh is forwarded to nobody until chosen again.
    if let Some(media) = &ctx.state.media {
        media.share_changed(payload.room_id, ctx.caller.user.id);
    }
    Ok(live_state_ack(state))
}

pub async fn watch_share(ctx: Ctx, payload: WatchSharePayload) -> Result<LiveStateAck, Error> {
    let state =
        ctx.state.room_video.watch(ctx.caller.user.id, payload.room_id, payload.user_id, &ctx.connection()).await?;
    if let Some(media) = &ctx.state.media {
        media.watch(payload.room_id, ctx.caller.user.id, state.watching);
    }
    Ok(live_state_ack(state))
}
