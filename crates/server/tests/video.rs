//! Camera and screen sharing over the socket (VIDEO-1…VIDEO-4): who has a camera on, who shares and who
//! watches, told to the room's voice only, kept for whoever comes in later, released when a share stops
//! or its sharer leaves, and refused cleanly when the request is wrong or the room is full of video.

mod common;

use common::{TestServer, TestSocket, id};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Anna's room with Boris, Vera, Gleb, Dasha and Egor as accepted members, each with a settled tab.
struct Room {
    server: TestServer,
    users: Vec<(Value, String)>,
    tabs: Vec<TestSocket>,
    id: i64,
}

const ANNA: usize = 0;
const BORIS: usize = 1;
const VERA: usize = 2;

impl Room {
    async fn new() -> Self {
        let server = TestServer::start().await;
        let users = server.register_all(&["anna", "boris", "vera", "gleb", "dasha", "egor"]).await;
        server.befriend_all(&users[0], &users[1..]).await;
        let invited: Vec<&Value> = users[1..].iter().map(|(user, _)| user).collect();
        let room = server.create_room(&users[0].1, "Film night", &invited).await;
        let room_id = id(&room);
        for (_, token) in &users[1..] {
            let joined = server.post(&format!("/api/rooms/{room_id}/join"), json!({}), Some(token)).await;
            assert_eq!(joined.status, StatusCode::OK);
        }
        let tabs = server.settled_tabs(&users).await;
        Self { server, users, tabs, id: room_id }
    }

    fn user_id(&self, who: usize) -> i64 {
        id(&self.users[who].0)
    }

    /// `who` comes into the room's voice; everyone already there is settled afterwards.
    async fn enter(&mut self, who: &[usize]) {
        for &one in who {
            let ack = self.tabs[one].ack("join-room", json!(self.id)).await;
            assert_eq!(ack["ok"], true, "{ack}");
        }
        for tab in &mut self.tabs {
            tab.settle().await;
        }
    }

    async fn ack(&self, who: usize, event: &str, payload: Value) -> Value {
        self.tabs[who].ack(event, payload).await
    }
}

fn participant(participants: &Value, user_id: i64) -> &Value {
    participants.as_array().expect("participants").iter().find(|p| p["id"] == user_id).expect("participant")
}

#[tokio::test]
async fn a_camera_and_a_share_are_told_to_the_voice_and_a_share_reaches_only_who_watches_it() {
    let mut room = Room::new().await;
    let (anna, boris) = (room.user_id(ANNA), room.user_id(BORIS));
    room.enter(&[ANNA, BORIS, VERA]).await;

    // Anna's camera: the others in the voice hear it, once; her ack has her state.
    let on = room.ack(ANNA, "camera-toggle", json!({"roomId": room.id, "isCameraOn": true})).await;
    assert_eq!((on["ok"].as_bool(), on["isCameraOn"].as_bool()), (Some(true), Some(true)), "{on}");
    for who in [BORIS, VERA] {
        let told = room.tabs[who].expect_event("user-camera-toggle").await;
        assert_eq!((told["userId"].as_i64(), told["isCameraOn"].as_bool()), (Some(anna), Some(true)));
    }
    room.ack(ANNA, "camera-toggle", json!({"roomId": room.id, "isCameraOn": true})).await;
    room.tabs[BORIS].assert_quiet().await;

    // Anna shares; Boris watches, Vera does not. Anna hears who watches her.
    let sharing = room.ack(ANNA, "share-toggle", json!({"roomId": room.id, "isSharing": true})).await;
    assert_eq!(sharing["isSharing"], true, "{sharing}");
    for who in [BORIS, VERA] {
        assert_eq!(room.tabs[who].expect_event("user-share-toggle").await["isSharing"], true);
    }
    let watching = room.ack(BORIS, "watch-share", json!({"roomId": room.id, "userId": anna})).await;
    assert_eq!(watching["watching"].as_i64(), Some(anna), "{watching}");
    let told = room.tabs[ANNA].expect_event("user-watch-share").await;
    assert_eq!((told["userId"].as_i64(), told["watching"].as_i64()), (Some(boris), Some(anna)));
    assert_eq!(room.tabs[VERA].expect_event("user-watch-share").await["userId"], boris);

    // Gleb comes in mid-share: the room as he gets it says who has a camera, who shares, who watches.
    let gleb = room.tabs[3].ack("join-room", json!(room.id)).await;
    let people = &gleb["participants"];
    assert_eq!(
        (participant(people, anna)["isCameraOn"].as_bool(), participant(people, anna)["isSharing"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(participant(people, boris)["watching"].as_i64(), Some(anna));
    assert_eq!(participant(people, room.user_id(VERA))["watching"], Value::Null);
    for tab in &mut room.tabs {
        tab.settle().await;
    }

    // Anna stops sharing: Boris stops watching, and everyone is told both.
    room.ack(ANNA, "share-toggle", json!({"roomId": room.id, "isSharing": false})).await;
    let events = room.tabs[VERA].events().await;
    let names: Vec<&str> = events.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["user-watch-share", "user-share-toggle"], "{events:?}");
    assert_eq!((events[0].1["userId"].as_i64(), events[0].1["watching"].clone()), (Some(boris), Value::Null));
    let detail = room.server.get(&format!("/api/rooms/{}", room.id), Some(&room.users[VERA].1)).await;
    assert_eq!(participant(&detail.body["participants"], boris)["watching"], Value::Null);
    assert_eq!(participant(&detail.body["participants"], anna)["isSharing"], false);
}

#[tokio::test]
async fn a_sharer_who_leaves_takes_the_share_and_its_watchers_with_them() {
    let mut room = Room::new().await;
    let anna = room.user_id(ANNA);
    room.enter(&[ANNA, BORIS, VERA]).await;
    room.ack(ANNA, "camera-toggle", json!({"roomId": room.id, "isCameraOn": true})).await;
    room.ack(ANNA, "share-toggle", json!({"roomId": room.id, "isSharing": true})).await;
    room.ack(BORIS, "watch-share", json!({"roomId": room.id, "userId": anna})).await;
    for tab in &mut room.tabs {
        tab.settle().await;
    }
    // Her tab closes: she is gone with her camera and share, and Boris watches nobody.
    let anna_tab = room.tabs.remove(ANNA);
    anna_tab.close().await;
    let vera = VERA - 1;
    assert_eq!(room.tabs[vera].expect_event("user-left-room").await["userId"], anna);
    let released = room.tabs[vera].expect_event("user-watch-share").await;
    assert_eq!((released["userId"].clone(), released["watching"].clone()), (json!(room.user_id(BORIS)), Value::Null));
    // Back in, she starts with everything off.
    let again = room.server.socket(&room.users[ANNA].1).await;
    let ack = again.ack("join-room", json!(room.id)).await;
    let her = participant(&ack["participants"], anna);
    assert_eq!((her["isCameraOn"].as_bool(), her["isSharing"].as_bool()), (Some(false), Some(false)));
}

#[tokio::test]
async fn wrong_video_requests_are_refused_and_change_nothing() {
    let mut room = Room::new().await;
    let (anna, boris) = (room.user_id(ANNA), room.user_id(BORIS));
    room.enter(&[ANNA, BORIS]).await;

    // Not in the voice (Vera is a member who has not come in): refused, nobody told.
    let code = |ack: &Value| ack["code"].as_str().unwrap_or("ok").to_owned();
    let not_in = room.ack(VERA, "camera-toggle", json!({"roomId": room.id, "isCameraOn": true})).await;
    assert_eq!(code(&not_in), "not_in_room");
    let not_in = room.ack(VERA, "share-toggle", json!({"roomId": room.id, "isSharing": true})).await;
    assert_eq!(code(&not_in), "not_in_room");
    // A room she does not belong to at all looks as if it did not exist.
    let stranger = room.server.register("zoya").await;
    let zoya = room.server.socket(&stranger.1).await;
    let hidden = zoya.ack("share-toggle", json!({"roomId": room.id, "isSharing": true})).await;
    assert_eq!(code(&hidden), "not_found");
    // Watching a share that does not exist, or one's own.
    let nothing = room.ack(BORIS, "watch-share", json!({"roomId": room.id, "userId": anna})).await;
    assert_eq!(code(&nothing), "not_sharing");
    room.ack(ANNA, "share-toggle", json!({"roomId": room.id, "isSharing": true})).await;
    let own = room.ack(ANNA, "watch-share", json!({"roomId": room.id, "userId": anna})).await;
    assert_eq!(code(&own), "not_sharing");
    let absent = room.ack(BORIS, "watch-share", json!({"roomId": room.id, "userId": room.user_id(VERA)})).await;
    assert_eq!(code(&absent), "not_sharing");
    // A camera "on" without saying on or off, or with a word for it.
    for payload in [json!({"roomId": room.id}), json!({"roomId": room.id, "isCameraOn": "yes"})] {
        assert_eq!(code(&room.ack(BORIS, "camera-toggle", payload).await), "invalid_payload");
    }
    let detail = room.server.get(&format!("/api/rooms/{}", room.id), Some(&room.users[VERA].1)).await;
    let boris_now = participant(&detail.body["participants"], boris);
    assert_eq!((boris_now["isCameraOn"].as_bool(), boris_now["watching"].clone()), (Some(false), Value::Null));
    room.tabs[VERA].assert_quiet().await;

    // A flood of on/off: the first ones pass, then the budget refuses with the wait, and what is kept is
    // what was last accepted.
    let mut refused = None;
    for n in 0..40 {
        let ack = room.ack(BORIS, "camera-toggle", json!({"roomId": room.id, "isCameraOn": n % 2 == 0})).await;
        if ack["ok"] != true {
            refused = Some(ack);
            break;
        }
    }
    let refused = refused.expect("a flood of camera toggles is stopped");
    assert_eq!(refused["code"], "rate_limited", "{refused}");
    assert!(refused["retryAfterMs"].as_u64().is_some_and(|ms| ms > 0), "{refused}");
}

#[tokio::test]
async fn a_room_holds_four_cameras_and_two_shares_at_once() {
    let mut room = Room::new().await;
    room.enter(&[0, 1, 2, 3, 4, 5]).await;
    for who in 0..4 {
        let ack = room.ack(who, "camera-toggle", json!({"roomId": room.id, "isCameraOn": true})).await;
        assert_eq!(ack["ok"], true, "camera {who}: {ack}");
    }
    let fifth = room.ack(4, "camera-toggle", json!({"roomId": room.id, "isCameraOn": true})).await;
    assert_eq!((fifth["ok"].as_bool(), fifth["code"].as_str()), (Some(false), Some("video_limit_reached")));
    for who in 0..2 {
        assert_eq!(room.ack(who, "share-toggle", json!({"roomId": room.id, "isSharing": true})).await["ok"], true);
    }
    let third = room.ack(2, "share-toggle", json!({"roomId": room.id, "isSharing": true})).await;
    assert_eq!(third["code"], "video_limit_reached", "{third}");
    // Nobody heard of the refused ones, and the room still shows four cameras and two shares.
    let heard = room.tabs[5].events().await;
    let on = |event: &str, flag: &str| heard.iter().filter(|(name, p)| name == event && p[flag] == true).count();
    assert_eq!((on("user-camera-toggle", "isCameraOn"), on("user-share-toggle", "isSharing")), (4, 2));
    // One camera off makes room for the fifth.
    room.ack(0, "camera-toggle", json!({"roomId": room.id, "isCameraOn": false})).await;
    assert_eq!(room.ack(4, "camera-toggle", json!({"roomId": room.id, "isCameraOn": true})).await["ok"], true);
}
