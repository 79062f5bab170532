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
