//! Consultations on draft legal documents (Decree 42/2022 Art. 8.1.c): staff publish a draft pasted as text;
//! citizens and organisations comment article by article with a stance, and get a code and PIN; moderators
//! publish or hide comments; officers group identical ones, answer each (accepted, partly, not accepted) and
//! publish the explanation report, which mails every commenter who left an address. This file holds the
//! feature's functions; `store` its SQL, `http` the public handlers, `staff` the staff's, `notify` the mail,
//! `report` the report's CSV and printable page.

pub mod http;
pub mod notify;
pub mod report;
pub mod staff;
pub mod store;

use std::collections::BTreeMap;

use axum::body::Bytes;
use domain::consultation::staff::{
    GroupRequest, Moderation, NewConsultation, ParsePreview, PeriodChange, ResponseRequest, StaffComment,
    StaffCommentPage, StaffCommentParams,
};
use domain::consultation::{ArticleFilter, CommentParams, ReportTotals, commenters_cell, report_blockers, vietnam_day};
use domain::staff::{ContactErasure, ErasedBy};
use domain::{
    ArticleCounts, CommentPage, CommentReceipt, CommentStatus, ConsultationList, ConsultationState,
    ConsultationSummary, ContactHeld, Lang, LookupRequest, NewComment, OwnComment, ParsedDraft, Pin, PublicComment,
    PublicConsultation, PublicNote, Report, ReportRow, Stance, TrackingCode,
};
use serde_json::json;

use crate::agencies::Agency;
use crate::audit::Subject;
use crate::db::{self, is_unique_violation};
use crate::platform::idempotency::{IdempotencyKey, Submission};
use crate::platform::random::random_u32s;
use crate::platform::{clock, passwords};
use crate::staff::{self as staff_accounts, StaffMember};
use crate::{AppState, Error, Result};
use store::{CommentRow, ConsultationRow};

// ---------------------------------------------------------------------------------------------------------
// Reading, for the public.

fn summary(row: &ConsultationRow) -> ConsultationSummary {
    ConsultationSummary {
        slug: row.slug.clone(),
        title: row.title.clone(),
        summary: row.summary.clone(),
        document_type: row.document_type,
        drafting_unit: row.drafting_unit.clone(),
        opens_at: row.opens_at.clone(),
        closes_at: row.closes_at.clone(),
        state: row.state(),
        report_published_at: row.report_published_at.clone(),
    }
}

pub async fn list(state: &AppState, agency: &Agency) -> Result<ConsultationList> {
    let rows = store::list(&state.db, agency.id).await?;
    Ok(ConsultationList { consultations: rows.iter().map(summary).collect() })
}

async fn find(state: &AppState, agency_id: i64, slug: &str) -> Result<ConsultationRow> {
    store::find(&state.db, agency_id, slug).await?.ok_or(Error::NotFound)
}

/// One consultation with its draft and counts, as JSON, served from memory for a few seconds like the
/// public question list: a draft of 200 articles is read far more often than it changes.
pub async fn public_consultation(state: &AppState, agency: &Agency, slug: &str) -> Result<Bytes> {
    let key = (agency.id, slug.to_owned());
    if let Some(body) = state.consultations.get(&key) {
        return Ok(body);
    }
    let row = find(state, agency.id, slug).await?;
    let consultation = with_counts(state, row).await?;
    let body = Bytes::from(serde_json::to_vec(&consultation).map_err(|e| Error::Internal(e.to_string()))?);
    state.consultations.insert(key, body.clone());
    Ok(body)
}

async fn with_counts(state: &AppState, row: ConsultationRow) -> Result<PublicConsultation> {
    let mut counts: BTreeMap<Option<u32>, ArticleCounts> = BTreeMap::new();
    for (article, stance, status, n) in store::counts(&state.db, row.id).await? {
        if status == CommentStatus::Hidden {
            continue;
        }
        let entry = counts.entry(article).or_insert_with(|| ArticleCounts { article, ..ArticleCounts::default() });
        match stance {
            Stance::Agree => entry.agree += n,
            Stance::Disagree => entry.disagree += n,
            Stance::Other => entry.other += n,
        }
        if status == CommentStatus::Published {
            entry.published += n;
        }
    }
    Ok(PublicConsultation {
        state: row.state(),
        slug: row.slug,
        title: row.title,
        summary: row.summary,
        document_type: row.document_type,
        drafting_unit: row.drafting_unit,
        opens_at: row.opens_at,
        closes_at: row.closes_at,
        report_published_at: row.report_published_at,
        attachments: row.attachments,
        notes: row.notes,
        report_expected_by: row.report_expected_by,
        draft: row.draft,
        counts: counts.into_values().collect(),
    })
}

/// Forgets this process's cached copy after a change to a consultation or its comments.
fn forget_cached(state: &AppState, agency_id: i64, slug: &str) {
    state.consultations.remove(&(agency_id, slug.to_owned()));
    // The open data's copies of consultations, comments and reports.
    state.open_data.clear();
}

/// A published comment as the public reads it: never an email, an individual's name only if published, the
/// response only once the report is out.
fn public_comment(comment: &CommentRow, group_size: u32, report_published: bool) -> PublicComment {
    PublicComment {
        id: comment.id,
        article: comment.article,
        clause: comment.clause,
        stance: comment.stance,
        body: comment.body.clone(),
        commenter: comment.commenter,
        name: comment.public_name(),
        created_on: vietnam_day(&comment.created_at),
        group_size,
        response: comment.response.clone().filter(|_| report_published),
    }
}

/// Published comments that stand for themselves or lead a group, each with the size of its group.
fn published_leads(comments: &[CommentRow]) -> Vec<(&CommentRow, Vec<&CommentRow>)> {
    let published = || comments.iter().filter(|c| c.status == CommentStatus::Published);
    published()
        .filter(|c| c.lead() == c.id)
        .map(|lead| (lead, published().filter(|c| c.lead() == lead.id).collect()))
        .collect()
}

/// A page of published comments, oldest first; of one article, of the whole draft, or all.
pub async fn comments_page(
    state: &AppState,
    agency: &Agency,
    slug: &str,
    params: &CommentParams,
) -> Result<CommentPage> {
    let filter = ArticleFilter::parse(params.article.as_deref())
        .ok_or_else(|| Error::BadQuery("article is a number or `general`".into()))?;
    let (page, per_page) = domain::question::paging(params.page, params.per_page, 20)
        .ok_or_else(|| Error::BadQuery("page is 1 to 100000; per_page is 1 to 100".into()))?;
    let row = find(state, agency.id, slug).await?;
    let (leads, total) = store::published_leads(&state.db, row.id, filter, page, per_page).await?;
    let published = row.report_published_at.is_some();
    let comments = leads.iter().map(|(lead, size)| public_comment(lead, *size, published)).collect();
    Ok(CommentPage { comments, page, per_page, total })
}

// ---------------------------------------------------------------------------------------------------------
// Commenting.

/// What became of a comment.
pub enum Commented {
    Stored(CommentReceipt),
    /// The same key and body came before: the first receipt again (same code, same PIN), nothing stored.
    Replayed(CommentReceipt),
}

/// A citizen's or an organisation's comment. Refused with `ConsultationNotOpen` outside the open period;
/// with an `Idempotency-Key`, a retry answers the first receipt again; a robot that filled the honeypot is
/// answered like a person and nothing is stored.
pub async fn comment(
    state: &AppState,
    agency: &Agency,
    slug: &str,
    new: &NewComment,
    key: Option<&IdempotencyKey>,
) -> Result<Commented> {
    let consultation = find(state, agency.id, slug).await?;
    if let Some(key) = key
        && let Some(first) = replay(state, agency, &consultation, key).await?
    {
        return Ok(first);
    }
    if consultation.state() != ConsultationState::Open {
        return Err(Error::ConsultationNotOpen);
    }
    // Invalid input is refused as the API documents, robot or not; a valid one from a robot gets a decoy.
    let valid = new.validate(&consultation.draft).map_err(|errors| Error::Validation(errors, new.lang))?;
    if new.is_from_robot() {
        tracing::info!(agency = agency.slug, "honeypot filled; comment discarded");
        let decoy = TrackingCode::from_entropy(random_u32s());
        let pin = Pin::from_entropy(random_u32s::<1>()[0]);
        return Ok(Commented::Stored(receipt(&decoy, pin, &consultation.slug, new.article)));
    }
    let pin = match key {
        Some(key) => key.derive_pin(&state.pin_key, agency.id, Submission::Comment),
        None => Pin::from_entropy(random_u32s::<1>()[0]),
    };
    let pin_hash = passwords::hash(pin.as_str().to_owned()).await?;
    // A fresh tracking code collides with a stored one about once in 10^13 comments; try again if so.
    for _ in 0..3 {
        let code = TrackingCode::from_entropy(random_u32s());
        let created_at = clock::now();
        let row = store::NewCommentRow {
            consultation_id: consultation.id,
            code: &code,
            pin_hash: &pin_hash,
            comment: &valid,
            key: key.map(|k| (k.key_hash.as_str(), k.request_hash.as_str())),
            created_at: &created_at,
        };
        let mut tx = db::begin(&state.db).await?;
        match store::insert_comment(&mut tx, &row).await {
            Ok(Some(_)) => {
                tx.commit().await?;
                forget_cached(state, agency.id, slug);
                return Ok(Commented::Stored(receipt(&code, pin, &consultation.slug, valid.article)));
            }
            // It closed between the check above and the insert: nothing is stored.
            Ok(None) => return Err(Error::ConsultationNotOpen),
            Err(e) if is_unique_violation(&e) => {}
            Err(e) => return Err(e.into()),
        }
        drop(tx);
        // Taken: the code, or the key by a concurrent request with the same key, which then won the race.
        if let Some(key) = key
            && let Some(first) = replay(state, agency, &consultation, key).await?
        {
            return Ok(first);
        }
    }
    Err(Error::Internal("could not find a free tracking code".into()))
}

fn receipt(code: &TrackingCode, pin: Pin, slug: &str, article: Option<u32>) -> CommentReceipt {
    CommentReceipt {
        tracking_code: code.to_string(),
        pin: pin.as_str().to_owned(),
        consultation: slug.to_owned(),
        article,
    }
}

async fn replay(
    state: &AppState,
    agency: &Agency,
    consultation: &ConsultationRow,
    key: &IdempotencyKey,
) -> Result<Option<Commented>> {
    let Some(first) = store::find_by_key(&state.db, consultation.id, &key.key_hash).await? else {
        return Ok(None);
    };
    if first.request_hash != key.request_hash {
        return Err(Error::IdempotencyKeyReused);
    }
    let code = TrackingCode::parse(&first.tracking_code)
        .ok_or_else(|| Error::Internal(format!("corrupt tracking code {}", first.tracking_code)))?;
    let pin = key.derive_pin(&state.pin_key, agency.id, Submission::Comment);
    Ok(Some(Commented::Replayed(receipt(&code, pin, &consultation.slug, first.article))))
}

// ---------------------------------------------------------------------------------------------------------
// The commenter, with code and PIN.

/// Checks a code and PIN under the same guessing limits as the question tracker (shared counts, keyed by
/// the code and the address); the comment they open. An unknown code and a wrong PIN get the same answer.
async fn open_with_pin(
    state: &AppState,
    consultation: &ConsultationRow,
    client: &str,
    request: &LookupRequest,
) -> Result<CommentRow> {
    let (code, pin) = request.validate().map_err(|errors| Error::Validation(errors, request.lang))?;
    let attempt = state.guessing.attempt(&format!("code:{}", code.as_compact()), &format!("lookup:{client}")).await?;
    let row = store::comment_by_code(&state.db, consultation.id, &code).await?;
    let matches = passwords::verify(pin.as_str().to_owned(), row.as_ref().map(|r| r.pin_hash.clone())).await?;
    let Some(row) = row.filter(|_| matches) else {
        return Err(Error::LookupFailed);
    };
    attempt.succeeded().await;
    Ok(row)
}

fn own_comment(consultation: &ConsultationRow, row: CommentRow) -> OwnComment {
    let published = consultation.report_published_at.is_some();
    OwnComment {
        tracking_code: display_code(&row.tracking_code),
        consultation: summary(consultation),
        contact: ContactHeld {
            name: row.commenter == domain::CommenterKind::Individual && row.name.is_some(),
            email: row.email.is_some(),
            phone: false,
            erased_at: row.contact_erased_at.clone(),
        },
        article: row.article,
        clause: row.clause,
        stance: row.stance,
        submitted_on: vietnam_day(&row.created_at),
        status: row.status,
        hidden_reason: row.hidden_reason,
        response: row.response.filter(|_| published),
        body: row.body,
    }
}

fn display_code(stored: &str) -> String {
    TrackingCode::parse(stored).map(|c| c.to_string()).unwrap_or_else(|| stored.to_owned())
}

pub async fn lookup(
    state: &AppState,
    agency: &Agency,
    slug: &str,
    client: &str,
    request: &LookupRequest,
) -> Result<OwnComment> {
    let consultation = find(state, agency.id, slug).await?;
    let row = open_with_pin(state, &consultation, client, request).await?;
    Ok(own_comment(&consultation, row))
}

/// The commenter, with code and PIN, withdraws consent: their email and (an individual's) name are erased,
/// the comment stays, waiting mail about it is deleted, staff see when but never what. Audited as the
/// commenter's; erasing again changes nothing. An organisation's name stays: it is not personal data, and
/// the official report must say who commented.
pub async fn erase_contact(
    state: &AppState,
    agency: &Agency,
    slug: &str,
    client: &str,
    request: &LookupRequest,
) -> Result<OwnComment> {
    let consultation = find(state, agency.id, slug).await?;
    let row = open_with_pin(state, &consultation, client, request).await?;
    if row.contact_erased_at.is_none() && erase(&state.db, agency.id, row.id, ErasedBy::Citizen, json!({})).await? {
        forget_cached(state, agency.id, slug);
    }
    let code = TrackingCode::parse(&row.tracking_code).ok_or(Error::NotFound)?;
    let row = store::comment_by_code(&state.db, consultation.id, &code).await?.ok_or(Error::NotFound)?;
    Ok(own_comment(&consultation, row))
}

/// Erases a comment's contact details with its waiting mail and an audit entry, in one transaction; false
/// if the commenter or another process erased them first.
async fn erase(db: &sqlx::AnyPool, agency_id: i64, id: i64, by: ErasedBy, detail: serde_json::Value) -> Result<bool> {
    let mut tx = db::begin(db).await?;
    if !store::erase_contact(&mut tx, id, &clock::now(), by.as_str()).await? {
        return Ok(false);
    }
    let stopped = crate::outbox::forget(&mut tx, Subject::comment(id)).await?;
    let mut detail = detail;
    detail["by"] = json!(by.as_str());
    detail["mail_stopped"] = json!(stopped);
    crate::audit::record(&mut tx, agency_id, None, "comment.contact_erase", Some(Subject::comment(id)), detail).await?;
    tx.commit().await?;
    Ok(true)
}

/// The retention job's share for comments: erases the contact details of comments on consultations that
/// finished (report published, or else closed) longer ago than their agency keeps them
/// (`contact_retention_days`, as for questions), each audited. Returns how many it erased. Safe to run in
/// several processes at once: each comment is erased, and audited, once.
pub async fn erase_expired_contacts(db: &sqlx::AnyPool) -> Result<u64> {
    let now = clock::now();
    let mut erased = 0;
    for due in store::finished_with_contact(db, &now).await? {
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
        tracing::info!(erased, "retention: contact details of comments on finished consultations erased");
    }
    Ok(erased)
}

/// Everything held about one comment, for a data-subject request (the operator's `admin comment export`):
/// the comment with its contact details and the agency's response, its mail and its audit entries. Only
/// the PIN's hash is left out: it is not the commenter's data but a lock.
pub async fn subject_export(db: &sqlx::AnyPool, agency_id: i64, code: &str) -> Result<serde_json::Value> {
    let code = TrackingCode::parse(code).ok_or(Error::NotFound)?;
    let comment = store::export_row(db, agency_id, &code).await?.ok_or(Error::NotFound)?;
    let id = comment["id"].as_i64().ok_or_else(|| Error::Internal("comment without id".into()))?;
    Ok(json!({
        "tracking_code": code.to_string(),
        "exported_at": clock::now(),
        "comment": comment,
        "mail": crate::outbox::about(db, Subject::comment(id)).await?,
        "audit": staff_accounts::audit_about(db, agency_id, Subject::comment(id)).await?,
        "not_included": "the PIN is stored only as an argon2id hash, which is not exported",
    }))
}

// ---------------------------------------------------------------------------------------------------------
// The report.

/// The published report: 404 until the agency publishes it.
pub async fn report(state: &AppState, agency: &Agency, slug: &str) -> Result<Report> {
    let consultation = find(state, agency.id, slug).await?;
    let Some(published_at) = consultation.report_published_at.clone() else {
        return Err(Error::NotFound);
    };
    let comments = store::comments(&state.db, consultation.id).await?;
    Ok(build_report(&consultation, published_at, &comments))
}

fn build_report(consultation: &ConsultationRow, published_at: String, comments: &[CommentRow]) -> Report {
    let mut totals = ReportTotals::default();
    let mut rows = Vec::new();
    for (lead, group) in published_leads(comments) {
        let Some(response) = &lead.response else { continue };
        let public: Vec<String> = group.iter().filter_map(|c| c.public_name()).collect();
        let unnamed = (group.len() - public.len()) as u32;
        for member in &group {
            totals.comments += 1;
            match member.stance {
                Stance::Agree => totals.agree += 1,
                Stance::Disagree => totals.disagree += 1,
                Stance::Other => totals.other += 1,
            }
            match response.outcome {
                domain::Outcome::Accepted => totals.accepted += 1,
                domain::Outcome::PartlyAccepted => totals.partly_accepted += 1,
                domain::Outcome::NotAccepted => totals.not_accepted += 1,
            }
        }
        rows.push(ReportRow {
            article: lead.article,
            clause: lead.clause,
            commenters: commenters_cell(public, unnamed),
            stance: lead.stance,
            comment: lead.body.clone(),
            outcome: response.outcome,
            explanation: response.explanation.clone(),
            group_size: group.len() as u32,
        });
    }
    // The whole draft first, then by article and clause; arrival order within.
    rows.sort_by_key(|row| (row.article.map_or(0, |a| u64::from(a) + 1), row.clause.unwrap_or(0)));
    Report { consultation: summary(consultation), published_at, rows, totals }
}

// ---------------------------------------------------------------------------------------------------------
// Staff.

/// Officers draft, answer and report; moderators moderate; admins may do both.
pub const WORKERS: &[domain::Role] = &[domain::Role::Officer, domain::Role::Moderator];

fn invalid(errors: domain::FieldErrors) -> Error {
    Error::Validation(errors, Lang::Vi)
}

pub fn preview(request: &ParsePreview) -> Result<ParsedDraft> {
    request.parse().map_err(invalid)
}

/// Creates a consultation from pasted text.
pub async fn create(state: &AppState, member: &StaffMember, new: &NewConsultation) -> Result<PublicConsultation> {
    let valid = new.validate().map_err(invalid)?;
    let mut tx = db::begin(&state.db).await?;
    let id = match store::insert(&mut tx, member.agency_id, &valid).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::Conflict("The agency already has a consultation with this slug."));
        }
        Err(e) => return Err(e.into()),
    };
    let detail = json!({ "slug": valid.slug, "articles": valid.draft.articles.len(), "opens_at": valid.opens_at,
        "closes_at": valid.closes_at });
    staff_accounts::commit_audited(tx, member, "consultation.create", Some(Subject::consultation(id)), detail).await?;
    staff_view(state, member.agency_id, &valid.slug).await
}

/// Replaces a consultation's text and details, until it opens.
pub async fn edit(
    state: &AppState,
    member: &StaffMember,
    slug: &str,
    new: &NewConsultation,
) -> Result<PublicConsultation> {
    let current = find(state, member.agency_id, slug).await?;
    let valid = new.validate().map_err(invalid)?;
    let too_late = "A consultation can be edited only before it opens; change its period instead.";
    if current.state() != ConsultationState::Upcoming {
        return Err(Error::Conflict(too_late));
    }
    let mut tx = db::begin(&state.db).await?;
    match store::update(&mut tx, current.id, &valid).await {
        Ok(true) => {}
        Ok(false) => return Err(Error::Conflict(too_late)),
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::Conflict("The agency already has a consultation with this slug."));
        }
        Err(e) => return Err(e.into()),
    }
    let detail = json!({ "slug": valid.slug, "previous_slug": slug, "articles": valid.draft.articles.len() });
    let about = Some(Subject::consultation(current.id));
    staff_accounts::commit_audited(tx, member, "consultation.edit", about, detail).await?;
    forget_cached(state, member.agency_id, slug);
    staff_view(state, member.agency_id, &valid.slug).await
}

async fn staff_view(state: &AppState, agency_id: i64, slug: &str) -> Result<PublicConsultation> {
    forget_cached(state, agency_id, slug);
    let row = find(state, agency_id, slug).await?;
    with_counts(state, row).await
}

/// Opens or closes early, or extends, with a public note.
pub async fn change_period(
    state: &AppState,
    member: &StaffMember,
    slug: &str,
    change: &PeriodChange,
) -> Result<PublicConsultation> {
    let current = find(state, member.agency_id, slug).await?;
    let now = clock::now();
    let valid = change.validate(&current.opens_at, &current.closes_at, &now).map_err(invalid)?;
    if !change.action.allowed_in(current.state()) {
        return Err(Error::Conflict(
            "This change does not fit the consultation's state: open an upcoming one, close an open one, extend one whose report is not published.",
        ));
    }
    let mut notes = current.notes.clone();
    notes.push(PublicNote { at: now, text: valid.note.clone() });
    let mut tx = db::begin(&state.db).await?;
    if !store::set_period(&mut tx, current.id, &valid.opens_at, &valid.closes_at, &notes).await? {
        return Err(Error::Conflict("The report is published; the period cannot change."));
    }
    let detail = json!({ "action": change.action.as_str(), "from": [current.opens_at, current.closes_at],
        "to": [valid.opens_at, valid.closes_at], "note": valid.note });
    let about = Some(Subject::consultation(current.id));
    staff_accounts::commit_audited(tx, member, "consultation.period", about, detail).await?;
    staff_view(state, member.agency_id, slug).await
}

fn staff_comment(member: &StaffMember, row: CommentRow) -> StaffComment {
    let contact = member.role.sees_contact();
    let organisation = row.commenter == domain::CommenterKind::Organisation;
    StaffComment {
        id: row.id,
        tracking_code: display_code(&row.tracking_code),
        article: row.article,
        clause: row.clause,
        stance: row.stance,
        body: row.body,
        commenter: row.commenter,
        name: row.name.filter(|_| contact || organisation),
        publish_name: row.publish_name,
        email: row.email.filter(|_| contact),
        consent_at: row.consent_at.filter(|_| contact),
        contact_erased: row.contact_erased_at.map(|at| ContactErasure {
            at,
            by: row.contact_erased_by.as_deref().and_then(ErasedBy::parse).unwrap_or(ErasedBy::Citizen),
        }),
        lang: row.lang,
        status: row.status,
        hidden_reason: row.hidden_reason,
        group_id: row.group_id,
        response: row.response,
        responded_at: row.responded_at,
        created_at: row.created_at,
    }
}

/// The consultation's comments for staff, in arrival order, filtered.
pub async fn staff_comments(
    state: &AppState,
    member: &StaffMember,
    slug: &str,
    params: &StaffCommentParams,
) -> Result<StaffCommentPage> {
    let filter = ArticleFilter::parse(params.article.as_deref())
        .ok_or_else(|| Error::BadQuery("article is a number or `general`".into()))?;
    let (page, per_page) = domain::question::paging(params.page, params.per_page, 50)
        .ok_or_else(|| Error::BadQuery("page is 1 to 100000; per_page is 1 to 100".into()))?;
    let words = params.q.as_deref().map(domain::text::normalise).filter(|q| !q.is_empty());
    if words.as_deref().is_some_and(|q| domain::text::has_forbidden_chars(q, domain::text::Lines::Single)) {
        return Err(Error::BadQuery("control characters are not allowed".into()));
    }
    let code = words.as_deref().and_then(TrackingCode::parse);
    let consultation = find(state, member.agency_id, slug).await?;
    let filter = store::StaffFilter {
        article: filter,
        stance: params.stance,
        status: params.status,
        // Stored search text is lowercased NFC; so is the search.
        words: words.filter(|_| code.is_none()).map(|w| w.to_lowercase()),
        code,
        page,
        per_page,
    };
    let (matching, total) = store::staff_page(&state.db, consultation.id, &filter).await?;
    let comments = matching.into_iter().map(|c| staff_comment(member, c)).collect();
    Ok(StaffCommentPage { comments, page, per_page, total })
}

/// A comment of the member's agency with its consultation; another agency's is "not found".
async fn comment_of(state: &AppState, member: &StaffMember, id: i64) -> Result<(ConsultationRow, CommentRow)> {
    let (consultation_id, comment) =
        store::comment_of_agency(&state.db, member.agency_id, id).await?.ok_or(Error::NotFound)?;
    let consultation = store::list(&state.db, member.agency_id)
        .await?
        .into_iter()
        .find(|c| c.id == consultation_id)
        .ok_or(Error::NotFound)?;
    Ok((consultation, comment))
}

/// Publishes a comment or hides it with a reason its author is shown; on a group's lead, the whole group.
pub async fn moderate(state: &AppState, member: &StaffMember, id: i64, request: &Moderation) -> Result<StaffComment> {
    let reason = request.validate().map_err(invalid)?;
    let (consultation, comment) = comment_of(state, member, id).await?;
    if consultation.report_published_at.is_some() {
        return Err(Error::Conflict("The report is published; its comments can no longer change."));
    }
    if comment.lead() != comment.id {
        return Err(Error::Conflict("This comment is in a group: moderate the group's lead."));
    }
    let status = if reason.is_some() { CommentStatus::Hidden } else { CommentStatus::Published };
    let mut tx = db::begin(&state.db).await?;
    let changed = store::set_status(&mut tx, comment.id, status, reason.as_deref()).await?;
    let action = if reason.is_some() { "comment.hide" } else { "comment.publish" };
    let detail = json!({ "reason": reason, "comments": changed });
    staff_accounts::commit_audited(tx, member, action, Some(Subject::comment(comment.id)), detail).await?;
    forget_cached(state, member.agency_id, &consultation.slug);
    comment_view(state, member, id).await
}

async fn comment_view(state: &AppState, member: &StaffMember, id: i64) -> Result<StaffComment> {
    let (_, comment) = comment_of(state, member, id).await?;
    Ok(staff_comment(member, comment))
}

/// Groups identical comments of one consultation: the earliest leads, and is moderated and answered for all.
pub async fn group(state: &AppState, member: &StaffMember, slug: &str, request: &GroupRequest) -> Result<StaffComment> {
    let ids = request.validate().map_err(invalid)?;
    let consultation = find(state, member.agency_id, slug).await?;
    if consultation.report_published_at.is_some() {
        return Err(Error::Conflict("The report is published; its comments can no longer change."));
    }
    let comments = store::comments(&state.db, consultation.id).await?;
    if !ids.iter().all(|id| comments.iter().any(|c| c.id == *id)) {
        return Err(Error::NotFound);
    }
    let lead = ids[0];
    let mut tx = db::begin(&state.db).await?;
    let size = store::group(&mut tx, consultation.id, lead, &ids).await?;
    let detail = json!({ "comments": ids, "group_size": size });
    staff_accounts::commit_audited(tx, member, "comment.group", Some(Subject::comment(lead)), detail).await?;
    forget_cached(state, member.agency_id, slug);
    comment_view(state, member, lead).await
}

/// Writes the agency's response to a comment or, on a group's lead, to the group; until the report is out.
pub async fn respond(
    state: &AppState,
    member: &StaffMember,
    id: i64,
    request: &ResponseRequest,
) -> Result<StaffComment> {
    let response = request.validate().map_err(invalid)?;
    let (consultation, comment) = comment_of(state, member, id).await?;
    if consultation.report_published_at.is_some() {
        return Err(Error::Conflict("The report is published; its responses can no longer change."));
    }
    if comment.lead() != comment.id {
        return Err(Error::Conflict("This comment is in a group: answer the group's lead."));
    }
    if comment.status == CommentStatus::Hidden {
        return Err(Error::Conflict("A hidden comment gets no response; publish it first."));
    }
    let mut tx = db::begin(&state.db).await?;
    let changed = store::respond(&mut tx, comment.id, &response, &clock::now()).await?;
    let detail = json!({ "previous": comment.response, "response": response, "comments": changed });
    staff_accounts::commit_audited(tx, member, "comment.respond", Some(Subject::comment(comment.id)), detail).await?;
    comment_view(state, member, id).await
}

/// Publishes the report, if the domain's rule allows it (otherwise `ReportBlocked` with every reason), and
/// writes one mail per commenter who left an address, in their language, in the same transaction.
pub async fn publish_report(state: &AppState, member: &StaffMember, agency: &Agency, slug: &str) -> Result<Report> {
    let consultation = find(state, member.agency_id, slug).await?;
    let comments = store::comments(&state.db, consultation.id).await?;
    let unmoderated = comments.iter().filter(|c| c.status == CommentStatus::Received).count() as u32;
    let unanswered = published_leads(&comments).iter().filter(|(lead, _)| lead.response.is_none()).count() as u32;
    let blockers = report_blockers(consultation.state(), unmoderated, unanswered);
    if !blockers.is_empty() {
        return Err(Error::ReportBlocked(blockers));
    }
    let now = clock::now();
    let mut tx = db::begin(&state.db).await?;
    if !store::set_report_published(&mut tx, consultation.id, &now).await? {
        return Err(Error::ReportBlocked(vec![domain::ReportBlocker::AlreadyPublished]));
    }
    let mut mails = 0;
    for comment in comments.iter().filter(|c| c.status != CommentStatus::Hidden) {
        if let Some(email) = &comment.email {
            let notice = notify::ReportNotice {
                agency,
                consultation: &consultation,
                comment_id: comment.id,
                recipient: email,
                lang: comment.lang,
                tracking_code: &display_code(&comment.tracking_code),
            };
            notify::enqueue(&mut tx, &notice).await?;
            mails += 1;
        }
    }
    // Followers are told in the same transaction, and their addresses erased: nothing more will come.
    let followers = crate::follows::notify_report(
        &mut tx,
        state.config.public_origin.as_deref(),
        agency,
        consultation.id,
        &consultation.slug,
        &consultation.title,
    )
    .await?;
    mails += followers;
    let detail = json!({ "comments": comments.len(), "mails": mails, "followers": followers });
    let about = Some(Subject::consultation(consultation.id));
    staff_accounts::commit_audited(tx, member, "consultation.report_publish", about, detail).await?;
    forget_cached(state, member.agency_id, slug);
    if mails > 0 {
        state.outbox.notify_one();
    }
    report(state, agency, slug).await
}

// ---------------------------------------------------------------------------------------------------------
// Upgrades.

/// The Rust half of migration 9: gives comments stored before it their search columns.
pub async fn backfill(db: &sqlx::AnyPool) -> Result<()> {
    Ok(store::backfill(db).await?)
}

// ---------------------------------------------------------------------------------------------------------
// The demo.

/// The demo draft: a realistic regulation of about thirty articles, parsed like any pasted text.
const DEMO_DRAFT: &str = include_str!("demo_draft.txt");
pub const DEMO_SLUG: &str = "du-thao-quy-che-thong-tin";

/// Creates the demo consultation for agency `demo` if it is absent: open from three days ago for twenty
/// days, with a few published comments on article 3. Safe when several instances start at once.
pub async fn seed_demo(db: &sqlx::AnyPool, agency_id: i64) -> Result<()> {
    if store::find(db, agency_id, DEMO_SLUG).await?.is_some() {
        return Ok(());
    }
    let now = clock::now();
    let new = NewConsultation {
        slug: DEMO_SLUG.into(),
        title: "Dự thảo Quy chế cung cấp thông tin và tương tác với người dân trên Cổng thông tin điện tử".into(),
        summary: "Quy chế quy định việc cung cấp thông tin, tiếp nhận và trả lời câu hỏi, lấy ý kiến người dân \
            về dự thảo văn bản và đánh giá mức độ hài lòng trên Cổng thông tin điện tử của Sở, theo Nghị định \
            số 42/2022/NĐ-CP. Sở mong nhận được ý kiến góp ý của người dân, doanh nghiệp và tổ chức."
            .into(),
        document_type: domain::DocumentType::Decision,
        drafting_unit: "Văn phòng Sở Thông tin và Truyền thông".into(),
        opens_at: clock::after(&now, -3 * 86_400),
        closes_at: clock::after(&now, 20 * 86_400),
        report_expected_by: Some(
            domain::Date::in_vietnam_at(&clock::after(&now, 50 * 86_400)).map(|d| d.to_string()).unwrap_or_default(),
        ),
        attachments: vec![],
        text: DEMO_DRAFT.into(),
    };
    let valid = new.validate().map_err(invalid)?;
    // Hashed before the transaction, which should not hold the write lock through slow hashing.
    let mut pin_hashes = Vec::new();
    for _ in 0..3 {
        pin_hashes.push(passwords::hash(Pin::from_entropy(random_u32s::<1>()[0]).as_str().to_owned()).await?);
    }
    let mut tx = db::begin(db).await?;
    let id = match store::insert(&mut tx, agency_id, &valid).await {
        Ok(id) => id,
        // Another instance seeded it first.
        Err(e) if is_unique_violation(&e) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let comments = [
        (
            Stance::Agree,
            domain::CommenterKind::Organisation,
            "Hội Luật gia tỉnh Demo",
            "Tán thành việc công khai thời hạn trả lời; đề nghị ghi rõ thời hạn tính theo ngày làm việc.",
        ),
        (
            Stance::Disagree,
            domain::CommenterKind::Individual,
            "",
            "Khoản 2 yêu cầu người hỏi cung cấp số điện thoại là không cần thiết; nên để không bắt buộc.",
        ),
        (Stance::Other, domain::CommenterKind::Individual, "", "Đề nghị bổ sung kênh tiếp nhận qua ứng dụng di động."),
    ];
    for ((stance, commenter, name, body), pin_hash) in comments.into_iter().zip(&pin_hashes) {
        let valid = domain::ValidComment {
            article: Some(3),
            clause: None,
            stance,
            body: body.into(),
            commenter,
            name: (!name.is_empty()).then(|| name.to_owned()),
            publish_name: commenter == domain::CommenterKind::Organisation,
            email: None,
            consent: false,
            lang: Lang::Vi,
        };
        let code = TrackingCode::from_entropy(random_u32s());
        let row = store::NewCommentRow {
            consultation_id: id,
            code: &code,
            pin_hash,
            comment: &valid,
            key: None,
            created_at: &now,
        };
        if let Some(comment) = store::insert_comment(&mut tx, &row).await? {
            store::set_status(&mut tx, comment, CommentStatus::Published, None).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_draft_parses_whole() {
        let parsed = domain::parse_draft(DEMO_DRAFT);
        assert_eq!(parsed.unplaced, vec![]);
        assert_eq!(parsed.draft.articles.len(), 30);
        assert_eq!(parsed.draft.headings.len(), 8);
        assert_eq!(parsed.draft.article(20).map(|a| a.clauses[0].points.len()), Some(4));
    }
}
