//! What every handler shares.

use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;

use sqlx::AnyPool;

use std::time::Duration;

use axum::body::Bytes;

use crate::agencies::AgencyCache;
use crate::db::StorageHealth;
use crate::platform::cache::TtlCache;
use crate::platform::lockout::Guessing;
use crate::platform::mail::Mailer;
use crate::platform::security::WriteLimiter;
use tokio::sync::{Notify, watch};

/// How long an agency's settings are cached; an operator's change takes effect within this time.
const AGENCY_CACHE_TTL: Duration = Duration::from_secs(5);
/// How long a page of a public list is served from memory. Clients are told they may keep it for 60 s.
const PUBLIC_LIST_TTL: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct Config {
    /// Where `cargo xtask build` put the widgets (served at `/widgets/`).
    pub widgets_dir: PathBuf,
    /// The demo pages (served at `/demo/`), when the server runs as the demo.
    pub demo_dir: Option<PathBuf>,
    /// Writes (question submissions) allowed per client IP per minute.
    pub writes_per_minute: NonZeroU32,
    /// Take the client IP from the last `X-Forwarded-For` entry: only behind a reverse proxy that sets it.
    pub trust_forwarded_for: bool,
    /// Where notification mail goes; without it, mail waits in the outbox.
    pub smtp_url: Option<String>,
    /// The sender of notification mail, e.g. `Sở TT&TT <noreply@stttt.example.gov.vn>`.
    pub mail_from: String,
    /// The delay before the first retry of a failed mail; it doubles with each further failure.
    pub mail_retry_base: Duration,
    /// The bearer token that `/metrics` on the main address requires; without it (and without a separate
    /// metrics address) `/metrics` is not served there.
    pub metrics_token: Option<String>,
    /// This server's own public origin (`https://tuongtac.example.gov.vn`), where the iframe fallback's embed
    /// pages live: writes from it are accepted for every agency (see ARCHITECTURE.md, Invariants).
    pub public_origin: Option<String>,
}

impl Config {
    pub fn new(widgets_dir: PathBuf) -> Config {
        Config {
            widgets_dir,
            demo_dir: None,
            writes_per_minute: NonZeroU32::new(10).expect("non-zero"),
            trust_forwarded_for: false,
            smtp_url: None,
            mail_from: "Tương Tác <noreply@localhost>".into(),
            mail_retry_base: Duration::from_secs(30),
            metrics_token: None,
            public_origin: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: AnyPool,
    /// The same database, for shared counters whose commits need not wait for the disk (`db::counters_pool`).
    pub counters: AnyPool,
    pub config: Arc<Config>,
    /// The per-address write limit, shared with every process on the database.
    pub write_limiter: Arc<WriteLimiter>,
    pub agencies: Arc<AgencyCache>,
    /// Serialised pages of public lists by (agency id, page, per page).
    pub public_lists: Arc<TtlCache<(i64, u32, u32), Bytes>>,
    /// The key that derives a retried submission's PIN from its Idempotency-Key, so the PIN is never stored.
    pub pin_key: Arc<[u8; 32]>,
    /// Limits on guessing PINs (tracker lookups) and passwords (staff log-ins).
    pub guessing: Arc<Guessing>,
    /// Wakes the mail worker when a notification is committed.
    pub outbox: Arc<Notify>,
    /// Whether the database takes writes, for `/readyz`.
    pub storage: Arc<StorageHealth>,
    /// Stores ratings in shared transactions.
    pub rating_writer: Arc<crate::ratings::writer::Writer>,
    /// The key of today's rating dedupe tokens.
    pub dedupe_key: Arc<crate::ratings::DedupeKey>,
    /// Published rating summaries by (agency id, page, period).
    pub rating_summaries: Arc<crate::ratings::SummaryCache>,
    /// Public consultations (with their drafts and counts) as JSON, by (agency id, slug), for a few seconds.
    pub consultations: Arc<TtlCache<(i64, String), Bytes>>,
    /// Open data and archive pages as JSON, by (agency id, what was asked), for a few seconds.
    pub open_data: Arc<TtlCache<(i64, String), Bytes>>,
    /// Requests and latencies for `/metrics`.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Tells the background workers to stop, and waits for the mail worker's current message.
    pub background: Arc<Background>,
}

/// The background tasks of one process: the mail worker and the maintenance jobs (`jobs.rs`).
pub struct Background {
    stop: watch::Sender<bool>,
    mail_worker: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Background {
    /// A receiver that sees `true` once the process is shutting down.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stop.subscribe()
    }

    /// Tells the workers to stop, without waiting.
    pub fn request_stop(&self) {
        self.stop.send_replace(true);
    }

    /// Tells the workers to stop and waits until the mail worker has finished its current message.
    pub async fn stop(&self) {
        self.stop.send_replace(true);
        let worker = self.mail_worker.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        if let Some(worker) = worker {
            let _ = worker.await;
        }
    }
}

impl AppState {
    pub async fn new(db: AnyPool, config: Config) -> crate::Result<AppState> {
        let pin_key = crate::db::server_secret(&db, "pin_key").await?;
        let counter_key = crate::db::server_secret(&db, "counter_key").await?;
        let counters = crate::db::counters_pool(&db).await?;
        let write_limiter = Arc::new(WriteLimiter::new(counters.clone(), counter_key, config.writes_per_minute));
        let guessing = Arc::new(Guessing::new(counters.clone(), counter_key));
        let outbox = Arc::new(Notify::new());
        let (stop, _) = watch::channel(false);
        let background = Arc::new(Background { stop, mail_worker: std::sync::Mutex::new(None) });
        if let Some(url) = &config.smtp_url {
            let mailer = Mailer::new(url, &config.mail_from, config.mail_retry_base).map_err(crate::Error::Internal)?;
            let worker = crate::outbox::spawn_worker(db.clone(), mailer, Arc::clone(&outbox), background.stopping());
            *background.mail_worker.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(worker);
        }
        let rating_writer = Arc::new(crate::ratings::writer::Writer::start(db.clone()));
        let state = AppState {
            db,
            counters,
            config: Arc::new(config),
            write_limiter,
            agencies: Arc::new(AgencyCache::new(AGENCY_CACHE_TTL, 4_096)),
            public_lists: Arc::new(TtlCache::new(PUBLIC_LIST_TTL, 4_096)),
            pin_key: Arc::new(pin_key),
            guessing,
            outbox,
            storage: Arc::new(StorageHealth::default()),
            rating_writer,
            dedupe_key: Arc::new(crate::ratings::DedupeKey::default()),
            rating_summaries: Arc::new(TtlCache::new(PUBLIC_LIST_TTL, 4_096)),
            consultations: Arc::new(TtlCache::new(PUBLIC_LIST_TTL, 4_096)),
            open_data: Arc::new(TtlCache::new(PUBLIC_LIST_TTL, 4_096)),
            metrics: Arc::new(crate::metrics::Metrics::default()),
            background,
        };
        crate::jobs::spawn(state.clone());
        Ok(state)
    }
}
