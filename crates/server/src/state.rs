//! What every handler can reach: the services and the store.

use std::sync::Arc;

use woxly_domain::{
    service::{
        account_deletion::AccountDeletion,
        accounts::Accounts,
        attachments::Attachments,
        calls::Calls,
        chat::Chat,
        friends::Friends,
        limits::{Limiter, Rate, RateLimits},
        notifications::Notifications,
        presence::Presence,
        room_notifications::RoomNotificationChoices,
        rooms::{LiveRooms, Membership, RoomVideo},
        two_factor::TwoFactorAuth,
    },
    store::Store,
};

use crate::{
    attachments::{files::Files, links::Links},
    avatars::Avatars,
    media::Sfu,
    voice::IceServers,
};
use woxly_protocol::media::VoiceMode;

#[derive(Clone)]
pub struct AppState {
    pub accounts: Arc<Accounts>,
    pub account_deletion: Arc<AccountDeletion>,
    pub two_factor: Arc<TwoFactorAuth>,
    pub attachments: Arc<Attachments>,
    pub calls: Arc<Calls>,
    pub chat: Arc<Chat>,
    pub friends: Arc<Friends>,
    pub notifications: Arc<Notifications>,
    /// NOTIF-4: what each room tells each member.
    pub room_notifications: Arc<RoomNotificationChoices>,
    pub presence: Arc<Presence>,
    /// Who belongs to which room (REST's rooms routes).
    pub membership: Arc<Membership>,
    /// Who is in a room's live part now (the socket's `join-room`, live state, signals).
    pub live_rooms: Arc<LiveRooms>,
    pub room_video: Arc<RoomVideo>,
    pub store: Arc<dyn Store>,
    /// STUN/TURN servers and credentials for clients (VOICE-4).
    pub ice_servers: Arc<IceServers>,
    /// The stored files and the links to them (FILE-3).
    pub files: Arc<Files>,
    /// Avatars made from uploads (AUTH-7).
    pub avatars: Arc<Avatars>,
    pub links: Arc<Links>,
    /// Images decoded at once (FILE-3: each decode may take hundreds of megabytes).
    pub image_work: Arc<tokio::sync::Semaphore>,
    /// Limits counted across nodes (per address and per user).
    pub rate_limits: Arc<dyn RateLimits>,
    /// Socket events per user, all tabs on all nodes together (QUALITY-3).
    pub socket_events: Arc<dyn Limiter>,
    /// The forwarding server, when rooms' media goes through it (VOICE-14).
    pub media: Option<Arc<Sfu>>,
}

impl AppState {
    /// How rooms' voice and video travel, as `join-room` tells clients.
    pub fn voice_mode(&self) -> VoiceMode {
        if self.media.is_some() { VoiceMode::Sfu } else { VoiceMode::Mesh }
    }
}

/// The socket-event limiter: `per_second` events per user, bursts of twice that.
pub fn socket_event_limiter(limits: &dyn RateLimits, per_second: u32) -> Arc<dyn Limiter> {
    limits.limiter("socket-events", Rate::per_second(per_second, per_second.saturating_mul(2)))
}
