//! Hashing and checking secrets (staff passwords, citizens' PINs) with argon2id at OWASP's parameters
//! (19 MiB, 2 passes), off the async runtime. Every hash of the process waits for one of a few slots, so
//! that a burst of log-ins or questions cannot take all memory: each hash holds 19 MiB while it runs.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::platform::random::random_bytes;
use crate::{Error, Result};

/// Two hashes per core at once; the rest wait their turn.
static SLOTS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get() * 2)));

async fn on_a_slot<T: Send + 'static>(work: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    let _slot = SLOTS.acquire().await.map_err(|e| Error::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| Error::Internal(e.to_string()))?
}

fn argon2() -> Result<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub async fn hash(secret: String) -> Result<String> {
    on_a_slot(move || {
        let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| Error::Internal(e.to_string()))?;
        argon2()?
            .hash_password(secret.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| Error::Internal(e.to_string()))
    })
    .await
}

/// Whether `secret` matches `stored`. The comparison of hashes is constant-time. With no stored hash (an
/// unknown code or user) a dummy hash is checked, so the answer takes as long either way.
pub async fn verify(secret: String, stored: Option<String>) -> Result<bool> {
    on_a_slot(move || {
        let (stored, real) = match stored {
            Some(stored) => (stored, true),
            None => (DUMMY_HASH.to_owned(), false),
        };
        let parsed = PasswordHash::new(&stored).map_err(|e| Error::Internal(format!("stored hash: {e}")))?;
        Ok(argon2()?.verify_password(secret.as_bytes(), &parsed).is_ok() && real)
    })
    .await
}

/// An argon2id hash of a random secret nobody knows, at the same parameters as real hashes.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Ke8Jv0m1dFuwqvLIbrpQZB3cPzzy7cp2wQ0OFkmQ3I";

/// A password for an account created without one: 16 symbols from the tracking-code alphabet (~79 bits).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";
    random_bytes::<16>().iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_dummy_hash_parses_and_matches_nothing_known() {
        assert!(!verify(String::new(), None).await.unwrap());
        let stored = hash("đúng mật khẩu".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("đúng mật khẩu".into(), Some(stored.clone())).await.unwrap());
        assert!(!verify("sai".into(), Some(stored)).await.unwrap());
    }
}
