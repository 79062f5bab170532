//! The Socket.IO vocabulary: what clients send (names), what the server sends ([`ServerEvent`], each
//! variant named as on the wire and carrying its payload), to whom ([`Audience`]), and the socket rooms
//! the server puts connections in. Handlers use these, never string literals.

use std::marker::PhantomData;

use serde::Serialize;

use crate::{
    calls::{AnswerCall, CallAck, CallEvent, CallFriend, CancelCall, IncomingCallEvent},
    chat::{
        EditMessage, MarkRead, Message, MessageDeletedEvent, MessageRef, ReactionEvent, ReactionRequest, RoomReadAck,
        RoomReadEvent, SendMessage, SendMessageAck, TypingEvent, TypingRequest,
    },
    friends::{
        FriendAddedEvent, FriendNoteChangedEvent, FriendRemovedEvent, FriendRequestEvent, FriendStatusChangedEvent,
        StatusChange, StatusChangeAck,
    },
    media::{MediaAnswer, MediaOfferEvent, MediaView, PublishAck, PublishMedia},
    notifications::Notification,
    rooms::{
        CameraTogglePayload, DeafenTogglePayload, JoinRoomAck, LiveStateAck, LiveStateEvent, MicTogglePayload, Ok,
        RoomDetail, RoomIdPayload, RoomInvitationEvent, RoomRef, ShareTogglePayload, SpeakingPayload, UserInRoomEvent,
        UserJoinedEvent, WatchEvent, WatchSharePayload,
    },
    signaling::{RelayedSignal, Signal},
};

/// The `connect_error` message for a missing, bad or revoked token.
pub const UNAUTHORIZED: &str = "unauthorized";

/// A client → server event: its wire name, the payload it carries and the acknowledgement it gets.
/// The server registers each handler with one of these, so a handler whose payload or answer differs
/// from this catalogue does not build, and the web client's `ClientToServerEvents` is generated from it.
pub struct ClientEvent<P, A> {
    pub name: &'static str,
    types: PhantomData<fn(P) -> A>,
}

impl<P, A> ClientEvent<P, A> {
    const fn new(name: &'static str) -> Self {
        Self { name, types: PhantomData }
    }
}

impl<P, A> Clone for ClientEvent<P, A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, A> Copy for ClientEvent<P, A> {}

/// One event of a catalogue as TypeScript sees it: its wire name and its types' names.
pub struct EventTypes {
    pub name: String,
    pub payload: String,
    /// The acknowledgement, for a client → server event.
    pub ack: Option<String>,
}

macro_rules! client_events {
    ($($(#[$doc:meta])* $constant:ident = $name:literal: $payload:ty => $ack:ty;)+) => {
        $($(#[$doc])* pub const $constant: ClientEvent<$payload, $ack> = ClientEvent::new($name);)+

        /// Shows `visitor` every payload and acknowledgement type of the client → server events.
        pub fn visit_client_event_types(visitor: &mut impl ts_rs::TypeVisitor) {
            $(visitor.visit::<$payload>(); visitor.visit::<$ack>();)+
        }

        /// Every client → server event, in the catalogue's order.
        pub fn client_events(cfg: &ts_rs::Config) -> Vec<EventTypes> {
            vec![$(EventTypes {
                name: $name.to_owned(),
                payload: <$payload as ts_rs::TS>::name(cfg),
                ack: Some(<$ack as ts_rs::TS>::name(cfg)),
            }),+]
        }
    };
}

client_events! {
    STATUS_CHANGE = "status-change": StatusChange => StatusChangeAck;
    JOIN_ROOM = "join-room": RoomIdPayload => JoinRoomAck;
    /// Show the room (hear its chat and who is in its voice) without being in its voice (VOICE-1).
    OPEN_ROOM = "open-room": RoomIdPayload => JoinRoomAck;
    LEAVE_ROOM = "leave-room": RoomIdPayload => Ok;
    WEBRTC_OFFER = "webrtc-offer": Signal => Ok;
    WEBRTC_ANSWER = "webrtc-answer": Signal => Ok;
    ICE_CANDIDATE = "ice-candidate": Signal => Ok;
    /// A participant's identity and media key for one other (VOICE-15), relayed as it is.
    E2EE_KEY = "e2ee-key": Signal => Ok;
    /// What this person sends through the forwarding server (VOICE-14): their offer, answered.
    MEDIA_PUBLISH = "media-publish": PublishMedia => PublishAck;
    /// The answer to the server's last `media-offer`.
    MEDIA_ANSWER = "media-answer": MediaAnswer => Ok;
    /// How large the receiver shows each picture it gets through the server (its layer follows).
    MEDIA_VIEW = "media-view": MediaView => Ok;
    START_SPEAKING = "start-speaking": SpeakingPayload => LiveStateAck;
    STOP_SPEAKING = "stop-speaking": SpeakingPayload => LiveStateAck;
    MIC_TOGGLE = "mic-toggle": MicTogglePayload => LiveStateAck;
    DEAFEN_TOGGLE = "deafen-toggle": DeafenTogglePayload => LiveStateAck;
    /// The camera on or off (VIDEO-1); its track is offered to everyone in the room's voice.
    CAMERA_TOGGLE = "camera-toggle": CameraTogglePayload => LiveStateAck;
    /// A screen share started or stopped (VIDEO-2); stopping it stops everyone watching it.
    SHARE_TOGGLE = "share-toggle": ShareTogglePayload => LiveStateAck;
    /// Watch one person's share (its sender then sends it to this user), or none.
    WATCH_SHARE = "watch-share": WatchSharePayload => LiveStateAck;
    SEND_MESSAGE = "send-message": SendMessage => SendMessageAck;
    EDIT_MESSAGE = "edit-message": EditMessage => SendMessageAck;
    DELETE_MESSAGE = "delete-message": MessageRef => Ok;
    ADD_REACTION = "add-reaction": ReactionRequest => Ok;
    REMOVE_REACTION = "remove-reaction": ReactionRequest => Ok;
    TYPING = "typing": TypingRequest => Ok;
    MARK_READ = "mark-read": MarkRead => RoomReadAck;
    /// Without `roomId`, the call is in the two friends' direct conversation, which the ack names.
    CALL_FRIEND = "call-friend": CallFriend => CallAck;
    ACCEPT_CALL = "accept-call": AnswerCall => Ok;
    DECLINE_CALL = "decline-call": AnswerCall => Ok;
    CANCEL_CALL = "cancel-call": CancelCall => Ok;
}

macro_rules! server_events {
    ($($(#[$doc:meta])* $variant:ident($payload:ty),)+) => {
        /// Everything the server sends. The variant's name in kebab-case is the event's wire name
        /// (`FriendStatusChanged` → `friend-status-changed`); serialising the enum gives the bare payload.
        /// Adding an event is a variant here and the `publish` that sends it (docs/events.md).
        #[derive(Debug, Serialize, strum::IntoStaticStr, strum::VariantNames)]
        #[serde(untagged)]
        #[strum(serialize_all = "kebab-case")]
        pub enum ServerEvent {
            $($(#[$doc])* $variant($payload),)+
        }

        /// Shows `visitor` every payload type of the server → client events.
        pub fn visit_server_event_types(visitor: &mut impl ts_rs::TypeVisitor) {
            $(visitor.visit::<$payload>();)+
        }

        impl ServerEvent {
            /// Reads an event as it comes over the wire, by its name and payload: what a client written
            /// in Rust (the tests' harness) gets. An unknown name, or a payload that is not the event's
            /// type, is an error that says which.
            pub fn parse(name: &str, payload: serde_json::Value) -> Result<Self, String> {
                let readers: &[fn(serde_json::Value) -> serde_json::Result<ServerEvent>] =
                    &[$(|payload| serde_json::from_value(payload).map(ServerEvent::$variant)),+];
                let names = <ServerEvent as strum::VariantNames>::VARIANTS;
                let at = names.iter().position(|known| *known == name).ok_or_else(|| format!("no event {name:?}"))?;
                readers[at](payload).map_err(|e| format!("{name}: {e}"))
            }
        }

        /// Every server → client event, in the catalogue's order, named as `ServerEvent::name` names it.
        pub fn server_events(cfg: &ts_rs::Config) -> Vec<EventTypes> {
            let payloads = [$(<$payload as ts_rs::TS>::name(cfg)),+];
            <ServerEvent as strum::VariantNames>::VARIANTS
                .iter()
                .zip(payloads)
                .map(|(name, payload)| EventTypes { name: (*name).to_owned(), payload, ack: None })
                .collect()
        }
    };
}

server_events! {
    FriendRequest(FriendRequestEvent),
    FriendAdded(FriendAddedEvent),
    FriendRemoved(FriendRemovedEvent),
    FriendStatusChanged(FriendStatusChangedEvent),
    FriendNoteChanged(FriendNoteChangedEvent),
    Notification(Box<Notification>),
    RoomInvitation(RoomInvitationEvent),
    RoomUpdated(RoomDetail),
    RoomRemoved(RoomRef),
    RoomDeleted(RoomRef),
    UserJoinedRoom(UserJoinedEvent),
    UserLeftRoom(UserInRoomEvent),
    UserSpeaking(LiveStateEvent),
    UserMicToggle(LiveStateEvent),
    UserDeafenToggle(LiveStateEvent),
    UserCameraToggle(LiveStateEvent),
    UserShareToggle(LiveStateEvent),
    UserWatchShare(WatchEvent),
    NewMessage(Box<Message>),
    MessageUpdated(Box<Message>),
    MessageDeleted(MessageDeletedEvent),
    ReactionAdded(ReactionEvent),
    ReactionRemoved(ReactionEvent),
    UserTyping(TypingEvent),
    RoomRead(RoomReadEvent),
    IncomingCall(IncomingCallEvent),
    CallAccepted(CallEvent),
    CallDeclined(CallEvent),
    CallCancelled(CallEvent),
    CallMissed(CallEvent),
    WebrtcOffer(RelayedSignal),
    WebrtcAnswer(RelayedSignal),
    IceCandidate(RelayedSignal),
    /// Another participant's identity and media key (VOICE-15).
    E2eeKey(RelayedSignal),
    /// The forwarding server's offer for the connection this person receives on (VOICE-14).
    MediaOffer(MediaOfferEvent),
}

impl ServerEvent {
    /// The event's name on the wire.
    pub fn name(&self) -> &'static str {
        self.into()
    }
}

/// Who an event is for. The real-time edge turns an audience into socket rooms; it never looks at
/// which event it delivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every open connection of these users.
    Users(Vec<i64>),
    /// Everyone in the room right now, but the connection `except` (the one that caused the event).
    Room { room_id: i64, except: Option<String> },
    /// These connections only (a signal for one tab).
    Connections(Vec<String>),
    /// Every connection opened with one session's token.
    Session(String),
}

impl Audience {
    pub fn user(user_id: i64) -> Self {
        Self::Users(vec![user_id])
    }

    pub fn room(room_id: i64) -> Self {
        Self::Room { room_id, except: None }
    }

    /// The socket rooms that make up the audience, and the connection left out.
    pub fn socket_rooms(&self) -> (Vec<String>, Option<&str>) {
        match self {
            Self::Users(users) => (users.iter().copied().map(user_room).collect(), None),
            Self::Room { room_id, except } => (vec![room_room(*room_id)], except.as_deref()),
            Self::Connections(connections) => (connections.clone(), None),
            Self::Session(session_id) => (vec![session_room(session_id)], None),
        }
    }
}

/// The room every connection of user `id` joins: everything "to user X" reaches all of X's tabs.
pub fn user_room(user_id: i64) -> String {
    format!("user-{user_id}")
}

/// The socket room of everyone in room `id` right now (the seed's name).
pub fn room_room(room_id: i64) -> String {
    format!("room-{room_id}")
}

/// The room of every connection opened with one session's token, so logout can close them at once.
pub fn session_room(session_id: &str) -> String {
    format!("session-{session_id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signaling::E2eeKey;

    #[test]
    fn variant_names_are_the_wire_names_of_docs_api() {
        let call = || CallEvent { user_id: 1, room_id: 2 };
        let live = || LiveStateEvent {
            user_id: 1,
            room_id: 2,
            is_speaking: None,
            is_muted: None,
            is_deafened: None,
            is_camera_on: None,
            is_sharing: None,
        };
        let cases = [
            (ServerEvent::FriendRemoved(FriendRemovedEvent { user_id: 1 }), "friend-removed"),
            (ServerEvent::RoomDeleted(RoomRef { room_id: 2 }), "room-deleted"),
            (ServerEvent::UserMicToggle(live()), "user-mic-toggle"),
            (ServerEvent::UserDeafenToggle(live()), "user-deafen-toggle"),
            (ServerEvent::UserShareToggle(live()), "user-share-toggle"),
            (ServerEvent::UserWatchShare(WatchEvent { user_id: 1, room_id: 2, watching: None }), "user-watch-share"),
            (ServerEvent::CallMissed(call()), "call-missed"),
            (ServerEvent::MessageDeleted(MessageDeletedEvent { message_id: 1, room_id: 2 }), "message-deleted"),
            (ServerEvent::RoomRead(RoomReadEvent { room_id: 2, last_read_id: 1 }), "room-read"),
            (
                ServerEvent::WebrtcOffer(RelayedSignal {
                    from: 1,
                    room_id: 2,
                    offer: None,
                    answer: None,
                    candidate: None,
                    key: None,
                }),
                "webrtc-offer",
            ),
            (
                ServerEvent::E2eeKey(RelayedSignal {
                    from: 1,
                    room_id: 2,
                    offer: None,
                    answer: None,
                    candidate: None,
                    key: Some(E2eeKey { identity: "BA==".into(), key: None }),
                }),
                "e2ee-key",
            ),
        ];
        for (event, name) in cases {
            assert_eq!(event.name(), name);
        }
    }

    #[test]
    fn an_event_serialises_as_its_bare_payload() {
        let event = ServerEvent::CallAccepted(CallEvent { user_id: 7, room_id: 9 });
        assert_eq!(serde_json::to_value(&event).expect("serialised"), serde_json::json!({"userId": 7, "roomId": 9}));
    }

    #[test]
    fn an_event_reads_back_by_its_name_and_refuses_another_shape() {
        let sent = ServerEvent::CallAccepted(CallEvent { user_id: 7, room_id: 9 });
        let read = ServerEvent::parse(sent.name(), serde_json::to_value(&sent).expect("serialised")).expect("read");
        assert!(matches!(read, ServerEvent::CallAccepted(CallEvent { user_id: 7, room_id: 9 })), "{read:?}");
        let wrong = ServerEvent::parse("call-accepted", serde_json::json!({"userId": "seven"}));
        assert!(wrong.is_err_and(|e| e.starts_with("call-accepted")));
        assert!(ServerEvent::parse("no-such-event", serde_json::Value::Null).is_err());
    }

    #[test]
    fn an_audience_names_its_socket_rooms() {
        assert_eq!(Audience::Users(vec![1, 2]).socket_rooms(), (vec!["user-1".into(), "user-2".into()], None));
        let room = Audience::Room { room_id: 5, except: Some("abc".into()) };
        assert_eq!(room.socket_rooms(), (vec!["room-5".to_owned()], Some("abc")));
        assert_eq!(Audience::Session("s".into()).socket_rooms(), (vec!["session-s".to_owned()], None));
    }
}
