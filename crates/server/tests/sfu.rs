//! The forwarding server (VOICE-14), with synthetic participants (str0m in the browser's place): each
//! person publishes once and receives everyone else's voice and camera on one connection, a share only
//! while they watch it, frames byte for byte as sent; what they receive changes as people come, go and
//! choose; and nothing another room sends, nor garbage on the media port, reaches them or stops them.

mod common;

use std::collections::BTreeSet;

use common::{
    TestServer, TestSocket, id,
    media_peer::{
        CAMERA, FLOODING_CAMERA, LAYERED_CAMERA, MediaPeer, SCREEN, Source, VOICE, frame, layer_of, voice_at,
        wait_for_frames,
    },
};
use reqwest::StatusCode;
use serde_json::{Value, json};

const SFU: [&str; 4] = ["--voice-mode", "sfu", "--media-listen", "127.0.0.1:0"];

/// A room whose owner is the first of `names`, the others accepted members, each with a settled tab.
struct Room {
    users: Vec<(Value, String)>,
    tabs: Vec<TestSocket>,
    id: i64,
}

impl Room {
    async fn new(server: &TestServer, names: &[&str]) -> Self {
        let users = server.register_all(names).await;
        server.befriend_all(&users[0], &users[1..]).await;
        let invited: Vec<&Value> = users[1..].iter().map(|(user, _)| user).collect();
        let room = id(&server.create_room(&users[0].1, "Band practice", &invited).await);
        for (_, token) in &users[1..] {
            let joined = server.post(&format!("/api/rooms/{room}/join"), json!({}), Some(token)).await;
            assert_eq!(joined.status, StatusCode::OK);
        }
        let tabs = server.settled_tabs(&users).await;
        Self { users, tabs, id: room }
    }

    fn user(&self, who: usize) -> i64 {
        id(&self.users[who].0)
    }

    /// `who` joins the voice (the acknowledgement says it goes through the server) and publishes.
    async fn publish(&self, who: usize, sources: &[Source]) -> MediaPeer {
        let ack = self.tabs[who].ack("join-room", json!(self.id)).await;
        assert_eq!((ack["ok"].as_bool(), ack["voiceMode"].as_str()), (Some(true), Some("sfu")), "{ack}");
        MediaPeer::publish(&self.tabs[who], self.user(who), self.id, sources).await
    }

    /// Answers `who`'s offers until one names exactly `expected` (sender, kind) sections.
    async fn receive(&mut self, who: usize, peer: &MediaPeer, expected: &[(usize, &str)]) {
        let expected: BTreeSet<(i64, String)> =
            expected.iter().map(|(from, kind)| (self.user(*from), (*kind).to_owned())).collect();
        loop {
            let offer = self.tabs[who].skip_to("media-offer").await;
            peer.take_offer(&self.tabs[who], &offer).await;
            if sections(&offer) == expected {
                return;
            }
        }
    }
}

/// The (sender, kind) of each section an offer names.
fn sections(offer: &Value) -> BTreeSet<(i64, String)> {
    let media = offer["media"].as_object().expect("media");
    media.values().map(|m| (m["userId"].as_i64().unwrap_or(0), m["kind"].as_str().unwrap_or("").to_owned())).collect()
}

/// Every frame is one `user` sent on `kind`, unchanged.
fn assert_sent_by(frames: &[Vec<u8>], user: i64, kind: &str) {
    for got in frames {
        let tail = String::from_utf8_lossy(&got[6..]).to_string();
        let n: u64 = tail.rsplit('/').next().and_then(|n| n.parse().ok()).unwrap_or(u64::MAX);
        assert_eq!(*got, frame(user, kind, n), "a {kind} frame of {user} arrived changed: {tail}");
    }
}

const ANNA: usize = 0;
const BORIS: usize = 1;
const VERA: usize = 2;

#[tokio::test]
async fn everyone_hears_and_sees_the_others_through_the_server_and_a_share_reaches_only_its_watchers() {
    let server = TestServer::start_with(&SFU).await;
    let mut room = Room::new(&server, &["anna", "boris", "vera"]).await;
    let (anna, boris, vera) = (room.user(ANNA), room.user(BORIS), room.user(VERA));

    let anna_media = room.publish(ANNA, &[VOICE, CAMERA, SCREEN]).await;
    let shared = room.tabs[ANNA].ack("share-toggle", json!({"roomId": room.id, "isSharing": true})).await;
    assert_eq!(shared["ok"], true, "{shared}");
    let boris_media = room.publish(BORIS, &[VOICE]).await;
    let watching = room.tabs[BORIS].ack("watch-share", json!({"roomId": room.id, "userId": anna})).await;
    assert_eq!(watching["watching"], anna, "{watching}");
    let vera_media = room.publish(VERA, &[VOICE]).await;

    room.receive(ANNA, &anna_media, &[(BORIS, "voice"), (VERA, "voice")]).await;
    room.receive(BORIS, &boris_media, &[(ANNA, "voice"), (ANNA, "camera"), (ANNA, "screen"), (VERA, "voice")]).await;
    room.receive(VERA, &vera_media, &[(ANNA, "voice"), (ANNA, "camera"), (BORIS, "voice")]).await;

    // Frames arrive as they were sent, from each sender to each of the others.
    for (kind, frames) in [
        ("voice", wait_for_frames(&boris_media, anna, "voice", 20).await),
        ("camera", wait_for_frames(&boris_media, anna, "camera", 20).await),
        ("screen", wait_for_frames(&boris_media, anna, "screen", 20).await),
        ("voice", wait_for_frames(&vera_media, anna, "voice", 20).await),
        ("camera", wait_for_frames(&vera_media, anna, "camera", 20).await),
    ] {
        assert_sent_by(&frames, anna, kind);
    }
    assert_sent_by(&wait_for_frames(&anna_media, boris, "voice", 20).await, boris, "voice");
    assert_sent_by(&wait_for_frames(&anna_media, vera, "voice", 20).await, vera, "voice");
    assert_sent_by(&wait_for_frames(&vera_media, boris, "voice", 20).await, boris, "voice");
    // Vera does not watch: not one frame of the share reached her; nobody got their own media back.
    assert!(vera_media.frames_from(anna, "screen").is_empty(), "{:?}", vera_media.senders());
    for (peer, me) in [(&anna_media, anna), (&boris_media, boris), (&vera_media, vera)] {
        assert!(peer.senders().iter().all(|(from, _)| *from != me), "{me} got their own: {:?}", peer.senders());
    }

    // Vera starts watching: the share comes to her too.
    let watching = room.tabs[VERA].ack("watch-share", json!({"roomId": room.id, "userId": anna})).await;
    assert_eq!(watching["watching"], anna, "{watching}");
    room.receive(VERA, &vera_media, &[(ANNA, "voice"), (ANNA, "camera"), (ANNA, "screen"), (BORIS, "voice")]).await;
    assert_sent_by(&wait_for_frames(&vera_media, anna, "screen", 20).await, anna, "screen");

    // Anna leaves the voice: her sections go from everyone's connection, and her frames stop.
    let left = room.tabs[ANNA].ack("leave-room", json!(room.id)).await;
    assert_eq!(left["ok"], true);
    room.receive(BORIS, &boris_media, &[(VERA, "voice")]).await;
    room.receive(VERA, &vera_media, &[(BORIS, "voice")]).await;
    assert_sent_by(&wait_for_frames(&boris_media, vera, "voice", 40).await, vera, "voice");

    // She comes back with her voice and camera: they come in the sections her old ones left (the
    // description does not grow), and her new frames arrive there.
    anna_media.stop();
    let anna_again = room.publish(ANNA, &[VOICE, CAMERA]).await;
    room.receive(BORIS, &boris_media, &[(ANNA, "voice"), (ANNA, "camera"), (VERA, "voice")]).await;
    let before = boris_media.frames_from(anna, "camera").len();
    assert_sent_by(&wait_for_frames(&boris_media, anna, "camera", before + 20).await, anna, "camera");
    for peer in [anna_again, boris_media, vera_media] {
        peer.stop();
    }
    server.stop().await;
}

/// More people talking at once than anyone follows: only the three loudest voices are forwarded (by the
/// level each frame carries), and when one of them stops, the next loudest is heard.
#[tokio::test]
async fn of_five_people_talking_at_once_the_three_loudest_are_heard_and_the_next_when_one_stops() {
    let server = TestServer::start_with(&SFU).await;
    let mut room = Room::new(&server, &["lena", "s10", "s20", "s30", "s40", "s50"]).await;
    const LISTENER: usize = 0;
    let listener = room.publish(LISTENER, &[voice_at(-127)]).await;
    let mut speakers = Vec::new();
    for (who, level) in [(1, -10), (2, -20), (3, -30), (4, -40), (5, -50)] {
        speakers.push(room.publish(who, &[voice_at(level)]).await);
    }
    let everyone: Vec<(usize, &str)> = (1..=5).map(|who| (who, "voice")).collect();
    room.receive(LISTENER, &listener, &everyone).await;
    let voice = |who: usize| listener.frames_from(room.user(who), "voice").len();

    // Once the three loudest flow, the two quieter ones get nothing more while they get 50 frames each.
    for who in 1..=3 {
        wait_for_frames(&listener, room.user(who), "voice", 20).await;
    }
    let (quiet_40, quiet_50) = (voice(4), voice(5));
    for who in 1..=3 {
        wait_for_frames(&listener, room.user(who), "voice", voice(who) + 50).await;
    }
    assert_eq!((voice(4), voice(5)), (quiet_40, quiet_50), "the quieter voices were held back");

    // The loudest stops talking: the next loudest takes the place, the quietest still waits.
    speakers.remove(0).stop();
    wait_for_frames(&listener, room.user(4), "voice", quiet_40 + 20).await;
    wait_for_frames(&listener, room.user(2), "voice", voice(2) + 50).await;
    assert_eq!(voice(5), quiet_50);
    for peer in speakers.into_iter().chain([listener]) {
        peer.stop();
    }
    server.stop().await;
}

/// The layers `peer` has received of `from`'s camera, in order, with whether each started on a key frame.
fn layer_runs(peer: &MediaPeer, from: i64) -> Vec<(String, bool)> {
    let mut runs: Vec<(String, bool)> = Vec::new();
    for frame in peer.frames_from(from, "camera") {
        let (rid, _, keyframe) = layer_of(&frame).expect("a layer's frame");
        if runs.last().is_none_or(|(last, _)| *last != rid) {
            runs.push((rid, keyframe));
        }
    }
    runs
}

/// Waits until the last `count` camera frames `peer` got from `from` are all of layer `rid`.
async fn expect_layer(peer: &MediaPeer, from: i64, rid: &str, count: usize) {
    let deadline = std::time::Instant::now() + common::socket::PATIENCE * 3;
    loop {
        let frames = peer.frames_from(from, "camera");
        let last: Vec<String> =
            frames.iter().rev().take(count).filter_map(|f| layer_of(f).map(|(rid, ..)| rid)).collect();
        if last.len() == count && last.iter().all(|got| got == rid) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "never only {rid}: {:?}", layer_runs(peer, from));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A camera sent in three layers reaches each receiver in the one that fits how large they show it:
/// the largest until they say, then the smallest that fills their tile; a change comes at a key frame
/// of the new layer, never in the middle of one's delta frames — and the sender makes key frames only
/// when the server asks for them (of that layer), as a browser does.
#[tokio::test]
async fn each_receiver_gets_the_camera_layer_that_fits_its_tile_switching_at_key_frames() {
    let server = TestServer::start_with(&SFU).await;
    let mut room = Room::new(&server, &["anna", "boris", "vera"]).await;
    let anna = room.user(ANNA);
    let _anna_media = room.publish(ANNA, &[VOICE, LAYERED_CAMERA]).await;
    let boris_media = room.publish(BORIS, &[VOICE]).await;
    let vera_media = room.publish(VERA, &[VOICE]).await;
    room.receive(BORIS, &boris_media, &[(ANNA, "voice"), (ANNA, "camera"), (VERA, "voice")]).await;
    room.receive(VERA, &vera_media, &[(ANNA, "voice"), (ANNA, "camera"), (BORIS, "voice")]).await;

    // Nobody said how large they show it: the whole picture.
    expect_layer(&boris_media, anna, "h", 20).await;
    expect_layer(&vera_media, anna, "h", 20).await;

    // Boris shows it in a small tile, 150 pixels tall: the 180-pixel layer. Vera in a 400-pixel one:
    // the 720-pixel layer, as the 360 one would not fill it.
    let view = |media: &MediaPeer, height: u32| json!({"roomId": room.id, "views": {media.mid_of(anna, "camera").expect("a camera section"): height}});
    assert_eq!(room.tabs[BORIS].ack("media-view", view(&boris_media, 150)).await["ok"], true);
    assert_eq!(room.tabs[VERA].ack("media-view", view(&vera_media, 400)).await["ok"], true);
    expect_layer(&boris_media, anna, "l", 20).await;
    // Boris's tile grows to 300 pixels: the 360 layer.
    assert_eq!(room.tabs[BORIS].ack("media-view", view(&boris_media, 300)).await["ok"], true);
    expect_layer(&boris_media, anna, "m", 20).await;
    expect_layer(&vera_media, anna, "h", 20).await;
    let runs = layer_runs(&boris_media, anna);
    assert_eq!(runs.iter().map(|(rid, _)| rid.as_str()).collect::<Vec<_>>(), ["h", "l", "m"], "{runs:?}");
    assert!(runs.iter().all(|(_, keyframe)| *keyframe), "each layer began at a key frame: {runs:?}");
    assert_eq!(layer_runs(&vera_media, anna).len(), 1, "Vera never left the whole picture");

    // What nobody may say: too many sections, too tall, or outside the voice.
    let many: serde_json::Map<String, Value> = (0..300).map(|i| (i.to_string(), json!(100))).collect();
    for bad in [
        json!({"roomId": room.id, "views": many}),
        json!({"roomId": room.id, "views": {"1": 20_000}}),
        json!({"roomId": room.id, "views": {"1": -5}}),
        json!({"roomId": room.id, "views": [100]}),
    ] {
        assert_eq!(room.tabs[BORIS].ack("media-view", bad).await["code"], "invalid_payload");
    }
    assert_eq!(room.tabs[BORIS].ack("leave-room", json!(room.id)).await["ok"], true);
    assert_eq!(room.tabs[BORIS].ack("media-view", view(&boris_media, 150)).await["code"], "not_in_room");
    server.stop().await;
}

#[tokio::test]
async fn garbage_on_the_media_port_and_another_room_reach_nobody_and_stop_nothing() {
    let server = TestServer::start_with(&SFU).await;
    let mut room = Room::new(&server, &["anna", "boris"]).await;
    let mut other = Room::new(&server, &["gleb", "dasha"]).await;
    let (anna, gleb) = (room.user(ANNA), other.user(0));
    let anna_media = room.publish(ANNA, &[VOICE, CAMERA]).await;
    let boris_media = room.publish(BORIS, &[VOICE]).await;
    let gleb_media = other.publish(0, &[VOICE, CAMERA]).await;
    let dasha_media = other.publish(1, &[VOICE]).await;
    room.receive(BORIS, &boris_media, &[(ANNA, "voice"), (ANNA, "camera")]).await;
    other.receive(1, &dasha_media, &[(0, "voice"), (0, "camera")]).await;
    wait_for_frames(&boris_media, anna, "camera", 10).await;

    // Datagrams of every kind that belong to nobody: random bytes, STUN with an unknown username, RTP,
    // RTCP and DTLS records from a stranger's address.
    let media = anna_media.media_addr.expect("the server's media address");
    let stranger = tokio::net::UdpSocket::bind("127.0.0.1:0").await.expect("a socket");
    let mut stun = vec![0x00, 0x01, 0x00, 0x0c, 0x21, 0x12, 0xa4, 0x42];
    stun.extend_from_slice(&[7; 12]);
    stun.extend_from_slice(&[0x00, 0x06, 0x00, 0x08]);
    stun.extend_from_slice(b"nobody:x");
    let garbage: Vec<Vec<u8>> = vec![
        vec![],
        vec![0xff; 1],
        (0..=255u8).collect(),
        stun,
        [vec![0x80, 0x6f, 0x00, 0x01, 0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef], vec![0; 200]].concat(),
        vec![0x80, 0xc8, 0x00, 0x06, 0xde, 0xad, 0xbe, 0xef],
        [vec![0x16, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x30], vec![1; 48]].concat(),
        vec![0x17, 0xfe, 0xfd, 0xff, 0xff],
    ];
    for round in 0..200 {
        for datagram in &garbage {
            stranger.send_to(datagram, media).await.expect("sent");
        }
        if round % 50 == 0 {
            tokio::task::yield_now().await;
        }
    }
    // Forwarding goes on after it, and each room hears only itself.
    let before = boris_media.frames_from(anna, "camera").len();
    wait_for_frames(&boris_media, anna, "camera", before + 20).await;
    wait_for_frames(&dasha_media, gleb, "camera", 20).await;
    assert!(boris_media.senders().iter().all(|(from, _)| *from == anna), "{:?}", boris_media.senders());
    assert!(dasha_media.senders().iter().all(|(from, _)| *from == gleb), "{:?}", dasha_media.senders());
    // Each kind was counted, for the operator (GET /api/health), and the connections are all there.
    let media = media_health(&server).await;
    assert!(media["malformed"].as_u64() > Some(0) && media["unclaimed"].as_u64() > Some(0), "{media}");
    assert_eq!(media["connections"], 8, "{media}");
    for peer in [anna_media, boris_media, gleb_media, dasha_media] {
        peer.stop();
    }
    server.stop().await;
}

/// The forwarding server's counters, as `GET /api/health` gives them.
async fn media_health(server: &TestServer) -> Value {
    let health = server.get("/api/health", None).await;
    assert_eq!(health.status, StatusCode::OK);
    health.body["media"].clone()
}

/// Waits (up to `within`) until the forwarding server's counters satisfy `done`.
async fn wait_for_media(server: &TestServer, within: std::time::Duration, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + within;
    loop {
        let media = media_health(server).await;
        if done(&media) {
            return media;
        }
        assert!(std::time::Instant::now() < deadline, "the counters never got there: {media}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Someone who sends far more than a browser would (each packet a hundred times) has the excess dropped
/// before it costs anything, and counted; the others in the room go on seeing and hearing each other.
#[tokio::test]
async fn a_participant_sending_more_than_its_share_is_held_to_it_and_the_others_go_on() {
    let server = TestServer::start_with(&SFU).await;
    let mut room = Room::new(&server, &["anna", "boris", "vera"]).await;
    let (anna, boris) = (room.user(ANNA), room.user(BORIS));
    let anna_media = room.publish(ANNA, &[VOICE, FLOODING_CAMERA]).await;
    let boris_media = room.publish(BORIS, &[VOICE, CAMERA]).await;
    let vera_media = room.publish(VERA, &[VOICE]).await;
    room.receive(VERA, &vera_media, &[(ANNA, "voice"), (ANNA, "camera"), (BORIS, "voice"), (BORIS, "camera")]).await;
    wait_for_frames(&vera_media, anna, "voice", 20).await;
    wait_for_media(&server, common::socket::PATIENCE * 3, |media| media["overBudget"].as_u64() > Some(100)).await;
    let before = vera_media.frames_from(boris, "camera").len();
    assert_sent_by(&wait_for_frames(&vera_media, boris, "camera", before + 50).await, boris, "camera");
    for peer in [anna_media, boris_media, vera_media] {
        peer.stop();
    }
    server.stop().await;
}

/// A client that gets its answer and never completes ICE and DTLS: both its connections close once
/// `CONNECT_WITHIN` (15 s) has passed, and that is counted.
#[tokio::test]
async fn connections_that_never_complete_dtls_are_closed() {
    let server = TestServer::start_with(&SFU).await;
    let room = Room::new(&server, &["anna"]).await;
    let joined = room.tabs[ANNA].ack("join-room", json!(room.id)).await;
    assert_eq!(joined["ok"], true, "{joined}");
    let mut rtc = str0m::Rtc::builder().enable_opus(true, false).build(std::time::Instant::now());
    let mut api = rtc.sdp_api();
    api.add_media(str0m::media::MediaKind::Audio, str0m::media::Direction::SendOnly, None, None, None);
    let (offer, _pending) = api.apply().expect("an offer");
    let publish = json!({"roomId": room.id, "session": "silent", "offer": {"type": "offer", "sdp": offer.to_sdp_string()}, "media": {}});
    assert_eq!(room.tabs[ANNA].ack("media-publish", publish).await["ok"], true);
    assert_eq!(media_health(&server).await["connections"], 2);
    let media = wait_for_media(&server, std::time::Duration::from_secs(45), |media| media["connections"] == 0).await;
    assert_eq!(media["neverConnected"], 1, "{media}");
    server.stop().await;
}

#[tokio::test]
async fn wrong_descriptions_and_people_outside_the_voice_are_refused_with_a_reason() {
    let server = TestServer::start_with(&SFU).await;
    let room = Room::new(&server, &["anna", "boris", "vera"]).await;
    let publish = |sdp: &str, kind: &str| json!({"roomId": room.id, "session": "s1", "offer": {"type": kind, "sdp": sdp}, "media": {}});
    let code = |ack: &Value| ack["code"].as_str().unwrap_or("").to_owned();
    // Not in the voice (Boris only shows the room): refused before the description is read.
    let shown = room.tabs[BORIS].ack("open-room", json!(room.id)).await;
    assert_eq!(shown["voiceMode"], "sfu", "{shown}");
    assert_eq!(code(&room.tabs[BORIS].ack("media-publish", publish("v=0", "offer")).await), "not_in_room");
    // A stranger to the room: as for every room event.
    let stranger = server.register("stranger").await;
    let stranger_tab = server.socket(&stranger.1).await;
    assert_eq!(code(&stranger_tab.ack("media-publish", publish("v=0", "offer")).await), "not_found");

    // In the voice: a description that is not one, an answer as an offer, a missing field, a session
    // name too long, an answer when nothing was offered.
    let joined = room.tabs[ANNA].ack("join-room", json!(room.id)).await;
    assert_eq!(joined["ok"], true);
    let tab = &room.tabs[ANNA];
    assert_eq!(code(&tab.ack("media-publish", publish("v=0", "offer")).await), "invalid_payload");
    assert_eq!(code(&tab.ack("media-publish", publish("not sdp at all", "offer")).await), "invalid_payload");
    assert_eq!(code(&tab.ack("media-publish", publish("v=0", "answer")).await), "invalid_payload");
    assert_eq!(
        code(&tab.ack("media-publish", json!({"roomId": room.id, "offer": {"type": "offer"}})).await),
        "invalid_payload"
    );
    let long =
        json!({"roomId": room.id, "session": "s".repeat(65), "offer": {"type": "offer", "sdp": "v=0"}, "media": {}});
    assert_eq!(code(&tab.ack("media-publish", long).await), "invalid_payload");
    let anna_media = MediaPeer::publish(tab, room.user(ANNA), room.id, &[VOICE]).await;
    let answer = json!({"roomId": room.id, "answer": {"type": "answer", "sdp": anna_media.last_answer.clone()}});
    assert_eq!(code(&tab.ack("media-answer", answer).await), "no_pending_offer");
    // None of it broke the connection that was made right.
    let vera_media = room.publish(VERA, &[VOICE]).await;
    let mut room = room;
    room.receive(VERA, &vera_media, &[(ANNA, "voice")]).await;
    wait_for_frames(&vera_media, room.user(ANNA), "voice", 10).await;
    for peer in [anna_media, vera_media] {
        peer.stop();
    }
    server.stop().await;

    // A server whose voice goes browser to browser says so.
    let mesh = TestServer::start().await;
    let room = Room::new(&mesh, &["anna", "boris"]).await;
    let joined = room.tabs[ANNA].ack("join-room", json!(room.id)).await;
    assert_eq!(joined["voiceMode"], "mesh", "{joined}");
    assert_eq!(code(&room.tabs[ANNA].ack("media-publish", publish_in(room.id)).await), "voice_not_forwarded");
    mesh.stop().await;
}

fn publish_in(room: i64) -> Value {
    json!({"roomId": room, "session": "s1", "offer": {"type": "offer", "sdp": "v=0"}, "media": {}})
}
