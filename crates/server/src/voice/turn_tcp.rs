//! VOICE-7, TURN over TCP (RFC 5766 §2.1): for networks that drop UDP, the client reaches the built-in server
//! over TCP and the relay still talks UDP to the peer, so no RFC 6062 (TCP relays) is needed.
//!
//! Written by hand because the `turn` crate's server reads datagrams from a [`Conn`] and has no TCP
//! listener, and no other maintained Rust TURN server embeds in a tokio program. Over TCP the
//! messages are the same as over UDP, one after another on the stream: a STUN message is 20 bytes of
//! header plus the length in its header; a ChannelData message 4 bytes plus its length padded to a
//! multiple of 4. This module cuts the streams into those messages and hands each to the crate as
//! if it were a datagram from the connection; the crate's replies and relayed data go back down the
//! connection they belong to.
//!
//! Over TCP an allocation belongs to its connection (RFC 5766 §2.1), but the crate keys allocations by
//! source address and cannot be told a connection closed: its allocation lives on until it expires.
//! Browsers reconnect from the same port (and a NAT maps them to the same one), and the crate would
//! refuse the new connection's Allocate as a mismatch with the old one. So each connection is shown
//! to the crate under an address of its own: the client's IP with a port that no live connection from
//! that IP has, taken in turn — the crate's answers carry that port as the "mapped address", which
//! over TCP nothing uses.
//!
//! SAFE-1: the same transport serves TURN over TLS (`turns:`) on a port of its own, for networks that
//! let only TLS out: each connection first completes a TLS handshake with the server's certificate
//! (the one HTTPS serves, reloads included), then carries the same messages.

use std::{
    any::Any,
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use axum_server::tls_rustls::RustlsConfig;
use tokio::{
    io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::{Mutex as AsyncMutex, mpsc},
    task::JoinHandle,
};
use tokio_rustls::TlsAcceptor;
use webrtc_util::Conn;

/// More clients than this at once are refused (each holds two small tasks and buffers).
const MAX_CONNECTIONS: usize = 4096;
/// A connection that says nothing for longer than an allocation lives (10 minutes) is gone.
const IDLE_TIMEOUT: Duration = Duration::from_secs(11 * 60);
/// Messages waiting to be written to one client; past this, relayed media is dropped as UDP would.
const OUTGOING_QUEUE: usize = 256;
/// A TLS client that has not finished its handshake by then is dropped.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

type Frame = (Vec<u8>, SocketAddr);
type Clients = Arc<Mutex<ClientTable>>;

/** The live connections by the address the crate knows each by, and the next port to try. */
#[derive(Default)]
struct ClientTable {
    by_address: HashMap<SocketAddr, mpsc::Sender<Vec<u8>>>,
    next_port: u16,
}

impl ClientTable {
    /// An address for a new connection from `ip` that no live connection has.
    fn add(&mut self, ip: std::net::IpAddr, client: mpsc::Sender<Vec<u8>>) -> SocketAddr {
        loop {
            self.next_port = self.next_port.checked_add(1).unwrap_or(1);
            let address = SocketAddr::new(ip, self.next_port);
            if let std::collections::hash_map::Entry::Vacant(entry) = self.by_address.entry(address) {
                entry.insert(client);
                return address;
            }
        }
    }
}

/// The TCP side of the built-in TURN server, seen by the `turn` crate as one datagram socket.
pub struct TcpTransport {
    local: SocketAddr,
    incoming: AsyncMutex<mpsc::Receiver<Frame>>,
    clients: Clients,
    acceptor: JoinHandle<()>,
}

impl TcpTransport {
    /// Plain TCP, or TLS with `tls`'s certificate (as it is at each connection).
    pub fn new(listener: TcpListener, tls: Option<RustlsConfig>) -> std::io::Result<Self> {
        let local = listener.local_addr()?;
        let (to_server, incoming) = mpsc::channel(1024);
        let clients = Arc::new(Mutex::new(ClientTable::default()));
        let acceptor = tokio::spawn(accept(listener, tls, to_server, Arc::clone(&clients)));
        Ok(Self { local, incoming: AsyncMutex::new(incoming), clients, acceptor })
    }
}

impl Drop for TcpTransport {
    fn drop(&mut self) {
        self.acceptor.abort();
    }
}

async fn accept(listener: TcpListener, tls: Option<RustlsConfig>, to_server: mpsc::Sender<Frame>, clients: Clients) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors and the like: wait a moment rather than spin.
                tracing::warn!(%error, "TURN/TCP accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        while connections.try_join_next().is_some() {}
        if connections.len() >= MAX_CONNECTIONS {
            tracing::warn!(%peer, "TURN/TCP connection refused: too many clients");
            continue;
        }
        let _ = stream.set_nodelay(true);
        let (to_server, clients) = (to_server.clone(), Arc::clone(&clients));
        match &tls {
            None => connections.spawn(serve(stream, peer.ip(), to_server, clients)),
            Some(tls) => {
                let handshake = TlsAcceptor::from(tls.get_inner()).accept(stream);
                connections.spawn(async move {
                    match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, handshake).await {
                        Ok(Ok(stream)) => serve(stream, peer.ip(), to_server, clients).await,
                        _ => tracing::debug!(%peer, "TURN/TLS handshake failed"),
                    }
                })
            }
        };
    }
}

/// One client's connection, until it ends: its messages to the TURN server, the server's to it.
async fn serve(
    stream: impl AsyncRead + AsyncWrite + Send + 'static,
    ip: std::net::IpAddr,
    to_server: mpsc::Sender<Frame>,
    clients: Clients,
) {
    let (reader, mut writer) = tokio::io::split(stream);
    let (to_client, mut outgoing) = mpsc::channel::<Vec<u8>>(OUTGOING_QUEUE);
    let peer = lock(&clients).add(ip, to_client);
    let write = async {
        while let Some(message) = outgoing.recv().await {
            if writer.write_all(&message).await.is_err() || writer.flush().await.is_err() {
                break;
            }
        }
    };
    // Whichever ends first (the client hung up, sent garbage, or cannot be written to) ends both.
    tokio::select! {
        () = read_messages(reader, peer, &to_server) => {}
        () = write => {}
    }
    lock(&clients).by_address.remove(&peer);
}

/// Hands each complete message from the client to the TURN server, until the stream ends or breaks.
async fn read_messages(reader: impl AsyncRead + Unpin, peer: SocketAddr, to_server: &mpsc::Sender<Frame>) {
    let mut reader = BufReader::new(reader);
    loop {
        let mut header = [0u8; 4];
        match tokio::time::timeout(IDLE_TIMEOUT, reader.read_exact(&mut header)).await {
            Ok(Ok(_)) => {}
            _ => return,
        }
        let Some(total) = message_length(header) else {
            tracing::debug!(%peer, "TURN/TCP: not a STUN or ChannelData message; closing");
            return;
        };
        let mut message = vec![0u8; total];
        message[..4].copy_from_slice(&header);
        if reader.read_exact(&mut message[4..]).await.is_err() || to_server.send((message, peer)).await.is_err() {
            return;
        }
    }
}

/// The length of the message whose first 4 bytes are `header`: STUN messages start with two zero
/// bits, ChannelData with a channel number in 0x4000–0x7FFF (RFC 5766 §11). `None`: neither.
pub fn message_length(header: [u8; 4]) -> Option<usize> {
    let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
    match header[0] >> 6 {
        0b00 => Some(20 + length),
        0b01 => Some(4 + length.div_ceil(4) * 4),
        _ => None,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[async_trait]
impl Conn for TcpTransport {
    async fn connect(&self, _addr: SocketAddr) -> webrtc_util::Result<()> {
        Err(std::io::Error::other("a listening TURN/TCP transport does not connect").into())
    }

    async fn recv(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        Ok(self.recv_from(buf).await?.0)
    }

    async fn recv_from(&self, buf: &mut [u8]) -> webrtc_util::Result<(usize, SocketAddr)> {
        let (message, peer) =
            self.incoming.lock().await.recv().await.ok_or_else(|| std::io::Error::other("TURN/TCP closed"))?;
        // The server's buffer holds a whole UDP datagram (1600 bytes); larger messages are not TURN's.
        let n = message.len().min(buf.len());
        buf[..n].copy_from_slice(&message[..n]);
        Ok((n, peer))
    }

    async fn send(&self, _buf: &[u8]) -> webrtc_util::Result<usize> {
        Err(std::io::Error::other("a TURN/TCP transport sends to a client by address").into())
    }

    async fn send_to(&self, buf: &[u8], target: SocketAddr) -> webrtc_util::Result<usize> {
        let client = lock(&self.clients).by_address.get(&target).cloned();
        match client {
            // A full queue drops the message, as a congested UDP path would.
            Some(client) => {
                let _ = client.try_send(buf.to_vec());
                Ok(buf.len())
            }
            // The client hung up (every call ends so): dropped, as UDP would, without an error the
            // TURN crate would log as one.
            None => {
                tracing::debug!(%target, "dropped a packet for a TURN/TCP connection that has closed");
                Ok(buf.len())
            }
        }
    }

    fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
        Ok(self.local)
    }

    fn remote_addr(&self) -> Option<SocketAddr> {
        None
    }

    /// Does nothing, as for the crate's UDP socket: the crate calls this on the server's shared socket
    /// whenever one allocation closes. The listener stops when the transport is dropped.
    async fn close(&self) -> webrtc_util::Result<()> {
        Ok(())
    }

    fn as_any(&self) -> &(dyn Any + Send + Sync) {
        self
    }
}

#[cfg(test)]
mod tests {
    use tokio::net::TcpStream;

    use super::*;

    #[test]
    fn message_lengths_follow_rfc_5766() {
        // A Binding request with no attributes: 20 bytes.
        assert_eq!(message_length([0x00, 0x01, 0x00, 0x00]), Some(20));
        assert_eq!(message_length([0x01, 0x13, 0x00, 0x24]), Some(56));
        // ChannelData of 5 bytes is padded to 8 on TCP.
        assert_eq!(message_length([0x40, 0x00, 0x00, 0x05]), Some(12));
        assert_eq!(message_length([0x7f, 0xff, 0x00, 0x08]), Some(12));
        // Leading bits 10 or 11 are neither.
        assert_eq!(message_length([0x80, 0, 0, 0]), None);
        assert_eq!(message_length([0xc0, 0, 0, 0]), None);
    }

    #[tokio::test]
    async fn messages_split_across_writes_arrive_whole_and_replies_go_back() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("test io");
        let transport = TcpTransport::new(listener, None).expect("test io");
        let mut client = TcpStream::connect(transport.local_addr().expect("test io")).await.expect("test io");
        // Two messages, the first written in two pieces, the second glued to the first's tail.
        let binding = [0x00u8, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        let channel_data = [0x40u8, 0x01, 0x00, 0x03, b'a', b'b', b'c', 0];
        client.write_all(&binding[..7]).await.expect("test io");
        client.flush().await.expect("test io");
        let mut rest = binding[7..].to_vec();
        rest.extend_from_slice(&channel_data);
        client.write_all(&rest).await.expect("test io");

        let mut buf = [0u8; 1600];
        let (n, from) = transport.recv_from(&mut buf).await.expect("test io");
        assert_eq!(&buf[..n], &binding);
        assert_eq!(from.ip(), client.local_addr().expect("test io").ip());
        let (n, _) = transport.recv_from(&mut buf).await.expect("test io");
        assert_eq!(&buf[..n], &channel_data);

        transport.send_to(b"reply", from).await.expect("test io");
        let mut reply = [0u8; 5];
        client.read_exact(&mut reply).await.expect("test io");
        assert_eq!(&reply, b"reply");

        // Garbage closes the connection; the client is forgotten.
        client.write_all(&[0xff; 8]).await.expect("test io");
        let mut end = [0u8; 1];
        assert_eq!(client.read(&mut end).await.expect("test io"), 0);
        // A packet for it is dropped as UDP would drop it: no error for the TURN crate to log.
        assert_eq!(transport.send_to(b"late", from).await.expect("dropped, not refused"), 4);

        // An allocation closing closes "the" socket as far as the crate knows: others still connect.
        transport.close().await.expect("close");
        let mut again = TcpStream::connect(transport.local_addr().expect("addr")).await.expect("still listening");
        again.write_all(&binding).await.expect("test io");
        let (n, _) = transport.recv_from(&mut buf).await.expect("test io");
        assert_eq!(&buf[..n], &binding);
    }

    #[test]
    fn every_live_connection_has_an_address_of_its_own_even_from_a_reused_port() {
        let mut table = ClientTable::default();
        let ip = std::net::IpAddr::from([198, 51, 100, 7]);
        let (sender, _receiver) = mpsc::channel(1);
        let first = table.add(ip, sender.clone());
        let second = table.add(ip, sender.clone());
        assert_ne!(first, second);
        table.by_address.remove(&first);
        assert_ne!(table.add(ip, sender.clone()), first, "a closed connection's address is not handed out next");
        // Past the last port it starts again at 1, skipping the ones in use.
        // (ports 2 and 3 are the live connections above).
        table.next_port = u16::MAX;
        table.by_address.insert(SocketAddr::new(ip, 1), sender.clone());
        assert_eq!(table.add(ip, sender).port(), 4);
    }
}
