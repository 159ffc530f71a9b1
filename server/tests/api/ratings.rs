//! Ratings through the real router on SQLite and PostgreSQL: storing, replacing the same browser's rating
//! of the day (never another person's), the published summary with its small-number rule, comments kept private until a moderator
//! publishes one, and nothing stored that could identify the person who rated.

use std::num::NonZeroU32;

use axum::http::StatusCode;
use domain::Role;
use serde_json::{Value, json};
use sqlx::Row;

use crate::common::*;

on_both_backends!(
    a_rating_replaces_only_the_same_browsers_rating_of_the_day,
    bad_ratings_are_refused_with_their_fields,
    ratings_share_the_write_limit_and_the_origin_rules,
    the_summary_publishes_per_page_figures_from_five_ratings,
    comments_stay_private_until_a_moderator_publishes_one,
    nothing_that_identifies_a_person_is_stored,
    ratings_sent_together_share_commits,
);

const RATINGS: &str = "/api/v1/agencies/demo/ratings";
const PAGE: &str = "https://portal.example.gov.vn/thu-tuc/cap-phep";

fn rate(rating: &Value, from: &str) -> Req {
    Req::post(RATINGS).origin(ORIGIN).json(rating).sent_from(from)
}

fn summary(query: &str) -> Req {
    Req::get(&format!("{RATINGS}/summary{query}"))
}

async fn rows(app: &TestApp) -> i64 {
    app.count("ratings").await
}

async fn a_rating_replaces_only_the_same_browsers_rating_of_the_day(backend: Backend) {
    let app = TestApp::start(backend).await;
    const BROWSER: &str = "r4nd0m-rater-token-0001";
    let first =
        json!({ "page": format!("{PAGE}?tab=2#muc"), "interface": 4, "content": 5, "lang": "vi", "rater": BROWSER });
    let reply = app.send(rate(&first, "203.0.113.10")).await.assert_status(StatusCode::CREATED, "first").json();
    assert_eq!(reply["replaced"], json!(false));
    // The same browser rates the same page again today: the second replaces the first, from any address.
    let second = json!({ "page": PAGE, "interface": 2, "lang": "vi", "rater": BROWSER });
    let reply = app.send(rate(&second, "198.51.100.77")).await.assert_status(StatusCode::CREATED, "again").json();
    assert_eq!(reply["replaced"], json!(true));
    assert_eq!(rows(&app).await, 1);
    let stored = sqlx::query("SELECT page, interface, content FROM ratings").fetch_one(&app.db).await.unwrap();
    assert_eq!(stored.get::<String, _>("page"), PAGE, "stored without query or fragment");
    assert_eq!((stored.get::<Option<i64>, _>("interface"), stored.get::<Option<i64>, _>("content")), (Some(2), None));
    // Other people behind the same address (an office, a carrier's NAT), each browser with its own token or
    // none: each rating adds, and none replaces another's.
    for (i, rater) in ["another-browser-token-01", "a-third-browser-token-02", ""].iter().enumerate() {
        let other = json!({ "page": PAGE, "interface": 5, "rater": rater });
        let reply = app.send(rate(&other, "203.0.113.10")).await.assert_status(StatusCode::CREATED, "neighbour").json();
        assert_eq!(reply["replaced"], json!(false), "neighbour {i}");
    }
    let tokenless = json!({ "page": PAGE, "interface": 1 });
    let reply = app.send(rate(&tokenless, "203.0.113.10")).await.json();
    assert_eq!(reply["replaced"], json!(false), "a rating without a token replaces nothing");
    assert_eq!(rows(&app).await, 5);
    let stored =
        sqlx::query("SELECT interface FROM ratings WHERE content IS NULL ORDER BY id").fetch_all(&app.db).await;
    let interfaces: Vec<Option<i64>> = stored.unwrap().iter().map(|r| r.get("interface")).collect();
    assert_eq!(interfaces, [Some(2), Some(5), Some(5), Some(5), Some(1)], "every citizen's rating is kept");
    // The same browser's rating of another page, or of the agency as a whole, adds.
    app.send(rate(&json!({ "page": format!("{PAGE}-khac"), "quality": 3, "rater": BROWSER }), "203.0.113.10"))
        .await
        .assert_status(StatusCode::CREATED, "page");
    let reply = app
        .send(rate(&json!({ "scope": "agency", "support": 5, "rater": BROWSER }), "203.0.113.10"))
        .await
        .assert_status(StatusCode::CREATED, "agency")
        .json();
    assert_eq!(reply["replaced"], json!(false));
    assert_eq!(rows(&app).await, 7);
    // The token is not stored as sent.
    let tokens = sqlx::query("SELECT dedupe_token FROM ratings").fetch_all(&app.db).await.unwrap();
    assert!(tokens.iter().all(|r| !r.get::<String, _>("dedupe_token").contains(BROWSER)));
    let rows_before = rows(&app).await;

    // A retry with the same key is answered as the first time and stores nothing new.
    let keyed = json!({ "page": PAGE, "helpful": true });
    let first = app
        .send(rate(&keyed, "198.51.100.20").idempotency_key("rating-1"))
        .await
        .assert_status(StatusCode::CREATED, "keyed")
        .json();
    let retry = app
        .send(rate(&keyed, "198.51.100.20").idempotency_key("rating-1"))
        .await
        .assert_status(StatusCode::CREATED, "retry")
        .json();
    assert_eq!(first["created_at"], retry["created_at"]);
    assert_eq!(rows(&app).await, rows_before + 1);
    let other = json!({ "page": PAGE, "helpful": false });
    app.send(rate(&other, "198.51.100.20").idempotency_key("rating-1")).await.assert_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
        "a key reused for another body",
    );
    // A robot that fills the honeypot is answered like a person; nothing is stored.
    let robot = json!({ "page": PAGE, "helpful": true, "website": "http://spam.example" });
    app.send(rate(&robot, "198.51.100.99")).await.assert_status(StatusCode::CREATED, "honeypot");
    assert_eq!(rows(&app).await, rows_before + 1);
}

async fn bad_ratings_are_refused_with_their_fields(backend: Backend) {
    let app = TestApp::start(backend).await;
    let cases = [
        (json!({ "page": PAGE }), json!({ "interface": ["rating.required"] })),
        (
            json!({ "page": PAGE, "content": 7, "support": 0 }),
            json!({ "content": ["score.invalid"], "support": ["score.invalid"] }),
        ),
        (json!({ "page": "https://evil.example.com/", "helpful": true }), json!({ "page": ["page.invalid"] })),
        (
            json!({ "page": PAGE, "helpful": true, "comment": "x".repeat(2_001) }),
            json!({ "comment": ["comment.too_long"] }),
        ),
        (json!({ "page": PAGE, "helpful": true, "rater": "short" }), json!({ "rater": ["rater.invalid"] })),
        (
            json!({ "page": PAGE, "helpful": true, "rater": "not a token; 1234567890" }),
            json!({ "rater": ["rater.invalid"] }),
        ),
    ];
    for (rating, errors) in cases {
        let reply = app.send(rate(&rating, "203.0.113.30")).await;
        let body = reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", &rating.to_string());
        assert_eq!(body["errors"], errors);
    }
    let english = json!({ "page": PAGE, "lang": "en" });
    let body = app.send(rate(&english, "203.0.113.30")).await.json();
    assert_eq!(body["messages"]["interface"][0], json!("Choose how satisfied you are for at least one question."));
    app.send(rate(&json!({ "page": PAGE, "content": "five" }), "203.0.113.30")).await.assert_error(
        StatusCode::BAD_REQUEST,
        "malformed_body",
        "text",
    );
    assert_eq!(rows(&app).await, 0);
}

async fn ratings_share_the_write_limit_and_the_origin_rules(backend: Backend) {
    let app = TestApp::start_with(backend, |config| config.writes_per_minute = NonZeroU32::new(2).unwrap()).await;
    let rating = json!({ "page": PAGE, "helpful": true });
    app.send(Req::ask(&valid_question()).sent_from("203.0.113.40"))
        .await
        .assert_status(StatusCode::CREATED, "a question");
    app.send(rate(&rating, "203.0.113.40")).await.assert_status(StatusCode::CREATED, "a rating");
    let limited = app.send(rate(&rating, "203.0.113.40")).await;
    limited.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "third write");
    assert!(limited.header("retry-after").is_some());
    let foreign = Req::post(RATINGS).origin(FOREIGN_ORIGIN).json(&rating).sent_from("203.0.113.41");
    app.send(foreign).await.assert_error(StatusCode::FORBIDDEN, "origin_not_allowed", "foreign origin");
    let reply = app.send(summary("")).await;
    reply.assert_status(StatusCode::OK, "summary from anywhere");
    assert_eq!(reply.header("access-control-allow-origin"), None, "no CORS for an origin not sent");
}

async fn the_summary_publishes_per_page_figures_from_five_ratings(backend: Backend) {
    let app = TestApp::start(backend).await;
    let other_page = format!("{PAGE}/khac");
    for (i, content) in [5, 4, 4, 2, 1].into_iter().enumerate() {
        let rating = json!({ "page": PAGE, "content": content, "helpful": i % 2 == 0 });
        app.send(rate(&rating, &format!("203.0.113.{}", 50 + i))).await.assert_status(StatusCode::CREATED, "seed");
    }
    for i in 0..4 {
        let rating = json!({ "page": other_page, "content": 5, "interface": 3 });
        app.send(rate(&rating, &format!("203.0.113.{}", 60 + i))).await.assert_status(StatusCode::CREATED, "seed");
    }
    let page =
        app.send(summary(&format!("?page={}", urlencode(PAGE)))).await.assert_status(StatusCode::OK, "page").json();
    assert_eq!(page["page"], json!(PAGE));
    assert_eq!(page["period"], json!("90d"));
    let content = &page["criteria"][1];
    assert_eq!(content["criterion"], json!("content"));
    assert_eq!(content["figures"]["n"], json!(5));
    assert_eq!(content["figures"]["mean"], json!(3.2));
    assert_eq!(content["figures"]["distribution"], json!([1, 1, 0, 2, 1]));
    let satisfied = &content["figures"]["satisfied"];
    assert_eq!(satisfied["value"], json!(0.6));
    assert!((satisfied["low"].as_f64().unwrap() - 0.2307).abs() < 0.0001, "{satisfied}");
    assert!((satisfied["high"].as_f64().unwrap() - 0.8824).abs() < 0.0001, "{satisfied}");
    assert_eq!(page["helpful"], json!({ "yes": 3, "no": 2 }));
    assert_eq!(page["criteria"][0]["figures"], Value::Null, "no one rated the interface here");
    assert_eq!(page["complete"], json!(false));

    // Four ratings of a page: nothing about it is published.
    let few = app.send(summary(&format!("?page={}&period=all", urlencode(&other_page)))).await.json();
    assert!(few["criteria"].as_array().unwrap().iter().all(|c| c["figures"].is_null()), "{few}");
    assert_eq!(few["helpful"], Value::Null);
    // The agency as a whole: every rating, always published.
    let agency = app.send(summary("?period=30d")).await.json();
    assert_eq!(agency["page"], Value::Null);
    assert_eq!(agency["criteria"][1]["figures"]["n"], json!(9));
    assert_eq!(agency["criteria"][0]["figures"]["n"], json!(4));
    assert_eq!(agency["criteria"][2]["figures"]["n"], json!(0));

    let csv = app.send(summary(&format!(".csv?page={}", urlencode(PAGE)))).await;
    csv.assert_status(StatusCode::OK, "csv");
    assert!(csv.header("content-type").unwrap_or_default().starts_with("text/csv"));
    let text = csv.text();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].starts_with("record,agency,page,period,generated_at,criterion,n,mean,"), "{}", lines[0]);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("criterion,demo,{PAGE},90d,")) && l.contains(",content,5,3.2000,0.6000,")),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("criterion,") && l.contains(",interface,") && l.ends_with(",too_few")),
        "{text}"
    );
    // Bad parameters are refused, not guessed at.
    app.send(summary("?period=7d")).await.assert_error(StatusCode::BAD_REQUEST, "bad_query", "period");
    app.send(summary("?page=https%3A%2F%2Fevil.example.com%2F")).await.assert_error(
        StatusCode::NOT_FOUND,
        "not_found",
        "foreign page",
    );
}

async fn comments_stay_private_until_a_moderator_publishes_one(backend: Backend) {
    let app = TestApp::start(backend).await;
    let comment = "Biểu mẫu khó tìm; nên đặt ở trang chủ.";
    let rating = json!({ "page": PAGE, "interface": 1, "comment": comment });
    app.send(rate(&rating, "203.0.113.70")).await.assert_status(StatusCode::CREATED, "with a comment");
    app.send(rate(&json!({ "page": PAGE, "interface": 5 }), "203.0.113.71"))
        .await
        .assert_status(StatusCode::CREATED, "without");
    let public = || async {
        let json = app.send(summary(&format!("?page={}", urlencode(PAGE)))).await.text();
        let agency = app.send(summary("")).await.text();
        let csv = app.send(summary(".csv")).await.text();
        format!("{json}\n{agency}\n{csv}")
    };
    assert!(!public().await.contains("Biểu mẫu"), "a comment is public before it is published");

    let officer = staff_token(&app, "demo", "can-bo-danh-gia", Role::Officer).await;
    let moderator = staff_token(&app, "demo", "kiem-duyet-danh-gia", Role::Moderator).await;
    let listed = app.send(as_staff(Req::get("/api/v1/staff/ratings?max_score=2&with_comment=true"), &officer)).await;
    let listed = listed.assert_status(StatusCode::OK, "officer lists").json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["comment"], json!(comment));
    assert_eq!(listed[0]["comment_published"], json!(false));
    let id = listed[0]["id"].as_i64().unwrap();
    let all = app.send(as_staff(Req::get("/api/v1/staff/ratings"), &officer)).await.json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    // Week by week: both in this week (Vietnam time), interface (1 + 5) / 2, nothing else answered.
    let trend = app.send(as_staff(Req::get("/api/v1/staff/ratings/trend?period=30d"), &officer)).await;
    let trend = trend.assert_status(StatusCode::OK, "trend").json();
    let week = domain::Date::in_vietnam_at(&server::clock::now()).unwrap().week_start();
    assert_eq!(
        trend,
        json!({ "weeks": [{ "week": week.to_string(), "ratings": 2, "means": [3.0, null, null, null] }] })
    );
    let csv = app
        .send(as_staff(Req::get("/api/v1/staff/ratings.csv"), &officer))
        .await
        .assert_status(StatusCode::OK, "export")
        .text();
    assert!(csv.contains(comment) && csv.contains("id,page,helpful,interface,"), "{csv}");

    let publish = |token: &str, published: bool| {
        as_staff(
            Req::post(&format!("/api/v1/staff/ratings/{id}/publication")).json(&json!({ "published": published })),
            token,
        )
    };
    app.send(publish(&officer, true)).await.assert_error(StatusCode::FORBIDDEN, "forbidden", "an officer publishes");
    app.send(publish(&moderator, true)).await.assert_status(StatusCode::NO_CONTENT, "a moderator publishes");
    let shown = public().await;
    assert!(shown.contains(comment), "the published comment is in the summary and its CSV: {shown}");
    let audit: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'rating.comment_publish' AND subject_kind = 'rating' AND subject_id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap()
        .get("n");
    assert_eq!(audit, 1);
    app.send(publish(&moderator, false)).await.assert_status(StatusCode::NO_CONTENT, "withdrawn");
    assert!(!public().await.contains("Biểu mẫu"));
    let without = app.send(as_staff(Req::get("/api/v1/staff/ratings"), &officer)).await.json();
    let plain = without.as_array().unwrap().iter().find(|r| r["comment"].is_null()).unwrap()["id"].as_i64().unwrap();
    let no_comment = as_staff(
        Req::post(&format!("/api/v1/staff/ratings/{plain}/publication")).json(&json!({ "published": true })),
        &moderator,
    );
    app.send(no_comment).await.assert_error(StatusCode::CONFLICT, "conflict", "nothing to publish");
    let missing =
        as_staff(Req::post("/api/v1/staff/ratings/999999/publication").json(&json!({ "published": true })), &moderator);
    app.send(missing).await.assert_error(StatusCode::NOT_FOUND, "not_found", "no such rating");
}

async fn nothing_that_identifies_a_person_is_stored(backend: Backend) {
    let app = TestApp::start(backend).await;
    let address = "203.0.113.87";
    let agent = "Mozilla/5.0 (Linux; Android 14) Tuong-Tac-Test";
    let rating = json!({ "page": PAGE, "content": 3, "comment": "Tốt" });
    app.send(rate(&rating, address).header("user-agent", agent)).await.assert_status(StatusCode::CREATED, "rated");
    let row = sqlx::query("SELECT * FROM ratings").fetch_one(&app.db).await.unwrap();
    for i in 0..row.len() {
        let text = row.try_get::<Option<String>, _>(i).ok().flatten().unwrap_or_default();
        assert!(
            !text.contains(address) && !text.contains("203.0.113") && !text.contains("Mozilla"),
            "column {i} holds {text:?}"
        );
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Ratings that arrive together are stored in shared transactions, each answered only after its commit.
async fn ratings_sent_together_share_commits(backend: Backend) {
    let app = TestApp::start(backend).await;
    let sends: Vec<_> = (0..60)
        .map(|i| {
            let rating = json!({ "page": format!("{PAGE}/{i}"), "helpful": true });
            tokio::spawn(send(app.router.clone(), rate(&rating, &format!("198.51.100.{i}"))))
        })
        .collect();
    for handle in sends {
        handle.await.expect("request task").assert_status(StatusCode::CREATED, "one of sixty");
    }
    assert_eq!(rows(&app).await, 60, "every acknowledged rating is stored");
    let (commits, ratings) = app.state.rating_writer.stats();
    eprintln!("{backend:?}: 60 ratings sent at once were stored in {commits} commits");
    assert_eq!(ratings, 60);
    assert!(commits < 60, "60 ratings sent at once took {commits} commits");
}
