//! Text chat over real HTTP and Socket.IO (CHAT-1, CHAT-2, CHAT-4), on SQLite or PostgreSQL.

mod common;

use std::collections::HashSet;

use common::{TestServer, TestSocket, id, ids};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn history(server: &TestServer, token: &str, query: &str) -> Vec<Value> {
    server.list(&format!("/api/messages?{query}"), token, "messages").await
}

/// Alice owns a room with Bob and Carol as members; each has a tab in the room.
async fn room_of_three(server: &TestServer) -> (i64, Vec<(Value, String, TestSocket)>) {
    let people = server.register_all(&["alice", "bob", "carol"]).await;
    server.befriend_all(&people[0], &people[1..]).await;
    let room_id = id(&server.create_room(&people[0].1, "chat", &[&people[1].0, &people[2].0]).await);
    let mut cast: Vec<(Value, String, TestSocket)> = vec![];
    for (user, token) in people {
        server.post(&format!("/api/rooms/{room_id}/join"), json!({}), Some(&token)).await;
        let tab = server.socket(&token).await;
        assert_eq!(tab.ack("join-room", json!(room_id)).await["ok"], true);
        cast.push((user, token, tab));
    }
    for (_, _, tab) in &mut cast {
        tab.settle().await;
    }
    (room_id, cast)
}

#[tokio::test]
async fn messages_are_1_to_2000_characters_counted_as_characters() {
    let server = TestServer::start().await;
    let (room_id, mut cast) = room_of_three(&server).await;
    let cases = [
        ("empty", String::new(), Some("message_empty")),
        ("white space only", " \n\t ".to_owned(), Some("message_empty")),
        ("2000 characters", "a".repeat(2000), None),
        ("2001 characters", "a".repeat(2001), Some("message_too_long")),
        ("2000 Cyrillic (4000 bytes)", "ж".repeat(2000), None),
        ("2000 emoji (8000 bytes)", "😀".repeat(2000), None),
        ("2001 emoji", "😀".repeat(2001), Some("message_too_long")),
        ("<b>not HTML</b>", "<b>not HTML</b>".to_owned(), None),
    ];
    let mut stored = Vec::new();
    for (what, content, refusal) in cases {
        let ack = cast[0].2.ack("send-message", json!({"roomId": room_id, "content": content})).await;
        match refusal {
            Some(code) => assert_eq!((ack["ok"].as_bool(), ack["code"].as_str()), (Some(false), Some(code)), "{what}"),
            None => {
                assert_eq!(ack["ok"], true, "{what}: {ack}");
                assert_eq!(ack["message"]["content"], content.as_str(), "{what}: stored as sent");
                let heard = cast[1].2.expect_event("new-message").await;
                assert_eq!(heard["id"], ack["message"]["id"], "{what}");
                stored.push(id(&ack["message"]));
            }
        }
    }
    assert_eq!(
        ids(&history(&server, &cast[2].1, &format!("roomId={room_id}")).await),
        stored,
        "refused ones left no trace"
    );
    let malformed = cast[0].2.ack("send-message", json!({"roomId": room_id, "content": 5})).await;
    assert_eq!(malformed["code"], "invalid_payload");
    cast[1].2.assert_quiet().await;
}

#[tokio::test]
async fn a_retry_with_the_same_nonce_stores_nothing_new() {
    let server = TestServer::start().await;
    let (room_id, mut cast) = room_of_three(&server).await;
    let send = json!({"roomId": room_id, "content": "only once", "nonce": "c0ffee-1"});
    let first = cast[0].2.ack("send-message", send.clone()).await;
    let retry = cast[0].2.ack("send-message", send).await;
    assert_eq!((first["ok"].as_bool(), retry["ok"].as_bool()), (Some(true), Some(true)));
    assert_eq!(first["message"]["id"], retry["message"]["id"]);
    assert_eq!(retry["message"]["nonce"], "c0ffee-1");
    assert_eq!(cast[1].2.expect_event("new-message").await["id"], first["message"]["id"]);
    cast[1].2.assert_quiet().await;
    // The same nonce from another sender is another message.
    let other = cast[1].2.ack("send-message", json!({"roomId": room_id, "content": "mine", "nonce": "c0ffee-1"})).await;
    assert_ne!(other["message"]["id"], first["message"]["id"]);
    assert_eq!(history(&server, &cast[2].1, &format!("roomId={room_id}")).await.len(), 2);
}

#[tokio::test]
async fn a_burst_from_several_senders_is_heard_in_one_order_everywhere() {
    let server = TestServer::start().await;
    let (room_id, cast) = room_of_three(&server).await;
    let per_sender = 25;
    let reader = cast[0].1.clone();
    // Every listener is in the room before anyone sends.
    let mut listeners = Vec::new();
    for (_, token, _) in &cast {
        let listener = server.socket(token).await;
        assert_eq!(listener.ack("join-room", json!(room_id)).await["ok"], true);
        listeners.push(listener);
    }
    let senders: Vec<_> = cast
        .into_iter()
        .enumerate()
        .map(|(index, (_, _, tab))| {
            tokio::spawn(async move {
                let mut acked = Vec::new();
                for n in 0..per_sender {
                    let ack =
                        tab.ack("send-message", json!({"roomId": room_id, "content": format!("{index}:{n}")})).await;
                    acked.push(ack["message"]["id"].as_i64().expect("acked id"));
                }
                acked
            })
        })
        .collect();
    let mut acked: Vec<Vec<i64>> = Vec::new();
    for sender in senders {
        acked.push(sender.await.expect("sender"));
    }
    for own in &acked {
        assert!(own.windows(2).all(|w| w[0] < w[1]), "each sender's messages keep their order: {own:?}");
    }
    let stored = ids(&history(&server, &reader, &format!("roomId={room_id}&limit=100")).await);
    assert_eq!(stored.len(), 3 * per_sender);
    for listener in &mut listeners {
        let mut heard = Vec::new();
        while heard.len() < stored.len() {
            heard.push(id(&listener.expect_event("new-message").await));
        }
        assert_eq!(heard, stored, "every listener hears the stored order");
    }
}

#[tokio::test]
async fn paging_by_cursor_has_no_gap_and_no_duplicate_while_messages_arrive() {
    let server = TestServer::start().await;
    let (room_id, cast) = room_of_three(&server).await;
    let (_, token, tab) = &cast[0];
    for n in 0..120 {
        tab.ack("send-message", json!({"roomId": room_id, "content": format!("m{n}")})).await;
    }
    let newest = history(&server, token, &format!("roomId={room_id}")).await;
    assert_eq!(newest.len(), 50, "50 by default");
    assert_eq!(
        newest.last().map(|m| m["content"].clone()),
        Some(json!("m119")),
        "oldest first, ending with the newest"
    );
    for n in 0..10 {
        tab.ack("send-message", json!({"roomId": room_id, "content": format!("late{n}")})).await;
    }
    let mut seen: Vec<i64> = ids(&newest);
    let mut cursor = seen[0];
    loop {
        let page = history(&server, token, &format!("roomId={room_id}&limit=50&before={cursor}")).await;
        if page.is_empty() {
            break;
        }
        let page_ids = ids(&page);
        assert!(page_ids.windows(2).all(|w| w[0] < w[1]));
        cursor = page_ids[0];
        seen.splice(0..0, page_ids);
    }
    assert_eq!(seen.len(), 120);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 120, "no duplicate");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "no gap in the order");

    // The seed's offset still works: skip the newest 130 - 20 = 110, get the 20 oldest.
    let oldest = history(&server, token, &format!("roomId={room_id}&limit=50&offset=110")).await;
    assert_eq!(ids(&oldest), seen[..20]);
    for (query, code) in [("limit=101", "invalid_limit"), ("limit=0", "invalid_limit"), ("before=abc", "invalid_query")]
    {
        let reply = server.get(&format!("/api/messages?roomId={room_id}&{query}"), Some(token)).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, code), "{query}");
    }
    let no_room = server.get("/api/messages", Some(token)).await;
    assert_eq!((no_room.status, no_room.code()), (StatusCode::BAD_REQUEST, "invalid_query"));
}

#[tokio::test]
async fn members_away_from_the_room_get_one_unread_notification_per_room() {
    let server = TestServer::start().await;
    let (room_id, mut cast) = room_of_three(&server).await;
    // Carol leaves the voice room but keeps her tab: she is a member not looking at the room.
    cast[2].2.ack("leave-room", json!(room_id)).await;
    for n in 0..3 {
        cast[0].2.ack("send-message", json!({"roomId": room_id, "content": format!("hi {n}")})).await;
    }
    let carol = &cast[2].1.clone();
    let unread = server.get("/api/notifications?unread=true", Some(carol)).await.body["notifications"].clone();
    let unread = unread.as_array().expect("list");
    assert_eq!(unread.len(), 1, "one per room, not one per message: {unread:?}");
    assert_eq!((unread[0]["type"].as_str(), unread[0]["room"]["id"].as_i64()), (Some("message"), Some(room_id)));
    assert_eq!(unread[0]["message"]["content"], "hi 2", "kept up to date with the newest message");
    for n in 0..3 {
        let pushed = cast[2].2.expect_event("notification").await;
        assert_eq!(
            (pushed["id"].clone(), pushed["message"]["content"].clone()),
            (unread[0]["id"].clone(), json!(format!("hi {n}")))
        );
    }
    // Bob, in the room, got none; the sender got none.
    for who in [0, 1] {
        let list = server.get("/api/notifications?unread=true", Some(&cast[who].1)).await.body["notifications"].clone();
        assert!(list.as_array().expect("list").iter().all(|n| n["type"] != "message"), "{list}");
    }
    // Once read, the next message makes a new one.
    let read_id = unread[0]["id"].clone();
    server.post("/api/notifications/read-all", json!({}), Some(carol)).await;
    cast[0].2.ack("send-message", json!({"roomId": room_id, "content": "again"})).await;
    let unread = server.get("/api/notifications?unread=true", Some(carol)).await.body["notifications"].clone();
    assert_eq!(unread.as_array().map(Vec::len), Some(1));
    assert_ne!(unread[0]["id"], read_id);
}
