//! Rooms over real HTTP and Socket.IO (ROOM-1…ROOM-5, VOICE-2, VOICE-3, VOICE-5, PANEL-1, PANEL-2), on
//! SQLite or PostgreSQL.

mod common;

use common::{TestServer, TestSocket, id, names, removal_race};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn participant<'a>(participants: &'a Value, username: &str) -> &'a Value {
    participants.as_array().expect("participants").iter().find(|p| p["username"] == username).expect("participant")
}

/// Three friends of alice: bob, carol, dave; and erin, a stranger. Each with one open tab.
struct Cast {
    server: TestServer,
    users: Vec<(Value, String)>,
    tabs: Vec<TestSocket>,
}

impl Cast {
    async fn new() -> Self {
        let server = TestServer::start().await;
        let users = server.register_all(&["alice", "bob", "carol", "dave", "erin"]).await;
        server.befriend_all(&users[0], &users[1..=3]).await;
        let tabs = server.settled_tabs(&users).await;
        Self { server, users, tabs }
    }

    fn token(&self, who: usize) -> &str {
        &self.users[who].1
    }

    fn user(&self, who: usize) -> &Value {
        &self.users[who].0
    }

    /// Alice's private room with Bob and Carol as accepted members; nobody is in it yet.
    async fn voice_room(&self) -> i64 {
        let room = self.server.create_room(self.token(ALICE), "Voice", &[self.user(BOB), self.user(CAROL)]).await;
        let room_id = id(&room);
        for who in [BOB, CAROL] {
            let joined =
                self.server.post(&format!("/api/rooms/{room_id}/join"), json!({}), Some(self.token(who))).await;
            assert_eq!(joined.status, StatusCode::OK);
        }
        room_id
    }
}

const ALICE: usize = 0;
const BOB: usize = 1;
const CAROL: usize = 2;
const DAVE: usize = 3;
const ERIN: usize = 4;

#[tokio::test]
async fn a_room_lives_from_invitation_to_deletion_with_every_member_kept_current() {
    let mut cast = Cast::new().await;
    let server = &cast.server;
    let room = server.create_room(cast.token(ALICE), "Friday night", &[cast.user(BOB), cast.user(CAROL)]).await;
    let room_id = id(&room);
    assert_eq!((room["ownerId"].clone(), room["isPrivate"].as_bool()), (cast.user(ALICE)["id"].clone(), Some(true)));

    for who in [BOB, CAROL] {
        let invitation = cast.tabs[who].expect_event("room-invitation").await;
        assert_eq!(
            (invitation["room"]["id"].as_i64(), invitation["from"]["username"].as_str()),
            (Some(room_id), Some("alice"))
        );
        let notification = cast.tabs[who].expect_event("notification").await;
        assert_eq!(
            (notification["type"].as_str(), notification["room"]["id"].as_i64()),
            (Some("room-invitation"), Some(room_id))
        );
    }
    let rooms = server.get("/api/rooms", Some(cast.token(BOB))).await.body["rooms"].clone();
    assert_eq!((rooms[0]["id"].as_i64(), rooms[0]["myStatus"].as_str()), (Some(room_id), Some("pending")));
    assert_eq!(server.get("/api/rooms", Some(cast.token(ALICE))).await.body["rooms"][0]["myStatus"], "accepted");
    assert!(server.get("/api/rooms", Some(cast.token(ERIN))).await.body["rooms"].as_array().expect("rooms").is_empty());

    // Bob accepts: everyone concerned hears room-updated.
    let joined = server.post(&format!("/api/rooms/{room_id}/join"), json!({}), Some(cast.token(BOB))).await;
    assert_eq!(joined.status, StatusCode::OK, "{:?}", joined.body);
    assert_eq!(participant(&joined.body["participants"], "bob")["roomStatus"], "accepted");
    for who in [ALICE, BOB, CAROL] {
        let updated = cast.tabs[who].expect_event("room-updated").await;
        assert_eq!(participant(&updated["participants"], "bob")["roomStatus"], "accepted");
    }
    // Carol declines; she is no longer told about the room.
    assert_eq!(
        server.post(&format!("/api/rooms/{room_id}/decline"), json!({}), Some(cast.token(CAROL))).await.status,
        StatusCode::NO_CONTENT
    );
    for who in [ALICE, BOB] {
        assert_eq!(
            participant(&cast.tabs[who].expect_event("room-updated").await["participants"], "carol")["roomStatus"],
            "declined"
        );
    }
    // Bob (a member) invites Dave; inviting a stranger is refused.
    let not_friend = server
        .post(
            &format!("/api/rooms/{room_id}/invite"),
            json!({"userIds": [id(cast.user(ERIN))]}),
            Some(cast.token(ALICE)),
        )
        .await;
    assert_eq!((not_friend.status, not_friend.code()), (StatusCode::BAD_REQUEST, "not_a_friend"));
    let invited = server
        .post(
            &format!("/api/rooms/{room_id}/invite"),
            json!({"userIds": [id(cast.user(DAVE))]}),
            Some(cast.token(ALICE)),
        )
        .await;
    assert_eq!(invited.status, StatusCode::OK, "{:?}", invited.body);
    assert_eq!(participant(&invited.body["participants"], "dave")["roomStatus"], "pending");
    cast.tabs[DAVE].expect_event("room-invitation").await;
    assert_eq!(cast.tabs[DAVE].expect_event("notification").await["type"], "room-invitation");

    // Bob leaves; the owner cannot.
    assert_eq!(
        server.post(&format!("/api/rooms/{room_id}/leave"), json!({}), Some(cast.token(BOB))).await.status,
        StatusCode::NO_CONTENT
    );
    let owner_leaves = server.post(&format!("/api/rooms/{room_id}/leave"), json!({}), Some(cast.token(ALICE))).await;
    assert_eq!((owner_leaves.status, owner_leaves.code()), (StatusCode::CONFLICT, "owner_cannot_leave"));
    assert_eq!(server.get(&format!("/api/rooms/{room_id}"), Some(cast.token(BOB))).await.status, StatusCode::NOT_FOUND);

    // The owner deletes the room: its people are told, and it is gone for everyone.
    for tab in &mut cast.tabs {
        tab.settle().await;
    }
    let deleted = server.call(Method::DELETE, &format!("/api/rooms/{room_id}"), None, Some(cast.token(ALICE))).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    for who in [ALICE, DAVE] {
        assert_eq!(cast.tabs[who].expect_event("room-deleted").await["roomId"], room_id);
    }
    assert_eq!(
        server.get(&format!("/api/rooms/{room_id}"), Some(cast.token(ALICE))).await.status,
        StatusCode::NOT_FOUND
    );
    cast.tabs[ERIN].assert_quiet().await;
}

#[tokio::test]
async fn public_rooms_take_anyone_up_to_their_limit() {
    let cast = Cast::new().await;
    let server = &cast.server;
    let reply = server
        .post(
            "/api/rooms",
            json!({"name": "Open mic", "isPrivate": false, "invitedFriends": [], "maxParticipants": 3}),
            Some(cast.token(ALICE)),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let room_id = id(&reply.body["room"]);
    assert_eq!(
        server.get(&format!("/api/rooms/{room_id}"), Some(cast.token(ERIN))).await.status,
        StatusCode::OK,
        "a public room can be seen"
    );
    for who in [ERIN, DAVE] {
        assert_eq!(
            server.post(&format!("/api/rooms/{room_id}/join"), json!({}), Some(cast.token(who))).await.status,
            StatusCode::OK
        );
    }
    let full = server.post(&format!("/api/rooms/{room_id}/join"), json!({}), Some(cast.token(CAROL))).await;
    assert_eq!((full.status, full.code()), (StatusCode::CONFLICT, "room_full"));
    let again = server.post(&format!("/api/rooms/{room_id}/join"), json!({}), Some(cast.token(ERIN))).await;
    assert_eq!(again.status, StatusCode::OK, "joining again is harmless");

    for (body, code) in [
        (json!({"name": "  ", "isPrivate": true}), "invalid_room_name"),
        (json!({"name": "x".repeat(65), "isPrivate": true}), "invalid_room_name"),
        (json!({"name": "ok", "isPrivate": true, "maxParticipants": 1}), "invalid_max_participants"),
        (json!({"name": "ok", "isPrivate": "yes"}), "invalid_body"),
    ] {
        let reply = server.post("/api/rooms", body, Some(cast.token(ALICE))).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, code));
    }
}

#[tokio::test]
async fn participants_carry_live_state_and_a_closed_tab_leaves_at_once() {
    let mut cast = Cast::new().await;
    let server = &cast.server;
    let room_id = cast.voice_room().await;
    let alice_in = cast.tabs[ALICE].ack("join-room", json!(room_id)).await;
    assert_eq!(alice_in["ok"], true, "{alice_in}");
    assert_eq!(participant(&alice_in["participants"], "alice")["isInRoom"], true);
    let bob_tab = cast.server.socket(cast.token(BOB)).await;
    let bob_in = bob_tab.ack("join-room", json!({"roomId": room_id})).await;
    assert_eq!(
        names(bob_in["participants"].as_array().expect("participants")),
        ["alice", "bob", "carol"],
        "in-room first, then by name"
    );
    let joined = cast.tabs[ALICE].skip_to("user-joined-room").await;
    assert_eq!(
        (joined["userId"].clone(), joined["participant"]["isInRoom"].as_bool()),
        (cast.user(BOB)["id"].clone(), Some(true))
    );
    for tab in &mut cast.tabs {
        tab.settle().await;
    }

    // Mic, deafen, speaking: told to the others in the room, and only on a change.
    assert_eq!(bob_tab.ack("mic-toggle", json!({"roomId": room_id, "isMuted": true})).await["isMuted"], true);
    let muted = cast.tabs[ALICE].expect_event("user-mic-toggle").await;
    assert_eq!((muted["userId"].clone(), muted["isMuted"].as_bool()), (cast.user(BOB)["id"].clone(), Some(true)));
    bob_tab.ack("mic-toggle", json!({"roomId": room_id, "isMuted": true})).await;
    bob_tab.ack("start-speaking", json!({"roomId": room_id})).await;
    assert_eq!(
        cast.tabs[ALICE].expect_event("user-speaking").await["isSpeaking"],
        true,
        "a repeated mute was not told"
    );
    let detail = server.get(&format!("/api/rooms/{room_id}"), Some(cast.token(CAROL))).await;
    assert_eq!(
        names(detail.body["participants"].as_array().expect("participants")),
        ["bob", "alice", "carol"],
        "speaking first"
    );
    let bob = participant(&detail.body["participants"], "bob");
    assert_eq!(
        (bob["isSpeaking"].as_bool(), bob["isMuted"].as_bool(), bob["isOnline"].as_bool()),
        (Some(true), Some(true), Some(true))
    );
    bob_tab.ack("deafen-toggle", json!({"roomId": room_id, "isDeafened": true})).await;
    assert_eq!(cast.tabs[ALICE].expect_event("user-deafen-toggle").await["isDeafened"], true);
    // Carol is a member but not in the room: she hears none of it.
    cast.tabs[CAROL].assert_quiet().await;
    let not_in = cast.tabs[CAROL].ack("start-speaking", json!({"roomId": room_id})).await;
    assert_eq!(not_in["code"], "not_in_room");

    // Bob's tab closes: Alice hears him leave at once, and he is no longer in the room.
    bob_tab.close().await;
    assert_eq!(cast.tabs[ALICE].expect_event("user-left-room").await["userId"], cast.user(BOB)["id"]);
    let detail = server.get(&format!("/api/rooms/{room_id}"), Some(cast.token(CAROL))).await;
    assert_eq!(participant(&detail.body["participants"], "bob")["isInRoom"], false);
}

#[tokio::test]
async fn a_tabs_events_take_effect_in_the_order_it_sent_them() {
    let mut cast = Cast::new().await;
    let room_id = cast.voice_room().await;
    assert_eq!(cast.tabs[ALICE].ack("join-room", json!(room_id)).await["ok"], true);
    cast.tabs[ALICE].settle().await;
    // Bob's tab sends without waiting for any answer: it enters the room, turns the microphone off and
    // on 21 times (ending off), writes 20 lines, and only then asks something back.
    let bob_tab = cast.server.socket(cast.token(BOB)).await;
    bob_tab.emit("join-room", json!(room_id)).await;
    let mutes: Vec<bool> = (0..21).map(|round| round % 2 == 0).collect();
    for &is_muted in &mutes {
        bob_tab.emit("mic-toggle", json!({"roomId": room_id, "isMuted": is_muted})).await;
    }
    let lines: Vec<String> = (0..20).map(|n| format!("line {n}")).collect();
    for line in &lines {
        bob_tab.emit("send-message", json!({"roomId": room_id, "content": line})).await;
    }
    let last = bob_tab.ack("start-speaking", json!({"roomId": room_id})).await;
    assert_eq!((last["ok"].as_bool(), last["isMuted"].as_bool()), (Some(true), Some(true)), "{last}");

    // Alice saw him come in, then every change in the order he made it, then the lines in order.
    let alice_heard = cast.tabs[ALICE].events().await;
    let events = |name: &str| -> Vec<Value> {
        alice_heard.iter().filter(|(event, _)| event == name).map(|(_, payload)| payload.clone()).collect()
    };
    let heard_mutes: Vec<bool> = events("user-mic-toggle").iter().filter_map(|e| e["isMuted"].as_bool()).collect();
    assert_eq!(heard_mutes, mutes);
    let heard_lines: Vec<Value> = events("new-message").iter().map(|m| m["content"].clone()).collect();
    assert_eq!(heard_lines, lines);
    let history = cast.server.list(&format!("/api/messages?roomId={room_id}"), cast.token(ALICE), "messages").await;
    let stored: Vec<Value> = history.iter().map(|m| m["content"].clone()).collect();
    assert_eq!(stored, lines, "stored in the order sent");
}

#[tokio::test]
async fn a_removed_members_open_socket_stops_hearing_the_room_at_once() {
    let mut cast = Cast::new().await;
    let server = &cast.server;
    let room = server.create_room(cast.token(ALICE), "Private", &[cast.user(BOB)]).await;
    let room_id = id(&room);
    server.post(&format!("/api/rooms/{room_id}/join"), json!({}), Some(cast.token(BOB))).await;
    cast.tabs[ALICE].ack("join-room", json!(room_id)).await;
    cast.tabs[BOB].ack("join-room", json!(room_id)).await;
    let sent = cast.tabs[ALICE].ack("send-message", json!({"roomId": room_id, "content": "before"})).await;
    assert_eq!(sent["ok"], true, "{sent}");
    for who in [ALICE, BOB] {
        assert_eq!(cast.tabs[who].skip_to("new-message").await["content"], "before");
    }
    for tab in &mut cast.tabs {
        tab.settle().await;
    }

    let removed = server
        .call(
            Method::DELETE,
            &format!("/api/rooms/{room_id}/members/{}", id(cast.user(BOB))),
            None,
            Some(cast.token(ALICE)),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(cast.tabs[BOB].expect_event("room-removed").await["roomId"], room_id);
    assert_eq!(cast.tabs[ALICE].expect_event("user-left-room").await["userId"], cast.user(BOB)["id"]);

    cast.tabs[ALICE].ack("send-message", json!({"roomId": room_id, "content": "after"})).await;
    cast.tabs[ALICE].ack("start-speaking", json!({"roomId": room_id})).await;
    cast.tabs[BOB].assert_quiet().await;
    let refused = cast.tabs[BOB].ack("send-message", json!({"roomId": room_id, "content": "still here?"})).await;
    assert_eq!(refused["code"], "not_found");
    assert_eq!(
        server.get(&format!("/api/messages?roomId={room_id}"), Some(cast.token(BOB))).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn signals_are_relayed_only_between_people_in_the_room_with_the_true_sender() {
    let mut cast = Cast::new().await;
    let room_id = cast.voice_room().await;
    for who in [ALICE, BOB] {
        cast.tabs[who].ack("join-room", json!(room_id)).await;
    }
    assert_eq!(cast.tabs[ALICE].skip_to("user-joined-room").await["userId"], cast.user(BOB)["id"]);
    for tab in &mut cast.tabs {
        tab.settle().await;
    }
    let (alice_id, bob_id, carol_id, erin_id) =
        (id(cast.user(ALICE)), id(cast.user(BOB)), id(cast.user(CAROL)), id(cast.user(ERIN)));

    // Alice → Bob, claiming to be Erin: relayed, from Alice.
    let offer = json!({"type": "offer", "sdp": "v=0 fake"});
    let ack = cast.tabs[ALICE].ack("webrtc-offer", json!({"to": bob_id, "offer": offer, "from": erin_id})).await;
    assert_eq!(ack["ok"], true, "{ack}");
    let got = cast.tabs[BOB].expect_event("webrtc-offer").await;
    assert_eq!((got["from"].as_i64(), got["roomId"].as_i64(), &got["offer"]), (Some(alice_id), Some(room_id), &offer));
    cast.tabs[BOB].ack("webrtc-answer", json!({"to": alice_id, "answer": {"type": "answer", "sdp": "v=0"}})).await;
    assert_eq!(cast.tabs[ALICE].expect_event("webrtc-answer").await["from"], bob_id);
    cast.tabs[BOB]
        .ack(
            "ice-candidate",
            json!({"to": alice_id, "candidate": {"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host"}}),
        )
        .await;
    assert_eq!(cast.tabs[ALICE].expect_event("ice-candidate").await["from"], bob_id);

    // Refused: to a member who is not in the room, to a stranger, from someone not in the room, to self.
    for (from, to) in [(ALICE, carol_id), (ALICE, erin_id), (CAROL, alice_id), (ERIN, bob_id), (ALICE, alice_id)] {
        let ack = cast.tabs[from].ack("webrtc-offer", json!({"to": to, "offer": offer})).await;
        assert_eq!(
            (ack["ok"].as_bool(), ack["code"].as_str()),
            (Some(false), Some("not_in_same_room")),
            "{from} → {to}"
        );
    }
    let no_body = cast.tabs[ALICE].ack("webrtc-offer", json!({"to": bob_id})).await;
    assert_eq!(no_body["code"], "invalid_payload");

    // VOICE-15: keys travel the same way, as they are; the relay carries keys, not payloads.
    let key = json!({"identity": "BAE=", "key": {"tag": 7, "wrapped": "AAEC"}});
    let ack = cast.tabs[ALICE].ack("e2ee-key", json!({"to": bob_id, "roomId": room_id, "key": key})).await;
    assert_eq!(ack["ok"], true, "{ack}");
    let got = cast.tabs[BOB].expect_event("e2ee-key").await;
    assert_eq!((got["from"].as_i64(), got["roomId"].as_i64(), &got["key"]), (Some(alice_id), Some(room_id), &key));
    let long = "A".repeat(257);
    for bad in [
        json!({"to": bob_id}),
        json!({"to": bob_id, "key": {"identity": long}}),
        json!({"to": bob_id, "key": {"identity": "BAE=", "key": {"tag": 7, "wrapped": long}}}),
        json!({"to": bob_id, "key": {"identity": "BAE=", "key": {"tag": -1, "wrapped": "AAEC"}}}),
        json!({"to": bob_id, "key": {"identity": 5}}),
    ] {
        let refused = cast.tabs[ALICE].ack("e2ee-key", bad.clone()).await;
        assert_eq!(refused["code"], "invalid_payload", "{bad}");
    }
    let stranger = cast.tabs[ALICE].ack("e2ee-key", json!({"to": carol_id, "key": key})).await;
    assert_eq!(stranger["code"], "not_in_same_room");
    for tab in &mut cast.tabs {
        tab.assert_quiet().await;
    }
}

/// VOICE-1: a tab that shows a room without its voice hears what is said there and is not told about
/// it as someone away is, but is not in the room: nobody is told, it is not `isInRoom`, and no signal
/// reaches it or comes from it. Showing a room whose voice the tab is in leaves the voice.
#[tokio::test]
async fn a_room_can_be_shown_without_being_in_its_voice() {
    let mut cast = Cast::new().await;
    let server = &cast.server;
    let room_id = cast.voice_room().await;
    let (alice_id, bob_id) = (id(cast.user(ALICE)), id(cast.user(BOB)));
    assert_eq!(cast.tabs[ALICE].ack("join-room", json!(room_id)).await["ok"], true);
    let shown = cast.tabs[BOB].ack("open-room", json!({"roomId": room_id})).await;
    assert_eq!(shown["ok"], true, "{shown}");
    assert_eq!(participant(&shown["participants"], "bob")["isInRoom"], false);
    assert_eq!(participant(&shown["participants"], "alice")["isInRoom"], true);
    for tab in &mut cast.tabs {
        tab.settle().await;
    }

    let sent = cast.tabs[ALICE].ack("send-message", json!({"roomId": room_id, "content": "hello"})).await;
    assert_eq!(sent["ok"], true, "{sent}");
    assert_eq!(cast.tabs[BOB].expect_event("new-message").await["content"], "hello");
    assert_eq!(cast.tabs[CAROL].skip_to("notification").await["type"], "message", "carol is away");
    assert!(server.unread(cast.token(BOB)).await.is_empty(), "bob shows the room: nothing unread to tell him");
    let offer = json!({"type": "offer", "sdp": "v=0 fake"});
    for (from, to) in [(ALICE, bob_id), (BOB, alice_id)] {
        let refused = cast.tabs[from].ack("webrtc-offer", json!({"to": to, "offer": offer})).await;
        assert_eq!(refused["code"], "not_in_same_room", "{from} → {to}");
    }
    let speaking = cast.tabs[BOB].ack("start-speaking", json!({"roomId": room_id})).await;
    assert_eq!(speaking["code"], "not_in_room");
    let room = server.get(&format!("/api/rooms/{room_id}"), Some(cast.token(ALICE))).await;
    assert_eq!(participant(&room.body["participants"], "bob")["isInRoom"], false);
    assert_eq!(cast.tabs[ALICE].heard().await, ["new-message"], "her own message, and nothing of bob");

    // Into the voice and back out to only showing it: the others are told both, and he still hears it.
    assert_eq!(cast.tabs[BOB].ack("join-room", json!(room_id)).await["ok"], true);
    assert_eq!(cast.tabs[ALICE].expect_event("user-joined-room").await["userId"], bob_id);
    assert_eq!(cast.tabs[BOB].ack("open-room", json!(room_id)).await["ok"], true);
    assert_eq!(cast.tabs[ALICE].expect_event("user-left-room").await["userId"], bob_id);
    cast.tabs[ALICE].ack("send-message", json!({"roomId": room_id, "content": "still there"})).await;
    assert_eq!(cast.tabs[BOB].skip_to("new-message").await["content"], "still there");
    assert!(server.unread(cast.token(BOB)).await.is_empty());

    // Closing it: away again, so the next message is an unread notification.
    assert_eq!(cast.tabs[BOB].ack("leave-room", json!(room_id)).await["ok"], true);
    cast.tabs[BOB].settle().await;
    cast.tabs[ALICE].ack("send-message", json!({"roomId": room_id, "content": "gone?"})).await;
    assert_eq!(cast.tabs[BOB].expect_event("notification").await["type"], "message");
    cast.tabs[BOB].assert_quiet().await;

    // Only members may show a room; a stranger learns nothing of it.
    let stranger = cast.tabs[ERIN].ack("open-room", json!(room_id)).await;
    assert_eq!(stranger["code"], "not_found");
    cast.tabs[ERIN].assert_quiet().await;
}

/// Issue 28's access break: a member whose tabs join while she is removed stayed subscribed now and then.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_member_is_out_on_every_tab_however_her_joins_race_the_removal() {
    let server = TestServer::start().await;
    removal_race::play(&server, &server, 60).await;
    server.stop().await;
}

/// QUALITY-2: each person is told, with the room, what they may do in it, as the access rule decides;
/// it follows their membership and, in a direct conversation, the friendship.
#[tokio::test]
async fn everyone_is_told_what_they_may_do_in_a_room() {
    let server = TestServer::start().await;
    let people = server.register_all(&["alice", "bob", "carol"]).await;
    let [(alice, alice_token), (bob, bob_token), (carol, _)] = &people[..] else { unreachable!() };
    server.befriend_all(&people[0], &people[1..]).await;
    let room = id(&server.create_room(alice_token, "plans", &[bob]).await);
    let may = |reply: &Value, what: &[&str]| -> Vec<bool> {
        what.iter().map(|w| reply["permissions"][*w].as_bool().unwrap_or_else(|| panic!("{w} in {reply}"))).collect()
    };
    let what = ["view", "readHistory", "write", "join", "decline", "leave", "invite", "manage"];

    let invited = server.get(&format!("/api/rooms/{room}"), Some(bob_token)).await;
    assert_eq!(may(&invited.body, &what), [true, false, false, true, true, false, false, false]);
    let joined = server.post(&format!("/api/rooms/{room}/join"), json!({}), Some(bob_token)).await;
    assert_eq!(may(&joined.body, &what), [true, true, true, true, false, true, true, false]);
    let owner = server.get(&format!("/api/rooms/{room}"), Some(alice_token)).await;
    assert_eq!(may(&owner.body, &what), [true, true, true, true, false, false, true, true]);

    // room-updated carries each receiver's own permissions.
    let mut tabs = server.settled_tabs(&people[..2]).await;
    let invite = json!({"userIds": [id(carol)]});
    assert_eq!(
        server.post(&format!("/api/rooms/{room}/invite"), invite, Some(alice_token)).await.status,
        StatusCode::OK
    );
    assert_eq!(tabs[0].skip_to("room-updated").await["permissions"]["manage"], true);
    assert_eq!(tabs[1].skip_to("room-updated").await["permissions"]["manage"], false);

    // A direct conversation is writable while they are friends, read-only after, in the list and the room.
    let direct = id(&server.post(&format!("/api/direct/{}", id(bob)), json!({}), Some(alice_token)).await.body["room"]);
    let listed = |rooms: Vec<Value>| rooms.into_iter().find(|r| id(r) == direct).expect("listed");
    assert_eq!(listed(server.list("/api/rooms", alice_token, "rooms").await)["permissions"]["write"], true);
    let unfriended = server.call(Method::DELETE, &format!("/api/friends/{}", id(alice)), None, Some(bob_token)).await;
    assert_eq!(unfriended.status, StatusCode::NO_CONTENT);
    let read_only = server.get(&format!("/api/rooms/{direct}"), Some(alice_token)).await;
    assert_eq!(
        may(&read_only.body, &["view", "readHistory", "write", "react", "leave", "manage"]),
        [true, true, false, false, false, false]
    );
    assert_eq!(listed(server.list("/api/rooms", bob_token, "rooms").await)["permissions"]["write"], false);
    for tab in tabs {
        tab.close().await;
    }
    server.stop().await;
}
