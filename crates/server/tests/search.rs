//! Message search (SEARCH-1) over real HTTP: words in any order, Cyrillic and Latin, by prefix; the
//! filters; only rooms the caller is a member of now; edited-away and deleted text never found; bad
//! queries refused.

mod common;

use common::{TestServer, id};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn say(server: &TestServer, token: &str, room: i64, content: &str) -> i64 {
    let sent = server.post("/api/messages", json!({"roomId": room, "content": content}), Some(token)).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    id(&sent.body["message"])
}

/// The ids of the messages `q` finds for `token`, newest first.
async fn found(server: &TestServer, token: &str, q: &str) -> Vec<i64> {
    let reply = server.get(&format!("/api/search/messages?q={}", urlencode(q)), Some(token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{q}: {:?}", reply.body);
    reply.body["results"].as_array().expect("results").iter().map(|r| id(&r["message"])).collect()
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn words_filters_and_membership() {
    let server = TestServer::start().await;
    let people = server.register_all(&["anna", "boris", "carl"]).await;
    let [anna, boris, carl] = <[(Value, String); 3]>::try_from(people).expect("three");
    server.befriend(&anna.1, &boris.0, &boris.1).await;
    let room = id(&server.create_room(&anna.1, "Game Night", &[&boris.0]).await);
    assert_eq!(server.post(&format!("/api/rooms/{room}/join"), json!({}), Some(&boris.1)).await.status, StatusCode::OK);
    let direct =
        id(&server.post(&format!("/api/direct/{}", boris.0["id"]), json!({}), Some(&anna.1)).await.body["room"]);
    let carls = id(&server.create_room(&carl.1, "carl alone", &[]).await);

    let greeting = say(&server, &anna.1, room, "Привет всем! Who plays tonight?").await;
    let link = say(&server, &boris.1, room, "the link from last week: https://maps.example.com/route").await;
    let private = say(&server, &boris.1, direct, "тихо: the surprise party is on Friday").await;
    say(&server, &carl.1, carls, "привет от carl, the party").await;

    assert_eq!(found(&server, &anna.1, "привет").await, [greeting], "Cyrillic, any case, my rooms only");
    assert_eq!(found(&server, &anna.1, "ПРИВ").await, [greeting], "a prefix while typing");
    assert_eq!(found(&server, &anna.1, "tonight who").await, [greeting], "words in any order");
    assert_eq!(found(&server, &anna.1, "week link").await, [link]);
    assert_eq!(found(&server, &anna.1, "party").await, [private], "direct conversations too; not carl's room");
    assert_eq!(found(&server, &carl.1, "party").await.len(), 1);
    assert_eq!(found(&server, &anna.1, "the from:boris").await, [private, link]);
    assert_eq!(found(&server, &anna.1, "the in:game").await, [link], "a room by part of its name");
    assert_eq!(found(&server, &anna.1, "the in:boris").await, [private], "a direct conversation by the other person");
    assert!(found(&server, &anna.1, "the from:nobody").await.is_empty());
    assert!(found(&server, &anna.1, "the before:2000-01-01").await.is_empty());
    assert_eq!(found(&server, &anna.1, "the after:2000-01-01").await.len(), 2);
    assert!(found(&server, &anna.1, "has:file").await.is_empty());
    let within = server.get(&format!("/api/search/messages?q=the&roomId={room}"), Some(&anna.1)).await;
    assert_eq!(within.body["results"].as_array().expect("results").len(), 1);
    assert_eq!(within.body["results"][0]["room"]["name"], "Game Night");
    let next = server.get(&format!("/api/search/messages?q=the&limit=1&before={private}"), Some(&anna.1)).await;
    assert_eq!(id(&next.body["results"][0]["message"]), link, "the next page");

    // Edited-away and deleted text is not found; the new text is.
    let edited = server
        .call(Method::PATCH, &format!("/api/messages/{greeting}"), Some(json!({"content": "hello all"})), Some(&anna.1))
        .await;
    assert_eq!(edited.status, StatusCode::OK);
    assert!(found(&server, &anna.1, "привет").await.is_empty());
    assert_eq!(found(&server, &boris.1, "hello").await, [greeting]);
    assert_eq!(
        server.call(Method::DELETE, &format!("/api/messages/{link}"), None, Some(&boris.1)).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(found(&server, &anna.1, "week").await.is_empty());

    // Removed from the room, boris no longer finds what is in it.
    let removed =
        server.call(Method::DELETE, &format!("/api/rooms/{room}/members/{}", boris.0["id"]), None, Some(&anna.1)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert!(found(&server, &boris.1, "hello").await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn bad_searches_are_refused() {
    let server = TestServer::start().await;
    let (_, token) = server.register("anna").await;
    let (_, carl) = server.register("carl").await;
    let carls = id(&server.create_room(&carl, "secret", &[]).await);
    for (query, status, code) in [
        ("q=", StatusCode::BAD_REQUEST, "invalid_search"),
        ("q=%20%20", StatusCode::BAD_REQUEST, "invalid_search"),
        ("q=x%20before:yesterday", StatusCode::BAD_REQUEST, "invalid_search"),
        ("q=x&limit=0", StatusCode::BAD_REQUEST, "invalid_limit"),
        ("q=x&limit=51", StatusCode::BAD_REQUEST, "invalid_limit"),
        ("limit=5", StatusCode::BAD_REQUEST, "invalid_query"),
        (&format!("q=x&roomId={carls}"), StatusCode::NOT_FOUND, "not_found"),
    ] {
        let reply = server.get(&format!("/api/search/messages?{query}"), Some(&token)).await;
        assert_eq!((reply.status, reply.code()), (status, code), "{query}: {:?}", reply.body);
    }
    assert_eq!(server.get("/api/search/messages?q=x", None).await.status, StatusCode::UNAUTHORIZED);
    server.stop().await;
}
