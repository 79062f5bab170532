//! The scenarios, and what they share: a seeded template, runs that alternate between the servers, and
//! clients connected by the thousand.

pub mod busy_evening;
pub mod chat_write;
pub mod fanout;
pub mod flow;
pub mod history;
pub mod idle;
pub mod login_storm;
pub mod reactions;
pub mod reconnect_storm;
pub mod search;
pub mod voice_join;

use std::{
    io::Write,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::{Map, Value, json};

use crate::{
    recorder::{Clock, round},
    seed::{Db, token},
    socket::{Connection, EventHandler},
    target::{Server, Setup, Target, Template},
};

/// Connections opened (and rooms joined) at once while a scenario sets up: a ramp, not a storm. Every
/// join into a room of thousands sends the whole participant list back and tells everyone already
/// there, so many at once overfill the server's per-connection queues (then pings time out).
const SETUP_CONCURRENCY: usize = 32;

pub trait Scenario {
    const NAME: &'static str;
    /// The parameters, printed at start and kept with the figures.
    fn params(&self) -> Value;
    /// Fills the template database once per invocation.
    async fn seed(&self, db: &Db) -> anyhow::Result<()>;
    /// One measured run against a started server; the figures.
    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>>;
}

/// What one run works with.
pub struct Run<'a> {
    /// The server (a cluster's first node).
    pub server: &'a Server,
    /// Every node: one, or a cluster's; client i talks to node i mod n.
    pub nodes: &'a [Server],
    pub setup: &'a Setup,
    pub clock: Arc<Clock>,
    /// The run's own database, for checks after the fact (what was really stored).
    pub database_url: String,
}

impl Run<'_> {
    /// Client `i`'s source address: 127.0.0.1 … 127.0.0.N in turn.
    pub fn source(&self, i: usize) -> IpAddr {
        let n = u8::try_from(i % usize::from(self.setup.sources.max(1))).unwrap_or(0);
        IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1 + n))
    }

    /// The node client `i` talks to, and its source address.
    pub fn addresses(&self, i: usize) -> (SocketAddr, IpAddr) {
        (self.nodes[i % self.nodes.len()].addr, self.source(i))
    }

    pub async fn connect(&self, i: usize, user: u32, on_event: EventHandler) -> anyhow::Result<Connection> {
        let (server, source) = self.addresses(i);
        Connection::open(server, source, &token(user), on_event).await.map_err(|e| anyhow::anyhow!("user {user}: {e}"))
    }

    /// Connects `users` (client i is `users[i]`), `SETUP_CONCURRENCY` at a time, each joining `rooms(i)`.
    /// Fails if any cannot: the measurement would not be of the load it claims.
    pub async fn connect_all(
        &self,
        users: &[u32],
        rooms: impl Fn(usize) -> Vec<u32>,
        on_event: impl Fn(usize) -> EventHandler,
    ) -> anyhow::Result<Vec<Connection>> {
        let rooms = &rooms;
        let on_event = &on_event;
        // The first failure ends the set-up (a server that stopped answering would otherwise cost a
        // connect timeout per remaining client).
        stream::iter(users.iter().enumerate())
            .map(|(i, &user)| async move {
                let connection = self.connect(i, user, on_event(i)).await?;
                for room in rooms(i) {
                    join_room(&connection, room).await?;
                }
                anyhow::Ok(connection)
            })
            .buffered(SETUP_CONCURRENCY)
            .try_collect()
            .await
    }
}

/// `join-room` and its acknowledgement (raw JSON), which must say ok.
pub async fn join_room(connection: &Connection, room: u32) -> anyhow::Result<String> {
    let ack = connection.emit_with_ack("join-room", room.to_string()).await?;
    ensure_ok(&ack).with_context(|| format!("join-room {room}"))?;
    Ok(ack)
}

pub fn ensure_ok(ack: &str) -> anyhow::Result<()> {
    if ack.starts_with("{\"ok\":true") || serde_json::from_str::<Value>(ack).is_ok_and(|v| v["ok"] == true) {
        Ok(())
    } else {
        bail!("refused: {ack}")
    }
}

/// Seeds the template, then runs the scenario `setup.runs` times against each target in turn.
pub async fn execute<S: Scenario>(scenario: &S, setup: &Setup) -> anyhow::Result<()> {
    let params = scenario.params();
    println!("== {} on {:?}: {params}", S::NAME, setup.db);
    let seeding = Instant::now();
    let (template, db) = Template::create(setup).await?;
    scenario.seed(&db).await?;
    db.close().await?;
    println!("   seeded in {:.1} s", seeding.elapsed().as_secs_f64());
    let clock = Arc::new(Clock::new());
    for run_number in 1..=setup.runs {
        for &kind in &setup.targets {
            let run_dir = std::path::absolute(setup.work_dir.join(format!("run-{kind:?}").to_lowercase()))?;
            let _ = std::fs::remove_dir_all(&run_dir);
            std::fs::create_dir_all(&run_dir)?;
            let database_url = template.fresh_copy(&run_dir).await?;
            let target = Target::start(kind, setup, &database_url, &run_dir).await?;
            let run = Run { server: &target.nodes[0], nodes: &target.nodes, setup, clock: clock.clone(), database_url };
            let started = Instant::now();
            let outcome = scenario.run(&run).await;
            target.stop().await?;
            let mut metrics = outcome.with_context(|| format!("{} against {kind:?}", S::NAME))?;
            metrics.insert("seconds".into(), json!(round(started.elapsed().as_secs_f64())));
            println!("   {kind:?} run {run_number}: {}", Value::Object(metrics.clone()));
            if let Some(out) = &setup.out {
                let line = json!({
                    "scenario": S::NAME, "db": setup.db, "target": kind, "run": run_number,
                    "params": params, "metrics": metrics,
                });
                let mut file = std::fs::OpenOptions::new().create(true).append(true).open(out)?;
                writeln!(file, "{line}")?;
            }
            // Let the sockets of the previous run leave TIME_WAIT's way and the machine settle.
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
    Ok(())
}

/// Open-loop pacing: a kind's `n`th event is due `n / per_second` seconds in, whether or not the
/// server kept up with the ones before.
pub struct Pace {
    per_second: f64,
    next: usize,
}

impl Pace {
    pub fn new(per_second: f64) -> Self {
        Self { per_second, next: 0 }
    }

    /// The numbers of the events due by `elapsed` that were not due before.
    pub fn due(&mut self, elapsed: Duration) -> std::ops::Range<usize> {
        let due = ((elapsed.as_secs_f64() * self.per_second) as usize).max(self.next);
        let range = self.next..due;
        self.next = due;
        range
    }
}

/// People 1..=n, numbered in order.
pub fn people(n: u32) -> Vec<u32> {
    (1..=n).collect()
}

/// The text of a message that carries its send time: `b:<step>:<micros>:`.
pub fn stamped(step: u32, micros: u64) -> String {
    format!("b:{step}:{micros}:")
}

/// The step and send time in a raw `new-message` payload, if it is one of ours.
pub fn read_stamp(payload: &str) -> Option<(u32, u64)> {
    let start = payload.find("\"content\":\"b:")? + "\"content\":\"b:".len();
    let mut parts = payload[start..].splitn(3, ':');
    let step = parts.next()?.parse().ok()?;
    let micros = parts.next()?.parse().ok()?;
    Some((step, micros))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_survive_the_message_payload() {
        let payload = format!(r#"{{"id":7,"roomId":1,"content":"{}","sender":{{"id":2}}}}"#, stamped(3, 123456));
        assert_eq!(read_stamp(&payload), Some((3, 123456)));
        assert_eq!(read_stamp(r#"{"content":"hello"}"#), None);
    }
}
