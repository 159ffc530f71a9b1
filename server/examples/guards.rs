//! What the shared guessing and write limits cost per request: `cargo xtask bench` runs this against SQLite
//! and PostgreSQL. Each check is one statement on the counters pool (no fsync); a lookup that succeeds costs
//! three counts and three refunds. Prints microseconds per check; asserts nothing.

use std::num::NonZeroU32;
use std::time::Instant;

use server::platform::lockout::Guessing;
use server::platform::security::WriteLimiter;

const ROUNDS: u32 = 2_000;

#[tokio::main]
async fn main() {
    let url = std::env::args().nth(1).expect("usage: guards DATABASE_URL");
    let db = server::connect(&url).await.expect("connect");
    let counters = server::db::counters_pool(&db).await.expect("counters pool");
    let secret = [9u8; 32];
    let limiter = WriteLimiter::new(counters.clone(), secret, NonZeroU32::new(4_000_000_000).expect("non-zero"));
    let guessing = Guessing::new(counters, secret);
    let started = Instant::now();
    for i in 0..ROUNDS {
        let ip = std::net::IpAddr::from([10, 0, (i / 256) as u8, (i % 256) as u8]);
        limiter.check(ip).await.expect("write limit");
    }
    let write_limit = started.elapsed().as_secs_f64() * 1e6 / f64::from(ROUNDS);
    let started = Instant::now();
    for i in 0..ROUNDS {
        let attempt = guessing.attempt(&format!("code:{i}"), "lookup:10.0.0.1").await;
        // One client, many codes: the per-client limit refuses after 30, as it should; both cost the same.
        if let Ok(attempt) = attempt {
            attempt.succeeded().await;
        }
    }
    let guess = started.elapsed().as_secs_f64() * 1e6 / f64::from(ROUNDS);
    println!("guards {url}: write limit {write_limit:.0} µs per write; guessing limits {guess:.0} µs per lookup");
}
