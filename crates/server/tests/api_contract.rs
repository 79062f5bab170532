//! Keeps `docs/api.md` true: its implemented routes exist, the rest of its REST table answers
//! `404 not_found`, and the error codes listed under "Error codes" are exactly those the server sends
//! (woxly-protocol's `ErrorCode`).

mod common;

use std::collections::BTreeSet;

use common::TestServer;
use reqwest::{Method, StatusCode};
use serde_json::json;
use woxly_protocol::error::ErrorCode;

const DOCS: &str = include_str!("../../../docs/api.md");

/// `(method, path)` of every row of the REST table, with `:params` filled in.
fn documented_routes() -> Vec<(Method, String)> {
    DOCS.lines()
        .filter_map(|line| line.strip_prefix("| "))
        .filter_map(|row| row.split(" |").next())
        .filter_map(|route| route.split_once(' '))
        .filter(|(_, path)| path.starts_with("/api/"))
        .map(|(method, path)| (method.parse().expect("an HTTP method"), concrete(path)))
        .collect()
}

/// A documented route with `1` for each `:parameter`.
fn concrete(route: &str) -> String {
    route.split('/').map(|part| if part.starts_with(':') { "1" } else { part }).collect::<Vec<_>>().join("/")
}

fn implemented_routes() -> BTreeSet<String> {
    let section = DOCS.split("## Implementation status").nth(1).expect("an implementation status section");
    section.lines().filter_map(|line| line.strip_prefix("- ")).map(str::to_owned).collect()
}

#[tokio::test]
async fn implemented_routes_exist_and_the_others_answer_not_found() {
    let server = TestServer::start().await;
    let routes = documented_routes();
    assert!(routes.len() >= 25, "the REST table was read: {routes:?}");
    let implemented = implemented_routes();
    for (method, path) in &routes {
        let route = format!("{method} {path}");
        let body = matches!(*method, Method::POST | Method::PUT | Method::PATCH).then(|| json!({}));
        let reply = server.call(method.clone(), path, body, None).await;
        let listed = implemented.iter().any(|r| concrete(r) == route);
        if listed {
            assert!(
                ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&reply.status),
                "{route} is listed as implemented but answers {}",
                reply.status
            );
        } else {
            assert_eq!(
                (reply.status, reply.code()),
                (StatusCode::NOT_FOUND, "not_found"),
                "{route} is not listed as implemented"
            );
        }
    }
    for route in &implemented {
        let known = routes.iter().any(|(m, p)| format!("{m} {p}") == concrete(route));
        assert!(known || route.starts_with("GET /api/health"), "{route} is not in the REST table");
    }
}

#[tokio::test]
async fn unknown_socket_events_get_an_error_acknowledgement() {
    let server = TestServer::start().await;
    let (_, token) = server.register("acker").await;
    let socket = server.socket(&token).await;
    let ack = socket.ack("no-such-event", json!({"x": 1})).await;
    assert_eq!(ack["ok"], false);
    assert_eq!(ack["code"], "unknown_event");
    assert!(ack["error"].as_str().is_some_and(|e| e.contains("no-such-event")));
    socket.close().await;
}

/// The codes docs/api.md's two error tables name: REST's (a status, then the code) and the socket
/// acknowledgements' (the codes first).
fn documented_codes() -> BTreeSet<String> {
    let section = DOCS.split("## Error codes").nth(1).expect("an error codes section");
    let section = section.split("## Implementation status").next().unwrap_or(section);
    let mut codes = BTreeSet::new();
    for row in section.lines().filter(|line| line.starts_with("| ") && !line.starts_with("| ---")) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        let code_cell = if cells[0].chars().all(|c| c.is_ascii_digit()) { cells[1] } else { cells[0] };
        codes.extend(code_cell.split('`').skip(1).step_by(2).map(str::to_owned));
    }
    codes
}

#[test]
fn every_error_code_is_documented_and_every_documented_code_is_sent() {
    let sent: BTreeSet<String> = ErrorCode::names().iter().map(|code| (*code).to_owned()).collect();
    let documented = documented_codes();
    let undocumented: Vec<_> = sent.difference(&documented).collect();
    assert!(undocumented.is_empty(), "codes missing from docs/api.md: {undocumented:?}");
    let unknown: Vec<_> = documented.difference(&sent).collect();
    assert!(unknown.is_empty(), "docs/api.md names codes the server never sends: {unknown:?}");
}
