//! What every handler can reach: the services and the store.

use std::sync::Arc;

use woxly_domain::{
    service::{
        accounts::Accounts, calls::Calls, chat::Chat, friends::Friends, notifications::Notifications,
        presence::Presence, rooms::Rooms,
    },
    store::Store,
};

#[derive(Clone)]
pub struct AppState {
    pub accounts: Arc<Accounts>,
    pub calls: Arc<Calls>,
    pub chat: Arc<Chat>,
    pub friends: Arc<Friends>,
    pub notifications: Arc<Notifications>,
    pub presence: Arc<Presence>,
    pub rooms: Arc<Rooms>,
    pub store: Arc<dyn Store>,
}
