//! A synthetic participant of a room whose media goes through the server (VOICE-14): str0m in the
//! browser's place. It publishes known frames — a voice, and a camera or a share — on one connection and
//! receives on the other what the server forwards, recording each frame under the sender and kind the
//! server's `media-offer` named for its section. Many of them fill a room without many browsers.

use std::{
    collections::BTreeMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use str0m::{
    Candidate, Event, Input, Output, Rtc,
    change::{SdpAnswer, SdpOffer},
    media::{Direction, Frequency, MediaKind, MediaTime, Mid, Rid, Simulcast, SimulcastLayer},
    net::{Protocol, Receive},
};
use tokio::{
    net::UdpSocket,
    sync::{mpsc, oneshot},
};

use super::socket::{PATIENCE, TestSocket};

/// What one published section sends: its kind on the wire (`voice`, `camera`, `screen`), sound or not,
/// for sound the level each frame says it has (RFC 6464, -dBov), if any, and for a picture whether it
/// is sent in three simulcast layers (`LAYERS`); a flood sends far more than any browser would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub kind: &'static str,
    pub audio: bool,
    pub level: Option<i8>,
    pub layered: bool,
    pub flood: bool,
}

pub const VOICE: Source = Source { kind: "voice", audio: true, level: None, layered: false, flood: false };
pub const CAMERA: Source = Source { kind: "camera", audio: false, level: None, layered: false, flood: false };
pub const SCREEN: Source = Source { kind: "screen", audio: false, level: None, layered: false, flood: false };
/// A camera whose every RTP packet is sent a hundred times (some 5,000 packets a second): what a hostile
/// client replaying its own packets would do.
pub const FLOODING_CAMERA: Source = Source { flood: true, ..CAMERA };
/// How many times a flooding participant sends each RTP packet.
const FLOOD_COPIES: usize = 100;
/// A camera in three layers, as a browser sends it through the server.
pub const LAYERED_CAMERA: Source = Source { layered: true, ..CAMERA };

/// The simulcast layers a layered picture is sent in, and each one's picture size.
pub const LAYERS: [(&str, u16, u16); 3] = [("l", 320, 180), ("m", 640, 360), ("h", 1280, 720)];

/// A voice whose every frame says it is `level` dBov loud.
pub const fn voice_at(level: i8) -> Source {
    Source { level: Some(level), ..VOICE }
}

/// The bytes of frame `n` of a section: recognisable where they arrive (`<user>/<kind>/<n>`). A picture
/// starts like a VP8 keyframe (its first bit clear), so every frame can start a receiver's decoding.
pub fn frame(user: i64, kind: &str, n: u64) -> Vec<u8> {
    let mut bytes = vec![0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a];
    bytes.extend_from_slice(format!("{user}/{kind}/{n}").as_bytes());
    bytes
}

/// Frame `n` of one layer of a layered picture: a VP8 key frame (with its size) when `key`, a delta
/// frame (its first bit set) otherwise, then `<user>/<kind>-<rid>/<n>`. As a browser does, a layered
/// picture starts with a key frame and sends another only when asked.
pub fn layer_frame(user: i64, kind: &str, (rid, width, height): (&str, u16, u16), n: u64, key: bool) -> Vec<u8> {
    let tag = if key { 0x10 } else { 0x11 };
    let mut bytes = vec![tag, 0x02, 0x00, 0x9d, 0x01, 0x2a];
    bytes.extend_from_slice(&width.to_le_bytes());
    bytes.extend_from_slice(&height.to_le_bytes());
    bytes.extend_from_slice(format!("{user}/{kind}-{rid}/{n}").as_bytes());
    bytes
}

/// The layer and number of a frame made by `layer_frame`, and whether it is a key frame.
pub fn layer_of(frame: &[u8]) -> Option<(String, u64, bool)> {
    let text = String::from_utf8_lossy(frame.get(10..)?).to_string();
    let mut parts = text.split('/').skip(1);
    let rid = parts.next()?.rsplit('-').next()?.to_owned();
    let n = parts.next()?.parse().ok()?;
    Some((rid, n, frame.first()? & 1 == 0))
}

/// A frame received: from whom and what, as the server's offer named its section, and its bytes.
#[derive(Debug, Clone)]
pub struct Got {
    pub from: i64,
    pub kind: String,
    pub bytes: Vec<u8>,
}

enum Op {
    /// Publisher: offer these sections; the reply is the offer and each section's mid.
    Offer(Vec<Source>, oneshot::Sender<(String, Vec<Mid>)>),
    /// Publisher: take the server's answer, then send frames on each section.
    Answer(String, oneshot::Sender<Result<(), String>>),
    /// Subscriber: take the server's offer (with what each section carries), answer it.
    AcceptOffer(String, BTreeMap<String, (i64, String)>, oneshot::Sender<Result<String, String>>),
}

/// One str0m connection and the task that drives it.
struct Connection {
    ops: mpsc::UnboundedSender<Op>,
    task: tokio::task::JoinHandle<()>,
}

pub struct MediaPeer {
    pub user: i64,
    pub room: i64,
    session: String,
    publisher: Connection,
    subscriber: Connection,
    /// Every frame received, in order.
    pub got: Arc<Mutex<Vec<Got>>>,
    /// The server's media address, from its answer.
    pub media_addr: Option<SocketAddr>,
    /// The server's answer to our offer.
    pub last_answer: String,
    /// Who and what each section of the receiving connection carries, as the last offer answered said.
    sections: Mutex<BTreeMap<String, (i64, String)>>,
}

impl MediaPeer {
    /// Joins `tab`'s voice in `room` through the server, publishing `sources`.
    pub async fn publish(tab: &TestSocket, user: i64, room: i64, sources: &[Source]) -> Self {
        let got = Arc::new(Mutex::new(Vec::new()));
        let publisher = Connection::start(user, got.clone()).await;
        let subscriber = Connection::start(user, got.clone()).await;
        let session = format!("synthetic-{user}-{}", rand_suffix());
        let (reply, offered) = oneshot::channel();
        let _ = publisher.ops.send(Op::Offer(sources.to_vec(), reply));
        let (offer, mids) = offered.await.expect("an offer");
        let media: BTreeMap<String, &str> =
            mids.iter().zip(sources).filter(|(_, s)| s.kind != "voice").map(|(m, s)| (m.to_string(), s.kind)).collect();
        let ack = tab
            .ack(
                "media-publish",
                json!({"roomId": room, "session": session, "offer": {"type": "offer", "sdp": offer}, "media": media}),
            )
            .await;
        assert_eq!(ack["ok"], true, "media-publish: {ack}");
        let answer = ack["answer"]["sdp"].as_str().expect("an answer").to_owned();
        let media_addr = candidate_address(&answer);
        let (reply, taken) = oneshot::channel();
        let _ = publisher.ops.send(Op::Answer(answer.clone(), reply));
        taken.await.expect("answer taken").expect("answer accepted");
        Self {
            user,
            room,
            session,
            publisher,
            subscriber,
            got,
            media_addr,
            last_answer: answer,
            sections: Mutex::new(BTreeMap::new()),
        }
    }

    /// Answers a `media-offer` the server sent this peer's tab.
    pub async fn take_offer(&self, tab: &TestSocket, event: &Value) {
        assert_eq!(event["roomId"], self.room, "{event}");
        let sdp = event["offer"]["sdp"].as_str().expect("an offer").to_owned();
        let sections: BTreeMap<String, (i64, String)> = event["media"]
            .as_object()
            .expect("media")
            .iter()
            .map(|(mid, m)| {
                (mid.clone(), (m["userId"].as_i64().unwrap_or(0), m["kind"].as_str().unwrap_or("").to_owned()))
            })
            .collect();
        let (reply, answered) = oneshot::channel();
        *self.sections.lock().expect("sections") = sections.clone();
        let _ = self.subscriber.ops.send(Op::AcceptOffer(sdp, sections, reply));
        let answer = answered.await.expect("answered").expect("offer accepted");
        let ack =
            tab.ack("media-answer", json!({"roomId": self.room, "answer": {"type": "answer", "sdp": answer}})).await;
        assert_eq!(ack["ok"], true, "media-answer: {ack}");
    }

    /// The frames received from `from` of `kind` so far.
    pub fn frames_from(&self, from: i64, kind: &str) -> Vec<Vec<u8>> {
        let got = self.got.lock().expect("frames");
        got.iter().filter(|g| g.from == from && g.kind == kind).map(|g| g.bytes.clone()).collect()
    }

    /// Everyone and everything received so far.
    pub fn senders(&self) -> Vec<(i64, String)> {
        let got = self.got.lock().expect("frames");
        let mut seen: Vec<(i64, String)> = got.iter().map(|g| (g.from, g.kind.clone())).collect();
        seen.sort();
        seen.dedup();
        seen
    }

    /// The mid of the receiving section that carries `kind` from `from`.
    pub fn mid_of(&self, from: i64, kind: &str) -> Option<String> {
        let sections = self.sections.lock().expect("sections");
        sections.iter().find(|(_, (user, k))| *user == from && k == kind).map(|(mid, _)| mid.clone())
    }

    pub fn session(&self) -> &str {
        &self.session
    }

    pub fn stop(self) {
        self.publisher.task.abort();
        self.subscriber.task.abort();
    }
}

/// Waits until `peer` has received at least `count` frames of `kind` from `from`.
pub async fn wait_for_frames(peer: &MediaPeer, from: i64, kind: &str, count: usize) -> Vec<Vec<u8>> {
    let deadline = Instant::now() + PATIENCE * 3;
    loop {
        let frames = peer.frames_from(from, kind);
        if frames.len() >= count {
            return frames;
        }
        assert!(
            Instant::now() < deadline,
            "user {} got {} {kind} frames of {from}: {:?}",
            peer.user,
            frames.len(),
            peer.senders()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
}

/// The host candidate's address in an answer (`a=candidate:… udp … <ip> <port> typ host`).
pub fn candidate_address(sdp: &str) -> Option<SocketAddr> {
    let line = sdp.lines().find(|l| l.starts_with("a=candidate:"))?;
    let parts: Vec<&str> = line.split_whitespace().collect();
    format!("{}:{}", parts.get(4)?, parts.get(5)?).parse().ok()
}

impl Connection {
    async fn start(user: i64, got: Arc<Mutex<Vec<Got>>>) -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").await.expect("a UDP port");
        let local = socket.local_addr().expect("its address");
        let mut rtc = Rtc::builder().clear_codecs().enable_opus(true, false).enable_vp8(true).build(Instant::now());
        rtc.add_local_candidate(Candidate::host(local, "udp").expect("a candidate"));
        let (ops, received) = mpsc::unbounded_channel();
        let task = tokio::spawn(drive(rtc, socket, local, user, received, got));
        Self { ops, task }
    }
}

/// What a connection's task keeps besides the Rtc.
struct Driven {
    /// Publisher: the sections to send on once connected, and frames sent so far on each.
    sending: Vec<(Mid, Source, u64)>,
    /// Subscriber: who and what each section carries.
    sections: BTreeMap<String, (i64, String)>,
    pending: Option<str0m::change::SdpPendingOffer>,
    connected: bool,
    /// Sends each RTP packet `FLOOD_COPIES` times.
    flood: bool,
    /// The layers (by rid; `None`: all) the server asked a key frame of since the last frames.
    keyframes_asked: std::collections::HashSet<Option<String>>,
}

async fn drive(
    mut rtc: Rtc,
    socket: UdpSocket,
    local: SocketAddr,
    user: i64,
    mut ops: mpsc::UnboundedReceiver<Op>,
    got: Arc<Mutex<Vec<Got>>>,
) {
    let mut state = Driven {
        sending: Vec::new(),
        sections: BTreeMap::new(),
        pending: None,
        connected: false,
        flood: false,
        keyframes_asked: Default::default(),
    };
    let mut buf = vec![0u8; 2048];
    let mut next_frame = Instant::now();
    loop {
        let wake = loop {
            match rtc.poll_output() {
                Ok(Output::Timeout(at)) => break at,
                Ok(Output::Transmit(t)) => {
                    // RTP (not RTCP: payload types 72–79 are its reports) is sent again and again.
                    let rtp = t.contents.first().is_some_and(|b| b >> 6 == 2)
                        && t.contents.get(1).is_some_and(|pt| !(200..=207).contains(pt));
                    let copies = if state.flood && rtp { FLOOD_COPIES } else { 1 };
                    for _ in 0..copies {
                        let _ = socket.send_to(&t.contents, t.destination).await;
                    }
                }
                Ok(Output::Event(Event::Connected)) => state.connected = true,
                Ok(Output::Event(Event::MediaData(data))) => {
                    if let Some((from, kind)) = state.sections.get(&data.mid.to_string()) {
                        got.lock().expect("frames").push(Got {
                            from: *from,
                            kind: kind.clone(),
                            bytes: data.data.to_vec(),
                        });
                    }
                }
                Ok(Output::Event(Event::KeyframeRequest(request))) => {
                    state.keyframes_asked.insert(request.rid.map(|rid| rid.to_string()));
                }
                Ok(Output::Event(_)) => {}
                Err(_) => return,
            }
        };
        let wake = if state.connected && !state.sending.is_empty() { wake.min(next_frame) } else { wake };
        tokio::select! {
            op = ops.recv() => match op {
                Some(op) => handle(&mut rtc, &mut state, op),
                None => return,
            },
            received = socket.recv_from(&mut buf) => {
                if let Ok((n, source)) = received
                    && let Ok(receive) = Receive::new(Protocol::Udp, source, local, &buf[..n])
                {
                    let _ = rtc.handle_input(Input::Receive(Instant::now(), receive));
                }
            },
            () = tokio::time::sleep_until(wake.into()) => {
                let now = Instant::now();
                let _ = rtc.handle_input(Input::Timeout(now));
                if state.connected && now >= next_frame {
                    send_frames(&mut rtc, &mut state, user);
                    next_frame = now + Duration::from_millis(20);
                }
            },
        }
    }
}

fn handle(rtc: &mut Rtc, state: &mut Driven, op: Op) {
    match op {
        Op::Offer(sources, reply) => {
            let mut api = rtc.sdp_api();
            let mids: Vec<Mid> = sources
                .iter()
                .map(|s| {
                    let kind = if s.audio { MediaKind::Audio } else { MediaKind::Video };
                    let simulcast = s.layered.then(|| {
                        let mut simulcast = Simulcast::new();
                        for (rid, ..) in LAYERS {
                            simulcast.add_send_layer(SimulcastLayer::new(rid));
                        }
                        simulcast
                    });
                    api.add_media(kind, Direction::SendOnly, None, None, simulcast)
                })
                .collect();
            let Some((offer, pending)) = api.apply() else { return };
            state.pending = Some(pending);
            state.sending = mids.iter().copied().zip(sources.iter().copied()).map(|(m, s)| (m, s, 0)).collect();
            state.flood = sources.iter().any(|s| s.flood);
            let _ = reply.send((offer.to_sdp_string(), mids));
        }
        Op::Answer(sdp, reply) => {
            let result = match (state.pending.take(), SdpAnswer::from_sdp_string(&sdp)) {
                (Some(pending), Ok(answer)) => rtc.sdp_api().accept_answer(pending, answer).map_err(|e| e.to_string()),
                (None, _) => Err("no offer out".to_owned()),
                (_, Err(e)) => Err(e.to_string()),
            };
            let _ = reply.send(result);
        }
        Op::AcceptOffer(sdp, sections, reply) => {
            let result = SdpOffer::from_sdp_string(&sdp)
                .map_err(|e| e.to_string())
                .and_then(|offer| rtc.sdp_api().accept_offer(offer).map_err(|e| e.to_string()))
                .map(|answer| answer.to_sdp_string());
            state.sections = sections;
            let _ = reply.send(result);
        }
    }
}

/// One frame on every published section (20 ms of sound; pictures at the same pace).
fn send_frames(rtc: &mut Rtc, state: &mut Driven, user: i64) {
    for (mid, source, sent) in &mut state.sending {
        let Some(mut writer) = rtc.writer(*mid) else { continue };
        let Some(pt) = writer.payload_params().next().map(|p| p.pt()) else { continue };
        if let Some(level) = source.level {
            writer = writer.audio_level(level, true);
        }
        let time = if source.audio {
            MediaTime::new(*sent * 960, Frequency::FORTY_EIGHT_KHZ)
        } else {
            MediaTime::from_90khz(*sent * 1800)
        };
        if source.layered {
            // Each layer as the browser sends it: its own stream, the same frame times.
            for layer in LAYERS {
                let Some(writer) = rtc.writer(*mid) else { break };
                let asked = state.keyframes_asked.remove(&Some(layer.0.to_owned()));
                let key = *sent == 0 || asked || state.keyframes_asked.contains(&None);
                let frame = layer_frame(user, source.kind, layer, *sent, key);
                let _ = writer.rid(Rid::from(layer.0)).write(pt, Instant::now(), time, frame);
            }
            state.keyframes_asked.remove(&None);
            *sent += 1;
            continue;
        }
        if writer.write(pt, Instant::now(), time, frame(user, source.kind, *sent)).is_ok() {
            *sent += 1;
        }
    }
}
