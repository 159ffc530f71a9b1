//! Consultations on draft laws through the real router, on both backends: a draft created from pasted text,
//! comments (201, 422, 409 outside the period, idempotent replay, honeypot, foreign origin), moderation,
//! grouping, responses, the report refused while blocked and then published (JSON, CSV, printable page),
//! its mail to a real SMTP listener in each commenter's language without the PIN, lookup with code and PIN
//! under the shared lockouts, contact erasure by the commenter and by the retention job, the operator's
//! data-subject export, and no email or unpublished name in any public answer.

use crate::common::*;
use axum::http::StatusCode;
use domain::Role;
use serde_json::{Value, json};
use sqlx::Row;

on_both_backends!(
    a_draft_goes_from_pasted_text_to_a_published_report,
    comments_are_refused_outside_the_period_and_from_robots_and_other_origins,
    commenters_look_up_and_erase_under_the_shared_lockouts,
    contact_details_of_comments_on_finished_consultations_are_erased_after_the_retention_period,
    the_operator_exports_everything_held_about_a_comment,
    comment_lists_are_filtered_and_paged_by_the_database,
);

const STAFF: &str = "/api/v1/staff/consultations";
const PUBLIC: &str = "/api/v1/agencies/demo/consultations";
const SLUG: &str = "du-thao-luat-x";
const EMAIL_VI: &str = "nguyen.van.an@example.vn";
const EMAIL_EN: &str = "jane.doe@example.com";
const HIDDEN_NAME: &str = "Trần Thị Kín Đáo";
const PUBLIC_NAME: &str = "Lê Văn Công Khai";

const DRAFT: &str = "LUẬT X\nCăn cứ Hiến pháp;\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nLuật này quy định...\n\
    Điều 2. Giải thích từ ngữ\n1. Khoản một.\n2. Khoản hai:\na) Điểm a;\nb) Điểm b.\nChương II\nTHỰC HIỆN\n\
    Điều 3. Trách nhiệm\n1. Trách nhiệm của cơ quan.\n2. Trách nhiệm của người dân.\n3) Nghĩa vụ khác.\n\
    1. Khoản trùng số.\nĐiều 3. Trùng số";

fn new_consultation(opens_at: &str, closes_at: &str) -> Value {
    json!({
        "slug": SLUG, "title": "Dự thảo Luật X", "summary": "Tóm tắt <b>không</b> phải HTML.",
        "document_type": "law", "drafting_unit": "Vụ Pháp chế", "opens_at": opens_at, "closes_at": closes_at,
        "report_expected_by": "2030-01-31",
        "attachments": [{ "title": "Tờ trình", "url": "https://portal.example.gov.vn/to-trinh.pdf" }],
        "text": DRAFT,
    })
}

fn comment_path() -> String {
    format!("{PUBLIC}/{SLUG}/comments")
}

fn comment_req(body: &Value) -> Req {
    Req::post(&comment_path()).origin(ORIGIN).json(body)
}

fn comment(article: Option<u32>, stance: &str, body: &str) -> Value {
    json!({ "article": article, "stance": stance, "body": body, "lang": "vi" })
}

async fn create_open(app: &TestApp, officer: &str) {
    let reply = app
        .send(as_staff(Req::post(STAFF).json(&new_consultation("2020-01-01T08:00", "2099-01-01T08:00")), officer))
        .await;
    reply.assert_status(StatusCode::CREATED, "create an open consultation");
}

async fn post_comment(app: &TestApp, body: &Value) -> (String, String) {
    let reply = app.send(comment_req(body)).await;
    reply.assert_status(StatusCode::CREATED, &format!("comment {body}"));
    let receipt = reply.json();
    (receipt["tracking_code"].as_str().unwrap().to_owned(), receipt["pin"].as_str().unwrap().to_owned())
}

async fn comment_id(app: &TestApp, code: &str) -> i64 {
    sqlx::query("SELECT id FROM consultation_comments WHERE tracking_code = $1")
        .bind(code.replace('-', ""))
        .fetch_one(&app.db)
        .await
        .unwrap()
        .get("id")
}

async fn staff_post(app: &TestApp, token: &str, path: &str, body: &Value, status: StatusCode) -> Value {
    let reply = app.send(as_staff(Req::post(path).json(body), token)).await;
    reply.assert_status(status, &format!("{path} {body}"));
    reply.json()
}

/// Every public answer about the consultation, as text, to scan for what must never be in one.
async fn public_texts(app: &TestApp) -> Vec<String> {
    app.state.consultations.clear();
    let mut texts = Vec::new();
    for path in [
        PUBLIC.to_owned(),
        format!("{PUBLIC}/{SLUG}"),
        format!("{PUBLIC}/{SLUG}/comments"),
        format!("{PUBLIC}/{SLUG}/comments?article=3"),
        format!("{PUBLIC}/{SLUG}/comments?article=general"),
        format!("{PUBLIC}/{SLUG}/report"),
        format!("{PUBLIC}/{SLUG}/report.csv"),
        format!("{PUBLIC}/{SLUG}/report.html"),
    ] {
        texts.push(app.send(Req::get(&path)).await.text());
    }
    texts
}

async fn a_draft_goes_from_pasted_text_to_a_published_report(backend: Backend) {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app = TestApp::start_with(backend, |config| config.smtp_url = Some(url)).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let moderator = staff_token(&app, "demo", "kiem-duyet", Role::Moderator).await;

    // The preview shows the tree and every line it could not place, by number.
    let preview =
        staff_post(&app, &officer, &format!("{STAFF}/preview"), &json!({ "text": DRAFT }), StatusCode::OK).await;
    assert_eq!(preview["draft"]["articles"].as_array().unwrap().len(), 3);
    assert_eq!(preview["draft"]["headings"][1]["label"], json!("Chương II"));
    assert_eq!(preview["draft"]["articles"][2]["clauses"][2]["number"], json!(3));
    let unplaced: Vec<u64> =
        preview["unplaced"].as_array().unwrap().iter().map(|u| u["line"].as_u64().unwrap()).collect();
    assert_eq!(unplaced, vec![18, 19], "a repeated clause and a repeated article");
    let forbidden =
        app.send(as_staff(Req::post(&format!("{STAFF}/preview")).json(&json!({ "text": DRAFT })), &moderator)).await;
    forbidden.assert_error(StatusCode::FORBIDDEN, "forbidden", "moderators do not draft");

    // Created upcoming: no comment yet; 422 lists every bad field.
    let bad =
        app.send(as_staff(Req::post(STAFF).json(&json!({ "slug": "X", "text": "không có điều nào" })), &officer)).await;
    let errors = bad.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "bad consultation")["errors"].clone();
    for field in ["slug", "title", "drafting_unit", "opens_at", "closes_at", "text"] {
        assert!(errors.get(field).is_some(), "{field} in {errors}");
    }
    let created = staff_post(
        &app,
        &officer,
        STAFF,
        &new_consultation("2099-01-01T08:00", "2099-02-01T08:00"),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["state"], json!("upcoming"));
    assert_eq!(created["opens_at"], json!("2099-01-01T01:00:00Z"), "Vietnam time when no offset is given");
    let duplicate = app
        .send(as_staff(Req::post(STAFF).json(&new_consultation("2099-01-01T08:00", "2099-02-01T08:00")), &officer))
        .await;
    duplicate.assert_error(StatusCode::CONFLICT, "conflict", "the slug is taken");
    let early = app.send(comment_req(&comment(Some(3), "agree", "Sớm quá"))).await;
    early.assert_error(StatusCode::CONFLICT, "consultation_not_open", "upcoming");
    assert_eq!(app.count("consultation_comments").await, 0);

    // Edited before opening, then opened early with a public note.
    let mut edited = new_consultation("2099-01-01T08:00", "2099-02-01T08:00");
    edited["title"] = json!("Dự thảo Luật X (sửa)");
    let reply =
        app.send(as_staff(Req::new(axum::http::Method::PUT, &format!("{STAFF}/{SLUG}")).json(&edited), &officer)).await;
    assert_eq!(reply.assert_status(StatusCode::OK, "edit").json()["title"], json!("Dự thảo Luật X (sửa)"));
    let note_missing = app
        .send(as_staff(Req::post(&format!("{STAFF}/{SLUG}/period")).json(&json!({ "action": "open" })), &officer))
        .await;
    note_missing.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "a period change needs a public note");
    let opened = staff_post(
        &app,
        &officer,
        &format!("{STAFF}/{SLUG}/period"),
        &json!({ "action": "open", "note": "Mở sớm theo chỉ đạo." }),
        StatusCode::OK,
    )
    .await;
    assert_eq!(opened["state"], json!("open"));
    assert_eq!(opened["notes"][0]["text"], json!("Mở sớm theo chỉ đạo."));
    let late_edit =
        app.send(as_staff(Req::new(axum::http::Method::PUT, &format!("{STAFF}/{SLUG}")).json(&edited), &officer)).await;
    late_edit.assert_error(StatusCode::CONFLICT, "conflict", "no edit once open");

    // Comments: 422 with every error, 201 with code and PIN, an idempotent replay answers the same receipt.
    let invalid =
        app.send(comment_req(&json!({ "article": 9, "clause": 1, "body": "", "commenter": "organisation" }))).await;
    let errors = invalid.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "bad comment")["errors"].clone();
    assert_eq!(
        errors,
        json!({ "body": ["body.comment_required"], "name": ["name.organisation_required"],
        "article": ["article.unknown"], "stance": ["stance.required"] })
    );
    let with_email = json!({ "article": 3, "clause": 2, "stance": "disagree", "body": "Khoản 2 nên bỏ <script>alert(1)</script>.",
        "name": HIDDEN_NAME, "email": EMAIL_VI, "consent": true, "lang": "vi" });
    let keyed = comment_req(&with_email).idempotency_key("binh-luan-1");
    let first = app.send(keyed.clone()).await;
    first.assert_status(StatusCode::CREATED, "keyed comment");
    assert_eq!(first.header("cache-control"), Some("no-store"));
    let again = app.send(keyed).await;
    again.assert_status(StatusCode::CREATED, "replay");
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json(), first.json(), "the same code and the same PIN");
    assert_eq!(first.json()["consultation"], json!(SLUG));
    let reused = app.send(comment_req(&comment(Some(3), "agree", "Khác")).idempotency_key("binh-luan-1")).await;
    reused.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused", "same key, other body");
    let (hidden_name_code, _) = (first.json()["tracking_code"].as_str().unwrap().to_owned(), ());
    let organisation = json!({ "article": 3, "stance": "agree", "body": "Tán thành.", "commenter": "organisation",
        "name": "Hiệp hội Doanh nghiệp", "email": EMAIL_EN, "consent": true, "lang": "en" });
    let (organisation_code, _) = post_comment(&app, &organisation).await;
    let named = json!({ "article": 1, "stance": "other", "body": "Ý kiến có tên.", "name": PUBLIC_NAME,
        "publish_name": true, "consent": true });
    let (named_code, _) = post_comment(&app, &named).await;
    let (general_code, _) = post_comment(&app, &comment(None, "other", "Góp ý chung cho toàn bộ dự thảo.")).await;
    let (abuse_code, _) = post_comment(&app, &comment(Some(2), "disagree", "Nội dung xúc phạm")).await;
    let campaign = "Đề nghị giữ nguyên Điều 2.";
    let mut campaign_codes = Vec::new();
    for _ in 0..3 {
        campaign_codes.push(post_comment(&app, &comment(Some(2), "agree", campaign)).await.0);
    }
    assert_eq!(app.count("consultation_comments").await, 8);

    // Counts show before moderation; the comments themselves only once published.
    app.state.consultations.clear();
    let shown = app.send(Req::get(&format!("{PUBLIC}/{SLUG}"))).await.json();
    let article_3 = shown["counts"].as_array().unwrap().iter().find(|c| c["article"] == json!(3)).unwrap().clone();
    assert_eq!(article_3, json!({ "article": 3, "agree": 1, "disagree": 1, "other": 0, "published": 0 }));
    assert_eq!(app.send(Req::get(&comment_path())).await.json()["total"], json!(0));

    // Moderation: the moderator publishes and hides with a reason; officers may not.
    let id = |code: String| {
        let app = &app;
        async move { comment_id(app, &code).await }
    };
    let abuse = id(abuse_code.clone()).await;
    let refused = app
        .send(as_staff(
            Req::post(&format!("{STAFF}/comments/{abuse}/moderation")).json(&json!({ "action": "publish" })),
            &officer,
        ))
        .await;
    refused.assert_error(StatusCode::FORBIDDEN, "forbidden", "officers do not moderate");
    let no_reason = app
        .send(as_staff(
            Req::post(&format!("{STAFF}/comments/{abuse}/moderation")).json(&json!({ "action": "hide" })),
            &moderator,
        ))
        .await;
    no_reason.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "hiding needs a reason");
    let hidden = staff_post(
        &app,
        &moderator,
        &format!("{STAFF}/comments/{abuse}/moderation"),
        &json!({ "action": "hide", "reason": "Ngôn từ xúc phạm." }),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (hidden["status"].clone(), hidden["hidden_reason"].clone()),
        (json!("hidden"), json!("Ngôn từ xúc phạm."))
    );

    // Grouping the campaign: the earliest leads, moderated and answered for all.
    let campaign_ids: Vec<i64> = {
        let mut ids = Vec::new();
        for code in &campaign_codes {
            ids.push(id(code.clone()).await);
        }
        ids
    };
    let lead = staff_post(
        &app,
        &officer,
        &format!("{STAFF}/{SLUG}/groups"),
        &json!({ "comment_ids": campaign_ids }),
        StatusCode::OK,
    )
    .await;
    assert_eq!(lead["id"], json!(campaign_ids[0]));
    let member_moderation = app
        .send(as_staff(
            Req::post(&format!("{STAFF}/comments/{}/moderation", campaign_ids[1]))
                .json(&json!({ "action": "publish" })),
            &moderator,
        ))
        .await;
    member_moderation.assert_error(StatusCode::CONFLICT, "conflict", "a group is moderated through its lead");

    // The report is refused while the consultation is open, comments unmoderated and unanswered.
    let blocked = app.send(as_staff(Req::post(&format!("{STAFF}/{SLUG}/report")), &officer)).await;
    let body = blocked.assert_error(StatusCode::CONFLICT, "report_blocked", "open and unanswered");
    assert_eq!(body["blockers"], json!([{ "reason": "not_closed" }, { "reason": "unmoderated", "count": 7 }]));

    let to_publish = [hidden_name_code.clone(), organisation_code.clone(), named_code.clone(), general_code.clone()];
    for code in to_publish.iter().chain([&campaign_codes[0]]) {
        let id = id(code.clone()).await;
        staff_post(
            &app,
            &moderator,
            &format!("{STAFF}/comments/{id}/moderation"),
            &json!({ "action": "publish" }),
            StatusCode::OK,
        )
        .await;
    }
    let published = app.send(Req::get(&format!("{}?article=2", comment_path()))).await.json();
    assert_eq!(published["total"], json!(1), "the campaign shows once: {published}");
    assert_eq!(published["comments"][0]["group_size"], json!(3));
    assert_eq!(published["comments"][0]["response"], Value::Null);

    // Staff: officers see contact details, moderators do not.
    let officer_view = app
        .send(as_staff(Req::get(&format!("{STAFF}/{SLUG}/comments?article=3&stance=disagree")), &officer))
        .await
        .json();
    assert_eq!(officer_view["total"], json!(1));
    assert_eq!(officer_view["comments"][0]["email"], json!(EMAIL_VI));
    let moderator_view =
        app.send(as_staff(Req::get(&format!("{STAFF}/{SLUG}/comments?q=KHO%E1%BA%A2N%202")), &moderator)).await.json();
    assert_eq!(moderator_view["total"], json!(1), "{moderator_view}");
    assert_eq!(
        (moderator_view["comments"][0]["email"].clone(), moderator_view["comments"][0]["name"].clone()),
        (Value::Null, Value::Null)
    );

    // Close early; then every published comment or group needs a response.
    staff_post(
        &app,
        &officer,
        &format!("{STAFF}/{SLUG}/period"),
        &json!({ "action": "close", "note": "Đủ ý kiến." }),
        StatusCode::OK,
    )
    .await;
    let closed = app.send(comment_req(&comment(Some(1), "agree", "Muộn"))).await;
    closed.assert_error(StatusCode::CONFLICT, "consultation_not_open", "closed");
    let blocked = app.send(as_staff(Req::post(&format!("{STAFF}/{SLUG}/report")), &officer)).await;
    assert_eq!(
        blocked.assert_error(StatusCode::CONFLICT, "report_blocked", "unanswered")["blockers"],
        json!([{ "reason": "unanswered", "count": 5 }])
    );
    let lead_id = campaign_ids[0];
    let no_explanation = app
        .send(as_staff(
            Req::post(&format!("{STAFF}/comments/{lead_id}/response")).json(&json!({ "outcome": "not_accepted" })),
            &officer,
        ))
        .await;
    no_explanation.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "not accepted needs a reason");
    let responses = [
        (
            hidden_name_code.clone(),
            json!({ "outcome": "partly_accepted", "explanation": "Sửa khoản 2 theo hướng <em>rõ hơn</em>." }),
        ),
        (organisation_code.clone(), json!({ "outcome": "accepted" })),
        (named_code.clone(), json!({ "outcome": "not_accepted", "explanation": "Đã quy định tại luật khác." })),
        (general_code.clone(), json!({ "outcome": "accepted", "explanation": "" })),
        (
            campaign_codes[0].clone(),
            json!({ "outcome": "not_accepted", "explanation": "Điều 2 cần sửa để thống nhất." }),
        ),
    ];
    for (code, response) in responses {
        let id = id(code).await;
        staff_post(&app, &officer, &format!("{STAFF}/comments/{id}/response"), &response, StatusCode::OK).await;
    }
    let member = app
        .send(as_staff(Req::get(&format!("{STAFF}/{SLUG}/comments?q={}", campaign_codes[2])), &officer))
        .await
        .json();
    assert_eq!(
        member["comments"][0]["response"]["outcome"],
        json!("not_accepted"),
        "the group's answer reaches its members"
    );

    // Published: the report as JSON, CSV and a printable page; one mail per commenter with an address.
    let report = staff_post(&app, &officer, &format!("{STAFF}/{SLUG}/report"), &json!(null), StatusCode::OK).await;
    assert_eq!(
        report["totals"],
        json!({ "comments": 7, "agree": 4, "disagree": 1, "other": 2, "accepted": 2,
        "partly_accepted": 1, "not_accepted": 4 })
    );
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["article"], Value::Null, "the whole draft first");
    assert_eq!(rows[0]["commenters"], json!(["1 cá nhân"]));
    let campaign_row = rows.iter().find(|r| r["group_size"] == json!(3)).unwrap();
    assert_eq!(campaign_row["commenters"], json!(["3 cá nhân"]));
    assert!(rows.iter().any(|r| r["commenters"] == json!(["Hiệp hội Doanh nghiệp"])));
    assert!(rows.iter().any(|r| r["commenters"] == json!([PUBLIC_NAME])));
    let again = app.send(as_staff(Req::post(&format!("{STAFF}/{SLUG}/report")), &officer)).await;
    assert_eq!(
        again.assert_error(StatusCode::CONFLICT, "report_blocked", "twice")["blockers"],
        json!([{ "reason": "already_published" }])
    );

    let csv = app.send(Req::get(&format!("{PUBLIC}/{SLUG}/report.csv"))).await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let csv = csv.text();
    assert!(
        csv.starts_with("\u{feff}article,clause,commenters,stance,comment,outcome,explanation,group_size\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\"Khoản 2 nên bỏ <script>alert(1)</script>.\"")
            || csv.contains("Khoản 2 nên bỏ <script>alert(1)</script>.")
    );
    assert!(csv.contains("3,2,1 cá nhân,disagree"), "{csv}");
    let html = app.send(Req::get(&format!("{PUBLIC}/{SLUG}/report.html"))).await;
    assert_eq!(html.header("content-type"), Some("text/html; charset=utf-8"));
    let html = html.text();
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("Khoản 2 nên bỏ &lt;script&gt;alert(1)&lt;/script&gt;."));
    assert!(html.contains("theo hướng &lt;em&gt;rõ hơn&lt;/em&gt;"));
    assert!(!html.contains("<script>") && !html.contains("<em>"));
    for column in ["Điều, khoản", "Cơ quan, tổ chức, cá nhân góp ý", "Nội dung góp ý", "Tiếp thu, giải trình"]
    {
        assert!(html.contains(column), "{column}");
    }
    let responses = app.send(Req::get(&format!("{}?article=3", comment_path()))).await.json();
    assert!(responses["comments"].as_array().unwrap().iter().all(|c| c["response"]["outcome"].is_string()));

    let mails: Vec<String> = sink.wait_for(2).await.iter().map(|m| decode_quoted_printable(m)).collect();
    assert_eq!(mails.len(), 2);
    let vi = mails.iter().find(|m| m.contains(EMAIL_VI)).expect("mail to the Vietnamese commenter");
    let en = mails.iter().find(|m| m.contains(EMAIL_EN)).expect("mail to the organisation, in English");
    assert!(vi.contains("đã công bố báo cáo tổng hợp") && vi.contains(&hidden_name_code), "{vi}");
    assert!(en.contains("has published its report") && en.contains(&organisation_code), "{en}");
    let pin = first.json()["pin"].as_str().unwrap().to_owned();
    for mail in &mails {
        assert!(!mail.contains(&pin), "a mail carries no PIN: {mail}");
    }

    // The commenter finds their comment and its outcome with code and PIN.
    let own = app
        .send(
            Req::post(&format!("{}/lookup", comment_path()))
                .origin(ORIGIN)
                .json(&json!({ "tracking_code": hidden_name_code, "pin": pin })),
        )
        .await;
    let own = own.assert_status(StatusCode::OK, "own comment").json();
    assert_eq!(own["response"]["outcome"], json!("partly_accepted"));
    assert_eq!(own["consultation"]["state"], json!("report_published"));
    assert_eq!(own["contact"], json!({ "name": true, "email": true, "phone": false, "erased_at": null }));

    // No public answer holds an email or a name not chosen for publication.
    for text in public_texts(&app).await {
        for secret in [EMAIL_VI, EMAIL_EN, HIDDEN_NAME] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    let audited: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'consultation.%' OR action LIKE 'comment.%'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap()
    .get("n");
    // Create, edit, two period changes, a hide, a group, five publications, five responses, the report.
    assert_eq!(audited, 17);
}

async fn comments_are_refused_outside_the_period_and_from_robots_and_other_origins(backend: Backend) {
    let app = TestApp::start(backend).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let unknown = app.send(comment_req(&comment(Some(1), "agree", "?"))).await;
    unknown.assert_error(StatusCode::NOT_FOUND, "not_found", "no such consultation");
    create_open(&app, &officer).await;

    let robot = with(comment(Some(1), "agree", "Mua thuốc giá rẻ"), json!({ "website": "http://spam.example" }));
    let reply = app.send(comment_req(&robot)).await;
    reply.assert_status(StatusCode::CREATED, "a robot is answered like a person");
    assert!(reply.json()["pin"].is_string());
    assert_eq!(app.count("consultation_comments").await, 0, "and nothing is stored");

    let foreign = app
        .send(Req::post(&comment_path()).origin(FOREIGN_ORIGIN).json(&comment(Some(1), "agree", "Từ trang lạ")))
        .await;
    foreign.assert_error(StatusCode::FORBIDDEN, "origin_not_allowed", "foreign origin");
    let not_json = app
        .send(Req::post(&comment_path()).origin(ORIGIN).body("article=1").header("content-type", "text/plain"))
        .await;
    not_json.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "form post");
    let too_long = app.send(comment_req(&comment(Some(1), "agree", &"ư".repeat(5_001)))).await;
    assert_eq!(
        too_long.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation", "too long")["errors"],
        json!({ "body": ["body.comment_too_long"] })
    );
    let bad_query = app.send(Req::get(&format!("{}?article=abc", comment_path()))).await;
    bad_query.assert_error(StatusCode::BAD_REQUEST, "bad_query", "article filter");
    let no_report = app.send(Req::get(&format!("{PUBLIC}/{SLUG}/report"))).await;
    no_report.assert_error(StatusCode::NOT_FOUND, "not_found", "no report before publication");

    post_comment(&app, &comment(Some(1), "agree", "Được lưu")).await;
    // Closed by moving its closing time into the past directly: nothing more is stored.
    sqlx::query("UPDATE consultations SET closes_at = '2021-01-01T00:00:00Z'").execute(&app.db).await.unwrap();
    let closed = app.send(comment_req(&comment(Some(1), "agree", "Quá hạn"))).await;
    closed.assert_error(StatusCode::CONFLICT, "consultation_not_open", "past its closing time");
    assert_eq!(app.count("consultation_comments").await, 1);
}

async fn commenters_look_up_and_erase_under_the_shared_lockouts(backend: Backend) {
    let app = TestApp::start(backend).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    create_open(&app, &officer).await;
    let person = json!({ "article": 2, "stance": "other", "body": "Góp ý.", "name": HIDDEN_NAME, "email": EMAIL_VI,
        "consent": true, "lang": "vi" });
    let (code, pin) = post_comment(&app, &person).await;
    let lookup = |pin: &str| {
        Req::post(&format!("{}/lookup", comment_path()))
            .origin(ORIGIN)
            .json(&json!({ "tracking_code": code, "pin": pin }))
    };
    let own = app.send(lookup(&pin)).await.assert_status(StatusCode::OK, "lookup").json();
    assert_eq!((own["status"].clone(), own["response"].clone()), (json!("received"), Value::Null));

    // A mail waits about the comment (as one would after a report), to show that erasure stops it.
    let id = comment_id(&app, &code).await;
    sqlx::query(
        "INSERT INTO outbox (subject_kind, subject_id, recipient, subject, body, created_at, next_attempt_at) \
        VALUES ('comment', $1, $2, 's', 'b', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .bind(id)
    .bind(EMAIL_VI)
    .execute(&app.db)
    .await
    .unwrap();

    let erase = Req::post(&format!("{}/contact-erasure", comment_path()))
        .origin(ORIGIN)
        .json(&json!({ "tracking_code": code, "pin": pin }));
    let erased = app.send(erase.clone()).await.assert_status(StatusCode::OK, "erase").json();
    assert_eq!(erased["contact"]["email"], json!(false));
    assert_eq!(erased["contact"]["name"], json!(false));
    assert!(erased["contact"]["erased_at"].is_string());
    app.send(erase).await.assert_status(StatusCode::OK, "erasing again changes nothing");
    let row = sqlx::query("SELECT name, email, consent_at FROM consultation_comments WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!((row.get::<Option<String>, _>("name"), row.get::<Option<String>, _>("email")), (None, None));
    assert_eq!(app.count("outbox").await, 0, "the waiting mail, which held the address, is gone");
    let audited: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'comment.contact_erase' AND staff_id IS NULL")
            .fetch_one(&app.db)
            .await
            .unwrap()
            .get("n");
    assert_eq!(audited, 1);
    let staff = app.send(as_staff(Req::get(&format!("{STAFF}/{SLUG}/comments")), &officer)).await.json();
    let seen = &staff["comments"][0];
    assert!(seen["contact_erased"]["at"].is_string(), "staff see when");
    assert_eq!((seen["name"].clone(), seen["email"].clone()), (Value::Null, Value::Null), "never what");

    // Guesses at this code through the question tracker and the comment lookup count together.
    for _ in 0..4 {
        let wrong = Req::post(QUESTIONS_LOOKUP).origin(ORIGIN).json(&json!({ "tracking_code": code, "pin": "000000" }));
        app.send(wrong).await.assert_error(StatusCode::NOT_FOUND, "lookup_failed", "wrong PIN on the tracker");
    }
    app.send(lookup("000000")).await.assert_error(StatusCode::NOT_FOUND, "lookup_failed", "fifth wrong PIN");
    let locked = app.send(lookup(&pin)).await;
    locked.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "locked even with the right PIN");
}

const QUESTIONS_LOOKUP: &str = "/api/v1/agencies/demo/questions/lookup";

/// Sets when a consultation closed and when its report came out, `days` ago (none: not published).
async fn finish(app: &TestApp, slug: &str, closed_days_ago: i64, report_days_ago: Option<i64>) {
    let ago = |days: i64| server::clock::after(&server::clock::now(), -days * 86_400);
    sqlx::query("UPDATE consultations SET opens_at = $1, closes_at = $2, report_published_at = $3 WHERE slug = $4")
        .bind(ago(closed_days_ago + 30))
        .bind(ago(closed_days_ago))
        .bind(report_days_ago.map(ago))
        .bind(slug)
        .execute(&app.db)
        .await
        .unwrap();
}

async fn contact_of(app: &TestApp, code: &str) -> (Option<String>, Option<String>, Option<String>) {
    let row = sqlx::query("SELECT name, email, contact_erased_by FROM consultation_comments WHERE tracking_code = $1")
        .bind(code.replace('-', ""))
        .fetch_one(&app.db)
        .await
        .unwrap();
    (row.get("name"), row.get("email"), row.get("contact_erased_by"))
}

async fn contact_details_of_comments_on_finished_consultations_are_erased_after_the_retention_period(backend: Backend) {
    let app = TestApp::start(backend).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let erase_expired = || server::consultations::erase_expired_contacts(&app.db);
    create_open(&app, &officer).await;
    let person = json!({ "article": 2, "stance": "other", "body": "Góp ý cá nhân.", "name": HIDDEN_NAME,
        "email": EMAIL_VI, "consent": true, "lang": "vi" });
    let (individual, _) = post_comment(&app, &person).await;
    let organisation = json!({ "article": 1, "stance": "agree", "body": "Góp ý của hội.", "commenter": "organisation",
        "name": "Hội Luật gia", "email": EMAIL_EN, "consent": true, "lang": "en" });
    let (organisation, _) = post_comment(&app, &organisation).await;
    post_comment(&app, &comment(None, "agree", "Không để lại gì.")).await;
    // A second consultation, which will have finished only a year ago.
    let other = with(new_consultation("2020-01-01T08:00", "2099-01-01T08:00"), json!({ "slug": "du-thao-luat-y" }));
    staff_post(&app, &officer, STAFF, &other, StatusCode::CREATED).await;
    let path = format!("{PUBLIC}/du-thao-luat-y/comments");
    let recent = Req::post(&path).origin(ORIGIN).json(&with(person.clone(), json!({ "body": "Góp ý khác." })));
    let recent = app.send(recent).await.assert_status(StatusCode::CREATED, "comment on the second").json();
    let recent = recent["tracking_code"].as_str().unwrap().to_owned();
    finish(&app, "du-thao-luat-y", 400, Some(365)).await;

    assert_eq!(erase_expired().await.unwrap(), 0, "an open consultation keeps its commenters' contact");
    finish(&app, SLUG, 365, None).await;
    assert_eq!(erase_expired().await.unwrap(), 0, "closed a year ago: the default keeps two years");
    finish(&app, SLUG, 4 * 365, Some(365)).await;
    assert_eq!(erase_expired().await.unwrap(), 0, "counted from the report, which came out a year ago");

    // A waiting mail about the individual's comment, to show that the job stops it.
    let id = comment_id(&app, &individual).await;
    sqlx::query(
        "INSERT INTO outbox (subject_kind, subject_id, recipient, subject, body, created_at, next_attempt_at) \
        VALUES ('comment', $1, $2, 's', 'b', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .bind(id)
    .bind(EMAIL_VI)
    .execute(&app.db)
    .await
    .unwrap();
    finish(&app, SLUG, 4 * 365, Some(3 * 365)).await;
    assert_eq!(erase_expired().await.unwrap(), 2, "the individual and the organisation; the anonymous one holds none");
    assert_eq!(contact_of(&app, &individual).await, (None, None, Some("retention".into())));
    assert_eq!(
        contact_of(&app, &organisation).await,
        (Some("Hội Luật gia".into()), None, Some("retention".into())),
        "an organisation's name is not personal data and stays in the report"
    );
    assert_eq!(contact_of(&app, &recent).await, (Some(HIDDEN_NAME.into()), Some(EMAIL_VI.into()), None));
    assert_eq!(app.count("outbox").await, 0, "the waiting mail, which held the address, is gone");
    let staff = app.send(as_staff(Req::get(&format!("{STAFF}/{SLUG}/comments?q={individual}")), &officer)).await;
    let seen = &staff.json()["comments"][0];
    assert_eq!(seen["contact_erased"]["by"], json!("retention"), "staff see why: {seen}");
    assert_eq!(erase_expired().await.unwrap(), 0, "once");

    // The agency keeps contact details 180 days: the second consultation's commenter goes too.
    let admin = staff_token(&app, "demo", "quan-tri-2", Role::Admin).await;
    let settings = Req::new(axum::http::Method::PUT, "/api/v1/staff/settings")
        .json(&json!({ "handling_days": 10, "contact_retention_days": 180 }));
    app.send(as_staff(settings, &admin)).await.assert_status(StatusCode::NO_CONTENT, "180 days");
    assert_eq!(erase_expired().await.unwrap(), 1);
    assert_eq!(contact_of(&app, &recent).await, (None, None, Some("retention".into())));
    let audit: Vec<Value> = sqlx::query(
        "SELECT detail FROM audit_log WHERE action = 'comment.contact_erase' AND staff_id IS NULL ORDER BY id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
    .iter()
    .map(|r| serde_json::from_str(&r.get::<String, _>("detail")).unwrap())
    .collect();
    assert_eq!(audit.len(), 3, "each erasure audited: {audit:?}");
    assert_eq!((audit[0]["by"].clone(), audit[0]["retention_days"].clone()), (json!("retention"), json!(730)));
    assert_eq!(audit[0]["mail_stopped"], json!(1));
    assert_eq!(audit[2]["retention_days"], json!(180));
}

async fn the_operator_exports_everything_held_about_a_comment(backend: Backend) {
    let app = TestApp::start(backend).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let moderator = staff_token(&app, "demo", "kiem-duyet", Role::Moderator).await;
    create_open(&app, &officer).await;
    let person = json!({ "article": 2, "clause": 1, "stance": "disagree", "body": "Góp ý về khoản 1.",
        "name": HIDDEN_NAME, "email": EMAIL_VI, "consent": true, "lang": "vi" });
    let reply = app.send(comment_req(&person).header("idempotency-key", "khoa-gop-y-1")).await;
    let code = reply.assert_status(StatusCode::CREATED, "comment").json()["tracking_code"].as_str().unwrap().to_owned();
    let id = comment_id(&app, &code).await;
    let publish = json!({ "action": "publish" });
    staff_post(&app, &moderator, &format!("{STAFF}/comments/{id}/moderation"), &publish, StatusCode::OK).await;

    let url = app.db.connect_options().database_url.to_string();
    let export = |kind: &str, code: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tuongtac"))
            .args(["admin", kind, "export", "demo", code, "--database", &url])
            .env_remove("DATABASE_URL")
            .output()
            .expect("run tuongtac")
    };
    let out = export("comment", &code);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let exported: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let held = &exported["comment"];
    assert_eq!(exported["tracking_code"], json!(code));
    assert_eq!((held["name"].clone(), held["email"].clone()), (json!(HIDDEN_NAME), json!(EMAIL_VI)));
    assert!(held["consent_at"].is_string());
    assert_eq!((held["consultation"].clone(), held["article"].clone()), (json!(SLUG), json!(2)));
    assert_eq!((held["status"].clone(), held["publish_name"].clone()), (json!("published"), json!(false)));
    assert!(held["idempotency_key_sha256"].is_string());
    assert_eq!(exported["audit"][0]["action"], json!("comment.publish"));
    assert_eq!(exported["mail"], json!([]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("$argon2id$") && !text.contains("pin_hash"), "no PIN hash: {text}");

    // Each kind's command names the other when the code is not one of its own.
    let as_question = export("question", &code);
    assert!(!as_question.status.success());
    assert!(String::from_utf8_lossy(&as_question.stderr).contains("admin comment export"));
    let unknown = export("comment", "AAAAA-AAAAA");
    assert!(!unknown.status.success());
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(stderr.contains("no comment") && stderr.contains("admin question export"), "{stderr}");
}

async fn comment_lists_are_filtered_and_paged_by_the_database(backend: Backend) {
    let app = TestApp::start(backend).await;
    let officer = staff_token(&app, "demo", "can-bo", Role::Officer).await;
    let moderator = staff_token(&app, "demo", "kiem-duyet", Role::Moderator).await;
    create_open(&app, &officer).await;
    let mut ids = Vec::new();
    for n in 1..=5 {
        let (code, _) = post_comment(&app, &comment(Some(1), "agree", &format!("Góp ý số {n} về Điều 1."))).await;
        ids.push(comment_id(&app, &code).await);
    }
    let named = json!({ "article": 2, "stance": "other", "body": "Góp ý về Điều 2.", "name": HIDDEN_NAME,
        "email": EMAIL_VI, "consent": true, "lang": "vi" });
    let (named_code, named_pin) = post_comment(&app, &named).await;
    // The second and third are one campaign, led by the second.
    staff_post(
        &app,
        &officer,
        &format!("{STAFF}/{SLUG}/groups"),
        &json!({ "comment_ids": [ids[1], ids[2]] }),
        StatusCode::OK,
    )
    .await;
    for id in [ids[0], ids[1], ids[3], ids[4]] {
        let path = format!("{STAFF}/comments/{id}/moderation");
        staff_post(&app, &moderator, &path, &json!({ "action": "publish" }), StatusCode::OK).await;
    }

    // Public: four leads on article 1 (the campaign once, with its size), two a page.
    let page = |query: &str| app.send(Req::get(&format!("{}?{query}", comment_path())));
    let second = page("article=1&per_page=2&page=2").await.json();
    let shown: Vec<i64> = second["comments"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!((shown, second["total"].clone()), (vec![ids[3], ids[4]], json!(4)), "{second}");
    let first = page("article=1&per_page=2").await.json();
    assert_eq!(
        (first["comments"][1]["id"].as_i64(), first["comments"][1]["group_size"].clone()),
        (Some(ids[1]), json!(2))
    );
    assert_eq!(page("article=1&per_page=2&page=3").await.json()["comments"], json!([]));
    assert_eq!(page("article=general").await.json()["total"], json!(0));
    assert_eq!(page("article=2").await.json()["total"], json!(0), "not yet published");

    // Staff: every status, filtered, paged; searched by body and name in any case, by code.
    let staff = |query: &str| app.send(as_staff(Req::get(&format!("{STAFF}/{SLUG}/comments?{query}")), &officer));
    let received = staff("status=received&per_page=1&page=1").await.json();
    assert_eq!(
        (received["total"].clone(), received["comments"][0]["tracking_code"].clone()),
        (json!(1), json!(named_code))
    );
    let all = staff("per_page=4&page=2").await.json();
    assert_eq!((all["total"].clone(), all["comments"].as_array().unwrap().len()), (json!(6), 2));
    assert_eq!(staff("q=G%C3%93P%20%C3%9D%20S%E1%BB%90%203").await.json()["total"], json!(1), "GÓP Ý SỐ 3");
    assert_eq!(staff("q=%25").await.json()["total"], json!(0), "a % is a character, not a wildcard");
    let by_name = "q=K%C3%8DN%20%C4%90%C3%81O"; // KÍN ĐÁO
    assert_eq!(staff(by_name).await.json()["total"], json!(1));
    assert_eq!(staff(&format!("q={named_code}&article=2")).await.json()["total"], json!(1));
    assert_eq!(staff("stance=disagree").await.json()["total"], json!(0));
    let erase = Req::post(&format!("{}/contact-erasure", comment_path()))
        .origin(ORIGIN)
        .json(&json!({ "tracking_code": named_code, "pin": named_pin }));
    app.send(erase).await.assert_status(StatusCode::OK, "erase");
    assert_eq!(staff(by_name).await.json()["total"], json!(0), "an erased name is no longer searchable");
}
