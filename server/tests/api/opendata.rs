//! Open data through the real router on SQLite and PostgreSQL: the archive (search without diacritics,
//! topics, pages, one question with its speed against the deadline), the "same question" +1 once per place
//! per day, the exports (every field, nothing private, CSV encoding and quoting, Atom as namespaced XML,
//! Open311's fields in JSON and XML), and following by email with its one-click unsubscribe.

use axum::http::{Method, StatusCode};
use domain::Role;
use serde_json::{Value, json};
use sqlx::Row;

use crate::common::*;

on_both_backends!(
    the_archive_searches_without_diacritics_by_topic_and_page,
    same_question_counts_once_per_place_per_day,
    question_exports_carry_every_field_and_nothing_private,
    atom_feeds_are_namespaced_xml_with_every_entry,
    open311_answers_the_specifications_fields_in_json_and_xml,
    consultation_and_rating_exports_hold_no_names,
    followers_are_mailed_and_unsubscribe_in_one_click,
    the_openapi_document_describes_every_dataset,
    the_operator_exports_and_erases_an_addresss_follows,
);

const ARCHIVE: &str = "/api/v1/agencies/demo/archive";
const OPEN: &str = "/api/v1/open-data/demo";

/// What the seeded questions' authors left, which no public answer may hold.
const PRIVATE: [&str; 6] =
    ["Trần Văn Nam", "nam.tran@example.vn", "0912345678", "Lê Thị Hoa", "hoa.le@example.vn", "0987654321"];

/// Staff of the demo agency: (officer, moderator).
async fn staff(app: &TestApp) -> (String, String) {
    (
        staff_token(app, "demo", "can-bo", Role::Officer).await,
        staff_token(app, "demo", "kiem-duyet", Role::Moderator).await,
    )
}

fn staff_path(code: &str, rest: &str) -> String {
    format!("/api/v1/staff/questions/{code}{rest}")
}

/// Asks a question with contact details; returns its code.
async fn ask(app: &TestApp, title: &str, body: &str, topic: &str, who: usize) -> String {
    let (name, email, phone) = [(PRIVATE[0], PRIVATE[1], PRIVATE[2]), (PRIVATE[3], PRIVATE[4], PRIVATE[5])][who % 2];
    let question = json!({
        "title": title, "body": body, "topic": topic,
        "name": name, "email": email, "phone": phone, "consent": true, "lang": "vi",
    });
    let reply = app.send(Req::ask(&question)).await;
    reply.assert_status(StatusCode::CREATED, "ask");
    reply.json()["tracking_code"].as_str().unwrap().to_owned()
}

/// Writes `answer` to a question through the staff API, and moves it to answered when `finish` (else the
/// answer stays a draft the public never sees).
async fn answer(app: &TestApp, officer: &str, code: &str, answer: &str, finish: bool) {
    for to in ["accepted", "assigned", "in_progress"] {
        let body = if to == "assigned" { json!({ "to": to, "unit": "phong-cntt" }) } else { json!({ "to": to }) };
        app.send(as_staff(Req::post(&staff_path(code, "/transitions")).json(&body), officer))
            .await
            .assert_status(StatusCode::OK, to);
    }
    app.send(as_staff(Req::new(Method::PUT, &staff_path(code, "/answer")).json(&json!({ "body": answer })), officer))
        .await
        .assert_status(StatusCode::OK, "answer");
    if finish {
        let body = json!({ "to": "answered", "public_note": "Đã trả lời." });
        app.send(as_staff(Req::post(&staff_path(code, "/transitions")).json(&body), officer))
            .await
            .assert_status(StatusCode::OK, "answered");
    }
}

async fn publish(app: &TestApp, moderator: &str, code: &str) {
    app.send(as_staff(Req::post(&staff_path(code, "/publication")).json(&json!({ "published": true })), moderator))
        .await
        .assert_status(StatusCode::OK, "publish");
}

/// Three published questions (one answered, one with a draft answer only, one asked and published) and
/// one unpublished; returns their codes in that order, and the officer's token.
async fn seed(app: &TestApp) -> ([String; 4], String) {
    let (officer, moderator) = staff(app).await;
    let licence = ask(app, "Thủ tục cấp giấy phép, \"gấp\"", "Hồ sơ gồm gì?\nXin cảm ơn.", "giay-phep", 0).await;
    answer(app, &officer, &licence, "Đơn đề nghị, bản sao; nộp tại Sở. \"Một cửa\".\nThời hạn: 10 ngày.", true).await;
    let draft = ask(app, "Đăng ký tên miền .vn", "Cần giấy tờ gì?", "vien-thong", 1).await;
    answer(app, &officer, &draft, "Bản nháp nói về hộ chiếu.", false).await;
    let asked = ask(app, "Báo điện tử xin giấy phép ở đâu?", "Nơi nộp hồ sơ.", "bao-chi", 0).await;
    let hidden = ask(app, "Câu hỏi chưa công bố về giấy phép", "Chưa công bố.", "giay-phep", 1).await;
    for code in [&licence, &draft, &asked] {
        publish(app, &moderator, code).await;
    }
    ([licence, draft, asked, hidden], officer)
}

fn codes(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|q| q["tracking_code"].as_str().unwrap().to_owned()).collect()
}

fn assert_nothing_private(text: &str, case: &str) {
    for private in PRIVATE {
        assert!(!text.contains(private), "{case} holds {private:?}");
    }
}

async fn the_archive_searches_without_diacritics_by_topic_and_page(backend: Backend) {
    let app = TestApp::start(backend).await;
    let ([licence, draft, asked, hidden], _) = seed(&app).await;

    let reply = app.send(Req::get(ARCHIVE).origin(ORIGIN)).await;
    reply.assert_status(StatusCode::OK, "archive");
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN), "widgets read it through the guard");
    let all = reply.json();
    assert_eq!(codes(&all), [asked.clone(), draft.clone(), licence.clone()], "newest published first");
    assert_eq!((all["total"].clone(), all["next"].clone()), (json!(3), Value::Null));
    assert_nothing_private(&reply.text(), "the archive");

    // Without diacritics, with them, decomposed, in capitals, and đ typed as d.
    for q in ["giay phep", "giấy phép", "GIÂ\u{301}Y PHE\u{301}P", "GIAY PHEP"] {
        let found = app.send(Req::get(&format!("{ARCHIVE}?q={}", urlencode(q)))).await.json();
        assert_eq!(codes(&found), [asked.clone(), licence.clone()], "q={q}");
    }
    let found = app.send(Req::get(&format!("{ARCHIVE}?q={}", urlencode("dang ky ten mien")))).await.json();
    assert_eq!(codes(&found), [draft.as_str()], "đ as d");
    // An answer is searched once it shows, never while it is a draft.
    let found = app.send(Req::get(&format!("{ARCHIVE}?q={}", urlencode("mot cua")))).await.json();
    assert_eq!(codes(&found), [licence.as_str()], "words of a published answer");
    let found = app.send(Req::get(&format!("{ARCHIVE}?q={}", urlencode("ho chieu")))).await.json();
    assert_eq!(codes(&found), Vec::<String>::new(), "words of a draft answer");
    // A % or _ is a character, not a pattern.
    let found = app.send(Req::get(&format!("{ARCHIVE}?q=%25"))).await.json();
    assert_eq!(found["total"], json!(0));

    let by_topic = app.send(Req::get(&format!("{ARCHIVE}?topic=vien-thong"))).await.json();
    assert_eq!(codes(&by_topic), [draft.as_str()]);
    let by_both = app.send(Req::get(&format!("{ARCHIVE}?topic=bao-chi&q=giay"))).await.json();
    assert_eq!(codes(&by_both), [asked.as_str()]);

    // Pages, each with the link to the next.
    let first = app.send(Req::get(&format!("{ARCHIVE}?per_page=2&q=giay%20phep"))).await.json();
    assert_eq!((codes(&first).len(), first["total"].clone()), (2, json!(2)));
    assert_eq!(first["next"], Value::Null);
    let first = app.send(Req::get(&format!("{ARCHIVE}?per_page=2"))).await.json();
    let next = first["next"].as_str().expect("a next link").to_owned();
    assert_eq!(next, "/api/v1/agencies/demo/archive?page=2&per_page=2");
    let second = app.send(Req::get(&next)).await.json();
    assert_eq!(codes(&second), [licence.as_str()]);
    assert_eq!(second["next"], Value::Null);

    for bad in ["?per_page=101", "?page=0", "?topic=Gi%E1%BA%A5y", "?q=a%07b", "?per_page=x"] {
        app.send(Req::get(&format!("{ARCHIVE}{bad}"))).await.assert_status(StatusCode::BAD_REQUEST, bad);
    }

    // One question: its dates and its speed against the deadline.
    let one = app.send(Req::get(&format!("{ARCHIVE}/{licence}"))).await;
    one.assert_status(StatusCode::OK, "one");
    let one = one.json();
    assert_eq!(one["status"], "answered");
    assert!(one["answer"].as_str().unwrap().contains("Một cửa"));
    let asked_at = one["asked_at"].as_str().unwrap();
    assert!(asked_at.ends_with(":00:00Z") && asked_at.len() == 20, "rounded to the hour: {asked_at}");
    assert_eq!(one["deadline_working_days"], json!(10));
    assert_eq!(one["answer_working_days"], json!(0), "answered the day it was asked");
    assert_eq!(one["answered_on_time"], json!(true));
    assert_eq!(one["due_date"].as_str().unwrap().len(), 10);
    let pending = app.send(Req::get(&format!("{ARCHIVE}/{draft}"))).await.json();
    assert_eq!((pending["answer"].clone(), pending["answer_working_days"].clone()), (Value::Null, Value::Null));
    assert_eq!(pending["answered_on_time"], Value::Null);
    for missing in [hidden.as_str(), "not-a-code", "AAAAA-AAAAA"] {
        app.send(Req::get(&format!("{ARCHIVE}/{missing}"))).await.assert_status(StatusCode::NOT_FOUND, missing);
    }
}

async fn same_question_counts_once_per_place_per_day(backend: Backend) {
    let app = TestApp::start(backend).await;
    let ([licence, draft, _, hidden], officer) = seed(&app).await;
    let plus_one = |code: &str, from: &str| {
        Req::post(&format!("/api/v1/agencies/demo/questions/{code}/same-question")).origin(ORIGIN).sent_from(from)
    };
    let first = app.send(plus_one(&licence, "203.0.113.10")).await;
    first.assert_status(StatusCode::OK, "first");
    assert_eq!(first.json(), json!({ "same_question_count": 1, "counted": true }));
    // The same place again today (a repeat, or a retry after a lost answer): not counted twice.
    let again = app.send(plus_one(&licence, "203.0.113.10")).await.json();
    assert_eq!(again, json!({ "same_question_count": 1, "counted": false }));
    let other = app.send(plus_one(&licence, "203.0.113.11")).await.json();
    assert_eq!(other, json!({ "same_question_count": 2, "counted": true }));
    app.send(plus_one(&draft, "203.0.113.10")).await.assert_status(StatusCode::OK, "another question");

    app.send(plus_one(&hidden, "203.0.113.10")).await.assert_status(StatusCode::NOT_FOUND, "unpublished");
    app.send(plus_one("AAAAA-AAAAA", "203.0.113.10")).await.assert_status(StatusCode::NOT_FOUND, "unknown");
    app.send(plus_one(&licence, "203.0.113.12").origin(FOREIGN_ORIGIN))
        .await
        .assert_status(StatusCode::FORBIDDEN, "another origin");
    assert_eq!(app.count("same_questions").await, 3);
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT dedupe_token FROM same_questions").fetch_all(&app.db).await.unwrap();
    assert!(stored.iter().all(|t| !t.contains("203.0.113") && t.len() == 64), "a keyed hash, no address");

    // The count is public; the queue shows staff which questions many share, and sorts by it.
    app.state.open_data.clear();
    let one = app.send(Req::get(&format!("{ARCHIVE}/{licence}"))).await.json();
    assert_eq!(one["same_question_count"], json!(2));
    let queue = app.send(as_staff(Req::get("/api/v1/staff/questions?sort=same_question"), &officer)).await;
    let queue = queue.assert_status(StatusCode::OK, "queue").json();
    assert_eq!(queue["items"][0]["tracking_code"], json!(licence));
    assert_eq!(queue["items"][0]["same_question_count"], json!(2));
    assert_eq!(queue["items"][1]["same_question_count"], json!(1));
    let shared = app.send(as_staff(Req::get("/api/v1/staff/questions?min_same_question=2"), &officer)).await.json();
    assert_eq!(codes(&shared), [licence.as_str()]);
}

async fn question_exports_carry_every_field_and_nothing_private(backend: Backend) {
    let app = TestApp::start(backend).await;
    let ([licence, ..], _) = seed(&app).await;

    let reply = app.send(Req::get(&format!("{OPEN}/questions.json?per_page=2"))).await;
    reply.assert_status(StatusCode::OK, "questions.json");
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"), "any program may read it");
    assert_nothing_private(&reply.text(), "questions.json");
    let page = reply.json();
    assert_eq!(page["next"], json!("/api/v1/open-data/demo/questions.json?page=2&per_page=2"));
    let fields = server::opendata::QUESTION_FIELDS;
    for item in page["items"].as_array().unwrap() {
        let keys: Vec<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = fields.to_vec();
        expected.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, expected, "every documented field, and only those");
    }

    let reply = app.send(Req::get(&format!("{OPEN}/questions.csv"))).await;
    reply.assert_status(StatusCode::OK, "questions.csv");
    assert_eq!(reply.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let text = reply.text();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for spreadsheet programs");
    assert_nothing_private(&text, "questions.csv");
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    assert_eq!(rows[0], fields.map(str::to_owned).to_vec(), "the header is the field list");
    assert_eq!(rows.len(), 4, "a header and three published questions");
    let row = rows.iter().find(|r| r[0] == licence).expect("the answered question");
    // Commas, quotes and line breaks survive the round trip.
    assert_eq!(row[1], "Thủ tục cấp giấy phép, \"gấp\"");
    assert_eq!(row[2], "Hồ sơ gồm gì?\nXin cảm ơn.");
    assert_eq!(row[7], "Đơn đề nghị, bản sao; nộp tại Sở. \"Một cửa\".\nThời hạn: 10 ngày.");
    assert!(row[5].ends_with(":00:00Z"), "asked_at rounded to the hour");
    assert_eq!((row[10].as_str(), row[11].as_str(), row[12].as_str()), ("10", "0", "true"));

    // Downloads are served from memory for a few seconds, but a change this process makes shows at once.
    let moderator = staff_token(&app, "demo", "kiem-duyet-2", Role::Moderator).await;
    let withdraw = json!({ "published": false });
    app.send(as_staff(Req::post(&staff_path(&licence, "/publication")).json(&withdraw), &moderator))
        .await
        .assert_status(StatusCode::OK, "withdraw");
    let after = app.send(Req::get(&format!("{OPEN}/questions.csv"))).await.text();
    assert_eq!(parse_csv(after.trim_start_matches('\u{feff}')).len(), 3, "the withdrawn question is gone");
    assert!(!after.contains(&licence));
    app.send(Req::get("/api/v1/open-data/nobody/questions.csv")).await.assert_status(StatusCode::NOT_FOUND, "agency");
    app.send(Req::get("/api/v1/open-data/Bad_Slug/questions.json")).await.assert_status(StatusCode::NOT_FOUND, "slug");
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// An Atom element's first child of that name.
fn child<'a, 'input>(node: roxmltree::Node<'a, 'input>, name: &str) -> Option<roxmltree::Node<'a, 'input>> {
    node.children().find(|c| c.tag_name().namespace() == Some(ATOM) && c.tag_name().name() == name)
}

/// Parses an Atom feed as an XML reader would; its entries' (id, title, updated), checking what RFC 4287
/// requires of the feed and of each entry.
fn atom_entries(reply: &Reply, case: &str) -> Vec<(String, String, String)> {
    reply.assert_status(StatusCode::OK, case);
    assert_eq!(reply.header("content-type"), Some("application/atom+xml; charset=utf-8"), "{case}");
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"), "{case}");
    let text = reply.text();
    let document = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{case}: not XML: {e}\n{text}"));
    let feed = document.root_element();
    assert_eq!((feed.tag_name().namespace(), feed.tag_name().name()), (Some(ATOM), "feed"), "{case}");
    for required in ["id", "title", "updated", "author"] {
        assert!(child(feed, required).is_some(), "{case}: the feed lacks {required}");
    }
    let licence = feed.children().find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("license"));
    assert_eq!(licence.and_then(|l| l.attribute("href")), Some("https://creativecommons.org/licenses/by/4.0/"));
    feed.children()
        .filter(|c| c.tag_name().namespace() == Some(ATOM) && c.tag_name().name() == "entry")
        .map(|entry| {
            let text = |name: &str| {
                child(entry, name)
                    .and_then(|n| n.text())
                    .unwrap_or_else(|| panic!("{case}: an entry lacks {name}"))
                    .to_owned()
            };
            assert!(child(entry, "link").and_then(|l| l.attribute("href")).is_some(), "{case}: an entry's link");
            (text("id"), text("title"), text("updated"))
        })
        .collect()
}

async fn atom_feeds_are_namespaced_xml_with_every_entry(backend: Backend) {
    let app = TestApp::start(backend).await;
    let ([licence, ..], _) = seed(&app).await;
    let reply = app.send(Req::get(&format!("{OPEN}/answers.atom"))).await;
    let entries = atom_entries(&reply, "answers.atom");
    assert_eq!(entries.len(), 1, "only the answer that shows");
    assert_eq!(entries[0].0, format!("tag:tuongtac,2026:demo/question/{}", licence.replace('-', "")));
    assert_eq!(entries[0].1, "Thủ tục cấp giấy phép, \"gấp\"", "escaped and read back");
    assert!(reply.text().contains("&quot;Một cửa&quot;"), "the answer is the entry's content");
    assert_nothing_private(&reply.text(), "answers.atom");
    let by_topic = app.send(Req::get(&format!("{OPEN}/answers.atom?topic=giay-phep"))).await;
    assert_eq!(atom_entries(&by_topic, "answers of a topic").len(), 1);
    let other_topic = app.send(Req::get(&format!("{OPEN}/answers.atom?topic=bao-chi"))).await;
    assert_eq!(atom_entries(&other_topic, "answers of another topic").len(), 0);
    app.send(Req::get(&format!("{OPEN}/answers.atom?topic=khong-co")))
        .await
        .assert_status(StatusCode::NOT_FOUND, "topic");
    let none = app.send(Req::get(&format!("{OPEN}/reports.atom"))).await;
    assert_eq!(atom_entries(&none, "no report yet").len(), 0);
}

/// Open311 GeoReport v2's service request fields, in the specification's order.
const OPEN311_FIELDS: [&str; 17] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
];

async fn open311_answers_the_specifications_fields_in_json_and_xml(backend: Backend) {
    let app = TestApp::start(backend).await;
    let ([licence, draft, asked, hidden], _) = seed(&app).await;
    let base = "/open311/v2/demo";

    let discovery = app.send(Req::get(&format!("{base}/discovery.json"))).await.json();
    assert_eq!(discovery["endpoints"][0]["url"], json!("/open311/v2/demo"));
    assert_eq!(discovery["endpoints"][0]["specification"], json!("http://wiki.open311.org/GeoReport_v2"));
    assert_eq!(discovery["endpoints"][0]["formats"], json!(["text/xml", "application/json"]));
    let text = app.send(Req::get(&format!("{base}/discovery.xml"))).await.text();
    let document = roxmltree::Document::parse(&text).expect("discovery.xml is XML");
    assert_eq!(document.root_element().tag_name().name(), "discovery");
    assert_eq!(document.descendants().filter(|n| n.tag_name().name() == "format").count(), 2);

    let services = app.send(Req::get(&format!("{base}/services.json"))).await;
    services.assert_status(StatusCode::OK, "services.json");
    let services = services.json();
    assert_eq!(services.as_array().unwrap().len(), 5, "one service per topic");
    for field in ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"] {
        assert!(services[0].get(field).is_some(), "services lack {field}");
    }
    assert_eq!(
        (services[0]["service_code"].clone(), services[0]["metadata"].clone()),
        (json!("giay-phep"), json!(false))
    );
    let xml = app.send(Req::get(&format!("{base}/services.xml"))).await;
    assert_eq!(xml.header("content-type"), Some("text/xml; charset=utf-8"));
    let text = xml.text();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "the declaration with UTF-8");
    let document = roxmltree::Document::parse(&text).expect("services.xml is XML");
    assert_eq!(document.root_element().tag_name().name(), "services");
    assert_eq!(document.root_element().children().filter(|c| c.tag_name().name() == "service").count(), 5);

    let reply = app.send(Req::get(&format!("{base}/requests.json"))).await;
    reply.assert_status(StatusCode::OK, "requests.json");
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    assert_nothing_private(&reply.text(), "requests.json");
    let requests = reply.json();
    let ids: Vec<&str> =
        requests.as_array().unwrap().iter().map(|r| r["service_request_id"].as_str().unwrap()).collect();
    assert_eq!(ids, [asked.as_str(), draft.as_str(), licence.as_str()], "published only, newest first");
    assert!(!ids.contains(&hidden.as_str()));
    for request in requests.as_array().unwrap() {
        let keys: Vec<&str> = request.as_object().unwrap().keys().map(String::as_str).collect();
        for field in OPEN311_FIELDS {
            assert!(keys.contains(&field), "a request lacks {field}");
        }
        assert_eq!(request["agency_responsible"], json!("Sở Thông tin và Truyền thông tỉnh Demo"));
        assert!(request["requested_datetime"].as_str().unwrap().ends_with(":00:00Z"));
        assert!(request["expected_datetime"].as_str().unwrap().ends_with("T23:59:59+07:00"));
    }
    let answered = &requests[2];
    assert_eq!((answered["status"].clone(), answered["service_code"].clone()), (json!("closed"), json!("giay-phep")));
    assert!(answered["status_notes"].as_str().unwrap().contains("Một cửa"), "the answer as status notes");
    assert_eq!(requests[1]["status"], json!("open"));
    assert_eq!(requests[1]["status_notes"], json!(""), "a draft answer never shows");

    let open = app.send(Req::get(&format!("{base}/requests.json?status=open"))).await.json();
    assert_eq!(open.as_array().unwrap().len(), 2);
    let licences =
        app.send(Req::get(&format!("{base}/requests.json?service_code=giay-phep&jurisdiction_id=x"))).await.json();
    assert_eq!(licences.as_array().unwrap().len(), 1);
    let future = app.send(Req::get(&format!("{base}/requests.json?start_date=2099-01-01T00:00:00Z"))).await.json();
    assert_eq!(future, json!([]));
    // A question asked at 10:37:12 and published as it came: no field and no date filter tells the minute.
    let sent = "2026-03-04T10:37:12Z";
    let compact = asked.replace('-', "");
    sqlx::query("UPDATE questions SET created_at = $1 WHERE tracking_code = $2")
        .bind(sent)
        .bind(&compact)
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE question_events SET at = $1 WHERE question_id = (SELECT id FROM questions WHERE tracking_code = $2)",
    )
    .bind(sent)
    .bind(&compact)
    .execute(&app.db)
    .await
    .unwrap();
    let window = |from: &str, until: &str| format!("{base}/requests.json?start_date={from}&end_date={until}");
    let within = app.send(Req::get(&window("2026-03-04T10:50:00Z", "2026-03-04T10:55:00Z"))).await;
    let within = within.json();
    assert_eq!(within[0]["service_request_id"], json!(asked), "a window inside the hour asked still finds it");
    assert_eq!(within.as_array().unwrap().len(), 1);
    assert_eq!(within[0]["requested_datetime"], json!("2026-03-04T10:00:00Z"));
    assert_ne!(within[0]["updated_datetime"], json!(sent), "its only step, being received, is not shown");
    let after = app.send(Req::get(&window("2026-03-04T11:00:00Z", "2026-03-04T12:00:00Z"))).await.json();
    assert_eq!(after, json!([]));
    let paged = app.send(Req::get(&format!("{base}/requests.json?page_size=1&page=2"))).await.json();
    assert_eq!(paged[0]["service_request_id"], json!(draft));
    for bad in ["?status=pending", "?start_date=yesterday", "?page_size=1000", "?service_code=Bad_Code"] {
        app.send(Req::get(&format!("{base}/requests.json{bad}"))).await.assert_status(StatusCode::BAD_REQUEST, bad);
    }

    let xml = app.send(Req::get(&format!("{base}/requests.xml"))).await;
    assert_eq!(xml.header("content-type"), Some("text/xml; charset=utf-8"));
    let text = xml.text();
    assert_nothing_private(&text, "requests.xml");
    let document = roxmltree::Document::parse(&text).expect("requests.xml is XML");
    assert_eq!(document.root_element().tag_name().name(), "service_requests");
    let first = document.root_element().children().find(|c| c.tag_name().name() == "request").expect("a request");
    let names: Vec<&str> = first.children().filter(|c| c.is_element()).map(|c| c.tag_name().name()).collect();
    assert_eq!(names, OPEN311_FIELDS, "every field, in the specification's order");

    let one = app.send(Req::get(&format!("{base}/requests/{licence}.json"))).await;
    one.assert_status(StatusCode::OK, "one request");
    assert_eq!(one.json().as_array().unwrap().len(), 1, "a list of one");
    let one = app.send(Req::get(&format!("{base}/requests/{licence}.xml"))).await.text();
    let document = roxmltree::Document::parse(&one).expect("one request as XML");
    let id = document.descendants().find(|n| n.tag_name().name() == "service_request_id").and_then(|n| n.text());
    assert_eq!(id, Some(licence.as_str()));
    let status_notes = document.descendants().find(|n| n.tag_name().name() == "status_notes").and_then(|n| n.text());
    assert!(status_notes.unwrap().contains("\"Một cửa\""), "escaped and read back");
    for missing in [format!("{hidden}.json"), format!("{licence}.csv"), licence.clone(), "x.json".into()] {
        app.send(Req::get(&format!("{base}/requests/{missing}"))).await.assert_status(StatusCode::NOT_FOUND, &missing);
    }
    app.send(Req::get("/open311/v2/nobody/services.json")).await.assert_status(StatusCode::NOT_FOUND, "agency");
}

const CONSULTATIONS: &str = "/api/v1/staff/consultations";

/// Creates the open consultation `du-thao` with three comments (an individual's with an email, an
/// organisation's, an individual's published name), each published and answered.
async fn consultation_with_comments(app: &TestApp, officer: &str, moderator: &str) {
    let consultation = json!({
        "slug": "du-thao", "title": "Dự thảo Quy chế, \"mới\"", "summary": "Tóm tắt.", "document_type": "law",
        "drafting_unit": "Vụ Pháp chế", "opens_at": "2020-01-01T08:00", "closes_at": "2099-01-01T08:00",
        "text": "Điều 1. Phạm vi\n1. Khoản một.\nĐiều 2. Đối tượng\nNội dung.",
    });
    app.send(as_staff(Req::post(CONSULTATIONS).json(&consultation), officer))
        .await
        .assert_status(StatusCode::CREATED, "create");
    let comments = [
        json!({ "article": 1, "stance": "disagree", "body": "Nên sửa, vì \"lý do\".\nDòng hai.", "name": PRIVATE[0],
            "email": PRIVATE[1], "consent": true }),
        json!({ "article": 2, "stance": "agree", "body": "Tán thành.", "commenter": "organisation",
            "name": "Hiệp hội Doanh nghiệp Demo", "email": PRIVATE[4], "consent": true }),
        json!({ "stance": "other", "body": "Ý kiến có tên công khai.", "name": PRIVATE[3], "publish_name": true,
            "consent": true }),
    ];
    for comment in &comments {
        let reply = app
            .send(Req::post("/api/v1/agencies/demo/consultations/du-thao/comments").origin(ORIGIN).json(comment))
            .await;
        reply.assert_status(StatusCode::CREATED, "comment");
        let code = reply.json()["tracking_code"].as_str().unwrap().replace('-', "");
        let id: i64 = sqlx::query_scalar("SELECT id FROM consultation_comments WHERE tracking_code = $1")
            .bind(code)
            .fetch_one(&app.db)
            .await
            .unwrap();
        let publish = json!({ "action": "publish" });
        app.send(as_staff(Req::post(&format!("{CONSULTATIONS}/comments/{id}/moderation")).json(&publish), moderator))
            .await
            .assert_status(StatusCode::OK, "publish");
        let response = json!({ "outcome": "not_accepted", "explanation": "Giữ nguyên, vì \"đã rõ\"." });
        app.send(as_staff(Req::post(&format!("{CONSULTATIONS}/comments/{id}/response")).json(&response), officer))
            .await
            .assert_status(StatusCode::OK, "respond");
    }
}

/// Closes `du-thao` and publishes its report.
async fn publish_report(app: &TestApp, officer: &str) {
    sqlx::query("UPDATE consultations SET closes_at = '2021-01-01T00:00:00Z'").execute(&app.db).await.unwrap();
    app.state.consultations.clear();
    app.send(as_staff(Req::post(&format!("{CONSULTATIONS}/du-thao/report")), officer))
        .await
        .assert_status(StatusCode::OK, "report");
}

async fn consultation_and_rating_exports_hold_no_names(backend: Backend) {
    let app = TestApp::start(backend).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let moderator = staff_token(&app, "demo", "kiem-duyet", Role::Moderator).await;
    consultation_with_comments(&app, &officer, &moderator).await;
    let reports = app.send(Req::get(&format!("{OPEN}/reports.atom"))).await;
    assert_eq!(atom_entries(&reports, "before the report").len(), 0);
    publish_report(&app, &officer).await;

    let names = [PRIVATE[0], PRIVATE[1], PRIVATE[3], PRIVATE[4], "Hiệp hội Doanh nghiệp Demo"];
    let mut texts = Vec::new();
    for path in [
        "consultations.json",
        "consultations.csv",
        "consultations/du-thao/comments.json",
        "consultations/du-thao/comments.csv",
        "consultations/du-thao/report.json",
        "consultations/du-thao/report.csv",
        "consultations.atom",
        "reports.atom",
        "ratings.json",
        "ratings.csv",
    ] {
        let reply = app.send(Req::get(&format!("{OPEN}/{path}"))).await;
        reply.assert_status(StatusCode::OK, path);
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"), "{path}");
        if path.ends_with(".csv") {
            assert!(reply.text().starts_with('\u{feff}'), "{path}: a byte-order mark");
        }
        texts.push((path, reply.text()));
    }
    for (path, text) in &texts {
        for name in names {
            assert!(!text.contains(name), "{path} holds {name:?}");
        }
    }
    let csv = |path: &str| parse_csv(texts.iter().find(|(p, _)| *p == path).unwrap().1.trim_start_matches('\u{feff}'));
    let consultations = csv("consultations.csv");
    assert_eq!(consultations[0], server::opendata::CONSULTATION_FIELDS.map(str::to_owned).to_vec());
    assert_eq!(consultations[1][1], "Dự thảo Quy chế, \"mới\"");
    assert_eq!(consultations[1][7], "report_published");
    let comments = csv("consultations/du-thao/comments.csv");
    assert_eq!(comments[0], server::opendata::COMMENT_FIELDS.map(str::to_owned).to_vec());
    assert_eq!(comments.len(), 4);
    assert!(comments.iter().any(|row| row[4] == "Nên sửa, vì \"lý do\".\nDòng hai."), "quotes and line breaks");
    assert!(comments.iter().skip(1).all(|row| row[8] == "not_accepted" && row[9] == "Giữ nguyên, vì \"đã rõ\"."));
    let report = csv("consultations/du-thao/report.csv");
    assert_eq!(report[0], server::opendata::REPORT_FIELDS.map(str::to_owned).to_vec());
    assert_eq!(report.len(), 4);
    // The JSON records carry the same fields as the CSV columns.
    let keys = |value: &Value| {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    let sorted = |fields: &[&str]| {
        let mut fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        fields.sort();
        fields
    };
    let json_of =
        |path: &str| -> Value { serde_json::from_str(&texts.iter().find(|(p, _)| *p == path).unwrap().1).unwrap() };
    let comment_page = json_of("consultations/du-thao/comments.json");
    assert_eq!(keys(&comment_page["items"][0]), sorted(&server::opendata::COMMENT_FIELDS));
    let report = json_of("consultations/du-thao/report.json");
    assert_eq!(keys(&report["rows"][0]), sorted(&server::opendata::REPORT_FIELDS));
    let listed = json_of("consultations.json");
    assert_eq!(keys(&listed["consultations"][0]), sorted(&server::opendata::CONSULTATION_FIELDS));
    let page = app.send(Req::get(&format!("{OPEN}/consultations/du-thao/comments.json?per_page=2"))).await.json();
    assert_eq!((page["total"].clone(), page["items"].as_array().unwrap().len()), (json!(3), 2));
    assert_eq!(page["next"], json!("/api/v1/open-data/demo/consultations/du-thao/comments.json?page=2&per_page=2"));
    let reports = app.send(Req::get(&format!("{OPEN}/reports.atom"))).await;
    let entries = atom_entries(&reports, "after the report");
    assert_eq!(entries[0].0, "tag:tuongtac,2026:demo/report/du-thao");
    assert_eq!(
        atom_entries(&app.send(Req::get(&format!("{OPEN}/consultations.atom"))).await, "consultations").len(),
        1
    );
    for missing in ["consultations/khong-co/comments.json", "consultations/khong-co/report.csv"] {
        app.send(Req::get(&format!("{OPEN}/{missing}"))).await.assert_status(StatusCode::NOT_FOUND, missing);
    }
}

/// RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line breaks.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

pub fn urlencode(text: &str) -> String {
    server::opendata::encode(text)
}

const FOLLOWER: &str = "nguoi.theo.doi@example.vn";
const PUBLIC_ORIGIN: &str = "https://tuongtac.example.gov.vn";

/// The mails the sink received for `address`, decoded.
fn mails_to(sink: &SmtpSink, address: &str) -> Vec<String> {
    sink.messages().iter().filter(|m| m.contains(address)).map(|m| decode_quoted_printable(m)).collect()
}

async fn wait_for_mails_to(sink: &SmtpSink, address: &str, count: usize) -> Vec<String> {
    for _ in 0..150 {
        let mails = mails_to(sink, address);
        if mails.len() >= count {
            return mails;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("expected {count} mail(s) to {address}, got {:?}", mails_to(sink, address));
}

/// The unsubscribe token of a mail: from its List-Unsubscribe header, which must match the link in the text.
fn unsubscribe_token(mail: &str) -> String {
    let prefix = format!("List-Unsubscribe: <{PUBLIC_ORIGIN}/api/v1/follows/unsubscribe/");
    let start = mail.find(&prefix).unwrap_or_else(|| panic!("no List-Unsubscribe header in {mail}")) + prefix.len();
    let token: String = mail[start..].chars().take_while(char::is_ascii_hexdigit).collect();
    assert_eq!(token.len(), 64, "an unguessable token");
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "RFC 8058 one-click");
    assert!(mail.contains(&format!("{PUBLIC_ORIGIN}/api/v1/follows/unsubscribe/{token}")), "the link in the text");
    token
}

async fn followers_are_mailed_and_unsubscribe_in_one_click(backend: Backend) {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app = TestApp::start_with(backend, |config| {
        config.smtp_url = Some(url);
        config.public_origin = Some(PUBLIC_ORIGIN.to_owned());
    })
    .await;
    let ([_, draft, _, hidden], officer) = seed(&app).await;
    let follow =
        |path: &str, body: Value| Req::post(&format!("/api/v1/agencies/demo/{path}/follow")).origin(ORIGIN).json(&body);
    let request = json!({ "email": FOLLOWER, "consent": true, "lang": "vi" });

    let reply = app.send(follow(&format!("questions/{draft}"), request.clone())).await;
    reply.assert_status(StatusCode::ACCEPTED, "follow");
    assert_eq!(reply.json(), json!({ "following": true }));
    let again = app.send(follow(&format!("questions/{draft}"), request.clone())).await;
    assert_eq!(again.assert_status(StatusCode::ACCEPTED, "again").json(), json!({ "following": true }));
    let refused = app.send(follow(&format!("questions/{draft}"), json!({ "email": "không phải email" }))).await;
    let errors =
        refused.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "no address, no consent")["errors"]
            .clone();
    assert_eq!(errors, json!({ "email": ["email.invalid"], "consent": ["consent.required"] }));
    app.send(follow(&format!("questions/{hidden}"), request.clone()))
        .await
        .assert_status(StatusCode::NOT_FOUND, "unpublished");
    app.send(follow(&format!("questions/{draft}"), request.clone()).origin(FOREIGN_ORIGIN))
        .await
        .assert_status(StatusCode::FORBIDDEN, "another origin");
    assert_eq!(app.count("follows").await, 1, "one follow per address and question");

    // The welcome mail, once; then the answer's.
    let welcome = wait_for_mails_to(&sink, FOLLOWER, 1).await;
    assert!(welcome[0].contains("vừa được đăng ký nhận thư"), "{}", welcome[0]);
    unsubscribe_token(&welcome[0]);
    let body = json!({ "to": "answered", "public_note": "Đã trả lời." });
    app.send(as_staff(Req::post(&staff_path(&draft, "/transitions")).json(&body), &officer))
        .await
        .assert_status(StatusCode::OK, "answered");
    let mails = wait_for_mails_to(&sink, FOLLOWER, 2).await;
    assert_eq!(mails.len(), 2, "no second welcome");
    assert!(mails[1].contains("đã công bố hoặc cập nhật trả lời"), "{}", mails[1]);
    assert!(mails[1].contains(&format!("{PUBLIC_ORIGIN}/api/v1/agencies/demo/archive/{draft}")));
    let token = unsubscribe_token(&mails[1]);

    // The address is private: in no public answer.
    app.state.open_data.clear();
    for path in [format!("{ARCHIVE}/{draft}"), format!("{OPEN}/questions.csv"), "/open311/v2/demo/requests.xml".into()]
    {
        assert!(!app.send(Req::get(&path)).await.text().contains(FOLLOWER), "{path}");
    }

    // The link opens a page that asks to confirm; opening it ends nothing.
    let unsubscribe = format!("/api/v1/follows/unsubscribe/{token}");
    let page = app.send(Req::get(&unsubscribe)).await;
    page.assert_status(StatusCode::OK, "the confirmation page");
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert!(page.text().contains("<form method=\"post\">"));
    let active: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM follows WHERE ended_at IS NULL").fetch_one(&app.db).await.unwrap();
    assert_eq!(active, 1, "a GET (a link scanner) unsubscribes nobody");
    // One click, as a mail program sends it: no Origin, no session.
    let done = app
        .send(
            Req::post(&unsubscribe)
                .without("origin")
                .header("content-type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click"),
        )
        .await;
    done.assert_status(StatusCode::OK, "one-click unsubscribe");
    assert!(done.text().contains("Đã ngừng nhận thư"));
    let row = sqlx::query("SELECT email, ended_by FROM follows").fetch_one(&app.db).await.unwrap();
    assert_eq!(row.get::<Option<String>, _>("email"), None, "the address is erased");
    assert_eq!(row.get::<Option<String>, _>("ended_by").as_deref(), Some("citizen"));
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipient = $1")
        .bind(FOLLOWER)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(kept, 0, "its mail, sent or waiting, is deleted with the address");
    let twice = app.send(Req::post(&unsubscribe).without("origin")).await;
    assert!(twice.assert_status(StatusCode::OK, "again").text().contains("từ trước"));
    let unknown = app.send(Req::post(&format!("/api/v1/follows/unsubscribe/{}", "a".repeat(64)))).await;
    unknown.assert_status(StatusCode::NOT_FOUND, "an unknown token");
    app.send(Req::get("/api/v1/follows/unsubscribe/x")).await.assert_status(StatusCode::NOT_FOUND, "malformed");

    // A corrected answer: no more mail to the address.
    let corrected = json!({ "body": "Trả lời đã sửa." });
    app.send(as_staff(Req::new(Method::PUT, &staff_path(&draft, "/answer")).json(&corrected), &officer))
        .await
        .assert_status(StatusCode::OK, "correct the answer");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mails_to(&sink, FOLLOWER).len(), 2, "no mail after unsubscribing");

    // Following a consultation: one mail when its report is out, then the address is erased.
    let moderator = staff_token(&app, "demo", "kiem-duyet-2", Role::Moderator).await;
    consultation_with_comments(&app, &officer, &moderator).await;
    let request = json!({ "email": "ban.doc@example.vn", "consent": true, "lang": "en" });
    app.send(follow("consultations/du-thao", request))
        .await
        .assert_status(StatusCode::ACCEPTED, "follow a consultation");
    app.send(follow("consultations/khong-co", json!({ "email": FOLLOWER, "consent": true })))
        .await
        .assert_status(StatusCode::NOT_FOUND, "an unknown consultation");
    publish_report(&app, &officer).await;
    let mails = wait_for_mails_to(&sink, "ban.doc@example.vn", 2).await;
    assert!(mails[0].contains("was just signed up"), "{}", mails[0]);
    assert!(mails[1].contains("has published its report on the comments"), "{}", mails[1]);
    assert!(mails[1].contains(&format!("{PUBLIC_ORIGIN}/api/v1/agencies/demo/consultations/du-thao/report.html")));
    let ended: Option<String> = sqlx::query_scalar("SELECT ended_by FROM follows WHERE subject_kind = 'consultation'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(ended.as_deref(), Some("done"), "nothing more will come: the address is erased");
}

async fn the_openapi_document_describes_every_dataset(backend: Backend) {
    let app = TestApp::start(backend).await;
    let document = app.send(Req::get("/api/v1/openapi.json")).await.json();
    // Every schema a path refers to is in the document (a dangling one stops schemathesis and code generators).
    let text = document.to_string();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = &reference[..reference.find('"').unwrap()];
        assert!(document["components"]["schemas"].get(name).is_some(), "{name} is referred to but not described");
    }
    let paths = &document["paths"];
    let content = |path: &str, status: &str| -> Vec<String> {
        let responses = &paths[path]["get"]["responses"][status]["content"];
        responses.as_object().unwrap_or_else(|| panic!("{path} documents no {status}")).keys().cloned().collect()
    };
    for (file, kind) in [
        ("questions.json", "application/json"),
        ("questions.csv", "text/csv"),
        ("ratings.json", "application/json"),
        ("ratings.csv", "text/csv"),
        ("consultations.json", "application/json"),
        ("consultations.csv", "text/csv"),
        ("consultations/{slug}/comments.json", "application/json"),
        ("consultations/{slug}/comments.csv", "text/csv"),
        ("consultations/{slug}/report.json", "application/json"),
        ("consultations/{slug}/report.csv", "text/csv"),
        ("answers.atom", "application/atom+xml"),
        ("consultations.atom", "application/atom+xml"),
        ("reports.atom", "application/atom+xml"),
    ] {
        assert_eq!(content(&format!("/api/v1/open-data/{{agency}}/{file}"), "200"), [kind], "{file}");
    }
    for (file, kind) in [
        ("discovery.json", "application/json"),
        ("discovery.xml", "text/xml"),
        ("services.json", "application/json"),
        ("services.xml", "text/xml"),
        ("requests.json", "application/json"),
        ("requests.xml", "text/xml"),
    ] {
        assert_eq!(content(&format!("/open311/v2/{{agency}}/{file}"), "200"), [kind], "{file}");
    }
    let mut one = content("/open311/v2/{agency}/requests/{request}", "200");
    one.sort();
    assert_eq!(one, ["application/json", "text/xml"]);
    assert_eq!(content("/api/v1/follows/unsubscribe/{token}", "404"), ["text/html"]);
}

async fn the_operator_exports_and_erases_an_addresss_follows(backend: Backend) {
    let app = TestApp::start(backend).await;
    let ([licence, draft, ..], _) = seed(&app).await;
    for code in [&licence, &draft] {
        let request = json!({ "email": "Nguoi.Theo.Doi@Example.VN", "consent": true });
        app.send(Req::post(&format!("/api/v1/agencies/demo/questions/{code}/follow")).origin(ORIGIN).json(&request))
            .await
            .assert_status(StatusCode::ACCEPTED, "follow");
    }
    let url = app.db.connect_options().database_url.to_string();
    let admin = |action: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tuongtac"))
            .args(["admin", "follow", action, "demo", "Nguoi.Theo.Doi@example.vn", "--database", &url])
            .env_remove("DATABASE_URL")
            .output()
            .expect("run tuongtac")
    };
    let out = admin("export");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let exported: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(exported["email"], json!("Nguoi.Theo.Doi@example.vn"), "the domain's case does not matter");
    let followed: Vec<&str> =
        exported["follows"].as_array().unwrap().iter().map(|f| f["question"].as_str().unwrap()).collect();
    assert_eq!(followed, [licence.as_str(), draft.as_str()]);
    assert_eq!(exported["follows"][0]["mail"].as_array().unwrap().len(), 1, "the welcome mail, waiting");
    assert!(exported["follows"][0]["consent_at"].is_string());

    let out = admin("erase");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("2 follow(s) ended"));
    let held: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM follows WHERE email IS NOT NULL").fetch_one(&app.db).await.unwrap();
    assert_eq!(held, 0);
    let mail: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE subject_kind = 'follow'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(mail, 0, "its waiting mail is deleted");
    let again = admin("export");
    assert!(!again.status.success(), "nothing is held any more");

    // The retention job ends follows older than the agency keeps contact details (730 days by default).
    for (code, days) in [(&licence, 731), (&draft, 729)] {
        let request = json!({ "email": "cu@example.vn", "consent": true });
        app.send(Req::post(&format!("/api/v1/agencies/demo/questions/{code}/follow")).origin(ORIGIN).json(&request))
            .await
            .assert_status(StatusCode::ACCEPTED, "follow");
        let then = server::clock::after(&server::clock::now(), -days * 86_400);
        sqlx::query("UPDATE follows SET created_at = $1 WHERE id = (SELECT MAX(id) FROM follows)")
            .bind(then)
            .execute(&app.db)
            .await
            .unwrap();
    }
    assert_eq!(server::follows::erase_expired(&app.db).await.unwrap(), 1);
    let left: Vec<(Option<String>, Option<String>)> =
        sqlx::query("SELECT email, ended_by FROM follows WHERE id > 2 ORDER BY id")
            .fetch_all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get("email"), r.get("ended_by")))
            .collect();
    assert_eq!(left, [(None, Some("retention".to_owned())), (Some("cu@example.vn".to_owned()), None)]);
}
