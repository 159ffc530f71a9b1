//! The maintenance every server process runs in the background: forgetting expired guessing and write-limit
//! counts and past days' rating dedupe keys (each minute), and erasing the contact details of questions
//! finished, of comments on consultations finished, and of follows made, longer ago than their agency keeps
//! them (each hour). Every job is safe to run in several processes at once. They stop when the process shuts
//! down.

use std::time::Duration;

use crate::platform::clock;
use crate::{AppState, consultations, follows, questions, ratings};

const SWEEP: Duration = Duration::from_secs(60);
const RETENTION: Duration = Duration::from_secs(3600);

pub fn spawn(state: AppState) {
    let mut stopping = state.background.stopping();
    tokio::spawn(async move {
        let mut sweep = tokio::time::interval(SWEEP);
        let mut retention = tokio::time::interval(RETENTION);
        loop {
            tokio::select! {
                _ = sweep.tick() => sweep_once(&state).await,
                _ = retention.tick() => {
                    if let Err(error) = questions::erase_expired_contacts(&state.db).await {
                        tracing::warn!(?error, "retention: could not erase expired contact details of questions");
                    }
                    if let Err(error) = consultations::erase_expired_contacts(&state.db).await {
                        tracing::warn!(?error, "retention: could not erase expired contact details of comments");
                    }
                    if let Err(error) = follows::erase_expired(&state.db).await {
                        tracing::warn!(?error, "retention: could not erase the addresses of expired follows");
                    }
                }
                _ = stopping.changed() => break,
            }
        }
    });
}

/// Forgets what is no longer needed: counts whose window has passed, and dedupe keys of past days.
pub async fn sweep_once(state: &AppState) {
    if let Err(error) = state.guessing.sweep().await {
        tracing::warn!(%error, "could not sweep guessing counts");
    }
    if let Err(error) = state.write_limiter.sweep().await {
        tracing::warn!(%error, "could not sweep write limits");
    }
    if let Err(error) = ratings::forget_past_keys(state, clock::today_in_vietnam()).await {
        tracing::warn!(?error, "could not forget past dedupe keys");
    }
}
