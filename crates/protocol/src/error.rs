//! The error body of every failed request: `{"error": "<human message>", "code": "<snake_case_code>"}`.

use serde::Serialize;

#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub error: String,
    pub code: &'static str,
    /// Seconds to wait, on `429 rate_limited` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retry_after: Option<u64>,
    /// The limit that was exceeded, on `413` only (bytes, or files per message).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub limit: Option<u64>,
}
