//! The wire `User`: `{id, woxlyId, username, avatarUrl, status}`, plus `email` for the caller's own.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: i64,
    pub woxly_id: String,
    pub username: String,
    pub avatar_url: Option<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub email: Option<String>,
    /// AUTH-10: present (`true`) only for a deleted account, whose username is then "deleted user".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub deleted: bool,
}

/// A user's presence (STATUS-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Online,
    Away,
    Busy,
    Offline,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Away => "away",
            Self::Busy => "busy",
            Self::Offline => "offline",
        }
    }

    /// Reads a stored status; anything unknown reads as offline rather than failing a whole query.
    pub fn from_stored(s: &str) -> Self {
        Self::chosen(s).unwrap_or(Self::Offline)
    }

    /// A status a connected user may choose (STATUS-2). `offline` is not chosen: it is what the
    /// server sets when the last connection closes.
    pub fn chosen(s: &str) -> Option<Self> {
        [Self::Online, Self::Away, Self::Busy].into_iter().find(|status| status.as_str() == s)
    }
}

/// `GET/PATCH /api/users/me` answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct UserResponse {
    pub user: User,
}

/// `PATCH /api/users/me` body. `avatarUrl: null` clears the avatar; `woxlyId` is refused.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateMeRequest {
    pub username: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub avatar_url: Option<Option<String>>,
    pub status: Option<String>,
    /// Present only to be refused: the WOXLY ID never changes (AUTH-3).
    #[serde(default, deserialize_with = "present")]
    pub woxly_id: Option<Option<serde_json::Value>>,
}

/// Tells a field sent as `null` (`Some(None)`) from a field left out (`None`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Who may do something to me (FRIEND-7): anyone, only people who share a friend with me, or nobody.
/// My friends always may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum Reach {
    #[default]
    Everyone,
    FriendsOfFriends,
    Nobody,
}

impl Reach {
    /// Whether someone who shares `shared_friend` (or not) with me is let through.
    pub fn lets_in(self, shared_friend: bool) -> bool {
        match self {
            Self::Everyone => true,
            Self::FriendsOfFriends => shared_friend,
            Self::Nobody => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Everyone => "everyone",
            Self::FriendsOfFriends => "friends_of_friends",
            Self::Nobody => "nobody",
        }
    }

    /// Reads a stored choice; anything unknown reads as the most private one.
    pub fn from_stored(s: &str) -> Self {
        [Self::Everyone, Self::FriendsOfFriends].into_iter().find(|reach| reach.as_str() == s).unwrap_or(Self::Nobody)
    }
}

/// `GET`/`PUT /api/users/me/privacy` answer (FRIEND-7): who may send me friend requests, and who finds
/// me in the user search (by WOXLY ID or by name).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Privacy {
    pub friend_requests: Reach,
    pub findable_by: Reach,
}

/// `PUT /api/users/me/privacy` body: what is left out stays as it was.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePrivacy {
    #[serde(default)]
    #[ts(optional)]
    pub friend_requests: Option<Reach>,
    #[serde(default)]
    #[ts(optional)]
    pub findable_by: Option<Reach>,
}

/// `DELETE /api/users/me` body (AUTH-10): the password, asked again.
#[derive(Debug, Deserialize)]
pub struct DeleteMeRequest {
    pub password: String,
}
