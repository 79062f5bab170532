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
}

impl LoginRequest {
    pub fn login(&self) -> Option<&str> {
        self.login.as_deref().or(self.email.as_deref()).or(self.username.as_deref())
    }
}

/// Register and login answer `{user, token}`.
#[derive(Debug, Serialize)]
pub struct AuthResponse {
    pub user: User,
    pub token: String,
}

/// The Socket.IO handshake's `auth` payload: `io(url, {auth: {token}})`.
#[derive(Debug, Deserialize)]
pub struct SocketAuth {
    pub token: String,
}
