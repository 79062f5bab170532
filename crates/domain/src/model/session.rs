//! A login session (AUTH-6): what a token points at, so logout can revoke it at once.

use rand::RngCore;

use crate::{model::UserId, time::Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// 128 random bits, hex; also the token's `sid` claim.
    pub id: String,
    pub user_id: UserId,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// AUTH-9: where it was opened, for the list of my sessions.
    pub origin: SessionOrigin,
    /// The last request or connection made with it (updated at most every few minutes).
    pub last_seen_at: Timestamp,
}

/// The device and address a session was opened from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionOrigin {
    /// "Chrome on Linux", or the program's name for other clients.
    pub device: String,
    pub address: String,
}

impl SessionOrigin {
    pub fn new(user_agent: Option<&str>, address: String) -> Self {
        Self { device: describe_device(user_agent), address }
    }
}

impl Session {
    pub fn new(user_id: UserId, lifetime_seconds: i64, origin: SessionOrigin) -> Self {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let now = Timestamp::now();
        Self {
            id: bytes.iter().map(|b| format!("{b:02x}")).collect(),
            user_id,
            created_at: now,
            expires_at: now.plus_seconds(lifetime_seconds),
            origin,
            last_seen_at: now,
        }
    }
}

/// A short name for a device from its `User-Agent`: the browser and the system ("Firefox on
/// Windows"), or the program's own name (`curl`, a bot). Only what a person needs to tell their
/// sessions apart; a full parser's detail would add nothing here.
pub fn describe_device(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent.map(str::trim).filter(|a| !a.is_empty()) else { return "unknown device".into() };
    const BROWSERS: [(&str, &str); 6] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: [(&str, &str); 6] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let browser = BROWSERS.iter().find(|(mark, _)| agent.contains(mark)).map(|(_, name)| *name);
    let system = SYSTEMS.iter().find(|(mark, _)| agent.contains(mark)).map(|(_, name)| *name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        _ => agent.split(['/', ' ']).next().unwrap_or(agent).chars().take(40).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn devices_are_named_by_browser_and_system_or_by_program() {
        let chrome =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(describe_device(Some(chrome)), "Chrome on Linux");
        let iphone =
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605 Version/18.0 Mobile Safari/604.1";
        assert_eq!(describe_device(Some(iphone)), "Safari on iOS");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/140.0 Safari/537.36 Edg/140.0";
        assert_eq!(describe_device(Some(edge)), "Edge on Windows");
        assert_eq!(describe_device(Some("curl/8.5.0")), "curl");
        assert_eq!(describe_device(None), "unknown device");
    }
}
