//! Talking to the Tương Tác server from the browser: one request with a time limit, a submission that
//! survives flaky networks by retrying with the same `Idempotency-Key`, and a lookup that never retries.

use domain::archive::{ArchivePage, ArchivedQuestion, FollowReceipt, FollowRequest, SameQuestionReceipt};
use domain::consultation::{CommentPage, CommentReceipt, ConsultationList, NewComment, OwnComment, PublicConsultation};
use domain::rating::Period;
use domain::{
    AgencyPublic, FieldErrors, LookupRequest, NewQuestion, NewRating, QuestionReceipt, RatingReceipt, RatingSummary,
    TrackedQuestion,
};

use crate::json;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestCredentials, RequestInit, RequestMode, Response};

/// A request that has not answered after this long is treated as a network failure and retried.
const REQUEST_TIMEOUT_MS: u32 = 15_000;
/// Waits between attempts after a network failure or a 5xx; a 429 waits as long as `Retry-After` asks, up
/// to `MAX_RETRY_AFTER_MS`.
const BACKOFF_MS: [u32; 3] = [500, 1_500, 3_000];
const MAX_RETRY_AFTER_MS: u32 = 10_000;

struct Answer {
    status: u16,
    body: String,
    retry_after_secs: Option<u32>,
}

/// The outcome of a submission after every retry.
pub enum Submission<R> {
    Stored(R),
    Invalid(FieldErrors),
    /// The server refused for a reason retrying cannot fix (this page may not send, the agency is unknown…).
    Refused,
    /// 409: what is sent to is not taking it now (a consultation outside its period).
    Conflict,
    /// The network or the server failed on every attempt; the citizen may try again later.
    Unreachable,
    /// The server answered, on the last attempt, that it cannot store anything now (503: a full disk, a
    /// database down); the citizen may try again in a few minutes.
    Unavailable,
}

async fn request(
    method: &str,
    url: &str,
    body: Option<&str>,
    idempotency_key: Option<&str>,
) -> Result<Answer, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    let controller = AbortController::new()?;
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(url, &init)?;
    if body.is_some() {
        request.headers().set("Content-Type", "application/json")?;
    }
    if let Some(key) = idempotency_key {
        request.headers().set("Idempotency-Key", key)?;
    }
    let abort = gloo_timers::callback::Timeout::new(REQUEST_TIMEOUT_MS, move || controller.abort());
    let response: Response = JsFuture::from(window.fetch_with_request(&request)).await?.dyn_into()?;
    let text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
    drop(abort);
    let retry_after_secs =
        response.headers().get("Retry-After").ok().flatten().and_then(|s| s.trim().parse::<u32>().ok());
    Ok(Answer { status: response.status(), body: text, retry_after_secs })
}

/// A widget's first requests, which the loader also fetches early (each element.rs `prefetch`, tested to be the
/// same URLs): written once here.
pub fn agency_url(api: &str, agency: &str) -> String {
    format!("{api}/api/v1/agencies/{agency}")
}

pub fn consultation_url(api: &str, agency: &str, slug: &str) -> String {
    format!("{api}/api/v1/agencies/{agency}/consultations/{slug}")
}

/// A page of the archive without filters.
pub fn archive_url(api: &str, agency: &str, page: u32) -> String {
    format!("{api}/api/v1/agencies/{agency}/archive?page={page}&per_page={PER_PAGE}")
}

pub async fn fetch_agency(api: &str, agency: &str) -> Option<AgencyPublic> {
    let answer = request("GET", &agency_url(api, agency), None, None).await.ok()?;
    (answer.status == 200).then(|| json::decode(&answer.body, json::agency)).flatten()
}

/// Sends a question, retrying network failures, 5xx and 429 with the same `Idempotency-Key`, so that however
/// many attempts reach the server the question is stored once.
pub async fn submit_question(
    api: &str,
    agency: &str,
    question: &NewQuestion,
    idempotency_key: &str,
) -> Submission<QuestionReceipt> {
    let url = format!("{api}/api/v1/agencies/{agency}/questions");
    submit(&url, &json::stringify(&json::new_question(question)), idempotency_key, json::receipt).await
}

/// Sends a rating, retried like a question.
pub async fn submit_rating(
    api: &str,
    agency: &str,
    rating: &NewRating,
    idempotency_key: &str,
) -> Submission<RatingReceipt> {
    let url = format!("{api}/api/v1/agencies/{agency}/ratings");
    submit(&url, &json::stringify(&json::new_rating(rating)), idempotency_key, json::rating_receipt).await
}

/// The published rating results for `page` (none: the agency), or `None` if they cannot be had now.
pub async fn fetch_rating_summary(
    api: &str,
    agency: &str,
    page: Option<&str>,
    period: Period,
) -> Option<RatingSummary> {
    let mut url = format!("{api}/api/v1/agencies/{agency}/ratings/summary?period={}", period.as_str());
    if let Some(page) = page {
        url.push_str("&page=");
        url.push_str(&String::from(js_sys::encode_uri_component(page)));
    }
    let answer = request("GET", &url, None, None).await.ok()?;
    (answer.status == 200).then(|| json::decode(&answer.body, json::rating_summary)).flatten()
}

/// Sends `body` to `url`, retrying network failures, 5xx and 429 with the same `Idempotency-Key`, and reads
/// the 201's receipt with `read`.
async fn submit<R>(url: &str, body: &str, idempotency_key: &str, read: fn(&JsValue) -> Option<R>) -> Submission<R> {
    let mut attempt = 0;
    loop {
        let mut unavailable = false;
        let wait = match request("POST", url, Some(body), Some(idempotency_key)).await {
            Ok(answer) => match answer.status {
                // 202: a follow, taken to be confirmed by mail.
                201 | 202 => {
                    return json::decode(&answer.body, read).map_or(Submission::Unreachable, Submission::Stored);
                }
                422 => {
                    return match json::decode(&answer.body, json::field_errors) {
                        Some(errors) if !errors.is_empty() => Submission::Invalid(errors),
                        _ => Submission::Refused,
                    };
                }
                409 => return Submission::Conflict,
                429 => answer
                    .retry_after_secs
                    .map_or(BACKOFF_MS[attempt.min(2)], |secs| secs.saturating_mul(1_000))
                    .min(MAX_RETRY_AFTER_MS),
                500..=599 => {
                    unavailable = answer.status == 503;
                    BACKOFF_MS[attempt.min(2)]
                }
                _ => return Submission::Refused,
            },
            Err(_) => BACKOFF_MS[attempt.min(2)],
        };
        if attempt == BACKOFF_MS.len() {
            return if unavailable { Submission::Unavailable } else { Submission::Unreachable };
        }
        attempt += 1;
        TimeoutFuture::new(wait).await;
    }
}

/// The outcome of one lookup (of a question, or of one's own comment).
pub enum Lookup<T = TrackedQuestion> {
    Found(T),
    Invalid(FieldErrors),
    /// No question has this code and PIN. The server does not say which of the two is wrong.
    NotFound,
    /// Too many failed attempts; the server may say after how many seconds to try again.
    Locked(Option<u32>),
    Refused,
    Unreachable,
}

/// Looks a question up by code and PIN, once. A lockout is never waited out automatically: the citizen
/// decides when to try again.
pub async fn lookup_question(api: &str, agency: &str, lookup: &LookupRequest) -> Lookup {
    let url = format!("{api}/api/v1/agencies/{agency}/questions/lookup");
    look_up(&url, lookup, json::tracked_question).await
}

/// Withdraws consent and erases the contact details left with a question, with its code and PIN, once;
/// answers the question as it now stands. The server applies the same guessing limits as to a lookup.
pub async fn erase_question_contact(api: &str, agency: &str, lookup: &LookupRequest) -> Lookup<TrackedQuestion> {
    let url = format!("{api}/api/v1/agencies/{agency}/questions/contact-erasure");
    look_up(&url, lookup, json::tracked_question).await
}

/// Looks one's own comment on consultation `slug` up by code and PIN, once, like a question.
pub async fn lookup_comment(api: &str, agency: &str, slug: &str, lookup: &LookupRequest) -> Lookup<OwnComment> {
    let url = format!("{api}/api/v1/agencies/{agency}/consultations/{slug}/comments/lookup");
    look_up(&url, lookup, json::own_comment).await
}

async fn look_up<T>(url: &str, lookup: &LookupRequest, read: fn(&JsValue) -> Option<T>) -> Lookup<T> {
    let body = json::stringify(&json::lookup_request(lookup));
    let Ok(answer) = request("POST", url, Some(&body), None).await else {
        return Lookup::Unreachable;
    };
    match answer.status {
        200 => json::decode(&answer.body, read).map_or(Lookup::Unreachable, Lookup::Found),
        // An unknown agency is a 404 too, but not one the citizen can fix by retyping.
        404 if json::decode(&answer.body, json::error_code).as_deref() == Some("lookup_failed") => Lookup::NotFound,
        422 => match json::decode(&answer.body, json::field_errors) {
            Some(errors) if !errors.is_empty() => Lookup::Invalid(errors),
            _ => Lookup::Refused,
        },
        429 => Lookup::Locked(answer.retry_after_secs),
        500..=599 => Lookup::Unreachable,
        _ => Lookup::Refused,
    }
}

/// One consultation with its draft and counts, or `None` if it cannot be had now.
pub async fn fetch_consultation(api: &str, agency: &str, slug: &str) -> Option<PublicConsultation> {
    let answer = request("GET", &consultation_url(api, agency, slug), None, None).await.ok()?;
    (answer.status == 200).then(|| json::decode(&answer.body, json::public_consultation)).flatten()
}

/// A page of the published comments on an article (`None`: on the draft as a whole).
pub async fn fetch_comments(
    api: &str,
    agency: &str,
    slug: &str,
    article: Option<u32>,
    page: u32,
) -> Option<CommentPage> {
    let article = article.map_or_else(|| "general".to_owned(), |a| a.to_string());
    let url = format!("{api}/api/v1/agencies/{agency}/consultations/{slug}/comments?article={article}&page={page}");
    let answer = request("GET", &url, None, None).await.ok()?;
    (answer.status == 200).then(|| json::decode(&answer.body, json::comment_page)).flatten()
}

/// Sends a comment, retried like a question; a consultation no longer open answers `Conflict`.
pub async fn submit_comment(
    api: &str,
    agency: &str,
    slug: &str,
    comment: &NewComment,
    idempotency_key: &str,
) -> Submission<CommentReceipt> {
    let url = format!("{api}/api/v1/agencies/{agency}/consultations/{slug}/comments");
    submit(&url, &json::stringify(&json::new_comment(comment)), idempotency_key, json::comment_receipt).await
}

/// Withdraws consent for one's own comment and erases its contact details, with code and PIN; true once done.
pub async fn erase_comment_contact(api: &str, agency: &str, slug: &str, lookup: &LookupRequest) -> bool {
    let url = format!("{api}/api/v1/agencies/{agency}/consultations/{slug}/comments/contact-erasure");
    let body = json::stringify(&json::lookup_request(lookup));
    request("POST", &url, Some(&body), None).await.is_ok_and(|answer| (200..300).contains(&answer.status))
}

/// A page of the agency's published questions and answers for `words` and `topic` (the server folds
/// accents), or `None` if it cannot be had now.
pub async fn fetch_archive(api: &str, agency: &str, words: &str, topic: &str, page: u32) -> Option<ArchivePage> {
    // The first page without filters is the URL the loader prefetches (element.rs).
    let mut url = archive_url(api, agency, page);
    for (key, value) in [("q", words), ("topic", topic)] {
        if !value.is_empty() {
            url.push_str(&format!("&{key}={}", String::from(js_sys::encode_uri_component(value))));
        }
    }
    let answer = request("GET", &url, None, None).await.ok()?;
    (answer.status == 200).then(|| json::decode(&answer.body, json::archive_page)).flatten()
}

/// The agency's consultations, newest first (the open data's list, which anyone may read).
pub async fn fetch_consultations(api: &str, agency: &str) -> Option<ConsultationList> {
    let answer =
        request("GET", &format!("{api}/api/v1/open-data/{agency}/consultations.json"), None, None).await.ok()?;
    (answer.status == 200).then(|| json::decode(&answer.body, json::consultation_list)).flatten()
}

/// Questions on one page of the archive.
pub const PER_PAGE: u32 = 10;

/// One published question; `Ok(None)` when no published question has this code.
pub async fn fetch_archived(api: &str, agency: &str, code: &str) -> Result<Option<ArchivedQuestion>, ()> {
    let code = String::from(js_sys::encode_uri_component(code));
    let answer =
        request("GET", &format!("{api}/api/v1/agencies/{agency}/archive/{code}"), None, None).await.map_err(|_| ())?;
    match answer.status {
        200 => json::decode(&answer.body, json::archived_question).map(Some).ok_or(()),
        404 => Ok(None),
        _ => Err(()),
    }
}

/// "I have the same question", once: the server counts one per place per day, so a repeat is harmless.
pub async fn same_question(api: &str, agency: &str, code: &str) -> Option<SameQuestionReceipt> {
    let url = format!("{api}/api/v1/agencies/{agency}/questions/{code}/same-question");
    let answer = request("POST", &url, None, None).await.ok()?;
    (answer.status == 200).then(|| json::decode(&answer.body, json::same_question_receipt)).flatten()
}

/// Follows a published question by email, retried like a question (the server answers the same whether or
/// not the address already followed).
pub async fn follow_question(
    api: &str,
    agency: &str,
    code: &str,
    follow: &FollowRequest,
    idempotency_key: &str,
) -> Submission<FollowReceipt> {
    let url = format!("{api}/api/v1/agencies/{agency}/questions/{code}/follow");
    submit(&url, &json::stringify(&json::follow_request(follow)), idempotency_key, json::follow_receipt).await
}

/// A random key for one submission. `crypto.randomUUID` needs a secure context, which not every portal
/// is; `getRandomValues` works everywhere.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // Without Web Crypto, fall back to Math.random: the key must above all be unique, and the PIN the
        // server derives from it also depends on a secret of the server's.
        for byte in bytes.iter_mut() {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
