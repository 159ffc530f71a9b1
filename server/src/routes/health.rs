use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// Healthy when the database answers.
async fn healthz(State(state): State<AppState>) -> Result<&'static str> {
    sqlx::query("SELECT 1").execute(&state.db).await?;
    Ok("ok")
}
