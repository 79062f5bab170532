//! Login sessions: [`Sessions`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{Session, SessionOrigin, User, UserId},
    store::{Sessions, StoreResult},
    time::Timestamp,
};

use crate::{
    SqlStore, backend, on_pool,
    users::{U_USER_COLUMNS, UserRow},
};

/// A session's own columns, named apart from the user's they are read beside.
const S_SESSION_COLUMNS: &str = "s.id AS session_id, s.user_id AS session_user_id, s.created_at AS session_created_at, \
     s.expires_at, s.device, s.address, s.last_seen_at";

#[derive(sqlx::FromRow)]
struct SessionRow {
    session_id: String,
    session_user_id: i64,
    session_created_at: i64,
    expires_at: i64,
    device: String,
    address: String,
    last_seen_at: i64,
}

impl From<SessionRow> for Session {
    fn from(r: SessionRow) -> Self {
        Session {
            id: r.session_id,
            user_id: r.session_user_id,
            created_at: Timestamp(r.session_created_at),
            expires_at: Timestamp(r.expires_at),
            origin: SessionOrigin { device: r.device, address: r.address },
            // Sessions from before devices were recorded were last seen, as far as we know, when made.
            last_seen_at: Timestamp(r.last_seen_at.max(r.session_created_at)),
        }
    }
}

#[derive(sqlx::FromRow)]
struct LiveSessionRow {
    #[sqlx(flatten)]
    session: SessionRow,
    #[sqlx(flatten)]
    user: UserRow,
}

#[async_trait]
impl Sessions for SqlStore {
    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO sessions (id, user_id, created_at, expires_at, device, address, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&session.id)
        .bind(session.user_id)
        .bind(session.created_at.millis())
        .bind(session.expires_at.millis())
        .bind(&session.origin.device)
        .bind(&session.origin.address)
        .bind(session.last_seen_at.millis())
        .execute(pool)
        .await
        .map(|_| ()))
        .map_err(backend)
    }

    async fn live_session(&self, session_id: &str, now: Timestamp) -> StoreResult<Option<(Session, User)>> {
        let sql = format!(
            "SELECT {S_SESSION_COLUMNS}, {U_USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2"
        );
        let row = on_pool!(self, pool => sqlx::query_as::<_, LiveSessionRow>(&sql)
            .bind(session_id)
            .bind(now.millis())
            .fetch_optional(pool)
            .await)
        .map_err(backend)?;
        Ok(row.map(|r| (Session::from(r.session), User::from(r.user))))
    }

    async fn sessions_of(&self, user: UserId, now: Timestamp) -> StoreResult<Vec<Session>> {
        let sql = format!(
            "SELECT {S_SESSION_COLUMNS} FROM sessions s \
             WHERE s.user_id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 \
             ORDER BY CASE WHEN s.last_seen_at > s.created_at THEN s.last_seen_at ELSE s.created_at END DESC, s.id"
        );
        on_pool!(self, pool => sqlx::query_as::<_, SessionRow>(&sql).bind(user).bind(now.millis()).fetch_all(pool).await)
            .map(|rows| rows.into_iter().map(Session::from).collect())
            .map_err(backend)
    }

    async fn touch_session(&self, session_id: &str, now: Timestamp) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1")
            .bind(session_id)
            .bind(now.millis())
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(backend)
    }

    async fn revoke_session(&self, session_id: &str) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(session_id)
            .bind(Timestamp::now().millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }

    async fn revoke_user_session(&self, user: UserId, session_id: &str) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query(
            "UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
        )
            .bind(session_id)
            .bind(user)
            .bind(Timestamp::now().millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }

    async fn revoke_other_sessions(&self, user: UserId, keep: &str) -> StoreResult<Vec<String>> {
        on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id",
        )
            .bind(user)
            .bind(keep)
            .bind(Timestamp::now().millis())
            .fetch_all(pool)
            .await)
        .map_err(backend)
    }
}
