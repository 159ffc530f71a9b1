//! The whole router: each feature's routes with their layers, the OpenAPI document collected from the same
//! handlers, health, and the static files.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;

use crate::platform::security::limit_writes;
use crate::{
    AppState, Error, agencies, assets, console, consultations, embed, follows, health, metrics, openapi, opendata,
    questions, ratings, staff,
};

/// Largest accepted JSON body: a 5,000-character question in 4-byte characters, with room to spare.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Staff write answers of up to 20,000 characters.
pub const MAX_STAFF_BODY_BYTES: usize = 256 * 1024;
/// A pasted draft may hold 2,000,000 characters of Vietnamese (up to 3 bytes each in UTF-8), with room for JSON.
pub const MAX_DRAFT_BODY_BYTES: usize = 8 * 1024 * 1024;

pub fn app(state: AppState) -> Router {
    // What citizens' widgets call, per agency: behind the agency guard (origins, CORS) and the write limit.
    let agency_api = OpenApiRouter::new()
        .merge(agencies::http::public_router())
        .merge(questions::http::router())
        .merge(ratings::http::public_router())
        .merge(consultations::http::router())
        .merge(opendata::http::archive_router())
        .merge(follows::http::router())
        .layer(from_fn_with_state(state.clone(), limit_writes))
        .layer(from_fn_with_state(state.clone(), agencies::agency_guard))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    // Staff routes are outside the agency guard, so they never answer CORS: only same-origin pages and API
    // clients (bearer tokens) reach them.
    let staff_api = OpenApiRouter::new()
        .merge(staff::http::router())
        .merge(agencies::http::admin_router())
        .merge(questions::queue::router())
        .merge(ratings::http::staff_router())
        .layer(DefaultBodyLimit::max(MAX_STAFF_BODY_BYTES))
        // Merged after the staff limit with its own, so a pasted draft may be larger than any other staff write.
        .merge(consultations::staff::router().layer(DefaultBodyLimit::max(MAX_DRAFT_BODY_BYTES)));
    // Downloads of public data (CSV, JSON pages, feeds, Open311): read-only GETs for any program anywhere, so
    // outside the agency guard and open to every origin.
    let open_data = opendata::http::open_router();
    // An unsubscribe link is opened from a mail program: no Origin, no session, so outside the guard; its
    // POST still counts against the per-address write limit.
    let unsubscribe = follows::http::unsubscribe_router()
        .layer(from_fn_with_state(state.clone(), limit_writes))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    let (api, document) = OpenApiRouter::with_openapi(openapi::base())
        .merge(agency_api)
        .merge(staff_api)
        .merge(open_data)
        .merge(unsubscribe)
        .split_for_parts();
    Router::new()
        .merge(api)
        .route("/api/v1/openapi.json", get(openapi::serve(&document)))
        .route("/metrics", get(metrics::guarded))
        .merge(health::router())
        .merge(assets::router(&state.config))
        .merge(console::router(&state.config))
        .merge(embed::router(&state.config))
        .fallback(|| async { Error::NotFound })
        .layer(from_fn_with_state(state.clone(), health::watch_storage))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .with_state(state)
}
