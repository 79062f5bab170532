//! Login sessions: [`Sessions`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{Session, User},
    store::{Sessions, StoreResult},
    time::Timestamp,
};

use crate::{
    SqlStore, backend, on_pool,
    users::{U_USER_COLUMNS, UserRow},
};

#[derive(sqlx::FromRow)]
struct LiveSessionRow {
    session_id: String,
    session_created_at: i64,
    expires_at: i64,
    #[sqlx(flatten)]
    user: UserRow,
}

#[async_trait]
impl Sessions for SqlStore {
    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&session.id)
        .bind(session.user_id)
        .bind(session.created_at.millis())
        .bind(session.expires_at.millis())
        .execute(pool)
        .await
        .map(|_| ()))
        .map_err(backend)
    }

    async fn live_session(&self, session_id: &str, now: Timestamp) -> StoreResult<Option<(Session, User)>> {
        let sql = format!(
            "SELECT s.id AS session_id, s.created_at AS session_created_at, s.expires_at, {U_USER_COLUMNS} \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2"
        );
        let row = on_pool!(self, pool => sqlx::query_as::<_, LiveSessionRow>(&sql)
            .bind(session_id)
            .bind(now.millis())
            .fetch_optional(pool)
            .await)
        .map_err(backend)?;
        Ok(row.map(|r| {
            let user = User::from(r.user);
            let session = Session {
                id: r.session_id,
                user_id: user.id,
                created_at: Timestamp(r.session_created_at),
                expires_at: Timestamp(r.expires_at),
            };
            (session, user)
        }))
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
}
