//! The access matrix (QUALITY-2): every room route and room event, tried by the owner, a
//! member, a pending invitee, someone who declined, a removed member, a stranger and an anonymous
//! client, each on a fresh room with one message of the owner's. The count of cells that break the rule
//! must be 0, and nobody outside the room hears its messages, edits, reactions, typing, speaking or
//! signaling.

mod common;

use common::{TestServer, TestSocket, id};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Owner,
    Member,
    Pending,
    Declined,
    Removed,
    Stranger,
    Anonymous,
}

const ROLES: [Role; 7] =
    [Role::Owner, Role::Member, Role::Pending, Role::Declined, Role::Removed, Role::Stranger, Role::Anonymous];

struct World {
    server: TestServer,
    /// User and token per role (not Anonymous), in ROLES order.
    people: Vec<(Value, String)>,
    tabs: Vec<TestSocket>,
}

impl World {
    async fn new() -> Self {
        // Rooms' media through the server, so its events answer by the rule too (not voice_not_forwarded).
        let server = TestServer::start_with(&["--voice-mode", "sfu", "--media-listen", "127.0.0.1:0"]).await;
        let people = server.register_all(&["owner", "member", "pending", "declined", "removed", "stranger"]).await;
        server.befriend_all(&people[0], &people[1..=4]).await;
        let tabs = server.settled_tabs(&people).await;
        Self { server, people, tabs }
    }

    fn index(role: Role) -> usize {
        ROLES.iter().position(|&r| r == role).expect("role")
    }

    fn token(&self, role: Role) -> Option<&str> {
        (role != Role::Anonymous).then(|| self.people[Self::index(role)].1.as_str())
    }

    fn id(&self, role: Role) -> i64 {
        id(&self.people[Self::index(role)].0)
    }

    /// A private room where every role stands where its name says, and a message the owner sent there.
    async fn fresh_room(&self) -> (i64, i64) {
        let invited: Vec<&Value> = [Role::Member, Role::Pending, Role::Declined, Role::Removed]
            .iter()
            .map(|&r| &self.people[Self::index(r)].0)
            .collect();
        let room = self.server.create_room(self.token(Role::Owner).expect("owner"), "matrix", &invited).await;
        let room_id = id(&room);
        for (role, action, status) in [
            (Role::Member, "join", StatusCode::OK),
            (Role::Declined, "decline", StatusCode::NO_CONTENT),
            (Role::Removed, "join", StatusCode::OK),
        ] {
            let reply = self.server.post(&format!("/api/rooms/{room_id}/{action}"), json!({}), self.token(role)).await;
            assert_eq!(reply.status, status, "{role:?} {action}");
        }
        let path = format!("/api/rooms/{room_id}/members/{}", self.id(Role::Removed));
        assert_eq!(
            self.server.call(Method::DELETE, &path, None, self.token(Role::Owner)).await.status,
            StatusCode::NO_CONTENT
        );
        let body = json!({"roomId": room_id, "content": "the owner's"});
        let sent = self.server.post("/api/messages", body, self.token(Role::Owner)).await;
        assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
        (room_id, id(&sent.body["message"]))
    }
}

/// The expected status of a REST route for each role, in ROLES order.
type Expected = [u16; 7];

#[tokio::test]
async fn every_room_route_and_event_follows_the_one_access_rule() {
    let mut world = World::new().await;
    let mut broken: Vec<String> = Vec::new();
    let mut cells = 0;

    // REST: (method, path with {room}, {member} and {message}, body, expected per role).
    let routes: Vec<(Method, &str, Option<Value>, Expected)> = vec![
        (Method::GET, "/api/rooms/{room}", None, [200, 200, 200, 404, 404, 404, 401]),
        (Method::GET, "/api/rooms/{room}/participants", None, [200, 200, 200, 404, 404, 404, 401]),
        (Method::GET, "/api/messages?roomId={room}", None, [200, 200, 403, 404, 404, 404, 401]),
        (Method::POST, "/api/rooms/{room}/join", Some(json!({})), [200, 200, 200, 404, 404, 404, 401]),
        (Method::POST, "/api/rooms/{room}/decline", Some(json!({})), [403, 403, 204, 404, 404, 404, 401]),
        (Method::POST, "/api/rooms/{room}/leave", Some(json!({})), [409, 204, 403, 404, 404, 404, 401]),
        (Method::POST, "/api/rooms/{room}/invite", Some(json!({"userIds": []})), [200, 200, 403, 404, 404, 404, 401]),
        (Method::DELETE, "/api/rooms/{room}/members/{member}", None, [204, 403, 403, 404, 404, 404, 401]),
        (Method::DELETE, "/api/rooms/{room}", None, [204, 403, 403, 404, 404, 404, 401]),
        (Method::GET, "/api/messages?roomId={room}&around={message}", None, [200, 200, 403, 404, 404, 404, 401]),
        (
            Method::POST,
            "/api/messages",
            Some(json!({"roomId": "{room}", "content": "hi"})),
            [201, 201, 403, 404, 404, 404, 401],
        ),
        (
            Method::PATCH,
            "/api/messages/{message}",
            Some(json!({"content": "edited"})),
            [200, 403, 403, 404, 404, 404, 401],
        ),
        (Method::DELETE, "/api/messages/{message}", None, [204, 403, 403, 404, 404, 404, 401]),
        (Method::PUT, "/api/messages/{message}/reactions/%F0%9F%91%8D", None, [204, 204, 403, 404, 404, 404, 401]),
        (Method::DELETE, "/api/messages/{message}/reactions/%F0%9F%91%8D", None, [204, 204, 403, 404, 404, 404, 401]),
        (
            Method::POST,
            "/api/rooms/{room}/read",
            Some(json!({"messageId": "{message}"})),
            [200, 200, 403, 404, 404, 404, 401],
        ),
    ];
    for (method, template, body, expected) in &routes {
        for (role, want) in ROLES.iter().zip(expected) {
            let (room, message) = world.fresh_room().await;
            let fill = |text: &str| {
                text.replace("{room}", &room.to_string())
                    .replace("{member}", &world.id(Role::Member).to_string())
                    .replace("{message}", &message.to_string())
            };
            let body = body.as_ref().map(|b| with_numbers(&fill(&b.to_string())));
            let reply = world.server.call(method.clone(), &fill(template), body, world.token(*role)).await;
            cells += 1;
            if reply.status.as_u16() != *want {
                broken
                    .push(format!("{method} {template} as {role:?}: {} (want {want}) {:?}", reply.status, reply.body));
            }
            if *want == 404 && reply.code() != "not_found" {
                broken.push(format!("{method} {template} as {role:?}: code {:?}", reply.code()));
            }
        }
    }
    // The same rule for a room that does not exist at all.
    for (method, template, body, _) in &routes {
        let fill =
            |text: &str| text.replace("{room}", "987654").replace("{member}", "1").replace("{message}", "987654");
        let body = body.as_ref().map(|b| with_numbers(&fill(&b.to_string())));
        let reply = world.server.call(method.clone(), &fill(template), body, world.token(Role::Owner)).await;
        cells += 1;
        if reply.status != StatusCode::NOT_FOUND {
            broken.push(format!("{method} {template} on no room: {}", reply.status));
        }
    }

    // Socket events: the acknowledgement's outcome per role ("ok" or the error code). Anonymous clients
    // cannot connect at all (tested in sessions.rs); here they count as refused at the handshake.
    let events: Vec<(&str, [&str; 6])> = vec![
        ("join-room", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("send-message", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("start-speaking", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("mic-toggle", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("deafen-toggle", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("camera-toggle", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("share-toggle", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("watch-share", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        // Through the forwarding server: insiders get as far as the description (which is not one).
        ("media-publish", ["invalid_payload", "invalid_payload", "forbidden", "not_found", "not_found", "not_found"]),
        ("media-answer", ["invalid_payload", "invalid_payload", "forbidden", "not_found", "not_found", "not_found"]),
        ("media-view", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("webrtc-offer", ["ok", "ok", "not_in_same_room", "not_in_same_room", "not_in_same_room", "not_in_same_room"]),
        ("e2ee-key", ["ok", "ok", "not_in_same_room", "not_in_same_room", "not_in_same_room", "not_in_same_room"]),
        ("leave-room", ["ok", "ok", "ok", "not_found", "not_found", "not_found"]),
        ("edit-message", ["ok", "forbidden", "forbidden", "not_found", "not_found", "not_found"]),
        ("delete-message", ["ok", "forbidden", "forbidden", "not_found", "not_found", "not_found"]),
        ("add-reaction", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("remove-reaction", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("typing", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
        ("mark-read", ["ok", "ok", "forbidden", "not_found", "not_found", "not_found"]),
    ];
    for (event, expected) in &events {
        for (index, want) in expected.iter().enumerate() {
            let role = ROLES[index];
            let (room, message) = world.fresh_room().await;
            // The owner and the member are in the room, as they would be while talking.
            for insider in [Role::Owner, Role::Member] {
                let ack = world.tabs[World::index(insider)].ack("join-room", json!(room)).await;
                assert_eq!(ack["ok"], true, "{ack}");
            }
            let target = if role == Role::Owner { world.id(Role::Member) } else { world.id(Role::Owner) };
            let payload = match *event {
                "join-room" | "leave-room" => json!(room),
                "send-message" => json!({"roomId": room, "content": "secret"}),
                "start-speaking" => json!({"roomId": room}),
                "mic-toggle" => json!({"roomId": room, "isMuted": true}),
                "deafen-toggle" => json!({"roomId": room, "isDeafened": true}),
                "camera-toggle" => json!({"roomId": room, "isCameraOn": true}),
                "share-toggle" => json!({"roomId": room, "isSharing": true}),
                "watch-share" => json!({"roomId": room, "userId": null}),
                "media-publish" => {
                    json!({"roomId": room, "session": "s", "offer": {"type": "offer", "sdp": "v=0"}, "media": {}})
                }
                "media-answer" => json!({"roomId": room, "answer": {"type": "answer", "sdp": "v=0"}}),
                "media-view" => json!({"roomId": room, "views": {"1": 360}}),
                "e2ee-key" => json!({"to": target, "roomId": room, "key": {"identity": "BA=="}}),
                "edit-message" => json!({"messageId": message, "content": "edited"}),
                "delete-message" => json!({"messageId": message}),
                "add-reaction" | "remove-reaction" => json!({"messageId": message, "emoji": "👍"}),
                "typing" => json!({"roomId": room}),
                "mark-read" => json!({"roomId": room, "messageId": message}),
                _ => json!({"to": target, "roomId": room, "offer": {"type": "offer", "sdp": "v=0"}}),
            };
            let ack = world.tabs[index].ack(event, payload).await;
            let got = if ack["ok"] == true { "ok" } else { ack["code"].as_str().unwrap_or("?") };
            cells += 1;
            if got != *want {
                broken.push(format!("{event} as {role:?}: {got} (want {want})"));
            }
            for insider in [Role::Owner, Role::Member] {
                world.tabs[World::index(insider)].ack("leave-room", json!(room)).await;
            }
        }
        cells += 1;
        let anonymous = TestSocket::connect(&world.server.base, None, None).await;
        if anonymous.err().as_deref() != Some("unauthorized") {
            broken.push(format!("{event} as Anonymous: the handshake was not refused"));
        }
    }
    assert!(cells >= 120, "the matrix was walked: {cells} cells");
    assert_eq!(broken.len(), 0, "{} of {cells} cells break the rule:\n{}", broken.len(), broken.join("\n"));

    // Nobody outside a room heard its messages, what was done to them, speaking or signals.
    let room_events = [
        "new-message",
        "message-updated",
        "message-deleted",
        "reaction-added",
        "reaction-removed",
        "user-typing",
        "room-read",
        "user-speaking",
        "user-mic-toggle",
        "user-deafen-toggle",
        "user-camera-toggle",
        "user-share-toggle",
        "user-watch-share",
        "webrtc-offer",
        "e2ee-key",
        "media-offer",
        "user-joined-room",
    ];
    for role in [Role::Pending, Role::Declined, Role::Removed, Role::Stranger] {
        let heard: Vec<String> = world.tabs[World::index(role)]
            .heard()
            .await
            .into_iter()
            .filter(|name| room_events.contains(&name.as_str()))
            .collect();
        assert!(heard.is_empty(), "{role:?} heard {heard:?}");
    }
}

/// A JSON body whose `"{…}"` placeholders were filled with ids: those strings become numbers again.
fn with_numbers(filled: &str) -> Value {
    let mut body: Value = serde_json::from_str(filled).expect("a JSON body");
    if let Some(fields) = body.as_object_mut() {
        for value in fields.values_mut() {
            if let Some(number) = value.as_str().and_then(|s| s.parse::<i64>().ok()) {
                *value = json!(number);
            }
        }
    }
    body
}
