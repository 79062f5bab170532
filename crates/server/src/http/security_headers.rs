//! QUALITY-7: the headers that tell a browser what our pages may do, on every response.

use axum::{
    extract::State,
    http::{HeaderName, HeaderValue, header},
    response::Response,
};

/// What the web client needs and nothing more: its own scripts (no inline script, no other origin;
/// `wasm-unsafe-eval` compiles RNNoise's WebAssembly, VOICE-10), its own styles plus inline ones
/// (React's `style` attributes and the toast library's injected sheet), images and media from itself
/// and from `blob:`/`data:` (previews of files being attached, inlined icons), and connections only
/// to itself (REST and the WebSocket). No page may frame ours.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; \
     img-src 'self' blob: data:; \
     media-src 'self' blob:; \
     font-src 'self' data:; \
     connect-src 'self'; \
     worker-src 'self' blob:; \
     object-src 'none'; \
     base-uri 'self'; \
     form-action 'self'; \
     frame-ancestors 'none'";

/// Signed file links are secrets for 15 minutes (FILE-2): no `Referer` carries them to a linked site.
const REFERRER_POLICY: &str = "no-referrer";

/// The microphone, the camera and screen capture for our own page only (VIDEO-1, VIDEO-2); nothing else
/// a chat has no use for.
const PERMISSIONS_POLICY: &str =
    "microphone=(self), camera=(self), display-capture=(self), geolocation=(), payment=(), usb=()";

/// Browsers that have seen our HTTPS once refuse plain HTTP to this host for a year (SAFE-1).
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Adds the headers to a response (those a handler set itself stay); HSTS only when the server speaks
/// HTTPS (`https`): over plain HTTP a browser ignores it, and a server without HTTPS must not promise it.
pub async fn add(State(https): State<bool>, mut response: Response) -> Response {
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::REFERRER_POLICY, REFERRER_POLICY),
        (HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    for (name, value) in fixed {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(STRICT_TRANSPORT_SECURITY));
    }
    response
}
