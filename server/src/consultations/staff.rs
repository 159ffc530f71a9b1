//! Staff handlers for consultations: the parse preview, creating and editing (before opening), the period,
//! the comments with moderation, grouping and responses, and publishing the report. Each checks the role,
//! calls the feature's functions and writes the answer.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::consultation::staff::{
    GroupRequest, Moderation, NewConsultation, ParsePreview, PeriodChange, ResponseRequest, StaffComment,
    StaffCommentPage, StaffCommentParams,
};
use domain::{ParsedDraft, PublicConsultation, Report, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::WORKERS;
use crate::agencies;
use crate::extract::Json;
use crate::openapi::{StaffRead, StaffWrite};
use crate::staff::StaffMember;
use crate::{AppState, Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(preview))
        .routes(routes!(create))
        .routes(routes!(edit))
        .routes(routes!(change_period))
        .routes(routes!(comments))
        .routes(routes!(moderate))
        .routes(routes!(group))
        .routes(routes!(respond))
        .routes(routes!(publish_report))
}

fn comment_id(id: &str) -> Result<i64> {
    id.parse().map_err(|_| Error::NotFound)
}

/// What the parser understands of a pasted draft: the tree, and each line it could not place, by number.
#[utoipa::path(post, path = "/api/v1/staff/consultations/preview", tag = "staff",
    request_body(content = ParsePreview, content_type = "application/json"),
    responses((status = 200, body = ParsedDraft), StaffWrite))]
pub async fn preview(member: StaffMember, Json(request): Json<ParsePreview>) -> Result<axum::Json<ParsedDraft>> {
    member.require(Role::Officer)?;
    Ok(axum::Json(super::preview(&request)?))
}

/// Creates a consultation from the draft's pasted text (officer).
#[utoipa::path(post, path = "/api/v1/staff/consultations", tag = "staff",
    request_body(content = NewConsultation, content_type = "application/json"),
    responses((status = 201, body = PublicConsultation), StaffWrite))]
pub async fn create(
    State(state): State<AppState>,
    member: StaffMember,
    Json(new): Json<NewConsultation>,
) -> Result<(StatusCode, axum::Json<PublicConsultation>)> {
    member.require(Role::Officer)?;
    Ok((StatusCode::CREATED, axum::Json(super::create(&state, &member, &new).await?)))
}

/// Replaces a consultation's details and text, until it opens (officer; 409 after).
#[utoipa::path(put, path = "/api/v1/staff/consultations/{slug}", tag = "staff",
    params(("slug" = String, Path, description = "The consultation's slug")),
    request_body(content = NewConsultation, content_type = "application/json"),
    responses((status = 200, body = PublicConsultation), StaffWrite))]
pub async fn edit(
    State(state): State<AppState>,
    member: StaffMember,
    Path(slug): Path<String>,
    Json(new): Json<NewConsultation>,
) -> Result<axum::Json<PublicConsultation>> {
    member.require(Role::Officer)?;
    Ok(axum::Json(super::edit(&state, &member, &slug, &new).await?))
}

/// Opens early, closes early or extends the period, with a public note (officer).
#[utoipa::path(post, path = "/api/v1/staff/consultations/{slug}/period", tag = "staff",
    params(("slug" = String, Path, description = "The consultation's slug")),
    request_body(content = PeriodChange, content_type = "application/json"),
    responses((status = 200, body = PublicConsultation), StaffWrite))]
pub async fn change_period(
    State(state): State<AppState>,
    member: StaffMember,
    Path(slug): Path<String>,
    Json(change): Json<PeriodChange>,
) -> Result<axum::Json<PublicConsultation>> {
    member.require(Role::Officer)?;
    Ok(axum::Json(super::change_period(&state, &member, &slug, &change).await?))
}

/// The consultation's comments, filtered by article, stance, status and words (officers and moderators;
/// names and emails only for officers and admins).
#[utoipa::path(get, path = "/api/v1/staff/consultations/{slug}/comments", tag = "staff",
    params(("slug" = String, Path, description = "The consultation's slug"), StaffCommentParams),
    responses((status = 200, body = StaffCommentPage), StaffRead))]
pub async fn comments(
    State(state): State<AppState>,
    member: StaffMember,
    Path(slug): Path<String>,
    params: Result<Query<StaffCommentParams>, QueryRejection>,
) -> Result<axum::Json<StaffCommentPage>> {
    member.require_any(WORKERS)?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    Ok(axum::Json(super::staff_comments(&state, &member, &slug, &params).await?))
}

/// Publishes a comment, or hides it with a reason its author sees; on a group's lead, the group (moderator).
#[utoipa::path(post, path = "/api/v1/staff/consultations/comments/{id}/moderation", tag = "staff",
    params(("id" = String, Path, description = "The comment's id")),
    request_body(content = Moderation, content_type = "application/json"),
    responses((status = 200, body = StaffComment), StaffWrite))]
pub async fn moderate(
    State(state): State<AppState>,
    member: StaffMember,
    Path(id): Path<String>,
    Json(request): Json<Moderation>,
) -> Result<axum::Json<StaffComment>> {
    member.require(Role::Moderator)?;
    Ok(axum::Json(super::moderate(&state, &member, comment_id(&id)?, &request).await?))
}

/// Groups identical comments (a mass campaign): the earliest leads and is answered for all (officer).
#[utoipa::path(post, path = "/api/v1/staff/consultations/{slug}/groups", tag = "staff",
    params(("slug" = String, Path, description = "The consultation's slug")),
    request_body(content = GroupRequest, content_type = "application/json"),
    responses((status = 200, body = StaffComment, description = "The group's lead"), StaffWrite))]
pub async fn group(
    State(state): State<AppState>,
    member: StaffMember,
    Path(slug): Path<String>,
    Json(request): Json<GroupRequest>,
) -> Result<axum::Json<StaffComment>> {
    member.require(Role::Officer)?;
    Ok(axum::Json(super::group(&state, &member, &slug, &request).await?))
}

/// The agency's response to a comment or, on a group's lead, to the group (officer).
#[utoipa::path(post, path = "/api/v1/staff/consultations/comments/{id}/response", tag = "staff",
    params(("id" = String, Path, description = "The comment's id")),
    request_body(content = ResponseRequest, content_type = "application/json"),
    responses((status = 200, body = StaffComment), StaffWrite))]
pub async fn respond(
    State(state): State<AppState>,
    member: StaffMember,
    Path(id): Path<String>,
    Json(request): Json<ResponseRequest>,
) -> Result<axum::Json<StaffComment>> {
    member.require(Role::Officer)?;
    Ok(axum::Json(super::respond(&state, &member, comment_id(&id)?, &request).await?))
}

/// Publishes the report (officer): 409 `report_blocked` with `blockers` while the consultation is open, a
/// comment is unmoderated or a published one unanswered. Mails every commenter who left an address.
#[utoipa::path(post, path = "/api/v1/staff/consultations/{slug}/report", tag = "staff",
    params(("slug" = String, Path, description = "The consultation's slug")),
    responses((status = 200, body = Report), StaffWrite))]
pub async fn publish_report(
    State(state): State<AppState>,
    member: StaffMember,
    Path(slug): Path<String>,
) -> Result<axum::Json<Report>> {
    member.require(Role::Officer)?;
    let agency =
        agencies::find_cached(&state.agencies, &state.db, &member.agency_slug).await?.ok_or(Error::NotFound)?;
    Ok(axum::Json(super::publish_report(&state, &member, &agency, &slug).await?))
}
