//! The benchmark's yardstick: a bare axum handler answering JSON of about the size of a page of the public
//! list, with no database. `cargo xtask bench` measures the real endpoints next to it.

use axum::routing::get;
use axum::{Json, Router};

#[tokio::main]
async fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".into());
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("bare listening on http://{}", listener.local_addr().expect("address"));
    let app = Router::new().route(
        "/json",
        get(|| async {
            let item = serde_json::json!({
                "tracking_code": "K7M4Q-X9PRT", "title": "Thủ tục cấp giấy phép", "body": "Nội dung câu hỏi ".repeat(8),
                "topic": "giay-phep", "status": "received", "created_at": "2026-11-22T10:00:00Z",
                "published_at": "2026-11-22T10:00:00Z"
            });
            Json(serde_json::json!({ "items": vec![item; 20], "page": 1, "per_page": 20 }))
        }),
    );
    axum::serve(listener, app).await.expect("serve");
}
