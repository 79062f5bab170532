//! `POST /api/auth/register` and `POST /api/auth/login`.

use serde::{Deserialize, Serialize};

use crate::user::User;

#[derive(Debug, Deserialize)]
pub struct RegisterRequest {
    pub username: String,
    pub email: String,
    pub password: String,
}

/// `login` is an email or a username; `email` or `username` is accepted in its place.
#[derive(Debug, Deserialize)]
pub struct LoginRequest {
    pub login: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub password: String,
    /// AUTH-8: the code from the authenticator app (or a recovery code), for accounts that need one.
    pub code: Option<String>,
}

impl LoginRequest {
    pub fn login(&self) -> Option<&str> {
        self.login.as_deref().or(self.email.as_deref()).or(self.username.as_deref())
    }
}

/// Register and login answer `{user, token}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct AuthResponse {
    pub user: User,
    pub token: String,
}

/// The Socket.IO handshake's `auth` payload: `io(url, {auth: {token}})`.
#[derive(Debug, Deserialize)]
pub struct SocketAuth {
    pub token: String,
}

/// AUTH-8: what an authenticator app needs to start (`POST /api/auth/2fa/setup`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorSetupResponse {
    pub secret: String,
    pub otpauth_url: String,
    /// `data:image/png;base64,…`: the otpauth URL as a QR code.
    pub qr_code: String,
}

/// A code from the app (or, to turn it off, a recovery code).
#[derive(Debug, Deserialize)]
pub struct TwoFactorCodeRequest {
    pub code: String,
}

/// `POST /api/auth/2fa/enable`: the recovery codes, shown this once.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodesResponse {
    pub recovery_codes: Vec<String>,
}

/// `GET /api/auth/2fa`.
#[derive(Debug, Serialize, Deserialize)]
pub struct TwoFactorStatusResponse {
    pub enabled: bool,
}

/// AUTH-9: one of my sessions, as the settings list them.
#[derive(Debug, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub id: String,
    /// "Chrome on Linux", or a program's name.
    pub device: String,
    /// The client address it signed in from.
    pub address: String,
    pub created_at: String,
    pub last_seen_at: String,
    /// The session of this request.
    pub current: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SessionsResponse {
    pub sessions: Vec<SessionView>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}
