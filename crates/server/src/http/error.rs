//! The one error type of the HTTP edge: every failure becomes docs/api.md's `{error, code}` with its status.
//! Internal failures are logged with their context and answered with a generic message.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use woxly_domain::Error;
use woxly_protocol::error::{ErrorBody, ErrorCode};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    /// Seconds, on 429 only.
    pub retry_after: Option<u64>,
    /// The limit exceeded, on 413 only.
    pub limit: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), retry_after: None, limit: None }
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, "not found")
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let status = match &e {
            Error::Invalid { .. } | Error::UsernameTaken | Error::EmailTaken => StatusCode::BAD_REQUEST,
            Error::InvalidCredentials
            | Error::Unauthorized
            | Error::TwoFactorRequired
            | Error::InvalidTwoFactorCode => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::NotFound | Error::UnknownUser => StatusCode::NOT_FOUND,
            Error::Conflict { .. } => StatusCode::CONFLICT,
            Error::TooLarge { limit, .. } => {
                return Self {
                    limit: Some(*limit),
                    ..Self::new(StatusCode::PAYLOAD_TOO_LARGE, e.code(), e.to_string())
                };
            }
            Error::RateLimited { retry_after_ms } => {
                let seconds = retry_after_ms.div_ceil(1000).max(1);
                return Self {
                    retry_after: Some(seconds),
                    ..Self::new(StatusCode::TOO_MANY_REQUESTS, e.code(), e.to_string())
                };
            }
            Error::Internal(context) => {
                tracing::error!(%context, "request failed");
                return Self::new(StatusCode::INTERNAL_SERVER_ERROR, e.code(), "internal error");
            }
        };
        Self::new(status, e.code(), e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: self.message, code: self.code, retry_after: self.retry_after, limit: self.limit };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
