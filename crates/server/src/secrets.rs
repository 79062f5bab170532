//! Secrets — the JWT signing key and the TURN shared secret: each from its environment variable, or
//! generated at first start and kept in the data directory with mode 0600. Never logged.

use std::{
    fs::OpenOptions,
    io::{ErrorKind, Write},
    os::unix::fs::OpenOptionsExt,
    path::Path,
};

use rand::RngCore;

pub const JWT_SECRET_ENV: &str = "WOXLY_JWT_SECRET";
const JWT_KEY_FILE: &str = "jwt.key";
pub const TURN_SECRET_ENV: &str = "WOXLY_TURN_SECRET";
const TURN_KEY_FILE: &str = "turn.key";
pub const FILE_LINK_SECRET_ENV: &str = "WOXLY_FILE_LINK_SECRET";
const FILE_LINK_KEY_FILE: &str = "file-links.key";
const MIN_SECRET_BYTES: usize = 32;
/// The files secrets are generated into, which a backup carries (OPS-1).
pub const KEY_FILES: [&str; 3] = [JWT_KEY_FILE, TURN_KEY_FILE, FILE_LINK_KEY_FILE];

/// The key to sign tokens with.
pub fn jwt_secret(data_dir: &Path) -> std::io::Result<Vec<u8>> {
    secret(data_dir, JWT_SECRET_ENV, JWT_KEY_FILE)
}

/// The secret TURN credentials are derived from; an external TURN server (coturn's
/// `static-auth-secret`) must be given the same one.
pub fn turn_secret(data_dir: &Path) -> std::io::Result<Vec<u8>> {
    secret(data_dir, TURN_SECRET_ENV, TURN_KEY_FILE)
}

/// The key links to files are signed with (FILE-3).
pub fn file_link_secret(data_dir: &Path) -> std::io::Result<Vec<u8>> {
    secret(data_dir, FILE_LINK_SECRET_ENV, FILE_LINK_KEY_FILE)
}

fn secret(data_dir: &Path, env: &str, file_name: &str) -> std::io::Result<Vec<u8>> {
    if let Ok(secret) = std::env::var(env) {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(std::io::Error::new(
                ErrorKind::InvalidInput,
                format!("{env} must be at least {MIN_SECRET_BYTES} bytes"),
            ));
        }
        return Ok(secret.into_bytes());
    }
    let path = data_dir.join(file_name);
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path) {
        Ok(mut file) => {
            let mut key = [0u8; 64];
            rand::rng().fill_bytes(&mut key);
            let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
            file.write_all(hex.as_bytes())?;
            file.sync_all()?;
            tracing::info!(path = %path.display(), "generated a new secret");
            Ok(hex.into_bytes())
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            let key = std::fs::read(&path)?;
            if key.len() < MIN_SECRET_BYTES {
                return Err(std::io::Error::new(ErrorKind::InvalidData, format!("{} is too short", path.display())));
            }
            Ok(key)
        }
        Err(e) => Err(e),
    }
}

/// Writes a private file (a key) readable by its owner only, replacing any there.
pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}
