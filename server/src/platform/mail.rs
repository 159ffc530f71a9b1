//! Sending one mail over SMTP with lettre: plain to a local relay, STARTTLS or TLS through rustls.

use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

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

    pub fn retry_delay(&self, attempts: i64) -> Duration {
        let factor = 1u32 << attempts.clamp(0, 16);
        self.retry_base.saturating_mul(factor).min(Duration::from_secs(6 * 3600))
    }
}

/// One mail as the outbox holds it.
pub struct Outgoing {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// An `https://` link that ends what the mail is about in one click, without logging in (RFC 8058).
    pub unsubscribe_url: Option<String>,
}

/// One plain-text mail, as quoted-printable. `id` makes its Message-ID, which stays the same when the same
/// message is sent again.
pub async fn send(mailer: &Mailer, id: i64, mail: Outgoing) -> Result<(), String> {
    let Outgoing { recipient, subject, body, unsubscribe_url } = mail;
    let to: Mailbox = recipient.parse().map_err(|e| format!("recipient: {e}"))?;
    // A stable Message-ID: should a crash ever fall between the server's acceptance and our record of it,
    // the copy sent again carries the same ID, which mail systems use to drop duplicates.
    let domain = mailer.from.email.domain().to_owned();
    // Quoted-printable keeps the ASCII parts (code, link) legible in the raw message and suits any relay.
    let body = Body::new_with_encoding(body, ContentTransferEncoding::QuotedPrintable)
        .map_err(|_| "body cannot be encoded".to_owned())?;
    let part = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body);
    let mut builder = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(subject)
        .message_id(Some(format!("<tuongtac-outbox-{id}@{domain}>")));
    // RFC 8058: mail programs show an "unsubscribe" button that POSTs `List-Unsubscribe=One-Click` to the link.
    if let Some(url) = unsubscribe_url.filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
        builder = builder
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    let message = builder.singlepart(part).map_err(|e| format!("message: {e}"))?;
    mailer.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
}

/// `text` with every word that looks like a mail address (it holds an `@`) replaced by `[address]`: what an
/// SMTP server answers may quote the recipient, and logs hold no personal data.
pub fn scrub_addresses(text: &str) -> String {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            if word.contains('@') {
                let end = word.trim_end();
                format!("[address]{}", &word[end.len()..])
            } else {
                word.to_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_are_scrubbed_from_smtp_answers() {
        let scrub = super::scrub_addresses;
        assert_eq!(
            scrub("permanent error (550): 5.1.1 <nguoi.hoi@example.vn>: Recipient address rejected"),
            "permanent error (550): 5.1.1 [address] Recipient address rejected"
        );
        assert_eq!(scrub("timed out"), "timed out");
        assert_eq!(scrub("a@b\tc"), "[address]\tc");
    }
}
