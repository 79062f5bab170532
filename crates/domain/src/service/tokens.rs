//! Session tokens (AUTH-6): HS256 JWTs whose `sid` names a stored session. The algorithm is pinned, so
//! `alg: none` and algorithm-confusion tokens are refused before any claim is read.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

use crate::{Error, model::Session};

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as a string (RFC 7519 makes `sub` a string).
    pub sub: String,
    /// The session id; the token is only as good as this session.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl Tokens {
    /// `secret` is the server's signing key: generated at first start, or given in the environment.
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation }
    }

    pub fn issue(&self, session: &Session) -> Result<String, Error> {
        let claims = Claims {
            sub: session.user_id.to_string(),
            sid: session.id.clone(),
            iat: session.created_at.millis() / 1000,
            exp: session.expires_at.millis() / 1000,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| Error::Internal(format!("token signing failed: {e}")))
    }

    /// The claims of a token with a valid signature that has not expired; anything else is unauthorized.
    pub fn verify(&self, token: &str) -> Result<Claims, Error> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|_| Error::Unauthorized)
    }
}
