//! Locks out a key (a tracking code, a username, an IP address) after repeated failures, for guessing
//! attacks on PINs and passwords. An attempt is counted before the secret is checked and refunded if it was
//! right, so parallel guesses cannot all slip past the check while the slow hash runs, and a citizen who
//! looks up their own question often is never locked out. Kept in memory: a restart forgives.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

pub struct Lockout {
    max_failures: u32,
    window: Duration,
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Lockout {
    pub fn new(max_failures: u32, window: Duration) -> Lockout {
        Lockout { max_failures, window, failures: Mutex::default() }
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<String, (u32, Instant)>> {
        // The map holds only counters, which stay meaningful even if a holder panicked.
        self.failures.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts an attempt for `key`, or refuses it with the seconds until the key may try again.
    pub fn attempt(&self, key: &str) -> Result<(), u64> {
        let mut failures = self.entries();
        if failures.len() > 100_000 {
            failures.retain(|_, (_, since)| since.elapsed() < self.window);
        }
        let entry = failures.entry(key.to_owned()).or_insert((0, Instant::now()));
        let elapsed = entry.1.elapsed();
        if elapsed >= self.window {
            *entry = (0, Instant::now());
        } else if entry.0 >= self.max_failures {
            let left = self.window.saturating_sub(elapsed);
            return Err((left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1));
        }
        entry.0 += 1;
        Ok(())
    }

    /// Takes back an attempt that turned out right.
    pub fn refund(&self, key: &str) {
        if let Some(entry) = self.entries().get_mut(key) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }
}

/// Counts attempts at once against several lockouts: all or none.
pub fn attempt_all(attempts: &[(&Lockout, &str)]) -> Result<(), u64> {
    for (i, (lockout, key)) in attempts.iter().enumerate() {
        if let Err(wait) = lockout.attempt(key) {
            for (counted, key) in &attempts[..i] {
                counted.refund(key);
            }
            return Err(wait);
        }
    }
    Ok(())
}

pub fn refund_all(attempts: &[(&Lockout, &str)]) {
    for (lockout, key) in attempts {
        lockout.refund(key);
    }
}

/// The limits on guessing a secret (a PIN, a password): per subject (a tracking code, a username) from one
/// address, per subject from anywhere, and per address whatever the subject. The first is tight; the second
/// is looser, so that someone who knows a published code cannot easily lock its author out, yet a guesser
/// with many addresses still gets few tries at one PIN; the third stops one address from sweeping.
pub struct Guessing {
    per_subject_and_client: Lockout,
    per_subject: Lockout,
    per_client: Lockout,
}

impl Default for Guessing {
    fn default() -> Guessing {
        Guessing {
            per_subject_and_client: Lockout::new(5, Duration::from_secs(15 * 60)),
            per_subject: Lockout::new(20, Duration::from_secs(60 * 60)),
            per_client: Lockout::new(30, Duration::from_secs(60 * 60)),
        }
    }
}

/// An attempt counted against every limit; refund it if the secret was right.
pub struct Attempt<'a> {
    guessing: &'a Guessing,
    pair: String,
    subject: String,
    client: String,
}

impl Guessing {
    /// Counts an attempt at `subject` from `client`, or refuses it with the seconds to wait.
    pub fn attempt(&self, subject: &str, client: &str) -> Result<Attempt<'_>, u64> {
        let attempt = Attempt {
            guessing: self,
            pair: format!("{subject}|{client}"),
            subject: subject.to_owned(),
            client: client.to_owned(),
        };
        attempt_all(&attempt.keys())?;
        Ok(attempt)
    }
}

impl Attempt<'_> {
    fn keys(&self) -> [(&Lockout, &str); 3] {
        [
            (&self.guessing.per_subject_and_client, self.pair.as_str()),
            (&self.guessing.per_subject, self.subject.as_str()),
            (&self.guessing.per_client, self.client.as_str()),
        ]
    }

    /// The secret was right: the attempt does not count.
    pub fn succeeded(self) {
        refund_all(&self.keys());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_reports_the_wait() {
        let lockout = Lockout::new(3, Duration::from_secs(600));
        for _ in 0..3 {
            assert_eq!(lockout.attempt("a"), Ok(()));
        }
        let wait = lockout.attempt("a").unwrap_err();
        assert!((599..=600).contains(&wait), "{wait}");
        assert_eq!(lockout.attempt("b"), Ok(()));
        // Right answers are refunded, so they never add up to a lockout.
        let other = Lockout::new(2, Duration::from_secs(600));
        for _ in 0..10 {
            other.attempt("c").unwrap();
            other.refund("c");
        }
        assert_eq!(other.attempt("c"), Ok(()));
    }

    #[test]
    fn several_lockouts_count_all_or_none() {
        let (first, second) = (Lockout::new(5, Duration::from_secs(60)), Lockout::new(1, Duration::from_secs(60)));
        attempt_all(&[(&first, "k"), (&second, "k")]).unwrap();
        assert!(attempt_all(&[(&first, "k"), (&second, "k")]).is_err());
        // The refused attempt was not counted against `first`: four more fit.
        for _ in 0..4 {
            first.attempt("k").unwrap();
        }
        assert!(first.attempt("k").is_err());
    }
}
