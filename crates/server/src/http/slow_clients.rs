//! Slow clients cannot hold connections (and upload slots) for ever: a request's head must arrive
//! within the request timeout (hyper's header read timeout, set where the server is built), and its
//! body must keep coming, at least [`MIN_BYTES_PER_WINDOW`] in every timeout-long window. A body that
//! stalls ends the request with `408 request_timeout` and the connection is closed. A slow but moving
//! upload (a phone on a bad network) is not affected; a trickle of a few bytes a second is.

use std::{
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body::{Frame, SizeHint};
use hyper_util::{rt::TokioExecutor, rt::TokioTimer, server::conn::auto::Builder};
use tokio::time::{Instant, Sleep};
use woxly_protocol::error::ErrorCode;

use crate::http::error::ApiError;

/// Below this many bytes in a window, a body has stalled (about 34 bytes a second at 30 s).
pub const MIN_BYTES_PER_WINDOW: u64 = 1024;

/// A request head slower than `timeout` ends its connection (HTTP/1; HTTP/2 heads come in frames of a
/// connection already open).
pub fn time_out_slow_heads(builder: &mut Builder<TokioExecutor>, timeout: Duration) {
    builder.http1().timer(TokioTimer::new()).header_read_timeout(timeout);
}

pub async fn keep_bodies_moving(State(window): State<Duration>, request: Request, next: Next) -> Response {
    let stalled = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| Body::new(Paced::new(body, window, stalled.clone())));
    let response = next.run(request).await;
    if !stalled.load(Ordering::Relaxed) {
        return response;
    }
    let mut refusal =
        ApiError::new(StatusCode::REQUEST_TIMEOUT, ErrorCode::RequestTimeout, "the request body stopped coming")
            .into_response();
    refusal.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    refusal
}

#[derive(Debug, thiserror::Error)]
#[error("the request body stalled")]
struct Stalled;

/// A body that errs once a window passes with too little of it. The window's timer is made the first
/// time the body is waited for: most bodies arrive whole at once and never need one.
struct Paced {
    inner: Body,
    window: Duration,
    window_ends: Option<Pin<Box<Sleep>>>,
    received_in_window: u64,
    stalled: Arc<AtomicBool>,
}

impl Paced {
    fn new(inner: Body, window: Duration, stalled: Arc<AtomicBool>) -> Self {
        Self { inner, window, window_ends: None, received_in_window: 0, stalled }
    }
}

impl http_body::Body for Paced {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled {
            this.received_in_window += frame.data_ref().map_or(0, |data| data.len() as u64);
        }
        if polled.is_ready() {
            return polled;
        }
        // Nothing now: at the end of each window, the body must have moved enough.
        let window = this.window;
        let window_ends = this.window_ends.get_or_insert_with(|| Box::pin(tokio::time::sleep(window)));
        while window_ends.as_mut().poll(cx).is_ready() {
            if this.received_in_window < MIN_BYTES_PER_WINDOW {
                this.stalled.store(true, Ordering::Relaxed);
                return Poll::Ready(Some(Err(axum::Error::new(Stalled))));
            }
            this.received_in_window = 0;
            window_ends.as_mut().reset(Instant::now() + window);
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
