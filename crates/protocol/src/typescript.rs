//! The web client's copy of the wire, generated: `web/src/lib/wire.ts` holds every type of this crate
//! that crosses the socket (found from the two event catalogues) or that the client reads from REST
//! (the roots named below), and the typed event maps of
//! socket.io-client (`ServerToClientEvents`, `ClientToServerEvents`) from the two catalogues of
//! [`events`](crate::events). The test fails when the checked-in file differs from what this crate
//! makes of it (so CI catches a change made on one side only); `WOXLY_REGENERATE=1` rewrites it.

use std::{
    any::TypeId,
    collections::{BTreeMap, HashSet},
};

use ts_rs::{Config, TS, TypeVisitor};

use crate::{
    ack::AckError,
    attachments::{AttachmentLinks, UploadLimits},
    auth::SessionView,
    chat::SearchResult,
    error::ErrorBody,
    events::{EventTypes, client_events, server_events, visit_client_event_types, visit_server_event_types},
    friends::SearchUser,
    notifications::{RoomNotifications, SetRoomNotifications},
    rooms::MyRoom,
    user::{Privacy, UpdatePrivacy},
    voice::IceServer,
};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/src/lib/wire.ts");

fn declaration<T: TS + ?Sized>(cfg: &Config) -> String {
    let docs = T::docs().unwrap_or_default();
    format!("{docs}export {}\n", T::decl(cfg))
}

/// Every declarable type reached from the roots, once each: a type that an event or a root names, and
/// every type those name in turn. Kept by name, so the file's order does not depend on the order ts-rs
/// visits dependencies in (a hash set's, different at every build).
struct Declarations<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    by_name: BTreeMap<String, String>,
}

impl TypeVisitor for Declarations<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            if !self.seen.insert(TypeId::of::<T>()) {
                return;
            }
            self.by_name.insert(T::name(self.cfg), declaration::<T>(self.cfg));
        }
        // Through wrappers (`Box`, `Option`, `Vec`) to what they hold, and to what a type's fields name.
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
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
    let mut types = Declarations { cfg: &cfg, seen: HashSet::new(), by_name: BTreeMap::new() };
    visit_server_event_types(&mut types);
    visit_client_event_types(&mut types);
    // What the client reads from REST only.
    types.visit::<MyRoom>();
    types.visit::<SearchUser>();
    types.visit::<SessionView>();
    types.visit::<AttachmentLinks>();
    types.visit::<RoomNotifications>();
    types.visit::<SetRoomNotifications>();
    types.visit::<UploadLimits>();
    types.visit::<Privacy>();
    types.visit::<UpdatePrivacy>();
    types.visit::<SearchResult>();
    types.visit::<IceServer>();
    types.visit::<ErrorBody>();
    types.visit::<AckError>();
    [
        "// Generated from crates/protocol by its `typescript` test: do not edit. After changing the wire\n\
         // types, run `WOXLY_REGENERATE=1 cargo test -p woxly-protocol typescript` and commit the result.\n\n\
         import type { Ack } from './ack';\n\
         import type { SignalBody } from './signal-body';\n"
            .to_owned(),
        types.by_name.into_values().collect::<Vec<_>>().join("\n"),
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
