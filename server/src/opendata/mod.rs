//! Open data (Decree 42/2022 Art. 8.1.đ and 9): the public archive of published questions and answers
//! (search without diacritics, topic, pages, one by code), and the machine-readable exports of what is
//! already public: questions and answers, rating summaries, consultations with their comments and reports, as
//! JSON (paged, with `next` links) and CSV; Atom feeds (`atom`); Open311 GeoReport v2 (`open311`). It reads
//! other features through their functions and adds no data of its own: the same rules decide what shows.
//! Never a name, email or phone; a citizen's submission time is rounded down to the hour.

pub mod atom;
pub mod http;
pub mod open311;
pub mod store;

use axum::body::Bytes;
use domain::archive::{
    ArchivePage, ArchiveQuery, ArchivedQuestion, Open311Params, Open311Request, OpenComment, OpenCommentPage,
    OpenReport, OpenReportRow, round_to_hour, working_days_between,
};
use domain::consultation::CommentParams;
use domain::{ConsultationSummary, Date, Lang, TrackingCode};

use crate::agencies::Agency;
use crate::platform::{clock, csv};
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

/// A public download's body, served from memory for a few seconds (`AppState::open_data`), keyed by the
/// agency and what was asked (`key`, which must name everything that shapes the body), so that a popular
/// file costs one query every 5 s whatever the traffic. A process forgets them all when it changes what
/// they show.
pub async fn cached<F>(state: &AppState, agency: &Agency, key: String, make: F) -> Result<Bytes>
where
    F: Future<Output = Result<String>>,
{
    let key = (agency.id, key);
    if let Some(body) = state.open_data.get(&key) {
        return Ok(body);
    }
    let body = Bytes::from(make.await?);
    state.open_data.insert(key, body.clone());
    Ok(body)
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

// ---------------------------------------------------------------------------------------------------------
// Atom feeds.

/// How many entries a feed holds: the newest.
const FEED_ENTRIES: u32 = 50;

/// New published answers, newest answer first; of one topic when `topic` is given (404 for a topic the
/// agency does not have).
pub async fn answers_feed(state: &AppState, agency: &Agency, topic: Option<&str>) -> Result<String> {
    let topic = match topic.map(str::trim).filter(|t| !t.is_empty()) {
        Some(slug) => Some(agency.topics.iter().find(|t| t.slug == slug).ok_or(Error::NotFound)?),
        None => None,
    };
    let filter = store::Filter { topic: topic.map(|t| t.slug.as_str()), answered: true, ..Default::default() };
    let (rows, _) = store::page(&state.db, agency.id, &filter, 1, FEED_ENTRIES).await?;
    let base = origin(state);
    let entries = rows
        .iter()
        .map(|row| {
            let q = record(agency, row);
            let topic = q.topic.as_deref().and_then(|slug| agency.topics.iter().find(|t| t.slug == slug));
            atom::Entry {
                id: atom::tag(&agency.slug, &format!("question/{}", row.tracking_code)),
                title: q.title.clone(),
                updated: q.answered_at.clone().unwrap_or_else(|| q.published_at.clone()),
                published: Some(q.published_at.clone()),
                link: format!("{base}/api/v1/agencies/{}/archive/{}", agency.slug, q.tracking_code),
                link_type: "application/json",
                category: topic.map(|t| (t.slug.clone(), t.name(Lang::Vi).to_owned())),
                summary: Some(q.body.clone()),
                content: q.answer.clone(),
            }
        })
        .collect();
    let (id, title, query) = match topic {
        Some(t) => (
            format!("answers/{}", t.slug),
            format!("{}: trả lời mới – {}", agency.name, t.name(Lang::Vi)),
            format!("?topic={}", t.slug),
        ),
        None => ("answers".to_owned(), format!("{}: trả lời mới", agency.name), String::new()),
    };
    let feed = atom::Feed {
        id: atom::tag(&agency.slug, &id),
        title,
        self_link: format!("{base}/api/v1/open-data/{}/answers.atom{query}", agency.slug),
        author: agency.name.clone(),
        lang: "vi",
        entries,
    };
    Ok(atom::write(&feed, &clock::now()))
}

/// New consultations (newest opening first), or published reports (newest first).
pub async fn consultations_feed(state: &AppState, agency: &Agency, reports: bool) -> Result<String> {
    let list = crate::consultations::list(state, agency).await?;
    let base = origin(state);
    let mut consultations: Vec<&ConsultationSummary> =
        list.consultations.iter().filter(|c| !reports || c.report_published_at.is_some()).collect();
    let when = |c: &ConsultationSummary| if reports { c.report_published_at.clone() } else { Some(c.opens_at.clone()) };
    consultations.sort_by_key(|c| std::cmp::Reverse(when(c)));
    let entries = consultations
        .into_iter()
        .take(FEED_ENTRIES as usize)
        .map(|c| {
            let at = when(c).unwrap_or_else(|| c.opens_at.clone());
            let (kind, link, link_type) = if reports {
                (
                    "report",
                    format!("{base}/api/v1/agencies/{}/consultations/{}/report.html", agency.slug, c.slug),
                    "text/html",
                )
            } else {
                (
                    "consultation",
                    format!("{base}/api/v1/agencies/{}/consultations/{}", agency.slug, c.slug),
                    "application/json",
                )
            };
            atom::Entry {
                id: atom::tag(&agency.slug, &format!("{kind}/{}", c.slug)),
                title: c.title.clone(),
                updated: at.clone(),
                published: Some(at),
                link,
                link_type,
                category: None,
                summary: Some(format!("{}\n{}: {} – {} (UTC)", c.summary, c.drafting_unit, c.opens_at, c.closes_at)),
                content: None,
            }
        })
        .collect();
    let (id, title, file) = if reports {
        ("reports", format!("{}: báo cáo tiếp thu, giải trình", agency.name), "reports.atom")
    } else {
        ("consultations", format!("{}: lấy ý kiến dự thảo", agency.name), "consultations.atom")
    };
    let feed = atom::Feed {
        id: atom::tag(&agency.slug, id),
        title,
        self_link: format!("{base}/api/v1/open-data/{}/{file}", agency.slug),
        author: agency.name.clone(),
        lang: "vi",
        entries,
    };
    Ok(atom::write(&feed, &clock::now()))
}

// ---------------------------------------------------------------------------------------------------------
// Open311 GeoReport v2.

/// Published questions as Open311 service requests, newest published first, filtered as the specification
/// has it; `Err(BadQuery)` for a filter that is not valid.
pub async fn open311_requests(
    state: &AppState,
    agency: &Agency,
    params: &Open311Params,
) -> Result<Vec<Open311Request>> {
    let bad = |why: &str| Error::BadQuery(why.to_owned());
    let (page, per_page) = domain::question::paging(params.page, params.page_size, 50)
        .ok_or_else(|| bad("page is 1 to 100000; page_size is 1 to 100"))?;
    let present = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let open = match present(&params.status).as_deref() {
        None => None,
        Some("open") => Some(true),
        Some("closed") => Some(false),
        Some(_) => return Err(bad("status is open or closed")),
    };
    let instant = |v: &Option<String>, name: &str| -> Result<Option<String>> {
        present(v)
            .map(|v| {
                domain::date::parse_instant(&v).ok_or_else(|| bad(&format!("{name} is an ISO 8601 date and time")))
            })
            .transpose()
    };
    let (from, until) = (instant(&params.start_date, "start_date")?, instant(&params.end_date, "end_date")?);
    let service = present(&params.service_code);
    if service.as_deref().is_some_and(|s| !domain::agency::is_valid_slug(s)) {
        return Err(bad("service_code is a service's code"));
    }
    let filter = store::Filter {
        topic: service.as_deref(),
        open,
        asked_from: from.as_deref(),
        asked_until: until.as_deref(),
        ..Default::default()
    };
    let (rows, _) = store::page(&state.db, agency.id, &filter, page, per_page).await?;
    Ok(rows.iter().map(|row| open311::request(agency, row)).collect())
}

/// One published question as an Open311 service request.
pub async fn open311_request(state: &AppState, agency: &Agency, id: &str) -> Result<Open311Request> {
    let code = TrackingCode::parse(id).ok_or(Error::NotFound)?;
    let row = store::one(&state.db, agency.id, code.as_compact()).await?.ok_or(Error::NotFound)?;
    Ok(open311::request(agency, &row))
}

// ---------------------------------------------------------------------------------------------------------
// Consultations.

pub const CONSULTATION_FIELDS: [&str; 9] = [
    "slug",
    "title",
    "summary",
    "document_type",
    "drafting_unit",
    "opens_at",
    "closes_at",
    "state",
    "report_published_at",
];

pub fn consultations_csv(consultations: &[ConsultationSummary]) -> String {
    let mut out = csv::line(&CONSULTATION_FIELDS);
    for c in consultations {
        out.push_str(&csv::line(&[
            c.slug.clone(),
            c.title.clone(),
            c.summary.clone(),
            c.document_type.as_str().to_owned(),
            c.drafting_unit.clone(),
            c.opens_at.clone(),
            c.closes_at.clone(),
            c.state.as_str().to_owned(),
            c.report_published_at.clone().unwrap_or_default(),
        ]));
    }
    out
}

/// A page of a consultation's published comments, without names, with the link to the next page.
pub async fn comments(
    state: &AppState,
    agency: &Agency,
    slug: &str,
    page: u32,
    per_page: u32,
) -> Result<OpenCommentPage> {
    let params = CommentParams { article: None, page: Some(page), per_page: Some(per_page) };
    let found = crate::consultations::comments_page(state, agency, slug, &params).await?;
    let items: Vec<OpenComment> = found
        .comments
        .into_iter()
        .map(|c| OpenComment {
            id: c.id,
            article: c.article,
            clause: c.clause,
            stance: c.stance,
            body: c.body,
            commenter: c.commenter,
            created_on: c.created_on,
            group_size: c.group_size,
            outcome: c.response.as_ref().map(|r| r.outcome),
            explanation: c.response.map(|r| r.explanation),
        })
        .collect();
    let shown = (page - 1) * per_page + items.len() as u32;
    let next = (shown < found.total).then(|| {
        format!(
            "{}/api/v1/open-data/{}/consultations/{slug}/comments.json?page={}&per_page={per_page}",
            origin(state),
            agency.slug,
            page + 1
        )
    });
    Ok(OpenCommentPage { items, page, per_page, total: found.total, next })
}

pub const COMMENT_FIELDS: [&str; 10] =
    ["id", "article", "clause", "stance", "body", "commenter", "created_on", "group_size", "outcome", "explanation"];

/// Every published comment of a consultation as CSV, page by page.
pub async fn comments_csv(state: &AppState, agency: &Agency, slug: &str) -> Result<String> {
    let mut out = csv::line(&COMMENT_FIELDS);
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    for page in 1..=domain::question::PAGE_MAX {
        let found = comments(state, agency, slug, page, domain::question::PER_PAGE_MAX).await?;
        for c in &found.items {
            out.push_str(&csv::line(&[
                c.id.to_string(),
                number(c.article),
                number(c.clause),
                c.stance.as_str().to_owned(),
                c.body.clone(),
                c.commenter.as_str().to_owned(),
                c.created_on.clone(),
                c.group_size.to_string(),
                c.outcome.map(|o| o.as_str().to_owned()).unwrap_or_default(),
                c.explanation.clone().unwrap_or_default(),
            ]));
        }
        if found.next.is_none() {
            break;
        }
    }
    Ok(out)
}

/// A published report without the commenters' names; 404 until it is published.
pub async fn report(state: &AppState, agency: &Agency, slug: &str) -> Result<OpenReport> {
    let report = crate::consultations::report(state, agency, slug).await?;
    let rows = report
        .rows
        .into_iter()
        .map(|r| OpenReportRow {
            article: r.article,
            clause: r.clause,
            stance: r.stance,
            comment: r.comment,
            outcome: r.outcome,
            explanation: r.explanation,
            group_size: r.group_size,
        })
        .collect();
    Ok(OpenReport { consultation: report.consultation, published_at: report.published_at, rows })
}

pub const REPORT_FIELDS: [&str; 7] = ["article", "clause", "stance", "comment", "outcome", "explanation", "group_size"];

pub fn report_csv(report: &OpenReport) -> String {
    let mut out = csv::line(&REPORT_FIELDS);
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    for r in &report.rows {
        out.push_str(&csv::line(&[
            number(r.article),
            number(r.clause),
            r.stance.as_str().to_owned(),
            r.comment.clone(),
            r.outcome.as_str().to_owned(),
            r.explanation.clone(),
            r.group_size.to_string(),
        ]));
    }
    out
}
