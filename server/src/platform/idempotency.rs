//! The `Idempotency-Key` of a citizen's submission (a question, a comment): kept only as a hash, with the
//! hash of the body it came with, and the PIN a keyed submission gets, derived so that a retry answers the
//! same PIN without the PIN being stored.

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::platform::random::hex;
use crate::{Error, Result};
use domain::Pin;

/// What a keyed submission is, so that one key sent for a question and for a comment derives two PINs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submission {
    Question,
    Comment,
}

/// A client's `Idempotency-Key`, kept only as a hash, with the hash of the body it came with.
pub struct IdempotencyKey {
    raw: Vec<u8>,
    pub key_hash: String,
    pub request_hash: String,
}

impl IdempotencyKey {
    /// 1 to 128 visible ASCII characters.
    pub fn parse(raw: &[u8], body: &impl Serialize) -> Result<IdempotencyKey> {
        if raw.is_empty() || raw.len() > 128 || !raw.iter().all(|b| (0x21..=0x7e).contains(b)) {
            return Err(Error::BadIdempotencyKey);
        }
        let body = serde_json::to_vec(body).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(IdempotencyKey {
            raw: raw.to_vec(),
            key_hash: hex(&Sha256::digest(raw)),
            request_hash: hex(&Sha256::digest(body)),
        })
    }

    /// A retried submission must return the same PIN without the PIN being stored: it is derived from the
    /// key (which only the client knows; the database holds its hash) and a per-installation secret.
    pub fn derive_pin(&self, pin_key: &[u8; 32], agency_id: i64, submission: Submission) -> Pin {
        let mut mac = Hmac::<Sha256>::new_from_slice(pin_key).expect("HMAC takes any key length");
        mac.update(&agency_id.to_le_bytes());
        // Questions keep the derivation they always had, so a retry across an upgrade gets the same PIN; a
        // comment's is separated by a NUL, which a key (visible ASCII) never contains.
        if submission == Submission::Comment {
            mac.update(b"\0comment\0");
        }
        mac.update(&self.raw);
        let digest = mac.finalize().into_bytes();
        Pin::from_entropy(u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]]))
    }
}
