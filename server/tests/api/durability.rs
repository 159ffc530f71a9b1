//! A 201 means the question is on disk: the real `tuongtac` binary acknowledges a question over real HTTP,
//! is killed with SIGKILL straight after (no graceful shutdown, no final checkpoint), and the question is
//! still there when it starts again on the same database. SQLite must run in WAL mode for this.

use std::os::unix::process::ExitStatusExt;
use std::time::Duration;

use serde_json::json;
use sqlx::{Connection, Row};

use crate::common::process::Server;
use crate::common::{Backend, QUESTIONS, SmtpSink, TestDb};

on_both_backends!(
    an_acknowledged_question_survives_sigkill,
    a_committed_notification_survives_sigkill_and_is_sent_once
);

async fn an_acknowledged_question_survives_sigkill(backend: Backend) {
    let database = TestDb::create(backend).await;

    let mut server = Server::start(&database.url);
    let question = json!({
        "title": "Thời hạn cấp lại giấy phép",
        "body": "Giấy phép của chúng tôi hết hạn tháng sau; bao lâu thì được cấp lại?",
        "topic": "giay-phep",
        "phone": "+84 912 345 678",
        "consent": true,
    });
    let reply = server.post_question(&question);
    assert_eq!(reply.status, 201, "first run: {}", reply.text());
    let receipt = reply.json();
    let code = receipt["tracking_code"].as_str().expect("tracking code").to_owned();

    let killed = server.kill();
    assert_eq!(killed.signal(), Some(9), "the server was killed by SIGKILL, not stopped: {killed:?}");
    if let Some(path) = database.sqlite_path() {
        // Nothing was checkpointed on the way down: the acknowledged write is in the write-ahead log.
        let wal = format!("{}-wal", path.display());
        let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        assert!(wal_len > 0, "no write-ahead log at {wal} after SIGKILL: SQLite is not in WAL mode");
    }

    // Restarted on the same database (on a new port), the question is there.
    let mut server = Server::start(&database.url);
    let db = server::connect(&database.url).await.expect("connect");
    let row = sqlx::query("SELECT title, phone, consent_at, created_at FROM questions WHERE tracking_code = $1")
        .bind(code.replace('-', ""))
        .fetch_optional(&db)
        .await
        .expect("select")
        .unwrap_or_else(|| panic!("question {code} was lost when the server was killed"));
    assert_eq!(row.get::<String, _>(0), question["title"].as_str().unwrap());
    assert_eq!(row.get::<Option<String>, _>(1).as_deref(), Some("0912345678"));
    assert_eq!(row.get::<Option<String>, _>(2).as_deref(), receipt["created_at"].as_str());
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM questions").fetch_one(&db).await.expect("count").get(0);
    assert_eq!(count, 1);

    // The restarted server serves it once published, and still takes questions.
    sqlx::query("UPDATE questions SET published_at = '2026-01-01T00:00:00Z'").execute(&db).await.expect("publish");
    let list = server.request("GET", QUESTIONS, &[], b"");
    assert_eq!(list.status, 200, "list: {}", list.text());
    assert_eq!(list.json()["items"][0]["tracking_code"], json!(code), "list: {}", list.text());
    let second = server.post_question(&question);
    assert_eq!(second.status, 201, "second run: {}", second.text());
    server.kill();
    db.close().await;

    if let Some(path) = database.sqlite_path() {
        // The journal mode is stored in the file: a plain connection that sets no pragma reports it.
        let url = format!("sqlite://{}", path.display());
        let mut plain = sqlx::SqliteConnection::connect(&url).await.expect("open the database file");
        let mode: String = sqlx::query("PRAGMA journal_mode").fetch_one(&mut plain).await.expect("pragma").get(0);
        assert_eq!(mode, "wal");
        let count: i64 =
            sqlx::query("SELECT COUNT(*) FROM questions").fetch_one(&mut plain).await.expect("count").get(0);
        assert_eq!(count, 2);
        plain.close().await.expect("close");
    }
}

/// A notification is written to the outbox in the same transaction as the change it reports. The server
/// commits the change with no SMTP server configured, is killed, and restarts with one: the mail is sent,
/// once; a further kill and restart sends nothing again.
async fn a_committed_notification_survives_sigkill_and_is_sent_once(backend: Backend) {
    let database = TestDb::create(backend).await;
    let mut server = Server::start(&database.url);
    let question = json!({
        "title": "Hỏi về giấy phép", "body": "Xin cho biết thủ tục.", "topic": "giay-phep",
        "email": "nguoi.hoi@example.vn", "consent": true,
    });
    let receipt = server.post_question(&question).json();
    let code = receipt["tracking_code"].as_str().unwrap().to_owned();
    let db = server::connect(&database.url).await.expect("connect");
    let agency = server::agencies::find(&db, "demo").await.unwrap().unwrap();
    let password = "mật khẩu đủ dài 2026";
    crate::common::create_staff(&db, agency.id, "can-bo-2", domain::Role::Officer, password).await.expect("account");
    let login = json!({ "agency": "demo", "username": "can-bo-2", "password": password });
    let json_headers = [("Content-Type", "application/json")];
    let session = server.request("POST", "/api/v1/staff/session", &json_headers, login.to_string().as_bytes()).json();
    let bearer = format!("Bearer {}", session["token"].as_str().expect("token"));
    let headers = [("Content-Type", "application/json"), ("Authorization", bearer.as_str())];
    let path = format!("/api/v1/staff/questions/{code}/transitions");
    let moved = server.request("POST", &path, &headers, br#"{"to":"accepted"}"#);
    assert_eq!(moved.status, 200, "{}", moved.text());
    server.kill();

    let pending = |db: sqlx::AnyPool| async move {
        let row = sqlx::query("SELECT COUNT(*), COUNT(sent_at) FROM outbox").fetch_one(&db).await.expect("outbox");
        (row.get::<i64, _>(0), row.get::<i64, _>(1))
    };
    assert_eq!(pending(db.clone()).await, (1, 0), "the notification waits in the outbox");

    let sink = SmtpSink::start().await;
    let url = sink.url();
    let mut server = Server::start_with(&database.url, &["--smtp-url", &url]);
    let mails = sink.wait_for(1).await;
    assert!(mails[0].contains(&code), "{}", mails[0]);
    for _ in 0..100 {
        if pending(db.clone()).await == (1, 1) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(pending(db.clone()).await, (1, 1), "the mail is recorded as sent");
    server.kill();
    let mut server = Server::start_with(&database.url, &["--smtp-url", &url]);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(sink.messages().len(), 1, "a restart sent the mail again");
    server.kill();
    db.close().await;
}
