//! The domain's values in the wire shapes of `woxly-protocol` (docs/api.md). Services build events with
//! these; the edges answer requests with them. The one place a model is turned into what a client sees.

use woxly_protocol as wire;

use crate::{
    Error,
    model::{
        Attachment, Friend, FriendRequest, Message, MyRoom, Notification, Participant, Privacy, Quote, Reaction, Room,
        RoomNotifications, SearchHit, SearchResult, User, message::quote_preview, permissions::RoomPermissions,
    },
};

/// How anyone else sees a user: no email.
impl From<&User> for wire::user::User {
    fn from(user: &User) -> Self {
        Self {
            id: user.id,
            woxly_id: user.woxly_id.0.clone(),
            username: user.username.clone(),
            avatar_url: user.avatar_url.clone(),
            status: user.status,
            email: None,
            deleted: user.deleted,
        }
    }
}

impl User {
    /// How a user sees themself: with their email.
    pub fn own_view(&self) -> wire::user::User {
        wire::user::User { email: Some(self.email.clone()), ..self.into() }
    }
}

/// NOTIF-4: a mute until turned back on has no end to show.
impl From<RoomNotifications> for wire::notifications::RoomNotifications {
    fn from(choices: RoomNotifications) -> Self {
        let forever = choices.muted_until == Some(RoomNotifications::FOREVER);
        Self {
            level: choices.level,
            muted_until: choices.muted_until.filter(|_| !forever).map(|until| until.to_rfc3339()),
            muted_forever: forever,
        }
    }
}

impl From<Privacy> for wire::user::Privacy {
    fn from(privacy: Privacy) -> Self {
        Self { friend_requests: privacy.friend_requests, findable_by: privacy.findable_by }
    }
}

impl From<&SearchHit> for wire::friends::SearchUser {
    fn from(hit: &SearchHit) -> Self {
        Self { user: (&hit.user).into(), is_friend: hit.is_friend, request_pending: hit.request_pending }
    }
}

impl From<&Friend> for wire::friends::Friend {
    fn from(f: &Friend) -> Self {
        Self { user: (&f.user).into(), note: f.note.clone(), created_at: f.since.to_rfc3339() }
    }
}

impl From<&FriendRequest> for wire::friends::FriendRequest {
    fn from(r: &FriendRequest) -> Self {
        Self { id: r.id, from: (&r.from).into(), to: (&r.to).into(), created_at: r.created_at.to_rfc3339() }
    }
}

impl From<&Room> for wire::rooms::Room {
    fn from(r: &Room) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            name: r.name.clone(),
            owner_id: r.owner_id,
            is_private: r.is_private,
            max_participants: r.max_participants,
            created_at: r.created_at.to_rfc3339(),
        }
    }
}

/// A room in my room list, with my membership, what I have not read (ROOM-5, MSG-5) and what I may do.
pub fn my_room(r: &MyRoom, permissions: RoomPermissions) -> wire::rooms::MyRoom {
    wire::rooms::MyRoom {
        room: (&r.room).into(),
        my_status: r.status,
        last_read_id: r.last_read_id,
        unread_count: r.unread,
        mention_count: r.mentions,
        peer: r.peer.as_ref().map(Into::into),
        permissions,
    }
}

impl From<&Participant> for wire::rooms::Participant {
    fn from(p: &Participant) -> Self {
        let live = p.live.unwrap_or_default();
        Self {
            user: (&p.member.user).into(),
            room_status: p.member.status,
            is_online: p.is_online(),
            is_in_room: p.live.is_some(),
            is_speaking: live.is_speaking,
            is_muted: live.is_muted,
            is_deafened: live.is_deafened,
            is_camera_on: live.is_camera_on,
            is_sharing: live.is_sharing,
            watching: live.watching,
        }
    }
}

/// A room's participants as the wire lists them.
pub fn participants(list: &[Participant]) -> Vec<wire::rooms::Participant> {
    list.iter().map(Into::into).collect()
}

/// `{room, participants, permissions}`, for the one whose permissions they are.
pub fn room_detail(room: &Room, list: &[Participant], permissions: RoomPermissions) -> wire::rooms::RoomDetail {
    wire::rooms::RoomDetail { room: room.into(), participants: participants(list), permissions }
}

impl From<&Message> for wire::chat::Message {
    fn from(m: &Message) -> Self {
        Self {
            id: m.id,
            room_id: m.room_id,
            content: m.content.clone(),
            timestamp: m.created_at.to_rfc3339(),
            sender: (&m.sender).into(),
            nonce: m.nonce.clone(),
            reply_to: m.reply_to.as_deref().map(Into::into),
            edited_at: m.edited_at.map(|t| t.to_rfc3339()),
            deleted: m.deleted,
            reactions: m.reactions.iter().map(Into::into).collect(),
            mentions: m.mentions.clone(),
            attachments: m.attachments.iter().map(Into::into).collect(),
        }
    }
}

impl From<&Attachment> for wire::attachments::Attachment {
    fn from(a: &Attachment) -> Self {
        Self {
            id: a.id,
            name: a.name.clone(),
            content_type: a.content_type.clone(),
            kind: a.kind,
            size: a.size,
            width: a.width,
            height: a.height,
        }
    }
}

impl From<&SearchResult> for wire::chat::SearchResult {
    fn from(r: &SearchResult) -> Self {
        Self { message: (&r.message).into(), room: (&r.room).into() }
    }
}

/// A reply shows the first line of what it answers (MSG-3).
impl From<&Quote> for wire::chat::Quote {
    fn from(q: &Quote) -> Self {
        Self { id: q.id, sender: (&q.sender).into(), content: quote_preview(&q.content), deleted: q.deleted }
    }
}

impl From<&Reaction> for wire::chat::Reaction {
    fn from(r: &Reaction) -> Self {
        Self { emoji: r.emoji.clone(), count: r.user_ids.len(), user_ids: r.user_ids.clone() }
    }
}

impl From<&Notification> for wire::notifications::Notification {
    fn from(n: &Notification) -> Self {
        Self {
            id: n.id,
            kind: n.kind,
            is_read: n.is_read,
            timestamp: n.created_at.to_rfc3339(),
            from: (&n.from).into(),
            room: n.room.as_ref().map(Into::into),
            message: n.message.as_ref().map(Into::into),
        }
    }
}

impl From<&Error> for wire::ack::AckError {
    /// A refused event answers with the same code and message a REST route would; internals stay out.
    fn from(e: &Error) -> Self {
        match e {
            Error::Internal(_) => Self::new(e.code(), "internal error"),
            Error::RateLimited { retry_after_ms } => Self::rate_limited(*retry_after_ms),
            Error::TooLarge { limit, .. } => Self { limit: Some(*limit), ..Self::new(e.code(), e.to_string()) },
            _ => Self::new(e.code(), e.to_string()),
        }
    }
}
