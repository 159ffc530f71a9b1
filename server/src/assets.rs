//! The built widgets at `/widgets/` and the demo pages at `/demo/`.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

use crate::{AppState, Config};

pub fn router(config: &Config) -> Router<AppState> {
    // `cargo xtask build` writes a .br and a .gz beside each file, so nothing is compressed per request.
    let widgets = ServeDir::new(&config.widgets_dir).precompressed_br().precompressed_gzip();
    let mut router = Router::new().nest_service("/widgets", widgets).layer(from_fn(widget_headers));
    if let Some(demo_dir) = &config.demo_dir {
        router = router
            .nest_service("/demo", ServeDir::new(demo_dir))
            .route("/", get(|| async { Redirect::temporary("/demo/") }));
    }
    router
}

/// Content-hashed files never change and are cached for a year; the loader's stable URL is cached briefly so
/// a new release reaches pages within minutes. Any page may load them: they are public code.
async fn widget_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    // The staff console's files are built beside the widgets but served only under `/staff/`, with its CSP.
    if path.starts_with("/widgets/console/") || path == "/widgets/console" {
        return crate::Error::NotFound.into_response();
    }
    let mut response = next.run(req).await;
    if !path.starts_with("/widgets/") || !response.status().is_success() {
        return response;
    }
    let cache = if is_content_hashed(&path) { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("cross-origin"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// `tuongtac-3f9a0c1d2b4e5f60.wasm` → true: the name carries sixteen hex digits of the content's hash.
pub fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}
