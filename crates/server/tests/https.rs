//! HTTPS in the binary (SAFE-1), over real TLS with certificates made by the test: the API and
//! Socket.IO over HTTP/2, HSTS, the plain-HTTP redirect, a renewed certificate taken without a
//! restart, the self-signed certificate kept in the data directory, and certificates that cannot
//! be used refused at start with the reason.

mod common;

use std::{path::Path, time::Duration};

use clap::Parser;
use common::{certificate, client_trusting, https_server};
use reqwest::{StatusCode, Version, redirect::Policy};
use tokio::net::TcpListener;
use woxly_server::config::Config;

/// Writes a file the way a renewal tool does: complete, then renamed into place.
fn replace(path: &Path, contents: &str) {
    let next = path.with_extension("next");
    std::fs::write(&next, contents).expect("write");
    std::fs::rename(&next, path).expect("rename");
}

#[tokio::test]
async fn https_serves_the_api_and_socket_io_over_http2_redirects_plain_http_and_takes_a_renewed_certificate() {
    let (server, cert, dir) = https_server(&["--http-redirect-listen", "127.0.0.1:0"]).await;
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    assert!(server.base.starts_with("https://"), "{}", server.base);

    let health = server.get("/api/health", None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.headers["strict-transport-security"], "max-age=31536000");
    let response = client_trusting(&cert).get(server.url("/api/health")).send().await.expect("sent");
    assert_eq!(response.version(), Version::HTTP_2, "browsers get HTTP/2");
    // An account and the Socket.IO handshake, over TLS.
    let (_, token) = server.register("anna").await;
    assert_eq!(server.me(&token).await["username"], "anna");
    // HTTP/2 names the host in `:authority`: the TURN URLs still name the host the client used.
    let ice = server.get("/api/voice/ice-servers", Some(&token)).await;
    assert!(ice.body.to_string().contains("turn:127.0.0.1:"), "{}", ice.body);
    let handshake =
        client_trusting(&cert).get(server.url("/socket.io/?EIO=4&transport=polling")).send().await.expect("handshake");
    assert_eq!(handshake.status(), StatusCode::OK);
    assert!(handshake.text().await.expect("body").starts_with("0{\"sid\""), "the Engine.IO open packet");

    // Plain HTTP on the redirect listener goes to the same page over HTTPS.
    let redirect = server.redirect_addr.expect("redirect listener");
    let plain = reqwest::Client::builder().redirect(Policy::none()).build().expect("client");
    let answer = plain.get(format!("http://{redirect}/rooms/7?tab=chat")).send().await.expect("sent");
    assert_eq!(answer.status(), StatusCode::PERMANENT_REDIRECT);
    let port = server.base.rsplit(':').next().expect("port").to_owned();
    assert_eq!(answer.headers()["location"], format!("https://127.0.0.1:{port}/rooms/7?tab=chat").as_str());

    // A renewal: new files in place; new connections get the new certificate, no restart.
    let (renewed, renewed_key) = certificate(90);
    replace(&key_path, &renewed_key);
    replace(&cert_path, &renewed);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let attempt = client_trusting(&renewed).get(server.url("/api/health")).send().await;
        if attempt.is_ok_and(|r| r.status() == StatusCode::OK) {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the renewed certificate was never served");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(client_trusting(&cert).get(server.url("/api/health")).send().await.is_err(), "the old one is gone");
    server.stop().await;
}

/// Starts a server with `flags` (and a fresh data directory); the error it refuses to start with.
async fn refused(data_dir: &Path, flags: &[&str]) -> String {
    let mut args = vec!["woxly", "--turn-listen", "off", "--data-dir", data_dir.to_str().expect("utf-8")];
    args.extend_from_slice(flags);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("port");
    match woxly_server::start(Config::parse_from(args), listener).await {
        Ok(_) => panic!("started with {flags:?}"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn certificates_that_cannot_be_used_stop_the_start_with_the_reason() {
    let dir = tempfile::tempdir().expect("dir");
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (expired, expired_key) = certificate(-1);
    let (good, good_key) = certificate(30);
    let (_, other_key) = certificate(30);
    std::fs::write(path("expired.pem"), &expired).expect("write");
    std::fs::write(path("expired.key"), expired_key).expect("write");
    std::fs::write(path("good.pem"), &good).expect("write");
    std::fs::write(path("good.key"), good_key).expect("write");
    std::fs::write(path("other.key"), other_key).expect("write");
    std::fs::write(path("garbage.pem"), "not a certificate").expect("write");
    let data = dir.path().join("data");

    let why = refused(&data, &["--tls-cert", &path("expired.pem"), "--tls-key", &path("expired.key")]).await;
    assert!(why.contains("expired") && why.contains("expired.pem"), "{why}");
    let why = refused(&data, &["--tls-cert", &path("good.pem"), "--tls-key", &path("other.key")]).await;
    assert!(why.contains("does not match"), "{why}");
    let why = refused(&data, &["--tls-cert", &path("garbage.pem"), "--tls-key", &path("good.key")]).await;
    assert!(why.contains("garbage.pem"), "{why}");
    let why = refused(&data, &["--tls-cert", &path("missing.pem"), "--tls-key", &path("good.key")]).await;
    assert!(why.contains("missing.pem"), "{why}");
    let why = refused(&data, &["--http-redirect-listen", "127.0.0.1:0"]).await;
    assert!(why.contains("needs --tls-cert"), "{why}");
    assert!(Config::try_parse_from(["woxly", "--tls-cert", &path("good.pem")]).is_err(), "a certificate needs its key");
}

#[tokio::test]
async fn a_self_signed_certificate_is_made_once_and_kept_in_the_data_directory() {
    let data = tempfile::tempdir().expect("data");
    let start = || async {
        let args =
            ["woxly", "--turn-listen", "off", "--tls-self-signed", "--data-dir", data.path().to_str().expect("utf-8")];
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("port");
        woxly_server::start(Config::parse_from(args), listener).await.expect("starts")
    };
    let first = start().await;
    let cert = std::fs::read_to_string(data.path().join("tls-self-signed.crt")).expect("kept");
    let key_mode = std::fs::metadata(data.path().join("tls-self-signed.key")).expect("key").permissions();
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&key_mode) & 0o077, 0, "the key is private");
    let health = client_trusting(&cert).get(format!("https://127.0.0.1:{}/api/health", first.addr.port())).send().await;
    assert_eq!(health.expect("served with it").status(), StatusCode::OK);
    let fingerprint = first.tls_fingerprint.clone().expect("fingerprint");
    assert_eq!(fingerprint.len(), 32 * 3 - 1, "{fingerprint}");
    first.stop().await;
    let second = start().await;
    assert_eq!(second.tls_fingerprint.as_deref(), Some(fingerprint.as_str()), "the same certificate after a restart");
    second.stop().await;
}
