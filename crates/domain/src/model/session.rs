//! A login session (AUTH-6): what a token points at, so logout can revoke it at once.

use rand::RngCore;

use crate::{model::UserId, time::Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// 128 random bits, hex; also the token's `sid` claim.
    pub id: String,
    pub user_id: UserId,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

impl Session {
    pub fn new(user_id: UserId, lifetime_seconds: i64) -> Self {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let now = Timestamp::now();
        Self {
            id: bytes.iter().map(|b| format!("{b:02x}")).collect(),
            user_id,
            created_at: now,
            expires_at: now.plus_seconds(lifetime_seconds),
        }
    }
}
