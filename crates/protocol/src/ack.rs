//! Acknowledgements: the server answers every client event that asks for one with
//! `{ok: true, ...}` or `{ok: false, error, code}`.

use serde::Serialize;

/// A refused event's acknowledgement.
#[derive(Debug, Serialize)]
pub struct AckError {
    pub ok: bool,
    pub error: String,
    pub code: &'static str,
}

impl AckError {
    pub fn new(code: &'static str, error: impl Into<String>) -> Self {
        Self { ok: false, error: error.into(), code }
    }
}

impl From<&woxly_domain::Error> for AckError {
    /// A refused event answers with the same code and message a REST route would; internals stay out.
    fn from(e: &woxly_domain::Error) -> Self {
        match e {
            woxly_domain::Error::Internal(_) => Self::new(e.code(), "internal error"),
            _ => Self::new(e.code(), e.to_string()),
        }
    }
}
