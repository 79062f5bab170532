//! TURN REST credentials (draft-uberti-behave-turn-rest, as coturn's `use-auth-secret` reads them):
//! the username is `<expiry unix seconds>:<user id>` and the password is base64(HMAC-SHA1(secret,
//! username)). Any TURN server knowing the secret checks them without asking WOXLY.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::{Engine, prelude::BASE64_STANDARD};
use hmac::{Hmac, Mac};
use sha1::Sha1;

pub struct TurnCredentials {
    secret: Vec<u8>,
    lifetime: Duration,
}

/// One user's TURN username and password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnCredential {
    pub username: String,
    pub password: String,
}

impl TurnCredentials {
    pub fn new(secret: Vec<u8>, lifetime: Duration) -> Self {
        Self { secret, lifetime }
    }

    pub fn lifetime_seconds(&self) -> u64 {
        self.lifetime.as_secs()
    }

    /// Credentials for `user_id`, valid for the configured lifetime from now.
    pub fn issue(&self, user_id: i64) -> TurnCredential {
        let expiry = unix_now() + self.lifetime.as_secs();
        let username = format!("{expiry}:{user_id}");
        let password = self.password(&username);
        TurnCredential { username, password }
    }

    /// The password that belongs to `username`.
    pub fn password(&self, username: &str) -> String {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(&self.secret).unwrap_or_else(|_| unreachable!());
        mac.update(username.as_bytes());
        BASE64_STANDARD.encode(mac.finalize().into_bytes())
    }

    /// Whether `username` is well formed and not yet expired.
    pub fn is_current(&self, username: &str) -> bool {
        let Some((expiry, user)) = username.split_once(':') else { return false };
        let (Ok(expiry), Ok(_)) = (expiry.parse::<u64>(), user.parse::<i64>()) else { return false };
        expiry > unix_now()
    }
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(lifetime_seconds: u64) -> TurnCredentials {
        TurnCredentials::new(
            b"a shared secret of at least thirty-two bytes".to_vec(),
            Duration::from_secs(lifetime_seconds),
        )
    }

    #[test]
    fn username_carries_expiry_and_user_and_password_is_its_hmac() {
        let issued = credentials(600).issue(42);
        let (expiry, user) = issued.username.split_once(':').expect("expiry:user");
        assert_eq!(user, "42");
        let expiry: u64 = expiry.parse().expect("a number");
        assert!((expiry as i64 - (unix_now() + 600) as i64).abs() <= 1);
        assert_eq!(issued.password, credentials(600).password(&issued.username));
        assert!(credentials(600).is_current(&issued.username));
    }

    /// A known answer computed with `openssl dgst -sha1 -hmac <secret> -binary | base64`, the way
    /// coturn derives the password, so an external coturn accepts what WOXLY hands out.
    #[test]
    fn password_matches_coturns_derivation() {
        let password = TurnCredentials::new(b"north".to_vec(), Duration::from_secs(1)).password("1700000000:7");
        assert_eq!(password, "PPWz7PpRwxKwGzZCJzS+CZ2BJhk=");
    }

    #[test]
    fn expired_and_malformed_usernames_are_not_current() {
        let credentials = credentials(600);
        assert!(!credentials.is_current("1000:42"), "expired in 1970");
        assert!(!credentials.is_current("42"));
        assert!(!credentials.is_current("soon:42"));
        assert!(!credentials.is_current("99999999999:alice"));
        assert!(!credentials.is_current(""));
    }
}
