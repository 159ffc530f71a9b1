//! `/metrics` in Prometheus' text exposition format, written by hand (a few counters and one histogram do
//! not need a metrics library): requests by route and status, their latency, the outbox, guessing and write
//! limits, the database pools and ratings' group commit. Served on a separate listen address
//! (`--metrics-addr`), or on the main one behind a bearer token (`--metrics-token`); never to the public.
//!
//! Request counts and latencies are this process's; what is read from the database (the outbox, locked
//! keys) is the same for every process.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::platform::clock;
use crate::{AppState, Error, db, outbox};

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
struct Histogram {
    /// Observations at or below each bound of `BUCKETS` (not cumulative here; summed when rendered).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

pub struct Metrics {
    started: Instant,
    /// (method, route, status) → requests.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route → latency.
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics { started: Instant::now(), requests: Mutex::default(), latency: Mutex::default() }
    }
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        *self
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        let mut latency = self.latency.lock().unwrap_or_else(PoisonError::into_inner);
        let histogram = latency.entry(route.to_owned()).or_default();
        if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            histogram.buckets[bucket] += 1;
        }
        histogram.count += 1;
        histogram.sum += seconds;
    }
}

/// Counts every request by its route's template (`/api/v1/agencies/{agency}/questions`, never the path a
/// client wrote, so no code or address becomes a label) and its status, and times it.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state.metrics.observe(&method, &route, status, elapsed.as_secs_f64());
    tracing::debug!(method, route, status, micros = elapsed.as_micros() as u64, "request");
    response
}

/// `/metrics` on the main address: only with the configured bearer token (401 without it), and not at all
/// (404) when no token is configured.
pub async fn guarded(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    let Some(token) = state.config.metrics_token.as_deref() else { return Err(Error::NotFound) };
    check_token(&headers, token)?;
    Ok(render_response(&state).await)
}

/// The router of the separate metrics address; the token is required there too when one is configured.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(state): State<AppState>, headers: HeaderMap| async move {
                if let Some(token) = state.config.metrics_token.as_deref() {
                    check_token(&headers, token)?;
                }
                Ok::<_, Error>(render_response(&state).await)
            }),
        )
        .fallback(|| async { Error::NotFound })
        .with_state(state)
}

fn check_token(headers: &HeaderMap, token: &str) -> Result<(), Error> {
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared as hashes, so the comparison's time says nothing about the token.
    if Sha256::digest(sent.as_bytes()) == Sha256::digest(token.as_bytes()) { Ok(()) } else { Err(Error::Unauthorized) }
}

async fn render_response(state: &AppState) -> Response {
    let mut response = (StatusCode::OK, render(state).await).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value, escaped as the format requires.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Everything, as Prometheus reads it.
pub async fn render(state: &AppState) -> String {
    let mut out = String::new();
    let m = &state.metrics;

    family(
        &mut out,
        "tuongtac_http_requests_total",
        "counter",
        "HTTP requests answered, by route template and status.",
    );
    for ((method, route, status), count) in m.requests.lock().unwrap_or_else(PoisonError::into_inner).iter() {
        let _ = writeln!(
            out,
            "tuongtac_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {count}",
            label(method),
            label(route)
        );
    }
    family(&mut out, "tuongtac_http_request_duration_seconds", "histogram", "Time to answer, by route template.");
    for (route, h) in m.latency.lock().unwrap_or_else(PoisonError::into_inner).iter() {
        let route = label(route);
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(h.buckets) {
            cumulative += count;
            let _ = writeln!(
                out,
                "tuongtac_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ =
            writeln!(out, "tuongtac_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}", h.count);
        let _ = writeln!(out, "tuongtac_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", h.sum);
        let _ = writeln!(out, "tuongtac_http_request_duration_seconds_count{{route=\"{route}\"}} {}", h.count);
    }

    family(
        &mut out,
        "tuongtac_guess_refusals_total",
        "counter",
        "PIN lookups and log-ins refused by a guessing limit (this process).",
    );
    let _ = writeln!(out, "tuongtac_guess_refusals_total {}", state.guessing.refusals());
    family(
        &mut out,
        "tuongtac_write_limit_refusals_total",
        "counter",
        "Writes refused by the per-address limit (this process).",
    );
    let _ = writeln!(out, "tuongtac_write_limit_refusals_total {}", state.write_limiter.refusals());
    let (commits, ratings) = state.rating_writer.stats();
    family(&mut out, "tuongtac_rating_commits_total", "counter", "Transactions that stored ratings (this process).");
    let _ = writeln!(out, "tuongtac_rating_commits_total {commits}");
    family(&mut out, "tuongtac_ratings_stored_total", "counter", "Ratings stored (this process).");
    let _ = writeln!(out, "tuongtac_ratings_stored_total {ratings}");

    family(&mut out, "tuongtac_db_pool_connections", "gauge", "Open database connections by pool and state.");
    for (name, pool) in [("main", &state.db), ("counters", &state.counters)] {
        let idle = pool.num_idle() as u32;
        let _ = writeln!(out, "tuongtac_db_pool_connections{{pool=\"{name}\",state=\"idle\"}} {idle}");
        let _ = writeln!(
            out,
            "tuongtac_db_pool_connections{{pool=\"{name}\",state=\"in_use\"}} {}",
            pool.size().saturating_sub(idle)
        );
    }
    family(&mut out, "tuongtac_db_pool_max_connections", "gauge", "The most connections each pool opens.");
    for (name, pool) in [("main", &state.db), ("counters", &state.counters)] {
        let _ = writeln!(
            out,
            "tuongtac_db_pool_max_connections{{pool=\"{name}\"}} {}",
            pool.options().get_max_connections()
        );
    }
    family(&mut out, "tuongtac_uptime_seconds", "gauge", "Seconds since this process started.");
    let _ = writeln!(out, "tuongtac_uptime_seconds {}", m.started.elapsed().as_secs());

    // What the database says, shared by every process. A database that does not answer shows as down.
    let shared = async {
        let (pending, oldest) = outbox::depth(&state.db).await?;
        let given_up = outbox::given_up(&state.db).await?;
        let locked = state.guessing.locked_now().await?;
        let applied = db::applied_migration(&state.db).await?;
        Ok::<_, sqlx::Error>((pending, oldest, given_up, locked, applied))
    };
    let up = match shared.await {
        Ok((pending, oldest, given_up, locked, applied)) => {
            let age = oldest
                .and_then(|at| clock::parse(&at))
                .map_or(0, |at| (time::OffsetDateTime::now_utc() - at).whole_seconds().max(0));
            family(&mut out, "tuongtac_outbox_pending", "gauge", "Mail waiting to be sent.");
            let _ = writeln!(out, "tuongtac_outbox_pending {pending}");
            family(
                &mut out,
                "tuongtac_outbox_oldest_pending_age_seconds",
                "gauge",
                "Age of the oldest mail waiting (0 when none).",
            );
            let _ = writeln!(out, "tuongtac_outbox_oldest_pending_age_seconds {age}");
            family(&mut out, "tuongtac_outbox_given_up", "gauge", "Mail given up after every attempt failed.");
            let _ = writeln!(out, "tuongtac_outbox_given_up {given_up}");
            family(
                &mut out,
                "tuongtac_guess_keys_locked",
                "gauge",
                "Codes, usernames and addresses locked out now (all processes).",
            );
            let _ = writeln!(out, "tuongtac_guess_keys_locked {locked}");
            family(
                &mut out,
                "tuongtac_schema_migration",
                "gauge",
                "The newest migration applied to the database, and the newest this binary knows.",
            );
            let _ = writeln!(out, "tuongtac_schema_migration{{of=\"database\"}} {applied}");
            let _ = writeln!(out, "tuongtac_schema_migration{{of=\"binary\"}} {}", db::latest_migration());
            1
        }
        Err(error) => {
            tracing::warn!(%error, "metrics: the database did not answer");
            0
        }
    };
    family(&mut out, "tuongtac_database_up", "gauge", "Whether the database answered this scrape's queries.");
    let _ = writeln!(out, "tuongtac_database_up {up}");
    out
}
