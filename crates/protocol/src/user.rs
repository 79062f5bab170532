//! The wire `User`: `{id, woxlyId, username, avatarUrl, status}`, plus `email` for the caller's own.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
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
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub deleted: bool,
}

/// A user's presence (STATUS-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Online,
    Away,
    Busy,
    Offline,
}

/// `GET/PATCH /api/users/me` answer.
#[derive(Debug, Serialize)]
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

/// `DELETE /api/users/me` body (AUTH-10): the password, asked again.
#[derive(Debug, Deserialize)]
pub struct DeleteMeRequest {
    pub password: String,
}
