//! The audit log: every staff write, who made it, when, and what changed. Written in the same transaction
//! as the change, so the log never misses one and never records one that was rolled back.

use serde_json::Value;
use sqlx::AnyConnection;

use crate::clock;

pub async fn record(
    conn: &mut AnyConnection,
    agency_id: i64,
    staff_id: Option<i64>,
    action: &str,
    question_id: Option<i64>,
    detail: Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (agency_id, staff_id, at, action, question_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(agency_id)
    .bind(staff_id)
    .bind(clock::now())
    .bind(action)
    .bind(question_id)
    .bind(detail.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
