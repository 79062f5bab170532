//! AUTH-3 through the real accounts service on a real database: when every four-digit WOXLY ID is
//! taken, registration widens to five digits instead of looping.

use std::sync::Arc;

use async_trait::async_trait;
use woxly_domain::service::{
    accounts::Accounts,
    events::{Audience, EventSink, ServerEvent},
    limits::LocalLimits,
    tokens::Tokens,
    two_factor::TwoFactorAuth,
};
use woxly_store::{SqlStore, test_support::TestDatabase};

struct NoEvents;

#[async_trait]
impl EventSink for NoEvents {
    async fn publish(&self, _: Audience, _: ServerEvent) {}
    async fn disconnect(&self, _: Audience) {}
    async fn hear(&self, _: Audience, _: i64) {}
    async fn stop_hearing(&self, _: Audience, _: i64) {}
}

#[tokio::test]
async fn registration_widens_to_five_digits_once_all_four_digit_ids_are_taken() {
    let db = TestDatabase::fresh().await;
    let store = Arc::new(SqlStore::connect(&db.url).await.expect("store"));
    db.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 9999) \
         INSERT INTO users (woxly_id, username, username_key, email, email_key, password_hash, created_at) \
         SELECT 'WX' || i, 'u' || i, 'u' || i, 'u' || i || '@x.io', 'u' || i || '@x.io', '-', 0 FROM n",
    )
    .await;

    let two_factor = Arc::new(TwoFactorAuth::new(store.clone(), &LocalLimits));
    let accounts = Accounts::new(store, Arc::new(NoEvents), Tokens::new(&[7; 32]), two_factor, 3600);
    for n in 0..3 {
        let signed_in = accounts
            .register(&format!("late{n}"), &format!("late{n}@x.io"), "password", Default::default())
            .await
            .expect("registers");
        let id = signed_in.user.woxly_id.0;
        assert!(id.len() == 7 && id[2..].bytes().all(|b| b.is_ascii_digit()), "{id}");
    }
}
