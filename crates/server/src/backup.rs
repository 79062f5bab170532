//! OPS-1: `woxly backup <file>` and `woxly restore <file>` for a server on SQLite.
//!
//! A backup is one tar archive: a manifest first (`woxly-backup.json`), then a consistent copy of the
//! database (taken while the server runs, see [`copy_sqlite`]), the generated keys, and the uploaded
//! files. Files are content-addressed and written before any row refers to them, so copying them after
//! the database copy finds every file that copy refers to. PostgreSQL has `pg_dump` for this.

use std::{
    fs::File,
    io::{self, Read},
    os::unix::fs::PermissionsExt,
    path::{Component, Path, PathBuf},
};

use serde::{Deserialize, Serialize};
use woxly_store::snapshot::{CopySummary, check_sqlite, copy_sqlite, sqlite_file};

use crate::{config::Config, secrets::KEY_FILES};

const MANIFEST: &str = "woxly-backup.json";
const DATABASE: &str = "woxly.db";
const KEYS: &str = "keys";
const FILES: &str = "files";
const FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the database is PostgreSQL: back it up with pg_dump and pg_restore (README, \"Backups\")")]
    Postgres,
    #[error("there is no database at {0}: nothing to back up (is --data-dir right?)")]
    NoDatabase(PathBuf),
    #[error("{0} exists: stop the server and run the restore with --replace (the old database is kept beside it)")]
    DatabaseExists(PathBuf),
    #[error("{path} is not a WOXLY backup: {why}")]
    NotABackup { path: PathBuf, why: String },
    #[error("{what}: {source}")]
    Io { what: String, source: io::Error },
    #[error("database: {0}")]
    Store(#[from] woxly_domain::store::StoreError),
}

fn io_error(what: impl std::fmt::Display) -> impl FnOnce(io::Error) -> BackupError {
    move |source| BackupError::Io { what: what.to_string(), source }
}

/// Why the file at `path` is refused as a backup.
fn not_a_backup(path: &Path) -> impl Fn(String) -> BackupError + '_ {
    move |why| BackupError::NotABackup { path: path.to_path_buf(), why }
}

/// The archive's first entry: what made it and what it holds.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    format: u32,
    woxly_version: String,
    created_at: String,
    users: i64,
    messages: i64,
    files: usize,
}

/// What a backup holds (and a restore put back).
#[derive(Debug)]
pub struct Summary {
    pub users: i64,
    pub messages: i64,
    pub files: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "users: {}, messages: {}, files: {}", self.users, self.messages, self.files)
    }
}

/// Writes a backup of the server configured by `config` (running or not) to `out`, which appears only
/// once complete (mode 0600: it holds the keys).
pub async fn backup(config: &Config, out: &Path) -> Result<Summary, BackupError> {
    if config.uses_postgres() {
        return Err(BackupError::Postgres);
    }
    let url = config.database_url();
    let database = sqlite_file(&url)?;
    if !database.is_file() {
        return Err(BackupError::NoDatabase(database));
    }
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let work = tempfile::tempdir_in(&folder).map_err(io_error(format!("writing in {}", folder.display())))?;
    let copy = work.path().join(DATABASE);
    copy_sqlite(&url, &copy).await?;
    let CopySummary { users, messages } = check_sqlite(&copy).await?;

    let (data_dir, files_dir, out) = (config.data_dir.clone(), config.files_dir(), out.to_path_buf());
    tokio::task::spawn_blocking(move || {
        let files = stored_files(&files_dir)?;
        let manifest = Manifest {
            format: FORMAT,
            woxly_version: env!("CARGO_PKG_VERSION").to_owned(),
            created_at: woxly_domain::time::Timestamp::now().to_rfc3339(),
            users,
            messages,
            files: files.len(),
        };
        let partial = tempfile::NamedTempFile::new_in(&folder).map_err(io_error("creating the backup file"))?;
        let mut archive = tar::Builder::new(partial);
        let writing = || io_error(format!("writing {}", out.display()));
        let manifest = serde_json::to_vec_pretty(&manifest).map_err(|e| writing()(e.into()))?;
        let mut header = tar::Header::new_gnu();
        header.set_size(manifest.len() as u64);
        header.set_mode(0o600);
        header.set_cksum();
        archive.append_data(&mut header, MANIFEST, manifest.as_slice()).map_err(writing())?;
        archive.append_path_with_name(&copy, DATABASE).map_err(writing())?;
        for key in KEY_FILES {
            let path = data_dir.join(key);
            if path.is_file() {
                archive.append_path_with_name(&path, Path::new(KEYS).join(key)).map_err(writing())?;
            }
        }
        for (path, name) in &files {
            archive.append_path_with_name(path, Path::new(FILES).join(name)).map_err(writing())?;
        }
        let partial = archive.into_inner().map_err(writing())?;
        partial.as_file().sync_all().map_err(writing())?;
        partial.persist(&out).map_err(|e| writing()(e.error))?;
        Ok(Summary { users, messages, files: files.len() })
    })
    .await
    .map_err(|e| io_error("the backup task")(io::Error::other(e)))?
}

/// The stored files (`<xx>/<sha256>[.thumb]`) under `dir`, with their names relative to it; not the
/// uploads still being written (`tmp`).
fn stored_files(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, BackupError> {
    let mut files = Vec::new();
    let Ok(shards) = std::fs::read_dir(dir) else { return Ok(files) };
    for shard in shards.flatten() {
        let shard_name = shard.file_name();
        if shard_name == "tmp" || !shard.path().is_dir() {
            continue;
        }
        let listing =
            std::fs::read_dir(shard.path()).map_err(io_error(format!("reading {}", shard.path().display())))?;
        for file in listing.flatten() {
            files.push((file.path(), Path::new(&shard_name).join(file.file_name())));
        }
    }
    files.sort();
    Ok(files)
}

/// Checks the backup at `from` and restores it into the data directory of `config`. An existing
/// database is replaced only with `replace` (and kept beside, renamed); the server must be stopped.
pub async fn restore(config: &Config, from: &Path, replace: bool) -> Result<Summary, BackupError> {
    if config.uses_postgres() {
        return Err(BackupError::Postgres);
    }
    let database = sqlite_file(&config.database_url())?;
    if database.exists() && !replace {
        return Err(BackupError::DatabaseExists(database));
    }
    let data_dir = config.data_dir.clone();
    std::fs::create_dir_all(&data_dir).map_err(io_error(format!("creating {}", data_dir.display())))?;
    let work = tempfile::tempdir_in(&data_dir).map_err(io_error(format!("writing in {}", data_dir.display())))?;

    let (source, into) = (from.to_path_buf(), work.path().to_path_buf());
    tokio::task::spawn_blocking(move || unpack(&source, &into))
        .await
        .map_err(|e| io_error("the restore task")(io::Error::other(e)))??;
    let copy = work.path().join(DATABASE);
    let not_a_backup = not_a_backup(from);
    if !copy.is_file() {
        return Err(not_a_backup("it has no database".into()));
    }
    let CopySummary { users, messages } = check_sqlite(&copy).await.map_err(|e| not_a_backup(e.to_string()))?;

    if database.exists() {
        let suffix = format!("replaced-{}", woxly_domain::time::Timestamp::now().millis() / 1000);
        for ending in ["", "-wal", "-shm"] {
            let old = PathBuf::from(format!("{}{ending}", database.display()));
            if old.exists() {
                let kept = PathBuf::from(format!("{}.{suffix}", old.display()));
                std::fs::rename(&old, &kept).map_err(io_error(format!("moving {} aside", old.display())))?;
            }
        }
    }
    for key in KEY_FILES {
        let (restored, target) = (work.path().join(KEYS).join(key), data_dir.join(key));
        if restored.is_file() && (replace || !target.exists()) {
            move_into(&restored, &target)?;
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600))
                .map_err(io_error(format!("protecting {}", target.display())))?;
        }
    }
    let files_dir = config.files_dir();
    let mut files = 0;
    for (path, name) in stored_files(&work.path().join(FILES))? {
        let target = files_dir.join(name);
        if !target.exists() {
            move_into(&path, &target)?;
        }
        files += 1;
    }
    move_into(&copy, &database)?;
    Ok(Summary { users, messages, files })
}

/// Unpacks the archive at `from` into `into`, checking it entry by entry: the manifest first, then
/// only the names a backup has (nothing can be written outside `into`).
fn unpack(from: &Path, into: &Path) -> Result<(), BackupError> {
    let not_a_backup = not_a_backup(from);
    let file = File::open(from).map_err(io_error(format!("opening {}", from.display())))?;
    let mut archive = tar::Archive::new(file);
    let mut entries = archive.entries().map_err(|e| not_a_backup(e.to_string()))?;
    let mut first = match entries.next() {
        Some(Ok(entry)) => entry,
        Some(Err(e)) => return Err(not_a_backup(e.to_string())),
        None => return Err(not_a_backup("it is empty, or not an archive".into())),
    };
    if first.path().ok().as_deref() != Some(Path::new(MANIFEST)) {
        return Err(not_a_backup(format!("it does not start with {MANIFEST}")));
    }
    let mut text = String::new();
    first.read_to_string(&mut text).map_err(|e| not_a_backup(e.to_string()))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| not_a_backup(format!("{MANIFEST}: {e}")))?;
    if manifest.format != FORMAT {
        return Err(not_a_backup(format!("format {} (this WOXLY reads format {FORMAT})", manifest.format)));
    }
    for entry in entries {
        let mut entry = entry.map_err(|e| not_a_backup(e.to_string()))?;
        let name = entry.path().map_err(|e| not_a_backup(e.to_string()))?.into_owned();
        if !belongs_in_backup(&name) {
            return Err(not_a_backup(format!("it holds {}, which no backup has", name.display())));
        }
        let target = into.join(&name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(format!("creating {}", parent.display())))?;
        }
        entry.unpack(&target).map_err(|e| not_a_backup(format!("{}: {e}", name.display())))?;
    }
    Ok(())
}

/// The database, a key, or a stored file `files/<xx>/<name>`: plain names only, no `..`.
fn belongs_in_backup(name: &Path) -> bool {
    let parts: Option<Vec<&str>> =
        name.components().map(|c| if let Component::Normal(part) = c { part.to_str() } else { None }).collect();
    match parts.as_deref() {
        Some([DATABASE]) => true,
        Some([KEYS, key]) => KEY_FILES.contains(key),
        Some([FILES, shard, file]) => shard.len() == 2 && file.starts_with(shard),
        _ => false,
    }
}

/// Moves a restored file into place (copying when the target is on another file system).
fn move_into(from: &Path, to: &Path) -> Result<(), BackupError> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(io_error(format!("creating {}", parent.display())))?;
    }
    if std::fs::rename(from, to).is_err() {
        std::fs::copy(from, to).map_err(io_error(format!("writing {}", to.display())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_a_backup_has_are_unpacked() {
        let sha = "ab".to_owned() + &"0".repeat(62);
        for name in ["woxly.db", "keys/jwt.key", &format!("files/ab/{sha}"), &format!("files/ab/{sha}.thumb")] {
            assert!(belongs_in_backup(Path::new(name)), "{name}");
        }
        for name in
            ["../woxly.db", "/etc/passwd", "keys/../../x", "keys/other.key", "files/ab/../../x", "files/cd/ab00", "x"]
        {
            assert!(!belongs_in_backup(Path::new(name)), "{name}");
        }
    }
}
