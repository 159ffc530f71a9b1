//! Citizens' handlers: asking, the public list and one published question, and the tracker's lookup with
//! code and PIN. Each reads the request, calls the feature's functions and writes the answer.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::{ListParams, LookupRequest, NewQuestion, PublicQuestion, QuestionList, QuestionReceipt, TrackedQuestion};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Asked;
use crate::agencies::CurrentAgency;
use crate::extract::Json;
use crate::openapi::{AgencyRead, CitizenWrite};
use crate::platform::idempotency::IdempotencyKey;
use crate::platform::security::ClientKey;
use crate::{AppState, Error, Result};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(lookup))
        .routes(routes!(erase_contact))
        .routes(routes!(show))
        .routes(routes!(same_question))
}

/// Submits a question. Answers 201 with the tracking code and the PIN, which is shown this once. A retry
/// with the same `Idempotency-Key` and body answers the first response again and stores nothing.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/questions", tag = "questions",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–128 visible ASCII characters")),
    request_body(content = NewQuestion, content_type = "application/json"),
    responses((status = 201, body = QuestionReceipt, description = "Stored (or, with `Idempotent-Replayed: true`, stored before)"), CitizenWrite))]
pub async fn create(
    State(state): State<AppState>,
    agency: CurrentAgency,
    headers: HeaderMap,
    Json(question): Json<NewQuestion>,
) -> Result<Response> {
    let key =
        headers.get("idempotency-key").map(|value| IdempotencyKey::parse(value.as_bytes(), &question)).transpose()?;
    let (receipt, replayed) = match super::ask(&state, &agency, &question, key.as_ref()).await? {
        Asked::Stored(receipt) => (receipt, false),
        Asked::Replayed(receipt) => (receipt, true),
    };
    let mut response = (StatusCode::CREATED, axum::Json(receipt)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// The questions staff have published, newest first: never a name, email or phone.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/questions", tag = "questions",
    params(("agency" = String, Path, description = "The agency's slug"), ListParams),
    responses((status = 200, body = QuestionList), AgencyRead))]
pub async fn list(
    State(state): State<AppState>,
    agency: CurrentAgency,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response> {
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    let (page, per_page) = domain::question::paging(params.page, params.per_page, 20)
        .ok_or_else(|| Error::BadQuery("page is 1 to 100000; per_page is 1 to 100".into()))?;
    let body = super::public_page(&state, &agency, page, per_page).await?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
        (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60")),
    ];
    Ok((headers, body).into_response())
}

/// One published question with its answer: never a name, email or phone.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/questions/{code}", tag = "questions",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("code" = String, Path, description = "The tracking code, e.g. K7M4Q-X9PRT")),
    responses((status = 200, body = PublicQuestion), AgencyRead))]
pub async fn show(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, code)): Path<(String, String)>,
) -> Result<Response> {
    let question = super::published(&state, &agency, &code).await?;
    let headers = [(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"))];
    Ok((headers, axum::Json(question)).into_response())
}

/// Opens a question with its tracking code and PIN: status, timeline, due date and answer. An unknown code
/// and a wrong PIN get the same 404. Repeated failures lock the code and the address out for a while.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/questions/lookup", tag = "tracker",
    params(("agency" = String, Path, description = "The agency's slug")),
    request_body(content = LookupRequest, content_type = "application/json"),
    responses((status = 200, body = TrackedQuestion), CitizenWrite))]
pub async fn lookup(
    State(state): State<AppState>,
    agency: CurrentAgency,
    ClientKey(client): ClientKey,
    Json(request): Json<LookupRequest>,
) -> Result<Response> {
    let tracked = super::lookup(&state, &agency, &client, &request).await?;
    let mut response = axum::Json(tracked).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Withdraws consent and erases the contact details (name, email, phone) left with a question, with its
/// tracking code and PIN. The question itself stays; staff see that the details were erased and when, never
/// what; no more mail is sent about it. Answers the question as its author now sees it; erasing again
/// changes nothing. The same guessing limits as a lookup apply.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/questions/contact-erasure", tag = "tracker",
    params(("agency" = String, Path, description = "The agency's slug")),
    request_body(content = LookupRequest, content_type = "application/json"),
    responses((status = 200, body = TrackedQuestion, description = "Erased (or erased before)"), CitizenWrite))]
pub async fn erase_contact(
    State(state): State<AppState>,
    agency: CurrentAgency,
    ClientKey(client): ClientKey,
    Json(request): Json<LookupRequest>,
) -> Result<Response> {
    let tracked = super::erase_contact(&state, &agency, &client, &request).await?;
    let mut response = axum::Json(tracked).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// "I have the same question": a +1 on a published question, one per place per day (as the rating dedupe
/// counts them), so a repeat or a retry from the same place on the same day does not count twice and is
/// safe to send again. No body. Answers the public count and whether this one counted.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/questions/{code}/same-question", tag = "questions",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("code" = String, Path, description = "The published question's tracking code")),
    responses((status = 200, body = domain::archive::SameQuestionReceipt), CitizenWrite))]
pub async fn same_question(
    State(state): State<AppState>,
    agency: CurrentAgency,
    ClientKey(client): ClientKey,
    Path((_, code)): Path<(String, String)>,
) -> Result<Response> {
    let receipt = super::same_question(&state, &agency, &client, &code).await?;
    let mut response = axum::Json(receipt).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
