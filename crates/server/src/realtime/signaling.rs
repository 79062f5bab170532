//! The WebRTC signaling relay (VOICE-2, VOICE-3): `webrtc-offer`, `webrtc-answer`, `ice-candidate`, and
//! the end-to-end encryption's keys (`e2ee-key`, VOICE-15).

use woxly_domain::{Error, service::rooms::SignalKind};
use woxly_protocol::{rooms::Ok, signaling::Signal};

use crate::realtime::Ctx;

async fn relay(ctx: Ctx, kind: SignalKind, signal: Signal) -> Result<Ok, Error> {
    ctx.state.live_rooms.relay_signal(ctx.caller.user.id, &ctx.connection(), kind, signal).await?;
    Ok(Ok { ok: true })
}

pub async fn offer(ctx: Ctx, signal: Signal) -> Result<Ok, Error> {
    relay(ctx, SignalKind::Offer, signal).await
}

pub async fn answer(ctx: Ctx, signal: Signal) -> Result<Ok, Error> {
    relay(ctx, SignalKind::Answer, signal).await
}

pub async fn candidate(ctx: Ctx, signal: Signal) -> Result<Ok, Error> {
    relay(ctx, SignalKind::Candidate, signal).await
}

pub async fn key(ctx: Ctx, signal: Signal) -> Result<Ok, Error> {
    relay(ctx, SignalKind::Key, signal).await
}
