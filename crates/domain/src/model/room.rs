//! Rooms (ROOM-1…ROOM-5): private by default, with invitations; public ones anyone may join, up to an
//! optional member limit. Participants carry live state (ROOM-4).

use crate::ErrorCode;
use crate::{
    Error,
    model::{User, UserId},
    time::Timestamp,
};

pub type RoomId = i64;

pub const ROOM_NAME_MAX_CHARS: usize = 64;
pub const ROOM_MAX_PARTICIPANTS_LIMIT: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub id: RoomId,
    pub kind: RoomKind,
    /// A direct conversation's name is its two usernames when it was opened; clients show the peer.
    pub name: String,
    pub owner_id: UserId,
    pub is_private: bool,
    /// `None`: no limit.
    pub max_participants: Option<u32>,
    pub created_at: Timestamp,
}

pub use woxly_protocol::rooms::{MembershipStatus as MemberStatus, RoomKind};

/// A room about to be created.
#[derive(Debug, Clone)]
pub struct NewRoom {
    pub name: String,
    pub owner_id: UserId,
    pub is_private: bool,
    pub max_participants: Option<u32>,
}

/// A room in a member's list (ROOM-5), with how much of it they have not read (MSG-5) and, for a
/// direct conversation, the other person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyRoom {
    pub room: Room,
    pub status: MemberStatus,
    pub last_read_id: i64,
    /// Messages of others after `last_read_id`, counted up to [`UNREAD_COUNT_CAP`].
    pub unread: u32,
    /// Of those, the ones that mention the member.
    pub mentions: u32,
    pub peer: Option<User>,
}

/// Unread messages are counted up to this ("99+"): counting a long unread history exactly would cost
/// as many index steps as messages, for every room in the list.
pub const UNREAD_COUNT_CAP: u32 = 100;

/// A stored membership, with its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user: User,
    pub status: MemberStatus,
}

/// What a user is doing in a room right now (ROOM-4, VIDEO-1, VIDEO-2); absent when they are not in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiveState {
    pub is_speaking: bool,
    pub is_muted: bool,
    pub is_deafened: bool,
    /// Their camera sends to the others in the room's voice.
    pub is_camera_on: bool,
    /// They share a screen, a window or a tab, sent only to those who watch it.
    pub is_sharing: bool,
    /// Whose share they watch (one at a time, opened large).
    pub watching: Option<UserId>,
}

/// A member as the room shows them: membership plus live state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub member: Member,
    /// `Some` while they are in the room.
    pub live: Option<LiveState>,
}

impl Participant {
    pub fn is_online(&self) -> bool {
        self.member.user.status != crate::model::Status::Offline
    }
}

/// ROOM-4's order: speaking first, then in the room, then by username ignoring letter case.
pub fn sort_participants(participants: &mut [Participant]) {
    participants.sort_by_cached_key(|p| {
        let speaking = p.live.is_some_and(|l| l.is_speaking);
        (!speaking, p.live.is_none(), crate::model::user::username_key(&p.member.user.username), p.member.user.id)
    });
}

pub fn validate_room_name(name: &str) -> Result<(), Error> {
    let chars = name.trim().chars().count();
    if chars == 0 || chars > ROOM_NAME_MAX_CHARS {
        return Err(Error::invalid(
            ErrorCode::InvalidRoomName,
            format!("a room name is 1 to {ROOM_NAME_MAX_CHARS} characters"),
        ));
    }
    Ok(())
}

pub fn validate_max_participants(max: Option<u32>) -> Result<(), Error> {
    match max {
        Some(n) if !(2..=ROOM_MAX_PARTICIPANTS_LIMIT).contains(&n) => Err(Error::invalid(
            ErrorCode::InvalidMaxParticipants,
            format!("maxParticipants is 2 to {ROOM_MAX_PARTICIPANTS_LIMIT}"),
        )),
        _ => Ok(()),
    }
}
