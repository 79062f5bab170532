//! One-to-one calls (CALL-1…CALL-4): a call rings every tab of a friend for a while; it is accepted,
//! declined, cancelled by the caller, or missed (no answer in time, or the friend is offline). While a
//! call is on, both sides are busy; when either leaves the call's room, their statuses come back.

use std::{collections::HashMap, sync::Arc, time::Duration};

use tokio::{sync::Mutex, task::JoinHandle};

use crate::{
    Error, Result,
    model::{MemberStatus, NotificationKind, RoomId, Status, User, UserId},
    service::{
        events::{CallOutcome, Event, EventSink},
        notifications::Notifications,
        presence::Presence,
        rooms::{RoomAction, Rooms},
    },
    store::Store,
};

/// A call that rings: who calls whom, in which room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Ringing {
    room_id: RoomId,
    caller: UserId,
    callee: UserId,
}

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
    ring_for: Duration,
    ringing: Mutex<HashMap<Ringing, JoinHandle<()>>>,
    /// Calls under way, by room: each side with the status to restore when the call ends.
    active: Mutex<HashMap<RoomId, Vec<(UserId, Status)>>>,
}

impl Calls {
    pub fn new(
        store: Arc<dyn Store>,
        events: Arc<dyn EventSink>,
        notifications: Arc<Notifications>,
        rooms: Arc<Rooms>,
        presence: Arc<Presence>,
        ring_for: Duration,
    ) -> Arc<Self> {
        Arc::new(Self {
            store,
            events,
            notifications,
            rooms,
            presence,
            ring_for,
            ringing: Mutex::new(HashMap::new()),
            active: Mutex::new(HashMap::new()),
        })
    }

    /// CALL-1: rings `friend_id` in `room_id` (the caller's room, which the friend is invited to if
    /// they are not in it yet).
    pub async fn call(self: &Arc<Self>, caller: &User, friend_id: UserId, room_id: RoomId) -> Result<CallStart> {
        if self.store.friend(caller.id, friend_id).await?.is_none() {
            return Err(Error::invalid("not_a_friend", "you can call only your friends"));
        }
        let room = self.rooms.access(caller.id, room_id, RoomAction::Use).await?;
        if !matches!(
            self.store.membership(room_id, friend_id).await?,
            Some(MemberStatus::Accepted | MemberStatus::Pending)
        ) {
            self.store.set_membership(room_id, friend_id, MemberStatus::Pending).await?;
        }
        let ringing = Ringing { room_id, caller: caller.id, callee: friend_id };
        if !self.presence.is_connected(friend_id).await {
            self.missed(ringing).await?;
            return Ok(CallStart::Missed);
        }
        self.events.publish(Event::IncomingCall { to: friend_id, from: caller.clone(), room }).await;
        self.notifications.notify(friend_id, NotificationKind::IncomingCall, caller.id, Some(room_id)).await?;
        let calls = Arc::clone(self);
        let ring_for = self.ring_for;
        let timer = tokio::spawn(async move {
            tokio::time::sleep(ring_for).await;
            // The lock is let go before recording: an answer arriving meanwhile must not wait on it.
            let unanswered = calls.ringing.lock().await.remove(&ringing).is_some();
            if unanswered && let Err(e) = calls.missed(ringing).await {
                tracing::error!(error = %e, "could not record a missed call");
            }
        });
        if let Some(earlier) = self.ringing.lock().await.insert(ringing, timer) {
            earlier.abort();
        }
        Ok(CallStart::Ringing)
    }

    /// CALL-3: the callee gets a `missed-call` notification; both sides are told.
    async fn missed(&self, call: Ringing) -> Result<()> {
        self.notifications.notify(call.callee, NotificationKind::MissedCall, call.caller, Some(call.room_id)).await?;
        self.tell(call, CallOutcome::Missed, call.callee).await;
        Ok(())
    }

    /// Stops a call from ringing; `no_such_call` if it was not ringing.
    async fn stop_ringing(&self, call: Ringing) -> Result<()> {
        let timer = self.ringing.lock().await.remove(&call);
        let timer = timer.ok_or_else(|| Error::conflict("no_such_call", "this call is not ringing"))?;
        timer.abort();
        Ok(())
    }

    /// Tells both sides how the call ended (every tab of the callee stops ringing); `by` is who ended it.
    async fn tell(&self, call: Ringing, outcome: CallOutcome, by: UserId) {
        let to = vec![call.caller, call.callee];
        self.events.publish(Event::CallOutcome { to, outcome, user_id: by, room_id: call.room_id }).await;
    }

    /// CALL-2: the callee accepts: they become a member of the room, both sides are told (every tab of
    /// the callee stops ringing) and both are busy until the call ends.
    pub async fn accept(&self, callee: &User, room_id: RoomId, caller: UserId) -> Result<()> {
        let call = Ringing { room_id, caller, callee: callee.id };
        self.stop_ringing(call).await?;
        self.rooms.join(callee, room_id).await?;
        self.tell(call, CallOutcome::Accepted, callee.id).await;
        let mut sides = Vec::new();
        for user in [caller, callee.id] {
            if let Some(previous) = self.store.user_by_id(user).await?.map(|u| u.status)
                && self.presence.choose(user, Status::Busy).await.is_ok()
            {
                sides.push((user, previous));
            }
        }
        self.active.lock().await.insert(room_id, sides);
        Ok(())
    }

    /// CALL-2: the callee declines; the caller is told.
    pub async fn decline(&self, callee: &User, room_id: RoomId, caller: UserId) -> Result<()> {
        let call = Ringing { room_id, caller, callee: callee.id };
        self.stop_ringing(call).await?;
        self.tell(call, CallOutcome::Declined, callee.id).await;
        Ok(())
    }

    /// CALL-3: the caller hangs up first: the friend is told and gets a missed-call notification.
    pub async fn cancel(&self, caller: &User, room_id: RoomId, friend: UserId) -> Result<()> {
        let call = Ringing { room_id, caller: caller.id, callee: friend };
        self.stop_ringing(call).await?;
        self.tell(call, CallOutcome::Cancelled, caller.id).await;
        self.notifications.notify(friend, NotificationKind::MissedCall, caller.id, Some(room_id)).await?;
        Ok(())
    }

    /// `user` left `room_id`: a call there is over, and both sides' statuses come back (STATUS-2).
    pub async fn left_room(&self, user: UserId, room_id: RoomId) {
        let mut active = self.active.lock().await;
        if !active.get(&room_id).is_some_and(|sides| sides.iter().any(|&(u, _)| u == user)) {
            return;
        }
        for (side, previous) in active.remove(&room_id).unwrap_or_default() {
            // A side that went offline in the meantime has nothing to restore.
            let _ =
                self.presence.choose(side, if previous == Status::Offline { Status::Online } else { previous }).await;
        }
    }
}
