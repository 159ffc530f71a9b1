//! Locks out a key (a tracking code, a username, an IP address) after repeated failures, for guessing
//! attacks on PINs and passwords. Only failures count, so a citizen who looks up their own question often
//! is never locked out. Kept in memory: a restart forgives, which costs an attacker a restart they cannot cause.

use std::collections::HashMap;
use std::sync::Mutex;
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

    /// `Err(seconds)` while the key is locked out: how long until it may try again.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let failures = self.failures.lock().expect("lockout lock");
        match failures.get(key) {
            Some((count, since)) if *count >= self.max_failures && since.elapsed() < self.window => {
                let left = self.window - since.elapsed();
                Err(left.as_secs() + u64::from(left.subsec_nanos() > 0))
            }
            _ => Ok(()),
        }
    }

    pub fn fail(&self, key: &str) {
        let mut failures = self.failures.lock().expect("lockout lock");
        if failures.len() > 100_000 {
            failures.retain(|_, (_, since)| since.elapsed() < self.window);
        }
        let entry = failures.entry(key.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= self.window {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub fn clear(&self, key: &str) {
        self.failures.lock().expect("lockout lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_reports_the_wait() {
        let lockout = Lockout::new(3, Duration::from_secs(600));
        for _ in 0..2 {
            lockout.fail("a");
        }
        assert_eq!(lockout.check("a"), Ok(()));
        lockout.fail("a");
        let wait = lockout.check("a").unwrap_err();
        assert!((599..=600).contains(&wait), "{wait}");
        assert_eq!(lockout.check("b"), Ok(()));
        lockout.clear("a");
        assert_eq!(lockout.check("a"), Ok(()));
    }
}
