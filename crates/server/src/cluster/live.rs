//! The live state ([`LiveStore`]) in Redis, shared by every node. Each answer that must be atomic
//! (first or last connection, first or last in a room, who stops a ringing) is one Lua script, so two
//! nodes racing get one winner. Keys (all under `woxly:`):
//!
//! - `user:{id}:conns` set: the user's open connections, on any node (STATUS-3);
//! - `node:{node}:conns` hash, connection → user: what a node holds, counted out if it dies;
//! - `conn:{id}:rooms` hash, room → user: the rooms a connection is in;
//! - `room:{id}:user:{id}:conns` set: a user's connections in a room;
//! - `room:{id}:live` hash, user → "speaking muted deafened camera sharing" as five 0/1 digits, then
//!   ` ` and the id of the sharer they watch, if they watch one (ROOM-4, VIDEO-1, VIDEO-2);
//! - `room:{id}:readers` hash, connection → user: the connections that show the room without being in
//!   its voice (VOICE-1); `conn:{id}:reading` set: the rooms a connection shows, so closing it stops
//!   them all. Nothing is decided from "first" or "last" reader, so these need no script;
//! - `ring:{room}:{caller}:{callee}` string: the token of a ringing call; `node:{node}:rings` set of
//!   those keys, so a dead node's ringing ends as missed;
//! - `calls` hash, room → "user:status,user:status": accepted calls and the statuses to give back.
//!
//! Every key a script touches comes to it in `KEYS`, named by [`keys`]. Where those depend on what is
//! stored (the connections a removal takes out, the rooms a closed connection was in), they are read
//! first and the script checks they are still the same, answering "changed" for the caller to read again.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use redis::{AsyncCommands, Script, aio::ConnectionManager};
use woxly_domain::{
    Error, Result,
    model::{LiveState, RoomId, Status, UserId},
    service::live::{CallSides, LiveChange, LiveStore, Ringing},
};

use super::keys;

pub struct RedisLive {
    redis: ConnectionManager,
    node: String,
    scripts: Scripts,
}

struct Scripts {
    open_connection: Script,
    close_connection: Script,
    enter_room: Script,
    exit_room: Script,
    leave_all_rooms: Script,
    remove_from_room: Script,
    update_live_state: Script,
    update_watching: Script,
    stop_ringing: Script,
}

/// How many times a script whose keys depend on what is stored is tried again when that changed between
/// the read and the script: connections of one user come and go at human speed, so more is a fault.
const READ_AGAIN_AT_MOST: usize = 8;

fn kept_changing(what: &str) -> Error {
    Error::Internal(format!("redis: {what} kept changing while being read"))
}

/// A Redis failure, for the services: they answer it as an internal error and log it.
pub fn failed(e: redis::RedisError) -> Error {
    Error::Internal(format!("redis: {e}"))
}

impl RedisLive {
    pub fn new(redis: ConnectionManager, node: String) -> Self {
        let scripts = Scripts {
            // KEYS: user's connections, node's connections. ARGV: connection, user.
            open_connection: Script::new(
                r"redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
                  local added = redis.call('SADD', KEYS[1], ARGV[1])
                  return (added == 1 and redis.call('SCARD', KEYS[1]) == 1) and 1 or 0",
            ),
            // KEYS: user's connections, node's connections. ARGV: connection.
            close_connection: Script::new(
                r"redis.call('HDEL', KEYS[2], ARGV[1])
                  local removed = redis.call('SREM', KEYS[1], ARGV[1])
                  return (removed == 1 and redis.call('SCARD', KEYS[1]) == 0) and 1 or 0",
            ),
            // KEYS: connection's rooms, user's connections in the room, room's live states.
            // ARGV: room, user, connection.
            enter_room: Script::new(
                r"redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
                  redis.call('SADD', KEYS[2], ARGV[3])
                  return redis.call('HSETNX', KEYS[3], ARGV[2], '00000')",
            ),
            // KEYS: connection's rooms, user's connections in the room, room's live states.
            // ARGV: room, user, connection.
            exit_room: Script::new(
                r"redis.call('HDEL', KEYS[1], ARGV[1])
                  local removed = redis.call('SREM', KEYS[2], ARGV[3])
                  if removed == 1 and redis.call('SCARD', KEYS[2]) == 0 then
                    return redis.call('HDEL', KEYS[3], ARGV[2])
                  end
                  return 0",
            ),
            // KEYS: connection's rooms, then for each room it is in: the user's connections there, the
            // room's live states. ARGV: connection, then room and user for each. Returns the user (or '')
            // and the rooms left, or nil if the connection's rooms are not the ones given any more.
            leave_all_rooms: Script::new(
                r"local count = (#ARGV - 1) / 2
                  if redis.call('HLEN', KEYS[1]) ~= count then return false end
                  for i = 1, count do
                    if redis.call('HGET', KEYS[1], ARGV[2 * i]) ~= ARGV[2 * i + 1] then return false end
                  end
                  redis.call('DEL', KEYS[1])
                  local answer = {''}
                  for i = 1, count do
                    local room, user = ARGV[2 * i], ARGV[2 * i + 1]
                    local conns, live = KEYS[2 * i], KEYS[2 * i + 1]
                    answer[1] = user
                    if redis.call('SREM', conns, ARGV[1]) == 1 and redis.call('SCARD', conns) == 0 then
                      if redis.call('HDEL', live, user) == 1 then
                        table.insert(answer, room)
                      end
                    end
                  end
                  return answer",
            ),
            // KEYS: user's connections in the room, room's live states, then each of those connections'
            // rooms. ARGV: room, user, then the connections. Returns -1 if the user's connections in the
            // room are not the ones given any more, else 1 if they were in it.
            remove_from_room: Script::new(
                r"if redis.call('SCARD', KEYS[1]) ~= #ARGV - 2 then return -1 end
                  for i = 3, #ARGV do
                    if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 0 then return -1 end
                  end
                  for i = 3, #KEYS do
                    redis.call('HDEL', KEYS[i], ARGV[1])
                  end
                  redis.call('DEL', KEYS[1])
                  return redis.call('HDEL', KEYS[2], ARGV[2])",
            ),
            // KEYS: room's live states. ARGV: user, digit (1 speaking, 2 muted, 3 deafened, 4 camera,
            // 5 sharing), '0' or '1'.
            // Returns -1 if the user is not in the room, 1 if it changed, 0 if not.
            update_live_state: Script::new(
                r"local state = redis.call('HGET', KEYS[1], ARGV[1])
                  if not state then return -1 end
                  local at = tonumber(ARGV[2])
                  if string.sub(state, at, at) == ARGV[3] then return 0 end
                  state = string.sub(state, 1, at - 1) .. ARGV[3] .. string.sub(state, at + 1)
                  redis.call('HSET', KEYS[1], ARGV[1], state)
                  return 1",
            ),
            // KEYS: room's live states. ARGV: user, the sharer they watch or ''.
            // Returns -1 if the user is not in the room, 1 if it changed, 0 if not.
            update_watching: Script::new(
                r"local state = redis.call('HGET', KEYS[1], ARGV[1])
                  if not state then return -1 end
                  local digits = string.match(state, '^[01]*')
                  local changed = digits .. (ARGV[2] == '' and '' or (' ' .. ARGV[2]))
                  if changed == state then return 0 end
                  redis.call('HSET', KEYS[1], ARGV[1], changed)
                  return 1",
            ),
            // KEYS: the ringing. ARGV: the token to stop, or '' for whichever rings.
            // Returns the token of the ringing it stopped, or nil.
            stop_ringing: Script::new(
                r"local token = redis.call('GET', KEYS[1])
                  if not token or (ARGV[1] ~= '' and token ~= ARGV[1]) then return false end
                  redis.call('DEL', KEYS[1])
                  return token",
            ),
        };
        Self { redis, node, scripts }
    }

    fn redis(&self) -> ConnectionManager {
        self.redis.clone()
    }

    /// A closed connection stops reading every room it showed.
    async fn stop_reading_all(&self, connection: &str) -> Result<()> {
        let mut redis = self.redis();
        let rooms: Vec<RoomId> = redis.smembers(keys::connection_reading(connection)).await.map_err(failed)?;
        let mut pipe = redis::pipe();
        for room in rooms {
            pipe.hdel(keys::room_readers(room), connection).ignore();
        }
        pipe.del(keys::connection_reading(connection)).ignore();
        pipe.query_async::<()>(&mut redis).await.map_err(failed)
    }

    /// `user` stops reading `room` on every connection (removed from it, or the room deleted).
    async fn stop_reading(&self, room: RoomId, user: UserId) -> Result<()> {
        let mut redis = self.redis();
        let readers: HashMap<String, UserId> = redis.hgetall(keys::room_readers(room)).await.map_err(failed)?;
        let connections: Vec<String> = readers.into_iter().filter(|&(_, u)| u == user).map(|(c, _)| c).collect();
        if connections.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        for connection in connections {
            pipe.hdel(keys::room_readers(room), &connection).ignore();
            pipe.srem(keys::connection_reading(&connection), room).ignore();
        }
        pipe.query_async::<()>(&mut redis).await.map_err(failed)
    }

    /// The calls a node was ringing, with their tokens: ended as missed when the node is gone.
    pub async fn rings_of(&self, node: &str) -> Result<Vec<(Ringing, String)>> {
        let mut redis = self.redis();
        let keys: Vec<String> = redis.smembers(keys::node_rings(node)).await.map_err(failed)?;
        let mut rings = Vec::new();
        for key in keys {
            let token: Option<String> = redis.get(&key).await.map_err(failed)?;
            if let (Some(call), Some(token)) = (keys::parse_ringing(&key), token) {
                rings.push((call, token));
            }
        }
        Ok(rings)
    }
}

/// Live state as five digits (speaking, muted, deafened, camera, sharing), then ` ` and whose share
/// the user watches.
fn parse_state(text: &str) -> LiveState {
    let (digits, watching) = text.split_once(' ').unwrap_or((text, ""));
    let on = |at: usize| digits.as_bytes().get(at) == Some(&b'1');
    LiveState {
        is_speaking: on(0),
        is_muted: on(1),
        is_deafened: on(2),
        is_camera_on: on(3),
        is_sharing: on(4),
        watching: watching.parse().ok(),
    }
}

fn status_of(name: &str) -> Option<Status> {
    [Status::Online, Status::Away, Status::Busy, Status::Offline].into_iter().find(|s| s.as_str() == name)
}

fn parse_sides(text: &str) -> CallSides {
    text.split(',')
        .filter_map(|side| {
            let (user, status) = side.split_once(':')?;
            Some((user.parse().ok()?, status_of(status)?))
        })
        .collect()
}

#[async_trait]
impl LiveStore for RedisLive {
    async fn open_connection(&self, user: UserId, connection: &str) -> Result<bool> {
        let mut invocation = self.scripts.open_connection.key(keys::user_connections(user));
        invocation.key(keys::node_connections(&self.node)).arg(connection).arg(user);
        let first: i32 = invocation.invoke_async(&mut self.redis()).await.map_err(failed)?;
        Ok(first == 1)
    }

    async fn close_connection(&self, user: UserId, connection: &str) -> Result<bool> {
        let mut invocation = self.scripts.close_connection.key(keys::user_connections(user));
        invocation.key(keys::node_connections(&self.node)).arg(connection);
        let last: i32 = invocation.invoke_async(&mut self.redis()).await.map_err(failed)?;
        Ok(last == 1)
    }

    async fn is_connected(&self, user: UserId) -> Result<bool> {
        self.redis().exists(keys::user_connections(user)).await.map_err(failed)
    }

    async fn enter_room(&self, room: RoomId, user: UserId, connection: &str) -> Result<bool> {
        let mut invocation = self.scripts.enter_room.key(keys::connection_rooms(connection));
        invocation.key(keys::room_user_connections(room, user)).key(keys::room_live(room));
        invocation.arg(room).arg(user).arg(connection);
        let first: i32 = invocation.invoke_async(&mut self.redis()).await.map_err(failed)?;
        Ok(first == 1)
    }

    async fn exit_room(&self, room: RoomId, user: UserId, connection: &str) -> Result<bool> {
        let mut invocation = self.scripts.exit_room.key(keys::connection_rooms(connection));
        invocation.key(keys::room_user_connections(room, user)).key(keys::room_live(room));
        invocation.arg(room).arg(user).arg(connection);
        let last: i32 = invocation.invoke_async(&mut self.redis()).await.map_err(failed)?;
        Ok(last == 1)
    }

    async fn leave_all_rooms(&self, connection: &str) -> Result<(Option<UserId>, Vec<RoomId>)> {
        for _ in 0..READ_AGAIN_AT_MOST {
            let rooms: Vec<(RoomId, UserId)> =
                self.redis().hgetall(keys::connection_rooms(connection)).await.map_err(failed)?;
            let mut invocation = self.scripts.leave_all_rooms.key(keys::connection_rooms(connection));
            invocation.arg(connection);
            for &(room, user) in &rooms {
                invocation.key(keys::room_user_connections(room, user)).key(keys::room_live(room));
                invocation.arg(room).arg(user);
            }
            let answer: Option<Vec<String>> = invocation.invoke_async(&mut self.redis()).await.map_err(failed)?;
            if let Some(answer) = answer {
                self.stop_reading_all(connection).await?;
                let mut answer = answer.into_iter();
                let user = answer.next().and_then(|user| user.parse().ok());
                return Ok((user, answer.filter_map(|room| room.parse().ok()).collect()));
            }
        }
        Err(kept_changing("a closed connection's rooms"))
    }

    async fn remove_from_room(&self, room: RoomId, user: UserId) -> Result<bool> {
        for _ in 0..READ_AGAIN_AT_MOST {
            let connections: Vec<String> =
                self.redis().smembers(keys::room_user_connections(room, user)).await.map_err(failed)?;
            let mut invocation = self.scripts.remove_from_room.key(keys::room_user_connections(room, user));
            invocation.key(keys::room_live(room)).arg(room).arg(user);
            for connection in &connections {
                invocation.key(keys::connection_rooms(connection)).arg(connection);
            }
            let removed: i32 = invocation.invoke_async(&mut self.redis()).await.map_err(failed)?;
            if removed != -1 {
                self.stop_reading(room, user).await?;
                return Ok(removed == 1);
            }
        }
        Err(kept_changing("a removed user's connections"))
    }

    async fn update_live_state(&self, room: RoomId, user: UserId, change: LiveChange) -> Result<Option<LiveChange>> {
        let (digit, on) = match change {
            LiveChange::Speaking(on) => (1, on),
            LiveChange::Muted(on) => (2, on),
            LiveChange::Deafened(on) => (3, on),
            LiveChange::Camera(on) => (4, on),
            LiveChange::Sharing(on) => (5, on),
            LiveChange::Watching(sharer) => {
                let mut invocation = self.scripts.update_watching.key(keys::room_live(room));
                invocation.arg(user).arg(sharer.map(|id| id.to_string()).unwrap_or_default());
                let changed: i32 = invocation.invoke_async(&mut self.redis()).await.map_err(failed)?;
                return Ok((changed == 1).then_some(change));
            }
        };
        let mut invocation = self.scripts.update_live_state.key(keys::room_live(room));
        invocation.arg(user).arg(digit).arg(if on { "1" } else { "0" });
        let changed: i32 = invocation.invoke_async(&mut self.redis()).await.map_err(failed)?;
        Ok((changed == 1).then_some(change))
    }

    async fn live_state(&self, room: RoomId, user: UserId) -> Result<Option<LiveState>> {
        let digits: Option<String> = self.redis().hget(keys::room_live(room), user).await.map_err(failed)?;
        Ok(digits.as_deref().map(parse_state))
    }

    async fn people_in(&self, room: RoomId) -> Result<HashMap<UserId, LiveState>> {
        let all: HashMap<UserId, String> = self.redis().hgetall(keys::room_live(room)).await.map_err(failed)?;
        Ok(all.into_iter().map(|(user, digits)| (user, parse_state(&digits))).collect())
    }

    async fn count_people_in(&self, room: RoomId) -> Result<usize> {
        self.redis().hlen(keys::room_live(room)).await.map_err(failed)
    }

    async fn rooms_of_connection(&self, connection: &str) -> Result<Vec<RoomId>> {
        self.redis().hkeys(keys::connection_rooms(connection)).await.map_err(failed)
    }

    async fn connections_in_room(&self, room: RoomId, user: UserId) -> Result<Vec<String>> {
        self.redis().smembers(keys::room_user_connections(room, user)).await.map_err(failed)
    }

    async fn open_room(&self, room: RoomId, user: UserId, connection: &str) -> Result<()> {
        let mut redis = self.redis();
        let mut pipe = redis::pipe();
        pipe.atomic().hset(keys::room_readers(room), connection, user).ignore();
        pipe.sadd(keys::connection_reading(connection), room).ignore();
        pipe.query_async::<()>(&mut redis).await.map_err(failed)
    }

    async fn close_room(&self, room: RoomId, connection: &str) -> Result<()> {
        let mut redis = self.redis();
        let mut pipe = redis::pipe();
        pipe.atomic().hdel(keys::room_readers(room), connection).ignore();
        pipe.srem(keys::connection_reading(connection), room).ignore();
        pipe.query_async::<()>(&mut redis).await.map_err(failed)
    }

    async fn readers(&self, room: RoomId) -> Result<HashSet<UserId>> {
        let users: Vec<UserId> = self.redis().hvals(keys::room_readers(room)).await.map_err(failed)?;
        Ok(users.into_iter().collect())
    }

    async fn start_ringing(&self, call: Ringing) -> Result<String> {
        let token = format!("{}/{}", self.node, rand::random::<u64>());
        let key = keys::ringing(call);
        let mut redis = self.redis();
        // Kept at most a day: a ringing whose node died and nobody swept ends there at the latest.
        let () = redis.set_ex(&key, &token, 24 * 3600).await.map_err(failed)?;
        let () = redis.sadd(keys::node_rings(&self.node), &key).await.map_err(failed)?;
        Ok(token)
    }

    async fn stop_ringing(&self, call: Ringing, token: Option<&str>) -> Result<bool> {
        let mut invocation = self.scripts.stop_ringing.key(keys::ringing(call));
        invocation.arg(token.unwrap_or(""));
        let stopped: Option<String> = invocation.invoke_async(&mut self.redis()).await.map_err(failed)?;
        let Some(stopped) = stopped else { return Ok(false) };
        // Out of its node's list too (a leftover there is harmless: `rings_of` skips a ringing gone).
        if let Some((node, _)) = stopped.split_once('/') {
            let () = self.redis().srem(keys::node_rings(node), keys::ringing(call)).await.map_err(failed)?;
        }
        Ok(true)
    }

    async fn call_started(&self, room: RoomId, sides: CallSides) -> Result<()> {
        let text: Vec<String> = sides.iter().map(|(user, status)| format!("{user}:{}", status.as_str())).collect();
        self.redis().hset(keys::CALLS, room, text.join(",")).await.map_err(failed)
    }

    async fn end_call(&self, room: RoomId, user: Option<UserId>) -> Result<Option<CallSides>> {
        let mut redis = self.redis();
        let Some(text) = redis.hget::<_, _, Option<String>>(keys::CALLS, room).await.map_err(failed)? else {
            return Ok(None);
        };
        let sides = parse_sides(&text);
        if user.is_some_and(|u| !sides.iter().any(|&(side, _)| side == u)) {
            return Ok(None);
        }
        // Of two nodes ending the same call, the one whose delete took it ends it.
        let taken: i32 = redis.hdel(keys::CALLS, room).await.map_err(failed)?;
        Ok((taken == 1).then_some(sides))
    }
}
