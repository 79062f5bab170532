//! The door to a room (QUALITY-2): loads what the access rule needs (the room, the caller's membership
//! and, in a direct conversation, whether the two are friends) and asks [`permissions::decide`]. Every
//! room operation, REST or socket, membership or live, goes through [`RoomAccess::access`]; nothing else
//! decides who may do what in a room.

use std::sync::Arc;

use crate::{
    Error, Result,
    model::{
        MemberStatus, Room, RoomId, RoomKind, UserId,
        permissions::{self, Action, Kind, Relation, RoomPermissions, Standing},
    },
    store::{Store, Writing},
};

pub struct RoomAccess {
    store: Arc<dyn Store>,
}

impl RoomAccess {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
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
    pub(crate) async fn decide(
        &self,
        room: &Room,
        membership: Option<MemberStatus>,
        user: UserId,
        action: Action,
    ) -> Result<()> {
        let standing = Standing::of(room, user, membership);
        Ok(permissions::decide(self.kind(room, user).await?, standing, action)?)
    }

    /// What `user`, with `membership`, may do in `room`: what clients are told with the room.
    pub(crate) async fn permissions(
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

    /// Whether `user` may do `action` in `room_id` now; a refusal is `false`, a failure to read an error.
    pub async fn allows(&self, user: UserId, room_id: RoomId, action: Action) -> Result<bool> {
        let Some((room, membership)) = self.store.room_for(room_id, user).await? else { return Ok(false) };
        let standing = Standing::of(&room, user, membership);
        Ok(permissions::decide(self.kind(&room, user).await?, standing, action).is_ok())
    }
}
