//! The body of every error the API answers, so that any client (a widget, the staff console, an agency's
//! own tool) reads the same shape.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Field, MessageKey, QuestionStatus, ReportBlocker};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: ErrorDetail,
    /// Field errors (422 `validation`): field → message keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<Field, Vec<MessageKey>>>,
    /// The same field errors as text in the request's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<BTreeMap<Field, Vec<String>>>,
    /// With 429 and 503: seconds to wait before trying again, as the `Retry-After` header says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// With 409 `invalid_transition`: the moves the question may make.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<QuestionStatus>>,
    /// With 409 `report_blocked`: what keeps the report from being published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blockers: Option<Vec<ReportBlocker>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// What went wrong, for programs: `validation`, `not_found`, `storage_unavailable`, …
    pub code: String,
    /// What went wrong, for people (English).
    pub message: String,
}
