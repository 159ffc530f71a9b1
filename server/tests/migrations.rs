//! Upgrading a database that holds questions from before migration 2: they get a due date, search text and
//! the first step of their timeline, and stay followable.

#[macro_use]
mod common;

use common::{Backend, TestDb};
use sqlx::any::AnyPoolOptions;
use sqlx::{Executor, Row};

on_both_backends!(questions_from_before_the_lifecycle_are_upgraded);

async fn questions_from_before_the_lifecycle_are_upgraded(backend: Backend) {
    let database = TestDb::create(backend).await;
    sqlx::any::install_default_drivers();
    let url = match backend {
        Backend::Sqlite => format!("{}?mode=rwc", database.url),
        Backend::Postgres => database.url.clone(),
    };
    let old = AnyPoolOptions::new().max_connections(1).connect(&url).await.expect("connect");
    let first = match backend {
        Backend::Sqlite => include_str!("../migrations/0001_init.sqlite.sql"),
        Backend::Postgres => include_str!("../migrations/0001_init.postgres.sql"),
    };
    old.execute(sqlx::raw_sql(first)).await.expect("migration 1");
    old.execute("CREATE TABLE _migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)").await.unwrap();
    old.execute("INSERT INTO _migrations (version, applied_at) VALUES (1, '2026-11-01T00:00:00Z')").await.unwrap();
    old.execute("INSERT INTO agencies (slug, name, created_at) VALUES ('demo', 'Sở Demo', '2026-11-01T00:00:00Z')").await.unwrap();
    // Friday 20 November 2026, 18:00 in Vietnam.
    old.execute(
        "INSERT INTO questions (agency_id, tracking_code, pin_hash, title, body, lang, channel, status, created_at) \
         VALUES (1, 'AAAAAAAAAA', 'x', 'ĐĂNG KÝ Tên Miền', 'Nội dung', 'vi', 'web', 'received', '2026-11-20T11:00:00Z')",
    )
    .await
    .unwrap();
    old.close().await;

    let db = server::db::connect(&database.url).await.expect("connect and migrate");
    let row = sqlx::query("SELECT due_date, search_text FROM questions").fetch_one(&db).await.unwrap();
    // Ten working days from the Friday: 23–27 November, 30 November – 4 December.
    assert_eq!(row.get::<Option<String>, _>(0).as_deref(), Some("2026-12-04"));
    assert_eq!(row.get::<Option<String>, _>(1).as_deref(), Some("đăng ký tên miền\nnội dung"));
    let events = sqlx::query("SELECT status, at FROM question_events").fetch_all(&db).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].get::<String, _>(0).as_str(), events[0].get::<String, _>(1).as_str()),
        ("received", "2026-11-20T11:00:00Z")
    );
    db.close().await;
    // Connecting again applies nothing twice.
    let db = server::db::connect(&database.url).await.expect("connect again");
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM question_events").fetch_one(&db).await.unwrap().get(0);
    assert_eq!(count, 1);
}
