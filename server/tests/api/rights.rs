//! Citizens' rights over the contact details they left (Law 91/2025/QH15): with code and PIN a citizen
//! withdraws consent and erases them, keeping the question; staff see that and when, never what; mail
//! stops. An agency's retention period erases them for finished questions, audited. The operator exports
//! everything held about one code. The rating dedupe key is shared through the database and forgotten.

use std::process::Command;
use std::time::Duration;

use crate::common::*;
use axum::http::StatusCode;
use domain::Role;
use serde_json::{Value, json};
use sqlx::Row;

on_both_backends!(
    a_citizen_erases_their_contact_details_with_code_and_pin,
    contact_details_of_finished_questions_are_erased_after_the_retention_period,
    the_operator_exports_everything_held_about_a_code,
    the_dedupe_key_is_shared_and_forgotten_after_its_day,
);

const ERASE: &str = "/api/v1/agencies/demo/questions/contact-erasure";
const NAME: &str = "Lê Thị Hồng Nhung";
const EMAIL: &str = "hong.nhung@example.vn";
const PHONE: &str = "0987654321";

fn with_code_and_pin(path: &str, code: &str, pin: &str) -> Req {
    Req::post(path).origin(ORIGIN).json(&json!({ "tracking_code": code, "pin": pin, "lang": "vi" }))
}

async fn ask_with_contact(app: &TestApp) -> (String, String) {
    let question = with(valid_question(), json!({ "name": NAME, "email": EMAIL, "phone": PHONE, "consent": true }));
    let reply = app.send(Req::ask(&question)).await;
    reply.assert_status(StatusCode::CREATED, "ask");
    let body = reply.json();
    (body["tracking_code"].as_str().unwrap().to_owned(), body["pin"].as_str().unwrap().to_owned())
}

async fn move_to(app: &TestApp, token: &str, code: &str, body: Value) -> Value {
    let path = format!("/api/v1/staff/questions/{code}/transitions");
    let reply = app.send(as_staff(Req::post(&path).json(&body), token)).await;
    reply.assert_status(StatusCode::OK, &format!("move {body}"));
    reply.json()
}

async fn outbox_rows(app: &TestApp) -> i64 {
    app.count("outbox").await
}

async fn a_citizen_erases_their_contact_details_with_code_and_pin(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (code, pin) = ask_with_contact(&app).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    move_to(&app, &officer, &code, json!({ "to": "accepted" })).await;
    assert_eq!(outbox_rows(&app).await, 1, "the acceptance's mail waits (no SMTP server)");

    let lookup = app.send(with_code_and_pin(LOOKUP_PATH, &code, &pin)).await;
    assert_eq!(
        lookup.json()["contact"],
        json!({ "name": true, "email": true, "phone": true, "erased_at": null }),
        "the author sees which details are held, never the details"
    );
    let wrong = app.send(with_code_and_pin(ERASE, &code, "000000")).await;
    wrong.assert_error(StatusCode::NOT_FOUND, "lookup_failed", "a wrong PIN erases nothing");
    assert!(app.stored(&code).await.email.is_some());

    let erased = app.send(with_code_and_pin(ERASE, &code, &pin)).await;
    erased.assert_status(StatusCode::OK, "erase");
    assert_eq!(erased.header("cache-control"), Some("no-store"));
    let body = erased.json();
    let erased_at = body["contact"]["erased_at"].as_str().expect("erased_at").to_owned();
    assert_eq!(body["contact"], json!({ "name": false, "email": false, "phone": false, "erased_at": erased_at }));
    assert_eq!(body["status"], json!("accepted"), "the question stays");
    assert!(!erased.text().contains(EMAIL));

    let stored = app.stored(&code).await;
    assert_eq!((stored.name, stored.email, stored.phone, stored.consent_at), (None, None, None, None));
    assert!(!stored.title.is_empty(), "the question itself is kept");
    assert_eq!(outbox_rows(&app).await, 0, "the waiting mail, which held the address, is gone");

    // Staff see that and when, never what; moves no longer write mail.
    let view = app.send(as_staff(Req::get(&format!("/api/v1/staff/questions/{code}")), &officer)).await.json();
    assert_eq!(view["contact_erased"], json!({ "at": erased_at, "by": "citizen" }));
    assert_eq!(
        (view["name"].clone(), view["email"].clone(), view["phone"].clone()),
        (Value::Null, Value::Null, Value::Null)
    );
    move_to(&app, &officer, &code, json!({ "to": "rejected", "public_note": "Không thuộc thẩm quyền." })).await;
    assert_eq!(outbox_rows(&app).await, 0, "no notification after the erasure");

    let admin = staff_token(&app, "demo", "quan-tri-2", Role::Admin).await;
    let audit = app.send(as_staff(Req::get("/api/v1/staff/audit"), &admin)).await;
    let entry = audit.json().as_array().unwrap().iter().find(|e| e["action"] == "question.contact_erase").cloned();
    let entry = entry.expect("the erasure is audited");
    assert_eq!(entry["by"], Value::Null, "by the citizen, not by staff");
    assert_eq!(entry["detail"], json!({ "by": "citizen", "mail_stopped": 1 }));
    assert!(!audit.text().contains(EMAIL) && !audit.text().contains(PHONE) && !audit.text().contains(NAME));

    // Erasing again changes nothing and answers the same.
    let again = app.send(with_code_and_pin(ERASE, &code, &pin)).await;
    again.assert_status(StatusCode::OK, "erase again");
    assert_eq!(again.json()["contact"]["erased_at"], json!(erased_at));
    let audits: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'question.contact_erase'")
        .fetch_one(&app.db)
        .await
        .unwrap()
        .get("n");
    assert_eq!(audits, 1);
    // The same guessing limits as a lookup: an erasure is refused from another origin like any write.
    let foreign = Req::post(ERASE).origin(FOREIGN_ORIGIN).json(&json!({ "tracking_code": code, "pin": pin }));
    app.send(foreign).await.assert_error(StatusCode::FORBIDDEN, "origin_not_allowed", "foreign origin");
}

const LOOKUP_PATH: &str = "/api/v1/agencies/demo/questions/lookup";

/// Makes a question's whole history `days` old.
async fn age(app: &TestApp, code: &str, days: i64) {
    let at = server::clock::after(&server::clock::now(), -days * 86_400);
    sqlx::query(
        "UPDATE question_events SET at = $1 WHERE question_id = (SELECT id FROM questions WHERE tracking_code = $2)",
    )
    .bind(&at)
    .bind(code.replace('-', ""))
    .execute(&app.db)
    .await
    .unwrap();
}

async fn contact_details_of_finished_questions_are_erased_after_the_retention_period(backend: Backend) {
    let app = TestApp::start(backend).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let rejected = |note: &str| json!({ "to": "rejected", "public_note": note });
    // Finished three years ago, finished a year ago, and still open three years on.
    let (old, _) = ask_with_contact(&app).await;
    move_to(&app, &officer, &old, rejected("Không thuộc thẩm quyền.")).await;
    age(&app, &old, 3 * 365).await;
    let (recent, _) = ask_with_contact(&app).await;
    move_to(&app, &officer, &recent, rejected("Không thuộc thẩm quyền.")).await;
    age(&app, &recent, 365).await;
    let (open, _) = ask_with_contact(&app).await;
    move_to(&app, &officer, &open, json!({ "to": "accepted" })).await;
    age(&app, &open, 3 * 365).await;

    assert_eq!(server::questions::erase_expired_contacts(&app.db).await.unwrap(), 1, "the default keeps two years");
    assert_eq!(app.stored(&old).await.email, None);
    assert_eq!(app.stored(&recent).await.email.as_deref(), Some(EMAIL));
    assert_eq!(app.stored(&open).await.email.as_deref(), Some(EMAIL), "an open question keeps its contact");
    let view = app.send(as_staff(Req::get(&format!("/api/v1/staff/questions/{old}")), &officer)).await.json();
    assert_eq!(view["contact_erased"]["by"], json!("retention"));
    assert_eq!(server::questions::erase_expired_contacts(&app.db).await.unwrap(), 0, "once");

    // The agency sets a shorter period: the year-old one goes too.
    let admin = staff_token(&app, "demo", "quan-tri-2", Role::Admin).await;
    let settings = |days: u32| {
        as_staff(
            Req::new(axum::http::Method::PUT, "/api/v1/staff/settings")
                .json(&json!({ "handling_days": 10, "contact_retention_days": days })),
            &admin,
        )
    };
    let refused = app.send(settings(7)).await;
    let body = refused.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "seven days");
    assert_eq!(body["errors"], json!({ "contact_retention_days": ["contact_retention_days.range"] }));
    app.send(settings(180)).await.assert_status(StatusCode::NO_CONTENT, "180 days");
    assert_eq!(server::questions::erase_expired_contacts(&app.db).await.unwrap(), 1);
    assert_eq!(app.stored(&recent).await.email, None);
    let audit: Vec<String> = sqlx::query(
        "SELECT detail FROM audit_log WHERE action = 'question.contact_erase' AND staff_id IS NULL ORDER BY id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("detail"))
    .collect();
    assert_eq!(audit.len(), 2, "each erasure audited: {audit:?}");
    let last: Value = serde_json::from_str(&audit[1]).unwrap();
    assert_eq!((last["by"].clone(), last["retention_days"].clone()), (json!("retention"), json!(180)));
}

async fn the_operator_exports_everything_held_about_a_code(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (code, _) = ask_with_contact(&app).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    move_to(&app, &officer, &code, json!({ "to": "accepted", "internal_note": "Ghi chú nội bộ" })).await;
    let url = app.db.connect_options().database_url.to_string();
    let export = |code: &str| {
        Command::new(env!("CARGO_BIN_EXE_tuongtac"))
            .args(["admin", "question", "export", "demo", code, "--database", &url])
            .env_remove("DATABASE_URL")
            .output()
            .expect("run tuongtac")
    };
    let out = export(&code);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let export_json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let question = &export_json["question"];
    assert_eq!(
        (question["name"].clone(), question["email"].clone(), question["phone"].clone()),
        (json!(NAME), json!(EMAIL), json!(PHONE))
    );
    assert!(question["consent_at"].is_string());
    assert_eq!(export_json["tracking_code"], json!(code));
    assert_eq!(export_json["timeline"][1]["internal_note"], json!("Ghi chú nội bộ"));
    assert_eq!(export_json["mail"][0]["recipient"], json!(EMAIL));
    assert_eq!(export_json["audit"][0]["action"], json!("question.transition"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("$argon2id$"), "no PIN hash");
    let unknown = export("AAAAA-AAAAA");
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("no question"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
}

async fn the_dedupe_key_is_shared_and_forgotten_after_its_day(backend: Backend) {
    let app = TestApp::start(backend).await;
    // A second process on the same database: the same browser rating the same page there replaces the first.
    let config = server::Config::new(std::env::temp_dir().join("tt-test-no-widgets"));
    let other = server::AppState::new(app.db.clone(), config).await.expect("second state");
    let other = server::app(other);
    let rating =
        json!({ "page": format!("{ORIGIN}/trang"), "content": 5, "lang": "vi", "rater": "one-browser-token-0001" });
    let first = app.send(Req::post("/api/v1/agencies/demo/ratings").origin(ORIGIN).json(&rating)).await;
    assert_eq!(first.json()["replaced"], json!(false));
    let second = send(other, Req::post("/api/v1/agencies/demo/ratings").origin(ORIGIN).json(&rating)).await;
    second.assert_status(StatusCode::CREATED, "on the second instance");
    assert_eq!(second.json()["replaced"], json!(true), "the key is the same in both processes");
    assert_eq!(app.count("ratings").await, 1);
    assert_eq!(app.count("dedupe_keys").await, 1);
    // Yesterday's key is deleted by the next sweep (or the next day's first rating).
    sqlx::query("INSERT INTO dedupe_keys (day, secret) VALUES ('2020-01-01', $1)")
        .bind("00".repeat(32))
        .execute(&app.db)
        .await
        .unwrap();
    server::jobs::sweep_once(&app.state).await;
    let days: Vec<String> = sqlx::query("SELECT day FROM dedupe_keys")
        .fetch_all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("day"))
        .collect();
    assert_eq!(days, [server::clock::today_in_vietnam().to_string()]);
    tokio::time::sleep(Duration::from_millis(10)).await;
}
