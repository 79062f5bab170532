//! The web client at `/`: the built files of `web/dist` with SPA fallback to `index.html`, or, while
//! the client is not built, a page that says how to build it.

use std::path::Path;

use axum::{Router, response::Html};
use tower_http::services::{ServeDir, ServeFile};

pub fn router(web_dir: &Path) -> Router {
    let index = web_dir.join("index.html");
    if index.is_file() {
        return Router::new().fallback_service(ServeDir::new(web_dir).fallback(ServeFile::new(index)));
    }
    let page = format!(
        "<!doctype html><meta charset=utf-8><title>WOXLY</title>\
         <h1>WOXLY is running</h1>\
         <p>The web client is not built: there is no <code>{}</code>. \
         In a checkout of WOXLY that has the web client (<code>web/</code>), <code>make run</code> \
         builds it and starts the server.</p>\
         <p>The REST API is under <code>/api</code> (try <a href=/api/health>/api/health</a>) \
         and Socket.IO at <code>/socket.io/</code>.</p>",
        html_escape(&index.display().to_string())
    );
    Router::new().fallback(move || std::future::ready(Html(page.clone())))
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
