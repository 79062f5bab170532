//! The error body of every failed request: `{"error": "<human message>", "code": "<snake_case_code>"}`.

use serde::Serialize;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub error: String,
    pub code: &'static str,
    /// Seconds to wait, on `429 rate_limited` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The limit that was exceeded, on `413` only (bytes, or files per message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
}
