//! Which connections show a room's chat without being in its voice (VOICE-1), in this process:
//! [`MemoryLive`](super::memory::MemoryLive)'s readers. They hear the room and are not told about
//! its messages as if they were away.

use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
};

use crate::model::{RoomId, UserId};

#[derive(Default)]
struct Inner {
    /// Each room's reading connections and their users.
    rooms: HashMap<RoomId, HashMap<String, UserId>>,
    /// The rooms each connection shows, so a closed connection stops reading them all.
    by_connection: HashMap<String, HashSet<RoomId>>,
}

#[derive(Default)]
pub struct ReadersInMemory {
    inner: Mutex<Inner>,
}

impl ReadersInMemory {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        super::lock(&self.inner)
    }

    pub fn open(&self, room: RoomId, user: UserId, connection: &str) {
        let mut inner = self.lock();
        inner.rooms.entry(room).or_default().insert(connection.to_owned(), user);
        inner.by_connection.entry(connection.to_owned()).or_default().insert(room);
    }

    pub fn close(&self, room: RoomId, connection: &str) {
        let mut inner = self.lock();
        Self::close_locked(&mut inner, room, connection);
        if let Some(rooms) = inner.by_connection.get_mut(connection) {
            rooms.remove(&room);
            if rooms.is_empty() {
                inner.by_connection.remove(connection);
            }
        }
    }

    fn close_locked(inner: &mut Inner, room: RoomId, connection: &str) {
        let Some(readers) = inner.rooms.get_mut(&room) else { return };
        readers.remove(connection);
        if readers.is_empty() {
            inner.rooms.remove(&room);
        }
    }

    /// A connection closed: it shows nothing any more.
    pub fn disconnect(&self, connection: &str) {
        let mut inner = self.lock();
        for room in inner.by_connection.remove(connection).unwrap_or_default() {
            Self::close_locked(&mut inner, room, connection);
        }
    }

    /// `user` stops reading `room` on every connection (removed from it, or the room deleted).
    pub fn remove(&self, room: RoomId, user: UserId) {
        let mut inner = self.lock();
        let connections: Vec<String> = inner
            .rooms
            .get(&room)
            .map(|readers| readers.iter().filter(|&(_, &u)| u == user).map(|(c, _)| c.clone()).collect())
            .unwrap_or_default();
        for connection in connections {
            Self::close_locked(&mut inner, room, &connection);
            if let Some(rooms) = inner.by_connection.get_mut(&connection) {
                rooms.remove(&room);
            }
        }
    }

    pub fn users(&self, room: RoomId) -> HashSet<UserId> {
        self.lock().rooms.get(&room).map(|readers| readers.values().copied().collect()).unwrap_or_default()
    }
}
