//! What every feature stands on and none owns: time, randomness, caches, idempotency keys, HTML and XML escaping,
//! secret hashing, guessing limits, the client's address and write limits, and sending mail.

pub mod cache;
pub mod clock;
pub mod csv;
pub mod html;
pub mod idempotency;
pub mod lockout;
pub mod mail;
pub mod passwords;
pub mod random;
pub mod security;
pub mod xml;
