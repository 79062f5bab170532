//! The built-in TURN server must not become a way into the server's own network: a relay only
//! reaches public addresses, unless configured for tests or a LAN. The `turn` crate has no permission
//! hook, so the relay sockets it allocates are wrapped: packets to a refused peer are not sent, and
//! packets from one are dropped.

use std::{
    any::Any,
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    sync::Arc,
};

use async_trait::async_trait;
use ipnet::IpNet;
use turn::relay::RelayAddressGenerator;
use webrtc_util::Conn;

/// IANA's IPv4 special-purpose address registry (RFC 6890 and its updates), with multicast and the
/// reserved 240/4: none of it is a public unicast peer a relay should reach.
const SPECIAL_V4: &[(Ipv4Addr, u8)] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 8),       // "this network"
    (Ipv4Addr::new(10, 0, 0, 0), 8),      // private (RFC 1918)
    (Ipv4Addr::new(100, 64, 0, 0), 10),   // shared address space (CGNAT)
    (Ipv4Addr::new(127, 0, 0, 0), 8),     // loopback
    (Ipv4Addr::new(169, 254, 0, 0), 16),  // link-local
    (Ipv4Addr::new(172, 16, 0, 0), 12),   // private
    (Ipv4Addr::new(192, 0, 0, 0), 24),    // IETF protocol assignments
    (Ipv4Addr::new(192, 0, 2, 0), 24),    // documentation (TEST-NET-1)
    (Ipv4Addr::new(192, 31, 196, 0), 24), // AS112-v4
    (Ipv4Addr::new(192, 52, 193, 0), 24), // AMT
    (Ipv4Addr::new(192, 88, 99, 0), 24),  // deprecated 6to4 relay anycast
    (Ipv4Addr::new(192, 168, 0, 0), 16),  // private
    (Ipv4Addr::new(192, 175, 48, 0), 24), // direct delegation AS112 service
    (Ipv4Addr::new(198, 18, 0, 0), 15),   // benchmarking
    (Ipv4Addr::new(198, 51, 100, 0), 24), // documentation (TEST-NET-2)
    (Ipv4Addr::new(203, 0, 113, 0), 24),  // documentation (TEST-NET-3)
    (Ipv4Addr::new(224, 0, 0, 0), 4),     // multicast
    (Ipv4Addr::new(240, 0, 0, 0), 4),     // reserved, and the limited broadcast address
];

/// IANA's IPv6 special-purpose address registry, with multicast. The IPv4-mapped (`::ffff:0:0/96`)
/// and well-known NAT64 (`64:ff9b::/96`) forms are judged by the IPv4 address they carry.
const SPECIAL_V6: &[(Ipv6Addr, u8)] = &[
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0), 128),             // unspecified
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 1), 128),             // loopback
    (Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48),      // local-use IPv4/IPv6 translation
    (Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0), 64),          // discard-only
    (Ipv6Addr::new(0x100, 0, 0, 1, 0, 0, 0, 0), 64),          // dummy prefix
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23), // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32), // documentation
    (Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16), // 6to4
    (Ipv6Addr::new(0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0), 48), // direct delegation AS112 service
    (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20), // documentation
    (Ipv6Addr::new(0x5f00, 0, 0, 0, 0, 0, 0, 0), 16), // segment routing SIDs
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7),  // unique local
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10), // link-local unicast
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8),  // multicast
];

const NAT64: Ipv6Addr = Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0);

/// Whether a relay must not reach `ip`: every special-purpose address (loopback, private, link-local,
/// shared, documentation, benchmarking, multicast, reserved…), the IPv4-mapped and NAT64 forms of one
/// included. Only public unicast peers are reached. Written out here because the standard library's
/// `is_global` is not stable.
pub fn is_refused_peer(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            SPECIAL_V4.iter().any(|&(net, len)| in_prefix(v4.to_bits().into(), net.to_bits().into(), len, 32))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_refused_peer(IpAddr::V4(v4));
            }
            if in_prefix(v6.to_bits(), NAT64.to_bits(), 96, 128) {
                return is_refused_peer(IpAddr::V4(Ipv4Addr::from_bits(v6.to_bits() as u32)));
            }
            SPECIAL_V6.iter().any(|&(net, len)| in_prefix(v6.to_bits(), net.to_bits(), len, 128))
        }
    }
}

/// Whether the first `len` of `width` bits of `address` are `network`'s.
fn in_prefix(address: u128, network: u128, len: u8, width: u32) -> bool {
    let shift = width - u32::from(len);
    address.checked_shr(shift).unwrap_or(0) == network.checked_shr(shift).unwrap_or(0)
}

/// Which peers a relay may reach: public ones, and besides them every address when `allow_private`
/// (tests on loopback, a LAN) or the ranges `also_allowed` names (a lab network, one LAN).
#[derive(Debug, Clone, Default)]
pub struct PeerRule {
    pub allow_private: bool,
    pub also_allowed: Vec<IpNet>,
}

impl PeerRule {
    pub fn refuses(&self, ip: IpAddr) -> bool {
        !self.allow_private && is_refused_peer(ip) && !self.also_allowed.iter().any(|net| net.contains(&ip))
    }
}

/// Allocates relays through `inner` and, unless every peer is allowed, wraps each in a filter.
pub struct PeerFilteringRelays {
    pub inner: Box<dyn RelayAddressGenerator + Send + Sync>,
    pub peers: Arc<PeerRule>,
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
        if self.peers.allow_private {
            return Ok((conn, relay_addr));
        }
        Ok((Arc::new(PublicPeersOnly { inner: conn, peers: self.peers.clone() }), relay_addr))
    }
}

/// A relay socket that talks only to the peers its rule allows.
struct PublicPeersOnly {
    inner: Arc<dyn Conn + Send + Sync>,
    peers: Arc<PeerRule>,
}

#[async_trait]
impl Conn for PublicPeersOnly {
    async fn connect(&self, addr: SocketAddr) -> webrtc_util::Result<()> {
        if self.peers.refuses(addr.ip()) {
            return Err(webrtc_util::Error::Other(format!("relaying to {} is not allowed", addr.ip())));
        }
        self.inner.connect(addr).await
    }

    async fn recv(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        Ok(self.recv_from(buf).await?.0)
    }

    async fn recv_from(&self, buf: &mut [u8]) -> webrtc_util::Result<(usize, SocketAddr)> {
        // An error here would end the allocation, so a refused peer's packet is skipped instead.
        loop {
            let (n, from) = self.inner.recv_from(buf).await?;
            if !self.peers.refuses(from.ip()) {
                return Ok((n, from));
            }
        }
    }

    async fn send(&self, buf: &[u8]) -> webrtc_util::Result<usize> {
        self.inner.send(buf).await
    }

    async fn send_to(&self, buf: &[u8], target: SocketAddr) -> webrtc_util::Result<usize> {
        // Browsers try every candidate, private ones included: dropping those is routine, so it is not
        // an error the TURN crate would log as one.
        if self.peers.refuses(target.ip()) {
            tracing::debug!(peer = %target.ip(), "dropped a relayed packet to a non-public peer");
            return Ok(buf.len());
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One address in each special-purpose range (and at its edges where they are close to public
    /// ones), then public peers, among them the NAT64 and IPv4-mapped forms of a public address.
    #[test]
    fn only_public_unicast_peers_are_allowed() {
        for refused in [
            "0.1.2.3",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.255",
            "127.0.0.1",
            "169.254.10.10",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.9",
            "192.0.2.1",
            "192.31.196.1",
            "192.52.193.1",
            "192.88.99.1",
            "192.168.1.1",
            "192.175.48.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.5",
            "224.0.0.1",
            "239.1.1.1",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "64:ff9b:1::1",
            "100::1",
            "100:0:0:1::1",
            "2001::1",
            "2001:2::1",
            "2001:20::1",
            "2001:db8::1",
            "2002:c000:201::1",
            "2620:4f:8000::1",
            "3fff::1",
            "5f00::1",
            "fc00::1",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:192.168.0.1",
            "::ffff:198.18.0.1",
            "64:ff9b::a00:1",
            "64:ff9b::c612:1",
        ] {
            assert!(is_refused_peer(refused.parse().expect("ip")), "{refused} must be refused");
        }
        for allowed in [
            "1.1.1.1",
            "8.8.8.8",
            "100.128.0.1",
            "172.32.0.1",
            "192.0.1.1",
            "198.20.0.1",
            "223.255.255.254",
            "2001:200::1",
            "2606:4700::1111",
            "2a00:1450::1",
            "::ffff:8.8.4.4",
            "64:ff9b::808:808",
        ] {
            assert!(!is_refused_peer(allowed.parse().expect("ip")), "{allowed} must be allowed");
        }
    }

    #[test]
    fn a_named_range_is_let_through_and_nothing_else() {
        let lab = PeerRule { allow_private: false, also_allowed: vec!["198.18.0.0/15".parse().expect("cidr")] };
        assert!(!lab.refuses("198.18.1.2".parse().expect("ip")) && !lab.refuses("198.19.0.1".parse().expect("ip")));
        assert!(lab.refuses("10.0.1.2".parse().expect("ip")) && lab.refuses("127.0.0.1".parse().expect("ip")));
        assert!(!lab.refuses("8.8.8.8".parse().expect("ip")));
        let everything = PeerRule { allow_private: true, also_allowed: Vec::new() };
        assert!(!everything.refuses("127.0.0.1".parse().expect("ip")));
    }
}
