//! Mail waiting to be sent. A mail is written to the `outbox` table in the same transaction as the change it
//! reports, so a crash can lose neither; a background worker sends what is due, marks it sent as soon as
//! the SMTP server accepts it, and retries failures with growing delays. With no SMTP server configured,
//! mail waits until one is. Each mail names its subject (a question today; ratings and consultations
//! later), which the features compose; this module only stores and sends.

use std::sync::Arc;
use std::time::Duration;

use sqlx::{AnyConnection, AnyPool, Row};
use tokio::sync::{Notify, watch};

use crate::audit::Subject;
use crate::platform::clock;
use crate::platform::mail::{self, Mailer};

/// Attempts before a message is given up (about two days of retries at the capped delay).
const MAX_ATTEMPTS: i64 = 12;
/// Sent mail holds a citizen's address and the state of their question: it is kept this long (to answer "did
/// you write to me?"), then deleted.
const KEEP_SENT_DAYS: i64 = 30;
/// How long a claimed message is left to its worker: far longer than one send may take (lettre gives up on a
/// silent server after 30 s per command).
const CLAIM_SECS: i64 = 15 * 60;
/// How often the worker looks for due retries when nothing wakes it.
const POLL: Duration = Duration::from_secs(15);

/// One mail to write into the outbox.
pub struct Mail<'a> {
    pub about: Subject,
    pub recipient: &'a str,
    pub subject_line: &'a str,
    pub body: &'a str,
    /// The one-click unsubscribe link of mail to a follower (RFC 8058), sent as `List-Unsubscribe`.
    pub unsubscribe_url: Option<&'a str>,
}

/// Writes a mail into the outbox, inside the caller's transaction.
pub async fn enqueue(conn: &mut AnyConnection, mail: &Mail<'_>) -> Result<(), sqlx::Error> {
    let now = clock::now();
    sqlx::query(
        "INSERT INTO outbox (subject_kind, subject_id, recipient, subject, body, created_at, next_attempt_at, \
         unsubscribe_url) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
    )
    .bind(mail.about.kind)
    .bind(mail.about.id)
    .bind(mail.recipient)
    .bind(mail.subject_line)
    .bind(mail.body)
    .bind(now)
    .bind(mail.unsubscribe_url)
    .execute(conn)
    .await?;
    Ok(())
}

/// Starts the worker that sends the outbox; `wake` makes it look at once instead of at its next poll. Once
/// `stop` turns true it finishes the message it is sending (and records it as sent), claims no other, and
/// ends.
pub fn spawn_worker(
    db: AnyPool,
    mailer: Mailer,
    wake: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while !*stop.borrow() {
            if let Err(e) = deliver_due(&db, &mailer, &stop).await {
                tracing::warn!(error = %e, "outbox: could not read pending mail");
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!("outbox: mail worker stopped");
    })
}

/// Sends every message that is due, until `stop` turns true. Each is claimed first, so that two workers
/// (two server processes on one database) never send the same one.
pub async fn deliver_due(db: &AnyPool, mailer: &Mailer, stop: &watch::Receiver<bool>) -> Result<usize, sqlx::Error> {
    let now = clock::now();
    sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
        .bind(clock::after(&now, -KEEP_SENT_DAYS * 86_400))
        .execute(db)
        .await?;
    let due = sqlx::query(
        "SELECT id, recipient, subject, body, attempts, unsubscribe_url FROM outbox \
         WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 \
         AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY id LIMIT 20",
    )
    .bind(MAX_ATTEMPTS)
    .bind(&now)
    .fetch_all(db)
    .await?;
    let mut sent = 0;
    for row in due {
        if *stop.borrow() {
            break;
        }
        let id: i64 = row.try_get("id")?;
        // The claim re-checks everything the selection did, at the time of claiming: another worker may have
        // sent or claimed it since, and earlier sends in this batch took time.
        let now = clock::now();
        let claimed = sqlx::query(
            "UPDATE outbox SET claimed_until = $1 WHERE id = $2 AND sent_at IS NULL AND attempts < $3 \
             AND next_attempt_at <= $4 AND (claimed_until IS NULL OR claimed_until <= $4)",
        )
        .bind(clock::after(&now, CLAIM_SECS))
        .bind(id)
        .bind(MAX_ATTEMPTS)
        .bind(&now)
        .execute(db)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let attempts: i64 = row.try_get("attempts")?;
        // An SMTP server's refusal often quotes the address: it is kept out of the log and the table.
        let message = mail::Outgoing {
            recipient: row.try_get("recipient")?,
            subject: row.try_get("subject")?,
            body: row.try_get("body")?,
            unsubscribe_url: row.try_get("unsubscribe_url")?,
        };
        let result = mail::send(mailer, id, message).await.map_err(|error| mail::scrub_addresses(&error));
        match result {
            Ok(()) => {
                sqlx::query(
                    "UPDATE outbox SET sent_at = $1, claimed_until = NULL, attempts = attempts + 1 WHERE id = $2",
                )
                .bind(clock::now())
                .bind(id)
                .execute(db)
                .await?;
                sent += 1;
            }
            Err(error) => {
                let delay = mailer.retry_delay(attempts);
                tracing::warn!(id, attempts = attempts + 1, %error, retry_in_secs = delay.as_secs(), "outbox: send failed");
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = $1, claimed_until = NULL, \
                     next_attempt_at = $2 WHERE id = $3",
                )
                .bind(error.chars().take(500).collect::<String>())
                .bind(clock::after(&clock::now(), delay.as_secs().max(1) as i64))
                .bind(id)
                .execute(db)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// Mail waiting to be sent (not given up): how many, and the creation time of the oldest.
pub async fn depth(db: &AnyPool) -> Result<(i64, Option<String>), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE sent_at IS NULL AND attempts < $1",
    )
    .bind(MAX_ATTEMPTS)
    .fetch_one(db)
    .await?;
    Ok((row.try_get("n")?, row.try_get("oldest")?))
}

/// Mail given up after every attempt failed.
pub async fn given_up(db: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND attempts >= $1")
        .bind(MAX_ATTEMPTS)
        .fetch_one(db)
        .await?
        .try_get("n")
}

/// Deletes every mail about `about`, sent or not, inside the caller's transaction: the citizen's address
/// goes with it, and nothing more is sent. Returns how many were still waiting.
pub async fn forget(conn: &mut AnyConnection, about: Subject) -> Result<u64, sqlx::Error> {
    let waiting =
        sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE subject_kind = $1 AND subject_id = $2 AND sent_at IS NULL")
            .bind(about.kind)
            .bind(about.id)
            .fetch_one(&mut *conn)
            .await?
            .try_get::<i64, _>("n")?;
    sqlx::query("DELETE FROM outbox WHERE subject_kind = $1 AND subject_id = $2")
        .bind(about.kind)
        .bind(about.id)
        .execute(&mut *conn)
        .await?;
    Ok(u64::try_from(waiting).unwrap_or(0))
}

/// Every mail about `about`, for a data-subject export: recipient, subject, body and what became of it.
pub async fn about(db: &AnyPool, about: Subject) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, recipient, subject, body, created_at, attempts, sent_at, last_error FROM outbox \
         WHERE subject_kind = $1 AND subject_id = $2 ORDER BY id",
    )
    .bind(about.kind)
    .bind(about.id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(serde_json::json!({
                "id": r.try_get::<i64, _>("id")?,
                "recipient": r.try_get::<String, _>("recipient")?,
                "subject": r.try_get::<String, _>("subject")?,
                "body": r.try_get::<String, _>("body")?,
                "created_at": r.try_get::<String, _>("created_at")?,
                "attempts": r.try_get::<i64, _>("attempts")?,
                "sent_at": r.try_get::<Option<String>, _>("sent_at")?,
                "last_error": r.try_get::<Option<String>, _>("last_error")?,
            }))
        })
        .collect()
}
