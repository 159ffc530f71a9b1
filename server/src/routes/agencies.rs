use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use domain::AgencyPublic;

use crate::AppState;
use crate::security::CurrentAgency;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/agencies/{agency}", get(show))
}

/// What a widget needs to render the agency's form: its name and topics.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}", tag = "agencies",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, body = AgencyPublic), (status = 404, description = "No such agency")))]
pub async fn show(agency: CurrentAgency) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"))], Json(agency.public()))
}
