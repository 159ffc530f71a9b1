//! The Tương Tác server: the API under `/api/v1`, its OpenAPI document, the built widgets and the demo.
//! `app(state)` builds the whole router; `main.rs` parses the command line and serves it, or runs an
//! operator's command from `cli.rs`.
//!
//! Features (`agencies`, `staff`, `questions`, `ratings`) each hold their functions and SQL in `mod.rs`/`store.rs` and
//! their handlers in `http.rs`; a feature calls another's functions, never its handlers. `db` knows no
//! feature; `platform` is what every feature stands on.

pub mod agencies;
pub mod app;
pub mod assets;
pub mod audit;
pub mod backup;
pub mod cli;
pub mod console;
pub mod consultations;
pub mod db;
pub mod embed;
pub mod error;
pub mod extract;
pub mod follows;
pub mod health;
pub mod jobs;
pub mod metrics;
pub mod openapi;
pub mod opendata;
pub mod outbox;
pub mod platform;
pub mod questions;
pub mod ratings;
pub mod staff;
pub mod state;

pub use app::app;
pub use error::{Error, Result};
pub use platform::clock;
pub use state::{AppState, Config};

/// Opens the database at `url` (SQLite or PostgreSQL), applies the migrations it lacks, and runs the Rust
/// half of those that need one.
pub async fn connect(url: &str) -> Result<sqlx::AnyPool> {
    let upgrades = [
        db::Upgrade { after: 2, run: |pool| Box::pin(questions::backfill(pool)) },
        db::Upgrade { after: 9, run: |pool| Box::pin(consultations::backfill(pool)) },
        db::Upgrade { after: 10, run: |pool| Box::pin(questions::backfill_folded(pool)) },
    ];
    db::connect(url, &upgrades).await
}
