//! Password hashing (AUTH-4): argon2id with the crate's defaults, which are OWASP's recommendation
//! (m = 19 MiB, t = 2, p = 1). Hashing is slow on purpose, so it runs on threads of its own, one per
//! core: a login storm queues instead of taking the event loop's core or exhausting memory.
//!
//! Why a fixed pool and not tokio's blocking pool: each hash allocates 19 MiB, and the allocator keeps
//! what a thread freed for that thread's next use. On the blocking pool hashes land on ever new threads,
//! so a minute of 10 logins/s left the server 210 MiB larger; on the same few threads the memory is
//! bounded (a hash's worth per core) and already mapped when the next hash comes.

use std::sync::Arc;

use argon2::{
    Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _,
    password_hash::{SaltString, rand_core::OsRng},
};
use rayon::{ThreadPool, ThreadPoolBuilder};
use tokio::sync::oneshot;

use crate::Error;

#[derive(Clone)]
pub struct PasswordHasher {
    /// One thread per core; the work waiting for them is queued in the pool.
    threads: Arc<ThreadPool>,
    /// Verified when the login names nobody, so that an unknown user costs as much as a wrong password.
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let threads = ThreadPoolBuilder::new()
            .num_threads(cores)
            .thread_name(|i| format!("woxly-hash-{i}"))
            // A panic in a hash answers that request with an error (its reply is dropped); rayon's default
            // would abort the process.
            .panic_handler(|_| tracing::error!("a password hash panicked"))
            .build()
            .expect("the password hashing threads start");
        let salt = SaltString::generate(&mut OsRng);
        let dummy_hash =
            Argon2::default().hash_password(b"woxly-dummy-password", &salt).map(|h| h.to_string()).unwrap_or_default();
        Self { threads: Arc::new(threads), dummy_hash: dummy_hash.into() }
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
        let (reply, answer) = oneshot::channel();
        self.threads.spawn(move || {
            let _ = reply.send(work());
        });
        answer.await.map_err(|_| Error::Internal("a password hash failed".into()))?
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

    #[tokio::test]
    async fn more_hashes_than_threads_queue_and_each_gets_its_own_answer() {
        let hasher = PasswordHasher::new();
        let hash = hasher.hash("correct horse").await.expect("hash");
        let attempts = (0..9).map(|i| {
            let (hasher, hash) = (hasher.clone(), hash.clone());
            let password = if i % 3 == 0 { "correct horse".to_owned() } else { format!("wrong {i}") };
            tokio::spawn(async move { hasher.verify(&password, Some(&hash)).await.expect("verify") })
        });
        let mut answers = Vec::new();
        for attempt in attempts {
            answers.push(attempt.await.expect("joined"));
        }
        let expected: Vec<bool> = (0..9).map(|i| i % 3 == 0).collect();
        assert_eq!(answers, expected);
    }
}
