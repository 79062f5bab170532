//! `GET /api/health`.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct HealthResponse {
    /// `ok`, or `unavailable` when the database does not answer.
    pub status: &'static str,
    pub version: &'static str,
    pub database: &'static str,
    /// With `--voice-mode sfu`: what the forwarding server has done since it started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaHealth>,
}

/// The forwarding server's counters (VOICE-14), for an operator.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaHealth {
    /// Peer connections open now (two per person in a room's voice).
    pub connections: u64,
    pub forwarded_frames: u64,
    /// Voice frames held back while louder voices talked.
    pub quieter_voice_frames: u64,
    /// Datagrams that were not STUN, DTLS, RTP or RTCP.
    pub malformed: u64,
    /// Datagrams no connection claimed.
    pub unclaimed: u64,
    /// Datagrams a connection refused.
    pub refused: u64,
    /// Datagrams over their connection's budget.
    pub over_budget: u64,
    /// Connections closed for never completing ICE and DTLS.
    pub never_connected: u64,
}
