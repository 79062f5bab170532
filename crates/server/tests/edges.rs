//! The edges (QUALITY-1, QUALITY-3): malformed and oversized input, origins, rate limits, health,
//! unknown routes, the web client's place, socket payload caps.

mod common;

use std::{
    net::{IpAddr, Ipv4Addr},
    time::Duration,
};

use common::{TestServer, TestSocket, id};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Nothing was stored: the account named in a refused registration cannot log in.
async fn assert_not_registered(server: &TestServer, login: &str) {
    let reply = server.post("/api/auth/login", json!({"login": login, "password": "password123"}), None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{login} was stored");
}

#[tokio::test]
async fn malformed_mistyped_and_oversized_bodies_get_4xx_and_store_nothing() {
    let server = TestServer::start().await;
    let json = Some("application/json");
    let megabyte = "x".repeat(1024 * 1024);
    let cases: Vec<(&str, Option<&str>, String, StatusCode, &str)> = vec![
        ("truncated JSON", json, r#"{"username": "mal", "email""#.into(), StatusCode::BAD_REQUEST, "invalid_json"),
        ("not JSON", json, "username=mal".into(), StatusCode::BAD_REQUEST, "invalid_json"),
        (
            "wrong type",
            json,
            r#"{"username": 5, "email": "mal@x.io", "password": "password123"}"#.into(),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            "missing field",
            json,
            r#"{"username": "mal", "password": "password123"}"#.into(),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            "no content type",
            None,
            r#"{"username": "mal", "email": "mal@x.io", "password": "password123"}"#.into(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "1 MB body",
            json,
            format!(r#"{{"username": "mal", "email": "mal@x.io", "password": "password123", "pad": "{megabyte}"}}"#),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "1 MB password",
            json,
            format!(r#"{{"username": "mal", "email": "mal@x.io", "password": "{megabyte}"}}"#),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
    ];
    for (what, content_type, body, status, code) in cases {
        let reply = server.post_raw("/api/auth/register", content_type, body).await;
        assert_eq!((reply.status, reply.code()), (status, code), "{what}: {:?}", reply.body);
        assert!(reply.body["error"].is_string(), "{what}: the error is in our format");
    }
    assert_not_registered(&server, "mal").await;

    // A long-but-parseable password is refused by the rule, not by the size cap, and costs no hash.
    let long = server
        .post(
            "/api/auth/register",
            json!({"username": "mal", "email": "mal@x.io", "password": "x".repeat(10_000)}),
            None,
        )
        .await;
    assert_eq!((long.status, long.code()), (StatusCode::BAD_REQUEST, "password_too_long"));
    let login = server.post("/api/auth/login", json!({"login": "mal", "password": "x".repeat(10_000)}), None).await;
    assert_eq!((login.status, login.code()), (StatusCode::UNAUTHORIZED, "invalid_credentials"));
    assert_not_registered(&server, "mal").await;

    // Malformed input on an authenticated route leaves the profile as it was.
    let (_, token) = server.register("intact").await;
    let client = reqwest::Client::new();
    let reply = client
        .patch(server.url("/api/users/me"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(r#"{"username": ["a"]}"#)
        .send()
        .await
        .expect("sent");
    assert_eq!(reply.status(), StatusCode::BAD_REQUEST);
    assert_eq!(server.me(&token).await["username"], "intact");
}

#[tokio::test]
async fn register_and_login_are_rate_limited_per_client_address() {
    let server = TestServer::start_with(&["--auth-rate-per-minute", "3"]).await;
    let attempt = json!({"login": "nobody", "password": "password123"});
    for remaining in (0..3).rev() {
        let reply = server.post("/api/auth/login", attempt.clone(), None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.headers["x-ratelimit-limit"], "3");
        assert_eq!(reply.headers["x-ratelimit-remaining"], remaining.to_string().as_str());
        assert!(reply.headers.contains_key("x-ratelimit-reset-after"));
    }
    let limited = server.post("/api/auth/login", attempt.clone(), None).await;
    assert_eq!((limited.status, limited.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    let retry_after: u64 = limited.headers["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(limited.body["retryAfter"], retry_after);
    assert_eq!(limited.headers["x-ratelimit-remaining"], "0");
    assert!(limited.headers.contains_key("x-ratelimit-reset-after"));

    // Another client address has its own budget; registration has its own too.
    let elsewhere = server.post_from(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), "/api/auth/login", attempt).await;
    assert_eq!(elsewhere.status, StatusCode::UNAUTHORIZED);
    let register = server
        .post("/api/auth/register", json!({"username": "newbie", "email": "n@x.io", "password": "password123"}), None)
        .await;
    assert_eq!(register.status, StatusCode::CREATED);
}

#[tokio::test]
async fn searches_are_rate_limited_per_client_address() {
    let server = TestServer::start_with(&["--search-rate-per-minute", "2"]).await;
    let (_, token) = server.register("seeker").await;
    for remaining in ["1", "0"] {
        let reply = server.get("/api/users/search?q=ab", Some(&token)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers["x-ratelimit-remaining"], remaining);
    }
    let limited = server.get("/api/users/search?q=ab", Some(&token)).await;
    assert_eq!((limited.status, limited.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    assert!(limited.headers.contains_key("retry-after"));
    // Other routes are not touched by the search budget.
    assert_eq!(server.get("/api/friends", Some(&token)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn socket_events_are_rate_limited_per_user_and_answered_with_a_wait() {
    let server = TestServer::start_with(&["--socket-events-per-second", "1"]).await;
    let (_, token) = server.register("chatty").await;
    let tabs = futures_util::future::join_all((0..10).map(|_| server.socket(&token))).await;
    // Ten events at once, one from each of ten tabs: the burst (2) passes, the rest wait; the budget is
    // the user's, not the tab's.
    let burst = tabs.iter().map(|tab| tab.ack("status-change", json!({"status": "online"})));
    let outcomes = futures_util::future::join_all(burst).await;
    let passed = outcomes.iter().filter(|a| a["ok"] == true).count();
    let limited: Vec<_> = outcomes.iter().filter(|a| a["code"] == "rate_limited").collect();
    assert_eq!(passed + limited.len(), 10, "{outcomes:?}");
    assert!(passed >= 2 && limited.len() >= 5, "passed {passed}, limited {}: {outcomes:?}", limited.len());
    assert!(limited.iter().all(|a| a["retryAfterMs"].as_u64().is_some_and(|ms| (1..=2000).contains(&ms))));
    // Another user is not touched by this one's budget.
    let (_, other) = server.register("quiet").await;
    let other_tab = server.socket(&other).await;
    assert_eq!(other_tab.ack("status-change", json!({"status": "away"})).await["ok"], true);
}

#[tokio::test]
async fn foreign_origins_are_refused_on_rest_and_on_the_socket_handshake() {
    let server = TestServer::start_with(&["--allowed-origins", "https://chat.example.com"]).await;
    let (_, token) = server.register("origin").await;
    let client = reqwest::Client::new();
    let get_me = |origin: &'static str| {
        client.get(server.url("/api/users/me")).bearer_auth(&token).header("origin", origin).send()
    };

    let foreign = get_me("https://evil.example").await.expect("sent");
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = foreign.json().await.expect("json");
    assert_eq!(body["code"], "forbidden_origin");
    assert_eq!(get_me("https://chat.example.com").await.expect("sent").status(), StatusCode::OK);
    let same_origin = client
        .get(server.url("/api/users/me"))
        .bearer_auth(&token)
        .header("origin", server.base.clone())
        .send()
        .await
        .expect("sent");
    assert_eq!(same_origin.status(), StatusCode::OK);

    let auth = Some(json!({ "token": token }));
    assert!(TestSocket::connect(&server.base, auth.clone(), Some("https://evil.example")).await.is_err());
    let allowed = TestSocket::connect(&server.base, auth, Some("https://chat.example.com")).await;
    allowed.expect("an allowed origin connects").close().await;
}

#[tokio::test]
async fn health_unknown_routes_and_the_web_client_placeholder() {
    let server = TestServer::start().await;
    let health = server.get("/api/health", None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body["status"], "ok");
    assert_eq!(health.body["database"], if server.db.is_postgres() { "postgres" } else { "sqlite" });

    let unknown = server.get("/api/no-such-route", None).await;
    assert_eq!((unknown.status, unknown.code()), (StatusCode::NOT_FOUND, "not_found"));
    let wrong_method = server.get("/api/auth/login", None).await;
    assert_eq!((wrong_method.status, wrong_method.code()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));

    let page = reqwest::get(server.url("/rooms/42")).await.expect("sent");
    assert_eq!(page.status(), StatusCode::OK);
    let text = page.text().await.expect("text");
    assert!(text.contains("web client is not built") && text.contains("make run"), "{text}");
}

#[tokio::test]
async fn a_built_web_client_is_served_with_spa_fallback() {
    let dist = tempfile::tempdir().expect("dist");
    std::fs::write(dist.path().join("index.html"), "<!doctype html><div id=root>WOXLY app</div>").expect("index");
    std::fs::write(dist.path().join("app.js"), "console.log('woxly')").expect("asset");
    let server = TestServer::start_with(&["--web-dir", &dist.path().display().to_string()]).await;

    for path in ["/", "/rooms/42", "/friends"] {
        let page = reqwest::get(server.url(path)).await.expect("sent");
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert!(page.text().await.expect("text").contains("WOXLY app"), "{path}");
    }
    let asset = reqwest::get(server.url("/app.js")).await.expect("sent");
    assert_eq!(asset.text().await.expect("text"), "console.log('woxly')");
    assert_eq!(server.get("/api/nothing-here", None).await.code(), "not_found", "the API is not swallowed by the SPA");
}

#[tokio::test]
async fn an_oversized_socket_message_closes_that_connection_only() {
    let server = TestServer::start().await;
    let (_, flooder_token) = server.register("flooder").await;
    let (_, bystander_token) = server.register("bystander").await;
    let flooder = server.socket(&flooder_token).await;
    let bystander = server.socket(&bystander_token).await;
    server.wait_for_status(&flooder_token, "online").await;

    let huge = "x".repeat(1024 * 1024);
    let _ = flooder.client.emit("status-change", json!({ "status": huge })).await;
    // The server dropped the flooder's only connection, so the flooder went offline.
    server.wait_for_status(&flooder_token, "offline").await;

    // The server and the other user's connection carry on.
    assert_eq!(server.get("/api/health", None).await.status, StatusCode::OK);
    server.assert_status_stays(&bystander_token, "online").await;
    bystander.close().await;
    server.wait_for_status(&bystander_token, "offline").await;
}

/// QUALITY-7: every answer — a page, the API, an error — says what a browser may do with it: no
/// inline or foreign script, no framing, no referrer, the microphone for our page only.
#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = TestServer::start().await;
    for path in ["/", "/rooms/42", "/api/health", "/api/no-such-route", "/api/users/me"] {
        let response = reqwest::get(server.url(path)).await.expect("sent");
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let csp = header("content-security-policy");
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find(|d| d.starts_with(name))
                .unwrap_or_else(|| panic!("{path}: no {name} in {csp}"))
                .to_owned()
        };
        assert_eq!(directive("default-src"), "default-src 'self'", "{path}");
        let scripts = directive("script-src");
        assert!(
            !scripts.contains("unsafe-inline") && !scripts.contains("http") && !scripts.contains('*'),
            "{path}: {scripts}"
        );
        assert_eq!(directive("connect-src"), "connect-src 'self'", "{path}");
        assert_eq!(directive("frame-ancestors"), "frame-ancestors 'none'", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert!(
            header("permissions-policy").contains("microphone=(self), camera=(self), display-capture=(self)"),
            "{path}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
    }
}

/// Issue 29: a NUL character (U+0000) in any text is `400 invalid_characters` on both databases (it was
/// a 500 on PostgreSQL), over REST — a JSON body anywhere, a query string — and in socket events, and
/// nothing is stored.
#[tokio::test]
async fn a_nul_character_in_any_text_is_refused_and_changes_nothing() {
    let server = TestServer::start().await;
    let people = server.register_all(&["nul", "friend"]).await;
    let [(_, token), (friend, friend_token)] = &people[..] else { unreachable!() };
    server.befriend_all(&people[0], &people[1..]).await;
    let room = id(&server.create_room(token, "room", &[]).await);
    let nul = "x\u{0}y";
    let bodies: [(Method, String, Value, Option<&str>); 8] = [
        (Method::POST, "/api/auth/login".into(), json!({"login": nul, "password": "password123"}), None),
        (
            Method::POST,
            "/api/auth/register".into(),
            json!({"username": nul, "email": "n@x.io", "password": "password123"}),
            None,
        ),
        (Method::POST, "/api/messages".into(), json!({"roomId": room, "content": nul}), Some(token)),
        (Method::POST, "/api/messages".into(), json!({"roomId": room, "content": "ok", "nonce": nul}), Some(token)),
        (Method::POST, "/api/rooms".into(), json!({"name": nul}), Some(token)),
        (Method::PUT, format!("/api/friends/{}/note", id(friend)), json!({"note": nul}), Some(token)),
        (Method::PATCH, "/api/users/me".into(), json!({"avatarUrl": format!("https://a/{nul}")}), Some(token)),
        (
            Method::POST,
            "/api/messages".into(),
            json!({"roomId": room, "content": "ok", "extra": {nul: 1}}),
            Some(token),
        ),
    ];
    for (method, path, body, token) in bodies {
        let reply = server.call(method.clone(), &path, Some(body.clone()), token).await;
        assert_eq!(
            (reply.status, reply.code()),
            (StatusCode::BAD_REQUEST, "invalid_characters"),
            "{method} {path} {body}"
        );
    }
    for query in ["q=a%00b", "q=from:%00"] {
        let reply = server.get(&format!("/api/search/messages?{query}"), Some(token)).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, "invalid_characters"), "{query}");
    }
    let tab = server.socket(token).await;
    for (event, payload) in [
        ("send-message", json!({"roomId": room, "content": nul})),
        ("send-message", json!({"roomId": room, "content": "ok", "nonce": nul})),
        ("typing", json!({"roomId": room, "isTyping": true, "x": nul})),
    ] {
        let ack = tab.ack(event, payload).await;
        assert_eq!((ack["ok"].as_bool(), ack["code"].as_str()), (Some(false), Some("invalid_characters")), "{event}");
    }
    tab.close().await;
    assert!(server.list(&format!("/api/messages?roomId={room}"), token, "messages").await.is_empty());
    assert_eq!(server.list("/api/rooms", token, "rooms").await.len(), 1, "no room was made");
    let note = server.list("/api/friends", friend_token, "friends").await;
    assert!(note.iter().all(|f| f["note"].as_str().is_none_or(|n| !n.contains('\0'))));
    server.stop().await;
}

/// Issue 29: slow clients cannot hold a connection for ever. A request head that never ends is closed;
/// a body trickling a few bytes a second is answered `408 request_timeout` and closed; a slow body that
/// keeps moving is taken.
#[tokio::test]
async fn a_stalled_request_head_or_body_is_cut_off_and_a_slow_one_is_not() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = TestServer::start_with(&["--request-timeout-seconds", "1"]).await;
    let (_, token) = server.register("slow").await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let room = id(&server.create_room(&token, "slow", &[]).await);

    let mut stalled_head = tokio::net::TcpStream::connect(&address).await.expect("connect");
    stalled_head.write_all(b"GET /api/health HTTP/1.1\r\nhost: woxly\r\n").await.expect("part of a head");
    let mut answer = Vec::new();
    stalled_head.read_to_end(&mut answer).await.expect("the server closes it");

    // Sends a body of `chunks` pieces of `chunk` bytes, `every` apart, and reads the answer.
    let paced = |chunk: usize, chunks: usize, every: Duration| {
        let (address, token) = (address.clone(), token.clone());
        async move {
            // The padding is a field the server ignores: only the pace matters.
            let body = format!(r#"{{"roomId": {room}, "content": "paced", "pad": "{}"}}"#, "x".repeat(chunk * chunks));
            let mut connection = tokio::net::TcpStream::connect(&address).await.expect("connect");
            let head = format!(
                "POST /api/messages HTTP/1.1\r\nhost: {address}\r\nauthorization: Bearer {token}\r\n\
                 content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            connection.write_all(head.as_bytes()).await.expect("head");
            let (mut reading, mut writing) = connection.into_split();
            let writer = tokio::spawn(async move {
                for piece in body.as_bytes().chunks(chunk) {
                    if writing.write_all(piece).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(every).await;
                }
            });
            let mut answer = Vec::new();
            reading.read_to_end(&mut answer).await.expect("an answer, then the end");
            writer.abort();
            String::from_utf8_lossy(&answer).into_owned()
        }
    };
    let trickle = paced(1, 2000, Duration::from_millis(100)).await;
    assert!(trickle.starts_with("HTTP/1.1 408") && trickle.contains("request_timeout"), "{trickle}");
    // Ten times the least pace, for three windows.
    let slow = paced(1024, 30, Duration::from_millis(100)).await;
    assert!(slow.starts_with("HTTP/1.1 201"), "a slow body that keeps moving is taken: {slow}");
    assert_eq!(server.list(&format!("/api/messages?roomId={room}"), &token, "messages").await.len(), 1);
    server.stop().await;
}
