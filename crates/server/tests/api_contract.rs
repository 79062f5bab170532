//! Keeps `docs/api.md` true: its implemented routes exist, the rest of its REST table answers
//! `404 not_found`, and every error code the server can send is listed under "Error codes".

mod common;

use std::{collections::BTreeSet, path::Path};

use common::TestServer;
use reqwest::{Method, StatusCode};
use serde_json::json;

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

/// The codes the source can send: the first string literal after each of these openings.
fn codes_in_source() -> BTreeSet<String> {
    const OPENINGS: [&str; 5] = ["::invalid(", "::conflict(", "AckError::new(", "code: \"", "=> \""];
    let mut codes = BTreeSet::new();
    for dir in ["../domain/src", "src"] {
        for file in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)) {
            let text = std::fs::read_to_string(&file).expect("source");
            for opening in OPENINGS.iter().chain(["ApiError::new(StatusCode::"].iter()) {
                for (at, _) in text.match_indices(opening) {
                    let rest = &text[at + opening.len()..];
                    // Openings that end in a quote start the literal; the others are followed by it,
                    // after white space or (for a status) one more argument.
                    let literal_start = if opening.ends_with('"') {
                        0
                    } else {
                        match rest.find('"') {
                            Some(quote) if quote < 40 && !rest[..quote].contains(['(', ')', ';']) => quote + 1,
                            _ => continue,
                        }
                    };
                    let literal: String = rest[literal_start..].chars().take_while(|&c| c != '"').collect();
                    if !literal.is_empty() && literal.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                        codes.insert(literal);
                    }
                }
            }
        }
    }
    // Statuses, notification kinds, member statuses, call states, room kinds, attachment kinds and link
    // variants are matched by the
    // `=> "` opening too; they are not codes.
    let not_codes = [
        "online",
        "away",
        "busy",
        "offline",
        "message",
        "mention",
        "pending",
        "accepted",
        "declined",
        "ringing",
        "missed",
        "group",
        "direct",
        "image",
        "audio",
        "video",
        "file",
        "thumbnail",
    ];
    for not_a_code in not_codes {
        codes.remove(not_a_code);
    }
    codes
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("source directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn every_error_code_is_documented() {
    let section = DOCS.split("## Error codes").nth(1).expect("an error codes section");
    let documented: BTreeSet<String> =
        section.lines().filter_map(|line| line.split('`').nth(1)).map(str::to_owned).collect();
    let in_source = codes_in_source();
    assert!(in_source.len() >= 15, "the scan found the codes: {in_source:?}");
    let undocumented: Vec<_> = in_source.difference(&documented).collect();
    assert!(undocumented.is_empty(), "codes missing from docs/api.md: {undocumented:?}");
}
