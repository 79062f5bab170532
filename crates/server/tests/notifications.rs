//! Notifications (NOTIF-1, NOTIF-3, NOTIF-4) and staying in sync after a reconnect (SYNC-1), over real HTTP and
//! Socket.IO, on SQLite or PostgreSQL.

mod common;

use common::{TestServer, id, ids};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn notifications(server: &TestServer, token: &str, query: &str) -> Vec<Value> {
    server.list(&format!("/api/notifications{query}"), token, "notifications").await
}

async fn friends(server: &TestServer, token: &str) -> Vec<Value> {
    server.list("/api/friends", token, "friends").await
}

#[tokio::test]
async fn what_happened_while_away_is_there_after_reconnecting() {
    let server = TestServer::start().await;
    let (a, a_token) = server.register("alice").await;
    let (b, b_token) = server.register("bob").await;

    // B is away (no connection) when A asks: B finds it unread on coming back, with the request.
    let sent = server.post("/api/friends/add", json!({"userId": b["id"]}), Some(&a_token)).await;
    let request_id = sent.body["request"]["id"].as_i64().expect("id");
    let b_tab = server.socket(&b_token).await;
    let unread = notifications(&server, &b_token, "?unread=true").await;
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0]["type"], "friend-request");
    assert_eq!(unread[0]["isRead"], false);
    assert_eq!(unread[0]["from"]["id"], a["id"]);
    assert!(unread[0]["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')));
    assert_eq!(server.get("/api/friends/requests", Some(&b_token)).await.body["incoming"][0]["id"], request_id);

    // A is away when B accepts: A finds B as a friend, online, on coming back.
    let accepted = server.post(&format!("/api/friends/requests/{request_id}/accept"), json!({}), Some(&b_token)).await;
    assert_eq!(accepted.status, StatusCode::OK);
    let a_tab = server.socket(&a_token).await;
    let list = friends(&server, &a_token).await;
    assert_eq!((list[0]["username"].as_str(), list[0]["status"].as_str()), (Some("bob"), Some("online")));

    // B goes offline while A is away again: A sees it on coming back.
    a_tab.close().await;
    b_tab.close().await;
    server.wait_for_status(&b_token, "offline").await;
    let a_tab = server.socket(&a_token).await;
    assert_eq!(friends(&server, &a_token).await[0]["status"], "offline");
    a_tab.close().await;
}

#[tokio::test]
async fn notifications_page_newest_first_and_are_marked_read_by_their_owner_only() {
    let server = TestServer::start().await;
    let (b, b_token) = server.register("bob").await;
    let (_, c_token) = server.register("carol").await;
    let mut b_tab = server.socket(&b_token).await;
    for n in 0..5 {
        let (_, token) = server.register(&format!("fan{n}")).await;
        let sent = server.post("/api/friends/add", json!({"userId": b["id"]}), Some(&token)).await;
        assert_eq!(sent.status, StatusCode::CREATED);
        b_tab.expect_event("friend-request").await;
        let pushed = b_tab.expect_event("notification").await;
        assert_eq!(pushed["from"]["username"], format!("fan{n}"), "pushed as stored, in order");
    }

    let all = notifications(&server, &b_token, "").await;
    assert_eq!(all.len(), 5);
    let newest_first = ids(&all);
    assert!(newest_first.windows(2).all(|w| w[0] > w[1]), "{newest_first:?}");
    assert_eq!(all[0]["from"]["username"], "fan4");

    let first_page = notifications(&server, &b_token, "?limit=2").await;
    let second_page = notifications(&server, &b_token, &format!("?limit=2&before={}", ids(&first_page)[1])).await;
    let third_page = notifications(&server, &b_token, &format!("?limit=2&before={}", ids(&second_page)[1])).await;
    let paged: Vec<i64> = [first_page, second_page, third_page].iter().flat_map(|p| ids(p)).collect();
    assert_eq!(paged, newest_first, "pages join up with no gap and no duplicate");
    for (query, code) in
        [("?limit=0", "invalid_limit"), ("?limit=101", "invalid_limit"), ("?limit=abc", "invalid_query")]
    {
        let reply = server.get(&format!("/api/notifications{query}"), Some(&b_token)).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, code), "{query}");
    }

    // Carol can neither see nor mark Bob's notifications.
    assert!(notifications(&server, &c_token, "").await.is_empty());
    let bobs = newest_first[0];
    let reply = server.post(&format!("/api/notifications/{bobs}/read"), json!({}), Some(&c_token)).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"));
    assert_eq!(
        server.post("/api/notifications/read-all", json!({}), Some(&c_token)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(notifications(&server, &b_token, "?unread=true").await.len(), 5, "Carol changed nothing of Bob's");
    for path in ["/api/notifications/999999/read", "/api/notifications/abc/read"] {
        assert_eq!(server.post(path, json!({}), Some(&b_token)).await.status, StatusCode::NOT_FOUND, "{path}");
    }

    // Bob marks one, then all.
    let reply = server.post(&format!("/api/notifications/{bobs}/read"), json!({}), Some(&b_token)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let unread = notifications(&server, &b_token, "?unread=true").await;
    assert_eq!(ids(&unread), newest_first[1..]);
    assert_eq!(notifications(&server, &b_token, "").await[0]["isRead"], true);
    assert_eq!(
        server.post("/api/notifications/read-all", json!({}), Some(&b_token)).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(notifications(&server, &b_token, "?unread=true").await.is_empty());
    assert_eq!(notifications(&server, &b_token, "").await.len(), 5, "read ones are still listed");
    assert_eq!(server.get("/api/notifications", None).await.status, StatusCode::UNAUTHORIZED);
    b_tab.close().await;
}

/// NOTIF-4: what a room tells each member, chosen by them and kept on the server: everything, mentions
/// only, nothing; muted for a while or until turned back on. Others' choices are theirs alone, and only
/// members may choose.
#[tokio::test]
async fn each_member_chooses_what_a_room_tells_them() {
    let server = TestServer::start().await;
    let people = server.register_all(&["anna", "boris", "vera", "gleb"]).await;
    let [(_, anna), (boris, boris_token), (vera, vera_token), (_, gleb_token)] = &people[..] else { unreachable!() };
    server.befriend_all(&people[0], &people[1..3]).await;
    let room = id(&server.create_room(anna, "plans", &[boris, vera]).await);
    for token in [boris_token, vera_token] {
        server.post(&format!("/api/rooms/{room}/join"), json!({}), Some(token)).await;
    }
    let path = format!("/api/rooms/{room}/notifications");
    let choose = |token: &str, level: &str, mute: &str| {
        let (path, token, body) = (path.clone(), token.to_owned(), json!({"level": level, "mute": mute}));
        let server = &server;
        async move { server.call(Method::PUT, &path, Some(body), Some(&token)).await }
    };
    let unread_kinds = |token: &str| {
        let token = token.to_owned();
        let server = &server;
        async move {
            let list = server.unread(&token).await;
            let kinds: Vec<String> = list
                .iter()
                .filter(|n| n["room"]["id"] == room && n["type"] != "room-invitation")
                .map(|n| n["type"].as_str().unwrap_or_default().to_owned())
                .collect();
            server.post("/api/notifications/read-all", json!({}), Some(&token)).await;
            kinds
        }
    };
    let send = |text: &str| {
        let body = json!({"roomId": room, "content": text});
        let server = &server;
        async move { assert_eq!(server.post("/api/messages", body, Some(anna)).await.status, StatusCode::CREATED) }
    };

    let default = server.get(&path, Some(boris_token)).await;
    assert_eq!(default.body, json!({"level": "all", "mutedUntil": null, "mutedForever": false}));

    // Mentions only: a plain message says nothing to Boris, a mention does; Vera hears everything.
    let chosen = choose(boris_token, "mentions", "off").await;
    assert_eq!((chosen.status, chosen.body["level"].as_str()), (StatusCode::OK, Some("mentions")));
    send("plain").await;
    send("@boris look").await;
    assert_eq!(unread_kinds(boris_token).await, ["mention"]);
    assert_eq!(unread_kinds(vera_token).await, ["message"]);

    // Nothing: not even a mention.
    choose(boris_token, "nothing", "off").await;
    send("@boris and again").await;
    assert!(unread_kinds(boris_token).await.is_empty());

    // Muted for an hour, whatever the level; the answer says until when, and every device reads it.
    let muted = choose(boris_token, "all", "1h").await;
    assert!(muted.body["mutedUntil"].as_str().is_some_and(|t| t.ends_with('Z')), "{}", muted.body);
    assert_eq!(server.get(&path, Some(boris_token)).await.body, muted.body);
    send("@boris muted?").await;
    assert!(unread_kinds(boris_token).await.is_empty());

    // Until turned back on; then off again.
    let forever = choose(boris_token, "all", "forever").await;
    assert_eq!((&forever.body["mutedUntil"], &forever.body["mutedForever"]), (&Value::Null, &json!(true)));
    send("still muted").await;
    assert!(unread_kinds(boris_token).await.is_empty());
    choose(boris_token, "all", "off").await;
    send("back").await;
    assert_eq!(unread_kinds(boris_token).await, ["message"]);

    // Not a member: not found; a bad choice: the contract's error, nothing changed.
    let stranger = choose(gleb_token, "nothing", "off").await;
    assert_eq!((stranger.status, stranger.code()), (StatusCode::NOT_FOUND, "not_found"));
    assert_eq!(server.get(&path, Some(gleb_token)).await.status, StatusCode::NOT_FOUND);
    let bad = choose(boris_token, "some", "off").await;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "invalid_body"));
    let bad_mute = choose(boris_token, "all", "2h").await;
    assert_eq!(bad_mute.code(), "invalid_body");
    // A level changed without `mute` keeps a mute that runs.
    let muted = choose(boris_token, "all", "8h").await;
    let kept = server.call(Method::PUT, &path, Some(json!({"level": "mentions"})), Some(boris_token)).await;
    assert_eq!((&kept.body["level"], &kept.body["mutedUntil"]), (&json!("mentions"), &muted.body["mutedUntil"]));
    choose(boris_token, "all", "off").await;
    assert_eq!(server.get(&path, Some(boris_token)).await.body["level"], "all");
    assert_eq!(server.get(&path, Some(vera_token)).await.body["level"], "all", "Boris's choices are his");
    server.stop().await;
}
