//! Presence statuses (STATUS-1): the wire's set of names, which the store keeps too.

pub use woxly_protocol::user::Status;

use crate::Error;
use crate::ErrorCode;

/// A status a connected user may choose (STATUS-2), or `invalid_status`.
pub fn chosen(s: &str) -> Result<Status, Error> {
    Status::chosen(s).ok_or_else(|| Error::invalid(ErrorCode::InvalidStatus, "status must be online, away or busy"))
}
