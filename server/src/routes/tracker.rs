//! What a citizen can read: their own question with code and PIN (the tracker widget), and any single
//! published question by its code.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::tracker::AgencyRef;
use domain::{LookupRequest, PublicQuestion, QuestionStatus, TimelineStep, TrackedQuestion, TrackingCode};
use sqlx::Row;

use crate::db::{display_code, stored_status};
use crate::extract::Json;
use crate::security::{ClientKey, CurrentAgency};
use crate::{AppState, Error, Result, clock, passwords};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/agencies/{agency}/questions/lookup", post(lookup))
        .route("/api/v1/agencies/{agency}/questions/{code}", get(show))
}

/// Opens a question with its tracking code and PIN: status, timeline, due date and answer. An unknown code
/// and a wrong PIN get the same 404. Repeated failures lock the code and the address out for a while.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/questions/lookup", tag = "tracker",
    params(("agency" = String, Path, description = "The agency's slug")),
    request_body(content = LookupRequest, content_type = "application/json"),
    responses(
        (status = 200, body = TrackedQuestion),
        (status = 404, description = "No question matches this code and PIN (`lookup_failed`)"),
        (status = 422, description = "The code or PIN is not of the right form"),
        (status = 429, description = "Too many failed attempts for this code or from this address; see Retry-After")))]
pub async fn lookup(
    State(state): State<AppState>,
    agency: CurrentAgency,
    ClientKey(client): ClientKey,
    Json(request): Json<LookupRequest>,
) -> Result<Response> {
    let (code, pin) = request.validate().map_err(|errors| Error::Validation(errors, request.lang))?;
    let subject = format!("code:{}", code.as_compact());
    let attempt = state
        .guessing
        .attempt(&subject, &format!("lookup:{client}"))
        .map_err(|retry_after_secs| Error::TooManyRequests { retry_after_secs })?;
    let row = sqlx::query(
        "SELECT q.id, q.pin_hash, q.title, q.body, q.topic, q.status, q.created_at, q.due_date, q.answer, \
         q.answered_at, q.duplicate_of, t.slug, t.name, q.published_at, q.hidden_at \
         FROM questions q LEFT JOIN agencies t ON t.id = q.transferred_to \
         WHERE q.agency_id = $1 AND q.tracking_code = $2",
    )
    .bind(agency.id)
    .bind(code.as_compact())
    .fetch_optional(&state.db)
    .await?;
    let stored_hash = row.as_ref().map(|r| r.try_get::<String, _>(1)).transpose()?;
    let matches = {
        let _slot = state.hashing.acquire().await.map_err(|e| Error::Internal(e.to_string()))?;
        passwords::verify(pin.as_str().to_owned(), stored_hash).await?
    };
    let Some(row) = row.filter(|_| matches) else {
        return Err(Error::LookupFailed);
    };
    attempt.succeeded();

    let id: i64 = row.try_get(0)?;
    let timeline = sqlx::query("SELECT status, at, public_note FROM question_events WHERE question_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&state.db)
        .await?
        .iter()
        .map(|r| {
            let status: String = r.try_get(0)?;
            Ok(TimelineStep {
                status: stored_status(status),
                at: r.try_get(1)?,
                public_note: r.try_get(2)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let status: String = row.try_get(5)?;
    let status = stored_status(status);
    let created_at: String = row.try_get(6)?;
    let due_date = stored_due_date(&row, 7, &agency, &created_at)?;
    let answered = matches!(status, QuestionStatus::Answered | QuestionStatus::Closed);
    let transferred_to = match (row.try_get::<Option<String>, _>(11)?, row.try_get::<Option<String>, _>(12)?) {
        (Some(slug), Some(name)) => Some(AgencyRef { slug, name }),
        _ => None,
    };
    let published: Option<String> = row.try_get(13)?;
    let hidden: Option<String> = row.try_get(14)?;
    let tracked = TrackedQuestion {
        tracking_code: code.to_string(),
        title: row.try_get(2)?,
        body: row.try_get(3)?,
        topic: row.try_get(4)?,
        status,
        overdue: is_overdue(status, &due_date),
        created_at,
        due_date,
        timeline,
        answer: if answered { row.try_get(8)? } else { None },
        answered_at: if answered { row.try_get(9)? } else { None },
        duplicate_of: row
            .try_get::<Option<String>, _>(10)?
            .map(display_code),
        transferred_to,
        published: published.is_some() && hidden.is_none(),
    };
    let mut response = axum::Json(tracked).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The stored due date, or (for a question stored before due dates existed) one computed now.
pub fn stored_due_date(row: &sqlx::any::AnyRow, index: usize, agency: &crate::agencies::Agency, created_at: &str) -> Result<String> {
    let stored: Option<String> = row.try_get(index)?;
    Ok(stored.unwrap_or_else(|| agency.due_date(created_at).to_string()))
}

/// Past its due day (in Vietnam) and still owed an answer.
pub fn is_overdue(status: QuestionStatus, due_date: &str) -> bool {
    status.awaits_answer() && clock::today_in_vietnam().to_string().as_str() > due_date
}

/// One published question with its answer: never a name, email or phone.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/questions/{code}", tag = "questions",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("code" = String, Path, description = "The tracking code, e.g. K7M4Q-X9PRT")),
    responses((status = 200, body = PublicQuestion), (status = 404, description = "No such published question")))]
pub async fn show(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, code)): Path<(String, String)>,
) -> Result<Response> {
    let code = TrackingCode::parse(&code).ok_or(Error::NotFound)?;
    let row = sqlx::query(
        "SELECT tracking_code, title, body, topic, status, created_at, published_at, answer, answered_at FROM questions \
         WHERE agency_id = $1 AND tracking_code = $2 AND published_at IS NOT NULL AND hidden_at IS NULL",
    )
    .bind(agency.id)
    .bind(code.as_compact())
    .fetch_optional(&state.db)
    .await?
    .ok_or(Error::NotFound)?;
    let question = super::questions::public_question(&row)?;
    let headers = [(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"))];
    Ok((headers, axum::Json(question)).into_response())
}
