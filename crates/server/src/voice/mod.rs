//! Voice (VOICE-4): the ICE servers handed to clients, with short-lived TURN credentials, and the
//! built-in TURN/STUN server that relays media when no direct path between two browsers opens.

pub mod credentials;
pub mod peer_filter;
pub mod turn_server;
pub mod turn_tcp;

use std::{net::SocketAddr, sync::Arc};

use woxly_protocol::voice::{IceServer, IceServersResponse};

use crate::voice::credentials::TurnCredentials;

/// What `GET /api/voice/ice-servers` answers: the built-in server (when it runs) and any configured
/// external STUN/TURN servers, the TURN ones with credentials for the asking user.
pub struct IceServers {
    pub credentials: Arc<TurnCredentials>,
    /// Where the built-in TURN server listens, if it runs.
    pub built_in: Option<SocketAddr>,
    /// Where it answers over TLS (`turns:`), if it does (SAFE-1).
    pub built_in_tls: Option<SocketAddr>,
    /// The host name clients reach the built-in server at; `None`: the host of their request.
    pub built_in_host: Option<String>,
    pub external_turn_urls: Vec<String>,
    pub stun_urls: Vec<String>,
}

impl IceServers {
    /// `request_host` is the host (without port, an IPv6 literal in brackets or not) the client
    /// reached this server with.
    pub fn for_user(&self, user_id: i64, request_host: &str) -> IceServersResponse {
        let credential = self.credentials.issue(user_id);
        let mut ice_servers = Vec::new();
        let mut stun_urls = Vec::new();
        let mut turn_urls = Vec::new();
        if let Some(addr) = self.built_in {
            let host = self.built_in_host.as_deref().unwrap_or(request_host);
            let host_port = host_and_port(host, addr.port());
            stun_urls.push(format!("stun:{host_port}"));
            turn_urls.push(format!("turn:{host_port}?transport=udp"));
            // For networks that drop UDP: slower (head-of-line blocking), so browsers prefer UDP.
            turn_urls.push(format!("turn:{host_port}?transport=tcp"));
            // For networks that let only TLS out.
            if let Some(tls) = self.built_in_tls {
                turn_urls.push(format!("turns:{}?transport=tcp", host_and_port(host, tls.port())));
            }
        }
        stun_urls.extend(self.stun_urls.iter().cloned());
        turn_urls.extend(self.external_turn_urls.iter().cloned());
        if !stun_urls.is_empty() {
            ice_servers.push(IceServer { urls: stun_urls, username: None, credential: None });
        }
        if !turn_urls.is_empty() {
            ice_servers.push(IceServer {
                urls: turn_urls,
                username: Some(credential.username),
                credential: Some(credential.password),
            });
        }
        IceServersResponse { ice_servers, ttl: self.credentials.lifetime_seconds() }
    }
}

/// `host:port`, with an IPv6 literal in brackets as URLs need it.
fn host_and_port(host: &str, port: u16) -> String {
    if host.contains(':') && !host.starts_with('[') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }
}
