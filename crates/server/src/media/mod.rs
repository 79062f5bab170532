//! The forwarding server (SFU, VOICE-14). In a room whose voice goes through the server, each person's
//! browser keeps two peer connections with it — one it publishes its voice, camera and share on, one the
//! server forwards everyone else's on — instead of one per other person, so each uploads once however
//! many listen. Media ends here in str0m (sans-IO WebRTC in pure Rust: no C build, no separate media
//! server; webrtc-rs 0.20 is a fresh rewrite, and the mediasoup crate downloads its sources at build
//! time), on one UDP port for every room: packets are told apart by their ICE username, then by the
//! address it was learnt from.
//!
//! One task owns the socket and every connection ([`engine`]); the socket handlers talk to it through
//! [`Sfu`], and it sends the receiving connection's offers to the client as `media-offer` events.

mod budget;
mod endpoint;
mod engine;
pub mod forwarding;
mod layers;
mod speakers;

use std::{
    collections::BTreeMap,
    net::{IpAddr, SocketAddr},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
};

use tokio::{
    net::UdpSocket,
    sync::{mpsc, oneshot},
    task::JoinHandle,
};
use woxly_domain::service::events::{Audience, EventSink, ServerEvent};
use woxly_protocol::media::{MediaKind, SessionDescription};

use crate::media::engine::{Command, Engine};

/// Where the forwarding server listens, and the address browsers are told to send media to.
#[derive(Debug, Clone, Copy)]
pub struct MediaSettings {
    pub listen: SocketAddr,
    pub public_ip: IpAddr,
}

/// Whose connection an endpoint is: the room, the person, and the socket connection that signals it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Owner {
    pub room: i64,
    pub user: i64,
    pub connection: String,
}

/// Why the server refused a description.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the description is not a valid {0}: {1}")]
    Invalid(&'static str, String),
    #[error("there is no offer of ours waiting for an answer on this connection")]
    NoOfferPending,
    #[error("the forwarding server has stopped")]
    Stopped,
}

/// What the media port saw that it could not use: counted, never a failure (QUALITY-3 for media).
#[derive(Debug, Default)]
pub struct MediaCounters {
    /// Datagrams that are not STUN, DTLS, RTP or RTCP.
    pub malformed: AtomicU64,
    /// Datagrams no connection claims (an unknown ICE username, a stranger's address).
    pub unclaimed: AtomicU64,
    /// Datagrams a connection refused (a broken DTLS record, SRTP that does not decrypt…).
    pub refused: AtomicU64,
    /// Frames written to a receiving connection.
    pub forwarded_frames: AtomicU64,
    /// Voice frames held back: more people talked at once than are forwarded, and theirs was quieter.
    pub quieter_voice_frames: AtomicU64,
    /// Datagrams dropped because their connection sent more than its budget.
    pub over_budget: AtomicU64,
    /// Connections closed because they never completed ICE and DTLS in time.
    pub never_connected: AtomicU64,
    /// Connections open now (two per person in a room's voice through the server).
    pub connections: AtomicU64,
}

impl MediaCounters {
    fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

pub struct Sfu {
    commands: mpsc::UnboundedSender<Command>,
    addr: SocketAddr,
    task: JoinHandle<()>,
    emitter: JoinHandle<()>,
    pub counters: Arc<MediaCounters>,
}

impl Sfu {
    /// Binds the media port and starts forwarding; offers for receiving connections go out through
    /// `events`.
    pub async fn start(settings: MediaSettings, events: Arc<dyn EventSink>) -> std::io::Result<Self> {
        let socket = Arc::new(UdpSocket::bind(settings.listen).await?);
        let addr = socket.local_addr()?;
        let (commands, received) = mpsc::unbounded_channel();
        let (offers, mut to_emit) = mpsc::unbounded_channel::<(String, ServerEvent)>();
        let counters = Arc::new(MediaCounters::default());
        let engine = Engine::new(socket, SocketAddr::new(settings.public_ip, addr.port()), offers, counters.clone());
        let task = tokio::spawn(engine.run(received));
        // In the order they were made: a connection only ever has one offer out, but its replacement
        // must not overtake it.
        let emitter = tokio::spawn(async move {
            while let Some((connection, event)) = to_emit.recv().await {
                events.publish(Audience::Connections(vec![connection]), event).await;
            }
        });
        tracing::info!(%addr, "forwarding server (SFU) listening for media");
        Ok(Self { commands, addr, task, emitter, counters })
    }

    /// The media port's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `media-publish`: the person's offer (`session` names their pair of connections), answered.
    pub async fn publish(
        &self,
        owner: Owner,
        session: String,
        offer: SessionDescription,
        media: BTreeMap<String, MediaKind>,
    ) -> Result<SessionDescription, MediaError> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Publish { owner, session, offer, media, reply });
        answer.await.map_err(|_| MediaError::Stopped)?
    }

    /// `media-answer`: the answer to our last offer on the person's receiving connection.
    pub async fn answer(&self, owner: Owner, answer: SessionDescription) -> Result<(), MediaError> {
        let (reply, done) = oneshot::channel();
        self.send(Command::Answer { owner, answer, reply });
        done.await.map_err(|_| MediaError::Stopped)?
    }

    /// `media-view`: how tall the person shows each picture they receive (by mid of their receiving
    /// connection); the layer each is forwarded in follows.
    pub fn view(&self, owner: Owner, views: BTreeMap<String, u32>) {
        self.send(Command::View { owner, views });
    }

    /// `watch-share` was accepted: `viewer` receives `sharer`'s share (or none) from now on.
    pub fn watch(&self, room: i64, viewer: i64, sharer: Option<i64>) {
        self.send(Command::Watch { room, viewer, sharer });
    }

    /// A share stopped or started afresh: nobody watches it until they choose to again.
    pub fn share_changed(&self, room: i64, sharer: i64) {
        self.send(Command::ShareChanged { room, sharer });
    }

    /// The connection left the room's voice (or closed): its media connections close.
    pub fn leave(&self, connection: &str) {
        self.send(Command::Leave { connection: connection.to_owned() });
    }

    fn send(&self, command: Command) {
        // Only fails once the engine stopped, and then every caller gets `Stopped` from its reply.
        let _ = self.commands.send(command);
    }

    /// Stops forwarding and closes the media port (the server is stopping).
    pub fn stop(&self) {
        self.task.abort();
        self.emitter.abort();
    }
}
