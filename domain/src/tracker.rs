//! Following a question: what the tracker widget sends (code and PIN) and what it gets back.

use serde::{Deserialize, Serialize};

use crate::{Field, FieldErrors, Lang, MessageKey, Pin, QuestionStatus, TrackingCode};

/// A citizen's lookup. Sent in a POST body so the PIN never appears in a URL or a log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LookupRequest {
    pub tracking_code: String,
    pub pin: String,
    pub lang: Lang,
}

impl LookupRequest {
    pub fn validate(&self) -> Result<(TrackingCode, Pin), FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = match self.tracking_code.trim() {
            "" => {
                errors.add(Field::TrackingCode, MessageKey::TrackingCodeRequired);
                None
            }
            typed => {
                let code = TrackingCode::parse(typed);
                if code.is_none() {
                    errors.add(Field::TrackingCode, MessageKey::TrackingCodeInvalid);
                }
                code
            }
        };
        let pin = match self.pin.trim() {
            "" => {
                errors.add(Field::Pin, MessageKey::PinRequired);
                None
            }
            typed => {
                let pin = Pin::parse(typed);
                if pin.is_none() {
                    errors.add(Field::Pin, MessageKey::PinInvalid);
                }
                pin
            }
        };
        match (code, pin) {
            (Some(code), Some(pin)) => Ok((code, pin)),
            _ => Err(errors),
        }
    }

    pub fn validate_field(&self, field: Field) -> Vec<MessageKey> {
        match self.validate() {
            Ok(_) => Vec::new(),
            Err(errors) => errors.get(field).to_vec(),
        }
    }
}

/// One step of a question's handling as the citizen sees it: never who did it, never an internal note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineStep {
    pub status: QuestionStatus,
    /// RFC 3339, UTC.
    pub at: String,
    pub public_note: Option<String>,
}

/// An agency a question was transferred to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyRef {
    pub slug: String,
    pub name: String,
}

/// A question as its author sees it with code and PIN: status, timeline, due date and answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackedQuestion {
    pub tracking_code: String,
    pub title: String,
    pub body: String,
    pub topic: Option<String>,
    pub status: QuestionStatus,
    pub created_at: String,
    /// `YYYY-MM-DD`, Vietnam time: the day the answer is due.
    pub due_date: String,
    /// Past the due date and not yet answered.
    pub overdue: bool,
    /// Oldest first, starting with `received`.
    pub timeline: Vec<TimelineStep>,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    /// The answered, published question this one duplicates.
    pub duplicate_of: Option<String>,
    pub transferred_to: Option<AgencyRef>,
    pub published: bool,
    /// Which contact details the agency holds for this question (never the details themselves).
    pub contact: ContactHeld,
}

/// Which contact details a question carries, as its author sees it with code and PIN; once erased, when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactHeld {
    pub name: bool,
    pub email: bool,
    pub phone: bool,
    /// When the citizen (or the agency's retention period) erased them; RFC 3339, UTC.
    pub erased_at: Option<String>,
}

impl ContactHeld {
    /// Whether anything is left to erase.
    pub fn any(&self) -> bool {
        self.name || self.email || self.phone
    }
}
