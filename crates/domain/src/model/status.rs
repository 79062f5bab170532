//! Presence statuses (STATUS-1).

use serde::Serialize;

use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Online,
    Away,
    Busy,
    Offline,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Away => "away",
            Self::Busy => "busy",
            Self::Offline => "offline",
        }
    }

    /// Reads a stored status; anything unknown reads as offline rather than failing a whole query.
    pub fn from_stored(s: &str) -> Self {
        Self::chosen(s).unwrap_or(Self::Offline)
    }

    /// A status a connected user may choose (STATUS-2). `offline` is not chosen: it is what the
    /// server sets when the last connection closes.
    pub fn chosen(s: &str) -> Result<Self, Error> {
        match s {
            "online" => Ok(Self::Online),
            "away" => Ok(Self::Away),
            "busy" => Ok(Self::Busy),
            _ => Err(Error::invalid("invalid_status", "status must be online, away or busy")),
        }
    }
}
