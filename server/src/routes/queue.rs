//! The staff side of questions: the queue, reading one question, moving it through its lifecycle, the
//! answer, publication and moderation, and questions received offline. Every write is audited in its own
//! transaction, and a citizen who left an email gets a notification from the same transaction.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use domain::staff::{OfflineQuestion, QueueEntry, StaffEvent, StaffQuestion};
use domain::{AnswerRequest, Channel, Lang, Pin, QuestionStatus, Role, TrackingCode, TransitionRequest};
use domain::{Field, FieldErrors, MessageKey};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::questions::{StoredQuestion, created, hash_pin, receipt, store};
use super::tracker::is_overdue;
use crate::agencies::{self, Agency};
use crate::db::{self, display_code, is_unique_violation, stored_status};
use crate::extract::Json;
use crate::notify::{self, Notice};
use crate::security::random_u32s;
use crate::staff::StaffMember;
use crate::{AppState, Error, Result, audit, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/staff/questions", get(queue).post(record_offline))
        .route("/api/v1/staff/questions/{code}", get(show))
        .route("/api/v1/staff/questions/{code}/transitions", post(transition))
        .route("/api/v1/staff/questions/{code}/answer", put(write_answer))
        .route("/api/v1/staff/questions/{code}/publication", post(publish))
        .route("/api/v1/staff/questions/{code}/moderation", post(moderate))
}

const WORKERS: &[Role] = &[Role::Officer, Role::Moderator];

/// The agency of the staff member, as the public API sees it (topics, due-date settings).
async fn agency_of(state: &AppState, member: &StaffMember) -> Result<std::sync::Arc<Agency>> {
    agencies::find_cached(&state.agencies, &state.db, &member.agency_slug).await?.ok_or(Error::NotFound)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct QueueParams {
    status: Option<String>,
    topic: Option<String>,
    unit: Option<String>,
    /// `true`: only questions past their due date and still unanswered.
    overdue: Option<bool>,
    /// Words in the title or body, or a tracking code.
    q: Option<String>,
    page: Option<u32>,
    /// At most 100 (default 50).
    per_page: Option<u32>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Queue {
    pub items: Vec<QueueEntry>,
    pub page: u32,
    pub per_page: u32,
}

/// The agency's questions, most urgent (earliest due) first, filtered.
#[utoipa::path(get, path = "/api/v1/staff/questions", tag = "staff", params(QueueParams),
    responses((status = 200, body = Queue), (status = 401, description = "No valid session")))]
pub async fn queue(
    State(state): State<AppState>,
    member: StaffMember,
    params: Result<Query<QueueParams>, QueryRejection>,
) -> Result<axum::Json<Queue>> {
    member.require_any(WORKERS)?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    for value in [&params.status, &params.topic, &params.unit, &params.q].into_iter().flatten() {
        if domain::text::has_forbidden_chars(value, domain::text::Lines::Single) {
            return Err(Error::BadQuery("control characters are not allowed".into()));
        }
    }
    let mut sql = String::from(
        "SELECT tracking_code, title, topic, unit, status, channel, created_at, due_date, published_at, hidden_at \
         FROM questions WHERE agency_id = $1",
    );
    let mut binds: Vec<String> = Vec::new();
    let mut filter = |sql: &mut String, clause: &str, value: String| {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len() + 1)));
    };
    if let Some(status) = params.status.as_deref().filter(|s| !s.is_empty()) {
        let status = QuestionStatus::parse(status).ok_or_else(|| Error::BadQuery(format!("unknown status {status:?}")))?;
        filter(&mut sql, " AND status = ?", status.as_str().to_owned());
    }
    if let Some(topic) = params.topic.filter(|s| !s.is_empty()) {
        filter(&mut sql, " AND topic = ?", topic);
    }
    if let Some(unit) = params.unit.filter(|s| !s.is_empty()) {
        filter(&mut sql, " AND unit = ?", unit);
    }
    if params.overdue == Some(true) {
        filter(
            &mut sql,
            " AND due_date < ? AND status IN ('received', 'accepted', 'assigned', 'in_progress')",
            clock::today_in_vietnam().to_string(),
        );
    }
    if let Some(words) = params.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        match TrackingCode::parse(words) {
            Some(code) => filter(&mut sql, " AND tracking_code = ?", code.as_compact().to_owned()),
            None => {
                // Stored text is NFC; so is the search text, lowercased the same way as `search_text`.
                let words = domain::text::normalise(words).to_lowercase();
                let escaped = words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                filter(&mut sql, " AND search_text LIKE ? ESCAPE '\\'", format!("%{escaped}%"));
            }
        }
    }
    let page = params.page.unwrap_or(1).max(1);
    let per_page = params.per_page.unwrap_or(50).clamp(1, 100);
    sql.push_str(&format!(" ORDER BY due_date, id LIMIT ${} OFFSET ${}", binds.len() + 2, binds.len() + 3));
    let mut query = sqlx::query(&sql).bind(member.agency_id);
    for value in binds {
        query = query.bind(value);
    }
    let rows = query
        .bind(i64::from(per_page))
        .bind(i64::from(page - 1) * i64::from(per_page))
        .fetch_all(&state.db)
        .await?;
    let items = rows
        .iter()
        .map(|r| {
            let status = stored_status(r.try_get(4)?);
            let due_date: Option<String> = r.try_get(7)?;
            let due_date = due_date.unwrap_or_default();
            Ok(QueueEntry {
                tracking_code: display_code(r.try_get(0)?),
                title: r.try_get(1)?,
                topic: r.try_get(2)?,
                unit: r.try_get(3)?,
                status,
                channel: Channel::parse(&r.try_get::<String, _>(5)?).unwrap_or(Channel::Web),
                created_at: r.try_get(6)?,
                overdue: is_overdue(status, &due_date),
                due_date,
                published: r.try_get::<Option<String>, _>(8)?.is_some(),
                hidden: r.try_get::<Option<String>, _>(9)?.is_some(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(axum::Json(Queue { items, page, per_page }))
}

/// A stored question, as the workflow needs it.
struct Stored {
    id: i64,
    code: String,
    title: String,
    status: QuestionStatus,
    email: Option<String>,
    lang: Lang,
    unit: Option<String>,
    answer: Option<String>,
    published_at: Option<String>,
    hidden_at: Option<String>,
}

async fn load(state: &AppState, member: &StaffMember, code: &str) -> Result<Stored> {
    // Another agency's question is "not found": staff see nothing outside their agency.
    let code = TrackingCode::parse(code).ok_or(Error::NotFound)?;
    let row = sqlx::query(
        "SELECT id, title, status, email, lang, unit, answer, published_at, hidden_at FROM questions \
         WHERE agency_id = $1 AND tracking_code = $2",
    )
    .bind(member.agency_id)
    .bind(code.as_compact())
    .fetch_optional(&state.db)
    .await?
    .ok_or(Error::NotFound)?;
    Ok(Stored {
        id: row.try_get(0)?,
        code: code.to_string(),
        title: row.try_get(1)?,
        status: stored_status(row.try_get(2)?),
        email: row.try_get(3)?,
        lang: Lang::from_tag(&row.try_get::<String, _>(4)?),
        unit: row.try_get(5)?,
        answer: row.try_get(6)?,
        published_at: row.try_get(7)?,
        hidden_at: row.try_get(8)?,
    })
}

/// One question with its contact details (for officers and admins) and its full history.
#[utoipa::path(get, path = "/api/v1/staff/questions/{code}", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, body = StaffQuestion), (status = 404, description = "No such question at your agency")))]
pub async fn show(State(state): State<AppState>, member: StaffMember, Path(code): Path<String>) -> Result<axum::Json<StaffQuestion>> {
    member.require_any(WORKERS)?;
    let stored = load(&state, &member, &code).await?;
    Ok(axum::Json(staff_view(&state, &member, stored.id).await?))
}

async fn staff_view(state: &AppState, member: &StaffMember, id: i64) -> Result<StaffQuestion> {
    let row: AnyRow = sqlx::query(
        "SELECT q.tracking_code, q.title, q.body, q.topic, q.unit, q.status, q.channel, q.lang, q.created_at, \
         q.due_date, q.name, q.email, q.phone, q.consent_at, q.answer, q.answered_at, q.duplicate_of, t.slug, \
         q.published_at, q.hidden_at, q.hidden_reason \
         FROM questions q LEFT JOIN agencies t ON t.id = q.transferred_to WHERE q.id = $1",
    )
    .bind(id)
    .fetch_one(&state.db)
    .await?;
    let events = sqlx::query(
        "SELECT e.status, e.at, s.username, e.public_note, e.internal_note FROM question_events e \
         LEFT JOIN staff s ON s.id = e.staff_id WHERE e.question_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?
    .iter()
    .map(|r| {
        Ok(StaffEvent {
            status: stored_status(r.try_get(0)?),
            at: r.try_get(1)?,
            by: r.try_get(2)?,
            public_note: r.try_get(3)?,
            internal_note: r.try_get(4)?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let status = stored_status(row.try_get(5)?);
    let due_date: Option<String> = row.try_get(9)?;
    let due_date = due_date.unwrap_or_default();
    let contact = member.role.sees_contact();
    let private = |index: usize| -> Result<Option<String>, sqlx::Error> {
        if contact { row.try_get(index) } else { Ok(None) }
    };
    Ok(StaffQuestion {
        tracking_code: display_code(row.try_get(0)?),
        title: row.try_get(1)?,
        body: row.try_get(2)?,
        topic: row.try_get(3)?,
        unit: row.try_get(4)?,
        status,
        next: status.next().to_vec(),
        channel: Channel::parse(&row.try_get::<String, _>(6)?).unwrap_or(Channel::Web),
        lang: Lang::from_tag(&row.try_get::<String, _>(7)?),
        created_at: row.try_get(8)?,
        overdue: is_overdue(status, &due_date),
        due_date,
        name: private(10)?,
        email: private(11)?,
        phone: private(12)?,
        consent_at: private(13)?,
        answer: row.try_get(14)?,
        answered_at: row.try_get(15)?,
        duplicate_of: row.try_get::<Option<String>, _>(16)?.map(display_code),
        transferred_to: row.try_get(17)?,
        published_at: row.try_get(18)?,
        hidden_at: row.try_get(19)?,
        hidden_reason: row.try_get(20)?,
        events,
    })
}

/// Ends a staff write: records it in the audit log inside its transaction, commits, forgets cached public
/// lists if the change shows in them, and answers the question as it now is.
async fn commit_audited(
    state: &AppState,
    mut tx: db::Tx,
    member: &StaffMember,
    question_id: i64,
    action: &str,
    detail: serde_json::Value,
    shows_publicly: bool,
) -> Result<axum::Json<StaffQuestion>> {
    audit::record(&mut tx, member.agency_id, Some(member.id), action, Some(question_id), detail).await?;
    tx.commit().await?;
    if shows_publicly {
        state.public_lists.clear();
    }
    Ok(axum::Json(staff_view(state, member, question_id).await?))
}

/// Moves a question to its next state. Only the moves of the lifecycle table are accepted (409 otherwise,
/// with the allowed ones); each move carries what it needs (422 otherwise). The citizen is notified by mail
/// of acceptance, rejection, the answer, a transfer and closing.
#[utoipa::path(post, path = "/api/v1/staff/questions/{code}/transitions", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")),
    request_body(content = TransitionRequest, content_type = "application/json"),
    responses((status = 200, body = StaffQuestion), (status = 403, description = "Not an officer"),
        (status = 404, description = "No such question at your agency"),
        (status = 409, description = "Not a move the lifecycle allows from the current state (`allowed` lists those it does)"),
        (status = 422, description = "The move lacks what it needs (a reason, a unit, an answer…)")))]
pub async fn transition(
    State(state): State<AppState>,
    member: StaffMember,
    Path(code): Path<String>,
    Json(request): Json<TransitionRequest>,
) -> Result<axum::Json<StaffQuestion>> {
    member.require(Role::Officer)?;
    let invalid = |errors: FieldErrors| Error::Validation(errors, Lang::Vi);
    let valid = request.validate().map_err(invalid)?;
    let stored = load(&state, &member, &code).await?;
    if !stored.status.can_move_to(valid.to) {
        return Err(Error::InvalidTransition { from: stored.status, to: valid.to });
    }
    let agency = agency_of(&state, &member).await?;
    let refuse = |field: Field, key: MessageKey| {
        let mut errors = FieldErrors::default();
        errors.add(field, key);
        invalid(errors)
    };
    let mut unit = stored.unit.clone();
    if let Some(slug) = &valid.unit {
        if !agencies::units(&state.db, member.agency_id).await?.iter().any(|(s, _)| s == slug) {
            return Err(refuse(Field::Unit, MessageKey::UnitUnknown));
        }
        unit = Some(slug.clone());
    }
    if let Some(original) = &valid.duplicate_of {
        let published = sqlx::query(
            "SELECT id FROM questions WHERE agency_id = $1 AND tracking_code = $2 AND id <> $3 \
             AND published_at IS NOT NULL AND hidden_at IS NULL AND status IN ('answered', 'closed')",
        )
        .bind(member.agency_id)
        .bind(original.as_compact())
        .bind(stored.id)
        .fetch_optional(&state.db)
        .await?;
        if published.is_none() {
            return Err(refuse(Field::DuplicateOf, MessageKey::DuplicateOfUnknown));
        }
    }
    let transfer = match &valid.transfer_to {
        Some(slug) if slug != &agency.slug && domain::agency::is_valid_slug(slug) => {
            match agencies::find_cached(&state.agencies, &state.db, slug).await? {
                Some(target) => Some(target),
                None => return Err(refuse(Field::TransferTo, MessageKey::TransferToUnknown)),
            }
        }
        Some(_) => return Err(refuse(Field::TransferTo, MessageKey::TransferToUnknown)),
        None => None,
    };
    if valid.to == QuestionStatus::Answered && stored.answer.is_none() {
        return Err(refuse(Field::Answer, MessageKey::AnswerRequired));
    }

    let now = clock::now();
    let mut tx = db::begin(&state.db).await?;
    // The status in the WHERE clause makes two officers' simultaneous moves safe: the second finds the
    // question moved and gets a 409 rather than silently overwriting.
    let moved = sqlx::query(
        "UPDATE questions SET status = $1, unit = $2, \
         duplicate_of = COALESCE($3, duplicate_of), transferred_to = COALESCE($4, transferred_to), \
         answered_at = CASE WHEN $1 = 'answered' THEN $5 ELSE answered_at END \
         WHERE id = $6 AND status = $7",
    )
    .bind(valid.to.as_str())
    .bind(&unit)
    .bind(valid.duplicate_of.as_ref().map(|c| c.as_compact().to_owned()))
    .bind(transfer.as_ref().map(|a| a.id))
    .bind(&now)
    .bind(stored.id)
    .bind(stored.status.as_str())
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(Error::Conflict("Someone else moved this question just now; reload it and try again."));
    }
    sqlx::query(
        "INSERT INTO question_events (question_id, status, at, staff_id, public_note, internal_note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(stored.id)
    .bind(valid.to.as_str())
    .bind(&now)
    .bind(member.id)
    .bind(&valid.public_note)
    .bind(&valid.internal_note)
    .execute(&mut *tx)
    .await?;
    let detail = json!({
        "from": stored.status.as_str(), "to": valid.to.as_str(), "unit": valid.unit,
        "duplicate_of": valid.duplicate_of.as_ref().map(|c| c.to_string()),
        "transfer_to": valid.transfer_to, "public_note": valid.public_note, "internal_note": valid.internal_note,
    });
    let notified = valid.to.notifies_citizen() && stored.email.is_some();
    if let Some(email) = stored.email.as_deref().filter(|_| notified) {
        let notice = Notice {
            agency: &agency,
            question_id: stored.id,
            recipient: email,
            lang: stored.lang,
            tracking_code: &stored.code,
            title: &stored.title,
            status: valid.to,
            public_note: valid.public_note.as_deref(),
            transferred_to: transfer.as_ref().map(|a| a.name.as_str()),
        };
        notify::enqueue(&mut tx, &notice).await?;
    }
    let published = stored.published_at.is_some();
    let view = commit_audited(&state, tx, &member, stored.id, "question.transition", detail, published).await?;
    if notified {
        state.outbox.notify_one();
    }
    Ok(view)
}

/// Writes or corrects the answer. It becomes visible to the citizen (and, once published, to everyone) when
/// the question moves to `answered`.
#[utoipa::path(put, path = "/api/v1/staff/questions/{code}/answer", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")),
    request_body(content = AnswerRequest, content_type = "application/json"),
    responses((status = 200, body = StaffQuestion), (status = 409, description = "Not assigned or in progress yet, or already closed"),
        (status = 422, description = "Empty or too long")))]
pub async fn write_answer(
    State(state): State<AppState>,
    member: StaffMember,
    Path(code): Path<String>,
    Json(request): Json<AnswerRequest>,
) -> Result<axum::Json<StaffQuestion>> {
    member.require(Role::Officer)?;
    let answer = request.validate().map_err(|errors| Error::Validation(errors, Lang::Vi))?;
    let stored = load(&state, &member, &code).await?;
    let too_early_or_late = "An answer can be written once the question is assigned, and until it is closed.";
    if !stored.status.accepts_answer() {
        return Err(Error::Conflict(too_early_or_late));
    }
    let mut tx = db::begin(&state.db).await?;
    // Written first, so SQLite holds the write lock; the status guard stops an answer racing a close.
    let written = sqlx::query(
        "UPDATE questions SET answer = $1 WHERE id = $2 AND status IN ('assigned', 'in_progress', 'answered')",
    )
    .bind(&answer)
    .bind(stored.id)
    .execute(&mut *tx)
    .await?;
    if written.rows_affected() != 1 {
        return Err(Error::Conflict(too_early_or_late));
    }
    let detail = json!({ "previous": stored.answer, "answer": answer });
    commit_audited(&state, tx, &member, stored.id, "question.answer", detail, stored.published_at.is_some()).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PublicationRequest {
    pub published: bool,
}

/// Publishes a question (with its answer, never the citizen's contact details) or withdraws it (moderator).
#[utoipa::path(post, path = "/api/v1/staff/questions/{code}/publication", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")), request_body = PublicationRequest,
    responses((status = 200, body = StaffQuestion), (status = 403, description = "Not a moderator"),
        (status = 409, description = "Hidden questions cannot be published")))]
pub async fn publish(
    State(state): State<AppState>,
    member: StaffMember,
    Path(code): Path<String>,
    Json(request): Json<PublicationRequest>,
) -> Result<axum::Json<StaffQuestion>> {
    member.require(Role::Moderator)?;
    let stored = load(&state, &member, &code).await?;
    if request.published && stored.hidden_at.is_some() {
        return Err(Error::Conflict("This question is hidden for abusive content; unhide it before publishing."));
    }
    let mut tx = db::begin(&state.db).await?;
    // Publishing again keeps the first publication date.
    sqlx::query("UPDATE questions SET published_at = CASE WHEN $1 = 1 THEN COALESCE(published_at, $2) ELSE NULL END WHERE id = $3")
        .bind(i64::from(request.published))
        .bind(clock::now())
        .bind(stored.id)
        .execute(&mut *tx)
        .await?;
    let action = if request.published { "question.publish" } else { "question.unpublish" };
    commit_audited(&state, tx, &member, stored.id, action, json!({}), true).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ModerationRequest {
    pub hidden: bool,
    /// Required to hide: why the content is abusive.
    #[serde(default)]
    pub reason: String,
}

/// Hides a question's content from the public for a stated reason, or shows it again (moderator). Hiding
/// also withdraws publication.
#[utoipa::path(post, path = "/api/v1/staff/questions/{code}/moderation", tag = "staff",
    params(("code" = String, Path, description = "Tracking code")), request_body = ModerationRequest,
    responses((status = 200, body = StaffQuestion), (status = 403, description = "Not a moderator"),
        (status = 422, description = "No reason given")))]
pub async fn moderate(
    State(state): State<AppState>,
    member: StaffMember,
    Path(code): Path<String>,
    Json(request): Json<ModerationRequest>,
) -> Result<axum::Json<StaffQuestion>> {
    member.require(Role::Moderator)?;
    let reason = domain::text::normalise(&request.reason);
    let mut errors = FieldErrors::default();
    if request.hidden && reason.is_empty() {
        errors.add(Field::PublicNote, MessageKey::ReasonRequired);
    }
    if domain::text::has_forbidden_chars(&reason, domain::text::Lines::Multi) {
        errors.add(Field::PublicNote, MessageKey::NoteForbiddenChars);
    }
    if domain::text::char_count(&reason) > domain::lifecycle::NOTE_MAX {
        errors.add(Field::PublicNote, MessageKey::NoteTooLong);
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors, Lang::Vi));
    }
    let stored = load(&state, &member, &code).await?;
    let mut tx = db::begin(&state.db).await?;
    if request.hidden {
        sqlx::query("UPDATE questions SET hidden_at = $1, hidden_reason = $2, published_at = NULL WHERE id = $3")
            .bind(clock::now())
            .bind(&reason)
            .bind(stored.id)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("UPDATE questions SET hidden_at = NULL, hidden_reason = NULL WHERE id = $1").bind(stored.id).execute(&mut *tx).await?;
    }
    let action = if request.hidden { "question.hide" } else { "question.unhide" };
    commit_audited(&state, tx, &member, stored.id, action, json!({ "reason": reason }), true).await
}

/// Records a question received by letter, phone, email or in person. It gets a tracking code and a PIN
/// like any other, to print or read out; the due date counts from the day it was received.
#[utoipa::path(post, path = "/api/v1/staff/questions", tag = "staff",
    request_body(content = OfflineQuestion, content_type = "application/json"),
    responses((status = 201, body = domain::QuestionReceipt), (status = 403, description = "Not an officer"),
        (status = 422, description = "Field errors")))]
pub async fn record_offline(
    State(state): State<AppState>,
    member: StaffMember,
    Json(offline): Json<OfflineQuestion>,
) -> Result<Response> {
    member.require(Role::Officer)?;
    let agency = agency_of(&state, &member).await?;
    let today = clock::today_in_vietnam();
    let (valid, received_on) = offline
        .validate(&agency.topics, today)
        .map_err(|errors| Error::Validation(errors, offline.question.lang))?;
    let pin = Pin::from_entropy(random_u32s::<1>()[0]);
    let pin_hash = {
        let _slot = state.hashing.acquire().await.map_err(|e| Error::Internal(e.to_string()))?;
        hash_pin(pin.clone()).await?
    };
    let created_at = if received_on == today { clock::now() } else { clock::start_of_vietnam_day(received_on) };
    for _ in 0..3 {
        let code = TrackingCode::from_entropy(random_u32s());
        let audit = json!({ "channel": offline.channel.as_str(), "received_on": received_on.to_string() });
        let new = StoredQuestion { channel: offline.channel, recorded_by: Some(member.id), created_at: &created_at, audit: Some(audit) };
        match store(&state, &agency, &valid, &code, &pin_hash, &new, None).await {
            Ok(_) => return Ok(created(receipt(&code, pin, created_at), false)),
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Internal("could not find a free tracking code".into()))
}
