//! Cluster mode: several `woxly` nodes on one PostgreSQL database and one Redis behave as one server
//! to users on different nodes, count out a node that dies, and get through a Redis restart.
//!
//! The tests named `several_nodes_*` need PostgreSQL and run in the PostgreSQL suite
//! (`make test-postgres`, part of `.ci/run`); the SQLite suite leaves them to it.

mod common;

use std::{
    collections::BTreeSet,
    time::{Duration, Instant},
};

use clap::Parser;
use common::{Api, TestSocket, cluster::TestCluster, id, ids, socket::Received};
use reqwest::StatusCode;
use serde_json::{Value, json};
use woxly_server::config::Config;

/// How soon the others count out a node that died (the promise).
const COUNTED_OUT_WITHIN: Duration = Duration::from_secs(15);

#[tokio::test]
async fn a_node_on_sqlite_refuses_cluster_mode() {
    let data = tempfile::tempdir().expect("data");
    let config = Config::parse_from([
        "woxly",
        "--data-dir",
        &data.path().display().to_string(),
        "--redis-url",
        "redis://127.0.0.1:1",
        "--turn-listen",
        "off",
    ]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("port");
    let refused = woxly_server::start(config, listener).await.err().expect("refused").to_string();
    assert!(refused.contains("needs PostgreSQL"), "{refused}");
}

/// Someone registered on one node, with a tab open on it (what connecting caused already heard).
struct Person {
    user: Value,
    token: String,
    tab: TestSocket,
}

impl Person {
    async fn on(node: &Api, name: &str) -> Self {
        let (user, token) = node.register(name).await;
        let mut tab = node.socket(&token).await;
        tab.settle().await;
        Self { user, token, tab }
    }

    fn id(&self) -> i64 {
        id(&self.user)
    }
}

/// Alice's room with everyone in `people[1..]` as members, and everyone's tab in it.
async fn room_of(node: &Api, people: &mut [Person]) -> i64 {
    let invited: Vec<&Value> = people[1..].iter().map(|p| &p.user).collect();
    let room_id = id(&node.create_room(&people[0].token, "across nodes", &invited).await);
    for person in people.iter() {
        let joined = node.post(&format!("/api/rooms/{room_id}/join"), json!({}), Some(&person.token)).await;
        assert_eq!(joined.status, StatusCode::OK, "{:?}", joined.body);
    }
    for person in people.iter_mut() {
        assert_eq!(person.tab.ack("join-room", json!(room_id)).await["ok"], true);
    }
    room_id
}

/// Events from other nodes come through Redis, after whatever a round trip to this node shows: wait
/// for the event itself rather than for quiet.
async fn hears_status(tab: &mut TestSocket, user: i64, status: &str) {
    loop {
        let event = tab.skip_to("friend-status-changed").await;
        if event["userId"] == user && event["status"] == status {
            return;
        }
    }
}

#[tokio::test]
async fn several_nodes_act_as_one_server_for_friends_presence_rooms_chat_signals_and_sessions() {
    let cluster = TestCluster::start(3, &[]).await;
    let [a, b, c] = [&cluster.nodes[0].api, &cluster.nodes[1].api, &cluster.nodes[2].api];
    let mut alice = Person::on(a, "alice").await;
    let (bob, bob_token) = b.register("bob").await;
    let (carol, carol_token) = c.register("carol").await;

    // A friend request sent on node A reaches Bob's tab on node B; his accepting reaches Alice on A.
    let mut bob_tab = b.socket(&bob_token).await;
    let sent = a.post("/api/friends/add", json!({"userId": bob["id"]}), Some(&alice.token)).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let request = bob_tab.skip_to("friend-request").await;
    assert_eq!(request["from"]["username"], "alice", "{request}");
    let request_id = sent.body["request"]["id"].as_i64().expect("request id");
    let accepted = b.post(&format!("/api/friends/requests/{request_id}/accept"), json!({}), Some(&bob_token)).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert_eq!(alice.tab.skip_to("friend-added").await["friend"]["username"], "bob");
    c.befriend(&alice.token, &carol, &carol_token).await;

    // Presence: Carol's first tab on node C makes her online for Alice on node A; Bob's second tab on
    // node C closing leaves him online (his tab on B is open), his last one closing makes him offline.
    let carol_tab = c.socket(&carol_token).await;
    hears_status(&mut alice.tab, id(&carol), "online").await;
    let bob_second = c.socket(&bob_token).await;
    bob_second.close().await;
    b.assert_status_stays(&bob_token, "online").await;
    bob_tab.close().await;
    hears_status(&mut alice.tab, id(&bob), "offline").await;
    let bob_tab = b.socket(&bob_token).await;
    hears_status(&mut alice.tab, id(&bob), "online").await;
    let mut bob = Person { user: bob, token: bob_token, tab: bob_tab };
    let mut carol = Person { user: carol, token: carol_token, tab: carol_tab };
    for person in [&mut alice, &mut bob, &mut carol] {
        person.tab.settle().await;
    }

    // Rooms: everyone sees who is in the room and their live state, whichever node they are on.
    let mut people = [alice, bob, carol];
    let room_id = room_of(a, &mut people).await;
    let [alice, bob, carol] = &mut people;
    for joined in [bob.id(), carol.id()] {
        loop {
            if alice.tab.skip_to("user-joined-room").await["userId"] == joined {
                break;
            }
        }
    }
    assert_eq!(carol.tab.ack("mic-toggle", json!({"roomId": room_id, "isMuted": true})).await["isMuted"], true);
    let muted = alice.tab.skip_to("user-mic-toggle").await;
    assert_eq!((muted["userId"].as_i64(), muted["isMuted"].as_bool()), (Some(carol.id()), Some(true)));
    let detail = b.get(&format!("/api/rooms/{room_id}"), Some(&bob.token)).await;
    let in_room: Vec<(String, bool)> = detail.body["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .filter(|p| p["isInRoom"] == true)
        .map(|p| (p["username"].as_str().unwrap_or_default().to_owned(), p["isMuted"] == true))
        .collect();
    assert_eq!(in_room.len(), 3, "{in_room:?}");
    assert!(in_room.contains(&("carol".to_owned(), true)), "node B sees Carol muted: {in_room:?}");

    // Chat: a burst from senders on three nodes is stored once per nonce, and everyone hears every
    // message; the order is the database's (ids), the one history gives and clients sort by.
    let mut acked = Vec::new();
    let bursts = people.iter().enumerate().map(|(who, person)| async move {
        let mut ids = Vec::new();
        for n in 0..8 {
            let send = json!({"roomId": room_id, "content": format!("{who}:{n}"), "nonce": format!("n-{who}-{n}")});
            let ack = person.tab.ack("send-message", send).await;
            assert_eq!(ack["ok"], true, "{ack}");
            ids.push(id(&ack["message"]));
        }
        ids
    });
    for ids in futures_util::future::join_all(bursts).await {
        acked.extend(ids);
    }
    let retried =
        people[1].tab.ack("send-message", json!({"roomId": room_id, "content": "1:0", "nonce": "n-1-0"})).await;
    assert!(acked.contains(&id(&retried["message"])), "a retried nonce gives the stored message");
    let history =
        ids(&a.list(&format!("/api/messages?roomId={room_id}&limit=100"), &people[0].token, "messages").await);
    let mut sorted = acked.clone();
    sorted.sort_unstable();
    assert_eq!(history, sorted, "history holds each acknowledged message once, in id order");
    for person in &mut people {
        let mut heard = BTreeSet::new();
        while heard.len() < acked.len() {
            heard.insert(id(&person.tab.skip_to("new-message").await));
        }
        assert_eq!(heard.into_iter().collect::<Vec<_>>(), sorted, "{} heard every message", person.user["username"]);
    }

    // Signals go between nodes with the true sender, and only to someone in the room.
    let [alice, bob, carol] = &mut people;
    let offer = json!({"type": "offer", "sdp": "v=0 fake"});
    let ack = alice.tab.ack("webrtc-offer", json!({"to": bob.id(), "offer": offer, "from": carol.id()})).await;
    assert_eq!(ack["ok"], true, "{ack}");
    let got = bob.tab.skip_to("webrtc-offer").await;
    assert_eq!((got["from"].as_i64(), got["roomId"].as_i64()), (Some(alice.id()), Some(room_id)));
    carol.tab.ack("leave-room", json!(room_id)).await;
    let refused = alice.tab.ack("webrtc-offer", json!({"to": carol.id(), "offer": offer})).await;
    assert_eq!(refused["code"], "not_in_same_room", "{refused}");

    // Logging out on node A closes that session's socket on node C, and only that one.
    let login = a.post("/api/auth/login", json!({"login": "bob", "password": "password123"}), None).await;
    let second_session = login.body["token"].as_str().expect("token").to_owned();
    let mut doomed = c.socket(&second_session).await;
    let logout = a.post("/api/auth/logout", json!({}), Some(&second_session)).await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    doomed.expect_closed().await;
    let untouched = bob.tab.ack("mic-toggle", json!({"roomId": room_id, "isMuted": false})).await;
    assert_eq!(untouched["ok"], true, "Bob's other session is untouched: {untouched}");
}

/// Waits for an event `matches` accepts, skipping others, until `deadline`.
async fn hears_by(tab: &mut TestSocket, deadline: Instant, what: &str, matches: impl Fn(&str, &Value) -> bool) {
    while Instant::now() < deadline {
        if let Some(Received::Event(name, payload)) = tab.next().await
            && matches(&name, &payload)
        {
            return;
        }
    }
    panic!("{what} did not come in time");
}

/// Alice, Bob and Carol (friends of Alice) on nodes A, B and C, all in Alice's room.
async fn three_on_three_nodes(cluster: &TestCluster) -> (i64, [Person; 3]) {
    let [a, b, c] = [&cluster.nodes[0].api, &cluster.nodes[1].api, &cluster.nodes[2].api];
    let (alice, alice_token) = a.register("alice").await;
    let (bob, bob_token) = b.register("bob").await;
    let (carol, carol_token) = c.register("carol").await;
    a.befriend(&alice_token, &bob, &bob_token).await;
    a.befriend(&alice_token, &carol, &carol_token).await;
    let mut people = [
        Person { user: alice, tab: a.socket(&alice_token).await, token: alice_token },
        Person { user: bob, tab: b.socket(&bob_token).await, token: bob_token },
        Person { user: carol, tab: c.socket(&carol_token).await, token: carol_token },
    ];
    let room_id = room_of(a, &mut people).await;
    for person in &mut people {
        person.tab.settle().await;
    }
    (room_id, people)
}

#[tokio::test]
async fn several_nodes_count_out_a_killed_node_within_15_seconds() {
    let mut cluster = TestCluster::start(3, &["--call-ring-seconds", "600"]).await;
    let (room_id, [mut alice, bob, mut carol]) = three_on_three_nodes(&cluster).await;
    let a = &Api::at(cluster.nodes[0].base.clone());

    // Alice (node A) and Carol (node C) are in a call in a room of their own; Bob (node B) has sent
    // messages, and rings Alice from the shared room.
    let call_room = id(&a.create_room(&alice.token, "alice & carol", &[&carol.user]).await);
    let ring = alice.tab.ack("call-friend", json!({"friendId": carol.id(), "roomId": call_room})).await;
    assert_eq!(ring["state"], "ringing", "{ring}");
    carol.tab.skip_to("incoming-call").await;
    let accepted = carol.tab.ack("accept-call", json!({"roomId": call_room, "callerId": alice.id()})).await;
    assert_eq!(accepted["ok"], true, "{accepted}");
    for person in [&alice, &carol] {
        assert_eq!(person.tab.ack("join-room", json!(call_room)).await["ok"], true);
        a.wait_for_status(&person.token, "busy").await;
    }
    let mut sent = Vec::new();
    for n in 0..5 {
        let ack = bob.tab.ack("send-message", json!({"roomId": room_id, "content": format!("bob {n}")})).await;
        sent.push(id(&ack["message"]));
    }
    let ring = bob.tab.ack("call-friend", json!({"friendId": alice.id(), "roomId": room_id})).await;
    assert_eq!(ring["state"], "ringing", "{ring}");
    alice.tab.skip_to("incoming-call").await;

    let killed_at = Instant::now();
    cluster.nodes.remove(1).crash();
    let deadline = killed_at + COUNTED_OUT_WITHIN;
    let bob_id = bob.id();
    hears_by(&mut alice.tab, deadline, "Bob offline", |name, event| {
        name == "friend-status-changed" && event["userId"] == bob_id && event["status"] == "offline"
    })
    .await;
    let counted_out = killed_at.elapsed();
    hears_by(&mut alice.tab, deadline, "Bob's call missed", |name, event| {
        name == "call-missed" && event["roomId"] == room_id
    })
    .await;
    hears_by(&mut carol.tab, deadline, "Bob gone from the room", |name, event| {
        name == "user-left-room" && event["userId"] == bob_id && event["roomId"] == room_id
    })
    .await;
    println!("counted out {:.1} s after kill -9", counted_out.as_secs_f64());

    // The others are untouched: still busy in their call, still in their rooms; Bob's messages stored.
    for person in [&alice, &carol] {
        assert_eq!(a.me(&person.token).await["status"], "busy");
    }
    let detail = a.get(&format!("/api/rooms/{call_room}"), Some(&alice.token)).await;
    let in_call: Vec<&Value> = detail.body["participants"].as_array().expect("participants").iter().collect();
    assert!(in_call.iter().all(|p| p["isInRoom"] == true), "{in_call:?}");
    let shared = a.get(&format!("/api/rooms/{room_id}"), Some(&alice.token)).await;
    let in_room: Vec<&str> = shared.body["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .filter(|p| p["isInRoom"] == true)
        .filter_map(|p| p["username"].as_str())
        .collect();
    assert_eq!(in_room.iter().copied().collect::<BTreeSet<_>>(), BTreeSet::from(["alice", "carol"]));
    let history = ids(&a.list(&format!("/api/messages?roomId={room_id}"), &alice.token, "messages").await);
    assert_eq!(history, sent, "every acknowledged message is stored");
    assert_eq!(alice.tab.ack("leave-room", json!(call_room)).await["ok"], true, "the node still answers");
}

#[tokio::test]
async fn several_nodes_count_their_own_out_when_stopped_with_sigterm() {
    let mut cluster = TestCluster::start(2, &[]).await;
    let [a, b] = [&Api::at(cluster.nodes[0].base.clone()), &Api::at(cluster.nodes[1].base.clone())];
    let mut alice = Person::on(a, "alice").await;
    let (bob, bob_token) = b.register("bob").await;
    a.befriend(&alice.token, &bob, &bob_token).await;
    let bob = Person { user: bob, tab: b.socket(&bob_token).await, token: bob_token };
    hears_status(&mut alice.tab, bob.id(), "online").await;
    let mut people = [alice, bob];
    let room_id = room_of(a, &mut people).await;
    let [alice, bob] = &mut people;
    let bob_id = bob.id();

    cluster.nodes.remove(1).stop();
    hears_status(&mut alice.tab, bob_id, "offline").await;
    let participants = a.list(&format!("/api/rooms/{room_id}/participants"), &alice.token, "participants").await;
    assert!(participants.iter().all(|p| p["id"] != bob_id || p["isInRoom"] == false), "{participants:?}");
    assert!(
        !cluster.nodes[0].log().contains("a node stopped answering"),
        "the stopping node counted its own connections out; nobody had to"
    );
}

#[tokio::test]
async fn several_nodes_ring_a_call_on_one_node_that_is_accepted_on_another() {
    let cluster = TestCluster::start(3, &["--call-ring-seconds", "2"]).await;
    let [a, b, c] = [&cluster.nodes[0].api, &cluster.nodes[1].api, &cluster.nodes[2].api];
    let mut alice = Person::on(a, "alice").await;
    let (bob, bob_token) = b.register("bob").await;
    a.befriend(&alice.token, &bob, &bob_token).await;
    let room_id = id(&a.create_room(&alice.token, "call", &[&bob]).await);
    let mut bob_tabs = [b.socket(&bob_token).await, c.socket(&bob_token).await];
    for tab in &mut bob_tabs {
        tab.settle().await;
    }
    alice.tab.settle().await;

    let ring = alice.tab.ack("call-friend", json!({"friendId": bob["id"], "roomId": room_id})).await;
    assert_eq!(ring["state"], "ringing", "{ring}");
    for tab in &mut bob_tabs {
        assert_eq!(tab.skip_to("incoming-call").await["room"]["id"], room_id);
    }
    let accepted = bob_tabs[1].ack("accept-call", json!({"roomId": room_id, "callerId": alice.id()})).await;
    assert_eq!(accepted["ok"], true, "{accepted}");
    let [on_b, on_c] = &mut bob_tabs;
    for tab in [&mut alice.tab, on_b, on_c] {
        assert_eq!(tab.skip_to("call-accepted").await["roomId"], room_id, "every tab stops ringing");
    }
    let again = bob_tabs[0].ack("accept-call", json!({"roomId": room_id, "callerId": alice.id()})).await;
    assert_eq!(again["code"], "no_such_call", "{again}");
    a.wait_for_status(&bob_token, "busy").await;

    // The first call's timer (on node A) finds it answered: the only missed call Alice hears of is a
    // second one, in their direct conversation, that nobody answers.
    let unanswered = alice.tab.ack("call-friend", json!({"friendId": bob["id"]})).await;
    assert_eq!(unanswered["state"], "ringing", "{unanswered}");
    let direct = unanswered["roomId"].clone();
    assert_ne!(direct, json!(room_id));
    assert_eq!(alice.tab.skip_to("call-missed").await["roomId"], direct);
}

#[tokio::test]
async fn several_nodes_share_rate_limits_per_address_and_per_user() {
    let cluster = TestCluster::start(3, &["--auth-rate-per-minute", "3"]).await;
    cluster.nodes[0].register("bob").await;
    let login = json!({"login": "bob", "password": "password123"});
    let mut remaining = Vec::new();
    for node in &cluster.nodes[1..] {
        let reply = node.post("/api/auth/login", login.clone(), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        remaining.push(reply.headers["x-ratelimit-remaining"].to_str().expect("header").to_owned());
    }
    assert_eq!(remaining, ["2", "1"], "the logins on B and C drew on one budget");
    let refused = cluster.nodes[0].post("/api/auth/login", login.clone(), None).await;
    let third = cluster.nodes[0].post("/api/auth/login", login, None).await;
    assert_eq!(refused.status, StatusCode::OK, "the third login is the last allowed");
    assert_eq!((third.status, third.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    assert!(third.headers.contains_key("retry-after"));

    // Typing notices per user and room (3 at once): a tab on node B gets what the tab on A left.
    let (_, token) = cluster.nodes[0].register("alice").await;
    let room_id = id(&cluster.nodes[0].create_room(&token, "typing", &[]).await);
    let tabs = [cluster.nodes[0].socket(&token).await, cluster.nodes[1].socket(&token).await];
    for tab in &tabs {
        assert_eq!(tab.ack("join-room", json!(room_id)).await["ok"], true);
    }
    let typing = json!({"roomId": room_id});
    let answers = [
        tabs[0].ack("typing", typing.clone()).await,
        tabs[0].ack("typing", typing.clone()).await,
        tabs[1].ack("typing", typing.clone()).await,
        tabs[1].ack("typing", typing).await,
    ];
    let codes: Vec<&str> = answers.iter().map(|a| a["code"].as_str().unwrap_or("ok")).collect();
    assert_eq!(codes, ["ok", "ok", "ok", "rate_limited"], "{answers:?}");
}

#[tokio::test]
async fn several_nodes_get_through_a_redis_restart_without_losing_an_acknowledged_message() {
    let mut cluster = TestCluster::start(2, &[]).await;
    let [a, b] = [&cluster.nodes[0].api, &cluster.nodes[1].api];
    let alice = Person::on(a, "alice").await;
    let (bob, bob_token) = b.register("bob").await;
    a.befriend(&alice.token, &bob, &bob_token).await;
    let bob = Person { user: bob, tab: b.socket(&bob_token).await, token: bob_token };
    let mut people = [alice, bob];
    let room_id = room_of(a, &mut people).await;
    let [alice, bob] = &mut people;
    let send = |n: usize| json!({"roomId": room_id, "content": format!("m{n}"), "nonce": format!("nonce-{n}")});
    let before = bob.tab.ack("send-message", send(0)).await;
    assert_eq!(id(&alice.tab.skip_to("new-message").await), id(&before["message"]));
    let (_, carol_token) = b.register("carol").await;
    let carol_tab = b.socket(&carol_token).await;
    a.wait_for_status(&carol_token, "online").await;

    // Redis goes away in the middle of the chat: Bob's messages are still stored and acknowledged
    // (node B cannot tell node A, and says so in its log). Carol leaves meanwhile.
    cluster.redis.stop();
    carol_tab.close().await;
    let mut acked = vec![id(&before["message"])];
    for n in 1..4 {
        let ack = bob.tab.ack("send-message", send(n)).await;
        assert_eq!(ack["ok"], true, "stored while Redis is away: {ack}");
        acked.push(id(&ack["message"]));
    }
    assert!(cluster.nodes[1].log().contains("lost Redis"), "{}", cluster.nodes[1].log());

    // Redis is back (empty): each node closes its sockets so that its clients reconnect and resync.
    cluster.redis.start_again();
    alice.tab.expect_closed().await;
    bob.tab.expect_closed().await;
    for person in [&mut *alice, &mut *bob] {
        let node = if person.user["username"] == "alice" { a } else { b };
        person.tab = node.socket(&person.token).await;
        assert_eq!(person.tab.ack("join-room", json!(room_id)).await["ok"], true);
    }
    let history = ids(&a.list(&format!("/api/messages?roomId={room_id}"), &alice.token, "messages").await);
    assert_eq!(history, acked, "every acknowledged message is in the history the clients resync from");
    let after = bob.tab.ack("send-message", send(9)).await;
    assert_eq!(id(&alice.tab.skip_to("new-message").await), id(&after["message"]), "delivery resumed");
    let participants = a.list(&format!("/api/rooms/{room_id}/participants"), &alice.token, "participants").await;
    assert_eq!(participants.iter().filter(|p| p["isInRoom"] == true).count(), 2, "{participants:?}");
    // Carol's leaving could not be recorded while Redis was away: she is shown offline once it is back,
    // while Alice, connected again, is online.
    a.wait_for_status(&carol_token, "offline").await;
    a.assert_status_stays(&alice.token, "online").await;
}

#[tokio::test]
async fn several_nodes_never_overfill_a_room_joined_on_different_nodes() {
    let cluster = TestCluster::start(3, &[]).await;
    let nodes: Vec<&Api> = cluster.nodes.iter().map(|node| &node.api).collect();
    let (_, owner_token) = nodes[0].register("owner").await;
    let created = nodes[0]
        .post("/api/rooms", json!({"name": "two places", "isPrivate": false, "maxParticipants": 2}), Some(&owner_token))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let room_id = id(&created.body["room"]);
    let mut joiners = Vec::new();
    for n in 0..6 {
        joiners.push((n % 3, nodes[n % 3].register(&format!("joiner{n}")).await.1));
    }
    let path = format!("/api/rooms/{room_id}/join");
    let joins = joiners.iter().map(|(node, token)| nodes[*node].post(&path, json!({}), Some(token)));
    let answers = futures_util::future::join_all(joins).await;
    let statuses: Vec<(StatusCode, String)> = answers.iter().map(|r| (r.status, r.code().to_owned())).collect();
    assert_eq!(statuses.iter().filter(|(status, _)| *status == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(
        statuses.iter().all(|(status, code)| *status == StatusCode::OK || code == "room_full"),
        "the others are told it is full: {statuses:?}"
    );
}

#[tokio::test]
async fn several_nodes_take_a_removed_member_out_however_her_joins_race_the_removal() {
    let cluster = TestCluster::start(2, &[]).await;
    common::removal_race::play(&cluster.nodes[0], &cluster.nodes[1], 30).await;
}
