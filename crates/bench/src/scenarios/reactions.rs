//! *reactions*: rooms of 20 where everyone reacts to a message (adding and taking back 👍, one change a
//! second each) and shows they are typing (one signal every 3 s each, as the web client sends them) —
//! the time from a member's emit until each other member's tab hears of it, and drops. WOXLY only:
//! the baseline has neither reactions nor typing (MSG-4, MSG-5).

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use serde_json::{Map, Value, json};

use crate::{
    scenarios::{Pace, Run, Scenario, flow::Flow, people},
    seed::Db,
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
        let (reactions, typing) = (Flow::new(total, &run.clock), Flow::new(total, &run.clock));
        let members = self.members;
        let connections = run
            .connect_all(
                &people(total),
                |i| vec![1 + i as u32 / members],
                |_| {
                    let (reactions, typing) = (reactions.clone(), typing.clone());
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
                        flow.received(user);
                    })
                },
            )
            .await?;
        let connections = Arc::new(connections);
        let reacted: Arc<Vec<AtomicBool>> = Arc::new((0..total).map(|_| AtomicBool::new(false)).collect());
        let started = std::time::Instant::now();
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        // Each member's turn comes round once per period, spread over it.
        let mut reaction_pace = Pace::new(f64::from(total) / REACTIONS_EVERY.as_secs_f64());
        let mut typing_pace = Pace::new(f64::from(total) / TYPING_EVERY.as_secs_f64());
        let total = total as usize;
        while started.elapsed() < Duration::from_secs(self.seconds) {
            tick.tick().await;
            for n in reaction_pace.due(started.elapsed()) {
                let i = n % total;
                let add = !reacted[i].fetch_xor(true, Ordering::Relaxed);
                let event = if add { "add-reaction" } else { "remove-reaction" };
                let message = 1 + i as u32 / members;
                let payload = json!({"messageId": message, "emoji": "👍"}).to_string();
                reactions.emit(&connections, i, i as u32 + 1, event, payload, u64::from(members));
            }
            for n in typing_pace.due(started.elapsed()) {
                let i = n % total;
                let payload = json!({"roomId": 1 + i as u32 / members}).to_string();
                typing.emit(&connections, i, i as u32 + 1, "typing", payload, u64::from(members - 1));
            }
        }
        // Let the last ones arrive before counting.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let mut metrics = Map::new();
        let seconds = self.seconds as f64;
        reactions.summarize("reaction", seconds, &mut metrics);
        typing.summarize("typing", seconds, &mut metrics);
        Ok(metrics)
    }
}
