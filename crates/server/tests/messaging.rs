//! Messaging over real HTTP and Socket.IO, on SQLite or PostgreSQL (MSG-1…MSG-6): direct conversations,
//! edits and deletions, replies, reactions, typing, unread counts and mentions — what every member's
//! tabs receive, that a stranger's connected socket receives none of it, and that bad input changes
//! nothing.

mod common;

use common::{TestServer, TestSocket, id};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Anna owns a group room where Boris is a member; Carl is Anna's friend but not in the room. Anna's
/// and Boris's tabs (`tabs[0]`, `tabs[1]`) are in the room; Carl's (`tabs[2]`) is connected, outside it.
struct Group {
    server: TestServer,
    anna: (Value, String),
    boris: (Value, String),
    room: i64,
    tabs: Vec<TestSocket>,
}

async fn group() -> Group {
    let server = TestServer::start().await;
    let people = server.register_all(&["anna", "boris", "carl"]).await;
    server.befriend_all(&people[0], &people[1..]).await;
    let room = id(&server.create_room(&people[0].1, "evening", &[&people[1].0]).await);
    let joined = server.post(&format!("/api/rooms/{room}/join"), json!({}), Some(&people[1].1)).await;
    assert_eq!(joined.status, StatusCode::OK);
    let mut tabs = server.settled_tabs(&people).await;
    for tab in &tabs[..2] {
        assert_eq!(tab.ack("join-room", json!(room)).await["ok"], true);
    }
    for tab in &mut tabs {
        tab.settle().await;
    }
    let [anna, boris, _carl] = <[(Value, String); 3]>::try_from(people).expect("three");
    Group { server, anna, boris, room, tabs }
}

impl Group {
    async fn send(&mut self, from: usize, content: &str, reply_to: Option<i64>) -> Value {
        let ack = self.tabs[from]
            .ack("send-message", json!({"roomId": self.room, "content": content, "replyTo": reply_to}))
            .await;
        assert_eq!(ack["ok"], true, "{ack}");
        let other = 1 - from;
        assert_eq!(self.tabs[other].skip_to("new-message").await["id"], ack["message"]["id"]);
        self.tabs[from].settle().await;
        ack["message"].clone()
    }

    /// Carl, outside the room, heard nothing of it.
    async fn outsider_heard_nothing(&mut self) {
        let heard = self.tabs[2].heard().await;
        assert!(heard.iter().all(|name| name == "notification"), "carl heard {heard:?}");
    }
}

#[tokio::test]
async fn edit_and_delete_are_live_and_a_deleted_text_leaves_the_database() {
    let mut g = group().await;
    let message = g.send(0, "a secret plan", None).await;
    let message_id = id(&message);

    let edit = g.tabs[0].ack("edit-message", json!({"messageId": message_id, "content": "a better plan"})).await;
    assert_eq!((edit["ok"].as_bool(), edit["message"]["content"].as_str()), (Some(true), Some("a better plan")));
    assert!(edit["message"]["editedAt"].is_string(), "{edit}");
    let updated = g.tabs[1].expect_event("message-updated").await;
    assert_eq!((updated["id"].as_i64(), updated["content"].as_str()), (Some(message_id), Some("a better plan")));

    // Boris cannot edit or delete Anna's message; bad edits change nothing.
    let theirs = g.tabs[1].ack("edit-message", json!({"messageId": message_id, "content": "mine now"})).await;
    assert_eq!(theirs["code"], "forbidden");
    assert_eq!(g.tabs[1].ack("delete-message", json!({"messageId": message_id})).await["code"], "forbidden");
    let long = g.tabs[0].ack("edit-message", json!({"messageId": message_id, "content": "x".repeat(2001)})).await;
    assert_eq!(long["code"], "message_too_long");
    let page = g.server.list(&format!("/api/messages?roomId={}", g.room), &g.anna.1, "messages").await;
    assert_eq!(page[0]["content"], "a better plan");
    g.tabs[1].assert_quiet().await;

    let deleted = g.server.call(Method::DELETE, &format!("/api/messages/{message_id}"), None, Some(&g.anna.1)).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(g.tabs[1].expect_event("message-deleted").await, json!({"messageId": message_id, "roomId": g.room}));
    let page = g.server.list(&format!("/api/messages?roomId={}", g.room), &g.boris.1, "messages").await;
    assert_eq!((page[0]["deleted"].as_bool(), page[0]["content"].as_str()), (Some(true), Some("")));
    let found = g.server.db.count("SELECT COUNT(*) FROM messages WHERE content LIKE '%plan%'").await;
    assert_eq!(found, 0, "the text is gone from the database, not hidden");
    let again = g.tabs[0].ack("edit-message", json!({"messageId": message_id, "content": "back"})).await;
    assert_eq!(again["code"], "message_deleted");

    // The owner deletes anyone's message in their room.
    let boris_message = id(&g.send(1, "oops", None).await);
    let by_owner = g.tabs[0].ack("delete-message", json!({"messageId": boris_message})).await;
    assert_eq!(by_owner["ok"], true, "{by_owner}");
    assert_eq!(g.tabs[1].expect_event("message-deleted").await["messageId"], boris_message);
    g.outsider_heard_nothing().await;
}

#[tokio::test]
async fn a_reply_quotes_its_message_and_history_opens_around_it() {
    let mut g = group().await;
    let original = id(&g.send(0, "where do we meet?\nsecond line", None).await);
    for i in 0..6 {
        g.send(1, &format!("filler {i}"), None).await;
    }
    let reply = g.send(1, "at the park", Some(original)).await;
    assert_eq!(reply["replyTo"]["id"], original);
    assert_eq!(reply["replyTo"]["content"], "where do we meet?", "the first line only");
    assert_eq!(reply["replyTo"]["sender"]["username"], "anna");

    let around = g
        .server
        .list(&format!("/api/messages?roomId={}&around={original}&limit=3", g.room), &g.boris.1, "messages")
        .await;
    assert_eq!(
        around.iter().map(|m| m["content"].as_str().unwrap_or("")).collect::<Vec<_>>(),
        ["where do we meet?\nsecond line", "filler 0"]
    );

    // A reply to a message of another room, or to none, is refused and stores nothing.
    let elsewhere = id(&g.server.create_room(&g.anna.1, "other", &[]).await);
    let sent = g.server.post("/api/messages", json!({"roomId": elsewhere, "content": "x"}), Some(&g.anna.1)).await;
    let foreign = id(&sent.body["message"]);
    for bad in [foreign, 987_654] {
        let ack = g.tabs[0].ack("send-message", json!({"roomId": g.room, "content": "re", "replyTo": bad})).await;
        assert_eq!(ack["code"], "invalid_reply", "{ack}");
    }
    let missing = g.server.get(&format!("/api/messages?roomId={}&around={foreign}", g.room), Some(&g.anna.1)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // A reply to a deleted message says so.
    assert_eq!(g.tabs[0].ack("delete-message", json!({"messageId": original})).await["ok"], true);
    let page = g.server.list(&format!("/api/messages?roomId={}", g.room), &g.anna.1, "messages").await;
    let quoted = page.iter().find(|m| m["id"] == reply["id"]).expect("the reply");
    assert_eq!((quoted["replyTo"]["deleted"].as_bool(), quoted["replyTo"]["content"].as_str()), (Some(true), Some("")));
    g.tabs[1].settle().await;
    g.outsider_heard_nothing().await;
}

#[tokio::test]
async fn reactions_are_one_per_emoji_and_user_and_live_for_the_room() {
    let mut g = group().await;
    let message = id(&g.send(0, "pizza tonight?", None).await);
    let react = |emoji: &str| json!({"messageId": message, "emoji": emoji});

    assert_eq!(g.tabs[1].ack("add-reaction", react("🍕")).await["ok"], true);
    let added = g.tabs[0].expect_event("reaction-added").await;
    assert_eq!(added, json!({"messageId": message, "roomId": g.room, "emoji": "🍕", "userId": id(&g.boris.0)}));
    assert_eq!(g.tabs[1].expect_event("reaction-added").await, added, "the reactor's tabs in the room hear it too");
    // Again: one reaction, nothing told. Over REST too, URL-encoded.
    assert_eq!(g.tabs[1].ack("add-reaction", react("🍕")).await["ok"], true);
    let put = g
        .server
        .call(Method::PUT, &format!("/api/messages/{message}/reactions/%F0%9F%8D%95"), None, Some(&g.boris.1))
        .await;
    assert_eq!(put.status, StatusCode::NO_CONTENT);
    assert_eq!(g.tabs[0].ack("add-reaction", react("🍕")).await["ok"], true);
    assert_eq!(g.tabs[1].expect_event("reaction-added").await["userId"], id(&g.anna.0));
    assert_eq!(g.tabs[0].expect_event("reaction-added").await["userId"], id(&g.anna.0));
    g.tabs[0].assert_quiet().await;

    let page = g.server.list(&format!("/api/messages?roomId={}", g.room), &g.anna.1, "messages").await;
    assert_eq!(page[0]["reactions"], json!([{"emoji": "🍕", "count": 2, "userIds": [id(&g.boris.0), id(&g.anna.0)]}]));

    for bad in ["", "pizza", "🍕🍕", "<img>"] {
        assert_eq!(g.tabs[1].ack("add-reaction", react(bad)).await["code"], "invalid_emoji", "{bad:?}");
    }
    assert_eq!(g.tabs[1].ack("remove-reaction", react("🍕")).await["ok"], true);
    assert_eq!(g.tabs[0].expect_event("reaction-removed").await["userId"], id(&g.boris.0));
    let page = g.server.list(&format!("/api/messages?roomId={}", g.room), &g.anna.1, "messages").await;
    assert_eq!(page[0]["reactions"][0]["count"], 1, "{}", page[0]);
    g.tabs[1].settle().await;
    g.outsider_heard_nothing().await;
}

#[tokio::test]
async fn typing_reaches_only_the_others_in_the_room_and_is_limited() {
    let mut g = group().await;
    let mut boris_second_tab = g.server.socket(&g.boris.1).await;
    boris_second_tab.settle().await;
    assert_eq!(g.tabs[0].ack("typing", json!({"roomId": g.room})).await["ok"], true);
    let typing = g.tabs[1].expect_event("user-typing").await;
    assert_eq!(typing, json!({"roomId": g.room, "userId": id(&g.anna.0), "username": "anna"}));
    g.tabs[0].assert_quiet().await;
    boris_second_tab.assert_quiet().await; // not in the room on that tab
    // Carl, a friend outside the room, may not type there.
    assert_eq!(g.tabs[2].ack("typing", json!({"roomId": g.room})).await["code"], "not_found");
    // Someone typing on every keystroke is cut off.
    let mut codes = Vec::new();
    for _ in 0..5 {
        codes.push(g.tabs[0].ack("typing", json!({"roomId": g.room})).await["code"].as_str().map(str::to_owned));
    }
    assert!(codes.contains(&Some("rate_limited".to_owned())), "{codes:?}");
    g.tabs[1].settle().await;
    g.outsider_heard_nothing().await;
}

#[tokio::test]
async fn unread_counts_clear_on_every_tab_of_the_reader() {
    let mut g = group().await;
    // Boris is a member but not in the room: he gets unread messages and one mention.
    assert_eq!(g.tabs[1].ack("leave-room", json!(g.room)).await["ok"], true);
    let mut boris_second_tab = g.server.socket(&g.boris.1).await;
    boris_second_tab.settle().await;
    let mut last = 0;
    for content in ["one", "two @Boris look", "three"] {
        let ack = g.tabs[0].ack("send-message", json!({"roomId": g.room, "content": content})).await;
        last = id(&ack["message"]);
    }
    let rooms = g.server.list("/api/rooms", &g.boris.1, "rooms").await;
    let room = rooms.iter().find(|r| r["id"] == g.room).expect("listed");
    assert_eq!((room["unreadCount"].as_i64(), room["mentionCount"].as_i64()), (Some(3), Some(1)), "{room}");
    let unread: Vec<String> =
        g.server.unread(&g.boris.1).await.iter().map(|n| n["type"].as_str().unwrap_or("").to_owned()).collect();
    assert!(unread.contains(&"mention".to_owned()) && unread.contains(&"message".to_owned()), "{unread:?}");

    let ack = g.tabs[1].ack("mark-read", json!({"roomId": g.room, "messageId": last})).await;
    assert_eq!((ack["ok"].as_bool(), ack["lastReadId"].as_i64()), (Some(true), Some(last)), "{ack}");
    assert_eq!(boris_second_tab.skip_to("room-read").await, json!({"roomId": g.room, "lastReadId": last}));
    let rooms = g.server.list("/api/rooms", &g.boris.1, "rooms").await;
    let room = rooms.iter().find(|r| r["id"] == g.room).expect("listed");
    assert_eq!(
        (room["unreadCount"].as_i64(), room["mentionCount"].as_i64(), room["lastReadId"].as_i64()),
        (Some(0), Some(0), Some(last))
    );
    // Anna's own messages were never unread for her.
    let annas = g.server.list("/api/rooms", &g.anna.1, "rooms").await;
    assert_eq!(annas.iter().find(|r| r["id"] == g.room).expect("listed")["unreadCount"], 0);
    // The read position never moves back.
    let back = g.server.post(&format!("/api/rooms/{}/read", g.room), json!({"messageId": 1}), Some(&g.boris.1)).await;
    assert_eq!(back.body["lastReadId"], last);
    g.outsider_heard_nothing().await;
}

#[tokio::test]
async fn a_mention_notifies_even_a_member_who_has_the_room_open() {
    let mut g = group().await;
    let message = g.send(0, "@boris and @carl and ivan@example.com", None).await;
    // Carl is not a member: not mentioned. Boris is in the room, and still notified.
    assert_eq!(message["mentions"], json!([id(&g.boris.0)]));
    let notification = g.tabs[1].skip_to("notification").await;
    assert_eq!(
        (notification["type"].as_str(), notification["message"]["id"].as_i64()),
        (Some("mention"), Some(id(&message)))
    );
    // An edit that keeps the mention does not notify again.
    let edit = g.tabs[0].ack("edit-message", json!({"messageId": id(&message), "content": "@boris, edited"})).await;
    assert_eq!(edit["ok"], true);
    let heard = g.tabs[1].heard().await;
    assert_eq!(heard, ["message-updated"]);
    g.outsider_heard_nothing().await;
}

#[tokio::test]
async fn friends_have_one_direct_conversation_which_stays_readable_after_unfriending() {
    let server = TestServer::start().await;
    let people = server.register_all(&["anna", "boris", "carl"]).await;
    server.befriend_all(&people[0], &people[1..]).await;
    let [anna, boris, carl] = <[(Value, String); 3]>::try_from(people).expect("three");
    let open = |who: &(Value, String), with: &(Value, String)| {
        let (path, token) = (format!("/api/direct/{}", id(&with.0)), who.1.clone());
        let server = &server;
        async move { server.post(&path, json!({}), Some(&token)).await }
    };
    let first = open(&anna, &boris).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(first.body["room"]["kind"], "direct");
    let room = id(&first.body["room"]);
    assert_eq!(id(&open(&boris, &anna).await.body["room"]), room, "one per pair, from either side");

    // Listed for both with the other person as the peer; nobody else may see, join or be invited.
    let listed = server.list("/api/rooms", &boris.1, "rooms").await;
    assert_eq!((listed[0]["kind"].as_str(), listed[0]["peer"]["username"].as_str()), (Some("direct"), Some("anna")));
    let invite =
        server.post(&format!("/api/rooms/{room}/invite"), json!({"userIds": [id(&carl.0)]}), Some(&anna.1)).await;
    assert_eq!((invite.status, invite.code()), (StatusCode::CONFLICT, "direct_room"));
    let leave = server.post(&format!("/api/rooms/{room}/leave"), json!({}), Some(&boris.1)).await;
    assert_eq!(leave.code(), "direct_room");
    let delete = server.call(Method::DELETE, &format!("/api/rooms/{room}"), None, Some(&anna.1)).await;
    assert_eq!(delete.code(), "direct_room");
    assert_eq!(
        server.post(&format!("/api/rooms/{room}/join"), json!({}), Some(&carl.1)).await.status,
        StatusCode::NOT_FOUND
    );
    let strangers = open(&boris, &carl).await;
    assert_eq!(strangers.code(), "not_a_friend", "boris and carl are not friends");

    let sent = server.post("/api/messages", json!({"roomId": room, "content": "hi boris"}), Some(&anna.1)).await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let removed = server.call(Method::DELETE, &format!("/api/friends/{}", id(&boris.0)), None, Some(&anna.1)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let history = server.list(&format!("/api/messages?roomId={room}"), &boris.1, "messages").await;
    assert_eq!(history[0]["content"], "hi boris", "still readable");
    let after = server.post("/api/messages", json!({"roomId": room, "content": "still there?"}), Some(&boris.1)).await;
    assert_eq!((after.status, after.code()), (StatusCode::CONFLICT, "not_friends"));
    assert_eq!(server.list(&format!("/api/messages?roomId={room}"), &boris.1, "messages").await.len(), 1);

    // VOICE-1: a read-only conversation can be shown, never entered for voice.
    let tab = server.socket(&boris.1).await;
    let shown = tab.ack("open-room", json!({"roomId": room})).await;
    assert_eq!((shown["ok"].as_bool(), shown["room"]["id"].as_i64()), (Some(true), Some(room)), "{shown}");
    let voice = tab.ack("join-room", json!({"roomId": room})).await;
    assert_eq!((voice["ok"].as_bool(), voice["code"].as_str()), (Some(false), Some("not_friends")), "{voice}");
    let mute = tab.ack("mic-toggle", json!({"roomId": room, "isMuted": true})).await;
    assert_eq!(mute["code"], "not_friends");
    let read_only = server.get(&format!("/api/rooms/{room}"), Some(&boris.1)).await;
    assert_eq!(read_only.body["permissions"]["voice"], false);
    assert!(read_only.body["participants"].as_array().expect("participants").iter().all(|p| p["isInRoom"] == false));
    tab.close().await;
}

#[tokio::test]
async fn edits_and_reactions_are_rate_limited_per_user() {
    let mut g = group().await;
    let message = id(&g.send(0, "spam target", None).await);
    let mut refused = None;
    for i in 0..40 {
        let emoji = if i % 2 == 0 { "👍" } else { "👎" };
        let ack = g.tabs[1]
            .ack(
                if i % 4 < 2 { "add-reaction" } else { "remove-reaction" },
                json!({"messageId": message, "emoji": emoji}),
            )
            .await;
        if ack["ok"] != true {
            refused = Some(ack);
            break;
        }
    }
    let refused = refused.expect("a burst of 40 is cut off");
    assert_eq!(refused["code"], "rate_limited");
    assert!(refused["retryAfterMs"].as_u64().is_some_and(|ms| ms > 0), "{refused}");
    let rest = g
        .server
        .call(Method::PATCH, &format!("/api/messages/{message}"), Some(json!({"content": "x"})), Some(&g.boris.1))
        .await;
    assert_eq!(rest.status, StatusCode::TOO_MANY_REQUESTS, "the same budget over REST");
    assert!(rest.headers.contains_key("retry-after"));
}

/// SYNC-3: a client whose socket dropped while the room went on — 200 messages, 10 edits, 5 deletions,
/// reactions — and that comes back while more is being written, joins the room again and then pages
/// `after=` from the oldest message it had. With the live events that arrive from the join on, it has
/// exactly the room's history: every message once, in order, as edited, deleted and reacted to.
#[tokio::test]
async fn a_client_back_from_a_drop_catches_up_by_paging_after_what_it_had() {
    let mut g = group().await;
    let mut had = Vec::new();
    for n in 0..5 {
        had.push(id(&g.send(0, &format!("before {n}"), None).await));
    }
    let boris_tab = g.tabs.remove(1);
    boris_tab.close().await;

    let post = |content: String| {
        g.server.post("/api/messages", json!({"roomId": g.room, "content": content}), Some(&g.anna.1))
    };
    let mut during = Vec::new();
    for n in 0..200 {
        let reply = post(format!("during {n}")).await;
        assert_eq!(reply.status, StatusCode::CREATED);
        during.push(id(&reply.body["message"]));
    }
    let anna = Some(g.anna.1.as_str());
    for &message in had[..3].iter().chain(&during[..7]) {
        let path = format!("/api/messages/{message}");
        let edited =
            g.server.call(Method::PATCH, &path, Some(json!({"content": format!("edited {message}")})), anna).await;
        assert_eq!(edited.status, StatusCode::OK);
    }
    for &message in had[3..5].iter().chain(&during[10..13]) {
        let path = format!("/api/messages/{message}");
        assert_eq!(g.server.call(Method::DELETE, &path, None, anna).await.status, StatusCode::NO_CONTENT);
    }
    for &message in [had[0], during[50]].iter() {
        let path = format!("/api/messages/{message}/reactions/%F0%9F%91%8D");
        assert_eq!(g.server.call(Method::PUT, &path, None, anna).await.status, StatusCode::NO_CONTENT);
    }

    // Boris comes back while Anna keeps writing.
    let api = common::Api::at(g.server.base.clone());
    let (room, token) = (g.room, g.anna.1.clone());
    let writer = tokio::spawn(async move {
        for n in 0..30 {
            let reply =
                api.post("/api/messages", json!({"roomId": room, "content": format!("after {n}")}), Some(&token)).await;
            assert_eq!(reply.status, StatusCode::CREATED);
        }
    });
    let mut boris = g.server.socket(&g.boris.1).await;
    assert_eq!(boris.ack("join-room", json!(g.room)).await["ok"], true);
    let mut shown = std::collections::BTreeMap::new();
    let mut after = had[0] - 1;
    loop {
        let page = g
            .server
            .list(&format!("/api/messages?roomId={}&after={after}&limit=100", g.room), &g.boris.1, "messages")
            .await;
        for message in &page {
            assert!(shown.insert(id(message), message.clone()).is_none(), "a message twice in the pages");
        }
        match page.last() {
            Some(last) if page.len() == 100 => after = id(last),
            _ => break,
        }
    }
    writer.await.expect("the writer");
    for (name, message) in boris.events().await {
        if name == "new-message" {
            shown.insert(id(&message), message);
        }
    }

    let mut room_now = Vec::new();
    let mut after = had[0] - 1;
    loop {
        let page = g
            .server
            .list(&format!("/api/messages?roomId={}&after={after}&limit=100", g.room), &g.anna.1, "messages")
            .await;
        room_now.extend(page.iter().cloned());
        match page.last() {
            Some(last) if page.len() == 100 => after = id(last),
            _ => break,
        }
    }
    assert_eq!(room_now.len(), 5 + 200 + 30);
    // What a screen shows of a message.
    let seen = |m: &Value| json!([m["id"], m["content"], m["deleted"], m["editedAt"], m["reactions"]]);
    let shown: Vec<_> = shown.values().map(seen).collect();
    assert_eq!(shown, room_now.iter().map(seen).collect::<Vec<_>>());
}
