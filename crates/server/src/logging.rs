//! Structured logs (QUALITY-5) that never contain passwords, tokens or message contents.
//!
//! Our own code never logs them. The transport crates below do at debug/trace level (every WebSocket
//! frame and Engine.IO packet, including the handshake's `auth: {token}`), so they are capped at
//! `info` whatever filter the operator asks for.

use tracing_subscriber::{EnvFilter, filter::ParseError};

use crate::config::LogFormat;

const WIRE_LEVEL_CRATES: [&str; 4] = ["tungstenite", "tokio_tungstenite", "engineioxide", "engineioxide_core"];

/// The operator's filter (`WOXLY_LOG`) with the wire-level crates capped.
pub fn filter(directives: &str) -> Result<EnvFilter, ParseError> {
    WIRE_LEVEL_CRATES.iter().try_fold(EnvFilter::try_new(directives)?, |filter, krate| {
        Ok(filter.add_directive(format!("{krate}=info").parse()?))
    })
}

/// Installs the global subscriber; call once, from `main`.
pub fn init(directives: &str, format: LogFormat) -> Result<(), ParseError> {
    let filter = filter(directives)?;
    match format {
        LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
        LogFormat::Json => tracing_subscriber::fmt().json().with_env_filter(filter).init(),
    }
    Ok(())
}
