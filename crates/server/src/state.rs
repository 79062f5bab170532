//! What every handler can reach: the services and the store.

use std::sync::Arc;

use woxly_domain::{
    service::{accounts::Accounts, friends::Friends, notifications::Notifications, presence::Presence},
    store::Store,
};

#[derive(Clone)]
pub struct AppState {
    pub accounts: Arc<Accounts>,
    pub friends: Arc<Friends>,
    pub notifications: Arc<Notifications>,
    pub presence: Arc<Presence>,
    pub store: Arc<dyn Store>,
}
