//! Open data's handlers. The archive (`/api/v1/agencies/{agency}/archive…`), which widgets call, sits behind
//! the agency guard like every widget route (CORS to the agency's origins only). The downloads
//! (`/api/v1/open-data/{agency}/…`) and Open311 (`/open311/v2/{agency}/…`) are plain GETs of data that is
//! public anyway, for any program anywhere: they answer `Access-Control-Allow-Origin: *` and take no
//! credentials.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::archive::{ArchivePage, ArchiveParams, ArchivedQuestion};
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::agencies::{self, Agency, CurrentAgency};
use crate::openapi::AgencyRead;
use crate::platform::csv;
use crate::{AppState, Error, Result};

/// The archive, for widgets: behind the agency guard.
pub fn archive_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(archive)).routes(routes!(archived))
}

/// The downloads, feeds and Open311: outside the agency guard, open to any origin.
pub fn open_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(questions_json)).routes(routes!(questions_csv))
}

fn query(
    params: Result<Query<ArchiveParams>, QueryRejection>,
    default_per_page: u32,
) -> Result<domain::archive::ArchiveQuery> {
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    params.check(default_per_page).map_err(|e| Error::BadQuery(e.into()))
}

/// The agency of an open-data path: 404 for an unknown or malformed slug.
pub async fn agency(state: &AppState, slug: &str) -> Result<Arc<Agency>> {
    if !domain::agency::is_valid_slug(slug) {
        return Err(Error::NotFound);
    }
    agencies::find_cached(&state.agencies, &state.db, slug).await?.ok_or(Error::NotFound)
}

/// An open-data answer: public, cacheable for five minutes, readable from any origin.
pub fn open(content_type: &'static str, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

/// The agency's published questions and answers, newest published first: search without diacritics
/// (`q=giay phep` finds "giấy phép"), a topic, pages with a `next` link. Never a name, email or phone; the
/// time asked is rounded down to the hour.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/archive", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"), ArchiveParams),
    responses((status = 200, body = ArchivePage), AgencyRead))]
pub async fn archive(
    State(state): State<AppState>,
    agency: CurrentAgency,
    params: Result<Query<ArchiveParams>, QueryRejection>,
) -> Result<Response> {
    let query = query(params, 20)?;
    let path = format!("/api/v1/agencies/{}/archive", agency.slug);
    let body = super::archive(&state, &agency, &query, &path).await?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
        (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60")),
    ];
    Ok((headers, body).into_response())
}

/// One published question with its answer, its dates, and how long the answer took against its deadline.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/archive/{code}", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("code" = String, Path, description = "The tracking code, e.g. K7M4Q-X9PRT")),
    responses((status = 200, body = ArchivedQuestion), AgencyRead))]
pub async fn archived(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, code)): Path<(String, String)>,
) -> Result<Response> {
    let question = super::archived(&state, &agency, &code).await?;
    let headers = [(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"))];
    Ok((headers, axum::Json(question)).into_response())
}

/// Open data: the agency's published questions and answers as JSON pages (at most 100 a page), newest
/// published first, each page with the `next` page's link. The same records and filters as the archive.
/// Licence CC BY 4.0.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/questions.json", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"), ArchiveParams),
    responses((status = 200, body = ArchivePage), AgencyRead))]
pub async fn questions_json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    params: Result<Query<ArchiveParams>, QueryRejection>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let query = query(params, 100)?;
    let path = format!("/api/v1/open-data/{}/questions.json", agency.slug);
    let body = super::archive(&state, &agency, &query, &path).await?;
    Ok(open("application/json", body))
}

/// Open data: every published question and answer as CSV (UTF-8 with a byte-order mark, RFC 4180 quoting),
/// newest published first, at most 50,000 rows. Columns: tracking_code, title, body, topic, status,
/// asked_at (rounded down to the hour), published_at, answer, answered_at, due_date, deadline_working_days,
/// answer_working_days, answered_on_time, same_question_count. Licence CC BY 4.0.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/questions.csv", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, content_type = "text/csv", body = String, description = "The CSV file"), AgencyRead))]
pub async fn questions_csv(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let questions = super::all_questions(&state, &agency).await?;
    let mut response = csv::response(super::questions_csv(&questions), "public, max-age=300");
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    Ok(response)
}
