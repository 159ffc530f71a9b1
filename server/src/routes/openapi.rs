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
    paths(super::agencies::show, super::questions::create, super::questions::list, super::tracker::show,
        super::tracker::lookup, super::staff::log_in, super::staff::current, super::staff::log_out,
        super::staff::list_units, super::staff::save_unit, super::staff::save_settings, super::staff::add_origin,
        super::staff::save_topic, super::staff::list_accounts, super::staff::create_account, super::staff::disable_account, super::staff::audit_log,
        super::queue::queue, super::queue::show, super::queue::transition, super::queue::write_answer,
        super::queue::publish, super::queue::moderate, super::queue::record_offline),
    components(schemas(domain::NewQuestion, domain::QuestionReceipt, domain::PublicQuestion, domain::FieldErrors,
        domain::AgencyPublic, domain::Topic, domain::Lang, domain::QuestionStatus, domain::Field, domain::MessageKey,
        super::questions::QuestionList, domain::LookupRequest, domain::TrackedQuestion, domain::TimelineStep,
        domain::tracker::AgencyRef, domain::Role, domain::Channel, domain::staff::LoginRequest,
        domain::staff::StaffSession, domain::staff::OfflineQuestion, domain::staff::QueueEntry,
        domain::staff::StaffEvent, domain::staff::StaffQuestion, domain::TransitionRequest, domain::AnswerRequest)),
    tags((name = "agencies"), (name = "questions"), (name = "tracker", description = "A citizen follows their question with its code and PIN"),
        (name = "staff", description = "Agency staff: a session cookie (same origin) or `Authorization: Bearer`; never CORS"))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(document))
}

async fn document() -> impl IntoResponse {
    // A public description with no credentials involved: any origin may read it.
    ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"))], Json(ApiDoc::openapi()))
}
