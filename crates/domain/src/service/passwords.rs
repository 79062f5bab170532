//! Password hashing (AUTH-4): argon2id with the crate's defaults, which are OWASP's recommendation
//! (m = 19 MiB, t = 2, p = 1). Hashing is slow on purpose, so it runs on the blocking pool, and a
//! semaphore keeps at most one hash per core in flight: a login storm queues instead of exhausting memory.

use std::sync::Arc;

use argon2::{
    Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _,
    password_hash::{SaltString, rand_core::OsRng},
};
use tokio::sync::Semaphore;

use crate::Error;

#[derive(Clone)]
pub struct PasswordHasher {
    slots: Arc<Semaphore>,
    /// Verified when the login names nobody, so that an unknown user costs as much as a wrong password.
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let salt = SaltString::generate(&mut OsRng);
        let dummy_hash =
            Argon2::default().hash_password(b"woxly-dummy-password", &salt).map(|h| h.to_string()).unwrap_or_default();
        Self { slots: Arc::new(Semaphore::new(cores)), dummy_hash: dummy_hash.into() }
    }

    pub async fn hash(&self, password: &str) -> Result<String, Error> {
        let password = password.to_owned();
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| Error::Internal(format!("hashing failed: {e}")))
        })
        .await
    }

    /// Whether `password` matches `hash`; with `None` it checks against a dummy hash and answers `false`.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, Error> {
        let known = hash.is_some();
        let hash = hash.map_or_else(|| self.dummy_hash.to_string(), str::to_owned);
        let password = password.to_owned();
        let matches = self
            .run(move || {
                let parsed =
                    PasswordHash::new(&hash).map_err(|e| Error::Internal(format!("stored hash unreadable: {e}")))?;
                Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            })
            .await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let _slot = self.slots.acquire().await.map_err(|_| Error::Internal("hasher closed".into()))?;
        tokio::task::spawn_blocking(work).await.map_err(|e| Error::Internal(format!("hashing task failed: {e}")))?
    }
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_users_never_match() {
        let hasher = PasswordHasher::new();
        let hash = hasher.hash("correct horse").await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(hasher.verify("correct horse", Some(&hash)).await.expect("verify"));
        assert!(!hasher.verify("wrong horse", Some(&hash)).await.expect("verify"));
        assert!(!hasher.verify("woxly-dummy-password", None).await.expect("verify"));
    }
}
