//! Who is in a room's live part now (ROOM-4): connections entering and leaving its voice (`join-room`,
//! `leave-room`, a closed tab) or showing it without its voice (`open-room`, VOICE-1), their speaking,
//! muted and deafened state (VOICE-5, PANEL-1, PANEL-2),
//! and the WebRTC signaling relay between them (VOICE-2, VOICE-3). Every way a user stops being in it
//! (leaving, being removed, the last tab closed) goes through [`LiveRooms::left`], so what follows a
//! departure (the others are told, a call there ends) holds on every path; a deleted room has nobody
//! left to tell ([`LiveRooms::room_deleted`]).

use crate::ErrorCode;
use std::sync::Arc;

use tokio::sync::Mutex;
use woxly_protocol::{
    events::{E2EE_KEY, ICE_CANDIDATE, WEBRTC_ANSWER, WEBRTC_OFFER},
    rooms::{LiveStateEvent, UserInRoomEvent, UserJoinedEvent, WatchEvent},
    signaling::{RelayedSignal, Signal},
};

use super::RoomAccess;
use crate::{
    Error, Result,
    model::{LiveState, Participant, Room, RoomId, Status, UserId, permissions::Action, room::sort_participants},
    service::{
        Shared,
        busy::BusyDuringCalls,
        events::{Audience, ServerEvent},
        live::LiveChange,
    },
};

/// Which WebRTC signal is relayed (VOICE-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalKind {
    Offer,
    Answer,
    Candidate,
    /// `e2ee-key` (VOICE-15).
    Key,
}

const LOCK_STRIPES: usize = 64;

pub struct LiveRooms {
    shared: Shared,
    access: Arc<RoomAccess>,
    busy: Arc<BusyDuringCalls>,
    /// Per-room locks (striped): message order and live-state order hold under concurrent requests.
    locks: Vec<Mutex<()>>,
}

impl LiveRooms {
    pub fn new(shared: &Shared, access: Arc<RoomAccess>, busy: Arc<BusyDuringCalls>) -> Self {
        Self { shared: shared.clone(), access, busy, locks: (0..LOCK_STRIPES).map(|_| Mutex::new(())).collect() }
    }

    /// Serialises work on one room on this node: messages into their order, and what the room is told
    /// about who is in it and their live state. A socket's events are handled
    /// concurrently, so a mute racing its own join could otherwise be told before the join's older
    /// picture of the user, which would then undo it for everyone else.
    pub async fn lock(&self, room: RoomId) -> tokio::sync::MutexGuard<'_, ()> {
        self.locks[room.rem_euclid(LOCK_STRIPES as i64) as usize].lock().await
    }

    pub(crate) fn shared(&self) -> &Shared {
        &self.shared
    }

    pub async fn is_in(&self, room: RoomId, user: UserId) -> Result<bool> {
        Ok(self.shared.live.live_state(room, user).await?.is_some())
    }

    /// Whether `user` shows `room` (`open-room`) or is in its voice, on some connection.
    pub async fn is_present(&self, room: RoomId, user: UserId) -> Result<bool> {
        Ok(self.is_in(room, user).await? || self.shared.live.readers(room).await?.contains(&user))
    }

    /// How many people are in `room` now; each of them is an accepted member (joining needs it, and
    /// losing it takes them out).
    pub async fn people_in(&self, room: RoomId) -> Result<usize> {
        self.shared.live.count_people_in(room).await
    }

    /// The participants as `viewer` sees them: FRIEND-6, whoever blocked the viewer shows offline.
    pub async fn participants_for(&self, viewer: UserId, room_id: RoomId) -> Result<Vec<Participant>> {
        let mut participants = self.participants(room_id).await?;
        let blockers = self.shared.store.blockers_of(viewer).await?;
        for participant in participants.iter_mut().filter(|p| blockers.contains(&p.member.user.id)) {
            participant.member.user.status = Status::Offline;
        }
        Ok(participants)
    }

    /// Members with their live state, in ROOM-4's order.
    pub async fn participants(&self, room_id: RoomId) -> Result<Vec<Participant>> {
        let live = self.shared.live.people_in(room_id).await?;
        let mut participants: Vec<Participant> = self
            .shared
            .store
            .members(room_id)
            .await?
            .into_iter()
            .map(|member| Participant { live: live.get(&member.user.id).copied(), member })
            .collect();
        sort_participants(&mut participants);
        Ok(participants)
    }

    /// `join-room` (ROOM-4): an accepted member's connection enters the room; the others are told
    /// when the user was not already in it. The connection hears the room from before it is in it, so
    /// it misses nothing said from then on.
    ///
    /// Access is checked again once the connection hears the room and is in it: a removal between the
    /// first check and then took out only what was there before it. A removal done before the second
    /// check is seen by it, and the entry is undone; one done after it finds this connection and takes
    /// it out. So a removed member's connection never stays in (issue 28's race), on any node.
    pub async fn enter(&self, user: UserId, room_id: RoomId, connection: &str) -> Result<(Room, Vec<Participant>)> {
        let room = self.access.access(user, room_id, Action::Voice).await?;
        let this_connection = || Audience::Connections(vec![connection.to_owned()]);
        self.shared.events.hear(this_connection(), room_id).await;
        let first = match self.shared.live.enter_room(room_id, user, connection).await {
            Ok(first) => first,
            Err(e) => {
                self.shared.events.stop_hearing(this_connection(), room_id).await;
                return Err(e);
            }
        };
        let participants = match self.still_allowed_in(&room, user).await {
            Ok(participants) => participants,
            Err(e) => {
                self.shared.events.stop_hearing(this_connection(), room_id).await;
                if self.shared.live.exit_room(room_id, user, connection).await? {
                    self.left(room_id, user).await;
                }
                return Err(e);
            }
        };
        if first && let Some(me) = participants.iter().find(|p| p.member.user.id == user) {
            // The live state as it is now, told in order with the changes to it (see `lock`).
            let _order = self.lock(room_id).await;
            let me = Participant { live: self.shared.live.live_state(room_id, user).await?, ..me.clone() };
            let joined = UserJoinedEvent { user_id: user, room_id, participant: (&me).into() };
            let others = Audience::Room { room_id, except: Some(connection.to_owned()) };
            self.shared.events.publish(others, ServerEvent::UserJoinedRoom(joined)).await;
        }
        Ok((room, participants))
    }

    /// `open-room` (VOICE-1): the connection shows the room without being in its voice, which it leaves
    /// if it was there. It hears the room (its chat, who comes into its voice), and its user is not
    /// told about the room's messages as someone away would be. Reading is enough: a conversation that
    /// became read-only can still be opened.
    pub async fn open(&self, user: UserId, room_id: RoomId, connection: &str) -> Result<(Room, Vec<Participant>)> {
        let room = self.access.access(user, room_id, Action::ReadHistory).await?;
        self.shared.events.hear(Audience::Connections(vec![connection.to_owned()]), room_id).await;
        self.shared.live.open_room(room_id, user, connection).await?;
        if self.shared.live.exit_room(room_id, user, connection).await? {
            self.left(room_id, user).await;
        }
        // Checked again once the connection hears the room, as `enter` does: a removal racing this
        // one either came first and is seen here, or comes after and takes the connection out.
        let participants = self.participants_for(user, room_id).await?;
        let membership = participants.iter().find(|p| p.member.user.id == user).map(|p| p.member.status);
        if let Err(e) = self.access.decide(&room, membership, user, Action::ReadHistory).await {
            self.shared.events.stop_hearing(Audience::Connections(vec![connection.to_owned()]), room_id).await;
            self.shared.live.close_room(room_id, connection).await?;
            return Err(e);
        }
        Ok((room, participants))
    }

    /// The room's participants as `user` sees them, if `user` may still be in it: their membership is
    /// read from the same list.
    async fn still_allowed_in(&self, room: &Room, user: UserId) -> Result<Vec<Participant>> {
        let participants = self.participants_for(user, room.id).await?;
        let membership = participants.iter().find(|p| p.member.user.id == user).map(|p| p.member.status);
        self.access.decide(room, membership, user, Action::Voice).await?;
        Ok(participants)
    }

    /// `leave-room`: the connection stops hearing and showing the room at once and leaves its voice;
    /// the others are told when it was the user's last connection there.
    pub async fn exit(&self, user: UserId, room_id: RoomId, connection: &str) -> Result<()> {
        self.shared.events.stop_hearing(Audience::Connections(vec![connection.to_owned()]), room_id).await;
        self.shared.live.close_room(room_id, connection).await?;
        self.access.access(user, room_id, Action::View).await?;
        if self.shared.live.exit_room(room_id, user, connection).await? {
            self.left(room_id, user).await;
        }
        Ok(())
    }

    /// A closed connection leaves every room at once (ROOM-4).
    pub async fn disconnected(&self, connection: &str) {
        let (user, left) = match self.shared.live.leave_all_rooms(connection).await {
            Ok(left) => left,
            Err(e) => {
                tracing::error!(connection, error = %e, "could not take a closed connection out of its rooms");
                return;
            }
        };
        if let Some(user_id) = user {
            for room_id in left {
                self.left(room_id, user_id).await;
            }
        }
    }

    /// `start/stop-speaking`, `mic-toggle`, `deafen-toggle` (VOICE-5, PANEL-1, PANEL-2): only for a user
    /// in the room; only a real change is told. Deafening mutes the microphone with it. (Camera and
    /// screen share have their own rules: [`RoomVideo`](super::RoomVideo).)
    pub async fn change(
        &self,
        user: UserId,
        room_id: RoomId,
        change: LiveChange,
        connection: &str,
    ) -> Result<LiveState> {
        self.access.access(user, room_id, Action::Voice).await?;
        if !self.is_in(room_id, user).await? {
            return Err(Error::conflict(ErrorCode::NotInRoom, "join the room first"));
        }
        let changes: &[LiveChange] =
            if change == LiveChange::Deafened(true) { &[LiveChange::Muted(true), change] } else { &[change] };
        let _order = self.lock(room_id).await;
        for &change in changes {
            if let Some(change) = self.shared.live.update_live_state(room_id, user, change).await? {
                let others = Audience::Room { room_id, except: Some(connection.to_owned()) };
                self.shared.events.publish(others, live_event(room_id, user, change)).await;
            }
        }
        Ok(self.shared.live.live_state(room_id, user).await?.unwrap_or_default())
    }

    /// VOICE-3: relays a signal from `from`'s `connection` to the connections of `signal.to` in a room
    /// they share now, with `from` set here, never taken from the payload.
    pub async fn relay_signal(&self, from: UserId, connection: &str, kind: SignalKind, signal: Signal) -> Result<()> {
        let (present, name) = match kind {
            SignalKind::Offer => (signal.offer.is_some(), WEBRTC_OFFER.name),
            SignalKind::Answer => (signal.answer.is_some(), WEBRTC_ANSWER.name),
            SignalKind::Candidate => (signal.candidate.is_some(), ICE_CANDIDATE.name),
            SignalKind::Key => (signal.key.is_some(), E2EE_KEY.name),
        };
        if !present {
            return Err(Error::invalid(ErrorCode::InvalidPayload, format!("{name} needs its body")));
        }
        if signal.key.as_ref().is_some_and(|key| !key.is_bounded()) {
            return Err(Error::invalid(ErrorCode::InvalidPayload, "an e2ee-key field is longer than a key"));
        }
        let (room_id, targets) = self.signal_route(from, connection, signal.to, signal.room_id).await?;
        let relayed = RelayedSignal {
            from,
            room_id,
            offer: signal.offer,
            answer: signal.answer,
            candidate: signal.candidate,
            key: signal.key,
        };
        let event = match kind {
            SignalKind::Offer => ServerEvent::WebrtcOffer(relayed),
            SignalKind::Answer => ServerEvent::WebrtcAnswer(relayed),
            SignalKind::Candidate => ServerEvent::IceCandidate(relayed),
            SignalKind::Key => ServerEvent::E2eeKey(relayed),
        };
        self.shared.events.publish(Audience::Connections(targets), event).await;
        Ok(())
    }

    /// VOICE-3: the connections of `to` a signal from `from` may be relayed to: both must be in one
    /// room now (the sender's connection among them) and both still allowed in it, `room_hint` picking
    /// the room when there are several.
    async fn signal_route(
        &self,
        from: UserId,
        connection: &str,
        to: UserId,
        room_hint: Option<RoomId>,
    ) -> Result<(RoomId, Vec<String>)> {
        let not_together = || Error::conflict(ErrorCode::NotInSameRoom, "the target is not in a room with you");
        if from == to {
            return Err(not_together());
        }
        for room in self.shared.live.rooms_of_connection(connection).await? {
            if room_hint.is_some_and(|hint| hint != room) {
                continue;
            }
            let targets = self.shared.live.connections_in_room(room, to).await?;
            if !targets.is_empty() {
                if !(self.access.allows(from, room, Action::Voice).await?
                    && self.access.allows(to, room, Action::Voice).await?)
                {
                    return Err(not_together());
                }
                return Ok((room, targets));
            }
        }
        Err(not_together())
    }

    /// Takes `user` out of the live room and out of its socket room: they are no longer a member.
    pub(crate) async fn take_out(&self, room_id: RoomId, user: UserId) {
        self.shared.events.stop_hearing(Audience::user(user), room_id).await;
        match self.shared.live.remove_from_room(room_id, user).await {
            Ok(true) => self.left(room_id, user).await,
            Ok(false) => {}
            Err(e) => tracing::error!(room_id, user, error = %e, "could not take a user out of a live room"),
        }
    }

    /// `user` is no longer in `room_id` (their last connection there left): the others are told, nobody
    /// watches their share any more, and a call there ends.
    async fn left(&self, room_id: RoomId, user_id: UserId) {
        self.shared
            .events
            .publish(Audience::room(room_id), ServerEvent::UserLeftRoom(UserInRoomEvent { user_id, room_id }))
            .await;
        if let Err(e) = self.release_watchers(room_id, user_id).await {
            tracing::warn!(room_id, user_id, error = %e, "could not stop the watchers of a share that left");
        }
        self.busy.end(room_id, Some(user_id)).await;
    }

    /// Nobody in `room_id` watches `sharer`'s share any more (it stopped, started afresh, or left): each
    /// watcher's change is told to the room, so no screen waits for a share that is not coming.
    async fn release_watchers(&self, room_id: RoomId, sharer: UserId) -> Result<()> {
        let _order = self.lock(room_id).await;
        self.release_watchers_in_order(room_id, sharer).await
    }

    /// [`release_watchers`](Self::release_watchers), for a caller that holds the room's lock.
    pub(crate) async fn release_watchers_in_order(&self, room_id: RoomId, sharer: UserId) -> Result<()> {
        for (watcher, state) in self.shared.live.people_in(room_id).await? {
            if state.watching != Some(sharer) {
                continue;
            }
            if self.shared.live.update_live_state(room_id, watcher, LiveChange::Watching(None)).await?.is_some() {
                let stopped = WatchEvent { user_id: watcher, room_id, watching: None };
                self.shared.events.publish(Audience::room(room_id), ServerEvent::UserWatchShare(stopped)).await;
            }
        }
        Ok(())
    }

    /// Room `room_id` was deleted: nobody is in it any more, its call ends, and the connections of its
    /// former `members` stop hearing it.
    pub(crate) async fn room_deleted(&self, room_id: RoomId, members: &[UserId]) -> Result<()> {
        for &user in members {
            self.shared.live.remove_from_room(room_id, user).await?;
        }
        self.busy.end(room_id, None).await;
        self.shared.events.stop_hearing(Audience::Users(members.to_vec()), room_id).await;
        Ok(())
    }
}

/// The event that tells a room about one change of a user's live state.
pub(crate) fn live_event(room_id: RoomId, user_id: UserId, change: LiveChange) -> ServerEvent {
    let unchanged = LiveStateEvent {
        user_id,
        room_id,
        is_speaking: None,
        is_muted: None,
        is_deafened: None,
        is_camera_on: None,
        is_sharing: None,
    };
    match change {
        LiveChange::Speaking(v) => ServerEvent::UserSpeaking(LiveStateEvent { is_speaking: Some(v), ..unchanged }),
        LiveChange::Muted(v) => ServerEvent::UserMicToggle(LiveStateEvent { is_muted: Some(v), ..unchanged }),
        LiveChange::Deafened(v) => ServerEvent::UserDeafenToggle(LiveStateEvent { is_deafened: Some(v), ..unchanged }),
        LiveChange::Camera(v) => ServerEvent::UserCameraToggle(LiveStateEvent { is_camera_on: Some(v), ..unchanged }),
        LiveChange::Sharing(v) => ServerEvent::UserShareToggle(LiveStateEvent { is_sharing: Some(v), ..unchanged }),
        LiveChange::Watching(watching) => ServerEvent::UserWatchShare(WatchEvent { user_id, room_id, watching }),
    }
}
