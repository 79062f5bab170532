//! Presence (STATUS-2, STATUS-3): a user is online while at least one of their connections is open.
//!
//! Open connections are kept per user in memory, by connection id. The first connection sets the
//! stored status to online, the last one to close sets it offline, so a second tab neither resets a
//! chosen status nor, by closing, flips its owner offline. Ids (not counts) make a close idempotent:
//! the edge may report one twice when a socket closes while it is still being set up. The set and the
//! store write change under one per-user lock (striped over shards), so a quick close-and-reopen
//! cannot store its two writes out of order. Every change is told to the user's friends, in the order
//! it was stored (STATUS-3).

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use tokio::sync::Mutex;
use woxly_protocol::friends::FriendStatusChangedEvent;

use crate::{
    Error, Result,
    model::{Status, UserId},
    service::events::{Audience, EventSink, ServerEvent},
    store::Store,
};

const SHARDS: usize = 64;

pub struct Presence {
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
    connections: Vec<Mutex<HashMap<UserId, HashSet<String>>>>,
}

impl Presence {
    /// At start nobody is connected yet, so nobody may be left shown online by a previous run.
    pub async fn start(store: Arc<dyn Store>, events: Arc<dyn EventSink>) -> Result<Self> {
        let reset = store.set_everyone_offline().await?;
        if reset > 0 {
            tracing::info!(users = reset, "marked users offline left over from the previous run");
        }
        Ok(Self { store, events, connections: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect() })
    }

    fn shard(&self, user_id: UserId) -> &Mutex<HashMap<UserId, HashSet<String>>> {
        &self.connections[user_id.rem_euclid(SHARDS as i64) as usize]
    }

    /// Connection `connection_id` of `user_id` opened.
    pub async fn connected(&self, user_id: UserId, connection_id: &str) -> Result<()> {
        let mut open = self.shard(user_id).lock().await;
        let connections = open.entry(user_id).or_default();
        let first = connections.is_empty();
        connections.insert(connection_id.to_owned());
        if first {
            self.store_and_tell(user_id, Status::Online).await?;
        }
        Ok(())
    }

    /// Connection `connection_id` of `user_id` closed; closing an unknown connection does nothing.
    pub async fn disconnected(&self, user_id: UserId, connection_id: &str) -> Result<()> {
        let mut open = self.shard(user_id).lock().await;
        let Some(connections) = open.get_mut(&user_id) else { return Ok(()) };
        if connections.remove(connection_id) && connections.is_empty() {
            open.remove(&user_id);
            self.store_and_tell(user_id, Status::Offline).await?;
        }
        Ok(())
    }

    /// STATUS-2: a connected user chooses online, away or busy. Without an open connection the choice
    /// would show a user as present who is not, so it is refused.
    pub async fn choose(&self, user_id: UserId, status: Status) -> Result<()> {
        let open = self.shard(user_id).lock().await;
        Self::require_connection(&open, user_id)?;
        self.store_and_tell(user_id, status).await
    }

    /// Stores a status and tells every friend; the caller holds the user's lock, so tellings keep order.
    async fn store_and_tell(&self, user_id: UserId, status: Status) -> Result<()> {
        self.store.set_status(user_id, status).await?;
        let friends = self.store.friend_ids(user_id).await?;
        if !friends.is_empty() {
            let event = FriendStatusChangedEvent { user_id, status: status.as_str() };
            self.events.publish(Audience::Users(friends), ServerEvent::FriendStatusChanged(event)).await;
        }
        Ok(())
    }

    /// Whether `user_id` has an open connection.
    pub async fn is_connected(&self, user_id: UserId) -> bool {
        self.shard(user_id).lock().await.contains_key(&user_id)
    }

    /// Whether [`choose`](Self::choose) would accept a status now; lets a caller check before other writes.
    pub async fn ensure_connected(&self, user_id: UserId) -> Result<()> {
        Self::require_connection(&*self.shard(user_id).lock().await, user_id)
    }

    fn require_connection(open: &HashMap<UserId, HashSet<String>>, user_id: UserId) -> Result<()> {
        if open.contains_key(&user_id) {
            Ok(())
        } else {
            Err(Error::conflict("not_connected", "connect to the socket before choosing a status"))
        }
    }
}
