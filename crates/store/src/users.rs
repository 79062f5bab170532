//! Accounts: [`Users`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{NewUser, Status, User, UserId, WoxlyId, user},
    store::{Credentials, ProfileChanges, StoreResult, Users},
    time::Timestamp,
};

use crate::{SqlStore, backend, map_unique, on_pool};

/// The columns every user query returns, in [`UserRow`]'s order.
pub(crate) const USER_COLUMNS: &str = "id, woxly_id, username, email, avatar_url, status, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    woxly_id: String,
    username: String,
    email: String,
    avatar_url: Option<String>,
    status: String,
    created_at: i64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        Self {
            id: r.id,
            woxly_id: WoxlyId(r.woxly_id),
            username: r.username,
            email: r.email,
            avatar_url: r.avatar_url,
            status: Status::from_stored(&r.status),
            created_at: Timestamp(r.created_at),
        }
    }
}

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

#[async_trait]
impl Users for SqlStore {
    async fn create_user(&self, new: &NewUser) -> StoreResult<User> {
        let sql = format!(
            "INSERT INTO users (woxly_id, username, username_key, email, email_key, password_hash, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'offline', $7) RETURNING {USER_COLUMNS}"
        );
        on_pool!(self, pool => sqlx::query_as::<_, UserRow>(&sql)
            .bind(&new.woxly_id.0)
            .bind(&new.username)
            .bind(user::username_key(&new.username))
            .bind(&new.email)
            .bind(user::email_key(&new.email))
            .bind(&new.password_hash)
            .bind(Timestamp::now().millis())
            .fetch_one(pool)
            .await)
        .map(User::from)
        .map_err(map_unique)
    }

    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        on_pool!(self, pool => sqlx::query_as::<_, UserRow>(&sql).bind(id).fetch_optional(pool).await)
            .map(|row| row.map(User::from))
            .map_err(backend)
    }

    async fn credentials_by_login(&self, login: &str) -> StoreResult<Option<Credentials>> {
        // Usernames cannot contain '@', so the login's shape tells which unique key to look up.
        let (column, key) = if login.contains('@') {
            ("email_key", user::email_key(login))
        } else {
            ("username_key", user::username_key(login))
        };
        let sql = format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE {column} = $1");
        on_pool!(self, pool => sqlx::query_as::<_, CredentialsRow>(&sql).bind(&key).fetch_optional(pool).await)
            .map(|row| row.map(|r| Credentials { user: r.user.into(), password_hash: r.password_hash }))
            .map_err(backend)
    }

    async fn update_profile(&self, id: UserId, changes: &ProfileChanges) -> StoreResult<Option<User>> {
        let sql = format!(
            "UPDATE users SET username = COALESCE($2, username), username_key = COALESCE($3, username_key), \
             avatar_url = CASE WHEN $4 THEN $5 ELSE avatar_url END WHERE id = $1 RETURNING {USER_COLUMNS}"
        );
        let username_key = changes.username.as_deref().map(user::username_key);
        let avatar = changes.avatar_url.clone().flatten();
        on_pool!(self, pool => sqlx::query_as::<_, UserRow>(&sql)
            .bind(id)
            .bind(changes.username.as_deref())
            .bind(username_key.as_deref())
            .bind(changes.avatar_url.is_some())
            .bind(avatar.as_deref())
            .fetch_optional(pool)
            .await)
        .map(|row| row.map(User::from))
        .map_err(map_unique)
    }

    async fn set_status(&self, id: UserId, status: Status) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("UPDATE users SET status = $2 WHERE id = $1")
            .bind(id)
            .bind(status.as_str())
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(backend)
    }

    async fn set_everyone_offline(&self) -> StoreResult<u64> {
        on_pool!(self, pool => sqlx::query("UPDATE users SET status = 'offline' WHERE status <> 'offline'")
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))
        .map_err(backend)
    }
}
