//! The follows' SQL. A follow holds the address only while it is active: ending it erases the address.

use sqlx::{AnyConnection, AnyPool, Row};

/// An active follow of a subject by this address, if there is one.
pub async fn active(
    conn: &mut AnyConnection,
    kind: &str,
    subject_id: i64,
    email: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id FROM follows WHERE subject_kind = $1 AND subject_id = $2 AND email = $3 AND ended_at IS NULL",
    )
    .bind(kind)
    .bind(subject_id)
    .bind(email)
    .fetch_optional(conn)
    .await?;
    row.map(|r| r.try_get("id")).transpose()
}

pub struct NewFollow<'a> {
    pub agency_id: i64,
    pub kind: &'a str,
    pub subject_id: i64,
    pub email: &'a str,
    pub lang: &'a str,
    pub at: &'a str,
}

pub async fn insert(conn: &mut AnyConnection, new: &NewFollow<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO follows (agency_id, subject_kind, subject_id, email, lang, consent_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(new.agency_id)
    .bind(new.kind)
    .bind(new.subject_id)
    .bind(new.email)
    .bind(new.lang)
    .bind(new.at)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// Stores an unsubscribe token's hash for a follow.
pub async fn insert_token(conn: &mut AnyConnection, token_hash: &str, follow_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO follow_tokens (token_hash, follow_id) VALUES ($1, $2)")
        .bind(token_hash)
        .bind(follow_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// An active follower of a subject: the follow's id, address and language.
pub struct Follower {
    pub id: i64,
    pub email: String,
    pub lang: String,
}

pub async fn followers(conn: &mut AnyConnection, kind: &str, subject_id: i64) -> Result<Vec<Follower>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, email, lang FROM follows WHERE subject_kind = $1 AND subject_id = $2 AND ended_at IS NULL \
         AND email IS NOT NULL ORDER BY id",
    )
    .bind(kind)
    .bind(subject_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| Ok(Follower { id: r.try_get("id")?, email: r.try_get("email")?, lang: r.try_get("lang")? }))
        .collect()
}

/// The follow a token belongs to, and whether it is still active.
pub async fn by_token(db: &AnyPool, token_hash: &str) -> Result<Option<(i64, bool)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT f.id, f.ended_at FROM follow_tokens t JOIN follows f ON f.id = t.follow_id WHERE t.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get::<Option<String>, _>("ended_at")?.is_none()))).transpose()
}

/// Ends a follow and erases its address; false if it had ended already.
pub async fn end(conn: &mut AnyConnection, id: i64, at: &str, by: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("UPDATE follows SET email = NULL, ended_at = $1, ended_by = $2 WHERE id = $3 AND ended_at IS NULL")
        .bind(at)
        .bind(by)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected()
        == 1)
}

/// Active follows with when they began and how long their agency keeps contact details.
pub async fn active_with_retention(db: &AnyPool) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT f.id, f.created_at, a.contact_retention_days FROM follows f JOIN agencies a ON a.id = f.agency_id \
         WHERE f.ended_at IS NULL",
    )
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("created_at")?, r.try_get("contact_retention_days")?)))
        .collect()
}

/// The active follows of an address at an agency, with what they follow, for a data-subject request.
pub async fn by_email(db: &AnyPool, agency_id: i64, email: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT f.id, f.subject_kind, f.lang, f.consent_at, f.created_at, \
         (SELECT q.tracking_code FROM questions q WHERE q.id = f.subject_id AND f.subject_kind = 'question') AS code, \
         (SELECT c.slug FROM consultations c WHERE c.id = f.subject_id AND f.subject_kind = 'consultation') AS slug \
         FROM follows f WHERE f.agency_id = $1 AND f.email = $2 AND f.ended_at IS NULL ORDER BY f.id",
    )
    .bind(agency_id)
    .bind(email)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(serde_json::json!({
                "id": r.try_get::<i64, _>("id")?,
                "follows": r.try_get::<String, _>("subject_kind")?,
                "question": r.try_get::<Option<String>, _>("code")?.map(crate::questions::store::display_code),
                "consultation": r.try_get::<Option<String>, _>("slug")?,
                "lang": r.try_get::<String, _>("lang")?,
                "consent_at": r.try_get::<String, _>("consent_at")?,
                "created_at": r.try_get::<String, _>("created_at")?,
            }))
        })
        .collect()
}
