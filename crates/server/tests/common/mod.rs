//! The test harness: a real server on a free port with a fresh database (SQLite, or PostgreSQL when
//! `WOXLY_TEST_POSTGRES` is set), driven over real HTTP and real Socket.IO connections.
#![allow(dead_code, reason = "each test file uses a different part of the harness")]

pub mod cluster;
pub mod media_peer;
pub mod removal_race;
pub mod socket;

use std::{net::IpAddr, path::PathBuf, time::Duration};

use clap::Parser;
use reqwest::{Method, StatusCode, header::HeaderMap};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use woxly_server::{RunningServer, config::Config};
use woxly_store::test_support::TestDatabase;

pub use socket::TestSocket;

/// A generous limit so that only the rate-limit tests meet it.
const UNLIMITED: &str = "1000000";

pub struct TestServer {
    api: Api,
    /// With `--http-redirect-listen`: where plain HTTP is redirected to HTTPS.
    pub redirect_addr: Option<std::net::SocketAddr>,
    pub db: TestDatabase,
    pub data_dir: tempfile::TempDir,
    args: Vec<String>,
    server: Option<RunningServer>,
}

/// A WOXLY server's API at `base`, as clients use it: any server, or any node of a cluster.
pub struct Api {
    pub base: String,
    http: reqwest::Client,
}

impl std::ops::Deref for TestServer {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl std::ops::DerefMut for TestServer {
    fn deref_mut(&mut self) -> &mut Api {
        &mut self.api
    }
}

/// A response: status, headers and the JSON body (`Null` when the body is not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// Starts with extra command-line flags, e.g. `["--auth-rate-per-minute", "3"]`.
    pub async fn start_with(flags: &[&str]) -> Self {
        let db = TestDatabase::fresh().await;
        let data_dir = tempfile::tempdir().expect("data directory");
        let mut args: Vec<String> = vec![
            "woxly".into(),
            "--data-dir".into(),
            data_dir.path().display().to_string(),
            "--database-url".into(),
            db.url.clone(),
            "--web-dir".into(),
            data_dir.path().join("no-web-client").display().to_string(),
            "--auth-rate-per-minute".into(),
            UNLIMITED.into(),
            "--search-rate-per-minute".into(),
            UNLIMITED.into(),
            "--socket-events-per-second".into(),
            UNLIMITED.into(),
            // Tests run side by side: each built-in TURN server on a free port.
            "--turn-listen".into(),
            "127.0.0.1:0".into(),
        ];
        args.extend(flags.iter().map(|f| (*f).to_owned()));
        let mut server = Self { api: Api::at(String::new()), redirect_addr: None, db, data_dir, args, server: None };
        server.boot().await;
        server
    }

    async fn boot(&mut self) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("free port");
        let config = Config::parse_from(&self.args);
        let running = woxly_server::start(config, listener).await.expect("server starts");
        let scheme = if running.tls_fingerprint.is_some() { "https" } else { "http" };
        self.api.base = format!("{scheme}://{}", running.addr);
        self.redirect_addr = running.redirect_addr;
        self.server = Some(running);
    }

    /// Stops the server and starts it again on the same database and data directory.
    pub async fn restart(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
        self.boot().await;
    }

    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
    }

    pub fn jwt_key_path(&self) -> PathBuf {
        self.data_dir.path().join("jwt.key")
    }
}

impl Api {
    pub fn at(base: String) -> Self {
        Self { base, http: reqwest::Client::new() }
    }

    /// The same API through another HTTP client (one that trusts a test's certificate).
    pub fn use_client(&mut self, http: reqwest::Client) {
        self.http = http;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request with a JSON body (or none) and an optional bearer token.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>, token: Option<&str>) -> Reply {
        let mut request = self.http.request(method, self.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        reply(request.send().await.expect("request sent")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.call(Method::GET, path, None, token).await
    }

    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> Reply {
        self.call(Method::POST, path, Some(body), token).await
    }

    /// A request with a raw body, for malformed input.
    pub async fn post_raw(&self, path: &str, content_type: Option<&str>, body: impl Into<reqwest::Body>) -> Reply {
        let mut request = self.http.post(self.url(path)).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        reply(request.send().await.expect("request sent")).await
    }

    /// A request sent from another loopback address (the whole 127.0.0.0/8 is this machine).
    pub async fn post_from(&self, source: IpAddr, path: &str, body: Value) -> Reply {
        let client = reqwest::Client::builder().local_address(source).build().expect("client");
        reply(client.post(self.url(path)).json(&body).send().await.expect("request sent")).await
    }

    /// Registers `username` (email derived from it) and returns the user and token.
    pub async fn register(&self, username: &str) -> (Value, String) {
        let email = format!("{}@example.com", hex(username));
        let reply = self
            .post("/api/auth/register", json!({"username": username, "email": email, "password": "password123"}), None)
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        let token = reply.body["token"].as_str().expect("token").to_owned();
        (reply.body["user"].clone(), token)
    }

    /// FILE-1: uploads `bytes` as `name` to a room.
    pub async fn upload(&self, token: &str, room_id: i64, name: &str, bytes: Vec<u8>) -> Reply {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
        let request = self.http.post(self.url(&format!("/api/rooms/{room_id}/attachments"))).bearer_auth(token);
        reply(request.multipart(form).send().await.expect("request sent")).await
    }

    /// Fetches a link's bytes without a token (as `<img src>` does): status, headers, bytes.
    pub async fn fetch(&self, link: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self.http.get(self.url(link)).send().await.expect("request sent");
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.bytes().await.expect("body").to_vec())
    }

    /// Makes `a` and `b` friends over REST (a asks, b accepts); the events are the caller's to check.
    pub async fn befriend(&self, a_token: &str, b: &Value, b_token: &str) {
        let sent = self.post("/api/friends/add", json!({"userId": b["id"]}), Some(a_token)).await;
        assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
        let request_id = sent.body["request"]["id"].as_i64().expect("request id");
        let accepted = self.post(&format!("/api/friends/requests/{request_id}/accept"), json!({}), Some(b_token)).await;
        assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    }

    /// Creates a private room inviting `invited` (user ids); returns the room.
    pub async fn create_room(&self, token: &str, name: &str, invited: &[&Value]) -> Value {
        let ids: Vec<Value> = invited.iter().map(|u| u["id"].clone()).collect();
        let reply =
            self.post("/api/rooms", json!({"name": name, "isPrivate": true, "invitedFriends": ids}), Some(token)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.body["room"].clone()
    }

    pub async fn me(&self, token: &str) -> Value {
        let reply = self.get("/api/users/me", Some(token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body["user"].clone()
    }

    /// Waits until `/api/users/me` shows `status` (disconnects are handled asynchronously).
    pub async fn wait_for_status(&self, token: &str, status: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let now = self.me(token).await["status"].as_str().unwrap_or_default().to_owned();
            if now == status {
                return;
            }
            assert!(tokio::time::Instant::now() < deadline, "status stayed {now}, expected {status}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Checks for a while that `/api/users/me` keeps showing `status` (that a close did not change it).
    pub async fn assert_status_stays(&self, token: &str, status: &str) {
        for _ in 0..25 {
            assert_eq!(self.me(token).await["status"], status);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Opens a Socket.IO connection with `auth: {token}`.
    pub async fn socket(&self, token: &str) -> TestSocket {
        TestSocket::connect(&self.base, Some(json!({ "token": token })), None).await.expect("socket connects")
    }

    /// Registers each of `names`: their users and tokens, in that order.
    pub async fn register_all(&self, names: &[&str]) -> Vec<(Value, String)> {
        let mut people = Vec::new();
        for name in names {
            people.push(self.register(name).await);
        }
        people
    }

    /// Makes `hub` a friend of each of `others`.
    pub async fn befriend_all(&self, hub: &(Value, String), others: &[(Value, String)]) {
        for (user, token) in others {
            self.befriend(&hub.1, user, token).await;
        }
    }

    /// One open tab per person, with what connecting caused (friends told) already heard, so each
    /// starts clean.
    pub async fn settled_tabs(&self, people: &[(Value, String)]) -> Vec<TestSocket> {
        let mut tabs = Vec::new();
        for (_, token) in people {
            tabs.push(self.socket(token).await);
        }
        for tab in &mut tabs {
            tab.settle().await;
        }
        tabs
    }

    /// `GET path` as `token`, which must answer 200; the list under `key`.
    pub async fn list(&self, path: &str, token: &str, key: &str) -> Vec<Value> {
        let reply = self.get(path, Some(token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
        reply.body[key].as_array().unwrap_or_else(|| panic!("{path}: no list {key:?}")).clone()
    }

    /// The notifications of `token` not read yet, newest first.
    pub async fn unread(&self, token: &str) -> Vec<Value> {
        self.list("/api/notifications?unread=true", token, "notifications").await
    }
}

/// The `id` of a user, room, message or notification as the API shows it.
pub fn id(value: &Value) -> i64 {
    value["id"].as_i64().unwrap_or_else(|| panic!("no id in {value}"))
}

pub fn ids(list: &[Value]) -> Vec<i64> {
    list.iter().map(id).collect()
}

/// The `username` of each user or participant.
pub fn names(list: &[Value]) -> Vec<&str> {
    list.iter().map(|u| u["username"].as_str().unwrap_or_else(|| panic!("no username in {u}"))).collect()
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("response body");
    Reply { status, headers, body: serde_json::from_slice(&bytes).unwrap_or(Value::Null) }
}

/// A stable ASCII spelling of any username, for emails.
fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

/// A certificate for 127.0.0.1 and localhost, valid from two days ago until `days` from now, as
/// (cert PEM, key PEM): for HTTPS and TURN over TLS (SAFE-1).
pub fn certificate(days: i64) -> (String, String) {
    let names = vec!["127.0.0.1".to_owned(), "localhost".to_owned()];
    let mut params = rcgen::CertificateParams::new(names).expect("params");
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(2);
    params.not_after = now + time::Duration::days(days);
    let key = rcgen::KeyPair::generate().expect("key");
    let cert = params.self_signed(&key).expect("certificate");
    (cert.pem(), key.serialize_pem())
}

/// An HTTPS client that trusts only `cert_pem`.
pub fn client_trusting(cert_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .add_root_certificate(reqwest::Certificate::from_pem(cert_pem.as_bytes()).expect("PEM"))
        .tls_built_in_root_certs(false)
        .https_only(true)
        .build()
        .expect("client")
}

/// A server on HTTPS with a fresh certificate (and `flags`), its API client trusting it; the
/// certificate's PEM.
pub async fn https_server(flags: &[&str]) -> (TestServer, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("dir");
    let (cert, key) = certificate(90);
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, &cert).expect("cert");
    std::fs::write(&key_path, &key).expect("key");
    let (cert_arg, key_arg) = (cert_path.display().to_string(), key_path.display().to_string());
    let mut all = vec!["--tls-cert", cert_arg.as_str(), "--tls-key", key_arg.as_str()];
    all.extend_from_slice(flags);
    let mut server = TestServer::start_with(&all).await;
    server.use_client(client_trusting(&cert));
    (server, cert, dir)
}
