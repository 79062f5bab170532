//! Rooms and memberships: [`Rooms`] on both backends.

use async_trait::async_trait;
use woxly_domain::{
    model::{Member, MemberStatus, MessageId, MyRoom, NewRoom, Room, RoomId, RoomKind, User, UserId},
    store::{Rooms, StoreError, StoreResult, Writing},
    time::Timestamp,
};

use crate::{
    SqlStore, backend, on_pool,
    users::{U_USER_COLUMNS, UserRow},
};

/// A room's columns, as `RETURNING` names them.
const ROOM_COLUMNS: &str = "id, kind, name, owner_id, is_private, max_participants, created_at";

/// A room's columns, from `rooms r`.
pub(crate) const R_ROOM_COLUMNS: &str =
    "r.id, r.kind, r.name, r.owner_id, r.is_private, r.max_participants, r.created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct RoomRow {
    pub(crate) id: i64,
    pub(crate) kind: String,
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
            // Only this crate writes the column, with `RoomKind::as_str`.
            kind: RoomKind::from_stored(&r.kind).unwrap_or(RoomKind::Group),
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

/// [`RoomForUserRow`] with the writer's account (its columns renamed: both tables have an `id`) and the
/// accepted member count.
#[derive(sqlx::FromRow)]
struct WritingRow {
    member_status: Option<String>,
    accepted_members: i64,
    #[sqlx(flatten)]
    room: RoomRow,
    writer_id: i64,
    writer_woxly_id: String,
    writer_username: String,
    writer_email: String,
    writer_avatar_url: Option<String>,
    writer_status: String,
    writer_created_at: i64,
    writer_deleted_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct MyRoomRow {
    member_status: String,
    last_read_id: i64,
    unread: i64,
    mentions: i64,
    #[sqlx(flatten)]
    room: RoomRow,
}

#[derive(sqlx::FromRow)]
struct PeerRow {
    peer_room_id: i64,
    #[sqlx(flatten)]
    user: UserRow,
}

/// The pair's key in `direct_rooms`: the smaller id first.
fn pair(a: UserId, b: UserId) -> (UserId, UserId) {
    (a.min(b), a.max(b))
}

/// The other person of each direct conversation matching `condition` over `d` (the pair), for `$user`
/// (the placeholder of the user whose peers they are).
fn select_peers(user: &str, condition: &str) -> String {
    format!(
        "SELECT d.room_id AS peer_room_id, {U_USER_COLUMNS} FROM direct_rooms d \
         JOIN users u ON u.id = CASE WHEN d.user_a = {user} THEN d.user_b ELSE d.user_a END \
         WHERE {user} IN (d.user_a, d.user_b) AND {condition}"
    )
}

/// A member's read position on becoming accepted: the newest message of the room so far.
const NEWEST_MESSAGE: &str = "COALESCE((SELECT MAX(id) FROM messages WHERE room_id = $1), 0)";

impl SqlStore {
    /// The direct conversation of a pair, if they have one.
    async fn find_direct_room(&self, a: UserId, b: UserId) -> StoreResult<Option<Room>> {
        let (low, high) = pair(a, b);
        let sql = format!(
            "SELECT {R_ROOM_COLUMNS} FROM direct_rooms d JOIN rooms r ON r.id = d.room_id \
             WHERE d.user_a = $1 AND d.user_b = $2"
        );
        let row =
            on_pool!(self, pool => sqlx::query_as::<_, RoomRow>(&sql).bind(low).bind(high).fetch_optional(pool).await)
                .map_err(backend)?;
        Ok(row.map(Room::from))
    }
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
        let sql = format!(
            "SELECT {R_ROOM_COLUMNS}, m.status AS member_status \
             FROM rooms r LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $2 WHERE r.id = $1"
        );
        let row = on_pool!(self, pool => sqlx::query_as::<_, RoomForUserRow>(&sql).bind(id).bind(user).fetch_optional(pool).await)
            .map_err(backend)?;
        row.map(|r| Ok((r.room.into(), r.member_status.as_deref().map(member_status).transpose()?))).transpose()
    }

    async fn room_for_writing(&self, id: RoomId, user: UserId) -> StoreResult<Option<Writing>> {
        let sql = format!(
            "SELECT {R_ROOM_COLUMNS}, m.status AS member_status, \
             (SELECT COUNT(*) FROM room_members a WHERE a.room_id = r.id AND a.status = 'accepted') AS accepted_members, \
             u.id AS writer_id, u.woxly_id AS writer_woxly_id, u.username AS writer_username, u.email AS writer_email, \
             u.avatar_url AS writer_avatar_url, u.status AS writer_status, u.created_at AS writer_created_at, \
             u.deleted_at AS writer_deleted_at \
             FROM rooms r JOIN users u ON u.id = $2 \
             LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $2 WHERE r.id = $1"
        );
        let row = on_pool!(self, pool => sqlx::query_as::<_, WritingRow>(&sql).bind(id).bind(user).fetch_optional(pool).await)
            .map_err(backend)?;
        let Some(r) = row else { return Ok(None) };
        let writer = UserRow {
            id: r.writer_id,
            woxly_id: r.writer_woxly_id,
            username: r.writer_username,
            email: r.writer_email,
            avatar_url: r.writer_avatar_url,
            status: r.writer_status,
            created_at: r.writer_created_at,
            user_deleted_at: r.writer_deleted_at,
        };
        Ok(Some(Writing {
            room: r.room.into(),
            membership: r.member_status.as_deref().map(member_status).transpose()?,
            writer: writer.into(),
            accepted_members: u32::try_from(r.accepted_members).unwrap_or(u32::MAX),
        }))
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

    async fn direct_room(&self, a: UserId, b: UserId, name: &str) -> StoreResult<Room> {
        if let Some(room) = self.find_direct_room(a, b).await? {
            return Ok(room);
        }
        let (low, high) = pair(a, b);
        let now = Timestamp::now().millis();
        let insert_room = format!(
            "INSERT INTO rooms (kind, name, owner_id, is_private, max_participants, created_at) \
             VALUES ('direct', $1, $2, TRUE, 2, $3) RETURNING {ROOM_COLUMNS}"
        );
        let add = "INSERT INTO room_members (room_id, user_id, status, joined_at) VALUES ($1, $2, 'accepted', $3)";
        let claim = "INSERT INTO direct_rooms (user_a, user_b, room_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
        let made = on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let room = sqlx::query_as::<_, RoomRow>(&insert_room).bind(name).bind(a).bind(now).fetch_one(&mut *tx).await?;
            for user in [a, b] {
                sqlx::query(add).bind(room.id).bind(user).bind(now).execute(&mut *tx).await?;
            }
            let claimed = sqlx::query(claim).bind(low).bind(high).bind(room.id).execute(&mut *tx).await?;
            // Another request made the pair's room first: this one is undone and theirs is used.
            if claimed.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(None);
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Some(room))
        }
        .await)
        .map_err(backend)?;
        match made {
            Some(room) => Ok(room.into()),
            None => self.find_direct_room(a, b).await?.ok_or_else(|| backend("a direct room vanished")),
        }
    }

    async fn direct_peer(&self, room: RoomId, user: UserId) -> StoreResult<Option<User>> {
        let sql = select_peers("$2", "d.room_id = $1");
        let row =
            on_pool!(self, pool => sqlx::query_as::<_, PeerRow>(&sql).bind(room).bind(user).fetch_optional(pool).await)
                .map_err(backend)?;
        Ok(row.map(|r| r.user.into()))
    }

    async fn rooms_of(&self, user: UserId) -> StoreResult<Vec<MyRoom>> {
        // Unread: others' messages after the read position, counted up to the cap (each count is a
        // walk of the (room_id, id) index from the read position); mentions of the member among them.
        let sql = format!(
            "SELECT m.status AS member_status, m.last_read_id, {R_ROOM_COLUMNS}, \
             (SELECT COUNT(*) FROM (SELECT 1 FROM messages x WHERE x.room_id = r.id AND x.id > m.last_read_id \
                AND x.sender_id <> $1 AND x.deleted_at IS NULL LIMIT {cap}) unread_messages) AS unread, \
             (SELECT COUNT(*) FROM message_mentions mm JOIN messages x ON x.id = mm.message_id \
                WHERE mm.user_id = $1 AND x.room_id = r.id AND x.id > m.last_read_id AND x.deleted_at IS NULL) AS mentions \
             FROM room_members m JOIN rooms r ON r.id = m.room_id \
             WHERE m.user_id = $1 AND m.status IN ('accepted', 'pending') ORDER BY r.id",
            cap = woxly_domain::model::room::UNREAD_COUNT_CAP,
        );
        let peers_sql = select_peers("$1", "TRUE");
        let rows = on_pool!(self, pool => sqlx::query_as::<_, MyRoomRow>(&sql).bind(user).fetch_all(pool).await)
            .map_err(backend)?;
        let peers = on_pool!(self, pool => sqlx::query_as::<_, PeerRow>(&peers_sql).bind(user).fetch_all(pool).await)
            .map_err(backend)?;
        let mut peers: std::collections::HashMap<RoomId, User> =
            peers.into_iter().map(|p| (p.peer_room_id, p.user.into())).collect();
        rows.into_iter()
            .map(|r| {
                Ok(MyRoom {
                    status: member_status(&r.member_status)?,
                    last_read_id: r.last_read_id,
                    unread: u32::try_from(r.unread).unwrap_or(u32::MAX),
                    mentions: u32::try_from(r.mentions).unwrap_or(u32::MAX),
                    peer: peers.remove(&r.room.id),
                    room: r.room.into(),
                })
            })
            .collect()
    }

    async fn set_membership(&self, room: RoomId, user: UserId, status: MemberStatus) -> StoreResult<()> {
        let sql = set_membership_sql();
        on_pool!(self, pool => sqlx::query(&sql)
        .bind(room)
        .bind(user)
        .bind(status.as_str())
        .bind(Timestamp::now().millis())
        .execute(pool)
        .await
        .map(|_| ()))
        .map_err(backend)
    }

    async fn accept_within(&self, room: RoomId, user: UserId, max: u32) -> StoreResult<bool> {
        // The room's row is written first: on PostgreSQL that locks it until the transaction ends, on
        // SQLite it takes the one write lock, so the count that follows sees every earlier join.
        let lock = "UPDATE rooms SET id = id WHERE id = $1";
        let count = "SELECT COUNT(*) FROM room_members WHERE room_id = $1 AND status = 'accepted'";
        let add = set_membership_sql();
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(lock).bind(room).execute(&mut *tx).await?;
            let accepted: i64 = sqlx::query_scalar(count).bind(room).fetch_one(&mut *tx).await?;
            if accepted >= i64::from(max) {
                return Ok(false);
            }
            sqlx::query(&add)
                .bind(room)
                .bind(user)
                .bind(MemberStatus::Accepted.as_str())
                .bind(Timestamp::now().millis())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(true)
        }.await)
        .map_err(backend)
    }

    async fn mark_read(&self, room: RoomId, user: UserId, message: MessageId) -> StoreResult<(MessageId, bool)> {
        let target = format!("CASE WHEN $3 < {NEWEST_MESSAGE} THEN $3 ELSE {NEWEST_MESSAGE} END");
        let sql = format!(
            "UPDATE room_members SET last_read_id = {target} \
             WHERE room_id = $1 AND user_id = $2 AND last_read_id < {target} RETURNING last_read_id"
        );
        let moved = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(&sql)
            .bind(room)
            .bind(user)
            .bind(message)
            .fetch_optional(pool)
            .await)
        .map_err(backend)?;
        if let Some(position) = moved {
            return Ok((position, true));
        }
        let position = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT last_read_id FROM room_members WHERE room_id = $1 AND user_id = $2",
        )
        .bind(room)
        .bind(user)
        .fetch_optional(pool)
        .await)
        .map_err(backend)?;
        Ok((position.unwrap_or(0), false))
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

/// Creates or changes a membership; one who becomes accepted has read everything so far.
fn set_membership_sql() -> String {
    format!(
        "INSERT INTO room_members AS m (room_id, user_id, status, joined_at, last_read_id) \
         VALUES ($1, $2, $3, $4, {NEWEST_MESSAGE}) \
         ON CONFLICT (room_id, user_id) DO UPDATE SET status = excluded.status, \
         last_read_id = CASE WHEN m.status <> 'accepted' THEN excluded.last_read_id ELSE m.last_read_id END"
    )
}
