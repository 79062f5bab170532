//! The removal race (issue 28): Eve, a member, sends `join-room` and `open-room` (VOICE-1) from three tabs
//! without waiting while the owner removes her. However the two interleave, once the removal is answered none of her tabs may hear
//! the room, reach its people or show in it, and a join that raced it ends refused.
//!
//! Played on any two APIs of one server or cluster: the owner's side and Eve's side. Bob, a member whose
//! tab is on Eve's side, is the control: when he has heard something said in the room, her tabs on that
//! node would have heard it too (one delivery to the node's sockets in the room).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Api, TestSocket, id};

/// `join-room` per tab sent before the removal is asked, and after it, without waiting for answers.
const JOINS_BEFORE: usize = 4;
const JOINS_AFTER: usize = 16;
const EVES_TABS: usize = 3;

pub async fn play(owner_side: &Api, eves_side: &Api, rounds: usize) {
    let [ann, eve, bob]: [(Value, String); 3] =
        owner_side.register_all(&["ann", "eve", "bob"]).await.try_into().expect("three people");
    owner_side.befriend(&ann.1, &eve.0, &eve.1).await;
    owner_side.befriend(&ann.1, &bob.0, &bob.1).await;
    let room = id(&owner_side.create_room(&ann.1, "race", &[&bob.0]).await);
    assert_eq!(
        owner_side.post(&format!("/api/rooms/{room}/join"), json!({}), Some(&bob.1)).await.status,
        StatusCode::OK
    );

    let mut ann_tab = owner_side.socket(&ann.1).await;
    let mut bob_tab = eves_side.socket(&bob.1).await;
    let mut eve_tabs = Vec::new();
    for _ in 0..EVES_TABS {
        eve_tabs.push(eves_side.socket(&eve.1).await);
    }
    for tab in [&ann_tab, &bob_tab] {
        assert_eq!(tab.ack("join-room", json!(room)).await["ok"], true);
    }

    for round in 0..rounds {
        // Eve is a member again, her tabs quiet.
        let invite = json!({"userIds": [id(&eve.0)]});
        let invited = owner_side.post(&format!("/api/rooms/{room}/invite"), invite, Some(&ann.1)).await;
        assert_eq!(invited.status, StatusCode::OK, "round {round}: {:?}", invited.body);
        let joined = owner_side.post(&format!("/api/rooms/{room}/join"), json!({}), Some(&eve.1)).await;
        assert_eq!(joined.status, StatusCode::OK, "round {round}: {:?}", joined.body);
        for tab in &mut eve_tabs {
            tab.settle().await;
        }

        // Her joins in flight on every tab while the owner removes her.
        emit_joins(&eve_tabs, room, JOINS_BEFORE).await;
        let removal = async {
            let path = format!("/api/rooms/{room}/members/{}", id(&eve.0));
            owner_side.call(Method::DELETE, &path, None, Some(&ann.1)).await.status
        };
        let (removed, ()) = tokio::join!(removal, emit_joins(&eve_tabs, room, JOINS_AFTER));
        assert_eq!(removed, StatusCode::NO_CONTENT, "round {round}");

        // A join after the removal is refused (each tab's events take effect in order: the ones in flight
        // are done by the time this one is answered).
        for (tab_index, tab) in eve_tabs.iter().enumerate() {
            let late = tab.ack("join-room", json!(room)).await;
            assert_eq!(late["code"], "not_found", "round {round}, tab {tab_index}: a join after removal: {late}");
        }

        // She reaches nobody: her offer to the owner is refused.
        for (tab_index, tab) in eve_tabs.iter().enumerate() {
            let offer = json!({"to": id(&ann.0), "roomId": room, "offer": {"type": "offer", "sdp": "v=0"}});
            let refused = tab.ack("webrtc-offer", offer).await;
            assert_ne!(refused["ok"], true, "round {round}, tab {tab_index}: her offer was relayed: {refused}");
        }

        // She hears nothing said in the room: Bob, on her node, hears the owner write (and type, in the
        // first rounds: typing signals come in bursts of three at most).
        let content = format!("round {round}");
        let typing = round < 3;
        if typing {
            assert_eq!(ann_tab.ack("typing", json!({"roomId": room})).await["ok"], true);
        }
        let sent = ann_tab.ack("send-message", json!({"roomId": room, "content": content})).await;
        assert_eq!(sent["ok"], true, "{sent}");
        if typing {
            bob_tab.skip_to("user-typing").await;
        }
        while bob_tab.skip_to("new-message").await["content"] != content.as_str() {}
        for (tab_index, tab) in eve_tabs.iter_mut().enumerate() {
            let room_events: Vec<(String, Value)> = tab
                .events()
                .await
                .into_iter()
                .filter(|(name, _)| matches!(name.as_str(), "new-message" | "user-typing" | "webrtc-offer"))
                .collect();
            assert!(room_events.is_empty(), "round {round}, tab {tab_index}: removed, she heard {room_events:?}");
        }

        // And she is not shown in it.
        let participants = owner_side.list(&format!("/api/rooms/{room}/participants"), &ann.1, "participants").await;
        assert!(
            participants.iter().all(|p| p["id"] != eve.0["id"]),
            "round {round}: she is still listed: {participants:?}"
        );
        ann_tab.settle().await;
        bob_tab.settle().await;
    }
    for tab in eve_tabs.into_iter().chain([ann_tab, bob_tab]) {
        tab.close().await;
    }
}

/// `count` joins from each tab, in turn, without waiting for their answers: into the voice and only
/// showing the room, alternately (both make a tab hear the room).
async fn emit_joins(tabs: &[TestSocket], room: i64, count: usize) {
    for turn in 0..count {
        for tab in tabs {
            tab.emit(if turn % 2 == 0 { "join-room" } else { "open-room" }, json!(room)).await;
        }
    }
}
