//! Questions: a citizen asks (web) or an officer records one received offline; the citizen follows it with
//! code and PIN; staff move it through its lifecycle, answer, publish and moderate it; the public reads what
//! is published. This file holds the feature's functions; `store` its SQL, `http` the citizens' handlers,
//! `queue` the staff's, `notify` the mail a move sends.

pub mod http;
pub mod notify;
pub mod queue;
pub mod store;

use axum::body::Bytes;
use domain::staff::{ContactErasure, ErasedBy, OfflineQuestion, Queue, QueueParams, StaffQuestion};
use domain::{
    AnswerRequest, Channel, Field, FieldErrors, Lang, LookupRequest, MessageKey, NewQuestion, Pin, PublicQuestion,
    QuestionList, QuestionReceipt, QuestionStatus, TrackedQuestion, TrackingCode, TransitionRequest, ValidQuestion,
};
use serde_json::{Value, json};
use sqlx::Row;

use crate::agencies::{self, Agency};
use crate::audit::Subject;
use crate::db::{self, Tx, is_unique_violation};
use crate::platform::idempotency::{IdempotencyKey, Submission};
use crate::platform::random::random_u32s;
use crate::platform::{clock, passwords};
use crate::staff::{self, StaffMember};
use crate::{AppState, Error, Result};
use notify::Notice;
use store::{display_code, is_overdue, stored_status};

// ---------------------------------------------------------------------------------------------------------
// Asking.

/// What became of a submission.
pub enum Asked {
    Stored(QuestionReceipt),
    /// The same key and body came before: the first answer again, nothing stored.
    Replayed(QuestionReceipt),
}

/// A citizen's question from the web. With an `Idempotency-Key`, a retry answers the first receipt again
/// (with the same PIN) and stores nothing; a robot that filled the honeypot is answered like a person and
/// nothing is stored.
pub async fn ask(
    state: &AppState,
    agency: &Agency,
    question: &NewQuestion,
    key: Option<&IdempotencyKey>,
) -> Result<Asked> {
    if let Some(key) = key
        && let Some(first) = replay(state, agency, key).await?
    {
        return Ok(first);
    }
    // Invalid input is refused as the API documents, robot or not; a valid one from a robot gets a decoy.
    let valid = question.validate(&agency.topics).map_err(|errors| Error::Validation(errors, question.lang))?;
    if question.is_from_robot() {
        tracing::info!(agency = agency.slug, "honeypot filled; submission discarded");
        let decoy = TrackingCode::from_entropy(random_u32s());
        return Ok(Asked::Stored(receipt(&decoy, Pin::from_entropy(random_u32s::<1>()[0]), clock::now())));
    }
    let pin = match key {
        Some(key) => key.derive_pin(&state.pin_key, agency.id, Submission::Question),
        None => Pin::from_entropy(random_u32s::<1>()[0]),
    };
    let arrival = Arrival { channel: Channel::Web, created_at: clock::now(), recorded_by: None, key };
    store_new(state, agency, &valid, pin, &arrival).await
}

/// A question an officer received by letter, phone, email or in person. It gets a code and a PIN like any
/// other, to print or read out; its due date counts from the day it was received.
pub async fn record_offline(
    state: &AppState,
    member: &StaffMember,
    offline: &OfflineQuestion,
) -> Result<QuestionReceipt> {
    let agency = agency_of(state, member).await?;
    let today = clock::today_in_vietnam();
    let (valid, received_on) =
        offline.validate(&agency.topics, today).map_err(|errors| Error::Validation(errors, offline.question.lang))?;
    let created_at = if received_on == today { clock::now() } else { clock::start_of_vietnam_day(received_on) };
    let arrival = Arrival { channel: offline.channel, created_at, recorded_by: Some(member), key: None };
    match store_new(state, &agency, &valid, Pin::from_entropy(random_u32s::<1>()[0]), &arrival).await? {
        Asked::Stored(receipt) | Asked::Replayed(receipt) => Ok(receipt),
    }
}

/// How and when a question came in.
struct Arrival<'a> {
    channel: Channel,
    /// When the agency received it: now for the web, the day of the letter or call for offline channels.
    created_at: String,
    /// The officer who recorded a question received offline; the write is audited as theirs.
    recorded_by: Option<&'a StaffMember>,
    key: Option<&'a IdempotencyKey>,
}

/// Hashes the PIN (slowly, before any transaction) and stores the question under a fresh tracking code.
async fn store_new(
    state: &AppState,
    agency: &Agency,
    question: &ValidQuestion,
    pin: Pin,
    arrival: &Arrival<'_>,
) -> Result<Asked> {
    let pin_hash = passwords::hash(pin.as_str().to_owned()).await?;
    // A fresh tracking code collides with a stored one about once in 10^13 submissions; try again if so.
    for _ in 0..3 {
        let code = TrackingCode::from_entropy(random_u32s());
        if insert(state, agency, question, &code, &pin_hash, arrival).await? {
            return Ok(Asked::Stored(receipt(&code, pin, arrival.created_at.clone())));
        }
        // Taken: the code, or the key by a concurrent request with the same key, which then won the race.
        if let Some(key) = arrival.key
            && let Some(first) = replay(state, agency, key).await?
        {
            return Ok(first);
        }
    }
    Err(Error::Internal("could not find a free tracking code".into()))
}

/// Stores the question in one transaction; false if its code (or its key) was taken meanwhile.
async fn insert(
    state: &AppState,
    agency: &Agency,
    question: &ValidQuestion,
    code: &TrackingCode,
    pin_hash: &str,
    arrival: &Arrival<'_>,
) -> Result<bool> {
    let mut tx = db::begin(&state.db).await?;
    let row = store::NewRow {
        agency_id: agency.id,
        code,
        pin_hash,
        question,
        channel: arrival.channel,
        recorded_by: arrival.recorded_by.map(|m| m.id),
        created_at: &arrival.created_at,
        due_date: agency.due_date(&arrival.created_at).to_string(),
    };
    let stored = async {
        let id = store::insert(&mut tx, &row).await?;
        if let Some(key) = arrival.key {
            store::insert_idempotency_key(
                &mut tx,
                agency.id,
                &key.key_hash,
                &key.request_hash,
                id,
                &arrival.created_at,
            )
            .await?;
        }
        Ok::<_, sqlx::Error>(id)
    };
    let id = match stored.await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    match arrival.recorded_by {
        Some(member) => {
            let received_on = domain::Date::in_vietnam_at(&arrival.created_at).map(|d| d.to_string());
            let detail = json!({ "channel": arrival.channel.as_str(), "received_on": received_on });
            staff::commit_audited(tx, member, "question.record_offline", Some(Subject::question(id)), detail).await?;
        }
        None => tx.commit().await?,
    }
    Ok(true)
}

pub fn receipt(code: &TrackingCode, pin: Pin, created_at: String) -> QuestionReceipt {
    QuestionReceipt {
        tracking_code: code.to_string(),
        pin: pin.as_str().to_owned(),
        status: QuestionStatus::Received,
        created_at,
    }
}

/// The first answer to a request with this key, or `None` if the key is new.
async fn replay(state: &AppState, agency: &Agency, key: &IdempotencyKey) -> Result<Option<Asked>> {
    let Some(first) = store::find_by_idempotency_key(&state.db, agency.id, &key.key_hash).await? else {
        return Ok(None);
    };
    if first.request_hash != key.request_hash {
        return Err(Error::IdempotencyKeyReused);
    }
    let code = TrackingCode::parse(&first.tracking_code)
        .ok_or_else(|| Error::Internal(format!("corrupt tracking code {}", first.tracking_code)))?;
    let pin = key.derive_pin(&state.pin_key, agency.id, Submission::Question);
    Ok(Some(Asked::Replayed(receipt(&code, pin, first.created_at))))
}

// ---------------------------------------------------------------------------------------------------------
// Reading, for citizens and the public.

/// A page of published questions as JSON, served from memory for a few seconds (see `AppState`).
pub async fn public_page(state: &AppState, agency: &Agency, page: u32, per_page: u32) -> Result<Bytes> {
    let key = (agency.id, page, per_page);
    if let Some(body) = state.public_lists.get(&key) {
        return Ok(body);
    }
    let items = store::published_page(&state.db, agency.id, page, per_page).await?;
    let list = QuestionList { items, page, per_page };
    let body = Bytes::from(serde_json::to_vec(&list).map_err(|e| Error::Internal(e.to_string()))?);
    state.public_lists.insert(key, body.clone());
    Ok(body)
}

pub async fn published(state: &AppState, agency: &Agency, code: &str) -> Result<PublicQuestion> {
    let code = TrackingCode::parse(code).ok_or(Error::NotFound)?;
    store::published_one(&state.db, agency.id, &code).await?.ok_or(Error::NotFound)
}

/// A question as its author sees it with code and PIN. An unknown code and a wrong PIN get the same
/// `LookupFailed`, after the same work; repeated failures lock the code and the address (`client`) out.
pub async fn lookup(
    state: &AppState,
    agency: &Agency,
    client: &str,
    request: &LookupRequest,
) -> Result<TrackedQuestion> {
    let (code, row) = open_with_pin(state, agency, client, request).await?;
    tracked(state, agency, &code, row).await
}

/// Checks a code and PIN under the guessing limits; the question they open.
async fn open_with_pin(
    state: &AppState,
    agency: &Agency,
    client: &str,
    request: &LookupRequest,
) -> Result<(TrackingCode, store::TrackedRow)> {
    let (code, pin) = request.validate().map_err(|errors| Error::Validation(errors, request.lang))?;
    let attempt = state.guessing.attempt(&format!("code:{}", code.as_compact()), &format!("lookup:{client}")).await?;
    let row = store::tracked(&state.db, agency.id, &code).await?;
    let matches = passwords::verify(pin.as_str().to_owned(), row.as_ref().map(|r| r.pin_hash.clone())).await?;
    let Some(row) = row.filter(|_| matches) else {
        return Err(Error::LookupFailed);
    };
    attempt.succeeded().await;
    Ok((code, row))
}

async fn tracked(
    state: &AppState,
    agency: &Agency,
    code: &TrackingCode,
    row: store::TrackedRow,
) -> Result<TrackedQuestion> {
    let timeline = store::public_timeline(&state.db, row.id).await?;
    // A question stored before due dates existed gets one computed now.
    let due_date = row.due_date.unwrap_or_else(|| agency.due_date(&row.created_at).to_string());
    Ok(TrackedQuestion {
        tracking_code: code.to_string(),
        title: row.title,
        body: row.body,
        topic: row.topic,
        status: row.status,
        overdue: is_overdue(row.status, &due_date),
        created_at: row.created_at,
        due_date,
        timeline,
        answer: row.answer,
        answered_at: row.answered_at,
        duplicate_of: row.duplicate_of,
        transferred_to: row.transferred_to,
        published: row.published,
        contact: row.contact,
    })
}

// ---------------------------------------------------------------------------------------------------------
// "I have the same question" (Decree 42/2022 Art. 8.1.b).

/// Counts a +1 from `client` on a published question: one per place (the rating dedupe's token) per day, so
/// a repeat, or a retry after a lost answer, does not count twice. Answers the count now.
pub async fn same_question(
    state: &AppState,
    agency: &Agency,
    client: &str,
    code: &str,
) -> Result<domain::archive::SameQuestionReceipt> {
    let code = TrackingCode::parse(code).ok_or(Error::NotFound)?;
    let id = store::published_id(&state.db, agency.id, &code).await?.ok_or(Error::NotFound)?;
    let today = clock::today_in_vietnam();
    let place = format!("same-question:{}", code.as_compact());
    let token = state.dedupe_key.token(&state.db, client, Some(&place), today).await?;
    let mut tx = db::begin(&state.db).await?;
    let counted = store::add_same_question(&mut tx, id, &token, &today.to_string()).await?;
    let count = store::same_question_count(&mut tx, id).await?;
    tx.commit().await?;
    Ok(domain::archive::SameQuestionReceipt { same_question_count: u64::try_from(count).unwrap_or(0), counted })
}

// ---------------------------------------------------------------------------------------------------------
// Citizens' rights over their contact data (Law 91/2025/QH15 on personal data protection).

/// The citizen, with code and PIN, withdraws consent and erases their contact details (name, email, phone):
/// the question stays, staff see that and when they were erased but never what, and no more mail is sent
/// (waiting mail is deleted with the address it holds). Audited as the citizen's. Erasing again changes
/// nothing and answers the same. The same guessing limits as a lookup apply.
pub async fn erase_contact(
    state: &AppState,
    agency: &Agency,
    client: &str,
    request: &LookupRequest,
) -> Result<TrackedQuestion> {
    let (code, row) = open_with_pin(state, agency, client, request).await?;
    if row.contact.erased_at.is_none() {
        erase(&state.db, agency.id, row.id, ErasedBy::Citizen, json!({})).await?;
    }
    let row = store::tracked(&state.db, agency.id, &code).await?.ok_or(Error::NotFound)?;
    tracked(state, agency, &code, row).await
}

/// Erases a question's contact details with its waiting mail and an audit entry, in one transaction; false
/// if another process erased them first.
async fn erase(db: &sqlx::AnyPool, agency_id: i64, id: i64, by: ErasedBy, detail: Value) -> Result<bool> {
    let mut tx = db::begin(db).await?;
    if !store::erase_contact(&mut tx, id, &clock::now(), by.as_str()).await? {
        return Ok(false);
    }
    let stopped = crate::outbox::forget(&mut tx, Subject::question(id)).await?;
    let mut detail = detail;
    detail["by"] = json!(by.as_str());
    detail["mail_stopped"] = json!(stopped);
    crate::audit::record(&mut tx, agency_id, None, "question.contact_erase", Some(Subject::question(id)), detail)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The retention job: erases the contact details of questions finished longer ago than their agency keeps
/// them (`contact_retention_days`, 730 by default), each audited. Returns how many it erased. Safe to run
/// in several processes at once: each question is erased, and audited, once.
pub async fn erase_expired_contacts(db: &sqlx::AnyPool) -> Result<u64> {
    let now = clock::now();
    let mut erased = 0;
    for due in store::finished_with_contact(db).await? {
        let cutoff = clock::after(&now, -due.retention_days * 86_400);
        if due.finished_at.as_str() >= cutoff.as_str() {
            continue;
        }
        let detail = json!({ "retention_days": due.retention_days, "finished_at": due.finished_at });
        if erase(db, due.agency_id, due.id, ErasedBy::Retention, detail).await? {
            erased += 1;
        }
    }
    if erased > 0 {
        tracing::info!(erased, "retention: contact details of finished questions erased");
    }
    Ok(erased)
}

/// Everything held about one question, for a data-subject request (the operator's `admin question export`):
/// the question with its contact details, its timeline with staff notes, its mail and its audit entries.
/// Only the PIN's hash is left out: it is not the citizen's data but a lock.
pub async fn subject_export(db: &sqlx::AnyPool, agency_id: i64, code: &str) -> Result<Value> {
    let code = TrackingCode::parse(code).ok_or(Error::NotFound)?;
    let question = store::export_row(db, agency_id, &code).await?.ok_or(Error::NotFound)?;
    let id = question["id"].as_i64().ok_or_else(|| Error::Internal("question without id".into()))?;
    let events = store::staff_events(db, id).await?;
    let idempotency = store::export_keys(db, id).await?;
    Ok(json!({
        "tracking_code": code.to_string(),
        "exported_at": clock::now(),
        "question": question,
        "timeline": events,
        "mail": crate::outbox::about(db, Subject::question(id)).await?,
        "audit": staff::audit_about(db, agency_id, Subject::question(id)).await?,
        "idempotency_keys": idempotency,
        "not_included": "the PIN is stored only as an argon2id hash, which is not exported",
    }))
}

// ---------------------------------------------------------------------------------------------------------
// Staff.

/// Staff of any role that works on questions: officers and moderators (and admins, who include both).
pub const WORKERS: &[domain::Role] = &[domain::Role::Officer, domain::Role::Moderator];

/// The member's own agency, as the public API sees it (topics, due-date settings).
async fn agency_of(state: &AppState, member: &StaffMember) -> Result<std::sync::Arc<Agency>> {
    agencies::find_cached(&state.agencies, &state.db, &member.agency_slug).await?.ok_or(Error::NotFound)
}

/// The agency's questions, most urgent (earliest due) first, filtered.
pub async fn queue(state: &AppState, member: &StaffMember, params: QueueParams) -> Result<Queue> {
    if params.has_forbidden_chars() {
        return Err(Error::BadQuery("control characters are not allowed".into()));
    }
    let (page, per_page) = domain::question::paging(params.page, params.per_page, 50)
        .ok_or_else(|| Error::BadQuery("page is 1 to 100000; per_page is 1 to 100".into()))?;
    if params.min_same_question.is_some_and(|min| min > QueueParams::SAME_QUESTION_MAX) {
        return Err(Error::BadQuery("min_same_question is 0 to 1000000".into()));
    }
    let present = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let words = present(params.q);
    let code = words.as_deref().and_then(TrackingCode::parse);
    let filter = store::QueueFilter {
        status: params.status,
        topic: present(params.topic),
        unit: present(params.unit),
        overdue: params.overdue == Some(true),
        // Stored text is NFC; so is the search text, lowercased the same way as `search_text`.
        words: words.filter(|_| code.is_none()).map(|w| domain::text::normalise(&w).to_lowercase()),
        code,
        sort: params.sort.unwrap_or_default(),
        min_same_question: params.min_same_question,
        page,
        per_page,
    };
    let items = store::queue(&state.db, member.agency_id, &filter).await?;
    let counts = store::queue_counts(&state.db, member.agency_id, &filter).await?;
    Ok(Queue { items, page, per_page, counts })
}

/// A question of the member's agency; another agency's is "not found": staff see nothing outside theirs.
async fn workflow(state: &AppState, member: &StaffMember, code: &str) -> Result<store::Workflow> {
    let code = TrackingCode::parse(code).ok_or(Error::NotFound)?;
    store::workflow(&state.db, member.agency_id, &code).await?.ok_or(Error::NotFound)
}

/// One question with its contact details (for roles that may see them) and its whole history.
pub async fn for_staff(state: &AppState, member: &StaffMember, code: &str) -> Result<StaffQuestion> {
    let question = workflow(state, member, code).await?;
    staff_view(state, member, question.id).await
}

async fn staff_view(state: &AppState, member: &StaffMember, id: i64) -> Result<StaffQuestion> {
    let row = store::staff_row(&state.db, id).await?;
    let events = store::staff_events(&state.db, id).await?;
    let status = stored_status(row.try_get::<String, _>("status")?);
    let due_date = row.try_get::<Option<String>, _>("due_date")?.unwrap_or_default();
    let contact = member.role.sees_contact();
    let private =
        |column: &str| -> Result<Option<String>, sqlx::Error> { if contact { row.try_get(column) } else { Ok(None) } };
    Ok(StaffQuestion {
        tracking_code: display_code(row.try_get("tracking_code")?),
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        topic: row.try_get("topic")?,
        unit: row.try_get("unit")?,
        status,
        next: status.next().to_vec(),
        channel: Channel::parse(&row.try_get::<String, _>("channel")?).unwrap_or(Channel::Web),
        lang: Lang::from_tag(&row.try_get::<String, _>("lang")?),
        created_at: row.try_get("created_at")?,
        overdue: is_overdue(status, &due_date),
        due_date,
        name: private("name")?,
        email: private("email")?,
        phone: private("phone")?,
        consent_at: private("consent_at")?,
        contact_erased: match row.try_get::<Option<String>, _>("contact_erased_at")? {
            Some(at) => {
                let by = row.try_get::<Option<String>, _>("contact_erased_by")?;
                Some(ContactErasure { at, by: by.as_deref().and_then(ErasedBy::parse).unwrap_or(ErasedBy::Citizen) })
            }
            None => None,
        },
        answer: row.try_get("answer")?,
        answered_at: row.try_get("answered_at")?,
        duplicate_of: row.try_get::<Option<String>, _>("duplicate_of")?.map(display_code),
        transferred_to: row.try_get("transferred_slug")?,
        published_at: row.try_get("published_at")?,
        hidden_at: row.try_get("hidden_at")?,
        hidden_reason: row.try_get("hidden_reason")?,
        events,
    })
}

/// Ends a staff write on a question: audit and commit together, forget cached public lists if the change
/// shows in them, and answer the question as it now is.
async fn finish(
    state: &AppState,
    tx: Tx,
    member: &StaffMember,
    id: i64,
    action: &str,
    detail: Value,
    shows_publicly: bool,
) -> Result<StaffQuestion> {
    staff::commit_audited(tx, member, action, Some(Subject::question(id)), detail).await?;
    if shows_publicly {
        state.public_lists.clear();
        state.open_data.clear();
    }
    staff_view(state, member, id).await
}

fn refuse(field: Field, key: MessageKey) -> Error {
    let mut errors = FieldErrors::default();
    errors.add(field, key);
    Error::Validation(errors, Lang::Vi)
}

/// Moves a question along the lifecycle table (`InvalidTransition` otherwise); each move carries what it
/// needs (`Validation` otherwise). A citizen who left an email is told of the moves that concern them, by a
/// mail written in the same transaction.
pub async fn transition(
    state: &AppState,
    member: &StaffMember,
    code: &str,
    request: &TransitionRequest,
) -> Result<StaffQuestion> {
    let valid = request.validate().map_err(|errors| Error::Validation(errors, Lang::Vi))?;
    let question = workflow(state, member, code).await?;
    if !question.status.can_move_to(valid.to) {
        return Err(Error::InvalidTransition { from: question.status, to: valid.to });
    }
    let agency = agency_of(state, member).await?;
    if let Some(slug) = &valid.unit
        && !agencies::units(&state.db, member.agency_id).await?.iter().any(|unit| &unit.slug == slug)
    {
        return Err(refuse(Field::Unit, MessageKey::UnitUnknown));
    }
    if let Some(original) = &valid.duplicate_of
        && !store::is_published_answer(&state.db, member.agency_id, original, question.id).await?
    {
        return Err(refuse(Field::DuplicateOf, MessageKey::DuplicateOfUnknown));
    }
    let transfer = match &valid.transfer_to {
        Some(slug) if slug != &agency.slug && domain::agency::is_valid_slug(slug) => Some(
            agencies::find_cached(&state.agencies, &state.db, slug)
                .await?
                .ok_or_else(|| refuse(Field::TransferTo, MessageKey::TransferToUnknown))?,
        ),
        Some(_) => return Err(refuse(Field::TransferTo, MessageKey::TransferToUnknown)),
        None => None,
    };
    if valid.to == QuestionStatus::Answered && question.answer.is_none() {
        return Err(refuse(Field::Answer, MessageKey::AnswerRequired));
    }

    let now = clock::now();
    let mut tx = db::begin(&state.db).await?;
    let unit = valid.unit.as_deref().or(question.unit.as_deref());
    let change = store::Move {
        id: question.id,
        from: question.status,
        to: valid.to,
        unit,
        duplicate_of: valid.duplicate_of.as_ref(),
        transferred_to: transfer.as_ref().map(|a| a.id),
        at: &now,
        staff_id: member.id,
        public_note: valid.public_note.as_deref(),
        internal_note: valid.internal_note.as_deref(),
    };
    if !store::move_to(&mut tx, &change).await? {
        return Err(Error::Conflict("Someone else moved this question just now; reload it and try again."));
    }
    let notified = valid.to.notifies_citizen() && question.email.is_some();
    if let Some(email) = question.email.as_deref().filter(|_| notified) {
        let notice = Notice {
            agency: &agency,
            question_id: question.id,
            recipient: email,
            lang: question.lang,
            tracking_code: &question.code,
            title: &question.title,
            status: valid.to,
            public_note: valid.public_note.as_deref(),
            transferred_to: transfer.as_ref().map(|a| a.name.as_str()),
        };
        notify::enqueue(&mut tx, &notice).await?;
    }
    // The answer shows from this move on: a published question's followers are told in the same transaction.
    let followers = if question.published && valid.to.shows_answer() && !question.status.shows_answer() {
        crate::follows::notify_question(
            &mut tx,
            state.config.public_origin.as_deref(),
            &agency,
            question.id,
            &question.code,
            &question.title,
        )
        .await?
    } else {
        0
    };
    let detail = json!({
        "from": question.status.as_str(), "to": valid.to.as_str(), "unit": valid.unit,
        "duplicate_of": valid.duplicate_of.as_ref().map(|c| c.to_string()),
        "transfer_to": valid.transfer_to, "public_note": valid.public_note, "internal_note": valid.internal_note,
    });
    let view = finish(state, tx, member, question.id, "question.transition", detail, question.published).await?;
    if notified || followers > 0 {
        state.outbox.notify_one();
    }
    Ok(view)
}

/// Writes or corrects the answer. It becomes visible to the citizen (and, once published, to everyone) when
/// the question moves to `answered`.
pub async fn write_answer(
    state: &AppState,
    member: &StaffMember,
    code: &str,
    request: &AnswerRequest,
) -> Result<StaffQuestion> {
    let answer = request.validate().map_err(|errors| Error::Validation(errors, Lang::Vi))?;
    let question = workflow(state, member, code).await?;
    let too_early_or_late = "An answer can be written once the question is assigned, and until it is closed.";
    if !question.status.accepts_answer() {
        return Err(Error::Conflict(too_early_or_late));
    }
    // Read before the transaction, which should hold its connection only as long as it must.
    let notify_followers = question.published && question.status.shows_answer();
    let agency = if notify_followers { Some(agency_of(state, member).await?) } else { None };
    let mut tx = db::begin(&state.db).await?;
    // Written first, so SQLite holds the write lock; the status guard stops an answer racing a close.
    if !store::set_answer(&mut tx, question.id, &answer).await? {
        return Err(Error::Conflict(too_early_or_late));
    }
    // A correction of an answer that shows: a published question's followers are told with it.
    let followers = match &agency {
        Some(agency) => {
            let origin = state.config.public_origin.as_deref();
            crate::follows::notify_question(&mut tx, origin, agency, question.id, &question.code, &question.title)
                .await?
        }
        None => 0,
    };
    let detail = json!({ "previous": question.answer, "answer": answer, "followers": followers });
    let view = finish(state, tx, member, question.id, "question.answer", detail, question.published).await?;
    if followers > 0 {
        state.outbox.notify_one();
    }
    Ok(view)
}

/// Publishes a question (with its answer, never contact data) or withdraws it.
pub async fn set_publication(
    state: &AppState,
    member: &StaffMember,
    code: &str,
    published: bool,
) -> Result<StaffQuestion> {
    let question = workflow(state, member, code).await?;
    if published && question.hidden {
        return Err(Error::Conflict("This question is hidden for abusive content; unhide it before publishing."));
    }
    let mut tx = db::begin(&state.db).await?;
    store::set_published(&mut tx, question.id, published, &clock::now()).await?;
    let action = if published { "question.publish" } else { "question.unpublish" };
    finish(state, tx, member, question.id, action, json!({}), true).await
}

/// Hides a question's content from the public for a stated reason (withdrawing publication), or shows it.
pub async fn moderate(
    state: &AppState,
    member: &StaffMember,
    code: &str,
    request: &domain::staff::ModerationRequest,
) -> Result<StaffQuestion> {
    let reason = request.validate().map_err(|errors| Error::Validation(errors, Lang::Vi))?;
    let question = workflow(state, member, code).await?;
    let mut tx = db::begin(&state.db).await?;
    store::set_hidden(&mut tx, question.id, request.hidden.then_some(reason.as_str()), &clock::now()).await?;
    let action = if request.hidden { "question.hide" } else { "question.unhide" };
    finish(state, tx, member, question.id, action, json!({ "reason": reason }), true).await
}

/// The operator's command: publishes a question at once. Returns how many were published (0 or 1).
pub async fn publish_now(db: &sqlx::AnyPool, agency_id: i64, code: &str) -> Result<u64> {
    let code = TrackingCode::parse(code).ok_or(Error::NotFound)?;
    Ok(store::publish_now(db, agency_id, &code).await?)
}

/// Gives questions stored before migration 10 the archive's folded search text; `db::connect` runs it once,
/// right after that migration.
pub async fn backfill_folded(db: &sqlx::AnyPool) -> Result<()> {
    Ok(store::backfill_folded(db).await?)
}

/// Gives questions stored before migration 2 their due date and search text; `db::connect` runs it once,
/// right after that migration.
pub async fn backfill(db: &sqlx::AnyPool) -> Result<()> {
    Ok(store::backfill(db).await?)
}

/// The demo's published questions and answers, for the demo's archive page: each asked on the web some days
/// ago, taken by the demo officer along the whole handling as `QuestionStatus::next` allows, answered and
/// published. Seeded once: nothing is added when the agency has published a question already.
pub async fn seed_demo(db: &sqlx::AnyPool, agency: &Agency, officer: i64) -> Result<()> {
    if !store::published_page(db, agency.id, 1, 1).await?.is_empty() {
        return Ok(());
    }
    let seeds = [
        (
            12,
            "giay-phep",
            "Thủ tục cấp giấy phép hoạt động in",
            "Xin hỏi hồ sơ đề nghị cấp giấy phép hoạt động in gồm những giấy tờ gì và nộp ở đâu?",
            "Hồ sơ gồm đơn đề nghị theo mẫu, bản sao giấy chứng nhận đăng ký doanh nghiệp và danh sách thiết bị in. \
             Nộp trực tiếp tại bộ phận một cửa của Sở hoặc qua Cổng dịch vụ công.",
        ),
        (
            9,
            "vien-thong",
            "Sóng di động yếu ở khu dân cư mới",
            "Khu dân cư số 3 phường Trung Tâm không gọi được điện thoại di động từ tháng trước. Sở có thể đề nghị các nhà mạng lắp thêm trạm không?",
            "Sở đã làm việc với các doanh nghiệp viễn thông; một trạm phát sóng mới sẽ được lắp trong quý tới. \
             Trong thời gian chờ, người dân có thể dùng cuộc gọi qua Wi-Fi.",
        ),
        (
            6,
            "chuyen-doi-so",
            "Đăng ký tài khoản định danh điện tử cho người cao tuổi",
            "Bố mẹ tôi đã ngoài 70 tuổi, không dùng điện thoại thông minh. Có cách nào đăng ký tài khoản định danh điện tử không?",
            "Người cao tuổi có thể đăng ký tại công an cấp xã; tổ công nghệ số cộng đồng ở mỗi phường hỗ trợ tận nơi khi cần.",
        ),
    ];
    // The PIN of a seeded question is never given to anyone; one hash serves them all.
    let pin_hash = passwords::hash(Pin::from_entropy(random_u32s::<1>()[0]).as_str().to_owned()).await?;
    let now = clock::now();
    for (n, (days_ago, topic, title, body, answer)) in seeds.into_iter().enumerate() {
        let question = NewQuestion {
            title: title.into(),
            body: body.into(),
            topic: Some(topic.into()),
            lang: Lang::Vi,
            ..NewQuestion::default()
        };
        let valid = question.validate(&agency.topics).map_err(|e| Error::Internal(format!("demo question: {e:?}")))?;
        let asked = clock::after(&now, -days_ago * 86_400);
        // Fixed codes: the demo's links stay the same from run to run, and a second instance starting on the
        // same database at the same moment finds them taken instead of seeding twice.
        let code = TrackingCode::from_entropy(std::array::from_fn(|i| (n * 11 + i * 5 + 3) as u32));
        let mut tx = db::begin(db).await?;
        let row = store::NewRow {
            agency_id: agency.id,
            code: &code,
            pin_hash: &pin_hash,
            question: &valid,
            channel: Channel::Web,
            recorded_by: None,
            created_at: &asked,
            due_date: agency.due_date(&asked).to_string(),
        };
        let id = match store::insert(&mut tx, &row).await {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let steps = [
            (QuestionStatus::Received, QuestionStatus::Accepted, 1),
            (QuestionStatus::Accepted, QuestionStatus::Assigned, 1),
            (QuestionStatus::Assigned, QuestionStatus::InProgress, 2),
            (QuestionStatus::InProgress, QuestionStatus::Answered, 4),
        ];
        for (from, to, day) in steps {
            let at = clock::after(&asked, day * 86_400);
            if to == QuestionStatus::Answered {
                store::set_answer(&mut tx, id, answer).await?;
            }
            let unit = (to != QuestionStatus::Accepted).then_some("van-phong");
            let step = store::Move {
                id,
                from,
                to,
                unit,
                duplicate_of: None,
                transferred_to: None,
                at: &at,
                staff_id: officer,
                public_note: None,
                internal_note: None,
            };
            store::move_to(&mut tx, &step).await?;
        }
        store::set_published(&mut tx, id, true, &clock::after(&asked, 5 * 86_400)).await?;
        tx.commit().await?;
    }
    Ok(())
}
