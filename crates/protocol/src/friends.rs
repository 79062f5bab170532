//! Friends on the wire (FRIEND-1…FRIEND-5): search results, requests, friends, and their events.

use serde::{Deserialize, Serialize};

use crate::user::{Status, User};

/// `GET /api/users/search` result: `User & {isFriend, requestPending}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchUser {
    #[serde(flatten)]
    pub user: User,
    pub is_friend: bool,
    pub request_pending: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SearchResponse {
    pub users: Vec<SearchUser>,
}

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
}

/// `User & {note, createdAt}`: a friend with the viewer's private note and since when.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Friend {
    #[serde(flatten)]
    pub user: User,
    pub note: String,
    pub created_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FriendResponse {
    pub friend: Friend,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FriendsResponse {
    pub friends: Vec<Friend>,
}

/// A list of users: `GET /api/users/blocked` (FRIEND-6).
#[derive(Debug, Serialize, Deserialize)]
pub struct UsersResponse {
    pub users: Vec<User>,
}

/// A pending request `{id, from, to, createdAt}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FriendRequest {
    pub id: i64,
    pub from: User,
    pub to: User,
    pub created_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FriendRequestResponse {
    pub request: FriendRequest,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FriendRequestsResponse {
    pub incoming: Vec<FriendRequest>,
    pub outgoing: Vec<FriendRequest>,
}

/// `POST /api/friends/add`: `{userId}` or `{woxlyId}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddFriendRequest {
    pub user_id: Option<i64>,
    pub woxly_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NoteRequest {
    pub note: String,
}

/// `friend-request` event.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct FriendRequestEvent {
    pub request: FriendRequest,
    pub from: User,
}

/// `friend-added` event.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct FriendAddedEvent {
    pub friend: Friend,
}

/// `friend-note-changed` event: my note on a friend, changed on another of my tabs.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct FriendNoteChangedEvent {
    pub friend: Friend,
}

/// `friend-removed` event.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FriendRemovedEvent {
    pub user_id: i64,
}

/// `friend-status-changed` event.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FriendStatusChangedEvent {
    pub user_id: i64,
    pub status: Status,
}

/// `status-change` payload from a client.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields)]
pub struct StatusChange {
    pub status: String,
}

/// `status-change` acknowledgement.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct StatusChangeAck {
    pub ok: bool,
    pub status: Status,
}
