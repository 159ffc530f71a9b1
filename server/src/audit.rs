//! The audit log: every staff write, who made it, when, what it was about and what changed. Written in the
//! same transaction as the change, so the log never misses one and never records one that was rolled back.

use serde_json::Value;
use sqlx::AnyConnection;

use crate::platform::clock;

/// What a write or a mail is about: a kind and the row's id (`question` 42). None for an agency's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub kind: &'static str,
    pub id: i64,
}

impl Subject {
    pub fn question(id: i64) -> Subject {
        Subject { kind: "question", id }
    }

    pub fn rating(id: i64) -> Subject {
        Subject { kind: "rating", id }
    }

    pub fn consultation(id: i64) -> Subject {
        Subject { kind: "consultation", id }
    }

    /// A comment on a consultation.
    pub fn comment(id: i64) -> Subject {
        Subject { kind: "comment", id }
    }

    /// A citizen's follow of a question or a consultation.
    pub fn follow(id: i64) -> Subject {
        Subject { kind: "follow", id }
    }
}

pub async fn record(
    conn: &mut AnyConnection,
    agency_id: i64,
    staff_id: Option<i64>,
    action: &str,
    about: Option<Subject>,
    detail: Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (agency_id, staff_id, at, action, subject_kind, subject_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(agency_id)
    .bind(staff_id)
    .bind(clock::now())
    .bind(action)
    .bind(about.map(|s| s.kind))
    .bind(about.map(|s| s.id))
    .bind(detail.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
