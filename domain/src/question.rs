//! A citizen's question: what is sent, how it is checked, and what comes back.

use serde::{Deserialize, Serialize};

use crate::contact::{is_valid_email, normalise_vn_phone};
use crate::text::{Lines, char_count, has_forbidden_chars, normalise};
use crate::{Field, FieldErrors, Lang, MessageKey, Topic};

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 5_000;
pub const NAME_MAX: usize = 100;

/// A question as the widget (or any API client) sends it. Missing fields read as empty, so that a missing
/// title is reported as a field error rather than as a malformed body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewQuestion {
    pub title: String,
    pub body: String,
    /// The slug of one of the agency's topics; required when the agency has topics.
    pub topic: Option<String>,
    pub name: String,
    pub email: String,
    pub phone: String,
    /// Consent to the processing of contact data (Law 91/2025/QH15); required when any contact field is given.
    pub consent: bool,
    pub lang: Lang,
    /// A honeypot: people never see this field, so anything in it was typed by a robot.
    pub website: String,
}

/// A question that passed every rule, normalised and ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidQuestion {
    pub title: String,
    pub body: String,
    pub topic: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent: bool,
    pub lang: Lang,
}

impl NewQuestion {
    /// Whether the honeypot was filled in.
    pub fn is_from_robot(&self) -> bool {
        !self.website.trim().is_empty()
    }

    /// Whether the citizen has entered any personal contact detail (and so must consent).
    pub fn has_contact(&self) -> bool {
        [&self.name, &self.email, &self.phone].iter().any(|v| !v.trim().is_empty())
    }

    /// Checks every field against the agency's topics and returns the normalised question, or every error.
    pub fn validate(&self, topics: &[Topic]) -> Result<ValidQuestion, FieldErrors> {
        let mut errors = FieldErrors::default();

        let title = normalise(&self.title);
        check_text(&mut errors, Field::Title, &title, Lines::Single, TITLE_MAX, Some(MessageKey::TitleRequired));
        let body = normalise(&self.body);
        check_text(&mut errors, Field::Body, &body, Lines::Multi, BODY_MAX, Some(MessageKey::BodyRequired));

        let topic = self.topic.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        match &topic {
            None if !topics.is_empty() => errors.add(Field::Topic, MessageKey::TopicRequired),
            Some(slug) if !topics.iter().any(|t| &t.slug == slug) => errors.add(Field::Topic, MessageKey::TopicUnknown),
            _ => {}
        }

        let name = normalise(&self.name);
        check_text(&mut errors, Field::Name, &name, Lines::Single, NAME_MAX, None);

        let email = normalise(&self.email);
        let email = lowercase_domain(&email);
        if !email.is_empty() && !is_valid_email(&email) {
            errors.add(Field::Email, MessageKey::EmailInvalid);
        }

        let phone = normalise(&self.phone);
        let national_phone = normalise_vn_phone(&phone);
        if !phone.is_empty() && national_phone.is_none() {
            errors.add(Field::Phone, MessageKey::PhoneInvalid);
        }

        let has_contact = !(name.is_empty() && email.is_empty() && phone.is_empty());
        if has_contact && !self.consent {
            errors.add(Field::Consent, MessageKey::ConsentRequired);
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        let non_empty = |s: String| (!s.is_empty()).then_some(s);
        Ok(ValidQuestion {
            title,
            body,
            topic,
            name: non_empty(name),
            email: non_empty(email),
            phone: national_phone,
            consent: self.consent && has_contact,
            lang: self.lang,
        })
    }

    /// Runs only the rules for one field, for inline errors while the citizen moves through the form.
    pub fn validate_field(&self, field: Field, topics: &[Topic]) -> Vec<MessageKey> {
        match self.validate(topics) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.get(field).to_vec(),
        }
    }
}

fn check_text(
    errors: &mut FieldErrors,
    field: Field,
    text: &str,
    lines: Lines,
    max: usize,
    required: Option<MessageKey>,
) {
    let (too_long, forbidden) = match field {
        Field::Title => (MessageKey::TitleTooLong, MessageKey::TitleForbiddenChars),
        Field::Body => (MessageKey::BodyTooLong, MessageKey::BodyForbiddenChars),
        _ => (MessageKey::NameTooLong, MessageKey::NameForbiddenChars),
    };
    if text.is_empty() {
        if let Some(key) = required {
            errors.add(field, key);
        }
        return;
    }
    if char_count(text) > max {
        errors.add(field, too_long);
    }
    if has_forbidden_chars(text, lines) {
        errors.add(field, forbidden);
    }
}

/// Domains are case-insensitive; the local part is kept as typed, as mail servers may distinguish it.
fn lowercase_domain(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", crate::text::lowercase(domain)),
        None => email.to_owned(),
    }
}

/// Where a question is in its handling. Only `Received` exists before staff act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    Received,
    Accepted,
    Rejected,
    Duplicate,
    Assigned,
    InProgress,
    Answered,
    Closed,
    Transferred,
}

impl QuestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Received => "received",
            QuestionStatus::Accepted => "accepted",
            QuestionStatus::Rejected => "rejected",
            QuestionStatus::Duplicate => "duplicate",
            QuestionStatus::Assigned => "assigned",
            QuestionStatus::InProgress => "in_progress",
            QuestionStatus::Answered => "answered",
            QuestionStatus::Closed => "closed",
            QuestionStatus::Transferred => "transferred",
        }
    }

    pub fn parse(s: &str) -> Option<QuestionStatus> {
        use QuestionStatus::*;
        [Received, Accepted, Rejected, Duplicate, Assigned, InProgress, Answered, Closed, Transferred]
            .into_iter()
            .find(|status| status.as_str() == s)
    }
}

/// The answer to a stored question: the PIN appears here once and is never shown again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionReceipt {
    pub tracking_code: String,
    pub pin: String,
    pub status: QuestionStatus,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A question as the public sees it once staff have published it: never a name, email or phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicQuestion {
    pub tracking_code: String,
    pub title: String,
    pub body: String,
    pub topic: Option<String>,
    pub status: QuestionStatus,
    /// When it was asked, rounded down to the hour, as in the archive.
    pub created_at: String,
    pub published_at: Option<String>,
    /// The agency's answer, once the question is answered.
    pub answer: Option<String>,
    pub answered_at: Option<String>,
}

/// The deepest page a list serves, and the most items a page holds.
pub const PAGE_MAX: u32 = 100_000;
pub const PER_PAGE_MAX: u32 = 100;

/// A page number and size, with their defaults; `None` outside 1–`PAGE_MAX` and 1–`PER_PAGE_MAX`.
pub fn paging(page: Option<u32>, per_page: Option<u32>, default_per_page: u32) -> Option<(u32, u32)> {
    let (page, per_page) = (page.unwrap_or(1), per_page.unwrap_or(default_per_page));
    ((1..=PAGE_MAX).contains(&page) && (1..=PER_PAGE_MAX).contains(&per_page)).then_some((page, per_page))
}

/// Which page of a public list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(default)]
pub struct ListParams {
    /// 1-based page number, at most 100,000.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100_000))]
    pub page: Option<u32>,
    /// Questions per page, at most 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u32>,
}

/// One page of published questions, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionList {
    pub items: Vec<PublicQuestion>,
    pub page: u32,
    pub per_page: u32,
}
