//! Connecting to SQLite or PostgreSQL through sqlx's `Any` driver, and the migrations.

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::time::{Duration, Instant};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Row};

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
    (
        3,
        include_str!("../migrations/0003_storage_probe.sqlite.sql"),
        include_str!("../migrations/0003_storage_probe.postgres.sql"),
    ),
    (
        4,
        include_str!("../migrations/0004_subjects.sqlite.sql"),
        include_str!("../migrations/0004_subjects.postgres.sql"),
    ),
    (5, include_str!("../migrations/0005_ratings.sqlite.sql"), include_str!("../migrations/0005_ratings.postgres.sql")),
    (
        7,
        include_str!("../migrations/0007_shared_state.sqlite.sql"),
        include_str!("../migrations/0007_shared_state.postgres.sql"),
    ),
    (
        8,
        include_str!("../migrations/0008_consultations.sqlite.sql"),
        include_str!("../migrations/0008_consultations.postgres.sql"),
    ),
    (
        9,
        include_str!("../migrations/0009_comment_erasure.sqlite.sql"),
        include_str!("../migrations/0009_comment_erasure.postgres.sql"),
    ),
    (
        10,
        include_str!("../migrations/0010_open_data.sqlite.sql"),
        include_str!("../migrations/0010_open_data.postgres.sql"),
    ),
];

/// The newest migration this binary knows: `/readyz` compares the database's with it.
pub fn latest_migration() -> i64 {
    MIGRATIONS.iter().map(|(version, ..)| *version).max().unwrap_or(0)
}

/// The newest migration applied to the database.
pub async fn applied_migration(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COALESCE(MAX(version), 0) AS version FROM _migrations")
        .fetch_one(pool)
        .await?
        .try_get("version")
}

/// The Rust half of a migration, given the pool.
pub type UpgradeFn = for<'a> fn(&'a AnyPool) -> Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

/// Work in Rust that a migration needs (its rules live in a feature), run once, right after it.
pub struct Upgrade {
    /// The migration it follows.
    pub after: i64,
    pub run: UpgradeFn,
}

/// Opens a pool. A SQLite file is created if missing and every connection runs in WAL mode with
/// `synchronous=FULL`, so a submission acknowledged with 201 survives a crash or power loss.
pub async fn connect(url: &str, upgrades: &[Upgrade]) -> Result<AnyPool> {
    install_default_drivers();
    let backend = Backend::of_url(url).ok_or_else(|| {
        crate::Error::Internal(format!("unsupported database URL {url:?}: use sqlite:// or postgres://"))
    })?;
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
    migrate(&pool, backend, upgrades).await?;
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

/// Applies the migrations the database lacks, in order, each in its own transaction. Several processes may
/// start at once on one database: each migration first takes a lock that serialises them (an advisory lock
/// on PostgreSQL, the write lock on SQLite), then checks whether another process applied it meanwhile.
/// Migrations only go forward: a database that a newer binary has migrated further is refused, rather than
/// served by code that does not know its schema.
async fn migrate(pool: &AnyPool, backend: Backend, upgrades: &[Upgrade]) -> Result<()> {
    if backend == Backend::Postgres {
        // Two processes creating the table at once would collide on PostgreSQL's catalogue.
        let mut tx = begin(pool).await?;
        tx.execute("SELECT pg_advisory_xact_lock(7007)").await?;
        tx.execute("CREATE TABLE IF NOT EXISTS _migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
            .await?;
        tx.commit().await?;
    } else {
        pool.execute("CREATE TABLE IF NOT EXISTS _migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
            .await?;
    }
    let applied = applied_migration(pool).await?;
    if applied > latest_migration() {
        return Err(crate::Error::Internal(format!(
            "the database is at migration {applied}, newer than this binary knows ({}): run the newer tuongtac",
            latest_migration()
        )));
    }
    for (version, sqlite, postgres) in MIGRATIONS {
        let mut tx = begin(pool).await?;
        let lock = match backend {
            Backend::Postgres => "SELECT pg_advisory_xact_lock(7007)",
            // A write as the first statement takes SQLite's write lock, which a second process waits for.
            Backend::Sqlite => "UPDATE _migrations SET version = version WHERE version < 0",
        };
        tx.execute(lock).await?;
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
            .bind(crate::platform::clock::now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version, "applied migration");
        for upgrade in upgrades.iter().filter(|u| u.after == *version) {
            (upgrade.run)(pool).await?;
        }
    }
    Ok(())
}

/// A transaction on a connection of its own, which either commits or leaves no trace, and never hands a
/// connection in doubt back to the pool.
///
/// sqlx's `Transaction` keeps its own count of the transactions open on a connection. When SQLite refuses a
/// `COMMIT` (a full disk), it has already rolled back, so sqlx's `ROLLBACK` fails too and its count stays at
/// one while the connection holds nothing; the pool takes the connection back, the next transaction on it
/// becomes a `SAVEPOINT` that nothing ever commits, and every write acknowledged on that connection after it
/// is lost when the connection closes (ARCHITECTURE.md, "Storage faults"). Here `BEGIN`, `COMMIT` and
/// `ROLLBACK` are plain statements, and a connection goes back to the pool only after one of them succeeded:
/// after a failed or interrupted `COMMIT`, or a failed `ROLLBACK`, it is closed, which discards whatever the
/// database still held open for it, on SQLite and PostgreSQL alike.
pub struct Tx {
    /// Always `Some` until the transaction is dropped.
    conn: Option<PoolConnection<Any>>,
    end: TxEnd,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TxEnd {
    Open,
    /// `COMMIT` was sent and has not (yet) succeeded.
    Committing,
    Committed,
}

/// Starts a transaction. Use it for every write of more than one statement; never `AnyPool::begin`.
///
/// On SQLite it is `BEGIN IMMEDIATE`, which takes the write lock at once (waiting for it politely): a
/// transaction that read first and wrote later would otherwise fail at once with `SQLITE_BUSY` whenever
/// another connection (another process, the counters pool) committed in between.
pub async fn begin(pool: &AnyPool) -> Result<Tx, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let begin = if conn.backend_name().eq_ignore_ascii_case("sqlite") { "BEGIN IMMEDIATE" } else { "BEGIN" };
    conn.execute(begin).await?;
    Ok(Tx { conn: Some(conn), end: TxEnd::Open })
}

impl Tx {
    /// Commits. Only once this returns `Ok` may the write be acknowledged.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        self.end = TxEnd::Committing;
        self.execute("COMMIT").await?;
        self.end = TxEnd::Committed;
        Ok(())
    }
}

impl Deref for Tx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.conn.as_ref().expect("an open transaction has its connection")
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.conn.as_mut().expect("an open transaction has its connection")
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else { return };
        match self.end {
            TxEnd::Committed => {}
            TxEnd::Committing => conn.close_on_drop(),
            // Ended early (an error, a refused request, a client gone): roll back, and keep the connection
            // only if the rollback succeeded, which proves it holds nothing open.
            TxEnd::Open => {
                tokio::spawn(async move {
                    if let Err(error) = conn.execute("ROLLBACK").await {
                        tracing::warn!(%error, "rollback failed; closing the connection");
                        conn.close_on_drop();
                    }
                });
            }
        }
    }
}

/// A second pool on the same database for counters that must be shared between processes but need not
/// survive a crash (guessing and write limits): its commits do not wait for the disk (`synchronous=NORMAL`
/// in SQLite's WAL mode, `synchronous_commit=off` on PostgreSQL), so checking a limit costs a write but no
/// fsync. A crash may forget the last moment's counts; a later durable commit makes them durable too.
pub async fn counters_pool(main: &AnyPool) -> Result<AnyPool> {
    let options = main.connect_options();
    let pool = AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(10))
        .max_connections(8)
        .after_connect(|conn, _| {
            Box::pin(async move {
                let relaxed = if conn.backend_name().eq_ignore_ascii_case("postgresql") {
                    "SET synchronous_commit = off"
                } else {
                    "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;"
                };
                conn.execute(relaxed).await?;
                Ok(())
            })
        })
        .connect_with((*options).clone())
        .await?;
    Ok(pool)
}

/// A random per-installation secret, made on first use and kept in the database.
pub async fn server_secret(pool: &AnyPool, name: &str) -> Result<[u8; 32]> {
    let fresh = crate::platform::random::hex(&crate::platform::random::random_bytes::<32>());
    sqlx::query("INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(&fresh)
        .execute(pool)
        .await?;
    let stored: String = sqlx::query("SELECT value FROM server_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await?
        .try_get("value")?;
    let mut secret = [0u8; 32];
    for (i, byte) in secret.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&stored[2 * i..2 * i + 2], 16)
            .map_err(|e| crate::Error::Internal(format!("corrupt secret {name}: {e}")))?;
    }
    Ok(secret)
}

/// Whether a database error is a unique-constraint violation (a concurrent duplicate).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Why the storage cannot serve right now, if that is what a database error means: a full disk, an I/O
/// error, a database that is unreachable, overloaded or shutting down; not a fault in the request or in our
/// code. Nothing was stored, and the same request may succeed later.
pub fn storage_fault(error: &sqlx::Error) -> Option<&'static str> {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => Some("unreachable"),
        sqlx::Error::PoolTimedOut => Some("busy"),
        sqlx::Error::Database(e) => {
            let code = e.code().unwrap_or_default();
            if e.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // Extended result codes carry the primary result code in their low byte.
                match code.parse::<i32>().map_or(0, |c| c & 0xff) {
                    13 => Some("disk_full"),
                    10 | 14 => Some("io_error"),
                    8 => Some("read_only"),
                    11 | 26 => Some("corrupt"),
                    7 => Some("out_of_memory"),
                    5 | 6 | 15 => Some("busy"),
                    _ => None,
                }
            } else if e.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().is_some() {
                match &*code {
                    "53100" => Some("disk_full"),
                    "53200" => Some("out_of_memory"),
                    "53300" => Some("busy"),
                    "XX001" | "XX002" => Some("corrupt"),
                    "57P01" | "57P02" | "57P03" => Some("unreachable"),
                    c if c.starts_with("58") => Some("io_error"),
                    c if c.starts_with("08") => Some("unreachable"),
                    c if c.starts_with("53") => Some("busy"),
                    _ => None,
                }
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether the database takes writes, as `/readyz` reports it: a write it tries itself, at most once a
/// second so that requests to `/readyz` cannot become a flood of writes, and the storage faults that
/// requests met recently. The second matters because a probe can succeed where real writes fail: on
/// PostgreSQL a one-row update fits in a page that already exists while a new question needs a new one.
#[derive(Default)]
pub struct StorageHealth {
    probe: tokio::sync::Mutex<Option<(Instant, Result<(), &'static str>)>>,
    last_fault: std::sync::Mutex<Option<(Instant, &'static str)>>,
}

impl StorageHealth {
    /// How long a request's storage fault keeps the server unready.
    pub const FAULT_MEMORY: Duration = Duration::from_secs(30);
    const PROBE_REUSE: Duration = Duration::from_secs(1);

    /// Notes that a request met a storage fault, with a reason of [`storage_fault`].
    pub fn record(&self, reason: &'static str) {
        *self.last_fault.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((Instant::now(), reason));
    }

    /// `Err(reason)` when the database does not take a write now, or a request met a storage fault within
    /// [`Self::FAULT_MEMORY`].
    pub async fn check(&self, pool: &AnyPool) -> Result<(), &'static str> {
        let probed = {
            let mut probe = self.probe.lock().await;
            match *probe {
                Some((at, outcome)) if at.elapsed() < Self::PROBE_REUSE => outcome,
                _ => {
                    let outcome = probe_write(pool).await.map_err(|e| {
                        tracing::warn!(error = %e, "storage probe: the database does not take writes");
                        storage_fault(&e).unwrap_or("other")
                    });
                    *probe = Some((Instant::now(), outcome));
                    outcome
                }
            }
        };
        probed?;
        match *self.last_fault.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) {
            Some((at, reason)) if at.elapsed() < Self::FAULT_MEMORY => Err(reason),
            _ => Ok(()),
        }
    }
}

async fn probe_write(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let mut tx = begin(pool).await?;
    sqlx::query("UPDATE storage_probe SET checked_at = $1 WHERE id = 1")
        .bind(crate::platform::clock::now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Parses a `sqlite://` path into a URL the way users write it on the command line.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}", path.display())
}
