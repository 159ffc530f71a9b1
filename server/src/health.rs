//! Liveness and readiness, for operators and load balancers.

use axum::Json;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::error::{STORAGE_RETRY_AFTER_SECS, StorageFault};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

/// Alive when the database answers a read. A full disk does not make the process unhealthy: restarting it
/// would not help.
async fn healthz(State(state): State<AppState>) -> Result<&'static str> {
    sqlx::query("SELECT 1").execute(&state.db).await?;
    Ok("ok")
}

/// Ready when the database takes a write now, no request met a storage fault in the last 30 seconds, and
/// every migration this binary knows is applied. Otherwise 503 with `Retry-After` and the reason: for the
/// storage `disk_full`, `io_error`, `read_only`, `corrupt`, `out_of_memory`, `busy`, `unreachable` or
/// `other` (while it lasts, writes are answered 503 and nothing they carried is acknowledged); for the
/// schema `migrations_missing` (the database is older than the binary, e.g. an old backup restored under a
/// running server). The body also gives the migration the database is at and the one the binary expects.
async fn readyz(State(state): State<AppState>) -> Response {
    let expected = crate::db::latest_migration();
    let storage = state.storage.check(&state.db).await;
    let applied = crate::db::applied_migration(&state.db).await.ok();
    let migrations = json!({ "applied": applied, "expected": expected });
    let outcome = match (storage, applied) {
        (Err(reason), _) => Err(json!({ "storage": { "reason": reason }, "migrations": migrations })),
        (Ok(()), Some(applied)) if applied >= expected => Ok(()),
        (Ok(()), _) => Err(json!({ "schema": { "reason": "migrations_missing" }, "migrations": migrations })),
    };
    let mut response = match outcome {
        Ok(()) => (StatusCode::OK, Json(json!({ "status": "ready", "migrations": migrations }))).into_response(),
        Err(mut body) => {
            body["status"] = json!("unavailable");
            let mut response = (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(STORAGE_RETRY_AFTER_SECS));
            response
        }
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Remembers the storage faults that requests meet, for `/readyz`.
pub async fn watch_storage(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if let Some(StorageFault(reason)) = response.extensions().get::<StorageFault>() {
        state.storage.record(reason);
    }
    response
}
