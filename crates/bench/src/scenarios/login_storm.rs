//! *login storm*: many logins at once (each one an argon2 verification) while connected people keep
//! using the socket — logins per second against what the hash allows on the server's cores, and the
//! echo latency of everyone else meanwhile.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use futures_util::{StreamExt, future::join_all, stream};
use serde_json::{Map, Value, json};

use crate::{
    recorder::{Counter, Latencies, round},
    scenarios::{Run, Scenario, ensure_ok, people},
    seed::{Db, PASSWORD},
};

#[derive(clap::Args, Debug)]
pub struct LoginStorm {
    /// Connected people echoing meanwhile (each alone in a room, toggling the microphone with an ack).
    #[arg(long, default_value_t = 1_000)]
    pub echo_clients: u32,
    /// Echoes per second per connected person.
    #[arg(long, default_value_t = 2.0)]
    pub echo_rate: f64,
    /// Logins in the storm.
    #[arg(long, default_value_t = 300)]
    pub logins: u32,
    /// Logins in flight at once.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
}

/// People who log in (the echoing people are 1..=echo_clients, these come after).
const LOGIN_PEOPLE: u32 = 100;

impl Scenario for LoginStorm {
    const NAME: &'static str = "login-storm";

    fn params(&self) -> Value {
        json!({"echoClients": self.echo_clients, "echoRatePerClient": self.echo_rate, "logins": self.logins,
               "concurrency": self.concurrency})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        db.users(self.echo_clients + LOGIN_PEOPLE).await?;
        db.rooms(&people(self.echo_clients).into_iter().map(|n| vec![n]).collect::<Vec<_>>()).await
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let hashes_per_s = hash_rate_per_core() * server_cores(&run.setup.server_cpus) as f64;
        let users = people(self.echo_clients);
        let connections = run.connect_all(&users, |i| vec![i as u32 + 1], |_| Arc::new(|_: &str, _: &str| {})).await?;
        let (quiet, storm) = (Latencies::new(), Latencies::new());
        let in_storm = AtomicBool::new(false);
        let stop = AtomicBool::new(false);
        let echo_failures = Counter::default();
        let period = Duration::from_secs_f64(1.0 / self.echo_rate);
        let echoes = connections.iter().enumerate().map(|(i, connection)| {
            let (quiet, storm, in_storm, stop, echo_failures) = (&quiet, &storm, &in_storm, &stop, &echo_failures);
            let everyone = users.len();
            async move {
                // Spread the people over the period instead of all echoing on the same tick.
                tokio::time::sleep(period.mul_f64(i as f64 / everyone as f64)).await;
                let mut interval = tokio::time::interval(period);
                let mut muted = false;
                while !stop.load(Ordering::Relaxed) {
                    interval.tick().await;
                    muted = !muted;
                    let payload = json!({"roomId": i + 1, "isMuted": muted}).to_string();
                    let during_storm = in_storm.load(Ordering::Relaxed);
                    let sent = Instant::now();
                    match connection.emit_with_ack("mic-toggle", payload).await {
                        Ok(ack) if ensure_ok(&ack).is_ok() => {
                            if during_storm {
                                storm.record(sent.elapsed())
                            } else {
                                quiet.record(sent.elapsed())
                            }
                        }
                        _ => echo_failures.add(1),
                    }
                }
            }
        });
        let storm_run = async {
            tokio::time::sleep(Duration::from_secs(3)).await;
            in_storm.store(true, Ordering::Relaxed);
            let outcome = self.storm(run).await;
            in_storm.store(false, Ordering::Relaxed);
            stop.store(true, Ordering::Relaxed);
            outcome
        };
        let (storm_outcome, _) = tokio::join!(storm_run, join_all(echoes));
        let (logins_per_s, failed) = storm_outcome?;
        let mut metrics = Map::new();
        metrics.insert("logins_per_s".into(), json!(round(logins_per_s)));
        metrics.insert("login_failures".into(), json!(failed));
        metrics.insert("hash_allows_per_s".into(), json!(round(hashes_per_s)));
        metrics.insert("share_of_hash_rate".into(), json!(round(logins_per_s / hashes_per_s)));
        metrics.insert("echo_failures".into(), json!(echo_failures.get()));
        quiet.summarize("echo_quiet", &mut metrics);
        storm.summarize("echo_storm", &mut metrics);
        Ok(metrics)
    }
}

impl LoginStorm {
    /// The storm itself: logins per second, and how many failed.
    async fn storm(&self, run: &Run<'_>) -> anyhow::Result<(f64, u64)> {
        let client = reqwest::Client::new();
        let url = format!("http://{}/api/auth/login", run.server.addr);
        let started = Instant::now();
        let outcomes: Vec<bool> = stream::iter(0..self.logins)
            .map(|k| {
                let (client, url) = (&client, &url);
                async move {
                    let who = format!("bench{}", self.echo_clients + 1 + k % LOGIN_PEOPLE);
                    let body = json!({"login": who, "password": PASSWORD});
                    client.post(url).json(&body).send().await.is_ok_and(|r| r.status().is_success())
                }
            })
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        let succeeded = outcomes.iter().filter(|ok| **ok).count() as u64;
        Ok((succeeded as f64 / started.elapsed().as_secs_f64(), self.logins as u64 - succeeded))
    }
}

/// Argon2 verifications per second on one core with the server's parameters (the crate's defaults),
/// measured here for two seconds.
fn hash_rate_per_core() -> f64 {
    let salt = SaltString::from_b64("YmVuY2hzYWx0YmVuY2hzYWx0").expect("valid salt");
    let hash = Argon2::default().hash_password(PASSWORD.as_bytes(), &salt).expect("hash").to_string();
    let parsed = PasswordHash::new(&hash).expect("parse");
    let started = Instant::now();
    let mut verified = 0u32;
    while started.elapsed() < Duration::from_secs(2) {
        Argon2::default().verify_password(PASSWORD.as_bytes(), &parsed).expect("verify");
        verified += 1;
    }
    f64::from(verified) / started.elapsed().as_secs_f64()
}

/// Cores in a taskset list such as `0`, `0,1` or `0-3`; without pinning, every core.
fn server_cores(list: &str) -> usize {
    if list.is_empty() {
        return std::thread::available_parallelism().map_or(1, usize::from);
    }
    list.split(',')
        .map(|part| match part.split_once('-') {
            Some((a, b)) => b.trim().parse::<usize>().unwrap_or(0) + 1 - a.trim().parse::<usize>().unwrap_or(0),
            None => 1,
        })
        .sum()
}
