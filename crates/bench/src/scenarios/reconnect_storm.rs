//! *reconnect storm*: everyone's connection is cut at once (a network blip between them and the
//! server) and every client comes back the way socket.io-client does — after its reconnection delay
//! (1 s ± 50 %, doubling up to 5 s after a failure), then back into its room. Time until 99 % and all
//! are back, and the failed attempts.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use futures_util::future::join_all;
use rand::Rng;
use serde_json::{Map, Value, json};

use crate::{
    recorder::{Counter, round},
    scenarios::{Run, Scenario, join_room, people},
    seed::Db,
};

/// socket.io-client's defaults: reconnectionDelay, reconnectionDelayMax, randomizationFactor.
const FIRST_DELAY_MS: f64 = 1000.0;
const MAX_DELAY_MS: f64 = 5000.0;
const JITTER: f64 = 0.5;

#[derive(clap::Args, Debug)]
pub struct ReconnectStorm {
    /// Connections cut at once.
    #[arg(long, default_value_t = 10_000)]
    pub clients: u32,
    /// People per room; everyone rejoins their room.
    #[arg(long, default_value_t = 10)]
    pub room_size: u32,
    /// Seconds after which a client still not back counts as failed.
    #[arg(long, default_value_t = 60)]
    pub give_up: u64,
}

impl Scenario for ReconnectStorm {
    const NAME: &'static str = "reconnect-storm";

    fn params(&self) -> Value {
        json!({"clients": self.clients, "roomSize": self.room_size, "reconnectDelayMs": "1000 ± 50 %, doubling to 5000",
               "giveUpSeconds": self.give_up})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        db.users(self.clients).await?;
        let rooms: Vec<Vec<u32>> = people(self.clients).chunks(self.room_size as usize).map(<[u32]>::to_vec).collect();
        db.rooms(&rooms).await
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let users = people(self.clients);
        let room_of = |i: usize| 1 + i as u32 / self.room_size;
        let quiet = || Arc::new(|_: &str, _: &str| {});
        let connections = run.connect_all(&users, |i| vec![room_of(i)], |_| quiet()).await?;
        let failed_attempts = Counter::default();
        let cut = Instant::now();
        for connection in &connections {
            connection.abort();
        }
        let give_up = cut + Duration::from_secs(self.give_up);
        let back_after = join_all(users.iter().enumerate().map(|(i, &user)| {
            let failed_attempts = &failed_attempts;
            async move {
                let mut delay = FIRST_DELAY_MS;
                loop {
                    let jittered = delay * (1.0 + rand::rng().random_range(-JITTER..=JITTER));
                    tokio::time::sleep(Duration::from_secs_f64(jittered / 1000.0)).await;
                    if Instant::now() > give_up {
                        return None;
                    }
                    let back = async {
                        let connection = run.connect(i, user, quiet()).await?;
                        join_room(&connection, room_of(i)).await?;
                        anyhow::Ok(connection)
                    };
                    match back.await {
                        Ok(connection) => return Some((cut.elapsed(), connection)),
                        Err(_) => {
                            failed_attempts.add(1);
                            delay = (delay * 2.0).min(MAX_DELAY_MS);
                        }
                    }
                }
            }
        }))
        .await;
        let mut times: Vec<f64> = back_after.iter().flatten().map(|(after, _)| after.as_secs_f64()).collect();
        times.sort_by(f64::total_cmp);
        // When the `share`·clients-th client was back (NaN if fewer ever came back).
        let at = |share: f64| {
            let needed = (share * f64::from(self.clients)).ceil() as usize;
            times.get(needed.saturating_sub(1)).copied().unwrap_or(f64::NAN)
        };
        let mut metrics = Map::new();
        metrics.insert("back".into(), json!(times.len()));
        metrics.insert("never_back".into(), json!(self.clients as usize - times.len()));
        metrics.insert("failed_attempts".into(), json!(failed_attempts.get()));
        metrics.insert("p50_back_s".into(), json!(round(at(0.5))));
        metrics.insert("p99_back_s".into(), json!(round(at(0.99))));
        metrics.insert("all_back_s".into(), json!(round(at(1.0))));
        Ok(metrics)
    }
}
