//! Accounts: [`Users`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{NewUser, SearchHit, SearchQuery, Status, User, UserId, WoxlyId, user},
    store::{Credentials, ProfileChanges, StoreResult, Users},
    time::Timestamp,
};

use crate::{Pool, SqlStore, backend, friends::share_a_friend, map_unique, on_pool};

/// The columns every user query returns, in [`UserRow`]'s order.
/// (`user_deleted_at`: the user's, never to be read as a message's `deleted_at` beside it.)
pub(crate) const USER_COLUMNS: &str =
    "id, woxly_id, username, email, avatar_url, status, created_at, deleted_at AS user_deleted_at";
/// The same columns of a `users` table aliased `u`, for joins.
pub(crate) const U_USER_COLUMNS: &str =
    "u.id, u.woxly_id, u.username, u.email, u.avatar_url, u.status, u.created_at, u.deleted_at AS user_deleted_at";

/// FRIEND-1's search. The only query whose text differs by backend, because the substring index does:
/// SQLite matches the fragment with GLOB on the `users_search` FTS5 trigram table, PostgreSQL with
/// LIKE on the `pg_trgm` index. `$3` is the fragment pattern, `$4` its prefix pattern (both NULL when
/// there is no fragment), `$2` the exact WOXLY ID (or NULL).
const SEARCH_SQLITE: &str = "u.woxly_id = $2 OR u.id IN (SELECT rowid FROM users_search WHERE username_key GLOB $3)";
const SEARCH_POSTGRES: &str = "u.woxly_id = $2 OR u.username_key LIKE $3";
const PREFIX_SQLITE: &str = "u.username_key GLOB $4";
const PREFIX_POSTGRES: &str = "u.username_key LIKE $4";

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub(crate) id: i64,
    pub(crate) woxly_id: String,
    pub(crate) username: String,
    pub(crate) email: String,
    pub(crate) avatar_url: Option<String>,
    pub(crate) status: String,
    pub(crate) created_at: i64,
    pub(crate) user_deleted_at: Option<i64>,
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
            deleted: r.user_deleted_at.is_some(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct SearchHitRow {
    #[sqlx(flatten)]
    user: UserRow,
    is_friend: bool,
    request_pending: bool,
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

    async fn user_by_woxly_id(&self, woxly_id: &str) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE woxly_id = $1");
        on_pool!(self, pool => sqlx::query_as::<_, UserRow>(&sql).bind(woxly_id).fetch_optional(pool).await)
            .map(|row| row.map(User::from))
            .map_err(backend)
    }

    async fn search_users(&self, searcher: UserId, query: &SearchQuery, limit: u32) -> StoreResult<Vec<SearchHit>> {
        // Username fragments hold only letters, digits, '.' and '_' (the domain checked), so the only
        // character to escape is LIKE's '_'; GLOB has no wildcard among them.
        let (matches, prefix, pattern, prefix_pattern) = match &self.pool {
            Pool::Sqlite(_) => {
                let fragment = query.name_fragment.as_deref();
                (SEARCH_SQLITE, PREFIX_SQLITE, fragment.map(|f| format!("*{f}*")), fragment.map(|f| format!("{f}*")))
            }
            Pool::Postgres(_) => {
                let fragment = query.name_fragment.as_deref().map(|f| f.replace('_', "\\_"));
                let fragment = fragment.as_deref();
                (
                    SEARCH_POSTGRES,
                    PREFIX_POSTGRES,
                    fragment.map(|f| format!("%{f}%")),
                    fragment.map(|f| format!("{f}%")),
                )
            }
        };
        // Whom the searcher may find (FRIEND-7): who lets everyone, their friends always, and people
        // who share a friend with them when those let friends of friends.
        let is_friend = "EXISTS (SELECT 1 FROM friendships f WHERE f.user_id = $1 AND f.friend_id = u.id)";
        let share_a_friend = share_a_friend("$1", "u.id");
        let sql = format!(
            "SELECT {U_USER_COLUMNS}, {is_friend} AS is_friend, \
               EXISTS (SELECT 1 FROM friend_requests r WHERE (r.from_user_id = $1 AND r.to_user_id = u.id) \
                                                        OR (r.from_user_id = u.id AND r.to_user_id = $1)) AS request_pending \
             FROM users u WHERE u.id <> $1 AND u.deleted_at IS NULL AND ({matches}) \
               AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = u.id AND b.blocked_id = $1) \
               AND (u.findable_by = 'everyone' OR {is_friend} \
                    OR (u.findable_by = 'friends_of_friends' AND {share_a_friend})) \
             ORDER BY COALESCE(u.woxly_id = $2, FALSE) DESC, COALESCE({prefix}, FALSE) DESC, length(u.username_key), u.id \
             LIMIT $5"
        );
        let woxly_id = query.woxly_id.as_ref().map(|id| id.0.as_str());
        on_pool!(self, pool => sqlx::query_as::<_, SearchHitRow>(&sql)
            .bind(searcher)
            .bind(woxly_id)
            .bind(pattern.as_deref())
            .bind(prefix_pattern.as_deref())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await)
        .map(|rows| {
            rows.into_iter()
                .map(|r| SearchHit { user: r.user.into(), is_friend: r.is_friend, request_pending: r.request_pending })
                .collect()
        })
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

    async fn password_hash(&self, id: UserId) -> StoreResult<Option<String>> {
        on_pool!(self, pool => sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await)
        .map_err(backend)
    }

    async fn set_password_hash(&self, id: UserId, hash: &str) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(id)
            .bind(hash)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(backend)
    }

    async fn delete_account(&self, id: UserId, now: Timestamp) -> StoreResult<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(backend)?;
            // The row stays for the messages it sent; its keys become ones no sign-up can take.
            let stamped = [
                "UPDATE users SET username = 'deleted user', username_key = 'deleted:' || id, email = '', \
                 email_key = 'deleted:' || id, password_hash = '-', avatar_url = NULL, status = 'offline', \
                 deleted_at = $2 WHERE id = $1",
                "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
            ];
            for statement in stamped {
                sqlx::query(statement).bind(id).bind(now.millis()).execute(&mut *tx).await.map_err(backend)?;
            }
            let deleted = [
                "DELETE FROM friend_requests WHERE from_user_id = $1 OR to_user_id = $1",
                "DELETE FROM notifications WHERE user_id = $1",
                "DELETE FROM recovery_codes WHERE user_id = $1",
                "DELETE FROM two_factor WHERE user_id = $1",
                "DELETE FROM room_members WHERE user_id = $1 AND room_id IN (SELECT id FROM rooms WHERE kind = 'group')",
            ];
            for statement in deleted {
                sqlx::query(statement).bind(id).execute(&mut *tx).await.map_err(backend)?;
            }
            tx.commit().await.map_err(backend)
        })
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

    async fn users_shown_present(&self) -> StoreResult<Vec<UserId>> {
        on_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE status <> 'offline'")
            .fetch_all(pool)
            .await)
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
