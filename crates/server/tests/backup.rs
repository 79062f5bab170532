//! Backups (OPS-1) as an operator makes them: `woxly backup` beside a running server that is being
//! written to, `woxly restore` into a new data directory, and a server started on what it restored.

mod common;

use std::{
    path::Path,
    sync::{Arc, Mutex},
};

use common::{Api, TestServer, id};
use reqwest::StatusCode;
use serde_json::json;

/// Runs `woxly <args>` to its end: whether it succeeded, and what it printed.
async fn woxly(args: &[&str]) -> (bool, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_woxly"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("WOXLY_DATA_DIR")
        .output()
        .await
        .expect("woxly runs");
    let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), printed)
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

#[tokio::test]
async fn a_backup_taken_under_write_load_restores_every_message_acknowledged_before_it() {
    let server = TestServer::start().await;
    let data_dir = text(server.data_dir.path());
    let out = tempfile::tempdir().expect("backups");
    let backup = out.path().join("woxly.backup");
    if server.db.is_postgres() {
        let (ok, printed) =
            woxly(&["--data-dir", &data_dir, "--database-url", &server.db.url, "backup", &text(&backup)]).await;
        assert!(!ok && printed.contains("pg_dump"), "{printed}");
        assert!(!backup.exists());
        return;
    }
    let [(anna, anna_token), (boris, boris_token)] =
        <[_; 2]>::try_from(server.register_all(&["anna", "boris"]).await).expect("two");
    server.befriend(&anna_token, &boris, &boris_token).await;
    let room = id(&server.create_room(&anna_token, "archive", &[]).await);
    let upload = server.upload(&anna_token, room, "notes.txt", b"what we keep".to_vec()).await;
    assert_eq!(upload.status, StatusCode::CREATED, "{:?}", upload.body);
    let with_file = json!({"roomId": room, "content": "the file", "attachmentIds": [id(&upload.body["attachment"])]});
    assert_eq!(server.post("/api/messages", with_file, Some(&anna_token)).await.status, StatusCode::CREATED);

    // Anna writes without pause; every acknowledged message's id is noted.
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let writing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let writer = {
        let (api, token, acknowledged, writing) =
            (Api::at(server.base.clone()), anna_token.clone(), acknowledged.clone(), writing.clone());
        tokio::spawn(async move {
            for n in 0.. {
                if !writing.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let sent =
                    api.post("/api/messages", json!({"roomId": room, "content": format!("n{n}")}), Some(&token)).await;
                assert_eq!(sent.status, StatusCode::CREATED);
                acknowledged.lock().expect("list").push(id(&sent.body["message"]));
            }
        })
    };
    while acknowledged.lock().expect("list").len() < 50 {
        tokio::task::yield_now().await;
    }
    let before: Vec<i64> = acknowledged.lock().expect("list").clone();
    let (ok, printed) =
        woxly(&["--data-dir", &data_dir, "--database-url", &server.db.url, "backup", &text(&backup)]).await;
    assert!(ok, "{printed}");
    assert!(printed.contains("backup written to") && printed.contains("users: 2"), "{printed}");
    let during = acknowledged.lock().expect("list").len();
    writing.store(false, std::sync::atomic::Ordering::Relaxed);
    writer.await.expect("the writer");
    assert!(during > before.len(), "the server was written to while the backup ran");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&backup).expect("backup").permissions());
    assert_eq!(mode & 0o077, 0, "the backup holds the keys: only its owner reads it");

    // Restored into a new data directory, a server started on it has all of them, and the file.
    let restored = tempfile::tempdir().expect("new data directory");
    let (ok, printed) = woxly(&["--data-dir", &text(restored.path()), "restore", &text(&backup)]).await;
    assert!(ok, "{printed}");
    let database = format!("sqlite://{}", restored.path().join("woxly.db").display());
    let again = TestServer::start_with(&["--data-dir", &text(restored.path()), "--database-url", &database]).await;
    // The keys came back too: Anna's session is still valid.
    let mut shown = Vec::new();
    let mut after = 0;
    loop {
        let page =
            again.list(&format!("/api/messages?roomId={room}&after={after}&limit=100"), &anna_token, "messages").await;
        shown.extend(page.iter().map(id));
        match page.last() {
            Some(last) if page.len() == 100 => after = id(last),
            _ => break,
        }
    }
    let missing: Vec<_> = before.iter().filter(|m| !shown.contains(m)).collect();
    assert!(missing.is_empty(), "acknowledged before the backup, missing after the restore: {missing:?}");
    let attachment = id(&upload.body["attachment"]);
    let links = again.get(&format!("/api/attachments/{attachment}"), Some(&anna_token)).await;
    assert_eq!(links.status, StatusCode::OK, "{:?}", links.body);
    let (status, _, bytes) = again.fetch(links.body["url"].as_str().expect("url")).await;
    assert_eq!((status, bytes.as_slice()), (StatusCode::OK, b"what we keep".as_slice()));
    let _ = anna;
}

#[tokio::test]
async fn restore_refuses_what_is_not_a_backup_and_an_existing_database_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let data_dir = dir.path().join("data");
    let not_a_backup = dir.path().join("holiday.jpg");
    std::fs::write(&not_a_backup, b"\xff\xd8\xff\xe0 not a tar archive at all").expect("file");
    let (ok, printed) = woxly(&["--data-dir", &text(&data_dir), "restore", &text(&not_a_backup)]).await;
    assert!(!ok && printed.contains("is not a WOXLY backup"), "{printed}");
    assert!(!data_dir.join("woxly.db").exists());

    let missing = dir.path().join("nowhere.backup");
    let (ok, printed) = woxly(&["--data-dir", &text(&data_dir), "restore", &text(&missing)]).await;
    assert!(!ok && printed.contains("nowhere.backup"), "{printed}");

    // A backup of an empty data directory is refused: there is nothing to copy.
    let (ok, printed) = woxly(&["--data-dir", &text(&data_dir), "backup", &text(&dir.path().join("b"))]).await;
    assert!(!ok && printed.contains("no database"), "{printed}");

    // A real backup does not overwrite a database without --replace.
    let server = TestServer::start().await;
    if server.db.is_postgres() {
        return;
    }
    let source = text(server.data_dir.path());
    server.register("anna").await;
    let backup = dir.path().join("real.backup");
    let (ok, printed) =
        woxly(&["--data-dir", &source, "--database-url", &server.db.url, "backup", &text(&backup)]).await;
    assert!(ok, "{printed}");
    std::fs::create_dir_all(&data_dir).expect("data dir");
    std::fs::write(data_dir.join("woxly.db"), b"precious").expect("existing database");
    let (ok, printed) = woxly(&["--data-dir", &text(&data_dir), "restore", &text(&backup)]).await;
    assert!(!ok && printed.contains("--replace"), "{printed}");
    assert_eq!(std::fs::read(data_dir.join("woxly.db")).expect("still there"), b"precious");
    let (ok, printed) = woxly(&["--data-dir", &text(&data_dir), "restore", "--replace", &text(&backup)]).await;
    assert!(ok && printed.contains("users: 1"), "{printed}");
    let kept: Vec<_> = std::fs::read_dir(&data_dir)
        .expect("data dir")
        .flatten()
        .filter(|f| f.file_name().to_string_lossy().starts_with("woxly.db.replaced-"))
        .collect();
    assert_eq!(kept.len(), 1, "the replaced database is kept beside");
    assert_eq!(std::fs::read(kept[0].path()).expect("kept"), b"precious");
}
