//! Stored notifications: [`Notifications`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{NewNotification, Notification, NotificationId, NotificationKind, UserId},
    store::{Notifications, StoreError, StoreResult},
    time::Timestamp,
};

use crate::{
    SqlStore, backend, on_pool,
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
}

impl TryFrom<NotificationRow> for Notification {
    type Error = StoreError;

    fn try_from(r: NotificationRow) -> StoreResult<Self> {
        let kind = NotificationKind::from_stored(&r.kind)
            .ok_or_else(|| StoreError::Backend(format!("unknown notification type {:?}", r.kind)))?;
        Ok(Self {
            id: r.notification_id,
            user_id: r.owner_id,
            kind,
            is_read: r.is_read,
            created_at: Timestamp(r.notified_at),
            from: r.from.into(),
        })
    }
}

/// Notifications with their sender, filtered by `condition` over `n` (the notification) and `$1`.
fn select_notifications(condition: &str) -> String {
    format!(
        "SELECT n.id AS notification_id, n.user_id AS owner_id, n.type AS kind, n.is_read, \
         n.created_at AS notified_at, {U_USER_COLUMNS} \
         FROM notifications n JOIN users u ON u.id = n.from_user_id WHERE {condition}"
    )
}

#[async_trait]
impl Notifications for SqlStore {
    async fn create_notification(&self, new: &NewNotification) -> StoreResult<Notification> {
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO notifications (user_id, type, from_user_id, is_read, created_at) \
             VALUES ($1, $2, $3, FALSE, $4) RETURNING id",
        )
        .bind(new.user_id)
        .bind(new.kind.as_str())
        .bind(new.from_user_id)
        .bind(Timestamp::now().millis())
        .fetch_one(pool)
        .await)
        .map_err(backend)?;
        let sql = select_notifications("n.id = $1");
        let row = on_pool!(self, pool => sqlx::query_as::<_, NotificationRow>(&sql).bind(id).fetch_one(pool).await)
            .map_err(backend)?;
        row.try_into()
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

    async fn mark_notifications_read_from(
        &self,
        user: UserId,
        kind: NotificationKind,
        from: UserId,
    ) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query(
            "UPDATE notifications SET is_read = TRUE \
             WHERE user_id = $1 AND type = $2 AND from_user_id = $3 AND is_read = FALSE",
        )
        .bind(user)
        .bind(kind.as_str())
        .bind(from)
        .execute(pool)
        .await
        .map(|_| ()))
        .map_err(backend)
    }
}
