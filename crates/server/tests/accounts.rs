//! Accounts over real HTTP (AUTH-1…AUTH-5, AUTH-7, AUTH-10), on SQLite or PostgreSQL.

mod common;

use std::collections::HashSet;

use common::{TestServer, id};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn registration(username: &str, email: &str, password: &str) -> serde_json::Value {
    json!({"username": username, "email": email, "password": password})
}

#[tokio::test]
async fn registration_enforces_every_rule_of_auth_1_with_its_own_code() {
    let server = TestServer::start().await;
    let cases: &[(&str, &str, &str, &str)] = &[
        ("abcdefghijklm", "a1@x.io", "password", ""),
        ("abcdefghijklmn", "a2@x.io", "password", "username_length"),
        ("", "a3@x.io", "password", "username_length"),
        ("Ёлка.ёж_Я", "a4@x.io", "password", ""),
        ("жжжжжжжжжжжжж", "a5@x.io", "password", ""),
        ("жжжжжжжжжжжжжж", "a6@x.io", "password", "username_length"),
        ("with space", "a7@x.io", "password", "username_invalid_chars"),
        ("with-dash", "a8@x.io", "password", "username_invalid_chars"),
        ("emoji😀", "a9@x.io", "password", "username_invalid_chars"),
        ("seven", "a10@x.io", "1234567", "password_too_short"),
        ("eight", "a11@x.io", "12345678", ""),
        ("long", "a12@x.io", &"p".repeat(129), "password_too_long"),
        ("noat", "no-at.example.com", "password", "invalid_email"),
        ("nodot", "a@localhost", "password", "invalid_email"),
        ("spacemail", "a b@x.io", "password", "invalid_email"),
        ("nolocal", "@x.io", "password", "invalid_email"),
    ];
    for (username, email, password, code) in cases {
        let reply = server.post("/api/auth/register", registration(username, email, password), None).await;
        if code.is_empty() {
            assert_eq!(reply.status, StatusCode::CREATED, "{username:?}: {:?}", reply.body);
            assert_eq!(reply.body["user"]["username"], *username);
        } else {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{username:?}: {:?}", reply.body);
            assert_eq!(reply.code(), *code, "{username:?}");
            assert!(reply.body["error"].as_str().is_some_and(|e| !e.is_empty()));
            // Nothing was stored: the login named in the refused request does not exist.
            let login = server.post("/api/auth/login", json!({"login": email, "password": password}), None).await;
            assert_eq!(login.status, StatusCode::UNAUTHORIZED, "{username:?} was stored");
        }
    }
}

#[tokio::test]
async fn username_and_email_are_unique_ignoring_letter_case() {
    let server = TestServer::start().await;
    server.register("Иван").await;
    let same_name = server.post("/api/auth/register", registration("иВАН", "other@x.io", "password"), None).await;
    assert_eq!((same_name.status, same_name.code()), (StatusCode::BAD_REQUEST, "username_taken"));

    server.post("/api/auth/register", registration("petr", "Petr@X.io", "password"), None).await;
    let same_email = server.post("/api/auth/register", registration("petr2", "petr@x.IO", "password"), None).await;
    assert_eq!((same_email.status, same_email.code()), (StatusCode::BAD_REQUEST, "email_taken"));
}

#[tokio::test]
async fn of_20_concurrent_registrations_of_one_username_exactly_one_wins() {
    let server = TestServer::start().await;
    let attempts = (0..20).map(|i| {
        let name = ["racer", "Racer", "RACER", "rAcEr"][i % 4];
        server.post("/api/auth/register", registration(name, &format!("racer{i}@x.io"), "password"), None)
    });
    let replies = futures_util::future::join_all(attempts).await;
    let won = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let taken = replies.iter().filter(|r| r.status == StatusCode::BAD_REQUEST && r.code() == "username_taken").count();
    assert_eq!((won, taken), (1, 19), "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
}

#[tokio::test]
async fn five_hundred_registrations_get_distinct_well_formed_woxly_ids_that_cannot_change() {
    let server = TestServer::start().await;
    let mut ids = HashSet::new();
    let mut first_token = None;
    // In batches, so the hashing (one per core at a time) is not what the test waits on in one lump.
    for batch in 0..25 {
        let registrations = (0..20).map(|i| {
            let n = batch * 20 + i;
            server.post(
                "/api/auth/register",
                registration(&format!("user{n}"), &format!("u{n}@x.io"), "password"),
                None,
            )
        });
        for reply in futures_util::future::join_all(registrations).await {
            assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
            let id = reply.body["user"]["woxlyId"].as_str().expect("woxlyId").to_owned();
            let digits = id.strip_prefix("WX").expect("WX prefix");
            assert!((4..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()), "{id}");
            assert!(ids.insert(id.clone()), "duplicate WOXLY ID {id}");
            first_token.get_or_insert((reply.body["token"].as_str().expect("token").to_owned(), id));
        }
    }
    assert_eq!(ids.len(), 500);

    let (token, id) = first_token.expect("a registration");
    let change = server.call(Method::PATCH, "/api/users/me", Some(json!({"woxlyId": "WX0001"})), Some(&token)).await;
    assert_eq!((change.status, change.code()), (StatusCode::BAD_REQUEST, "woxly_id_immutable"));
    assert_eq!(server.me(&token).await["woxlyId"], id);
}

#[tokio::test]
async fn login_works_by_email_or_username_and_never_tells_which_part_was_wrong() {
    let server = TestServer::start().await;
    server.post("/api/auth/register", registration("Мария", "Maria@X.io", "secret-pass"), None).await;

    for body in [
        json!({"login": "мария", "password": "secret-pass"}),
        json!({"login": "maria@x.io", "password": "secret-pass"}),
        json!({"email": "MARIA@x.io", "password": "secret-pass"}),
        json!({"username": "МАРИЯ", "password": "secret-pass"}),
    ] {
        let reply = server.post("/api/auth/login", body.clone(), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{body}: {:?}", reply.body);
        assert_eq!(reply.body["user"]["username"], "Мария");
        assert_eq!(reply.body["user"]["email"], "Maria@X.io");
        let token = reply.body["token"].as_str().expect("token");
        assert_eq!(server.me(token).await["username"], "Мария");
    }

    let wrong_password =
        server.post("/api/auth/login", json!({"login": "мария", "password": "wrong-pass"}), None).await;
    let unknown_user =
        server.post("/api/auth/login", json!({"login": "nobody", "password": "secret-pass"}), None).await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!((wrong_password.status, &wrong_password.body), (unknown_user.status, &unknown_user.body));

    let no_login = server.post("/api/auth/login", json!({"password": "secret-pass"}), None).await;
    assert_eq!((no_login.status, no_login.code()), (StatusCode::BAD_REQUEST, "missing_login"));
}

#[tokio::test]
async fn the_profile_shows_the_woxly_id_and_edits_username_and_avatar() {
    let server = TestServer::start().await;
    let (user, token) = server.register("olga").await;
    let me = server.me(&token).await;
    assert_eq!(me, user);
    assert_eq!(me["email"], format!("{}@example.com", "6f6c6761"));
    assert!(me["avatarUrl"].is_null());

    let patch = |body| server.call(Method::PATCH, "/api/users/me", Some(body), Some(&token));
    let edited = patch(json!({"username": "Ольга", "avatarUrl": "https://cdn.example.com/o.png"})).await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["user"]["username"], "Ольга");
    assert_eq!(edited.body["user"]["avatarUrl"], "https://cdn.example.com/o.png");
    assert_eq!(edited.body["user"]["woxlyId"], user["woxlyId"]);

    let bad_avatar = patch(json!({"avatarUrl": "javascript:alert(1)"})).await;
    assert_eq!((bad_avatar.status, bad_avatar.code()), (StatusCode::BAD_REQUEST, "invalid_avatar_url"));
    let bad_name = patch(json!({"username": "no spaces"})).await;
    assert_eq!((bad_name.status, bad_name.code()), (StatusCode::BAD_REQUEST, "username_invalid_chars"));
    server.register("taken").await;
    let taken = patch(json!({"username": "TAKEN"})).await;
    assert_eq!((taken.status, taken.code()), (StatusCode::BAD_REQUEST, "username_taken"));
    let bad_status = patch(json!({"status": "invisible"})).await;
    assert_eq!((bad_status.status, bad_status.code()), (StatusCode::BAD_REQUEST, "invalid_status"));
    // A refused request changed nothing, not even the parts of it that were valid.
    let mixed = patch(json!({"username": "changed", "status": "invisible"})).await;
    assert_eq!(mixed.status, StatusCode::BAD_REQUEST);
    assert_eq!(server.me(&token).await["username"], "Ольга");

    let cleared = patch(json!({"avatarUrl": null})).await;
    assert!(cleared.body["user"]["avatarUrl"].is_null(), "{:?}", cleared.body);
    let login = server.post("/api/auth/login", json!({"login": "ольга", "password": "password123"}), None).await;
    assert_eq!(login.status, StatusCode::OK, "the new username logs in");
}

/// AUTH-10: deleting my account needs my password; then I am signed out everywhere, my friends and
/// rooms see me go, rooms I own are deleted, my messages stay as "deleted user", and my personal data
/// is gone from the database (the name and email can be taken again).
#[tokio::test]
async fn a_deleted_account_leaves_its_messages_as_deleted_user_and_no_personal_data() {
    let server = TestServer::start().await;
    let [(anna, anna_token), (boris, boris_token)] =
        <[(Value, String); 2]>::try_from(server.register_all(&["anna", "boris"]).await).expect("two");
    server.befriend(&anna_token, &boris, &boris_token).await;
    let annas_room = id(&server.create_room(&anna_token, "annas", &[&boris]).await);
    let boris_room = id(&server.create_room(&boris_token, "boriss", &[&anna]).await);
    let joined = server.post(&format!("/api/rooms/{boris_room}/join"), json!({}), Some(&anna_token)).await;
    assert_eq!(joined.status, StatusCode::OK);
    let said =
        server.post("/api/messages", json!({"roomId": boris_room, "content": "bye all"}), Some(&anna_token)).await;
    assert_eq!(said.status, StatusCode::CREATED);
    let direct =
        id(&server.post(&format!("/api/direct/{}", id(&boris)), json!({}), Some(&anna_token)).await.body["room"]);
    let dm = server.post("/api/messages", json!({"roomId": direct, "content": "just us"}), Some(&anna_token)).await;
    assert_eq!(dm.status, StatusCode::CREATED);
    let mut annas_tab = server.socket(&anna_token).await;
    let mut boris_tab = server.socket(&boris_token).await;

    let delete = |password: &str| {
        server.call(Method::DELETE, "/api/users/me", Some(json!({"password": password})), Some(&anna_token))
    };
    let wrong = delete("not my password").await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::BAD_REQUEST, "wrong_password"));
    assert_eq!(server.me(&anna_token).await["username"], "anna", "nothing changed");
    assert_eq!(delete("password123").await.status, StatusCode::NO_CONTENT);

    annas_tab.expect_closed().await;
    assert_eq!(server.get("/api/users/me", Some(&anna_token)).await.status, StatusCode::UNAUTHORIZED);
    let login = server.post("/api/auth/login", json!({"login": "anna", "password": "password123"}), None).await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
    assert_eq!(boris_tab.skip_to("friend-removed").await["userId"], id(&anna));
    assert!(server.list("/api/friends", &boris_token, "friends").await.is_empty());
    assert_eq!(server.get(&format!("/api/rooms/{annas_room}"), Some(&boris_token)).await.status, StatusCode::NOT_FOUND);
    let history = server.list(&format!("/api/messages?roomId={boris_room}"), &boris_token, "messages").await;
    assert_eq!(history[0]["content"], "bye all");
    assert_eq!(history[0]["sender"]["username"], "deleted user");
    assert_eq!(history[0]["sender"]["deleted"], true);
    // The direct conversation stays readable to Boris, as after unfriending, with the message intact.
    let direct_history = server.list(&format!("/api/messages?roomId={direct}"), &boris_token, "messages").await;
    assert_eq!((direct_history[0]["content"].as_str(), direct_history[0].get("deleted")), (Some("just us"), None));
    let room = server.get(&format!("/api/rooms/{boris_room}"), Some(&boris_token)).await;
    assert!(room.body["participants"].as_array().expect("participants").iter().all(|p| p["id"] != anna["id"]));
    let found = server.get("/api/users/search?q=anna", Some(&boris_token)).await;
    assert_eq!(found.body["users"], json!([]), "{:?}", found.body);
    let by_id = server.post("/api/friends/add", json!({"woxlyId": anna["woxlyId"]}), Some(&boris_token)).await;
    assert_eq!((by_id.status, by_id.code()), (StatusCode::NOT_FOUND, "user_not_found"));

    // The database keeps no name, email, password, session or request of Anna's.
    let anna_id = id(&anna);
    let personal = server
        .db
        .count(&format!(
            "SELECT COUNT(*) FROM users WHERE id = {anna_id} AND (username_key = 'anna' OR email <> '' \
             OR email_key LIKE '%@%' OR password_hash <> '-' OR avatar_url IS NOT NULL)"
        ))
        .await;
    assert_eq!(personal, 0);
    for sql in [
        format!("SELECT COUNT(*) FROM sessions WHERE user_id = {anna_id} AND revoked_at IS NULL"),
        format!("SELECT COUNT(*) FROM friendships WHERE user_id = {anna_id} OR friend_id = {anna_id}"),
        format!("SELECT COUNT(*) FROM friend_requests WHERE from_user_id = {anna_id} OR to_user_id = {anna_id}"),
        format!("SELECT COUNT(*) FROM notifications WHERE user_id = {anna_id}"),
    ] {
        assert_eq!(server.db.count(&sql).await, 0, "{sql}");
    }
    // The name and the email are free again.
    let again = server
        .post(
            "/api/auth/register",
            json!({"username": "anna", "email": anna["email"], "password": "password123"}),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{:?}", again.body);
}
