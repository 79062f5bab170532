//! Rooms and memberships: [`Rooms`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{Member, MemberStatus, NewRoom, Room, RoomId, UserId},
    store::{Rooms, StoreError, StoreResult},
    time::Timestamp,
};

use crate::{
    SqlStore, backend, on_pool,
    users::{U_USER_COLUMNS, UserRow},
};

pub(crate) const ROOM_COLUMNS: &str = "id, name, owner_id, is_private, max_participants, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct RoomRow {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) owner_id: i64,
    pub(crate) is_private: bool,
    pub(crate) max_participants: Option<i64>,
    pub(crate) created_at: i64,
}

impl From<RoomRow> for Room {
    fn from(r: RoomRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            owner_id: r.owner_id,
            is_private: r.is_private,
            max_participants: r.max_participants.and_then(|n| u32::try_from(n).ok()),
            created_at: Timestamp(r.created_at),
        }
    }
}

fn member_status(stored: &str) -> StoreResult<MemberStatus> {
    MemberStatus::from_stored(stored).ok_or_else(|| StoreError::Backend(format!("unknown member status {stored:?}")))
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    member_status: String,
    #[sqlx(flatten)]
    user: UserRow,
}

#[derive(sqlx::FromRow)]
struct RoomForUserRow {
    member_status: Option<String>,
    #[sqlx(flatten)]
    room: RoomRow,
}

#[derive(sqlx::FromRow)]
struct RoomWithStatusRow {
    member_status: String,
    #[sqlx(flatten)]
    room: RoomRow,
}

#[async_trait]
impl Rooms for SqlStore {
    async fn create_room(&self, room: &NewRoom, invited: &[UserId]) -> StoreResult<Room> {
        let now = Timestamp::now().millis();
        let sql = format!(
            "INSERT INTO rooms (name, owner_id, is_private, max_participants, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {ROOM_COLUMNS}"
        );
        let add = "INSERT INTO room_members (room_id, user_id, status, joined_at) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT DO NOTHING";
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let created = sqlx::query_as::<_, RoomRow>(&sql)
                .bind(&room.name)
                .bind(room.owner_id)
                .bind(room.is_private)
                .bind(room.max_participants.map(i64::from))
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            let memberships = std::iter::once((room.owner_id, MemberStatus::Accepted))
                .chain(invited.iter().map(|&user| (user, MemberStatus::Pending)));
            for (user, status) in memberships {
                sqlx::query(add).bind(created.id).bind(user).bind(status.as_str()).bind(now).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(created)
        }
        .await)
        .map(Room::from)
        .map_err(backend)
    }

    async fn room_for(&self, id: RoomId, user: UserId) -> StoreResult<Option<(Room, Option<MemberStatus>)>> {
        let sql = "SELECT r.id, r.name, r.owner_id, r.is_private, r.max_participants, r.created_at, \
                   m.status AS member_status \
                   FROM rooms r LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $2 WHERE r.id = $1";
        let row = on_pool!(self, pool => sqlx::query_as::<_, RoomForUserRow>(sql).bind(id).bind(user).fetch_optional(pool).await)
            .map_err(backend)?;
        row.map(|r| Ok((r.room.into(), r.member_status.as_deref().map(member_status).transpose()?))).transpose()
    }

    async fn membership(&self, room: RoomId, user: UserId) -> StoreResult<Option<MemberStatus>> {
        let stored = on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "SELECT status FROM room_members WHERE room_id = $1 AND user_id = $2",
        )
        .bind(room)
        .bind(user)
        .fetch_optional(pool)
        .await)
        .map_err(backend)?;
        stored.as_deref().map(member_status).transpose()
    }

    async fn members(&self, room: RoomId) -> StoreResult<Vec<Member>> {
        let sql = format!(
            "SELECT m.status AS member_status, {U_USER_COLUMNS} FROM room_members m JOIN users u ON u.id = m.user_id \
             WHERE m.room_id = $1 ORDER BY m.joined_at, u.id"
        );
        let rows = on_pool!(self, pool => sqlx::query_as::<_, MemberRow>(&sql).bind(room).fetch_all(pool).await)
            .map_err(backend)?;
        rows.into_iter().map(|r| Ok(Member { status: member_status(&r.member_status)?, user: r.user.into() })).collect()
    }

    async fn accepted_count(&self, room: RoomId) -> StoreResult<u32> {
        let count = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM room_members WHERE room_id = $1 AND status = 'accepted'",
        )
        .bind(room)
        .fetch_one(pool)
        .await)
        .map_err(backend)?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    async fn rooms_of(&self, user: UserId) -> StoreResult<Vec<(Room, MemberStatus)>> {
        let sql = "SELECT m.status AS member_status, r.id, r.name, r.owner_id, r.is_private, r.max_participants, \
                   r.created_at FROM room_members m JOIN rooms r ON r.id = m.room_id \
                   WHERE m.user_id = $1 AND m.status IN ('accepted', 'pending') ORDER BY r.id";
        let rows = on_pool!(self, pool => sqlx::query_as::<_, RoomWithStatusRow>(sql).bind(user).fetch_all(pool).await)
            .map_err(backend)?;
        rows.into_iter().map(|r| Ok((r.room.into(), member_status(&r.member_status)?))).collect()
    }

    async fn call_room(&self, caller: UserId, friend: UserId) -> StoreResult<Option<RoomId>> {
        let sql = "SELECT r.id FROM rooms r \
                   JOIN room_members a ON a.room_id = r.id AND a.user_id = $1 AND a.status = 'accepted' \
                   JOIN room_members b ON b.room_id = r.id AND b.user_id = $2 AND b.status IN ('accepted', 'pending') \
                   WHERE r.is_private AND r.max_participants = 2 ORDER BY r.id LIMIT 1";
        on_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql).bind(caller).bind(friend).fetch_optional(pool).await)
            .map_err(backend)
    }

    async fn set_membership(&self, room: RoomId, user: UserId, status: MemberStatus) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO room_members (room_id, user_id, status, joined_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (room_id, user_id) DO UPDATE SET status = excluded.status",
        )
        .bind(room)
        .bind(user)
        .bind(status.as_str())
        .bind(Timestamp::now().millis())
        .execute(pool)
        .await
        .map(|_| ()))
        .map_err(backend)
    }

    async fn remove_member(&self, room: RoomId, user: UserId) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query("DELETE FROM room_members WHERE room_id = $1 AND user_id = $2")
            .bind(room)
            .bind(user)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }

    async fn delete_room(&self, room: RoomId) -> StoreResult<bool> {
        on_pool!(self, pool => sqlx::query("DELETE FROM rooms WHERE id = $1")
            .bind(room)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1))
        .map_err(backend)
    }
}
