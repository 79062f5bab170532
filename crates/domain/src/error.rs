//! The errors a user can meet. Each carries a stable `code` (docs/api.md) and a human message; the edges map
//! the kind to a status code and never add internals.

pub use woxly_protocol::error::ErrorCode;

/// What went wrong, in terms of the product.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input breaks a rule (AUTH-1 and the like); `code` names the rule.
    #[error("{message}")]
    Invalid { code: ErrorCode, message: String },
    /// Unique username taken (AUTH-2).
    #[error("this username is already taken")]
    UsernameTaken,
    /// Unique email taken (AUTH-2).
    #[error("this email is already registered")]
    EmailTaken,
    /// Login failed; the same answer for an unknown user and a wrong password.
    #[error("wrong login or password")]
    InvalidCredentials,
    /// AUTH-8: the password was right; the account also needs a code from its authenticator app.
    #[error("enter the code from your authenticator app")]
    TwoFactorRequired,
    /// AUTH-8: the password was right, the code was not (or was already used).
    #[error("that code is not right")]
    InvalidTwoFactorCode,
    /// No valid session: missing, malformed, forged, expired or revoked token.
    #[error("authentication required")]
    Unauthorized,
    /// The thing does not exist or the caller may not see it.
    #[error("not found")]
    NotFound,
    /// A user named by id or WOXLY ID does not exist (FRIEND-2's own code).
    #[error("there is no such user")]
    UnknownUser,
    /// The caller may see the thing but not do this to it.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The request is valid but the current state does not allow it.
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },
    /// Too many of one kind of action (MSG-2, MSG-4, typing): wait this long.
    #[error("too many actions; slow down")]
    RateLimited { retry_after_ms: u64 },
    /// Over an operator's limit (FILE-2: file size, files per message, a user's total): `limit` says
    /// how far one may go.
    #[error("{message}")]
    TooLarge { code: ErrorCode, message: String, limit: u64 },
    /// Something on our side failed; the message is for logs only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Invalid { code, message: message.into() }
    }

    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Conflict { code, message: message.into() }
    }

    /// The stable machine-readable code of docs/api.md.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid { code, .. } | Self::Conflict { code, .. } | Self::TooLarge { code, .. } => *code,
            Self::UsernameTaken => ErrorCode::UsernameTaken,
            Self::EmailTaken => ErrorCode::EmailTaken,
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::TwoFactorRequired => ErrorCode::TwoFactorRequired,
            Self::InvalidTwoFactorCode => ErrorCode::InvalidTwoFactorCode,
            Self::Unauthorized => ErrorCode::Unauthorized,
            Self::NotFound => ErrorCode::NotFound,
            Self::UnknownUser => ErrorCode::UserNotFound,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Internal(_) => ErrorCode::InternalError,
        }
    }
}

impl From<crate::store::StoreError> for Error {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::{StoreError, UniqueField};
        match e {
            StoreError::Duplicate(UniqueField::Username) => Self::UsernameTaken,
            StoreError::Duplicate(UniqueField::Email) => Self::EmailTaken,
            // A WOXLY ID collision is retried by the accounts service; reaching here is a bug.
            StoreError::Duplicate(UniqueField::WoxlyId) => Self::Internal("woxly id collision".into()),
            StoreError::Duplicate(UniqueField::Attachment) => {
                Self::invalid(ErrorCode::InvalidAttachment, "a file is sent on one message")
            }
            StoreError::Duplicate(UniqueField::FriendRequest) => {
                Self::conflict(ErrorCode::RequestAlreadySent, "a friend request to this user is already pending")
            }
            StoreError::Backend(msg) => Self::Internal(msg),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
