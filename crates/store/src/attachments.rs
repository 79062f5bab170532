//! Files on messages: [`Attachments`] on both backends, and the attachments a page of messages carries.

use async_trait::async_trait;
use woxly_domain::{
    model::{Attachment, AttachmentId, AttachmentKind, NewAttachment, UserId},
    store::{Attachments, StoreResult},
    time::Timestamp,
};

use crate::{SqlStore, backend, messages::placeholders, on_pool};

pub(crate) const ATTACHMENT_COLUMNS: &str = "id, room_id, uploader_id, message_id, name, content_type, kind, size, \
     sha256, width, height, thumbnail, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct AttachmentRow {
    id: i64,
    room_id: i64,
    uploader_id: i64,
    pub(crate) message_id: Option<i64>,
    name: String,
    content_type: String,
    kind: String,
    size: i64,
    sha256: String,
    width: Option<i64>,
    height: Option<i64>,
    thumbnail: Option<String>,
    created_at: i64,
}

impl From<AttachmentRow> for Attachment {
    fn from(r: AttachmentRow) -> Self {
        let pixels = |n: Option<i64>| n.and_then(|n| u32::try_from(n).ok());
        Self {
            id: r.id,
            room_id: r.room_id,
            uploader_id: r.uploader_id,
            message_id: r.message_id,
            name: r.name,
            content_type: r.content_type,
            // Only this crate writes the column, with `AttachmentKind::as_str`.
            kind: AttachmentKind::parse(&r.kind).unwrap_or(AttachmentKind::File),
            size: u64::try_from(r.size).unwrap_or(0),
            sha256: r.sha256,
            width: pixels(r.width),
            height: pixels(r.height),
            thumbnail: r.thumbnail,
            created_at: Timestamp(r.created_at),
        }
    }
}

/// Sends uploads on message `$id` of `$new` (a `NewMessage`): each must be the sender's, to the room,
/// and not sent yet. `Ok(false)` if one was not (sent by a concurrent message): the caller undoes the
/// message.
macro_rules! attach {
    ($executor:expr, $id:expr, $new:expr) => {
        async {
            for &attachment in &$new.attachments {
                let done = sqlx::query(
                    "UPDATE attachments SET message_id = $1 \
                     WHERE id = $2 AND uploader_id = $3 AND room_id = $4 AND message_id IS NULL",
                )
                .bind($id)
                .bind(attachment)
                .bind($new.sender.id)
                .bind($new.room_id)
                .execute(&mut *$executor)
                .await?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
            }
            if !$new.attachments.is_empty() {
                sqlx::query(
                    "UPDATE messages SET has_image = EXISTS \
                     (SELECT 1 FROM attachments WHERE message_id = $1 AND kind = 'image') WHERE id = $1",
                )
                .bind($id)
                .execute(&mut *$executor)
                .await?;
            }
            Ok::<_, sqlx::Error>(true)
        }
    };
}
pub(crate) use attach;

impl SqlStore {
    /// The attachments of these messages, in the order they were uploaded.
    pub(crate) async fn attachments_of(&self, messages: &[i64]) -> StoreResult<Vec<AttachmentRow>> {
        let sql = format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE message_id IN ({}) ORDER BY message_id, id",
            placeholders(1, messages.len())
        );
        self.rows(&sql, messages).await
    }
}

#[async_trait]
impl Attachments for SqlStore {
    async fn create_attachment(&self, new: &NewAttachment) -> StoreResult<Attachment> {
        let pixels = |n: Option<u32>| n.map(i64::from);
        on_pool!(self, pool => sqlx::query_as::<_, AttachmentRow>(&format!(
            "INSERT INTO attachments (room_id, uploader_id, name, content_type, kind, size, sha256, width, height, \
             thumbnail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {ATTACHMENT_COLUMNS}"
        ))
        .bind(new.room_id)
        .bind(new.uploader_id)
        .bind(&new.name)
        .bind(&new.content_type)
        .bind(new.kind.as_str())
        .bind(i64::try_from(new.size).unwrap_or(i64::MAX))
        .bind(&new.sha256)
        .bind(pixels(new.width))
        .bind(pixels(new.height))
        .bind(&new.thumbnail)
        .bind(Timestamp::now().millis())
        .fetch_one(pool)
        .await)
        .map(Into::into)
        .map_err(backend)
    }

    async fn attachment(&self, id: AttachmentId) -> StoreResult<Option<Attachment>> {
        let sql = format!("SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1");
        Ok(self.rows::<AttachmentRow>(&sql, &[id]).await?.pop().map(Into::into))
    }

    async fn uploaded_bytes(&self, user: UserId) -> StoreResult<u64> {
        let total = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM attachments WHERE uploader_id = $1",
        )
        .bind(user)
        .fetch_one(pool)
        .await)
        .map_err(backend)?;
        Ok(u64::try_from(total).unwrap_or(0))
    }

    async fn delete_unsent_attachment(&self, id: AttachmentId, uploader: UserId) -> StoreResult<Option<String>> {
        on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "DELETE FROM attachments WHERE id = $1 AND uploader_id = $2 AND message_id IS NULL RETURNING sha256",
        )
        .bind(id)
        .bind(uploader)
        .fetch_optional(pool)
        .await)
        .map_err(backend)
    }

    async fn delete_unsent_attachments(&self, before: Timestamp) -> StoreResult<Vec<String>> {
        on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "DELETE FROM attachments WHERE message_id IS NULL AND created_at < $1 RETURNING sha256",
        )
        .bind(before.millis())
        .fetch_all(pool)
        .await)
        .map_err(backend)
    }

    async fn blobs_in_use(&self, blobs: &[String]) -> StoreResult<Vec<String>> {
        if blobs.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT DISTINCT sha256 FROM attachments WHERE sha256 IN ({})", placeholders(1, blobs.len()));
        on_pool!(self, pool => {
            let mut query = sqlx::query_scalar::<_, String>(&sql);
            for blob in blobs {
                query = query.bind(blob);
            }
            query.fetch_all(pool).await
        })
        .map_err(backend)
    }
}
