//! What stands between the open internet and the database: per-agency origin checks and CORS, the client
//! IP, per-IP rate limits and randomness.

use std::net::{IpAddr, SocketAddr};
use std::ops::Deref;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};

use crate::agencies::{self, Agency};
use crate::{AppState, Error};

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
}

pub fn random_u32s<const N: usize>() -> [u32; N] {
    std::array::from_fn(|_| u32::from_le_bytes(random_bytes::<4>()))
}

/// The headers a widget sends on a write.
const ALLOWED_HEADERS: &str = "content-type, idempotency-key";

/// Guards every `/api/v1/agencies/{agency}/…` request: the agency must exist; writes must come from one of
/// its allowed origins; CORS is answered to those origins only; preflights are answered here. The agency is
/// handed to the handler so it is read once.
pub async fn agency_guard(State(state): State<AppState>, mut req: Request, next: Next) -> Result<Response, Error> {
    let slug = agency_slug(req.uri().path()).ok_or(Error::NotFound)?.to_owned();
    if !domain::agency::is_valid_slug(&slug) {
        return Err(Error::NotFound);
    }
    let agency = agencies::find_cached(&state.agencies, &state.db, &slug).await?.ok_or(Error::NotFound)?;
    let origin = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_owned);
    let allowed_origin = origin.filter(|o| agency.allows_origin(o));
    let is_preflight = req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let is_write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);

    if (is_preflight || is_write) && allowed_origin.is_none() {
        return Err(Error::OriginNotAllowed);
    }
    let mut response = if is_preflight {
        let mut preflight = StatusCode::NO_CONTENT.into_response();
        let headers = preflight.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        preflight
    } else {
        req.extensions_mut().insert(agency);
        next.run(req).await
    };
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed_origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("retry-after"));
    }
    Ok(response)
}

/// `/api/v1/agencies/{slug}/…` → `slug`.
fn agency_slug(path: &str) -> Option<&str> {
    path.strip_prefix("/api/v1/agencies/")?.split('/').next().filter(|s| !s.is_empty())
}

/// The agency a request is for, as `agency_guard` found it: shared, not copied, on every request.
pub struct CurrentAgency(Arc<Agency>);

impl Deref for CurrentAgency {
    type Target = Agency;

    fn deref(&self) -> &Agency {
        &self.0
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for CurrentAgency {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        let agency = parts.extensions.get::<Arc<Agency>>().ok_or_else(|| Error::Internal("agency guard not applied".into()))?;
        Ok(CurrentAgency(Arc::clone(agency)))
    }
}

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
