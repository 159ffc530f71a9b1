//! The questions feature's SQL. Rows are read by column name, and each view of a question has one column
//! list, so a column added to the table cannot shift another's value.

use std::sync::LazyLock;

use domain::staff::{QueueEntry, StaffEvent, StatusCount};
use domain::tracker::AgencyRef;
use domain::{Channel, ContactHeld, Lang, PublicQuestion, QuestionStatus, TimelineStep, TrackingCode, ValidQuestion};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::platform::clock;

/// A stored (compact) tracking code as people read it, `XXXXX-XXXXX`.
pub fn display_code(stored: String) -> String {
    TrackingCode::parse(&stored).map(|c| c.to_string()).unwrap_or(stored)
}

/// A stored status; only the server writes the column, so an unknown value cannot occur in practice.
pub fn stored_status(stored: impl AsRef<str>) -> QuestionStatus {
    QuestionStatus::parse(stored.as_ref()).unwrap_or(QuestionStatus::Received)
}

/// `('received', 'accepted', …)`: the states for which `predicate` holds, as an SQL list, so that a rule of
/// the lifecycle is written once, in `domain`, and queries only quote it.
fn status_list(predicate: fn(QuestionStatus) -> bool) -> String {
    let quoted: Vec<String> = QuestionStatus::all_where(predicate).map(|s| format!("'{}'", s.as_str())).collect();
    format!("({})", quoted.join(", "))
}

static AWAITING_ANSWER: LazyLock<String> = LazyLock::new(|| status_list(QuestionStatus::awaits_answer));
static ACCEPTING_ANSWER: LazyLock<String> = LazyLock::new(|| status_list(QuestionStatus::accepts_answer));
static SHOWING_ANSWER: LazyLock<String> = LazyLock::new(|| status_list(QuestionStatus::shows_answer));

/// Past its due day (in Vietnam) and still owed an answer.
pub fn is_overdue(status: QuestionStatus, due_date: &str) -> bool {
    status.awaits_answer() && clock::today_in_vietnam().to_string().as_str() > due_date
}

/// What staff search matches: title and body, lowercased (Unicode-aware, unlike SQLite's LOWER).
pub fn search_text(title: &str, body: &str) -> String {
    format!("{title}\n{body}").to_lowercase()
}

/// What the public archive's search matches: title and body folded (no diacritics, `đ` as `d`).
pub fn search_folded(title: &str, body: &str) -> String {
    domain::text::fold(&format!("{title}\n{body}"))
}

// ---------------------------------------------------------------------------------------------------------
// Storing.

/// A question about to be stored: where it came from and what it is.
pub struct NewRow<'a> {
    pub agency_id: i64,
    pub code: &'a TrackingCode,
    pub pin_hash: &'a str,
    pub question: &'a ValidQuestion,
    pub channel: Channel,
    pub recorded_by: Option<i64>,
    pub created_at: &'a str,
    pub due_date: String,
}

/// Inserts a question with the first step of its timeline; returns its id.
pub async fn insert(conn: &mut AnyConnection, new: &NewRow<'_>) -> Result<i64, sqlx::Error> {
    let question = new.question;
    // The first statement writes, so SQLite takes the write lock at once and waits politely for it.
    let id: i64 = sqlx::query(
        "INSERT INTO questions (agency_id, tracking_code, pin_hash, title, body, topic, name, email, phone, \
         consent_at, lang, channel, status, created_at, due_date, recorded_by, search_text, search_folded) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'received', $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(new.agency_id)
    .bind(new.code.as_compact())
    .bind(new.pin_hash)
    .bind(&question.title)
    .bind(&question.body)
    .bind(&question.topic)
    .bind(&question.name)
    .bind(&question.email)
    .bind(&question.phone)
    .bind(question.consent.then_some(new.created_at))
    .bind(question.lang.as_str())
    .bind(new.channel.as_str())
    .bind(new.created_at)
    .bind(&new.due_date)
    .bind(new.recorded_by)
    .bind(search_text(&question.title, &question.body))
    .bind(search_folded(&question.title, &question.body))
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    sqlx::query("INSERT INTO question_events (question_id, status, at, staff_id) VALUES ($1, 'received', $2, $3)")
        .bind(id)
        .bind(new.created_at)
        .bind(new.recorded_by)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

pub async fn insert_idempotency_key(
    conn: &mut AnyConnection,
    agency_id: i64,
    key_hash: &str,
    request_hash: &str,
    question_id: i64,
    created_at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (agency_id, key_hash, request_hash, question_id, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(agency_id)
    .bind(key_hash)
    .bind(request_hash)
    .bind(question_id)
    .bind(created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// What a replayed request needs: the hash of the first body, and the question it stored.
pub struct KeyedQuestion {
    pub request_hash: String,
    pub tracking_code: String,
    pub created_at: String,
}

pub async fn find_by_idempotency_key(
    db: &AnyPool,
    agency_id: i64,
    key_hash: &str,
) -> Result<Option<KeyedQuestion>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT k.request_hash, q.tracking_code, q.created_at FROM idempotency_keys k \
         JOIN questions q ON q.id = k.question_id WHERE k.agency_id = $1 AND k.key_hash = $2",
    )
    .bind(agency_id)
    .bind(key_hash)
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        Ok(KeyedQuestion {
            request_hash: row.try_get("request_hash")?,
            tracking_code: row.try_get("tracking_code")?,
            created_at: row.try_get("created_at")?,
        })
    })
    .transpose()
}

// ---------------------------------------------------------------------------------------------------------
// What the public reads.

/// Published and not hidden: what the public may read.
const PUBLISHED: &str = "published_at IS NOT NULL AND hidden_at IS NULL";
const PUBLIC_COLUMNS: &str = "tracking_code, title, body, topic, status, created_at, published_at, answer, answered_at";

fn public_question(row: &AnyRow) -> Result<PublicQuestion, sqlx::Error> {
    let status = stored_status(row.try_get::<String, _>("status")?);
    let shows_answer = status.shows_answer();
    Ok(PublicQuestion {
        tracking_code: display_code(row.try_get("tracking_code")?),
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        topic: row.try_get("topic")?,
        status,
        // As in the archive and the open data: the minute a citizen sent it could single them out.
        created_at: domain::archive::round_to_hour(&row.try_get::<String, _>("created_at")?),
        published_at: row.try_get("published_at")?,
        answer: if shows_answer { row.try_get("answer")? } else { None },
        answered_at: if shows_answer { row.try_get("answered_at")? } else { None },
    })
}

/// A page of published questions, newest first.
pub async fn published_page(
    db: &AnyPool,
    agency_id: i64,
    page: u32,
    per_page: u32,
) -> Result<Vec<PublicQuestion>, sqlx::Error> {
    let sql = format!(
        "SELECT {PUBLIC_COLUMNS} FROM questions WHERE agency_id = $1 AND {PUBLISHED} \
         ORDER BY published_at DESC, id DESC LIMIT $2 OFFSET $3"
    );
    let rows = sqlx::query(&sql)
        .bind(agency_id)
        .bind(i64::from(per_page))
        .bind(i64::from(page - 1) * i64::from(per_page))
        .fetch_all(db)
        .await?;
    rows.iter().map(public_question).collect()
}

pub async fn published_one(
    db: &AnyPool,
    agency_id: i64,
    code: &TrackingCode,
) -> Result<Option<PublicQuestion>, sqlx::Error> {
    let sql =
        format!("SELECT {PUBLIC_COLUMNS} FROM questions WHERE agency_id = $1 AND tracking_code = $2 AND {PUBLISHED}");
    let row = sqlx::query(&sql).bind(agency_id).bind(code.as_compact()).fetch_optional(db).await?;
    row.as_ref().map(public_question).transpose()
}

/// Whether `code` is an answered, published question of the agency other than `except`: what a duplicate
/// must point to.
pub async fn is_published_answer(
    db: &AnyPool,
    agency_id: i64,
    code: &TrackingCode,
    except: i64,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "SELECT id FROM questions WHERE agency_id = $1 AND tracking_code = $2 AND id <> $3 AND {PUBLISHED} \
         AND status IN {}",
        *SHOWING_ANSWER
    );
    Ok(sqlx::query(&sql).bind(agency_id).bind(code.as_compact()).bind(except).fetch_optional(db).await?.is_some())
}

// ---------------------------------------------------------------------------------------------------------
// What the citizen reads with code and PIN.

/// A question as its author may read it, with its PIN's hash still to check.
pub struct TrackedRow {
    pub id: i64,
    pub pin_hash: String,
    pub title: String,
    pub body: String,
    pub topic: Option<String>,
    pub status: QuestionStatus,
    pub created_at: String,
    pub due_date: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub duplicate_of: Option<String>,
    pub transferred_to: Option<AgencyRef>,
    pub published: bool,
    pub contact: ContactHeld,
}

pub async fn tracked(db: &AnyPool, agency_id: i64, code: &TrackingCode) -> Result<Option<TrackedRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT q.id, q.pin_hash, q.title, q.body, q.topic, q.status, q.created_at, q.due_date, q.answer, \
         q.answered_at, q.duplicate_of, t.slug AS transferred_slug, t.name AS transferred_name, q.published_at, \
         q.hidden_at, q.contact_erased_at, \
         CASE WHEN q.name IS NULL THEN 0 ELSE 1 END AS has_name, \
         CASE WHEN q.email IS NULL THEN 0 ELSE 1 END AS has_email, \
         CASE WHEN q.phone IS NULL THEN 0 ELSE 1 END AS has_phone \
         FROM questions q LEFT JOIN agencies t ON t.id = q.transferred_to \
         WHERE q.agency_id = $1 AND q.tracking_code = $2",
    )
    .bind(agency_id)
    .bind(code.as_compact())
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let transferred_to = match (row.try_get("transferred_slug")?, row.try_get("transferred_name")?) {
        (Some(slug), Some(name)) => Some(AgencyRef { slug, name }),
        _ => None,
    };
    let status = stored_status(row.try_get::<String, _>("status")?);
    let shows_answer = status.shows_answer();
    Ok(Some(TrackedRow {
        id: row.try_get("id")?,
        pin_hash: row.try_get("pin_hash")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        topic: row.try_get("topic")?,
        status,
        created_at: row.try_get("created_at")?,
        due_date: row.try_get("due_date")?,
        answer: if shows_answer { row.try_get("answer")? } else { None },
        answered_at: if shows_answer { row.try_get("answered_at")? } else { None },
        duplicate_of: row.try_get::<Option<String>, _>("duplicate_of")?.map(display_code),
        transferred_to,
        published: row.try_get::<Option<String>, _>("published_at")?.is_some()
            && row.try_get::<Option<String>, _>("hidden_at")?.is_none(),
        contact: ContactHeld {
            name: row.try_get::<i64, _>("has_name")? == 1,
            email: row.try_get::<i64, _>("has_email")? == 1,
            phone: row.try_get::<i64, _>("has_phone")? == 1,
            erased_at: row.try_get("contact_erased_at")?,
        },
    }))
}

/// The steps a citizen sees: status, time and public note, oldest first.
pub async fn public_timeline(db: &AnyPool, question_id: i64) -> Result<Vec<TimelineStep>, sqlx::Error> {
    let rows = sqlx::query("SELECT status, at, public_note FROM question_events WHERE question_id = $1 ORDER BY id")
        .bind(question_id)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(TimelineStep {
                status: stored_status(r.try_get::<String, _>("status")?),
                at: r.try_get("at")?,
                public_note: r.try_get("public_note")?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------
// What staff read.

/// The queue's filters, already checked.
pub struct QueueFilter {
    pub status: Option<QuestionStatus>,
    pub topic: Option<String>,
    pub unit: Option<String>,
    pub overdue: bool,
    pub code: Option<TrackingCode>,
    /// Lowercased NFC words, as `search_text` stores them.
    pub words: Option<String>,
    pub sort: domain::staff::QueueSort,
    pub min_same_question: Option<u32>,
    pub page: u32,
    pub per_page: u32,
}

/// The `WHERE` of the queue's filters after `agency_id = $1`, and the values it binds from `$2` on; without
/// the status filter when `with_status` is false (the counts per status).
fn queue_where(filter: &QueueFilter, with_status: bool) -> (String, Vec<String>) {
    let mut sql = String::from(" WHERE agency_id = $1");
    let mut binds: Vec<String> = Vec::new();
    let mut filter_by = |sql: &mut String, clause: &str, value: String| {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len() + 1)));
    };
    if let Some(status) = filter.status.filter(|_| with_status) {
        filter_by(&mut sql, " AND status = ?", status.as_str().to_owned());
    }
    if let Some(topic) = &filter.topic {
        filter_by(&mut sql, " AND topic = ?", topic.clone());
    }
    if let Some(unit) = &filter.unit {
        filter_by(&mut sql, " AND unit = ?", unit.clone());
    }
    if filter.overdue {
        let clause = format!(" AND due_date < ? AND status IN {}", *AWAITING_ANSWER);
        filter_by(&mut sql, &clause, clock::today_in_vietnam().to_string());
    }
    if let Some(code) = &filter.code {
        filter_by(&mut sql, " AND tracking_code = ?", code.as_compact().to_owned());
    }
    if let Some(words) = &filter.words {
        let escaped = words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        filter_by(&mut sql, " AND search_text LIKE ? ESCAPE '\\'", format!("%{escaped}%"));
    }
    if let Some(min) = filter.min_same_question {
        // A number, checked by its type: written into the text rather than bound, as binds here are text.
        sql.push_str(&format!(" AND same_question_count >= {min}"));
    }
    (sql, binds)
}

/// How many questions match the queue's filters other than the status, per status, in the lifecycle's order.
pub async fn queue_counts(db: &AnyPool, agency_id: i64, filter: &QueueFilter) -> Result<Vec<StatusCount>, sqlx::Error> {
    let (clauses, binds) = queue_where(filter, false);
    let sql = format!("SELECT status, COUNT(*) AS n FROM questions{clauses} GROUP BY status");
    let mut query = sqlx::query(&sql).bind(agency_id);
    for value in binds {
        query = query.bind(value);
    }
    let mut counts = Vec::new();
    for row in query.fetch_all(db).await? {
        let status = stored_status(row.try_get::<String, _>("status")?);
        counts.push(StatusCount { status, count: u32::try_from(row.try_get::<i64, _>("n")?).unwrap_or(u32::MAX) });
    }
    counts.sort_by_key(|c| QuestionStatus::ALL.iter().position(|s| *s == c.status));
    Ok(counts)
}

/// The agency's questions, most urgent (earliest due) first.
pub async fn queue(db: &AnyPool, agency_id: i64, filter: &QueueFilter) -> Result<Vec<QueueEntry>, sqlx::Error> {
    let (clauses, binds) = queue_where(filter, true);
    let mut sql = format!(
        "SELECT tracking_code, title, topic, unit, status, channel, created_at, due_date, published_at, hidden_at, \
         same_question_count FROM questions{clauses}"
    );
    let order = match filter.sort {
        domain::staff::QueueSort::Due => "due_date, id",
        domain::staff::QueueSort::SameQuestion => "same_question_count DESC, due_date, id",
    };
    sql.push_str(&format!(" ORDER BY {order} LIMIT ${} OFFSET ${}", binds.len() + 2, binds.len() + 3));
    let mut query = sqlx::query(&sql).bind(agency_id);
    for value in binds {
        query = query.bind(value);
    }
    let rows = query
        .bind(i64::from(filter.per_page))
        .bind(i64::from(filter.page - 1) * i64::from(filter.per_page))
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            let status = stored_status(r.try_get::<String, _>("status")?);
            let due_date: String = r.try_get::<Option<String>, _>("due_date")?.unwrap_or_default();
            Ok(QueueEntry {
                tracking_code: display_code(r.try_get("tracking_code")?),
                title: r.try_get("title")?,
                topic: r.try_get("topic")?,
                unit: r.try_get("unit")?,
                status,
                channel: Channel::parse(&r.try_get::<String, _>("channel")?).unwrap_or(Channel::Web),
                created_at: r.try_get("created_at")?,
                overdue: is_overdue(status, &due_date),
                due_date,
                published: r.try_get::<Option<String>, _>("published_at")?.is_some(),
                hidden: r.try_get::<Option<String>, _>("hidden_at")?.is_some(),
                same_question_count: u64::try_from(r.try_get::<i64, _>("same_question_count")?).unwrap_or(0),
            })
        })
        .collect()
}

/// A question of one agency as the workflow needs it.
pub struct Workflow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub status: QuestionStatus,
    pub email: Option<String>,
    pub lang: Lang,
    pub unit: Option<String>,
    pub answer: Option<String>,
    pub published: bool,
    pub hidden: bool,
}

pub async fn workflow(db: &AnyPool, agency_id: i64, code: &TrackingCode) -> Result<Option<Workflow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, title, status, email, lang, unit, answer, published_at, hidden_at FROM questions \
         WHERE agency_id = $1 AND tracking_code = $2",
    )
    .bind(agency_id)
    .bind(code.as_compact())
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        Ok(Workflow {
            id: row.try_get("id")?,
            code: code.to_string(),
            title: row.try_get("title")?,
            status: stored_status(row.try_get::<String, _>("status")?),
            email: row.try_get("email")?,
            lang: Lang::from_tag(&row.try_get::<String, _>("lang")?),
            unit: row.try_get("unit")?,
            answer: row.try_get("answer")?,
            published: row.try_get::<Option<String>, _>("published_at")?.is_some(),
            hidden: row.try_get::<Option<String>, _>("hidden_at")?.is_some(),
        })
    })
    .transpose()
}

/// Every column staff may read, and whether this reader may see contact details.
pub async fn staff_row(db: &AnyPool, id: i64) -> Result<AnyRow, sqlx::Error> {
    sqlx::query(
        "SELECT q.tracking_code, q.title, q.body, q.topic, q.unit, q.status, q.channel, q.lang, q.created_at, \
         q.due_date, q.name, q.email, q.phone, q.consent_at, q.answer, q.answered_at, q.duplicate_of, \
         t.slug AS transferred_slug, q.published_at, q.hidden_at, q.hidden_reason, q.contact_erased_at, \
         q.contact_erased_by \
         FROM questions q LEFT JOIN agencies t ON t.id = q.transferred_to WHERE q.id = $1",
    )
    .bind(id)
    .fetch_one(db)
    .await
}

/// The whole history, with who moved it and the internal notes.
pub async fn staff_events(db: &AnyPool, id: i64) -> Result<Vec<StaffEvent>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.status, e.at, s.username, e.public_note, e.internal_note FROM question_events e \
         LEFT JOIN staff s ON s.id = e.staff_id WHERE e.question_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StaffEvent {
                status: stored_status(r.try_get::<String, _>("status")?),
                at: r.try_get("at")?,
                by: r.try_get("username")?,
                public_note: r.try_get("public_note")?,
                internal_note: r.try_get("internal_note")?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------
// Staff writes. Each runs in the caller's transaction; the status guards make two officers' simultaneous
// writes safe: the second changes nothing and is told so.

pub struct Move<'a> {
    pub id: i64,
    pub from: QuestionStatus,
    pub to: QuestionStatus,
    pub unit: Option<&'a str>,
    pub duplicate_of: Option<&'a TrackingCode>,
    pub transferred_to: Option<i64>,
    pub at: &'a str,
    pub staff_id: i64,
    pub public_note: Option<&'a str>,
    pub internal_note: Option<&'a str>,
}

/// Moves the question and adds the step to its timeline; false if it was not where `from` says any more.
pub async fn move_to(conn: &mut AnyConnection, m: &Move<'_>) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE questions SET status = $1, unit = $2, \
         duplicate_of = COALESCE($3, duplicate_of), transferred_to = COALESCE($4, transferred_to), \
         answered_at = CASE WHEN $1 = 'answered' THEN $5 ELSE answered_at END \
         WHERE id = $6 AND status = $7",
    )
    .bind(m.to.as_str())
    .bind(m.unit)
    .bind(m.duplicate_of.map(|c| c.as_compact().to_owned()))
    .bind(m.transferred_to)
    .bind(m.at)
    .bind(m.id)
    .bind(m.from.as_str())
    .execute(&mut *conn)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO question_events (question_id, status, at, staff_id, public_note, internal_note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(m.id)
    .bind(m.to.as_str())
    .bind(m.at)
    .bind(m.staff_id)
    .bind(m.public_note)
    .bind(m.internal_note)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Writes the answer; false if the question no longer accepts one (closed meanwhile).
pub async fn set_answer(conn: &mut AnyConnection, id: i64, answer: &str) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "UPDATE questions SET answer = $1, answer_folded = $2 WHERE id = $3 AND status IN {}",
        *ACCEPTING_ANSWER
    );
    Ok(sqlx::query(&sql).bind(answer).bind(domain::text::fold(answer)).bind(id).execute(conn).await?.rows_affected()
        == 1)
}

/// Publishes (keeping the first publication date) or withdraws.
pub async fn set_published(conn: &mut AnyConnection, id: i64, published: bool, at: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE questions SET published_at = CASE WHEN $1 = 1 THEN COALESCE(published_at, $2) ELSE NULL END WHERE id = $3")
        .bind(i64::from(published))
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Hides the content for a reason (which also withdraws publication), or shows it again.
pub async fn set_hidden(conn: &mut AnyConnection, id: i64, reason: Option<&str>, at: &str) -> Result<(), sqlx::Error> {
    match reason {
        Some(reason) => {
            sqlx::query("UPDATE questions SET hidden_at = $1, hidden_reason = $2, published_at = NULL WHERE id = $3")
                .bind(at)
                .bind(reason)
                .bind(id)
                .execute(conn)
                .await?
        }
        None => {
            sqlx::query("UPDATE questions SET hidden_at = NULL, hidden_reason = NULL WHERE id = $1")
                .bind(id)
                .execute(conn)
                .await?
        }
    };
    Ok(())
}

/// The operator's command: publishes a question straight away, unless it is hidden. Returns how many.
pub async fn publish_now(db: &AnyPool, agency_id: i64, code: &TrackingCode) -> Result<u64, sqlx::Error> {
    let published = sqlx::query(
        "UPDATE questions SET published_at = $1 WHERE agency_id = $2 AND tracking_code = $3 \
         AND published_at IS NULL AND hidden_at IS NULL",
    )
    .bind(clock::now())
    .bind(agency_id)
    .bind(code.as_compact())
    .execute(db)
    .await?;
    Ok(published.rows_affected())
}

// ---------------------------------------------------------------------------------------------------------
// Contact data: erasure, retention and the data-subject export.

/// Erases the contact details and the consent, noting when and why; false if they were erased already.
pub async fn erase_contact(conn: &mut AnyConnection, id: i64, at: &str, by: &str) -> Result<bool, sqlx::Error> {
    let erased = sqlx::query(
        "UPDATE questions SET name = NULL, email = NULL, phone = NULL, consent_at = NULL, \
         contact_erased_at = $1, contact_erased_by = $2 WHERE id = $3 AND contact_erased_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(erased.rows_affected() == 1)
}

static FINISHED: LazyLock<String> = LazyLock::new(|| status_list(QuestionStatus::is_finished));

/// A finished question that still holds contact details, with its agency's retention period and when it
/// finished (its last step).
pub struct Retained {
    pub id: i64,
    pub agency_id: i64,
    pub retention_days: i64,
    pub finished_at: String,
}

pub async fn finished_with_contact(db: &AnyPool) -> Result<Vec<Retained>, sqlx::Error> {
    let sql = format!(
        "SELECT q.id, q.agency_id, a.contact_retention_days, \
         (SELECT MAX(e.at) FROM question_events e WHERE e.question_id = q.id) AS finished_at \
         FROM questions q JOIN agencies a ON a.id = q.agency_id \
         WHERE q.contact_erased_at IS NULL AND q.status IN {} \
         AND (q.name IS NOT NULL OR q.email IS NOT NULL OR q.phone IS NOT NULL)",
        *FINISHED
    );
    let rows = sqlx::query(&sql).fetch_all(db).await?;
    rows.iter()
        .map(|r| {
            Ok(Retained {
                id: r.try_get("id")?,
                agency_id: r.try_get("agency_id")?,
                retention_days: r.try_get("contact_retention_days")?,
                finished_at: r.try_get::<Option<String>, _>("finished_at")?.unwrap_or_default(),
            })
        })
        .collect()
}

/// Every column of the question but the PIN's hash, for a data-subject export.
pub async fn export_row(
    db: &AnyPool,
    agency_id: i64,
    code: &TrackingCode,
) -> Result<Option<serde_json::Value>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT q.id, q.title, q.body, q.topic, q.name, q.email, q.phone, q.consent_at, q.lang, q.channel, \
         q.status, q.created_at, q.due_date, q.unit, q.answer, q.answered_at, q.duplicate_of, \
         t.slug AS transferred_to, q.published_at, q.hidden_at, q.hidden_reason, q.contact_erased_at, \
         q.contact_erased_by FROM questions q LEFT JOIN agencies t ON t.id = q.transferred_to \
         WHERE q.agency_id = $1 AND q.tracking_code = $2",
    )
    .bind(agency_id)
    .bind(code.as_compact())
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut object = serde_json::Map::new();
    object.insert("id".into(), row.try_get::<i64, _>("id")?.into());
    for column in [
        "title",
        "body",
        "topic",
        "name",
        "email",
        "phone",
        "consent_at",
        "lang",
        "channel",
        "status",
        "created_at",
        "due_date",
        "unit",
        "answer",
        "answered_at",
        "duplicate_of",
        "transferred_to",
        "published_at",
        "hidden_at",
        "hidden_reason",
        "contact_erased_at",
        "contact_erased_by",
    ] {
        object.insert(column.into(), row.try_get::<Option<String>, _>(column)?.into());
    }
    Ok(Some(serde_json::Value::Object(object)))
}

/// The Idempotency-Keys a question was stored under (as hashes) and when.
pub async fn export_keys(db: &AnyPool, question_id: i64) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let rows = sqlx::query("SELECT key_hash, created_at FROM idempotency_keys WHERE question_id = $1")
        .bind(question_id)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(serde_json::json!({
                "key_sha256": r.try_get::<String, _>("key_hash")?,
                "created_at": r.try_get::<String, _>("created_at")?,
            }))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------
// Upgrades.

/// Gives questions stored before migration 2 their due date (counted with the agency's handling time) and
/// their search text.
pub async fn backfill(db: &AnyPool) -> Result<(), sqlx::Error> {
    let rows = sqlx::query("SELECT id, title, body FROM questions WHERE search_text IS NULL").fetch_all(db).await?;
    for row in rows {
        let (title, body): (String, String) = (row.try_get("title")?, row.try_get("body")?);
        sqlx::query("UPDATE questions SET search_text = $1 WHERE id = $2")
            .bind(search_text(&title, &body))
            .bind(row.try_get::<i64, _>("id")?)
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
        let created_at: String = row.try_get("created_at")?;
        let days: i64 = row.try_get("handling_days")?;
        let received = domain::Date::in_vietnam_at(&created_at).unwrap_or_else(clock::today_in_vietnam);
        let due = domain::due_date(received, u32::try_from(days).unwrap_or(10), &[]);
        sqlx::query("UPDATE questions SET due_date = $1 WHERE id = $2")
            .bind(due.to_string())
            .bind(row.try_get::<i64, _>("id")?)
            .execute(db)
            .await?;
    }
    Ok(())
}

/// The Rust half of migration 10: the archive's folded search text of questions stored before it.
pub async fn backfill_folded(db: &AnyPool) -> Result<(), sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, title, body, answer FROM questions WHERE search_folded IS NULL").fetch_all(db).await?;
    for row in rows {
        let (title, body): (String, String) = (row.try_get("title")?, row.try_get("body")?);
        let answer: Option<String> = row.try_get("answer")?;
        sqlx::query("UPDATE questions SET search_folded = $1, answer_folded = $2 WHERE id = $3")
            .bind(search_folded(&title, &body))
            .bind(answer.as_deref().map(domain::text::fold))
            .bind(row.try_get::<i64, _>("id")?)
            .execute(db)
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// "I have the same question".

/// A published (and not hidden) question's id, by code: what a +1 may count for.
pub async fn published_id(db: &AnyPool, agency_id: i64, code: &TrackingCode) -> Result<Option<i64>, sqlx::Error> {
    let sql = format!("SELECT id FROM questions WHERE agency_id = $1 AND tracking_code = $2 AND {PUBLISHED}");
    let row = sqlx::query(&sql).bind(agency_id).bind(code.as_compact()).fetch_optional(db).await?;
    row.map(|r| r.try_get("id")).transpose()
}

/// Counts a +1 unless this token (place and day) counted already; true if it counted.
pub async fn add_same_question(
    conn: &mut AnyConnection,
    question_id: i64,
    token: &str,
    day: &str,
) -> Result<bool, sqlx::Error> {
    // The first statement writes, so SQLite takes the write lock at once.
    let added = sqlx::query(
        "INSERT INTO same_questions (question_id, dedupe_token, day) VALUES ($1, $2, $3) \
         ON CONFLICT (question_id, dedupe_token) DO NOTHING",
    )
    .bind(question_id)
    .bind(token)
    .bind(day)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if added {
        sqlx::query("UPDATE questions SET same_question_count = same_question_count + 1 WHERE id = $1")
            .bind(question_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(added)
}

pub async fn same_question_count(conn: &mut AnyConnection, question_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT same_question_count FROM questions WHERE id = $1")
        .bind(question_id)
        .fetch_one(conn)
        .await?
        .try_get("same_question_count")
}
