//! Uploads refused before their body is read — too large by their `Content-Length`, or to a room the
//! caller may not see — are answered while the client is still sending. Closing the connection then
//! would make the client's next write fail (EPIPE, RFC 9112 §9.6) before it reads the answer, so it sees
//! a network error instead of `413 file_too_large` or `404`. This layer hands the body to the handler
//! through a channel; once the handler is done with it, the rest is read and thrown away in the
//! background, up to a number of bytes and a time, and only then is the connection let go. (hyper has
//! no such setting, and tower-http no such layer.)

use std::time::Duration;

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use futures_util::StreamExt;
use tokio::{sync::mpsc, time::Instant};

/// How much of an unread body is read and discarded after the answer, at most.
#[derive(Debug, Clone, Copy)]
pub struct DrainLimit {
    pub bytes: u64,
    pub time: Duration,
}

pub async fn drain_unread_body(State(limit): State<DrainLimit>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let (to_handler, from_client) = mpsc::channel::<Result<Bytes, axum::Error>>(8);
    tokio::spawn(forward_then_drain(body, to_handler, limit));
    let handler_body = futures_util::stream::unfold(from_client, |mut from_client| async move {
        from_client.recv().await.map(|chunk| (chunk, from_client))
    });
    next.run(Request::from_parts(parts, Body::from_stream(handler_body))).await
}

/// Passes the body on while the handler reads it; once it stops (its answer is out), discards the rest.
async fn forward_then_drain(body: Body, to_handler: mpsc::Sender<Result<Bytes, axum::Error>>, limit: DrainLimit) {
    let mut chunks = body.into_data_stream();
    while let Some(chunk) = chunks.next().await {
        if to_handler.send(chunk).await.is_err() {
            break;
        }
    }
    let deadline = Instant::now() + limit.time;
    let mut discarded: u64 = 0;
    while discarded <= limit.bytes {
        match tokio::time::timeout_at(deadline, chunks.next()).await {
            Ok(Some(Ok(chunk))) => discarded += chunk.len() as u64,
            Ok(Some(Err(_)) | None) | Err(_) => return,
        }
    }
}
