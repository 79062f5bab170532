//! CI's smoke of the load generator (never the full benchmark): every scenario, tiny, once, against
//! the debug server on SQLite — and on PostgreSQL when WOXLY_TEST_POSTGRES names one, as the rest of
//! the suite does. Each must finish and its figures must say the load really happened.

use std::{path::PathBuf, process::Command};

use serde_json::Value;

fn debug_server() -> PathBuf {
    let bench = PathBuf::from(env!("CARGO_BIN_EXE_woxly-bench"));
    let server = bench.with_file_name("woxly");
    assert!(server.exists(), "{} is missing: `cargo test --workspace` builds it", server.display());
    server
}

/// Runs one scenario against WOXLY; its one run's figures.
fn run(db: &str, scenario: &[&str]) -> serde_json::Map<String, Value> {
    run_on("woxly", db, scenario)
}

/// Runs one scenario against `target`; its one run's figures.
fn run_on(target: &str, db: &str, scenario: &[&str]) -> serde_json::Map<String, Value> {
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("figures.jsonl");
    let mut command = Command::new(env!("CARGO_BIN_EXE_woxly-bench"));
    command.args(scenario).args([
        "--db",
        db,
        "--targets",
        target,
        "--runs",
        "1",
        "--server-cpus",
        "",
        "--sources",
        "2",
    ]);
    command.arg("--woxly-bin").arg(debug_server()).arg("--work-dir").arg(work.path()).arg("--out").arg(&out);
    if let Ok(url) = std::env::var("WOXLY_TEST_POSTGRES") {
        command.arg("--postgres").arg(url);
    }
    let status = command.status().expect("run woxly-bench");
    assert!(status.success(), "{scenario:?} on {db}: {status}");
    let line = std::fs::read_to_string(&out).expect("figures written");
    let figures: Value = serde_json::from_str(line.trim()).expect("one JSON line");
    assert_eq!(figures["target"], target);
    figures["metrics"].as_object().expect("metrics").clone()
}

fn number(metrics: &serde_json::Map<String, Value>, name: &str) -> f64 {
    metrics.get(name).and_then(Value::as_f64).unwrap_or_else(|| panic!("no {name} in {metrics:?}"))
}

fn every_scenario(db: &str) {
    let idle = run(db, &["idle", "--clients", "60", "--hold", "0"]);
    assert_eq!(number(&idle, "connections"), 60.0);
    assert!(number(&idle, "connects_per_s") > 0.0);

    let fanout = run(
        db,
        &[
            "fanout",
            "--rooms",
            "4",
            "--members",
            "3",
            "--big-room",
            "20",
            "--big-rate",
            "5",
            "--steps",
            "1",
            "--step-seconds",
            "2",
        ],
    );
    assert!(number(&fanout, "step1_deliveries_per_s") > 0.0, "{fanout:?}");
    assert_eq!(number(&fanout, "step1_drops"), 0.0, "{fanout:?}");

    let write = run(db, &["chat-write", "--rooms", "3", "--seconds", "1"]);
    assert!(number(&write, "acked") > 0.0);
    assert!(number(&write, "stored") >= number(&write, "acked"));

    let history = run(db, &["history", "--messages", "500", "--depths", "0,200", "--requests", "30"]);
    assert_eq!(number(&history, "before_200_pages"), 30.0);

    let logins = run(db, &["login-storm", "--echo-clients", "10", "--logins", "4", "--concurrency", "2"]);
    assert_eq!(number(&logins, "login_failures"), 0.0);
    assert!(number(&logins, "logins_per_s") > 0.0);
    assert_eq!(number(&logins, "echo_failures"), 0.0);

    let reconnect = run(db, &["reconnect-storm", "--clients", "40"]);
    assert_eq!(number(&reconnect, "never_back"), 0.0, "{reconnect:?}");

    let voice = run(db, &["voice-join", "--rooms", "5"]);
    assert_eq!(number(&voice, "joins"), 10.0);
    assert_eq!(number(&voice, "without_offer_relayed"), 0.0, "{voice:?}");

    let search = run(db, &["search", "--messages", "3000", "--rooms", "30", "--member-of", "5", "--requests", "10"]);
    for query in ["one_word_rare", "one_word_common", "prefix", "two_words", "one_word_very_common", "only_elsewhere"] {
        assert!(number(&search, &format!("{query}_p99_ms")) > 0.0, "{search:?}");
    }
    let reactions = run(db, &["reactions", "--rooms", "2", "--members", "3", "--seconds", "4"]);
    for flow in ["reaction", "typing"] {
        assert!(number(&reactions, &format!("{flow}_deliveries_per_s")) > 0.0, "{reactions:?}");
        assert_eq!(number(&reactions, &format!("{flow}_refused")), 0.0, "{reactions:?}");
        assert_eq!(number(&reactions, &format!("{flow}_drops")), 0.0, "{reactions:?}");
    }
    let evening = run(
        db,
        &[
            "busy-evening",
            "--chat-rooms",
            "4",
            "--chat-members",
            "3",
            "--voice-rooms",
            "2",
            "--voice-members",
            "2",
            "--presence-people",
            "4",
            "--friends",
            "2",
            "--presence-rate",
            "4",
            "--history-rate",
            "4",
            "--history-depth",
            "60",
            "--login-rate",
            "2",
            "--seconds",
            "3",
        ],
    );
    for flow in ["chat", "typing", "signal", "presence"] {
        assert!(number(&evening, &format!("{flow}_deliveries_per_s")) > 0.0, "{evening:?}");
        assert_eq!(number(&evening, &format!("{flow}_refused")), 0.0, "{evening:?}");
        assert_eq!(number(&evening, &format!("{flow}_drops")), 0.0, "{evening:?}");
    }
    for requests in ["history", "login"] {
        assert!(number(&evening, &format!("{requests}_sent")) > 0.0, "{evening:?}");
        assert_eq!(number(&evening, &format!("{requests}_failed")), 0.0, "{evening:?}");
    }
    assert!(number(&evening, "rss_max_mib") >= number(&evening, "rss_start_mib"), "{evening:?}");
}

#[test]
fn every_scenario_runs_against_the_server() {
    if std::env::var("WOXLY_TEST_POSTGRES").is_ok() {
        every_scenario("postgres");
        // Cluster mode needs PostgreSQL: two nodes and a Redis of the run's own, clients on both.
        let fanout = run_on(
            "cluster",
            "postgres",
            &["fanout", "--rooms", "4", "--members", "3", "--big-room", "20", "--steps", "1", "--step-seconds", "2"],
        );
        assert!(number(&fanout, "step1_deliveries_per_s") > 0.0, "{fanout:?}");
        assert_eq!(number(&fanout, "step1_drops"), 0.0, "{fanout:?}");
    } else {
        every_scenario("sqlite");
    }
}
