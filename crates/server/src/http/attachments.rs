//! Files over REST (FILE-1…FILE-3): upload to a room, links for a member, the signed download, and
//! cancelling an upload not sent. Sending one is `attachmentIds` on a message.

use std::{
    io::{Read, Write},
    time::Duration,
};
use woxly_protocol::error::ErrorCode;

use tokio::io::AsyncWriteExt;

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Multipart, Request, State, multipart::MultipartRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;
use tower::ServiceExt;
use tower_http::services::ServeFile;
use woxly_domain::{
    Error,
    model::{Attachment, AttachmentKind, NewAttachment, attachment::clean_name},
    time::Timestamp,
};
use woxly_protocol::attachments::{AttachmentLinks, SignedLink, UploadLimits, UploadResponse};

use crate::{
    attachments::{
        inspect::{self, SNIFF_BYTES},
        links::Variant,
    },
    http::{
        drain::{DrainLimit, drain_unread_body},
        error::{ApiError, ApiResult},
        extract::{ApiPath, ApiQuery, AuthUser},
    },
    state::AppState,
};

/// What a multipart body holds besides the file: boundaries and the part's headers.
pub(crate) const FRAMING_BYTES: u64 = 64 * 1024;

/// Downloads run in a sandbox with nothing allowed: an uploaded page or SVG opened directly can run
/// no script in WOXLY's origin and load nothing.
const DOWNLOAD_CSP: &str = "default-src 'none'; sandbox";

/// What is read and thrown away of an upload answered before its end (see `drain`): a body a few times
/// over the limit is read to its end on any network; a larger one, or one slower than this, is cut.
pub(crate) const DRAIN_AT_LEAST_BYTES: u64 = 1 << 30;
pub(crate) const DRAIN_FOR: Duration = Duration::from_secs(30);

pub fn router(max_file_bytes: u64) -> Router<AppState> {
    let body_limit = usize::try_from(max_file_bytes.saturating_add(FRAMING_BYTES)).unwrap_or(usize::MAX);
    let drain = DrainLimit { bytes: DRAIN_AT_LEAST_BYTES.max(max_file_bytes.saturating_mul(4)), time: DRAIN_FOR };
    let upload = post(upload)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(drain, drain_unread_body));
    Router::new()
        .route("/rooms/{id}/attachments", upload)
        .route("/attachments/limits", get(limits))
        .route("/attachments/{id}", get(links).delete(cancel))
        .route("/attachments/{id}/{variant}", get(download))
}

pub(crate) fn invalid_upload() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidUpload,
        "send the file as multipart/form-data, in a part named file",
    )
}

/// FILE-1: the limits, for clients to check a file before uploading it.
async fn limits(State(state): State<AppState>, AuthUser(_): AuthUser) -> Json<UploadLimits> {
    let limits = state.attachments.limits;
    Json(UploadLimits {
        max_file_bytes: limits.max_file_bytes,
        max_files_per_message: u64::try_from(limits.max_per_message).unwrap_or(u64::MAX),
    })
}

/// FILE-1: streams the part named `file` to a temporary file (counting and hashing it), reads what
/// it is, and stores it once complete.
async fn upload(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(room_id): ApiPath<i64>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<(StatusCode, Json<UploadResponse>)> {
    let user = caller.user.id;
    let limits = state.attachments.limits;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.max_file_bytes.saturating_add(FRAMING_BYTES)) {
        return Err(limits.file_too_large().into());
    }
    state.attachments.check_upload(user, room_id, 0).await?;
    let mut multipart = multipart.map_err(|_| invalid_upload())?;
    let mut field = loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => break field,
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return Err(invalid_upload()),
        }
    };
    let name = clean_name(field.file_name().unwrap_or("file"));

    // Dropped (and so deleted) on every way out but the one that stores it.
    let received = NamedTempFile::new_in(state.files.tmp_dir()).map_err(internal)?;
    let mut writer = tokio::fs::File::from_std(received.as_file().try_clone().map_err(internal)?);
    let mut hash = Sha256::new();
    let mut size: u64 = 0;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            // Past the body limit, or the client went away.
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(limits.file_too_large().into()),
            Err(_) => return Err(invalid_upload()),
        };
        size += chunk.len() as u64;
        if size > limits.max_file_bytes {
            return Err(limits.file_too_large().into());
        }
        hash.update(&chunk);
        writer.write_all(&chunk).await.map_err(internal)?;
    }
    writer.flush().await.map_err(internal)?;
    drop(writer);
    if size == 0 {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::EmptyFile, "the file is empty"));
    }

    let tmp_dir = state.files.tmp_dir();
    let digest = format!("{:x}", hash.finalize());
    // Images are decoded one at a time: each decode may take hundreds of megabytes.
    let one_at_a_time = state.image_work.acquire().await.map_err(internal)?;
    let stored =
        tokio::task::spawn_blocking(move || prepare(received, digest, size, &tmp_dir)).await.map_err(internal)??;
    drop(one_at_a_time);
    state.attachments.check_upload(user, room_id, stored.size).await?;

    let new = NewAttachment {
        room_id,
        uploader_id: user,
        name,
        content_type: stored.content_type,
        kind: stored.kind,
        size: stored.size,
        sha256: stored.sha256.clone(),
        width: stored.width,
        height: stored.height,
        thumbnail: stored.thumbnail.as_ref().map(|(_, content_type)| (*content_type).to_owned()),
    };
    let placing = state.files.lock().await;
    let files = state.files.clone();
    let thumbnail = stored.thumbnail.map(|(path, _)| path);
    tokio::task::spawn_blocking(move || files.place(stored.file, &stored.sha256, thumbnail))
        .await
        .map_err(internal)?
        .map_err(internal)?;
    let attachment = state.attachments.record(&new).await?;
    drop(placing);
    tracing::info!(
        attachment = attachment.id,
        room = room_id,
        size = attachment.size,
        kind = attachment.kind.as_str(),
        "file uploaded"
    );
    Ok((StatusCode::CREATED, Json(UploadResponse { attachment: (&attachment).into() })))
}

/// A received file made ready to store.
struct Prepared {
    file: tempfile::TempPath,
    sha256: String,
    size: u64,
    content_type: String,
    kind: AttachmentKind,
    width: Option<u32>,
    height: Option<u32>,
    thumbnail: Option<(tempfile::TempPath, &'static str)>,
}

/// Reads the type from the first bytes; an image is read whole, measured, stripped of metadata and
/// given a thumbnail. Blocking: file reads and image decoding.
fn prepare(
    received: NamedTempFile,
    sha256: String,
    size: u64,
    tmp_dir: &std::path::Path,
) -> Result<Prepared, ApiError> {
    let path = received.into_temp_path();
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let file = std::fs::File::open(&path).map_err(internal)?;
    file.take(SNIFF_BYTES as u64).read_to_end(&mut head).map_err(internal)?;
    let (content_type, kind) = inspect::sniff(&head);
    let mut prepared =
        Prepared { file: path, sha256, size, content_type, kind, width: None, height: None, thumbnail: None };
    if kind != AttachmentKind::Image {
        return Ok(prepared);
    }
    let bytes = std::fs::read(&prepared.file).map_err(internal)?;
    let picture = inspect::picture(&bytes, &prepared.content_type)?;
    prepared.width = Some(picture.width);
    prepared.height = Some(picture.height);
    if let Some(cleaned) = picture.cleaned.filter(|cleaned| *cleaned != bytes) {
        prepared.sha256 = format!("{:x}", Sha256::digest(&cleaned));
        prepared.size = cleaned.len() as u64;
        prepared.file = written(tmp_dir, &cleaned)?;
        // A re-encoded photo (turned upright) is a JPEG whatever it came as.
        prepared.content_type = inspect::sniff(&cleaned).0;
    }
    let (thumbnail, content_type) = picture.thumbnail;
    prepared.thumbnail = Some((written(tmp_dir, &thumbnail)?, content_type));
    Ok(prepared)
}

fn written(tmp_dir: &std::path::Path, bytes: &[u8]) -> Result<tempfile::TempPath, ApiError> {
    let mut file = NamedTempFile::new_in(tmp_dir).map_err(internal)?;
    file.write_all(bytes).map_err(internal)?;
    Ok(file.into_temp_path())
}

pub(crate) fn internal(e: impl std::fmt::Display) -> ApiError {
    Error::Internal(format!("storing a file: {e}")).into()
}

/// FILE-3: the attachment and links to it, signed for the caller.
async fn links(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AttachmentLinks>> {
    let user = caller.user.id;
    let attachment = state.attachments.for_member(user, id).await?;
    let (url, expires) = state.links.link(id, Variant::File, user);
    let thumbnail_url = attachment.thumbnail.as_ref().map(|_| state.links.link(id, Variant::Thumbnail, user).0);
    Ok(Json(AttachmentLinks {
        attachment: (&attachment).into(),
        url,
        thumbnail_url,
        expires_at: Timestamp(expires * 1000).to_rfc3339(),
    }))
}

/// Cancels an upload of the caller's that was not sent.
async fn cancel(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.attachments.delete_unsent(caller.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// FILE-3: the bytes, for a genuine unexpired link of someone who is still a member; any other link
/// is `404` (a link without its query, `400`). Images, audio and video are shown in the page; everything else only downloads.
async fn download(
    State(state): State<AppState>,
    ApiPath((id, variant)): ApiPath<(i64, String)>,
    ApiQuery(link): ApiQuery<SignedLink>,
    request: Request,
) -> ApiResult<Response> {
    let variant = match variant.as_str() {
        "file" => Variant::File,
        "thumbnail" => Variant::Thumbnail,
        _ => return Err(ApiError::not_found()),
    };
    if !state.links.verify(id, variant, link.u, link.e, &link.s) {
        return Err(ApiError::not_found());
    }
    let attachment = state.attachments.for_member(link.u, id).await?;
    let (path, content_type) = match (variant, &attachment.thumbnail) {
        (Variant::File, _) => (state.files.path(&attachment.sha256), attachment.content_type.as_str()),
        (Variant::Thumbnail, Some(content_type)) => {
            (state.files.thumbnail_path(&attachment.sha256), content_type.as_str())
        }
        (Variant::Thumbnail, None) => return Err(ApiError::not_found()),
    };
    // Only what the page shows goes out as its type; anything else (a page, an SVG) as bytes.
    let shown = attachment.kind.is_inline() || variant == Variant::Thumbnail;
    let mime = if shown {
        content_type.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM)
    } else {
        mime::APPLICATION_OCTET_STREAM
    };
    // ServeFile answers ranges (seeking in a video) and conditional requests.
    let Ok(served) = ServeFile::new_with_mime(path, &mime).oneshot(request).await;
    let mut response = served.into_response();
    if response.status() == StatusCode::NOT_FOUND {
        tracing::error!(attachment = id, "a recorded file is missing from the files directory");
        return Err(ApiError::not_found());
    }
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DOWNLOAD_CSP));
    let max_age = (link.e - Timestamp::now().millis() / 1000).max(0);
    if let Ok(value) = HeaderValue::from_str(&format!("private, max-age={max_age}")) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition(&attachment, variant)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `inline` for what the page shows, `attachment` (a download, never rendered) for the rest; the
/// name as an ASCII fallback and in UTF-8 (RFC 6266).
fn disposition(attachment: &Attachment, variant: Variant) -> String {
    let how = if attachment.kind.is_inline() || variant == Variant::Thumbnail { "inline" } else { "attachment" };
    let ascii: String =
        attachment.name.chars().map(|c| if c.is_ascii_graphic() && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let encoded = utf8_percent_encode(&attachment.name, NON_ALPHANUMERIC);
    format!("{how}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
