//! What a scenario runs against: a fresh database (SQLite file or PostgreSQL database, copied from a
//! seeded template so every run starts from the same state) and a server process (WOXLY's release
//! binary or the Node.js baseline), pinned to its own cores when `taskset` is there.

use std::{
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::Stdio,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use sqlx::{Connection, Executor, PgConnection};
use tokio::process::{Child, Command};

use crate::seed::Db;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// WOXLY's server (the release binary).
    Woxly,
    /// An earlier build of WOXLY (`--before-bin`), run beside the current one to measure a change.
    Before,
    /// The Node.js socket.io baseline in bench/baseline.
    Node,
    /// WOXLY in cluster mode: one node per `--cluster-cpus` entry, each pinned there, on PostgreSQL and
    /// a Redis of the run's own; client i talks to node i mod n.
    Cluster,
}

/// Where the servers and databases come from; shared by every scenario.
#[derive(clap::Args, Clone, Debug)]
pub struct Setup {
    /// Database backend.
    #[arg(long, value_enum, default_value_t = Backend::Sqlite)]
    pub db: Backend,
    /// Servers to compare, in the order each run starts them.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "woxly,node")]
    pub targets: Vec<Kind>,
    /// Runs per target (alternating targets, so both see the same noise); the report takes medians.
    #[arg(long, default_value_t = 3)]
    pub runs: u32,
    /// WOXLY's server binary.
    #[arg(long, default_value = "target/release/woxly")]
    pub woxly_bin: PathBuf,
    /// The `before` target's binary: WOXLY built from the commit before a change.
    #[arg(long, default_value = "target/bench/woxly-before")]
    pub before_bin: PathBuf,
    /// The baseline's folder (server.js and its node_modules).
    #[arg(long, default_value = "bench/baseline")]
    pub baseline_dir: PathBuf,
    /// PostgreSQL server (an administrative database on it); benchmark databases are created on it.
    #[arg(long, env = "WOXLY_BENCH_POSTGRES", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    pub postgres: String,
    /// Where SQLite files and server data go.
    #[arg(long, default_value = "target/bench")]
    pub work_dir: PathBuf,
    /// CPUs the server is pinned to (taskset list); empty for no pinning.
    #[arg(long, default_value = "0")]
    pub server_cpus: String,
    /// The `cluster` target's nodes: one taskset list each, separated by `;`.
    #[arg(long, value_delimiter = ';', default_value = "0;1")]
    pub cluster_cpus: Vec<String>,
    /// Source addresses 127.0.0.1 … 127.0.0.N for the clients, so no one address runs out of ports.
    #[arg(long, default_value_t = 8)]
    pub sources: u8,
    /// Append each run's figures as a JSON line to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// The seeded template database, copied for every run.
pub struct Template {
    backend: Backend,
    sqlite_file: PathBuf,
    postgres_server: String,
}

const PG_TEMPLATE: &str = "woxly_bench_template";
const PG_RUN: &str = "woxly_bench_run";

impl Template {
    /// An empty database with WOXLY's schema (its own migrations), open for seeding.
    pub async fn create(setup: &Setup) -> anyhow::Result<(Self, Db)> {
        std::fs::create_dir_all(&setup.work_dir)?;
        let template = Self {
            backend: setup.db,
            sqlite_file: std::path::absolute(setup.work_dir.join("template.db"))?,
            postgres_server: setup.postgres.clone(),
        };
        let url = match setup.db {
            Backend::Sqlite => {
                remove_sqlite_files(&template.sqlite_file)?;
                format!("sqlite://{}", template.sqlite_file.display())
            }
            Backend::Postgres => {
                let mut admin = PgConnection::connect(&setup.postgres).await.context("connect to PostgreSQL")?;
                admin.execute(format!("DROP DATABASE IF EXISTS {PG_RUN} WITH (FORCE)").as_str()).await?;
                admin.execute(format!("DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)").as_str()).await?;
                admin.execute(format!("CREATE DATABASE {PG_TEMPLATE}").as_str()).await?;
                database_url(&setup.postgres, PG_TEMPLATE)
            }
        };
        let store = woxly_store::SqlStore::connect(&url).await.map_err(|e| anyhow::anyhow!("migrate: {e}"))?;
        store.close().await;
        let db = Db::connect(&url).await?;
        Ok((template, db))
    }

    /// A fresh copy of the seeded template for one run; its URL for the server.
    pub async fn fresh_copy(&self, run_dir: &Path) -> anyhow::Result<String> {
        match self.backend {
            Backend::Sqlite => {
                let file = run_dir.join("woxly.db");
                remove_sqlite_files(&file)?;
                std::fs::copy(&self.sqlite_file, &file).context("copy the template database")?;
                Ok(format!("sqlite://{}", file.display()))
            }
            Backend::Postgres => {
                let mut admin = PgConnection::connect(&self.postgres_server).await?;
                admin.execute(format!("DROP DATABASE IF EXISTS {PG_RUN} WITH (FORCE)").as_str()).await?;
                admin.execute(format!("CREATE DATABASE {PG_RUN} TEMPLATE {PG_TEMPLATE}").as_str()).await?;
                Ok(database_url(&self.postgres_server, PG_RUN))
            }
        }
    }
}

fn remove_sqlite_files(file: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let path = PathBuf::from(format!("{}{suffix}", file.display()));
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// `postgres://user@host:port/admin` → the same server's database `name`.
fn database_url(server: &str, name: &str) -> String {
    let (base, _) = server.rsplit_once('/').unwrap_or((server, ""));
    format!("{base}/{name}")
}

/// What a run measures: one server, or the nodes of a cluster with their Redis.
pub struct Target {
    pub nodes: Vec<Server>,
    redis: Option<Child>,
}

impl Target {
    pub async fn start(kind: Kind, setup: &Setup, database_url: &str, run_dir: &Path) -> anyhow::Result<Self> {
        if kind != Kind::Cluster {
            let server = Server::start(kind, setup, &setup.server_cpus, database_url, run_dir, None).await?;
            return Ok(Self { nodes: vec![server], redis: None });
        }
        if setup.db != Backend::Postgres {
            bail!("the cluster target needs --db postgres");
        }
        let port = free_port()?;
        let redis = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("start redis-server (Debian's redis-server package)")?;
        let redis_url = format!("redis://127.0.0.1:{port}");
        let mut target = Self { nodes: Vec::new(), redis: Some(redis) };
        for cpus in &setup.cluster_cpus {
            let node = Server::start(Kind::Woxly, setup, cpus, database_url, run_dir, Some(&redis_url)).await?;
            target.nodes.push(node);
        }
        Ok(target)
    }

    pub async fn stop(self) -> anyhow::Result<()> {
        for node in self.nodes {
            node.stop().await?;
        }
        if let Some(mut redis) = self.redis {
            redis.kill().await?;
        }
        Ok(())
    }
}

/// A server under test, listening on a free loopback port.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub kind: Kind,
}

/// The JWT key both servers sign and check tokens with; the generator mints tokens with it too.
pub const JWT_SECRET: &str = "woxly-bench-jwt-secret-0123456789abcdef0123456789abcdef";

impl Server {
    /// A server pinned to `cpus` (a taskset list, empty for none); a cluster node with `redis_url`.
    async fn start(
        kind: Kind,
        setup: &Setup,
        cpus: &str,
        database_url: &str,
        run_dir: &Path,
        redis_url: Option<&str>,
    ) -> anyhow::Result<Self> {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));
        let mut command = match cpus {
            "" => Command::new(program(kind, setup)?),
            cpus => {
                let mut taskset = Command::new("taskset");
                taskset.arg("-c").arg(cpus).arg(program(kind, setup)?);
                taskset
            }
        };
        match kind {
            Kind::Woxly | Kind::Before | Kind::Cluster => {
                if let Some(url) = redis_url {
                    command.arg("--redis-url").arg(url);
                }
                command
                    .arg("--listen")
                    .arg(addr.to_string())
                    .arg("--data-dir")
                    .arg(run_dir)
                    .arg("--log")
                    .arg("warn")
                    .arg("--turn-listen")
                    .arg("off")
                    // The storms are the point: no rate limit gets in their way.
                    .arg("--auth-rate-per-minute")
                    .arg("100000000")
                    .arg("--search-rate-per-minute")
                    .arg("100000000")
                    .arg("--socket-events-per-second")
                    .arg("1000000");
            }
            Kind::Node => {
                command.arg(setup.baseline_dir.join("server.js")).env("PORT", addr.port().to_string());
            }
        }
        let child = command
            .env("DATABASE_URL", database_url)
            .env("WOXLY_JWT_SECRET", JWT_SECRET)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("start the {kind:?} server"))?;
        let mut server = Self { child, addr, kind };
        server.wait_until_healthy().await?;
        Ok(server)
    }

    async fn wait_until_healthy(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let url = format!("http://{}/api/health", self.addr);
        let client = reqwest::Client::new();
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("the {:?} server exited at start: {status}", self.kind);
            }
            if client.get(&url).send().await.is_ok_and(|r| r.status().is_success()) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("the {:?} server did not answer {url} within 60 s", self.kind)
    }

    /// The server's resident memory (VmRSS), in KiB.
    pub fn rss_kib(&self) -> anyhow::Result<u64> {
        let pid = self.child.id().context("the server has exited")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .context("no VmRSS in /proc/<pid>/status")
    }

    /// Stops the server the way an operator would (SIGTERM), or kills it after 10 s.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill").arg("-TERM").arg(pid.to_string()).status().await;
        }
        if tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await.is_err() {
            self.child.kill().await?;
        }
        Ok(())
    }
}

fn program(kind: Kind, setup: &Setup) -> anyhow::Result<PathBuf> {
    match kind {
        Kind::Woxly | Kind::Cluster => built(&setup.woxly_bin, "build it with `cargo build --release --bin woxly`"),
        Kind::Before => built(&setup.before_bin, "build the earlier commit's `woxly` and copy it there"),
        Kind::Node => {
            if !setup.baseline_dir.join("node_modules").exists() {
                bail!("the baseline is not installed: run bench/install-baseline");
            }
            Ok(PathBuf::from("node"))
        }
    }
}

/// `path` made absolute, if a binary is there; else an error saying `how` to get one.
fn built(path: &Path, how: &str) -> anyhow::Result<PathBuf> {
    let bin = std::path::absolute(path)?;
    if !bin.exists() {
        bail!("{} is missing: {how}", bin.display());
    }
    Ok(bin)
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
