//! Staff handlers for questions: the queue, one question, moves, the answer, publication, moderation, and
//! questions received offline. Each checks the role, calls the feature's functions and writes the answer.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::staff::{ModerationRequest, OfflineQuestion, PublicationRequest, Queue, QueueParams, StaffQuestion};
use domain::{AnswerRequest, QuestionReceipt, Role, TransitionRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::WORKERS;
use crate::extract::Json;
use crate::openapi::{StaffRead, StaffWrite};
use crate::staff::StaffMember;
use crate::{AppState, Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue, record_offline))
        .routes(routes!(show))
        .routes(routes!(transition))
        .routes(routes!(write_answer))
        .routes(routes!(publish))
        .routes(routes!(moderate))
}

/// The agency's questions, most urgent (earliest due) first, filtered.
#[utoipa::path(get, path = "/api/v1/staff/questions", tag = "staff", params(QueueParams),
    responses((status = 200, body = Queue), StaffRead))]
pub async fn queue(
    State(state): State<AppState>,
    member: StaffMember,
    params: Result<Query<QueueParams>, QueryRejection>,
) -> Result<axum::Json<Queue>> {
    member.require_any(WORKERS)?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    Ok(axum::Json(super::queue(&state, &member, params).await?))
}

/// One question with its contact details (for officers and admins) and its full history.
#[utoipa::path(get, path = "/api/v1/staff/questions/{code}", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, body = StaffQuestion), StaffRead))]
pub async fn show(
    State(state): State<AppState>,
    member: StaffMember,
    Path(code): Path<String>,
) -> Result<axum::Json<StaffQuestion>> {
    member.require_any(WORKERS)?;
    Ok(axum::Json(super::for_staff(&state, &member, &code).await?))
}

/// Moves a question to its next state. Only the moves of the lifecycle table are accepted (409 otherwise,
/// with the allowed ones); each move carries what it needs (422 otherwise). The citizen is notified by mail
/// of acceptance, rejection, the answer, a transfer and closing.
#[utoipa::path(post, path = "/api/v1/staff/questions/{code}/transitions", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")),
    request_body(content = TransitionRequest, content_type = "application/json"),
    responses((status = 200, body = StaffQuestion), StaffWrite))]
pub async fn transition(
    State(state): State<AppState>,
    member: StaffMember,
    Path(code): Path<String>,
    Json(request): Json<TransitionRequest>,
) -> Result<axum::Json<StaffQuestion>> {
    member.require(Role::Officer)?;
    Ok(axum::Json(super::transition(&state, &member, &code, &request).await?))
}

/// Writes or corrects the answer. It becomes visible to the citizen (and, once published, to everyone) when
/// the question moves to `answered`.
#[utoipa::path(put, path = "/api/v1/staff/questions/{code}/answer", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")),
    request_body(content = AnswerRequest, content_type = "application/json"),
    responses((status = 200, body = StaffQuestion), StaffWrite))]
pub async fn write_answer(
    State(state): State<AppState>,
    member: StaffMember,
    Path(code): Path<String>,
    Json(request): Json<AnswerRequest>,
) -> Result<axum::Json<StaffQuestion>> {
    member.require(Role::Officer)?;
    Ok(axum::Json(super::write_answer(&state, &member, &code, &request).await?))
}

/// Publishes a question (with its answer, never the citizen's contact details) or withdraws it (moderator).
#[utoipa::path(post, path = "/api/v1/staff/questions/{code}/publication", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")),
    request_body(content = PublicationRequest, content_type = "application/json"),
    responses((status = 200, body = StaffQuestion), StaffWrite))]
pub async fn publish(
    State(state): State<AppState>,
    member: StaffMember,
    Path(code): Path<String>,
    Json(request): Json<PublicationRequest>,
) -> Result<axum::Json<StaffQuestion>> {
    member.require(Role::Moderator)?;
    Ok(axum::Json(super::set_publication(&state, &member, &code, request.published).await?))
}

/// Hides a question's content from the public for a stated reason, or shows it again (moderator). Hiding
/// also withdraws publication.
#[utoipa::path(post, path = "/api/v1/staff/questions/{code}/moderation", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")),
    request_body(content = ModerationRequest, content_type = "application/json"),
    responses((status = 200, body = StaffQuestion), StaffWrite))]
pub async fn moderate(
    State(state): State<AppState>,
    member: StaffMember,
    Path(code): Path<String>,
    Json(request): Json<ModerationRequest>,
) -> Result<axum::Json<StaffQuestion>> {
    member.require(Role::Moderator)?;
    Ok(axum::Json(super::moderate(&state, &member, &code, &request).await?))
}

/// Records a question received by letter, phone, email or in person. It gets a tracking code and a PIN
/// like any other, to print or read out; the due date counts from the day it was received.
#[utoipa::path(post, path = "/api/v1/staff/questions", tag = "staff",
    request_body(content = OfflineQuestion, content_type = "application/json"),
    responses((status = 201, body = QuestionReceipt), StaffWrite))]
pub async fn record_offline(
    State(state): State<AppState>,
    member: StaffMember,
    Json(offline): Json<OfflineQuestion>,
) -> Result<Response> {
    member.require(Role::Officer)?;
    let receipt = super::record_offline(&state, &member, &offline).await?;
    let mut response = (StatusCode::CREATED, axum::Json(receipt)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
