//! Connecting to SQLite or PostgreSQL through sqlx's `Any` driver, and the migrations.

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor, Row};

use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, include_str!("../migrations/0001_init.sqlite.sql"), include_str!("../migrations/0001_init.postgres.sql")),
    (2, include_str!("../migrations/0002_qa_loop.sqlite.sql"), include_str!("../migrations/0002_qa_loop.postgres.sql")),
];

/// Opens a pool. A SQLite file is created if missing and every connection runs in WAL mode with
/// `synchronous=FULL`, so a submission acknowledged with 201 survives a crash or power loss.
pub async fn connect(url: &str) -> Result<AnyPool> {
    install_default_drivers();
    let backend = Backend::of_url(url)
        .ok_or_else(|| crate::Error::Internal(format!("unsupported database URL {url:?}: use sqlite:// or postgres://")))?;
    let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
    let url = match backend {
        Backend::Sqlite => {
            options = options.max_connections(8).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                         PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                    )
                    .await?;
                    Ok(())
                })
            });
            with_create_mode(url)
        }
        Backend::Postgres => {
            options = options.max_connections(16);
            url.to_owned()
        }
    };
    let pool = options.connect(&url).await?;
    migrate(&pool, backend).await?;
    Ok(pool)
}

/// `sqlite://path` opens read-write but does not create; the server should create its own database.
fn with_create_mode(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

async fn migrate(pool: &AnyPool, backend: Backend) -> Result<()> {
    pool.execute("CREATE TABLE IF NOT EXISTS _migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
        .await?;
    for (version, sqlite, postgres) in MIGRATIONS {
        let mut tx = pool.begin().await?;
        let applied = sqlx::query("SELECT version FROM _migrations WHERE version = $1")
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
        if applied.is_some() {
            continue;
        }
        let script = if backend == Backend::Sqlite { sqlite } else { postgres };
        tx.execute(sqlx::raw_sql(script)).await?;
        sqlx::query("INSERT INTO _migrations (version, applied_at) VALUES ($1, $2)")
            .bind(version)
            .bind(crate::clock::now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version, "applied migration");
        if *version == 2 {
            // Questions stored before version 2 get the due dates and search text it introduced; the rules
            // for both live in Rust, not SQL.
            crate::routes::backfill(pool).await?;
        }
    }
    Ok(())
}

/// A random per-installation secret, made on first use and kept in the database.
pub async fn server_secret(pool: &AnyPool, name: &str) -> Result<[u8; 32]> {
    let fresh = hex(&crate::security::random_bytes::<32>());
    sqlx::query("INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(&fresh)
        .execute(pool)
        .await?;
    let stored: String =
        sqlx::query("SELECT value FROM server_secrets WHERE name = $1").bind(name).fetch_one(pool).await?.try_get(0)?;
    let mut secret = [0u8; 32];
    for (i, byte) in secret.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&stored[2 * i..2 * i + 2], 16)
            .map_err(|e| crate::Error::Internal(format!("corrupt secret {name}: {e}")))?;
    }
    Ok(secret)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a database error is a unique-constraint violation (a concurrent duplicate).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Parses a `sqlite://` path into a URL the way users write it on the command line.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}", path.display())
}

/// A stored (compact) tracking code as people read it, `XXXXX-XXXXX`.
pub fn display_code(stored: String) -> String {
    domain::TrackingCode::parse(&stored).map(|c| c.to_string()).unwrap_or(stored)
}

/// A stored status; only the server writes the column, so an unknown value cannot occur in practice.
pub fn stored_status(stored: String) -> domain::QuestionStatus {
    domain::QuestionStatus::parse(&stored).unwrap_or(domain::QuestionStatus::Received)
}
