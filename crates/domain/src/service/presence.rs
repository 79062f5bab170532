//! Presence (STATUS-2, STATUS-3): a user is online while at least one of their connections is open,
//! on any node.
//!
//! Open connections are kept in the [`LiveStore`]. The first connection sets the stored status to
//! online, the last one to close sets it offline, so a second tab neither resets a chosen status nor,
//! by closing, flips its owner offline. On one node a per-user lock (striped over shards) keeps a quick
//! close-and-reopen from storing its two writes out of order. Across nodes no lock is shared, so each
//! transition looks again after its write and stores the truth if it changed meanwhile: the last writer
//! always sees the last state. Every change is told to the user's friends (STATUS-3).

use crate::ErrorCode;
use std::sync::Arc;

use tokio::sync::Mutex;
use woxly_protocol::friends::FriendStatusChangedEvent;

use crate::{
    Error, Result,
    model::{Status, UserId},
    service::{
        events::{Audience, EventSink, ServerEvent},
        live::LiveStore,
    },
    store::Store,
};

const SHARDS: usize = 64;

pub struct Presence {
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
    live: Arc<dyn LiveStore>,
    locks: Vec<Mutex<()>>,
}

impl Presence {
    /// `nobody_connected`: no node holds a connection (a single node starting, or the first node of a
    /// cluster), so nobody may be left shown online by a previous run.
    pub async fn start(
        store: Arc<dyn Store>,
        events: Arc<dyn EventSink>,
        live: Arc<dyn LiveStore>,
        nobody_connected: bool,
    ) -> Result<Self> {
        if nobody_connected {
            let reset = store.set_everyone_offline().await?;
            if reset > 0 {
                tracing::info!(users = reset, "marked users offline left over from the previous run");
            }
        }
        Ok(Self { store, events, live, locks: (0..SHARDS).map(|_| Mutex::new(())).collect() })
    }

    fn lock(&self, user_id: UserId) -> &Mutex<()> {
        &self.locks[user_id.rem_euclid(SHARDS as i64) as usize]
    }

    /// Connection `connection_id` of `user_id` opened.
    pub async fn connected(&self, user_id: UserId, connection_id: &str) -> Result<()> {
        let _user = self.lock(user_id).lock().await;
        if self.live.open_connection(user_id, connection_id).await? {
            self.settle(user_id, Status::Online).await?;
        }
        Ok(())
    }

    /// Connection `connection_id` of `user_id` closed; closing an unknown connection does nothing.
    pub async fn disconnected(&self, user_id: UserId, connection_id: &str) -> Result<()> {
        let _user = self.lock(user_id).lock().await;
        if self.live.close_connection(user_id, connection_id).await? {
            self.settle(user_id, Status::Offline).await?;
        }
        Ok(())
    }

    /// Stores the status a first or last connection led to; if another node changed the user's
    /// connections meanwhile, stores what is true now (see the module's comment).
    async fn settle(&self, user_id: UserId, status: Status) -> Result<()> {
        self.store_and_tell(user_id, status).await?;
        let connected = self.live.is_connected(user_id).await?;
        if connected != (status != Status::Offline) {
            self.store_and_tell(user_id, if connected { Status::Online } else { Status::Offline }).await?;
        }
        Ok(())
    }

    /// Shows offline everyone stored as present who has no open connection on any node: after the
    /// live state was lost (Redis restarted), closes that could not be recorded left them shown online.
    /// Each is settled under its user's lock and looked at again after the write, so a user who
    /// reconnects meanwhile ends up shown online. The number shown offline.
    pub async fn reconcile(&self) -> Result<usize> {
        let mut count = 0;
        for user_id in self.store.users_shown_present().await? {
            let _user = self.lock(user_id).lock().await;
            if !self.live.is_connected(user_id).await? {
                self.settle(user_id, Status::Offline).await?;
                count += 1;
            }
        }
        Ok(count)
    }

    /// STATUS-2: a connected user chooses online, away or busy. Without an open connection the choice
    /// would show a user as present who is not, so it is refused.
    pub async fn choose(&self, user_id: UserId, status: Status) -> Result<()> {
        let _user = self.lock(user_id).lock().await;
        self.ensure_connected(user_id).await?;
        self.store_and_tell(user_id, status).await
    }

    /// Stores a status and tells every friend; the caller holds the user's lock, so tellings keep order.
    async fn store_and_tell(&self, user_id: UserId, status: Status) -> Result<()> {
        self.store.set_status(user_id, status).await?;
        let friends = self.store.friend_ids(user_id).await?;
        if !friends.is_empty() {
            let event = FriendStatusChangedEvent { user_id, status };
            self.events.publish(Audience::Users(friends), ServerEvent::FriendStatusChanged(event)).await;
        }
        Ok(())
    }

    /// Whether `user_id` has an open connection.
    pub async fn is_connected(&self, user_id: UserId) -> Result<bool> {
        self.live.is_connected(user_id).await
    }

    /// Whether [`choose`](Self::choose) would accept a status now; lets a caller check before other writes.
    pub async fn ensure_connected(&self, user_id: UserId) -> Result<()> {
        if self.live.is_connected(user_id).await? {
            Ok(())
        } else {
            Err(Error::conflict(ErrorCode::NotConnected, "connect to the socket before choosing a status"))
        }
    }
}
