//! Open data's handlers. The archive (`/api/v1/agencies/{agency}/archive…`), which widgets call, sits behind
//! the agency guard like every widget route (CORS to the agency's origins only). The downloads
//! (`/api/v1/open-data/{agency}/…`) and Open311 (`/open311/v2/{agency}/…`) are plain GETs of data that is
//! public anyway, for any program anywhere: they answer `Access-Control-Allow-Origin: *` and take no
//! credentials.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::archive::{
    ArchivePage, ArchiveParams, ArchivedQuestion, FeedParams, Open311Discovery, Open311Params, Open311Request,
    Open311Service, OpenCommentPage, OpenReport,
};
use domain::rating::{RatingSummary, SummaryParams};
use domain::{ConsultationList, ListParams};
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
    OpenApiRouter::new()
        .routes(routes!(questions_json))
        .routes(routes!(questions_csv))
        .routes(routes!(ratings_json))
        .routes(routes!(ratings_csv))
        .routes(routes!(consultations_json))
        .routes(routes!(consultations_csv))
        .routes(routes!(comments_json))
        .routes(routes!(comments_csv))
        .routes(routes!(report_json))
        .routes(routes!(report_csv))
        .routes(routes!(answers_atom))
        .routes(routes!(consultations_atom))
        .routes(routes!(reports_atom))
        .routes(routes!(discovery_json))
        .routes(routes!(discovery_xml))
        .routes(routes!(services_json))
        .routes(routes!(services_xml))
        .routes(routes!(requests_json))
        .routes(routes!(requests_xml))
        .routes(routes!(request))
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
    let body = super::cached(&state, &agency, "questions.csv".into(), async {
        Ok(csv::with_bom(&super::questions_csv(&super::all_questions(&state, &agency).await?)))
    })
    .await?;
    Ok(open(csv::CONTENT_TYPE, body))
}

// ---------------------------------------------------------------------------------------------------------
// Ratings and consultations.

/// Open data: the published rating results of the agency (or, with `page`, of one of its pages), as the
/// ratings feature publishes them: counts, means, distributions and Wilson intervals; per page only from
/// five ratings. Licence CC BY 4.0.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/ratings.json", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"), SummaryParams),
    responses((status = 200, body = RatingSummary), AgencyRead))]
pub async fn ratings_json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    params: Result<Query<SummaryParams>, QueryRejection>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    let (json, _) = crate::ratings::summary(&state, &agency, &params).await?;
    Ok(open("application/json", json))
}

/// Open data: the same rating results as CSV (a row per criterion, one for the yes/no question, one per
/// published comment).
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/ratings.csv", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"), SummaryParams),
    responses((status = 200, content_type = "text/csv", body = String, description = "The CSV file"), AgencyRead))]
pub async fn ratings_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    params: Result<Query<SummaryParams>, QueryRejection>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    let (_, summary) = crate::ratings::summary(&state, &agency, &params).await?;
    Ok(open_csv(crate::ratings::summary_csv(&summary)))
}

fn open_csv(text: String) -> Response {
    open(csv::CONTENT_TYPE, csv::with_bom(&text))
}

/// Open data: the agency's consultations on draft legal documents, newest first: slug, title, summary,
/// document type, drafting unit, period (UTC), state and when the report was published.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/consultations.json", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, body = ConsultationList), AgencyRead))]
pub async fn consultations_json(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let list = crate::consultations::list(&state, &agency).await?;
    Ok(open("application/json", axum::Json(list)))
}

/// Open data: the same consultations as CSV; columns slug, title, summary, document_type, drafting_unit,
/// opens_at, closes_at, state, report_published_at.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/consultations.csv", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, content_type = "text/csv", body = String, description = "The CSV file"), AgencyRead))]
pub async fn consultations_csv(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let body = super::cached(&state, &agency, "consultations.csv".into(), async {
        Ok(csv::with_bom(&super::consultations_csv(&crate::consultations::list(&state, &agency).await?.consultations)))
    })
    .await?;
    Ok(open(csv::CONTENT_TYPE, body))
}

/// Open data: a consultation's published comments, oldest first, in pages with a `next` link: never a
/// name, only whether an individual or an organisation commented; the agency's response once the report
/// is published.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/consultations/{slug}/comments.json", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug"), ListParams),
    responses((status = 200, body = OpenCommentPage), AgencyRead))]
pub async fn comments_json(
    State(state): State<AppState>,
    Path((slug, consultation)): Path<(String, String)>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    let (page, per_page) = domain::question::paging(params.page, params.per_page, 100)
        .ok_or_else(|| Error::BadQuery("page is 1 to 100000; per_page is 1 to 100".into()))?;
    let found = super::comments(&state, &agency, &consultation, page, per_page).await?;
    Ok(open("application/json", axum::Json(found)))
}

/// Open data: every published comment of a consultation as CSV; columns id, article, clause, stance, body,
/// commenter, created_on, group_size, outcome, explanation.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/consultations/{slug}/comments.csv", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    responses((status = 200, content_type = "text/csv", body = String, description = "The CSV file"), AgencyRead))]
pub async fn comments_csv(
    State(state): State<AppState>,
    Path((slug, consultation)): Path<(String, String)>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let key = format!("consultations/{consultation}/comments.csv");
    let body = super::cached(&state, &agency, key, async {
        Ok(csv::with_bom(&super::comments_csv(&state, &agency, &consultation).await?))
    })
    .await?;
    Ok(open(csv::CONTENT_TYPE, body))
}

/// Open data: a consultation's published report (what was accepted and why), without the commenters'
/// names; 404 until it is published.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/consultations/{slug}/report.json", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    responses((status = 200, body = OpenReport), AgencyRead))]
pub async fn report_json(
    State(state): State<AppState>,
    Path((slug, consultation)): Path<(String, String)>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    Ok(open("application/json", axum::Json(super::report(&state, &agency, &consultation).await?)))
}

/// Open data: the same report as CSV; columns article, clause, stance, comment, outcome, explanation,
/// group_size.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/consultations/{slug}/report.csv", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    responses((status = 200, content_type = "text/csv", body = String, description = "The CSV file"), AgencyRead))]
pub async fn report_csv(
    State(state): State<AppState>,
    Path((slug, consultation)): Path<(String, String)>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    Ok(open_csv(super::report_csv(&super::report(&state, &agency, &consultation).await?)))
}

// ---------------------------------------------------------------------------------------------------------
// Atom feeds.

/// Atom: the newest published answers (50), of one topic with `topic`.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/answers.atom", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"), FeedParams),
    responses((status = 200, content_type = "application/atom+xml", body = String, description = "An Atom feed"), AgencyRead))]
pub async fn answers_atom(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    params: Result<Query<FeedParams>, QueryRejection>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    let topic = params.topic.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let key = format!("answers.atom?{}", topic.unwrap_or(""));
    let body = super::cached(&state, &agency, key, super::answers_feed(&state, &agency, topic)).await?;
    Ok(open(super::atom::CONTENT_TYPE, body))
}

/// Atom: the agency's consultations, newest opening first.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/consultations.atom", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, content_type = "application/atom+xml", body = String, description = "An Atom feed"), AgencyRead))]
pub async fn consultations_atom(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let feed = super::consultations_feed(&state, &agency, false);
    Ok(open(super::atom::CONTENT_TYPE, super::cached(&state, &agency, "consultations.atom".into(), feed).await?))
}

/// Atom: the consultations' published reports, newest first.
#[utoipa::path(get, path = "/api/v1/open-data/{agency}/reports.atom", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, content_type = "application/atom+xml", body = String, description = "An Atom feed"), AgencyRead))]
pub async fn reports_atom(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let feed = super::consultations_feed(&state, &agency, true);
    Ok(open(super::atom::CONTENT_TYPE, super::cached(&state, &agency, "reports.atom".into(), feed).await?))
}

// ---------------------------------------------------------------------------------------------------------
// Open311 GeoReport v2.

/// Open311 service discovery in JSON: where the agency's GeoReport v2 endpoint is.
#[utoipa::path(get, path = "/open311/v2/{agency}/discovery.json", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, body = Open311Discovery), AgencyRead))]
pub async fn discovery_json(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let discovery = super::open311::discovery(&agency, super::origin(&state), &crate::clock::now());
    Ok(open("application/json", axum::Json(discovery)))
}

/// Open311 service discovery in XML.
#[utoipa::path(get, path = "/open311/v2/{agency}/discovery.xml", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, content_type = "text/xml", body = String, description = "`<discovery>`"), AgencyRead))]
pub async fn discovery_xml(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let discovery = super::open311::discovery(&agency, super::origin(&state), &crate::clock::now());
    Ok(open(super::open311::XML, super::open311::discovery_xml(&discovery)))
}

/// Open311 GeoReport v2 `GET services` in JSON: the agency's topics.
#[utoipa::path(get, path = "/open311/v2/{agency}/services.json", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, body = [Open311Service]), AgencyRead))]
pub async fn services_json(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    Ok(open("application/json", axum::Json(super::open311::services(&agency))))
}

/// Open311 GeoReport v2 `GET services` in XML.
#[utoipa::path(get, path = "/open311/v2/{agency}/services.xml", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, content_type = "text/xml", body = String, description = "`<services>`"), AgencyRead))]
pub async fn services_xml(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    Ok(open(super::open311::XML, super::open311::services_xml(&super::open311::services(&agency))))
}

fn open311_params(params: Result<Query<Open311Params>, QueryRejection>) -> Result<Open311Params> {
    params.map(|Query(p)| p).map_err(|e| Error::BadQuery(e.body_text()))
}

/// Open311 GeoReport v2 `GET requests` in JSON: published questions, newest published first.
#[utoipa::path(get, path = "/open311/v2/{agency}/requests.json", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"), Open311Params),
    responses((status = 200, body = [Open311Request]), AgencyRead))]
pub async fn requests_json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    params: Result<Query<Open311Params>, QueryRejection>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let requests = super::open311_requests(&state, &agency, &open311_params(params)?).await?;
    Ok(open("application/json", axum::Json(requests)))
}

/// Open311 GeoReport v2 `GET requests` in XML.
#[utoipa::path(get, path = "/open311/v2/{agency}/requests.xml", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"), Open311Params),
    responses((status = 200, content_type = "text/xml", body = String, description = "`<service_requests>`"), AgencyRead))]
pub async fn requests_xml(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    params: Result<Query<Open311Params>, QueryRejection>,
) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let requests = super::open311_requests(&state, &agency, &open311_params(params)?).await?;
    Ok(open(super::open311::XML, super::open311::requests_xml(&requests)))
}

/// Open311 GeoReport v2 `GET requests/{service_request_id}.{format}`: one published question, as a list of
/// one (as the specification has it), in JSON (`K7M4Q-X9PRT.json`) or XML (`K7M4Q-X9PRT.xml`).
#[utoipa::path(get, path = "/open311/v2/{agency}/requests/{request}", tag = "open data",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("request" = String, Path, description = "The tracking code and the format: `K7M4Q-X9PRT.json` or `K7M4Q-X9PRT.xml`")),
    responses((status = 200, content((Vec<Open311Request> = "application/json"), (String = "text/xml")), description = "A list of one request"), AgencyRead))]
pub async fn request(State(state): State<AppState>, Path((slug, file)): Path<(String, String)>) -> Result<Response> {
    let agency = agency(&state, &slug).await?;
    let (id, format) = file.rsplit_once('.').ok_or(Error::NotFound)?;
    let request = super::open311_request(&state, &agency, id).await?;
    match format {
        "json" => Ok(open("application/json", axum::Json(vec![request]))),
        "xml" => Ok(open(super::open311::XML, super::open311::requests_xml(&[request]))),
        _ => Err(Error::NotFound),
    }
}
