//! `tuongtac backup` and `tuongtac restore` for SQLite. A backup is taken while the server runs, as one
//! consistent snapshot (`VACUUM INTO` reads in one transaction; in WAL mode writers go on meanwhile), so it
//! holds every write acknowledged before it began. What is meant to be forgotten is left out: the day's
//! rating dedupe key (with it, a stored dedupe token could be tested against addresses) and the guessing
//! and write-limit counters; the copy is then vacuumed again so nothing of them remains in free pages.
//! PostgreSQL has its own tool for both, `pg_dump`, and these commands say how to use it.

use std::path::{Path, PathBuf};

use sqlx::{Connection, Executor, Row};

use crate::db::{self, Backend};

/// Tables whose rows exist only to be forgotten; a backup leaves them empty.
const FORGOTTEN: &[&str] = &["dedupe_keys", "guess_counts", "write_limits"];

const POSTGRES_ADVICE: &str = "\
this command copies SQLite databases. For PostgreSQL use pg_dump, which takes a consistent snapshot while
the service runs, leaving out what is meant to be forgotten:
  pg_dump --format=custom --exclude-table-data=dedupe_keys --exclude-table-data=guess_counts \\
          --exclude-table-data=write_limits --file tuongtac.dump \"$DATABASE_URL\"
and restore it into a new, empty database (then point DATABASE_URL at it and start tuongtac):
  createdb tuongtac_restored && pg_restore --no-owner --dbname postgres://…/tuongtac_restored tuongtac.dump";

fn sqlite_path(url: &str) -> Result<PathBuf, String> {
    if Backend::of_url(url) == Some(Backend::Postgres) {
        return Err(POSTGRES_ADVICE.to_owned());
    }
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).ok_or("not a SQLite URL")?;
    Ok(PathBuf::from(path.split('?').next().unwrap_or(path)))
}

fn fail(what: &str) -> impl Fn(sqlx::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// Writes a consistent copy of the database at `url` to `target` (which must not exist).
pub async fn backup(url: &str, target: &Path) -> Result<(), String> {
    sqlite_path(url)?;
    if target.exists() {
        return Err(format!("{} exists already: choose a new file", target.display()));
    }
    let pool = crate::connect(url).await.map_err(|e| format!("{e:?}"))?;
    let partial = partial_path(target);
    let _ = std::fs::remove_file(&partial);
    sqlx::query("VACUUM INTO $1")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&pool)
        .await
        .map_err(fail("copy the database"))?;
    pool.close().await;
    let copy = format!("sqlite://{}", partial.display());
    let mut conn = sqlx::SqliteConnection::connect(&copy).await.map_err(fail("open the copy"))?;
    for table in FORGOTTEN {
        conn.execute(format!("DELETE FROM {table}").as_str()).await.map_err(fail("empty the forgotten tables"))?;
    }
    conn.execute("VACUUM").await.map_err(fail("compact the copy"))?;
    let questions: i64 = sqlx::query("SELECT COUNT(*) AS n FROM questions")
        .fetch_one(&mut conn)
        .await
        .map_err(fail("count questions"))?
        .try_get("n")
        .map_err(fail("count questions"))?;
    conn.close().await.map_err(fail("close the copy"))?;
    durable_rename(&partial, target)?;
    println!("backup written to {} ({questions} questions)", target.display());
    Ok(())
}

/// Replaces the SQLite database at `url` with the backup `source`. Every server process must be stopped:
/// a database still open elsewhere is refused. The database replaced is kept beside it, renamed.
pub async fn restore(source: &Path, url: &str) -> Result<(), String> {
    let target = sqlite_path(url)?;
    let source_url = format!("sqlite://{}?mode=ro", source.display());
    let mut backup = sqlx::SqliteConnection::connect(&source_url).await.map_err(fail("open the backup"))?;
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut backup)
        .await
        .map_err(fail("check the backup"))?
        .try_get(0)
        .map_err(fail("check the backup"))?;
    if check != "ok" {
        return Err(format!("{} is damaged: {check}", source.display()));
    }
    let version: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM _migrations")
        .fetch_one(&mut backup)
        .await
        .map_err(|e| format!("{} is not a tuongtac database: {e}", source.display()))?
        .try_get("v")
        .map_err(fail("read the backup's version"))?;
    backup.close().await.map_err(fail("close the backup"))?;
    if version > db::latest_migration() {
        return Err(format!(
            "the backup is at migration {version}, newer than this tuongtac: restore with the newer one"
        ));
    }
    if target.exists() {
        refuse_if_open(&target).await?;
        let stamp = crate::platform::clock::now().replace(':', "");
        for suffix in ["", "-wal", "-shm"] {
            let old = PathBuf::from(format!("{}{suffix}", target.display()));
            if old.exists() {
                let kept = PathBuf::from(format!("{}.before-restore-{stamp}{suffix}", target.display()));
                std::fs::rename(&old, &kept).map_err(|e| format!("keep {}: {e}", old.display()))?;
            }
        }
        println!("the database replaced is kept as {}.before-restore-{stamp}", target.display());
    }
    let partial = partial_path(&target);
    std::fs::copy(source, &partial).map_err(|e| format!("copy the backup: {e}"))?;
    durable_rename(&partial, &target)?;
    // Opening it applies any migration a newer binary brings, and turns WAL mode back on.
    let pool = crate::connect(url).await.map_err(|e| format!("{e:?}"))?;
    let questions: i64 = sqlx::query("SELECT COUNT(*) AS n FROM questions")
        .fetch_one(&pool)
        .await
        .map_err(fail("count questions"))?
        .try_get("n")
        .map_err(fail("count questions"))?;
    pool.close().await;
    println!("restored {} into {} ({questions} questions)", source.display(), target.display());
    Ok(())
}

/// Refuses a database that another process has open: taking SQLite's exclusive lock succeeds only when no
/// other connection has the file open in WAL mode.
async fn refuse_if_open(path: &Path) -> Result<(), String> {
    let url = format!("sqlite://{}", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.map_err(fail("open the database"))?;
    let locked = async {
        conn.execute("PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE;").await?;
        conn.execute("BEGIN EXCLUSIVE").await?;
        conn.execute("SELECT COUNT(*) FROM _migrations").await?;
        conn.execute("COMMIT").await
    }
    .await;
    let _ = conn.close().await;
    locked
        .map(|_| ())
        .map_err(|_| format!("{} is in use: stop every tuongtac process on it before restoring", path.display()))
}

fn partial_path(target: &Path) -> PathBuf {
    PathBuf::from(format!("{}.partial", target.display()))
}

/// Makes `from` durable and renames it to `to`, durably.
fn durable_rename(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::File::open(from).and_then(|f| f.sync_all()).map_err(|e| format!("sync {}: {e}", from.display()))?;
    std::fs::rename(from, to).map_err(|e| format!("rename to {}: {e}", to.display()))?;
    let dir = to.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| format!("sync {}: {e}", dir.display()))
}
