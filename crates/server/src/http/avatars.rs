//! Avatars over REST (AUTH-7): `PUT /api/users/me/avatar` makes one from an uploaded picture, `DELETE`
//! clears it, and `GET /api/avatars/:key` serves it, without a token (`<img src>` sends none), to
//! anyone with its URL.

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Multipart, Request, State, multipart::MultipartRejection},
    http::{HeaderValue, StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, put},
};
use serde::Deserialize;
use tower::ServiceExt;
use tower_http::services::ServeFile;
use woxly_domain::{Error, model::AttachmentKind, store::ProfileChanges};
use woxly_protocol::{error::ErrorCode, user::UserResponse};

use crate::{
    attachments::inspect::{self, SNIFF_BYTES},
    avatars::AvatarSize,
    http::{
        attachments::{DRAIN_AT_LEAST_BYTES, DRAIN_FOR, FRAMING_BYTES, internal, invalid_upload},
        drain::{DrainLimit, drain_unread_body},
        error::{ApiError, ApiResult},
        extract::{ApiPath, ApiQuery, AuthUser},
    },
    state::AppState,
};

/// The largest picture taken for an avatar (a phone's photo fits).
pub const MAX_AVATAR_BYTES: u64 = 10 * 1024 * 1024;

/// Served avatars never change under their URL.
const CACHE_FOR_EVER: &str = "public, max-age=31536000, immutable";

pub fn router() -> Router<AppState> {
    let body_limit = usize::try_from(MAX_AVATAR_BYTES + FRAMING_BYTES).unwrap_or(usize::MAX);
    let drain = DrainLimit { bytes: DRAIN_AT_LEAST_BYTES, time: DRAIN_FOR };
    let upload = put(upload)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(drain, drain_unread_body))
        .delete(clear);
    Router::new().route("/users/me/avatar", upload).route("/avatars/{key}", get(serve))
}

fn too_large() -> ApiError {
    Error::TooLarge {
        code: ErrorCode::FileTooLarge,
        message: format!("an avatar's picture is at most {MAX_AVATAR_BYTES} bytes"),
        limit: MAX_AVATAR_BYTES,
    }
    .into()
}

/// Reads the picture (at most [`MAX_AVATAR_BYTES`]), makes its two squares, and makes it my avatar;
/// the one it replaces is deleted.
async fn upload(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Json<UserResponse>> {
    let mut multipart = multipart.map_err(|_| invalid_upload())?;
    let mut bytes = Vec::new();
    let mut field = loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => break field,
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return Err(invalid_upload()),
        }
    };
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) if (bytes.len() + chunk.len()) as u64 > MAX_AVATAR_BYTES => return Err(too_large()),
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(invalid_upload()),
        }
    }
    if bytes.is_empty() {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::EmptyFile, "the file is empty"));
    }
    let (content_type, kind) = inspect::sniff(&bytes[..bytes.len().min(SNIFF_BYTES)]);
    if kind != AttachmentKind::Image {
        return Err(Error::invalid(ErrorCode::InvalidImage, "an avatar is a PNG, JPEG, WebP or GIF picture").into());
    }
    // Images are decoded one at a time: each decode may take hundreds of megabytes.
    let one_at_a_time = state.image_work.acquire().await.map_err(internal)?;
    let avatars = state.avatars.clone();
    let url = tokio::task::spawn_blocking(move || {
        let images = inspect::avatar(&bytes, &content_type)?;
        avatars.store(&images).map_err(internal)
    })
    .await
    .map_err(internal)??;
    drop(one_at_a_time);
    let user = match state.accounts.set_uploaded_avatar(caller.user.id, url.clone()).await {
        Ok(user) => user,
        Err(e) => {
            state.avatars.delete(Some(&url)).await;
            return Err(e.into());
        }
    };
    state.avatars.delete(caller.user.avatar_url.as_deref()).await;
    Ok(Json(UserResponse { user: user.own_view() }))
}

/// No avatar any more (its files deleted).
async fn clear(State(state): State<AppState>, AuthUser(caller): AuthUser) -> ApiResult<Json<UserResponse>> {
    let changes = ProfileChanges { username: None, avatar_url: Some(None) };
    let user = state.accounts.update_profile(caller.user.id, &changes).await?;
    state.avatars.delete(caller.user.avatar_url.as_deref()).await;
    Ok(Json(UserResponse { user: user.own_view() }))
}

/// `?size=small` for the small square; the large one without.
#[derive(Debug, Deserialize)]
struct SizeQuery {
    size: Option<String>,
}

async fn serve(
    State(state): State<AppState>,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<SizeQuery>,
    request: Request,
) -> ApiResult<Response> {
    let size = match query.size.as_deref() {
        None | Some("large") => AvatarSize::Large,
        Some("small") => AvatarSize::Small,
        Some(_) => return Err(Error::invalid(ErrorCode::InvalidQuery, "size is small or large").into()),
    };
    let (path, content_type) = state
        .avatars
        .file(&key, size)
        .ok_or_else(|| Error::invalid(ErrorCode::InvalidAvatarUrl, "this is not an avatar's URL"))?;
    let mime = content_type.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let Ok(served) = ServeFile::new_with_mime(path, &mime).oneshot(request).await;
    let mut response = served.into_response();
    if response.status() == StatusCode::NOT_FOUND {
        return Err(ApiError::not_found());
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_FOR_EVER));
    Ok(response)
}
