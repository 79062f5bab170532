//! One-to-one calls (CALL-1…CALL-4): a call rings every tab of a friend for a while; it is accepted,
//! declined, cancelled by the caller, or missed (no answer in time, or the friend is offline). Once
//! accepted, both sides are busy until either leaves the room, by whatever path ([`BusyDuringCalls`]).

use crate::ErrorCode;
use std::{sync::Arc, time::Duration};

use woxly_protocol::calls::{CallEvent, CallState, IncomingCallEvent};

use crate::{
    Error, Result,
    model::{NotificationKind, Room, RoomId, User, UserId, permissions::Action},
    service::{
        Shared,
        busy::BusyDuringCalls,
        events::{Audience, ServerEvent},
        live::Ringing,
        rooms::{Membership, RoomAccess, Rooms},
    },
};

pub struct Calls {
    shared: Shared,
    access: Arc<RoomAccess>,
    membership: Arc<Membership>,
    busy: Arc<BusyDuringCalls>,
    ring_for: Duration,
}

impl Calls {
    pub fn new(shared: &Shared, rooms: &Rooms, ring_for: Duration) -> Arc<Self> {
        let (access, membership, busy) = (rooms.access.clone(), rooms.membership.clone(), rooms.busy.clone());
        Arc::new(Self { shared: shared.clone(), access, membership, busy, ring_for })
    }

    /// CALL-1: the room where `caller` calls `friend`, with the friend invited to it (the ringing is
    /// their invitation, so no separate one is sent): `room_id` if given, else their direct
    /// conversation (MSG-1), made on their first call.
    async fn call_room(&self, caller: &User, friend: &User, room_id: Option<RoomId>) -> Result<Room> {
        let room_id = match room_id {
            Some(id) => id,
            None => self.membership.direct(caller, friend.id).await?.id,
        };
        let room = self.access.access(caller.id, room_id, Action::Voice).await?;
        self.membership.add_invitees(caller, &room, &[friend.id], false).await?;
        Ok(room)
    }

    /// CALL-1: rings `friend_id` in `room_id` (the caller's room), or in their two-person call room
    /// when no room is given; the friend is invited to it if they are not in it yet. Returns the room.
    pub async fn call(
        self: &Arc<Self>,
        caller: &User,
        friend_id: UserId,
        room_id: Option<RoomId>,
    ) -> Result<(CallState, Room)> {
        let friend = self.shared.store.friend(caller.id, friend_id).await?;
        let friend =
            friend.ok_or_else(|| Error::invalid(ErrorCode::NotAFriend, "you can call only your friends"))?.user;
        let room = self.call_room(caller, &friend, room_id).await?;
        let ringing = Ringing { room_id: room.id, caller: caller.id, callee: friend_id };
        if !self.shared.presence.is_connected(friend_id).await? {
            self.missed(ringing).await?;
            return Ok((CallState::Missed, room));
        }
        // Ringing before anyone hears of it, so an answer from the quickest tab finds it.
        let token = self.shared.live.start_ringing(ringing).await?;
        let incoming = IncomingCallEvent { from: caller.into(), room: (&room).into() };
        self.shared.events.publish(Audience::user(friend_id), ServerEvent::IncomingCall(incoming)).await;
        let room_id = room.id;
        self.shared.notifications.notify(friend_id, NotificationKind::IncomingCall, caller.id, Some(room_id)).await?;
        // One timer per ringing, on the node that rang; an answer on any node stops the ringing, and
        // then the timer finds nothing to stop (a call rung again has a new token).
        let calls = Arc::clone(self);
        let ring_for = self.ring_for;
        tokio::spawn(async move {
            tokio::time::sleep(ring_for).await;
            calls.ring_timed_out(ringing, &token).await;
        });
        Ok((CallState::Ringing, room))
    }

    /// The ringing `token` names is over unanswered (its time ran out, or the node that rang it is
    /// gone): missed, unless it was answered meanwhile.
    pub async fn ring_timed_out(&self, call: Ringing, token: &str) {
        let unanswered = match self.shared.live.stop_ringing(call, Some(token)).await {
            Ok(unanswered) => unanswered,
            Err(e) => {
                tracing::error!(error = %e, "could not stop a call ringing");
                return;
            }
        };
        if unanswered && let Err(e) = self.missed(call).await {
            tracing::error!(error = %e, "could not record a missed call");
        }
    }

    /// CALL-3: the callee gets a `missed-call` notification; both sides are told.
    async fn missed(&self, call: Ringing) -> Result<()> {
        self.shared
            .notifications
            .notify(call.callee, NotificationKind::MissedCall, call.caller, Some(call.room_id))
            .await?;
        self.tell(call, ServerEvent::CallMissed, call.callee).await;
        Ok(())
    }

    /// Stops a call from ringing; `no_such_call` if it was not ringing.
    async fn stop_ringing(&self, call: Ringing) -> Result<()> {
        if self.shared.live.stop_ringing(call, None).await? {
            Ok(())
        } else {
            Err(Error::conflict(ErrorCode::NoSuchCall, "this call is not ringing"))
        }
    }

    /// Tells both sides how the call ended (every tab of the callee stops ringing); `by` is who ended it.
    async fn tell(&self, call: Ringing, outcome: fn(CallEvent) -> ServerEvent, by: UserId) {
        let event = outcome(CallEvent { user_id: by, room_id: call.room_id });
        self.shared.events.publish(Audience::Users(vec![call.caller, call.callee]), event).await;
    }

    /// CALL-2: the callee accepts: they become a member of the room, both sides are told (every tab of
    /// the callee stops ringing) and both are busy until the call ends.
    pub async fn accept(&self, callee: &User, room_id: RoomId, caller: UserId) -> Result<()> {
        let call = Ringing { room_id, caller, callee: callee.id };
        self.stop_ringing(call).await?;
        self.membership.join(callee, room_id).await?;
        self.tell(call, ServerEvent::CallAccepted, callee.id).await;
        self.busy.start(room_id, [caller, callee.id]).await
    }

    /// CALL-2: the callee declines; the caller is told.
    pub async fn decline(&self, callee: &User, room_id: RoomId, caller: UserId) -> Result<()> {
        let call = Ringing { room_id, caller, callee: callee.id };
        self.stop_ringing(call).await?;
        self.tell(call, ServerEvent::CallDeclined, callee.id).await;
        Ok(())
    }

    /// CALL-3: the caller hangs up first: the friend is told and gets a missed-call notification.
    pub async fn cancel(&self, caller: &User, room_id: RoomId, friend: UserId) -> Result<()> {
        let call = Ringing { room_id, caller: caller.id, callee: friend };
        self.stop_ringing(call).await?;
        self.tell(call, ServerEvent::CallCancelled, caller.id).await;
        self.shared.notifications.notify(friend, NotificationKind::MissedCall, caller.id, Some(room_id)).await?;
        Ok(())
    }
}
