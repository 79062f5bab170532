//! The web client's copy of the wire, generated: `web/src/lib/wire.ts` holds every type of this crate
//! that crosses the socket or that the client reads from REST, and the typed event maps of
//! socket.io-client (`ServerToClientEvents`, `ClientToServerEvents`) from the two catalogues of
//! [`events`](crate::events). The test fails when the checked-in file differs from what this crate
//! makes of it (so CI catches a change made on one side only); `WOXLY_REGENERATE=1` rewrites it.

use ts_rs::{Config, TS};

use crate::{
    ack::AckError,
    attachments::{Attachment, AttachmentKind, AttachmentLinks},
    auth::SessionView,
    calls::{AnswerCall, CallAck, CallEvent, CallFriend, CallState, CancelCall, IncomingCallEvent},
    chat::{
        EditMessage, MarkRead, Message, MessageDeletedEvent, MessageRef, Quote, Reaction, ReactionEvent,
        ReactionRequest, RoomReadAck, RoomReadEvent, SearchResult, SendMessage, SendMessageAck, TypingEvent,
        TypingRequest,
    },
    error::ErrorBody,
    events::{EventTypes, client_events, server_events},
    friends::{
        Friend, FriendAddedEvent, FriendNoteChangedEvent, FriendRemovedEvent, FriendRequest, FriendRequestEvent,
        FriendStatusChangedEvent, SearchUser, StatusChange, StatusChangeAck,
    },
    notifications::{Notification, NotificationType},
    rooms::{
        DeafenTogglePayload, JoinRoomAck, LiveStateAck, LiveStateEvent, MembershipStatus, MicTogglePayload, MyRoom, Ok,
        Participant, Room, RoomDetail, RoomIdPayload, RoomInvitationEvent, RoomKind, RoomPermissions, RoomRef,
        SpeakingPayload, UserInRoomEvent, UserJoinedEvent,
    },
    signaling::{RelayedSignal, Signal},
    user::{Status, User},
    voice::IceServer,
};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/src/lib/wire.ts");

fn declaration<T: TS>(cfg: &Config) -> String {
    let docs = T::docs().unwrap_or_default();
    format!("{docs}export {}\n", T::decl(cfg))
}

macro_rules! declarations {
    ($cfg:expr; $($type:ty),+ $(,)?) => { [$(declaration::<$type>($cfg)),+].join("\n") };
}

/// `{ 'name': (payload: P) => void; … }`, or with the acknowledgement `Ack<A>` for client events.
fn event_map(name: &str, events: &[EventTypes]) -> String {
    let entries: String = events
        .iter()
        .map(|event| match &event.ack {
            None => format!("  '{}': (payload: {}) => void;\n", event.name, event.payload),
            Some(ack) => {
                format!(
                    "  '{}': (payload: {}, ack: (answer: Ack<{ack}>) => void) => void;\n",
                    event.name, event.payload
                )
            }
        })
        .collect();
    format!("export type {name} = {{\n{entries}}};\n")
}

fn generated() -> String {
    let cfg = Config::new().with_large_int("number");
    let types = declarations![&cfg;
        // People and presence.
        User, Status, SearchUser, Friend, FriendRequest, SessionView,
        // Rooms.
        Room, RoomKind, MembershipStatus, MyRoom, Participant, RoomDetail, RoomPermissions,
        // Messages and files.
        Message, Quote, Reaction, Attachment, AttachmentKind, AttachmentLinks, SearchResult,
        // Notifications, calls, voice.
        Notification, NotificationType, CallState, IceServer,
        // Server → client payloads.
        FriendRequestEvent, FriendAddedEvent, FriendNoteChangedEvent, FriendRemovedEvent, FriendStatusChangedEvent,
        RoomInvitationEvent,
        RoomRef, UserInRoomEvent, UserJoinedEvent, LiveStateEvent, MessageDeletedEvent, ReactionEvent, TypingEvent,
        RoomReadEvent, IncomingCallEvent, CallEvent, RelayedSignal,
        // Client → server payloads and their acknowledgements.
        StatusChange, StatusChangeAck, RoomIdPayload, JoinRoomAck, SpeakingPayload, MicTogglePayload,
        DeafenTogglePayload, LiveStateAck, Ok, Signal, SendMessage, SendMessageAck, EditMessage, MessageRef,
        ReactionRequest, TypingRequest, MarkRead, RoomReadAck, CallFriend, CallAck, AnswerCall, CancelCall,
        // Refusals.
        AckError, ErrorBody,
    ];
    [
        "// Generated from crates/protocol by its `typescript` test: do not edit. After changing the wire\n\
         // types, run `WOXLY_REGENERATE=1 cargo test -p woxly-protocol typescript` and commit the result.\n\n\
         import type { Ack } from './ack';\n\
         import type { SignalBody } from './signal-body';\n"
            .to_owned(),
        types,
        event_map("ServerToClientEvents", &server_events(&cfg)),
        event_map("ClientToServerEvents", &client_events(&cfg)),
    ]
    .join("\n")
}

#[test]
fn the_web_clients_wire_types_are_generated_from_this_crate() {
    let made = generated();
    if std::env::var_os("WOXLY_REGENERATE").is_some() {
        std::fs::write(PATH, &made).expect("web/src/lib/wire.ts written");
        return;
    }
    let checked_in = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        checked_in == made,
        "web/src/lib/wire.ts is not what crates/protocol makes of it: run \
         `WOXLY_REGENERATE=1 cargo test -p woxly-protocol typescript` and commit it"
    );
}
