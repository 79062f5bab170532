//! The WebRTC signaling relay (VOICE-2, VOICE-3): a signal goes only to a user in the same room as
//! the sender right now, with `from` set here, never taken from the payload.

use woxly_domain::Error;
use woxly_protocol::{
    events::{ICE_CANDIDATE, WEBRTC_ANSWER, WEBRTC_OFFER},
    rooms::Ok,
    signaling::{RelayedSignal, Signal},
};

use crate::realtime::Ctx;

async fn relay(ctx: Ctx, event: &'static str, signal: Signal) -> Result<Ok, Error> {
    let body_present = match event {
        WEBRTC_OFFER => signal.offer.is_some(),
        WEBRTC_ANSWER => signal.answer.is_some(),
        _ => signal.candidate.is_some(),
    };
    if !body_present {
        return Err(Error::invalid("invalid_payload", format!("{event} needs its body")));
    }
    let (room_id, targets) =
        ctx.state.rooms.signal_route(ctx.caller.user.id, &ctx.connection(), signal.to, signal.room_id)?;
    let relayed = RelayedSignal {
        from: ctx.caller.user.id,
        room_id,
        offer: signal.offer,
        answer: signal.answer,
        candidate: signal.candidate,
    };
    ctx.socket.to(targets).emit(event, &relayed).await.map_err(|e| Error::Internal(format!("relay: {e}")))?;
    Ok(Ok { ok: true })
}

pub async fn offer(ctx: Ctx, signal: Signal) -> Result<Ok, Error> {
    relay(ctx, WEBRTC_OFFER, signal).await
}

pub async fn answer(ctx: Ctx, signal: Signal) -> Result<Ok, Error> {
    relay(ctx, WEBRTC_ANSWER, signal).await
}

pub async fn candidate(ctx: Ctx, signal: Signal) -> Result<Ok, Error> {
    relay(ctx, ICE_CANDIDATE, signal).await
}
