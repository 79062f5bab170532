//! Group commit of chat messages on SQLite. SQLite has one writer at a time and, with
//! `synchronous = FULL`, one fsync per commit; a message per transaction made the writers queue on
//! SQLite's busy handler (which sleeps) and capped a whole server at about 2,000 messages/s. Here one
//! connection takes every message waiting, writes them in one transaction and answers each sender only
//! after the commit: an acknowledged message is still a stored one. (PostgreSQL commits concurrent
//! transactions in groups by itself.)

use sqlx::{Connection, SqliteConnection, sqlite::SqliteConnectOptions};
use tokio::sync::{mpsc, oneshot};
use woxly_domain::{
    model::{MessageId, NewMessage},
    store::{StoreError, StoreResult, UniqueField},
};

use super::{insert_mentions, insert_message};
use crate::{attachments::attach, backend};

/// Messages written per transaction at most; more wait for the next one.
const MAX_BATCH: usize = 256;
/// Messages waiting for the writer before senders wait to queue.
const QUEUE: usize = 4096;

struct Pending {
    message: NewMessage,
    created_at: i64,
    /// The new message's id, or none when its nonce was already used.
    reply: oneshot::Sender<StoreResult<Option<MessageId>>>,
}

pub struct MessageWriter {
    queue: mpsc::Sender<Pending>,
}

impl MessageWriter {
    /// Opens the writer's own connection; the writer stops when the store is dropped.
    pub async fn start(options: &SqliteConnectOptions) -> StoreResult<Self> {
        let connection = SqliteConnection::connect_with(options).await.map_err(backend)?;
        let (queue, pending) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(connection, pending));
        Ok(Self { queue })
    }

    /// Stores a message sent at `created_at`: its id, or none if its nonce was used already; answers after
    /// the commit.
    pub(super) async fn write(&self, message: NewMessage, created_at: i64) -> StoreResult<Option<MessageId>> {
        let (reply, answer) = oneshot::channel();
        let pending = Pending { message, created_at, reply };
        self.queue.send(pending).await.map_err(|_| backend("the message writer has stopped"))?;
        answer.await.map_err(|_| backend("the message writer stopped before answering"))?
    }
}

async fn write_batches(mut connection: SqliteConnection, mut queue: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match write_batch(&mut connection, &batch).await {
            Ok(results) => {
                for (pending, result) in batch.drain(..).zip(results) {
                    let _ = pending.reply.send(result);
                }
            }
            Err(e) => {
                let _ = sqlx::query("ROLLBACK").execute(&mut connection).await;
                for pending in batch.drain(..) {
                    let _ = pending.reply.send(Err(backend(&e)));
                }
            }
        }
    }
}

/// One transaction for the batch. A message that cannot be stored fails alone, and the others commit:
/// one whose room was just deleted breaks a constraint, and SQLite undoes only that statement; one
/// with files, of which one was sent on another message meanwhile, is written under a savepoint and
/// undone to it (only those pay for the savepoint).
async fn write_batch(
    connection: &mut SqliteConnection,
    batch: &[Pending],
) -> Result<Vec<StoreResult<Option<MessageId>>>, sqlx::Error> {
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *connection).await?;
    let mut results = Vec::with_capacity(batch.len());
    for p in batch {
        let guarded = !p.message.attachments.is_empty();
        if guarded {
            sqlx::query("SAVEPOINT message").execute(&mut *connection).await?;
        }
        let written = async {
            let inserted = insert_message!(&mut *connection, p.message, p.created_at)?;
            if let Some(id) = inserted {
                insert_mentions!(connection, id, &p.message.mentions).await?;
                if !attach!(connection, id, p.message).await? {
                    return Ok(Err(StoreError::Duplicate(UniqueField::Attachment)));
                }
            }
            Ok::<_, sqlx::Error>(Ok(inserted))
        };
        let result = written.await.map_err(backend).and_then(|r| r);
        if guarded {
            if result.is_err() {
                sqlx::query("ROLLBACK TO message").execute(&mut *connection).await?;
            }
            sqlx::query("RELEASE message").execute(&mut *connection).await?;
        }
        results.push(result);
    }
    sqlx::query("COMMIT").execute(&mut *connection).await?;
    Ok(results)
}
