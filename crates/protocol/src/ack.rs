//! Acknowledgements: the server answers every client event that asks for one with
//! `{ok: true, ...}` or `{ok: false, error, code}`.

use serde::Serialize;

use crate::error::ErrorCode;

/// A refused event's acknowledgement.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AckError {
    pub ok: bool,
    pub error: String,
    pub code: ErrorCode,
    /// Milliseconds to wait, on `rate_limited` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retry_after_ms: Option<u64>,
    /// The limit exceeded, on the codes REST answers with `413` (too many files on a message).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub limit: Option<u64>,
}

impl AckError {
    pub fn new(code: ErrorCode, error: impl Into<String>) -> Self {
        Self { ok: false, error: error.into(), code, retry_after_ms: None, limit: None }
    }

    /// Too many events from this user: wait `retry_after_ms` (QUALITY-3).
    pub fn rate_limited(retry_after_ms: u64) -> Self {
        Self { retry_after_ms: Some(retry_after_ms), ..Self::new(ErrorCode::RateLimited, "too many events; slow down") }
    }
}
