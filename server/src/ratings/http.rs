//! Ratings' handlers: citizens rate and read the published results (also as CSV, open data); staff list and
//! export ratings with their comments and publish a comment.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::rating::SummaryParams;
use domain::staff::{PublicationRequest, RatingEntry, RatingListParams, RatingTrend, TrendParams};
use domain::{NewRating, RatingReceipt, RatingSummary, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::RatingKey;
use crate::agencies::CurrentAgency;
use crate::extract::Json;
use crate::openapi::{AgencyRead, CitizenWrite, StaffRead, StaffWrite};
use crate::staff::StaffMember;
use crate::{AppState, Error, Result};

/// The citizens' routes, behind the agency guard.
pub fn public_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(rate)).routes(routes!(summary)).routes(routes!(summary_csv))
}

/// The staff routes.
pub fn staff_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(export))
        .routes(routes!(trend))
        .routes(routes!(publish_comment))
}

/// Rates the agency's information on a page (or the agency as a whole). A second rating with the same
/// `rater` token for the same page on the same day replaces the first; no other rating can. Answered once the
/// rating is stored.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/ratings", tag = "ratings",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–128 visible ASCII characters")),
    request_body(content = NewRating, content_type = "application/json"),
    responses((status = 201, body = RatingReceipt, description = "Stored"), CitizenWrite))]
pub async fn rate(
    State(state): State<AppState>,
    agency: CurrentAgency,
    headers: HeaderMap,
    Json(rating): Json<NewRating>,
) -> Result<Response> {
    let key = headers.get("idempotency-key").map(|value| RatingKey::parse(value.as_bytes(), &rating)).transpose()?;
    let receipt = super::rate(&state, &agency, &rating, key.as_ref()).await?;
    let mut response = (StatusCode::CREATED, axum::Json(receipt)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

fn summary_params(params: Result<Query<SummaryParams>, QueryRejection>) -> Result<SummaryParams> {
    params.map(|Query(p)| p).map_err(|e| Error::BadQuery(e.body_text()))
}

/// The published results for a page (or, without `page`, the agency): per criterion the number of
/// ratings, the mean, the distribution and the share satisfied (4–5) with its Wilson 95 % interval. Per
/// page, figures from fewer than five ratings are held back (`figures: null`, `complete: false`).
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/ratings/summary", tag = "ratings",
    params(("agency" = String, Path, description = "The agency's slug"), SummaryParams),
    responses((status = 200, body = RatingSummary), AgencyRead))]
pub async fn summary(
    State(state): State<AppState>,
    agency: CurrentAgency,
    params: Result<Query<SummaryParams>, QueryRejection>,
) -> Result<Response> {
    let (json, _) = super::summary(&state, &agency, &summary_params(params)?).await?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
        (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60")),
    ];
    Ok((headers, json).into_response())
}

/// The same results as CSV (open data): a row per criterion, one for the yes/no question, one per
/// published comment.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/ratings/summary.csv", tag = "ratings",
    params(("agency" = String, Path, description = "The agency's slug"), SummaryParams),
    responses((status = 200, content_type = "text/csv", body = String), AgencyRead))]
pub async fn summary_csv(
    State(state): State<AppState>,
    agency: CurrentAgency,
    params: Result<Query<SummaryParams>, QueryRejection>,
) -> Result<Response> {
    let (_, summary) = super::summary(&state, &agency, &summary_params(params)?).await?;
    Ok(crate::platform::csv::response(super::summary_csv(&summary), "public, max-age=60"))
}

fn list_params(params: Result<Query<RatingListParams>, QueryRejection>) -> Result<RatingListParams> {
    params.map(|Query(p)| p).map_err(|e| Error::BadQuery(e.body_text()))
}

/// The agency's ratings with their comments, newest first (officer and up).
#[utoipa::path(get, path = "/api/v1/staff/ratings", tag = "staff", params(RatingListParams),
    responses((status = 200, body = [RatingEntry]), StaffRead))]
pub async fn list(
    State(state): State<AppState>,
    member: StaffMember,
    params: Result<Query<RatingListParams>, QueryRejection>,
) -> Result<axum::Json<Vec<RatingEntry>>> {
    member.require_any(&[Role::Officer, Role::Moderator])?;
    Ok(axum::Json(super::list(&state, &member, &list_params(params)?).await?))
}

/// The same ratings as CSV (officer and up).
#[utoipa::path(get, path = "/api/v1/staff/ratings.csv", tag = "staff", params(RatingListParams),
    responses((status = 200, content_type = "text/csv", body = String), StaffRead))]
pub async fn export(
    State(state): State<AppState>,
    member: StaffMember,
    params: Result<Query<RatingListParams>, QueryRejection>,
) -> Result<Response> {
    member.require_any(&[Role::Officer, Role::Moderator])?;
    let entries = super::list(&state, &member, &list_params(params)?).await?;
    Ok(crate::platform::csv::response(super::ratings_csv(&entries), "no-store"))
}

/// The ratings week by week over the period, for one page or the agency (officer and up): how many, and each
/// criterion's mean.
#[utoipa::path(get, path = "/api/v1/staff/ratings/trend", tag = "staff", params(TrendParams),
    responses((status = 200, body = RatingTrend), StaffRead))]
pub async fn trend(
    State(state): State<AppState>,
    member: StaffMember,
    params: Result<Query<TrendParams>, QueryRejection>,
) -> Result<axum::Json<RatingTrend>> {
    member.require_any(&[Role::Officer, Role::Moderator])?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    Ok(axum::Json(super::trend(&state, &member, &params).await?))
}

/// Publishes a rating's comment, or withdraws it (moderator).
#[utoipa::path(post, path = "/api/v1/staff/ratings/{id}/publication", tag = "staff",
    params(("id" = String, Path, description = "The rating's id")),
    request_body(content = PublicationRequest, content_type = "application/json"),
    responses((status = 204, description = "Done"), StaffWrite))]
pub async fn publish_comment(
    State(state): State<AppState>,
    member: StaffMember,
    Path(id): Path<String>,
    Json(request): Json<PublicationRequest>,
) -> Result<StatusCode> {
    member.require(Role::Moderator)?;
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    super::set_comment_publication(&state, &member, id, request.published).await?;
    Ok(StatusCode::NO_CONTENT)
}
