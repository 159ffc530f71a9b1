//! The Tương Tác server: the API under `/api/v1`, its OpenAPI document, the built widgets and the demo.
//! `app(state)` builds the whole router; `main.rs` only parses the command line and serves it.

pub mod agencies;
pub mod audit;
pub mod cache;
pub mod clock;
pub mod db;
pub mod error;
pub mod extract;
pub mod lockout;
pub mod notify;
pub mod passwords;
pub mod routes;
pub mod security;
pub mod staff;
pub mod state;

pub use error::{Error, Result};
pub use routes::app;
pub use state::{AppState, Config};
