//! The services: each applies one capability's rules, writes through the [`Store`](crate::store::Store)
//! and publishes what happened as [`events::Event`]s for the edges to deliver.

pub mod account_deletion;
pub mod accounts;
pub mod attachments;
pub mod busy;
pub mod calls;
pub mod chat;
pub mod events;
pub mod friends;
pub mod limits;
pub mod live;
pub mod notifications;
pub mod passwords;
pub mod presence;
pub mod room_notifications;
pub mod rooms;
pub mod tokens;
pub mod two_factor;

use std::sync::Arc;

use crate::store::Store;

/// What most services use: made once at start and handed to each `new`, so that a service's fields
/// and constructor name only what it adds.
#[derive(Clone)]
pub struct Shared {
    pub store: Arc<dyn Store>,
    pub events: Arc<dyn events::EventSink>,
    pub live: Arc<dyn live::LiveStore>,
    pub notifications: Arc<notifications::Notifications>,
    pub presence: Arc<presence::Presence>,
}
