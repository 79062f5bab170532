//! Live state in this process: one node, no Redis (the default).

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

use async_trait::async_trait;

use super::{CallSides, LiveChange, LiveStore, Ringing, lock, readers::ReadersInMemory, rooms::RoomsInMemory};
use crate::{
    Result,
    model::{LiveState, RoomId, UserId},
};

#[derive(Default)]
pub struct MemoryLive {
    /// Each user's open connections, by id: ids (not counts) make a repeated close harmless.
    connections: Mutex<HashMap<UserId, HashSet<String>>>,
    rooms: RoomsInMemory,
    readers: ReadersInMemory,
    ringing: Mutex<HashMap<Ringing, String>>,
    next_ringing: AtomicU64,
    calls: Mutex<HashMap<RoomId, CallSides>>,
}

#[async_trait]
impl LiveStore for MemoryLive {
    async fn open_connection(&self, user: UserId, connection: &str) -> Result<bool> {
        let mut open = lock(&self.connections);
        let connections = open.entry(user).or_default();
        let first = connections.is_empty();
        connections.insert(connection.to_owned());
        Ok(first)
    }

    async fn close_connection(&self, user: UserId, connection: &str) -> Result<bool> {
        let mut open = lock(&self.connections);
        let Some(connections) = open.get_mut(&user) else { return Ok(false) };
        let last = connections.remove(connection) && connections.is_empty();
        if last {
            open.remove(&user);
        }
        Ok(last)
    }

    async fn is_connected(&self, user: UserId) -> Result<bool> {
        Ok(lock(&self.connections).contains_key(&user))
    }

    async fn enter_room(&self, room: RoomId, user: UserId, connection: &str) -> Result<bool> {
        Ok(self.rooms.enter(room, user, connection))
    }

    async fn exit_room(&self, room: RoomId, user: UserId, connection: &str) -> Result<bool> {
        Ok(self.rooms.exit(room, user, connection))
    }

    async fn leave_all_rooms(&self, connection: &str) -> Result<(Option<UserId>, Vec<RoomId>)> {
        self.readers.disconnect(connection);
        Ok(self.rooms.disconnect(connection))
    }

    async fn remove_from_room(&self, room: RoomId, user: UserId) -> Result<bool> {
        self.readers.remove(room, user);
        Ok(self.rooms.remove(room, user))
    }

    async fn update_live_state(&self, room: RoomId, user: UserId, change: LiveChange) -> Result<Option<LiveChange>> {
        Ok(self.rooms.update(room, user, change))
    }

    async fn live_state(&self, room: RoomId, user: UserId) -> Result<Option<LiveState>> {
        Ok(self.rooms.state(room, user))
    }

    async fn people_in(&self, room: RoomId) -> Result<HashMap<UserId, LiveState>> {
        Ok(self.rooms.snapshot(room))
    }

    async fn count_people_in(&self, room: RoomId) -> Result<usize> {
        Ok(self.rooms.count(room))
    }

    async fn rooms_of_connection(&self, connection: &str) -> Result<Vec<RoomId>> {
        Ok(self.rooms.rooms_of_connection(connection))
    }

    async fn connections_in_room(&self, room: RoomId, user: UserId) -> Result<Vec<String>> {
        Ok(self.rooms.connections(room, user))
    }

    async fn open_room(&self, room: RoomId, user: UserId, connection: &str) -> Result<()> {
        self.readers.open(room, user, connection);
        Ok(())
    }

    async fn close_room(&self, room: RoomId, connection: &str) -> Result<()> {
        self.readers.close(room, connection);
        Ok(())
    }

    async fn readers(&self, room: RoomId) -> Result<HashSet<UserId>> {
        Ok(self.readers.users(room))
    }

    async fn start_ringing(&self, call: Ringing) -> Result<String> {
        let token = self.next_ringing.fetch_add(1, Ordering::Relaxed).to_string();
        lock(&self.ringing).insert(call, token.clone());
        Ok(token)
    }

    async fn stop_ringing(&self, call: Ringing, token: Option<&str>) -> Result<bool> {
        let mut ringing = lock(&self.ringing);
        let stopped = ringing.get(&call).is_some_and(|current| token.is_none_or(|t| t == current));
        if stopped {
            ringing.remove(&call);
        }
        Ok(stopped)
    }

    async fn call_started(&self, room: RoomId, sides: CallSides) -> Result<()> {
        lock(&self.calls).insert(room, sides);
        Ok(())
    }

    async fn end_call(&self, room: RoomId, user: Option<UserId>) -> Result<Option<CallSides>> {
        let mut calls = lock(&self.calls);
        let concerned = calls.get(&room).is_some_and(|sides| user.is_none_or(|u| sides.iter().any(|&(s, _)| s == u)));
        Ok(if concerned { calls.remove(&room) } else { None })
    }
}
