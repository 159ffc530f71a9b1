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
    Rater = "rater",
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
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<Field, Vec<MessageKey>>))]
    pub errors: FieldMap<Vec<MessageKey>>,
}

impl FieldErrors {
    pub fn add(&mut self, field: Field, key: MessageKey) {
        self.errors.get_or_default(field).push(key);
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

/// A map keyed by [`Field`], in the fields' order, with the part of `BTreeMap`'s interface that field errors
/// use. It is a vector, as a form has a few fields: with a `BTreeMap` here, its code cost every citizen about
/// 7 KB of the widgets' wasm (brotli), for maps of at most a dozen entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap<V>(Vec<(Field, V)>);

impl<V> Default for FieldMap<V> {
    fn default() -> Self {
        FieldMap(Vec::new())
    }
}

impl<V> FieldMap<V> {
    fn position(&self, field: Field) -> Result<usize, usize> {
        self.0.binary_search_by(|(f, _)| f.cmp(&field))
    }

    pub fn get(&self, field: &Field) -> Option<&V> {
        self.position(*field).ok().map(|i| &self.0[i].1)
    }

    /// The value of `field`, made with `V::default()` first if there is none.
    pub fn get_or_default(&mut self, field: Field) -> &mut V
    where
        V: Default,
    {
        let i = match self.position(field) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (field, V::default()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn insert(&mut self, field: Field, value: V) -> Option<V> {
        match self.position(field) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (field, value));
                None
            }
        }
    }

    pub fn remove(&mut self, field: &Field) -> Option<V> {
        self.position(*field).ok().map(|i| self.0.remove(i).1)
    }

    pub fn contains_key(&self, field: &Field) -> bool {
        self.position(*field).is_ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The entries in the fields' order.
    pub fn iter(&self) -> impl Iterator<Item = (&Field, &V)> {
        self.0.iter().map(|(field, value)| (field, value))
    }

    pub fn keys(&self) -> impl Iterator<Item = &Field> {
        self.0.iter().map(|(field, _)| field)
    }
}

impl<V> FromIterator<(Field, V)> for FieldMap<V> {
    fn from_iter<I: IntoIterator<Item = (Field, V)>>(entries: I) -> Self {
        let mut map = FieldMap::default();
        for (field, value) in entries {
            map.insert(field, value);
        }
        map
    }
}

impl<V> From<FieldMap<V>> for BTreeMap<Field, V> {
    fn from(map: FieldMap<V>) -> Self {
        map.0.into_iter().collect()
    }
}

// On the wire it is the JSON object it always was: `{ "field": value, … }`, in the fields' order.
impl<V: Serialize> Serialize for FieldMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for FieldMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(BTreeMap::<Field, V>::deserialize(deserializer)?.into_iter().collect())
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
