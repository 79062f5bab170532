//! Rooms (ROOM-1…ROOM-5), in three services: who may do what in a room ([`RoomAccess`], the one access
//! rule's door), who belongs to it ([`Membership`]: create, invite, `join`/`leave`, remove, delete) and
//! who is in its live part now ([`LiveRooms`]: `enter`/`exit`, speaking and muting, the signaling relay),
//! and their cameras and screen shares ([`RoomVideo`]).
//! The wire keeps the contract's names: REST `POST /api/rooms/:id/join` is [`Membership::join`], the
//! socket's `join-room` is [`LiveRooms::enter`].

mod access;
mod live;
mod membership;
mod video;

use std::sync::Arc;

pub use access::RoomAccess;
pub use live::{LiveRooms, SignalKind};
pub use membership::{CreateRoom, Membership, RoomView};
pub use video::{MAX_CAMERAS_PER_ROOM, MAX_SHARES_PER_ROOM, Medium, RoomVideo};

use crate::service::{Shared, busy::BusyDuringCalls, limits::RateLimits};

/// The room services as built at start, with the call statuses they end: what other services take
/// their parts from.
#[derive(Clone)]
pub struct Rooms {
    pub access: Arc<RoomAccess>,
    pub membership: Arc<Membership>,
    pub live: Arc<LiveRooms>,
    pub video: Arc<RoomVideo>,
    pub busy: Arc<BusyDuringCalls>,
}

impl Rooms {
    pub fn new(shared: &Shared, limits: &dyn RateLimits) -> Self {
        let access = Arc::new(RoomAccess::new(shared.store.clone()));
        let busy = Arc::new(BusyDuringCalls::new(shared));
        let live = Arc::new(LiveRooms::new(shared, access.clone(), busy.clone()));
        let membership = Arc::new(Membership::new(shared, access.clone(), live.clone()));
        let video = Arc::new(RoomVideo::new(access.clone(), live.clone(), limits));
        Self { access, membership, live, video, busy }
    }
}
