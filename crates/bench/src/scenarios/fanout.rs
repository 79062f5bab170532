//! *fan-out*: many small rooms where everyone talks, plus one huge room — deliveries per second while
//! the 99th percentile from send to receipt stays within 50 ms, with drops counted. The offered load
//! climbs in steps (fractions of the nominal load); the figure is the highest step that held.

use std::{sync::Arc, time::Duration};

use serde_json::{Map, Value, json};

use crate::{
    recorder::{Counter, Latencies, round},
    scenarios::{Run, Scenario, ensure_ok, people, read_stamp, stamped},
    seed::Db,
    socket::Connection,
};

/// The latency bound a step must hold to count.
const P99_BOUND_MS: f64 = 50.0;

#[derive(clap::Args, Debug)]
pub struct Fanout {
    /// Small rooms.
    #[arg(long, default_value_t = 500)]
    pub rooms: u32,
    /// Members of each small room; each sends 1 message per second at the nominal load.
    #[arg(long, default_value_t = 20)]
    pub members: u32,
    /// Members of the one big room (0 for none).
    #[arg(long, default_value_t = 5_000)]
    pub big_room: u32,
    /// Messages per second in the big room at the nominal load.
    #[arg(long, default_value_t = 20)]
    pub big_rate: u32,
    /// Load steps, as fractions of the nominal load: 0.025× apart up to 0.2× (5,500 deliveries/s at the
    /// default size), where both servers' limits lie on this machine, so a ratio of two means something.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "0.025,0.05,0.075,0.1,0.125,0.15,0.175,0.2,0.25,0.3,0.4,0.5,0.75,1"
    )]
    pub steps: Vec<f64>,
    /// Seconds each step sends for.
    #[arg(long, default_value_t = 5)]
    pub step_seconds: u64,
}

/// What one load step saw.
struct Step {
    sent: Counter,
    refused: Counter,
    expected: Counter,
    delivered: Counter,
    latencies: Latencies,
}

impl Fanout {
    fn small_people(&self) -> u32 {
        self.rooms * self.members
    }

    /// Room of client `i` (person `i + 1`): small rooms first, the big room last.
    fn room_of(&self, i: usize) -> u32 {
        let i = i as u32;
        if i < self.small_people() { 1 + i / self.members } else { self.rooms + 1 }
    }
}

impl Scenario for Fanout {
    const NAME: &'static str = "fanout";

    fn params(&self) -> Value {
        json!({"rooms": self.rooms, "members": self.members, "bigRoom": self.big_room, "bigRate": self.big_rate,
               "steps": self.steps, "stepSeconds": self.step_seconds})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        let total = self.small_people() + self.big_room;
        db.users(total).await?;
        let mut rooms: Vec<Vec<u32>> =
            (0..self.rooms).map(|r| (1 + r * self.members..=(r + 1) * self.members).collect()).collect();
        if self.big_room > 0 {
            rooms.push((self.small_people() + 1..=total).collect());
        }
        db.rooms(&rooms).await
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let steps: Arc<Vec<Step>> = Arc::new(
            self.steps
                .iter()
                .map(|_| Step {
                    sent: Counter::default(),
                    refused: Counter::default(),
                    expected: Counter::default(),
                    delivered: Counter::default(),
                    latencies: Latencies::new(),
                })
                .collect(),
        );
        let users = people(self.small_people() + self.big_room);
        let setup = std::time::Instant::now();
        let connections = run
            .connect_all(
                &users,
                |i| vec![self.room_of(i)],
                |_| {
                    let (steps, clock) = (steps.clone(), run.clock.clone());
                    Arc::new(move |event: &str, payload: &str| {
                        if event == "new-message"
                            && let Some((step, sent_at)) = read_stamp(payload)
                            && let Some(step) = steps.get(step as usize)
                        {
                            step.delivered.add(1);
                            step.latencies.record_since(&clock, sent_at);
                        }
                    })
                },
            )
            .await?;
        let connections: Arc<Vec<Connection>> = Arc::new(connections);
        let mut metrics = Map::new();
        metrics.insert("everyone_joined_s".into(), json!(round(setup.elapsed().as_secs_f64())));
        let mut best = 0.0f64;
        for (index, &fraction) in self.steps.iter().enumerate() {
            self.send_step(run, &connections, &steps, index, fraction).await;
            // Let the last messages arrive before counting.
            tokio::time::sleep(Duration::from_secs(3)).await;
            let step = &steps[index];
            let drops = step.expected.get().saturating_sub(step.delivered.get());
            let deliveries_per_s = step.delivered.get() as f64 / self.step_seconds as f64;
            let p99 = step.latencies.quantile_ms(0.99);
            let key = format!("step{}", index + 1);
            metrics.insert(format!("{key}_offered_msgs_per_s"), json!(round(self.offered(fraction))));
            metrics.insert(format!("{key}_sent"), json!(step.sent.get()));
            metrics.insert(format!("{key}_refused"), json!(step.refused.get()));
            metrics.insert(format!("{key}_deliveries_per_s"), json!(round(deliveries_per_s)));
            metrics.insert(format!("{key}_drops"), json!(drops));
            step.latencies.summarize(&key, &mut metrics);
            let held = p99 <= P99_BOUND_MS && drops == 0 && step.refused.get() == 0;
            if held {
                best = best.max(deliveries_per_s);
            }
            println!(
                "     step {} ({fraction}× nominal): {:.0} deliveries/s, p99 {p99:.1} ms, {drops} drops{}",
                index + 1,
                deliveries_per_s,
                if held { "" } else { " — over the bound" }
            );
            if !held {
                break;
            }
        }
        metrics.insert("deliveries_per_s_within_50ms".into(), json!(round(best)));
        Ok(metrics)
    }
}

impl Fanout {
    /// Messages per second offered at `fraction` of the nominal load.
    fn offered(&self, fraction: f64) -> f64 {
        fraction * f64::from(self.small_people() + self.big_rate)
    }

    /// Sends one step's messages on a 10 ms tick, open loop: a slow server does not slow the senders.
    async fn send_step(
        &self,
        run: &Run<'_>,
        connections: &Arc<Vec<Connection>>,
        steps: &Arc<Vec<Step>>,
        index: usize,
        fraction: f64,
    ) {
        const TICK: Duration = Duration::from_millis(10);
        let ticks = self.step_seconds * 1000 / TICK.as_millis() as u64;
        let per_tick_small = fraction * f64::from(self.small_people()) * TICK.as_secs_f64();
        let per_tick_big = fraction * f64::from(self.big_rate) * TICK.as_secs_f64();
        let (mut owed_small, mut owed_big) = (0.0, 0.0);
        let (mut next_small, mut next_big) = (0usize, 0usize);
        let small = self.small_people() as usize;
        let mut interval = tokio::time::interval(TICK);
        for _ in 0..ticks {
            interval.tick().await;
            owed_small += per_tick_small;
            owed_big += per_tick_big;
            while owed_small >= 1.0 {
                owed_small -= 1.0;
                // Stride through the rooms so one tick's messages spread over many rooms.
                let i = (next_small * 7919) % small;
                next_small += 1;
                self.send(run, connections, steps, index, i, self.members);
            }
            while owed_big >= 1.0 && self.big_room > 0 {
                owed_big -= 1.0;
                let i = small + next_big % self.big_room as usize;
                next_big += 1;
                self.send(run, connections, steps, index, i, self.big_room);
            }
        }
    }

    fn send(
        &self,
        run: &Run<'_>,
        connections: &Arc<Vec<Connection>>,
        steps: &Arc<Vec<Step>>,
        index: usize,
        i: usize,
        audience: u32,
    ) {
        let step = &steps[index];
        step.sent.add(1);
        step.expected.add(u64::from(audience));
        let payload = json!({"roomId": self.room_of(i), "content": stamped(index as u32, run.clock.now_micros())});
        let (connections, steps) = (connections.clone(), steps.clone());
        tokio::spawn(async move {
            let answer = connections[i].emit_with_ack("send-message", payload.to_string()).await;
            if answer.is_err() || answer.as_deref().is_ok_and(|a| ensure_ok(a).is_err()) {
                steps[index].refused.add(1);
            }
        });
    }
}
