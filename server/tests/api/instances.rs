//! Several instances on one database: two real `tuongtac` processes share one database (as a ministry runs
//! them behind a load balancer on one PostgreSQL), and what matters for safety holds across them: guesses
//! spread over both add up to one lockout, one write limit holds for both, a question asked on one is read
//! and answered on the other, each notification is sent once, and killing one under load loses no
//! acknowledged submission. Clients are told apart by `X-Forwarded-For` (both run behind "a proxy").

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::Row;

use crate::common::process::{OFFICER_PASSWORD, Server, create_officer};
use crate::common::{Backend, SmtpSink, TestDb};

on_both_backends!(
    limits_and_questions_are_shared_between_two_instances,
    each_notification_is_sent_once_by_two_instances,
    killing_one_instance_under_load_loses_no_acknowledged_submission
);

fn question(title: &str, email: Option<&str>) -> Value {
    let mut question = json!({
        "title": title,
        "body": "Xin hỏi hồ sơ gồm những giấy tờ gì và nộp ở đâu?",
        "topic": "giay-phep",
        "lang": "vi",
    });
    if let Some(email) = email {
        question["email"] = json!(email);
        question["consent"] = json!(true);
    }
    question
}

/// Both at once on a fresh database: the migrations are applied once, whoever comes first.
fn start_two(url: &str, extra: &[&str]) -> (Server, Server) {
    std::thread::scope(|scope| {
        let a = scope.spawn(|| Server::start_with(url, extra));
        let b = scope.spawn(|| Server::start_with(url, extra));
        (a.join().expect("first server"), b.join().expect("second server"))
    })
}

async fn limits_and_questions_are_shared_between_two_instances(backend: Backend) {
    let database = TestDb::create(backend).await;
    let (a, b) = start_two(&database.url, &["--trust-forwarded-for", "--writes-per-minute", "12"]);
    let both = [&a, &b];

    // Asked on A, seen, moved and answered on B, read with code and PIN on A.
    let asked = a.citizen("/questions", &question("Hỏi ở máy A", None), "203.0.113.1", None).expect("answer");
    assert_eq!(asked.status, 201, "{}", asked.text());
    let receipt = asked.json();
    let code = receipt["tracking_code"].as_str().unwrap().to_owned();
    let pin = receipt["pin"].as_str().unwrap().to_owned();
    create_officer(&database.url, "can-bo-b").await;
    let bearer = b.log_in("can-bo-b", OFFICER_PASSWORD);
    let queue = b.staff(&bearer, "GET", "/api/v1/staff/questions", &Value::Null);
    assert!(queue.text().contains(&code), "B's queue lacks the question asked on A: {}", queue.text());
    let moves = format!("/api/v1/staff/questions/{code}/transitions");
    for step in
        [json!({ "to": "accepted" }), json!({ "to": "assigned", "unit": "phong-cntt" }), json!({ "to": "in_progress" })]
    {
        let moved = b.staff(&bearer, "POST", &moves, &step);
        assert_eq!(moved.status, 200, "{step}: {}", moved.text());
    }
    let answer = json!({ "body": "Hồ sơ gồm đơn đề nghị; nộp tại bộ phận một cửa." });
    let answered = b.staff(&bearer, "PUT", &format!("/api/v1/staff/questions/{code}/answer"), &answer);
    assert_eq!(answered.status, 200, "{}", answered.text());
    assert_eq!(b.staff(&bearer, "POST", &moves, &json!({ "to": "answered" })).status, 200);
    let lookup = json!({ "tracking_code": code, "pin": pin, "lang": "vi" });
    let tracked = a.citizen("/questions/lookup", &lookup, "203.0.113.1", None).expect("lookup on A");
    assert_eq!(tracked.status, 200, "{}", tracked.text());
    assert_eq!(tracked.json()["status"], json!("answered"));
    assert_eq!(tracked.json()["answer"], answer["body"]);

    // One write limit for both: twelve writes a minute from one address, wherever they land.
    for i in 0..12 {
        let rating =
            json!({ "lang": "vi", "helpful": true, "page": format!("{}/demo/trang-{i}", both[i % 2].origin()) });
        let rated = both[i % 2].citizen("/ratings", &rating, "203.0.113.2", None).expect("rating");
        assert_eq!(rated.status, 201, "write {i} on {}: {}", ["A", "B"][i % 2], rated.text());
    }
    for server in both {
        let refused = server.citizen("/questions", &question("Quá giới hạn", None), "203.0.113.2", None).unwrap();
        assert_eq!(refused.status, 429, "the thirteenth write: {}", refused.text());
        let wait: u64 = refused.header("retry-after").expect("Retry-After").parse().unwrap();
        assert!((1..=5).contains(&wait), "the next write fits within 5 s: {wait}");
    }
    // Another address is not limited by that one.
    let other = b.citizen("/questions", &question("Địa chỉ khác", None), "203.0.113.9", None).unwrap();
    assert_eq!(other.status, 201, "{}", other.text());

    // Five wrong PINs spread over both lock the code out for this address on both, even with the right PIN.
    let wrong_pin = if pin.starts_with('1') { pin.replacen('1', "2", 1) } else { format!("1{}", &pin[1..]) };
    let wrong = json!({ "tracking_code": code, "pin": wrong_pin, "lang": "vi" });
    for i in 0..5 {
        let failed = both[i % 2].citizen("/questions/lookup", &wrong, "203.0.113.3", None).unwrap();
        assert_eq!(failed.status, 404, "wrong PIN {i}: {}", failed.text());
    }
    for server in both {
        let locked = server.citizen("/questions/lookup", &lookup, "203.0.113.3", None).unwrap();
        assert_eq!(locked.status, 429, "{}", locked.text());
        let wait: u64 = locked.header("retry-after").unwrap().parse().unwrap();
        assert!(wait > 800, "a lockout of 15 minutes, not the write limit: {wait}");
    }
    // A restart forgives nothing: the counts are in the database.
    drop(a);
    let a = Server::start_with(&database.url, &["--trust-forwarded-for", "--writes-per-minute", "12"]);
    let still = a.citizen("/questions/lookup", &lookup, "203.0.113.3", None).unwrap();
    assert_eq!(still.status, 429, "after a restart: {}", still.text());
    // The author, from their own address, still gets in.
    let author = a.citizen("/questions/lookup", &lookup, "203.0.113.1", None).unwrap();
    assert_eq!(author.status, 200, "{}", author.text());

    // What is shared holds no address, username or code in the clear.
    let db = server::connect(&database.url).await.expect("connect");
    for table in ["guess_counts", "write_limits"] {
        let rows = sqlx::query(&format!("SELECT key_hash FROM {table}")).fetch_all(&db).await.unwrap();
        assert!(!rows.is_empty(), "{table} is shared through the database");
        for row in rows {
            let key: String = row.get("key_hash");
            assert!(key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()), "{table}: {key}");
        }
    }
    db.close().await;
}

async fn each_notification_is_sent_once_by_two_instances(backend: Backend) {
    const MAILS: usize = 24;
    let database = TestDb::create(backend).await;
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let extra = ["--trust-forwarded-for", "--writes-per-minute", "100000", "--smtp-url", url.as_str()];
    let (a, b) = start_two(&database.url, &extra);
    let both = [&a, &b];
    create_officer(&database.url, "can-bo-mail").await;
    let bearers = [a.log_in("can-bo-mail", OFFICER_PASSWORD), b.log_in("can-bo-mail", OFFICER_PASSWORD)];
    let mut codes = Vec::new();
    for i in 0..MAILS {
        let email = format!("nguoi.hoi.{i}@example.vn");
        let asked =
            both[i % 2].citizen("/questions", &question(&format!("Câu hỏi {i}"), Some(&email)), "203.0.113.5", None);
        let asked = asked.expect("answer");
        assert_eq!(asked.status, 201, "{}", asked.text());
        codes.push(asked.json()["tracking_code"].as_str().unwrap().to_owned());
    }
    // Each acceptance wakes the worker of the instance it was made on; both workers then find all the mail
    // that is due, and must not both send one.
    for (i, code) in codes.iter().enumerate() {
        let path = format!("/api/v1/staff/questions/{code}/transitions");
        let moved = both[(i / 3) % 2].staff(&bearers[(i / 3) % 2], "POST", &path, &json!({ "to": "accepted" }));
        assert_eq!(moved.status, 200, "{}", moved.text());
    }
    let mails = sink.wait_for(MAILS).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails_after = sink.messages();
    assert_eq!(mails_after.len(), MAILS, "{} mails for {MAILS} notifications", mails_after.len());
    let ids: BTreeSet<&str> =
        mails.iter().filter_map(|m| m.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:"))).collect();
    assert_eq!(ids.len(), MAILS, "every mail has its own Message-ID");
    for i in 0..MAILS {
        let to = format!("nguoi.hoi.{i}@example.vn");
        assert_eq!(mails.iter().filter(|m| m.contains(&to)).count(), 1, "mail to {to}");
    }
    let db = server::connect(&database.url).await.expect("connect");
    for _ in 0..50 {
        let sent: i64 = sqlx::query("SELECT COUNT(sent_at) AS n FROM outbox").fetch_one(&db).await.unwrap().get("n");
        if sent as usize == MAILS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let row = sqlx::query("SELECT COUNT(*) AS n, COUNT(sent_at) AS sent, MAX(attempts) AS attempts FROM outbox")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!((row.get::<i64, _>("n"), row.get::<i64, _>("sent")), (MAILS as i64, MAILS as i64));
    assert_eq!(row.get::<i64, _>("attempts"), 1, "no mail was tried twice");
    db.close().await;
}

async fn killing_one_instance_under_load_loses_no_acknowledged_submission(backend: Backend) {
    const CLIENTS: usize = 4;
    const EACH: usize = 12;
    let database = TestDb::create(backend).await;
    let extra = ["--trust-forwarded-for", "--writes-per-minute", "100000"];
    let (mut a, b) = start_two(&database.url, &extra);
    // key → (the tracking code acknowledged for it, whether its first try was cut by the kill)
    let acknowledged: Mutex<BTreeMap<String, (String, bool)>> = Mutex::default();
    let ratings: Mutex<BTreeSet<String>> = Mutex::default();
    std::thread::scope(|scope| {
        for client in 0..CLIENTS {
            let (a, b, acknowledged, ratings) = (&a, &b, &acknowledged, &ratings);
            scope.spawn(move || {
                let address = format!("198.51.100.{}", client + 1);
                for i in 0..EACH {
                    let key = format!("khach-{client}-cau-{i}");
                    let body = question(&format!("Câu hỏi {i} của người {client}"), None);
                    // Half the load on each instance; what A cannot answer is sent again, same key, to B,
                    // as a widget retries. A submission counts as acknowledged only on a 201.
                    let first = if i % 2 == 0 { a } else { b };
                    let (reply, cut) = match first.citizen("/questions", &body, &address, Some(&key)) {
                        Some(reply) if reply.status != 503 => (reply, false),
                        _ => (b.citizen("/questions", &body, &address, Some(&key)).expect("B answers"), true),
                    };
                    assert_eq!(reply.status, 201, "{key}: {}", reply.text());
                    let code = reply.json()["tracking_code"].as_str().unwrap().to_owned();
                    acknowledged.lock().unwrap().insert(key, (code, cut));
                    let page = format!("{}/demo/trang-{client}-{i}", b.origin());
                    let rating = json!({ "lang": "vi", "content": 4, "page": page });
                    let rated = match first.citizen("/ratings", &rating, &address, Some(&page)) {
                        Some(reply) if reply.status != 503 => reply,
                        _ => b.citizen("/ratings", &rating, &address, Some(&page)).expect("B answers"),
                    };
                    assert_eq!(rated.status, 201, "{page}: {}", rated.text());
                    ratings.lock().unwrap().insert(page);
                }
            });
        }
        // Kill A once the load is well under way.
        scope.spawn(|| {
            while acknowledged.lock().unwrap().len() < CLIENTS * EACH / 3 {
                std::thread::sleep(Duration::from_millis(20));
            }
            a.signal("KILL");
        });
    });
    assert!(a.wait_exit(Duration::from_secs(10)).is_some(), "A was killed");
    let acknowledged = acknowledged.into_inner().unwrap();
    let ratings = ratings.into_inner().unwrap();
    assert_eq!(acknowledged.len(), CLIENTS * EACH);
    eprintln!(
        "{backend:?}: {} submissions cut by the kill were sent again to B",
        acknowledged.values().filter(|(_, cut)| *cut).count()
    );

    let db = server::connect(&database.url).await.expect("connect");
    let stored: BTreeSet<String> = sqlx::query("SELECT tracking_code FROM questions")
        .fetch_all(&db)
        .await
        .unwrap()
        .iter()
        .map(|r| server::questions::store::display_code(r.get("tracking_code")))
        .collect();
    for (key, (code, _)) in &acknowledged {
        assert!(stored.contains(code), "{key}: acknowledged as {code}, and lost");
    }
    assert_eq!(stored.len(), acknowledged.len(), "a submission sent twice was stored twice");
    let keys: i64 = sqlx::query("SELECT COUNT(*) AS n FROM idempotency_keys").fetch_one(&db).await.unwrap().get("n");
    assert_eq!(keys as usize, acknowledged.len());
    let rated: i64 = sqlx::query("SELECT COUNT(*) AS n FROM ratings").fetch_one(&db).await.unwrap().get("n");
    assert_eq!(rated as usize, ratings.len(), "every acknowledged rating is stored, once");
    drop(b);
    db.close().await;
}
