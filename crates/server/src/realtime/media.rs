//! The forwarding server's signaling (VOICE-14): `media-publish`, `media-answer` and `media-view`, for
//! someone in the room's voice, when rooms' media goes through the server.

use woxly_domain::Error;
use woxly_protocol::{
    error::ErrorCode,
    media::{MEDIA_VIEW_MAX_HEIGHT, MEDIA_VIEW_MAX_SECTIONS, MediaAnswer, MediaView, PublishAck, PublishMedia},
    rooms::Ok,
};

use crate::{
    media::{MediaError, Owner, Sfu},
    realtime::Ctx,
};

/// The longest name of a client's pair of connections (it only needs to differ from the last one).
const MAX_SESSION_CHARS: usize = 64;

pub async fn publish(ctx: Ctx, payload: PublishMedia) -> Result<PublishAck, Error> {
    let sfu = forwarding(&ctx)?;
    if payload.session.is_empty() || payload.session.len() > MAX_SESSION_CHARS {
        return Err(Error::invalid(ErrorCode::InvalidPayload, "session must be 1 to 64 characters"));
    }
    let owner = owner(&ctx, payload.room_id).await?;
    let answer = sfu.publish(owner, payload.session, payload.offer, payload.media).await.map_err(refusal)?;
    Ok(PublishAck { ok: true, answer })
}

pub async fn answer(ctx: Ctx, payload: MediaAnswer) -> Result<Ok, Error> {
    let sfu = forwarding(&ctx)?;
    let owner = owner(&ctx, payload.room_id).await?;
    sfu.answer(owner, payload.answer).await.map_err(refusal)?;
    Ok(Ok { ok: true })
}

pub async fn view(ctx: Ctx, payload: MediaView) -> Result<Ok, Error> {
    let sfu = forwarding(&ctx)?;
    if payload.views.len() > MEDIA_VIEW_MAX_SECTIONS
        || payload.views.iter().any(|(mid, height)| mid.is_empty() || mid.len() > 16 || *height > MEDIA_VIEW_MAX_HEIGHT)
    {
        return Err(Error::invalid(
            ErrorCode::InvalidPayload,
            "views: at most 256 sections (mids of 1 to 16 characters), heights up to 16384",
        ));
    }
    let owner = owner(&ctx, payload.room_id).await?;
    sfu.view(owner, payload.views);
    Ok(Ok { ok: true })
}

fn forwarding(ctx: &Ctx) -> Result<&Sfu, Error> {
    ctx.state.media.as_deref().ok_or_else(|| {
        Error::conflict(ErrorCode::VoiceNotForwarded, "this server's voice goes browser to browser (--voice-mode mesh)")
    })
}

/// Whose media this is: someone in the room's voice, on this connection.
async fn owner(ctx: &Ctx, room_id: i64) -> Result<Owner, Error> {
    let user = ctx.caller.user.id;
    ctx.state.room_video.may_send(user, room_id).await?;
    Ok(Owner { room: room_id, user, connection: ctx.connection() })
}

fn refusal(error: MediaError) -> Error {
    match error {
        MediaError::Invalid(..) => Error::invalid(ErrorCode::InvalidPayload, error.to_string()),
        MediaError::NoOfferPending => Error::conflict(ErrorCode::NoPendingOffer, error.to_string()),
        MediaError::Stopped => Error::Internal(error.to_string()),
    }
}
