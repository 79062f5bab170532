//! Files on the wire (FILE-1…FILE-3). A message carries `attachments: [Attachment]`; the bytes are
//! fetched from short-lived signed links that `GET /api/attachments/:id` hands to members.

use serde::{Deserialize, Serialize};

/// `{id, name, contentType, kind: image|audio|video|file, size, width?, height?}`.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub kind: AttachmentKind,
    pub size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub height: Option<u32>,
}

/// How a file is shown: a thumbnail, a player, or a card to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum AttachmentKind {
    Image,
    Audio,
    Video,
    File,
}

impl AttachmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Audio => "audio",
            Self::Video => "video",
            Self::File => "file",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Image, Self::Audio, Self::Video, Self::File].into_iter().find(|k| k.as_str() == s)
    }

    /// Images, audio and video are shown in the page; everything else is only ever downloaded.
    pub fn is_inline(self) -> bool {
        self != Self::File
    }
}

/// `GET /api/attachments/limits`: what an upload and a message may carry, so a client refuses a file
/// before sending it.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadLimits {
    pub max_file_bytes: u64,
    pub max_files_per_message: u64,
}

/// `POST /api/rooms/:id/attachments` answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct UploadResponse {
    pub attachment: Attachment,
}

/// `GET /api/attachments/:id`: the attachment and links to it, signed for the caller, valid until
/// `expiresAt`. `thumbnailUrl` for images only.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentLinks {
    pub attachment: Attachment,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub thumbnail_url: Option<String>,
    pub expires_at: String,
}

/// The query of a signed link: `?u=<user>&e=<expiry, unix seconds>&s=<signature>`.
#[derive(Debug, Deserialize)]
pub struct SignedLink {
    pub u: i64,
    pub e: i64,
    pub s: String,
}
