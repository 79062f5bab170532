//! One-to-one calls (CALL-1…CALL-4): a call rings every tab of a friend for a while; it is accepted,
//! declined, cancelled by the caller, or missed (no answer in time, or the friend is offline). Once
//! accepted, the call is the room's business ([`Rooms::start_call`]): both sides are busy until either
//! leaves the room, by whatever path.

use std::{sync::Arc, time::Duration};

use woxly_protocol::calls::{CallEvent, IncomingCallEvent};

use crate::{
    Error, Result,
    model::{NotificationKind, Room, RoomId, User, UserId},
    service::{
        events::{Audience, EventSink, ServerEvent},
        live::{LiveStore, Ringing},
        notifications::Notifications,
        presence::Presence,
        rooms::Rooms,
    },
    store::Store,
};

/// What `call-friend` led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallStart {
    Ringing,
    /// The friend is offline: missed at once.
    Missed,
}

pub struct Calls {
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
    notifications: Arc<Notifications>,
    rooms: Arc<Rooms>,
    presence: Arc<Presence>,
    live: Arc<dyn LiveStore>,
    ring_for: Duration,
}

impl Calls {
    pub fn new(
        store: Arc<dyn Store>,
        events: Arc<dyn EventSink>,
        notifications: Arc<Notifications>,
        rooms: Arc<Rooms>,
        presence: Arc<Presence>,
        live: Arc<dyn LiveStore>,
        ring_for: Duration,
    ) -> Arc<Self> {
        Arc::new(Self { store, events, notifications, rooms, presence, live, ring_for })
    }

    /// CALL-1: rings `friend_id` in `room_id` (the caller's room), or in their two-person call room
    /// when no room is given; the friend is invited to it if they are not in it yet. Returns the room.
    pub async fn call(
        self: &Arc<Self>,
        caller: &User,
        friend_id: UserId,
        room_id: Option<RoomId>,
    ) -> Result<(CallStart, Room)> {
        let friend = self.store.friend(caller.id, friend_id).await?;
        let friend = friend.ok_or_else(|| Error::invalid("not_a_friend", "you can call only your friends"))?.user;
        let room = self.rooms.call_room(caller, &friend, room_id).await?;
        let ringing = Ringing { room_id: room.id, caller: caller.id, callee: friend_id };
        if !self.presence.is_connected(friend_id).await? {
            self.missed(ringing).await?;
            return Ok((CallStart::Missed, room));
        }
        // Ringing before anyone hears of it, so an answer from the quickest tab finds it.
        let token = self.live.start_ringing(ringing).await?;
        let incoming = IncomingCallEvent { from: caller.into(), room: (&room).into() };
        self.events.publish(Audience::user(friend_id), ServerEvent::IncomingCall(incoming)).await;
        let room_id = room.id;
        self.notifications.notify(friend_id, NotificationKind::IncomingCall, caller.id, Some(room_id)).await?;
        // One timer per ringing, on the node that rang; an answer on any node stops the ringing, and
        // then the timer finds nothing to stop (a call rung again has a new token).
        let calls = Arc::clone(self);
        let ring_for = self.ring_for;
        tokio::spawn(async move {
            tokio::time::sleep(ring_for).await;
            calls.ring_timed_out(ringing, &token).await;
        });
        Ok((CallStart::Ringing, room))
    }

    /// The ringing `token` names is over unanswered (its time ran out, or the node that rang it is
    /// gone): missed, unless it was answered meanwhile.
    pub async fn ring_timed_out(&self, call: Ringing, token: &str) {
        let unanswered = match self.live.stop_ringing(call, Some(token)).await {
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
        self.notifications.notify(call.callee, NotificationKind::MissedCall, call.caller, Some(call.room_id)).await?;
        self.tell(call, ServerEvent::CallMissed, call.callee).await;
        Ok(())
    }

    /// Stops a call from ringing; `no_such_call` if it was not ringing.
    async fn stop_ringing(&self, call: Ringing) -> Result<()> {
        if self.live.stop_ringing(call, None).await? {
            Ok(())
        } else {
            Err(Error::conflict("no_such_call", "this call is not ringing"))
        }
    }

    /// Tells both sides how the call ended (every tab of the callee stops ringing); `by` is who ended it.
    async fn tell(&self, call: Ringing, outcome: fn(CallEvent) -> ServerEvent, by: UserId) {
        let event = outcome(CallEvent { user_id: by, room_id: call.room_id });
        self.events.publish(Audience::Users(vec![call.caller, call.callee]), event).await;
    }

    /// CALL-2: the callee accepts: they become a member of the room, both sides are told (every tab of
    /// the callee stops ringing) and both are busy until the call ends.
    pub async fn accept(&self, callee: &User, room_id: RoomId, caller: UserId) -> Result<()> {
        let call = Ringing { room_id, caller, callee: callee.id };
        self.stop_ringing(call).await?;
        self.rooms.join(callee, room_id).await?;
        self.tell(call, ServerEvent::CallAccepted, callee.id).await;
        self.rooms.start_call(room_id, [caller, callee.id]).await
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
        self.notifications.notify(friend, NotificationKind::MissedCall, caller.id, Some(room_id)).await?;
        Ok(())
    }
}
