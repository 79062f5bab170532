//! Fresh, throw-away databases for tests. SQLite by default (a file in a temporary directory); when
//! `WOXLY_TEST_POSTGRES` names a PostgreSQL server, a new database on it per test, dropped afterwards.
//! An unreachable server fails the test: a suite that was asked for PostgreSQL never silently skips it.

use rand::Rng;
use sqlx::{Connection, Executor, PgConnection, SqliteConnection};

/// The variable naming the PostgreSQL server, e.g. `postgres://postgres@127.0.0.1:5432/postgres`.
pub const POSTGRES_ENV: &str = "WOXLY_TEST_POSTGRES";

pub struct TestDatabase {
    /// The URL to hand to [`SqlStore::connect`](crate::SqlStore::connect) or the server's `DATABASE_URL`.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code, reason = "dropping it removes the directory")] tempfile::TempDir),
    Postgres { server_url: String, name: String },
}

impl TestDatabase {
    pub async fn fresh() -> Self {
        match std::env::var(POSTGRES_ENV) {
            Ok(server_url) if !server_url.is_empty() => Self::fresh_postgres(server_url).await,
            _ => Self::fresh_sqlite(),
        }
    }

    fn fresh_sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory for a test database");
        let url = format!("sqlite://{}", dir.path().join("woxly.db").display());
        Self { url, cleanup: Cleanup::Sqlite(dir) }
    }

    async fn fresh_postgres(server_url: String) -> Self {
        let name = format!("woxly_test_{:016x}", rand::rng().random::<u64>());
        let mut admin = PgConnection::connect(&server_url)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={server_url}: PostgreSQL is unreachable: {e}"));
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap_or_else(|e| panic!("creating test database {name}: {e}"));
        let url = database_url(&server_url, &name);
        Self { url, cleanup: Cleanup::Postgres { server_url, name } }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::Postgres { .. })
    }

    /// Runs `sql` (one statement both databases accept) outside the store, to seed a test's data.
    pub async fn execute(&self, sql: &str) {
        let result = if self.is_postgres() {
            let mut connection = PgConnection::connect(&self.url).await.expect("connect");
            connection.execute(sql).await.map(|_| ())
        } else {
            let mut connection = SqliteConnection::connect(&self.url).await.expect("connect");
            connection.execute(sql).await.map(|_| ())
        };
        result.unwrap_or_else(|e| panic!("seeding failed: {e}\n{sql}"));
    }

    /// Runs a `SELECT COUNT(*) …` outside the store, to look at what was really stored.
    pub async fn count(&self, sql: &str) -> i64 {
        let result = if self.is_postgres() {
            let mut connection = PgConnection::connect(&self.url).await.expect("connect");
            sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut connection).await
        } else {
            let mut connection = SqliteConnection::connect(&self.url).await.expect("connect");
            sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut connection).await
        };
        result.unwrap_or_else(|e| panic!("counting failed: {e}\n{sql}"))
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Cleanup::Postgres { server_url, name } = &self.cleanup else { return };
        let (server_url, name) = (server_url.clone(), name.clone());
        // Drop runs outside any runtime guarantee, so the clean-up gets a small runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&server_url).await.map_err(std::io::Error::other)?;
                admin
                    .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                    .await
                    .map_err(std::io::Error::other)?;
                Ok::<_, std::io::Error>(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("warning: test database was not dropped");
        }
    }
}

/// The server URL with its database replaced by `name`.
fn database_url(server_url: &str, name: &str) -> String {
    let (scheme, rest) = server_url.split_once("://").unwrap_or(("postgres", server_url));
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    format!("{scheme}://{authority}/{name}")
}
