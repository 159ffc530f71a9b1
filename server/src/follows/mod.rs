//! Following by email (Decree 42/2022 Art. 8.1.b): a citizen leaves an address, with consent, to be told
//! when a published question's answer is published or corrected, or when a consultation's report is
//! published. Every mail carries its own unsubscribe token (only its SHA-256 is stored) that ends the follow
//! in one click without logging in, and ending a follow erases the address. The questions and consultations
//! features call `notify_question` and `notify_report` inside their own transactions, so a mail is written
//! with the change it reports or not at all. `store` holds the SQL, `notify` the mails, `http` the handlers.

pub mod http;
pub mod notify;
pub mod store;

use domain::Lang;
use domain::archive::{FollowReceipt, FollowRequest};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::agencies::Agency;
use crate::audit::Subject;
use crate::outbox::{self, Mail};
use crate::platform::clock;
use crate::platform::random::{hex, random_bytes};
use crate::{AppState, Error, Result, db};
use notify::Topic;

const QUESTION: &str = "question";
const CONSULTATION: &str = "consultation";

/// Where links in mail point: the server's public origin when it is configured, else paths alone.
fn origin(state_origin: Option<&str>) -> &str {
    state_origin.unwrap_or("").trim_end_matches('/')
}

fn question_link(origin: &str, agency: &Agency, code: &str) -> String {
    format!("{origin}/api/v1/agencies/{}/archive/{code}", agency.slug)
}

fn report_link(origin: &str, agency: &Agency, slug: &str) -> String {
    format!("{origin}/api/v1/agencies/{}/consultations/{slug}/report.html", agency.slug)
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Writes one mail to a follower, with a fresh unsubscribe token, inside the caller's transaction.
async fn enqueue(
    conn: &mut AnyConnection,
    origin: &str,
    agency: &Agency,
    follow: &store::Follower,
    topic: &Topic<'_>,
    link: &str,
) -> Result<(), sqlx::Error> {
    let token = hex(&random_bytes::<32>());
    store::insert_token(conn, &token_hash(&token), follow.id).await?;
    let unsubscribe = format!("{origin}/api/v1/follows/unsubscribe/{token}");
    let (subject_line, body) = notify::compose(Lang::from_tag(&follow.lang), &agency.name, topic, link, &unsubscribe);
    let mail = Mail {
        about: Subject::follow(follow.id),
        recipient: &follow.email,
        subject_line: &subject_line,
        body: &body,
        unsubscribe_url: Some(&unsubscribe),
    };
    outbox::enqueue(conn, &mail).await
}

/// Follows a published question (404 otherwise).
pub async fn follow_question(
    state: &AppState,
    agency: &Agency,
    code: &str,
    request: &FollowRequest,
) -> Result<FollowReceipt> {
    let email = request.validate().map_err(|errors| Error::Validation(errors, request.lang))?;
    let question = crate::questions::published(state, agency, code).await?;
    let parsed = domain::TrackingCode::parse(code).ok_or(Error::NotFound)?;
    let id = crate::questions::store::published_id(&state.db, agency.id, &parsed).await?.ok_or(Error::NotFound)?;
    let origin = origin(state.config.public_origin.as_deref());
    let link = question_link(origin, agency, &question.tracking_code);
    let topic = Topic::Welcome { question: true, title: &question.title };
    follow(state, agency, QUESTION, id, &email, request.lang, &topic, &link).await
}

/// Follows a consultation until its report is published (404 for an unknown one).
pub async fn follow_consultation(
    state: &AppState,
    agency: &Agency,
    slug: &str,
    request: &FollowRequest,
) -> Result<FollowReceipt> {
    let email = request.validate().map_err(|errors| Error::Validation(errors, request.lang))?;
    let consultation = crate::consultations::store::find(&state.db, agency.id, slug).await?.ok_or(Error::NotFound)?;
    let origin = origin(state.config.public_origin.as_deref());
    let link = report_link(origin, agency, &consultation.slug);
    let topic = Topic::Welcome { question: false, title: &consultation.title };
    follow(state, agency, CONSULTATION, consultation.id, &email, request.lang, &topic, &link).await
}

/// Stores the follow and its welcome mail in one transaction. An address that already follows the subject
/// gets no second follow and no second mail, and the answer is the same, so it tells nobody who follows.
#[allow(clippy::too_many_arguments)]
async fn follow(
    state: &AppState,
    agency: &Agency,
    kind: &str,
    subject_id: i64,
    email: &str,
    lang: Lang,
    topic: &Topic<'_>,
    link: &str,
) -> Result<FollowReceipt> {
    let now = clock::now();
    let mut tx = db::begin(&state.db).await?;
    if store::active(&mut tx, kind, subject_id, email).await?.is_some() {
        tx.commit().await?;
        return Ok(FollowReceipt { following: true });
    }
    let new = store::NewFollow { agency_id: agency.id, kind, subject_id, email, lang: lang.as_str(), at: &now };
    let id = store::insert(&mut tx, &new).await?;
    let follower = store::Follower { id, email: email.to_owned(), lang: lang.as_str().to_owned() };
    enqueue(&mut tx, origin(state.config.public_origin.as_deref()), agency, &follower, topic, link).await?;
    tx.commit().await?;
    state.outbox.notify_one();
    Ok(FollowReceipt { following: true })
}

/// Tells a question's followers that its answer was published or corrected; inside the caller's
/// transaction. Returns how many mails were written.
pub async fn notify_question(
    conn: &mut AnyConnection,
    public_origin: Option<&str>,
    agency: &Agency,
    question_id: i64,
    code: &str,
    title: &str,
) -> Result<usize, sqlx::Error> {
    let origin = origin(public_origin);
    let followers = store::followers(conn, QUESTION, question_id).await?;
    let link = question_link(origin, agency, code);
    for follower in &followers {
        enqueue(conn, origin, agency, follower, &Topic::Answer { title }, &link).await?;
    }
    Ok(followers.len())
}

/// Tells a consultation's followers that its report is published, and ends their follows (nothing more
/// will come), erasing their addresses; inside the caller's transaction. Returns how many mails were
/// written.
pub async fn notify_report(
    conn: &mut AnyConnection,
    public_origin: Option<&str>,
    agency: &Agency,
    consultation_id: i64,
    slug: &str,
    title: &str,
) -> Result<usize, sqlx::Error> {
    let origin = origin(public_origin);
    let followers = store::followers(conn, CONSULTATION, consultation_id).await?;
    let link = report_link(origin, agency, slug);
    let now = clock::now();
    for follower in &followers {
        enqueue(conn, origin, agency, follower, &Topic::Report { title }, &link).await?;
        store::end(conn, follower.id, &now, "done").await?;
    }
    Ok(followers.len())
}

/// What an unsubscribe link found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsubscribed {
    /// Ended now.
    Ended,
    /// Ended before (by this link, another, or the retention job).
    AlreadyEnded,
}

/// Whether a token is one of ours, for the confirmation page; `None` for an unknown token.
pub async fn token_state(state: &AppState, token: &str) -> Result<Option<bool>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(store::by_token(&state.db, &token_hash(token)).await?.map(|(_, active)| active))
}

/// Ends the follow a token belongs to: its address is erased and its waiting mail deleted. `NotFound` for
/// an unknown token; ending again changes nothing.
pub async fn unsubscribe(state: &AppState, token: &str) -> Result<Unsubscribed> {
    if token_state(state, token).await?.is_none() {
        return Err(Error::NotFound);
    }
    let (id, _) = store::by_token(&state.db, &token_hash(token)).await?.ok_or(Error::NotFound)?;
    let mut tx = db::begin(&state.db).await?;
    let ended = store::end(&mut tx, id, &clock::now(), "citizen").await?;
    if ended {
        outbox::forget(&mut tx, Subject::follow(id)).await?;
    }
    tx.commit().await?;
    Ok(if ended { Unsubscribed::Ended } else { Unsubscribed::AlreadyEnded })
}

/// The retention job: ends follows older than their agency keeps contact details, erasing the addresses.
pub async fn erase_expired(db: &sqlx::AnyPool) -> Result<u64> {
    let now = clock::now();
    let mut erased = 0;
    for (id, created_at, days) in store::active_with_retention(db).await? {
        if created_at.as_str() >= clock::after(&now, -days * 86_400).as_str() {
            continue;
        }
        let mut tx = db::begin(db).await?;
        if store::end(&mut tx, id, &now, "retention").await? {
            outbox::forget(&mut tx, Subject::follow(id)).await?;
            erased += 1;
        }
        tx.commit().await?;
    }
    if erased > 0 {
        tracing::info!(erased, "retention: addresses of expired follows erased");
    }
    Ok(erased)
}

/// Normalises an address as a follow stores it (the domain lowercased), or `None` if it is not one.
fn stored_address(email: &str) -> Option<String> {
    FollowRequest { email: email.to_owned(), consent: true, lang: Lang::Vi }.validate().ok()
}

/// Everything held about an address's follows at an agency, for a data-subject request (the operator's
/// `admin follow export`): each active follow with what it follows, and its mail. Ended follows hold no
/// address, so nothing is found for them.
pub async fn subject_export(db: &sqlx::AnyPool, agency_id: i64, email: &str) -> Result<serde_json::Value> {
    let email = stored_address(email).ok_or(Error::NotFound)?;
    let mut follows = store::by_email(db, agency_id, &email).await?;
    if follows.is_empty() {
        return Err(Error::NotFound);
    }
    for follow in &mut follows {
        let id = follow["id"].as_i64().ok_or_else(|| Error::Internal("follow without id".into()))?;
        follow["mail"] = serde_json::json!(outbox::about(db, Subject::follow(id)).await?);
    }
    Ok(serde_json::json!({ "email": email, "exported_at": clock::now(), "follows": follows }))
}

/// Ends every follow of an address at an agency (the operator's `admin follow erase`, for a citizen who
/// lost the mails): the address is erased and its mail deleted. Returns how many ended.
pub async fn erase_address(db: &sqlx::AnyPool, agency_id: i64, email: &str) -> Result<u64> {
    let email = stored_address(email).ok_or(Error::NotFound)?;
    let now = clock::now();
    let mut ended = 0;
    for follow in store::by_email(db, agency_id, &email).await? {
        let id = follow["id"].as_i64().ok_or_else(|| Error::Internal("follow without id".into()))?;
        let mut tx = db::begin(db).await?;
        if store::end(&mut tx, id, &now, "operator").await? {
            outbox::forget(&mut tx, Subject::follow(id)).await?;
            ended += 1;
        }
        tx.commit().await?;
    }
    Ok(ended)
}
