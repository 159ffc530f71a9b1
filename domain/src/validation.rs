//! The shape of "what is wrong with this input": every refused field at once, each with its reasons.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Lang, MessageKey};

macro_rules! fields {
    ($($(#[$cfg:meta])* $variant:ident = $name:literal,)*) => {
        /// A field of a form, in the order the form shows it; errors are listed in this order. Fields only
        /// staff fill in exist with the `staff` feature.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Field {
            $($(#[$cfg])* #[serde(rename = $name)] $variant,)*
        }

        impl Field {
            pub const ALL: &[Field] = &[$($(#[$cfg])* Field::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $($(#[$cfg])* Field::$variant => $name,)* }
            }
        }
    };
}

fields! {
    Title = "title",
    Body = "body",
    Topic = "topic",
    Name = "name",
    Email = "email",
    Phone = "phone",
    Consent = "consent",
    TrackingCode = "tracking_code",
    Pin = "pin",
    Page = "page",
    Helpful = "helpful",
    Interface = "interface",
    Content = "content",
    Quality = "quality",
    Support = "support",
    Comment = "comment",
    Article = "article",
    Clause = "clause",
    Stance = "stance",
    #[cfg(feature = "staff")]
    To = "to",
    #[cfg(feature = "staff")]
    PublicNote = "public_note",
    #[cfg(feature = "staff")]
    InternalNote = "internal_note",
    #[cfg(feature = "staff")]
    Unit = "unit",
    #[cfg(feature = "staff")]
    DuplicateOf = "duplicate_of",
    #[cfg(feature = "staff")]
    TransferTo = "transfer_to",
    #[cfg(feature = "staff")]
    Answer = "answer",
    #[cfg(feature = "staff")]
    Channel = "channel",
    #[cfg(feature = "staff")]
    ReceivedOn = "received_on",
    #[cfg(feature = "staff")]
    Reason = "reason",
    #[cfg(feature = "staff")]
    Slug = "slug",
    #[cfg(feature = "staff")]
    NameVi = "name_vi",
    #[cfg(feature = "staff")]
    NameEn = "name_en",
    #[cfg(feature = "staff")]
    HandlingDays = "handling_days",
    #[cfg(feature = "staff")]
    Holidays = "holidays",
    #[cfg(feature = "staff")]
    TrackerUrl = "tracker_url",
    #[cfg(feature = "staff")]
    ContactRetentionDays = "contact_retention_days",
    #[cfg(feature = "staff")]
    Origin = "origin",
    #[cfg(feature = "staff")]
    Username = "username",
    #[cfg(feature = "staff")]
    Password = "password",
    #[cfg(feature = "staff")]
    DisplayName = "display_name",
    #[cfg(feature = "staff")]
    Summary = "summary",
    #[cfg(feature = "staff")]
    DraftingUnit = "drafting_unit",
    #[cfg(feature = "staff")]
    OpensAt = "opens_at",
    #[cfg(feature = "staff")]
    ClosesAt = "closes_at",
    #[cfg(feature = "staff")]
    ReportExpectedBy = "report_expected_by",
    #[cfg(feature = "staff")]
    Attachments = "attachments",
    #[cfg(feature = "staff")]
    Text = "text",
    #[cfg(feature = "staff")]
    Outcome = "outcome",
    #[cfg(feature = "staff")]
    Explanation = "explanation",
    #[cfg(feature = "staff")]
    CommentIds = "comment_ids",
}

impl Field {
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|field| field.as_str() == name)
    }
}

/// Every field error found, as `field → [message key]`. This is the body of a 422, and what a widget shows
/// next to each field and in its error summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldErrors {
    pub errors: BTreeMap<Field, Vec<MessageKey>>,
}

impl FieldErrors {
    pub fn add(&mut self, field: Field, key: MessageKey) {
        self.errors.entry(field).or_default().push(key);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn get(&self, field: Field) -> &[MessageKey] {
        self.errors.get(&field).map(Vec::as_slice).unwrap_or_default()
    }

    /// The same errors as texts in one language, for API clients that show them as they are.
    pub fn texts(&self, lang: Lang) -> BTreeMap<Field, Vec<&'static str>> {
        self.errors.iter().map(|(field, keys)| (*field, keys.iter().map(|k| k.text(lang)).collect())).collect()
    }
}

// The derive would list the variants' Rust names; the wire carries their keys.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Field {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::openapi::string_enum(Field::ALL.iter().map(|field| field.as_str()))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Field {}
