//! Text messages: [`Messages`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{HistoryPage, Message, RoomId, UserId},
    store::{Messages, StoreResult},
    time::Timestamp,
};

use crate::{
    SqlStore, backend, on_pool,
    users::{U_USER_COLUMNS, UserRow},
};

#[derive(sqlx::FromRow)]
struct MessageRow {
    message_id: i64,
    message_room_id: i64,
    content: String,
    nonce: Option<String>,
    sent_at: i64,
    #[sqlx(flatten)]
    sender: UserRow,
}

impl From<MessageRow> for Message {
    fn from(r: MessageRow) -> Self {
        Self {
            id: r.message_id,
            room_id: r.message_room_id,
            content: r.content,
            created_at: Timestamp(r.sent_at),
            sender: r.sender.into(),
            nonce: r.nonce,
        }
    }
}

/// Messages with their senders, filtered by `condition` over `m` (the message).
fn select_messages(condition: &str) -> String {
    format!(
        "SELECT m.id AS message_id, m.room_id AS message_room_id, m.content, m.nonce, m.created_at AS sent_at, \
         {U_USER_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id WHERE {condition}"
    )
}

#[async_trait]
impl Messages for SqlStore {
    async fn create_message(
        &self,
        room: RoomId,
        sender: UserId,
        content: &str,
        nonce: Option<&str>,
    ) -> StoreResult<(Message, bool)> {
        let inserted = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO messages (room_id, sender_id, content, nonce, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (room_id, sender_id, nonce) WHERE nonce IS NOT NULL DO NOTHING RETURNING id",
        )
        .bind(room)
        .bind(sender)
        .bind(content)
        .bind(nonce)
        .bind(Timestamp::now().millis())
        .fetch_optional(pool)
        .await)
        .map_err(backend)?;
        // The new message, or for a retry the first message with this nonce.
        let sql =
            select_messages("m.room_id = $1 AND m.sender_id = $2 AND (m.id = $3 OR ($3 IS NULL AND m.nonce = $4))");
        let row = on_pool!(self, pool => sqlx::query_as::<_, MessageRow>(&sql)
            .bind(room)
            .bind(sender)
            .bind(inserted)
            .bind(nonce)
            .fetch_one(pool)
            .await)
        .map_err(backend)?;
        Ok((row.into(), inserted.is_some()))
    }

    async fn messages(&self, room: RoomId, page: Option<HistoryPage>, limit: u32) -> StoreResult<Vec<Message>> {
        let (before, offset) = match page {
            Some(HistoryPage::Before(id)) => (Some(id), 0),
            Some(HistoryPage::Offset(offset)) => (None, i64::from(offset)),
            None => (None, 0),
        };
        let sql =
            select_messages("m.room_id = $1 AND ($2 IS NULL OR m.id < $2)") + " ORDER BY m.id DESC LIMIT $3 OFFSET $4";
        let mut rows = on_pool!(self, pool => sqlx::query_as::<_, MessageRow>(&sql)
            .bind(room)
            .bind(before)
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(pool)
            .await)
        .map_err(backend)?;
        rows.reverse();
        Ok(rows.into_iter().map(Message::from).collect())
    }
}
