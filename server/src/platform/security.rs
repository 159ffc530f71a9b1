//! The client's address, and the per-address limit on writes.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};

use crate::{AppState, Error};

/// Limits writes per client IP; answers 429 with `Retry-After` once the quota is spent.
pub async fn limit_writes(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, Error> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.run(req).await);
    }
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let ip = client_ip(peer, req.headers(), state.config.trust_forwarded_for)
        .ok_or_else(|| Error::Internal("no client address: serve with connect info".into()))?;
    if let Err(not_until) = state.write_limiter.check_key(&rate_limit_key(ip)) {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        return Err(Error::TooManyRequests { retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0) });
    }
    Ok(next.run(req).await)
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
