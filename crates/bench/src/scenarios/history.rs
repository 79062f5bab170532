//! *history*: 50-message pages at several depths of a room with millions of messages — the latency of
//! one page over real HTTP, one request at a time (what a person scrolling back waits for), paging by
//! id and by offset. One message in 5 carries reactions and one in 7 is a reply (MSG-3, MSG-4), which
//! WOXLY reads with each page; the baseline has neither feature and ignores them.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Map, Value, json};

use crate::{
    recorder::{Latencies, round},
    scenarios::{Run, Scenario},
    seed::{Db, token},
};

const PAGE: usize = 50;
/// Requests in the first half second of each depth are not counted (connection set-up, cold caches).
const WARM_UP: Duration = Duration::from_millis(500);
/// A depth is measured for at most this long (a full scan per page would take the whole evening)…
const TIME_PER_DEPTH: Duration = Duration::from_secs(10);
/// …but at least this many pages.
const MIN_REQUESTS: u32 = 5;

#[derive(clap::Args, Debug)]
pub struct History {
    /// Messages in the room.
    #[arg(long, default_value_t = 2_000_000)]
    pub messages: u32,
    /// How far back each measured page starts, in messages from the newest.
    #[arg(long, value_delimiter = ',', default_value = "0,10000,100000,1000000")]
    pub depths: Vec<u32>,
    /// Pages fetched per depth.
    #[arg(long, default_value_t = 1000)]
    pub requests: u32,
}

impl Scenario for History {
    const NAME: &'static str = "history";

    fn params(&self) -> Value {
        json!({"messages": self.messages, "depths": self.depths, "requestsPerDepth": self.requests, "pageSize": PAGE})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        db.users(2).await?;
        db.rooms(&[vec![1, 2]]).await?;
        db.messages(1, 1, self.messages).await?;
        db.reactions_and_replies(1, [1, 2]).await
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let client = reqwest::Client::new();
        let bearer = format!("Bearer {}", token(2));
        let mut metrics = Map::new();
        for paging in [Paging::Before, Paging::Offset] {
            let mut first_p50 = f64::NAN;
            for &depth in &self.depths {
                let url = format!(
                    "http://{}/api/messages?roomId=1&limit={PAGE}&{}",
                    run.server.addr,
                    paging.query(self.messages, depth)
                );
                let latencies = Latencies::new();
                let started = Instant::now();
                let mut measured = 0;
                while measured < self.requests && (measured < MIN_REQUESTS || started.elapsed() < TIME_PER_DEPTH) {
                    let sent = Instant::now();
                    let response = client.get(&url).header("authorization", &bearer).send().await?;
                    let status = response.status();
                    let body: Value = response.json().await.context("history page")?;
                    let got = body["messages"].as_array().map_or(0, Vec::len);
                    if !status.is_success() || got != PAGE {
                        bail!("{url}: {status}, {got} messages");
                    }
                    if started.elapsed() > WARM_UP {
                        latencies.record(sent.elapsed());
                        measured += 1;
                    }
                }
                let key = format!("{}_{depth}", paging.name());
                latencies.summarize(&key, &mut metrics);
                metrics.insert(format!("{key}_pages"), json!(measured));
                if depth == 0 {
                    first_p50 = latencies.quantile_ms(0.5);
                } else {
                    metrics.insert(format!("{key}_p50_vs_first"), json!(round(latencies.quantile_ms(0.5) / first_p50)));
                }
            }
        }
        Ok(metrics)
    }
}

/// The two ways the API pages back: by the oldest id the client has (WOXLY's web client), or by how
/// many messages it has (the seed's client).
#[derive(Clone, Copy)]
enum Paging {
    Before,
    Offset,
}

impl Paging {
    fn name(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::Offset => "offset",
        }
    }

    /// The query for the page `depth` messages back from the newest (ids run 1..=messages).
    fn query(self, messages: u32, depth: u32) -> String {
        match self {
            Self::Before => format!("before={}", messages + 1 - depth),
            Self::Offset => format!("offset={depth}"),
        }
    }
}
