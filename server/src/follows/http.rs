//! Following's handlers. Following is a citizen's write from a widget: behind the agency guard. The
//! unsubscribe link is opened from a mail program, which sends no Origin and holds no session: outside the
//! guard. Its GET only asks to confirm (link scanners open links), its POST ends the follow (RFC 8058's
//! one-click `List-Unsubscribe=One-Click`, or the page's button).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::archive::{FollowReceipt, FollowRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Unsubscribed;
use crate::agencies::CurrentAgency;
use crate::extract::Json;
use crate::openapi::CitizenWrite;
use crate::platform::html::escape;
use crate::{AppState, Error, Result};

/// Following, for widgets: behind the agency guard.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(follow_question)).routes(routes!(follow_consultation))
}

/// The unsubscribe link: outside the agency guard.
pub fn unsubscribe_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(confirm_page, unsubscribe))
}

fn accepted(receipt: FollowReceipt) -> Response {
    let mut response = (StatusCode::ACCEPTED, axum::Json(receipt)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Follows a published question by email: a mail when its answer is published or corrected. The address
/// needs consent, is never shown, and every mail can end the follow in one click. The answer is the same
/// whether or not the address already followed; a welcome mail goes out once.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/questions/{code}/follow", tag = "questions",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("code" = String, Path, description = "The published question's tracking code")),
    request_body(content = FollowRequest, content_type = "application/json"),
    responses((status = 202, body = FollowReceipt, description = "Followed (or followed before)"), CitizenWrite))]
pub async fn follow_question(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, code)): Path<(String, String)>,
    Json(request): Json<FollowRequest>,
) -> Result<Response> {
    Ok(accepted(super::follow_question(&state, &agency, &code, &request).await?))
}

/// Follows a consultation by email: one mail when its report is published, after which the address is
/// erased. The same rules as following a question.
#[utoipa::path(post, path = "/api/v1/agencies/{agency}/consultations/{slug}/follow", tag = "consultations",
    params(("agency" = String, Path, description = "The agency's slug"),
        ("slug" = String, Path, description = "The consultation's slug")),
    request_body(content = FollowRequest, content_type = "application/json"),
    responses((status = 202, body = FollowReceipt, description = "Followed (or followed before)"), CitizenWrite))]
pub async fn follow_consultation(
    State(state): State<AppState>,
    agency: CurrentAgency,
    Path((_, slug)): Path<(String, String)>,
    Json(request): Json<FollowRequest>,
) -> Result<Response> {
    Ok(accepted(super::follow_consultation(&state, &agency, &slug, &request).await?))
}

/// A small page of our own: no script, no style from elsewhere, no referrer (the token is in the address).
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{}</title></head><body><main><h1>{}</h1>{body}\
         </main></body></html>",
        escape(title),
        escape(title)
    );
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; form-action 'self'")),
    ];
    (status, headers, html).into_response()
}

fn unknown() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Liên kết không hợp lệ / Link not valid",
        "<p>Liên kết ngừng nhận thư này không đúng. Hãy dùng liên kết trong thư gần nhất.</p>\
         <p lang=\"en\">This unsubscribe link is not valid. Use the link in the latest mail.</p>",
    )
}

fn ended(already: bool) -> Response {
    let (vi, en) = if already {
        ("Ông/bà đã ngừng nhận thư này từ trước.", "You had already stopped these mails.")
    } else {
        (
            "Ông/bà sẽ không nhận thêm thư nào về nội dung này; địa chỉ email đã được xoá.",
            "You will get no more mail about this; your address has been erased.",
        )
    };
    page(StatusCode::OK, "Đã ngừng nhận thư / Unsubscribed", &format!("<p>{vi}</p><p lang=\"en\">{en}</p>"))
}

/// The page an unsubscribe link opens: it asks to confirm with one button, as a link scanner's visit must
/// not unsubscribe anyone.
#[utoipa::path(get, path = "/api/v1/follows/unsubscribe/{token}", tag = "questions",
    params(("token" = String, Path, description = "The token from the mail's link")),
    responses((status = 200, content_type = "text/html", body = String, description = "A page with one button"),
        (status = 404, content_type = "text/html", body = String, description = "Not a valid link"),
        (status = 503, body = domain::ApiError, description = "The database cannot answer now; see Retry-After")))]
pub async fn confirm_page(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response> {
    match super::token_state(&state, &token).await? {
        None => Ok(unknown()),
        Some(false) => Ok(ended(true)),
        Some(true) => Ok(page(
            StatusCode::OK,
            "Ngừng nhận thư / Unsubscribe",
            "<form method=\"post\"><p>Bấm nút dưới đây để ngừng nhận thư và xoá địa chỉ email của ông/bà.</p>\
             <p lang=\"en\">Press the button to stop these mails and erase your address.</p>\
             <button type=\"submit\">Ngừng nhận thư / Unsubscribe</button></form>",
        )),
    }
}

/// Ends the follow in one click (RFC 8058: mail programs POST `List-Unsubscribe=One-Click`; the page's
/// button posts the same form). The address is erased and waiting mail deleted; again, nothing changes.
#[utoipa::path(post, path = "/api/v1/follows/unsubscribe/{token}", tag = "questions",
    params(("token" = String, Path, description = "The token from the mail's link")),
    responses((status = 200, content_type = "text/html", body = String, description = "Unsubscribed (or before)"),
        (status = 404, content_type = "text/html", body = String, description = "Not a valid link"),
        (status = 429, body = domain::ApiError, description = "Too many requests from this address; see Retry-After"),
        (status = 503, body = domain::ApiError, description = "The database cannot store anything now; see Retry-After")))]
pub async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response> {
    match super::unsubscribe(&state, &token).await {
        Ok(Unsubscribed::Ended) => Ok(ended(false)),
        Ok(Unsubscribed::AlreadyEnded) => Ok(ended(true)),
        Err(Error::NotFound) => Ok(unknown()),
        Err(e) => Err(e),
    }
}
