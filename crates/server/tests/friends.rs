//! Friends over real HTTP and several real Socket.IO clients (FRIEND-1…FRIEND-7, NOTIF-1, NOTIF-3,
//! SYNC-1), on SQLite or PostgreSQL.

mod common;

use common::{TestServer, id, ids, names};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use woxly_protocol::events::ServerEvent;

async fn search(server: &TestServer, token: &str, q: &str) -> Vec<Value> {
    server.list(&format!("/api/users/search?q={}", urlencode(q)), token, "users").await
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

async fn friends_of(server: &TestServer, token: &str) -> Vec<Value> {
    server.list("/api/friends", token, "friends").await
}

async fn requests_of(server: &TestServer, token: &str) -> Value {
    let reply = server.get("/api/friends/requests", Some(token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn search_finds_by_name_fragment_or_exact_woxly_id_and_never_the_searcher() {
    let server = TestServer::start().await;
    let (me, token) = server.register("searcher").await;
    let (ivan, _) = server.register("Иван").await;
    server.register("ИВАНОВ").await;
    server.register("a_b").await;
    server.register("axb").await;
    for n in 0..25 {
        server.register(&format!("many{n}")).await;
    }

    assert_eq!(names(&search(&server, &token, "иВа").await), ["Иван", "ИВАНОВ"], "Cyrillic ignores letter case");
    let woxly_id = ivan["woxlyId"].as_str().expect("woxlyId");
    let by_id = search(&server, &token, &woxly_id.to_lowercase()).await;
    assert_eq!(by_id.first().map(|u| u["id"].clone()), Some(ivan["id"].clone()), "wx1234 finds WX1234 first");
    assert_eq!(names(&search(&server, &token, "a_b").await), ["a_b"], "'_' is matched literally");
    assert!(search(&server, &token, "a%").await.is_empty(), "'%' is matched literally");
    assert!(search(&server, &token, "%%").await.is_empty(), "'%' is matched literally");
    assert_eq!(search(&server, &token, "many").await.len(), 20, "at most 20 results");
    assert!(search(&server, &token, "searcher").await.is_empty(), "never the searcher");
    assert!(search(&server, &token, &me["woxlyId"].as_str().expect("id").to_lowercase()).await.is_empty());

    for short in ["a", "я", " a ", ""] {
        let reply = server.get(&format!("/api/users/search?q={}", urlencode(short)), Some(&token)).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, "query_too_short"), "{short:?}");
    }
    let hit = &search(&server, &token, "Иван").await[0];
    assert_eq!((hit["isFriend"].as_bool(), hit["requestPending"].as_bool()), (Some(false), Some(false)));
    assert!(hit.get("email").is_none(), "search never shows someone else's email");
    assert_eq!(server.get("/api/users/search?q=ab", None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_whole_request_flow_reaches_both_sides_tabs_and_nobody_else() {
    let server = TestServer::start().await;
    let (a, a_token) = server.register("alice").await;
    let (b, b_token) = server.register("bob").await;
    let (_, c_token) = server.register("carol").await;
    let mut a_tab = server.socket(&a_token).await;
    let mut b_tab1 = server.socket(&b_token).await;
    let mut b_tab2 = server.socket(&b_token).await;
    let mut c_tab = server.socket(&c_token).await;

    // A asks B by WOXLY ID, in lower case.
    let woxly_id = b["woxlyId"].as_str().expect("woxlyId").to_lowercase();
    let sent = server.post("/api/friends/add", json!({"woxlyId": woxly_id}), Some(&a_token)).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let request = &sent.body["request"];
    assert_eq!((request["from"]["id"].clone(), request["to"]["id"].clone()), (a["id"].clone(), b["id"].clone()));
    for tab in [&mut b_tab1, &mut b_tab2] {
        let event = tab.expect_event("friend-request").await;
        assert_eq!(event["request"]["id"], request["id"]);
        assert_eq!(event["from"]["username"], "alice");
        let notification = tab.expect_event("notification").await;
        assert_eq!(
            (notification["type"].as_str(), notification["isRead"].as_bool()),
            (Some("friend-request"), Some(false))
        );
        assert_eq!(notification["from"]["id"], a["id"]);
    }
    assert_eq!(search(&server, &a_token, "bob").await[0]["requestPending"], true);
    assert_eq!(search(&server, &b_token, "alice").await[0]["requestPending"], true);
    let pending = requests_of(&server, &b_token).await;
    assert_eq!(pending["incoming"][0]["from"]["username"], "alice");
    assert_eq!(requests_of(&server, &a_token).await["outgoing"][0]["to"]["username"], "bob");

    // B accepts: both sides' tabs hear `friend-added` with the other as the friend.
    let request_id = request["id"].as_i64().expect("id");
    let accepted = server.post(&format!("/api/friends/requests/{request_id}/accept"), json!({}), Some(&b_token)).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert_eq!(accepted.body["friend"]["username"], "alice");
    assert_eq!(a_tab.expect_event("friend-added").await["friend"]["username"], "bob");
    for tab in [&mut b_tab1, &mut b_tab2] {
        assert_eq!(tab.expect_event("friend-added").await["friend"]["username"], "alice");
    }
    assert_eq!(names(&friends_of(&server, &a_token).await), ["bob"]);
    assert_eq!(names(&friends_of(&server, &b_token).await), ["alice"]);
    assert!(server.unread(&b_token).await.is_empty(), "an answered request is no longer unread");
    let pending = requests_of(&server, &b_token).await;
    assert_eq!(
        (pending["incoming"].as_array().map(Vec::len), pending["outgoing"].as_array().map(Vec::len)),
        (Some(0), Some(0))
    );
    assert_eq!(search(&server, &a_token, "bob").await[0]["isFriend"], true);

    // A removes B: both sides hear it.
    let removed = server.call(Method::DELETE, &format!("/api/friends/{}", id(&b)), None, Some(&a_token)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(a_tab.expect_event("friend-removed").await["userId"], b["id"]);
    for tab in [&mut b_tab1, &mut b_tab2] {
        assert_eq!(tab.expect_event("friend-removed").await["userId"], a["id"]);
    }
    assert!(friends_of(&server, &b_token).await.is_empty());

    // C, connected all along, heard none of it.
    c_tab.assert_quiet().await;
    for tab in [a_tab, b_tab1, b_tab2, c_tab] {
        tab.close().await;
    }
}

#[tokio::test]
async fn asking_someone_who_already_asked_you_accepts_their_request() {
    let server = TestServer::start().await;
    let (a, a_token) = server.register("alice").await;
    let (b, b_token) = server.register("bob").await;
    let mut a_tab = server.socket(&a_token).await;
    let first = server.post("/api/friends/add", json!({"userId": id(&b)}), Some(&a_token)).await;
    assert_eq!(first.status, StatusCode::CREATED);

    let second = server.post("/api/friends/add", json!({"userId": id(&a)}), Some(&b_token)).await;
    assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
    assert_eq!(second.body["friend"]["username"], "alice");
    assert_eq!(a_tab.expect_event("friend-added").await["friend"]["username"], "bob");
    assert_eq!(names(&friends_of(&server, &a_token).await), ["bob"]);
    a_tab.close().await;
}

#[tokio::test]
async fn refused_requests_have_their_own_codes_and_change_nothing() {
    let server = TestServer::start().await;
    let (a, a_token) = server.register("alice").await;
    let (b, b_token) = server.register("bob").await;
    let (_, c_token) = server.register("carol").await;
    let (d, d_token) = server.register("dave").await;
    let mut b_tab = server.socket(&b_token).await;
    let sent = server.post("/api/friends/add", json!({"userId": id(&b)}), Some(&a_token)).await;
    let request_id = sent.body["request"]["id"].as_i64().expect("id");
    b_tab.expect_event("friend-request").await;
    b_tab.expect_event("notification").await;
    server.befriend(&a_token, &d, &d_token).await;

    let cases = [
        ("duplicate request", json!({"userId": id(&b)}), StatusCode::CONFLICT, "request_already_sent"),
        ("request to self", json!({"userId": id(&a)}), StatusCode::BAD_REQUEST, "cannot_add_self"),
        ("own WOXLY ID", json!({"woxlyId": a["woxlyId"]}), StatusCode::BAD_REQUEST, "cannot_add_self"),
        ("unknown user id", json!({"userId": 999_999}), StatusCode::NOT_FOUND, "user_not_found"),
        ("unknown WOXLY ID", json!({"woxlyId": "WX000000"}), StatusCode::NOT_FOUND, "user_not_found"),
        ("malformed WOXLY ID", json!({"woxlyId": "nope"}), StatusCode::NOT_FOUND, "user_not_found"),
        ("already friends", json!({"userId": id(&d)}), StatusCode::CONFLICT, "already_friends"),
        ("no target", json!({}), StatusCode::BAD_REQUEST, "missing_target"),
        ("wrong type", json!({"userId": "two"}), StatusCode::BAD_REQUEST, "invalid_body"),
    ];
    for (what, body, status, code) in cases {
        let reply = server.post("/api/friends/add", body, Some(&a_token)).await;
        assert_eq!((reply.status, reply.code()), (status, code), "{what}: {:?}", reply.body);
    }
    // Someone else's request: C may neither accept nor decline A's request to B, nor may A (the sender).
    for (who, token) in [("carol", &c_token), ("the sender", &a_token)] {
        for action in ["accept", "decline"] {
            let reply =
                server.post(&format!("/api/friends/requests/{request_id}/{action}"), json!({}), Some(token)).await;
            assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"), "{who} {action}");
        }
    }
    for path in ["/api/friends/requests/424242/accept", "/api/friends/requests/abc/accept"] {
        assert_eq!(server.post(path, json!({}), Some(&b_token)).await.status, StatusCode::NOT_FOUND, "{path}");
    }

    // Nothing changed: B still has exactly A's one request, C has no friends, and B heard nothing more.
    let pending = requests_of(&server, &b_token).await;
    assert_eq!(pending["incoming"].as_array().map(Vec::len), Some(1));
    assert!(friends_of(&server, &c_token).await.is_empty());
    assert_eq!(names(&friends_of(&server, &a_token).await), ["dave"]);
    b_tab.assert_quiet().await;

    // Declining removes the request silently; the sender may ask again.
    let declined = server.post(&format!("/api/friends/requests/{request_id}/decline"), json!({}), Some(&b_token)).await;
    assert_eq!(declined.status, StatusCode::NO_CONTENT);
    assert_eq!(requests_of(&server, &a_token).await["outgoing"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        server.post("/api/friends/add", json!({"userId": id(&b)}), Some(&a_token)).await.status,
        StatusCode::CREATED
    );
    b_tab.close().await;
}

#[tokio::test]
async fn the_friends_list_is_sorted_by_status_then_name_and_notes_are_private() {
    let server = TestServer::start().await;
    let (_, me) = server.register("me").await;
    let mut tokens = Vec::new();
    for name in ["zoe", "Борис", "anna", "Ёжик", "mike"] {
        let (user, token) = server.register(name).await;
        server.befriend(&me, &user, &token).await;
        tokens.push((name, user, token));
    }
    let mut tabs = Vec::new();
    for (name, _, token) in &tokens {
        if ["zoe", "mike", "Ёжик"].contains(name) {
            tabs.push(server.socket(token).await);
            server.wait_for_status(token, "online").await;
        }
    }
    for (token, status) in [(&tokens[4].2, "busy"), (&tokens[3].2, "away")] {
        let reply = server.call(Method::PATCH, "/api/users/me", Some(json!({ "status": status })), Some(token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    }

    let friends = friends_of(&server, &me).await;
    assert_eq!(names(&friends), ["zoe", "mike", "Ёжик", "anna", "Борис"], "online, busy, away, offline; then by name");
    assert_eq!(
        friends.iter().map(|f| f["status"].as_str().unwrap_or_default()).collect::<Vec<_>>(),
        ["online", "busy", "away", "offline", "offline"]
    );
    assert!(friends.iter().all(|f| f["createdAt"].is_string() && f["note"] == "" && f.get("email").is_none()));

    let anna = &tokens[2];
    let path = format!("/api/friends/{}/note", id(&anna.1));
    let noted = server.call(Method::PUT, &path, Some(json!({"note": "met at the climbing gym 🧗"})), Some(&me)).await;
    assert_eq!(noted.status, StatusCode::OK, "{:?}", noted.body);
    assert_eq!(noted.body["friend"]["note"], "met at the climbing gym 🧗");
    let too_long = server.call(Method::PUT, &path, Some(json!({"note": "я".repeat(501)})), Some(&me)).await;
    assert_eq!((too_long.status, too_long.code()), (StatusCode::BAD_REQUEST, "note_too_long"));
    let just_right = server.call(Method::PUT, &path, Some(json!({"note": "я".repeat(500)})), Some(&me)).await;
    assert_eq!(just_right.status, StatusCode::OK);
    assert!(friends_of(&server, &anna.2).await.iter().all(|f| f["note"] == ""), "the note is private to its writer");
    let (_, stranger) = server.register("stranger").await;
    let not_friend = server.call(Method::PUT, &path, Some(json!({"note": "x"})), Some(&stranger)).await;
    assert_eq!((not_friend.status, not_friend.code()), (StatusCode::NOT_FOUND, "not_found"));
    let not_friend = server.call(Method::DELETE, &format!("/api/friends/{}", id(&anna.1)), None, Some(&stranger)).await;
    assert_eq!(not_friend.status, StatusCode::NOT_FOUND);
    for tab in tabs {
        tab.close().await;
    }
}

/// FRIEND-6: blocking unfriends at once (both hear it), and from then on the blocked one cannot send
/// a request — it answers as if the blocker did not exist — nor find them; the blocker is told to
/// unblock first. Unblocking lifts it. Bad input changes nothing.
#[tokio::test]
async fn a_blocked_user_is_unfriended_and_cannot_find_or_ask_the_blocker_again() {
    let server = TestServer::start().await;
    let [(anna, anna_token), (boris, boris_token)] =
        <[(Value, String); 2]>::try_from(server.register_all(&["anna", "boris"]).await).expect("two");
    server.befriend(&anna_token, &boris, &boris_token).await;
    let opened = server.post(&format!("/api/direct/{}", id(&boris)), json!({}), Some(&anna_token)).await;
    let conversation_id = id(&opened.body["room"]);
    let mut boris_tab = server.socket(&boris_token).await;
    let block =
        async |who: i64| server.call(Method::PUT, &format!("/api/users/{who}/block"), None, Some(&anna_token)).await;

    let myself = block(id(&anna)).await;
    assert_eq!((myself.status, myself.code()), (StatusCode::BAD_REQUEST, "cannot_block_self"));
    let nobody = block(999_999).await;
    assert_eq!((nobody.status, nobody.code()), (StatusCode::NOT_FOUND, "user_not_found"));
    assert!(server.list("/api/users/blocked", &anna_token, "users").await.is_empty(), "nothing changed");

    assert_eq!(block(id(&boris)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(boris_tab.skip_to("friend-removed").await["userId"], id(&anna));
    assert!(server.list("/api/friends", &anna_token, "friends").await.is_empty());
    assert!(server.list("/api/friends", &boris_token, "friends").await.is_empty());
    assert_eq!(ids(&server.list("/api/users/blocked", &anna_token, "users").await), vec![id(&boris)]);
    assert_eq!(block(id(&boris)).await.status, StatusCode::NO_CONTENT, "blocking again changes nothing");

    // To Boris, Anna is not there: not by id, not by WOXLY ID, not in search.
    for body in [json!({"userId": id(&anna)}), json!({"woxlyId": anna["woxlyId"]})] {
        let asked = server.post("/api/friends/add", body, Some(&boris_token)).await;
        assert_eq!((asked.status, asked.code()), (StatusCode::NOT_FOUND, "user_not_found"));
    }
    let found = server.get("/api/users/search?q=anna", Some(&boris_token)).await;
    assert_eq!(found.body["users"], json!([]));
    let direct = server.post(&format!("/api/direct/{}", id(&anna)), json!({}), Some(&boris_token)).await;
    assert!(direct.status.is_client_error(), "{:?}", direct.body);
    // Anna is told why she cannot add Boris.
    let mine = server.post("/api/friends/add", json!({"userId": id(&boris)}), Some(&anna_token)).await;
    assert_eq!((mine.status, mine.code()), (StatusCode::CONFLICT, "user_blocked"));

    // In a room they share, Anna shows offline to Boris (and online to anyone else).
    let (carl, carl_token) = server.register("carl").await;
    server.befriend(&anna_token, &carl, &carl_token).await;
    let room = id(&server.create_room(&anna_token, "shared", &[&carl]).await);
    let _annas_tab = server.socket(&anna_token).await;
    server.wait_for_status(&anna_token, "online").await;
    server.befriend(&carl_token, &boris, &boris_token).await;
    let carl_in = server.post(&format!("/api/rooms/{room}/join"), json!({}), Some(&carl_token)).await;
    assert_eq!(carl_in.status, StatusCode::OK, "{:?}", carl_in.body);
    let invited =
        server.post(&format!("/api/rooms/{room}/invite"), json!({"userIds": [id(&boris)]}), Some(&carl_token)).await;
    assert_eq!(invited.status, StatusCode::OK, "{:?}", invited.body);
    let joined = server.post(&format!("/api/rooms/{room}/join"), json!({}), Some(&boris_token)).await;
    assert_eq!(joined.status, StatusCode::OK, "{:?}", joined.body);
    let status_of_anna = |body: &Value| {
        let list = body["participants"].as_array().expect("participants").clone();
        list.into_iter().find(|p| p["id"] == anna["id"]).expect("anna")["status"].clone()
    };
    assert_eq!(status_of_anna(&joined.body), "offline");
    let seen_by_carl = server.get(&format!("/api/rooms/{room}"), Some(&carl_token)).await;
    assert_eq!(status_of_anna(&seen_by_carl.body), "online");
    // So does she in his list of conversations, as in the conversation itself.
    let boris_rooms = server.list("/api/rooms", &boris_token, "rooms").await;
    let conversation = boris_rooms.iter().find(|r| r["id"] == conversation_id).expect("the conversation");
    assert_eq!(conversation["peer"]["status"], "offline");

    let unblock =
        async |who: i64| server.call(Method::DELETE, &format!("/api/users/{who}/block"), None, Some(&anna_token)).await;
    assert_eq!(unblock(id(&boris)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(unblock(id(&boris)).await.status, StatusCode::NOT_FOUND);
    assert!(server.list("/api/users/blocked", &anna_token, "users").await.is_empty());
    let asked = server.post("/api/friends/add", json!({"userId": id(&anna)}), Some(&boris_token)).await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);
}

/// FRIEND-5: a note is told to its writer's tabs (as they show it), and to nobody else.
#[tokio::test]
async fn a_note_reaches_the_writers_other_tabs_and_nobody_else() {
    let server = TestServer::start().await;
    let people = server.register_all(&["writer", "anna"]).await;
    server.befriend(&people[0].1, &people[1].0, &people[1].1).await;
    let mut tabs = server.settled_tabs(&people).await;
    let path = format!("/api/friends/{}/note", id(&people[1].0));
    let noted =
        server.call(Method::PUT, &path, Some(json!({"note": "climbing on Thursdays"})), Some(&people[0].1)).await;
    assert_eq!(noted.status, StatusCode::OK, "{:?}", noted.body);
    let ServerEvent::FriendNoteChanged(told) = tabs[0].expect_typed("friend-note-changed").await else {
        unreachable!("expect_typed reads the named event")
    };
    assert_eq!((told.friend.user.id, told.friend.note.as_str()), (id(&people[1].0), "climbing on Thursdays"));
    tabs[1].assert_quiet().await;
    server.stop().await;
}

#[tokio::test]
async fn each_person_chooses_who_may_ask_them_and_who_finds_them() {
    let server = TestServer::start().await;
    let (zoe, zoe_token) = server.register("zoe").await;
    let (mutual, mutual_token) = server.register("mutual").await;
    let (_, near_token) = server.register("near").await;
    let (far, far_token) = server.register("far").await;
    server.befriend(&zoe_token, &mutual, &mutual_token).await;
    server.befriend(&near_token, &mutual, &mutual_token).await;
    let privacy = |body: Value| server.call(Method::PUT, "/api/users/me/privacy", Some(body), Some(&zoe_token));

    let before = server.get("/api/users/me/privacy", Some(&zoe_token)).await;
    assert_eq!(before.body, json!({"friendRequests": "everyone", "findableBy": "everyone"}), "open by default");

    // Friends of friends: near (a friend of mutual's) finds and may ask; far neither.
    let chosen = privacy(json!({"friendRequests": "friendsOfFriends", "findableBy": "friendsOfFriends"})).await;
    assert_eq!(chosen.body, json!({"friendRequests": "friendsOfFriends", "findableBy": "friendsOfFriends"}));
    let zoe_id = zoe["woxlyId"].as_str().expect("woxlyId").to_lowercase();
    assert_eq!(names(&search(&server, &far_token, "zoe").await), Vec::<String>::new(), "far does not find her");
    assert!(search(&server, &far_token, &zoe_id).await.is_empty(), "nor by her WOXLY ID");
    assert_eq!(names(&search(&server, &near_token, "zoe").await), ["zoe"]);
    assert_eq!(names(&search(&server, &mutual_token, "zoe").await), ["zoe"], "a friend always finds her");
    let closed = server.post("/api/friends/add", json!({"woxlyId": zoe_id}), Some(&far_token)).await;
    assert_eq!((closed.status, closed.code()), (StatusCode::CONFLICT, "friend_requests_closed"));
    assert!(requests_of(&server, &zoe_token).await["incoming"].as_array().expect("incoming").is_empty());
    let asked = server.post("/api/friends/add", json!({"userId": id(&zoe)}), Some(&near_token)).await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);

    // Nobody: a request is refused, but one she sent herself can be answered; what is left out of a
    // change stays as it was.
    let nobody = privacy(json!({"friendRequests": "nobody"})).await;
    assert_eq!(nobody.body, json!({"friendRequests": "nobody", "findableBy": "friendsOfFriends"}));
    let refused = server.post("/api/friends/add", json!({"userId": id(&zoe)}), Some(&far_token)).await;
    assert_eq!(refused.code(), "friend_requests_closed");
    let mine = server.post("/api/friends/add", json!({"userId": id(&far)}), Some(&zoe_token)).await;
    assert_eq!(mine.status, StatusCode::CREATED, "{:?}", mine.body);
    let answered = server.post("/api/friends/add", json!({"userId": id(&zoe)}), Some(&far_token)).await;
    assert_eq!(answered.status, StatusCode::OK, "her own request is answered: {:?}", answered.body);

    let hidden = privacy(json!({"findableBy": "nobody"})).await;
    assert_eq!(hidden.body["findableBy"], "nobody");
    assert!(search(&server, &near_token, "zoe").await.is_empty(), "nobody finds her");
    assert_eq!(names(&search(&server, &far_token, "zoe").await), ["zoe"], "but her friends do");

    for bad in [json!({"friendRequests": "all"}), json!({"findableBy": "friends"}), json!("nobody")] {
        let reply = privacy(bad.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}: {:?}", reply.body);
    }
    assert_eq!(server.get("/api/users/me/privacy", Some(&zoe_token)).await.body["friendRequests"], "nobody");
}
