//! The whole router. Each resource has its own `router()`; this file merges them and adds the layers.

mod agencies;
mod assets;
mod health;
pub mod openapi;
mod queue;
mod questions;
mod staff;
mod tracker;

pub use questions::backfill;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;

use crate::{AppState, Error};
use crate::security::{agency_guard, limit_writes};

/// Largest accepted JSON body: a 5,000-character question in 4-byte characters, with room to spare.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Staff write answers of up to 20,000 characters.
pub const MAX_STAFF_BODY_BYTES: usize = 256 * 1024;

pub fn app(state: AppState) -> Router {
    let agency_api = Router::new()
        .merge(agencies::router())
        .merge(questions::router())
        .merge(tracker::router())
        .layer(from_fn_with_state(state.clone(), limit_writes))
        .layer(from_fn_with_state(state.clone(), agency_guard));
    // Staff routes are outside the agency guard, so they never answer CORS: only same-origin pages and API
    // clients (bearer tokens) reach them.
    let staff_api = Router::new().merge(staff::router()).merge(queue::router()).layer(DefaultBodyLimit::max(MAX_STAFF_BODY_BYTES));
    let api = Router::new()
        .merge(agency_api)
        .merge(openapi::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .merge(staff_api);
    Router::new()
        .merge(api)
        .merge(health::router())
        .merge(assets::router(&state.config))
        .fallback(|| async { Error::NotFound })
        .layer(from_fn_with_state(state.clone(), health::watch_storage))
        .with_state(state)
}
