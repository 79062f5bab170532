//! The forwarding loop: one task owns the media socket and every endpoint. It reads a datagram, hands it
//! to the endpoint that claims it, drains what that endpoint has to say (datagrams to send, media
//! received, keyframe requests), forwards each received frame to the receiving connections routed to it,
//! and wakes endpoints when their timers are due. Commands from the socket handlers (an offer, an answer,
//! a watch, a leave) arrive on a channel and are handled between datagrams, so no lock is ever taken.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap, HashSet},
    net::SocketAddr,
    sync::Arc,
    time::{Duration, Instant},
};

use str0m::{
    Event, IceConnectionState, Input, Output,
    change::{SdpAnswer, SdpOffer},
    media::{Direction, Frequency, MediaData, MediaKind as RtcMediaKind, MediaTime, Mid, Rid},
    net::{DatagramRecv, Protocol, Receive},
};
use tokio::{
    net::UdpSocket,
    sync::{mpsc, oneshot},
};
use woxly_domain::service::events::ServerEvent;
use woxly_protocol::media::{ForwardedMedia, MediaKind, MediaOfferEvent, SdpType, SessionDescription};

use super::{
    MediaCounters, MediaError, Owner,
    endpoint::{CONNECT_WITHIN, Endpoint, Publishing, Receiving, Role},
    forwarding::{Track, Watching, wanted},
    layers::{LayerSeen, Layers, choose, vp8_size},
    speakers::Speakers,
};

/// The largest datagram read: WebRTC keeps packets under the path MTU (str0m: 1150 by default).
const DATAGRAM_BYTES: usize = 2048;
/// How long the loop sleeps when no endpoint has a timer.
const IDLE_WAKE: Duration = Duration::from_secs(1);
/// How long a connection may stay without a working path before it is closed: browsers check their
/// path every few seconds and give up on it after 30 s without an answer (RFC 7675's consent).
const DISCONNECTED_FOR: Duration = Duration::from_secs(15);

pub enum Command {
    Publish {
        owner: Owner,
        session: String,
        offer: SessionDescription,
        media: BTreeMap<String, MediaKind>,
        reply: oneshot::Sender<Result<SessionDescription, MediaError>>,
    },
    Answer {
        owner: Owner,
        answer: SessionDescription,
        reply: oneshot::Sender<Result<(), MediaError>>,
    },
    View {
        owner: Owner,
        views: BTreeMap<String, u32>,
    },
    Watch {
        room: i64,
        viewer: i64,
        sharer: Option<i64>,
    },
    ShareChanged {
        room: i64,
        sharer: i64,
    },
    Leave {
        connection: String,
    },
}

/// A connection's two endpoints.
#[derive(Debug, Clone, Copy)]
struct Pair {
    publisher: u64,
    subscriber: u64,
}

pub struct Engine {
    socket: Arc<UdpSocket>,
    /// The address in our candidates (the public IP, the bound port).
    candidate: SocketAddr,
    local: SocketAddr,
    endpoints: HashMap<u64, Endpoint>,
    next_id: u64,
    by_connection: HashMap<String, Pair>,
    /// The endpoint each remote address was last claimed by: tried first.
    by_source: HashMap<SocketAddr, u64>,
    watching: Watching,
    /// Where each published section's frames go: (publisher, its mid) → (subscriber, our mid).
    routes: HashMap<(u64, Mid), Vec<(u64, Mid)>>,
    /// Per room, whose voices are forwarded now (the loudest few).
    speakers: HashMap<i64, Speakers<(u64, Mid)>>,
    /// The simulcast layers of each published camera section.
    layers: HashMap<(u64, Mid), Layers>,
    offers: mpsc::UnboundedSender<(String, ServerEvent)>,
    counters: Arc<MediaCounters>,
}

impl Engine {
    pub fn new(
        socket: Arc<UdpSocket>,
        candidate: SocketAddr,
        offers: mpsc::UnboundedSender<(String, ServerEvent)>,
        counters: Arc<MediaCounters>,
    ) -> Self {
        let local = socket.local_addr().unwrap_or(candidate);
        Self {
            socket,
            candidate,
            local,
            endpoints: HashMap::new(),
            next_id: 0,
            by_connection: HashMap::new(),
            by_source: HashMap::new(),
            watching: Watching::default(),
            routes: HashMap::new(),
            speakers: HashMap::new(),
            layers: HashMap::new(),
            offers,
            counters,
        }
    }

    pub async fn run(mut self, mut commands: mpsc::UnboundedReceiver<Command>) {
        let socket = self.socket.clone();
        let mut buf = vec![0u8; DATAGRAM_BYTES];
        loop {
            let wake = self.endpoints.values().map(|e| e.wake_at).min().unwrap_or_else(|| Instant::now() + IDLE_WAKE);
            tokio::select! {
                command = commands.recv() => match command {
                    Some(command) => self.command(command),
                    None => return,
                },
                received = socket.recv_from(&mut buf) => {
                    // Errors here are ICMP reports of an earlier send (a browser gone): nothing to do.
                    if let Ok((length, source)) = received {
                        self.receive(&buf[..length], source);
                    }
                },
                () = tokio::time::sleep_until(wake.into()) => self.wake_due(),
            }
        }
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Publish { owner, session, offer, media, reply } => {
                let _ = reply.send(self.publish(owner, session, offer, media));
            }
            Command::Answer { owner, answer, reply } => {
                let _ = reply.send(self.answer(&owner, answer));
            }
            Command::View { owner, views } => self.view(&owner, views),
            Command::Watch { room, viewer, sharer } => {
                self.watching.set(room, viewer, sharer);
                self.reconcile(room);
            }
            Command::ShareChanged { room, sharer } => {
                self.watching.release(room, sharer);
                self.reconcile(room);
            }
            Command::Leave { connection } => {
                if let Some(pair) = self.by_connection.get(&connection).copied() {
                    self.remove(pair.publisher);
                }
            }
        }
    }

    fn publish(
        &mut self,
        owner: Owner,
        session: String,
        offer: SessionDescription,
        media: BTreeMap<String, MediaKind>,
    ) -> Result<SessionDescription, MediaError> {
        if offer.kind != SdpType::Offer {
            return Err(MediaError::Invalid("offer", "its type is not \"offer\"".into()));
        }
        let offer = SdpOffer::from_sdp_string(&offer.sdp).map_err(|e| MediaError::Invalid("offer", e.to_string()))?;
        // A new session (the browser started over) or another room replaces what the connection had.
        let known = self.by_connection.get(&owner.connection).copied();
        let pair = match known {
            Some(pair)
                if self.endpoints.get(&pair.publisher).is_some_and(|e| e.owner == owner && e.session == session) =>
            {
                pair
            }
            _ => {
                if let Some(old) = known {
                    self.remove(old.publisher);
                }
                self.open_pair(&owner, &session)
            }
        };
        let room = owner.room;
        let endpoint = self.endpoints.get_mut(&pair.publisher).ok_or(MediaError::Stopped)?;
        let answer = match endpoint.rtc.sdp_api().accept_offer(offer) {
            Ok(answer) => answer,
            Err(e) => {
                // A description str0m cannot take leaves the connection unusable: start it over.
                self.remove(pair.publisher);
                return Err(MediaError::Invalid("offer", e.to_string()));
            }
        };
        if let Some(publishing) = endpoint.publishing() {
            publishing.name(media);
        }
        self.drive(pair.publisher);
        self.reconcile(room);
        Ok(SessionDescription { kind: SdpType::Answer, sdp: answer.to_sdp_string() })
    }

    fn open_pair(&mut self, owner: &Owner, session: &str) -> Pair {
        let now = Instant::now();
        let mut open = |role| {
            self.next_id += 1;
            let endpoint = Endpoint::new(owner.clone(), session.to_owned(), role, self.candidate, now);
            self.endpoints.insert(self.next_id, endpoint);
            self.counters.connections.store(self.endpoints.len() as u64, std::sync::atomic::Ordering::Relaxed);
            self.next_id
        };
        let publisher = open(Role::Publisher(Publishing::default()));
        let subscriber = open(Role::Subscriber(Receiving::default()));
        let pair = Pair { publisher, subscriber };
        self.by_connection.insert(owner.connection.clone(), pair);
        pair
    }

    fn answer(&mut self, owner: &Owner, answer: SessionDescription) -> Result<(), MediaError> {
        if answer.kind != SdpType::Answer {
            return Err(MediaError::Invalid("answer", "its type is not \"answer\"".into()));
        }
        let answer =
            SdpAnswer::from_sdp_string(&answer.sdp).map_err(|e| MediaError::Invalid("answer", e.to_string()))?;
        let pair = self.by_connection.get(&owner.connection).copied().ok_or(MediaError::NoOfferPending)?;
        let endpoint = self.endpoints.get_mut(&pair.subscriber).ok_or(MediaError::NoOfferPending)?;
        if endpoint.owner != *owner {
            return Err(MediaError::NoOfferPending);
        }
        let receiving = endpoint.receiving().ok_or(MediaError::NoOfferPending)?;
        let pending = receiving.pending.take().ok_or(MediaError::NoOfferPending)?;
        if let Err(e) = endpoint.rtc.sdp_api().accept_answer(pending, answer) {
            // Our offer is gone with it: offer the sections again.
            if let Some(receiving) = endpoint.receiving() {
                receiving.sections.clear();
                receiving.views.clear();
                receiving.switches.clear();
            }
            self.reconcile(owner.room);
            return Err(MediaError::Invalid("answer", e.to_string()));
        }
        if !endpoint.connected_once && endpoint.connect_by.is_none() {
            endpoint.connect_by = Some(Instant::now() + CONNECT_WITHIN);
        }
        let receiving = endpoint.receiving().ok_or(MediaError::NoOfferPending)?;
        for (_, accepted) in receiving.sections.values_mut() {
            *accepted = true;
        }
        let pictures: Vec<(u64, Mid, Option<Rid>)> = receiving
            .sections
            .values()
            .filter(|(track, _)| !track.audio)
            .map(|(track, _)| (track.publisher, track.mid, None))
            .collect();
        // Routes the accepted sections (and offers what changed while the offer was out).
        self.reconcile(owner.room);
        // A receiver that starts on a picture needs a keyframe to show anything.
        self.ask_keyframes(pictures);
        self.drive(pair.subscriber);
        Ok(())
    }

    /// How tall the person shows each section's picture: the layer it is forwarded in follows, from the
    /// next frames on.
    fn view(&mut self, owner: &Owner, views: BTreeMap<String, u32>) {
        let Some(pair) = self.by_connection.get(&owner.connection).copied() else { return };
        let Some(endpoint) = self.endpoints.get_mut(&pair.subscriber) else { return };
        if endpoint.owner != *owner {
            return;
        }
        // Sent for the sections as they were: while an offer that may give them to others is out, it is
        // not taken (the client says it again once it has answered).
        if let Some(receiving) = endpoint.receiving().filter(|receiving| receiving.pending.is_none()) {
            receiving.views = views.iter().map(|(mid, height)| (Mid::from(mid.as_str()), *height)).collect();
        }
    }

    /// Gives every receiving connection in `room` what it should get now: sections for new tracks,
    /// inactive sections for tracks gone, and an offer saying so (one at a time per connection); then
    /// routes every accepted section.
    fn reconcile(&mut self, room: i64) {
        let published: Vec<Track> =
            self.endpoints.iter().filter(|(_, e)| e.owner.room == room).flat_map(|(id, e)| e.published(*id)).collect();
        let subscribers: Vec<u64> = self
            .endpoints
            .iter()
            .filter(|(_, e)| e.owner.room == room && matches!(e.role, Role::Subscriber(_)))
            .map(|(id, _)| *id)
            .collect();
        for id in subscribers {
            let Some(endpoint) = self.endpoints.get_mut(&id) else { continue };
            let want = wanted(endpoint.owner.user, self.watching.of(room, endpoint.owner.user), &published);
            if let Some(event) = offer_changes(endpoint, &want) {
                let _ = self.offers.send((endpoint.owner.connection.clone(), ServerEvent::MediaOffer(event)));
                self.drive(id);
            }
        }
        self.rebuild_routes();
    }

    fn rebuild_routes(&mut self) {
        self.routes.clear();
        for (id, endpoint) in &self.endpoints {
            let Role::Subscriber(receiving) = &endpoint.role else { continue };
            for (mid, (track, accepted)) in &receiving.sections {
                if *accepted {
                    self.routes.entry((track.publisher, track.mid)).or_default().push((*id, *mid));
                }
            }
        }
    }

    fn ask_keyframes(&mut self, sources: impl IntoIterator<Item = (u64, Mid, Option<Rid>)>) {
        let now = Instant::now();
        let mut asked = Vec::new();
        for (publisher, mid, rid) in sources {
            if let Some(endpoint) = self.endpoints.get_mut(&publisher) {
                endpoint.ask_keyframe(mid, rid, now);
                asked.push(publisher);
            }
        }
        for publisher in asked {
            self.drive(publisher);
        }
    }

    fn receive(&mut self, datagram: &[u8], source: SocketAddr) {
        let Ok(contents) = DatagramRecv::try_from(datagram) else {
            MediaCounters::count(&self.counters.malformed);
            return;
        };
        let input =
            Input::Receive(Instant::now(), Receive { proto: Protocol::Udp, source, destination: self.local, contents });
        let claimed = self
            .by_source
            .get(&source)
            .copied()
            .filter(|id| self.endpoints.get(id).is_some_and(|e| e.rtc.accepts(&input)))
            .or_else(|| self.endpoints.iter().find(|(_, e)| e.rtc.accepts(&input)).map(|(id, _)| *id));
        let Some(id) = claimed else {
            MediaCounters::count(&self.counters.unclaimed);
            return;
        };
        self.by_source.insert(source, id);
        let Some(endpoint) = self.endpoints.get_mut(&id) else { return };
        // Media and its reports count against the budget; ICE checks and DTLS do not (a stranger spoofing
        // someone's address must not cost them their consent checks).
        let media = datagram.first().is_some_and(|b| (128..=191).contains(b));
        if media && !endpoint.budget.take(Instant::now(), datagram.len()) {
            MediaCounters::count(&self.counters.over_budget);
            return;
        }
        if endpoint.rtc.handle_input(input).is_err() {
            MediaCounters::count(&self.counters.refused);
        }
        self.drive(id);
    }

    fn wake_due(&mut self) {
        let now = Instant::now();
        let due: Vec<u64> = self.endpoints.iter().filter(|(_, e)| e.wake_at <= now).map(|(id, _)| *id).collect();
        for id in due {
            if let Some(endpoint) = self.endpoints.get_mut(&id)
                && endpoint.rtc.handle_input(Input::Timeout(now)).is_err()
            {
                endpoint.rtc.disconnect();
            }
            self.drive(id);
        }
    }

    /// Drains an endpoint's output, and then that of every endpoint its media was forwarded to.
    fn drive(&mut self, first: u64) {
        let mut queue = vec![first];
        let mut queued = HashSet::from([first]);
        while let Some(id) = queue.pop() {
            queued.remove(&id);
            for event in self.drain(id) {
                for touched in self.handle(id, event) {
                    if queued.insert(touched) {
                        queue.push(touched);
                    }
                }
            }
            if self.endpoints.get(&id).is_some_and(|e| !e.rtc.is_alive()) {
                self.remove(id);
            }
        }
    }

    /// Sends what the endpoint has to send and returns its events, until it asks to be woken later.
    fn drain(&mut self, id: u64) -> Vec<Event> {
        let mut events = Vec::new();
        let Some(endpoint) = self.endpoints.get_mut(&id) else { return events };
        if endpoint.silent_since.is_some_and(|since| since.elapsed() > DISCONNECTED_FOR) {
            endpoint.rtc.disconnect();
        }
        if endpoint.connect_by.is_some_and(|by| Instant::now() > by) {
            MediaCounters::count(&self.counters.never_connected);
            endpoint.rtc.disconnect();
        }
        while endpoint.rtc.is_alive() {
            match endpoint.rtc.poll_output() {
                Ok(Output::Timeout(at)) => {
                    endpoint.wake_at = at;
                    break;
                }
                Ok(Output::Transmit(transmit)) => {
                    // A full send buffer drops the datagram, as the network would.
                    let _ = self.socket.try_send_to(&transmit.contents, transmit.destination);
                }
                Ok(Output::Event(event)) => events.push(event),
                Err(_) => endpoint.rtc.disconnect(),
            }
        }
        events
    }

    /// Acts on one event of endpoint `id`; returns the endpoints it gave something to send.
    fn handle(&mut self, id: u64, event: Event) -> Vec<u64> {
        match event {
            Event::Connected => {
                if let Some(endpoint) = self.endpoints.get_mut(&id) {
                    endpoint.connect_by = None;
                    endpoint.connected_once = true;
                }
                Vec::new()
            }
            Event::IceConnectionStateChange(state) => {
                // Disconnected comes and goes (a check lost on a busy path); only a silence that lasts
                // ends the connection (see `DISCONNECTED_FOR`), and the browser then starts over.
                if let Some(endpoint) = self.endpoints.get_mut(&id) {
                    let silent = state == IceConnectionState::Disconnected;
                    endpoint.silent_since = if silent { endpoint.silent_since.or(Some(Instant::now())) } else { None };
                }
                Vec::new()
            }
            Event::MediaAdded(added) => {
                let room = self.endpoints.get_mut(&id).and_then(|endpoint| {
                    endpoint.publishing().map(|publishing| publishing.added(added.mid, added.kind))?;
                    Some(endpoint.owner.room)
                });
                if let Some(room) = room {
                    self.reconcile(room);
                }
                Vec::new()
            }
            Event::MediaChanged(_) => {
                if let Some(room) = self.endpoints.get(&id).map(|e| e.owner.room) {
                    self.reconcile(room);
                }
                Vec::new()
            }
            Event::MediaData(data) => self.forward(id, &data),
            Event::KeyframeRequest(request) => {
                let source = self.endpoints.get_mut(&id).and_then(|endpoint| {
                    let receiving = endpoint.receiving()?;
                    let layer = receiving.switches.get(&request.mid).and_then(|switch| switch.current());
                    let (track, _) = receiving.sections.get(&request.mid)?;
                    Some((track.publisher, track.mid, layer))
                });
                self.ask_keyframes(source);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A frame from a publisher to every receiving connection routed to that section (of a camera sent in
    /// layers, to those who get that layer now).
    fn forward(&mut self, publisher: u64, data: &MediaData) -> Vec<u64> {
        let now = Instant::now();
        if !data.contiguous {
            // Packets were lost on the way in: ask the publisher rather than every receiver's decoder.
            if let Some(endpoint) = self.endpoints.get_mut(&publisher)
                && endpoint.rtc.media(data.mid).is_some_and(|m| m.kind() == RtcMediaKind::Video)
            {
                endpoint.ask_keyframe(data.mid, data.rid, now);
            }
        }
        if !self.loud_enough(publisher, data) {
            MediaCounters::count(&self.counters.quieter_voice_frames);
            return Vec::new();
        }
        if let Some(rid) = data.rid {
            self.saw_layer(publisher, data, rid, now);
        }
        let Some(routes) = self.routes.get(&(publisher, data.mid)) else { return Vec::new() };
        let layers = self.layers.get(&(publisher, data.mid));
        let mut touched = Vec::with_capacity(routes.len());
        let mut keyframes_wanted: Vec<Rid> = Vec::new();
        for &(subscriber, mid) in routes {
            let Some(endpoint) = self.endpoints.get_mut(&subscriber) else { continue };
            let time = match (data.rid, endpoint.receiving()) {
                (Some(rid), Some(receiving)) => {
                    let target = layers.and_then(|layers| choose(layers, receiving.views.get(&mid).copied(), now));
                    let switch = receiving.switches.entry(mid).or_default();
                    let time = data.time.rebase(Frequency::NINETY_KHZ).numer();
                    let passed = switch.pass(rid, data.is_keyframe(), target, time, now);
                    if let Some(target) = target.filter(|target| Some(*target) != switch.current()) {
                        keyframes_wanted.push(target);
                    }
                    match passed {
                        Some(time) => MediaTime::from_90khz(time),
                        None => continue,
                    }
                }
                _ => data.time,
            };
            let Some(writer) = endpoint.rtc.writer(mid) else { continue };
            let Some(pt) = writer.match_params(data.params) else { continue };
            if writer.write(pt, data.network_time, time, data.data.clone()).is_ok() {
                MediaCounters::count(&self.counters.forwarded_frames);
                touched.push(subscriber);
            }
        }
        keyframes_wanted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        keyframes_wanted.dedup();
        self.ask_keyframes(keyframes_wanted.into_iter().map(|rid| (publisher, data.mid, Some(rid))));
        touched
    }

    /// A frame of simulcast layer `rid`: the layer is still coming, and its key frames say its size.
    fn saw_layer(&mut self, publisher: u64, data: &MediaData, rid: Rid, now: Instant) {
        let seen = self
            .layers
            .entry((publisher, data.mid))
            .or_default()
            .entry(rid)
            .or_insert(LayerSeen { height: None, at: now });
        seen.at = now;
        if let Some((_, height)) = vp8_size(&data.data) {
            seen.height = Some(height);
        }
    }

    /// Whether a frame is forwarded at all: a voice only while it is among the loudest of its room.
    fn loud_enough(&mut self, publisher: u64, data: &MediaData) -> bool {
        let Some(endpoint) = self.endpoints.get_mut(&publisher) else { return false };
        let room = endpoint.owner.room;
        if !endpoint.publishing().is_some_and(|publishing| publishing.is_voice(data.mid)) {
            return true;
        }
        self.speakers.entry(room).or_default().heard((publisher, data.mid), data.ext_vals.audio_level, Instant::now())
    }

    fn remove(&mut self, id: u64) {
        let Some(endpoint) = self.endpoints.remove(&id) else { return };
        self.counters.connections.store(self.endpoints.len() as u64, std::sync::atomic::Ordering::Relaxed);
        let now = Instant::now();
        self.speakers.retain(|_, speakers| {
            speakers.forget(|(publisher, _)| *publisher == id, now);
            !speakers.is_empty()
        });
        self.layers.retain(|(publisher, _), _| *publisher != id);
        self.by_source.retain(|_, claimed| *claimed != id);
        if self.by_connection.get(&endpoint.owner.connection).is_some_and(|p| p.publisher == id || p.subscriber == id) {
            // Either half gone ends the pair (removing one removes both): the browser starts both over.
            if let Some(pair) = self.by_connection.remove(&endpoint.owner.connection) {
                let other = if pair.publisher == id { pair.subscriber } else { pair.publisher };
                self.remove(other);
            }
        }
        if matches!(endpoint.role, Role::Publisher(_)) {
            self.reconcile(endpoint.owner.room);
        } else {
            self.rebuild_routes();
        }
    }
}

/// Changes `endpoint`'s sections to carry `want`, and makes the offer that says so; `None` when nothing
/// changed or an offer is already out (it is made again once that one is answered).
fn offer_changes(endpoint: &mut Endpoint, want: &BTreeSet<Track>) -> Option<MediaOfferEvent> {
    let room = endpoint.owner.room;
    let Role::Subscriber(receiving) = &mut endpoint.role else { return None };
    let current: BTreeSet<&Track> = receiving.sections.values().map(|(track, _)| track).collect();
    if current.len() == want.len() && want.iter().all(|track| current.contains(track)) {
        return None;
    }
    if receiving.pending.is_some() {
        return None;
    }
    let mut api = endpoint.rtc.sdp_api();
    // A section whose track is gone falls silent (inactive) and waits for the next track of its kind.
    // Not stopped: Chromium drops the whole transport with a stopped section that tags the bundle.
    let gone: Vec<Mid> =
        receiving.sections.iter().filter(|(_, (track, _))| !want.contains(track)).map(|(mid, _)| *mid).collect();
    for mid in gone {
        api.set_direction(mid, Direction::Inactive);
        receiving.reassigned(mid);
        if let Some((track, _)) = receiving.sections.remove(&mid) {
            receiving.idle.push((mid, track.audio));
        }
    }
    let have: BTreeSet<Track> = receiving.sections.values().map(|(track, _)| track.clone()).collect();
    for track in want.iter().filter(|track| !have.contains(*track)) {
        let mid = match receiving.idle.iter().position(|(_, audio)| *audio == track.audio) {
            Some(at) => {
                let (mid, _) = receiving.idle.remove(at);
                api.set_direction(mid, Direction::SendOnly);
                mid
            }
            None => {
                let kind = if track.audio { RtcMediaKind::Audio } else { RtcMediaKind::Video };
                let stream = format!("{}-{:?}", track.user, track.kind).to_lowercase();
                api.add_media(kind, Direction::SendOnly, Some(stream), None, None)
            }
        };
        receiving.sections.insert(mid, (track.clone(), false));
    }
    let (offer, pending) = api.apply()?;
    receiving.pending = Some(pending);
    let media = receiving
        .sections
        .iter()
        .map(|(mid, (track, _))| (mid.to_string(), ForwardedMedia { user_id: track.user, kind: track.kind }))
        .collect();
    Some(MediaOfferEvent {
        room_id: room,
        offer: SessionDescription { kind: SdpType::Offer, sdp: offer.to_sdp_string() },
        media,
    })
}
