//! Rating the agency's online information (Decree 42/2022 Art. 8.1.d) on four criteria, and the published
//! results: counts, means and the share satisfied with its Wilson interval, never per-page figures so few
//! that one person's rating could be singled out.

use serde::{Deserialize, Serialize};

use crate::agency::normalise_origin;
use crate::text::{Lines, char_count, has_forbidden_chars, normalise};
use crate::{Field, FieldErrors, Lang, MessageKey};

pub const COMMENT_MAX: usize = 2_000;
/// The longest page address (origin and path) a rating may name.
pub const PAGE_MAX: usize = 2_000;
/// Per-page figures from fewer ratings than this are not published.
pub const MIN_PUBLISHED: u32 = 5;

/// What the agency's information is rated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Giao diện: easy to find and to use.
    Interface,
    /// Nội dung: complete, correct, up to date.
    Content,
    /// Chất lượng: the quality of the information and the service.
    Quality,
    /// Sự hỗ trợ: help and answers when needed.
    Support,
}

impl Criterion {
    pub const ALL: [Criterion; 4] = [Criterion::Interface, Criterion::Content, Criterion::Quality, Criterion::Support];

    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Interface => "interface",
            Criterion::Content => "content",
            Criterion::Quality => "quality",
            Criterion::Support => "support",
        }
    }

    pub fn parse(name: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.as_str() == name)
    }

    pub fn field(self) -> Field {
        match self {
            Criterion::Interface => Field::Interface,
            Criterion::Content => Field::Content,
            Criterion::Quality => Field::Quality,
            Criterion::Support => Field::Support,
        }
    }
}

/// What is rated: the page the widget sits on, or the agency's portal as a whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RatingScope {
    #[default]
    Page,
    Agency,
}

/// A rating as the widget sends it. Scores go from 1 (very dissatisfied) to 5 (very satisfied); any may be
/// left out, but not all of them and the yes/no together. No name, email or phone is asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewRating {
    pub scope: RatingScope,
    /// The rated page's address (`https://portal…/path`); its query and fragment are dropped. Required for
    /// the page scope; its origin must be one of the agency's.
    pub page: String,
    /// The compact question: "Was the information on this page useful?"
    pub helpful: Option<bool>,
    pub interface: Option<i64>,
    pub content: Option<i64>,
    pub quality: Option<i64>,
    pub support: Option<i64>,
    /// What to improve; never published unless a moderator decides to.
    pub comment: String,
    pub lang: Lang,
    /// A honeypot: people never see this field.
    pub website: String,
    /// The rater: a random token the widget made once and keeps in this browser, so that a second rating of
    /// the same page on the same day from this browser replaces its first, and nobody else's rating can.
    /// It says nothing about the person. Empty: the rating replaces nothing and nothing replaces it.
    pub rater: String,
}

/// The shortest and longest rater token: enough randomness that two browsers never share one.
pub const RATER_MIN: usize = 16;
pub const RATER_MAX: usize = 64;

/// Whether `token` can be a rater token: 16–64 letters, digits, `-` or `_`. The widget checks a kept token
/// with the same rule the server enforces.
pub fn is_rater_token(token: &str) -> bool {
    (RATER_MIN..=RATER_MAX).contains(&token.len())
        && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A rating that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRating {
    /// `None` for the agency as a whole.
    pub page: Option<String>,
    pub helpful: Option<bool>,
    /// In the order of [`Criterion::ALL`].
    pub scores: [Option<u8>; 4],
    pub comment: Option<String>,
    pub lang: Lang,
    /// The rater token, when the widget sent one.
    pub rater: Option<String>,
}

impl NewRating {
    pub fn is_from_robot(&self) -> bool {
        !self.website.trim().is_empty()
    }

    pub fn score(&self, criterion: Criterion) -> Option<i64> {
        match criterion {
            Criterion::Interface => self.interface,
            Criterion::Content => self.content,
            Criterion::Quality => self.quality,
            Criterion::Support => self.support,
        }
    }

    /// Checks the rating against the agency's allowed origins and returns it normalised, or every error.
    pub fn validate(&self, allowed_origins: &[String]) -> Result<ValidRating, FieldErrors> {
        let mut errors = FieldErrors::default();
        let page = match self.scope {
            RatingScope::Agency => None,
            RatingScope::Page => {
                let page = rated_page(&self.page, allowed_origins);
                if page.is_none() {
                    errors.add(Field::Page, MessageKey::PageInvalid);
                }
                page
            }
        };
        let mut scores = [None; 4];
        for (slot, criterion) in scores.iter_mut().zip(Criterion::ALL) {
            match self.score(criterion) {
                None => {}
                Some(score @ 1..=5) => *slot = Some(score as u8),
                Some(_) => errors.add(criterion.field(), MessageKey::ScoreInvalid),
            }
        }
        if self.helpful.is_none() && Criterion::ALL.iter().all(|c| self.score(*c).is_none()) {
            errors.add(Field::Interface, MessageKey::RatingRequired);
        }
        let comment = normalise(&self.comment);
        if char_count(&comment) > COMMENT_MAX {
            errors.add(Field::Comment, MessageKey::CommentTooLong);
        }
        if has_forbidden_chars(&comment, Lines::Multi) {
            errors.add(Field::Comment, MessageKey::CommentForbiddenChars);
        }
        let rater = self.rater.trim();
        if !rater.is_empty() && !is_rater_token(rater) {
            errors.add(Field::Rater, MessageKey::RaterInvalid);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ValidRating {
            page,
            helpful: self.helpful,
            scores,
            comment: (!comment.is_empty()).then_some(comment),
            lang: self.lang,
            rater: (!rater.is_empty()).then(|| rater.to_owned()),
        })
    }

    /// The errors of one field, for inline errors as the citizen moves through the form.
    pub fn validate_field(&self, field: Field, allowed_origins: &[String]) -> Vec<MessageKey> {
        match self.validate(allowed_origins) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.get(field).to_vec(),
        }
    }
}

/// The page a rating is about, as stored and published: origin and path, without query or fragment, and
/// only on one of the agency's origins. `None` if `url` is not such a page.
pub fn rated_page(url: &str, allowed_origins: &[String]) -> Option<String> {
    let url = url.trim();
    let without_fragment = url.split('#').next().unwrap_or_default();
    let without_query = without_fragment.split('?').next().unwrap_or_default();
    let (scheme, rest) = without_query.split_once("://")?;
    let (host, path) = match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    };
    let origin = normalise_origin(&format!("{scheme}://{host}"))?;
    let page = format!("{origin}{path}");
    let allowed = allowed_origins.contains(&origin);
    let clean = !path.contains(|c: char| c.is_whitespace() || c.is_control());
    (allowed && clean && page.len() <= PAGE_MAX).then_some(page)
}

/// What the server answers once a rating is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingReceipt {
    /// True when this rating replaced one this browser (the same rater token) sent earlier today for the
    /// same page.
    pub replaced: bool,
    pub created_at: String,
}

/// Which ratings a summary counts, by age.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Period {
    #[serde(rename = "30d")]
    Days30,
    #[serde(rename = "90d")]
    #[default]
    Days90,
    #[serde(rename = "365d")]
    Days365,
    #[serde(rename = "all")]
    All,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Days30, Period::Days90, Period::Days365, Period::All];

    /// How many days back it reaches; `None` for all time.
    pub fn days(self) -> Option<i64> {
        match self {
            Period::Days30 => Some(30),
            Period::Days90 => Some(90),
            Period::Days365 => Some(365),
            Period::All => None,
        }
    }

    pub fn parse(name: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Days30 => "30d",
            Period::Days90 => "90d",
            Period::Days365 => "365d",
            Period::All => "all",
        }
    }
}

/// Which summary: a page of the agency (or, without `page`, the agency as a whole) over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(default)]
pub struct SummaryParams {
    /// The page's address, as the rating widget sends it; without it, the agency as a whole.
    pub page: Option<String>,
    /// `30d`, `90d` (the default), `365d` or `all`.
    pub period: Option<Period>,
}

/// A share with its Wilson score interval at 95 %.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    /// Between 0 and 1.
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// The Wilson score interval (z = 1.96) of `successes` out of `n`; `None` when `n` is 0.
pub fn wilson(successes: u32, n: u32) -> Option<Share> {
    if n == 0 {
        return None;
    }
    const Z: f64 = 1.96;
    let (s, n) = (f64::from(successes), f64::from(n));
    let p = s / n;
    let z2 = Z * Z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Some(Share { value: p, low: (centre - half).max(0.0), high: (centre + half).min(1.0) })
}

/// The published figures of one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    pub n: u32,
    pub mean: Option<f64>,
    /// How many gave 1, 2, 3, 4 and 5.
    pub distribution: [u32; 5],
    /// The share who gave 4 or 5.
    pub satisfied: Option<Share>,
}

impl Figures {
    pub fn of(distribution: [u32; 5]) -> Figures {
        let n: u32 = distribution.iter().sum();
        let total: u32 = distribution.iter().zip(1..).map(|(count, score)| count * score).sum();
        let mean = (n > 0).then(|| f64::from(total) / f64::from(n));
        Figures { n, mean, distribution, satisfied: wilson(distribution[3] + distribution[4], n) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionSummary {
    pub criterion: Criterion,
    /// `None` when too few ratings answered it to publish (per page, fewer than 5).
    pub figures: Option<Figures>,
}

/// The answers to "was this useful?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpfulCounts {
    pub yes: u32,
    pub no: u32,
}

/// A rating's comment that a moderator published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedComment {
    pub page: Option<String>,
    pub comment: String,
    /// The day it was written (Vietnam time), not the hour: enough to read it, too little to single out.
    pub day: String,
}

/// The published results for a page or for the agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingSummary {
    pub agency: String,
    /// `None` for the agency as a whole.
    pub page: Option<String>,
    pub period: Period,
    pub generated_at: String,
    /// False when some figures are held back because too few ratings were given (per page, under 5).
    pub complete: bool,
    /// `None` when held back.
    pub helpful: Option<HelpfulCounts>,
    /// In the order interface, content, quality, support.
    pub criteria: Vec<CriterionSummary>,
    pub comments: Vec<PublishedComment>,
}

/// Applies the publication rule: per page, a criterion (and the yes/no counts) with fewer than
/// [`MIN_PUBLISHED`] answers is held back; agency-wide figures always are published.
pub fn publishable(
    per_page: bool,
    distributions: [[u32; 5]; 4],
    helpful: HelpfulCounts,
) -> (Vec<CriterionSummary>, Option<HelpfulCounts>) {
    let enough = |n: u32| !per_page || n >= MIN_PUBLISHED;
    let criteria = Criterion::ALL
        .into_iter()
        .zip(distributions)
        .map(|(criterion, distribution)| {
            let figures = Figures::of(distribution);
            CriterionSummary { criterion, figures: enough(figures.n).then_some(figures) }
        })
        .collect();
    (criteria, enough(helpful.yes + helpful.no).then_some(helpful))
}
