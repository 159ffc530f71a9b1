//! The OpenAPI document. Each handler's `#[utoipa::path]` states its path once; `app` registers the handlers
//! through `utoipa_axum::routes!`, which routes them and collects the document from the same attributes.
//! The error answers an operation can give are documented here, as sets every operation of a kind shares.

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use domain::ApiError;
use utoipa::openapi::OpenApi;
use utoipa::{IntoResponses, OpenApi as _};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Tương Tác API", description = "Questions and answers between citizens and state agencies \
        (Decree 42/2022/NĐ-CP Art. 8–9). Writes need an Origin allowed for the agency. Every error has the \
        shape `ApiError`."),
    components(schemas(ApiError, domain::ErrorDetail)),
    tags((name = "agencies"), (name = "questions"), (name = "ratings", description = "Citizens rate the agency's online information; the results are published"), (name = "tracker", description = "A citizen follows their question with its code and PIN"),
        (name = "consultations", description = "Citizens comment article by article on draft legal documents; the agency answers each comment and publishes its report"),
        (name = "open data", description = "Published questions and answers, ratings and consultations as JSON, CSV, Atom and Open311 GeoReport v2 (Decree 42/2022 Art. 9); licence CC BY 4.0; never a name, email or phone"),
        (name = "staff", description = "Agency staff: a session cookie (same origin) or `Authorization: Bearer`; never CORS"))
)]
pub struct ApiDoc;

/// The document's base: title, description and tags; `app` adds the paths.
pub fn base() -> OpenApi {
    ApiDoc::openapi()
}

/// Serves the document, serialised once. A public description: any origin may read it.
pub fn serve(document: &OpenApi) -> impl Fn() -> std::future::Ready<axum::response::Response> + Clone + use<> {
    let json = Bytes::from(document.to_json().expect("the OpenAPI document serialises"));
    move || {
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
        ];
        std::future::ready((headers, json.clone()).into_response())
    }
}

/// A read of an agency's public data.
#[derive(IntoResponses)]
pub enum AgencyRead {
    #[response(status = 400, description = "A query parameter is not valid")]
    BadQuery(ApiError),
    #[response(status = 404, description = "No such agency, or nothing published under this code")]
    NotFound(ApiError),
    #[response(status = 503, description = "The database cannot answer now; see Retry-After")]
    Unavailable(ApiError),
}

/// A citizen's write to an agency (a question, a lookup).
#[derive(IntoResponses)]
pub enum CitizenWrite {
    #[response(
        status = 400,
        description = "The body is not JSON of the expected shape, or the Idempotency-Key is not valid"
    )]
    BadRequest(ApiError),
    #[response(status = 403, description = "The Origin is not allowed for this agency")]
    OriginNotAllowed(ApiError),
    #[response(
        status = 404,
        description = "No such agency (or, for a lookup, no question with this code and PIN: `lookup_failed`)"
    )]
    NotFound(ApiError),
    #[response(status = 413, description = "The body is too large")]
    TooLarge(ApiError),
    #[response(status = 415, description = "The body is not application/json")]
    NotJson(ApiError),
    #[response(
        status = 422,
        description = "Field errors (`errors`: field → message keys; `messages`: the same as text), or a reused Idempotency-Key"
    )]
    Invalid(ApiError),
    #[response(
        status = 429,
        description = "Too many requests from this address, or failed attempts for this code; see Retry-After"
    )]
    TooMany(ApiError),
    #[response(
        status = 503,
        description = "The service cannot store anything now (a full disk, a database down): nothing was stored; send the same request again, with the same Idempotency-Key, after Retry-After"
    )]
    Unavailable(ApiError),
}

/// A citizen's comment on a consultation: a citizen's write, or a 409 when the consultation is not open.
#[derive(IntoResponses)]
pub enum CommentWrite {
    #[response(
        status = 400,
        description = "The body is not JSON of the expected shape, or the Idempotency-Key is not valid"
    )]
    BadRequest(ApiError),
    #[response(status = 403, description = "The Origin is not allowed for this agency")]
    OriginNotAllowed(ApiError),
    #[response(status = 404, description = "No such agency or consultation")]
    NotFound(ApiError),
    #[response(
        status = 409,
        description = "`consultation_not_open`: the consultation is upcoming or closed; nothing was stored"
    )]
    NotOpen(ApiError),
    #[response(status = 413, description = "The body is too large")]
    TooLarge(ApiError),
    #[response(status = 415, description = "The body is not application/json")]
    NotJson(ApiError),
    #[response(status = 422, description = "Field errors, or a reused Idempotency-Key")]
    Invalid(ApiError),
    #[response(status = 429, description = "Too many requests from this address; see Retry-After")]
    TooMany(ApiError),
    #[response(
        status = 503,
        description = "The service cannot store anything now: nothing was stored; send the same request again, with the same Idempotency-Key, after Retry-After"
    )]
    Unavailable(ApiError),
}

/// A staff member's read.
#[derive(IntoResponses)]
pub enum StaffRead {
    #[response(status = 400, description = "A query parameter is not valid")]
    BadQuery(ApiError),
    #[response(status = 401, description = "No valid session")]
    Unauthorized(ApiError),
    #[response(status = 403, description = "The staff member's role does not allow this")]
    Forbidden(ApiError),
    #[response(status = 404, description = "Nothing of this name at the staff member's agency")]
    NotFound(ApiError),
    #[response(status = 503, description = "The database cannot answer now; see Retry-After")]
    Unavailable(ApiError),
}

/// A staff member's write.
#[derive(IntoResponses)]
pub enum StaffWrite {
    #[response(status = 400, description = "The body is not JSON of the expected shape")]
    BadRequest(ApiError),
    #[response(status = 401, description = "No valid session")]
    Unauthorized(ApiError),
    #[response(status = 403, description = "The staff member's role does not allow this")]
    Forbidden(ApiError),
    #[response(status = 404, description = "Nothing of this name at the staff member's agency")]
    NotFound(ApiError),
    #[response(
        status = 409,
        description = "The change conflicts with the current state (`allowed` lists a question's possible moves; `blockers` what keeps a consultation's report from publication)"
    )]
    Conflict(ApiError),
    #[response(status = 413, description = "The body is too large")]
    TooLarge(ApiError),
    #[response(status = 415, description = "The body is not application/json")]
    NotJson(ApiError),
    #[response(
        status = 422,
        description = "Field errors (`errors`: field → message keys; `messages`: the same as text, in Vietnamese)"
    )]
    Invalid(ApiError),
    #[response(
        status = 503,
        description = "The service cannot store anything now: nothing was changed; see Retry-After"
    )]
    Unavailable(ApiError),
}

/// Logging in.
#[derive(IntoResponses)]
pub enum LogIn {
    #[response(status = 400, description = "The body is not JSON of the expected shape")]
    BadRequest(ApiError),
    #[response(status = 401, description = "Wrong agency, username or password")]
    Unauthorized(ApiError),
    #[response(status = 413, description = "The body is too large")]
    TooLarge(ApiError),
    #[response(status = 415, description = "The body is not application/json")]
    NotJson(ApiError),
    #[response(
        status = 429,
        description = "Too many failed log-ins for this username or from this address; see Retry-After"
    )]
    TooMany(ApiError),
    #[response(status = 503, description = "The service cannot open a session now; see Retry-After")]
    Unavailable(ApiError),
}
