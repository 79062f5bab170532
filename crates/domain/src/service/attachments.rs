//! Files on messages (FILE-1…FILE-3): who may upload where and how much, who may fetch a file, and
//! when a stored file is let go. Reading, checking and storing the bytes is the server's
//! ([`FileStore`]); the rules are here.

use crate::ErrorCode;
use std::sync::Arc;

use async_trait::async_trait;

use crate::{
    Error, Result,
    model::{Attachment, AttachmentId, AttachmentLimits, NewAttachment, RoomId, UserId, permissions::Action},
    service::rooms::RoomAccess,
    store::Store,
    time::Timestamp,
};

/// Uploads never sent on a message are deleted after this long.
pub const UNSENT_UPLOAD_HOURS: i64 = 24;

/// Where the files themselves are kept.
#[async_trait]
pub trait FileStore: Send + Sync {
    /// Deletes the files of these hashes that no attachment refers to any more.
    async fn release(&self, blobs: Vec<String>);
}

pub struct Attachments {
    store: Arc<dyn Store>,
    access: Arc<RoomAccess>,
    files: Arc<dyn FileStore>,
    pub limits: AttachmentLimits,
}

impl Attachments {
    pub fn new(
        store: Arc<dyn Store>,
        access: Arc<RoomAccess>,
        files: Arc<dyn FileStore>,
        limits: AttachmentLimits,
    ) -> Self {
        Self { store, access, files, limits }
    }

    /// FILE-1: `user` may upload to rooms they may write in, while their files stay under their
    /// total. Asked before the bytes are read (with what the client announced) and again after.
    pub async fn check_upload(&self, user: UserId, room_id: RoomId, size: u64) -> Result<()> {
        self.access.access(user, room_id, Action::Write).await?;
        if size > self.limits.max_file_bytes {
            return Err(self.limits.file_too_large());
        }
        if self.store.uploaded_bytes(user).await?.saturating_add(size) > self.limits.max_bytes_per_user {
            return Err(self.limits.quota_exceeded());
        }
        Ok(())
    }

    /// Records an upload whose file is stored.
    pub async fn record(&self, new: &NewAttachment) -> Result<Attachment> {
        Ok(self.store.create_attachment(new).await?)
    }

    /// FILE-3: a file `user` may fetch: one sent in a room they are a member of now, or their own
    /// upload not sent yet. Anything else is not found, as a room they cannot see is.
    pub async fn for_member(&self, user: UserId, id: AttachmentId) -> Result<Attachment> {
        let attachment = self.store.attachment(id).await?.ok_or(Error::NotFound)?;
        if attachment.message_id.is_none() && attachment.uploader_id != user {
            return Err(Error::NotFound);
        }
        self.access.access(user, attachment.room_id, Action::ReadHistory).await.map_err(|_| Error::NotFound)?;
        Ok(attachment)
    }

    /// FILE-1: the files a new message of `sender`'s in `room_id` may carry: their own uploads to that
    /// room, not sent yet, no more than the limit.
    pub async fn check_sendable(&self, sender: UserId, room_id: RoomId, ids: &[AttachmentId]) -> Result<()> {
        self.limits.check_count(ids.len())?;
        for (i, &id) in ids.iter().enumerate() {
            let usable = self.store.attachment(id).await?.is_some_and(|a| {
                a.uploader_id == sender && a.room_id == room_id && a.message_id.is_none() && !ids[..i].contains(&id)
            });
            if !usable {
                return Err(Error::invalid(
                    ErrorCode::InvalidAttachment,
                    "attach your own uploads to this room, each once",
                ));
            }
        }
        Ok(())
    }

    /// Cancels an upload of `user`'s that was not sent.
    pub async fn delete_unsent(&self, user: UserId, id: AttachmentId) -> Result<()> {
        let blob = self.store.delete_unsent_attachment(id, user).await?.ok_or(Error::NotFound)?;
        self.release(vec![blob]).await;
        Ok(())
    }

    /// Lets go of files no attachment refers to any more (a deleted message's, FILE-2).
    pub async fn release(&self, blobs: Vec<String>) {
        if !blobs.is_empty() {
            self.files.release(blobs).await;
        }
    }

    /// Deletes uploads left unsent for [`UNSENT_UPLOAD_HOURS`] (a closed tab, a cancelled message).
    pub async fn delete_abandoned(&self) -> Result<usize> {
        let before = Timestamp::now().plus_seconds(-UNSENT_UPLOAD_HOURS * 3600);
        let blobs = self.store.delete_unsent_attachments(before).await?;
        let count = blobs.len();
        self.release(blobs).await;
        Ok(count)
    }
}
