//! The gate of every `/api/v1/agencies/{agency}/…` request: the agency must exist, writes must come from
//! one of its allowed origins (or the server's own, for its embed pages), and CORS is answered to those origins only.

use std::ops::Deref;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Agency;
use crate::{AppState, Error};

/// The headers a widget sends on a write.
const ALLOWED_HEADERS: &str = "content-type, idempotency-key";

/// Guards every `/api/v1/agencies/{agency}/…` request: the agency must exist; writes must come from one of
/// its allowed origins; CORS is answered to those origins only; preflights are answered here. The agency is
/// handed to the handler so it is read once.
pub async fn agency_guard(State(state): State<AppState>, mut req: Request, next: Next) -> Result<Response, Error> {
    let slug = agency_slug(req.uri().path()).ok_or(Error::NotFound)?.to_owned();
    if !domain::agency::is_valid_slug(&slug) {
        return Err(Error::NotFound);
    }
    let agency = super::find_cached(&state.agencies, &state.db, &slug).await?.ok_or(Error::NotFound)?;
    let origin = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_owned);
    // The server's own origin serves only our embed pages, which only the agency's origins may frame.
    let own = state.config.public_origin.as_deref();
    let allowed_origin = origin.filter(|o| agency.allows_origin(o) || own == Some(o.as_str()));
    let is_preflight =
        req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let is_write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);

    if (is_preflight || is_write) && allowed_origin.is_none() {
        return Err(Error::OriginNotAllowed);
    }
    let mut response = if is_preflight {
        let mut preflight = StatusCode::NO_CONTENT.into_response();
        let headers = preflight.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        preflight
    } else {
        req.extensions_mut().insert(agency);
        next.run(req).await
    };
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed_origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("retry-after"));
    }
    Ok(response)
}

/// `/api/v1/agencies/{slug}/…` → `slug`.
fn agency_slug(path: &str) -> Option<&str> {
    path.strip_prefix("/api/v1/agencies/")?.split('/').next().filter(|s| !s.is_empty())
}

/// The agency a request is for, as `agency_guard` found it: shared, not copied, on every request.
pub struct CurrentAgency(Arc<Agency>);

impl Deref for CurrentAgency {
    type Target = Agency;

    fn deref(&self) -> &Agency {
        &self.0
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for CurrentAgency {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        let agency =
            parts.extensions.get::<Arc<Agency>>().ok_or_else(|| Error::Internal("agency guard not applied".into()))?;
        Ok(CurrentAgency(Arc::clone(agency)))
    }
}
