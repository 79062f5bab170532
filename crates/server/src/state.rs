//! What every handler can reach: the services and the store.

use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota};

use woxly_domain::{
    service::{
        accounts::Accounts, calls::Calls, chat::Chat, friends::Friends, limits, notifications::Notifications,
        presence::Presence, rooms::Rooms,
    },
    store::Store,
};

use crate::voice::IceServers;

#[derive(Clone)]
pub struct AppState {
    pub accounts: Arc<Accounts>,
    pub calls: Arc<Calls>,
    pub chat: Arc<Chat>,
    pub friends: Arc<Friends>,
    pub notifications: Arc<Notifications>,
    pub presence: Arc<Presence>,
    pub rooms: Arc<Rooms>,
    pub store: Arc<dyn Store>,
    /// STUN/TURN servers and credentials for clients (VOICE-4).
    pub ice_servers: Arc<IceServers>,
    /// Socket events per user (QUALITY-3).
    pub socket_events: Arc<DefaultKeyedRateLimiter<i64>>,
}

/// The socket-event limiter: `per_second` events per user, bursts of twice that.
pub fn socket_event_limiter(per_second: u32) -> Arc<DefaultKeyedRateLimiter<i64>> {
    let rate = std::num::NonZeroU32::new(per_second).unwrap_or(std::num::NonZeroU32::MIN);
    Arc::new(limits::limiter(Quota::per_second(rate), rate.get().saturating_mul(2)))
}
