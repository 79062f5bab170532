//! Calls (CALL-1…CALL-3): `call-friend`, `accept-call`, `decline-call`, `cancel-call`.

use woxly_domain::Error;
use woxly_protocol::{
    calls::{AnswerCall, CallAck, CallFriend, CancelCall},
    rooms::Ok,
};

use crate::realtime::Ctx;

pub async fn call(ctx: Ctx, payload: CallFriend) -> Result<CallAck, Error> {
    // The handshake's copy of the user may be stale (a renamed caller); the callee sees the current one.
    let caller = ctx.state.accounts.user(ctx.caller.user.id).await?;
    let (state, room) = ctx.state.calls.call(&caller, payload.friend_id, payload.room_id).await?;
    Ok(CallAck { ok: true, state, room_id: room.id })
}

pub async fn accept(ctx: Ctx, payload: AnswerCall) -> Result<Ok, Error> {
    ctx.state.calls.accept(&ctx.caller.user, payload.room_id, payload.caller_id).await?;
    Ok(Ok { ok: true })
}

pub async fn decline(ctx: Ctx, payload: AnswerCall) -> Result<Ok, Error> {
    ctx.state.calls.decline(&ctx.caller.user, payload.room_id, payload.caller_id).await?;
    Ok(Ok { ok: true })
}

pub async fn cancel(ctx: Ctx, payload: CancelCall) -> Result<Ok, Error> {
    ctx.state.calls.cancel(&ctx.caller.user, payload.room_id, payload.friend_id).await?;
    Ok(Ok { ok: true })
}
