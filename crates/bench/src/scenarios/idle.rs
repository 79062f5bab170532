//! *idle*: N authenticated connections, each in 2 rooms, doing nothing — the server's resident memory
//! per connection, and how fast connections open.

use std::{sync::Arc, time::Instant};

use futures_util::{StreamExt, stream};
use serde_json::{Map, Value, json};

use crate::{
    recorder::round,
    scenarios::{Run, Scenario, join_room, people},
    seed::Db,
};

#[derive(clap::Args, Debug)]
pub struct Idle {
    /// Connections to hold.
    #[arg(long, default_value_t = 10_000)]
    pub clients: u32,
    /// People per room; everyone is in two rooms.
    #[arg(long, default_value_t = 10)]
    pub room_size: u32,
    /// Connections opening at once.
    #[arg(long, default_value_t = 256)]
    pub concurrency: usize,
    /// Seconds to hold them before reading the memory.
    #[arg(long, default_value_t = 5)]
    pub hold: u64,
}

impl Idle {
    fn room_count(&self) -> u32 {
        self.clients.div_ceil(self.room_size)
    }

    /// Person `n`'s two rooms: by number, and by a stride that mixes people from other first rooms.
    fn rooms_of(&self, n: u32) -> [u32; 2] {
        let i = n - 1;
        let mixed = (u64::from(i) * 7919 % u64::from(self.clients)) as u32;
        [1 + i / self.room_size, 1 + self.room_count() + mixed / self.room_size]
    }
}

impl Scenario for Idle {
    const NAME: &'static str = "idle";

    fn params(&self) -> Value {
        json!({"clients": self.clients, "roomsPerClient": 2, "roomSize": self.room_size, "holdSeconds": self.hold})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        db.users(self.clients).await?;
        let mut rooms = vec![Vec::new(); 2 * self.room_count() as usize];
        for n in people(self.clients) {
            for room in self.rooms_of(n) {
                rooms[room as usize - 1].push(n);
            }
        }
        db.rooms(&rooms).await
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let before_kib = run.server.rss_kib()?;
        let users = people(self.clients);
        let started = Instant::now();
        let opened: Vec<_> = stream::iter(users.iter().enumerate())
            .map(|(i, &n)| run.connect(i, n, Arc::new(|_: &str, _: &str| {})))
            .buffered(self.concurrency)
            .collect()
            .await;
        let connect_seconds = started.elapsed().as_secs_f64();
        let connections: Vec<_> = opened.into_iter().collect::<anyhow::Result<_>>()?;
        let joining = Instant::now();
        let joined: Vec<anyhow::Result<()>> = stream::iter(connections.iter().zip(&users))
            .map(|(connection, &n)| async move {
                for room in self.rooms_of(n) {
                    join_room(connection, room).await?;
                }
                Ok(())
            })
            .buffered(self.concurrency)
            .collect()
            .await;
        joined.into_iter().collect::<anyhow::Result<()>>()?;
        let join_seconds = joining.elapsed().as_secs_f64();
        tokio::time::sleep(std::time::Duration::from_secs(self.hold)).await;
        let after_kib = run.server.rss_kib()?;
        let still_open = connections.iter().filter(|c| c.is_open()).count();
        let mut metrics = Map::new();
        metrics.insert("connections".into(), json!(still_open));
        metrics.insert("connects_per_s".into(), json!(round(f64::from(self.clients) / connect_seconds)));
        metrics.insert("room_joins_per_s".into(), json!(round(2.0 * f64::from(self.clients) / join_seconds)));
        metrics.insert("rss_before_mib".into(), json!(round(before_kib as f64 / 1024.0)));
        metrics.insert("rss_after_mib".into(), json!(round(after_kib as f64 / 1024.0)));
        metrics.insert(
            "kib_per_connection".into(),
            json!(round(after_kib.saturating_sub(before_kib) as f64 / f64::from(self.clients))),
        );
        Ok(metrics)
    }
}
