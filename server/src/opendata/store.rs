//! The open data's SQL: published questions with what the archive, the exports, the feeds and Open311 show.
//! One column list, read by column name; never a name, email or phone column.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// Published and not hidden: what the public may read (the questions feature's rule, restated in SQL over
/// the alias `q`).
const PUBLISHED: &str = "q.published_at IS NOT NULL AND q.hidden_at IS NULL";

/// Every column an open record needs. `status_note` is the latest public note of the timeline, `updated_at`
/// its latest step.
const COLUMNS: &str = "q.tracking_code, q.title, q.body, q.topic, q.status, q.created_at, q.published_at, q.answer, \
     q.answered_at, q.due_date, q.same_question_count, \
     (SELECT e.public_note FROM question_events e WHERE e.question_id = q.id AND e.public_note IS NOT NULL \
      ORDER BY e.id DESC LIMIT 1) AS status_note, \
     (SELECT MAX(e.at) FROM question_events e WHERE e.question_id = q.id) AS updated_at";

/// A published question as stored, before the rules of what shows are applied (`super::record`).
pub struct StoredQuestion {
    pub tracking_code: String,
    pub title: String,
    pub body: String,
    pub topic: Option<String>,
    pub status: String,
    pub created_at: String,
    pub published_at: String,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub due_date: Option<String>,
    pub same_question_count: i64,
    pub status_note: Option<String>,
    pub updated_at: Option<String>,
}

fn read(row: &AnyRow) -> Result<StoredQuestion, sqlx::Error> {
    Ok(StoredQuestion {
        tracking_code: row.try_get("tracking_code")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        topic: row.try_get("topic")?,
        status: row.try_get("status")?,
        created_at: row.try_get("created_at")?,
        published_at: row.try_get("published_at")?,
        answer: row.try_get("answer")?,
        answered_at: row.try_get("answered_at")?,
        due_date: row.try_get("due_date")?,
        same_question_count: row.try_get("same_question_count")?,
        status_note: row.try_get("status_note")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Which published questions, checked.
#[derive(Default)]
pub struct Filter<'a> {
    /// Folded words (`domain::text::fold`), matched in the title and question, and in the answer once it shows.
    pub words: Option<&'a str>,
    pub topic: Option<&'a str>,
    /// Open311's `status`: `open` (still owed an answer) or `closed`.
    pub open: Option<bool>,
    /// Asked at or after / before these instants (stored form).
    pub asked_from: Option<&'a str>,
    pub asked_until: Option<&'a str>,
    /// Only questions whose answer shows (the answers feed), newest answer first.
    pub answered: bool,
}

/// `('answered', 'closed')`-style lists of the lifecycle's predicates, quoted from `domain`.
fn status_list(predicate: fn(domain::QuestionStatus) -> bool) -> String {
    let quoted: Vec<String> =
        domain::QuestionStatus::all_where(predicate).map(|s| format!("'{}'", s.as_str())).collect();
    format!("({})", quoted.join(", "))
}

/// The `WHERE` clause and its text binds (from `$2`; `$1` is the agency).
fn clause(filter: &Filter<'_>) -> (String, Vec<String>) {
    let mut sql = format!("q.agency_id = $1 AND {PUBLISHED}");
    let mut binds: Vec<String> = Vec::new();
    let mut add = |sql: &mut String, text: &str, value: String| {
        binds.push(value);
        sql.push_str(&text.replace('?', &format!("${}", binds.len() + 1)));
    };
    let showing = status_list(domain::QuestionStatus::shows_answer);
    if let Some(words) = filter.words {
        let escaped = words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        add(&mut sql, " AND (q.search_folded LIKE ? ESCAPE '\\'", pattern.clone());
        add(&mut sql, &format!(" OR (q.status IN {showing} AND q.answer_folded LIKE ? ESCAPE '\\'))"), pattern);
    }
    if let Some(topic) = filter.topic {
        add(&mut sql, " AND q.topic = ?", topic.to_owned());
    }
    match filter.open {
        Some(true) => sql.push_str(&format!(" AND q.status IN {}", status_list(domain::QuestionStatus::awaits_answer))),
        Some(false) => {
            sql.push_str(&format!(" AND q.status NOT IN {}", status_list(domain::QuestionStatus::awaits_answer)))
        }
        None => {}
    }
    // By the hour asked, as the records show it: bounds finer than the hour would tell, by narrowing them
    // query after query, the minute a citizen sent a question. Both are `YYYY-MM-DDTHH…Z` text.
    if let Some(from) = filter.asked_from {
        add(&mut sql, " AND substr(q.created_at, 1, 13) >= substr(?, 1, 13)", from.to_owned());
    }
    if let Some(until) = filter.asked_until {
        add(&mut sql, " AND substr(q.created_at, 1, 13) <= substr(?, 1, 13)", until.to_owned());
    }
    if filter.answered {
        sql.push_str(&format!(" AND q.status IN {showing} AND q.answered_at IS NOT NULL"));
    }
    (sql, binds)
}

/// A page of published questions, newest published first (newest answer first for the answers feed), with
/// how many match on every page together.
pub async fn page(
    db: &AnyPool,
    agency_id: i64,
    filter: &Filter<'_>,
    page: u32,
    per_page: u32,
) -> Result<(Vec<StoredQuestion>, u64), sqlx::Error> {
    let (clause, binds) = clause(filter);
    let order = if filter.answered { "q.answered_at DESC, q.id DESC" } else { "q.published_at DESC, q.id DESC" };
    let sql = format!(
        "SELECT {COLUMNS} FROM questions q WHERE {clause} ORDER BY {order} LIMIT ${} OFFSET ${}",
        binds.len() + 2,
        binds.len() + 3
    );
    let mut query = sqlx::query(&sql).bind(agency_id);
    for value in &binds {
        query = query.bind(value);
    }
    let rows = query.bind(i64::from(per_page)).bind(i64::from(page - 1) * i64::from(per_page)).fetch_all(db).await?;
    let count_sql = format!("SELECT COUNT(*) AS n FROM questions q WHERE {clause}");
    let mut count = sqlx::query(&count_sql).bind(agency_id);
    for value in &binds {
        count = count.bind(value);
    }
    let total: i64 = count.fetch_one(db).await?.try_get("n")?;
    Ok((rows.iter().map(read).collect::<Result<_, _>>()?, u64::try_from(total).unwrap_or(0)))
}

/// One published question by its compact code.
pub async fn one(db: &AnyPool, agency_id: i64, compact_code: &str) -> Result<Option<StoredQuestion>, sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM questions q WHERE q.agency_id = $1 AND q.tracking_code = $2 AND {PUBLISHED}");
    let row = sqlx::query(&sql).bind(agency_id).bind(compact_code).fetch_optional(db).await?;
    row.as_ref().map(read).transpose()
}
