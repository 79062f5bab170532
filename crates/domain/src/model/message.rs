//! Text messages (CHAT-1, CHAT-2): 1 to 2,000 characters, stored before they are sent anywhere; edited,
//! deleted, replied to, reacted to and mentioning members (MSG-2…MSG-6).

use crate::ErrorCode;
use crate::{
    Error,
    model::{Attachment, AttachmentId, RoomId, User, UserId},
    time::Timestamp,
};

pub type MessageId = i64;

pub const MESSAGE_MAX_CHARS: usize = 2000;
pub const NONCE_MAX_CHARS: usize = 64;
pub const HISTORY_PAGE_DEFAULT: u32 = 50;
pub const HISTORY_PAGE_MAX: u32 = 100;
/// How much of a quoted message a reply shows.
pub const QUOTE_MAX_CHARS: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: MessageId,
    pub room_id: RoomId,
    /// Empty once deleted.
    pub content: String,
    pub created_at: Timestamp,
    pub sender: User,
    pub nonce: Option<String>,
    /// MSG-3: the message this one answers, as it is now.
    pub reply_to: Option<Box<Quote>>,
    /// MSG-2: when the text was last changed.
    pub edited_at: Option<Timestamp>,
    pub deleted: bool,
    /// MSG-4: each emoji with who reacted with it, in the order they first appeared.
    pub reactions: Vec<Reaction>,
    /// MSG-6: the members it mentions.
    pub mentions: Vec<UserId>,
    /// FILE-1: its files, in the order they were attached.
    pub attachments: Vec<Attachment>,
}

impl Message {
    /// A message as stored, before its replies, reactions and mentions are read.
    pub fn new(id: MessageId, room_id: RoomId, content: String, created_at: Timestamp, sender: User) -> Self {
        Self {
            id,
            room_id,
            content,
            created_at,
            sender,
            nonce: None,
            reply_to: None,
            edited_at: None,
            deleted: false,
            reactions: Vec::new(),
            mentions: Vec::new(),
            attachments: Vec::new(),
        }
    }
}

/// What the rules need to know of a message to act on it: where it is, whose, and whether it is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageHead {
    pub id: MessageId,
    pub room_id: RoomId,
    pub sender_id: UserId,
    pub deleted: bool,
}

/// The message a reply quotes (MSG-3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub id: MessageId,
    pub sender: User,
    /// Empty once deleted.
    pub content: String,
    pub deleted: bool,
}

/// One emoji on a message and who reacted with it (MSG-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    pub emoji: String,
    pub user_ids: Vec<UserId>,
}

/// A message about to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub room_id: RoomId,
    /// As read when the message is sent: a new message is answered with it, without reading it again.
    pub sender: User,
    pub content: String,
    pub nonce: Option<String>,
    pub reply_to: Option<MessageId>,
    pub mentions: Vec<UserId>,
    /// FILE-1: uploads of the sender's to this room, not sent yet.
    pub attachments: Vec<AttachmentId>,
}

/// Which page of a room's history: older than a message (the cursor), newer than one, around one
/// (MSG-3: opening a quoted message), or after skipping the newest `offset` (the seed's way, kept for
/// compatibility).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryPage {
    Before(MessageId),
    After(MessageId),
    Around(MessageId),
    Offset(u32),
}

/// CHAT-1: counted in characters, not bytes; blank messages are refused, unless they carry files
/// (FILE-1: the text is then an optional caption).
pub fn validate_content(content: &str, has_files: bool) -> Result<(), Error> {
    if content.trim().is_empty() && !has_files {
        return Err(Error::invalid(ErrorCode::MessageEmpty, "a message cannot be empty"));
    }
    if content.chars().count() > MESSAGE_MAX_CHARS {
        return Err(Error::invalid(
            ErrorCode::MessageTooLong,
            format!("a message is at most {MESSAGE_MAX_CHARS} characters"),
        ));
    }
    Ok(())
}

/// MSG-4: a reaction is one emoji (a skin tone or a flag included), stored in its fully qualified form
/// so that "❤" and "❤️" are one reaction.
pub fn reaction_emoji(emoji: &str) -> Result<&'static str, Error> {
    emojis::get(emoji)
        .map(emojis::Emoji::as_str)
        .ok_or_else(|| Error::invalid(ErrorCode::InvalidEmoji, "a reaction is one emoji"))
}

/// MSG-6: the `@names` in a text, as written (without the `@`), each once. A name is what a username
/// may hold; a `@` inside a word (an email address) mentions nobody.
pub fn mentioned_names(content: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut previous = None;
    for (at, c) in content.char_indices() {
        let after_word = previous.is_some_and(|p: char| p.is_alphanumeric() || p == '_' || p == '.');
        previous = Some(c);
        if c != '@' || after_word {
            continue;
        }
        let rest = &content[at + 1..];
        let end = rest.find(|c: char| !crate::model::user::is_username_char(c)).unwrap_or(rest.len());
        // A sentence may end right after a name: "thanks @ivan."
        let name = rest[..end].trim_end_matches('.');
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The first line of a quoted text, at most `QUOTE_MAX_CHARS` characters (MSG-3).
pub fn quote_preview(content: &str) -> String {
    let line = content.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    if line.chars().count() <= QUOTE_MAX_CHARS {
        return line.to_owned();
    }
    let cut: String = line.chars().take(QUOTE_MAX_CHARS - 1).collect();
    format!("{cut}…")
}

pub fn validate_nonce(nonce: &str) -> Result<(), Error> {
    if nonce.is_empty() || nonce.chars().count() > NONCE_MAX_CHARS {
        return Err(Error::invalid(ErrorCode::InvalidNonce, format!("a nonce is 1 to {NONCE_MAX_CHARS} characters")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_rules() {
        let code = |s: &str| validate_content(s, false).err().map_or("ok", |e| e.code().as_str());
        assert_eq!(code(""), "message_empty");
        assert_eq!(code(" \n\t "), "message_empty");
        assert_eq!(code(&"a".repeat(2000)), "ok");
        assert_eq!(code(&"a".repeat(2001)), "message_too_long");
        assert_eq!(code(&"ж".repeat(2000)), "ok");
        assert_eq!(code(&"😀".repeat(2000)), "ok");
        assert_eq!(code(&"😀".repeat(2001)), "message_too_long");
        assert!(validate_content("", true).is_ok(), "a file needs no caption");
    }

    #[test]
    fn a_reaction_is_one_emoji() {
        assert_eq!(reaction_emoji("👍").ok(), Some("👍"));
        assert_eq!(reaction_emoji("👍🏽").ok(), Some("👍🏽"));
        assert_eq!(reaction_emoji("🇷🇺").ok(), Some("🇷🇺"));
        assert_eq!(reaction_emoji("❤").ok(), reaction_emoji("❤️").ok());
        for refused in ["", "a", "👍👍", "👍 ", ":+1:", "<b>"] {
            assert_eq!(reaction_emoji(refused).err().map(|e| e.code().as_str()), Some("invalid_emoji"), "{refused:?}");
        }
    }

    #[test]
    fn mentions_are_at_names_not_emails() {
        assert_eq!(mentioned_names("@ivan hi @Маша, and @ivan again"), ["ivan", "Маша"]);
        assert_eq!(mentioned_names("thanks @ivan."), ["ivan"]);
        assert_eq!(mentioned_names("mail ivan@example.com or @ alone"), Vec::<&str>::new());
        assert_eq!(mentioned_names("(@anna_b)"), ["anna_b"]);
    }

    #[test]
    fn a_quote_is_the_first_line_cut_short() {
        assert_eq!(quote_preview("\n  hello there \nsecond"), "hello there");
        let long = quote_preview(&"ж".repeat(500));
        assert_eq!(long.chars().count(), QUOTE_MAX_CHARS);
        assert!(long.ends_with('…'));
    }
}
