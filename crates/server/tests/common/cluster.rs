//! Several WOXLY nodes as an operator runs them: `woxly` processes on one PostgreSQL database, one
//! data directory and one Redis of the test's own (the machine's `redis-server`, on a free port, so a
//! test can restart it and tests cannot see each other's keys). Nodes can be killed with SIGKILL or
//! stopped with SIGTERM.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use woxly_store::test_support::TestDatabase;

use super::{Api, socket::PATIENCE};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("address").port()
}

/// Waits until `ready` holds, for at most `within`.
fn wait_until(within: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + within;
    while !ready() {
        assert!(std::time::Instant::now() < deadline, "{what} did not happen within {within:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub struct TestRedis {
    pub port: u16,
    child: Child,
}

impl TestRedis {
    pub fn start() -> Self {
        let port = free_port();
        Self { port, child: Self::spawn(port) }
    }

    /// Nothing kept on disk, as the machine's Redis: a restart forgets every key.
    fn spawn(port: u16) -> Child {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server runs (Debian's redis-server package; scripts/ensure-system-packages installs it)");
        wait_until(PATIENCE, "Redis answering PING", || Self::answers(port));
        child
    }

    fn answers(port: u16) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
        let mut reply = [0u8; 7];
        stream.write_all(b"PING\r\n").is_ok() && stream.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Starts Redis again on the same port, empty, after [`stop`](Self::stop).
    pub fn start_again(&mut self) {
        self.child = Self::spawn(self.port);
    }

    /// Stops Redis at once (SIGKILL), as a crash would.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        self.stop();
    }
}

pub struct Node {
    pub api: Api,
    child: Child,
    log: PathBuf,
}

impl std::ops::Deref for Node {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl Node {
    fn signal(&mut self, signal: &str) {
        let status = Command::new("kill").args([signal, &self.child.id().to_string()]).status().expect("kill");
        assert!(status.success());
    }

    /// `kill -9`: the node vanishes without a word, as in a crash or a power cut.
    pub fn crash(mut self) {
        self.signal("-9");
        let _ = self.child.wait();
    }

    /// SIGTERM: the node shuts down; it must exit with success.
    pub fn stop(mut self) {
        self.signal("-TERM");
        let status = self.child.wait().expect("exit status");
        assert!(status.success(), "the node exited with {status}: {}", self.log());
    }

    /// What the node logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct TestCluster {
    pub db: TestDatabase,
    pub redis: TestRedis,
    pub data_dir: tempfile::TempDir,
    pub nodes: Vec<Node>,
}

impl TestCluster {
    /// `count` nodes, each started only once the one before listens; `flags` go to every node.
    pub async fn start(count: usize, flags: &[&str]) -> Self {
        let db = TestDatabase::fresh().await;
        assert!(
            db.is_postgres(),
            "several nodes need PostgreSQL: these tests run in the PostgreSQL suite (make test-postgres)"
        );
        let mut cluster =
            Self { db, redis: TestRedis::start(), data_dir: tempfile::tempdir().expect("data"), nodes: vec![] };
        for _ in 0..count {
            let node = cluster.spawn_node(flags);
            cluster.nodes.push(node);
        }
        cluster
    }

    fn spawn_node(&self, flags: &[&str]) -> Node {
        let port = free_port();
        let log = self.data_dir.path().join(format!("node-{port}.log"));
        let output = std::fs::File::create(&log).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_woxly"))
            .args(["--listen", &format!("127.0.0.1:{port}"), "--data-dir", &path(self.data_dir.path())])
            .args(["--database-url", &self.db.url, "--redis-url", &self.redis.url(), "--web-dir", "/nonexistent"])
            .args(["--turn-listen", "off", "--auth-rate-per-minute", "1000000", "--search-rate-per-minute", "1000000"])
            .args(["--socket-events-per-second", "1000000"])
            .args(flags)
            .env("WOXLY_LOG", "info")
            .env("WOXLY_LOG_FORMAT", "json")
            .stdout(output.try_clone().expect("log file"))
            .stderr(output)
            .spawn()
            .expect("woxly starts");
        let mut node = Node { api: Api::at(format!("http://127.0.0.1:{port}")), child, log };
        wait_until(PATIENCE * 3, "the node listening", || {
            if let Ok(Some(status)) = node.child.try_wait() {
                panic!("the node exited with {status}: {}", node.log());
            }
            BufReader::new(std::fs::File::open(&node.log).expect("log"))
                .lines()
                .map_while(Result::ok)
                .any(|line| line.contains("WOXLY is listening on"))
        });
        node
    }

    /// One more node, as the others.
    pub fn add_node(&mut self, flags: &[&str]) -> &Node {
        let node = self.spawn_node(flags);
        self.nodes.push(node);
        self.nodes.last().expect("just added")
    }
}

fn path(path: &Path) -> String {
    path.display().to_string()
}
