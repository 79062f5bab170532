//! The built-in TURN (and STUN) server on one port, over UDP and TCP (for networks that block UDP),
//! checking WOXLY's REST credentials.

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use tokio::net::{TcpListener, UdpSocket};
use turn::{
    auth::{AuthHandler, generate_auth_key},
    relay::relay_static::RelayAddressGeneratorStatic,
    server::{
        Server,
        config::{ConnConfig, ServerConfig},
    },
};
use webrtc_util::vnet::net::Net;

use axum_server::tls_rustls::RustlsConfig;

use crate::voice::{
    credentials::TurnCredentials,
    peer_filter::{PeerFilteringRelays, PeerRule},
    turn_tcp::TcpTransport,
};

/// The realm TURN clients authenticate in; browsers take it from the server's challenge.
pub const REALM: &str = "woxly";

pub struct BuiltInTurn {
    server: Server,
    pub addr: SocketAddr,
    /// Where it answers over TLS (`turns:`), if it does.
    pub tls_addr: Option<SocketAddr>,
}

/// How the built-in server is set up.
pub struct TurnSettings {
    pub listen: SocketAddr,
    /// The address written into relayed candidates: where peers send media for this user.
    pub public_ip: IpAddr,
    /// Which peers the relays may reach.
    pub peers: PeerRule,
    /// SAFE-1: also TURN over TLS on this address, with HTTPS's certificate.
    pub tls: Option<(SocketAddr, RustlsConfig)>,
}

#[derive(Debug, thiserror::Error)]
pub enum TurnError {
    #[error("{protocol} {addr}: {source}")]
    Bind { protocol: &'static str, addr: SocketAddr, source: std::io::Error },
    #[error("{0}")]
    Turn(#[from] turn::Error),
}

impl BuiltInTurn {
    pub async fn start(settings: TurnSettings, credentials: Arc<TurnCredentials>) -> Result<Self, TurnError> {
        let (socket, tcp, addr) = bind_udp_and_tcp(settings.listen).await?;
        let tcp = TcpTransport::new(tcp, None).map_err(|source| TurnError::Bind { protocol: "TCP", addr, source })?;
        // Each transport has its own allocations; relays talk UDP to peers either way.
        let peers = Arc::new(settings.peers);
        let relays = || {
            let relays = RelayAddressGeneratorStatic {
                relay_address: settings.public_ip,
                address: settings.listen.ip().to_string(),
                net: Arc::new(Net::new(None)),
            };
            Box::new(PeerFilteringRelays { inner: Box::new(relays), peers: peers.clone() })
        };
        let mut conn_configs = vec![
            ConnConfig { conn: Arc::new(socket), relay_addr_generator: relays() },
            ConnConfig { conn: Arc::new(tcp), relay_addr_generator: relays() },
        ];
        let mut tls_addr = None;
        if let Some((listen, certificate)) = &settings.tls {
            let bind_error = |source| TurnError::Bind { protocol: "TLS", addr: *listen, source };
            let listener = TcpListener::bind(listen).await.map_err(bind_error)?;
            tls_addr = Some(listener.local_addr().map_err(bind_error)?);
            let tls = TcpTransport::new(listener, Some(certificate.clone())).map_err(bind_error)?;
            conn_configs.push(ConnConfig { conn: Arc::new(tls), relay_addr_generator: relays() });
        }
        let server = Server::new(ServerConfig {
            conn_configs,
            realm: REALM.to_owned(),
            auth_handler: Arc::new(RestCredentials(credentials)),
            channel_bind_timeout: Duration::ZERO, // the crate's default (10 minutes)
            alloc_close_notify: None,
        })
        .await?;
        let transports = if tls_addr.is_some() { "UDP, TCP, TLS" } else { "UDP, TCP" };
        tracing::info!(%addr, ?tls_addr, public_ip = %settings.public_ip, transports, "built-in TURN server started");
        Ok(Self { server, addr, tls_addr })
    }

    pub async fn stop(self) {
        if let Err(e) = self.server.close().await {
            tracing::warn!(error = %e, "closing the TURN server");
        }
    }
}

/// UDP and TCP on one port, as TURN servers do. Port 0 asks for any: the port UDP gets may be taken for
/// TCP (by some outgoing connection), so then a few ports are tried.
async fn bind_udp_and_tcp(listen: SocketAddr) -> Result<(UdpSocket, TcpListener, SocketAddr), TurnError> {
    let bind_error = |protocol, addr| move |source| TurnError::Bind { protocol, addr, source };
    let mut attempts = if listen.port() == 0 { 20 } else { 1 };
    loop {
        let socket = UdpSocket::bind(listen).await.map_err(bind_error("UDP", listen))?;
        let addr = socket.local_addr().map_err(bind_error("UDP", listen))?;
        match TcpListener::bind(addr).await {
            Ok(tcp) => return Ok((socket, tcp, addr)),
            Err(source) if source.kind() == std::io::ErrorKind::AddrInUse && attempts > 1 => attempts -= 1,
            Err(source) => return Err(TurnError::Bind { protocol: "TCP", addr, source }),
        }
    }
}

/// Accepts a username that has not expired, with the password WOXLY derived for it; a forged
/// password fails the message-integrity check against the key returned here.
struct RestCredentials(Arc<TurnCredentials>);

impl AuthHandler for RestCredentials {
    fn auth_handle(&self, username: &str, realm: &str, src_addr: SocketAddr) -> Result<Vec<u8>, turn::Error> {
        if !self.0.is_current(username) {
            tracing::debug!(%src_addr, "TURN credentials refused: expired or malformed username");
            return Err(turn::Error::Other("expired or malformed TURN username".to_owned()));
        }
        Ok(generate_auth_key(username, realm, &self.0.password(username)))
    }
}
