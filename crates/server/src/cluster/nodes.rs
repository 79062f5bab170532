//! Nodes that die leave no ghosts. Each node says every second that it is alive (a key that expires
//! after [`ALIVE_FOR`]); every node looks every second for nodes whose key expired, and the first to
//! claim one counts its connections out exactly as if each had closed (friends see them go offline,
//! rooms drop them, their calls end) and ends the calls it was ringing as missed. So a `kill -9` is
//! counted out within `ALIVE_FOR` plus a second.
//!
//! A node that lost Redis, or finds it was counted out while it was too slow to say it was alive,
//! closes its clients' sockets once Redis answers again: they reconnect at once, count in again and
//! resync (SYNC-1), and the shared state is true again. A few seconds later it shows offline whoever is
//! still shown online with no connection anywhere (a close that could not be recorded meanwhile).

use std::{sync::Arc, time::Duration};

use redis::{AsyncCommands, aio::ConnectionManager};
use socketioxide::{SocketIo, adapter::Adapter};
use tokio::task::JoinHandle;

use super::{keys, live::RedisLive, outage::Outage};
use crate::{realtime::connection_closed, state::AppState};

/// How long a node counts as alive after it last said so.
pub const ALIVE_FOR: Duration = Duration::from_secs(8);
const EVERY: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Nodes {
    redis: ConnectionManager,
    node: String,
    outage: Outage,
    live: Arc<RedisLive>,
}

impl Nodes {
    pub fn new(redis: ConnectionManager, node: String, outage: Outage, live: Arc<RedisLive>) -> Self {
        Self { redis, node, outage, live }
    }

    /// This node's id.
    pub fn name(&self) -> &str {
        &self.node
    }

    /// Says this node is alive; `true` if it was not listed (it is new, or was counted out).
    async fn say_alive(&self) -> redis::RedisResult<bool> {
        let mut redis = self.redis.clone();
        let () = redis.pset_ex(keys::alive(&self.node), 1, ALIVE_FOR.as_millis() as u64).await?;
        let added: i32 = redis.sadd(keys::NODES, &self.node).await?;
        Ok(added == 1)
    }

    /// Joins the cluster; `true` if no other node is alive (the first node of a cluster: nobody is
    /// connected anywhere, whatever the database says).
    pub async fn join(&self) -> redis::RedisResult<bool> {
        let mut redis = self.redis.clone();
        let listed: Vec<String> = redis.smembers(keys::NODES).await?;
        let mut alone = true;
        for node in listed {
            alone &= !redis.exists::<_, bool>(keys::alive(&node)).await?;
        }
        self.say_alive().await?;
        tracing::info!(node = %self.node, alone, "joined the cluster");
        Ok(alone)
    }

    /// Keeps saying this node is alive and counts out nodes that stopped, until aborted.
    pub fn watch<A: Adapter>(self, state: AppState, io: SocketIo<A>) -> JoinHandle<()> {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                match self.say_alive().await {
                    Err(e) => self.outage.lost(&e.to_string()),
                    Ok(counted_out) => {
                        if self.outage.recovered() || counted_out {
                            tracing::warn!(
                                counted_out,
                                "Redis answers again: closing this node's sockets so that clients resync"
                            );
                            io.local().disconnect().await.ok();
                            tokio::spawn(reconcile_presence(state.clone()));
                        }
                        if let Err(e) = self.count_out_stopped(&state).await {
                            tracing::error!(error = %e, "cannot look for stopped nodes");
                        }
                    }
                }
            }
        })
    }

    /// Counts out every node whose alive key expired; of several nodes looking, the one whose removal
    /// from the list took it does it.
    async fn count_out_stopped(&self, state: &AppState) -> redis::RedisResult<()> {
        let mut redis = self.redis.clone();
        let listed: Vec<String> = redis.smembers(keys::NODES).await?;
        for node in listed.into_iter().filter(|node| *node != self.node) {
            if redis.exists::<_, bool>(keys::alive(&node)).await? {
                continue;
            }
            let claimed: i32 = redis.srem(keys::NODES, &node).await?;
            if claimed == 1 {
                tracing::warn!(%node, "a node stopped answering: counting its connections out");
                self.count_out(&node, state).await?;
            }
        }
        Ok(())
    }

    /// Counts out `node`'s connections and ends its ringing calls, as if each had closed.
    pub async fn count_out(&self, node: &str, state: &AppState) -> redis::RedisResult<()> {
        let mut redis = self.redis.clone();
        let connections: Vec<(String, i64)> = redis.hgetall(keys::node_connections(node)).await?;
        for (connection, user) in &connections {
            connection_closed(state, *user, connection).await;
        }
        match self.live.rings_of(node).await {
            Ok(rings) => {
                for (call, token) in rings {
                    state.calls.ring_timed_out(call, &token).await;
                }
            }
            Err(e) => tracing::error!(%node, error = %e, "could not end the calls a stopped node rang"),
        }
        let () = redis.del(&[keys::node_connections(node), keys::node_rings(node), keys::alive(node)]).await?;
        tracing::info!(%node, connections = connections.len(), "counted out a node's connections");
        Ok(())
    }

    /// A node stopping (SIGTERM) leaves the list first, so no other node takes it for dead and counts it
    /// out too, then counts its own connections out while events still reach the others.
    pub async fn leave(&self, state: &AppState) {
        let removed: redis::RedisResult<i32> = self.redis.clone().srem(keys::NODES, &self.node).await;
        if let Err(e) = removed {
            tracing::error!(error = %e, "could not leave the cluster's list of nodes");
        }
        if let Err(e) = self.count_out(&self.node, state).await {
            tracing::error!(error = %e, "could not count out this node's connections");
        }
    }
}

/// How long clients get to reconnect after their node closed their sockets, before users with no
/// connection anywhere are shown offline (a user shown offline meanwhile would flicker).
const RECONNECT_GRACE: Duration = Duration::from_secs(5);

/// After Redis was lost, closes that could not be recorded left users shown online: once clients had
/// time to reconnect, everyone shown present without a connection is shown offline.
async fn reconcile_presence(state: AppState) {
    tokio::time::sleep(RECONNECT_GRACE).await;
    match state.presence.reconcile().await {
        Ok(0) => {}
        Ok(count) => tracing::info!(count, "showed offline users who left while Redis was away"),
        Err(e) => tracing::error!(error = %e, "could not reconcile presence after losing Redis"),
    }
}
