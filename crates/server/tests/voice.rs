//! VOICE-4, VOICE-7 over real interfaces: `GET /api/voice/ice-servers` over HTTP, and the built-in
//! TURN server over real UDP, TCP and TLS with the `turn` crate's client — allocation with the
//! handed-out credentials, refusal of forged and expired ones, and the relay's refusal of private peers.

mod common;

use std::{any::Any, net::SocketAddr, sync::Arc, time::Duration};

use async_trait::async_trait;
use clap::Parser;
use common::{TestServer, https_server};
use reqwest::StatusCode;
use rustls_pki_types::{CertificateDer, ServerName, pem::PemObject};
use serde_json::Value;
use tokio::{
    io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt},
    net::{TcpListener, TcpStream, UdpSocket},
    sync::Mutex,
};
use turn::client::{Client, ClientConfig};
use webrtc_util::Conn;
use woxly_server::{
    config::Config,
    voice::{credentials::TurnCredentials, turn_tcp::message_length},
};

struct Credentials {
    turn_addr: SocketAddr,
    username: String,
    password: String,
}

/// The ice servers as a user gets them, with the built-in server's address taken from its TURN URL.
async fn ice_servers(server: &TestServer) -> (Value, Credentials) {
    let (user, token) = server.register("voicer").await;
    let reply = server.get("/api/voice/ice-servers", Some(&token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let turn = reply.body["iceServers"]
        .as_array()
        .expect("iceServers")
        .iter()
        .find(|s| s["urls"][0].as_str().is_some_and(|u| u.starts_with("turn:")))
        .expect("a TURN entry")
        .clone();
    let url = turn["urls"][0].as_str().expect("url");
    let host_port = url.trim_start_matches("turn:").split('?').next().expect("host:port");
    let credentials = Credentials {
        turn_addr: host_port.parse().expect("an IP and port"),
        username: turn["username"].as_str().expect("username").to_owned(),
        password: turn["credential"].as_str().expect("credential").to_owned(),
    };
    let owner = credentials.username.split_once(':').expect("expiry:userId").1;
    assert_eq!(owner, user["id"].to_string(), "the username names its user");
    (reply.body, credentials)
}

async fn turn_client(addr: SocketAddr, username: &str, password: &str) -> Client {
    let socket = UdpSocket::bind("127.0.0.1:0").await.expect("client socket");
    turn_client_over(Arc::new(socket), addr, username, password).await
}

async fn turn_client_over(
    conn: Arc<dyn Conn + Send + Sync>,
    addr: SocketAddr,
    username: &str,
    password: &str,
) -> Client {
    let client = Client::new(ClientConfig {
        stun_serv_addr: addr.to_string(),
        turn_serv_addr: addr.to_string(),
        username: username.to_owned(),
        password: password.to_owned(),
        realm: "woxly".to_owned(),
        software: String::new(),
        rto_in_ms: 0,
        conn,
        vnet: None,
    })
    .await
    .expect("client");
    client.listen().await.expect("listen");
    client
}

#[tokio::test]
async fn ice_servers_give_the_built_in_stun_and_turn_with_short_lived_rest_credentials() {
    let server = TestServer::start_with(&["--turn-credential-seconds", "120"]).await;
    assert_eq!(server.get("/api/voice/ice-servers", None).await.status, StatusCode::UNAUTHORIZED);

    let (body, credentials) = ice_servers(&server).await;
    assert_eq!(body["ttl"], 120);
    let servers = body["iceServers"].as_array().expect("list");
    let stun = &servers[0];
    assert_eq!(stun["urls"][0], format!("stun:{}", credentials.turn_addr));
    assert!(stun.get("username").is_none(), "STUN needs no credentials: {stun}");
    assert_eq!(servers[1]["urls"][0], format!("turn:{}?transport=udp", credentials.turn_addr));
    assert_eq!(servers[1]["urls"][1], format!("turn:{}?transport=tcp", credentials.turn_addr));

    let expiry = credentials.username.split_once(':').expect("expiry:userId").0;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
    let expiry: u64 = expiry.parse().expect("unix seconds");
    assert!((now + 115..=now + 125).contains(&expiry), "expires in the configured 120 s: {expiry} vs {now}");

    // The password is the coturn derivation of the secret kept in the data directory.
    let secret = std::fs::read(server.data_dir.path().join("turn.key")).expect("turn.key generated at first start");
    assert_eq!(
        credentials.password,
        TurnCredentials::new(secret, Duration::from_secs(1)).password(&credentials.username)
    );
    server.stop().await;
}

#[tokio::test]
async fn external_turn_servers_get_the_same_credentials_and_the_built_in_one_can_be_off() {
    let server = TestServer::start_with(&[
        "--turn-listen",
        "off",
        "--turn-urls",
        "turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349",
        "--stun-urls",
        "stun:stun.example.com:3478",
    ])
    .await;
    let (_, token) = server.register("external").await;
    let body = server.get("/api/voice/ice-servers", Some(&token)).await.body;
    let servers = body["iceServers"].as_array().expect("list");
    assert_eq!(servers.len(), 2, "{body}");
    assert_eq!(servers[0]["urls"], serde_json::json!(["stun:stun.example.com:3478"]));
    assert_eq!(
        servers[1]["urls"],
        serde_json::json!(["turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349"])
    );
    assert!(servers[1]["username"].as_str().is_some_and(|u| u.contains(':')));
    server.stop().await;
}

#[tokio::test]
async fn the_turn_server_allocates_for_valid_credentials_and_refuses_forged_or_expired_ones() {
    let server = TestServer::start_with(&["--turn-credential-seconds", "2"]).await;
    let (_, credentials) = ice_servers(&server).await;

    let client = turn_client(credentials.turn_addr, &credentials.username, &credentials.password).await;
    let relay = client.allocate().await.expect("allocation with valid credentials");
    assert_eq!(relay.local_addr().expect("relayed address").ip().to_string(), "127.0.0.1");
    let mapped = client.send_binding_request().await.expect("STUN binding on the same port");
    assert_eq!(mapped.ip().to_string(), "127.0.0.1");
    client.close().await.expect("close");

    let forged = turn_client(credentials.turn_addr, &credentials.username, "bm90IHRoZSBwYXNzd29yZA==").await;
    assert!(forged.allocate().await.is_err(), "a forged password is refused");
    forged.close().await.expect("close");

    let someone_else = format!("{}:999", credentials.username.split(':').next().expect("expiry"));
    let reused = turn_client(credentials.turn_addr, &someone_else, &credentials.password).await;
    assert!(reused.allocate().await.is_err(), "a password is bound to its username");
    reused.close().await.expect("close");

    tokio::time::sleep(Duration::from_millis(3100)).await;
    let late = turn_client(credentials.turn_addr, &credentials.username, &credentials.password).await;
    assert!(late.allocate().await.is_err(), "expired credentials are refused");
    late.close().await.expect("close");
    server.stop().await;
}

/// Sends through a relay to a UDP peer on loopback; returns what the peer received, if anything.
async fn relay_to_loopback_peer(server: &TestServer) -> Option<Vec<u8>> {
    let (_, credentials) = ice_servers(server).await;
    let client = turn_client(credentials.turn_addr, &credentials.username, &credentials.password).await;
    let relay = client.allocate().await.expect("allocation");
    let peer = UdpSocket::bind("127.0.0.1:0").await.expect("peer");
    relay.send_to(b"hello through the relay", peer.local_addr().expect("addr")).await.expect("sent to the server");
    let mut buf = [0u8; 64];
    let received = tokio::time::timeout(Duration::from_secs(2), peer.recv_from(&mut buf)).await;
    let result = received.ok().map(|r| {
        let (n, from) = r.expect("recv");
        assert_eq!(from, relay.local_addr().expect("relayed address"), "it came from the relayed address");
        buf[..n].to_vec()
    });
    client.close().await.expect("close");
    result
}

#[tokio::test]
async fn the_relay_refuses_loopback_peers_unless_configured_for_tests() {
    let guarded = TestServer::start().await;
    assert_eq!(relay_to_loopback_peer(&guarded).await, None, "nothing reaches a loopback peer by default");
    guarded.stop().await;

    let testing = TestServer::start_with(&["--turn-allow-private-peers"]).await;
    assert_eq!(relay_to_loopback_peer(&testing).await.as_deref(), Some(&b"hello through the relay"[..]));
    testing.stop().await;
}

#[tokio::test]
async fn a_turn_server_on_every_interface_needs_a_public_ip() {
    let dir = tempfile::tempdir().expect("dir");
    let config = Config::parse_from([
        "woxly",
        "--data-dir",
        &dir.path().display().to_string(),
        "--web-dir",
        "/nonexistent",
        "--turn-listen",
        "0.0.0.0:0",
    ]);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("port");
    let error = woxly_server::start(config, listener).await.err().expect("refused");
    assert!(error.to_string().contains("WOXLY_TURN_PUBLIC_IP"), "{error}");
}

/// The client's end of TURN over TCP or TLS, as the `turn` crate's client wants it: a datagram socket
/// whose every datagram goes to (and comes from) the server, cut from the stream by message length.
struct TcpToServer {
    server: SocketAddr,
    local: SocketAddr,
    reader: Mutex<Box<dyn AsyncRead + Send + Unpin>>,
    writer: Mutex<Box<dyn AsyncWrite + Send + Unpin>>,
}

impl TcpToServer {
    async fn connect(server: SocketAddr) -> Arc<Self> {
        let stream = TcpStream::connect(server).await.expect("TURN over TCP");
        let local = stream.local_addr().expect("addr");
        Self::over(server, local, stream)
    }

    /// TURN over TLS (`turns:`), trusting only `cert_pem`.
    async fn connect_tls(server: SocketAddr, cert_pem: &str) -> Arc<Self> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(CertificateDer::from_pem_slice(cert_pem.as_bytes()).expect("PEM")).expect("root");
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        let stream = TcpStream::connect(server).await.expect("TURN over TLS");
        let local = stream.local_addr().expect("addr");
        let name = ServerName::from(server.ip());
        let tls =
            tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, stream).await.expect("TLS handshake");
        Self::over(server, local, tls)
    }

    fn over(server: SocketAddr, local: SocketAddr, stream: impl AsyncRead + AsyncWrite + Send + 'static) -> Arc<Self> {
        let (reader, writer) = tokio::io::split(stream);
        Arc::new(Self { server, local, reader: Mutex::new(Box::new(reader)), writer: Mutex::new(Box::new(writer)) })
    }
}

#[async_trait]
impl Conn for TcpToServer {
    async fn connect(&self, _: SocketAddr) -> webrtc_util::Result<()> {
        Ok(())
    }
    async fn recv(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        Ok(self.recv_from(buf).await?.0)
    }
    async fn recv_from(&self, buf: &mut [u8]) -> webrtc_util::Result<(usize, SocketAddr)> {
        let mut reader = self.reader.lock().await;
        reader.read_exact(&mut buf[..4]).await?;
        let total = message_length([buf[0], buf[1], buf[2], buf[3]]).ok_or(webrtc_util::Error::ErrBufferShort)?;
        reader.read_exact(&mut buf[4..total]).await?;
        Ok((total, self.server))
    }
    async fn send(&self, buf: &[u8]) -> webrtc_util::Result<usize> {
        let mut writer = self.writer.lock().await;
        writer.write_all(buf).await?;
        writer.flush().await?;
        Ok(buf.len())
    }
    async fn send_to(&self, buf: &[u8], _: SocketAddr) -> webrtc_util::Result<usize> {
        self.send(buf).await
    }
    fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
        Ok(self.local)
    }
    fn remote_addr(&self) -> Option<SocketAddr> {
        Some(self.server)
    }
    async fn close(&self) -> webrtc_util::Result<()> {
        Ok(())
    }
    fn as_any(&self) -> &(dyn Any + Send + Sync) {
        self
    }
}

#[tokio::test]
async fn over_tcp_the_turn_server_allocates_and_relays_both_ways_and_refuses_a_forged_password() {
    let server = TestServer::start_with(&["--turn-allow-private-peers"]).await;
    let (_, credentials) = ice_servers(&server).await;

    let tcp = TcpToServer::connect(credentials.turn_addr).await;
    let client = turn_client_over(tcp, credentials.turn_addr, &credentials.username, &credentials.password).await;
    let mapped = client.send_binding_request().await.expect("STUN binding over TCP");
    assert_eq!(mapped.ip().to_string(), "127.0.0.1");
    let relay = client.allocate().await.expect("allocation over TCP with valid credentials");
    let relayed = relay.local_addr().expect("relayed address");

    // Client → relay → peer over UDP, and the peer's answer back down the TCP connection.
    let peer = UdpSocket::bind("127.0.0.1:0").await.expect("peer");
    let peer_addr = peer.local_addr().expect("addr");
    relay.send_to(b"over tcp, out by udp", peer_addr).await.expect("sent");
    let mut buf = [0u8; 64];
    let (n, from) = tokio::time::timeout(Duration::from_secs(10), peer.recv_from(&mut buf))
        .await
        .expect("the peer hears the client")
        .expect("recv");
    assert_eq!((&buf[..n], from), (&b"over tcp, out by udp"[..], relayed));
    peer.send_to(b"and back", relayed).await.expect("peer answers");
    let (n, from) = tokio::time::timeout(Duration::from_secs(10), relay.recv_from(&mut buf))
        .await
        .expect("the client hears the peer")
        .expect("recv");
    assert_eq!((&buf[..n], from), (&b"and back"[..], peer_addr));
    relay.close().await.expect("release the allocation");
    client.close().await.expect("close");

    // A closed allocation does not take the TCP listener with it: the next connection allocates too.
    let tcp = TcpToServer::connect(credentials.turn_addr).await;
    let again = turn_client_over(tcp, credentials.turn_addr, &credentials.username, &credentials.password).await;
    again.allocate().await.expect("a second allocation over TCP");
    again.close().await.expect("close");

    let tcp = TcpToServer::connect(credentials.turn_addr).await;
    let forged = turn_client_over(tcp, credentials.turn_addr, &credentials.username, "bm90IHRoZSBwYXNzd29yZA==").await;
    assert!(forged.allocate().await.is_err(), "a forged password is refused over TCP too");
    forged.close().await.expect("close");
    server.stop().await;
}

/// SAFE-1: with HTTPS on and `--turns-listen`, the ICE servers offer `turns:`, and the built-in server
/// allocates and relays over TLS with HTTPS's certificate.
#[tokio::test]
async fn over_tls_the_turn_server_allocates_and_relays_with_the_https_certificate() {
    let (server, cert, _dir) = https_server(&["--turn-allow-private-peers", "--turns-listen", "127.0.0.1:0"]).await;
    let (body, credentials) = ice_servers(&server).await;
    let turn_urls = body["iceServers"][1]["urls"].as_array().expect("TURN URLs").clone();
    let turns = turn_urls.iter().filter_map(Value::as_str).find(|u| u.starts_with("turns:")).expect("a turns: URL");
    let tls_addr: SocketAddr =
        turns.trim_start_matches("turns:").split('?').next().expect("host:port").parse().expect("IP and port");
    assert!(turns.ends_with("?transport=tcp"), "{turns}");

    let tls = TcpToServer::connect_tls(tls_addr, &cert).await;
    let client = turn_client_over(tls, tls_addr, &credentials.username, &credentials.password).await;
    let relay = client.allocate().await.expect("allocation over TLS");
    let relayed = relay.local_addr().expect("relayed address");
    let peer = UdpSocket::bind("127.0.0.1:0").await.expect("peer");
    let peer_addr = peer.local_addr().expect("addr");
    relay.send_to(b"over tls", peer_addr).await.expect("sent");
    let mut buf = [0u8; 64];
    let (n, from) = tokio::time::timeout(Duration::from_secs(10), peer.recv_from(&mut buf))
        .await
        .expect("the peer hears the client")
        .expect("recv");
    assert_eq!((&buf[..n], from), (&b"over tls"[..], relayed));
    peer.send_to(b"back over tls", relayed).await.expect("peer answers");
    let (n, _) = tokio::time::timeout(Duration::from_secs(10), relay.recv_from(&mut buf))
        .await
        .expect("the client hears the peer")
        .expect("recv");
    assert_eq!(&buf[..n], b"back over tls");
    client.close().await.expect("close");

    // Plain TCP on the TLS port gets no TURN answer: the connection is closed after a failed handshake.
    let mut plain = TcpStream::connect(tls_addr).await.expect("connect");
    plain
        .write_all(&[0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        .await
        .expect("write");
    let read = tokio::time::timeout(Duration::from_secs(15), plain.read(&mut buf)).await.expect("answered or closed");
    assert!(read.map_or(true, |n| n == 0 || buf[0] == 0x15), "a TLS alert or a close, never a STUN answer");
    server.stop().await;
}

#[tokio::test]
async fn turns_listen_without_https_is_refused_at_start() {
    let data = tempfile::tempdir().expect("dir");
    let config = Config::parse_from([
        "woxly",
        "--data-dir",
        data.path().to_str().expect("utf-8"),
        "--turn-listen",
        "127.0.0.1:0",
        "--turns-listen",
        "127.0.0.1:0",
    ]);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("port");
    let error = woxly_server::start(config, listener).await.err().expect("refused");
    assert!(error.to_string().contains("--turns-listen"), "{error}");
}
