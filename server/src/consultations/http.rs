//! The public handlers: an agency's consultations, one with its draft and counts, the published comments,
//! commenting, the commenter's lookup and erasure with code and PIN, and the report (JSON, CSV, printable
//! page). Each reads the request, calls the feature's functions and writes the answer.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::consultation::CommentParams;
use domain::{
    CommentPage, CommentReceipt, ConsultationList, LookupRequest, NewComment, OwnComment, PublicConsultation, Report,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Commented;
use crate::agencies::CurrentAgency;
use crate::extract::Json;
use crate::openapi::{AgencyRead, CitizenWrite, CommentWrite};
use crate::platform::idempotency::IdempotencyKey;
use crate::platform::security::ClientKey;
use crate::{AppState, Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(comments, comment))
        .routes(routes!(lookup))
        .routes(routes!(erase_contact))
        .routes(routes!(report))
        .routes(routes!(report_csv))
        .routes(routes!(report_html))
}

fn cached_publicly<T: IntoResponse>(body: T) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    response
}

fn private<T: IntoResponse>(body: T) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The agency's consultations, newest first: upcoming, open, closed and reported.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/consultations", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, body = ConsultationList), AgencyRead))]
pub async fn list(State(state): State<AppState>, agency: CurrentAgency) -> Result<Response> {
    Ok(cached_publicly(axum::Json(super::list(&state, &agency).await?)))
}

/// One consultation: its details, period, public notes, the draft as a tree, and per article the number of
/// comments by stance. Never a commenter's name or email.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/consultations/{slug}", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    responses((status = 200, body = PublicConsultation), AgencyRead))]
pub async fn show(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response> {
    let body = super::public_consultation(&state, &agency, &slug).await?;
    let headers = [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    Ok(cached_publicly((headers, body)))
}

/// Published comments, oldest first, of one article (`article=5`), of the whole draft (`article=general`)
/// or all; identical ones grouped. Responses appear once the report is published. Never an email, and an
/// individual's name only if they chose to publish it.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/consultations/{slug}/comments", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug"), CommentParams),
    responses((status = 200, body = CommentPage), AgencyRead))]
pub async fn comments(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, slug)): Path<(String, String)>,
    params: Result<Query<CommentParams>, QueryRejection>,
) -> Result<Response> {
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    Ok(cached_publicly(axum::Json(super::comments_page(&state, &agency, &slug, &params).await?)))
}

/// Comments on an article (or, without `article`, on the whole draft) while the consultation is open
/// (409 `consultation_not_open` otherwise; nothing is stored). Answers 201 with a tracking code and a PIN,
/// shown this once. A retry with the same `Idempotency-Key` and body answers the same receipt.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/consultations/{slug}/comments", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–128 visible ASCII characters")),
    request_body(content = NewComment, content_type = "application/json"),
    responses((status = 201, body = CommentReceipt, description = "Stored (or, with `Idempotent-Replayed: true`, stored before)"), CommentWrite))]
pub async fn comment(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, slug)): Path<(String, String)>,
    headers: HeaderMap,
    Json(new): Json<NewComment>,
) -> Result<Response> {
    let key = headers.get("idempotency-key").map(|value| IdempotencyKey::parse(value.as_bytes(), &new)).transpose()?;
    let (receipt, replayed) = match super::comment(&state, &agency, &slug, &new, key.as_ref()).await? {
        Commented::Stored(receipt) => (receipt, false),
        Commented::Replayed(receipt) => (receipt, true),
    };
    let mut response = private((StatusCode::CREATED, axum::Json(receipt)));
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// Opens one's own comment with its tracking code and PIN: its moderation, and the agency's response once
/// the report is published. The same guessing limits as the question tracker apply, shared with it.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/consultations/{slug}/comments/lookup", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    request_body(content = LookupRequest, content_type = "application/json"),
    responses((status = 200, body = OwnComment), CitizenWrite))]
pub async fn lookup(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, slug)): Path<(String, String)>,
    ClientKey(client): ClientKey,
    Json(request): Json<LookupRequest>,
) -> Result<Response> {
    Ok(private(axum::Json(super::lookup(&state, &agency, &slug, &client, &request).await?)))
}

/// Withdraws consent and erases the email and (an individual's) name left with a comment, with its code and
/// PIN. The comment stays; staff see that the details were erased and when, never what; no mail is sent.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/consultations/{slug}/comments/contact-erasure", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    request_body(content = LookupRequest, content_type = "application/json"),
    responses((status = 200, body = OwnComment, description = "Erased (or erased before)"), CitizenWrite))]
pub async fn erase_contact(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, slug)): Path<(String, String)>,
    ClientKey(client): ClientKey,
    Json(request): Json<LookupRequest>,
) -> Result<Response> {
    Ok(private(axum::Json(super::erase_contact(&state, &agency, &slug, &client, &request).await?)))
}

/// The explanation report (bảng tổng hợp ý kiến, tiếp thu, giải trình) as JSON; 404 until published.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/consultations/{slug}/report", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    responses((status = 200, body = Report), AgencyRead))]
pub async fn report(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response> {
    Ok(cached_publicly(axum::Json(super::report(&state, &agency, &slug).await?)))
}

/// The same report as CSV (UTF-8 with a byte-order mark), one row per answered comment or group.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/consultations/{slug}/report.csv", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    responses((status = 200, content_type = "text/csv", body = String), AgencyRead))]
pub async fn report_csv(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response> {
    let report = super::report(&state, &agency, &slug).await?;
    Ok(crate::platform::csv::response(super::report::to_csv(&report), "public, max-age=60"))
}

/// The same report as a printable page, laid out as the official table, in Vietnamese.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/consultations/{slug}/report.html", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    responses((status = 200, content_type = "text/html", body = String), AgencyRead))]
pub async fn report_html(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response> {
    let report = super::report(&state, &agency, &slug).await?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
        // The page is data, not an app: no script runs in it, whatever the stored text holds.
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'")),
    ];
    Ok(cached_publicly((headers, super::report::to_html(&report))))
}
