//! One error type for every handler: each variant knows its status code and how to show itself.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::{ApiError, ErrorDetail, FieldErrors, Lang, QuestionStatus, ReportBlocker};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Marks a response that failed for a storage fault, with the fault's reason, for `/readyz`.
#[derive(Debug, Clone, Copy)]
pub struct StorageFault(pub &'static str);

#[derive(Debug)]
pub enum Error {
    /// No such agency or resource.
    NotFound,
    /// The request's `Origin` is not one of the agency's allowed origins.
    OriginNotAllowed,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    PayloadTooLarge,
    /// The body is not JSON, or not of the expected shape.
    MalformedBody(String),
    /// The query string is not of the expected shape.
    BadQuery(String),
    BadIdempotencyKey,
    /// The same `Idempotency-Key` was sent before with a different body.
    IdempotencyKeyReused,
    /// Field errors, shown in the language the citizen used.
    Validation(FieldErrors, Lang),
    TooManyRequests {
        retry_after_secs: u64,
    },
    /// A tracking code and PIN that do not match a question; the same answer whichever of the two is wrong.
    LookupFailed,
    /// No valid staff session.
    Unauthorized,
    /// Wrong username or password.
    InvalidCredentials,
    /// The staff member's role does not allow this.
    Forbidden,
    /// The question cannot make this move from where it is.
    InvalidTransition {
        from: QuestionStatus,
        to: QuestionStatus,
    },
    /// The request conflicts with the resource's current state.
    Conflict(&'static str),
    /// A comment sent to a consultation that is not open (upcoming, closed, or its report published).
    ConsultationNotOpen,
    /// The report cannot be published yet, for these reasons.
    ReportBlocked(Vec<ReportBlocker>),
    /// The database cannot store (or read) right now: a full disk, an I/O error, an unreachable database.
    /// Nothing was stored; the client may retry the same request later. Logged in detail.
    StorageUnavailable {
        reason: &'static str,
        detail: String,
    },
    /// Anything else: logged in detail, answered generically.
    Internal(String),
}

/// What a client is told to wait after a storage fault: freeing a disk or restarting a database takes minutes.
pub const STORAGE_RETRY_AFTER_SECS: u64 = 60;

impl Error {
    pub fn status_code(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::OriginNotAllowed => StatusCode::FORBIDDEN,
            Error::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::MalformedBody(_) | Error::BadQuery(_) | Error::BadIdempotencyKey => StatusCode::BAD_REQUEST,
            Error::IdempotencyKeyReused | Error::Validation(..) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::LookupFailed => StatusCode::NOT_FOUND,
            Error::Unauthorized | Error::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Error::Forbidden => StatusCode::FORBIDDEN,
            Error::InvalidTransition { .. }
            | Error::Conflict(_)
            | Error::ConsultationNotOpen
            | Error::ReportBlocked(_) => StatusCode::CONFLICT,
            Error::StorageUnavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Error::NotFound => "not_found",
            Error::OriginNotAllowed => "origin_not_allowed",
            Error::UnsupportedMediaType => "unsupported_media_type",
            Error::PayloadTooLarge => "payload_too_large",
            Error::MalformedBody(_) => "malformed_body",
            Error::BadQuery(_) => "bad_query",
            Error::BadIdempotencyKey => "bad_idempotency_key",
            Error::IdempotencyKeyReused => "idempotency_key_reused",
            Error::Validation(..) => "validation",
            Error::TooManyRequests { .. } => "too_many_requests",
            Error::LookupFailed => "lookup_failed",
            Error::Unauthorized => "unauthorized",
            Error::InvalidCredentials => "invalid_credentials",
            Error::Forbidden => "forbidden",
            Error::InvalidTransition { .. } => "invalid_transition",
            Error::Conflict(_) => "conflict",
            Error::ConsultationNotOpen => "consultation_not_open",
            Error::ReportBlocked(_) => "report_blocked",
            Error::StorageUnavailable { .. } => "storage_unavailable",
            Error::Internal(_) => "internal",
        }
    }

    fn message(&self) -> String {
        match self {
            Error::NotFound => "Not found.".into(),
            Error::OriginNotAllowed => "This page's origin may not send to this agency.".into(),
            Error::UnsupportedMediaType => "Send the body as application/json.".into(),
            Error::PayloadTooLarge => "The body is too large.".into(),
            Error::MalformedBody(detail) => format!("The body is not valid JSON of the expected shape: {detail}"),
            Error::BadQuery(detail) => format!("The query string is not valid: {detail}"),
            Error::BadIdempotencyKey => "Idempotency-Key must be 1 to 128 visible ASCII characters.".into(),
            Error::IdempotencyKeyReused => "This Idempotency-Key was used before with a different body.".into(),
            Error::Validation(..) => "Some fields are not valid.".into(),
            Error::TooManyRequests { .. } => "Too many requests; try again later.".into(),
            Error::LookupFailed => "No question matches this tracking code and PIN.".into(),
            Error::Unauthorized => {
                "Log in first: send a staff session cookie or an Authorization: Bearer token.".into()
            }
            Error::InvalidCredentials => "The username or password is wrong.".into(),
            Error::Forbidden => "Your role does not allow this.".into(),
            Error::ConsultationNotOpen => {
                "This consultation is not open for comments now: see its opening and closing times.".into()
            }
            Error::ReportBlocked(_) => "The report cannot be published yet; `blockers` says why.".into(),
            Error::InvalidTransition { from, to } => {
                let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
                format!(
                    "A question that is {} cannot move to {}; it can move to: {}.",
                    from.as_str(),
                    to.as_str(),
                    if allowed.is_empty() { "nothing (it is finished)".to_owned() } else { allowed.join(", ") }
                )
            }
            Error::Conflict(why) => (*why).to_owned(),
            Error::StorageUnavailable { .. } => {
                "The service cannot store anything right now; nothing was saved. Try again in a few minutes.".into()
            }
            Error::Internal(_) => "Something went wrong on our side; try again later.".into(),
        }
    }

    /// How long the client should wait before trying again, for the errors that say so.
    fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Error::TooManyRequests { retry_after_secs } => Some(*retry_after_secs.max(&1)),
            Error::StorageUnavailable { .. } => Some(STORAGE_RETRY_AFTER_SECS),
            _ => None,
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match crate::db::storage_fault(&e) {
            Some(reason) => Error::StorageUnavailable { reason, detail: e.to_string() },
            None => Error::Internal(format!("database: {e}")),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match &self {
            Error::Internal(detail) => tracing::error!(%detail, "internal error"),
            Error::StorageUnavailable { reason, detail } => {
                tracing::error!(reason, %detail, "storage unavailable; answered 503")
            }
            _ => {}
        }
        let retry_after_secs = self.retry_after_secs();
        let (errors, messages) = match &self {
            Error::Validation(errors, lang) => {
                let texts =
                    errors.texts(*lang).into_iter().map(|(f, t)| (f, t.into_iter().map(str::to_owned).collect()));
                (Some(errors.errors.clone().into()), Some(texts.collect()))
            }
            _ => (None, None),
        };
        let body = ApiError {
            error: ErrorDetail { code: self.code().to_owned(), message: self.message() },
            errors,
            messages,
            retry_after_seconds: retry_after_secs,
            allowed: match &self {
                Error::InvalidTransition { from, .. } => Some(from.next().to_vec()),
                _ => None,
            },
            blockers: match &self {
                Error::ReportBlocked(blockers) => Some(blockers.clone()),
                _ => None,
            },
        };
        let mut response = (self.status_code(), Json(body)).into_response();
        if let Some(secs) = retry_after_secs {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Error::StorageUnavailable { reason, .. } = self {
            response.extensions_mut().insert(StorageFault(reason));
        }
        response
    }
}
