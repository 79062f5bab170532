//! Text messages: [`Messages`] on both backends.

pub mod group_commit;

use std::collections::HashMap;

use async_trait::async_trait;
use woxly_domain::{
    model::{
        HistoryPage, Message, MessageHead, MessageId, NewMessage, Quote, Reaction, RoomId, SearchResult, UserId,
        search::MessageSearch,
    },
    store::{Messages, StoreError, StoreResult, UniqueField},
    time::Timestamp,
};

use crate::{
    Pool, SqlStore,
    attachments::attach,
    backend, on_pool,
    rooms::RoomRow,
    users::{U_USER_COLUMNS, UserRow},
};

#[derive(sqlx::FromRow)]
struct MessageRow {
    message_id: i64,
    message_room_id: i64,
    content: String,
    nonce: Option<String>,
    sent_at: i64,
    reply_to_id: Option<i64>,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
    attachment_count: i64,
    #[sqlx(flatten)]
    sender: UserRow,
}

impl From<MessageRow> for Message {
    fn from(r: MessageRow) -> Self {
        Self {
            nonce: r.nonce,
            edited_at: r.edited_at.map(Timestamp),
            deleted: r.deleted_at.is_some(),
            ..Message::new(r.message_id, r.message_room_id, r.content, Timestamp(r.sent_at), r.sender.into())
        }
    }
}

/// Inserts a message: its id, or none if the sender already sent one with this nonce in this room.
/// A macro, like [`on_pool!`], so the one query runs on a pool of either backend or on a connection.
macro_rules! insert_message {
    ($executor:expr, $new:expr, $created_at:expr) => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO messages (room_id, sender_id, content, nonce, reply_to_id, created_at, attachment_count) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (room_id, sender_id, nonce) WHERE nonce IS NOT NULL DO NOTHING RETURNING id",
        )
        .bind($new.room_id)
        .bind($new.sender.id)
        .bind(&$new.content)
        .bind(&$new.nonce)
        .bind($new.reply_to)
        .bind($created_at)
        .bind($new.attachments.len() as i64)
        .fetch_optional($executor)
        .await
    };
}
use insert_message;

/// Records who message `$id` mentions.
macro_rules! insert_mentions {
    ($executor:expr, $id:expr, $mentions:expr) => {
        async {
            for &user in $mentions {
                sqlx::query(
                    "INSERT INTO message_mentions (message_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind($id)
                .bind(user)
                .execute(&mut *$executor)
                .await?;
            }
            Ok::<_, sqlx::Error>(())
        }
    };
}
use insert_mentions;

/// The message just inserted (`$inserted`), or for a retry the first message with this nonce.
macro_rules! stored_message {
    ($executor:expr, $new:expr, $inserted:expr) => {
        sqlx::query_as::<_, $crate::messages::MessageRow>(&$crate::messages::select_messages(
            "m.room_id = $1 AND m.sender_id = $2 AND (m.id = $3 OR ($3 IS NULL AND m.nonce = $4))",
        ))
        .bind($new.room_id)
        .bind($new.sender.id)
        .bind($inserted)
        .bind(&$new.nonce)
        .fetch_one($executor)
        .await
    };
}

/// Messages with their senders, filtered by `condition` over `m` (the message).
fn select_messages(condition: &str) -> String {
    format!(
        "SELECT m.id AS message_id, m.room_id AS message_room_id, m.content, m.nonce, m.created_at AS sent_at, \
         m.reply_to_id, m.edited_at, m.deleted_at, m.attachment_count, {U_USER_COLUMNS} \
         FROM messages m JOIN users u ON u.id = m.sender_id WHERE {condition}"
    )
}

/// `$first, $first+1, …` for `count` values bound in a row, for `IN (…)`.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// A reaction (with its emoji) or a mention (without) of a message.
#[derive(sqlx::FromRow)]
struct AttachedRow {
    message_id: i64,
    emoji: Option<String>,
    user_id: i64,
}

impl SqlStore {
    /// The rows of `sql` with `binds` bound in order to `$1, $2, …`.
    pub(crate) async fn rows<R>(&self, sql: &str, binds: &[i64]) -> StoreResult<Vec<R>>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
    {
        on_pool!(self, pool => {
            let mut query = sqlx::query_as::<_, R>(sql);
            for &value in binds {
                query = query.bind(value);
            }
            query.fetch_all(pool).await
        })
        .map_err(backend)
    }

    /// Rows made into messages with what they carry besides their own columns: the quoted messages of
    /// replies, then reactions and mentions, in two queries for the whole page, and files, in a third
    /// when some message has any.
    async fn complete(&self, rows: Vec<MessageRow>) -> StoreResult<Vec<Message>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.message_id).collect();
        let with_files: Vec<i64> = rows.iter().filter(|r| r.attachment_count > 0).map(|r| r.message_id).collect();
        let replies: Vec<Option<i64>> = rows.iter().map(|r| r.reply_to_id).collect();
        let quoted_ids: Vec<i64> = replies.iter().flatten().copied().collect();
        let mut messages: Vec<Message> = rows.into_iter().map(Message::from).collect();
        if !quoted_ids.is_empty() {
            let sql = select_messages(&format!("m.id IN ({})", placeholders(1, quoted_ids.len())));
            let quoted: HashMap<i64, Message> = self
                .rows::<MessageRow>(&sql, &quoted_ids)
                .await?
                .into_iter()
                .map(|r| (r.message_id, r.into()))
                .collect();
            for (message, reply) in messages.iter_mut().zip(&replies) {
                // A quoted message is never removed while a reply points at it (`ON DELETE SET NULL`).
                message.reply_to = reply.and_then(|id| quoted.get(&id)).map(|original| {
                    Box::new(Quote {
                        id: original.id,
                        sender: original.sender.clone(),
                        content: original.content.clone(),
                        deleted: original.deleted,
                    })
                });
            }
        }
        // Reactions and mentions in one round trip: a mention is a row without an emoji.
        let list = placeholders(1, ids.len());
        let sql = format!(
            "SELECT message_id, emoji, user_id, created_at FROM message_reactions WHERE message_id IN ({list}) \
             UNION ALL SELECT message_id, NULL, user_id, 0 FROM message_mentions WHERE message_id IN ({list}) \
             ORDER BY 1, 4, 3"
        );
        let attached: Vec<AttachedRow> = self.rows(&sql, &ids).await?;
        let position: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
        for row in attached {
            let message = &mut messages[position[&row.message_id]];
            let Some(emoji) = row.emoji else {
                message.mentions.push(row.user_id);
                continue;
            };
            match message.reactions.iter_mut().find(|r| r.emoji == emoji) {
                Some(reaction) => reaction.user_ids.push(row.user_id),
                None => message.reactions.push(Reaction { emoji, user_ids: vec![row.user_id] }),
            }
        }
        if !with_files.is_empty() {
            for row in self.attachments_of(&with_files).await? {
                let Some(id) = row.message_id else { continue };
                messages[position[&id]].attachments.push(row.into());
            }
        }
        Ok(messages)
    }

    async fn page(&self, condition: &str, order: &str, binds: Vec<i64>) -> StoreResult<Vec<MessageRow>> {
        self.rows(&(select_messages(condition) + order), &binds).await
    }
}

#[async_trait]
impl Messages for SqlStore {
    async fn create_message(&self, new: &NewMessage) -> StoreResult<(Message, bool)> {
        let created_at = Timestamp::now().millis();
        let inserted = match &self.message_writer {
            Some(writer) => writer.write(new.clone(), created_at).await?,
            // One statement is a transaction of its own: a message without mentions or files is one
            // round trip instead of three (BEGIN, INSERT, COMMIT).
            None if new.mentions.is_empty() && new.attachments.is_empty() => {
                on_pool!(self, pool => insert_message!(pool, new, created_at)).map_err(backend)?
            }
            None => on_pool!(self, pool => async {
                let mut tx = pool.begin().await?;
                let inserted = insert_message!(&mut *tx, new, created_at)?;
                if let Some(id) = inserted {
                    insert_mentions!(tx, id, &new.mentions).await?;
                    if !attach!(tx, id, new).await? {
                        tx.rollback().await?;
                        return Ok(Err(StoreError::Duplicate(UniqueField::Attachment)));
                    }
                }
                tx.commit().await?;
                Ok::<_, sqlx::Error>(Ok(inserted))
            }
            .await)
            .map_err(backend)??,
        };
        // A new message without a quote or files is all known here: nothing to read back (one round
        // trip less per message). Otherwise, or when the nonce found an earlier one, it is read.
        if let Some(id) = inserted
            && new.reply_to.is_none()
            && new.attachments.is_empty()
        {
            let mut mentions = new.mentions.clone();
            mentions.sort_unstable(); // as a read gives them
            mentions.dedup();
            let message = Message {
                nonce: new.nonce.clone(),
                mentions,
                ..Message::new(id, new.room_id, new.content.clone(), Timestamp(created_at), new.sender.clone())
            };
            return Ok((message, true));
        }
        let row = on_pool!(self, pool => stored_message!(pool, new, inserted)).map_err(backend)?;
        let message = self.complete(vec![row]).await?.pop().ok_or_else(|| backend("a stored message vanished"))?;
        Ok((message, inserted.is_some()))
    }

    async fn message(&self, id: MessageId) -> StoreResult<Option<Message>> {
        let rows = self.page("m.id = $1", "", vec![id]).await?;
        Ok(self.complete(rows).await?.pop())
    }

    async fn message_head(&self, id: MessageId) -> StoreResult<Option<MessageHead>> {
        let row = on_pool!(self, pool => sqlx::query_as::<_, (i64, i64, Option<i64>)>(
            "SELECT room_id, sender_id, deleted_at FROM messages WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await)
        .map_err(backend)?;
        Ok(row.map(|(room_id, sender_id, deleted_at)| MessageHead {
            id,
            room_id,
            sender_id,
            deleted: deleted_at.is_some(),
        }))
    }

    async fn messages(&self, room: RoomId, page: Option<HistoryPage>, limit: u32) -> StoreResult<Vec<Message>> {
        // Always a bound on the id, so the (room_id, id) index is entered at the cursor on both
        // databases: with `($2 IS NULL OR m.id < $2)` SQLite walked down from the newest message,
        // and a page a million messages back took a million index steps.
        let limit = i64::from(limit);
        let older = |before: i64, limit: i64, offset: i64| {
            self.page(
                "m.room_id = $1 AND m.id < $2",
                " ORDER BY m.id DESC LIMIT $3 OFFSET $4",
                vec![room, before, limit, offset],
            )
        };
        let newer = |after: i64, limit: i64| {
            self.page("m.room_id = $1 AND m.id > $2", " ORDER BY m.id LIMIT $3", vec![room, after, limit])
        };
        let rows = match page {
            Some(HistoryPage::Before(id)) => reversed(older(id, limit, 0).await?),
            Some(HistoryPage::Offset(offset)) => reversed(older(i64::MAX, limit, i64::from(offset)).await?),
            None => reversed(older(i64::MAX, limit, 0).await?),
            Some(HistoryPage::After(id)) => newer(id, limit).await?,
            // The message and older ones in the first half, newer ones in the second.
            Some(HistoryPage::Around(id)) => {
                let mut rows = reversed(older(id.saturating_add(1), limit - limit / 2, 0).await?);
                rows.extend(newer(id, limit / 2).await?);
                rows
            }
        };
        self.complete(rows).await
    }

    async fn edit_message(&self, id: MessageId, content: &str, mentions: &[UserId]) -> StoreResult<bool> {
        let now = Timestamp::now().millis();
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let edited = sqlx::query("UPDATE messages SET content = $2, edited_at = $3 WHERE id = $1 AND deleted_at IS NULL")
                .bind(id)
                .bind(content)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected() == 1;
            if edited {
                sqlx::query("DELETE FROM message_mentions WHERE message_id = $1").bind(id).execute(&mut *tx).await?;
                insert_mentions!(tx, id, mentions).await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(edited)
        }
        .await)
        .map_err(backend)
    }

    async fn delete_message(&self, id: MessageId) -> StoreResult<Option<Vec<String>>> {
        let now = Timestamp::now().millis();
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let deleted = sqlx::query(
                "UPDATE messages SET content = '', deleted_at = $2, attachment_count = 0, has_image = FALSE \
                 WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
            if !deleted {
                tx.rollback().await?;
                return Ok(None);
            }
            for table in ["message_reactions", "message_mentions"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE message_id = $1")).bind(id).execute(&mut *tx).await?;
            }
            let files = sqlx::query_scalar::<_, String>("DELETE FROM attachments WHERE message_id = $1 RETURNING sha256")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Some(files))
        }
        .await)
        .map_err(backend)
    }

    async fn add_reaction(&self, message: MessageId, user: UserId, emoji: &str) -> StoreResult<bool> {
        // Reactions are read in the order they came, by `created_at`: one made in the same millisecond
        // as an earlier one on the message is stamped a millisecond after it, so it still reads second.
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO message_reactions (message_id, emoji, user_id, created_at) \
             SELECT id, $2, $3, COALESCE((SELECT MAX(created_at) + 1 FROM message_reactions \
                                          WHERE message_id = $1 AND created_at >= $4), $4) \
             FROM messages WHERE id = $1 AND deleted_at IS NULL ON CONFLICT DO NOTHING",
        )
        .bind(message)
        .bind(emoji)
        .bind(user)
        .bind(Timestamp::now().millis())
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }

    async fn search_messages(&self, search: &MessageSearch) -> StoreResult<Vec<SearchResult>> {
        let (sql, binds) = self.search_sql(search);
        let found: Vec<FoundRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as::<_, FoundRow>(&sql);
            for value in binds {
                query = match value {
                    SearchBind::Int(n) => query.bind(n),
                    SearchBind::Text(s) => query.bind(s),
                };
            }
            query.fetch_all(pool).await
        })
        .map_err(backend)?;
        let rooms: Vec<RoomRow> = found.iter().map(FoundRow::room).collect();
        let messages = self.complete(found.into_iter().map(|f| f.message).collect()).await?;
        Ok(messages.into_iter().zip(rooms).map(|(message, room)| SearchResult { message, room: room.into() }).collect())
    }

    async fn remove_reaction(&self, message: MessageId, user: UserId, emoji: &str) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query("DELETE FROM message_reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3")
            .bind(message)
            .bind(emoji)
            .bind(user)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }
}

/// A message found by search, with its room.
#[derive(sqlx::FromRow)]
struct FoundRow {
    #[sqlx(flatten)]
    message: MessageRow,
    room_kind: String,
    room_name: String,
    room_owner_id: i64,
    room_is_private: bool,
    room_max_participants: Option<i64>,
    room_created_at: i64,
}

impl FoundRow {
    fn room(&self) -> RoomRow {
        RoomRow {
            id: self.message.message_room_id,
            kind: self.room_kind.clone(),
            name: self.room_name.clone(),
            owner_id: self.room_owner_id,
            is_private: self.room_is_private,
            max_participants: self.room_max_participants,
            created_at: self.room_created_at,
        }
    }
}

impl SqlStore {
    /// SEARCH-1's query. Only how the words are matched differs by backend: SQLite walks the FTS5
    /// index newest first (it yields rowids in order, so the first page stops early however common the
    /// word), PostgreSQL asks the GIN index on the text's tsvector. Terms hold only letters and digits
    /// (`search::words`), so they carry no syntax of either. The caller's rooms are a list read once
    /// per query, each match checked against it.
    fn search_sql(&self, search: &MessageSearch) -> (String, Vec<SearchBind>) {
        let mut binds = vec![SearchBind::Int(search.user)];
        let mut bind = |value: SearchBind| {
            binds.push(value);
            format!("${}", binds.len())
        };
        let mut conditions = vec![
            "m.deleted_at IS NULL".to_owned(),
            "m.room_id IN (SELECT room_id FROM room_members WHERE user_id = $1 AND status = 'accepted')".to_owned(),
        ];
        let mut from = "messages m".to_owned();
        let mut newest_first = "m.id DESC";
        if !search.terms.is_empty() {
            match self.pool {
                Pool::Sqlite(_) => {
                    let query = search.terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" ");
                    // CROSS JOIN keeps the index as the outer loop, in its rowid order.
                    from = "messages_search s CROSS JOIN messages m".to_owned();
                    conditions
                        .push(format!("m.id = s.rowid AND messages_search MATCH {}", bind(SearchBind::Text(query))));
                    newest_first = "s.rowid DESC";
                }
                Pool::Postgres(_) => {
                    let query = search.terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & ");
                    let query = bind(SearchBind::Text(query));
                    conditions.push(format!("m.search @@ to_tsquery('simple', {query})"));
                }
            }
        }
        if let Some(rooms) = &search.rooms {
            let list: Vec<String> = rooms.iter().map(|&r| bind(SearchBind::Int(r))).collect();
            conditions.push(format!("m.room_id IN ({})", list.join(", ")));
        }
        if let Some(sender) = search.from {
            conditions.push(format!("m.sender_id = {}", bind(SearchBind::Int(sender))));
        }
        if search.has_file {
            conditions.push("m.attachment_count > 0".to_owned());
        }
        if search.has_image {
            conditions.push("m.has_image".to_owned());
        }
        if let Some(before) = search.before {
            conditions.push(format!("m.created_at < {}", bind(SearchBind::Int(before.millis()))));
        }
        if let Some(after) = search.after {
            conditions.push(format!("m.created_at >= {}", bind(SearchBind::Int(after.millis()))));
        }
        if let Some(older_than) = search.older_than {
            conditions.push(format!("m.id < {}", bind(SearchBind::Int(older_than))));
        }
        let limit = bind(SearchBind::Int(i64::from(search.limit)));
        let sql = format!(
            "SELECT m.id AS message_id, m.room_id AS message_room_id, m.content, m.nonce, m.created_at AS sent_at, \
             m.reply_to_id, m.edited_at, m.deleted_at, m.attachment_count, {U_USER_COLUMNS}, r.kind AS room_kind, \
             r.name AS room_name, r.owner_id AS room_owner_id, r.is_private AS room_is_private, \
             r.max_participants AS room_max_participants, r.created_at AS room_created_at \
             FROM {from} JOIN users u ON u.id = m.sender_id JOIN rooms r ON r.id = m.room_id \
             WHERE {} ORDER BY {newest_first} LIMIT {limit}",
            conditions.join(" AND ")
        );
        (sql, binds)
    }
}

enum SearchBind {
    Int(i64),
    Text(String),
}

fn reversed(mut rows: Vec<MessageRow>) -> Vec<MessageRow> {
    rows.reverse();
    rows
}
