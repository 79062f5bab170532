//! Live state: who is connected (STATUS-3), who is in which room's voice on which connections with what
//! speaking/muted/deafened state, camera, screen share and whose share they watch (ROOM-4, VIDEO-1, VIDEO-2), which connections show a room without being in its voice
//! (its readers, VOICE-1), which calls ring and which are under way (CALL-1…CALL-4).
//! Nothing of it is stored: it is rebuilt as clients reconnect (SYNC-1).
//!
//! [`LiveStore`] is where it is kept, as [`Store`](crate::store::Store) is for what is stored: in this
//! process ([`memory::MemoryLive`], one node, the default) or shared by every node of a cluster (the
//! server's Redis implementation). The services hold the rules; a `LiveStore` only answers each
//! question atomically, so two nodes changing one user's state at once cannot both be "first" or "last".

pub mod memory;
mod readers;
mod rooms;

use std::{
    collections::{HashMap, HashSet},
    sync::{Mutex, MutexGuard, PoisonError},
};

use async_trait::async_trait;

use crate::{
    Result,
    model::{LiveState, RoomId, Status, UserId},
};

/// A change to one user's live state in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveChange {
    Speaking(bool),
    Muted(bool),
    Deafened(bool),
    Camera(bool),
    Sharing(bool),
    /// Whose share the user watches, or none.
    Watching(Option<UserId>),
}

/// A call that rings: who calls whom, in which room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ringing {
    pub room_id: RoomId,
    pub caller: UserId,
    pub callee: UserId,
}

/// The sides of an accepted call, each with the status to give back when it ends.
pub type CallSides = Vec<(UserId, Status)>;

/// The in-process live state's locks: every step under them is a few hash-map operations that cannot
/// panic half-way, so a lock poisoned by a panic elsewhere still guards consistent maps.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[async_trait]
pub trait LiveStore: Send + Sync {
    // Connections (STATUS-3).
    /// `connection` of `user` opened; `true` if it is the user's first open connection anywhere.
    async fn open_connection(&self, user: UserId, connection: &str) -> Result<bool>;
    /// `connection` of `user` closed; `true` if it was their last. Closing an unknown one does nothing.
    async fn close_connection(&self, user: UserId, connection: &str) -> Result<bool>;
    async fn is_connected(&self, user: UserId) -> Result<bool>;

    // Rooms (ROOM-4).
    /// `connection` of `user` enters `room`; `true` if the user was not in it before.
    async fn enter_room(&self, room: RoomId, user: UserId, connection: &str) -> Result<bool>;
    /// `connection` leaves `room`; `true` if that was the user's last connection in it.
    async fn exit_room(&self, room: RoomId, user: UserId, connection: &str) -> Result<bool>;
    /// A closed connection leaves every room, and stops reading every room it showed: its user, and the
    /// rooms the user is no longer in.
    async fn leave_all_rooms(&self, connection: &str) -> Result<(Option<UserId>, Vec<RoomId>)>;
    /// Takes `user` out of `room` on every connection, and stops them reading it; `true` if they were in it.
    async fn remove_from_room(&self, room: RoomId, user: UserId) -> Result<bool>;
    /// Applies a change; `Some(change)` only if it changed something (only changes are told, VOICE-5).
    async fn update_live_state(&self, room: RoomId, user: UserId, change: LiveChange) -> Result<Option<LiveChange>>;
    /// `user`'s state in `room`, while they are in it.
    async fn live_state(&self, room: RoomId, user: UserId) -> Result<Option<LiveState>>;
    /// Everyone in `room` now, with their state.
    async fn people_in(&self, room: RoomId) -> Result<HashMap<UserId, LiveState>>;
    /// How many people are in `room` now (asked for every message: cheaper than [`people_in`](Self::people_in)).
    async fn count_people_in(&self, room: RoomId) -> Result<usize>;
    /// The rooms `connection` is in.
    async fn rooms_of_connection(&self, connection: &str) -> Result<Vec<RoomId>>;
    /// `user`'s connections in `room`.
    async fn connections_in_room(&self, room: RoomId, user: UserId) -> Result<Vec<String>>;

    // Readers (VOICE-1): connections that show a room's chat without being in its voice.
    /// `connection` of `user` shows `room`.
    async fn open_room(&self, room: RoomId, user: UserId, connection: &str) -> Result<()>;
    /// `connection` no longer shows `room`. Closing one it does not show does nothing.
    async fn close_room(&self, room: RoomId, connection: &str) -> Result<()>;
    /// The users who show `room` on at least one connection.
    async fn readers(&self, room: RoomId) -> Result<HashSet<UserId>>;

    // Calls (CALL-1…CALL-3).
    /// `call` rings from now on; the token names this ringing (a call rung again gets a new one).
    async fn start_ringing(&self, call: Ringing) -> Result<String>;
    /// Stops `call` ringing (only the ringing `token` names, when given); `true` if this stopped it,
    /// so of an answer and the timeout racing on two nodes exactly one wins.
    async fn stop_ringing(&self, call: Ringing, token: Option<&str>) -> Result<bool>;
    /// An accepted call in `room` is under way between `sides`.
    async fn call_started(&self, room: RoomId, sides: CallSides) -> Result<()>;
    /// Ends the call in `room` if `user` is one of its sides (anyone when `None`); its sides, if it ended.
    async fn end_call(&self, room: RoomId, user: Option<UserId>) -> Result<Option<CallSides>>;
}
