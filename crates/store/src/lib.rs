//! The domain's store traits on SQLite and PostgreSQL.
//!
//! Each query is written once, in SQL both databases accept (`$1` parameters, `RETURNING`, integer
//! times), and compiled for both pool types by [`on_pool!`]. Migrations differ only where the DDL must.

use std::{str::FromStr, time::Duration};

use async_trait::async_trait;
use sqlx::{
    PgPool, SqlitePool,
    postgres::PgPoolOptions,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};
use woxly_domain::store::{Store, StoreError, StoreResult, UniqueField};

mod attachments;
mod friends;
mod messages;
mod notifications;
mod rooms;
mod sessions;
pub mod snapshot;
mod two_factor;
mod users;

#[cfg(feature = "test-support")]
pub mod test_support;

/// Runs `$body` with `$pool` bound to whichever pool this store has; the body is compiled once per backend.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The store behind WOXLY: SQLite (a file in the data directory) or PostgreSQL.
pub struct SqlStore {
    pool: Pool,
    /// SQLite only: chat messages are written in group commits (see `messages::group_commit`).
    message_writer: Option<messages::group_commit::MessageWriter>,
}

impl SqlStore {
    /// Connects to `url` (`sqlite://…` or `postgres://…`) and brings the schema up to date.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let (pool, message_writer) = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(backend)?;
            sqlx::migrate!("migrations/postgres").run(&pool).await.map_err(backend)?;
            (Pool::Postgres(pool), None)
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(backend)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a write that was acknowledged survives a power loss too (QUALITY-4).
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool =
                SqlitePoolOptions::new().max_connections(8).connect_with(options.clone()).await.map_err(backend)?;
            sqlx::migrate!("migrations/sqlite").run(&pool).await.map_err(backend)?;
            let writer = messages::group_commit::MessageWriter::start(&options).await?;
            (Pool::Sqlite(pool), Some(writer))
        } else {
            return Err(StoreError::Backend("DATABASE_URL must start with sqlite: or postgres://".into()));
        };
        Ok(Self { pool, message_writer })
    }

    /// Closes every pooled connection, waiting for queries under way.
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}

#[async_trait]
impl Store for SqlStore {
    fn backend_name(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()).map_err(backend))
    }
}

/// Any database failure that is not a rule of the domain.
fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Maps a broken unique constraint to the domain's rule, by the constraint's name (PostgreSQL) or the
/// column SQLite names in its message; everything else is a backend failure.
fn map_unique(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e
        && db.is_unique_violation()
    {
        let what = db.constraint().map_or_else(|| db.message().to_owned(), str::to_owned);
        for (marker, field) in [
            ("username_key", UniqueField::Username),
            ("email_key", UniqueField::Email),
            ("woxly_id", UniqueField::WoxlyId),
            ("friend_requests", UniqueField::FriendRequest),
        ] {
            if what.contains(marker) {
                return StoreError::Duplicate(field);
            }
        }
    }
    backend(e)
}
