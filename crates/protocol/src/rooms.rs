//! Rooms on the wire (ROOM-1…ROOM-5): rooms, participants, requests, and the room events.

use serde::{Deserialize, Serialize};

use crate::{media::VoiceMode, user::User};

/// `{id, kind, name, ownerId, isPrivate, maxParticipants, createdAt}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Room {
    pub id: i64,
    /// `group`, or `direct` for the one conversation of two friends (MSG-1).
    pub kind: RoomKind,
    pub name: String,
    pub owner_id: i64,
    pub is_private: bool,
    pub max_participants: Option<u32>,
    pub created_at: String,
}

/// `Room & {myStatus, lastReadId, unreadCount, mentionCount, peer?, permissions}` in `GET /api/rooms`;
/// `peer` is the other person of a direct conversation.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MyRoom {
    #[serde(flatten)]
    pub room: Room,
    pub my_status: MembershipStatus,
    pub last_read_id: i64,
    pub unread_count: u32,
    pub mention_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub peer: Option<User>,
    pub permissions: RoomPermissions,
}

/// `User & {roomStatus, isOnline, isInRoom, isSpeaking, isMuted, isDeafened, isCameraOn, isSharing,
/// watching}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    #[serde(flatten)]
    pub user: User,
    pub room_status: MembershipStatus,
    pub is_online: bool,
    pub is_in_room: bool,
    pub is_speaking: bool,
    pub is_muted: bool,
    pub is_deafened: bool,
    pub is_camera_on: bool,
    pub is_sharing: bool,
    /// Whose screen share they watch (VIDEO-2).
    pub watching: Option<i64>,
}

/// A room people make and invite to, or the one direct conversation of two friends (MSG-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum RoomKind {
    Group,
    Direct,
}

impl RoomKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Group => "group",
            Self::Direct => "direct",
        }
    }

    pub fn from_stored(s: &str) -> Option<Self> {
        [Self::Group, Self::Direct].into_iter().find(|k| k.as_str() == s)
    }
}

/// Where someone stands with a room they were added to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum MembershipStatus {
    Pending,
    Accepted,
    Declined,
}

impl MembershipStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }

    pub fn from_stored(s: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Declined].into_iter().find(|m| m.as_str() == s)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRoomRequest {
    pub name: String,
    /// Private unless said otherwise (ROOM-2).
    #[serde(default = "private_by_default")]
    pub is_private: bool,
    #[serde(default)]
    pub invited_friends: Vec<i64>,
    pub max_participants: Option<u32>,
}

fn private_by_default() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InviteRequest {
    pub user_ids: Vec<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RoomResponse {
    pub room: Room,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RoomsResponse {
    pub rooms: Vec<MyRoom>,
}

/// `{room, participants, permissions}`: `GET /api/rooms/:id`, join, and the `room-updated` event; the
/// permissions are the receiver's own.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct RoomDetail {
    pub room: Room,
    pub participants: Vec<Participant>,
    pub permissions: RoomPermissions,
}

/// What the receiver may do in a room (QUALITY-2), as the server's one access rule decides it: clients
/// render from it (a read-only conversation, the owner's controls) rather than working it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RoomPermissions {
    /// See the room and who is in it.
    pub view: bool,
    /// Read its messages and files, search them.
    pub read_history: bool,
    /// Send, edit one's own messages, type, attach files.
    pub write: bool,
    pub react: bool,
    /// Be in its voice, and call from it.
    pub voice: bool,
    pub invite: bool,
    /// Become a member (accept the invitation, or join a public room).
    pub join: bool,
    /// Decline the invitation.
    pub decline: bool,
    pub leave: bool,
    /// Remove members, delete the room or anyone's message.
    pub manage: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ParticipantsResponse {
    pub participants: Vec<Participant>,
}

/// `room-invitation`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct RoomInvitationEvent {
    pub from: User,
    pub room: Room,
}

/// `room-removed`, `room-deleted`, `user-left-room` carry the room (and the user).
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RoomRef {
    pub room_id: i64,
}

#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UserInRoomEvent {
    pub user_id: i64,
    pub room_id: i64,
}

/// `user-joined-room`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UserJoinedEvent {
    pub user_id: i64,
    pub room_id: i64,
    pub participant: Participant,
}

/// `join-room` / `open-room` / `leave-room` payload: the room id, bare as the seed sends it, or `{roomId}`.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(untagged)]
pub enum RoomIdPayload {
    Bare(i64),
    Object {
        #[serde(rename = "roomId")]
        room_id: i64,
    },
}

impl RoomIdPayload {
    pub fn room_id(&self) -> i64 {
        match self {
            Self::Bare(id) | Self::Object { room_id: id } => *id,
        }
    }
}

/// `join-room` / `open-room` acknowledgement.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct JoinRoomAck {
    pub ok: bool,
    pub room: Room,
    pub participants: Vec<Participant>,
    /// How the room's voice and video travel (VOICE-14).
    pub voice_mode: VoiceMode,
}

/// `start-speaking` / `stop-speaking` payload.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct SpeakingPayload {
    pub room_id: i64,
}

#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct MicTogglePayload {
    pub room_id: i64,
    pub is_muted: bool,
}

#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct DeafenTogglePayload {
    pub room_id: i64,
    pub is_deafened: bool,
}

/// `camera-toggle` payload (VIDEO-1).
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct CameraTogglePayload {
    pub room_id: i64,
    pub is_camera_on: bool,
}

/// `share-toggle` payload (VIDEO-2).
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct ShareTogglePayload {
    pub room_id: i64,
    pub is_sharing: bool,
}

/// `watch-share` payload (VIDEO-2): whose share to watch, or `null` to stop watching.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct WatchSharePayload {
    pub room_id: i64,
    #[ts(optional = nullable)]
    pub user_id: Option<i64>,
}

/// `user-watch-share {userId, roomId, watching}`: whose share `userId` watches now, or `null`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WatchEvent {
    pub user_id: i64,
    pub room_id: i64,
    pub watching: Option<i64>,
}

/// `user-speaking {userId, roomId, isSpeaking}`, `user-mic-toggle {…, isMuted}`,
/// `user-deafen-toggle {…, isDeafened}`, `user-camera-toggle {…, isCameraOn}`,
/// `user-share-toggle {…, isSharing}`: one shape, the flag named per event.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LiveStateEvent {
    pub user_id: i64,
    pub room_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub is_speaking: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub is_muted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub is_deafened: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub is_camera_on: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub is_sharing: Option<bool>,
}

/// The acknowledgement of a live-state event: `{ok: true}` and the user's state now.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LiveStateAck {
    pub ok: bool,
    pub is_speaking: bool,
    pub is_muted: bool,
    pub is_deafened: bool,
    pub is_camera_on: bool,
    pub is_sharing: bool,
    pub watching: Option<i64>,
}

/// A plain `{ok: true}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct Ok {
    pub ok: bool,
}
