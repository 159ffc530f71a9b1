//! The shape of "what is wrong with this input": every refused field at once, each with its reasons.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Lang, MessageKey};

/// A field of a form, in the order the form shows it; errors are listed in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Body,
    Topic,
    Name,
    Email,
    Phone,
    Consent,
    TrackingCode,
    Pin,
    To,
    PublicNote,
    InternalNote,
    Unit,
    DuplicateOf,
    TransferTo,
    Answer,
    Channel,
    ReceivedOn,
}

impl Field {
    pub const ALL: [Field; 18] = [
        Field::Title,
        Field::Body,
        Field::Topic,
        Field::Name,
        Field::Email,
        Field::Phone,
        Field::Consent,
        Field::TrackingCode,
        Field::Pin,
        Field::To,
        Field::PublicNote,
        Field::InternalNote,
        Field::Unit,
        Field::DuplicateOf,
        Field::TransferTo,
        Field::Answer,
        Field::Channel,
        Field::ReceivedOn,
    ];

    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Body => "body",
            Field::Topic => "topic",
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Consent => "consent",
            Field::TrackingCode => "tracking_code",
            Field::Pin => "pin",
            Field::To => "to",
            Field::PublicNote => "public_note",
            Field::InternalNote => "internal_note",
            Field::Unit => "unit",
            Field::DuplicateOf => "duplicate_of",
            Field::TransferTo => "transfer_to",
            Field::Answer => "answer",
            Field::Channel => "channel",
            Field::ReceivedOn => "received_on",
        }
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
