//! Sessions and tokens (AUTH-6) on REST and on the Socket.IO handshake.

mod common;

use common::{TestServer, TestSocket, socket::Received};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The claims of a token, read without checking it (the test only re-signs them).
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("payload part");
    serde_json::from_slice(&base64url_decode(payload)).expect("claims JSON")
}

fn sign(claims: &Value, key: &[u8]) -> String {
    encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(key)).expect("sign")
}

fn base64url_decode(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut bits, mut acc, mut out) = (0u32, 0u32, Vec::new());
    for c in text.bytes() {
        let v = alphabet.iter().position(|&a| a == c).expect("base64url") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn base64url_encode(bytes: &[u8]) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

async fn handshake(server: &TestServer, token: &str) -> Result<TestSocket, String> {
    TestSocket::connect(&server.base, Some(json!({ "token": token })), None).await
}

#[tokio::test]
async fn forged_expired_unsigned_and_foreign_tokens_are_refused_on_rest_and_socket() {
    let server = TestServer::start().await;
    let (_, token) = server.register("alice").await;
    let key = std::fs::read(server.jwt_key_path()).expect("the generated key");
    let good = claims(&token);

    let mut expired = good.clone();
    expired["exp"] = json!(expired["iat"].as_i64().expect("iat") - 3600);
    let mut other_user = good.clone();
    other_user["sub"] = json!("999");
    let (header, payload, signature) = {
        let mut parts = token.split('.');
        (parts.next().expect("header"), parts.next().expect("payload"), parts.next().expect("signature"))
    };
    let tampered_payload = base64url_encode(&serde_json::to_vec(&other_user).expect("json"));
    let alg_none_header = base64url_encode(br#"{"alg":"none","typ":"JWT"}"#);

    let refused = [
        ("expired", sign(&expired, &key)),
        ("wrong key", sign(&good, b"some-other-key-some-other-key-some-other")),
        ("forged payload", format!("{header}.{tampered_payload}.{signature}")),
        ("alg none", format!("{alg_none_header}.{payload}.")),
        ("re-signed for another user", sign(&other_user, &key)),
        ("garbage", "not-a-token".to_owned()),
        ("empty", String::new()),
    ];
    for (what, bad) in &refused {
        let reply = server.get("/api/users/me", Some(bad)).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{what} on REST");
        assert_eq!(handshake(&server, bad).await.err().as_deref(), Some("unauthorized"), "{what} on the socket");
    }
    // The good token still works both ways, so the refusals above were about the tokens.
    assert_eq!(server.get("/api/users/me", Some(&token)).await.status, StatusCode::OK);
    handshake(&server, &token).await.expect("the real token connects").close().await;
}

#[tokio::test]
async fn a_handshake_without_a_token_gets_unauthorized_and_nothing_else() {
    let server = TestServer::start().await;
    for auth in [None, Some(json!({})), Some(json!({"token": 42})), Some(json!("just a string"))] {
        let result = TestSocket::connect(&server.base, auth.clone(), None).await;
        assert_eq!(result.err().as_deref(), Some("unauthorized"), "{auth:?}");
    }
    let no_header = server.get("/api/users/me", None).await;
    assert_eq!((no_header.status, no_header.code()), (StatusCode::UNAUTHORIZED, "unauthorized"));
}

#[tokio::test]
async fn logout_refuses_the_token_at_once_and_closes_that_sessions_sockets_only() {
    let server = TestServer::start().await;
    let (_, first_session) = server.register("bob").await;
    let login = server.post("/api/auth/login", json!({"login": "bob", "password": "password123"}), None).await;
    let second_session = login.body["token"].as_str().expect("token").to_owned();

    let mut doomed = server.socket(&first_session).await;
    let mut survivor = server.socket(&second_session).await;

    let logout = server.post("/api/auth/logout", json!({}), Some(&first_session)).await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    doomed.expect_closed().await;

    let after = server.get("/api/users/me", Some(&first_session)).await;
    assert_eq!((after.status, after.code()), (StatusCode::UNAUTHORIZED, "unauthorized"));
    assert_eq!(handshake(&server, &first_session).await.err().as_deref(), Some("unauthorized"));
    let again = server.post("/api/auth/logout", json!({}), Some(&first_session)).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);

    // The other session is untouched: its token works and its socket stayed open.
    assert_eq!(server.get("/api/users/me", Some(&second_session)).await.status, StatusCode::OK);
    assert!(!survivor.drain().iter().any(|r| matches!(r, Received::Closed | Received::Error(_))));
    server.wait_for_status(&second_session, "online").await;
    survivor.close().await;
}

/// Signs `name` in again with a browser's User-Agent; the new session's token.
async fn sign_in_from_chrome(server: &TestServer, name: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.url("/api/auth/login"))
        .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36")
        .json(&json!({"login": name, "password": password}))
        .send()
        .await
        .expect("sent")
}

async fn token_of(response: reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<Value>().await.expect("json")["token"].as_str().expect("token").to_owned()
}

/// AUTH-9: my sessions with their device and address; signing one out, or all the others, closes
/// their sockets at once; nobody can sign out a session of someone else's.
#[tokio::test]
async fn sessions_are_listed_with_their_device_and_signed_out_one_by_one_or_all_but_this_one() {
    let server = TestServer::start().await;
    let (_, first) = server.register("anna").await;
    let (_, boris) = server.register("boris").await;
    let second = token_of(sign_in_from_chrome(&server, "anna", "password123").await).await;
    let mut second_tab = server.socket(&second).await;

    let listed = server.list("/api/auth/sessions", &first, "sessions").await;
    assert_eq!(listed.len(), 2);
    let [newest, mine] = [&listed[0], &listed[1]];
    assert_eq!((newest["device"].as_str(), newest["current"].as_bool()), (Some("Chrome on Linux"), Some(false)));
    assert_eq!((mine["current"].as_bool(), mine["address"].as_str()), (Some(true), Some("127.0.0.1")));
    assert!(newest["lastSeenAt"].is_string() && newest["createdAt"].is_string());

    // Boris cannot see or sign out Anna's sessions.
    let path = format!("/api/auth/sessions/{}", newest["id"].as_str().expect("id"));
    assert_eq!(server.call(reqwest::Method::DELETE, &path, None, Some(&boris)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(server.list("/api/auth/sessions", &boris, "sessions").await.len(), 1);
    assert_eq!(server.get("/api/users/me", Some(&second)).await.status, StatusCode::OK);

    assert_eq!(server.call(reqwest::Method::DELETE, &path, None, Some(&first)).await.status, StatusCode::NO_CONTENT);
    second_tab.expect_closed().await;
    assert_eq!(server.get("/api/users/me", Some(&second)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(server.call(reqwest::Method::DELETE, &path, None, Some(&first)).await.status, StatusCode::NOT_FOUND);

    let third = token_of(sign_in_from_chrome(&server, "anna", "password123").await).await;
    let fourth = token_of(sign_in_from_chrome(&server, "anna", "password123").await).await;
    let mut fourth_tab = server.socket(&fourth).await;
    let others = server.post("/api/auth/sessions/sign-out-others", json!({}), Some(&third)).await;
    assert_eq!(others.status, StatusCode::NO_CONTENT);
    fourth_tab.expect_closed().await;
    for (token, status) in
        [(&first, StatusCode::UNAUTHORIZED), (&fourth, StatusCode::UNAUTHORIZED), (&third, StatusCode::OK)]
    {
        assert_eq!(server.get("/api/users/me", Some(token)).await.status, status);
    }
    assert_eq!(server.list("/api/auth/sessions", &third, "sessions").await.len(), 1);
}

/// AUTH-9: a new password needs the current one, and signs every other session out.
#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_signs_the_others_out() {
    let server = TestServer::start().await;
    let (_, here) = server.register("anna").await;
    let elsewhere = token_of(sign_in_from_chrome(&server, "anna", "password123").await).await;
    let change = |current: &str, new: &str| {
        server.post("/api/auth/password", json!({"currentPassword": current, "newPassword": new}), Some(&here))
    };
    let wrong = change("not it at all", "a new password").await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::BAD_REQUEST, "wrong_password"));
    let short = change("password123", "short").await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    let missing = server.post("/api/auth/password", json!({"newPassword": "a new password"}), Some(&here)).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(server.get("/api/users/me", Some(&elsewhere)).await.status, StatusCode::OK, "nothing changed yet");

    assert_eq!(change("password123", "a new password").await.status, StatusCode::NO_CONTENT);
    assert_eq!(server.get("/api/users/me", Some(&elsewhere)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(server.get("/api/users/me", Some(&here)).await.status, StatusCode::OK);
    assert_eq!(sign_in_from_chrome(&server, "anna", "password123").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in_from_chrome(&server, "anna", "a new password").await.status(), StatusCode::OK);
}
