//! Mail to citizens about their question. A notification is written to the `outbox` table in the same
//! transaction as the change it reports, so a crash can lose neither; a background worker sends what is due,
//! marks it sent as soon as the SMTP server accepts it, and retries failures with growing delays. With no
//! SMTP server configured, messages wait in the outbox until one is.

use std::sync::Arc;
use std::time::Duration;

use domain::{Lang, QuestionStatus};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::{AnyConnection, AnyPool, Row};
use tokio::sync::Notify;

use crate::agencies::Agency;
use crate::clock;

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

/// What a notification is about.
pub struct Notice<'a> {
    pub agency: &'a Agency,
    pub question_id: i64,
    pub recipient: &'a str,
    pub lang: Lang,
    pub tracking_code: &'a str,
    pub title: &'a str,
    pub status: QuestionStatus,
    pub public_note: Option<&'a str>,
    pub transferred_to: Option<&'a str>,
}

/// Writes the notification for a change into the outbox, inside the caller's transaction.
pub async fn enqueue(conn: &mut AnyConnection, notice: &Notice<'_>) -> Result<(), sqlx::Error> {
    let (subject, body) = compose(notice);
    let now = clock::now();
    sqlx::query(
        "INSERT INTO outbox (question_id, recipient, subject, body, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(notice.question_id)
    .bind(notice.recipient)
    .bind(subject)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The mail in the citizen's language: the new state, the agency's public note, the code and a link to the
/// tracker. Never the PIN: mail is read on shared devices and forwarded.
pub fn compose(n: &Notice<'_>) -> (String, String) {
    let label = n.status.label(n.lang);
    let link = n.agency.tracker_link(n.tracking_code);
    let mut body = String::new();
    match n.lang {
        Lang::Vi => {
            body += "Kính gửi ông/bà,\n\n";
            body += &format!(
                "Câu hỏi \"{}\" gửi {} (mã theo dõi {}) đã chuyển sang trạng thái: {}.\n",
                n.title, n.agency.name, n.tracking_code, label
            );
            if let Some(to) = n.transferred_to {
                body += &format!("Câu hỏi đã được chuyển đến: {to}.\n");
            }
            if let Some(note) = n.public_note {
                body += &format!("\nGhi chú của cơ quan:\n{note}\n");
            }
            body += "\n";
            body += &match &link {
                Some(link) => format!("Xem tiến trình xử lý và nội dung trả lời (cần mã PIN bạn nhận khi gửi câu hỏi):\n{link}\n"),
                None => "Tra cứu tiến trình xử lý trên cổng thông tin của cơ quan bằng mã theo dõi và mã PIN bạn nhận khi gửi câu hỏi.\n".into(),
            };
            body += "\nVì an toàn, thư này không bao giờ chứa mã PIN.\nThư được gửi tự động; vui lòng không trả lời thư này.\n";
            (format!("Câu hỏi {}: {}", n.tracking_code, label), body)
        }
        Lang::En => {
            body += "Dear citizen,\n\n";
            body += &format!(
                "Your question \"{}\" to {} (tracking code {}) is now: {}.\n",
                n.title, n.agency.name, n.tracking_code, label
            );
            if let Some(to) = n.transferred_to {
                body += &format!("It has been transferred to: {to}.\n");
            }
            if let Some(note) = n.public_note {
                body += &format!("\nNote from the agency:\n{note}\n");
            }
            body += "\n";
            body += &match &link {
                Some(link) => format!("See its progress and the answer (you need the PIN you got when you asked):\n{link}\n"),
                None => "Follow its progress on the agency's portal with your tracking code and the PIN you got when you asked.\n".into(),
            };
            body += "\nFor your safety, this mail never contains your PIN.\nThis mail was sent automatically; please do not reply.\n";
            (format!("Question {}: {}", n.tracking_code, label), body)
        }
    }
}

/// Where and as whom mail is sent.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The first retry's delay; each further one doubles, up to six hours.
    retry_base: Duration,
}

impl Mailer {
    /// `smtp://host:port` (plain, for a local relay), `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host:465` (TLS).
    pub fn new(smtp_url: &str, from: &str, retry_base: Duration) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("invalid SMTP URL: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from.parse().map_err(|e| format!("invalid sender address {from:?}: {e}"))?;
        Ok(Mailer { transport, from, retry_base })
    }

    fn retry_delay(&self, attempts: i64) -> Duration {
        let factor = 1u32 << attempts.clamp(0, 16);
        self.retry_base.saturating_mul(factor).min(Duration::from_secs(6 * 3600))
    }
}

/// Starts the worker that sends the outbox; `wake` makes it look at once instead of at its next poll.
pub fn spawn_worker(db: AnyPool, mailer: Mailer, wake: Arc<Notify>) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver_due(&db, &mailer).await {
                tracing::warn!(error = %e, "outbox: could not read pending mail");
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    });
}

/// Sends every message that is due. Each is claimed first, so that two workers (two server processes on
/// one PostgreSQL database) never send the same one.
pub async fn deliver_due(db: &AnyPool, mailer: &Mailer) -> Result<usize, sqlx::Error> {
    let now = clock::now();
    sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
        .bind(clock::after(&now, -KEEP_SENT_DAYS * 86_400))
        .execute(db)
        .await?;
    let due = sqlx::query(
        "SELECT id, recipient, subject, body, attempts FROM outbox \
         WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 \
         AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY id LIMIT 20",
    )
    .bind(MAX_ATTEMPTS)
    .bind(&now)
    .fetch_all(db)
    .await?;
    let mut sent = 0;
    for row in due {
        let id: i64 = row.try_get(0)?;
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
        let attempts: i64 = row.try_get(4)?;
        let result = send(mailer, id, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?).await;
        match result {
            Ok(()) => {
                sqlx::query("UPDATE outbox SET sent_at = $1, claimed_until = NULL, attempts = attempts + 1 WHERE id = $2")
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

async fn send(mailer: &Mailer, id: i64, recipient: String, subject: String, body: String) -> Result<(), String> {
    let to: Mailbox = recipient.parse().map_err(|e| format!("recipient: {e}"))?;
    // A stable Message-ID: should a crash ever fall between the server's acceptance and our record of it,
    // the copy sent again carries the same ID, which mail systems use to drop duplicates.
    let domain = mailer.from.email.domain().to_owned();
    // Quoted-printable keeps the ASCII parts (code, link) legible in the raw message and suits any relay.
    let body = Body::new_with_encoding(body, ContentTransferEncoding::QuotedPrintable)
        .map_err(|_| "body cannot be encoded".to_owned())?;
    let part = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body);
    let message = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(subject)
        .message_id(Some(format!("<tuongtac-outbox-{id}@{domain}>")))
        .singlepart(part)
        .map_err(|e| format!("message: {e}"))?;
    mailer.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
}
