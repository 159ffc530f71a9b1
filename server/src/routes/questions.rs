//! Citizens' questions: submitting one, and the public list of published ones.

use axum::extract::rejection::QueryRejection;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use domain::{Channel, NewQuestion, Pin, PublicQuestion, QuestionReceipt, QuestionStatus, TrackingCode, ValidQuestion};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::agencies::Agency;
use crate::db::{self, display_code, hex, is_unique_violation, stored_status};
use crate::extract::Json;
use crate::security::{CurrentAgency, random_u32s};
use crate::{AppState, Error, Result, clock};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/agencies/{agency}/questions", post(create).get(list))
}

/// Submits a question. Answers 201 with the tracking code and the PIN, which is shown this once.
/// A retry with the same `Idempotency-Key` and body answers the first response again and stores nothing.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/questions", tag = "questions",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–128 visible ASCII characters")),
    request_body(content = NewQuestion, content_type = "application/json"),
    responses(
        (status = 201, body = QuestionReceipt),
        (status = 403, description = "The Origin is not allowed for this agency"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Not application/json"),
        (status = 422, description = "Field errors (`errors`: field → message keys; `messages`: the same as text), or a reused Idempotency-Key"),
        (status = 429, description = "Too many submissions from this address; see Retry-After"),
        (status = 503, description = "The service cannot store questions now (a full disk, a database down): nothing was stored; send the same request again, with the same Idempotency-Key, after Retry-After")))]
pub async fn create(
    State(state): State<AppState>,
    agency: CurrentAgency,
    headers: HeaderMap,
    Json(question): Json<NewQuestion>,
) -> Result<Response> {
    let idempotency = match headers.get("idempotency-key") {
        None => None,
        Some(value) => Some(IdempotencyKey::parse(value.as_bytes(), &question)?),
    };
    if let Some(key) = &idempotency
        && let Some(first) = replay(&state, &agency, key).await?
    {
        return Ok(first);
    }
    if question.is_from_robot() {
        // Robots are answered like people so they learn nothing; nothing is stored.
        tracing::info!(agency = agency.slug, "honeypot filled; submission discarded");
        let decoy = TrackingCode::from_entropy(random_u32s());
        return Ok(created(receipt(&decoy, Pin::from_entropy(random_u32s::<1>()[0]), clock::now()), false));
    }
    let valid = question.validate(&agency.topics).map_err(|errors| Error::Validation(errors, question.lang))?;
    let pin = match &idempotency {
        Some(key) => key.derive_pin(&state.pin_key, agency.id),
        None => Pin::from_entropy(random_u32s::<1>()[0]),
    };
    let pin_hash = {
        let _slot = state.hashing.acquire().await.map_err(|e| Error::Internal(e.to_string()))?;
        hash_pin(pin.clone()).await?
    };
    // A fresh tracking code collides with a stored one about once in 10^13 submissions; try again if so.
    for _ in 0..3 {
        let code = TrackingCode::from_entropy(random_u32s());
        let created_at = clock::now();
        let new = StoredQuestion { channel: Channel::Web, recorded_by: None, created_at: &created_at, audit: None };
        match store(&state, &agency, &valid, &code, &pin_hash, &new, idempotency.as_ref()).await {
            Ok(_) => return Ok(created(receipt(&code, pin, created_at), false)),
            Err(e) if is_unique_violation(&e) => {
                // A concurrent request with the same key may have won the race.
                if let Some(key) = &idempotency
                    && let Some(first) = replay(&state, &agency, key).await?
                {
                    return Ok(first);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Internal("could not find a free tracking code".into()))
}

pub fn receipt(code: &TrackingCode, pin: Pin, created_at: String) -> QuestionReceipt {
    QuestionReceipt { tracking_code: code.to_string(), pin: pin.as_str().to_owned(), status: QuestionStatus::Received, created_at }
}

pub fn created(receipt: QuestionReceipt, replayed: bool) -> Response {
    let mut response = (StatusCode::CREATED, axum::Json(receipt)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// How a question came in, and when.
pub struct StoredQuestion<'a> {
    pub channel: Channel,
    /// The officer who recorded a question received offline.
    pub recorded_by: Option<i64>,
    /// When the agency received it: now for the web, the day of the letter or call for offline channels.
    pub created_at: &'a str,
    /// For a question an officer records: what the audit log says about it.
    pub audit: Option<serde_json::Value>,
}

/// Stores a question with its first timeline step and its due date; returns its id.
pub async fn store(
    state: &AppState,
    agency: &Agency,
    question: &ValidQuestion,
    code: &TrackingCode,
    pin_hash: &str,
    new: &StoredQuestion<'_>,
    idempotency: Option<&IdempotencyKey>,
) -> Result<i64, sqlx::Error> {
    let created_at = new.created_at;
    let mut tx = db::begin(&state.db).await?;
    // The first statement writes, so SQLite takes the write lock at once and waits politely for it.
    let id: i64 = sqlx::query(
        "INSERT INTO questions (agency_id, tracking_code, pin_hash, title, body, topic, name, email, phone, \
         consent_at, lang, channel, status, created_at, due_date, recorded_by, search_text) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'received', $13, $14, $15, $16) RETURNING id",
    )
    .bind(agency.id)
    .bind(code.as_compact())
    .bind(pin_hash)
    .bind(&question.title)
    .bind(&question.body)
    .bind(&question.topic)
    .bind(&question.name)
    .bind(&question.email)
    .bind(&question.phone)
    .bind(question.consent.then_some(created_at))
    .bind(question.lang.as_str())
    .bind(new.channel.as_str())
    .bind(created_at)
    .bind(agency.due_date(created_at).to_string())
    .bind(new.recorded_by)
    .bind(search_text(&question.title, &question.body))
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    sqlx::query("INSERT INTO question_events (question_id, status, at, staff_id) VALUES ($1, 'received', $2, $3)")
        .bind(id)
        .bind(created_at)
        .bind(new.recorded_by)
        .execute(&mut *tx)
        .await?;
    if let Some(detail) = &new.audit {
        crate::audit::record(&mut tx, agency.id, new.recorded_by, "question.record_offline", Some(id), detail.clone()).await?;
    }
    if let Some(key) = idempotency {
        sqlx::query(
            "INSERT INTO idempotency_keys (agency_id, key_hash, request_hash, question_id, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(agency.id)
        .bind(&key.key_hash)
        .bind(&key.request_hash)
        .bind(id)
        .bind(created_at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The first response to a request with this key, or `None` if the key is new.
async fn replay(state: &AppState, agency: &Agency, key: &IdempotencyKey) -> Result<Option<Response>> {
    let Some(row) = sqlx::query(
        "SELECT k.request_hash, q.tracking_code, q.created_at FROM idempotency_keys k \
         JOIN questions q ON q.id = k.question_id WHERE k.agency_id = $1 AND k.key_hash = $2",
    )
    .bind(agency.id)
    .bind(&key.key_hash)
    .fetch_optional(&state.db)
    .await?
    else {
        return Ok(None);
    };
    let request_hash: String = row.try_get(0)?;
    if request_hash != key.request_hash {
        return Err(Error::IdempotencyKeyReused);
    }
    let stored: String = row.try_get(1)?;
    let code = TrackingCode::parse(&stored).ok_or_else(|| Error::Internal(format!("corrupt tracking code {stored}")))?;
    let pin = key.derive_pin(&state.pin_key, agency.id);
    Ok(Some(created(receipt(&code, pin, row.try_get(2)?), true)))
}

/// A client's `Idempotency-Key`, kept only as a hash, with the hash of the body it came with.
pub struct IdempotencyKey {
    raw: Vec<u8>,
    key_hash: String,
    request_hash: String,
}

impl IdempotencyKey {
    fn parse(raw: &[u8], question: &NewQuestion) -> Result<IdempotencyKey> {
        if raw.is_empty() || raw.len() > 128 || !raw.iter().all(|b| (0x21..=0x7e).contains(b)) {
            return Err(Error::BadIdempotencyKey);
        }
        let body = serde_json::to_vec(question).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(IdempotencyKey {
            raw: raw.to_vec(),
            key_hash: hex(&Sha256::digest(raw)),
            request_hash: hex(&Sha256::digest(body)),
        })
    }

    /// A retried submission must return the same PIN without the PIN being stored: it is derived from the
    /// key (which only the client knows; the database holds its hash) and a per-installation secret.
    fn derive_pin(&self, pin_key: &[u8; 32], agency_id: i64) -> Pin {
        let mut mac = Hmac::<Sha256>::new_from_slice(pin_key).expect("HMAC takes any key length");
        mac.update(&agency_id.to_le_bytes());
        mac.update(&self.raw);
        let digest = mac.finalize().into_bytes();
        Pin::from_entropy(u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]]))
    }
}

/// Hashes a PIN with argon2id; see `passwords`.
pub async fn hash_pin(pin: Pin) -> Result<String> {
    crate::passwords::hash(pin.as_str().to_owned()).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// 1-based page number.
    page: Option<u32>,
    /// Questions per page, at most 100 (default 20).
    per_page: Option<u32>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QuestionList {
    pub items: Vec<PublicQuestion>,
    pub page: u32,
    pub per_page: u32,
}

/// The questions staff have published, newest first: never a name, email or phone.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}/questions", tag = "questions",
    params(("agency" = String, Path, description = "The agency's slug"), ListParams),
    responses((status = 200, body = QuestionList), (status = 404, description = "No such agency")))]
pub async fn list(
    State(state): State<AppState>,
    agency: CurrentAgency,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response> {
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    let page = params.page.unwrap_or(1).max(1);
    let per_page = params.per_page.unwrap_or(20).clamp(1, 100);
    let key = (agency.id, page, per_page);
    let body = match state.public_lists.get(&key) {
        Some(body) => body,
        None => {
            let body = Bytes::from(serde_json::to_vec(&public_page(&state, &agency, page, per_page).await?).map_err(|e| Error::Internal(e.to_string()))?);
            state.public_lists.insert(key, body.clone());
            body
        }
    };
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
        (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60")),
    ];
    Ok((headers, body).into_response())
}

async fn public_page(state: &AppState, agency: &Agency, page: u32, per_page: u32) -> Result<QuestionList> {
    let rows = sqlx::query(
        "SELECT tracking_code, title, body, topic, status, created_at, published_at, answer, answered_at FROM questions \
         WHERE agency_id = $1 AND published_at IS NOT NULL AND hidden_at IS NULL \
         ORDER BY published_at DESC, id DESC LIMIT $2 OFFSET $3",
    )
    .bind(agency.id)
    .bind(i64::from(per_page))
    .bind(i64::from(page - 1) * i64::from(per_page))
    .fetch_all(&state.db)
    .await?;
    let items = rows.iter().map(public_question).collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(QuestionList { items, page, per_page })
}

/// Reads a row of `tracking_code, title, body, topic, status, created_at, published_at, answer, answered_at`.
pub fn public_question(row: &sqlx::any::AnyRow) -> Result<PublicQuestion, sqlx::Error> {
    let code: String = row.try_get(0)?;
    let status: String = row.try_get(4)?;
    let status = stored_status(status);
    // An answer is public once the question is answered, not while an officer is still drafting it.
    let answered = matches!(status, QuestionStatus::Answered | QuestionStatus::Closed);
    Ok(PublicQuestion {
        tracking_code: display_code(code),
        title: row.try_get(1)?,
        body: row.try_get(2)?,
        topic: row.try_get(3)?,
        status,
        created_at: row.try_get(5)?,
        published_at: row.try_get(6)?,
        answer: if answered { row.try_get(7)? } else { None },
        answered_at: if answered { row.try_get(8)? } else { None },
    })
}

/// What staff search matches: title and body, lowercased (Unicode-aware, unlike SQLite's LOWER).
pub fn search_text(title: &str, body: &str) -> String {
    format!("{title}\n{body}").to_lowercase()
}

/// Gives questions stored before migration 2 their due date (counted with the agency's handling time) and
/// their search text. Run once, by the migration runner, right after migration 2.
pub async fn backfill(db: &sqlx::AnyPool) -> Result<()> {
    let rows = sqlx::query("SELECT id, title, body FROM questions WHERE search_text IS NULL").fetch_all(db).await?;
    for row in rows {
        let (title, body): (String, String) = (row.try_get(1)?, row.try_get(2)?);
        sqlx::query("UPDATE questions SET search_text = $1 WHERE id = $2")
            .bind(search_text(&title, &body))
            .bind(row.try_get::<i64, _>(0)?)
            .execute(db)
            .await?;
    }
    let rows = sqlx::query(
        "SELECT q.id, q.created_at, a.handling_days FROM questions q JOIN agencies a ON a.id = q.agency_id \
         WHERE q.due_date IS NULL",
    )
    .fetch_all(db)
    .await?;
    for row in rows {
        let created_at: String = row.try_get(1)?;
        let days: i64 = row.try_get(2)?;
        let received = domain::Date::in_vietnam_at(&created_at).unwrap_or_else(clock::today_in_vietnam);
        let due = domain::due_date(received, u32::try_from(days).unwrap_or(10), &[]);
        sqlx::query("UPDATE questions SET due_date = $1 WHERE id = $2")
            .bind(due.to_string())
            .bind(row.try_get::<i64, _>(0)?)
            .execute(db)
            .await?;
    }
    Ok(())
}
