//! The consultations feature's SQL. Rows are read by column name; each view has one column list.

use domain::consultation::ArticleFilter;
use domain::consultation::staff::ValidConsultation;
use domain::{
    Attachment, CommentResponse, CommentStatus, CommenterKind, ConsultationState, DocumentType, Draft, Lang, Outcome,
    PublicNote, Stance, TrackingCode, ValidComment,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::platform::clock;

const CONSULTATION_COLUMNS: &str = "id, slug, title, summary, document_type, drafting_unit, draft, attachments, \
    notes, opens_at, closes_at, report_expected_by, report_published_at";

/// A consultation as stored.
pub struct ConsultationRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub document_type: DocumentType,
    pub drafting_unit: String,
    pub draft: Draft,
    pub attachments: Vec<Attachment>,
    pub notes: Vec<PublicNote>,
    pub opens_at: String,
    pub closes_at: String,
    pub report_expected_by: Option<String>,
    pub report_published_at: Option<String>,
}

impl ConsultationRow {
    pub fn state(&self) -> ConsultationState {
        ConsultationState::at(&self.opens_at, &self.closes_at, self.report_published_at.is_some(), &clock::now())
    }
}

fn json<T: serde::de::DeserializeOwned + Default>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(column)?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

fn consultation(row: &AnyRow) -> Result<ConsultationRow, sqlx::Error> {
    Ok(ConsultationRow {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        document_type: DocumentType::parse(&row.try_get::<String, _>("document_type")?).unwrap_or_default(),
        drafting_unit: row.try_get("drafting_unit")?,
        draft: json(row, "draft")?,
        attachments: json(row, "attachments")?,
        notes: json(row, "notes")?,
        opens_at: row.try_get("opens_at")?,
        closes_at: row.try_get("closes_at")?,
        report_expected_by: row.try_get("report_expected_by")?,
        report_published_at: row.try_get("report_published_at")?,
    })
}

pub async fn list(db: &AnyPool, agency_id: i64) -> Result<Vec<ConsultationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {CONSULTATION_COLUMNS} FROM consultations WHERE agency_id = $1 ORDER BY opens_at DESC, id DESC"
    );
    sqlx::query(&sql).bind(agency_id).fetch_all(db).await?.iter().map(consultation).collect()
}

pub async fn find(db: &AnyPool, agency_id: i64, slug: &str) -> Result<Option<ConsultationRow>, sqlx::Error> {
    let sql = format!("SELECT {CONSULTATION_COLUMNS} FROM consultations WHERE agency_id = $1 AND slug = $2");
    sqlx::query(&sql).bind(agency_id).bind(slug).fetch_optional(db).await?.as_ref().map(consultation).transpose()
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// Inserts a consultation; returns its id.
pub async fn insert(conn: &mut AnyConnection, agency_id: i64, c: &ValidConsultation) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO consultations (agency_id, slug, title, summary, document_type, drafting_unit, source_text, \
         draft, attachments, notes, opens_at, closes_at, report_expected_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '[]', $10, $11, $12, $13) RETURNING id",
    )
    .bind(agency_id)
    .bind(&c.slug)
    .bind(&c.title)
    .bind(&c.summary)
    .bind(c.document_type.as_str())
    .bind(&c.drafting_unit)
    .bind(&c.text)
    .bind(to_json(&c.draft))
    .bind(to_json(&c.attachments))
    .bind(&c.opens_at)
    .bind(&c.closes_at)
    .bind(&c.report_expected_by)
    .bind(clock::now())
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// Replaces everything staff typed, while the consultation has not opened; false if it opened meanwhile.
pub async fn update(conn: &mut AnyConnection, id: i64, c: &ValidConsultation) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE consultations SET slug = $1, title = $2, summary = $3, document_type = $4, drafting_unit = $5, \
         source_text = $6, draft = $7, attachments = $8, opens_at = $9, closes_at = $10, report_expected_by = $11 \
         WHERE id = $12 AND opens_at > $13",
    )
    .bind(&c.slug)
    .bind(&c.title)
    .bind(&c.summary)
    .bind(c.document_type.as_str())
    .bind(&c.drafting_unit)
    .bind(&c.text)
    .bind(to_json(&c.draft))
    .bind(to_json(&c.attachments))
    .bind(&c.opens_at)
    .bind(&c.closes_at)
    .bind(&c.report_expected_by)
    .bind(id)
    .bind(clock::now())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_period(
    conn: &mut AnyConnection,
    id: i64,
    opens_at: &str,
    closes_at: &str,
    notes: &[PublicNote],
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE consultations SET opens_at = $1, closes_at = $2, notes = $3 WHERE id = $4 AND report_published_at IS NULL",
    )
    .bind(opens_at)
    .bind(closes_at)
    .bind(to_json(&notes))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_report_published(conn: &mut AnyConnection, id: i64, at: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE consultations SET report_published_at = $1 WHERE id = $2 AND report_published_at IS NULL")
            .bind(at)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------------------------
// Comments.

const COMMENT_COLUMNS: &str = "id, tracking_code, pin_hash, article, clause, stance, body, commenter, name, \
    publish_name, email, consent_at, contact_erased_at, contact_erased_by, lang, status, hidden_reason, group_id, outcome, \
    explanation, responded_at, created_at";

/// A comment as stored.
pub struct CommentRow {
    pub id: i64,
    pub tracking_code: String,
    pub pin_hash: String,
    pub article: Option<u32>,
    pub clause: Option<u32>,
    pub stance: Stance,
    pub body: String,
    pub commenter: CommenterKind,
    pub name: Option<String>,
    pub publish_name: bool,
    pub email: Option<String>,
    pub consent_at: Option<String>,
    pub contact_erased_at: Option<String>,
    pub contact_erased_by: Option<String>,
    pub lang: Lang,
    pub status: CommentStatus,
    pub hidden_reason: Option<String>,
    pub group_id: Option<i64>,
    pub response: Option<CommentResponse>,
    pub responded_at: Option<String>,
    pub created_at: String,
}

impl CommentRow {
    /// The name the public may read: an organisation's, or an individual's who chose to publish it.
    pub fn public_name(&self) -> Option<String> {
        let public = self.commenter == CommenterKind::Organisation || self.publish_name;
        self.name.clone().filter(|_| public)
    }

    /// The comment that answers for its group: itself when not grouped.
    pub fn lead(&self) -> i64 {
        self.group_id.unwrap_or(self.id)
    }
}

fn number(row: &AnyRow, column: &str) -> Result<Option<u32>, sqlx::Error> {
    Ok(row.try_get::<Option<i64>, _>(column)?.and_then(|n| u32::try_from(n).ok()))
}

fn comment(row: &AnyRow) -> Result<CommentRow, sqlx::Error> {
    let outcome = row.try_get::<Option<String>, _>("outcome")?.as_deref().and_then(Outcome::parse);
    let explanation: Option<String> = row.try_get("explanation")?;
    Ok(CommentRow {
        id: row.try_get("id")?,
        tracking_code: row.try_get("tracking_code")?,
        pin_hash: row.try_get("pin_hash")?,
        article: number(row, "article")?,
        clause: number(row, "clause")?,
        stance: Stance::parse(&row.try_get::<String, _>("stance")?).unwrap_or(Stance::Other),
        body: row.try_get("body")?,
        commenter: CommenterKind::parse(&row.try_get::<String, _>("commenter")?).unwrap_or_default(),
        name: row.try_get("name")?,
        publish_name: row.try_get::<i64, _>("publish_name")? == 1,
        email: row.try_get("email")?,
        consent_at: row.try_get("consent_at")?,
        contact_erased_at: row.try_get("contact_erased_at")?,
        contact_erased_by: row.try_get("contact_erased_by")?,
        lang: Lang::from_tag(&row.try_get::<String, _>("lang")?),
        status: CommentStatus::parse(&row.try_get::<String, _>("status")?).unwrap_or(CommentStatus::Received),
        hidden_reason: row.try_get("hidden_reason")?,
        group_id: row.try_get("group_id")?,
        response: outcome.map(|outcome| CommentResponse { outcome, explanation: explanation.unwrap_or_default() }),
        responded_at: row.try_get("responded_at")?,
        created_at: row.try_get("created_at")?,
    })
}

/// What staff search matches: the body and the name, each lowercased (Unicode-aware, unlike SQLite's LOWER).
pub fn search_fields(body: &str, name: Option<&str>) -> (String, Option<String>) {
    (body.to_lowercase(), name.map(str::to_lowercase))
}

/// A comment about to be stored.
pub struct NewCommentRow<'a> {
    pub consultation_id: i64,
    pub code: &'a TrackingCode,
    pub pin_hash: &'a str,
    pub comment: &'a ValidComment,
    pub key: Option<(&'a str, &'a str)>,
    pub created_at: &'a str,
}

/// Stores a comment only if the consultation is open at `created_at`, in the same statement, so a comment
/// outside the period is never stored. `None` when it is not open.
pub async fn insert_comment(conn: &mut AnyConnection, new: &NewCommentRow<'_>) -> Result<Option<i64>, sqlx::Error> {
    let c = new.comment;
    let (body_search, name_search) = search_fields(&c.body, c.name.as_deref());
    let row = sqlx::query(
        "INSERT INTO consultation_comments (consultation_id, tracking_code, pin_hash, article, clause, stance, body, \
         commenter, name, publish_name, email, consent_at, lang, status, key_hash, request_hash, created_at, \
         body_search, name_search) \
         SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'received', $14, $15, $16, $17, $18 \
         FROM consultations WHERE id = $1 AND opens_at <= $16 AND closes_at > $16 AND report_published_at IS NULL \
         RETURNING id",
    )
    .bind(new.consultation_id)
    .bind(new.code.as_compact())
    .bind(new.pin_hash)
    .bind(c.article.map(i64::from))
    .bind(c.clause.map(i64::from))
    .bind(c.stance.as_str())
    .bind(&c.body)
    .bind(c.commenter.as_str())
    .bind(&c.name)
    .bind(i64::from(c.publish_name))
    .bind(&c.email)
    .bind(c.consent.then_some(new.created_at))
    .bind(c.lang.as_str())
    .bind(new.key.map(|(key, _)| key))
    .bind(new.key.map(|(_, request)| request))
    .bind(new.created_at)
    .bind(body_search)
    .bind(name_search)
    .fetch_optional(conn)
    .await?;
    row.map(|row| row.try_get("id")).transpose()
}

/// What a replayed request needs: the hash of the first body, and the comment it stored.
pub struct KeyedComment {
    pub request_hash: String,
    pub tracking_code: String,
    pub article: Option<u32>,
}

pub async fn find_by_key(
    db: &AnyPool,
    consultation_id: i64,
    key_hash: &str,
) -> Result<Option<KeyedComment>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT request_hash, tracking_code, article FROM consultation_comments \
         WHERE consultation_id = $1 AND key_hash = $2",
    )
    .bind(consultation_id)
    .bind(key_hash)
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        Ok(KeyedComment {
            request_hash: row.try_get("request_hash")?,
            tracking_code: row.try_get("tracking_code")?,
            article: number(&row, "article")?,
        })
    })
    .transpose()
}

/// Every comment of a consultation, in the order they arrived.
pub async fn comments(db: &AnyPool, consultation_id: i64) -> Result<Vec<CommentRow>, sqlx::Error> {
    let sql = format!("SELECT {COMMENT_COLUMNS} FROM consultation_comments WHERE consultation_id = $1 ORDER BY id");
    sqlx::query(&sql).bind(consultation_id).fetch_all(db).await?.iter().map(comment).collect()
}

/// The SQL condition on `c.article` for a filter; an article's number is bound as `$2`.
fn article_condition(filter: ArticleFilter) -> (&'static str, Option<i64>) {
    match filter {
        ArticleFilter::Any => ("", None),
        ArticleFilter::General => (" AND c.article IS NULL", None),
        ArticleFilter::Article(number) => (" AND c.article = $2", Some(i64::from(number))),
    }
}

fn offset(page: u32, per_page: u32) -> i64 {
    i64::from(page.saturating_sub(1)) * i64::from(per_page)
}

/// A page of the published comments that stand alone or lead their group, oldest first, each with how many
/// published comments its group holds; and how many there are in all.
pub async fn published_leads(
    db: &AnyPool,
    consultation_id: i64,
    filter: ArticleFilter,
    page: u32,
    per_page: u32,
) -> Result<(Vec<(CommentRow, u32)>, u32), sqlx::Error> {
    let (article, number) = article_condition(filter);
    // A lead's group_id is its own id once grouped, none before; a member's is its lead's.
    let from = format!(
        "FROM consultation_comments c WHERE c.consultation_id = $1 AND c.status = 'published' \
         AND COALESCE(c.group_id, c.id) = c.id{article}"
    );
    let next = if number.is_some() { 3 } else { 2 };
    let sql = format!(
        "SELECT {COMMENT_COLUMNS}, (SELECT COUNT(*) FROM consultation_comments m \
         WHERE m.consultation_id = c.consultation_id AND m.status = 'published' AND COALESCE(m.group_id, m.id) = c.id) \
         AS group_size {from} ORDER BY c.id LIMIT ${next} OFFSET ${}",
        next + 1
    );
    let mut query = sqlx::query(&sql).bind(consultation_id);
    let count_sql = format!("SELECT COUNT(*) AS n {from}");
    let mut count = sqlx::query(&count_sql).bind(consultation_id);
    if let Some(number) = number {
        query = query.bind(number);
        count = count.bind(number);
    }
    let rows = query.bind(i64::from(per_page)).bind(offset(page, per_page)).fetch_all(db).await?;
    let leads = rows
        .iter()
        .map(|row| Ok((comment(row)?, u32::try_from(row.try_get::<i64, _>("group_size")?).unwrap_or(0))))
        .collect::<Result<_, sqlx::Error>>()?;
    let total: i64 = count.fetch_one(db).await?.try_get("n")?;
    Ok((leads, u32::try_from(total).unwrap_or(0)))
}

/// What staff filter a consultation's comments by; `words` lowercased NFC, as the search columns hold them.
pub struct StaffFilter {
    pub article: ArticleFilter,
    pub stance: Option<Stance>,
    pub status: Option<CommentStatus>,
    pub code: Option<TrackingCode>,
    pub words: Option<String>,
    pub page: u32,
    pub per_page: u32,
}

/// A page of a consultation's comments for staff, in arrival order, filtered; and how many match in all.
pub async fn staff_page(
    db: &AnyPool,
    consultation_id: i64,
    filter: &StaffFilter,
) -> Result<(Vec<CommentRow>, u32), sqlx::Error> {
    let (article, number) = article_condition(filter.article);
    let mut conditions = format!("c.consultation_id = $1{article}");
    let mut binds: Vec<String> = Vec::new();
    let first = if number.is_some() { 3 } else { 2 };
    let mut filter_by = |conditions: &mut String, clause: &str, values: &[String]| {
        let mut clause = clause.to_owned();
        for value in values {
            clause = clause.replacen('?', &format!("${}", first + binds.len()), 1);
            binds.push(value.clone());
        }
        conditions.push_str(&clause);
    };
    if let Some(stance) = filter.stance {
        filter_by(&mut conditions, " AND c.stance = ?", &[stance.as_str().to_owned()]);
    }
    if let Some(status) = filter.status {
        filter_by(&mut conditions, " AND c.status = ?", &[status.as_str().to_owned()]);
    }
    if let Some(code) = &filter.code {
        filter_by(&mut conditions, " AND c.tracking_code = ?", &[code.as_compact().to_owned()]);
    } else if let Some(words) = &filter.words {
        let escaped = words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        let clause = " AND (c.body_search LIKE ? ESCAPE '\\' OR c.name_search LIKE ? ESCAPE '\\')";
        filter_by(&mut conditions, clause, &[pattern.clone(), pattern]);
    }
    let paging = first + binds.len();
    let sql = format!(
        "SELECT {COMMENT_COLUMNS} FROM consultation_comments c WHERE {conditions} ORDER BY c.id LIMIT ${paging} \
         OFFSET ${}",
        paging + 1
    );
    let count_sql = format!("SELECT COUNT(*) AS n FROM consultation_comments c WHERE {conditions}");
    let mut query = sqlx::query(&sql).bind(consultation_id);
    let mut count = sqlx::query(&count_sql).bind(consultation_id);
    if let Some(number) = number {
        query = query.bind(number);
        count = count.bind(number);
    }
    for value in &binds {
        query = query.bind(value.clone());
        count = count.bind(value.clone());
    }
    let rows = query.bind(i64::from(filter.per_page)).bind(offset(filter.page, filter.per_page)).fetch_all(db).await?;
    let comments = rows.iter().map(comment).collect::<Result<_, sqlx::Error>>()?;
    let total: i64 = count.fetch_one(db).await?.try_get("n")?;
    Ok((comments, u32::try_from(total).unwrap_or(0)))
}

/// Gives comments stored before migration 9 their search columns.
pub async fn backfill(db: &AnyPool) -> Result<(), sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, body, name FROM consultation_comments WHERE body_search IS NULL").fetch_all(db).await?;
    for row in rows {
        let name: Option<String> = row.try_get("name")?;
        let (body_search, name_search) = search_fields(&row.try_get::<String, _>("body")?, name.as_deref());
        sqlx::query("UPDATE consultation_comments SET body_search = $1, name_search = $2 WHERE id = $3")
            .bind(body_search)
            .bind(name_search)
            .bind(row.try_get::<i64, _>("id")?)
            .execute(db)
            .await?;
    }
    Ok(())
}

/// Per article (none: the whole draft), stance and status, how many comments.
pub async fn counts(
    db: &AnyPool,
    consultation_id: i64,
) -> Result<Vec<(Option<u32>, Stance, CommentStatus, u32)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT article, stance, status, COUNT(*) AS n FROM consultation_comments WHERE consultation_id = $1 \
         GROUP BY article, stance, status",
    )
    .bind(consultation_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                number(row, "article")?,
                Stance::parse(&row.try_get::<String, _>("stance")?).unwrap_or(Stance::Other),
                CommentStatus::parse(&row.try_get::<String, _>("status")?).unwrap_or(CommentStatus::Received),
                u32::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0),
            ))
        })
        .collect()
}

/// A comment with its code, in a consultation of the agency.
pub async fn comment_by_code(
    db: &AnyPool,
    consultation_id: i64,
    code: &TrackingCode,
) -> Result<Option<CommentRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COMMENT_COLUMNS} FROM consultation_comments WHERE consultation_id = $1 AND tracking_code = $2"
    );
    sqlx::query(&sql)
        .bind(consultation_id)
        .bind(code.as_compact())
        .fetch_optional(db)
        .await?
        .as_ref()
        .map(comment)
        .transpose()
}

/// A comment by id, with the id of its consultation, if that consultation belongs to the agency.
pub async fn comment_of_agency(
    db: &AnyPool,
    agency_id: i64,
    id: i64,
) -> Result<Option<(i64, CommentRow)>, sqlx::Error> {
    let sql = format!(
        "SELECT {COMMENT_COLUMNS}, consultation_id FROM consultation_comments WHERE id = $1 AND consultation_id IN \
         (SELECT id FROM consultations WHERE agency_id = $2)"
    );
    let row = sqlx::query(&sql).bind(id).bind(agency_id).fetch_optional(db).await?;
    row.map(|row| Ok((row.try_get("consultation_id")?, comment(&row)?))).transpose()
}

/// Publishes or hides a comment and, on a group's lead, the whole group.
pub async fn set_status(
    conn: &mut AnyConnection,
    lead: i64,
    status: CommentStatus,
    reason: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("UPDATE consultation_comments SET status = $1, hidden_reason = $2 WHERE id = $3 OR group_id = $3")
            .bind(status.as_str())
            .bind(reason)
            .bind(lead)
            .execute(conn)
            .await?;
    Ok(done.rows_affected())
}

/// Puts `ids` (all of `consultation_id`) in the group led by `lead`, taking in the members of groups they
/// led, and gives them the lead's response if it has one. Returns how many comments the group holds.
pub async fn group(conn: &mut AnyConnection, consultation_id: i64, lead: i64, ids: &[i64]) -> Result<u64, sqlx::Error> {
    for id in ids {
        sqlx::query(
            "UPDATE consultation_comments SET group_id = $1 WHERE consultation_id = $2 AND (id = $3 OR group_id = $3)",
        )
        .bind(lead)
        .bind(consultation_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "UPDATE consultation_comments SET outcome = l.outcome, explanation = l.explanation, responded_at = l.responded_at \
         FROM (SELECT outcome, explanation, responded_at FROM consultation_comments WHERE id = $1) AS l \
         WHERE consultation_comments.group_id = $1 AND l.outcome IS NOT NULL",
    )
    .bind(lead)
    .execute(&mut *conn)
    .await?;
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM consultation_comments WHERE group_id = $1")
        .bind(lead)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Writes the response to a comment and, on a group's lead, to the whole group.
pub async fn respond(
    conn: &mut AnyConnection,
    lead: i64,
    response: &CommentResponse,
    at: &str,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE consultation_comments SET outcome = $1, explanation = $2, responded_at = $3 WHERE id = $4 OR group_id = $4",
    )
    .bind(response.outcome.as_str())
    .bind(&response.explanation)
    .bind(at)
    .bind(lead)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Erases a comment's email and, for an individual, their name, noting when and why; false if they were
/// erased before.
pub async fn erase_contact(conn: &mut AnyConnection, id: i64, at: &str, by: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE consultation_comments SET email = NULL, consent_at = NULL, contact_erased_at = $1, \
         contact_erased_by = $2, name = CASE WHEN commenter = 'organisation' THEN name ELSE NULL END, \
         name_search = CASE WHEN commenter = 'organisation' THEN name_search ELSE NULL END, \
         publish_name = CASE WHEN commenter = 'organisation' THEN 1 ELSE 0 END \
         WHERE id = $3 AND contact_erased_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A comment that still holds contact details on a consultation that has finished (its report published,
/// or else closed) by `now`, with its agency's retention period and when the consultation finished.
pub struct Retained {
    pub id: i64,
    pub agency_id: i64,
    pub retention_days: i64,
    pub finished_at: String,
}

pub async fn finished_with_contact(db: &AnyPool, now: &str) -> Result<Vec<Retained>, sqlx::Error> {
    // The report can only follow the closing, so when it is out it is the later of the two.
    let rows = sqlx::query(
        "SELECT c.id, k.agency_id, a.contact_retention_days, \
         COALESCE(k.report_published_at, k.closes_at) AS finished_at \
         FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id \
         JOIN agencies a ON a.id = k.agency_id \
         WHERE c.contact_erased_at IS NULL AND COALESCE(k.report_published_at, k.closes_at) <= $1 \
         AND (c.email IS NOT NULL OR (c.commenter = 'individual' AND c.name IS NOT NULL))",
    )
    .bind(now)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Retained {
                id: r.try_get("id")?,
                agency_id: r.try_get("agency_id")?,
                retention_days: r.try_get("contact_retention_days")?,
                finished_at: r.try_get("finished_at")?,
            })
        })
        .collect()
}

/// Every column of a comment of the agency but the PIN's hash, with its consultation's slug and title, for
/// a data-subject export.
pub async fn export_row(
    db: &AnyPool,
    agency_id: i64,
    code: &TrackingCode,
) -> Result<Option<serde_json::Value>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT c.id, k.slug AS consultation, k.title AS consultation_title, c.article, c.clause, c.stance, c.body, \
         c.commenter, c.name, c.publish_name, c.email, c.consent_at, c.lang, c.status, c.hidden_reason, \
         c.group_id, c.outcome, c.explanation, c.responded_at, c.created_at, c.contact_erased_at, \
         c.contact_erased_by, c.key_hash FROM consultation_comments c \
         JOIN consultations k ON k.id = c.consultation_id WHERE k.agency_id = $1 AND c.tracking_code = $2",
    )
    .bind(agency_id)
    .bind(code.as_compact())
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut object = serde_json::Map::new();
    for column in ["id", "article", "clause", "group_id"] {
        object.insert(column.into(), row.try_get::<Option<i64>, _>(column)?.into());
    }
    object.insert("publish_name".into(), (row.try_get::<i64, _>("publish_name")? == 1).into());
    for column in [
        "consultation",
        "consultation_title",
        "stance",
        "body",
        "commenter",
        "name",
        "email",
        "consent_at",
        "lang",
        "status",
        "hidden_reason",
        "outcome",
        "explanation",
        "responded_at",
        "created_at",
        "contact_erased_at",
        "contact_erased_by",
    ] {
        object.insert(column.into(), row.try_get::<Option<String>, _>(column)?.into());
    }
    // The Idempotency-Key, like a question's, only as the hash that is all we hold of it.
    object.insert("idempotency_key_sha256".into(), row.try_get::<Option<String>, _>("key_hash")?.into());
    Ok(Some(serde_json::Value::Object(object)))
}
