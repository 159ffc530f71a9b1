//! Consultations on draft legal documents (Decree 42/2022 Art. 8.1.c): a citizen or an organisation
//! comments on an article with a stance; the agency answers each comment (accepted, partly accepted, not
//! accepted, with an explanation) and publishes the explanation report.

use serde::{Deserialize, Serialize};

use crate::contact::is_valid_email;
use crate::draft::Draft;
use crate::text::{Lines, char_count, has_forbidden_chars, normalise};
use crate::tracker::ContactHeld;
use crate::{Date, Field, FieldErrors, Lang, MessageKey};

/// The longest comment, in characters.
pub const COMMENT_MAX: usize = 5_000;
/// The longest commenter's or organisation's name.
pub const NAME_MAX: usize = crate::question::NAME_MAX;

/// What kind of document is put to consultation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// Luật.
    Law,
    /// Nghị định.
    Decree,
    /// Thông tư.
    Circular,
    /// Quyết định.
    Decision,
    /// Đề án.
    Scheme,
    /// Chính sách.
    Policy,
    #[default]
    Other,
}

impl DocumentType {
    pub const ALL: [DocumentType; 7] = [
        DocumentType::Law,
        DocumentType::Decree,
        DocumentType::Circular,
        DocumentType::Decision,
        DocumentType::Scheme,
        DocumentType::Policy,
        DocumentType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::Law => "law",
            DocumentType::Decree => "decree",
            DocumentType::Circular => "circular",
            DocumentType::Decision => "decision",
            DocumentType::Scheme => "scheme",
            DocumentType::Policy => "policy",
            DocumentType::Other => "other",
        }
    }

    pub fn parse(name: &str) -> Option<DocumentType> {
        DocumentType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DocumentType::Law, Lang::Vi) => "Luật",
            (DocumentType::Law, Lang::En) => "Law",
            (DocumentType::Decree, Lang::Vi) => "Nghị định",
            (DocumentType::Decree, Lang::En) => "Decree",
            (DocumentType::Circular, Lang::Vi) => "Thông tư",
            (DocumentType::Circular, Lang::En) => "Circular",
            (DocumentType::Decision, Lang::Vi) => "Quyết định",
            (DocumentType::Decision, Lang::En) => "Decision",
            (DocumentType::Scheme, Lang::Vi) => "Đề án",
            (DocumentType::Scheme, Lang::En) => "Scheme",
            (DocumentType::Policy, Lang::Vi) => "Chính sách",
            (DocumentType::Policy, Lang::En) => "Policy",
            (DocumentType::Other, Lang::Vi) => "Văn bản khác",
            (DocumentType::Other, Lang::En) => "Other document",
        }
    }
}

/// Where a consultation stands; it follows from its times and from whether the report is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsultationState {
    Upcoming,
    Open,
    Closed,
    ReportPublished,
}

impl ConsultationState {
    /// The state at `now`. Instants are written as the server stores them (`YYYY-MM-DDTHH:MM:SSZ`), which
    /// sort in time order; the period includes its opening instant and excludes its closing one.
    pub fn at(opens_at: &str, closes_at: &str, report_published: bool, now: &str) -> ConsultationState {
        if report_published {
            ConsultationState::ReportPublished
        } else if now < opens_at {
            ConsultationState::Upcoming
        } else if now < closes_at {
            ConsultationState::Open
        } else {
            ConsultationState::Closed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ConsultationState::Upcoming => "upcoming",
            ConsultationState::Open => "open",
            ConsultationState::Closed => "closed",
            ConsultationState::ReportPublished => "report_published",
        }
    }
}

/// A commenter's position on what they comment on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Tán thành.
    Agree,
    /// Không tán thành.
    Disagree,
    /// Ý kiến khác.
    Other,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::Agree, Stance::Disagree, Stance::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Agree => "agree",
            Stance::Disagree => "disagree",
            Stance::Other => "other",
        }
    }

    pub fn parse(name: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|s| s.as_str() == name)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Stance::Agree, Lang::Vi) => "Tán thành",
            (Stance::Agree, Lang::En) => "Agree",
            (Stance::Disagree, Lang::Vi) => "Không tán thành",
            (Stance::Disagree, Lang::En) => "Disagree",
            (Stance::Other, Lang::Vi) => "Ý kiến khác",
            (Stance::Other, Lang::En) => "Other view",
        }
    }
}

/// Who comments: a person, or an organisation (whose name is always public, as in the official report).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommenterKind {
    #[default]
    Individual,
    Organisation,
}

impl CommenterKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommenterKind::Individual => "individual",
            CommenterKind::Organisation => "organisation",
        }
    }

    pub fn parse(name: &str) -> Option<CommenterKind> {
        [CommenterKind::Individual, CommenterKind::Organisation].into_iter().find(|k| k.as_str() == name)
    }
}

/// What the agency did with a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Tiếp thu.
    Accepted,
    /// Tiếp thu một phần.
    PartlyAccepted,
    /// Không tiếp thu (giải trình).
    NotAccepted,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Accepted, Outcome::PartlyAccepted, Outcome::NotAccepted];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::PartlyAccepted => "partly_accepted",
            Outcome::NotAccepted => "not_accepted",
        }
    }

    pub fn parse(name: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == name)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Outcome::Accepted, Lang::Vi) => "Tiếp thu",
            (Outcome::Accepted, Lang::En) => "Accepted",
            (Outcome::PartlyAccepted, Lang::Vi) => "Tiếp thu một phần",
            (Outcome::PartlyAccepted, Lang::En) => "Partly accepted",
            (Outcome::NotAccepted, Lang::Vi) => "Không tiếp thu",
            (Outcome::NotAccepted, Lang::En) => "Not accepted",
        }
    }
}

/// Where a comment is in moderation. Only published comments are shown to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    Received,
    Published,
    Hidden,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Received => "received",
            CommentStatus::Published => "published",
            CommentStatus::Hidden => "hidden",
        }
    }

    pub fn parse(name: &str) -> Option<CommentStatus> {
        [CommentStatus::Received, CommentStatus::Published, CommentStatus::Hidden]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// A comment as the widget (or any API client) sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewComment {
    /// The article's number; none for a comment on the draft as a whole.
    pub article: Option<u32>,
    /// The clause's number within the article, when the comment is about one clause.
    pub clause: Option<u32>,
    /// Required.
    pub stance: Option<Stance>,
    /// 1 to 5,000 characters.
    pub body: String,
    pub commenter: CommenterKind,
    /// An individual's name (optional), or the organisation's name (required).
    pub name: String,
    /// Whether an individual's name is published with the comment; organisations' names always are.
    pub publish_name: bool,
    /// Optional: to be told when the report is published.
    pub email: String,
    /// Consent to the processing of the email and an individual's name (Law 91/2025/QH15); required when
    /// either is given.
    pub consent: bool,
    pub lang: Lang,
    /// A honeypot: people never see this field.
    pub website: String,
}

/// A comment that passed every rule, normalised and ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidComment {
    pub article: Option<u32>,
    pub clause: Option<u32>,
    pub stance: Stance,
    pub body: String,
    pub commenter: CommenterKind,
    pub name: Option<String>,
    pub publish_name: bool,
    pub email: Option<String>,
    pub consent: bool,
    pub lang: Lang,
}

impl NewComment {
    pub fn is_from_robot(&self) -> bool {
        !self.website.trim().is_empty()
    }

    /// Checks the comment against the draft and returns it normalised, or every error.
    pub fn validate(&self, draft: &Draft) -> Result<ValidComment, FieldErrors> {
        let mut errors = FieldErrors::default();
        let article = match self.article {
            Some(number) => {
                let found = draft.article(number);
                if found.is_none() {
                    errors.add(Field::Article, MessageKey::ArticleUnknown);
                }
                found
            }
            None => None,
        };
        // A clause of an unknown article is already reported on the article.
        let article_unknown = self.article.is_some() && article.is_none();
        if let Some(clause) = self.clause.filter(|_| !article_unknown)
            && !article.is_some_and(|a| a.clauses.iter().any(|c| c.number == clause))
        {
            errors.add(Field::Clause, MessageKey::ClauseUnknown);
        }
        if self.stance.is_none() {
            errors.add(Field::Stance, MessageKey::StanceRequired);
        }
        let body = normalise(&self.body);
        if body.is_empty() {
            errors.add(Field::Body, MessageKey::CommentRequired);
        } else {
            if char_count(&body) > COMMENT_MAX {
                errors.add(Field::Body, MessageKey::CommentBodyTooLong);
            }
            if has_forbidden_chars(&body, Lines::Multi) {
                errors.add(Field::Body, MessageKey::CommentForbiddenChars);
            }
        }
        let name = normalise(&self.name);
        match self.commenter {
            CommenterKind::Organisation if name.is_empty() => errors.add(Field::Name, MessageKey::OrganisationRequired),
            CommenterKind::Individual if name.is_empty() && self.publish_name => {
                errors.add(Field::Name, MessageKey::PublishedNameRequired)
            }
            _ => {}
        }
        if char_count(&name) > NAME_MAX {
            errors.add(Field::Name, MessageKey::NameTooLong);
        }
        if has_forbidden_chars(&name, Lines::Single) {
            errors.add(Field::Name, MessageKey::NameForbiddenChars);
        }
        let email = normalise(&self.email);
        if !email.is_empty() && !is_valid_email(&email) {
            errors.add(Field::Email, MessageKey::EmailInvalid);
        }
        let personal_name = self.commenter == CommenterKind::Individual && !name.is_empty();
        let personal = personal_name || !email.is_empty();
        if personal && !self.consent {
            errors.add(Field::Consent, MessageKey::ConsentRequired);
        }
        let Some(stance) = self.stance.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        let non_empty = |s: String| (!s.is_empty()).then_some(s);
        Ok(ValidComment {
            article: self.article,
            clause: self.clause,
            stance,
            body,
            commenter: self.commenter,
            publish_name: self.commenter == CommenterKind::Organisation || (self.publish_name && personal_name),
            name: non_empty(name),
            email: non_empty(email),
            consent: self.consent && personal,
            lang: self.lang,
        })
    }

    /// The errors of one field, for inline errors as the citizen moves through the form.
    pub fn validate_field(&self, field: Field, draft: &Draft) -> Vec<MessageKey> {
        match self.validate(draft) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.get(field).to_vec(),
        }
    }
}

/// What the server answers once a comment is stored: the PIN appears here once and is never shown again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentReceipt {
    pub tracking_code: String,
    pub pin: String,
    /// The consultation's slug.
    pub consultation: String,
    pub article: Option<u32>,
}

/// A consultation as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub document_type: DocumentType,
    /// The unit that drafts the document (cơ quan chủ trì soạn thảo).
    pub drafting_unit: String,
    /// RFC 3339, UTC.
    pub opens_at: String,
    /// RFC 3339, UTC; comments are taken until this instant.
    pub closes_at: String,
    pub state: ConsultationState,
    pub report_published_at: Option<String>,
}

/// An agency's consultations, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationList {
    pub consultations: Vec<ConsultationSummary>,
}

/// A document attached by address: the full draft, the impact assessment, the submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Attachment {
    pub title: String,
    /// `https://…` or `http://…`.
    pub url: String,
}

/// A public note about the period: opened or closed early, extended, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicNote {
    /// RFC 3339, UTC.
    pub at: String,
    pub text: String,
}

/// How many comments an article (or, with `article` none, the draft as a whole) has received.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleCounts {
    pub article: Option<u32>,
    /// Comments received and not hidden, by stance.
    pub agree: u32,
    pub disagree: u32,
    pub other: u32,
    /// How many of them moderators have published.
    pub published: u32,
}

/// One consultation with its draft and the counts of comments per article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicConsultation {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub document_type: DocumentType,
    pub drafting_unit: String,
    pub opens_at: String,
    pub closes_at: String,
    pub state: ConsultationState,
    pub report_published_at: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Oldest first.
    pub notes: Vec<PublicNote>,
    /// `YYYY-MM-DD`: the day the agency expects to publish its report.
    pub report_expected_by: Option<String>,
    pub draft: Draft,
    /// Only articles (and the whole draft) with at least one comment.
    pub counts: Vec<ArticleCounts>,
}

impl PublicConsultation {
    pub fn summary(&self) -> ConsultationSummary {
        ConsultationSummary {
            slug: self.slug.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            document_type: self.document_type,
            drafting_unit: self.drafting_unit.clone(),
            opens_at: self.opens_at.clone(),
            closes_at: self.closes_at.clone(),
            state: self.state,
            report_published_at: self.report_published_at.clone(),
        }
    }
}

/// The agency's response to a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentResponse {
    pub outcome: Outcome,
    pub explanation: String,
}

/// A published comment: never an email, and an individual's name only when they chose to publish it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicComment {
    pub id: i64,
    pub article: Option<u32>,
    pub clause: Option<u32>,
    pub stance: Stance,
    pub body: String,
    pub commenter: CommenterKind,
    /// The organisation's name, or an individual's name only when they chose to publish it.
    pub name: Option<String>,
    /// `YYYY-MM-DD`, Vietnam time: the day, not the hour, so that no one is singled out by it.
    pub created_on: String,
    /// How many identical comments this one stands for (1 when not grouped).
    pub group_size: u32,
    /// Shown once the report is published.
    pub response: Option<CommentResponse>,
}

/// Which published comments: of one article (`article=5`), of the whole draft (`article=general`), or all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(default)]
pub struct CommentParams {
    /// An article's number, or `general` for comments on the whole draft.
    pub article: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100_000))]
    pub page: Option<u32>,
    /// At most 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u32>,
}

/// Which comments an `article` filter selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleFilter {
    Any,
    General,
    Article(u32),
}

impl ArticleFilter {
    /// `None` when the filter is neither empty, `general` nor an article number.
    pub fn parse(article: Option<&str>) -> Option<ArticleFilter> {
        match article.map(str::trim) {
            None | Some("") => Some(ArticleFilter::Any),
            Some("general") => Some(ArticleFilter::General),
            Some(number) => number.parse().ok().map(ArticleFilter::Article),
        }
    }
}

/// One page of published comments, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentPage {
    pub comments: Vec<PublicComment>,
    pub page: u32,
    pub per_page: u32,
    pub total: u32,
}

/// One row of the explanation report (bảng tổng hợp ý kiến, tiếp thu, giải trình).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRow {
    pub article: Option<u32>,
    pub clause: Option<u32>,
    /// Names that are public, then the others counted ("3 cá nhân").
    pub commenters: Vec<String>,
    pub stance: Stance,
    pub comment: String,
    pub outcome: Outcome,
    pub explanation: String,
    /// How many identical comments the row stands for.
    pub group_size: u32,
}

/// The report's totals: comments counted one by one, grouped ones included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportTotals {
    pub comments: u32,
    pub agree: u32,
    pub disagree: u32,
    pub other: u32,
    pub accepted: u32,
    pub partly_accepted: u32,
    pub not_accepted: u32,
}

/// The published explanation report, as open data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub consultation: ConsultationSummary,
    pub published_at: String,
    /// By article (the whole draft first), then clause, then the order comments arrived.
    pub rows: Vec<ReportRow>,
    pub totals: ReportTotals,
}

/// The "who commented" cell of a report row: the public names, then the others counted, in Vietnamese as
/// the official table is.
pub fn commenters_cell(public_names: Vec<String>, unnamed: u32) -> Vec<String> {
    let mut cell = public_names;
    if unnamed > 0 {
        cell.push(format!("{unnamed} cá nhân"));
    }
    cell
}

/// A commenter's own comment, found with code and PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnComment {
    pub tracking_code: String,
    pub consultation: ConsultationSummary,
    pub article: Option<u32>,
    pub clause: Option<u32>,
    pub stance: Stance,
    pub body: String,
    pub status: CommentStatus,
    /// Why moderators hid it, when they did.
    pub hidden_reason: Option<String>,
    /// `YYYY-MM-DD`, Vietnam time.
    pub submitted_on: String,
    /// Shown once the report is published.
    pub response: Option<CommentResponse>,
    pub contact: ContactHeld,
}

/// Why a report cannot be published yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ReportBlocker {
    /// The consultation has not closed.
    NotClosed,
    /// It is already published.
    AlreadyPublished,
    /// Comments no moderator has published or hidden yet.
    Unmoderated { count: u32 },
    /// Published comments (or groups) without a response.
    Unanswered { count: u32 },
}

/// The report rule: a report is published only after the consultation closes, once every comment is
/// moderated (published or hidden) and every published comment or group has a response. Hidden comments
/// need none. Answers everything that blocks it, none when it may be published.
pub fn report_blockers(state: ConsultationState, unmoderated: u32, unanswered: u32) -> Vec<ReportBlocker> {
    let mut blockers = Vec::new();
    match state {
        ConsultationState::Upcoming | ConsultationState::Open => blockers.push(ReportBlocker::NotClosed),
        ConsultationState::ReportPublished => blockers.push(ReportBlocker::AlreadyPublished),
        ConsultationState::Closed => {}
    }
    if unmoderated > 0 {
        blockers.push(ReportBlocker::Unmoderated { count: unmoderated });
    }
    if unanswered > 0 {
        blockers.push(ReportBlocker::Unanswered { count: unanswered });
    }
    blockers
}

/// The day a stored instant falls on in Vietnam, as `YYYY-MM-DD`.
pub fn vietnam_day(instant: &str) -> String {
    Date::in_vietnam_at(instant).map(|d| d.to_string()).unwrap_or_default()
}

#[cfg(feature = "staff")]
pub mod staff {
    //! The staff API's shapes for consultations, with the rule for every staff input.

    use serde::{Deserialize, Serialize};

    use super::*;
    use crate::date::parse_instant;
    use crate::draft::{ParsedDraft, parse_draft};
    use crate::staff::ContactErasure;

    /// Slugs of consultations appear in page addresses: 3 to 80 lowercase letters, digits and dashes.
    pub const SLUG_CHARS: std::ops::RangeInclusive<usize> = 3..=80;
    pub const TITLE_MAX: usize = 500;
    pub const SUMMARY_MAX: usize = 5_000;
    pub const UNIT_MAX: usize = 200;
    /// About ten times the longest codes in force.
    pub const TEXT_MAX: usize = 2_000_000;
    pub const ATTACHMENTS_MAX: usize = 20;
    pub const EXPLANATION_MAX: usize = 10_000;
    pub const NOTE_MAX: usize = crate::lifecycle::NOTE_MAX;
    /// The most comments one grouping names.
    pub const GROUP_MAX: usize = 1_000;

    pub fn is_valid_consultation_slug(slug: &str) -> bool {
        SLUG_CHARS.contains(&slug.len())
            && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
    }

    /// Reads an instant typed by staff; see [`parse_instant`].
    fn instant(errors: &mut FieldErrors, field: Field, key: MessageKey, input: &str) -> Option<String> {
        let parsed = parse_instant(input);
        if parsed.is_none() {
            errors.add(field, key);
        }
        parsed
    }

    /// A consultation as staff create it (or edit it before it opens), with the draft pasted as text.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default)]
    pub struct NewConsultation {
        pub slug: String,
        pub title: String,
        pub summary: String,
        pub document_type: DocumentType,
        pub drafting_unit: String,
        /// `YYYY-MM-DDTHH:MM[:SS]`, with `Z` or an offset; without one, Vietnam time.
        pub opens_at: String,
        pub closes_at: String,
        /// `YYYY-MM-DD`, optional: when the report is expected.
        pub report_expected_by: Option<String>,
        pub attachments: Vec<Attachment>,
        /// The draft's plain text, parsed by [`parse_draft`].
        pub text: String,
    }

    /// A consultation that passed every rule, with its parsed draft.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ValidConsultation {
        pub slug: String,
        pub title: String,
        pub summary: String,
        pub document_type: DocumentType,
        pub drafting_unit: String,
        pub opens_at: String,
        pub closes_at: String,
        pub report_expected_by: Option<String>,
        pub attachments: Vec<Attachment>,
        pub text: String,
        pub draft: Draft,
    }

    impl NewConsultation {
        pub fn validate(&self) -> Result<ValidConsultation, FieldErrors> {
            let mut errors = FieldErrors::default();
            let slug = self.slug.trim().to_owned();
            if !is_valid_consultation_slug(&slug) {
                errors.add(Field::Slug, MessageKey::ConsultationSlugInvalid);
            }
            let title = normalise(&self.title);
            if title.is_empty() {
                errors.add(Field::Title, MessageKey::ConsultationTitleRequired);
            }
            single_line(&mut errors, Field::Title, &title, TITLE_MAX, MessageKey::ConsultationTitleTooLong);
            let summary = normalise(&self.summary);
            if char_count(&summary) > SUMMARY_MAX {
                errors.add(Field::Summary, MessageKey::SummaryTooLong);
            }
            if has_forbidden_chars(&summary, Lines::Multi) {
                errors.add(Field::Summary, MessageKey::SummaryForbiddenChars);
            }
            let drafting_unit = normalise(&self.drafting_unit);
            if drafting_unit.is_empty() {
                errors.add(Field::DraftingUnit, MessageKey::DraftingUnitRequired);
            }
            single_line(&mut errors, Field::DraftingUnit, &drafting_unit, UNIT_MAX, MessageKey::LabelTooLong);
            let opens_at = instant(&mut errors, Field::OpensAt, MessageKey::OpensAtInvalid, &self.opens_at);
            let closes_at = instant(&mut errors, Field::ClosesAt, MessageKey::ClosesAtInvalid, &self.closes_at);
            if let (Some(opens), Some(closes)) = (&opens_at, &closes_at)
                && closes <= opens
            {
                errors.add(Field::ClosesAt, MessageKey::ClosesBeforeOpens);
            }
            let report_expected_by = match self.report_expected_by.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(day) => {
                    let date = Date::parse(day);
                    if date.is_none() {
                        errors.add(Field::ReportExpectedBy, MessageKey::ReportExpectedByInvalid);
                    }
                    date.map(|d| d.to_string())
                }
            };
            let mut attachments = Vec::new();
            if self.attachments.len() > ATTACHMENTS_MAX {
                errors.add(Field::Attachments, MessageKey::AttachmentInvalid);
            }
            for attachment in &self.attachments {
                let title = normalise(&attachment.title);
                let url = attachment.url.trim().to_owned();
                let web = url.starts_with("https://") || url.starts_with("http://");
                let clean = !url.contains(|c: char| c.is_whitespace() || c.is_control() || c == '"');
                let title_ok =
                    !title.is_empty() && char_count(&title) <= TITLE_MAX && !has_forbidden_chars(&title, Lines::Single);
                if !(web && clean && url.len() <= 2_000 && title_ok) {
                    errors.add(Field::Attachments, MessageKey::AttachmentInvalid);
                }
                attachments.push(Attachment { title, url });
            }
            let text = normalise(&self.text);
            let mut draft = Draft::default();
            if text.is_empty() {
                errors.add(Field::Text, MessageKey::DraftTextRequired);
            } else if char_count(&text) > TEXT_MAX {
                errors.add(Field::Text, MessageKey::DraftTextTooLong);
            } else {
                draft = parse_draft(&self.text).draft;
                if draft.articles.is_empty() {
                    errors.add(Field::Text, MessageKey::DraftWithoutArticles);
                }
            }
            let (Some(opens_at), Some(closes_at)) = (opens_at, closes_at) else {
                return Err(errors);
            };
            if !errors.is_empty() {
                return Err(errors);
            }
            Ok(ValidConsultation {
                slug,
                title,
                summary,
                document_type: self.document_type,
                drafting_unit,
                opens_at,
                closes_at,
                report_expected_by,
                attachments,
                text,
                draft,
            })
        }
    }

    fn single_line(errors: &mut FieldErrors, field: Field, text: &str, max: usize, too_long: MessageKey) {
        if char_count(text) > max {
            errors.add(field, too_long);
        }
        if has_forbidden_chars(text, Lines::Single) {
            errors.add(field, MessageKey::LabelForbiddenChars);
        }
    }

    /// The text to preview: the answer is what the parser understood.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default)]
    pub struct ParsePreview {
        pub text: String,
    }

    impl ParsePreview {
        pub fn parse(&self) -> Result<ParsedDraft, FieldErrors> {
            let mut errors = FieldErrors::default();
            // There is nothing to preview in empty text; saying so helps more than an empty tree.
            if self.text.trim().is_empty() {
                errors.add(Field::Text, MessageKey::DraftTextRequired);
                return Err(errors);
            }
            if char_count(&self.text) > TEXT_MAX {
                errors.add(Field::Text, MessageKey::DraftTextTooLong);
                return Err(errors);
            }
            Ok(parse_draft(&self.text))
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum PeriodAction {
        /// Opens now, before the planned opening.
        Open,
        /// Closes now, before the planned closing.
        Close,
        /// Moves the closing later; reopens a closed consultation whose report is not published.
        Extend,
    }

    impl PeriodAction {
        pub fn as_str(self) -> &'static str {
            match self {
                PeriodAction::Open => "open",
                PeriodAction::Close => "close",
                PeriodAction::Extend => "extend",
            }
        }

        /// Whether the action makes sense in `state`.
        pub fn allowed_in(self, state: ConsultationState) -> bool {
            matches!(
                (self, state),
                (PeriodAction::Open, ConsultationState::Upcoming)
                    | (PeriodAction::Close, ConsultationState::Open)
                    | (PeriodAction::Extend, ConsultationState::Upcoming | ConsultationState::Open)
                    | (PeriodAction::Extend, ConsultationState::Closed)
            )
        }
    }

    /// Opens or closes early, or extends, with a public note saying why.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct PeriodChange {
        pub action: PeriodAction,
        /// Required to extend: the new closing instant.
        #[serde(default)]
        pub closes_at: Option<String>,
        /// Public, required.
        #[serde(default)]
        pub note: String,
    }

    /// A period change that passed its rules: the new opening and closing instants.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ValidPeriodChange {
        pub opens_at: String,
        pub closes_at: String,
        pub note: String,
    }

    impl PeriodChange {
        /// Checks the change against the consultation's current period at `now` (stored instants).
        pub fn validate(&self, opens_at: &str, closes_at: &str, now: &str) -> Result<ValidPeriodChange, FieldErrors> {
            let mut errors = FieldErrors::default();
            let note = normalise(&self.note);
            if note.is_empty() {
                errors.add(Field::PublicNote, MessageKey::PeriodNoteRequired);
            }
            if char_count(&note) > NOTE_MAX {
                errors.add(Field::PublicNote, MessageKey::NoteTooLong);
            }
            if has_forbidden_chars(&note, Lines::Multi) {
                errors.add(Field::PublicNote, MessageKey::NoteForbiddenChars);
            }
            let (opens, closes) = match self.action {
                PeriodAction::Open => (now.to_owned(), closes_at.to_owned()),
                PeriodAction::Close => (opens_at.to_owned(), now.to_owned()),
                PeriodAction::Extend => {
                    let input = self.closes_at.as_deref().unwrap_or_default();
                    let new = instant(&mut errors, Field::ClosesAt, MessageKey::ClosesAtInvalid, input);
                    if new.as_deref().is_some_and(|new| new <= closes_at || new <= now) {
                        errors.add(Field::ClosesAt, MessageKey::ExtendLater);
                    }
                    (opens_at.to_owned(), new.unwrap_or_default())
                }
            };
            if errors.is_empty() {
                Ok(ValidPeriodChange { opens_at: opens, closes_at: closes, note })
            } else {
                Err(errors)
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum ModerationAction {
        Publish,
        Hide,
    }

    /// Publishes a comment, or hides it with a reason that its author is shown. On a group's lead it applies
    /// to the whole group.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Moderation {
        pub action: ModerationAction,
        #[serde(default)]
        pub reason: String,
    }

    impl Moderation {
        /// The normalised reason (none to publish), or why the request is refused.
        pub fn validate(&self) -> Result<Option<String>, FieldErrors> {
            let mut errors = FieldErrors::default();
            let reason = normalise(&self.reason);
            if self.action == ModerationAction::Hide && reason.is_empty() {
                errors.add(Field::Reason, MessageKey::HideReasonRequired);
            }
            if char_count(&reason) > NOTE_MAX {
                errors.add(Field::Reason, MessageKey::NoteTooLong);
            }
            if has_forbidden_chars(&reason, Lines::Multi) {
                errors.add(Field::Reason, MessageKey::NoteForbiddenChars);
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            Ok((self.action == ModerationAction::Hide).then_some(reason))
        }
    }

    /// Groups identical comments (a mass campaign): the earliest becomes the lead, and is answered once for all.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default)]
    pub struct GroupRequest {
        pub comment_ids: Vec<i64>,
    }

    impl GroupRequest {
        /// The distinct ids, sorted, the lead first.
        pub fn validate(&self) -> Result<Vec<i64>, FieldErrors> {
            let mut ids = self.comment_ids.clone();
            ids.sort_unstable();
            ids.dedup();
            if ids.len() < 2 || ids.len() > GROUP_MAX {
                let mut errors = FieldErrors::default();
                errors.add(Field::CommentIds, MessageKey::GroupTooSmall);
                return Err(errors);
            }
            Ok(ids)
        }
    }

    /// The agency's response to a comment or, on a group's lead, to the group.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default)]
    pub struct ResponseRequest {
        /// Required.
        pub outcome: Option<Outcome>,
        /// Required unless the comment is accepted: the reason (giải trình).
        pub explanation: String,
    }

    impl ResponseRequest {
        pub fn validate(&self) -> Result<CommentResponse, FieldErrors> {
            let mut errors = FieldErrors::default();
            let explanation = normalise(&self.explanation);
            if self.outcome.is_none() {
                errors.add(Field::Outcome, MessageKey::OutcomeRequired);
            }
            if explanation.is_empty() && matches!(self.outcome, Some(o) if o != Outcome::Accepted) {
                errors.add(Field::Explanation, MessageKey::ExplanationRequired);
            }
            if char_count(&explanation) > EXPLANATION_MAX {
                errors.add(Field::Explanation, MessageKey::ExplanationTooLong);
            }
            if has_forbidden_chars(&explanation, Lines::Multi) {
                errors.add(Field::Explanation, MessageKey::ExplanationForbiddenChars);
            }
            match self.outcome {
                Some(outcome) if errors.is_empty() => Ok(CommentResponse { outcome, explanation }),
                _ => Err(errors),
            }
        }
    }

    /// Filters of the staff's list of comments. Empty values mean "any".
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
    #[serde(default)]
    pub struct StaffCommentParams {
        /// An article's number, or `general`.
        pub article: Option<String>,
        pub stance: Option<Stance>,
        pub status: Option<CommentStatus>,
        /// Words in the comment or the commenter's name, or a tracking code.
        pub q: Option<String>,
        #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100_000))]
        pub page: Option<u32>,
        /// At most 100 (default 50).
        #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
        pub per_page: Option<u32>,
    }

    /// A comment as staff read it; name and email only for roles that handle citizens' contact details.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct StaffComment {
        pub id: i64,
        pub tracking_code: String,
        pub article: Option<u32>,
        pub clause: Option<u32>,
        pub stance: Stance,
        pub body: String,
        pub commenter: CommenterKind,
        /// An organisation's name always; an individual's only for roles that see contact details.
        pub name: Option<String>,
        pub publish_name: bool,
        pub email: Option<String>,
        pub consent_at: Option<String>,
        pub contact_erased: Option<ContactErasure>,
        pub lang: Lang,
        pub status: CommentStatus,
        pub hidden_reason: Option<String>,
        /// The lead's id, when the comment is grouped.
        pub group_id: Option<i64>,
        pub response: Option<CommentResponse>,
        pub responded_at: Option<String>,
        pub created_at: String,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct StaffCommentPage {
        pub comments: Vec<StaffComment>,
        pub page: u32,
        pub per_page: u32,
        pub total: u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MessageKey::*;
    use crate::draft::parse_draft;

    fn draft() -> Draft {
        parse_draft("Điều 1. Một\n1. Khoản một\n2. Khoản hai\nĐiều 3. Ba\nNội dung.").draft
    }

    fn valid() -> NewComment {
        NewComment {
            article: Some(1),
            stance: Some(Stance::Disagree),
            body: "Đề nghị sửa khoản 2.".into(),
            ..NewComment::default()
        }
    }

    fn check(edit: impl FnOnce(&mut NewComment), field: Field, expected: &[MessageKey]) {
        let mut comment = valid();
        edit(&mut comment);
        assert_eq!(comment.validate_field(field, &draft()), expected, "{field:?} of {comment:?}");
    }

    #[test]
    fn a_plain_anonymous_comment_is_valid() {
        let comment = valid().validate(&draft()).unwrap();
        assert_eq!((comment.name, comment.email, comment.consent, comment.publish_name), (None, None, false, false));
        assert_eq!(comment.body, "Đề nghị sửa khoản 2.");
    }

    #[test]
    fn article_and_clause_must_exist() {
        check(|c| c.article = None, Field::Article, &[]);
        check(|c| c.article = Some(2), Field::Article, &[ArticleUnknown]);
        check(|c| c.article = Some(3), Field::Article, &[]);
        check(|c| c.clause = Some(2), Field::Clause, &[]);
        check(|c| c.clause = Some(3), Field::Clause, &[ClauseUnknown]);
        check(|c| (c.article, c.clause) = (Some(3), Some(1)), Field::Clause, &[ClauseUnknown]);
        check(|c| (c.article, c.clause) = (None, Some(1)), Field::Clause, &[ClauseUnknown]);
        // An unknown article is one error, not two.
        check(|c| (c.article, c.clause) = (Some(9), Some(1)), Field::Clause, &[]);
    }

    #[test]
    fn stance_and_body() {
        check(|c| c.stance = None, Field::Stance, &[StanceRequired]);
        check(|c| c.body = " \n ".into(), Field::Body, &[CommentRequired]);
        check(|c| c.body = "ư".repeat(5_000), Field::Body, &[]);
        check(|c| c.body = "ư".repeat(5_001), Field::Body, &[CommentBodyTooLong]);
        check(|c| c.body = "a\u{7}".into(), Field::Body, &[CommentForbiddenChars]);
        check(|c| c.body = "Dòng 1\nDòng 2".into(), Field::Body, &[]);
    }

    #[test]
    fn commenters_names_and_consent() {
        let organisation = |c: &mut NewComment| c.commenter = CommenterKind::Organisation;
        check(organisation, Field::Name, &[OrganisationRequired]);
        check(
            |c| {
                organisation(c);
                c.name = "Hiệp hội Doanh nghiệp".into();
            },
            Field::Consent,
            &[],
        );
        check(|c| c.publish_name = true, Field::Name, &[PublishedNameRequired]);
        check(|c| c.name = "Nguyễn Văn A".into(), Field::Consent, &[ConsentRequired]);
        check(|c| c.email = "a@example.vn".into(), Field::Consent, &[ConsentRequired]);
        check(|c| c.email = "not-an-email".into(), Field::Email, &[EmailInvalid]);
        check(|c| c.name = "x".repeat(101), Field::Name, &[NameTooLong]);

        let mut organisation = valid();
        (organisation.commenter, organisation.name) = (CommenterKind::Organisation, " Hội Luật gia ".into());
        let comment = organisation.validate(&draft()).unwrap();
        assert!(comment.publish_name, "an organisation's name is always public");
        assert_eq!(comment.name.as_deref(), Some("Hội Luật gia"));

        let mut person = valid();
        (person.name, person.consent, person.publish_name) = ("Lê Thị B".into(), true, true);
        assert!(person.validate(&draft()).unwrap().publish_name);
        person.publish_name = false;
        assert!(!person.validate(&draft()).unwrap().publish_name);
    }

    #[test]
    fn every_error_at_once() {
        let comment = NewComment { article: Some(7), body: String::new(), ..NewComment::default() };
        let errors = comment.validate(&draft()).unwrap_err();
        let fields: Vec<_> = errors.errors.keys().copied().collect();
        assert_eq!(fields, vec![Field::Body, Field::Article, Field::Stance]);
    }

    #[test]
    fn states_follow_from_times() {
        let (opens, closes) = ("2026-12-01T01:00:00Z", "2026-12-21T17:00:00Z");
        let at = |now, published| ConsultationState::at(opens, closes, published, now);
        assert_eq!(at("2026-11-30T23:59:59Z", false), ConsultationState::Upcoming);
        assert_eq!(at("2026-12-01T01:00:00Z", false), ConsultationState::Open);
        assert_eq!(at("2026-12-21T16:59:59Z", false), ConsultationState::Open);
        assert_eq!(at("2026-12-21T17:00:00Z", false), ConsultationState::Closed);
        assert_eq!(at("2027-01-01T00:00:00Z", true), ConsultationState::ReportPublished);
    }

    #[test]
    fn the_report_rule() {
        use ConsultationState::*;
        assert_eq!(report_blockers(Closed, 0, 0), vec![]);
        assert_eq!(report_blockers(Open, 0, 0), vec![ReportBlocker::NotClosed]);
        assert_eq!(report_blockers(Upcoming, 0, 0), vec![ReportBlocker::NotClosed]);
        assert_eq!(report_blockers(ReportPublished, 0, 0), vec![ReportBlocker::AlreadyPublished]);
        assert_eq!(
            report_blockers(Closed, 2, 3),
            vec![ReportBlocker::Unmoderated { count: 2 }, ReportBlocker::Unanswered { count: 3 }]
        );
        let json = serde_json::to_value(ReportBlocker::Unanswered { count: 3 }).unwrap();
        assert_eq!(json, serde_json::json!({"reason": "unanswered", "count": 3}));
    }

    #[test]
    fn commenters_cells() {
        assert_eq!(commenters_cell(vec!["Hội Luật gia".into()], 3), vec!["Hội Luật gia", "3 cá nhân"]);
        assert_eq!(commenters_cell(vec![], 0), Vec::<String>::new());
    }

    #[test]
    fn article_filters() {
        assert_eq!(ArticleFilter::parse(None), Some(ArticleFilter::Any));
        assert_eq!(ArticleFilter::parse(Some("general")), Some(ArticleFilter::General));
        assert_eq!(ArticleFilter::parse(Some("12")), Some(ArticleFilter::Article(12)));
        assert_eq!(ArticleFilter::parse(Some("-1")), None);
        assert_eq!(ArticleFilter::parse(Some("x")), None);
    }

    #[test]
    fn instants_typed_by_staff() {
        use crate::date::parse_instant;
        let table = [
            ("2026-12-01T08:00", Some("2026-12-01T01:00:00Z")),
            ("2026-12-01 08:00:30", Some("2026-12-01T01:00:30Z")),
            ("2026-12-01T01:00:00Z", Some("2026-12-01T01:00:00Z")),
            ("2026-12-01T00:30:00+07:00", Some("2026-11-30T17:30:00Z")),
            ("2026-12-31T23:00:00-05:00", Some("2027-01-01T04:00:00Z")),
            ("2026-02-30T08:00", None),
            ("2026-12-01T24:00", None),
            ("2026-12-01", None),
            ("2026-12-01T08:00+7", None),
            ("2026-12-01T08:00:00+07:0é", None),
            ("hôm nay", None),
        ];
        for (input, expected) in table {
            assert_eq!(parse_instant(input).as_deref(), expected, "{input}");
        }
    }

    #[cfg(feature = "staff")]
    mod staff_rules {
        use super::super::staff::*;
        use super::*;

        fn consultation() -> NewConsultation {
            NewConsultation {
                slug: "du-thao-quy-che".into(),
                title: "Dự thảo Quy chế".into(),
                drafting_unit: "Văn phòng".into(),
                opens_at: "2026-12-01T08:00".into(),
                closes_at: "2026-12-31T17:00".into(),
                text: "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung.".into(),
                ..NewConsultation::default()
            }
        }

        #[test]
        fn a_consultation_is_created_from_text() {
            let valid = consultation().validate().unwrap();
            assert_eq!(
                (valid.opens_at.as_str(), valid.closes_at.as_str()),
                ("2026-12-01T01:00:00Z", "2026-12-31T10:00:00Z")
            );
            assert_eq!(valid.draft.articles.len(), 1);
        }

        #[test]
        fn consultation_rules() {
            let errors = |edit: fn(&mut NewConsultation)| {
                let mut c = consultation();
                edit(&mut c);
                c.validate().err().map(|e| e.errors).unwrap_or_default()
            };
            let keys = |edit: fn(&mut NewConsultation), field| errors(edit).get(&field).cloned().unwrap_or_default();
            assert_eq!(keys(|c| c.slug = "ab".into(), Field::Slug), vec![ConsultationSlugInvalid]);
            assert_eq!(keys(|c| c.slug = "Dự-thảo".into(), Field::Slug), vec![ConsultationSlugInvalid]);
            assert_eq!(keys(|c| c.title = " ".into(), Field::Title), vec![ConsultationTitleRequired]);
            assert_eq!(keys(|c| c.drafting_unit = String::new(), Field::DraftingUnit), vec![DraftingUnitRequired]);
            assert_eq!(keys(|c| c.opens_at = "mai".into(), Field::OpensAt), vec![OpensAtInvalid]);
            assert_eq!(keys(|c| c.closes_at = "2026-12-01T08:00".into(), Field::ClosesAt), vec![ClosesBeforeOpens]);
            assert_eq!(keys(|c| c.text = "Chỉ có lời nói đầu".into(), Field::Text), vec![DraftWithoutArticles]);
            assert_eq!(keys(|c| c.text = " \n ".into(), Field::Text), vec![DraftTextRequired]);
            let preview = |text: &str| ParsePreview { text: text.into() }.parse().err().map(|e| e.errors);
            assert_eq!(preview(" \n").and_then(|e| e.get(&Field::Text).cloned()), Some(vec![DraftTextRequired]));
            assert_eq!(preview("Điều 1. Phạm vi"), None);
            assert_eq!(
                keys(|c| c.report_expected_by = Some("31/12".into()), Field::ReportExpectedBy),
                vec![ReportExpectedByInvalid]
            );
            assert_eq!(
                keys(
                    |c| c.attachments = vec![Attachment { title: "Tờ trình".into(), url: "javascript:x".into() }],
                    Field::Attachments
                ),
                vec![AttachmentInvalid]
            );
        }

        #[test]
        fn period_changes() {
            let (opens, closes) = ("2026-12-01T01:00:00Z", "2026-12-31T10:00:00Z");
            let now = "2026-12-10T00:00:00Z";
            let change = |action, closes_at: Option<&str>, note: &str| PeriodChange {
                action,
                closes_at: closes_at.map(str::to_owned),
                note: note.into(),
            };
            let closed = change(PeriodAction::Close, None, "Đã đủ ý kiến").validate(opens, closes, now).unwrap();
            assert_eq!((closed.opens_at.as_str(), closed.closes_at.as_str()), (opens, now));
            let extended =
                change(PeriodAction::Extend, Some("2027-01-15T17:00"), "Gia hạn").validate(opens, closes, now).unwrap();
            assert_eq!(extended.closes_at, "2027-01-15T10:00:00Z");
            let errors =
                change(PeriodAction::Extend, Some("2026-12-20T17:00"), "").validate(opens, closes, now).unwrap_err();
            assert_eq!(errors.get(Field::ClosesAt), &[ExtendLater]);
            assert_eq!(errors.get(Field::PublicNote), &[PeriodNoteRequired]);
            assert!(PeriodAction::Open.allowed_in(ConsultationState::Upcoming));
            assert!(!PeriodAction::Open.allowed_in(ConsultationState::Open));
            assert!(!PeriodAction::Close.allowed_in(ConsultationState::Closed));
            assert!(PeriodAction::Extend.allowed_in(ConsultationState::Closed));
            assert!(!PeriodAction::Extend.allowed_in(ConsultationState::ReportPublished));
        }

        #[test]
        fn responses_moderation_and_groups() {
            let response = |outcome, explanation: &str| ResponseRequest { outcome, explanation: explanation.into() };
            assert!(response(Some(Outcome::Accepted), "").validate().is_ok());
            assert_eq!(
                response(Some(Outcome::NotAccepted), " ").validate().unwrap_err().get(Field::Explanation),
                &[ExplanationRequired]
            );
            assert_eq!(response(None, "").validate().unwrap_err().get(Field::Outcome), &[OutcomeRequired]);
            let hide = Moderation { action: ModerationAction::Hide, reason: String::new() };
            assert_eq!(hide.validate().unwrap_err().get(Field::Reason), &[HideReasonRequired]);
            let publish = Moderation { action: ModerationAction::Publish, reason: String::new() };
            assert_eq!(publish.validate(), Ok(None));
            assert_eq!(GroupRequest { comment_ids: vec![9, 3, 9, 5] }.validate(), Ok(vec![3, 5, 9]));
            assert!(GroupRequest { comment_ids: vec![4, 4] }.validate().is_err());
        }
    }
}
