//! The request and response types of Tương Tác and every rule that decides whether a citizen's input is
//! acceptable. Pure Rust: this crate does no IO, so the same rule runs in the browser (inline errors before
//! sending) and in the server (the authoritative 422).

pub mod agency;
pub mod archive;
pub mod consultation;
pub mod contact;
pub mod date;
pub mod draft;
pub mod error;
pub mod lang;
pub mod lifecycle;
pub mod messages;
#[cfg(feature = "openapi")]
mod openapi;
pub mod question;
pub mod rating;
#[cfg(feature = "staff")]
pub mod staff;
pub mod text;
pub mod tracker;
pub mod tracking;
pub mod validation;

pub use agency::{AgencyPublic, Topic};
pub use consultation::{
    ArticleCounts, Attachment, CommentPage, CommentReceipt, CommentResponse, CommentStatus, CommenterKind,
    ConsultationList, ConsultationState, ConsultationSummary, DocumentType, NewComment, Outcome, OwnComment,
    PublicComment, PublicConsultation, PublicNote, Report, ReportBlocker, ReportRow, Stance, ValidComment,
};
pub use date::{Date, due_date};
pub use draft::{Article, Clause, Draft, Heading, HeadingLevel, ParsedDraft, Point, UnplacedLine, parse_draft};
pub use error::{ApiError, ErrorDetail};
pub use lang::Lang;
#[cfg(feature = "staff")]
pub use lifecycle::{AnswerRequest, TransitionRequest, ValidTransition};
pub use messages::MessageKey;
pub use question::{
    ListParams, NewQuestion, PublicQuestion, QuestionList, QuestionReceipt, QuestionStatus, ValidQuestion,
};
pub use rating::{Criterion, NewRating, Period, RatingReceipt, RatingScope, RatingSummary};
#[cfg(feature = "staff")]
pub use staff::{Channel, Role};
pub use tracker::{ContactHeld, LookupRequest, TimelineStep, TrackedQuestion};
pub use tracking::{Pin, TrackingCode};
pub use validation::{Field, FieldErrors, FieldMap};
