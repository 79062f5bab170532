//! One peer connection of one person with the forwarding server: the one they publish on, or the one
//! the server forwards the others' media to them on. Both are str0m `Rtc`s in ICE-lite mode (the server
//! has one fixed address and never probes: the browser does, and we answer), Opus and VP8 only, so what a
//! publisher sends is something every receiver has negotiated.

use std::{
    collections::{BTreeMap, HashMap},
    net::SocketAddr,
    time::{Duration, Instant},
};

use str0m::{
    Candidate, Rtc,
    change::SdpPendingOffer,
    media::{KeyframeRequestKind, MediaKind as RtcMediaKind, Mid, Rid},
};
use woxly_protocol::media::MediaKind;

use super::{Owner, budget::Budget, forwarding::Track, layers::Switch};

/// How long a connection may take to complete ICE and DTLS once the browser has its description:
/// browsers need a second or two, a relayed path a few more; one that never does is closed.
pub const CONNECT_WITHIN: Duration = Duration::from_secs(15);

/// Keyframes asked of one publisher's section at most this often: every receiver that joins or loses a
/// packet asks, and each keyframe costs the publisher a burst of its upload.
const KEYFRAME_REQUEST_EVERY: Duration = Duration::from_millis(500);

pub struct Endpoint {
    pub owner: Owner,
    /// The client's name for the pair of connections this one belongs to: a new one replaces both.
    pub session: String,
    pub rtc: Rtc,
    pub role: Role,
    /// When str0m wants to be woken with a timeout next.
    pub wake_at: Instant,
    /// Since when ICE has had no working path, if it has none now.
    pub silent_since: Option<Instant>,
    /// By when it must be connected (ICE and DTLS done), while it is not yet; `None` once it is, and
    /// for a receiving connection the browser has not been offered yet.
    pub connect_by: Option<Instant>,
    /// Whether ICE and DTLS completed once (a later answer or path change does not start the clock again).
    pub connected_once: bool,
    /// What it may still send us.
    pub budget: Budget,
}

pub enum Role {
    Publisher(Publishing),
    Subscriber(Receiving),
}

#[derive(Default)]
pub struct Publishing {
    /// The media sections the browser added, in order, and whether each is sound.
    sections: Vec<(Mid, bool)>,
    /// What the client said each section carries (unnamed sound is their voice).
    named: BTreeMap<String, MediaKind>,
    /// When a keyframe was last asked of each section (of any of its layers: a browser may answer one
    /// layer's request with key frames on all).
    keyframes_asked: HashMap<Mid, Instant>,
}

#[derive(Default)]
pub struct Receiving {
    /// What each of our sections carries, and whether the browser has accepted it (answered).
    pub sections: BTreeMap<Mid, (Track, bool)>,
    /// Sections that carry nothing now (inactive), sound or not, for the next track of their kind: the
    /// connection's description does not grow as people come and go.
    pub idle: Vec<(Mid, bool)>,
    /// Our offer waiting for the browser's answer: one at a time (what changes meanwhile is offered once
    /// it is answered).
    pub pending: Option<SdpPendingOffer>,
    /// How tall the browser shows each section's picture (`media-view`), in device pixels.
    pub views: HashMap<Mid, u32>,
    /// Each camera section's simulcast layer now.
    pub switches: HashMap<Mid, Switch>,
}

impl Receiving {
    /// `mid` carries something else from now on (or nothing): what it showed and got is forgotten.
    pub fn reassigned(&mut self, mid: Mid) {
        self.views.remove(&mid);
        self.switches.remove(&mid);
    }
}

impl Endpoint {
    pub fn new(owner: Owner, session: String, role: Role, candidate: SocketAddr, now: Instant) -> Self {
        let mut rtc =
            Rtc::builder().set_ice_lite(true).clear_codecs().enable_opus(true, false).enable_vp8(true).build(now);
        if let Ok(candidate) = Candidate::host(candidate, "udp") {
            rtc.add_local_candidate(candidate);
        }
        let connect_by = matches!(role, Role::Publisher(_)).then(|| now + CONNECT_WITHIN);
        Self {
            owner,
            session,
            rtc,
            role,
            wake_at: now,
            silent_since: None,
            connect_by,
            connected_once: false,
            budget: Budget::new(now),
        }
    }

    pub fn publishing(&mut self) -> Option<&mut Publishing> {
        match &mut self.role {
            Role::Publisher(publishing) => Some(publishing),
            Role::Subscriber(_) => None,
        }
    }

    pub fn receiving(&mut self) -> Option<&mut Receiving> {
        match &mut self.role {
            Role::Subscriber(receiving) => Some(receiving),
            Role::Publisher(_) => None,
        }
    }

    /// What this publisher sends now: each section the browser sends on (its direction), named by the
    /// client, or its voice when unnamed and sound. An unnamed picture is a freed camera or share section.
    pub fn published(&self, id: u64) -> Vec<Track> {
        let Role::Publisher(publishing) = &self.role else { return Vec::new() };
        let mut tracks = Vec::new();
        for &(mid, audio) in &publishing.sections {
            let sending = self.rtc.media(mid).is_some_and(|media| media.direction().is_receiving());
            let kind = match publishing.named.get(&mid.to_string()) {
                Some(kind) => *kind,
                None if audio => MediaKind::Voice,
                None => continue,
            };
            if sending {
                tracks.push(Track { publisher: id, user: self.owner.user, mid, kind, audio });
            }
        }
        tracks
    }

    /// Asks the browser for a keyframe of `mid` (a picture it publishes; of one simulcast layer when
    /// `rid` names it), unless asked very recently.
    pub fn ask_keyframe(&mut self, mid: Mid, rid: Option<Rid>, now: Instant) {
        let Role::Publisher(publishing) = &mut self.role else { return };
        let asked = publishing.keyframes_asked.get(&mid);
        if asked.is_some_and(|at| now.duration_since(*at) < KEYFRAME_REQUEST_EVERY) {
            return;
        }
        let Some(mut writer) = self.rtc.writer(mid) else { return };
        if writer.is_request_keyframe_possible(KeyframeRequestKind::Pli)
            && writer.request_keyframe(rid, KeyframeRequestKind::Pli).is_ok()
        {
            publishing.keyframes_asked.insert(mid, now);
        }
    }
}

impl Publishing {
    pub fn added(&mut self, mid: Mid, kind: RtcMediaKind) {
        if !self.sections.iter().any(|(known, _)| *known == mid) {
            self.sections.push((mid, kind == RtcMediaKind::Audio));
        }
    }

    /// Whether `mid` carries this person's voice (sound the client did not name as a share's).
    pub fn is_voice(&self, mid: Mid) -> bool {
        self.sections.iter().any(|&(known, audio)| known == mid && audio) && !self.named.contains_key(&mid.to_string())
    }

    pub fn name(&mut self, named: BTreeMap<String, MediaKind>) {
        self.named = named;
    }
}
