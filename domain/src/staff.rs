//! Agency staff: roles, logging in, and the shapes of the staff API.

use serde::{Deserialize, Serialize};

use crate::question::NewQuestion;
use crate::{Date, Field, FieldErrors, MessageKey, QuestionStatus, Topic, ValidQuestion};

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
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub duplicate_of: Option<String>,
    pub transferred_to: Option<String>,
    pub published_at: Option<String>,
    pub hidden_at: Option<String>,
    pub hidden_reason: Option<String>,
    pub events: Vec<StaffEvent>,
}
