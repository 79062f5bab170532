//! Extractors that answer in our error format: JSON bodies and the authenticated caller.

use axum::{
    extract::{FromRequest, FromRequestParts, Path, Query, Request, rejection::JsonRejection},
    http::{
        HeaderMap, StatusCode, Uri,
        header::{AUTHORIZATION, HOST},
        request::Parts,
        uri::Authority,
    },
};
use serde::de::DeserializeOwned;
use woxly_domain::{Error, service::accounts::Caller};
use woxly_protocol::{error::ErrorCode, text};

use crate::{http::error::ApiError, state::AppState};

/// The host (and port) the client asked for: the `Host` header in HTTP/1.1, the `:authority` (in the
/// URI) in HTTP/2, which has no `Host` header.
pub fn requested_host<'a>(headers: &'a HeaderMap, uri: &'a Uri) -> Option<&'a str> {
    (headers.get(HOST).and_then(|h| h.to_str().ok())).or_else(|| uri.authority().map(|a| a.as_str()))
}

/// The host name the client asked for, without its port (an IPv6 literal keeps its brackets, as it
/// is written in URLs); `None` when the request names none, or nothing that reads as `host[:port]`.
pub fn requested_host_name(headers: &HeaderMap, uri: &Uri) -> Option<String> {
    let authority: Authority = requested_host(headers, uri)?.parse().ok()?;
    let host = authority.host();
    // A user name (`user@host`) has no place in a Host header, and `http` takes any text for a port.
    let with_port = authority.as_str().len() > host.len();
    let valid = !host.is_empty() && !authority.as_str().contains('@') && (!with_port || authority.port_u16().is_some());
    valid.then(|| host.to_owned())
}

/// `axum::Json`, but a malformed, mistyped, oversized or untyped body gets `{error, code}`, and one
/// with a NUL character in any of its texts `400 invalid_characters`.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let axum::Json(value) =
            axum::Json::<serde_json::Value>::from_request(req, state).await.map_err(json_rejection)?;
        if text::has_nul(&value) {
            return Err(nul_refused());
        }
        serde_json::from_value(value)
            .map(Self)
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidBody, e.to_string()))
    }
}

pub fn nul_refused() -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidCharacters, "text may not contain the NUL character")
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidBody, e.body_text())
        }
        JsonRejection::JsonSyntaxError(_) => {
            ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson, "the request body is not valid JSON")
        }
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "send the body as JSON with Content-Type: application/json",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, "the request body is too large")
        }
        other => ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidBody, other.body_text()),
    }
}

/// `axum::Query`, but a malformed query string gets `400 invalid_query`.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if parts.uri.query().is_some_and(text::query_has_nul) {
            return Err(nul_refused());
        }
        Query::<T>::from_request_parts(parts, state).await.map(|Query(value)| Self(value)).map_err(|e| {
            // Said in the contract's words, not the framework's ("Failed to deserialize query string: …").
            let detail = e.body_text();
            let detail = detail.strip_prefix("Failed to deserialize query string: ").unwrap_or(&detail);
            ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidQuery, format!("invalid query string: {detail}"))
        })
    }
}

/// `axum::Path`, but an id that is not a number names nothing: `404 not_found`.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| Self(value))
            .map_err(|_| ApiError::not_found())
    }
}

/// The caller behind `Authorization: Bearer <token>`; any problem with the token is 401.
pub struct AuthUser(pub Caller);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(Error::Unauthorized)?;
        Ok(Self(state.accounts.authenticate(token.trim()).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_name(host: Option<&str>, uri: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        if let Some(host) = host {
            headers.insert(HOST, host.parse().expect("header value"));
        }
        requested_host_name(&headers, &uri.parse().expect("uri"))
    }

    #[test]
    fn the_host_name_is_read_without_its_port_and_ipv6_keeps_its_brackets() {
        assert_eq!(host_name(Some("example.com:7878"), "/").as_deref(), Some("example.com"));
        assert_eq!(host_name(Some("example.com"), "/").as_deref(), Some("example.com"));
        assert_eq!(host_name(Some("[::1]:7878"), "/").as_deref(), Some("[::1]"));
        assert_eq!(host_name(Some("[::1]"), "/").as_deref(), Some("[::1]"));
        // HTTP/2 names it in the URI (`:authority`), with no Host header.
        assert_eq!(host_name(None, "https://chat.example.com:8443/rooms").as_deref(), Some("chat.example.com"));
    }

    #[test]
    fn a_host_that_is_no_host_name_is_none() {
        for bad in ["", "example.com:port", "user@example.com", "[::1", "a b", ":7878"] {
            assert_eq!(host_name(Some(bad), "/"), None, "{bad:?}");
        }
        assert_eq!(host_name(None, "/"), None);
    }
}
