//! Agency staff: roles, logging in, and the shapes of the staff API with the rules for every staff input.
//! Only with the `staff` feature: citizens' widgets never carry it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::agency::{is_valid_slug, normalise_origin};
use crate::question::NewQuestion;
use crate::text::{Lines, char_count, has_forbidden_chars, normalise};
use crate::{Date, Field, FieldErrors, MessageKey, QuestionStatus, Topic, ValidQuestion};

/// Names of units and topics, and staff members' display names.
pub const LABEL_MAX: usize = 200;
/// Passwords of at least 12 characters; length matters more than composition (NIST SP 800-63B).
pub const PASSWORD_MIN_CHARS: usize = 12;
/// The answer time an agency may set, in working days.
pub const HANDLING_DAYS: std::ops::RangeInclusive<u32> = 1..=60;

/// What a staff account may do. An admin may also do what officers and moderators do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Agency settings, origins, topics, units, staff accounts, the audit log.
    Admin,
    /// Accepts, assigns, answers and moves questions; records questions received offline.
    Officer,
    /// Publishes, unpublishes and hides abusive content.
    Moderator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Moderator => "moderator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Admin, Role::Officer, Role::Moderator].into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this role includes `needed`.
    pub fn includes(self, needed: Role) -> bool {
        self == needed || self == Role::Admin
    }

    /// Officers and admins see a citizen's contact details; moderators judge content and need none.
    pub fn sees_contact(self) -> bool {
        matches!(self, Role::Admin | Role::Officer)
    }
}

/// How a question reached the agency (Decision 31/2021/QĐ-TTg Art. 43.2 lists the offline ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Letter,
    Phone,
    Email,
    InPerson,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Letter => "letter",
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::InPerson => "in_person",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        [Channel::Web, Channel::Letter, Channel::Phone, Channel::Email, Channel::InPerson]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LoginRequest {
    pub agency: String,
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSession {
    /// For API clients: send as `Authorization: Bearer …`. Browsers get the same in an HttpOnly cookie.
    pub token: String,
    pub expires_at: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: String,
}

/// A question an officer records from a letter, a call, an email or a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfflineQuestion {
    pub channel: Channel,
    /// The day the letter, call or visit reached the agency (`YYYY-MM-DD`, Vietnam time); today if absent.
    /// The due date counts from it.
    #[serde(default)]
    pub received_on: Option<String>,
    #[serde(flatten)]
    pub question: NewQuestion,
}

impl OfflineQuestion {
    /// Checks the question as the web form would, plus the channel and the day of receipt (`today` if none,
    /// never later than today nor more than a year before).
    pub fn validate(&self, topics: &[Topic], today: Date) -> Result<(ValidQuestion, Date), FieldErrors> {
        let question = self.question.validate(topics);
        let mut errors = question.as_ref().err().cloned().unwrap_or_default();
        if self.channel == Channel::Web {
            errors.add(Field::Channel, MessageKey::ChannelOfflineOnly);
        }
        let received_on = match self.received_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => Some(today),
            Some(day) => Date::parse(day).filter(|d| *d <= today && *d >= today.add_days(-366)),
        };
        if received_on.is_none() {
            errors.add(Field::ReceivedOn, MessageKey::ReceivedOnInvalid);
        }
        match (question, received_on) {
            (Ok(question), Some(day)) if errors.is_empty() => Ok((question, day)),
            _ => Err(errors),
        }
    }
}

/// A question in the staff queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    pub tracking_code: String,
    pub title: String,
    pub topic: Option<String>,
    pub unit: Option<String>,
    pub status: QuestionStatus,
    pub channel: Channel,
    pub created_at: String,
    pub due_date: String,
    pub overdue: bool,
    pub published: bool,
    pub hidden: bool,
    /// How many places said "I have the same question" once it was published.
    pub same_question_count: u64,
}

/// One step of a question's handling as staff see it: who moved it and the internal note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffEvent {
    pub status: QuestionStatus,
    pub at: String,
    /// The staff member's username; none for the citizen's own submission.
    pub by: Option<String>,
    pub public_note: Option<String>,
    pub internal_note: Option<String>,
}

/// A question as staff read it. Contact details are present only for roles that handle the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffQuestion {
    pub tracking_code: String,
    pub title: String,
    pub body: String,
    pub topic: Option<String>,
    pub unit: Option<String>,
    pub status: QuestionStatus,
    /// The states it may move to next.
    pub next: Vec<QuestionStatus>,
    pub channel: Channel,
    pub lang: crate::Lang,
    pub created_at: String,
    pub due_date: String,
    pub overdue: bool,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent_at: Option<String>,
    /// When the contact details were erased, and why; staff never see what they were.
    pub contact_erased: Option<ContactErasure>,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub duplicate_of: Option<String>,
    pub transferred_to: Option<String>,
    pub published_at: Option<String>,
    pub hidden_at: Option<String>,
    pub hidden_reason: Option<String>,
    pub events: Vec<StaffEvent>,
}

/// The erasure of a question's contact details, as staff see it: when and why, never what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactErasure {
    pub at: String,
    pub by: ErasedBy,
}

/// Why contact details were erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErasedBy {
    /// The citizen withdrew their consent, with code and PIN.
    Citizen,
    /// The agency's retention period for finished questions passed.
    Retention,
}

impl ErasedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ErasedBy::Citizen => "citizen",
            ErasedBy::Retention => "retention",
        }
    }

    pub fn parse(s: &str) -> Option<ErasedBy> {
        [ErasedBy::Citizen, ErasedBy::Retention].into_iter().find(|e| e.as_str() == s)
    }
}

/// Who the session belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: String,
}

/// Filters of the staff queue. Empty values mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(default)]
pub struct QueueParams {
    pub status: Option<QuestionStatus>,
    pub topic: Option<String>,
    pub unit: Option<String>,
    /// `true`: only questions past their due date and still unanswered.
    pub overdue: Option<bool>,
    /// Words in the title or body, or a tracking code.
    pub q: Option<String>,
    /// `due` (default): earliest due first; `same_question`: the questions most people share first.
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<QueueSort>,
    /// Only questions that at least this many places share ("I have the same question"); at most
    /// 1,000,000.
    #[cfg_attr(feature = "openapi", param(minimum = 0, maximum = 1_000_000))]
    pub min_same_question: Option<u32>,
    /// 1-based, at most 100,000.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100_000))]
    pub page: Option<u32>,
    /// At most 100 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u32>,
}

impl QueueParams {
    /// The highest `min_same_question` asked for: more places than any agency will see, and within the
    /// 32-bit signed integers the API's schema promises.
    pub const SAME_QUESTION_MAX: u32 = 1_000_000;

    /// Refuses control characters in the free-text filters, before they reach the database.
    pub fn has_forbidden_chars(&self) -> bool {
        [&self.topic, &self.unit, &self.q].into_iter().flatten().any(|v| has_forbidden_chars(v, Lines::Single))
    }
}

/// The order of the staff queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    #[default]
    Due,
    SameQuestion,
}

/// One page of the staff queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queue {
    pub items: Vec<QueueEntry>,
    pub page: u32,
    pub per_page: u32,
    /// How many questions match the filters other than the status, per status that has any, in the
    /// lifecycle's order.
    pub counts: Vec<StatusCount>,
}

/// How many questions of the queue are in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: QuestionStatus,
    pub count: u32,
}

/// Publishes a question (with its answer, never contact data) or withdraws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationRequest {
    pub published: bool,
}

/// Hides a question's content for a stated reason, or shows it again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationRequest {
    pub hidden: bool,
    /// Required to hide: why the content is abusive. Shown to staff only.
    #[serde(default)]
    pub reason: String,
}

impl ModerationRequest {
    /// The normalised reason, or why the request is refused.
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = normalise(&self.reason);
        if self.hidden && reason.is_empty() {
            errors.add(Field::Reason, MessageKey::HideReasonRequired);
        }
        if char_count(&reason) > crate::lifecycle::NOTE_MAX {
            errors.add(Field::Reason, MessageKey::NoteTooLong);
        }
        if has_forbidden_chars(&reason, Lines::Multi) {
            errors.add(Field::Reason, MessageKey::NoteForbiddenChars);
        }
        if errors.is_empty() { Ok(reason) } else { Err(errors) }
    }
}

/// A unit of the agency, which questions are assigned to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Unit {
    pub slug: String,
    pub name: String,
}

impl Unit {
    pub fn validate(&self) -> Result<Unit, FieldErrors> {
        let mut errors = FieldErrors::default();
        check_slug(&mut errors, Field::Slug, &self.slug);
        let name = check_label(&mut errors, Field::Name, &self.name, true);
        if errors.is_empty() { Ok(Unit { slug: self.slug.clone(), name }) } else { Err(errors) }
    }
}

/// A topic as an admin saves it: a slug and its names in Vietnamese (required) and English.
pub fn validate_topic(topic: &Topic) -> Result<Topic, FieldErrors> {
    let mut errors = FieldErrors::default();
    check_slug(&mut errors, Field::Slug, &topic.slug);
    let name_vi = check_label(&mut errors, Field::NameVi, &topic.name_vi, true);
    let name_en = check_label(&mut errors, Field::NameEn, &topic.name_en, false);
    if errors.is_empty() { Ok(Topic { slug: topic.slug.clone(), name_vi, name_en }) } else { Err(errors) }
}

/// The agency's handling time, days off and tracker page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SettingsRequest {
    /// Working days to answer (1–60).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub handling_days: u32,
    /// Days off besides weekends, `YYYY-MM-DD`.
    pub holidays: Vec<String>,
    /// The page that embeds the tracker widget, linked from notification mails.
    pub tracker_url: Option<String>,
    /// Days the contact details of a finished question are kept before they are erased (30–3650;
    /// 730 for a new agency). Absent: unchanged.
    #[cfg_attr(feature = "openapi", schema(minimum = 30, maximum = 3650))]
    pub contact_retention_days: Option<u32>,
}

/// Settings that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub handling_days: u32,
    pub holidays: Vec<Date>,
    pub tracker_url: Option<String>,
    pub contact_retention_days: Option<u32>,
}

/// How long an agency may keep the contact details of finished questions, in days.
pub const CONTACT_RETENTION_DAYS: std::ops::RangeInclusive<u32> = 30..=3650;

impl SettingsRequest {
    pub fn validate(&self) -> Result<Settings, FieldErrors> {
        let mut errors = FieldErrors::default();
        if !HANDLING_DAYS.contains(&self.handling_days) {
            errors.add(Field::HandlingDays, MessageKey::HandlingDaysRange);
        }
        let holidays: Vec<Date> = self.holidays.iter().filter_map(|d| Date::parse(d.trim())).collect();
        if holidays.len() != self.holidays.len() {
            errors.add(Field::Holidays, MessageKey::HolidayInvalid);
        }
        let tracker_url = self.tracker_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        if let Some(url) = &tracker_url
            && (!(url.starts_with("https://") || url.starts_with("http://"))
                || url.len() <= "https://".len()
                || url.contains(|c: char| c.is_whitespace() || c.is_control()))
        {
            errors.add(Field::TrackerUrl, MessageKey::TrackerUrlInvalid);
        }
        if self.contact_retention_days.is_some_and(|days| !CONTACT_RETENTION_DAYS.contains(&days)) {
            errors.add(Field::ContactRetentionDays, MessageKey::ContactRetentionRange);
        }
        if errors.is_empty() {
            let contact_retention_days = self.contact_retention_days;
            Ok(Settings { handling_days: self.handling_days, holidays, tracker_url, contact_retention_days })
        } else {
            Err(errors)
        }
    }
}

/// A site allowed to embed the agency's widgets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OriginRequest {
    /// `https://portal.example.gov.vn`
    pub origin: String,
}

impl OriginRequest {
    /// The origin as browsers send it, or why it is refused.
    pub fn validate(&self) -> Result<String, FieldErrors> {
        normalise_origin(&self.origin).ok_or_else(|| {
            let mut errors = FieldErrors::default();
            errors.add(Field::Origin, MessageKey::OriginInvalid);
            errors
        })
    }
}

/// A staff account as its admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub created_at: String,
    pub disabled: bool,
}

/// A new staff account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAccount {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub role: Role,
    /// At least 12 characters.
    pub password: String,
}

impl NewAccount {
    /// The account with its display name normalised (the username when left empty), or every error.
    pub fn validate(&self) -> Result<NewAccount, FieldErrors> {
        let mut errors = FieldErrors::default();
        check_new_credentials(&mut errors, &self.username, &self.password);
        let display_name = check_label(&mut errors, Field::DisplayName, &self.display_name, false);
        let display_name = if display_name.is_empty() { self.username.clone() } else { display_name };
        if errors.is_empty() { Ok(NewAccount { display_name, ..self.clone() }) } else { Err(errors) }
    }
}

/// A password the server made for an account (a reset), shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPassword {
    pub password: String,
}

/// A username and a new password, as account creation and password resets check them.
pub fn check_new_credentials(errors: &mut FieldErrors, username: &str, password: &str) {
    if !is_valid_username(username) {
        errors.add(Field::Username, MessageKey::UsernameInvalid);
    }
    if password.chars().count() < PASSWORD_MIN_CHARS {
        errors.add(Field::Password, MessageKey::PasswordTooShort);
    }
}

/// Usernames are what staff type to log in: lowercase letters, digits, dots, dashes, underscores and `@`.
pub fn is_valid_username(username: &str) -> bool {
    (1..=64).contains(&username.len())
        && username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@".contains(&b))
}

/// Which page of the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(default)]
pub struct AuditParams {
    /// Only entries of this action, e.g. `origin.add`; or of every action that starts with it when it ends
    /// with a dot, e.g. `question.`.
    pub action: Option<String>,
    /// Only entries by this staff member (username).
    pub by: Option<String>,
    /// Only entries about the question with this tracking code.
    pub code: Option<String>,
    /// Only entries with an id below this one (for paging back in time).
    pub before: Option<i64>,
    /// At most 200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

impl AuditParams {
    /// Refuses control characters in the filters, before they reach the database.
    pub fn has_forbidden_chars(&self) -> bool {
        [&self.action, &self.by, &self.code].into_iter().flatten().any(|v| has_forbidden_chars(v, Lines::Single))
    }
}

/// One staff write, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// The staff member's username; none for the system.
    pub by: Option<String>,
    pub action: String,
    /// What the write was about: `question`, or none for the agency's own settings.
    pub subject_kind: Option<String>,
    /// For a question: its tracking code.
    pub tracking_code: Option<String>,
    /// What changed.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: BTreeMap<String, serde_json::Value>,
}

fn check_slug(errors: &mut FieldErrors, field: Field, slug: &str) {
    if !is_valid_slug(slug) {
        errors.add(field, MessageKey::SlugInvalid);
    }
}

/// A one-line name, normalised; `required` says whether it may be empty.
fn check_label(errors: &mut FieldErrors, field: Field, label: &str, required: bool) -> String {
    let label = normalise(label);
    if required && label.is_empty() {
        errors.add(field, MessageKey::LabelRequired);
    }
    if char_count(&label) > LABEL_MAX {
        errors.add(field, MessageKey::LabelTooLong);
    }
    if has_forbidden_chars(&label, Lines::Single) {
        errors.add(field, MessageKey::LabelForbiddenChars);
    }
    label
}

/// A rating as staff read it (officer and up). Nothing about who gave it exists to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingEntry {
    pub id: i64,
    /// `None` for a rating of the agency as a whole.
    pub page: Option<String>,
    pub helpful: Option<bool>,
    pub interface: Option<u8>,
    pub content: Option<u8>,
    pub quality: Option<u8>,
    pub support: Option<u8>,
    pub comment: Option<String>,
    pub lang: crate::Lang,
    pub created_at: String,
    /// Whether a moderator published the comment.
    pub comment_published: bool,
}

/// Which ratings staff list or export, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(default)]
pub struct RatingListParams {
    /// Only this page's ratings (its address, as stored).
    pub page: Option<String>,
    /// `30d`, `90d` (the default), `365d` or `all`.
    pub period: Option<crate::rating::Period>,
    /// Only ratings with a score at or below this one (1–5), or a "no" to the yes/no question.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 5))]
    pub max_score: Option<u8>,
    /// Only ratings with a comment.
    pub with_comment: Option<bool>,
    /// Only ratings with an id below this one (for paging back in time).
    pub before: Option<i64>,
    /// At most 500 (default 100).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<u32>,
}

/// Which ratings the trend counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(default)]
pub struct TrendParams {
    /// Only this page's ratings (its address, as stored).
    pub page: Option<String>,
    /// `30d`, `90d` (the default), `365d` or `all`.
    pub period: Option<crate::rating::Period>,
}

/// The ratings week by week over a period (officer and up), oldest first: weeks without a rating are absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingTrend {
    pub weeks: Vec<TrendWeek>,
}

/// One week of ratings: how many, and each criterion's mean score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendWeek {
    /// The week's Monday (`YYYY-MM-DD`, Vietnam time).
    pub week: String,
    pub ratings: u32,
    /// Interface, content, quality and support; `None` where no rating of the week answered it.
    pub means: Vec<Option<f64>>,
}
