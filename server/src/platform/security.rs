//! The client's address, and the per-address limit on writes.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::{AnyPool, Row};

use crate::platform::clock::now_micros;
use crate::platform::random::hex;
use crate::{AppState, Error};

/// Limits writes per client IP; answers 429 with `Retry-After` once the quota is spent.
pub async fn limit_writes(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, Error> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.run(req).await);
    }
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let ip = client_ip(peer, req.headers(), state.config.trust_forwarded_for)
        .ok_or_else(|| Error::Internal("no client address: serve with connect info".into()))?;
    state.write_limiter.check(rate_limit_key(ip)).await?;
    Ok(next.run(req).await)
}

/// The per-address write limit, shared by every server process on the database: `per_minute` writes at
/// once, then one more each `60 s / per_minute` (the generic cell rate algorithm, as a token bucket refills).
/// One row per address (`write_limits`), keyed by a keyed hash of the address, holds the time at which its
/// bucket would be full again; rows past that time are deleted. Written through the counters pool.
pub struct WriteLimiter {
    db: AnyPool,
    secret: [u8; 32],
    /// Microseconds each write uses up; the bucket holds `PERIOD_MICROS`.
    cost: i64,
    refusals: AtomicU64,
}

const PERIOD_MICROS: i64 = 60_000_000;

impl WriteLimiter {
    pub fn new(db: AnyPool, secret: [u8; 32], per_minute: NonZeroU32) -> WriteLimiter {
        WriteLimiter { db, secret, cost: PERIOD_MICROS / i64::from(per_minute.get()), refusals: AtomicU64::new(0) }
    }

    /// Counts a write from `ip` (as `rate_limit_key` groups it), or refuses it with the seconds to wait.
    pub async fn check(&self, ip: IpAddr) -> Result<(), Error> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(b"write\n");
        mac.update(ip.to_string().as_bytes());
        let hash = hex(&mac.finalize().into_bytes()[..16]);
        let now = now_micros();
        // The write fits if, after it, the bucket is not over-full; otherwise the row is left as it is and
        // none is returned.
        let fits = sqlx::query(
            "INSERT INTO write_limits (key_hash, tat) VALUES ($1, $2 + $3) \
             ON CONFLICT (key_hash) DO UPDATE SET \
             tat = (CASE WHEN write_limits.tat > $2 THEN write_limits.tat ELSE $2 END) + $3 \
             WHERE (CASE WHEN write_limits.tat > $2 THEN write_limits.tat ELSE $2 END) + $3 <= $2 + $4 \
             RETURNING tat",
        )
        .bind(&hash)
        .bind(now)
        .bind(self.cost)
        .bind(PERIOD_MICROS)
        .fetch_optional(&self.db)
        .await?;
        if fits.is_some() {
            return Ok(());
        }
        self.refusals.fetch_add(1, Ordering::Relaxed);
        let tat: i64 = sqlx::query("SELECT tat FROM write_limits WHERE key_hash = $1")
            .bind(&hash)
            .fetch_optional(&self.db)
            .await?
            .map(|row| row.try_get("tat"))
            .transpose()?
            .unwrap_or(now);
        let wait = u64::try_from(tat + self.cost - now - PERIOD_MICROS).unwrap_or(0);
        Err(Error::TooManyRequests { retry_after_secs: wait.div_ceil(1_000_000).max(1) })
    }

    /// Writes refused by this process since it started.
    pub fn refusals(&self) -> u64 {
        self.refusals.load(Ordering::Relaxed)
    }

    /// Deletes the rows of addresses whose quota has refilled.
    pub async fn sweep(&self) -> Result<u64, sqlx::Error> {
        let deleted =
            sqlx::query("DELETE FROM write_limits WHERE tat <= $1").bind(now_micros()).execute(&self.db).await?;
        Ok(deleted.rows_affected())
    }
}

/// One IPv6 client usually holds a whole /64, so it is limited as one; IPv4 addresses are limited one by one.
pub fn rate_limit_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
        v4 => v4,
    }
}

/// The address a request came from. Behind a trusted reverse proxy, the proxy's own `X-Forwarded-For`
/// entry (the last one) names the client; anything before it was written by the client and is ignored.
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|ip| ip.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    peer
}

/// The client's address as `client_ip` finds it, grouped as rate limits group it; `unknown` without one.
pub struct ClientKey(pub String);

impl axum::extract::FromRequestParts<AppState> for ClientKey {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &AppState) -> Result<Self, Error> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        let ip = client_ip(peer, &parts.headers, state.config.trust_forwarded_for);
        Ok(ClientKey(ip.map(rate_limit_key).map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_limited_per_64_prefix() {
        let key = |ip: &str| rate_limit_key(ip.parse().unwrap()).to_string();
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"));
    }
}
