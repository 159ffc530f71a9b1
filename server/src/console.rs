//! The staff console at `/staff/`: one HTML page for every address under it (so a deep link such as
//! `/staff/questions/K7M4Q-X9PRT` reloads onto the same screen), and its files at `/staff/assets/`, from
//! `pkg/console/` as `cargo xtask build` writes them. Same origin as the staff API, so the session cookie
//! (HttpOnly, SameSite=Strict) works and no CORS is ever needed; nothing here answers CORS.

use std::path::PathBuf;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

use crate::{AppState, Config, Error};

/// Only our own files: scripts (and wasm compiled from them), styles and calls to this origin; no inline
/// script or style, no framing by anyone.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

pub fn router(config: &Config) -> Router<AppState> {
    let dir = config.widgets_dir.join("console");
    let page = dir.join("index.html");
    let shell = move || page_at(page.clone());
    Router::new()
        .route("/staff", get(shell.clone()))
        .route("/staff/", get(shell.clone()))
        .route("/staff/{*screen}", get(shell))
        .nest_service("/staff/assets", ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(from_fn(console_headers))
}

/// The console's page, read for each request so that a new build is served without a restart.
async fn page_at(page: PathBuf) -> Response {
    match tokio::fs::read_to_string(&page).await {
        Ok(html) => Html(html).into_response(),
        Err(_) => {
            tracing::warn!("the staff console is not built (cargo xtask build writes pkg/console/)");
            Error::NotFound.into_response()
        }
    }
}

async fn console_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    let success = response.status().is_success();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let hashed = path.starts_with("/staff/assets/") && crate::assets::is_content_hashed(&path);
    let cache = if hashed { "private, max-age=31536000, immutable" } else { "no-cache" };
    if success {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}
