//! Who belongs to a room (ROOM-1…ROOM-5): creating it, invitations, joining and declining, leaving,
//! removal and deletion, the room list, and the direct conversation of two friends (MSG-1). Membership
//! is what REST's `join` and `leave` change; being in the room's live part is [`LiveRooms`]' business,
//! and losing membership takes a user out of it at once.

use crate::ErrorCode;
use std::{collections::HashSet, sync::Arc};

use woxly_protocol::rooms::{RoomInvitationEvent, RoomRef};

use super::{LiveRooms, RoomAccess};
use crate::{
    Error, Result,
    model::{
        MemberStatus, MyRoom, NewRoom, NotificationKind, Participant, Room, RoomId, Status, User, UserId,
        permissions::{self, Action, Kind, Relation, RoomPermissions, Standing},
        room,
    },
    service::{
        Shared,
        events::{Audience, ServerEvent},
    },
    store::NotificationSubject,
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

pub struct Membership {
    shared: Shared,
    access: Arc<RoomAccess>,
    live: Arc<LiveRooms>,
}

impl Membership {
    pub fn new(shared: &Shared, access: Arc<RoomAccess>, live: Arc<LiveRooms>) -> Self {
        Self { shared: shared.clone(), access, live }
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
        let created = self.shared.store.create_room(&new, &invited).await?;
        for &user in &invited {
            self.tell_invited(owner, user, &created).await?;
        }
        Ok(created)
    }

    /// The distinct ids of `ids`, all of them friends of `inviter` (else `not_a_friend`), never the inviter.
    async fn friends_to_invite(&self, inviter: UserId, ids: &[UserId]) -> Result<Vec<UserId>> {
        let friends: HashSet<UserId> = self.shared.store.friend_ids(inviter).await?.into_iter().collect();
        let mut seen = HashSet::new();
        let mut invited = Vec::new();
        for &id in ids {
            if id == inviter || !seen.insert(id) {
                continue;
            }
            if !friends.contains(&id) {
                return Err(Error::invalid(ErrorCode::NotAFriend, "only friends can be invited"));
            }
            invited.push(id);
        }
        Ok(invited)
    }

    async fn tell_invited(&self, from: &User, to: UserId, room: &Room) -> Result<()> {
        let event = ServerEvent::RoomInvitation(RoomInvitationEvent { from: from.into(), room: room.into() });
        self.shared.events.publish(Audience::user(to), event).await;
        self.shared.notifications.notify(to, NotificationKind::RoomInvitation, from.id, Some(room.id)).await?;
        Ok(())
    }

    /// ROOM-5: my rooms, direct conversations and invitations, with what I have not read (MSG-5) and
    /// what I may do in each. FRIEND-6: the other person of a conversation who blocked me shows
    /// offline, as they do in its participants.
    pub async fn list(&self, user: UserId) -> Result<Vec<(MyRoom, RoomPermissions)>> {
        let friends: HashSet<UserId> = self.shared.store.friend_ids(user).await?.into_iter().collect();
        let blockers = self.shared.store.blockers_of(user).await?;
        let with_permissions = |mut mine: MyRoom| {
            if let Some(peer) = mine.peer.as_mut().filter(|peer| blockers.contains(&peer.id)) {
                peer.status = Status::Offline;
            }
            let relation = mine
                .peer
                .as_ref()
                .map(|peer| if friends.contains(&peer.id) { Relation::Friends } else { Relation::NotFriends });
            let standing = Standing::of(&mine.room, user, Some(mine.status));
            let permissions = permissions::permissions(Kind::of(&mine.room, relation), standing);
            (mine, permissions)
        };
        Ok(self.shared.store.rooms_of(user).await?.into_iter().map(with_permissions).collect())
    }

    /// MSG-1: the direct conversation of `user` and their friend `friend_id`, made on first use.
    pub async fn direct(&self, user: &User, friend_id: UserId) -> Result<Room> {
        let friend = self.shared.store.friend(user.id, friend_id).await?;
        let friend =
            friend.ok_or_else(|| Error::invalid(ErrorCode::NotAFriend, "only friends have a direct conversation"))?;
        let name = format!("{} & {}", user.username, friend.user.username);
        Ok(self.shared.store.direct_room(user.id, friend_id, &name).await?)
    }

    /// The room, its participants and what `user` may do in it, for anyone who may see it.
    pub async fn get(&self, user: UserId, room_id: RoomId) -> Result<RoomView> {
        let (room, membership) = self.shared.store.room_for(room_id, user).await?.ok_or(Error::NotFound)?;
        let permissions = self.access.permissions(&room, membership, user).await?;
        if !permissions.view {
            return Err(Error::NotFound);
        }
        let participants = self.live.participants_for(user, room_id).await?;
        Ok(RoomView { room, participants, permissions })
    }

    /// ROOM-3: accepts an invitation, or joins a public room while it has room for one more.
    pub async fn join(&self, user: &User, room_id: RoomId) -> Result<RoomView> {
        let (room, membership) = self.shared.store.room_for(room_id, user.id).await?.ok_or(Error::NotFound)?;
        self.access.decide(&room, membership, user.id, Action::Join).await?;
        if membership != Some(MemberStatus::Accepted) && room.owner_id != user.id {
            let accepted = match room.max_participants {
                Some(max) => self.shared.store.accept_within(room_id, user.id, max).await?,
                None => {
                    self.shared.store.set_membership(room_id, user.id, MemberStatus::Accepted).await?;
                    true
                }
            };
            if !accepted {
                return Err(Error::conflict(ErrorCode::RoomFull, "this room is full"));
            }
            self.shared
                .notifications
                .settle(user.id, NotificationKind::RoomInvitation, NotificationSubject::Room(room_id))
                .await?;
            self.tell_updated(&room).await?;
        }
        self.get(user.id, room_id).await
    }

    pub async fn decline(&self, user: UserId, room_id: RoomId) -> Result<()> {
        let room = self.access.access(user, room_id, Action::Decline).await?;
        self.shared.store.set_membership(room_id, user, MemberStatus::Declined).await?;
        self.shared
            .notifications
            .settle(user, NotificationKind::RoomInvitation, NotificationSubject::Room(room_id))
            .await?;
        self.tell_updated(&room).await
    }

    /// Anyone but the owner can leave (the owner deletes the room instead).
    pub async fn leave(&self, user: UserId, room_id: RoomId) -> Result<()> {
        let room = self.access.access(user, room_id, Action::Leave).await?;
        self.shared.store.remove_member(room_id, user).await?;
        self.live.take_out(room_id, user).await;
        self.tell_updated(&room).await
    }

    /// Members invite more friends (ROOM-3); those already in or invited are left as they are.
    pub async fn invite(&self, inviter: &User, room_id: RoomId, ids: &[UserId]) -> Result<Vec<Participant>> {
        let room = self.access.access(inviter.id, room_id, Action::Invite).await?;
        self.add_invitees(inviter, &room, ids, true).await?;
        self.live.participants_for(inviter.id, room_id).await
    }

    /// Makes `ids` pending members of `room` unless they are in it or invited already (which needs the
    /// inviter's right to invite); those added are told with an invitation when `announce`, and everyone
    /// with `room-updated` if anyone was added.
    pub(crate) async fn add_invitees(&self, inviter: &User, room: &Room, ids: &[UserId], announce: bool) -> Result<()> {
        let mut new = Vec::new();
        for user in self.friends_to_invite(inviter.id, ids).await? {
            let current = self.shared.store.membership(room.id, user).await?;
            if !matches!(current, Some(MemberStatus::Accepted | MemberStatus::Pending)) && user != room.owner_id {
                new.push(user);
            }
        }
        if new.is_empty() {
            return Ok(());
        }
        let membership = self.shared.store.membership(room.id, inviter.id).await?;
        self.access.decide(room, membership, inviter.id, Action::Invite).await?;
        for &user in &new {
            self.shared.store.set_membership(room.id, user, MemberStatus::Pending).await?;
            if announce {
                self.tell_invited(inviter, user, room).await?;
            }
        }
        self.tell_updated(room).await
    }

    /// The owner removes a member or invitee; their open sockets stop hearing the room at once.
    pub async fn remove_member(&self, owner: UserId, room_id: RoomId, user: UserId) -> Result<()> {
        let room = self.access.access(owner, room_id, Action::Manage).await?;
        if user == owner {
            return Err(Error::invalid(
                ErrorCode::CannotRemoveOwner,
                "the owner cannot be removed; delete the room instead",
            ));
        }
        if !self.shared.store.remove_member(room_id, user).await? {
            return Err(Error::NotFound);
        }
        self.live.take_out(room_id, user).await;
        self.shared.events.publish(Audience::user(user), ServerEvent::RoomRemoved(RoomRef { room_id })).await;
        self.tell_updated(&room).await
    }

    pub async fn delete(&self, owner: UserId, room_id: RoomId) -> Result<()> {
        self.access.access(owner, room_id, Action::Manage).await?;
        let members: Vec<UserId> = self.shared.store.members(room_id).await?.into_iter().map(|m| m.user.id).collect();
        self.shared.store.delete_room(room_id).await?;
        self.live.room_deleted(room_id, &members).await?;
        self.shared.events.publish(Audience::Users(members), ServerEvent::RoomDeleted(RoomRef { room_id })).await;
        Ok(())
    }

    /// `room-updated` to everyone the room concerns, members and invitees, each with their permissions.
    async fn tell_updated(&self, room: &Room) -> Result<()> {
        let participants = self.live.participants(room.id).await?;
        let concerned = participants.iter().map(|p| &p.member).filter(|m| m.status != MemberStatus::Declined);
        for member in concerned {
            let permissions = self.access.permissions(room, Some(member.status), member.user.id).await?;
            let event = ServerEvent::RoomUpdated(wire::room_detail(room, &participants, permissions));
            self.shared.events.publish(Audience::user(member.user.id), event).await;
        }
        Ok(())
    }
}
