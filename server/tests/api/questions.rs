//! The HTTP API through the whole router (origin guard, rate limiter, body limit, handlers) on a fresh
//! database, once on SQLite and once on PostgreSQL. Each case is a table of requests and what must come back.

use std::num::NonZeroU32;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use axum::http::{Method, StatusCode};
use domain::{Lang, MessageKey, TrackingCode};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::common::*;

on_both_backends!(
    stores_a_valid_question,
    guards_origins_and_answers_cors,
    accepts_writes_from_the_servers_own_origin_for_its_embed_pages,
    accepts_only_json,
    limits_body_size,
    reports_field_errors,
    rejects_malformed_and_hostile_input,
    limits_writes_per_address,
    trusts_forwarded_for_only_when_configured,
    discards_honeypot_submissions,
    replays_idempotent_retries,
    refuses_a_reused_idempotency_key,
    stores_concurrent_retries_once,
    refuses_invalid_idempotency_keys,
    lists_published_questions_without_personal_data,
    describes_agency_api_and_health,
);

const MAX_BODY: usize = 64 * 1024;
const AGENCY: &str = "/api/v1/agencies/demo";

/// What a request must get: a status and, for an error, the `error.code` of its body.
type Outcome = (StatusCode, Option<&'static str>);
const OK: Outcome = (StatusCode::OK, None);
const CREATED: Outcome = (StatusCode::CREATED, None);
const NO_CONTENT: Outcome = (StatusCode::NO_CONTENT, None);
const MALFORMED: Outcome = (StatusCode::BAD_REQUEST, Some("malformed_body"));
const BAD_QUERY: Outcome = (StatusCode::BAD_REQUEST, Some("bad_query"));
const BAD_KEY: Outcome = (StatusCode::BAD_REQUEST, Some("bad_idempotency_key"));
const FORBIDDEN: Outcome = (StatusCode::FORBIDDEN, Some("origin_not_allowed"));
const NOT_FOUND: Outcome = (StatusCode::NOT_FOUND, Some("not_found"));
const INVALID: Outcome = (StatusCode::UNPROCESSABLE_ENTITY, Some("validation"));

fn check_outcome(reply: &Reply, (status, code): Outcome, case: &str) {
    assert!(!reply.status.is_server_error(), "{case}: {} {:?}", reply.status, reply.text());
    match code {
        Some(code) => _ = reply.assert_error(status, code, case),
        None => _ = reply.assert_status(status, case),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Checks shared by several cases.

/// What a 201 carries.
#[derive(Debug, Clone, PartialEq)]
struct Receipt {
    tracking_code: String,
    pin: String,
    created_at: String,
}

/// A 201 with a well-formed receipt: `XXXXX-XXXXX` code with a valid check symbol, a 6-digit PIN, status
/// `received`, a current timestamp, and nothing else; never cached.
fn check_receipt(reply: &Reply, case: &str) -> Receipt {
    reply.assert_status(StatusCode::CREATED, case);
    assert_eq!(reply.header("cache-control"), Some("no-store"), "{case}: cache-control");
    assert!(reply.header("content-type").unwrap_or_default().starts_with("application/json"), "{case}: content-type");
    let body = reply.json();
    let mut keys: Vec<&str> = body.as_object().expect("receipt is an object").keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["created_at", "pin", "status", "tracking_code"], "{case}: receipt fields in {body}");

    let code = body["tracking_code"].as_str().expect("tracking_code is a string");
    let bytes = code.as_bytes();
    assert!(
        bytes.len() == 11
            && bytes[5] == b'-'
            && code.chars().all(|c| c == '-' || c.is_ascii_uppercase() || c.is_ascii_digit()),
        "{case}: tracking code {code:?} is not XXXXX-XXXXX"
    );
    let parsed = TrackingCode::parse(code).unwrap_or_else(|| panic!("{case}: tracking code {code:?} does not parse"));
    assert_eq!(parsed.to_string(), code, "{case}: tracking code is shown in its canonical form");

    let pin = body["pin"].as_str().expect("pin is a string");
    assert!(pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit()), "{case}: PIN {pin:?} is not six digits");
    assert_eq!(body["status"], "received", "{case}: status");
    let created_at = body["created_at"].as_str().expect("created_at is a string");
    assert_recent_timestamp(created_at, case);
    Receipt { tracking_code: code.to_owned(), pin: pin.to_owned(), created_at: created_at.to_owned() }
}

/// `YYYY-MM-DDTHH:MM:SSZ`, within a few minutes of now.
fn assert_recent_timestamp(at: &str, case: &str) {
    assert!(at.len() == 20 && at.ends_with('Z'), "{case}: timestamp {at:?} is not YYYY-MM-DDTHH:MM:SSZ");
    let parsed = OffsetDateTime::parse(at, &Rfc3339).unwrap_or_else(|e| panic!("{case}: timestamp {at:?}: {e}"));
    let skew = (OffsetDateTime::now_utc() - parsed).abs();
    assert!(skew < time::Duration::minutes(5), "{case}: timestamp {at} is not now");
}

/// The stored hash is an argon2id PHC string at the server's parameters that verifies the PIN shown once.
fn check_pin_hash(pin_hash: &str, pin: &str, case: &str) {
    assert!(
        pin_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{case}: pin_hash {pin_hash:?} is not an argon2id PHC string"
    );
    assert_ne!(pin_hash, pin, "{case}: the PIN itself is stored");
    let hash = PasswordHash::new(pin_hash).unwrap_or_else(|e| panic!("{case}: pin_hash does not parse: {e}"));
    Argon2::default()
        .verify_password(pin.as_bytes(), &hash)
        .unwrap_or_else(|e| panic!("{case}: PIN does not verify: {e}"));
}

/// A request with any body, sent as JSON from the allowed origin.
fn raw(body: impl Into<Vec<u8>>) -> Req {
    Req::post(QUESTIONS).origin(ORIGIN).header("content-type", "application/json").body(body)
}

// ---------------------------------------------------------------------------------------------------------
// 1. A valid question is stored, normalised, with only the PIN's hash.

struct Stored {
    title: &'static str,
    topic: Option<&'static str>,
    name: Option<&'static str>,
    email: Option<&'static str>,
    phone: Option<&'static str>,
    /// Whether `consent_at` is set (to the creation time).
    consent: bool,
    lang: &'static str,
}

const TITLE: &str = "Thủ tục cấp giấy phép thiết lập trang thông tin điện tử tổng hợp";
const ANONYMOUS: Stored =
    Stored { title: TITLE, topic: Some("giay-phep"), name: None, email: None, phone: None, consent: false, lang: "vi" };

async fn stores_a_valid_question(backend: Backend) {
    let app = TestApp::start(backend).await;
    let cases: [(&str, &str, Value, Stored); 6] = [
        (
            "contact details are normalised",
            QUESTIONS,
            with(
                valid_question(),
                json!({
                    // "cấp" typed decomposed (NFD), as some keyboards send it.
                    "title": "  Thủ tục ca\u{0302}\u{0301}p giấy phép thiết lập trang thông tin điện tử tổng hợp ",
                    "name": "  Nguyễn Văn An ",
                    "email": "An.Nguyen@Example.GOV.vn",
                    "phone": "+84 912 345 678",
                    "consent": true,
                }),
            ),
            Stored {
                name: Some("Nguyễn Văn An"),
                email: Some("An.Nguyen@example.gov.vn"),
                phone: Some("0912345678"),
                consent: true,
                ..ANONYMOUS
            },
        ),
        (
            "a landline written with dots and brackets",
            QUESTIONS,
            with(valid_question(), json!({ "phone": "(024) 3825.1234", "consent": true })),
            Stored { phone: Some("02438251234"), consent: true, ..ANONYMOUS },
        ),
        ("anonymous", QUESTIONS, valid_question(), ANONYMOUS),
        (
            "consent ticked without contact details records no consent",
            QUESTIONS,
            with(valid_question(), json!({ "consent": true })),
            ANONYMOUS,
        ),
        ("in English", QUESTIONS, with(valid_question(), json!({ "lang": "en" })), Stored { lang: "en", ..ANONYMOUS }),
        (
            "an agency without topics needs none",
            "/api/v1/agencies/so-tu-phap/questions",
            with(valid_question(), json!({ "topic": null })),
            Stored { topic: None, ..ANONYMOUS },
        ),
    ];
    for (case, path, question, expected) in &cases {
        let reply = app.send(Req::post(path).origin(ORIGIN).json(question)).await;
        let receipt = check_receipt(&reply, case);
        let row = app.stored(&receipt.tracking_code).await;
        check_pin_hash(&row.pin_hash, &receipt.pin, case);
        assert_eq!(row.title, expected.title, "{case}: title (NFC, trimmed)");
        assert_eq!(row.body, question["body"].as_str().unwrap(), "{case}: body");
        assert_eq!(row.topic.as_deref(), expected.topic, "{case}: topic");
        assert_eq!(row.name.as_deref(), expected.name, "{case}: name");
        assert_eq!(row.email.as_deref(), expected.email, "{case}: email");
        assert_eq!(row.phone.as_deref(), expected.phone, "{case}: phone");
        let consent_at = expected.consent.then_some(receipt.created_at.as_str());
        assert_eq!(row.consent_at.as_deref(), consent_at, "{case}: consent_at");
        assert_eq!(row.lang, expected.lang, "{case}: lang");
        assert_eq!(row.channel, "web", "{case}: channel");
        assert_eq!(row.status, "received", "{case}: status");
        assert_eq!(row.created_at, receipt.created_at, "{case}: created_at");
        assert_eq!(row.published_at, None, "{case}: published_at");
    }
    assert_eq!(app.count("questions").await, cases.len() as i64);
}

// ---------------------------------------------------------------------------------------------------------
// 2. Writes need an allowed Origin; CORS is answered to allowed origins only.

async fn guards_origins_and_answers_cors(backend: Backend) {
    let app = TestApp::start(backend).await;
    let question = valid_question();
    let ask_from = |origin: &str| Req::post(QUESTIONS).origin(origin).json(&question);
    let cases: Vec<(&str, Req, Outcome, Option<&str>)> = vec![
        ("POST from the allowed origin", ask_from(ORIGIN), CREATED, Some(ORIGIN)),
        ("GET agency from the allowed origin", Req::get(AGENCY).origin(ORIGIN), OK, Some(ORIGIN)),
        ("GET list from the allowed origin", Req::get(QUESTIONS).origin(ORIGIN), OK, Some(ORIGIN)),
        ("GET agency from a foreign origin", Req::get(AGENCY).origin(FOREIGN_ORIGIN), OK, None),
        ("GET list without Origin", Req::get(QUESTIONS), OK, None),
        ("POST from a foreign origin", ask_from(FOREIGN_ORIGIN), FORBIDDEN, None),
        ("POST without Origin", Req::post(QUESTIONS).json(&question), FORBIDDEN, None),
        ("POST from the opaque origin null", ask_from("null"), FORBIDDEN, None),
        ("POST over http instead of https", ask_from("http://portal.example.gov.vn"), FORBIDDEN, None),
        ("POST from another port", ask_from("https://portal.example.gov.vn:8443"), FORBIDDEN, None),
        ("POST from a lookalike host", ask_from("https://portal.example.gov.vn.evil.com"), FORBIDDEN, None),
        ("POST from a subdomain", ask_from("https://x.portal.example.gov.vn"), FORBIDDEN, None),
        ("POST with a path in Origin", ask_from("https://portal.example.gov.vn/hoi-dap"), FORBIDDEN, None),
        ("POST with a non-UTF-8 Origin", ask_from("x").header("origin", b"https://portal\xff"), FORBIDDEN, None),
        ("preflight from the allowed origin", Req::preflight(QUESTIONS, ORIGIN), NO_CONTENT, Some(ORIGIN)),
        ("preflight from a foreign origin", Req::preflight(QUESTIONS, FOREIGN_ORIGIN), FORBIDDEN, None),
        ("preflight without Origin", Req::preflight(QUESTIONS, ORIGIN).without("origin"), FORBIDDEN, None),
        (
            "preflight to an unknown agency",
            Req::preflight("/api/v1/agencies/khong-co/questions", ORIGIN),
            NOT_FOUND,
            None,
        ),
    ];
    for (case, request, outcome, allow_origin) in cases {
        let reply = app.send(request).await;
        check_outcome(&reply, outcome, case);
        assert_eq!(reply.header("access-control-allow-origin"), allow_origin, "{case}: access-control-allow-origin");
        if reply.status.is_success() {
            // Answers differ by Origin, so caches must keep them apart.
            assert!(reply.header_items("vary").contains(&"origin".to_owned()), "{case}: vary {:?}", reply.headers);
        }
        if allow_origin.is_some() {
            assert!(
                reply.header_items("access-control-expose-headers").contains(&"retry-after".to_owned()),
                "{case}: expose-headers"
            );
            assert_eq!(reply.header("access-control-allow-credentials"), None, "{case}: no credentials");
        }
    }

    let preflight = app.send(Req::preflight(QUESTIONS, ORIGIN)).await;
    assert!(preflight.body.is_empty(), "preflight has no body");
    let methods = preflight.header_items("access-control-allow-methods");
    assert!(methods.contains(&"post".to_owned()), "allow-methods {methods:?}");
    let headers = preflight.header_items("access-control-allow-headers");
    for needed in ["content-type", "idempotency-key"] {
        assert!(headers.contains(&needed.to_owned()), "allow-headers {headers:?} lacks {needed}");
    }
    assert!(preflight.header("access-control-max-age").is_some_and(|s| s.parse::<u32>().is_ok()), "max-age");

    assert_eq!(app.count("questions").await, 1, "only the allowed POST is stored");
}

/// The strict-CSP fallback's embed pages live on the server's own origin: their writes are accepted for
/// every agency, and only when that origin is configured.
async fn accepts_writes_from_the_servers_own_origin_for_its_embed_pages(backend: Backend) {
    const OWN: &str = "https://tuongtac.example.gov.vn";
    let question = valid_question();
    let unconfigured = TestApp::start(backend).await;
    let reply = unconfigured.send(Req::post(QUESTIONS).origin(OWN).json(&question)).await;
    reply.assert_error(StatusCode::FORBIDDEN, "origin_not_allowed", "own origin, not configured");

    // A widgets folder whose build has the ask widget, as `cargo xtask build` lists it.
    let widgets = std::env::temp_dir().join(format!("tt-test-widgets-{}", random_hex(8)));
    std::fs::create_dir_all(&widgets).expect("widgets folder");
    std::fs::write(widgets.join("embed.json"), r#"{ "loader": "x.js", "integrity": "x", "widgets": ["ask"] }"#)
        .expect("embed.json");
    let app = TestApp::start_with(backend, |config| {
        config.public_origin = Some(OWN.to_owned());
        config.widgets_dir = widgets.clone();
    })
    .await;
    app.send(Req::post(QUESTIONS).origin(OWN).json(&question)).await.assert_status(StatusCode::CREATED, "own origin");
    let foreign = app.send(Req::post(QUESTIONS).origin(FOREIGN_ORIGIN).json(&question)).await;
    foreign.assert_error(StatusCode::FORBIDDEN, "origin_not_allowed", "foreign origin, own configured");

    // The embed page is framed only by the agency's origins, and posts only to one of them.
    let page = app.send(Req::get(&format!("/embed/ask?agency=demo&origin={ORIGIN}"))).await;
    page.assert_status(StatusCode::OK, "embed page for the agency's origin");
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(csp.ends_with(&format!("frame-ancestors {ORIGIN}")), "frame-ancestors: {csp}");
    let refused = app.send(Req::get(&format!("/embed/ask?agency=demo&origin={FOREIGN_ORIGIN}"))).await;
    refused.assert_error(StatusCode::FORBIDDEN, "origin_not_allowed", "embed page for a foreign origin");
    app.send(Req::get(&format!("/embed/ask?agency=khong-co&origin={ORIGIN}")))
        .await
        .assert_status(StatusCode::NOT_FOUND, "embed page of an unknown agency");
    app.send(Req::get(&format!("/embed/tracker?agency=demo&origin={ORIGIN}")))
        .await
        .assert_status(StatusCode::NOT_FOUND, "embed page of a widget the build does not have");
    let _ = std::fs::remove_dir_all(&widgets);
}

// ---------------------------------------------------------------------------------------------------------
// 3. JSON only: no body type a cross-site form (or a "simple" CORS request) can send.

async fn accepts_only_json(backend: Backend) {
    let app = TestApp::start(backend).await;
    let json_body = serde_json::to_vec(&valid_question()).unwrap();
    let form = "title=Th%E1%BB%A7+t%E1%BB%A5c&body=Xin+h%E1%BB%8Fi&topic=giay-phep";
    let cases: [(&str, Option<&[u8]>, Vec<u8>); 6] = [
        ("form-encoded", Some(b"application/x-www-form-urlencoded"), form.into()),
        ("no content type", None, json_body.clone()),
        ("text/plain carrying JSON", Some(b"text/plain"), json_body.clone()),
        ("multipart", Some(b"multipart/form-data; boundary=x"), b"--x\r\n\r\n--x--\r\n".to_vec()),
        ("a lookalike type", Some(b"application/jsonp"), json_body.clone()),
        ("a content type that is not UTF-8", Some(b"application/json\xff"), json_body.clone()),
    ];
    for (case, content_type, body) in cases {
        let mut request = Req::post(QUESTIONS).origin(ORIGIN).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        app.send(request).await.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", case);
    }
    assert_eq!(app.count("questions").await, 0, "nothing refused is stored");

    let charset =
        Req::post(QUESTIONS).origin(ORIGIN).header("content-type", "application/json; charset=utf-8").body(json_body);
    check_receipt(&app.send(charset).await, "application/json with a charset");
    assert_eq!(app.count("questions").await, 1);
}

// ---------------------------------------------------------------------------------------------------------
// 4. Bodies over 64 KiB are refused.

/// A valid question padded with JSON whitespace to exactly `size` bytes.
fn question_of_size(size: usize) -> Vec<u8> {
    let mut text = serde_json::to_string(&valid_question()).unwrap();
    let close = text.pop().expect("closing brace");
    text.push_str(&" ".repeat(size - text.len() - 1));
    text.push(close);
    assert_eq!(text.len(), size);
    text.into_bytes()
}

async fn limits_body_size(backend: Backend) {
    let app = TestApp::start(backend).await;
    check_receipt(&app.send(raw(question_of_size(MAX_BODY))).await, "exactly 64 KiB");
    for (case, size) in [("64 KiB and a byte", MAX_BODY + 1), ("1 MiB", 1024 * 1024)] {
        app.send(raw(question_of_size(size))).await.assert_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            case,
        );
    }
    assert_eq!(app.count("questions").await, 1);
}

// ---------------------------------------------------------------------------------------------------------
// 5. Field errors: every refused field at once, as keys and as text in the citizen's language.

async fn reports_field_errors(backend: Backend) {
    let app = TestApp::start(backend).await;
    let valid = valid_question();
    let contact = |fields: Value| with(valid.clone(), fields);
    let cases: Vec<(&str, &str, Value, Value)> = vec![
        (
            "empty object",
            QUESTIONS,
            json!({}),
            json!({ "title": ["title.required"], "body": ["body.required"], "topic": ["topic.required"] }),
        ),
        (
            "empty object in English",
            QUESTIONS,
            json!({ "lang": "en" }),
            json!({ "title": ["title.required"], "body": ["body.required"], "topic": ["topic.required"] }),
        ),
        (
            "blank title and body",
            QUESTIONS,
            contact(json!({ "title": " \u{3000} ", "body": "\r\n\t " })),
            json!({ "title": ["title.required"], "body": ["body.required"] }),
        ),
        (
            "empty object at an agency without topics",
            "/api/v1/agencies/so-tu-phap/questions",
            json!({}),
            json!({ "title": ["title.required"], "body": ["body.required"] }),
        ),
        (
            "a topic at an agency without topics",
            "/api/v1/agencies/so-tu-phap/questions",
            valid.clone(),
            json!({ "topic": ["topic.unknown"] }),
        ),
        ("unknown topic", QUESTIONS, contact(json!({ "topic": "thue" })), json!({ "topic": ["topic.unknown"] })),
        (
            "bad email",
            QUESTIONS,
            contact(json!({ "email": "an.nguyen@", "consent": true })),
            json!({ "email": ["email.invalid"] }),
        ),
        (
            "bad phone",
            QUESTIONS,
            contact(json!({ "phone": "12345", "consent": true })),
            json!({ "phone": ["phone.invalid"] }),
        ),
        (
            "foreign phone",
            QUESTIONS,
            contact(json!({ "phone": "+1 202 555 0100", "consent": true, "lang": "en" })),
            json!({ "phone": ["phone.invalid"] }),
        ),
        (
            "name without consent",
            QUESTIONS,
            contact(json!({ "name": "Nguyễn Văn An" })),
            json!({ "consent": ["consent.required"] }),
        ),
        (
            "email with consent false",
            QUESTIONS,
            contact(json!({ "email": "an@example.vn", "consent": false })),
            json!({ "consent": ["consent.required"] }),
        ),
        (
            "title too long",
            QUESTIONS,
            contact(json!({ "title": "ắ".repeat(201) })),
            json!({ "title": ["title.too_long"] }),
        ),
        (
            "body too long",
            QUESTIONS,
            contact(json!({ "body": "ắ".repeat(5_001) })),
            json!({ "body": ["body.too_long"] }),
        ),
        (
            "name too long",
            QUESTIONS,
            contact(json!({ "name": "A".repeat(101), "consent": true })),
            json!({ "name": ["name.too_long"] }),
        ),
        (
            "control character in the title",
            QUESTIONS,
            contact(json!({ "title": "Xin hỏi\u{7}" })),
            json!({ "title": ["title.forbidden_chars"] }),
        ),
        (
            "line break in the title",
            QUESTIONS,
            contact(json!({ "title": "Xin\nhỏi" })),
            json!({ "title": ["title.forbidden_chars"] }),
        ),
        (
            "bidirectional override in the body",
            QUESTIONS,
            contact(json!({ "body": "Xin hỏi \u{202E}gnirts" })),
            json!({ "body": ["body.forbidden_chars"] }),
        ),
        (
            "everything wrong at once, in English",
            QUESTIONS,
            json!({ "title": "x".repeat(201), "topic": "thue", "name": "\u{0}", "email": "@", "phone": "1", "lang": "en" }),
            json!({
                "title": ["title.too_long"],
                "body": ["body.required"],
                "topic": ["topic.unknown"],
                "name": ["name.forbidden_chars"],
                "email": ["email.invalid"],
                "phone": ["phone.invalid"],
                "consent": ["consent.required"],
            }),
        ),
    ];
    for (case, path, question, expected) in &cases {
        let reply = app.send(Req::post(path).origin(ORIGIN).json(question)).await;
        let body = reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", case);
        assert_eq!(body["errors"], *expected, "{case}: errors");
        let lang = if question["lang"] == "en" { Lang::En } else { Lang::Vi };
        let texts: Value = expected
            .as_object()
            .unwrap()
            .iter()
            .map(|(field, keys)| {
                let keys = keys.as_array().unwrap().iter();
                let texts = keys.map(|k| MessageKey::parse(k.as_str().unwrap()).expect("known key").text(lang));
                (field.clone(), json!(texts.collect::<Vec<_>>()))
            })
            .collect::<serde_json::Map<_, _>>()
            .into();
        assert_eq!(body["messages"], texts, "{case}: messages in {lang:?}");
    }
    // The catalogue itself, spelled out once for each language.
    let vi = app.send(Req::ask(&json!({}))).await.json();
    assert_eq!(vi["messages"]["title"], json!(["Nhập tiêu đề câu hỏi."]), "Vietnamese by default");
    let en = app.send(Req::ask(&json!({ "lang": "en" }))).await.json();
    assert_eq!(en["messages"]["title"], json!(["Enter a title for your question."]), "English when asked");

    assert_eq!(app.count("questions").await, 0, "nothing invalid is stored");
}

// ---------------------------------------------------------------------------------------------------------
// 5b. Malformed and hostile input: a 4xx in our error shape, never a 5xx.

async fn rejects_malformed_and_hostile_input(backend: Backend) {
    let app = TestApp::start(backend).await;
    let valid = valid_question();
    let changed = |fields: Value| Req::ask(&with(valid.clone(), fields));
    let to_agency = |slug: &str| Req::post(&format!("/api/v1/agencies/{slug}/questions")).origin(ORIGIN).json(&valid);
    let list = |query: &str| Req::get(&format!("{QUESTIONS}{query}"));
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let cases: Vec<(&str, Req, Outcome)> = vec![
        ("not JSON", raw("title=x&body=y"), MALFORMED),
        ("truncated JSON", raw(r#"{"title": "Xin h"#), MALFORMED),
        ("empty body", raw(""), MALFORMED),
        ("trailing garbage", raw("{} {}"), MALFORMED),
        ("JSON null", raw("null"), MALFORMED),
        // serde reads a struct from an array of its fields in order, so an empty array is an empty question.
        ("empty JSON array", raw("[]"), INVALID),
        ("JSON string", raw(r#""Xin hỏi""#), MALFORMED),
        ("JSON number", raw("42"), MALFORMED),
        ("number for title", changed(json!({ "title": 5 })), MALFORMED),
        ("null for title", raw(r#"{"title": null, "body": "b", "topic": "giay-phep"}"#), MALFORMED),
        ("object for body", changed(json!({ "body": { "text": "b" } })), MALFORMED),
        ("array for topic", changed(json!({ "topic": ["giay-phep"] })), MALFORMED),
        ("string for consent", changed(json!({ "consent": "yes" })), MALFORMED),
        ("number for consent", changed(json!({ "consent": 1 })), MALFORMED),
        // Languages are read like a lang attribute: what is not English is Vietnamese.
        ("unknown language falls back to Vietnamese", changed(json!({ "lang": "fr" })), CREATED),
        ("language tag with region", changed(json!({ "lang": "en-US" })), CREATED),
        ("number for language", changed(json!({ "lang": 7 })), MALFORMED),
        ("huge number", raw(r#"{"title": 1e999999}"#), MALFORMED),
        ("huge integer for consent", raw(r#"{"consent": 123456789012345678901234567890}"#), MALFORMED),
        ("nested arrays for title", raw(r#"{"title": [[[[[["x"]]]]]]}"#), MALFORMED),
        ("20,000 nested arrays", raw(deep), MALFORMED),
        ("invalid UTF-8 in a string", raw(&b"{\"title\": \"Xin h\xff\xfei\"}"[..]), MALFORMED),
        ("invalid UTF-8 outside strings", raw(&b"\xff{}"[..]), MALFORMED),
        ("lone surrogate escape", raw(r#"{"title": "\ud800"}"#), MALFORMED),
        ("byte order mark", raw("\u{feff}{}"), MALFORMED),
        ("duplicate field", raw(r#"{"title": "a", "title": "b"}"#), MALFORMED),
        ("NUL in the title", changed(json!({ "title": "Xin\u{0}hỏi" })), INVALID),
        ("NUL in the body", changed(json!({ "body": "Xin\u{0}hỏi" })), INVALID),
        ("NUL in the topic", changed(json!({ "topic": "giay-phep\u{0}" })), INVALID),
        ("NUL in the name", changed(json!({ "name": "An\u{0}", "consent": true })), INVALID),
        ("NUL in the email", changed(json!({ "email": "an\u{0}@example.vn", "consent": true })), INVALID),
        ("NUL in the phone", changed(json!({ "phone": "0912\u{0}345678", "consent": true })), INVALID),
        ("NUL in the language falls back to Vietnamese", changed(json!({ "lang": "vi\u{0}" })), CREATED),
        ("a 60,000-character topic", changed(json!({ "topic": "x".repeat(60_000) })), INVALID),
        ("unknown agency", to_agency("khong-co"), NOT_FOUND),
        ("unknown agency, GET", Req::get("/api/v1/agencies/khong-co"), NOT_FOUND),
        ("agency slug in capitals", to_agency("DEMO"), NOT_FOUND),
        ("percent-encoded NUL as agency", to_agency("%00"), NOT_FOUND),
        ("dot-dot as agency", Req::get("/api/v1/agencies/../questions"), NOT_FOUND),
        ("a 5,000-character agency slug", to_agency(&"a".repeat(5_000)), NOT_FOUND),
        ("non-ASCII Idempotency-Key", Req::ask(&valid).idempotency_key("khóa"), BAD_KEY),
        ("page that is not a number", list("?page=abc"), BAD_QUERY),
        ("page beyond u32", list("?page=99999999999"), BAD_QUERY),
        ("negative per_page", list("?per_page=-1"), BAD_QUERY),
        (
            "PUT to the questions",
            Req::new(Method::PUT, QUESTIONS).origin(ORIGIN).json(&valid),
            (StatusCode::METHOD_NOT_ALLOWED, None),
        ),
    ];
    let accepted = cases.iter().filter(|(_, _, outcome)| *outcome == CREATED).count() as i64;
    for (case, request, outcome) in cases {
        check_outcome(&app.send(request).await, outcome, case);
    }
    assert_eq!(app.count("questions").await, accepted, "only the valid questions are stored, nothing hostile");
    check_receipt(&app.send(Req::ask(&valid)).await, "a valid question afterwards");
}

// ---------------------------------------------------------------------------------------------------------
// 6. Writes are limited per client address.

async fn limits_writes_per_address(backend: Backend) {
    let app = TestApp::start_with(backend, |config| config.writes_per_minute = NonZeroU32::new(3).unwrap()).await;
    let question = valid_question();
    let (first, second, ipv6) = ("203.0.113.1", "203.0.113.2", "2001:db8::1");
    for n in 1..=3 {
        check_receipt(&app.send(Req::ask(&question).sent_from(first)).await, &format!("write {n} of 3"));
    }

    let limited = app.send(Req::ask(&question).sent_from(first)).await;
    limited.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "fourth write");
    let retry_after = limited.header("retry-after").expect("Retry-After header");
    let seconds: u64 =
        retry_after.parse().unwrap_or_else(|_| panic!("Retry-After {retry_after:?} is not whole seconds"));
    assert!((1..=60).contains(&seconds), "Retry-After {seconds}");
    assert_eq!(limited.header("access-control-allow-origin"), Some(ORIGIN), "the widget may read the 429");
    assert!(limited.header_items("access-control-expose-headers").contains(&"retry-after".to_owned()));

    let still_limited: Vec<(&str, Req)> = vec![
        ("an invalid write", Req::ask(&json!({})).sent_from(first)),
        ("a spoofed X-Forwarded-For", Req::ask(&question).sent_from(first).header("x-forwarded-for", "192.0.2.99")),
    ];
    for (case, request) in still_limited {
        app.send(request).await.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", case);
    }
    let not_limited: Vec<(&str, Req, Outcome)> = vec![
        ("reading the agency", Req::get(AGENCY).sent_from(first), OK),
        ("reading the list", Req::get(QUESTIONS).sent_from(first), OK),
        ("a preflight", Req::preflight(QUESTIONS, ORIGIN).sent_from(first), NO_CONTENT),
        ("another address", Req::ask(&question).sent_from(second), CREATED),
        ("an IPv6 address", Req::ask(&question).sent_from(ipv6), CREATED),
    ];
    for (case, request, outcome) in not_limited {
        check_outcome(&app.send(request).await, outcome, case);
    }
    assert_eq!(app.count("questions").await, 5);
}

async fn trusts_forwarded_for_only_when_configured(backend: Backend) {
    let app = TestApp::start_with(backend, |config| {
        config.writes_per_minute = NonZeroU32::new(1).unwrap();
        config.trust_forwarded_for = true;
    })
    .await;
    let question = valid_question();
    // Every request comes from the proxy's address; the proxy appends the client's address last.
    let cases: [(&str, Option<&str>, StatusCode); 6] = [
        ("first write from a client", Some("192.0.2.1"), StatusCode::CREATED),
        ("second write from that client", Some("192.0.2.1"), StatusCode::TOO_MANY_REQUESTS),
        ("the client prepends a fake address", Some("10.9.9.9, 192.0.2.1"), StatusCode::TOO_MANY_REQUESTS),
        ("another client behind the same proxy", Some("192.0.2.1, 192.0.2.2"), StatusCode::CREATED),
        ("no header: the peer itself", None, StatusCode::CREATED),
        ("no header again", None, StatusCode::TOO_MANY_REQUESTS),
    ];
    for (case, forwarded_for, status) in cases {
        let mut request = Req::ask(&question).sent_from("10.0.0.2");
        if let Some(forwarded_for) = forwarded_for {
            request = request.header("x-forwarded-for", forwarded_for);
        }
        app.send(request).await.assert_status(status, case);
    }
}

// ---------------------------------------------------------------------------------------------------------
// 7. A filled honeypot on a valid question gets a plausible receipt and nothing is stored; an invalid one is
// refused like any other, as the API documents.

async fn discards_honeypot_submissions(backend: Backend) {
    let app = TestApp::start(backend).await;
    let invalid = app.send(Req::ask(&json!({ "website": "http://spam" }))).await;
    invalid.assert_status(StatusCode::UNPROCESSABLE_ENTITY, "invalid question with a website");
    assert_eq!(app.count("questions").await, 0, "invalid question with a website: stored rows");
    let cases: [(&str, Value, bool); 3] = [
        ("valid question with a website", with(valid_question(), json!({ "website": "http://spam" })), false),
        ("website holding a NUL", with(valid_question(), json!({ "website": "\u{0}" })), false),
        ("website only blank: a person", with(valid_question(), json!({ "website": "  " })), true),
    ];
    let mut stored = 0;
    for (case, question, kept) in cases {
        let receipt = check_receipt(&app.send(Req::ask(&question)).await, case);
        stored += i64::from(kept);
        assert_eq!(app.count("questions").await, stored, "{case}: stored rows");
        if kept {
            check_pin_hash(&app.stored(&receipt.tracking_code).await.pin_hash, &receipt.pin, case);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// 8. Idempotency-Key: a retry answers the first response and stores nothing more.

async fn replays_idempotent_retries(backend: Backend) {
    let app = TestApp::start(backend).await;
    let question = with(valid_question(), json!({ "name": "Trần Thị Bình", "consent": true }));

    let first = app.send(Req::ask(&question).idempotency_key("retry-1")).await;
    let receipt = check_receipt(&first, "first attempt");
    assert_eq!(first.header("idempotent-replayed"), None, "the first attempt is not a replay");

    let retry = app.send(Req::ask(&question).idempotency_key("retry-1")).await;
    check_receipt(&retry, "retry");
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(retry.json(), first.json(), "the retry answers the same code and the same PIN");

    // The same question written differently (key order, spacing) is the same request.
    let reformatted = format!(
        r#"{{ "consent" : true , "name":"Trần Thị Bình", "topic":"giay-phep", "body": {}, "title": {} }}"#,
        question["body"], question["title"]
    );
    let replayed = app.send(raw(reformatted).idempotency_key("retry-1")).await;
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"), "reformatted body");
    assert_eq!(replayed.json(), first.json(), "reformatted body");

    assert_eq!(app.count("questions").await, 1);
    assert_eq!(app.count("idempotency_keys").await, 1);
    check_pin_hash(&app.stored(&receipt.tracking_code).await.pin_hash, &receipt.pin, "the PIN of every answer");

    // Other requests that are not retries of the first.
    let no_topic = with(question.clone(), json!({ "topic": null }));
    let cases: [(&str, Req); 2] = [
        (
            "the same key at another agency",
            Req::post("/api/v1/agencies/so-tu-phap/questions")
                .origin(ORIGIN)
                .json(&no_topic)
                .idempotency_key("retry-1"),
        ),
        ("another key with the same body", Req::ask(&question).idempotency_key("retry-2")),
    ];
    for (case, request) in cases {
        let reply = app.send(request).await;
        let other = check_receipt(&reply, case);
        assert_eq!(reply.header("idempotent-replayed"), None, "{case}");
        assert_ne!(other.tracking_code, receipt.tracking_code, "{case}");
    }
    assert_eq!(app.count("questions").await, 3);

    // A refused request does not use up its key.
    app.send(Req::ask(&json!({})).idempotency_key("retry-3")).await.assert_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
        "invalid first attempt",
    );
    let corrected = app.send(Req::ask(&question).idempotency_key("retry-3")).await;
    check_receipt(&corrected, "corrected attempt");
    assert_eq!(corrected.header("idempotent-replayed"), None, "corrected attempt");
    assert_eq!(app.count("questions").await, 4);
}

async fn refuses_a_reused_idempotency_key(backend: Backend) {
    let app = TestApp::start(backend).await;
    let question = valid_question();
    let first = app.send(Req::ask(&question).idempotency_key("k-1")).await;
    check_receipt(&first, "first use");

    let changes =
        [("another title", json!({ "title": "Câu hỏi khác" })), ("consent added", json!({ "consent": true }))];
    for (case, change) in changes {
        let reply = app.send(Req::ask(&with(question.clone(), change)).idempotency_key("k-1")).await;
        let body = reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused", case);
        assert!(body.get("errors").is_none(), "{case}: not a field error: {body}");
    }
    let again = app.send(Req::ask(&question).idempotency_key("k-1")).await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"), "the original body still replays");
    assert_eq!(again.json(), first.json());
    assert_eq!(app.count("questions").await, 1);
}

async fn stores_concurrent_retries_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let question = valid_question();
    let attempts: Vec<_> = (0..10)
        .map(|_| tokio::spawn(send(app.router.clone(), Req::ask(&question).idempotency_key("double-click"))))
        .collect();
    let mut replies = Vec::new();
    for attempt in attempts {
        replies.push(attempt.await.expect("request task"));
    }
    let receipts: Vec<Receipt> = replies.iter().map(|reply| check_receipt(reply, "concurrent attempt")).collect();
    assert!(receipts.iter().all(|r| *r == receipts[0]), "every attempt answers the same receipt: {receipts:#?}");
    let originals = replies.iter().filter(|r| r.header("idempotent-replayed").is_none()).count();
    assert_eq!(originals, 1, "exactly one attempt stored the question; the others replayed it");
    assert_eq!(app.count("questions").await, 1);
    assert_eq!(app.count("idempotency_keys").await, 1);
    check_pin_hash(&app.stored(&receipts[0].tracking_code).await.pin_hash, &receipts[0].pin, "concurrent");
}

async fn refuses_invalid_idempotency_keys(backend: Backend) {
    let app = TestApp::start(backend).await;
    let question = valid_question();
    let invalid: [(&str, &[u8]); 5] = [
        ("empty", b""),
        ("129 characters", &[b'k'; 129]),
        ("a space inside", b"retry 1"),
        ("a tab inside", b"retry\t1"),
        ("non-ASCII bytes", "khóa".as_bytes()),
    ];
    for (case, key) in invalid {
        let request = Req::ask(&question).header("idempotency-key", key);
        app.send(request).await.assert_error(StatusCode::BAD_REQUEST, "bad_idempotency_key", case);
    }
    assert_eq!(app.count("questions").await, 0);

    let valid = [("128 characters", "k".repeat(128)), ("one character", "~".to_owned())];
    for (case, key) in valid {
        check_receipt(&app.send(Req::ask(&question).idempotency_key(&key)).await, case);
    }
    assert_eq!(app.count("idempotency_keys").await, 2);
}

// ---------------------------------------------------------------------------------------------------------
// 9. The public list: published questions only, never personal data.

async fn lists_published_questions_without_personal_data(backend: Backend) {
    let app = TestApp::start(backend).await;
    let list = |query: &str| Req::get(&format!("{QUESTIONS}{query}"));

    let empty = app.send(list("")).await;
    empty.assert_status(StatusCode::OK, "empty list");
    assert_eq!(empty.json(), json!({ "items": [], "page": 1, "per_page": 20 }));
    assert_eq!(empty.header("cache-control"), Some("public, max-age=60"));

    let (name, email, phone) = ("Lê Thị Hoa", "hoa.le@example.vn", "0987 654 321");
    let personal = with(valid_question(), json!({ "name": name, "email": email, "phone": phone, "consent": true }));
    let published = check_receipt(&app.send(Req::ask(&personal)).await, "question to publish");
    assert_eq!(app.send(list("")).await.json()["items"], json!([]), "unpublished questions are not listed");

    app.publish_all().await;
    check_receipt(&app.send(Req::ask(&personal)).await, "question left unpublished");

    let reply = app.send(list("")).await;
    reply.assert_status(StatusCode::OK, "list");
    let body = reply.json();
    assert_eq!(
        body["items"],
        json!([{
            "tracking_code": published.tracking_code,
            "title": personal["title"],
            "body": personal["body"],
            "topic": "giay-phep",
            "status": "received",
            "created_at": domain::archive::round_to_hour(&published.created_at),
            "published_at": "2026-01-01T00:00:00Z",
            "answer": null,
            "answered_at": null,
        }])
    );
    let asked = body["items"][0]["created_at"].as_str().unwrap().to_owned();
    assert!(asked.ends_with(":00:00Z"), "the time asked is rounded down to the hour: {asked}");
    let one = app.send(Req::get(&format!("{QUESTIONS}/{}", published.tracking_code))).await;
    one.assert_status(StatusCode::OK, "one published question");
    assert_eq!(one.json()["created_at"], json!(asked));
    let text = reply.text();
    for secret in [name, email, phone, "0987654321", published.pin.as_str()] {
        assert!(!text.contains(secret), "the list shows {secret:?}: {text}");
    }
    let mut keys = Vec::new();
    collect_keys(&body, &mut keys);
    for forbidden in ["name", "email", "phone", "pin", "pin_hash", "consent_at"] {
        assert!(!keys.iter().any(|k| k == forbidden), "the list has a {forbidden:?} key: {text}");
    }

    let pages: [(&str, &str, usize, u64, u64); 3] = [
        ("the defaults", "", 1, 1, 20),
        ("first page of one", "?per_page=1", 1, 1, 1),
        ("second page of one", "?per_page=1&page=2", 0, 2, 1),
    ];
    for (case, query, items, page, per_page) in pages {
        let body = app.send(list(query)).await.assert_status(StatusCode::OK, case).json();
        assert_eq!(body["items"].as_array().map(Vec::len), Some(items), "{case}: items");
        assert_eq!((body["page"].as_u64(), body["per_page"].as_u64()), (Some(page), Some(per_page)), "{case}");
    }
    // Outside what the API documents (page ≥ 1, per_page 1–100) is refused, not silently changed.
    for (case, query) in
        [("page zero", "?page=0"), ("per_page above 100", "?per_page=101"), ("per_page zero", "?per_page=0")]
    {
        app.send(list(query)).await.assert_error(StatusCode::BAD_REQUEST, "bad_query", case);
    }
    let other = app.send(Req::get("/api/v1/agencies/so-tu-phap/questions")).await.json();
    assert_eq!(other["items"], json!([]), "another agency's list");
}

fn collect_keys(value: &Value, keys: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                keys.push(key.clone());
                collect_keys(value, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_keys(item, keys)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------------------
// 10. The agency, the OpenAPI document and the health check.

async fn describes_agency_api_and_health(backend: Backend) {
    let app = TestApp::start(backend).await;

    let agency = app.send(Req::get(AGENCY)).await;
    agency.assert_status(StatusCode::OK, "agency");
    assert_eq!(agency.header("cache-control"), Some("public, max-age=300"));
    let body = agency.json();
    assert_eq!(body["slug"], "demo");
    assert!(body["name"].as_str().is_some_and(|n| !n.is_empty()), "agency name");
    let slugs: Vec<&str> =
        body["topics"].as_array().expect("topics").iter().map(|t| t["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["giay-phep", "vien-thong", "bao-chi", "chuyen-doi-so", "khac"], "topics in order");
    assert_eq!(
        body["topics"][0],
        json!({ "slug": "giay-phep", "name_vi": "Cấp phép, giấy phép", "name_en": "Permits and licences" })
    );
    let no_topics = app.send(Req::get("/api/v1/agencies/so-tu-phap")).await.json();
    assert_eq!(no_topics["topics"], json!([]));

    let openapi = app.send(Req::get("/api/v1/openapi.json")).await;
    openapi.assert_status(StatusCode::OK, "openapi");
    assert!(openapi.header("content-type").unwrap_or_default().starts_with("application/json"));
    assert_eq!(openapi.header("access-control-allow-origin"), Some("*"));
    let document = openapi.json();
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "OpenAPI version");
    let paths = &document["paths"];
    for (path, method) in [
        ("/api/v1/agencies/{agency}/questions", "post"),
        ("/api/v1/agencies/{agency}/questions", "get"),
        ("/api/v1/agencies/{agency}", "get"),
        ("/api/v1/agencies/{agency}/questions/lookup", "post"),
        ("/api/v1/agencies/{agency}/questions/{code}", "get"),
        ("/api/v1/staff/session", "post"),
        ("/api/v1/staff/session", "get"),
        ("/api/v1/staff/session", "delete"),
        ("/api/v1/staff/questions", "get"),
        ("/api/v1/staff/questions", "post"),
        ("/api/v1/staff/questions/{code}", "get"),
        ("/api/v1/staff/questions/{code}/transitions", "post"),
        ("/api/v1/staff/questions/{code}/answer", "put"),
        ("/api/v1/staff/questions/{code}/publication", "post"),
        ("/api/v1/staff/questions/{code}/moderation", "post"),
        ("/api/v1/staff/units", "get"),
        ("/api/v1/staff/units", "post"),
        ("/api/v1/staff/settings", "put"),
        ("/api/v1/staff/origins", "post"),
        ("/api/v1/staff/topics", "post"),
        ("/api/v1/staff/accounts", "get"),
        ("/api/v1/staff/accounts", "post"),
        ("/api/v1/staff/accounts/{username}", "delete"),
        ("/api/v1/staff/audit", "get"),
    ] {
        assert!(paths[path][method].is_object(), "OpenAPI lacks {method} {path}");
    }
    for schema in [
        "NewQuestion",
        "QuestionReceipt",
        "PublicQuestion",
        "ApiError",
        "LookupRequest",
        "TrackedQuestion",
        "TransitionRequest",
        "StaffQuestion",
        "OfflineQuestion",
    ] {
        assert!(document["components"]["schemas"][schema].is_object(), "OpenAPI lacks schema {schema}");
    }

    let health = app.send(Req::get("/healthz")).await;
    health.assert_status(StatusCode::OK, "healthz");
    assert_eq!(health.text(), "ok");
    // Ready: the database takes a write (a full disk is tried in storage_faults.rs).
    let ready = app.send(Req::get("/readyz")).await;
    ready.assert_status(StatusCode::OK, "readyz");
    let expected = server::db::latest_migration();
    assert_eq!(ready.json(), json!({ "status": "ready", "migrations": { "applied": expected, "expected": expected } }));
    assert_eq!(ready.header("cache-control"), Some("no-store"));
}
