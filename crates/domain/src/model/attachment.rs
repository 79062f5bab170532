//! Files on messages (FILE-1…FILE-3): uploaded to a room first, then sent on one message of the
//! uploader's; stored once per content (SHA-256), shown inline when they are images, audio or video.

use crate::ErrorCode;
use crate::{
    Error,
    model::{MessageId, RoomId, UserId},
    time::Timestamp,
};

pub type AttachmentId = i64;

/// The longest file name kept; longer ones are cut (the extension kept).
pub const NAME_MAX_CHARS: usize = 200;

pub use woxly_protocol::attachments::AttachmentKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: AttachmentId,
    pub room_id: RoomId,
    pub uploader_id: UserId,
    /// `None` until it is sent on a message.
    pub message_id: Option<MessageId>,
    pub name: String,
    /// Sniffed from the content, never taken from the client.
    pub content_type: String,
    pub kind: AttachmentKind,
    pub size: u64,
    /// The stored file's SHA-256 (hex): the same content is stored once.
    pub sha256: String,
    /// Images: their size in pixels, so the page can make room before the thumbnail loads.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Images: the thumbnail's content type (it is stored beside the file).
    pub thumbnail: Option<String>,
    pub created_at: Timestamp,
}

/// An upload about to be recorded; its file is stored already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub room_id: RoomId,
    pub uploader_id: UserId,
    pub name: String,
    pub content_type: String,
    pub kind: AttachmentKind,
    pub size: u64,
    pub sha256: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub thumbnail: Option<String>,
}

/// The operator's limits (settings), each answered with `413` and the limit when exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentLimits {
    pub max_file_bytes: u64,
    pub max_per_message: usize,
    pub max_bytes_per_user: u64,
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        Self { max_file_bytes: 25 * 1024 * 1024, max_per_message: 10, max_bytes_per_user: 1024 * 1024 * 1024 }
    }
}

impl AttachmentLimits {
    pub fn file_too_large(&self) -> Error {
        let limit = self.max_file_bytes;
        Error::TooLarge { code: ErrorCode::FileTooLarge, message: format!("a file is at most {limit} bytes"), limit }
    }

    pub fn quota_exceeded(&self) -> Error {
        let limit = self.max_bytes_per_user;
        Error::TooLarge {
            code: ErrorCode::UploadQuotaExceeded,
            message: format!("your files take at most {limit} bytes in all"),
            limit,
        }
    }

    /// FILE-1: a message carries at most `max_per_message` files.
    pub fn check_count(&self, count: usize) -> Result<(), Error> {
        if count > self.max_per_message {
            let limit = self.max_per_message as u64;
            return Err(Error::TooLarge {
                code: ErrorCode::TooManyAttachments,
                message: format!("a message carries at most {limit} files"),
                limit,
            });
        }
        Ok(())
    }
}

/// A file name as shown and offered for download: the last path part, without control characters
/// or quotes (it goes into a header), at most `NAME_MAX_CHARS` characters with its extension kept.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control() && *c != '"').collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        return "file".to_owned();
    }
    if cleaned.chars().count() <= NAME_MAX_CHARS {
        return cleaned.to_owned();
    }
    let extension = cleaned.rsplit_once('.').map(|(_, e)| e).filter(|e| e.chars().count() <= 10).unwrap_or("");
    let keep = NAME_MAX_CHARS - extension.chars().count() - 1;
    let stem: String = cleaned.chars().take(keep).collect();
    if extension.is_empty() { stem } else { format!("{stem}.{extension}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_quotes_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\me\\photo.jpg"), "photo.jpg");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b\r\n.txt"), "ab.txt");
        assert_eq!(clean_name("  "), "file");
        assert_eq!(clean_name(".."), "file");
        let long = clean_name(&format!("{}.png", "я".repeat(500)));
        assert_eq!(long.chars().count(), NAME_MAX_CHARS);
        assert!(long.ends_with(".png"));
    }

    #[test]
    fn too_many_files_name_the_limit() {
        let limits = AttachmentLimits::default();
        assert!(limits.check_count(10).is_ok());
        let Err(Error::TooLarge { code, limit, .. }) = limits.check_count(11) else { panic!("accepted 11 files") };
        assert_eq!((code.as_str(), limit), ("too_many_attachments", 10));
    }
}
