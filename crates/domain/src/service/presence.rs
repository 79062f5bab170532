//! Presence (STATUS-2, STATUS-3): a user is online while at least one of their connections is open.
//!
//! Connections are counted per user in memory. The first connection sets the stored status to online,
//! the last one to close sets it offline, so a second tab neither resets a chosen status nor, by
//! closing, flips its owner offline. Counts and the store write happen under one per-user lock
//! (striped over shards), so a quick close-and-reopen cannot store its two writes out of order.

use std::{collections::HashMap, sync::Arc};

use tokio::sync::Mutex;

use crate::{
    Error, Result,
    model::{Status, UserId},
    store::Store,
};

const SHARDS: usize = 64;

pub struct Presence {
    store: Arc<dyn Store>,
    connections: Vec<Mutex<HashMap<UserId, u32>>>,
}

impl Presence {
    /// At start nobody is connected yet, so nobody may be left shown online by a previous run.
    pub async fn start(store: Arc<dyn Store>) -> Result<Self> {
        let reset = store.set_everyone_offline().await?;
        if reset > 0 {
            tracing::info!(users = reset, "marked users offline left over from the previous run");
        }
        Ok(Self { store, connections: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect() })
    }

    fn shard(&self, user_id: UserId) -> &Mutex<HashMap<UserId, u32>> {
        &self.connections[user_id.rem_euclid(SHARDS as i64) as usize]
    }

    /// A connection of `user_id` opened.
    pub async fn connected(&self, user_id: UserId) -> Result<()> {
        let mut counts = self.shard(user_id).lock().await;
        let count = counts.entry(user_id).or_insert(0);
        *count += 1;
        if *count == 1 {
            self.store.set_status(user_id, Status::Online).await?;
        }
        Ok(())
    }

    /// A connection of `user_id` closed.
    pub async fn disconnected(&self, user_id: UserId) -> Result<()> {
        let mut counts = self.shard(user_id).lock().await;
        let Some(count) = counts.get_mut(&user_id) else { return Ok(()) };
        *count -= 1;
        if *count == 0 {
            counts.remove(&user_id);
            self.store.set_status(user_id, Status::Offline).await?;
        }
        Ok(())
    }

    /// STATUS-2: a connected user chooses online, away or busy. Without an open connection the choice
    /// would show a user as present who is not, so it is refused.
    pub async fn choose(&self, user_id: UserId, status: Status) -> Result<()> {
        let counts = self.shard(user_id).lock().await;
        if !counts.contains_key(&user_id) {
            return Err(Error::conflict("not_connected", "connect to the socket before choosing a status"));
        }
        self.store.set_status(user_id, status).await?;
        Ok(())
    }
}
