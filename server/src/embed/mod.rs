//! `/embed/{widget}`: the iframe the loader falls back to on a host page whose Content-Security-Policy
//! refuses to compile WebAssembly. The page holds one widget element with the attributes it was given, loads
//! the loader from this origin under its own strict CSP, and may be framed only by the agency's origins.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::platform::html::escape;
use crate::{AppState, Config, Error, agencies};

/// The embed page's script: theme, size and events, told to the host page by `postMessage`.
const FRAME_JS: &str = include_str!("frame.js");

/// The widgets an embed page may hold: those of the build in the widgets folder, as `cargo xtask build` lists
/// them in `embed.json`, so the server keeps no list of its own. Without a build, no embed page is served.
pub fn router(config: &Config) -> Router<AppState> {
    let widgets: Arc<[String]> = std::fs::read(config.widgets_dir.join("embed.json"))
        .ok()
        .and_then(|json| serde_json::from_slice::<Build>(&json).ok())
        .map(|build| build.widgets.into())
        .unwrap_or_default();
    Router::new()
        .route("/embed/frame.js", get(frame_js))
        .route("/embed/{widget}", get(move |state, widget, query| page(state, widget, query, Arc::clone(&widgets))))
}

#[derive(serde::Deserialize)]
struct Build {
    widgets: Vec<String>,
}

async fn frame_js() -> Response {
    let mut response = FRAME_JS.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// `GET /embed/ask?agency=demo&origin=https://portal…&lang=vi&topic=…&--tuongtac-accent=…`: 404 for an
/// unknown widget or agency, 403 when `origin` (the host page, to which the page posts) is not the agency's.
async fn page(
    State(state): State<AppState>,
    Path(widget): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    widgets: Arc<[String]>,
) -> Result<Response, Error> {
    if !widgets.contains(&widget) {
        return Err(Error::NotFound);
    }
    let param = |name: &str| params.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    let slug = param("agency").filter(|s| domain::agency::is_valid_slug(s)).ok_or(Error::NotFound)?;
    let agency = agencies::find_cached(&state.agencies, &state.db, slug).await?.ok_or(Error::NotFound)?;
    if !param("origin").is_some_and(|origin| agency.allows_origin(origin)) {
        return Err(Error::OriginNotAllowed);
    }
    let lang = param("lang").filter(|l| is_lang(l)).unwrap_or("vi");
    let mut attributes = String::new();
    for (name, value) in params.iter().filter(|(name, _)| is_widget_attribute(name)) {
        attributes.push_str(&format!(" {name}=\"{}\"", escape(value)));
    }
    // Links the widget shows (the tracker's page) lead the host page there, not the iframe.
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Tương Tác</title>\
         <base target=\"_top\">\
         <script src=\"/widgets/tuongtac.js\" defer></script><script src=\"/embed/frame.js\" defer></script>\
         </head><body><tuongtac-{widget}{attributes}></tuongtac-{widget}></body></html>"
    );
    let mut response = axum::response::Html(html).into_response();
    let headers = response.headers_mut();
    let csp = csp(&agency.origins);
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).map_err(|e| Error::Internal(e.to_string()))?,
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

/// The embed page's own policy: only this origin's scripts (and its wasm), calls and styles, and only the
/// agency's origins may frame it. Stored origins are normalised (`normalise_origin`), so they are safe here.
fn csp(origins: &[String]) -> String {
    let ancestors = if origins.is_empty() { "'none'".to_owned() } else { origins.join(" ") };
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; \
         img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )
}

/// `vi`, `en`, `en-GB`: a language tag's letters, digits and hyphens.
fn is_lang(lang: &str) -> bool {
    (2..=16).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A widget attribute is lower-case letters, digits and hyphens; `agency` and `lang` are among them. Never an
/// event handler (`on…`) or `style`, and not `origin`, which only the embed page's script reads.
fn is_widget_attribute(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && name.len() <= 40
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with("on")
        && !matches!(name, "style" | "origin" | "id" | "class" | "slot" | "part")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_attributes_pass() {
        for name in ["agency", "lang", "tracker-url", "topic", "mode", "scope", "consultation"] {
            assert!(is_widget_attribute(name), "{name}");
        }
        for name in ["onclick", "style", "origin", "--tuongtac-accent", "x\"y", "", "Agency", "a b"] {
            assert!(!is_widget_attribute(name), "{name}");
        }
    }

    #[test]
    fn frame_ancestors_are_the_agencys_origins_or_none() {
        assert!(csp(&[]).ends_with("frame-ancestors 'none'"));
        let two = csp(&["https://a.gov.vn".into(), "http://localhost:8080".into()]);
        assert!(two.ends_with("frame-ancestors https://a.gov.vn http://localhost:8080"));
        assert!(!two.contains("unsafe-inline"));
    }
}
