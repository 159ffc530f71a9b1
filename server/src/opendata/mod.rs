//! Open data (Decree 42/2022 Art. 8.1.đ and 9): the public archive of published questions and answers
//! (search without diacritics, topic, pages, one by code), and the machine-readable exports of what is
//! already public: questions and answers, rating summaries, consultations with their comments and reports, as
//! JSON (paged, with `next` links) and CSV; Atom feeds (`atom`); Open311 GeoReport v2 (`open311`). It reads
//! other features through their functions and adds no data of its own: the same rules decide what shows.
//! Never a name, email or phone; a citizen's submission time is rounded down to the hour.

pub mod http;
pub mod store;

use axum::body::Bytes;
use domain::archive::{ArchivePage, ArchiveQuery, ArchivedQuestion, round_to_hour, working_days_between};
use domain::{Date, TrackingCode};

use crate::agencies::Agency;
use crate::platform::csv;
use crate::questions::store::{display_code, stored_status};
use crate::{AppState, Error, Result};
use store::StoredQuestion;

/// The licence every dataset is published under.
pub const LICENCE: &str = "CC BY 4.0";
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

/// The most rows one CSV download holds; past it, the JSON pages hold the rest.
const CSV_MAX_ROWS: u32 = 50_000;

/// A published question as open data shows it: the answer only once it shows, the submission time rounded
/// down to the hour, and the answer's speed against its deadline in working days.
pub fn record(agency: &Agency, row: &StoredQuestion) -> ArchivedQuestion {
    let status = stored_status(&row.status);
    let shows_answer = status.shows_answer();
    let asked_on = Date::in_vietnam_at(&row.created_at);
    let due = row.due_date.clone().unwrap_or_else(|| agency.due_date(&row.created_at).to_string());
    let due_on = Date::parse(&due);
    let answered_at = row.answered_at.clone().filter(|_| shows_answer);
    let answered_on = answered_at.as_deref().and_then(Date::in_vietnam_at);
    let between = |from: Option<Date>, to: Option<Date>| match (from, to) {
        (Some(from), Some(to)) => Some(working_days_between(from, to, &agency.holidays)),
        _ => None,
    };
    ArchivedQuestion {
        tracking_code: display_code(row.tracking_code.clone()),
        title: row.title.clone(),
        body: row.body.clone(),
        topic: row.topic.clone(),
        status,
        asked_at: round_to_hour(&row.created_at),
        published_at: row.published_at.clone(),
        answer: row.answer.clone().filter(|_| shows_answer),
        answered_at,
        deadline_working_days: between(asked_on, due_on).unwrap_or(agency.handling_days),
        answer_working_days: between(asked_on, answered_on),
        answered_on_time: match (answered_on, due_on) {
            (Some(answered), Some(due)) => Some(answered <= due),
            _ => None,
        },
        due_date: due,
        same_question_count: u64::try_from(row.same_question_count).unwrap_or(0),
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where links point: the server's public origin when it is known, else paths alone.
pub fn origin(state: &AppState) -> &str {
    state.config.public_origin.as_deref().unwrap_or("").trim_end_matches('/')
}

/// A page of the archive as JSON, served from memory for a few seconds like the public list. `path` is the
/// endpoint's own path, for the `next` link.
pub async fn archive(state: &AppState, agency: &Agency, query: &ArchiveQuery, path: &str) -> Result<Bytes> {
    let words = query.words.as_deref().map(domain::text::fold);
    let key = (agency.id, format!("{path}|{}|{}|{:?}|{:?}", query.page, query.per_page, words, query.topic));
    if let Some(body) = state.open_data.get(&key) {
        return Ok(body);
    }
    let filter = store::Filter { words: words.as_deref(), topic: query.topic.as_deref(), ..Default::default() };
    let (rows, total) = store::page(&state.db, agency.id, &filter, query.page, query.per_page).await?;
    let shown = u64::from(query.page - 1) * u64::from(query.per_page) + rows.len() as u64;
    let next = (shown < total && query.page < domain::question::PAGE_MAX).then(|| {
        let mut link = format!("{}{path}?page={}&per_page={}", origin(state), query.page + 1, query.per_page);
        if let Some(words) = &query.words {
            link.push_str(&format!("&q={}", encode(words)));
        }
        if let Some(topic) = &query.topic {
            link.push_str(&format!("&topic={}", encode(topic)));
        }
        link
    });
    let items = rows.iter().map(|row| record(agency, row)).collect();
    let page = ArchivePage { items, page: query.page, per_page: query.per_page, total, next };
    let body = Bytes::from(serde_json::to_vec(&page).map_err(|e| Error::Internal(e.to_string()))?);
    state.open_data.insert(key, body.clone());
    Ok(body)
}

/// One published question by code, with its dates and speed; 404 for anything unpublished.
pub async fn archived(state: &AppState, agency: &Agency, code: &str) -> Result<ArchivedQuestion> {
    let code = TrackingCode::parse(code).ok_or(Error::NotFound)?;
    let row = store::one(&state.db, agency.id, code.as_compact()).await?.ok_or(Error::NotFound)?;
    Ok(record(agency, &row))
}

/// Every published question (up to `CSV_MAX_ROWS`), newest first.
pub async fn all_questions(state: &AppState, agency: &Agency) -> Result<Vec<ArchivedQuestion>> {
    let (rows, _) = store::page(&state.db, agency.id, &store::Filter::default(), 1, CSV_MAX_ROWS).await?;
    Ok(rows.iter().map(|row| record(agency, row)).collect())
}

/// The questions' CSV columns, in order: the documented, stable field list.
pub const QUESTION_FIELDS: [&str; 14] = [
    "tracking_code",
    "title",
    "body",
    "topic",
    "status",
    "asked_at",
    "published_at",
    "answer",
    "answered_at",
    "due_date",
    "deadline_working_days",
    "answer_working_days",
    "answered_on_time",
    "same_question_count",
];

pub fn questions_csv(questions: &[ArchivedQuestion]) -> String {
    let mut out = csv::line(&QUESTION_FIELDS);
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    for q in questions {
        out.push_str(&csv::line(&[
            q.tracking_code.clone(),
            q.title.clone(),
            q.body.clone(),
            text(&q.topic),
            q.status.as_str().to_owned(),
            q.asked_at.clone(),
            q.published_at.clone(),
            text(&q.answer),
            text(&q.answered_at),
            q.due_date.clone(),
            q.deadline_working_days.to_string(),
            q.answer_working_days.map(|d| d.to_string()).unwrap_or_default(),
            q.answered_on_time.map(|b| b.to_string()).unwrap_or_default(),
            q.same_question_count.to_string(),
        ]));
    }
    out
}
