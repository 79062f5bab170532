//! One-to-one calls over real Socket.IO (CALL-1…CALL-4, STATUS-2's busy), on SQLite or PostgreSQL.
//! Calls ring for the real 30 s, so an answer under load is never late; the timeout test rings for 1 s.

mod common;

use common::{TestServer, TestSocket, id};
use serde_json::{Value, json};

struct Call {
    server: TestServer,
    alice: (Value, String, TestSocket),
    bob: (Value, String, TestSocket, TestSocket),
    room_id: i64,
}

/// Alice and Bob are friends; Alice made a two-person room for calling Bob; Bob has two tabs.
async fn setup(ring_seconds: &str) -> Call {
    let server = TestServer::start_with(&["--call-ring-seconds", ring_seconds]).await;
    let (alice, alice_token) = server.register("alice").await;
    let (bob, bob_token) = server.register("bob").await;
    server.befriend(&alice_token, &bob, &bob_token).await;
    let room = server.create_room(&alice_token, "alice & bob", &[&bob]).await;
    let mut alice_tab = server.socket(&alice_token).await;
    let mut bob_tabs = (server.socket(&bob_token).await, server.socket(&bob_token).await);
    for tab in [&mut alice_tab, &mut bob_tabs.0, &mut bob_tabs.1] {
        tab.settle().await;
    }
    let room_id = id(&room);
    Call { server, alice: (alice, alice_token, alice_tab), bob: (bob, bob_token, bob_tabs.0, bob_tabs.1), room_id }
}

impl Call {
    fn ids(&self) -> (i64, i64) {
        (id(&self.alice.0), id(&self.bob.0))
    }

    /// Alice calls Bob; both of Bob's tabs ring.
    async fn ring(&mut self) {
        let (_, bob) = self.ids();
        let ack = self.alice.2.ack("call-friend", json!({"friendId": bob, "roomId": self.room_id})).await;
        assert_eq!((ack["ok"].as_bool(), ack["state"].as_str()), (Some(true), Some("ringing")), "{ack}");
        for tab in [&mut self.bob.2, &mut self.bob.3] {
            let incoming = tab.expect_event("incoming-call").await;
            assert_eq!(
                (incoming["from"]["username"].as_str(), incoming["room"]["id"].as_i64()),
                (Some("alice"), Some(self.room_id))
            );
            assert_eq!(tab.expect_event("notification").await["type"], "incoming-call");
        }
    }

    async fn unread_types(&self, token: &str) -> Vec<String> {
        let list = self.server.unread(token).await;
        list.iter().map(|n| n["type"].as_str().unwrap_or_default().to_owned()).collect()
    }
}

fn outcome(event: &Value, user: i64, room: i64) {
    assert_eq!((event["userId"].as_i64(), event["roomId"].as_i64()), (Some(user), Some(room)), "{event}");
}

#[tokio::test]
async fn an_accepted_call_connects_both_and_makes_them_busy_until_one_leaves() {
    let mut call = setup("30").await;
    let (alice, bob) = call.ids();
    call.ring().await;
    let ack = call.bob.2.ack("accept-call", json!({"roomId": call.room_id, "callerId": alice})).await;
    assert_eq!(ack["ok"], true, "{ack}");
    // Accepting makes Bob a member (room-updated), then both hear the call was accepted.
    for tab in [&mut call.alice.2, &mut call.bob.3] {
        assert_eq!(tab.expect_event("room-updated").await["room"]["id"], call.room_id);
        outcome(&tab.expect_event("call-accepted").await, bob, call.room_id);
    }
    call.server.wait_for_status(&call.alice.1, "busy").await;
    call.server.wait_for_status(&call.bob.1, "busy").await;
    let room = call.server.get(&format!("/api/rooms/{}", call.room_id), Some(&call.bob.1)).await;
    assert_eq!(room.status, reqwest::StatusCode::OK, "the callee is a member now");

    // Both enter the room (voice connects there); when Alice leaves, the call is over for both.
    assert_eq!(call.alice.2.ack("join-room", json!(call.room_id)).await["ok"], true);
    assert_eq!(call.bob.2.ack("join-room", json!(call.room_id)).await["ok"], true);
    call.alice.2.ack("leave-room", json!(call.room_id)).await;
    call.server.wait_for_status(&call.alice.1, "online").await;
    call.server.wait_for_status(&call.bob.1, "online").await;
    let again = call.bob.2.ack("accept-call", json!({"roomId": call.room_id, "callerId": alice})).await;
    assert_eq!(again["code"], "no_such_call");
}

#[tokio::test]
async fn a_declined_call_tells_the_caller() {
    let mut call = setup("30").await;
    let (alice, bob) = call.ids();
    call.ring().await;
    assert_eq!(call.bob.3.ack("decline-call", json!({"roomId": call.room_id, "callerId": alice})).await["ok"], true);
    outcome(&call.alice.2.expect_event("call-declined").await, bob, call.room_id);
    outcome(&call.bob.2.expect_event("call-declined").await, bob, call.room_id);
    assert!(!call.unread_types(&call.bob.1).await.contains(&"missed-call".to_owned()));
    call.server.assert_status_stays(&call.alice.1, "online").await;
}

#[tokio::test]
async fn a_cancelled_call_is_a_missed_call_for_the_friend() {
    let mut call = setup("30").await;
    let (alice, bob) = call.ids();
    call.ring().await;
    assert_eq!(call.alice.2.ack("cancel-call", json!({"roomId": call.room_id, "friendId": bob})).await["ok"], true);
    for tab in [&mut call.bob.2, &mut call.bob.3] {
        outcome(&tab.expect_event("call-cancelled").await, alice, call.room_id);
    }
    assert!(call.unread_types(&call.bob.1).await.contains(&"missed-call".to_owned()));
    let late = call.bob.2.ack("accept-call", json!({"roomId": call.room_id, "callerId": alice})).await;
    assert_eq!(late["code"], "no_such_call");
}

#[tokio::test]
async fn an_unanswered_call_is_missed_after_the_ring_time() {
    let mut call = setup("1").await;
    let (alice, bob) = call.ids();
    call.ring().await;
    outcome(&call.alice.2.expect_event("call-missed").await, bob, call.room_id);
    for tab in [&mut call.bob.2, &mut call.bob.3] {
        let notification = tab.expect_event("notification").await;
        assert_eq!(
            (notification["type"].as_str(), notification["from"]["username"].as_str()),
            (Some("missed-call"), Some("alice"))
        );
        outcome(&tab.expect_event("call-missed").await, bob, call.room_id);
    }
    let late = call.bob.2.ack("accept-call", json!({"roomId": call.room_id, "callerId": alice})).await;
    assert_eq!(late["code"], "no_such_call");
}

#[tokio::test]
async fn calling_an_offline_friend_is_missed_at_once_and_strangers_cannot_be_called() {
    let call = setup("30").await;
    let (_, bob) = call.ids();
    let Call { server, alice: (_, _, mut alice_tab), bob: (_, bob_token, bob_tab1, bob_tab2), room_id } = call;
    bob_tab1.close().await;
    bob_tab2.close().await;
    server.wait_for_status(&bob_token, "offline").await;
    assert_eq!(alice_tab.expect_event("friend-status-changed").await["status"], "offline");

    let ack = alice_tab.ack("call-friend", json!({"friendId": bob, "roomId": room_id})).await;
    assert_eq!((ack["ok"].as_bool(), ack["state"].as_str()), (Some(true), Some("missed")), "{ack}");
    outcome(&alice_tab.expect_event("call-missed").await, bob, room_id);
    let unread = server.get("/api/notifications?unread=true", Some(&bob_token)).await.body["notifications"].clone();
    assert_eq!(unread[0]["type"], "missed-call", "found on coming back");

    let (stranger, _) = server.register("stranger").await;
    let refused = alice_tab.ack("call-friend", json!({"friendId": stranger["id"], "roomId": room_id})).await;
    assert_eq!((refused["ok"].as_bool(), refused["code"].as_str()), (Some(false), Some("not_a_friend")));
    let no_room = alice_tab.ack("call-friend", json!({"friendId": bob, "roomId": 999_999})).await;
    assert_eq!(no_room["code"], "not_found");
    let malformed = alice_tab.ack("call-friend", json!({"friendId": "bob"})).await;
    assert_eq!(malformed["code"], "invalid_payload");
}

#[tokio::test]
async fn a_call_without_a_room_happens_in_the_two_friends_direct_conversation() {
    let server = TestServer::start().await;
    let (alice, alice_token) = server.register("alice").await;
    let (bob, bob_token) = server.register("bob").await;
    server.befriend(&alice_token, &bob, &bob_token).await;
    let (mut alice_tab, mut bob_tab) = (server.socket(&alice_token).await, server.socket(&bob_token).await);
    alice_tab.settle().await;
    bob_tab.settle().await;

    let first = alice_tab.ack("call-friend", json!({"friendId": bob["id"]})).await;
    assert_eq!((first["ok"].as_bool(), first["state"].as_str()), (Some(true), Some("ringing")), "{first}");
    let room_id = first["roomId"].as_i64().expect("the acknowledgement names the room");
    // Their direct conversation (MSG-1), both members from the start: no invitation competes with
    // the incoming call.
    let incoming = bob_tab.expect_event("incoming-call").await;
    assert_eq!((incoming["room"]["id"].as_i64(), incoming["room"]["kind"].as_str()), (Some(room_id), Some("direct")));
    assert_eq!(bob_tab.expect_event("notification").await["type"], "incoming-call");
    assert_eq!(alice_tab.ack("cancel-call", json!({"roomId": room_id, "friendId": bob["id"]})).await["ok"], true);
    alice_tab.settle().await;
    bob_tab.settle().await;

    // The next call, from either side, rings in the same room.
    let again = alice_tab.ack("call-friend", json!({"friendId": bob["id"]})).await;
    assert_eq!(again["roomId"], room_id, "{again}");
    assert_eq!(bob_tab.skip_to("incoming-call").await["room"]["id"], room_id);
    let ack = bob_tab.ack("accept-call", json!({"roomId": room_id, "callerId": alice["id"]})).await;
    assert_eq!(ack["ok"], true, "{ack}");
    let back = bob_tab.ack("call-friend", json!({"friendId": alice["id"]})).await;
    assert_eq!(back["roomId"], room_id, "{back}");
    let rooms = server.get("/api/rooms", Some(&alice_token)).await.body["rooms"].clone();
    assert_eq!(rooms.as_array().map(Vec::len), Some(1), "one conversation, not one per call: {rooms}");
    let direct = server.post(&format!("/api/direct/{}", id(&bob)), json!({}), Some(&alice_token)).await;
    assert_eq!(direct.body["room"]["id"], room_id, "the friend list's 'Message' opens the same one");
}

#[tokio::test]
async fn leaving_the_call_room_by_any_path_ends_the_call() {
    let mut call = setup("30").await;
    let (alice, _) = call.ids();
    call.ring().await;
    let ack = call.bob.2.ack("accept-call", json!({"roomId": call.room_id, "callerId": alice})).await;
    assert_eq!(ack["ok"], true, "{ack}");
    call.server.wait_for_status(&call.bob.1, "busy").await;
    assert_eq!(call.bob.2.ack("join-room", json!(call.room_id)).await["ok"], true);

    // Bob leaves the room as a member (REST), not just its voice: the call is over for both.
    let left = call.server.post(&format!("/api/rooms/{}/leave", call.room_id), json!({}), Some(&call.bob.1)).await;
    assert_eq!(left.status, reqwest::StatusCode::NO_CONTENT, "{:?}", left.body);
    call.server.wait_for_status(&call.alice.1, "online").await;
    call.server.wait_for_status(&call.bob.1, "online").await;
}
