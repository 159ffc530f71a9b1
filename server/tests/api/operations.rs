//! Operating it: a backup taken under write load restores with every write acknowledged before it began;
//! `/metrics` behind a token or on its own address; JSON logs of a whole run hold no name, email, phone or
//! address; a graceful shutdown finishes the request in flight and the mail being sent; `/readyz` and the
//! migrations, which take every earlier version's schema with its data to the newest.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};
use sqlx::{Executor, Row};

use crate::common::process::{OFFICER_PASSWORD, Server, create_officer};
use crate::common::*;

on_both_backends!(
    a_backup_taken_under_write_load_restores_every_acknowledged_question,
    metrics_are_served_only_behind_a_token_or_on_their_own_address,
    json_logs_of_a_whole_run_hold_no_personal_data,
    shutdown_finishes_the_request_in_flight_and_the_mail_being_sent,
    every_earlier_schema_with_its_data_upgrades_to_the_newest,
);

fn tuongtac(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tuongtac"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("TUONGTAC_CONFIG")
        .output()
        .expect("run tuongtac")
}

fn run_ok(command: &mut Command) -> String {
    let out = command.output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{command:?} failed: {text}");
    text
}

fn question(title: &str) -> Value {
    json!({ "title": title, "body": "Nội dung câu hỏi để sao lưu.", "topic": "giay-phep", "lang": "vi" })
}

async fn a_backup_taken_under_write_load_restores_every_acknowledged_question(backend: Backend) {
    let database = TestDb::create(backend).await;
    let server = Server::start_with(&database.url, &["--writes-per-minute", "1000000"]);
    let acknowledged: Mutex<BTreeMap<String, String>> = Mutex::default();
    let stop = AtomicBool::new(false);
    let dir = std::env::temp_dir().join(format!("tt-backup-{}", random_hex(6)));
    std::fs::create_dir_all(&dir).unwrap();
    let backup_file = dir.join(if backend == Backend::Sqlite { "tuongtac.backup.sqlite" } else { "tuongtac.dump" });
    let before_backup = std::thread::scope(|scope| {
        for writer in 0..3 {
            let (server, acknowledged, stop) = (&server, &acknowledged, &stop);
            scope.spawn(move || {
                for i in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let reply = server.post_question(&question(&format!("Câu hỏi {writer}-{i}")));
                    assert_eq!(reply.status, 201, "{}", reply.text());
                    let receipt = reply.json();
                    let code = receipt["tracking_code"].as_str().unwrap().to_owned();
                    acknowledged.lock().unwrap().insert(code, receipt["pin"].as_str().unwrap().to_owned());
                }
            });
        }
        while acknowledged.lock().unwrap().len() < 20 {
            std::thread::sleep(Duration::from_millis(20));
        }
        // Everything acknowledged before the backup begins must be in it; writes go on during it.
        let before = acknowledged.lock().unwrap().clone();
        match backend {
            Backend::Sqlite => {
                let out = tuongtac(&["backup", backup_file.to_str().unwrap(), "--database", &database.url]);
                assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
                assert!(String::from_utf8_lossy(&out.stdout).contains("backup written"));
            }
            Backend::Postgres => {
                // As the README says, and as `tuongtac backup` says for a PostgreSQL URL.
                let advice = tuongtac(&["backup", "x", "--database", &database.url]);
                assert!(!advice.status.success());
                assert!(String::from_utf8_lossy(&advice.stderr).contains("pg_dump --format=custom"));
                run_ok(Command::new("pg_dump").args([
                    "--format=custom",
                    "--exclude-table-data=dedupe_keys",
                    "--exclude-table-data=guess_counts",
                    "--exclude-table-data=write_limits",
                    "--file",
                    backup_file.to_str().unwrap(),
                    &database.url,
                ]));
            }
        }
        std::thread::sleep(Duration::from_millis(300));
        stop.store(true, Ordering::SeqCst);
        before
    });
    drop(server);
    let total = acknowledged.lock().unwrap().len();
    eprintln!("{backend:?}: {} questions acknowledged before the backup, {total} in all", before_backup.len());

    // Restored into a new database, the server finds every question acknowledged before the backup.
    let restored = TestDb::create(backend).await;
    match backend {
        Backend::Sqlite => {
            // A database in use is refused.
            let live = Server::start(&restored.url);
            let refused = tuongtac(&["restore", backup_file.to_str().unwrap(), "--database", &restored.url]);
            assert!(!refused.status.success());
            assert!(
                String::from_utf8_lossy(&refused.stderr).contains("in use"),
                "{}",
                String::from_utf8_lossy(&refused.stderr)
            );
            drop(live);
            let out = tuongtac(&["restore", backup_file.to_str().unwrap(), "--database", &restored.url]);
            assert!(out.status.success(), "restore: {}", String::from_utf8_lossy(&out.stderr));
        }
        Backend::Postgres => {
            run_ok(Command::new("pg_restore").args([
                "--no-owner",
                "--dbname",
                &restored.url,
                backup_file.to_str().unwrap(),
            ]));
        }
    }
    let server = Server::start(&restored.url);
    let ready = server.request("GET", "/readyz", &[], b"");
    assert_eq!(ready.status, 200, "{}", ready.text());
    let origin = server.origin();
    for (code, pin) in before_backup.iter().take(5) {
        let body = json!({ "tracking_code": code, "pin": pin, "lang": "vi" });
        let headers = [("Origin", origin.as_str()), ("Content-Type", "application/json")];
        let found =
            server.request("POST", "/api/v1/agencies/demo/questions/lookup", &headers, body.to_string().as_bytes());
        assert_eq!(found.status, 200, "{code} after the restore: {}", found.text());
    }
    let db = server::connect(&restored.url).await.expect("connect");
    let stored: Vec<String> = sqlx::query("SELECT tracking_code FROM questions")
        .fetch_all(&db)
        .await
        .unwrap()
        .iter()
        .map(|r| server::questions::store::display_code(r.get("tracking_code")))
        .collect();
    let lost: Vec<&String> = before_backup.keys().filter(|code| !stored.contains(code)).collect();
    assert!(lost.is_empty(), "acknowledged before the backup, missing after the restore: {lost:?}");
    let forgotten: i64 = sqlx::query("SELECT COUNT(*) AS n FROM dedupe_keys").fetch_one(&db).await.unwrap().get("n");
    assert_eq!(forgotten, 0, "the backup holds no dedupe key");
    // It takes new questions (PostgreSQL's identity sequences came along).
    let after = server.post_question(&question("Câu hỏi sau khi khôi phục"));
    assert_eq!(after.status, 201, "{}", after.text());
    db.close().await;
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

async fn metrics_are_served_only_behind_a_token_or_on_their_own_address(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.send(Req::get("/metrics")).await.assert_error(StatusCode::NOT_FOUND, "not_found", "no token configured");

    let app = TestApp::start_with(backend, |config| config.metrics_token = Some("bi-mat-do-thi".into())).await;
    app.send(Req::ask(&valid_question())).await.assert_status(StatusCode::CREATED, "ask");
    app.send(Req::ask(&json!({}))).await.assert_status(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    app.send(Req::get("/metrics")).await.assert_error(StatusCode::UNAUTHORIZED, "unauthorized", "no token");
    let wrong = Req::get("/metrics").header("authorization", "Bearer sai");
    app.send(wrong).await.assert_error(StatusCode::UNAUTHORIZED, "unauthorized", "a wrong token");
    let reply = app.send(Req::get("/metrics").header("authorization", "Bearer bi-mat-do-thi")).await;
    reply.assert_status(StatusCode::OK, "metrics");
    assert!(reply.header("content-type").unwrap().starts_with("text/plain; version=0.0.4"));
    let text = reply.text();
    for line in [
        r#"tuongtac_http_requests_total{method="POST",route="/api/v1/agencies/{agency}/questions",status="201"} 1"#,
        r#"tuongtac_http_requests_total{method="POST",route="/api/v1/agencies/{agency}/questions",status="422"} 1"#,
        r#"tuongtac_http_request_duration_seconds_bucket{route="/api/v1/agencies/{agency}/questions",le="+Inf"} 2"#,
        r#"tuongtac_http_request_duration_seconds_count{route="/api/v1/agencies/{agency}/questions"} 2"#,
        "tuongtac_outbox_pending 0",
        "tuongtac_outbox_oldest_pending_age_seconds 0",
        "tuongtac_guess_keys_locked 0",
        r#"tuongtac_db_pool_max_connections{pool="counters"} 8"#,
        "tuongtac_database_up 1",
        "# TYPE tuongtac_http_request_duration_seconds histogram",
    ] {
        assert!(text.lines().any(|l| l == line), "metrics lack {line:?}:\n{text}");
    }
    let schema = format!(r#"tuongtac_schema_migration{{of="database"}} {}"#, server::db::latest_migration());
    assert!(text.contains(&schema), "{text}");
    // Every sample line is `name{labels} number`.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let value = line.rsplit(' ').next().unwrap();
        assert!(value.parse::<f64>().is_ok(), "not a sample: {line:?}");
    }
    assert!(!text.contains(DEFAULT_PEER), "no client address");

    // On its own address (the main one does not serve it without a token).
    let database = TestDb::create(backend).await;
    let server = Server::start_with(&database.url, &["--metrics-addr", "127.0.0.1:0"]);
    let line = server.banner.iter().find_map(|l| l.strip_prefix("Metrics on http://")).expect("metrics address");
    let addr = line.trim_end_matches("/metrics").to_owned();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(stream, "GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("tuongtac_database_up 1"), "{answer}");
    assert_eq!(server.request("GET", "/metrics", &[], b"").status, 404);
}

async fn json_logs_of_a_whole_run_hold_no_personal_data(backend: Backend) {
    const NAMES: [&str; 2] = ["Nguyễn Thị Phương Thảo", "Phạm Minh Tuấn"];
    const EMAILS: [&str; 2] = ["phuong.thao@example.vn", "minh.tuan.canbo@example.vn"];
    const PHONES: [&str; 2] = ["0912345678", "0987111222"];
    const CLIENT: &str = "203.0.113.77";
    let database = TestDb::create(backend).await;
    let sink = SmtpSink::start_with(0, SmtpQuirks { refuse_first: 1, ..Default::default() }).await;
    let smtp = sink.url();
    let mut server = Server::start_with_env(
        &database.url,
        &["--trust-forwarded-for", "--smtp-url", &smtp, "--log-format", "json"],
        &[("TUONGTAC_LOG", "debug")],
    );
    create_officer(&database.url, "can-bo-log").await;
    let bearer = server.log_in("can-bo-log", OFFICER_PASSWORD);
    let contact = |i: usize| {
        json!({ "title": format!("Câu hỏi có liên hệ {i}"), "body": "Nội dung.", "topic": "giay-phep", "lang": "vi",
            "name": NAMES[i], "email": EMAILS[i], "phone": PHONES[i], "consent": true })
    };
    // Asked, refused (a bad email and phone), looked up wrong and right, moved with mail that the SMTP
    // server refuses quoting the address, erased, and a failed log-in.
    let first = server.citizen("/questions", &contact(0), CLIENT, None).unwrap().json();
    let code = first["tracking_code"].as_str().unwrap().to_owned();
    let pin = first["pin"].as_str().unwrap().to_owned();
    let bad = json!({ "title": "Sai", "body": "Sai.", "topic": "giay-phep", "email": format!("{}@", NAMES[1]), "phone": "09x", "name": NAMES[1] });
    assert_eq!(server.citizen("/questions", &bad, CLIENT, None).unwrap().status, 422);
    let lookup = json!({ "tracking_code": code, "pin": "000000", "lang": "vi" });
    assert_eq!(server.citizen("/questions/lookup", &lookup, CLIENT, None).unwrap().status, 404);
    let lookup = json!({ "tracking_code": code, "pin": pin, "lang": "vi" });
    assert_eq!(server.citizen("/questions/lookup", &lookup, CLIENT, None).unwrap().status, 200);
    let moved = server.staff(
        &bearer,
        "POST",
        &format!("/api/v1/staff/questions/{code}/transitions"),
        &json!({ "to": "accepted" }),
    );
    assert_eq!(moved.status, 200);
    let db = server::connect(&database.url).await.expect("connect");
    for _ in 0..100 {
        let attempts: i64 = sqlx::query("SELECT MAX(attempts) AS n FROM outbox").fetch_one(&db).await.unwrap().get("n");
        if attempts >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let last_error: Option<String> =
        sqlx::query("SELECT last_error FROM outbox").fetch_one(&db).await.unwrap().get("last_error");
    let last_error = last_error.expect("the refusal is recorded");
    assert!(last_error.contains("[address]") && !last_error.contains(EMAILS[0]), "{last_error}");
    let second = server.citizen("/questions", &contact(1), CLIENT, None).unwrap().json();
    let erase = json!({ "tracking_code": second["tracking_code"], "pin": second["pin"], "lang": "vi" });
    assert_eq!(server.citizen("/questions/contact-erasure", &erase, CLIENT, None).unwrap().status, 200);
    let staff_name =
        json!({ "username": "pham.minh.tuan", "display_name": NAMES[1], "role": "officer", "password": "ngắn" });
    let _ = server.staff(&bearer, "POST", "/api/v1/staff/accounts", &staff_name);
    let login = json!({ "agency": "demo", "username": "can-bo-log", "password": EMAILS[1] });
    let failed = server.request(
        "POST",
        "/api/v1/staff/session",
        &[("Content-Type", "application/json")],
        login.to_string().as_bytes(),
    );
    assert_eq!(failed.status, 401);
    server.signal("TERM");
    assert!(server.wait_exit(Duration::from_secs(20)).is_some_and(|s| s.success()), "a clean exit");
    db.close().await;

    let logs = server.stderr();
    let lines: Vec<&str> = logs.lines().collect();
    assert!(lines.len() > 20, "a whole run logs something: {logs}");
    for line in &lines {
        let entry: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        assert!(entry["level"].is_string() && entry["timestamp"].is_string(), "{line}");
    }
    assert!(logs.contains("[address]"), "the SMTP refusal is logged, scrubbed: {logs}");
    assert!(logs.contains(r#""route":"/api/v1/agencies/{agency}/questions""#), "requests by route: {logs}");
    let national = |phone: &str| phone.trim_start_matches('0').to_owned();
    let mut forbidden: Vec<String> = Vec::new();
    forbidden.extend(NAMES.iter().map(|n| n.to_string()));
    forbidden
        .extend(NAMES.iter().flat_map(|n| n.split(' ').skip(1).map(str::to_owned)).filter(|w| w.chars().count() > 3));
    forbidden.extend(EMAILS.iter().map(|e| e.to_string()));
    forbidden.extend(EMAILS.iter().map(|e| e.split('@').next().unwrap().to_owned()));
    forbidden.extend(PHONES.iter().map(|p| p.to_string()));
    forbidden.extend(PHONES.iter().map(|p| national(p)));
    forbidden.push(CLIENT.to_owned());
    forbidden.push(pin);
    for word in &forbidden {
        let found: Vec<&&str> = lines.iter().filter(|l| l.contains(word.as_str())).collect();
        assert!(found.is_empty(), "the logs hold {word:?}: {found:?}");
    }
}

async fn shutdown_finishes_the_request_in_flight_and_the_mail_being_sent(backend: Backend) {
    let database = TestDb::create(backend).await;
    let slow = SmtpQuirks { accept_after: Duration::from_secs(2), ..Default::default() };
    let sink = SmtpSink::start_with(0, slow).await;
    let smtp = sink.url();
    let mut server = Server::start_with(&database.url, &["--smtp-url", &smtp, "--writes-per-minute", "100000"]);
    create_officer(&database.url, "can-bo-tat").await;
    let bearer = server.log_in("can-bo-tat", OFFICER_PASSWORD);
    let mut codes = Vec::new();
    for i in 0..3 {
        let mut body = question(&format!("Câu hỏi có thư {i}"));
        body["email"] = json!(format!("thu.{i}@example.vn"));
        body["consent"] = json!(true);
        codes.push(server.post_question(&body).json()["tracking_code"].as_str().unwrap().to_owned());
    }
    for code in &codes {
        let moved = server.staff(
            &bearer,
            "POST",
            &format!("/api/v1/staff/questions/{code}/transitions"),
            &json!({ "to": "accepted" }),
        );
        assert_eq!(moved.status, 200);
    }
    // The first mail's data is with the SMTP server, which takes two seconds to accept it.
    for _ in 0..100 {
        if !sink.messages().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sink.messages().len(), 1);
    // A request in flight: its head and half its body are sent before SIGTERM, the rest after.
    let body = question("Gửi trong lúc máy chủ dừng").to_string();
    let (half, rest) = body.as_bytes().split_at(body.len() / 2);
    let origin = server.origin();
    let mut stream = std::net::TcpStream::connect(origin.trim_start_matches("http://")).unwrap();
    write!(
        stream,
        "POST {QUESTIONS} HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(half).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.signal("TERM");
    tokio::time::sleep(Duration::from_millis(500)).await;
    stream.write_all(rest).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "the request in flight is answered: {answer}");
    let status = server.wait_exit(Duration::from_secs(20)).expect("it stops");
    assert!(status.success(), "{status:?}: {}", server.stderr());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.messages().len(), 1, "no mail is begun after the signal");

    let db = server::connect(&database.url).await.expect("connect");
    let rows = sqlx::query("SELECT sent_at, claimed_until FROM outbox ORDER BY id").fetch_all(&db).await.unwrap();
    let states: Vec<(bool, bool)> = rows
        .iter()
        .map(|r| {
            (r.get::<Option<String>, _>("sent_at").is_some(), r.get::<Option<String>, _>("claimed_until").is_some())
        })
        .collect();
    assert_eq!(states, [(true, false), (false, false), (false, false)], "the mail being sent is recorded as sent");
    let title: i64 = sqlx::query("SELECT COUNT(*) AS n FROM questions WHERE title = 'Gửi trong lúc máy chủ dừng'")
        .fetch_one(&db)
        .await
        .unwrap()
        .get("n");
    assert_eq!(title, 1);
    db.close().await;
}

/// Every migration script in order, for a backend.
fn scripts(backend: Backend) -> Vec<(i64, &'static str)> {
    let sqlite = backend == Backend::Sqlite;
    macro_rules! pick {
        ($n:expr, $name:literal) => {
            (
                $n,
                if sqlite {
                    include_str!(concat!("../../migrations/", $name, ".sqlite.sql"))
                } else {
                    include_str!(concat!("../../migrations/", $name, ".postgres.sql"))
                },
            )
        };
    }
    vec![
        pick!(1, "0001_init"),
        pick!(2, "0002_qa_loop"),
        pick!(3, "0003_storage_probe"),
        pick!(4, "0004_subjects"),
        pick!(5, "0005_ratings"),
        pick!(7, "0007_shared_state"),
        pick!(8, "0008_consultations"),
        pick!(9, "0009_comment_erasure"),
        pick!(10, "0010_open_data"),
    ]
}

/// The data a database at `version` would hold: each version's rows in that version's shape.
fn fixture(version: i64, pin_hash: &str) -> Vec<String> {
    let mut rows = vec![
        "INSERT INTO agencies (slug, name, created_at) VALUES ('demo', 'Sở Demo', '2024-01-01T00:00:00Z')".to_owned(),
        format!("INSERT INTO agency_origins (agency_id, origin) VALUES (1, '{ORIGIN}')"),
        "INSERT INTO topics (agency_id, slug, name_vi, name_en, position) VALUES (1, 'giay-phep', 'Cấp phép', 'Licences', 0)".to_owned(),
        format!(
            "INSERT INTO questions (agency_id, tracking_code, pin_hash, title, body, topic, name, email, phone, consent_at, \
             lang, channel, status, created_at) VALUES (1, '{}', '{pin_hash}', 'Câu hỏi cũ', 'Nội dung cũ', 'giay-phep', \
             'Người Hỏi', 'nguoi.hoi@example.vn', '0912345678', '2024-01-02T00:00:00Z', 'vi', 'web', \
             '{}', '2024-01-02T00:00:00Z')",
            upgraded_code().replace('-', ""),
            if version >= 2 { "accepted" } else { "received" }
        ),
        "INSERT INTO idempotency_keys (agency_id, key_hash, request_hash, question_id, created_at) \
         VALUES (1, 'k', 'r', 1, '2024-01-02T00:00:00Z')".to_owned(),
    ];
    if version >= 2 {
        let subject = if version >= 4 { "subject_kind, subject_id" } else { "question_id" };
        let about = if version >= 4 { "'question', 1" } else { "1" };
        rows.extend([
            "UPDATE questions SET due_date = '2024-01-16', search_text = 'câu hỏi cũ' WHERE id = 1".to_owned(),
            "INSERT INTO staff (agency_id, username, display_name, role, password_hash, created_at) \
             VALUES (1, 'can-bo', 'Cán bộ', 'officer', 'x', '2024-01-01T00:00:00Z')".to_owned(),
            "INSERT INTO question_events (question_id, status, at) VALUES (1, 'received', '2024-01-02T00:00:00Z')"
                .to_owned(),
            "INSERT INTO question_events (question_id, status, at, staff_id, public_note) \
             VALUES (1, 'accepted', '2024-01-03T00:00:00Z', 1, 'Đã tiếp nhận.')".to_owned(),
            format!("INSERT INTO audit_log (agency_id, staff_id, at, action, {subject}, detail) \
             VALUES (1, 1, '2024-01-03T00:00:00Z', 'question.transition', {about}, '{{\"to\":\"accepted\"}}')"),
            format!("INSERT INTO outbox ({subject}, recipient, subject, body, created_at, next_attempt_at) \
             VALUES ({about}, 'nguoi.hoi@example.vn', 'Câu hỏi', 'Thân thư', '2024-01-03T00:00:00Z', '2024-01-03T00:00:00Z')"),
        ]);
    }
    if version >= 5 {
        rows.push(format!(
            "INSERT INTO ratings (agency_id, page, helpful, content, lang, created_at, dedupe_token) \
             VALUES (1, '{ORIGIN}/trang', 1, 4, 'vi', '2024-01-04T00:00:00Z', 'token')"
        ));
    }
    if version >= 8 {
        rows.extend([
            "INSERT INTO consultations (agency_id, slug, title, summary, document_type, drafting_unit, source_text, \
             draft, attachments, notes, opens_at, closes_at, created_at) VALUES (1, 'du-thao', 'Dự thảo', '', 'law', \
             'Vụ Pháp chế', 'Điều 1. A', '{}', '[]', '[]', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', \
             '2024-01-01T00:00:00Z')".to_owned(),
            format!(
                "INSERT INTO consultation_comments (consultation_id, tracking_code, pin_hash, stance, body, commenter, \
                 publish_name, contact_erased_at, lang, status, created_at) VALUES (1, 'AAAAAAAAAA', '{pin_hash}', \
                 'agree', 'Góp ý cũ', 'individual', 0, '2024-01-05T00:00:00Z', 'vi', 'received', '2024-01-02T00:00:00Z')"
            ),
        ]);
    }
    if version >= 9 {
        // What migration 9 and its Rust half wrote.
        rows.push(
            "UPDATE consultation_comments SET contact_erased_by = 'citizen', body_search = 'góp ý cũ'".to_owned(),
        );
    }
    rows
}

fn upgraded_code() -> String {
    domain::TrackingCode::from_entropy([7, 42, 3, 9, 11, 20, 5, 1, 30]).to_string()
}

async fn every_earlier_schema_with_its_data_upgrades_to_the_newest(backend: Backend) {
    let pin = "246813";
    let pin_hash = server::platform::passwords::hash(pin.to_owned()).await.unwrap();
    let all = scripts(backend);
    assert_eq!(all.last().unwrap().0, server::db::latest_migration(), "every migration is listed here");
    for upto in 0..all.len() {
        let version = if upto == 0 { 0 } else { all[upto - 1].0 };
        let database = TestDb::create(backend).await;
        sqlx::any::install_default_drivers();
        let url = match backend {
            Backend::Sqlite => format!("{}?mode=rwc", database.url),
            Backend::Postgres => database.url.clone(),
        };
        let old = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&url).await.expect("connect");
        old.execute("CREATE TABLE _migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)").await.unwrap();
        for (number, script) in &all[..upto] {
            old.execute(sqlx::raw_sql(script)).await.unwrap_or_else(|e| panic!("migration {number}: {e}"));
            sqlx::query("INSERT INTO _migrations (version, applied_at) VALUES ($1, '2024-01-01T00:00:00Z')")
                .bind(number)
                .execute(&old)
                .await
                .unwrap();
        }
        if version >= 1 {
            for row in fixture(version, &pin_hash) {
                old.execute(row.as_str()).await.unwrap_or_else(|e| panic!("version {version}: {row}: {e}"));
            }
        }
        old.close().await;

        let db = server::connect(&database.url).await.unwrap_or_else(|e| panic!("upgrade from {version}: {e:?}"));
        assert_eq!(server::db::applied_migration(&db).await.unwrap(), server::db::latest_migration());
        let state = server::AppState::new(db.clone(), server::Config::new(std::env::temp_dir())).await.unwrap();
        let app = server::app(state);
        let ready = send(app.clone(), Req::get("/readyz")).await;
        ready.assert_status(StatusCode::OK, &format!("ready after upgrading from {version}"));
        if version == 0 {
            db.close().await;
            continue;
        }
        // The old question is still followed with its PIN, holds its contact, and can be erased.
        let lookup = json!({ "tracking_code": upgraded_code(), "pin": pin, "lang": "vi" });
        let reply =
            send(app.clone(), Req::post("/api/v1/agencies/demo/questions/lookup").origin(ORIGIN).json(&lookup)).await;
        reply.assert_status(StatusCode::OK, &format!("lookup after upgrading from {version}"));
        let tracked = reply.json();
        assert_eq!(tracked["title"], json!("Câu hỏi cũ"));
        assert_eq!(tracked["contact"], json!({ "name": true, "email": true, "phone": true, "erased_at": null }));
        let steps = if version >= 2 { 2 } else { 1 };
        assert_eq!(tracked["timeline"].as_array().unwrap().len(), steps, "from {version}: {tracked}");
        let retention: i64 =
            sqlx::query("SELECT contact_retention_days FROM agencies").fetch_one(&db).await.unwrap().get(0);
        assert_eq!(retention, 730);
        if version >= 2 {
            let outbox = sqlx::query("SELECT subject_kind, subject_id FROM outbox").fetch_one(&db).await.unwrap();
            assert_eq!((outbox.get::<String, _>(0), outbox.get::<i64, _>(1)), ("question".to_owned(), 1));
        }
        if version >= 8 {
            let by = sqlx::query("SELECT contact_erased_by, body_search FROM consultation_comments")
                .fetch_one(&db)
                .await
                .unwrap();
            assert_eq!(by.get::<String, _>("body_search"), "góp ý cũ", "search text filled by the upgrade");
            assert_eq!(
                by.get::<Option<String>, _>("contact_erased_by").as_deref(),
                Some("citizen"),
                "only commenters erased before 9"
            );
        }
        let folded: Option<String> =
            sqlx::query("SELECT search_folded FROM questions WHERE id = 1").fetch_one(&db).await.unwrap().get(0);
        assert_eq!(folded.as_deref(), Some("cau hoi cu\nnoi dung cu"), "archive search filled by the upgrade");
        if version >= 5 {
            let summary = send(app.clone(), Req::get("/api/v1/agencies/demo/ratings/summary?period=all")).await;
            assert_eq!(summary.json()["criteria"][1]["figures"]["n"], json!(1), "from {version}");
        }
        let erased = send(
            app.clone(),
            Req::post("/api/v1/agencies/demo/questions/contact-erasure").origin(ORIGIN).json(&lookup),
        )
        .await;
        erased.assert_status(StatusCode::OK, &format!("erase after upgrading from {version}"));
        // It takes new questions after the old ones.
        send(app, Req::ask(&valid_question())).await.assert_status(StatusCode::CREATED, "a new question");
        db.close().await;
    }
}
