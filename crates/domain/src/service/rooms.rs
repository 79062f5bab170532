//! Rooms (ROOM-1…ROOM-5) and who is in them (ROOM-4), under one access rule: [`permissions::decide`]
//! says what a user may see and do in a room, for every REST route, socket event and signal alike, and
//! [`Rooms::access`] is the door that loads what it needs. Every way a user stops being in a room's
//! live part (leaving it, being removed, a closed tab) goes through [`Rooms::left`], so the rules that
//! follow a departure (the others are told, a call there ends) hold on every path; a deleted room has
//! nobody left to tell, and its call ends with it.

use std::{collections::HashSet, sync::Arc};

use tokio::sync::Mutex;
use woxly_protocol::{
    events::{ICE_CANDIDATE, WEBRTC_ANSWER, WEBRTC_OFFER},
    rooms::{LiveStateEvent, RoomInvitationEvent, RoomRef, UserInRoomEvent, UserJoinedEvent},
    signaling::{RelayedSignal, Signal},
};

use crate::{
    Error, Result,
    model::{
        LiveState, MemberStatus, MyRoom, NewRoom, NotificationKind, Participant, Room, RoomId, RoomKind, Status, User,
        UserId,
        permissions::{self, Action, Kind, Relation, RoomPermissions, Standing},
        room::{self, sort_participants},
    },
    service::{
        events::{Audience, EventSink, ServerEvent},
        live::{LiveChange, LiveStore},
        notifications::Notifications,
        presence::Presence,
    },
    store::{NotificationSubject, Store, Writing},
    wire,
};

/// What creating a room needs.
#[derive(Debug, Clone)]
pub struct CreateRoom {
    pub name: String,
    pub is_private: bool,
    pub invited: Vec<UserId>,
    pub max_participants: Option<u32>,
}

/// A room as one person sees it: its participants and what that person may do in it.
#[derive(Debug, Clone)]
pub struct RoomView {
    pub room: Room,
    pub participants: Vec<Participant>,
    pub permissions: RoomPermissions,
}

/// Which WebRTC signal is relayed (VOICE-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalKind {
    Offer,
    Answer,
    Candidate,
}

const LOCK_STRIPES: usize = 64;

pub struct Rooms {
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
    notifications: Arc<Notifications>,
    presence: Arc<Presence>,
    live: Arc<dyn LiveStore>,
    /// Per-room locks (striped): message order and live-state order hold under concurrent requests.
    locks: Vec<Mutex<()>>,
}

impl Rooms {
    pub fn new(
        store: Arc<dyn Store>,
        events: Arc<dyn EventSink>,
        notifications: Arc<Notifications>,
        presence: Arc<Presence>,
        live: Arc<dyn LiveStore>,
    ) -> Self {
        Self {
            store,
            events,
            notifications,
            presence,
            live,
            locks: (0..LOCK_STRIPES).map(|_| Mutex::new(())).collect(),
        }
    }

    /// Serialises work on one room on this node: messages into their order, and what the room is told
    /// about who is in it and their live state. A socket's events are handled
    /// concurrently, so a mute racing its own join could otherwise be told before the join's older
    /// picture of the user, which would then undo it for everyone else.
    pub async fn lock(&self, room: RoomId) -> tokio::sync::MutexGuard<'_, ()> {
        self.locks[room.rem_euclid(LOCK_STRIPES as i64) as usize].lock().await
    }

    /// Loads the room and applies the access rule ([`permissions::decide`]): the one door every room
    /// operation goes through.
    pub async fn access(&self, user: UserId, room_id: RoomId, action: Action) -> Result<Room> {
        let (room, membership) = self.store.room_for(room_id, user).await?.ok_or(Error::NotFound)?;
        self.decide(&room, membership, user, action).await?;
        Ok(room)
    }

    /// [`access`](Self::access) to send a message, in the same one read: also the sender as they are now
    /// and the room's member count, which every message needs.
    pub async fn access_to_send(&self, user: UserId, room_id: RoomId) -> Result<Writing> {
        let writing = self.store.room_for_writing(room_id, user).await?.ok_or(Error::NotFound)?;
        self.decide(&writing.room, writing.membership, user, Action::Write).await?;
        Ok(writing)
    }

    /// Whether `user`, with `membership`, may do `action` in `room`.
    async fn decide(&self, room: &Room, membership: Option<MemberStatus>, user: UserId, action: Action) -> Result<()> {
        let standing = Standing::of(room, user, membership);
        Ok(permissions::decide(self.kind(room, user).await?, standing, action)?)
    }

    /// What `user`, with `membership`, may do in `room`: what clients are told with the room.
    async fn permissions(
        &self,
        room: &Room,
        membership: Option<MemberStatus>,
        user: UserId,
    ) -> Result<RoomPermissions> {
        Ok(permissions::permissions(self.kind(room, user).await?, Standing::of(room, user, membership)))
    }

    /// The room's kind as access sees it: a direct conversation with whether its two are friends now.
    async fn kind(&self, room: &Room, user: UserId) -> Result<Kind> {
        let relation = match room.kind {
            RoomKind::Group => None,
            RoomKind::Direct => Some(match self.store.direct_peer(room.id, user).await? {
                Some(peer) if self.store.friend(user, peer.id).await?.is_some() => Relation::Friends,
                _ => Relation::NotFriends,
            }),
        };
        Ok(Kind::of(room, relation))
    }

    pub async fn is_in(&self, room: RoomId, user: UserId) -> Result<bool> {
        Ok(self.live.live_state(room, user).await?.is_some())
    }

    /// How many people are in `room` now; each of them is an accepted member (joining needs it, and
    /// losing it takes them out).
    pub async fn people_in(&self, room: RoomId) -> Result<usize> {
        self.live.count_people_in(room).await
    }

    /// ROOM-1: the owner is a member at once; invited friends are pending and notified.
    pub async fn create(&self, owner: &User, request: CreateRoom) -> Result<Room> {
        room::validate_room_name(&request.name)?;
        room::validate_max_participants(request.max_participants)?;
        let invited = self.friends_to_invite(owner.id, &request.invited).await?;
        let new = NewRoom {
            name: request.name.trim().to_owned(),
            owner_id: owner.id,
            is_private: request.is_private,
            max_participants: request.max_participants,
        };
        let created = self.store.create_room(&new, &invited).await?;
        for &user in &invited {
            self.tell_invited(owner, user, &created).await?;
        }
        Ok(created)
    }

    /// The distinct ids of `ids`, all of them friends of `inviter` (else `not_a_friend`), never the inviter.
    async fn friends_to_invite(&self, inviter: UserId, ids: &[UserId]) -> Result<Vec<UserId>> {
        let friends: HashSet<UserId> = self.store.friend_ids(inviter).await?.into_iter().collect();
        let mut seen = HashSet::new();
        let mut invited = Vec::new();
        for &id in ids {
            if id == inviter || !seen.insert(id) {
                continue;
            }
            if !friends.contains(&id) {
                return Err(Error::invalid("not_a_friend", "only friends can be invited"));
            }
            invited.push(id);
        }
        Ok(invited)
    }

    async fn tell_invited(&self, from: &User, to: UserId, room: &Room) -> Result<()> {
        let event = ServerEvent::RoomInvitation(RoomInvitationEvent { from: from.into(), room: room.into() });
        self.events.publish(Audience::user(to), event).await;
        self.notifications.notify(to, NotificationKind::RoomInvitation, from.id, Some(room.id)).await?;
        Ok(())
    }

    /// ROOM-5: my rooms, direct conversations and invitations, with what I have not read (MSG-5) and
    /// what I may do in each.
    pub async fn list(&self, user: UserId) -> Result<Vec<(MyRoom, RoomPermissions)>> {
        let friends: HashSet<UserId> = self.store.friend_ids(user).await?.into_iter().collect();
        let with_permissions = |mine: MyRoom| {
            let relation = mine
                .peer
                .as_ref()
                .map(|peer| if friends.contains(&peer.id) { Relation::Friends } else { Relation::NotFriends });
            let standing = Standing::of(&mine.room, user, Some(mine.status));
            let permissions = permissions::permissions(Kind::of(&mine.room, relation), standing);
            (mine, permissions)
        };
        Ok(self.store.rooms_of(user).await?.into_iter().map(with_permissions).collect())
    }

    /// MSG-1: the direct conversation of `user` and their friend `friend_id`, made on first use.
    pub async fn direct(&self, user: &User, friend_id: UserId) -> Result<Room> {
        let friend = self.store.friend(user.id, friend_id).await?;
        let friend = friend.ok_or_else(|| Error::invalid("not_a_friend", "only friends have a direct conversation"))?;
        let name = format!("{} & {}", user.username, friend.user.username);
        Ok(self.store.direct_room(user.id, friend_id, &name).await?)
    }

    /// The room, its participants and what `user` may do in it, for anyone who may see it.
    pub async fn get(&self, user: UserId, room_id: RoomId) -> Result<RoomView> {
        let (room, membership) = self.store.room_for(room_id, user).await?.ok_or(Error::NotFound)?;
        let permissions = self.permissions(&room, membership, user).await?;
        if !permissions.view {
            return Err(Error::NotFound);
        }
        let participants = self.participants_for(user, room_id).await?;
        Ok(RoomView { room, participants, permissions })
    }

    /// The participants as `viewer` sees them: FRIEND-6, whoever blocked the viewer shows offline.
    pub async fn participants_for(&self, viewer: UserId, room_id: RoomId) -> Result<Vec<Participant>> {
        let mut participants = self.participants(room_id).await?;
        let blockers = self.store.blockers_of(viewer).await?;
        for participant in participants.iter_mut().filter(|p| blockers.contains(&p.member.user.id)) {
            participant.member.user.status = Status::Offline;
        }
        Ok(participants)
    }

    /// Members with their live state, in ROOM-4's order.
    pub async fn participants(&self, room_id: RoomId) -> Result<Vec<Participant>> {
        let live = self.live.people_in(room_id).await?;
        let mut participants: Vec<Participant> = self
            .store
            .members(room_id)
            .await?
            .into_iter()
            .map(|member| Participant { live: live.get(&member.user.id).copied(), member })
            .collect();
        sort_participants(&mut participants);
        Ok(participants)
    }

    /// ROOM-3: accepts an invitation, or joins a public room while it has room for one more.
    pub async fn join(&self, user: &User, room_id: RoomId) -> Result<RoomView> {
        let (room, membership) = self.store.room_for(room_id, user.id).await?.ok_or(Error::NotFound)?;
        self.decide(&room, membership, user.id, Action::Join).await?;
        if membership != Some(MemberStatus::Accepted) && room.owner_id != user.id {
            let accepted = match room.max_participants {
                Some(max) => self.store.accept_within(room_id, user.id, max).await?,
                None => {
                    self.store.set_membership(room_id, user.id, MemberStatus::Accepted).await?;
                    true
                }
            };
            if !accepted {
                return Err(Error::conflict("room_full", "this room is full"));
            }
            self.notifications
                .settle(user.id, NotificationKind::RoomInvitation, NotificationSubject::Room(room_id))
                .await?;
            self.tell_updated(&room).await?;
        }
        self.get(user.id, room_id).await
    }

    pub async fn decline(&self, user: UserId, room_id: RoomId) -> Result<()> {
        let room = self.access(user, room_id, Action::Decline).await?;
        self.store.set_membership(room_id, user, MemberStatus::Declined).await?;
        self.notifications.settle(user, NotificationKind::RoomInvitation, NotificationSubject::Room(room_id)).await?;
        self.tell_updated(&room).await
    }

    /// Anyone but the owner can leave (the owner deletes the room instead).
    pub async fn leave(&self, user: UserId, room_id: RoomId) -> Result<()> {
        let room = self.access(user, room_id, Action::Leave).await?;
        self.store.remove_member(room_id, user).await?;
        self.drop_from_room(room_id, user).await;
        self.tell_updated(&room).await
    }

    /// Members invite more friends (ROOM-3); those already in or invited are left as they are.
    pub async fn invite(&self, inviter: &User, room_id: RoomId, ids: &[UserId]) -> Result<Vec<Participant>> {
        let room = self.access(inviter.id, room_id, Action::Invite).await?;
        self.add_invitees(inviter, &room, ids, true).await?;
        self.participants_for(inviter.id, room_id).await
    }

    /// Makes `ids` pending members of `room` unless they are in it or invited already (which needs the
    /// inviter's right to invite); those added are told with an invitation when `announce`, and everyone
    /// with `room-updated` if anyone was added.
    async fn add_invitees(&self, inviter: &User, room: &Room, ids: &[UserId], announce: bool) -> Result<()> {
        let mut new = Vec::new();
        for user in self.friends_to_invite(inviter.id, ids).await? {
            let current = self.store.membership(room.id, user).await?;
            if !matches!(current, Some(MemberStatus::Accepted | MemberStatus::Pending)) && user != room.owner_id {
                new.push(user);
            }
        }
        if new.is_empty() {
            return Ok(());
        }
        let membership = self.store.membership(room.id, inviter.id).await?;
        self.decide(room, membership, inviter.id, Action::Invite).await?;
        for &user in &new {
            self.store.set_membership(room.id, user, MemberStatus::Pending).await?;
            if announce {
                self.tell_invited(inviter, user, room).await?;
            }
        }
        self.tell_updated(room).await
    }

    /// CALL-1: the room where `caller` calls `friend`, with the friend invited to it (the ringing is
    /// their invitation, so no separate one is sent): `room_id` if given, else their direct
    /// conversation (MSG-1), made on their first call.
    pub async fn call_room(&self, caller: &User, friend: &User, room_id: Option<RoomId>) -> Result<Room> {
        let room_id = match room_id {
            Some(id) => id,
            None => self.direct(caller, friend.id).await?.id,
        };
        let room = self.access(caller.id, room_id, Action::Voice).await?;
        self.add_invitees(caller, &room, &[friend.id], false).await?;
        Ok(room)
    }

    /// CALL-2, STATUS-2: an accepted call in `room_id` makes both sides busy until one of them leaves.
    pub async fn start_call(&self, room_id: RoomId, sides: [UserId; 2]) -> Result<()> {
        let mut before = Vec::new();
        for user in sides {
            if let Some(previous) = self.store.user_by_id(user).await?.map(|u| u.status)
                && self.presence.choose(user, Status::Busy).await.is_ok()
            {
                before.push((user, previous));
            }
        }
        self.live.call_started(room_id, before).await
    }

    /// A call in `room_id` is over when `user` (one of its sides, or anyone when `None`) is gone from
    /// the room: both sides get back the status they had.
    async fn end_call(&self, room_id: RoomId, user: Option<UserId>) {
        let sides = match self.live.end_call(room_id, user).await {
            Ok(sides) => sides.unwrap_or_default(),
            Err(e) => {
                tracing::error!(room_id, error = %e, "could not end a call");
                return;
            }
        };
        for (side, previous) in sides {
            // A side that went offline in the meantime has nothing to restore.
            let _ =
                self.presence.choose(side, if previous == Status::Offline { Status::Online } else { previous }).await;
        }
    }

    /// The owner removes a member or invitee; their open sockets stop hearing the room at once.
    pub async fn remove_member(&self, owner: UserId, room_id: RoomId, user: UserId) -> Result<()> {
        let room = self.access(owner, room_id, Action::Manage).await?;
        if user == owner {
            return Err(Error::invalid("cannot_remove_owner", "the owner cannot be removed; delete the room instead"));
        }
        if !self.store.remove_member(room_id, user).await? {
            return Err(Error::NotFound);
        }
        self.drop_from_room(room_id, user).await;
        self.events.publish(Audience::user(user), ServerEvent::RoomRemoved(RoomRef { room_id })).await;
        self.tell_updated(&room).await
    }

    pub async fn delete(&self, owner: UserId, room_id: RoomId) -> Result<()> {
        self.access(owner, room_id, Action::Manage).await?;
        let members: Vec<UserId> = self.store.members(room_id).await?.into_iter().map(|m| m.user.id).collect();
        self.store.delete_room(room_id).await?;
        for &user in &members {
            self.live.remove_from_room(room_id, user).await?;
        }
        self.end_call(room_id, None).await;
        self.events.stop_hearing(Audience::Users(members.clone()), room_id).await;
        self.events.publish(Audience::Users(members), ServerEvent::RoomDeleted(RoomRef { room_id })).await;
        Ok(())
    }

    /// Takes `user` out of the live room and out of its socket room.
    async fn drop_from_room(&self, room_id: RoomId, user: UserId) {
        self.events.stop_hearing(Audience::user(user), room_id).await;
        match self.live.remove_from_room(room_id, user).await {
            Ok(true) => self.left(room_id, user).await,
            Ok(false) => {}
            Err(e) => tracing::error!(room_id, user, error = %e, "could not take a user out of a live room"),
        }
    }

    /// `user` is no longer in `room_id` (their last connection there left): the others are told, and a
    /// call there ends.
    async fn left(&self, room_id: RoomId, user_id: UserId) {
        self.events
            .publish(Audience::room(room_id), ServerEvent::UserLeftRoom(UserInRoomEvent { user_id, room_id }))
            .await;
        self.end_call(room_id, Some(user_id)).await;
    }

    /// `room-updated` to everyone the room concerns, members and invitees, each with their permissions.
    async fn tell_updated(&self, room: &Room) -> Result<()> {
        let participants = self.participants(room.id).await?;
        let concerned = participants.iter().map(|p| &p.member).filter(|m| m.status != MemberStatus::Declined);
        for member in concerned {
            let permissions = self.permissions(room, Some(member.status), member.user.id).await?;
            let event = ServerEvent::RoomUpdated(wire::room_detail(room, &participants, permissions));
            self.events.publish(Audience::user(member.user.id), event).await;
        }
        Ok(())
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
        let room = self.access(user, room_id, Action::Voice).await?;
        let this_connection = || Audience::Connections(vec![connection.to_owned()]);
        self.events.hear(this_connection(), room_id).await;
        let first = match self.live.enter_room(room_id, user, connection).await {
            Ok(first) => first,
            Err(e) => {
                self.events.stop_hearing(this_connection(), room_id).await;
                return Err(e);
            }
        };
        let participants = match self.still_allowed_in(&room, user).await {
            Ok(participants) => participants,
            Err(e) => {
                self.events.stop_hearing(this_connection(), room_id).await;
                if self.live.exit_room(room_id, user, connection).await? {
                    self.left(room_id, user).await;
                }
                return Err(e);
            }
        };
        if first && let Some(me) = participants.iter().find(|p| p.member.user.id == user) {
            // The live state as it is now, told in order with the changes to it (see `lock`).
            let _order = self.lock(room_id).await;
            let me = Participant { live: self.live.live_state(room_id, user).await?, ..me.clone() };
            let joined = UserJoinedEvent { user_id: user, room_id, participant: (&me).into() };
            let others = Audience::Room { room_id, except: Some(connection.to_owned()) };
            self.events.publish(others, ServerEvent::UserJoinedRoom(joined)).await;
        }
        Ok((room, participants))
    }

    /// The room's participants as `user` sees them, if `user` may still be in it: their membership is
    /// read from the same list.
    async fn still_allowed_in(&self, room: &Room, user: UserId) -> Result<Vec<Participant>> {
        let participants = self.participants_for(user, room.id).await?;
        let membership = participants.iter().find(|p| p.member.user.id == user).map(|p| p.member.status);
        self.decide(room, membership, user, Action::Voice).await?;
        Ok(participants)
    }

    /// `leave-room`: the connection stops hearing the room at once and leaves it; the others are told
    /// when it was the user's last connection there.
    pub async fn exit(&self, user: UserId, room_id: RoomId, connection: &str) -> Result<()> {
        self.events.stop_hearing(Audience::Connections(vec![connection.to_owned()]), room_id).await;
        self.access(user, room_id, Action::View).await?;
        if self.live.exit_room(room_id, user, connection).await? {
            self.left(room_id, user).await;
        }
        Ok(())
    }

    /// A closed connection leaves every room at once (ROOM-4).
    pub async fn disconnected(&self, connection: &str) {
        let (user, left) = match self.live.leave_all_rooms(connection).await {
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
    /// in the room; only a real change is told. Deafening mutes the microphone with it.
    pub async fn change(
        &self,
        user: UserId,
        room_id: RoomId,
        change: LiveChange,
        connection: &str,
    ) -> Result<LiveState> {
        self.access(user, room_id, Action::Voice).await?;
        if !self.is_in(room_id, user).await? {
            return Err(Error::conflict("not_in_room", "join the room first"));
        }
        let changes: &[LiveChange] =
            if change == LiveChange::Deafened(true) { &[LiveChange::Muted(true), change] } else { &[change] };
        let _order = self.lock(room_id).await;
        for &change in changes {
            if let Some(change) = self.live.update_live_state(room_id, user, change).await? {
                let others = Audience::Room { room_id, except: Some(connection.to_owned()) };
                self.events.publish(others, live_event(room_id, user, change)).await;
            }
        }
        Ok(self.live.live_state(room_id, user).await?.unwrap_or_default())
    }

    /// VOICE-3: relays a signal from `from`'s `connection` to the connections of `signal.to` in a room
    /// they share now, with `from` set here, never taken from the payload.
    pub async fn relay_signal(&self, from: UserId, connection: &str, kind: SignalKind, signal: Signal) -> Result<()> {
        let (body, name) = match kind {
            SignalKind::Offer => (&signal.offer, WEBRTC_OFFER),
            SignalKind::Answer => (&signal.answer, WEBRTC_ANSWER),
            SignalKind::Candidate => (&signal.candidate, ICE_CANDIDATE),
        };
        if body.is_none() {
            return Err(Error::invalid("invalid_payload", format!("{name} needs its body")));
        }
        let (room_id, targets) = self.signal_route(from, connection, signal.to, signal.room_id).await?;
        let relayed =
            RelayedSignal { from, room_id, offer: signal.offer, answer: signal.answer, candidate: signal.candidate };
        let event = match kind {
            SignalKind::Offer => ServerEvent::WebrtcOffer(relayed),
            SignalKind::Answer => ServerEvent::WebrtcAnswer(relayed),
            SignalKind::Candidate => ServerEvent::IceCandidate(relayed),
        };
        self.events.publish(Audience::Connections(targets), event).await;
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
        let not_together = || Error::conflict("not_in_same_room", "the target is not in a room with you");
        if from == to {
            return Err(not_together());
        }
        for room in self.live.rooms_of_connection(connection).await? {
            if room_hint.is_some_and(|hint| hint != room) {
                continue;
            }
            let targets = self.live.connections_in_room(room, to).await?;
            if !targets.is_empty() {
                if !(self.allowed(from, room, Action::Voice).await? && self.allowed(to, room, Action::Voice).await?) {
                    return Err(not_together());
                }
                return Ok((room, targets));
            }
        }
        Err(not_together())
    }

    /// Whether `user` may do `action` in `room_id` now; a refusal is `false`, a failure to read an error.
    async fn allowed(&self, user: UserId, room_id: RoomId, action: Action) -> Result<bool> {
        match self.access(user, room_id, action).await {
            Ok(_) => Ok(true),
            Err(Error::NotFound | Error::Forbidden(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// The event that tells a room about one change of a user's live state.
fn live_event(room_id: RoomId, user_id: UserId, change: LiveChange) -> ServerEvent {
    let unchanged = LiveStateEvent { user_id, room_id, is_speaking: None, is_muted: None, is_deafened: None };
    match change {
        LiveChange::Speaking(v) => ServerEvent::UserSpeaking(LiveStateEvent { is_speaking: Some(v), ..unchanged }),
        LiveChange::Muted(v) => ServerEvent::UserMicToggle(LiveStateEvent { is_muted: Some(v), ..unchanged }),
        LiveChange::Deafened(v) => ServerEvent::UserDeafenToggle(LiveStateEvent { is_deafened: Some(v), ..unchanged }),
    }
}
