//! The server's integration tests, one binary: the API through the real router on SQLite and PostgreSQL,
//! and the real `tuongtac` binary over HTTP for what needs a process (SIGKILL, a full disk).

// Tables of cases are tuples; naming each shape would not make them clearer.
#![allow(clippy::type_complexity)]

#[macro_use]
mod common;

mod consultations;
mod durability;
mod instances;
mod migrations;
mod opendata;
mod operations;
mod questions;
mod ratings;
mod rights;
mod storage_faults;
mod workflow;
