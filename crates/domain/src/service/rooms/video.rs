//! Camera and screen sharing in a room's voice (VIDEO-1, VIDEO-2): who has a camera on, who shares, and
//! whose share each person watches. The media itself goes peer to peer; the server keeps the state that
//! decides who sends what to whom (a share goes only to its watchers), under the voice's own access rule,
//! and refuses what a home connection cannot carry (VIDEO-4).

use std::{sync::Arc, time::Duration};

use woxly_protocol::error::ErrorCode;

use super::{LiveRooms, RoomAccess, live::live_event};
use crate::{
    Error, Result,
    model::{LiveState, RoomId, UserId, permissions::Action},
    service::{
        events::Audience,
        limits::{Limiter, Rate, RateLimits},
        live::LiveChange,
    },
};

/// Cameras on at once in one room (VIDEO-4). Peer to peer, each camera is encoded and uploaded once per
/// viewer: with four cameras each browser encodes three copies and decodes three, which docs/benchmarks.md
/// measures as what a laptop on a home connection carries; the forwarding server (issue 31) lifts it.
pub const MAX_CAMERAS_PER_ROOM: usize = 4;
/// Screen shares at once in one room (VIDEO-4): a 1080p share costs its sender 1–2.5 Mbit/s per viewer.
pub const MAX_SHARES_PER_ROOM: usize = 2;

/// Camera, share and watch changes per user: a burst of 10, then one every 500 ms. A person clicks these
/// a few times a minute; a flood would make every viewer renegotiate its connections.
const TOGGLES: Rate = Rate { every: Duration::from_millis(500), burst: 10 };

/// What a person turns on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Camera,
    Share,
}

impl Medium {
    fn change(self, on: bool) -> LiveChange {
        match self {
            Self::Camera => LiveChange::Camera(on),
            Self::Share => LiveChange::Sharing(on),
        }
    }

    /// How many of it a room holds on at once, and what they are called in the refusal.
    fn limit(self) -> (usize, &'static str) {
        match self {
            Self::Camera => (MAX_CAMERAS_PER_ROOM, "cameras"),
            Self::Share => (MAX_SHARES_PER_ROOM, "screen shares"),
        }
    }

    fn is_on(self, state: &LiveState) -> bool {
        match self {
            Self::Camera => state.is_camera_on,
            Self::Share => state.is_sharing,
        }
    }
}

pub struct RoomVideo {
    access: Arc<RoomAccess>,
    live: Arc<LiveRooms>,
    toggles: Arc<dyn Limiter>,
}

impl RoomVideo {
    pub fn new(access: Arc<RoomAccess>, live: Arc<LiveRooms>, limits: &dyn RateLimits) -> Self {
        Self { access, live, toggles: limits.limiter("video-toggles", TOGGLES) }
    }

    /// `camera-toggle`, `share-toggle`: only in the room's voice, within the room's limit. A share that
    /// stops (or starts afresh) has no watchers: each viewer chooses again.
    pub async fn toggle(
        &self,
        user: UserId,
        room_id: RoomId,
        medium: Medium,
        on: bool,
        connection: &str,
    ) -> Result<LiveState> {
        self.may_change(user, room_id).await?;
        let change = medium.change(on);
        let live = &self.live.shared().live;
        let _order = self.live.lock(room_id).await;
        if live.update_live_state(room_id, user, change).await?.is_none() {
            return Ok(live.live_state(room_id, user).await?.unwrap_or_default());
        }
        // Counted once on: two nodes turning the last one on at once both see the other and both back
        // off, rather than both going over.
        let (limit, what) = medium.limit();
        if on && live.people_in(room_id).await?.values().filter(|state| medium.is_on(state)).count() > limit {
            live.update_live_state(room_id, user, medium.change(false)).await?;
            return Err(Error::conflict(
                ErrorCode::VideoLimitReached,
                format!("a room has at most {limit} {what} on at once"),
            ));
        }
        if medium == Medium::Share {
            self.live.release_watchers_in_order(room_id, user).await?;
        }
        let others = Audience::Room { room_id, except: Some(connection.to_owned()) };
        self.live.shared().events.publish(others, live_event(room_id, user, change)).await;
        Ok(live.live_state(room_id, user).await?.unwrap_or_default())
    }

    /// `watch-share`: watch `sharer`'s share (someone in the room's voice who shares now), or none.
    pub async fn watch(
        &self,
        user: UserId,
        room_id: RoomId,
        sharer: Option<UserId>,
        connection: &str,
    ) -> Result<LiveState> {
        self.may_change(user, room_id).await?;
        let live = &self.live.shared().live;
        let _order = self.live.lock(room_id).await;
        if let Some(sharer) = sharer {
            let shares = live.live_state(room_id, sharer).await?.is_some_and(|state| state.is_sharing);
            if sharer == user || !shares {
                return Err(Error::conflict(ErrorCode::NotSharing, "nobody shares a screen by that id here"));
            }
        }
        if let Some(change) = live.update_live_state(room_id, user, LiveChange::Watching(sharer)).await? {
            let others = Audience::Room { room_id, except: Some(connection.to_owned()) };
            self.live.shared().events.publish(others, live_event(room_id, user, change)).await;
        }
        Ok(live.live_state(room_id, user).await?.unwrap_or_default())
    }

    /// The voice's rule, then the person's budget of changes.
    async fn may_change(&self, user: UserId, room_id: RoomId) -> Result<()> {
        self.may_send(user, room_id).await?;
        self.toggles.take(&user.to_string()).await?.into_result()
    }

    /// Whether `user` may send media in the room now: the voice's rule, and being in its voice (what the
    /// forwarding server asks before taking a connection, VOICE-14).
    pub async fn may_send(&self, user: UserId, room_id: RoomId) -> Result<()> {
        self.access.access(user, room_id, Action::Voice).await?;
        if !self.live.is_in(room_id, user).await? {
            return Err(Error::conflict(ErrorCode::NotInRoom, "join the room's voice first"));
        }
        Ok(())
    }
}
