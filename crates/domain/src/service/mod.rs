//! The services: each applies one capability's rules, writes through the [`Store`](crate::store::Store)
//! and publishes what happened as [`events::Event`]s for the edges to deliver.

pub mod account_deletion;
pub mod accounts;
pub mod attachments;
pub mod calls;
pub mod chat;
pub mod events;
pub mod friends;
pub mod limits;
pub mod live;
pub mod notifications;
pub mod passwords;
pub mod presence;
pub mod rooms;
pub mod tokens;
pub mod two_factor;
