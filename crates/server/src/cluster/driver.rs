//! The Socket.IO adapter's pub/sub over a connection that survives a Redis restart.
//!
//! socketioxide-redis's own `RedisDriver` holds a plain multiplexed connection: once Redis restarts,
//! every publish fails and its subscriptions are gone for good. This driver is the same few calls on
//! redis' `ConnectionManager`, which reconnects by itself and, with automatic resubscription, subscribes
//! again to every channel; the connection's pushes are handed to the adapter's channels as the crate's
//! driver does it. A lost connection is also reported to [`Outage`] so the node can resync its
//! clients once Redis is back.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use redis::{PushInfo, PushKind, aio::ConnectionManager};
use socketioxide_redis::drivers::{ChanItem, Driver, MessageStream};
use tokio::sync::mpsc;

use super::outage::Outage;

type Channels = Arc<RwLock<HashMap<String, mpsc::Sender<ChanItem>>>>;

#[derive(Clone)]
pub struct ManagedDriver {
    connection: ConnectionManager,
    channels: Channels,
}

/// Where the connection's pushes go: published messages to the adapter's channel, and a lost
/// connection to `outage`.
pub fn push_handler(channels: Channels, outage: Outage) -> impl Fn(PushInfo) -> Result<(), std::convert::Infallible> {
    move |push: PushInfo| {
        match push.kind {
            PushKind::Message => {
                let mut data = push.data.into_iter();
                let (Some(channel), Some(message)) = (data.next(), data.next()) else { return Ok(()) };
                let (Ok(channel), Ok(message)) =
                    (redis::from_redis_value::<String>(channel), redis::from_redis_value::<Vec<u8>>(message))
                else {
                    return Ok(());
                };
                let sender = channels.read().unwrap_or_else(std::sync::PoisonError::into_inner).get(&channel).cloned();
                if let Some(sender) = sender
                    && sender.try_send((channel, message)).is_err()
                {
                    tracing::warn!("a cluster message was dropped: this node reads them slower than they come");
                }
            }
            PushKind::Disconnection => outage.lost("the connection to Redis closed"),
            _ => {}
        }
        Ok(())
    }
}

impl ManagedDriver {
    pub fn new(connection: ConnectionManager, channels: Channels) -> Self {
        Self { connection, channels }
    }

    pub fn channels() -> Channels {
        Channels::default()
    }
}

impl Driver for ManagedDriver {
    type Error = redis::RedisError;

    async fn publish(&self, chan: String, val: Vec<u8>) -> Result<(), Self::Error> {
        redis::cmd("PUBLISH").arg(chan).arg(val).exec_async(&mut self.connection.clone()).await
    }

    async fn subscribe(&self, chan: String, size: usize) -> Result<MessageStream<ChanItem>, Self::Error> {
        let (sender, receiver) = mpsc::channel(size);
        self.channels.write().unwrap_or_else(std::sync::PoisonError::into_inner).insert(chan.clone(), sender);
        self.connection.clone().subscribe(chan).await?;
        Ok(MessageStream::new(receiver))
    }

    async fn unsubscribe(&self, chan: String) -> Result<(), Self::Error> {
        self.channels.write().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&chan);
        self.connection.clone().unsubscribe(chan).await
    }

    async fn num_serv(&self, chan: &str) -> Result<u16, Self::Error> {
        let (_, count): (String, u16) =
            redis::cmd("PUBSUB").arg("NUMSUB").arg(chan).query_async(&mut self.connection.clone()).await?;
        Ok(count)
    }
}
