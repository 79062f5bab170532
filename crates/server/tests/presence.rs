//! Presence from connections (STATUS-2, STATUS-3): online while any connection is open, offline when
//! the last one closes, nobody left online after a restart.

mod common;

use common::TestServer;
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
    let user_id = user["id"].as_i64().expect("id");
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
