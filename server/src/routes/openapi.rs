//! The OpenAPI document, generated from the handlers' annotations and the domain types.

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Tương Tác API", description = "Questions and answers between citizens and state agencies \
        (Decree 42/2022/NĐ-CP Art. 8–9). Writes need an Origin allowed for the agency."),
    paths(super::agencies::show, super::questions::create, super::questions::list),
    components(schemas(domain::NewQuestion, domain::QuestionReceipt, domain::PublicQuestion, domain::FieldErrors,
        domain::AgencyPublic, domain::Topic, domain::Lang, domain::QuestionStatus, domain::Field, domain::MessageKey,
        super::questions::QuestionList)),
    tags((name = "agencies"), (name = "questions"))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(document))
}

async fn document() -> impl IntoResponse {
    // A public description with no credentials involved: any origin may read it.
    ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"))], Json(ApiDoc::openapi()))
}
