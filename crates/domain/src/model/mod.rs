//! The things WOXLY talks about.

pub mod session;
pub mod status;
pub mod user;
pub mod woxly_id;

pub use session::Session;
pub use status::Status;
pub use user::{NewUser, User, UserId};
pub use woxly_id::WoxlyId;
