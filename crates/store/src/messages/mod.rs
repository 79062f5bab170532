//! Text messages: [`Messages`] on both backends.

pub mod group_commit;

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

/// Inserts a message: its id, or none if the sender already sent one with this nonce in this room.
/// A macro, like [`on_pool!`], so the one query runs on a pool of either backend or on a connection.
macro_rules! insert_message {
    ($executor:expr, $room:expr, $sender:expr, $content:expr, $nonce:expr, $created_at:expr) => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO messages (room_id, sender_id, content, nonce, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (room_id, sender_id, nonce) WHERE nonce IS NOT NULL DO NOTHING RETURNING id",
        )
        .bind($room)
        .bind($sender)
        .bind($content)
        .bind($nonce)
        .bind($created_at)
        .fetch_optional($executor)
        .await
    };
}
use insert_message;

/// The message just inserted (`$inserted`), or for a retry the first message with this nonce.
macro_rules! stored_message {
    ($executor:expr, $room:expr, $sender:expr, $inserted:expr, $nonce:expr) => {
        sqlx::query_as::<_, $crate::messages::MessageRow>(&$crate::messages::select_messages(
            "m.room_id = $1 AND m.sender_id = $2 AND (m.id = $3 OR ($3 IS NULL AND m.nonce = $4))",
        ))
        .bind($room)
        .bind($sender)
        .bind($inserted)
        .bind($nonce)
        .fetch_one($executor)
        .await
    };
}
use stored_message;

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
        if let Some(writer) = &self.message_writer {
            return writer.write(room, sender, content, nonce).await;
        }
        let created_at = Timestamp::now().millis();
        let inserted =
            on_pool!(self, pool => insert_message!(pool, room, sender, content, nonce, created_at)).map_err(backend)?;
        let row = on_pool!(self, pool => stored_message!(pool, room, sender, inserted, nonce)).map_err(backend)?;
        Ok((row.into(), inserted.is_some()))
    }

    async fn messages(&self, room: RoomId, page: Option<HistoryPage>, limit: u32) -> StoreResult<Vec<Message>> {
        // Always an upper bound on the id, so the (room_id, id) index is entered at `before` on both
        // databases: with `($2 IS NULL OR m.id < $2)` SQLite walked down from the newest message,
        // and a page a million messages back took a million index steps.
        let (before, offset) = match page {
            Some(HistoryPage::Before(id)) => (id, 0),
            Some(HistoryPage::Offset(offset)) => (i64::MAX, i64::from(offset)),
            None => (i64::MAX, 0),
        };
        let sql = select_messages("m.room_id = $1 AND m.id < $2") + " ORDER BY m.id DESC LIMIT $3 OFFSET $4";
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
