//! Text messages (CHAT-1, CHAT-2): 1 to 2,000 characters, stored before they are sent anywhere.

use crate::{
    Error,
    model::{RoomId, User},
    time::Timestamp,
};

pub type MessageId = i64;

pub const MESSAGE_MAX_CHARS: usize = 2000;
pub const NONCE_MAX_CHARS: usize = 64;
pub const HISTORY_PAGE_DEFAULT: u32 = 50;
pub const HISTORY_PAGE_MAX: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: MessageId,
    pub room_id: RoomId,
    pub content: String,
    pub created_at: Timestamp,
    pub sender: User,
    pub nonce: Option<String>,
}

/// Which page of a room's history: older than a message (the cursor), or after skipping the newest
/// `offset` (the seed's way, kept for compatibility).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryPage {
    Before(MessageId),
    Offset(u32),
}

/// CHAT-1: counted in characters, not bytes; blank messages are refused.
pub fn validate_content(content: &str) -> Result<(), Error> {
    if content.trim().is_empty() {
        return Err(Error::invalid("message_empty", "a message cannot be empty"));
    }
    if content.chars().count() > MESSAGE_MAX_CHARS {
        return Err(Error::invalid("message_too_long", format!("a message is at most {MESSAGE_MAX_CHARS} characters")));
    }
    Ok(())
}

pub fn validate_nonce(nonce: &str) -> Result<(), Error> {
    if nonce.is_empty() || nonce.chars().count() > NONCE_MAX_CHARS {
        return Err(Error::invalid("invalid_nonce", format!("a nonce is 1 to {NONCE_MAX_CHARS} characters")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_rules() {
        let code = |s: &str| validate_content(s).err().map_or("ok", |e| e.code());
        assert_eq!(code(""), "message_empty");
        assert_eq!(code(" \n\t "), "message_empty");
        assert_eq!(code(&"a".repeat(2000)), "ok");
        assert_eq!(code(&"a".repeat(2001)), "message_too_long");
        assert_eq!(code(&"ж".repeat(2000)), "ok");
        assert_eq!(code(&"😀".repeat(2000)), "ok");
        assert_eq!(code(&"😀".repeat(2001)), "message_too_long");
    }
}
