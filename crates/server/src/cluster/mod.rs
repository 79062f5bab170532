//! Cluster mode (`--redis-url`, QUALITY-6): several identical nodes on one PostgreSQL database and one
//! Redis. PostgreSQL keeps what is stored, as on one node; Redis carries the rest:
//!
//! - events: the Socket.IO adapter is socketioxide-redis, so an emit to a user, room or connection
//!   reaches its sockets on every node ([`driver`]);
//! - live state: connections, rooms, ringing and accepted calls ([`live`]), one shared truth rather
//!   than one owner node per user or room, so any node can answer and a dead node's share can be
//!   counted out by the others ([`nodes`]);
//! - rate limits per address and per user ([`limits`]).
//!
//! Message order needs nothing of Redis: ids come from the database and clients order by them.

mod driver;
mod keys;
mod limits;
mod live;
mod nodes;
mod outage;

use std::{sync::Arc, time::Duration};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use socketioxide::adapter::Emitter;
use socketioxide_redis::{CustomRedisAdapter, RedisAdapterConfig, RedisAdapterCtr};

use self::{driver::ManagedDriver, outage::Outage};
pub use self::{limits::RedisLimits, live::RedisLive, nodes::Nodes};
use crate::realtime::NodeAdapter;

/// The Socket.IO adapter of a cluster node.
pub type ClusterAdapter = CustomRedisAdapter<Emitter, ManagedDriver>;

impl NodeAdapter for ClusterAdapter {
    async fn ready(init: Self::InitRes) -> Result<(), String> {
        init.await.map_err(|e| e.to_string())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "cluster mode (--redis-url) needs PostgreSQL (--database-url postgres://…): SQLite is one file on one machine"
    )]
    NeedsPostgres,
    #[error("cannot reach Redis at the given --redis-url: {0}")]
    Redis(#[from] redis::RedisError),
}

/// This node's link to the cluster.
pub struct Cluster {
    pub redis: ConnectionManager,
    /// This node's id, new at every start.
    pub node: String,
    outage: Outage,
}

impl Cluster {
    /// Connects to Redis (RESP3, which the adapter's pub/sub needs: Redis 7 or later); gives the
    /// Socket.IO adapter's constructor with it.
    pub async fn connect(url: &str) -> Result<(Self, RedisAdapterCtr<ManagedDriver>), ClusterError> {
        let info = redis::IntoConnectionInfo::into_connection_info(url)?;
        let settings = info.redis_settings().clone().set_protocol(redis::ProtocolVersion::RESP3);
        let client = redis::Client::open(info.set_redis_settings(settings))?;
        let outage = Outage::default();
        let channels = ManagedDriver::channels();
        // Fail fast while Redis is away (the caller logs what was lost) and keep trying to reconnect.
        let config = ConnectionManagerConfig::new()
            .set_push_sender(driver::push_handler(channels.clone(), outage.clone()))
            .set_automatic_resubscription()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(3)))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_secs(1));
        let redis = ConnectionManager::new_with_config(client, config).await?;
        let node = format!("{:012x}", rand::random::<u64>() & 0xffff_ffff_ffff);
        let adapter = RedisAdapterCtr::new_with_driver(
            ManagedDriver::new(redis.clone(), channels),
            RedisAdapterConfig::new().with_prefix("woxly-socket.io"),
        );
        Ok((Self { redis, node, outage }, adapter))
    }

    pub fn live(&self) -> Arc<RedisLive> {
        Arc::new(RedisLive::new(self.redis.clone(), self.node.clone()))
    }

    pub fn limits(&self) -> Arc<RedisLimits> {
        Arc::new(RedisLimits::new(self.redis.clone()))
    }

    pub fn nodes(&self, live: Arc<RedisLive>) -> Nodes {
        Nodes::new(self.redis.clone(), self.node.clone(), self.outage.clone(), live)
    }
}
