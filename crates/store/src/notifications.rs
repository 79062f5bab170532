//! Stored notifications: [`Notifications`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{
        Message, NewNotification, Notification, NotificationId, NotificationKind, Room, RoomId, RoomNotifications,
        UserId, notification_settings::NotificationLevel,
    },
    store::{NotificationSubject, Notifications, StoreError, StoreResult},
    time::Timestamp,
};

use crate::{
    SqlStore, backend, on_pool,
    rooms::RoomRow,
    users::{U_USER_COLUMNS, UserRow},
};

#[derive(sqlx::FromRow)]
struct NotificationRow {
    notification_id: i64,
    owner_id: i64,
    kind: String,
    is_read: bool,
    notified_at: i64,
    #[sqlx(flatten)]
    from: UserRow,
    room_id: Option<i64>,
    room_kind: Option<String>,
    room_name: Option<String>,
    room_owner_id: Option<i64>,
    room_is_private: Option<bool>,
    room_max_participants: Option<i64>,
    room_created_at: Option<i64>,
    message_id: Option<i64>,
    message_content: Option<String>,
    message_nonce: Option<String>,
    message_created_at: Option<i64>,
    message_edited_at: Option<i64>,
    message_deleted_at: Option<i64>,
}

impl TryFrom<NotificationRow> for Notification {
    type Error = StoreError;

    fn try_from(r: NotificationRow) -> StoreResult<Self> {
        let kind = NotificationKind::from_stored(&r.kind)
            .ok_or_else(|| StoreError::Backend(format!("unknown notification type {:?}", r.kind)))?;
        let room = match (r.room_id, r.room_kind, r.room_name, r.room_owner_id, r.room_is_private, r.room_created_at) {
            (Some(id), Some(kind), Some(name), Some(owner_id), Some(is_private), Some(created_at)) => {
                let max_participants = r.room_max_participants;
                Some(Room::from(RoomRow { id, kind, name, owner_id, is_private, max_participants, created_at }))
            }
            _ => None,
        };
        let from = woxly_domain::model::User::from(r.from);
        // A message or mention notification's message was sent by its `from`.
        let message = match (r.message_id, r.message_content, r.message_created_at, &room) {
            (Some(id), Some(content), Some(created_at), Some(room)) => Some(Message {
                nonce: r.message_nonce,
                edited_at: r.message_edited_at.map(Timestamp),
                deleted: r.message_deleted_at.is_some(),
                ..Message::new(id, room.id, content, Timestamp(created_at), from.clone())
            }),
            _ => None,
        };
        Ok(Self {
            id: r.notification_id,
            user_id: r.owner_id,
            kind,
            is_read: r.is_read,
            created_at: Timestamp(r.notified_at),
            from,
            room,
            message,
        })
    }
}

fn level_stored(level: NotificationLevel) -> &'static str {
    match level {
        NotificationLevel::All => "all",
        NotificationLevel::Mentions => "mentions",
        NotificationLevel::Nothing => "nothing",
    }
}

fn level_from_stored(stored: &str) -> StoreResult<NotificationLevel> {
    match stored {
        "all" => Ok(NotificationLevel::All),
        "mentions" => Ok(NotificationLevel::Mentions),
        "nothing" => Ok(NotificationLevel::Nothing),
        other => Err(StoreError::Backend(format!("unknown notification level {other:?}"))),
    }
}

/// Notifications with their sender, filtered by `condition` over `n` (the notification) and `$1`.
fn select_notifications(condition: &str) -> String {
    format!(
        "SELECT n.id AS notification_id, n.user_id AS owner_id, n.type AS kind, n.is_read, \
         n.created_at AS notified_at, {U_USER_COLUMNS}, \
         r.id AS room_id, r.kind AS room_kind, r.name AS room_name, r.owner_id AS room_owner_id, r.is_private AS room_is_private, \
         r.max_participants AS room_max_participants, r.created_at AS room_created_at, \
         msg.id AS message_id, msg.content AS message_content, msg.nonce AS message_nonce, \
         msg.created_at AS message_created_at, msg.edited_at AS message_edited_at, \
         msg.deleted_at AS message_deleted_at \
         FROM notifications n JOIN users u ON u.id = n.from_user_id \
         LEFT JOIN rooms r ON r.id = n.room_id LEFT JOIN messages msg ON msg.id = n.message_id \
         WHERE {condition}"
    )
}

impl SqlStore {
    async fn notification(&self, id: NotificationId) -> StoreResult<Notification> {
        let sql = select_notifications("n.id = $1");
        let row = on_pool!(self, pool => sqlx::query_as::<_, NotificationRow>(&sql).bind(id).fetch_one(pool).await)
            .map_err(backend)?;
        row.try_into()
    }
}

#[async_trait]
impl Notifications for SqlStore {
    async fn create_notification(&self, new: &NewNotification) -> StoreResult<Notification> {
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO notifications (user_id, type, from_user_id, room_id, message_id, is_read, created_at) \
             VALUES ($1, $2, $3, $4, $5, FALSE, $6) RETURNING id",
        )
        .bind(new.user_id)
        .bind(new.kind.as_str())
        .bind(new.from_user_id)
        .bind(new.room_id)
        .bind(new.message_id)
        .bind(Timestamp::now().millis())
        .fetch_one(pool)
        .await)
        .map_err(backend)?;
        self.notification(id).await
    }

    async fn mark_notifications_read_about(
        &self,
        user: UserId,
        kind: NotificationKind,
        subject: NotificationSubject,
    ) -> StoreResult<()> {
        let (column, id) = match subject {
            NotificationSubject::From(user) => ("from_user_id", user),
            NotificationSubject::Room(room) => ("room_id", room),
        };
        let sql = format!(
            "UPDATE notifications SET is_read = TRUE WHERE user_id = $1 AND type = $2 AND {column} = $3 AND is_read = FALSE"
        );
        on_pool!(self, pool => sqlx::query(&sql)
            .bind(user)
            .bind(kind.as_str())
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(backend)
    }

    async fn notify_message(
        &self,
        user: UserId,
        room: RoomId,
        from: UserId,
        message: i64,
    ) -> StoreResult<Notification> {
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO notifications (user_id, type, from_user_id, room_id, message_id, is_read, created_at) \
             VALUES ($1, 'message', $2, $3, $4, FALSE, $5) \
             ON CONFLICT (user_id, room_id) WHERE type = 'message' AND is_read = FALSE \
             DO UPDATE SET from_user_id = excluded.from_user_id, message_id = excluded.message_id, \
                           created_at = excluded.created_at \
             RETURNING id",
        )
        .bind(user)
        .bind(from)
        .bind(room)
        .bind(message)
        .bind(Timestamp::now().millis())
        .fetch_one(pool)
        .await)
        .map_err(backend)?;
        self.notification(id).await
    }

    async fn room_notifications(&self, room: RoomId) -> StoreResult<Vec<(UserId, RoomNotifications)>> {
        let rows: Vec<(i64, String, Option<i64>)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT user_id, level, muted_until FROM room_notifications WHERE room_id = $1",
        )
        .bind(room)
        .fetch_all(pool)
        .await)
        .map_err(backend)?;
        rows.into_iter()
            .map(|(user, level, muted_until)| {
                let level = level_from_stored(&level)?;
                Ok((user, RoomNotifications { level, muted_until: muted_until.map(Timestamp) }))
            })
            .collect()
    }

    async fn set_room_notifications(&self, user: UserId, room: RoomId, choices: RoomNotifications) -> StoreResult<()> {
        if choices == RoomNotifications::default() {
            on_pool!(self, pool => sqlx::query("DELETE FROM room_notifications WHERE room_id = $1 AND user_id = $2")
                .bind(room)
                .bind(user)
                .execute(pool)
                .await
                .map(|_| ()))
            .map_err(backend)?;
            return Ok(());
        }
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO room_notifications (room_id, user_id, level, muted_until) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (room_id, user_id) DO UPDATE SET level = excluded.level, muted_until = excluded.muted_until",
        )
        .bind(room)
        .bind(user)
        .bind(level_stored(choices.level))
        .bind(choices.muted_until.map(|t| t.millis()))
        .execute(pool)
        .await
        .map(|_| ()))
        .map_err(backend)
    }

    async fn notifications(
        &self,
        user: UserId,
        unread_only: bool,
        before: Option<NotificationId>,
        limit: u32,
    ) -> StoreResult<Vec<Notification>> {
        // Two texts rather than a parameter, so the unread query can use its partial index.
        let unread = if unread_only { " AND n.is_read = FALSE" } else { "" };
        let sql = select_notifications(&format!("n.user_id = $1{unread} AND ($2 IS NULL OR n.id < $2)"))
            + " ORDER BY n.id DESC LIMIT $3";
        let rows = on_pool!(self, pool => sqlx::query_as::<_, NotificationRow>(&sql)
            .bind(user)
            .bind(before)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await)
        .map_err(backend)?;
        rows.into_iter().map(Notification::try_from).collect()
    }

    async fn mark_notification_read(&self, user: UserId, id: NotificationId) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query("UPDATE notifications SET is_read = TRUE WHERE id = $2 AND user_id = $1")
            .bind(user)
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }

    async fn mark_all_notifications_read(&self, user: UserId) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("UPDATE notifications SET is_read = TRUE WHERE user_id = $1 AND is_read = FALSE")
            .bind(user)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(backend)
    }
}
