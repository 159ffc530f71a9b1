//! The public archive of published questions and answers (Decree 42/2022 Art. 8.1.đ), which the open data
//! exports share: one record per question with the dates a reader needs to judge the agency's speed; the
//! "same question" +1 (Art. 8.1.b); following a question or a consultation by email.

use serde::{Deserialize, Serialize};

use crate::contact::is_valid_email;
use crate::text::{Lines, char_count, has_forbidden_chars, normalise};
use crate::{Date, Field, FieldErrors, Lang, MessageKey, QuestionStatus};

/// The longest search text the archive accepts, in characters.
pub const SEARCH_MAX: usize = 200;

/// The archive's filters and page. Unknown parameters are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ArchiveParams {
    /// Words to find in the title, question or answer, with or without Vietnamese diacritics: `giay phep`
    /// finds "giấy phép". At most 200 characters.
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// A topic's slug; only its questions.
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub topic: Option<String>,
    /// 1-based page number, at most 100,000.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100_000))]
    pub page: Option<u32>,
    /// Questions per page, at most 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u32>,
}

/// The archive's filters, checked: words trimmed and normalised (empty means none), a topic slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveQuery {
    pub words: Option<String>,
    pub topic: Option<String>,
    pub page: u32,
    pub per_page: u32,
}

impl ArchiveParams {
    /// The checked query, or why a parameter is refused (a 400: these come from a program, not a form).
    pub fn check(&self, default_per_page: u32) -> Result<ArchiveQuery, &'static str> {
        let (page, per_page) = crate::question::paging(self.page, self.per_page, default_per_page)
            .ok_or("page is 1 to 100000; per_page is 1 to 100")?;
        let words = self.q.as_deref().map(normalise).filter(|w| !w.is_empty());
        if let Some(words) = &words
            && (char_count(words) > SEARCH_MAX || has_forbidden_chars(words, Lines::Single))
        {
            return Err("q is at most 200 characters, on one line, without control characters");
        }
        let topic = self.topic.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if topic.is_some_and(|t| !crate::agency::is_valid_slug(t)) {
            return Err("topic is a topic's slug: lowercase letters, digits and hyphens");
        }
        Ok(ArchiveQuery { words, topic: topic.map(str::to_owned), page, per_page })
    }
}

/// A published question with its answer, as the archive and the open data show it: never a name, email or
/// phone. `asked_at` is rounded down to the hour, so that the time of a citizen's submission cannot single
/// them out. Instants are UTC (`YYYY-MM-DDTHH:MM:SSZ`); days are in Vietnam time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchivedQuestion {
    pub tracking_code: String,
    pub title: String,
    pub body: String,
    /// The topic's slug, if the question has one.
    pub topic: Option<String>,
    pub status: QuestionStatus,
    /// When it was asked, rounded down to the hour.
    pub asked_at: String,
    pub published_at: String,
    /// The agency's answer, once the question is answered.
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    /// The day the answer was due (Vietnam time): `deadline_working_days` working days after it was asked.
    pub due_date: String,
    pub deadline_working_days: u32,
    /// Working days from the day it was asked to the day it was answered; none before it is answered.
    pub answer_working_days: Option<u32>,
    /// Whether it was answered by its due date; none before it is answered.
    pub answered_on_time: Option<bool>,
    /// How many places said "I have the same question" (one per place per day).
    pub same_question_count: u64,
}

/// One page of the archive, newest published first, with the link to the next page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchivePage {
    pub items: Vec<ArchivedQuestion>,
    pub page: u32,
    pub per_page: u32,
    /// How many questions match, on every page together.
    pub total: u64,
    /// The next page's URL, none on the last page.
    pub next: Option<String>,
}

/// `2026-03-04T10:37:12Z` → `2026-03-04T10:00:00Z`: a citizen's submission time as open data shows it.
pub fn round_to_hour(instant: &str) -> String {
    match instant.get(..13) {
        Some(hour) if instant.len() >= 20 => format!("{hour}:00:00Z"),
        _ => instant.to_owned(),
    }
}

/// Working days after `from` up to and including `to` (none when `to` is not after `from`), skipping
/// weekends and `holidays`: the measure `due_date` counts its deadline in.
pub fn working_days_between(from: Date, to: Date, holidays: &[Date]) -> u32 {
    let mut day = from;
    let mut count = 0;
    while day < to {
        day = day.add_days(1);
        if !day.is_weekend() && !holidays.contains(&day) {
            count += 1;
        }
    }
    count
}

/// What a "same question" +1 answers: the count now, and whether this one counted (a second one from the
/// same place on the same day does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SameQuestionReceipt {
    pub same_question_count: u64,
    pub counted: bool,
}

/// A citizen asks to be told by email when a published question's answer changes, or when a consultation's
/// report is published. The address is kept only for that, never shown, and each mail can end it in one
/// click.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FollowRequest {
    pub email: String,
    /// The citizen agrees that the agency keeps the address to write to them about this.
    pub consent: bool,
    pub lang: Lang,
}

impl FollowRequest {
    /// The address, normalised (the domain lowercased), or every field's error.
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = normalise(&self.email);
        let email = match email.rsplit_once('@') {
            Some((local, domain)) => format!("{local}@{}", crate::text::lowercase(domain)),
            None => email,
        };
        if !is_valid_email(&email) {
            errors.add(Field::Email, MessageKey::EmailInvalid);
        }
        if !self.consent {
            errors.add(Field::Consent, MessageKey::ConsentRequired);
        }
        if errors.is_empty() { Ok(email) } else { Err(errors) }
    }
}

/// What a follow request answers, whether or not the address already followed: nothing that tells
/// whether someone follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowReceipt {
    pub following: bool,
}

/// Which answers a feed holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct FeedParams {
    /// A topic's slug: only its answers.
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub topic: Option<String>,
}

/// Open311 GeoReport v2 `GET requests` filters (the specification's, plus `page` and `page_size`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct Open311Params {
    /// A service (topic) code: only its requests.
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub service_code: Option<String>,
    /// `open` (still owed an answer) or `closed`.
    pub status: Option<String>,
    /// Requested at or after this instant (ISO 8601 with a zone, e.g. `2026-01-01T00:00:00Z`).
    pub start_date: Option<String>,
    /// Requested at or before this instant.
    pub end_date: Option<String>,
    /// 1-based page, at most 100,000 (an extension, as several cities have it).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100_000))]
    pub page: Option<u32>,
    /// Requests per page, at most 100 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u32>,
    /// Accepted and ignored: one server per agency.
    pub jurisdiction_id: Option<String>,
}

/// Open311's service discovery: where the agency's GeoReport v2 endpoint is and what it speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Open311Discovery {
    /// When the services may have changed: the server does not track it, so it is the time of the answer.
    pub changeset: String,
    pub contact: String,
    /// Empty: no key is needed.
    pub key_service: String,
    pub endpoints: Vec<Open311Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Open311Endpoint {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    /// `production`.
    #[serde(rename = "type")]
    pub kind: String,
    pub formats: Vec<String>,
}

/// An Open311 GeoReport v2 service: one of the agency's topics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Open311Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    /// Always false: a question needs no attributes beyond its text.
    pub metadata: bool,
    /// `realtime`: a question gets its tracking code when it is asked.
    #[serde(rename = "type")]
    pub kind: String,
    pub keywords: String,
    pub group: String,
}

/// An Open311 GeoReport v2 service request: a published question. Location fields are always empty, as
/// questions have no place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Open311Request {
    /// The tracking code.
    pub service_request_id: String,
    /// `open` while the agency owes an answer, then `closed`.
    pub status: String,
    /// The answer once it shows, else the latest public note.
    pub status_notes: String,
    pub service_name: String,
    pub service_code: String,
    /// The question's title and text.
    pub description: String,
    pub agency_responsible: String,
    pub service_notice: String,
    /// When it was asked, rounded down to the hour.
    pub requested_datetime: String,
    /// Its latest step.
    pub updated_datetime: String,
    /// The end of the day the answer is due, in Vietnam time.
    pub expected_datetime: String,
    pub address: String,
    pub address_id: String,
    pub zipcode: String,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: String,
}

/// A published comment on a consultation as open data shows it: never a name, only whether an individual or
/// an organisation commented; the day, not the hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenComment {
    pub id: i64,
    /// The article commented on; none for the whole draft.
    pub article: Option<u32>,
    pub clause: Option<u32>,
    pub stance: crate::Stance,
    pub body: String,
    pub commenter: crate::CommenterKind,
    /// `YYYY-MM-DD`, Vietnam time.
    pub created_on: String,
    /// How many identical comments this one stands for.
    pub group_size: u32,
    /// The agency's response, once its report is published.
    pub outcome: Option<crate::Outcome>,
    pub explanation: Option<String>,
}

/// One page of a consultation's published comments, oldest first, with the link to the next page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenCommentPage {
    pub items: Vec<OpenComment>,
    pub page: u32,
    pub per_page: u32,
    pub total: u32,
    pub next: Option<String>,
}

/// One row of a published report as open data shows it: the report's row without the commenters' names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenReportRow {
    pub article: Option<u32>,
    pub clause: Option<u32>,
    pub stance: crate::Stance,
    pub comment: String,
    pub outcome: crate::Outcome,
    pub explanation: String,
    pub group_size: u32,
}

/// A consultation's published report as open data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenReport {
    pub consultation: crate::ConsultationSummary,
    pub published_at: String,
    pub rows: Vec<OpenReportRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submission_times_are_rounded_down_to_the_hour() {
        assert_eq!(round_to_hour("2026-03-04T10:37:12Z"), "2026-03-04T10:00:00Z");
        assert_eq!(round_to_hour("2026-03-04T10:00:00Z"), "2026-03-04T10:00:00Z");
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let day = |d| Date::new(2026, 3, d).expect("date");
        // Friday 6 March to Monday 9 March: one working day.
        assert_eq!(working_days_between(day(6), day(9), &[]), 1);
        assert_eq!(working_days_between(day(6), day(10), &[day(9)]), 1);
        assert_eq!(working_days_between(day(9), day(9), &[]), 0);
        assert_eq!(working_days_between(day(9), day(6), &[]), 0);
        // The deadline counts the same way.
        let due = crate::due_date(day(6), 10, &[]);
        assert_eq!(working_days_between(day(6), due, &[]), 10);
    }

    #[test]
    fn archive_params_are_checked() {
        let params =
            ArchiveParams { q: Some("  giấy phép ".into()), topic: Some("dat-dai".into()), ..Default::default() };
        let query = params.check(20).expect("valid");
        assert_eq!(query.words.as_deref(), Some("giấy phép"));
        assert_eq!((query.page, query.per_page), (1, 20));
        assert!(ArchiveParams { topic: Some("Đất".into()), ..Default::default() }.check(20).is_err());
        assert!(ArchiveParams { q: Some("a\u{7}".into()), ..Default::default() }.check(20).is_err());
        assert!(ArchiveParams { q: Some("x".repeat(201)), ..Default::default() }.check(20).is_err());
        assert!(ArchiveParams { per_page: Some(101), ..Default::default() }.check(20).is_err());
        assert_eq!(ArchiveParams { q: Some("  ".into()), ..Default::default() }.check(20).expect("valid").words, None);
    }

    #[test]
    fn a_follow_needs_an_address_and_consent() {
        let ok = FollowRequest { email: " Dan@Example.VN ".into(), consent: true, lang: Lang::Vi };
        assert_eq!(ok.validate(), Ok("Dan@example.vn".into()));
        let errors = FollowRequest::default().validate().expect_err("refused");
        assert!(errors.get(Field::Email).contains(&MessageKey::EmailInvalid));
        assert!(errors.get(Field::Consent).contains(&MessageKey::ConsentRequired));
    }
}
