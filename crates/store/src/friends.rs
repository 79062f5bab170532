//! Friend requests and friendships: [`Friends`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{Friend, FriendRequestId, FriendRequestRecord, Privacy, User, UserId, privacy::Reach},
    store::{Friends, StoreResult},
    time::Timestamp,
};

use crate::{
    SqlStore, backend, map_unique, on_pool,
    users::{U_USER_COLUMNS, UserRow},
};

const REQUEST_COLUMNS: &str = "id, from_user_id, to_user_id, created_at";

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    from_user_id: i64,
    to_user_id: i64,
    created_at: i64,
}

impl From<RequestRow> for FriendRequestRecord {
    fn from(r: RequestRow) -> Self {
        Self { id: r.id, from_user_id: r.from_user_id, to_user_id: r.to_user_id, created_at: Timestamp(r.created_at) }
    }
}

/// A request with the user on its other side.
#[derive(sqlx::FromRow)]
struct RequestWithUserRow {
    request_id: i64,
    from_user_id: i64,
    to_user_id: i64,
    requested_at: i64,
    #[sqlx(flatten)]
    user: UserRow,
}

impl From<RequestWithUserRow> for (FriendRequestRecord, User) {
    fn from(r: RequestWithUserRow) -> Self {
        let record = FriendRequestRecord {
            id: r.request_id,
            from_user_id: r.from_user_id,
            to_user_id: r.to_user_id,
            created_at: Timestamp(r.requested_at),
        };
        (record, r.user.into())
    }
}

#[derive(sqlx::FromRow)]
struct FriendRow {
    #[sqlx(flatten)]
    user: UserRow,
    note: String,
    since: i64,
}

impl From<FriendRow> for Friend {
    fn from(r: FriendRow) -> Self {
        Self { user: r.user.into(), note: r.note, since: Timestamp(r.since) }
    }
}

impl SqlStore {
    /// Requests whose `side` column (`to_user_id` or `from_user_id`) is `user`, with the other side's user.
    async fn requests_where(
        &self,
        side: &str,
        other: &str,
        user: UserId,
    ) -> StoreResult<Vec<(FriendRequestRecord, User)>> {
        let sql = format!(
            "SELECT r.id AS request_id, r.from_user_id, r.to_user_id, r.created_at AS requested_at, {U_USER_COLUMNS} \
             FROM friend_requests r JOIN users u ON u.id = r.{other} WHERE r.{side} = $1 ORDER BY r.id"
        );
        on_pool!(self, pool => sqlx::query_as::<_, RequestWithUserRow>(&sql).bind(user).fetch_all(pool).await)
            .map(|rows| rows.into_iter().map(Into::into).collect())
            .map_err(backend)
    }

    /// Friends of `user`, all of them or only `friend`.
    async fn friends_where(&self, user: UserId, friend: Option<UserId>) -> StoreResult<Vec<Friend>> {
        let sql = format!(
            "SELECT {U_USER_COLUMNS}, f.note, f.created_at AS since FROM friendships f JOIN users u ON u.id = f.friend_id \
             WHERE f.user_id = $1 AND ($2 IS NULL OR f.friend_id = $2)"
        );
        on_pool!(self, pool => sqlx::query_as::<_, FriendRow>(&sql).bind(user).bind(friend).fetch_all(pool).await)
            .map(|rows| rows.into_iter().map(Friend::from).collect())
            .map_err(backend)
    }
}

#[async_trait]
impl Friends for SqlStore {
    async fn create_friend_request(&self, from: UserId, to: UserId) -> StoreResult<FriendRequestRecord> {
        let sql = format!(
            "INSERT INTO friend_requests (from_user_id, to_user_id, created_at) VALUES ($1, $2, $3) RETURNING {REQUEST_COLUMNS}"
        );
        on_pool!(self, pool => sqlx::query_as::<_, RequestRow>(&sql)
            .bind(from)
            .bind(to)
            .bind(Timestamp::now().millis())
            .fetch_one(pool)
            .await)
        .map(Into::into)
        .map_err(map_unique)
    }

    async fn friend_request(&self, id: FriendRequestId) -> StoreResult<Option<FriendRequestRecord>> {
        let sql = format!("SELECT {REQUEST_COLUMNS} FROM friend_requests WHERE id = $1");
        on_pool!(self, pool => sqlx::query_as::<_, RequestRow>(&sql).bind(id).fetch_optional(pool).await)
            .map(|row| row.map(Into::into))
            .map_err(backend)
    }

    async fn friend_request_between(&self, from: UserId, to: UserId) -> StoreResult<Option<FriendRequestRecord>> {
        let sql = format!("SELECT {REQUEST_COLUMNS} FROM friend_requests WHERE from_user_id = $1 AND to_user_id = $2");
        on_pool!(self, pool => sqlx::query_as::<_, RequestRow>(&sql).bind(from).bind(to).fetch_optional(pool).await)
            .map(|row| row.map(Into::into))
            .map_err(backend)
    }

    async fn incoming_friend_requests(&self, user: UserId) -> StoreResult<Vec<(FriendRequestRecord, User)>> {
        self.requests_where("to_user_id", "from_user_id", user).await
    }

    async fn outgoing_friend_requests(&self, user: UserId) -> StoreResult<Vec<(FriendRequestRecord, User)>> {
        self.requests_where("from_user_id", "to_user_id", user).await
    }

    async fn delete_friend_request(&self, id: FriendRequestId) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query("DELETE FROM friend_requests WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }

    async fn befriend(&self, a: UserId, b: UserId) -> StoreResult<()> {
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "DELETE FROM friend_requests WHERE (from_user_id = $1 AND to_user_id = $2) \
                 OR (from_user_id = $2 AND to_user_id = $1)",
            )
            .bind(a)
            .bind(b)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO friendships (user_id, friend_id, created_at) VALUES ($1, $2, $3), ($2, $1, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(a)
            .bind(b)
            .bind(Timestamp::now().millis())
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        }
        .await)
        .map_err(backend)
    }

    async fn friend(&self, user: UserId, friend: UserId) -> StoreResult<Option<Friend>> {
        Ok(self.friends_where(user, Some(friend)).await?.pop())
    }

    async fn friends(&self, user: UserId) -> StoreResult<Vec<Friend>> {
        self.friends_where(user, None).await
    }

    async fn friend_ids(&self, user: UserId) -> StoreResult<Vec<UserId>> {
        on_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT friend_id FROM friendships WHERE user_id = $1")
            .bind(user)
            .fetch_all(pool)
            .await)
        .map_err(backend)
    }

    async fn set_friend_note(&self, user: UserId, friend: UserId, note: &str) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query("UPDATE friendships SET note = $3 WHERE user_id = $1 AND friend_id = $2")
            .bind(user)
            .bind(friend)
            .bind(note)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }

    async fn unfriend(&self, a: UserId, b: UserId) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query(
            "DELETE FROM friendships WHERE (user_id = $1 AND friend_id = $2) OR (user_id = $2 AND friend_id = $1)",
        )
        .bind(a)
        .bind(b)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() > 0))
        .map_err(backend)
    }

    async fn block(&self, blocker: UserId, blocked: UserId, now: Timestamp) -> StoreResult<bool> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(backend)?;
            let added = sqlx::query(
                "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(blocker)
            .bind(blocked)
            .bind(now.millis())
            .execute(&mut *tx)
            .await
            .map_err(backend)?
            .rows_affected();
            sqlx::query(
                "DELETE FROM friend_requests WHERE (from_user_id = $1 AND to_user_id = $2) \
                 OR (from_user_id = $2 AND to_user_id = $1)",
            )
            .bind(blocker)
            .bind(blocked)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            tx.commit().await.map_err(backend)?;
            Ok(added == 1)
        })
    }

    async fn unblock(&self, blocker: UserId, blocked: UserId) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
            .bind(blocker)
            .bind(blocked)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }

    async fn blocked_users(&self, blocker: UserId) -> StoreResult<Vec<User>> {
        let sql = format!(
            "SELECT {U_USER_COLUMNS} FROM blocks b JOIN users u ON u.id = b.blocked_id \
             WHERE b.blocker_id = $1 ORDER BY b.created_at DESC, u.id"
        );
        on_pool!(self, pool => sqlx::query_as::<_, UserRow>(&sql).bind(blocker).fetch_all(pool).await)
            .map(|rows| rows.into_iter().map(User::from).collect())
            .map_err(backend)
    }

    async fn blockers_of(&self, user: UserId) -> StoreResult<Vec<UserId>> {
        on_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT blocker_id FROM blocks WHERE blocked_id = $1")
            .bind(user)
            .fetch_all(pool)
            .await)
        .map_err(backend)
    }

    async fn block_between(&self, a: UserId, b: UserId) -> StoreResult<Option<UserId>> {
        on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT blocker_id FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) \
             OR (blocker_id = $2 AND blocked_id = $1) ORDER BY blocker_id = $1 DESC LIMIT 1",
        )
        .bind(a)
        .bind(b)
        .fetch_optional(pool)
        .await)
        .map_err(backend)
    }

    async fn share_a_friend(&self, a: UserId, b: UserId) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query_scalar::<_, bool>(&format!("SELECT {}", share_a_friend("$1", "$2")))
            .bind(a)
            .bind(b)
            .fetch_one(pool)
            .await)
        .map_err(backend)
    }

    async fn privacy(&self, user: UserId) -> StoreResult<Privacy> {
        let row: Option<(String, String)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT friend_requests_from, findable_by FROM users WHERE id = $1",
        )
        .bind(user)
        .fetch_optional(pool)
        .await)
        .map_err(backend)?;
        Ok(row.map_or_else(Privacy::default, |(requests, findable)| Privacy {
            friend_requests: Reach::from_stored(&requests),
            findable_by: Reach::from_stored(&findable),
        }))
    }

    async fn set_privacy(&self, user: UserId, privacy: Privacy) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("UPDATE users SET friend_requests_from = $2, findable_by = $3 WHERE id = $1")
            .bind(user)
            .bind(privacy.friend_requests.as_str())
            .bind(privacy.findable_by.as_str())
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(backend)
    }
}

/// SQL: whether the users `a` and `b` (columns or parameters) have a friend in common (FRIEND-7).
pub(crate) fn share_a_friend(a: &str, b: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM friendships fa JOIN friendships fb ON fb.friend_id = fa.friend_id \
         WHERE fa.user_id = {a} AND fb.user_id = {b})"
    )
}
