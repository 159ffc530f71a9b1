//! How a question moves through its handling, and what each move must carry. The server refuses any move
//! this table does not list; the staff tools offer only the moves it lists.

#[cfg(feature = "staff")]
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::question::QuestionStatus::{self, *};
#[cfg(feature = "staff")]
use crate::text::{Lines, char_count, has_forbidden_chars, normalise};
#[cfg(feature = "staff")]
use crate::{Field, FieldErrors, MessageKey, TrackingCode};

pub const NOTE_MAX: usize = 2_000;
pub const ANSWER_MAX: usize = 20_000;

impl QuestionStatus {
    /// Every state, in the order of a normal handling.
    pub const ALL: [QuestionStatus; 9] =
        [Received, Accepted, Rejected, Duplicate, Assigned, InProgress, Answered, Closed, Transferred];

    /// The states a question may move to from this one.
    pub fn next(self) -> &'static [QuestionStatus] {
        match self {
            Received => &[Accepted, Rejected, Duplicate, Transferred],
            Accepted => &[Assigned, Rejected, Duplicate, Transferred],
            // Moving to `Assigned` again hands the question to another unit.
            Assigned => &[Assigned, InProgress, Transferred],
            InProgress => &[Assigned, Answered, Transferred],
            // An answer may be corrected while `Answered`; closing ends the exchange.
            Answered => &[Closed],
            Rejected | Duplicate | Closed | Transferred => &[],
        }
    }

    pub fn can_move_to(self, to: QuestionStatus) -> bool {
        self.next().contains(&to)
    }

    /// Whether the agency still owes the citizen an answer; only such questions can be overdue.
    pub fn awaits_answer(self) -> bool {
        matches!(self, Received | Accepted | Assigned | InProgress)
    }

    /// Whether the answer may still be written or corrected.
    pub fn accepts_answer(self) -> bool {
        matches!(self, Assigned | InProgress | Answered)
    }

    /// Whether the answer may be shown: to the citizen with code and PIN, and to everyone once published.
    /// An answer still being drafted is not.
    pub fn shows_answer(self) -> bool {
        matches!(self, Answered | Closed)
    }

    /// Whether the question's handling is over: no move is left. The contact data of a finished question is
    /// kept only for the agency's retention period.
    pub fn is_finished(self) -> bool {
        self.next().is_empty()
    }

    /// The states for which `predicate` holds, e.g. to filter in a query.
    pub fn all_where(predicate: fn(QuestionStatus) -> bool) -> impl Iterator<Item = QuestionStatus> {
        QuestionStatus::ALL.into_iter().filter(move |status| predicate(*status))
    }

    /// Moves after which a citizen who left an email is told by mail.
    pub fn notifies_citizen(self) -> bool {
        matches!(self, Accepted | Rejected | Duplicate | Answered | Transferred | Closed)
    }

    /// The state's name as a citizen reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Received, Lang::Vi) => "Đã tiếp nhận",
            (Received, Lang::En) => "Received",
            (Accepted, Lang::Vi) => "Đã chấp nhận xử lý",
            (Accepted, Lang::En) => "Accepted",
            (Rejected, Lang::Vi) => "Từ chối xử lý",
            (Rejected, Lang::En) => "Rejected",
            (Duplicate, Lang::Vi) => "Trùng câu hỏi đã trả lời",
            (Duplicate, Lang::En) => "Duplicate of an answered question",
            (Assigned, Lang::Vi) => "Đã giao đơn vị xử lý",
            (Assigned, Lang::En) => "Assigned to a unit",
            (InProgress, Lang::Vi) => "Đang xử lý",
            (InProgress, Lang::En) => "In progress",
            (Answered, Lang::Vi) => "Đã trả lời",
            (Answered, Lang::En) => "Answered",
            (Closed, Lang::Vi) => "Đã kết thúc",
            (Closed, Lang::En) => "Closed",
            (Transferred, Lang::Vi) => "Đã chuyển cơ quan khác",
            (Transferred, Lang::En) => "Transferred to another agency",
        }
    }
}

/// A staff member's request to move a question. Missing fields read as empty.
#[cfg(feature = "staff")]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TransitionRequest {
    pub to: Option<QuestionStatus>,
    /// Shown to the citizen on the timeline; required to reject (the reason).
    pub public_note: String,
    /// Seen by staff only.
    pub internal_note: String,
    /// The unit's slug; required to assign.
    pub unit: Option<String>,
    /// The tracking code of the answered, published question this one duplicates; required for `duplicate`.
    pub duplicate_of: Option<String>,
    /// The slug of the agency the question goes to; required for `transferred`.
    pub transfer_to: Option<String>,
}

/// A transition that passed every rule that needs no database.
#[cfg(feature = "staff")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTransition {
    pub to: QuestionStatus,
    pub public_note: Option<String>,
    pub internal_note: Option<String>,
    pub unit: Option<String>,
    pub duplicate_of: Option<TrackingCode>,
    pub transfer_to: Option<String>,
}

#[cfg(feature = "staff")]
impl TransitionRequest {
    pub fn validate(&self) -> Result<ValidTransition, FieldErrors> {
        let mut errors = FieldErrors::default();
        let Some(to) = self.to else {
            errors.add(Field::To, MessageKey::ToRequired);
            return Err(errors);
        };
        let public_note = normalise(&self.public_note);
        check_note(&mut errors, Field::PublicNote, &public_note);
        if to == Rejected && public_note.is_empty() {
            errors.add(Field::PublicNote, MessageKey::ReasonRequired);
        }
        let internal_note = normalise(&self.internal_note);
        check_note(&mut errors, Field::InternalNote, &internal_note);
        let present =
            |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);

        let unit = present(&self.unit);
        if to == Assigned && unit.is_none() {
            errors.add(Field::Unit, MessageKey::UnitRequired);
        }
        let duplicate_of = match present(&self.duplicate_of) {
            None if to == Duplicate => {
                errors.add(Field::DuplicateOf, MessageKey::DuplicateOfRequired);
                None
            }
            None => None,
            Some(code) => {
                let parsed = TrackingCode::parse(&code);
                if parsed.is_none() {
                    errors.add(Field::DuplicateOf, MessageKey::TrackingCodeInvalid);
                }
                parsed
            }
        };
        let transfer_to = present(&self.transfer_to);
        if to == Transferred && transfer_to.is_none() {
            errors.add(Field::TransferTo, MessageKey::TransferToRequired);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let non_empty = |s: String| (!s.is_empty()).then_some(s);
        Ok(ValidTransition {
            to,
            public_note: non_empty(public_note),
            internal_note: non_empty(internal_note),
            unit: unit.filter(|_| to == Assigned),
            duplicate_of: duplicate_of.filter(|_| to == Duplicate),
            transfer_to: transfer_to.filter(|_| to == Transferred),
        })
    }
}

#[cfg(feature = "staff")]
fn check_note(errors: &mut FieldErrors, field: Field, note: &str) {
    if char_count(note) > NOTE_MAX {
        errors.add(field, MessageKey::NoteTooLong);
    }
    if has_forbidden_chars(note, Lines::Multi) {
        errors.add(field, MessageKey::NoteForbiddenChars);
    }
}

/// The agency's answer as an officer writes it.
#[cfg(feature = "staff")]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AnswerRequest {
    pub body: String,
}

#[cfg(feature = "staff")]
impl AnswerRequest {
    /// The normalised answer, or why it is refused.
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let body = normalise(&self.body);
        if body.is_empty() {
            errors.add(Field::Answer, MessageKey::AnswerRequired);
        }
        if char_count(&body) > ANSWER_MAX {
            errors.add(Field::Answer, MessageKey::AnswerTooLong);
        }
        if has_forbidden_chars(&body, Lines::Multi) {
            errors.add(Field::Answer, MessageKey::AnswerForbiddenChars);
        }
        if errors.is_empty() { Ok(body) } else { Err(errors) }
    }
}
