//! Live-state conformance: the in-process live state (one node, `MemoryLive`) and the shared one of a
//! cluster (`RedisLive`, on a `redis-server` of this suite's own) give the same answers to the same
//! questions. Every behaviour below runs against both, so neither can drift from what the services rely
//! on (first and last connection, first and last in a room, removal, live state, readers, ringing, calls).

mod common;

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use common::cluster::TestRedis;
use woxly_domain::{
    model::{LiveState, Status},
    service::live::{LiveChange, LiveStore, Ringing, memory::MemoryLive},
};
use woxly_server::cluster::Cluster;

/// Each implementation by name, fresh: Redis on a server started for the one test.
async fn both(redis: &TestRedis) -> Vec<(&'static str, Arc<dyn LiveStore>)> {
    let (cluster, _adapter) = Cluster::connect(&redis.url()).await.expect("Redis answers");
    vec![("memory", Arc::new(MemoryLive::default())), ("redis", cluster.live())]
}

const ROOM: i64 = 7;
const OTHER_ROOM: i64 = 8;
const ANNA: i64 = 1;
const BORIS: i64 = 2;

#[tokio::test]
async fn connections_count_first_and_last() {
    let redis = TestRedis::start();
    for (name, live) in both(&redis).await {
        assert!(live.open_connection(ANNA, "a1").await.expect("answered"), "{name}: the first connection");
        assert!(!live.open_connection(ANNA, "a2").await.expect("answered"), "{name}: a second one");
        assert!(!live.open_connection(ANNA, "a2").await.expect("answered"), "{name}: the same one again");
        assert!(live.is_connected(ANNA).await.expect("answered"), "{name}");
        assert!(!live.is_connected(BORIS).await.expect("answered"), "{name}");
        assert!(!live.close_connection(ANNA, "a1").await.expect("answered"), "{name}: not the last");
        assert!(!live.close_connection(ANNA, "unknown").await.expect("answered"), "{name}: an unknown one");
        assert!(live.close_connection(ANNA, "a2").await.expect("answered"), "{name}: the last");
        assert!(!live.close_connection(ANNA, "a2").await.expect("answered"), "{name}: closed twice");
        assert!(!live.is_connected(ANNA).await.expect("answered"), "{name}");
    }
}

#[tokio::test]
async fn a_room_counts_people_not_connections() {
    let redis = TestRedis::start();
    for (name, live) in both(&redis).await {
        assert!(live.enter_room(ROOM, ANNA, "a1").await.expect("answered"), "{name}: Anna comes in");
        assert!(!live.enter_room(ROOM, ANNA, "a2").await.expect("answered"), "{name}: on a second tab");
        assert!(live.enter_room(ROOM, BORIS, "b1").await.expect("answered"), "{name}: Boris comes in");
        assert!(live.enter_room(OTHER_ROOM, ANNA, "a1").await.expect("answered"), "{name}: Anna, elsewhere too");
        assert_eq!(live.count_people_in(ROOM).await.expect("answered"), 2, "{name}");
        let people = live.people_in(ROOM).await.expect("answered");
        assert_eq!(people, HashMap::from([(ANNA, LiveState::default()), (BORIS, LiveState::default())]), "{name}");
        let mut rooms = live.rooms_of_connection("a1").await.expect("answered");
        rooms.sort();
        assert_eq!(rooms, [ROOM, OTHER_ROOM], "{name}");
        let mut tabs = live.connections_in_room(ROOM, ANNA).await.expect("answered");
        tabs.sort();
        assert_eq!(tabs, ["a1", "a2"], "{name}");

        assert!(!live.exit_room(ROOM, ANNA, "a2").await.expect("answered"), "{name}: one tab of two leaves");
        assert!(live.live_state(ROOM, ANNA).await.expect("answered").is_some(), "{name}: still in");
        assert!(!live.exit_room(ROOM, ANNA, "a2").await.expect("answered"), "{name}: leaving twice");
        // A closed connection leaves every room; the rooms its user is no longer in are named.
        let (user, mut left) = live.leave_all_rooms("a1").await.expect("answered");
        left.sort();
        assert_eq!((user, left), (Some(ANNA), vec![ROOM, OTHER_ROOM]), "{name}");
        assert_eq!(live.leave_all_rooms("a1").await.expect("answered"), (None, vec![]), "{name}: nothing left");
        assert_eq!(live.count_people_in(ROOM).await.expect("answered"), 1, "{name}");
        assert!(live.exit_room(ROOM, BORIS, "b1").await.expect("answered"), "{name}: the last tab leaves");
        assert!(live.people_in(ROOM).await.expect("answered").is_empty(), "{name}");
    }
}

#[tokio::test]
async fn a_removal_takes_every_connection_out() {
    let redis = TestRedis::start();
    for (name, live) in both(&redis).await {
        live.enter_room(ROOM, ANNA, "a1").await.expect("answered");
        live.enter_room(ROOM, ANNA, "a2").await.expect("answered");
        live.enter_room(OTHER_ROOM, ANNA, "a1").await.expect("answered");
        assert!(live.remove_from_room(ROOM, ANNA).await.expect("answered"), "{name}: she was in it");
        assert!(!live.remove_from_room(ROOM, ANNA).await.expect("answered"), "{name}: not any more");
        assert_eq!(live.live_state(ROOM, ANNA).await.expect("answered"), None, "{name}");
        assert!(live.connections_in_room(ROOM, ANNA).await.expect("answered").is_empty(), "{name}");
        assert_eq!(
            live.rooms_of_connection("a1").await.expect("answered"),
            [OTHER_ROOM],
            "{name}: the other room stays"
        );
        assert!(live.rooms_of_connection("a2").await.expect("answered").is_empty(), "{name}");
        // Entering again after a removal is a first entry.
        assert!(live.enter_room(ROOM, ANNA, "a2").await.expect("answered"), "{name}");
    }
}

/// VOICE-1: readers are users showing a room on some connection, apart from being in its voice; a
/// closed connection and a removal stop them reading.
#[tokio::test]
async fn readers_are_the_users_showing_a_room() {
    let redis = TestRedis::start();
    for (name, live) in both(&redis).await {
        let readers = |room| {
            let live = live.clone();
            async move { live.readers(room).await.expect("answered") }
        };
        live.open_room(ROOM, ANNA, "a1").await.expect("answered");
        live.open_room(ROOM, ANNA, "a2").await.expect("answered");
        live.open_room(OTHER_ROOM, ANNA, "a1").await.expect("answered");
        live.open_room(ROOM, BORIS, "b1").await.expect("answered");
        assert_eq!(readers(ROOM).await, HashSet::from([ANNA, BORIS]), "{name}");
        assert_eq!(live.count_people_in(ROOM).await.expect("answered"), 0, "{name}: reading is not being in it");
        live.close_room(ROOM, "a1").await.expect("answered");
        live.close_room(ROOM, "unknown").await.expect("answered");
        assert_eq!(readers(ROOM).await, HashSet::from([ANNA, BORIS]), "{name}: Anna still on a2");
        live.leave_all_rooms("a2").await.expect("answered");
        assert_eq!(readers(ROOM).await, HashSet::from([BORIS]), "{name}: a2 closed");
        assert_eq!(readers(OTHER_ROOM).await, HashSet::from([ANNA]), "{name}: a1 still shows the other room");
        live.open_room(ROOM, ANNA, "a1").await.expect("answered");
        live.remove_from_room(ROOM, BORIS).await.expect("answered");
        assert_eq!(readers(ROOM).await, HashSet::from([ANNA]), "{name}: Boris removed");
        live.leave_all_rooms("a1").await.expect("answered");
        assert!(readers(ROOM).await.is_empty() && readers(OTHER_ROOM).await.is_empty(), "{name}");
    }
}

#[tokio::test]
async fn only_changes_of_live_state_are_answered() {
    let redis = TestRedis::start();
    for (name, live) in both(&redis).await {
        let muted = LiveChange::Muted(true);
        assert_eq!(live.update_live_state(ROOM, ANNA, muted).await.expect("answered"), None, "{name}: not in the room");
        live.enter_room(ROOM, ANNA, "a1").await.expect("answered");
        assert_eq!(live.update_live_state(ROOM, ANNA, muted).await.expect("answered"), Some(muted), "{name}");
        assert_eq!(live.update_live_state(ROOM, ANNA, muted).await.expect("answered"), None, "{name}: no change");
        let speaking = LiveChange::Speaking(true);
        assert_eq!(live.update_live_state(ROOM, ANNA, speaking).await.expect("answered"), Some(speaking), "{name}");
        let deafened = LiveChange::Deafened(true);
        assert_eq!(live.update_live_state(ROOM, ANNA, deafened).await.expect("answered"), Some(deafened), "{name}");
        let state = LiveState { is_speaking: true, is_muted: true, is_deafened: true, ..LiveState::default() };
        assert_eq!(live.live_state(ROOM, ANNA).await.expect("answered"), Some(state), "{name}");
        let unmuted = LiveChange::Muted(false);
        assert_eq!(live.update_live_state(ROOM, ANNA, unmuted).await.expect("answered"), Some(unmuted), "{name}");
        assert_eq!(
            live.people_in(ROOM).await.expect("answered")[&ANNA],
            LiveState { is_muted: false, ..state },
            "{name}"
        );
        // Camera, share and whose share she watches are kept beside the rest, each apart.
        for change in [LiveChange::Camera(true), LiveChange::Sharing(true), LiveChange::Watching(Some(BORIS))] {
            assert_eq!(live.update_live_state(ROOM, ANNA, change).await.expect("answered"), Some(change), "{name}");
            assert_eq!(live.update_live_state(ROOM, ANNA, change).await.expect("answered"), None, "{name}: again");
        }
        let sharing =
            LiveState { is_muted: false, is_camera_on: true, is_sharing: true, watching: Some(BORIS), ..state };
        assert_eq!(live.live_state(ROOM, ANNA).await.expect("answered"), Some(sharing), "{name}");
        let speaking_again = LiveChange::Speaking(false);
        assert_eq!(live.update_live_state(ROOM, ANNA, speaking_again).await.expect("answered"), Some(speaking_again));
        let unwatched = LiveChange::Watching(None);
        assert_eq!(live.update_live_state(ROOM, ANNA, unwatched).await.expect("answered"), Some(unwatched), "{name}");
        let expected = LiveState { is_speaking: false, watching: None, ..sharing };
        assert_eq!(live.people_in(ROOM).await.expect("answered")[&ANNA], expected, "{name}: digits kept");
        let watching_boris = LiveChange::Watching(Some(BORIS));
        assert_eq!(live.update_live_state(ROOM, BORIS, watching_boris).await.expect("answered"), None, "{name}: out");
        // Leaving forgets it: back in, she starts afresh.
        live.exit_room(ROOM, ANNA, "a1").await.expect("answered");
        live.enter_room(ROOM, ANNA, "a1").await.expect("answered");
        assert_eq!(live.live_state(ROOM, ANNA).await.expect("answered"), Some(LiveState::default()), "{name}");
    }
}

#[tokio::test]
async fn a_ringing_is_stopped_once_by_its_token() {
    let redis = TestRedis::start();
    for (name, live) in both(&redis).await {
        let call = Ringing { room_id: ROOM, caller: ANNA, callee: BORIS };
        let token = live.start_ringing(call).await.expect("answered");
        assert!(!live.stop_ringing(call, Some("not-its-token")).await.expect("answered"), "{name}: another token");
        assert!(live.stop_ringing(call, Some(&token)).await.expect("answered"), "{name}: its token");
        assert!(!live.stop_ringing(call, Some(&token)).await.expect("answered"), "{name}: stopped already");
        // Rung again, it has a new token; the old one stops nothing, and no token stops whichever rings.
        let again = live.start_ringing(call).await.expect("answered");
        assert_ne!(again, token, "{name}");
        assert!(!live.stop_ringing(call, Some(&token)).await.expect("answered"), "{name}: the old token");
        assert!(live.stop_ringing(call, None).await.expect("answered"), "{name}: no token");
        assert!(!live.stop_ringing(call, None).await.expect("answered"), "{name}: nothing rings");
    }
}

#[tokio::test]
async fn a_call_ends_once_when_one_of_its_sides_goes() {
    let redis = TestRedis::start();
    for (name, live) in both(&redis).await {
        assert_eq!(live.end_call(ROOM, None).await.expect("answered"), None, "{name}: no call");
        let sides = vec![(ANNA, Status::Away), (BORIS, Status::Online)];
        live.call_started(ROOM, sides.clone()).await.expect("answered");
        assert_eq!(live.end_call(ROOM, Some(3)).await.expect("answered"), None, "{name}: not one of its sides");
        assert_eq!(live.end_call(ROOM, Some(BORIS)).await.expect("answered"), Some(sides.clone()), "{name}");
        assert_eq!(live.end_call(ROOM, Some(ANNA)).await.expect("answered"), None, "{name}: ended already");
        live.call_started(ROOM, sides.clone()).await.expect("answered");
        assert_eq!(live.end_call(ROOM, None).await.expect("answered"), Some(sides), "{name}: anyone ends it");
    }
}
