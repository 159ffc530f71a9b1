//! Group commit for ratings. Ratings are the high-volume write (a compact rating can sit at the foot of every
//! page of a large portal), and each durable commit costs an fsync. Requests hand their rating to one writer
//! task; it stores every rating waiting at that moment in one transaction and answers each request only
//! after that transaction committed. Under load many ratings share one fsync; alone, a rating waits for
//! nobody.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{mpsc, oneshot};

use super::store::{self, NewRow};
use crate::db;
use crate::{Error, Result};

/// Ratings stored in one transaction at most: enough to share an fsync widely, small enough that a
/// transaction stays short.
const MAX_BATCH: usize = 128;

struct Job {
    row: NewRow,
    /// Whether it replaced an earlier rating, once committed.
    done: oneshot::Sender<Result<bool>>,
}

pub struct Writer {
    jobs: mpsc::Sender<Job>,
    stats: Arc<Stats>,
}

/// How many transactions stored how many ratings, since the start.
#[derive(Default)]
pub struct Stats {
    pub commits: AtomicU64,
    pub ratings: AtomicU64,
}

impl Writer {
    /// Starts the writer task on the current runtime.
    pub fn start(db: sqlx::AnyPool) -> Writer {
        let (jobs, mut queue) = mpsc::channel::<Job>(4 * MAX_BATCH);
        let stats = Arc::new(Stats::default());
        let counted = Arc::clone(&stats);
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                store_batch(&db, batch, &counted).await;
            }
        });
        Writer { jobs, stats }
    }

    /// (transactions committed, ratings they stored).
    pub fn stats(&self) -> (u64, u64) {
        (self.stats.commits.load(Ordering::Relaxed), self.stats.ratings.load(Ordering::Relaxed))
    }

    /// Stores `row`; answers once it is committed, with whether it replaced an earlier rating.
    pub async fn write(&self, row: NewRow) -> Result<bool> {
        let (done, answer) = oneshot::channel();
        self.jobs.send(Job { row, done }).await.map_err(|_| Error::Internal("the rating writer has stopped".into()))?;
        answer.await.map_err(|_| Error::Internal("the rating writer dropped a rating".into()))?
    }
}

async fn store_batch(db: &sqlx::AnyPool, batch: Vec<Job>, stats: &Stats) {
    let rows: Vec<&NewRow> = batch.iter().map(|job| &job.row).collect();
    match commit(db, &rows).await {
        Ok(replaced) => {
            stats.commits.fetch_add(1, Ordering::Relaxed);
            stats.ratings.fetch_add(replaced.len() as u64, Ordering::Relaxed);
            for (job, replaced) in batch.into_iter().zip(replaced) {
                let _ = job.done.send(Ok(replaced));
            }
        }
        // A full disk refuses every one of them alike.
        Err(e) if db::storage_fault(&e).is_some() || batch.len() == 1 => {
            let reason = db::storage_fault(&e);
            tracing::warn!(error = %e, ratings = batch.len(), "ratings not stored");
            for job in batch {
                let error = match reason {
                    Some(reason) => Error::StorageUnavailable { reason, detail: e.to_string() },
                    None => Error::Internal(format!("database: {e}")),
                };
                let _ = job.done.send(Err(error));
            }
        }
        // Anything else may be one rating's fault: store each alone, so the others are not refused for it.
        Err(_) => {
            for job in batch {
                let outcome = commit(db, &[&job.row]).await.map(|replaced| replaced[0]).map_err(Error::from);
                let _ = job.done.send(outcome);
            }
        }
    }
}

/// One transaction for all of `rows`; for each, whether it replaced an earlier rating.
async fn commit(db: &sqlx::AnyPool, rows: &[&NewRow]) -> Result<Vec<bool>, sqlx::Error> {
    let mut tx = db::begin(db).await?;
    let mut replaced = Vec::with_capacity(rows.len());
    for row in rows {
        replaced.push(store::upsert(&mut tx, row).await?);
    }
    tx.commit().await?;
    Ok(replaced)
}
