//! The question-and-answer loop through the real router and a real database (SQLite and PostgreSQL): the
//! citizen's tracker lookup, staff sessions and roles, the lifecycle, the audit log, publication, offline
//! channels and notification mail to a real SMTP listener.

use std::time::Duration;

use crate::common::*;
use axum::http::{Method, StatusCode};
use domain::Role;
use serde_json::{Value, json};
use sqlx::Row;

on_both_backends!(
    lookup_shows_only_what_the_citizen_may_see,
    wrong_codes_and_pins_get_one_answer_and_lock_out,
    staff_sessions_and_roles,
    the_whole_lifecycle_is_audited_notified_and_published,
    moves_that_need_data_or_are_not_allowed_are_refused,
    offline_questions_have_their_channel_and_due_date,
    mail_is_retried_until_the_smtp_server_accepts_it,
    admins_configure_their_agency,
);

const LOOKUP: &str = "/api/v1/agencies/demo/questions/lookup";

fn lookup(code: &str, pin: &str) -> Req {
    Req::post(LOOKUP).origin(ORIGIN).json(&json!({ "tracking_code": code, "pin": pin, "lang": "vi" }))
}

/// A question with contact details; returns (tracking code, PIN).
async fn ask(app: &TestApp, email: &str) -> (String, String) {
    let question = with(
        valid_question(),
        json!({ "name": "Trần Văn Nam", "email": email, "phone": "0912345678", "consent": true }),
    );
    let reply = app.send(Req::ask(&question)).await;
    reply.assert_status(StatusCode::CREATED, "ask");
    let body = reply.json();
    (body["tracking_code"].as_str().unwrap().to_owned(), body["pin"].as_str().unwrap().to_owned())
}

fn questions(code: &str, rest: &str) -> String {
    format!("/api/v1/staff/questions/{code}{rest}")
}

fn move_to(code: &str, token: &str, body: Value) -> Req {
    as_staff(Req::post(&questions(code, "/transitions")).json(&body), token)
}

async fn lookup_ok(app: &TestApp, code: &str, pin: &str) -> Value {
    let reply = app.send(lookup(code, pin)).await;
    reply.assert_status(StatusCode::OK, "lookup");
    reply.json()
}

async fn lookup_shows_only_what_the_citizen_may_see(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (code, pin) = ask(&app, "nam.tran@example.vn").await;
    let reply = app.send(lookup(&code.to_lowercase().replace('-', " "), &pin)).await;
    reply.assert_status(StatusCode::OK, "lookup with the code as people type it");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    let body = reply.json();
    assert_eq!(body["tracking_code"], json!(code));
    assert_eq!(body["status"], "received");
    assert_eq!(body["timeline"].as_array().unwrap().len(), 1);
    assert_eq!(body["timeline"][0]["status"], "received");
    assert_eq!(body["overdue"], false);
    assert_eq!(body["answer"], Value::Null);
    // Ten working days from today, in Vietnam.
    let today = domain::Date::in_vietnam_at(&server::clock::now()).unwrap();
    assert_eq!(body["due_date"], json!(domain::due_date(today, 10, &[]).to_string()));
    let text = reply.text();
    for private in ["Trần Văn Nam", "nam.tran@example.vn", "0912345678", &pin, "pin_hash", "argon2"] {
        assert!(!text.contains(private), "the lookup shows {private:?}: {text}");
    }
    let invalid =
        app.send(lookup("", "12")).await.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "empty code");
    assert_eq!(invalid["errors"], json!({ "tracking_code": ["tracking_code.required"], "pin": ["pin.invalid"] }));
    app.send(lookup(&code, &pin).without("origin")).await.assert_error(
        StatusCode::FORBIDDEN,
        "origin_not_allowed",
        "no origin",
    );
}

async fn wrong_codes_and_pins_get_one_answer_and_lock_out(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (code, pin) = ask(&app, "").await;
    let wrong_pin = if pin == "000000" { "111111" } else { "000000" };
    let unknown = domain::TrackingCode::from_entropy([1, 2, 3, 4, 5, 6, 7, 8, 9]).to_string();
    let by_pin = app.send(lookup(&code, wrong_pin)).await;
    let by_code = app.send(lookup(&unknown, &pin)).await;
    by_pin.assert_error(StatusCode::NOT_FOUND, "lookup_failed", "wrong PIN");
    assert_eq!((by_pin.status, by_pin.text()), (by_code.status, by_code.text()), "wrong PIN and unknown code differ");

    for _ in 1..5 {
        app.send(lookup(&code, wrong_pin)).await.assert_error(StatusCode::NOT_FOUND, "lookup_failed", "wrong PIN");
    }
    // Five failures lock this code from this address for 15 minutes, even for the right PIN.
    let locked = app.send(lookup(&code, &pin)).await;
    locked.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "locked code");
    let wait: u64 = locked.header("retry-after").unwrap().parse().unwrap();
    assert!((890..=900).contains(&wait), "Retry-After {wait}");
    assert_eq!(locked.json()["retry_after_seconds"], json!(wait));
    // Someone else's guesses do not lock the author out at once...
    let author = app.send(lookup(&code, &pin).sent_from("203.0.113.50")).await;
    author.assert_status(StatusCode::OK, "the author, from their own address");
    let from = |i: usize| format!("203.0.113.{}", 10 + i);
    for i in 0..15 {
        let reply = app.send(lookup(&code, wrong_pin).sent_from(&from(i))).await;
        reply.assert_error(StatusCode::NOT_FOUND, "lookup_failed", "guess from another address");
    }
    // ...but twenty failures in an hour lock the code from every address, so many addresses get few guesses.
    let everywhere = app.send(lookup(&code, &pin).sent_from("203.0.113.200")).await;
    everywhere.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "code locked everywhere");
    let wait: u64 = everywhere.header("retry-after").unwrap().parse().unwrap();
    assert!((3590..=3600).contains(&wait), "Retry-After {wait}");

    // One address sweeping many codes is locked out after 30 failures, whatever the codes.
    let (other, other_pin) = ask(&app, "").await;
    let sweeper = "198.51.100.99";
    for i in 0..30 {
        let stranger = domain::TrackingCode::from_entropy([i, 9, 9, 9, 9, 9, 9, 9, 9]).to_string();
        let reply = app.send(lookup(&stranger, "123456").sent_from(sweeper)).await;
        reply.assert_error(StatusCode::NOT_FOUND, "lookup_failed", "sweep");
    }
    let swept = app.send(lookup(&other, &other_pin).sent_from(sweeper)).await;
    swept.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "locked address");
    lookup_ok(&app, &other, &other_pin).await;

    // Guesses sent all at once are counted before the slow hash runs: no more than five get an answer.
    let (third, _) = ask(&app, "").await;
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let request = lookup(&third, wrong_pin).sent_from("192.0.2.77");
        guesses.spawn(send(app.router.clone(), request));
    }
    let mut answered = 0;
    while let Some(reply) = guesses.join_next().await {
        let reply = reply.unwrap();
        match reply.status {
            StatusCode::NOT_FOUND => answered += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("parallel guess: {other} {}", reply.text()),
        }
    }
    assert_eq!(answered, 5, "parallel guesses slipped past the lockout");
}

async fn staff_sessions_and_roles(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (code, _) = ask(&app, "nam.tran@example.vn").await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let moderator = staff_token(&app, "demo", "kiem-duyet", Role::Moderator).await;
    let admin = staff_token(&app, "demo", "quan-tri", Role::Admin).await;
    let stranger = staff_token(&app, NO_TOPICS, "can-bo-khac", Role::Admin).await;

    let login = |username: &str, password: &str| {
        Req::post("/api/v1/staff/session")
            .json(&json!({ "agency": "demo", "username": username, "password": password }))
    };
    let wrong = app.send(login("can-bo", "sai mật khẩu rồi")).await;
    wrong.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials", "wrong password");
    let nobody = app.send(login("khong-co", "sai mật khẩu rồi")).await;
    assert_eq!(wrong.text(), nobody.text(), "unknown user and wrong password differ");
    let malformed = app.send(login("can-bo\u{0}", "sai mật khẩu rồi")).await;
    assert_eq!(malformed.text(), nobody.text(), "a malformed username is answered like an unknown one");

    let reply = app.send(login("can-bo", PASSWORD)).await;
    reply.assert_status(StatusCode::OK, "log in");
    let cookie = reply.header("set-cookie").unwrap().to_owned();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/staff"] {
        assert!(cookie.contains(attribute), "cookie {cookie:?} lacks {attribute}");
    }
    let session = reply.json();
    assert_eq!((session["role"].as_str(), session["agency"].as_str()), (Some("officer"), Some("demo")));
    let token = session["token"].as_str().unwrap();
    let me = Req::get("/api/v1/staff/session");
    app.send(me.clone()).await.assert_error(StatusCode::UNAUTHORIZED, "unauthorized", "no session");
    let by_cookie =
        app.send(me.clone().header("cookie", format!("theme=dark; {}", cookie.split(';').next().unwrap()))).await;
    assert_eq!(by_cookie.assert_status(StatusCode::OK, "cookie session").json()["username"], "can-bo");
    app.send(as_staff(Req::new(Method::DELETE, "/api/v1/staff/session"), token))
        .await
        .assert_status(StatusCode::NO_CONTENT, "log out");
    app.send(as_staff(me.clone(), token)).await.assert_error(StatusCode::UNAUTHORIZED, "unauthorized", "after log-out");
    // Sessions expire.
    sqlx::query("UPDATE staff_sessions SET expires_at = '2000-01-01T00:00:00Z'").execute(&app.db).await.unwrap();
    app.send(as_staff(me.clone(), &officer)).await.assert_error(StatusCode::UNAUTHORIZED, "unauthorized", "expired");
    let officer = staff_login(&app, "can-bo").await;
    let moderator = {
        let _ = moderator;
        staff_login(&app, "kiem-duyet").await
    };
    let admin = {
        let _ = admin;
        staff_login(&app, "quan-tri").await
    };
    let stranger = {
        let _ = stranger;
        staff_login_at(&app, NO_TOPICS, "can-bo-khac").await
    };

    // Staff routes never answer CORS, even to the agency's own embedding origin.
    let reply = app.send(as_staff(Req::get("/api/v1/staff/questions"), &officer).origin(ORIGIN)).await;
    reply.assert_status(StatusCode::OK, "queue");
    assert_eq!(reply.header("access-control-allow-origin"), None);
    let preflight = app.send(Req::preflight("/api/v1/staff/questions", ORIGIN)).await;
    assert_eq!(preflight.header("access-control-allow-origin"), None);

    let forbidden = [
        (
            as_staff(Req::post("/api/v1/staff/origins").json(&json!({ "origin": "https://x.example" })), &officer),
            "officer changes origins",
        ),
        (as_staff(Req::get("/api/v1/staff/audit"), &officer), "officer reads the audit log"),
        (move_to(&code, &moderator, json!({ "to": "accepted" })), "moderator moves a question"),
        (
            as_staff(Req::post(&questions(&code, "/publication")).json(&json!({ "published": true })), &officer),
            "officer publishes",
        ),
    ];
    for (request, case) in forbidden {
        app.send(request).await.assert_error(StatusCode::FORBIDDEN, "forbidden", case);
    }
    // Another agency's staff see nothing of this agency's questions.
    app.send(as_staff(Req::get(&questions(&code, "")), &stranger)).await.assert_error(
        StatusCode::NOT_FOUND,
        "not_found",
        "other agency reads",
    );
    app.send(move_to(&code, &stranger, json!({ "to": "accepted" }))).await.assert_error(
        StatusCode::NOT_FOUND,
        "not_found",
        "other agency moves",
    );
    let theirs = app.send(as_staff(Req::get("/api/v1/staff/questions"), &stranger)).await;
    assert_eq!(theirs.json()["items"], json!([]));
    // Moderators judge content and do not see contact details; officers do.
    let as_moderator = app.send(as_staff(Req::get(&questions(&code, "")), &moderator)).await.json();
    assert_eq!((as_moderator["email"].clone(), as_moderator["name"].clone()), (Value::Null, Value::Null));
    let as_officer = app.send(as_staff(Req::get(&questions(&code, "")), &officer)).await.json();
    assert_eq!(as_officer["email"], "nam.tran@example.vn");
    // Admins manage the agency and read the audit log.
    let origin = app
        .send(as_staff(
            Req::post("/api/v1/staff/origins").json(&json!({ "origin": "https://Cong.Example.gov.vn/" })),
            &admin,
        ))
        .await;
    origin.assert_status(StatusCode::NO_CONTENT, "admin adds an origin");
    // The list shows it at once, as browsers send it; only admins read it.
    let origins = app.send(as_staff(Req::get("/api/v1/staff/origins"), &admin)).await.json();
    assert!(origins.as_array().unwrap().contains(&json!("https://cong.example.gov.vn")), "{origins}");
    app.send(as_staff(Req::get("/api/v1/staff/origins"), &officer)).await.assert_error(
        StatusCode::FORBIDDEN,
        "forbidden",
        "officer lists origins",
    );
    let audit = app.send(as_staff(Req::get("/api/v1/staff/audit"), &admin)).await.json();
    assert_eq!(audit[0]["action"], "origin.add");
    assert_eq!(audit[0]["by"], "quan-tri");
    assert_eq!(audit[0]["detail"], json!({ "origin": "https://cong.example.gov.vn" }));

    // A disabled account's sessions end at once.
    let disable =
        |username: &str| as_staff(Req::new(Method::DELETE, &format!("/api/v1/staff/accounts/{username}")), &admin);
    app.send(disable("quan-tri")).await.assert_error(StatusCode::CONFLICT, "conflict", "admin disables self");
    app.send(disable("can-bo")).await.assert_status(StatusCode::NO_CONTENT, "disable officer");
    app.send(as_staff(me.clone(), &officer)).await.assert_error(StatusCode::UNAUTHORIZED, "unauthorized", "disabled");
    let again = Req::post("/api/v1/staff/session")
        .json(&json!({ "agency": "demo", "username": "can-bo", "password": PASSWORD }));
    app.send(again).await.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials", "disabled log-in");
    app.send(disable("can-bo")).await.assert_error(StatusCode::NOT_FOUND, "not_found", "disabled twice");
}

async fn staff_login(app: &TestApp, username: &str) -> String {
    staff_login_at(app, "demo", username).await
}

async fn staff_login_at(app: &TestApp, agency: &str, username: &str) -> String {
    let reply = app
        .send(
            Req::post("/api/v1/staff/session")
                .json(&json!({ "agency": agency, "username": username, "password": PASSWORD })),
        )
        .await;
    reply.assert_status(StatusCode::OK, "log in again").json()["token"].as_str().unwrap().to_owned()
}

async fn the_whole_lifecycle_is_audited_notified_and_published(backend: Backend) {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app = TestApp::start_with(backend, |config| config.smtp_url = Some(url)).await;
    let (code, pin) = ask(&app, "nam.tran@example.vn").await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let moderator = staff_token(&app, "demo", "kiem-duyet", Role::Moderator).await;
    let admin = staff_token(&app, "demo", "quan-tri", Role::Admin).await;

    let steps = [
        json!({ "to": "accepted", "public_note": "Cơ quan đã nhận câu hỏi.", "internal_note": "Chuyển phòng CNTT." }),
        json!({ "to": "assigned", "unit": "phong-cntt" }),
        json!({ "to": "in_progress" }),
    ];
    for step in steps {
        app.send(move_to(&code, &officer, step.clone())).await.assert_status(StatusCode::OK, &step.to_string());
    }
    let answer = "Hồ sơ gồm đơn đề nghị và bản sao giấy chứng nhận đăng ký doanh nghiệp.";
    let reply = app
        .send(as_staff(Req::new(Method::PUT, &questions(&code, "/answer")).json(&json!({ "body": answer })), &officer))
        .await;
    reply.assert_status(StatusCode::OK, "write the answer");
    // The citizen does not see a draft answer.
    assert_eq!(lookup_ok(&app, &code, &pin).await["answer"], Value::Null);
    let answered = app.send(move_to(&code, &officer, json!({ "to": "answered", "public_note": "Đã trả lời." }))).await;
    assert_eq!(answered.assert_status(StatusCode::OK, "answer").json()["next"], json!(["closed"]));

    let tracked = lookup_ok(&app, &code, &pin).await;
    assert_eq!(tracked["status"], "answered");
    assert_eq!(tracked["answer"], answer);
    let timeline: Vec<&str> =
        tracked["timeline"].as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(timeline, ["received", "accepted", "assigned", "in_progress", "answered"]);
    assert_eq!(tracked["timeline"][1]["public_note"], "Cơ quan đã nhận câu hỏi.");
    assert!(!tracked.to_string().contains("Chuyển phòng CNTT"), "an internal note reached the citizen");

    // Publication: the public list and the single question show the answer, never personal data.
    let published = app
        .send(as_staff(Req::post(&questions(&code, "/publication")).json(&json!({ "published": true })), &moderator))
        .await;
    published.assert_status(StatusCode::OK, "publish");
    let list = app.send(Req::get(QUESTIONS)).await;
    assert_eq!(list.json()["items"][0]["answer"], answer);
    let one = app.send(Req::get(&format!("{QUESTIONS}/{code}"))).await;
    assert_eq!(one.assert_status(StatusCode::OK, "one published question").json()["answer"], answer);
    for text in [list.text(), one.text()] {
        for private in ["Trần Văn Nam", "nam.tran@example.vn", "0912345678", &pin] {
            assert!(!text.contains(private), "public data shows {private:?}");
        }
    }
    app.send(move_to(&code, &officer, json!({ "to": "closed" }))).await.assert_status(StatusCode::OK, "close");

    // Mail for accepted, answered and closed, in Vietnamese, with the code and a tracker link, never the PIN.
    let mails: Vec<String> = sink.wait_for(3).await.iter().map(|m| decode_quoted_printable(m)).collect();
    assert_eq!(mails.len(), 3);
    for mail in &mails {
        assert!(mail.contains("To: nam.tran@example.vn"), "{mail}");
        assert!(mail.contains(&code), "{mail}");
        assert!(mail.contains(&format!("{ORIGIN}/demo/tracker.html?tt-code={code}")), "{mail}");
        assert!(!mail.contains(&pin), "a mail contains the PIN: {mail}");
    }
    assert!(mails[0].contains("Đã chấp nhận xử lý") && mails[0].contains("Cơ quan đã nhận câu hỏi."), "{}", mails[0]);
    assert!(mails[1].contains("Đã trả lời"), "{}", mails[1]);
    assert!(mails[2].contains("Đã kết thúc"), "{}", mails[2]);
    let late = as_staff(
        Req::new(Method::PUT, &questions(&code, "/answer")).json(&json!({ "body": "Sửa sau khi đóng." })),
        &officer,
    );
    app.send(late).await.assert_error(StatusCode::CONFLICT, "conflict", "answer after closing");
    let pending: i64 =
        sqlx::query("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetch_one(&app.db).await.unwrap().get(0);
    assert_eq!(pending, 0);

    // The audit log filters by action (or a prefix ending with a dot), by person and by question.
    let audit_of = |query: &str| as_staff(Req::get(&format!("/api/v1/staff/audit{query}")), &admin);
    let published = app.send(audit_of("?action=question.publish")).await.json();
    assert_eq!(published.as_array().unwrap().len(), 1);
    assert_eq!(published[0]["tracking_code"], json!(code));
    let by_question = app.send(audit_of(&format!("?code={}&action=question.", code.to_lowercase()))).await.json();
    assert_eq!(by_question.as_array().unwrap().len(), 7);
    assert_eq!(app.send(audit_of("?by=nobody")).await.json(), json!([]));
    assert_eq!(app.send(audit_of("?code=not-a-code")).await.json(), json!([]));
    app.send(audit_of("?by=a%00b")).await.assert_error(StatusCode::BAD_REQUEST, "bad_query", "NUL in a filter");
    let audit = app.send(as_staff(Req::get("/api/v1/staff/audit"), &admin)).await.json();
    let actions: Vec<&str> = audit.as_array().unwrap().iter().rev().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "question.transition",
            "question.transition",
            "question.transition",
            "question.answer",
            "question.transition",
            "question.publish",
            "question.transition"
        ]
    );
    let first = &audit.as_array().unwrap().last().unwrap();
    assert_eq!((first["by"].as_str(), first["tracking_code"].as_str()), (Some("can-bo"), Some(code.as_str())));
    assert_eq!(first["detail"]["from"], "received");
    assert_eq!(first["detail"]["internal_note"], "Chuyển phòng CNTT.");
}

async fn moves_that_need_data_or_are_not_allowed_are_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (code, pin) = ask(&app, "").await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let refused = |body: Value| move_to(&code, &officer, body);

    let invalid = app.send(refused(json!({ "to": "answered" }))).await.assert_error(
        StatusCode::CONFLICT,
        "invalid_transition",
        "received → answered",
    );
    assert_eq!(invalid["allowed"], json!(["accepted", "rejected", "duplicate", "transferred"]));
    let cases = [
        (json!({ "to": "rejected" }), "public_note", "public_note.reason_required"),
        (json!({ "to": "duplicate" }), "duplicate_of", "duplicate_of.required"),
        (json!({ "to": "duplicate", "duplicate_of": code }), "duplicate_of", "duplicate_of.unknown"),
        (json!({ "to": "transferred", "transfer_to": "demo" }), "transfer_to", "transfer_to.unknown"),
        (json!({ "to": "transferred", "transfer_to": "khong-ton-tai" }), "transfer_to", "transfer_to.unknown"),
        (json!({ "to": "bogus" }), "", ""),
    ];
    for (body, field, key) in cases {
        let reply = app.send(refused(body.clone())).await;
        if field.is_empty() {
            reply.assert_error(StatusCode::BAD_REQUEST, "malformed_body", &body.to_string());
        } else {
            let error = reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", &body.to_string());
            assert_eq!(error["errors"], json!({ field: [key] }), "{body}");
        }
    }
    app.send(refused(json!({ "to": "accepted" }))).await.assert_status(StatusCode::OK, "accept");
    let unit = app.send(refused(json!({ "to": "assigned", "unit": "khong-co" }))).await;
    assert_eq!(
        unit.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "unknown unit")["errors"],
        json!({ "unit": ["unit.unknown"] })
    );
    app.send(refused(json!({ "to": "assigned", "unit": "phong-cntt" }))).await.assert_status(StatusCode::OK, "assign");
    app.send(refused(json!({ "to": "in_progress" }))).await.assert_status(StatusCode::OK, "start");
    let no_answer = app.send(refused(json!({ "to": "answered" }))).await;
    assert_eq!(
        no_answer.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "no answer")["errors"],
        json!({ "answer": ["answer.required"] })
    );

    // Transferred: the code keeps working at the first agency and says where the question went.
    let (other, other_pin) = ask(&app, "").await;
    app.send(move_to(
        &other,
        &officer,
        json!({ "to": "transferred", "transfer_to": NO_TOPICS, "public_note": "Thuộc thẩm quyền Sở Tư pháp." }),
    ))
    .await
    .assert_status(StatusCode::OK, "transfer");
    let tracked = lookup_ok(&app, &other, &other_pin).await;
    assert_eq!(tracked["transferred_to"], json!({ "slug": NO_TOPICS, "name": "Sở Tư pháp" }));
    let finished = app.send(move_to(&other, &officer, json!({ "to": "accepted" }))).await;
    assert_eq!(
        finished.assert_error(StatusCode::CONFLICT, "invalid_transition", "after transfer")["allowed"],
        json!([])
    );

    // A duplicate points to an answered, published question: published but unanswered is not enough.
    let publish = |code: &str, status: &str| {
        sqlx::query("UPDATE questions SET published_at = '2026-01-01T00:00:00Z', status = $1 WHERE tracking_code = $2")
            .bind(status.to_owned())
            .bind(code.replace('-', ""))
            .execute(&app.db)
    };
    let (answered, _) = ask(&app, "").await;
    publish(&other, "transferred").await.unwrap();
    publish(&answered, "answered").await.unwrap();
    let (third, third_pin) = ask(&app, "").await;
    let unanswered = app.send(move_to(&third, &officer, json!({ "to": "duplicate", "duplicate_of": other }))).await;
    let errors =
        unanswered.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "duplicate of an unanswered question");
    assert_eq!(errors["errors"], json!({ "duplicate_of": ["duplicate_of.unknown"] }));
    app.send(move_to(&third, &officer, json!({ "to": "duplicate", "duplicate_of": answered.to_lowercase() })))
        .await
        .assert_status(StatusCode::OK, "duplicate");
    assert_eq!(lookup_ok(&app, &third, &third_pin).await["duplicate_of"], json!(answered));
    let (fourth, fourth_pin) = ask(&app, "").await;
    app.send(move_to(
        &fourth,
        &officer,
        json!({ "to": "rejected", "public_note": "Nội dung không thuộc phạm vi hỏi đáp." }),
    ))
    .await
    .assert_status(StatusCode::OK, "reject");
    let rejected = lookup_ok(&app, &fourth, &fourth_pin).await;
    assert_eq!(rejected["timeline"][1]["public_note"], "Nội dung không thuộc phạm vi hỏi đáp.");
    let _ = pin;
}

async fn offline_questions_have_their_channel_and_due_date(backend: Backend) {
    let app = TestApp::start(backend).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let today = domain::Date::in_vietnam_at(&server::clock::now()).unwrap();
    let received = today.add_days(-40);
    let letter =
        with(valid_question(), json!({ "channel": "letter", "received_on": received.to_string(), "lang": "en" }));
    let reply = app.send(as_staff(Req::post("/api/v1/staff/questions").json(&letter), &officer)).await;
    reply.assert_status(StatusCode::CREATED, "record a letter");
    let receipt = reply.json();
    let (code, pin) = (receipt["tracking_code"].as_str().unwrap(), receipt["pin"].as_str().unwrap());
    assert_eq!(app.stored(code).await.channel, "letter");

    let tracked = lookup_ok(&app, code, pin).await;
    assert_eq!(tracked["due_date"], json!(domain::due_date(received, 10, &[]).to_string()));
    assert_eq!(tracked["overdue"], true);
    assert_eq!(domain::Date::in_vietnam_at(tracked["created_at"].as_str().unwrap()), Some(received));

    let queue = |query: &str| as_staff(Req::get(&format!("/api/v1/staff/questions{query}")), &officer);
    let overdue = app.send(queue("?overdue=true")).await.json();
    assert_eq!(overdue["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        (overdue["items"][0]["channel"].as_str(), overdue["items"][0]["overdue"].as_bool()),
        (Some("letter"), Some(true))
    );
    let (web, _) = ask(&app, "").await;
    assert_eq!(app.send(queue("?overdue=true")).await.json()["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.send(queue("?status=received")).await.json()["items"].as_array().unwrap().len(), 2);
    // The counts per status follow the other filters, not the status, so a console can show every status's.
    let accepted = json!({ "to": "accepted" });
    let path = format!("/api/v1/staff/questions/{web}/transitions");
    app.send(as_staff(Req::post(&path).json(&accepted), &officer)).await.assert_status(StatusCode::OK, "accept");
    let received = app.send(queue("?status=received")).await.json();
    assert_eq!(received["items"].as_array().unwrap().len(), 1);
    assert_eq!(received["counts"], json!([{ "status": "received", "count": 1 }, { "status": "accepted", "count": 1 }]));
    assert_eq!(app.send(queue("?overdue=true")).await.json()["counts"], json!([{ "status": "received", "count": 1 }]));
    assert_eq!(
        app.send(queue(&format!("?q={}", web.to_lowercase()))).await.json()["items"][0]["tracking_code"],
        json!(web)
    );
    assert_eq!(app.send(queue("?q=gi%E1%BA%A5y%20ph%C3%A9p")).await.json()["items"].as_array().unwrap().len(), 2);
    assert_eq!(app.send(queue("?q=gi%E1%BA%A5y%20ph%C3%A9p")).await.json()["counts"].as_array().unwrap().len(), 2);
    assert_eq!(app.send(queue("?q=GI%E1%BA%A4Y%20PH%C3%89P")).await.json()["items"].as_array().unwrap().len(), 2);
    assert_eq!(app.send(queue("?q=100%25")).await.json()["items"], json!([]));
    app.send(queue("?q=a%00b")).await.assert_error(StatusCode::BAD_REQUEST, "bad_query", "NUL in search");
    app.send(queue("?status=nonsense")).await.assert_error(StatusCode::BAD_REQUEST, "bad_query", "unknown status");
    app.send(queue("?min_same_question=1000001")).await.assert_error(StatusCode::BAD_REQUEST, "bad_query", "too many");
    app.send(queue("?min_same_question=1000000")).await.assert_status(StatusCode::OK, "the most places allowed");

    let future = with(letter.clone(), json!({ "received_on": today.add_days(1).to_string(), "channel": "web" }));
    let refused = app.send(as_staff(Req::post("/api/v1/staff/questions").json(&future), &officer)).await;
    let errors =
        refused.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "future letter from the web")["errors"]
            .clone();
    assert_eq!(errors, json!({ "channel": ["channel.offline_only"], "received_on": ["received_on.invalid"] }));
    let audit: i64 = sqlx::query("SELECT COUNT(*) FROM audit_log WHERE action = 'question.record_offline'")
        .fetch_one(&app.db)
        .await
        .unwrap()
        .get(0);
    assert_eq!(audit, 1);
}

async fn mail_is_retried_until_the_smtp_server_accepts_it(backend: Backend) {
    // A port with nothing listening yet: the first attempts fail, then a listener appears there.
    let port = quiet_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::start_with(backend, |config| {
        config.smtp_url = Some(url);
        config.mail_retry_base = Duration::from_secs(1);
    })
    .await;
    let (code, _) = ask(&app, "nam.tran@example.vn").await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    app.send(move_to(&code, &officer, json!({ "to": "accepted" }))).await.assert_status(StatusCode::OK, "accept");
    let failed = async {
        for _ in 0..100 {
            let row = sqlx::query("SELECT attempts, last_error FROM outbox").fetch_one(&app.db).await.unwrap();
            if row.get::<i64, _>(0) >= 1 {
                return row.get::<Option<String>, _>(1);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    };
    assert!(failed.await.is_some(), "the failed attempt is recorded with its error");
    // Mail sent more than 30 days ago is deleted: it holds the citizen's address.
    let question_id: i64 = sqlx::query("SELECT subject_id FROM outbox").fetch_one(&app.db).await.unwrap().get(0);
    sqlx::query(
        "INSERT INTO outbox (subject_kind, subject_id, recipient, subject, body, created_at, next_attempt_at, sent_at) \
         VALUES ('question', $1, 'cu@example.vn', 's', 'b', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .bind(question_id)
    .execute(&app.db)
    .await
    .unwrap();
    let sink = SmtpSink::start_on(port).await;
    app.state.outbox.notify_one();
    let mails = sink.wait_for(1).await;
    assert!(decode_quoted_printable(&mails[0]).contains(&code));
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(sink.messages().len(), 1, "sent once");
    let recipients: Vec<String> = sqlx::query("SELECT recipient FROM outbox")
        .fetch_all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(recipients, ["nam.tran@example.vn"], "old sent mail is deleted, recent mail kept");
}

async fn admins_configure_their_agency(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = staff_token(&app, "demo", "quan-tri", Role::Admin).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let put_settings =
        |token: &str, body: Value| as_staff(Req::new(Method::PUT, "/api/v1/staff/settings").json(&body), token);

    // Five working days, with the coming Monday and Tuesday off: due dates of new questions follow at once.
    let today = domain::Date::in_vietnam_at(&server::clock::now()).unwrap();
    let holidays: Vec<domain::Date> = (1..=7).map(|d| today.add_days(d)).filter(|d| !d.is_weekend()).take(2).collect();
    let settings = json!({
        "handling_days": 5,
        "holidays": holidays.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "tracker_url": "https://cong.example.gov.vn/tra-cuu?lang=vi",
    });
    app.send(put_settings(&officer, settings.clone())).await.assert_error(
        StatusCode::FORBIDDEN,
        "forbidden",
        "officer",
    );
    app.send(put_settings(&admin, settings.clone())).await.assert_status(StatusCode::NO_CONTENT, "settings");
    // Read back as they are edited, so a form starts from them (a PUT replaces them all).
    let read = app.send(as_staff(Req::get("/api/v1/staff/settings"), &admin)).await.json();
    assert_eq!(read, with(settings.clone(), json!({ "contact_retention_days": 730 })));
    app.send(as_staff(Req::get("/api/v1/staff/settings"), &officer)).await.assert_error(
        StatusCode::FORBIDDEN,
        "forbidden",
        "officer reads settings",
    );
    let (code, pin) = ask(&app, "").await;
    let tracked = lookup_ok(&app, &code, &pin).await;
    assert_eq!(tracked["due_date"], json!(domain::due_date(today, 5, &holidays).to_string()));
    let agency = server::agencies::find(&app.db, "demo").await.unwrap().unwrap();
    assert_eq!(
        agency.tracker_link("K7M4Q-X9PRT").as_deref(),
        Some("https://cong.example.gov.vn/tra-cuu?lang=vi&tt-code=K7M4Q-X9PRT")
    );
    // Refused settings name their field, like a citizen's form: 422 with the field → message keys.
    for (body, field, key) in [
        (json!({ "handling_days": 0 }), "handling_days", "handling_days.range"),
        (json!({ "handling_days": 10, "holidays": ["31/12/2026"] }), "holidays", "holidays.invalid"),
        (json!({ "handling_days": 10, "tracker_url": "javascript:alert(1)" }), "tracker_url", "tracker_url.invalid"),
    ] {
        let refused = app.send(put_settings(&admin, body)).await.assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            key,
        );
        assert_eq!(refused["errors"], json!({ field: [key] }), "{key}");
        assert!(refused["messages"][field][0].as_str().is_some_and(|text| !text.is_empty()), "{key}");
    }

    // A new topic shows in the public agency description at once; a new account can log in.
    let topic =
        json!({ "slug": "an-toan-thong-tin", "name_vi": "An toàn thông tin", "name_en": "Information security" });
    app.send(as_staff(Req::post("/api/v1/staff/topics").json(&topic), &admin))
        .await
        .assert_status(StatusCode::NO_CONTENT, "topic");
    let public = app.send(Req::get("/api/v1/agencies/demo")).await.json();
    assert_eq!(public["topics"].as_array().unwrap().last().unwrap()["slug"], "an-toan-thong-tin");
    let account =
        json!({ "username": "le.thi.b", "display_name": "Lê Thị B", "role": "moderator", "password": PASSWORD });
    let created = app.send(as_staff(Req::post("/api/v1/staff/accounts").json(&account), &admin)).await;
    created.assert_status(StatusCode::CREATED, "account");
    let taken = app.send(as_staff(Req::post("/api/v1/staff/accounts").json(&account), &admin)).await;
    taken.assert_error(StatusCode::CONFLICT, "conflict", "username taken");
    let short = with(account.clone(), json!({ "username": "khac", "password": "ngắn" }));
    let refused = app.send(as_staff(Req::post("/api/v1/staff/accounts").json(&short), &admin)).await;
    let refused = refused.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "short password");
    assert_eq!(refused["errors"], json!({ "password": ["password.too_short"] }));
    assert_eq!(staff_login(&app, "le.thi.b").await.len(), 64);
    let accounts = app.send(as_staff(Req::get("/api/v1/staff/accounts"), &admin)).await.json();
    let names: Vec<&str> = accounts.as_array().unwrap().iter().map(|a| a["username"].as_str().unwrap()).collect();
    assert_eq!(names, ["can-bo", "le.thi.b", "quan-tri"]);
    let units = app.send(as_staff(Req::get("/api/v1/staff/units"), &officer)).await.json();
    assert_eq!(units[0]["slug"], "phong-bcxb");
    // A forgotten password: the admin gets a new one, shown once; the old one and its sessions end.
    let session = staff_login(&app, "le.thi.b").await;
    let reset = |who: &str, token: &str| {
        as_staff(Req::post(&format!("/api/v1/staff/accounts/{who}/password")).json(&json!({})), token)
    };
    app.send(reset("le.thi.b", &officer)).await.assert_error(StatusCode::FORBIDDEN, "forbidden", "officer resets");
    app.send(reset("quan-tri", &admin)).await.assert_error(StatusCode::CONFLICT, "conflict", "admin resets self");
    app.send(reset("nobody", &admin)).await.assert_error(StatusCode::NOT_FOUND, "not_found", "no such account");
    let fresh = app.send(reset("le.thi.b", &admin)).await;
    assert_eq!(fresh.header("cache-control"), Some("no-store"));
    let fresh = fresh.assert_status(StatusCode::OK, "reset").json()["password"].as_str().unwrap().to_owned();
    assert!(fresh.chars().count() >= domain::staff::PASSWORD_MIN_CHARS);
    app.send(as_staff(Req::get("/api/v1/staff/session"), &session)).await.assert_error(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "the old session ended",
    );
    let login = json!({ "agency": "demo", "username": "le.thi.b", "password": fresh });
    app.send(Req::post("/api/v1/staff/session").json(&login)).await.assert_status(StatusCode::OK, "new password");

    let audit = app.send(as_staff(Req::get("/api/v1/staff/audit"), &admin)).await.json();
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["account.reset_password", "account.create", "topic.save", "settings.save"]);
    assert!(!audit.to_string().contains(PASSWORD), "the audit log holds a password");
    assert!(!audit.to_string().contains(&fresh), "the audit log holds a password");
}
