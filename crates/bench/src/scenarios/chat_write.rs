//! *chat write*: people sending as fast as their acknowledgements come back — acknowledged (stored)
//! messages per second and the acknowledgement's latency. Afterwards the database is counted: every
//! acknowledged message must be in it.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use futures_util::future::join_all;
use serde_json::{Map, Value, json};

use crate::{
    recorder::{Counter, Latencies, round},
    scenarios::{Run, Scenario, ensure_ok, people},
    seed::Db,
};

#[derive(clap::Args, Debug)]
pub struct ChatWrite {
    /// Rooms; everyone in a room is in it (no absent members to notify).
    #[arg(long, default_value_t = 50)]
    pub rooms: u32,
    /// People per room, each sending.
    #[arg(long, default_value_t = 2)]
    pub members: u32,
    /// Messages each person has in flight.
    #[arg(long, default_value_t = 1)]
    pub window: u32,
    /// Seconds to send for.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
}

impl Scenario for ChatWrite {
    const NAME: &'static str = "chat-write";

    fn params(&self) -> Value {
        json!({"rooms": self.rooms, "members": self.members, "window": self.window, "seconds": self.seconds,
               "inFlight": self.rooms * self.members * self.window})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        db.users(self.rooms * self.members).await?;
        let rooms: Vec<Vec<u32>> =
            (0..self.rooms).map(|r| (1 + r * self.members..=(r + 1) * self.members).collect()).collect();
        db.rooms(&rooms).await
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let users = people(self.rooms * self.members);
        let room_of = |i: usize| 1 + i as u32 / self.members;
        let connections = run.connect_all(&users, |i| vec![room_of(i)], |_| Arc::new(|_: &str, _: &str| {})).await?;
        let (acked, refused, latencies) = (Counter::default(), Counter::default(), Latencies::new());
        let deadline = Instant::now() + Duration::from_secs(self.seconds);
        let started = Instant::now();
        let senders = connections.iter().enumerate().flat_map(|(i, connection)| {
            let (acked, refused, latencies) = (&acked, &refused, &latencies);
            (0..self.window).map(move |lane| async move {
                let mut sequence = 0u64;
                while Instant::now() < deadline {
                    sequence += 1;
                    let payload = json!({"roomId": room_of(i), "content": format!("write {lane}-{sequence}")});
                    let sent = Instant::now();
                    match connection.emit_with_ack("send-message", payload.to_string()).await {
                        Ok(ack) if ensure_ok(&ack).is_ok() => {
                            latencies.record(sent.elapsed());
                            acked.add(1);
                        }
                        _ => refused.add(1),
                    }
                }
            })
        });
        join_all(senders).await;
        let elapsed = started.elapsed().as_secs_f64();
        let db = Db::connect(&run.database_url).await?;
        let stored = db.count("SELECT COUNT(*) FROM messages").await?;
        let mut metrics = Map::new();
        metrics.insert("acked_per_s".into(), json!(round(acked.get() as f64 / elapsed)));
        metrics.insert("acked".into(), json!(acked.get()));
        metrics.insert("refused".into(), json!(refused.get()));
        metrics.insert("stored".into(), json!(stored));
        latencies.summarize("ack", &mut metrics);
        if u64::try_from(stored).unwrap_or(0) < acked.get() {
            anyhow::bail!("{} messages acknowledged but {stored} stored", acked.get());
        }
        Ok(metrics)
    }
}
