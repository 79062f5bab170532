//! WOXLY's domain: what a user, a session and a status are, the rules that govern them, the storage
//! traits the rules write through, and the services that apply them and publish the wire events of
//! `woxly-protocol`. Knows nothing of HTTP, sockets or SQL.

pub mod error;
pub mod model;
pub mod service;
pub mod store;
pub mod time;
pub mod wire;

pub use error::{Error, ErrorCode, Result};
