//! OPS-1: a consistent copy of a SQLite database while a server writes to it, and the checks a copy
//! must pass before it replaces one.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    Connection, SqliteConnection,
    sqlite::{SqliteConnectOptions, SqliteJournalMode},
};
use woxly_domain::store::{StoreError, StoreResult};

use crate::backend;

/// The file of a `sqlite:` database URL.
pub fn sqlite_file(url: &str) -> StoreResult<std::path::PathBuf> {
    Ok(SqliteConnectOptions::from_str(url).map_err(backend)?.get_filename().to_path_buf())
}

/// Writes a consistent copy of the SQLite database at `url` to `dest` with `VACUUM INTO`: one read
/// transaction, so the copy is the database as it was at one instant, whatever the server writes
/// meanwhile (WAL lets it go on writing). The copy is compact and has no WAL of its own.
pub async fn copy_sqlite(url: &str, dest: &Path) -> StoreResult<()> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(backend)?
        .create_if_missing(false)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(30));
    let mut connection = SqliteConnection::connect_with(&options).await.map_err(backend)?;
    let dest = dest.to_str().ok_or_else(|| StoreError::Backend("the backup path is not UTF-8".into()))?;
    sqlx::query("VACUUM INTO $1").bind(dest).execute(&mut connection).await.map_err(backend)?;
    connection.close().await.map_err(backend)
}

/// What a checked copy holds.
#[derive(Debug, Clone, Copy)]
pub struct CopySummary {
    pub users: i64,
    pub messages: i64,
}

/// Checks that the file at `path` is an intact WOXLY SQLite database (SQLite's own integrity check,
/// and WOXLY's schema), and counts what it holds.
pub async fn check_sqlite(path: &Path) -> StoreResult<CopySummary> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut connection = SqliteConnection::connect_with(&options).await.map_err(backend)?;
    let integrity: String =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut connection).await.map_err(backend)?;
    if integrity != "ok" {
        return Err(StoreError::Backend(format!("the database is damaged: {integrity}")));
    }
    let count = |table: &'static str| format!("SELECT COUNT(*) FROM {table}");
    let not_woxly = |_| StoreError::Backend("this SQLite database is not a WOXLY database".into());
    let users: i64 = sqlx::query_scalar(&count("users")).fetch_one(&mut connection).await.map_err(not_woxly)?;
    let messages: i64 = sqlx::query_scalar(&count("messages")).fetch_one(&mut connection).await.map_err(not_woxly)?;
    connection.close().await.map_err(backend)?;
    Ok(CopySummary { users, messages })
}
