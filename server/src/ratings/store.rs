//! The ratings feature's SQL. Rows are read by column name.

use domain::rating::{HelpfulCounts, PublishedComment};
use domain::staff::{RatingEntry, RatingListParams};
use domain::{Criterion, Lang};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

/// A rating about to be stored.
#[derive(Debug, Clone)]
pub struct NewRow {
    pub agency_id: i64,
    pub page: Option<String>,
    pub helpful: Option<bool>,
    /// In the order of `Criterion::ALL`.
    pub scores: [Option<u8>; 4],
    pub comment: Option<String>,
    pub lang: Lang,
    pub created_at: String,
    pub dedupe_token: String,
    pub key_hash: Option<String>,
    pub request_hash: Option<String>,
}

/// Stores a rating, replacing the one with the same dedupe token (same rater token, page and day); returns
/// whether it replaced one. Runs in the caller's transaction.
pub async fn upsert(conn: &mut AnyConnection, row: &NewRow) -> Result<bool, sqlx::Error> {
    let existing = sqlx::query("SELECT id FROM ratings WHERE agency_id = $1 AND dedupe_token = $2")
        .bind(row.agency_id)
        .bind(&row.dedupe_token)
        .fetch_optional(&mut *conn)
        .await?;
    let score = |i: usize| row.scores[i].map(i64::from);
    sqlx::query(
        "INSERT INTO ratings (agency_id, page, helpful, interface, content, quality, support, comment, lang, \
         created_at, dedupe_token, key_hash, request_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (agency_id, dedupe_token) DO UPDATE SET page = excluded.page, helpful = excluded.helpful, \
         interface = excluded.interface, content = excluded.content, quality = excluded.quality, \
         support = excluded.support, comment = excluded.comment, lang = excluded.lang, \
         created_at = excluded.created_at, key_hash = excluded.key_hash, request_hash = excluded.request_hash, \
         comment_published_at = NULL",
    )
    .bind(row.agency_id)
    .bind(&row.page)
    .bind(row.helpful.map(i64::from))
    .bind(score(0))
    .bind(score(1))
    .bind(score(2))
    .bind(score(3))
    .bind(&row.comment)
    .bind(row.lang.as_str())
    .bind(&row.created_at)
    .bind(&row.dedupe_token)
    .bind(&row.key_hash)
    .bind(&row.request_hash)
    .execute(&mut *conn)
    .await?;
    Ok(existing.is_some())
}

/// The key of `day`'s dedupe tokens: the stored one, or `fresh` if this process is the first to need it.
/// Keys of earlier days are deleted on the way.
pub async fn day_key(db: &AnyPool, day: &str, fresh: &str) -> Result<String, sqlx::Error> {
    sqlx::query("INSERT INTO dedupe_keys (day, secret) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING")
        .bind(day)
        .bind(fresh)
        .execute(db)
        .await?;
    let secret = sqlx::query("SELECT secret FROM dedupe_keys WHERE day = $1").bind(day).fetch_one(db).await?;
    delete_keys_before(db, day).await?;
    secret.try_get("secret")
}

pub async fn delete_keys_before(db: &AnyPool, day: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM dedupe_keys WHERE day < $1").bind(day).execute(db).await?.rows_affected())
}

/// The first request with this key: the hash of its body and when it was stored.
pub async fn find_by_key(
    db: &AnyPool,
    agency_id: i64,
    key_hash: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT request_hash, created_at FROM ratings WHERE agency_id = $1 AND key_hash = $2")
        .bind(agency_id)
        .bind(key_hash)
        .fetch_optional(db)
        .await?;
    row.map(|r| Ok((r.try_get::<Option<String>, _>("request_hash")?.unwrap_or_default(), r.try_get("created_at")?)))
        .transpose()
}

/// `AND page = $2` for a page, nothing for the agency as a whole; `$n` placeholders start after `first`.
fn page_and_period(page: Option<&str>, since: Option<&str>, first: usize) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut binds = Vec::new();
    for (clause, value) in [(" AND page = ", page), (" AND created_at >= ", since)] {
        if let Some(value) = value {
            binds.push(value.to_owned());
            sql.push_str(&format!("{clause}${}", first + binds.len()));
        }
    }
    (sql, binds)
}

/// Per hour (`YYYY-MM-DDTHH`, UTC, as stored): the ratings, and each criterion's sum and count of answers.
pub async fn hourly(
    db: &AnyPool,
    agency_id: i64,
    page: Option<&str>,
    since: Option<&str>,
) -> Result<Vec<(String, u32, [(i64, i64); 4])>, sqlx::Error> {
    let (filter, binds) = page_and_period(page, since, 1);
    let columns: Vec<String> = Criterion::ALL
        .iter()
        .map(|c| {
            let name = c.as_str();
            format!("CAST(COALESCE(SUM({name}), 0) AS BIGINT) AS {name}_sum, COUNT({name}) AS {name}_n")
        })
        .collect();
    let sql = format!(
        "SELECT substr(created_at, 1, 13) AS hour, COUNT(*) AS n, {} FROM ratings WHERE agency_id = $1{filter} \
         GROUP BY substr(created_at, 1, 13) ORDER BY hour",
        columns.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(agency_id);
    for value in binds {
        query = query.bind(value);
    }
    let mut out = Vec::new();
    for row in query.fetch_all(db).await? {
        let mut criteria = [(0, 0); 4];
        for (slot, criterion) in criteria.iter_mut().zip(Criterion::ALL) {
            let name = criterion.as_str();
            *slot = (row.try_get(format!("{name}_sum").as_str())?, row.try_get(format!("{name}_n").as_str())?);
        }
        let n: i64 = row.try_get("n")?;
        out.push((row.try_get("hour")?, u32::try_from(n).unwrap_or(u32::MAX), criteria));
    }
    Ok(out)
}

/// How many gave each score to each criterion, and the yes/no answers.
pub async fn counts(
    db: &AnyPool,
    agency_id: i64,
    page: Option<&str>,
    since: Option<&str>,
) -> Result<([[u32; 5]; 4], HelpfulCounts), sqlx::Error> {
    let mut columns = Vec::new();
    for criterion in Criterion::ALL {
        for score in 1..=5 {
            let name = criterion.as_str();
            columns.push(format!("COALESCE(SUM(CASE WHEN {name} = {score} THEN 1 ELSE 0 END), 0) AS {name}_{score}"));
        }
    }
    columns.push("COALESCE(SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END), 0) AS helpful_yes".into());
    columns.push("COALESCE(SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END), 0) AS helpful_no".into());
    let (filter, binds) = page_and_period(page, since, 1);
    let sql = format!("SELECT {} FROM ratings WHERE agency_id = $1{filter}", columns.join(", "));
    let mut query = sqlx::query(&sql).bind(agency_id);
    for value in binds {
        query = query.bind(value);
    }
    let row = query.fetch_one(db).await?;
    let count =
        |name: &str| -> Result<u32, sqlx::Error> { Ok(u32::try_from(row.try_get::<i64, _>(name)?).unwrap_or(0)) };
    let mut distributions = [[0u32; 5]; 4];
    for (distribution, criterion) in distributions.iter_mut().zip(Criterion::ALL) {
        for (slot, score) in distribution.iter_mut().zip(1..=5) {
            *slot = count(&format!("{}_{score}", criterion.as_str()))?;
        }
    }
    Ok((distributions, HelpfulCounts { yes: count("helpful_yes")?, no: count("helpful_no")? }))
}

/// Published comments, newest first, with the day they were written.
pub async fn published_comments(
    db: &AnyPool,
    agency_id: i64,
    page: Option<&str>,
    since: Option<&str>,
) -> Result<Vec<PublishedComment>, sqlx::Error> {
    let (filter, binds) = page_and_period(page, since, 1);
    let sql = format!(
        "SELECT page, comment, created_at FROM ratings WHERE agency_id = $1{filter} \
         AND comment_published_at IS NOT NULL AND comment IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 100"
    );
    let mut query = sqlx::query(&sql).bind(agency_id);
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.fetch_all(db).await?;
    rows.iter()
        .map(|r| {
            let created_at: String = r.try_get("created_at")?;
            let day = domain::Date::in_vietnam_at(&created_at).map(|d| d.to_string()).unwrap_or_default();
            Ok(PublishedComment { page: r.try_get("page")?, comment: r.try_get("comment")?, day })
        })
        .collect()
}

fn entry(r: &AnyRow) -> Result<RatingEntry, sqlx::Error> {
    let score = |name: &str| -> Result<Option<u8>, sqlx::Error> {
        Ok(r.try_get::<Option<i64>, _>(name)?.and_then(|s| u8::try_from(s).ok()))
    };
    Ok(RatingEntry {
        id: r.try_get("id")?,
        page: r.try_get("page")?,
        helpful: r.try_get::<Option<i64>, _>("helpful")?.map(|h| h == 1),
        interface: score("interface")?,
        content: score("content")?,
        quality: score("quality")?,
        support: score("support")?,
        comment: r.try_get("comment")?,
        lang: Lang::from_tag(&r.try_get::<String, _>("lang")?),
        created_at: r.try_get("created_at")?,
        comment_published: r.try_get::<Option<String>, _>("comment_published_at")?.is_some(),
    })
}

/// The agency's ratings for staff, newest first, filtered.
pub async fn list(
    db: &AnyPool,
    agency_id: i64,
    params: &RatingListParams,
    since: Option<&str>,
    limit: u32,
) -> Result<Vec<RatingEntry>, sqlx::Error> {
    let (mut filter, binds) = page_and_period(params.page.as_deref(), since, 1);
    if let Some(max) = params.max_score {
        let low = Criterion::ALL.iter().map(|c| format!("{} <= {max}", c.as_str())).collect::<Vec<_>>().join(" OR ");
        filter.push_str(&format!(" AND ({low} OR helpful = 0)"));
    }
    if params.with_comment == Some(true) {
        filter.push_str(" AND comment IS NOT NULL");
    }
    let sql = format!(
        "SELECT id, page, helpful, interface, content, quality, support, comment, lang, created_at, comment_published_at \
         FROM ratings WHERE agency_id = $1{filter} AND id < ${} ORDER BY id DESC LIMIT ${}",
        binds.len() + 2,
        binds.len() + 3
    );
    let mut query = sqlx::query(&sql).bind(agency_id);
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.bind(params.before.unwrap_or(i64::MAX)).bind(i64::from(limit)).fetch_all(db).await?;
    rows.iter().map(entry).collect()
}

/// Publishes or withdraws a rating's comment. `None` if the agency has no such rating, `Some(false)` if it
/// has no comment to publish.
pub async fn set_comment_published(
    conn: &mut AnyConnection,
    agency_id: i64,
    id: i64,
    published: bool,
    at: &str,
) -> Result<Option<bool>, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT comment FROM ratings WHERE agency_id = $1 AND id = $2")
        .bind(agency_id)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    if row.try_get::<Option<String>, _>("comment")?.is_none() {
        return Ok(Some(false));
    }
    sqlx::query("UPDATE ratings SET comment_published_at = $1 WHERE id = $2")
        .bind(published.then_some(at))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(Some(true))
}
