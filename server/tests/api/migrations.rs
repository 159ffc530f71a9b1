//! Upgrading a database that holds questions from before migration 2: they get a due date, search text and
//! the first step of their timeline, and stay followable.

use crate::common::{Backend, TestDb};
use sqlx::any::AnyPoolOptions;
use sqlx::{Executor, Row};

on_both_backends!(questions_from_before_the_lifecycle_are_upgraded, audit_and_outbox_rows_become_about_their_question);

/// A new database with no migration applied, and one connection to it to build an old version by hand.
async fn empty_database(backend: Backend) -> (TestDb, sqlx::AnyPool) {
    let database = TestDb::create(backend).await;
    sqlx::any::install_default_drivers();
    let url = match backend {
        Backend::Sqlite => format!("{}?mode=rwc", database.url),
        Backend::Postgres => database.url.clone(),
    };
    let old = AnyPoolOptions::new().max_connections(1).connect(&url).await.expect("connect");
    (database, old)
}

async fn questions_from_before_the_lifecycle_are_upgraded(backend: Backend) {
    let (database, old) = empty_database(backend).await;
    let first = match backend {
        Backend::Sqlite => include_str!("../../migrations/0001_init.sqlite.sql"),
        Backend::Postgres => include_str!("../../migrations/0001_init.postgres.sql"),
    };
    old.execute(sqlx::raw_sql(first)).await.expect("migration 1");
    old.execute("CREATE TABLE _migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)").await.unwrap();
    old.execute("INSERT INTO _migrations (version, applied_at) VALUES (1, '2026-11-01T00:00:00Z')").await.unwrap();
    old.execute("INSERT INTO agencies (slug, name, created_at) VALUES ('demo', 'Sở Demo', '2026-11-01T00:00:00Z')")
        .await
        .unwrap();
    // Friday 20 November 2026, 18:00 in Vietnam.
    old.execute(
        "INSERT INTO questions (agency_id, tracking_code, pin_hash, title, body, lang, channel, status, created_at) \
         VALUES (1, 'AAAAAAAAAA', 'x', 'ĐĂNG KÝ Tên Miền', 'Nội dung', 'vi', 'web', 'received', '2026-11-20T11:00:00Z')",
    )
    .await
    .unwrap();
    old.close().await;

    let db = server::connect(&database.url).await.expect("connect and migrate");
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
    let db = server::connect(&database.url).await.expect("connect again");
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM question_events").fetch_one(&db).await.unwrap().get(0);
    assert_eq!(count, 1);
}

/// Migration 4 makes the audit log and the outbox about a subject (kind + id) instead of a question: every
/// row written before keeps its id and data and is now about its question; new rows carry on after them.
async fn audit_and_outbox_rows_become_about_their_question(backend: Backend) {
    let (database, old) = empty_database(backend).await;
    let scripts = match backend {
        Backend::Sqlite => [
            include_str!("../../migrations/0001_init.sqlite.sql"),
            include_str!("../../migrations/0002_qa_loop.sqlite.sql"),
            include_str!("../../migrations/0003_storage_probe.sqlite.sql"),
        ],
        Backend::Postgres => [
            include_str!("../../migrations/0001_init.postgres.sql"),
            include_str!("../../migrations/0002_qa_loop.postgres.sql"),
            include_str!("../../migrations/0003_storage_probe.postgres.sql"),
        ],
    };
    old.execute("CREATE TABLE _migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)").await.unwrap();
    for (version, script) in scripts.into_iter().enumerate() {
        old.execute(sqlx::raw_sql(script)).await.unwrap_or_else(|e| panic!("migration {}: {e}", version + 1));
        sqlx::query("INSERT INTO _migrations (version, applied_at) VALUES ($1, '2026-11-01T00:00:00Z')")
            .bind(version as i64 + 1)
            .execute(&old)
            .await
            .unwrap();
    }
    for statement in [
        "INSERT INTO agencies (slug, name, created_at) VALUES ('demo', 'Sở Demo', '2026-11-01T00:00:00Z')",
        "INSERT INTO staff (agency_id, username, display_name, role, password_hash, created_at) \
         VALUES (1, 'can-bo', 'Cán bộ', 'officer', 'x', '2026-11-01T00:00:00Z')",
        "INSERT INTO questions (agency_id, tracking_code, pin_hash, title, body, lang, channel, status, created_at, \
         search_text, due_date) VALUES (1, 'AAAAAAAAAA', 'x', 'Hỏi', 'Nội dung', 'vi', 'web', 'accepted', \
         '2026-11-20T11:00:00Z', 'hỏi', '2026-12-04')",
        "INSERT INTO audit_log (agency_id, staff_id, at, action, question_id, detail) \
         VALUES (1, 1, '2026-11-21T01:00:00Z', 'question.transition', 1, '{\"to\":\"accepted\"}')",
        "INSERT INTO audit_log (agency_id, staff_id, at, action, question_id, detail) \
         VALUES (1, 1, '2026-11-21T02:00:00Z', 'settings.save', NULL, '{\"handling_days\":10}')",
        "INSERT INTO outbox (question_id, recipient, subject, body, created_at, attempts, next_attempt_at, sent_at) \
         VALUES (1, 'nguoi.hoi@example.vn', 'Câu hỏi', 'Thân thư', '2026-11-21T01:00:00Z', 1, \
         '2026-11-21T01:00:00Z', '2026-11-21T01:00:05Z')",
    ] {
        old.execute(statement).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    old.close().await;

    let db = server::connect(&database.url).await.expect("connect and migrate");
    let audit = sqlx::query("SELECT id, action, subject_kind, subject_id, detail FROM audit_log ORDER BY id")
        .fetch_all(&db)
        .await
        .unwrap();
    let rows: Vec<(i64, String, Option<String>, Option<i64>, String)> = audit
        .iter()
        .map(|r| (r.get("id"), r.get("action"), r.get("subject_kind"), r.get("subject_id"), r.get("detail")))
        .collect();
    assert_eq!(
        rows,
        [
            (1, "question.transition".into(), Some("question".into()), Some(1), r#"{"to":"accepted"}"#.into()),
            (2, "settings.save".into(), None, None, r#"{"handling_days":10}"#.into()),
        ]
    );
    let mail = sqlx::query("SELECT id, subject_kind, subject_id, recipient, attempts, sent_at FROM outbox")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        (mail.get::<i64, _>("id"), mail.get::<String, _>("subject_kind"), mail.get::<i64, _>("subject_id")),
        (1, "question".to_owned(), 1)
    );
    assert_eq!(mail.get::<String, _>("recipient"), "nguoi.hoi@example.vn");
    assert_eq!(
        (mail.get::<i64, _>("attempts"), mail.get::<Option<String>, _>("sent_at")),
        (1, Some("2026-11-21T01:00:05Z".to_owned()))
    );
    // New rows carry on after the old ones, and the audit log's API still names the question.
    let mut conn = db.acquire().await.unwrap();
    server::audit::record(
        &mut conn,
        1,
        Some(1),
        "question.answer",
        Some(server::audit::Subject::question(1)),
        serde_json::json!({}),
    )
    .await
    .unwrap();
    drop(conn);
    let newest: i64 = sqlx::query("SELECT MAX(id) AS id FROM audit_log").fetch_one(&db).await.unwrap().get("id");
    assert_eq!(newest, 3);
    let entries = server::staff::audit_log(&db, 1, &Default::default()).await.unwrap();
    // The stored code of this hand-made question has no valid check symbol, so it is shown as stored.
    assert_eq!(entries[0].tracking_code.as_deref(), Some("AAAAAAAAAA"));
    assert_eq!(entries[1].tracking_code, None);
    assert_eq!(entries[2].subject_kind.as_deref(), Some("question"));
    db.close().await;
}
