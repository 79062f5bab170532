//! Presence from connections (STATUS-2, STATUS-3): online while any connection is open, offline when
//! the last one closes, nobody left online after a restart.

mod common;

use common::{TestServer, id};
use reqwest::{Method, StatusCode};
use serde_json::json;
use woxly_domain::{model::Status, store::Users};
use woxly_store::SqlStore;

#[tokio::test]
async fn a_user_goes_offline_only_when_their_last_connection_closes() {
    let server = TestServer::start().await;
    let (user, token) = server.register("tabs").await;
    assert_eq!(user["status"], "offline", "registering is not connecting");

    let first_tab = server.socket(&token).await;
    server.wait_for_status(&token, "online").await;
    let second_tab = server.socket(&token).await;

    first_tab.close().await;
    server.assert_status_stays(&token, "online").await;

    second_tab.close().await;
    server.wait_for_status(&token, "offline").await;
}

#[tokio::test]
async fn the_first_event_right_after_connecting_is_always_answered() {
    let server = TestServer::start().await;
    let (_, token) = server.register("eager").await;
    // Twenty connections, each sending its status the moment it is connected, as the seed's client does.
    let tabs = futures_util::future::join_all((0..20).map(|_| server.socket(&token))).await;
    let acks =
        futures_util::future::join_all(tabs.iter().map(|tab| tab.ack("status-change", json!({"status": "online"}))))
            .await;
    assert!(acks.iter().all(|ack| ack["ok"] == true), "{acks:?}");
    for tab in tabs {
        tab.close().await;
    }
    server.wait_for_status(&token, "offline").await;
}

#[tokio::test]
async fn a_chosen_status_needs_a_connection_and_survives_a_second_tab() {
    let server = TestServer::start().await;
    let (_, token) = server.register("chooser").await;
    let choose = |status: &'static str| {
        server.call(
            Method::PATCH,
            "/api/users/me",
            Some(json!({"status": status, "username": "renamed"})),
            Some(&token),
        )
    };

    let refused = choose("busy").await;
    assert_eq!((refused.status, refused.code()), (StatusCode::CONFLICT, "not_connected"));
    assert_eq!(server.me(&token).await["username"], "chooser", "a refused request changed nothing");

    let tab = server.socket(&token).await;
    server.wait_for_status(&token, "online").await;
    let chosen = choose("busy").await;
    assert_eq!(chosen.status, StatusCode::OK, "{:?}", chosen.body);
    assert_eq!(
        (chosen.body["user"]["status"].as_str(), chosen.body["user"]["username"].as_str()),
        (Some("busy"), Some("renamed"))
    );

    let another_tab = server.socket(&token).await;
    assert_eq!(server.me(&token).await["status"], "busy", "opening a tab does not reset the choice");
    another_tab.close().await;
    tab.close().await;
    server.wait_for_status(&token, "offline").await;
}

#[tokio::test]
async fn nobody_is_left_online_after_a_restart() {
    let mut server = TestServer::start().await;
    let (user, token) = server.register("crashy").await;
    let _tab = server.socket(&token).await;
    server.wait_for_status(&token, "online").await;

    // A crash leaves the stored status behind; reproduce that state while the server is down.
    let user_id = id(&user);
    server.restart().await;
    let store = SqlStore::connect(&server.db.url).await.expect("store");
    store.set_status(user_id, Status::Online).await.expect("leave a stale online status");
    store.close().await;
    server.restart().await;

    assert_eq!(server.me(&token).await["status"], "offline");
    let tab = server.socket(&token).await;
    server.wait_for_status(&token, "online").await;
    tab.close().await;
}

#[tokio::test]
async fn status_changes_reach_every_tab_of_every_friend_and_nobody_else() {
    let server = TestServer::start().await;
    let (a, a_token) = server.register("alice").await;
    let (b, b_token) = server.register("bob").await;
    let (_, d_token) = server.register("dora").await;
    let (_, c_token) = server.register("carol").await;
    server.befriend(&a_token, &b, &b_token).await;
    server.befriend(&d_token, &a, &a_token).await;
    let mut b_tabs = [server.socket(&b_token).await, server.socket(&b_token).await];
    let mut d_tab = server.socket(&d_token).await;
    let mut c_tab = server.socket(&c_token).await;
    // B and D are online before A connects, so A coming online is the first thing their tabs hear.
    server.wait_for_status(&d_token, "online").await;

    let expect_everywhere =
        async |b_tabs: &mut [common::TestSocket; 2], d_tab: &mut common::TestSocket, status: &str| {
            for tab in b_tabs.iter_mut().chain([d_tab]) {
                let event = tab.expect_event("friend-status-changed").await;
                assert_eq!((event["userId"].clone(), event["status"].as_str()), (a["id"].clone(), Some(status)));
            }
        };
    let a_tab1 = server.socket(&a_token).await;
    expect_everywhere(&mut b_tabs, &mut d_tab, "online").await;

    let ack = a_tab1.ack("status-change", json!({"status": "busy"})).await;
    assert_eq!((ack["ok"].as_bool(), ack["status"].as_str()), (Some(true), Some("busy")));
    expect_everywhere(&mut b_tabs, &mut d_tab, "busy").await;
    assert_eq!(server.me(&a_token).await["status"], "busy");
    let found = server.get("/api/users/search?q=alice", Some(&c_token)).await;
    assert_eq!(found.body["users"][0]["status"], "busy", "search results show the live status");
    let listed = server.get("/api/friends", Some(&b_token)).await;
    assert_eq!(listed.body["friends"][0]["status"], "busy", "the friends list shows the live status");

    let patched = server.call(Method::PATCH, "/api/users/me", Some(json!({"status": "away"})), Some(&a_token)).await;
    assert_eq!(patched.status, StatusCode::OK);
    expect_everywhere(&mut b_tabs, &mut d_tab, "away").await;

    // Refused changes change nothing and tell nobody.
    let refused = a_tab1.ack("status-change", json!({"status": "offline"})).await;
    assert_eq!((refused["ok"].as_bool(), refused["code"].as_str()), (Some(false), Some("invalid_status")));
    let malformed = a_tab1.ack("status-change", json!("busy")).await;
    assert_eq!((malformed["ok"].as_bool(), malformed["code"].as_str()), (Some(false), Some("invalid_payload")));
    assert_eq!(server.me(&a_token).await["status"], "away");

    // A second tab opening and closing says nothing; the last tab closing says offline.
    let a_tab2 = server.socket(&a_token).await;
    a_tab2.close().await;
    server.assert_status_stays(&a_token, "away").await;
    for tab in b_tabs.iter_mut().chain([&mut d_tab]) {
        tab.assert_quiet().await;
    }
    a_tab1.close().await;
    expect_everywhere(&mut b_tabs, &mut d_tab, "offline").await;

    // Carol, a stranger who was connected throughout, heard nothing of it.
    c_tab.assert_quiet().await;
    for tab in b_tabs.into_iter().chain([d_tab, c_tab]) {
        tab.close().await;
    }
}
