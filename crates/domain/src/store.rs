//! The storage the rules write through: one trait per aggregate, implemented for SQLite and PostgreSQL
//! by the `woxly-store` crate and checked there by one conformance suite run against both.
//! Methods go in create, read, update, delete order.

use async_trait::async_trait;

use crate::{
    model::{NewUser, Session, Status, User, UserId},
    time::Timestamp,
};

/// Which unique rule a write broke; the database enforces these, so concurrent writers cannot both win.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueField {
    Username,
    Email,
    WoxlyId,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("duplicate {0:?}")]
    Duplicate(UniqueField),
    #[error("storage failure: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A user's password hash, read only for login.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// Changes to a profile; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub username: Option<String>,
    /// `Some(None)` clears the avatar.
    pub avatar_url: Option<Option<String>>,
}

#[async_trait]
pub trait Users: Send + Sync {
    /// Stores a new account; a taken username, email or WOXLY ID is [`StoreError::Duplicate`].
    async fn create_user(&self, user: &NewUser) -> StoreResult<User>;
    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>>;
    /// The account whose email (if `login` has an `@`) or username matches, ignoring letter case.
    async fn credentials_by_login(&self, login: &str) -> StoreResult<Option<Credentials>>;
    /// Applies profile changes and returns the updated user (`None` if there is no such user).
    async fn update_profile(&self, id: UserId, changes: &ProfileChanges) -> StoreResult<Option<User>>;
    async fn set_status(&self, id: UserId, status: Status) -> StoreResult<()>;
    /// Marks every user offline: at start nobody is connected yet (STATUS-3).
    async fn set_everyone_offline(&self) -> StoreResult<u64>;
}

#[async_trait]
pub trait Sessions: Send + Sync {
    async fn create_session(&self, session: &Session) -> StoreResult<()>;
    /// The session and its user, if the session exists, is not revoked and has not expired at `now`.
    async fn live_session(&self, session_id: &str, now: Timestamp) -> StoreResult<Option<(Session, User)>>;
    /// Revokes a session; `false` if it was not live.
    async fn revoke_session(&self, session_id: &str) -> StoreResult<bool>;
}

/// Everything the services need from storage.
#[async_trait]
pub trait Store: Users + Sessions {
    /// `sqlite` or `postgres`, for health reports and logs.
    fn backend_name(&self) -> &'static str;
    /// A cheap round trip, for health checks.
    async fn ping(&self) -> StoreResult<()>;
}
