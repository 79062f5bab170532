//! The wire contract of `docs/api.md`: what crosses REST and Socket.IO, in the exact names and shapes
//! clients written to the seed expect. The server converts domain values into these types at its edge.

pub mod ack;
pub mod attachments;
pub mod auth;
pub mod calls;
pub mod chat;
#[cfg(test)]
mod contract_table;
pub mod error;
pub mod events;
pub mod friends;
pub mod health;
pub mod media;
pub mod notifications;
pub mod rooms;
pub mod signaling;
pub mod text;
#[cfg(test)]
mod typescript;
pub mod user;
pub mod voice;
