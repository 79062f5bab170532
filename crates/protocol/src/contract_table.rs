//! docs/api.md keeps one table of the client → server events and one of the server → client events;
//! this test holds them against the two catalogues of [`events`](crate::events) both ways, so an event
//! added on one side only (a new variant without its row, a row for an event the server does not have)
//! fails the build's tests.

use std::collections::BTreeSet;

use ts_rs::Config;

use crate::events::{EventTypes, client_events, server_events};

const API_MD: &str = include_str!("../../../docs/api.md");

/// The rows of the first table after the line starting with `heading`, each a list of its cells.
fn table_after<'a>(heading: &str) -> Vec<Vec<&'a str>> {
    let mut lines = API_MD.lines().skip_while(|line| !line.starts_with(heading));
    assert!(lines.next().is_some(), "docs/api.md has no line starting with {heading:?}");
    lines
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .filter(|line| !line.starts_with("| ---"))
        .map(|line| line.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect()
}

/// The event names of a table: every `` `name` `` in its first column (a row may name several).
fn names(rows: &[Vec<&str>]) -> BTreeSet<String> {
    rows.iter().skip(1).flat_map(|row| row[0].split('`').skip(1).step_by(2).map(str::to_owned)).collect()
}

fn catalogue(events: Vec<EventTypes>) -> BTreeSet<String> {
    events.into_iter().map(|event| event.name).collect()
}

fn assert_same(table: &str, documented: &BTreeSet<String>, implemented: &BTreeSet<String>) {
    let undocumented: Vec<_> = implemented.difference(documented).collect();
    let unimplemented: Vec<_> = documented.difference(implemented).collect();
    assert!(
        undocumented.is_empty() && unimplemented.is_empty(),
        "docs/api.md's {table} table and the protocol differ: without a row {undocumented:?}, \
         without an event {unimplemented:?}"
    );
}

#[test]
fn docs_api_has_a_row_for_every_event_and_an_event_for_every_row() {
    let cfg = Config::new();
    let client = table_after("Client → server");
    assert_eq!(client[0], ["event", "payload", "acknowledgement", "effect"], "the client → server table's columns");
    assert_same("client → server", &names(&client), &catalogue(client_events(&cfg)));
    let server = table_after("Server → client");
    assert_eq!(server[0], ["event", "payload", "when"], "the server → client table's columns");
    assert_same("server → client", &names(&server), &catalogue(server_events(&cfg)));
}
