//! *reactions*: rooms of 20 where everyone reacts to a message (adding and taking back 👍, one change a
//! second each) and shows they are typing (one signal every 3 s each, as the web client sends them) —
//! the time from a member's emit until each other member's tab hears of it, and drops. WOXLY only:
//! the baseline has neither reactions nor typing (MSG-4, MSG-5).

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use serde_json::{Map, Value, json};

use crate::{
    recorder::{Counter, Latencies, round},
    scenarios::{Run, Scenario, ensure_ok, people},
    seed::Db,
    socket::Connection,
};

#[derive(clap::Args, Debug)]
pub struct Reactions {
    /// Rooms.
    #[arg(long, default_value_t = 50)]
    pub rooms: u32,
    /// Members of each room, all in it.
    #[arg(long, default_value_t = 20)]
    pub members: u32,
    /// Seconds of load.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
}

/// One kind of signal (reactions or typing): what was sent and what arrived.
struct Flow {
    sent: Counter,
    refused: Counter,
    /// Deliveries owed by the acknowledged signals.
    expected: Counter,
    delivered: Counter,
    latencies: Latencies,
    /// Per sender (by user id), when their last signal left. A sender emits one a second at most, far
    /// longer than a delivery takes, so the latest send time is the one a receipt answers.
    sent_at: Vec<AtomicU64>,
}

impl Flow {
    fn new(people: u32) -> Arc<Self> {
        Arc::new(Self {
            sent: Counter::default(),
            refused: Counter::default(),
            expected: Counter::default(),
            delivered: Counter::default(),
            latencies: Latencies::new(),
            sent_at: (0..=people).map(|_| AtomicU64::new(0)).collect(),
        })
    }
}

const REACTIONS_EVERY: Duration = Duration::from_secs(1);
const TYPING_EVERY: Duration = Duration::from_secs(3);

impl Scenario for Reactions {
    const NAME: &'static str = "reactions";

    fn params(&self) -> Value {
        json!({"rooms": self.rooms, "members": self.members, "seconds": self.seconds,
               "reactionsPerMemberPerS": 1, "typingEveryS": TYPING_EVERY.as_secs()})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        db.users(self.rooms * self.members).await?;
        let rooms: Vec<Vec<u32>> =
            (0..self.rooms).map(|r| (1 + r * self.members..=(r + 1) * self.members).collect()).collect();
        db.rooms(&rooms).await?;
        // Message r is room r's: what its members react to.
        for room in 1..=self.rooms {
            db.messages(room, 1 + (room - 1) * self.members, 1).await?;
        }
        Ok(())
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let total = self.rooms * self.members;
        let (reactions, typing) = (Flow::new(total), Flow::new(total));
        let members = self.members;
        let connections = run
            .connect_all(
                &people(total),
                |i| vec![1 + i as u32 / members],
                |_| {
                    let (reactions, typing, clock) = (reactions.clone(), typing.clone(), run.clock.clone());
                    Arc::new(move |event: &str, payload: &str| {
                        let flow = match event {
                            "reaction-added" | "reaction-removed" => &reactions,
                            "user-typing" => &typing,
                            _ => return,
                        };
                        let Some(user) = serde_json::from_str::<Value>(payload).ok().and_then(|v| v["userId"].as_u64())
                        else {
                            return;
                        };
                        let sent = flow.sent_at.get(user as usize).map_or(0, |t| t.load(Ordering::Relaxed));
                        flow.delivered.add(1);
                        flow.latencies.record_micros(clock.now_micros().saturating_sub(sent));
                    })
                },
            )
            .await?;
        let connections = Arc::new(connections);
        let reacted: Arc<Vec<AtomicBool>> = Arc::new((0..total).map(|_| AtomicBool::new(false)).collect());
        let started = std::time::Instant::now();
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        let (mut next_reaction, mut next_typing) = (0usize, 0usize);
        let total = total as usize;
        while started.elapsed() < Duration::from_secs(self.seconds) {
            tick.tick().await;
            let elapsed = started.elapsed().as_secs_f64();
            // Open loop: each member's turn comes round once per period, spread over it.
            let due_reactions = (elapsed / REACTIONS_EVERY.as_secs_f64() * total as f64) as usize;
            while next_reaction < due_reactions {
                let i = next_reaction % total;
                next_reaction += 1;
                let add = !reacted[i].fetch_xor(true, Ordering::Relaxed);
                let event = if add { "add-reaction" } else { "remove-reaction" };
                let message = 1 + i as u32 / members;
                let payload = json!({"messageId": message, "emoji": "👍"}).to_string();
                emit(run, &connections, &reactions, i, event, payload, u64::from(members));
            }
            let due_typing = (elapsed / TYPING_EVERY.as_secs_f64() * total as f64) as usize;
            while next_typing < due_typing {
                let i = next_typing % total;
                next_typing += 1;
                let payload = json!({"roomId": 1 + i as u32 / members}).to_string();
                emit(run, &connections, &typing, i, "typing", payload, u64::from(members - 1));
            }
        }
        // Let the last ones arrive before counting.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let mut metrics = Map::new();
        let seconds = self.seconds as f64;
        for (name, flow) in [("reaction", &reactions), ("typing", &typing)] {
            metrics.insert(format!("{name}_sent"), json!(flow.sent.get()));
            metrics.insert(format!("{name}_refused"), json!(flow.refused.get()));
            metrics.insert(format!("{name}_deliveries_per_s"), json!(round(flow.delivered.get() as f64 / seconds)));
            metrics.insert(format!("{name}_drops"), json!(flow.expected.get().saturating_sub(flow.delivered.get())));
            flow.latencies.summarize(name, &mut metrics);
        }
        Ok(metrics)
    }
}

/// Emits one signal from client `i` (user `i + 1`) to `audience` others; a refusal is counted, and
/// owes no deliveries.
fn emit(
    run: &Run<'_>,
    connections: &Arc<Vec<Connection>>,
    flow: &Arc<Flow>,
    i: usize,
    event: &'static str,
    payload: String,
    audience: u64,
) {
    flow.sent.add(1);
    if let Some(at) = flow.sent_at.get(i + 1) {
        at.store(run.clock.now_micros(), Ordering::Relaxed);
    }
    let (connections, flow) = (connections.clone(), flow.clone());
    tokio::spawn(async move {
        let answer = connections[i].emit_with_ack(event, payload).await;
        if answer.is_err() || answer.as_deref().is_ok_and(|a| ensure_ok(a).is_err()) {
            flow.refused.add(1);
        } else {
            flow.expected.add(audience);
        }
    });
}
