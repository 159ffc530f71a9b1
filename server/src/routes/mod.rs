//! The whole router. Each resource has its own `router()`; this file merges them and adds the layers.

mod agencies;
mod assets;
mod health;
pub mod openapi;
mod questions;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;

use crate::{AppState, Error};
use crate::security::{agency_guard, limit_writes};

/// Largest accepted JSON body: a 5,000-character question in 4-byte characters, with room to spare.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub fn app(state: AppState) -> Router {
    let agency_api = Router::new()
        .merge(agencies::router())
        .merge(questions::router())
        .layer(from_fn_with_state(state.clone(), limit_writes))
        .layer(from_fn_with_state(state.clone(), agency_guard));
    let api = Router::new().merge(agency_api).merge(openapi::router()).layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    Router::new()
        .merge(api)
        .merge(health::router())
        .merge(assets::router(&state.config))
        .fallback(|| async { Error::NotFound })
        .with_state(state)
}
