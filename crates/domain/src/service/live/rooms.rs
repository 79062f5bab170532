//! Who is in which room right now, on which connections, speaking, muted or deafened, with a camera
//! or a share on and whose share they watch (ROOM-4, VIDEO-1, VIDEO-2), in
//! this process: [`MemoryLive`](super::memory::MemoryLive)'s rooms.

use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
};

use super::LiveChange;
use crate::model::{LiveState, RoomId, UserId};

#[derive(Default)]
struct Entry {
    connections: HashSet<String>,
    state: LiveState,
}

#[derive(Default)]
struct Inner {
    rooms: HashMap<RoomId, HashMap<UserId, Entry>>,
    /// Each connection's user and rooms, so a closed connection leaves them all.
    by_connection: HashMap<String, (UserId, HashSet<RoomId>)>,
}

/// One lock over the map: every operation is a few hash-map steps, never held across an await.
#[derive(Default)]
pub struct RoomsInMemory {
    inner: Mutex<Inner>,
}

impl RoomsInMemory {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        super::lock(&self.inner)
    }

    /// `connection` of `user` enters `room`; `true` if the user was not in it before.
    pub fn enter(&self, room: RoomId, user: UserId, connection: &str) -> bool {
        let mut inner = self.lock();
        inner.by_connection.entry(connection.to_owned()).or_insert_with(|| (user, HashSet::new())).1.insert(room);
        let entry = inner.rooms.entry(room).or_default().entry(user).or_default();
        let first = entry.connections.is_empty();
        entry.connections.insert(connection.to_owned());
        first
    }

    /// `connection` leaves `room`; `true` if that was the user's last connection in it.
    pub fn exit(&self, room: RoomId, user: UserId, connection: &str) -> bool {
        let mut inner = self.lock();
        if let Some((_, rooms)) = inner.by_connection.get_mut(connection) {
            rooms.remove(&room);
        }
        Self::exit_locked(&mut inner, room, user, connection)
    }

    fn exit_locked(inner: &mut Inner, room: RoomId, user: UserId, connection: &str) -> bool {
        let Some(users) = inner.rooms.get_mut(&room) else { return false };
        let Some(entry) = users.get_mut(&user) else { return false };
        if !entry.connections.remove(connection) || !entry.connections.is_empty() {
            return false;
        }
        users.remove(&user);
        if users.is_empty() {
            inner.rooms.remove(&room);
        }
        true
    }

    /// A connection closed: it leaves every room; returns the rooms its user is no longer in.
    pub fn disconnect(&self, connection: &str) -> (Option<UserId>, Vec<RoomId>) {
        let mut inner = self.lock();
        let Some((user, rooms)) = inner.by_connection.remove(connection) else { return (None, Vec::new()) };
        let left = rooms.into_iter().filter(|&room| Self::exit_locked(&mut inner, room, user, connection)).collect();
        (Some(user), left)
    }

    /// Takes `user` out of `room` on every connection (removed from the room, or the room deleted).
    pub fn remove(&self, room: RoomId, user: UserId) -> bool {
        let mut inner = self.lock();
        let connections = inner.rooms.get(&room).and_then(|users| users.get(&user)).map(|e| e.connections.clone());
        let Some(connections) = connections else { return false };
        for connection in &connections {
            if let Some((_, rooms)) = inner.by_connection.get_mut(connection) {
                rooms.remove(&room);
            }
            Self::exit_locked(&mut inner, room, user, connection);
        }
        true
    }

    /// Applies a change; `Some(change)` only if it changed something (only changes are told, VOICE-5).
    pub fn update(&self, room: RoomId, user: UserId, change: LiveChange) -> Option<LiveChange> {
        let mut inner = self.lock();
        let state = &mut inner.rooms.get_mut(&room)?.get_mut(&user)?.state;
        let before = *state;
        match change {
            LiveChange::Speaking(v) => state.is_speaking = v,
            LiveChange::Muted(v) => state.is_muted = v,
            LiveChange::Deafened(v) => state.is_deafened = v,
            LiveChange::Camera(v) => state.is_camera_on = v,
            LiveChange::Sharing(v) => state.is_sharing = v,
            LiveChange::Watching(v) => state.watching = v,
        }
        (*state != before).then_some(change)
    }

    /// `user`'s state in `room`, while they are in it.
    pub fn state(&self, room: RoomId, user: UserId) -> Option<LiveState> {
        Self::entry(&self.lock(), room, user).map(|e| e.state)
    }

    fn entry(inner: &Inner, room: RoomId, user: UserId) -> Option<&Entry> {
        inner.rooms.get(&room)?.get(&user)
    }

    /// The rooms `connection` is in.
    pub fn rooms_of_connection(&self, connection: &str) -> Vec<RoomId> {
        self.lock().by_connection.get(connection).map(|(_, rooms)| rooms.iter().copied().collect()).unwrap_or_default()
    }

    /// `user`'s connections in `room`.
    pub fn connections(&self, room: RoomId, user: UserId) -> Vec<String> {
        Self::entry(&self.lock(), room, user).map(|e| e.connections.iter().cloned().collect()).unwrap_or_default()
    }

    /// How many people are in `room` now.
    pub fn count(&self, room: RoomId) -> usize {
        self.lock().rooms.get(&room).map_or(0, HashMap::len)
    }

    /// Everyone in `room` now, with their state.
    pub fn snapshot(&self, room: RoomId) -> HashMap<UserId, LiveState> {
        let inner = self.lock();
        inner.rooms.get(&room).map(|users| users.iter().map(|(&u, e)| (u, e.state)).collect()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_is_in_a_room_while_any_of_their_connections_is() {
        let live = RoomsInMemory::default();
        assert!(live.enter(1, 7, "a"));
        assert!(!live.enter(1, 7, "b"));
        assert!(live.enter(2, 7, "a"));
        assert!(!live.exit(1, 7, "a"));
        assert!(live.state(1, 7).is_some());
        assert_eq!(live.disconnect("b"), (Some(7), vec![1]));
        assert!(live.state(1, 7).is_none() && live.state(2, 7).is_some());
        assert_eq!(live.update(2, 7, LiveChange::Muted(true)), Some(LiveChange::Muted(true)));
        assert_eq!(live.update(2, 7, LiveChange::Muted(true)), None, "only changes count");
        assert_eq!(live.update(2, 7, LiveChange::Watching(Some(3))), Some(LiveChange::Watching(Some(3))));
        assert_eq!(live.update(2, 7, LiveChange::Watching(Some(3))), None);
        assert_eq!(live.state(2, 7).map(|s| (s.is_muted, s.watching)), Some((true, Some(3))));
        assert!(live.remove(2, 7));
        assert!(live.snapshot(2).is_empty() && live.rooms_of_connection("a").is_empty());
    }
}
