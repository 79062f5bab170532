//! One conformance suite for every backend: run as is on SQLite, and with `WOXLY_TEST_POSTGRES` set on
//! PostgreSQL. Each test gets a fresh database.

use std::sync::Arc;

use woxly_domain::{
    model::{NewUser, Session, Status, WoxlyId},
    store::{ProfileChanges, Sessions, Store, StoreError, UniqueField, Users},
    time::Timestamp,
};
use woxly_store::{SqlStore, test_support::TestDatabase};

async fn fresh_store() -> (TestDatabase, Arc<SqlStore>) {
    let db = TestDatabase::fresh().await;
    let store = SqlStore::connect(&db.url).await.expect("connect and migrate");
    (db, Arc::new(store))
}

fn new_user(woxly_id: &str, username: &str, email: &str) -> NewUser {
    NewUser {
        woxly_id: WoxlyId(woxly_id.into()),
        username: username.into(),
        email: email.into(),
        password_hash: "$argon2id$stub".into(),
    }
}

fn duplicate_of(result: Result<impl std::fmt::Debug, StoreError>) -> UniqueField {
    match result {
        Err(StoreError::Duplicate(field)) => field,
        other => panic!("expected a duplicate, got {other:?}"),
    }
}

#[tokio::test]
async fn creates_and_reads_users() {
    let (_db, store) = fresh_store().await;
    let created = store.create_user(&new_user("WX1234", "Иван", "Ivan@Example.com")).await.expect("create");
    assert_eq!(created.woxly_id.0, "WX1234");
    assert_eq!(created.username, "Иван");
    assert_eq!(created.status, Status::Offline);
    assert_eq!(store.user_by_id(created.id).await.expect("read"), Some(created.clone()));
    assert_eq!(store.user_by_id(created.id + 1000).await.expect("read"), None);
    assert_eq!(store.backend_name(), if _db.is_postgres() { "postgres" } else { "sqlite" });
    store.ping().await.expect("ping");
}

#[tokio::test]
async fn unique_rules_ignore_letter_case_cyrillic_too() {
    let (_db, store) = fresh_store().await;
    store.create_user(&new_user("WX1000", "Иван", "a@b.c")).await.expect("create");
    assert_eq!(duplicate_of(store.create_user(&new_user("WX1001", "иВАН", "x@y.z")).await), UniqueField::Username);
    assert_eq!(duplicate_of(store.create_user(&new_user("WX1002", "petr", "A@B.C")).await), UniqueField::Email);
    assert_eq!(duplicate_of(store.create_user(&new_user("WX1000", "petr", "p@b.c")).await), UniqueField::WoxlyId);
}

#[tokio::test]
async fn concurrent_creates_of_one_username_let_exactly_one_win() {
    let (_db, store) = fresh_store().await;
    let attempts = (0..20).map(|i| {
        let store = store.clone();
        let name = if i % 2 == 0 { "Racer" } else { "rACER" };
        tokio::spawn(async move {
            store.create_user(&new_user(&format!("WX{}", 2000 + i), name, &format!("r{i}@x.io"))).await
        })
    });
    let mut wins = 0;
    for attempt in attempts {
        match attempt.await.expect("task") {
            Ok(_) => wins += 1,
            Err(e) => assert!(matches!(e, StoreError::Duplicate(UniqueField::Username)), "{e:?}"),
        }
    }
    assert_eq!(wins, 1);
}

#[tokio::test]
async fn finds_credentials_by_email_or_username_in_any_case() {
    let (_db, store) = fresh_store().await;
    let user = store.create_user(&new_user("WX1234", "Ёжик", "Hedge@Hog.io")).await.expect("create");
    for login in ["ёЖИК", "hedge@hog.io", "HEDGE@HOG.IO"] {
        let found = store.credentials_by_login(login).await.expect("read").expect("found");
        assert_eq!(found.user.id, user.id, "{login}");
        assert_eq!(found.password_hash, "$argon2id$stub");
    }
    assert!(store.credentials_by_login("nobody").await.expect("read").is_none());
}

#[tokio::test]
async fn updates_profiles_and_keeps_usernames_unique() {
    let (_db, store) = fresh_store().await;
    let a = store.create_user(&new_user("WX1111", "alice", "a@x.io")).await.expect("create");
    store.create_user(&new_user("WX2222", "bob", "b@x.io")).await.expect("create");

    let changes =
        ProfileChanges { username: Some("Алиса".into()), avatar_url: Some(Some("https://x.io/a.png".into())) };
    let updated = store.update_profile(a.id, &changes).await.expect("update").expect("exists");
    assert_eq!((updated.username.as_str(), updated.avatar_url.as_deref()), ("Алиса", Some("https://x.io/a.png")));
    assert_eq!(updated.woxly_id, a.woxly_id);

    let untouched = store.update_profile(a.id, &ProfileChanges::default()).await.expect("update").expect("exists");
    assert_eq!(untouched, updated);
    let cleared = store
        .update_profile(a.id, &ProfileChanges { username: None, avatar_url: Some(None) })
        .await
        .expect("update")
        .expect("exists");
    assert_eq!(cleared.avatar_url, None);

    let taken = ProfileChanges { username: Some("BOB".into()), avatar_url: None };
    assert_eq!(duplicate_of(store.update_profile(a.id, &taken).await), UniqueField::Username);
    assert_eq!(store.user_by_id(a.id).await.expect("read").expect("exists").username, "Алиса");
    assert!(store.update_profile(9999, &ProfileChanges::default()).await.expect("update").is_none());
}

#[tokio::test]
async fn statuses_are_stored_and_reset_at_start() {
    let (_db, store) = fresh_store().await;
    let a = store.create_user(&new_user("WX1111", "alice", "a@x.io")).await.expect("create");
    let b = store.create_user(&new_user("WX2222", "bob", "b@x.io")).await.expect("create");
    store.set_status(a.id, Status::Busy).await.expect("status");
    store.set_status(b.id, Status::Online).await.expect("status");
    assert_eq!(store.user_by_id(a.id).await.expect("read").expect("exists").status, Status::Busy);
    assert_eq!(store.set_everyone_offline().await.expect("reset"), 2);
    assert_eq!(store.user_by_id(b.id).await.expect("read").expect("exists").status, Status::Offline);
}

#[tokio::test]
async fn sessions_are_live_until_revoked_or_expired() {
    let (_db, store) = fresh_store().await;
    let user = store.create_user(&new_user("WX1111", "alice", "a@x.io")).await.expect("create");
    let session = Session::new(user.id, 3600);
    store.create_session(&session).await.expect("create session");

    let (live, owner) = store.live_session(&session.id, Timestamp::now()).await.expect("read").expect("live");
    assert_eq!((live, owner.id), (session.clone(), user.id));
    let after_expiry = session.expires_at.plus_seconds(1);
    assert!(store.live_session(&session.id, after_expiry).await.expect("read").is_none());
    assert!(store.live_session("no-such-session", Timestamp::now()).await.expect("read").is_none());

    assert!(store.revoke_session(&session.id).await.expect("revoke"));
    assert!(!store.revoke_session(&session.id).await.expect("revoke"));
    assert!(store.live_session(&session.id, Timestamp::now()).await.expect("read").is_none());
}
