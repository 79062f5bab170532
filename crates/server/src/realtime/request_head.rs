//! The head of a Socket.IO request, copied out of hyper's read buffer.
//!
//! hyper parses a request's URI and header values as slices of the connection's 16 KiB read buffer,
//! and engine.io keeps the head of every connection for the connection's whole life (axum also keeps
//! the URI as `OriginalUri`). One kept slice keeps the whole buffer: 16 KiB per idle connection, the
//! largest share of its memory. Copying the few hundred bytes of the head lets the buffer go at the
//! upgrade. No setting of hyper, axum or engine.io does this.

use axum::{
    extract::{OriginalUri, Request},
    http::{HeaderMap, HeaderValue, Uri},
};

/// The path engine.io serves; other requests are answered before their head could outlive them.
const SOCKET_IO_PATH: &str = "/socket.io/";

pub async fn copy_socket_request_head(mut request: Request) -> Request {
    if !request.uri().path().starts_with(SOCKET_IO_PATH) {
        return request;
    }
    let uri = owned_uri(request.uri());
    *request.uri_mut() = uri.clone();
    if let Some(original) = request.extensions_mut().get_mut::<OriginalUri>() {
        original.0 = uri;
    }
    *request.headers_mut() = owned_headers(request.headers());
    request
}

fn owned_uri(uri: &Uri) -> Uri {
    // Parsing a `String` allocates anew; the parts are valid, as they came from a valid URI.
    uri.to_string().parse().unwrap_or_else(|_| uri.clone())
}

fn owned_headers(headers: &HeaderMap) -> HeaderMap {
    let mut owned = HeaderMap::with_capacity(headers.len());
    // Every value with its name, repeated names included, in order.
    for (name, value) in headers {
        let mut copy = HeaderValue::from_bytes(value.as_bytes()).unwrap_or_else(|_| value.clone());
        copy.set_sensitive(value.is_sensitive());
        owned.append(name.clone(), copy);
    }
    owned
}

#[cfg(test)]
mod tests {
    use axum::body::{Body, Bytes};

    use super::*;

    /// A head parsed the way hyper parses one: URI and header values are slices of one buffer.
    fn request_in(buffer: &Bytes) -> Request {
        let slice = |text: &str| {
            let start = buffer.windows(text.len()).position(|w| w == text.as_bytes()).expect("in the buffer");
            buffer.slice(start..start + text.len())
        };
        let uri = Uri::from_maybe_shared(slice("/socket.io/?EIO=4&transport=websocket")).expect("uri");
        let mut request = Request::new(Body::empty());
        *request.uri_mut() = uri.clone();
        request.extensions_mut().insert(OriginalUri(uri));
        let headers = request.headers_mut();
        headers.append("cookie", HeaderValue::from_maybe_shared(slice("a=1")).expect("value"));
        headers.append("cookie", HeaderValue::from_maybe_shared(slice("b=2")).expect("value"));
        let mut secret = HeaderValue::from_maybe_shared(slice("Bearer t")).expect("value");
        secret.set_sensitive(true);
        headers.append("authorization", secret);
        request
    }

    #[tokio::test]
    async fn a_socket_request_keeps_its_head_but_not_the_read_buffer() {
        let buffer = Bytes::from(
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\ncookie: a=1\r\ncookie: b=2\r\nauthorization: Bearer t\r\n\r\n"
                .to_owned(),
        );
        let inside = |bytes: &[u8]| buffer.as_ptr_range().contains(&bytes.as_ptr());
        let original = request_in(&buffer);
        let (uri, headers) = (original.uri().clone(), original.headers().clone());

        let copied = copy_socket_request_head(original).await;

        assert_eq!(copied.uri(), &uri);
        assert_eq!(copied.headers(), &headers, "every value, in order, repeated names included");
        assert!(copied.headers()["authorization"].is_sensitive());
        assert!(!inside(copied.uri().path().as_bytes()));
        assert!(!inside(copied.extensions().get::<OriginalUri>().expect("kept").0.path().as_bytes()));
        assert!(copied.headers().values().all(|value| !inside(value.as_bytes())));
    }

    #[tokio::test]
    async fn other_requests_are_left_alone() {
        let buffer = Bytes::from(
            "GET /api/rooms/socket.io/ cookie: a=1 b=2 Bearer t /socket.io/?EIO=4&transport=websocket".to_owned(),
        );
        let mut request = request_in(&buffer);
        *request.uri_mut() = Uri::from_maybe_shared(buffer.slice(4..25)).expect("uri");
        let request = copy_socket_request_head(request).await;
        assert_eq!(request.uri().path(), "/api/rooms/socket.io/");
        assert!(buffer.as_ptr_range().contains(&request.headers()["cookie"].as_bytes().as_ptr()));
    }
}
