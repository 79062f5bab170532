//! The built-in TURN server must not become a way into the server's own network: a relay only
//! reaches public addresses, unless configured for tests or a LAN. The `turn` crate has no permission
//! hook, so the relay sockets it allocates are wrapped: packets to a refused peer are not sent, and
//! packets from one are dropped.

use std::{
    any::Any,
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

use async_trait::async_trait;
use turn::relay::RelayAddressGenerator;
use webrtc_util::Conn;

/// Loopback, private (RFC 1918, unique local), link-local, shared (CGNAT), unspecified, multicast
/// and broadcast addresses: everything that is not a public unicast peer.
pub fn is_refused_peer(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || (a == 100 && (64..128).contains(&b))
                || a == 0
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_refused_peer(IpAddr::V4(v4)),
            None => {
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || v6.is_unique_local()
                    || v6.is_unicast_link_local()
            }
        },
    }
}

/// Allocates relays through `inner` and, unless private peers are allowed, wraps each in a filter.
pub struct PeerFilteringRelays {
    pub inner: Box<dyn RelayAddressGenerator + Send + Sync>,
    pub allow_private_peers: bool,
}

#[async_trait]
impl RelayAddressGenerator for PeerFilteringRelays {
    fn validate(&self) -> Result<(), turn::Error> {
        self.inner.validate()
    }

    async fn allocate_conn(
        &self,
        use_ipv4: bool,
        requested_port: u16,
    ) -> Result<(Arc<dyn Conn + Send + Sync>, SocketAddr), turn::Error> {
        let (conn, relay_addr) = self.inner.allocate_conn(use_ipv4, requested_port).await?;
        if self.allow_private_peers {
            return Ok((conn, relay_addr));
        }
        Ok((Arc::new(PublicPeersOnly { inner: conn }), relay_addr))
    }
}

/// A relay socket that talks only to public peers.
struct PublicPeersOnly {
    inner: Arc<dyn Conn + Send + Sync>,
}

#[async_trait]
impl Conn for PublicPeersOnly {
    async fn connect(&self, addr: SocketAddr) -> webrtc_util::Result<()> {
        refuse_private(addr)?;
        self.inner.connect(addr).await
    }

    async fn recv(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        Ok(self.recv_from(buf).await?.0)
    }

    async fn recv_from(&self, buf: &mut [u8]) -> webrtc_util::Result<(usize, SocketAddr)> {
        // An error here would end the allocation, so a refused peer's packet is skipped instead.
        loop {
            let (n, from) = self.inner.recv_from(buf).await?;
            if !is_refused_peer(from.ip()) {
                return Ok((n, from));
            }
        }
    }

    async fn send(&self, buf: &[u8]) -> webrtc_util::Result<usize> {
        self.inner.send(buf).await
    }

    async fn send_to(&self, buf: &[u8], target: SocketAddr) -> webrtc_util::Result<usize> {
        refuse_private(target)?;
        self.inner.send_to(buf, target).await
    }

    fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
        self.inner.local_addr()
    }

    fn remote_addr(&self) -> Option<SocketAddr> {
        self.inner.remote_addr()
    }

    async fn close(&self) -> webrtc_util::Result<()> {
        self.inner.close().await
    }

    fn as_any(&self) -> &(dyn Any + Send + Sync) {
        self
    }
}

fn refuse_private(peer: SocketAddr) -> webrtc_util::Result<()> {
    if is_refused_peer(peer.ip()) {
        return Err(webrtc_util::Error::Other(format!("relaying to {} is not allowed", peer.ip())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_unicast_peers_are_allowed() {
        for refused in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.10.10",
            "100.64.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:192.168.0.1",
            "ff02::1",
        ] {
            assert!(is_refused_peer(refused.parse().expect("ip")), "{refused} must be refused");
        }
        for allowed in ["8.8.8.8", "172.32.0.1", "100.128.0.1", "198.51.100.7", "2001:db8::1", "::ffff:8.8.4.4"] {
            assert!(!is_refused_peer(allowed.parse().expect("ip")), "{allowed} must be allowed");
        }
    }
}
