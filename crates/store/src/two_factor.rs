//! Two-factor sign-in (AUTH-8): [`TwoFactor`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::UserId,
    store::{StoreResult, TwoFactor, TwoFactorRecord},
    time::Timestamp,
};

use crate::{SqlStore, backend, on_pool};

#[derive(sqlx::FromRow)]
struct TwoFactorRow {
    secret: String,
    enabled_at: Option<i64>,
    last_step: i64,
}

#[async_trait]
impl TwoFactor for SqlStore {
    async fn begin_two_factor(&self, user: UserId, secret: &str) -> StoreResult<bool> {
        let done = on_pool!(self, pool => sqlx::query(
            "INSERT INTO two_factor (user_id, secret) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret WHERE two_factor.enabled_at IS NULL",
        )
        .bind(user)
        .bind(secret)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
        .map_err(backend)?;
        Ok(done == 1)
    }

    async fn two_factor(&self, user: UserId) -> StoreResult<Option<TwoFactorRecord>> {
        let row = on_pool!(self, pool => sqlx::query_as::<_, TwoFactorRow>(
            "SELECT secret, enabled_at, last_step FROM two_factor WHERE user_id = $1",
        )
        .bind(user)
        .fetch_optional(pool)
        .await)
        .map_err(backend)?;
        Ok(row.map(|r| TwoFactorRecord { secret: r.secret, enabled: r.enabled_at.is_some(), last_step: r.last_step }))
    }

    async fn enable_two_factor(
        &self,
        user: UserId,
        step: i64,
        recovery_hashes: &[String],
        now: Timestamp,
    ) -> StoreResult<bool> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(backend)?;
            let enabled = sqlx::query(
                "UPDATE two_factor SET enabled_at = $2, last_step = $3 \
                 WHERE user_id = $1 AND enabled_at IS NULL AND last_step < $3",
            )
            .bind(user)
            .bind(now.millis())
            .bind(step)
            .execute(&mut *tx)
            .await
            .map_err(backend)?
            .rows_affected();
            if enabled != 1 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user).execute(&mut *tx).await.map_err(backend)?;
            for hash in recovery_hashes {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                    .bind(user)
                    .bind(hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
            }
            tx.commit().await.map_err(backend)?;
            Ok(true)
        })
    }

    async fn use_two_factor_step(&self, user: UserId, step: i64) -> StoreResult<bool> {
        let done = on_pool!(self, pool => sqlx::query(
            "UPDATE two_factor SET last_step = $2 WHERE user_id = $1 AND enabled_at IS NOT NULL AND last_step < $2",
        )
        .bind(user)
        .bind(step)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
        .map_err(backend)?;
        Ok(done == 1)
    }

    async fn use_recovery_code(&self, user: UserId, code_hash: &str, now: Timestamp) -> StoreResult<bool> {
        let done = on_pool!(self, pool => sqlx::query(
            "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
        )
        .bind(user)
        .bind(code_hash)
        .bind(now.millis())
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
        .map_err(backend)?;
        Ok(done == 1)
    }

    async fn delete_two_factor(&self, user: UserId) -> StoreResult<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(backend)?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user).execute(&mut *tx).await.map_err(backend)?;
            sqlx::query("DELETE FROM two_factor WHERE user_id = $1").bind(user).execute(&mut *tx).await.map_err(backend)?;
            tx.commit().await.map_err(backend)
        })
    }
}
