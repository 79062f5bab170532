//! Rooms (ROOM-1…ROOM-5) and who is in them (ROOM-4), under one access rule: [`authorize`] decides
//! what a user may see and do in a room, for every REST route and socket event alike.

use std::{collections::HashSet, sync::Arc};

use tokio::sync::Mutex;

use crate::{
    Error, Result,
    model::{
        LiveState, MemberStatus, NewRoom, NotificationKind, Participant, Room, RoomId, User, UserId,
        room::{self, sort_participants},
    },
    service::{
        events::{Event, EventSink},
        live_rooms::{LiveChange, LiveRooms},
        notifications::Notifications,
    },
    store::{NotificationSubject, Store},
};

/// What a user wants to do with a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomAction {
    /// See the room and its participants.
    View,
    /// Be in it and use it: messages, entering the voice room, speaking, signaling, inviting.
    Use,
    /// Become a member: accept an invitation or join a public room.
    Join,
    /// Decline an invitation.
    Decline,
    /// Remove members, delete the room.
    Manage,
}

/// THE access rule (QUALITY-2). A private room exists only for its owner, its members and its
/// invitees: for anyone else every action is `NotFound`, as if there were no such room. Public rooms
/// can be seen and joined by anyone who knows the id. What a user may see but not do is `Forbidden`.
pub fn authorize(room: &Room, membership: Option<MemberStatus>, user: UserId, action: RoomAction) -> Result<()> {
    let owner = room.owner_id == user;
    let member = owner || membership == Some(MemberStatus::Accepted);
    let invited = membership == Some(MemberStatus::Pending);
    if !(member || invited || !room.is_private) {
        return Err(Error::NotFound);
    }
    let allowed = match action {
        RoomAction::View => true,
        RoomAction::Use => member,
        RoomAction::Join => true,
        RoomAction::Decline => invited,
        RoomAction::Manage => owner,
    };
    if allowed { Ok(()) } else { Err(Error::Forbidden("you may not do this in this room")) }
}

/// What creating a room needs.
#[derive(Debug, Clone)]
pub struct CreateRoom {
    pub name: String,
    pub is_private: bool,
    pub invited: Vec<UserId>,
    pub max_participants: Option<u32>,
}

const LOCK_STRIPES: usize = 64;

pub struct Rooms {
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
    notifications: Arc<Notifications>,
    live: LiveRooms,
    /// Per-room locks (striped): membership limits and message order hold under concurrent requests.
    locks: Vec<Mutex<()>>,
}

impl Rooms {
    pub fn new(store: Arc<dyn Store>, events: Arc<dyn EventSink>, notifications: Arc<Notifications>) -> Self {
        Self {
            store,
            events,
            notifications,
            live: LiveRooms::default(),
            locks: (0..LOCK_STRIPES).map(|_| Mutex::new(())).collect(),
        }
    }

    /// Serialises work on one room (joins against its limit, messages into its order).
    pub async fn lock(&self, room: RoomId) -> tokio::sync::MutexGuard<'_, ()> {
        self.locks[room.rem_euclid(LOCK_STRIPES as i64) as usize].lock().await
    }

    /// Loads the room and applies [`authorize`]: the one door every room operation goes through.
    pub async fn access(&self, user: UserId, room_id: RoomId, action: RoomAction) -> Result<Room> {
        Ok(self.access_with_membership(user, room_id, action).await?.0)
    }

    /// [`access`](Self::access), also giving the caller's membership it read on the way.
    async fn access_with_membership(
        &self,
        user: UserId,
        room_id: RoomId,
        action: RoomAction,
    ) -> Result<(Room, Option<MemberStatus>)> {
        let (room, membership) = self.store.room_for(room_id, user).await?.ok_or(Error::NotFound)?;
        authorize(&room, membership, user, action)?;
        Ok((room, membership))
    }

    pub fn is_in(&self, room: RoomId, user: UserId) -> bool {
        self.live.is_in(room, user)
    }

    /// How many people are in `room` now; each of them is an accepted member (joining needs it, and
    /// losing it takes them out).
    pub fn people_in(&self, room: RoomId) -> usize {
        self.live.people_in(room)
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
        self.events.publish(Event::RoomInvitation { to, from: from.clone(), room: room.clone() }).await;
        self.notifications.notify(to, NotificationKind::RoomInvitation, from.id, Some(room.id)).await?;
        Ok(())
    }

    /// ROOM-5: my rooms and invitations.
    pub async fn list(&self, user: UserId) -> Result<Vec<(Room, MemberStatus)>> {
        Ok(self.store.rooms_of(user).await?)
    }

    /// The room and its participants, for anyone who may see it.
    pub async fn get(&self, user: UserId, room_id: RoomId) -> Result<(Room, Vec<Participant>)> {
        let room = self.access(user, room_id, RoomAction::View).await?;
        let participants = self.participants(room_id).await?;
        Ok((room, participants))
    }

    /// Members with their live state, in ROOM-4's order.
    pub async fn participants(&self, room_id: RoomId) -> Result<Vec<Participant>> {
        let live = self.live.snapshot(room_id);
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
    pub async fn join(&self, user: &User, room_id: RoomId) -> Result<(Room, Vec<Participant>)> {
        let (room, membership) = self.access_with_membership(user.id, room_id, RoomAction::Join).await?;
        if membership != Some(MemberStatus::Accepted) && room.owner_id != user.id {
            let _room_lock = self.lock(room_id).await;
            if let Some(max) = room.max_participants
                && self.store.accepted_count(room_id).await? >= max
            {
                return Err(Error::conflict("room_full", "this room is full"));
            }
            self.store.set_membership(room_id, user.id, MemberStatus::Accepted).await?;
            self.notifications
                .settle(user.id, NotificationKind::RoomInvitation, NotificationSubject::Room(room_id))
                .await?;
            self.tell_updated(&room).await?;
        }
        Ok((room, self.participants(room_id).await?))
    }

    pub async fn decline(&self, user: UserId, room_id: RoomId) -> Result<()> {
        let room = self.access(user, room_id, RoomAction::Decline).await?;
        self.store.set_membership(room_id, user, MemberStatus::Declined).await?;
        self.notifications.settle(user, NotificationKind::RoomInvitation, NotificationSubject::Room(room_id)).await?;
        self.tell_updated(&room).await
    }

    /// Anyone but the owner can leave (the owner deletes the room instead).
    pub async fn leave(&self, user: UserId, room_id: RoomId) -> Result<()> {
        let room = self.access(user, room_id, RoomAction::Use).await?;
        if room.owner_id == user {
            return Err(Error::conflict("owner_cannot_leave", "the owner cannot leave; delete the room instead"));
        }
        self.store.remove_member(room_id, user).await?;
        self.drop_from_room(room_id, user).await;
        self.tell_updated(&room).await
    }

    /// Members invite more friends (ROOM-3); those already in or invited are left as they are.
    pub async fn invite(&self, inviter: &User, room_id: RoomId, ids: &[UserId]) -> Result<Vec<Participant>> {
        let room = self.access(inviter.id, room_id, RoomAction::Use).await?;
        let mut invited_any = false;
        for user in self.friends_to_invite(inviter.id, ids).await? {
            let current = self.store.membership(room_id, user).await?;
            if matches!(current, Some(MemberStatus::Accepted | MemberStatus::Pending)) || user == room.owner_id {
                continue;
            }
            self.store.set_membership(room_id, user, MemberStatus::Pending).await?;
            self.tell_invited(inviter, user, &room).await?;
            invited_any = true;
        }
        if invited_any {
            self.tell_updated(&room).await?;
        }
        self.participants(room_id).await
    }

    /// The owner removes a member or invitee; their open sockets stop hearing the room at once.
    pub async fn remove_member(&self, owner: UserId, room_id: RoomId, user: UserId) -> Result<()> {
        let room = self.access(owner, room_id, RoomAction::Manage).await?;
        if user == owner {
            return Err(Error::invalid("cannot_remove_owner", "the owner cannot be removed; delete the room instead"));
        }
        if !self.store.remove_member(room_id, user).await? {
            return Err(Error::NotFound);
        }
        self.drop_from_room(room_id, user).await;
        self.events.publish(Event::RoomRemoved { to: user, room_id }).await;
        self.tell_updated(&room).await
    }

    pub async fn delete(&self, owner: UserId, room_id: RoomId) -> Result<()> {
        self.access(owner, room_id, RoomAction::Manage).await?;
        let members: Vec<UserId> = self.store.members(room_id).await?.into_iter().map(|m| m.user.id).collect();
        self.store.delete_room(room_id).await?;
        for &user in &members {
            self.live.remove(room_id, user);
        }
        self.events.publish(Event::RoomAccessLost { room_id, users: members.clone() }).await;
        self.events.publish(Event::RoomDeleted { to: members, room_id }).await;
        Ok(())
    }

    /// Takes `user` out of the live room and out of its socket room.
    async fn drop_from_room(&self, room_id: RoomId, user: UserId) {
        self.events.publish(Event::RoomAccessLost { room_id, users: vec![user] }).await;
        if self.live.remove(room_id, user) {
            self.events.publish(Event::UserLeftRoom { room_id, user_id: user }).await;
        }
    }

    /// `room-updated` to everyone the room concerns: members and invitees.
    async fn tell_updated(&self, room: &Room) -> Result<()> {
        let participants = self.participants(room.id).await?;
        let to = participants
            .iter()
            .filter(|p| p.member.status != MemberStatus::Declined)
            .map(|p| p.member.user.id)
            .collect();
        self.events.publish(Event::RoomUpdated { to, room: room.clone(), participants }).await;
        Ok(())
    }

    /// `join-room` (ROOM-4): an accepted member's connection enters the room; the others are told
    /// when the user was not already in it.
    pub async fn enter(&self, user: UserId, room_id: RoomId, connection: &str) -> Result<(Room, Vec<Participant>)> {
        let room = self.access(user, room_id, RoomAction::Use).await?;
        let first = self.live.enter(room_id, user, connection);
        let participants = self.participants(room_id).await?;
        if first && let Some(me) = participants.iter().find(|p| p.member.user.id == user) {
            let event = Event::UserJoinedRoom { room_id, participant: me.clone(), except: Some(connection.to_owned()) };
            self.events.publish(event).await;
        }
        Ok((room, participants))
    }

    /// `leave-room`: the connection leaves; the others are told when it was the user's last one there.
    pub async fn exit(&self, user: UserId, room_id: RoomId, connection: &str) -> bool {
        let last = self.live.exit(room_id, user, connection);
        if last {
            self.events.publish(Event::UserLeftRoom { room_id, user_id: user }).await;
        }
        last
    }

    /// A closed connection leaves every room at once (ROOM-4); returns the rooms its user left.
    pub async fn disconnected(&self, connection: &str) -> Vec<RoomId> {
        let (user, left) = self.live.disconnect(connection);
        if let Some(user_id) = user {
            for &room_id in &left {
                self.events.publish(Event::UserLeftRoom { room_id, user_id }).await;
            }
        }
        left
    }

    /// `start/stop-speaking`, `mic-toggle`, `deafen-toggle` (VOICE-5, PANEL-1, PANEL-2): only for a user
    /// in the room; only a real change is told.
    pub async fn change(
        &self,
        user: UserId,
        room_id: RoomId,
        change: LiveChange,
        connection: &str,
    ) -> Result<LiveState> {
        self.access(user, room_id, RoomAction::Use).await?;
        if !self.live.is_in(room_id, user) {
            return Err(Error::conflict("not_in_room", "join the room first"));
        }
        if let Some(change) = self.live.update(room_id, user, change) {
            let except = Some(connection.to_owned());
            self.events.publish(Event::LiveStateChanged { room_id, user_id: user, change, except }).await;
        }
        Ok(self.live.state(room_id, user).unwrap_or_default())
    }

    /// VOICE-3: the connections of `to` a signal from `from` may be relayed to: both must be in one
    /// room now (the sender's connection among them), `room_hint` picking the room when there are several.
    pub fn signal_route(
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
        self.live
            .rooms_of_connection(connection)
            .into_iter()
            .filter(|&room| room_hint.is_none_or(|hint| hint == room))
            .find_map(|room| {
                let targets = self.live.connections(room, to);
                (!targets.is_empty()).then_some((room, targets))
            })
            .ok_or_else(not_together)
    }
}
