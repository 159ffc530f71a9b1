//! Locks out a key (a tracking code, a username, an IP address) after repeated failures, for guessing
//! attacks on PINs and passwords. An attempt is counted before the secret is checked and refunded if it was
//! right, so parallel guesses cannot all slip past the check while the slow hash runs, and a citizen who
//! looks up their own question often is never locked out.
//!
//! The counts live in the database (`guess_counts`), so guesses spread over several server processes add up
//! and a restart forgives nothing. A key is stored only as a keyed hash (HMAC under a per-installation
//! secret), and its row is deleted once its window has passed, an hour at most. The counters are written
//! through the database's counters pool (`db::counters_pool`): shared at once, but not waiting for the disk.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::{AnyPool, Row};

use crate::platform::clock::now_micros;
use crate::platform::random::hex;
use crate::{Error, Result};

/// One limit: at most `max_failures` per key within `window`, counted from the key's first failure.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Part of every key's hash, so that the same text counted under two limits has two rows.
    pub name: &'static str,
    pub max_failures: u32,
    pub window: Duration,
}

/// The limits on guessing a secret (a PIN, a password): per subject (a tracking code, a username) from one
/// address, per subject from anywhere, and per address whatever the subject. The first is tight; the second
/// is looser, so that someone who knows a published code cannot easily lock its author out, yet a guesser
/// with many addresses still gets few tries at one PIN; the third stops one address from sweeping.
pub const PER_SUBJECT_AND_CLIENT: Limit =
    Limit { name: "subject+client", max_failures: 5, window: Duration::from_secs(15 * 60) };
pub const PER_SUBJECT: Limit = Limit { name: "subject", max_failures: 20, window: Duration::from_secs(60 * 60) };
pub const PER_CLIENT: Limit = Limit { name: "client", max_failures: 30, window: Duration::from_secs(60 * 60) };

pub struct Guessing {
    db: AnyPool,
    secret: [u8; 32],
    /// Attempts refused by this process since it started, for `/metrics`.
    refusals: AtomicU64,
}

/// An attempt counted against every limit; refund it if the secret was right.
pub struct Attempt<'a> {
    guessing: &'a Guessing,
    keys: Vec<(Limit, String)>,
}

impl Guessing {
    /// `db` is the counters pool; `secret` keys the hashes of what is counted.
    pub fn new(db: AnyPool, secret: [u8; 32]) -> Guessing {
        Guessing { db, secret, refusals: AtomicU64::new(0) }
    }

    fn key_hash(&self, limit: Limit, key: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(limit.name.as_bytes());
        mac.update(b"\n");
        mac.update(key.as_bytes());
        hex(&mac.finalize().into_bytes()[..16])
    }

    /// Counts an attempt at `subject` from `client` against the three limits, all or none; refuses it
    /// (`TooManyRequests`, with the seconds to wait) when one of them is spent.
    pub async fn attempt(&self, subject: &str, client: &str) -> Result<Attempt<'_>> {
        let keys = vec![
            (PER_SUBJECT_AND_CLIENT, format!("{subject}|{client}")),
            (PER_SUBJECT, subject.to_owned()),
            (PER_CLIENT, client.to_owned()),
        ];
        self.attempt_all(keys).await
    }

    /// Counts an attempt against each of `keys`, all or none.
    pub async fn attempt_all(&self, keys: Vec<(Limit, String)>) -> Result<Attempt<'_>> {
        let mut counted = Attempt { guessing: self, keys: Vec::with_capacity(keys.len()) };
        for (limit, key) in keys {
            match self.count(limit, &key).await {
                Ok(None) => counted.keys.push((limit, key)),
                Ok(Some(wait)) => {
                    counted.refund().await;
                    self.refusals.fetch_add(1, Ordering::Relaxed);
                    return Err(Error::TooManyRequests { retry_after_secs: wait });
                }
                Err(e) => {
                    counted.refund().await;
                    return Err(e.into());
                }
            }
        }
        Ok(counted)
    }

    /// Counts one failure for `key`, unless its limit is spent: then the seconds until it may try again.
    async fn count(&self, limit: Limit, key: &str) -> Result<Option<u64>, sqlx::Error> {
        let now = now_micros();
        let window = i64::try_from(limit.window.as_micros()).unwrap_or(i64::MAX);
        let hash = self.key_hash(limit, key);
        // A new window starts with this failure once the old one has passed; within a window, the update
        // is skipped (no row returned) when the limit is already spent, so a refused attempt is not counted.
        let counted = sqlx::query(
            "INSERT INTO guess_counts (key_hash, failures, max_failures, window_ends) VALUES ($1, 1, $2, $3 + $4) \
             ON CONFLICT (key_hash) DO UPDATE SET \
             failures = CASE WHEN guess_counts.window_ends <= $3 THEN 1 ELSE guess_counts.failures + 1 END, \
             window_ends = CASE WHEN guess_counts.window_ends <= $3 THEN $3 + $4 ELSE guess_counts.window_ends END \
             WHERE guess_counts.window_ends <= $3 OR guess_counts.failures < $2 \
             RETURNING failures",
        )
        .bind(&hash)
        .bind(i64::from(limit.max_failures))
        .bind(now)
        .bind(window)
        .fetch_optional(&self.db)
        .await?;
        if counted.is_some() {
            return Ok(None);
        }
        let ends: i64 = sqlx::query("SELECT window_ends FROM guess_counts WHERE key_hash = $1")
            .bind(&hash)
            .fetch_optional(&self.db)
            .await?
            .map(|row| row.try_get("window_ends"))
            .transpose()?
            .unwrap_or(now);
        let left = u64::try_from(ends.saturating_sub(now)).unwrap_or(0);
        Ok(Some(left.div_ceil(1_000_000).max(1)))
    }

    /// Attempts refused by this process since it started.
    pub fn refusals(&self) -> u64 {
        self.refusals.load(Ordering::Relaxed)
    }

    /// How many keys are locked out right now, by every process.
    pub async fn locked_now(&self) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COUNT(*) AS n FROM guess_counts WHERE failures >= max_failures AND window_ends > $1")
            .bind(now_micros())
            .fetch_one(&self.db)
            .await?
            .try_get("n")
    }

    /// Deletes the counts whose window has passed.
    pub async fn sweep(&self) -> Result<u64, sqlx::Error> {
        let deleted = sqlx::query("DELETE FROM guess_counts WHERE window_ends <= $1")
            .bind(now_micros())
            .execute(&self.db)
            .await?;
        Ok(deleted.rows_affected())
    }
}

impl Attempt<'_> {
    /// The secret was right: the attempt does not count.
    pub async fn succeeded(mut self) {
        self.refund().await;
    }

    async fn refund(&mut self) {
        for (limit, key) in std::mem::take(&mut self.keys) {
            let refunded =
                sqlx::query("UPDATE guess_counts SET failures = failures - 1 WHERE key_hash = $1 AND failures > 0")
                    .bind(self.guessing.key_hash(limit, &key))
                    .execute(&self.guessing.db)
                    .await;
            if let Err(error) = refunded {
                tracing::warn!(%error, limit = limit.name, "could not refund a right attempt");
            }
        }
    }
}
