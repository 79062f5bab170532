//! `GET /api/health`.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct HealthResponse {
    /// `ok`, or `unavailable` when the database does not answer.
    pub status: &'static str,
    pub version: &'static str,
    pub database: &'static str,
}
