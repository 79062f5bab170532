//! The JWT signing key: from `WOXLY_JWT_SECRET`, or generated at first start and kept in the data
//! directory with mode 0600. Never logged.

use std::{
    fs::OpenOptions,
    io::{ErrorKind, Write},
    os::unix::fs::OpenOptionsExt,
    path::Path,
};

use rand::RngCore;

pub const JWT_SECRET_ENV: &str = "WOXLY_JWT_SECRET";
const JWT_KEY_FILE: &str = "jwt.key";
const MIN_SECRET_BYTES: usize = 32;

/// The key to sign tokens with.
pub fn jwt_secret(data_dir: &Path) -> std::io::Result<Vec<u8>> {
    if let Ok(secret) = std::env::var(JWT_SECRET_ENV) {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(std::io::Error::new(
                ErrorKind::InvalidInput,
                format!("{JWT_SECRET_ENV} must be at least {MIN_SECRET_BYTES} bytes"),
            ));
        }
        return Ok(secret.into_bytes());
    }
    let path = data_dir.join(JWT_KEY_FILE);
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path) {
        Ok(mut file) => {
            let mut key = [0u8; 64];
            rand::rng().fill_bytes(&mut key);
            let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
            file.write_all(hex.as_bytes())?;
            file.sync_all()?;
            tracing::info!(path = %path.display(), "generated a new JWT signing key");
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
