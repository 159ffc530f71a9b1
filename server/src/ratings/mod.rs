//! Ratings of the agency's online information: a citizen rates a page (or the agency) on four criteria;
//! the results are published, per page only from five ratings up; staff read the comments and may publish
//! one. This file holds the feature's functions; `store` its SQL, `writer` the group commit that makes
//! ratings cheap to store durably, `http` the handlers.

pub mod http;
pub mod store;
pub mod writer;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use domain::rating::{Period, RatingSummary, SummaryParams, publishable, rated_page};
use domain::staff::{RatingEntry, RatingListParams, RatingTrend, TrendParams, TrendWeek};
use domain::{Date, NewRating, RatingReceipt};
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::agencies::Agency;
use crate::audit::Subject;
use crate::platform::random::{hex, random_bytes};
use crate::platform::{cache::TtlCache, clock};
use crate::staff::{self, StaffMember};
use crate::{AppState, Error, Result, db};

/// The key of the daily dedupe tokens. It changes when the day (in Vietnam) changes and the old one is
/// forgotten, so a stored token can be matched only by a rating from the same browser on the same day, and
/// never traced back to an address. Shared by every server process through the database (`dedupe_keys`):
/// the first to need a day's key makes it at random, and a day's key is deleted once the day is over. Each
/// process keeps the current day's key in memory; `forget_past` drops it once the day is over.
#[derive(Default)]
pub struct DedupeKey {
    current: Mutex<Option<(Date, [u8; 32])>>,
}

impl DedupeKey {
    async fn key(&self, db: &sqlx::AnyPool, day: Date) -> Result<[u8; 32]> {
        if let Some((key_day, key)) = *self.current.lock().unwrap_or_else(PoisonError::into_inner)
            && key_day == day
        {
            return Ok(key);
        }
        let stored = store::day_key(db, &day.to_string(), &hex(&random_bytes::<32>())).await?;
        let key = parse_key(&stored).ok_or_else(|| Error::Internal("corrupt dedupe key".into()))?;
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Some((day, key));
        Ok(key)
    }

    /// Forgets the key in memory once its day is over (the database's copy is deleted by `store::day_key`
    /// and `forget_past_keys`).
    pub fn forget_past(&self, today: Date) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.is_some_and(|(day, _)| day != today) {
            *current = None;
        }
    }

    /// The token of what `client` did to `page` (none: the agency) on `day`. For a rating, `client` is the
    /// rater token the widget keeps in its browser (`rater:…`), never the address, so people behind one
    /// address never replace each other's ratings. The questions' "same question" +1 uses it with the
    /// client's address as write limits group it (an IPv6 /64, an IPv4 address) and a `page` no rated page
    /// can be (`same-question:CODE`).
    pub async fn token(&self, db: &sqlx::AnyPool, client: &str, page: Option<&str>, day: Date) -> Result<String> {
        Ok(token_with(&self.key(db, day).await?, client, page, day))
    }
}

fn parse_key(stored: &str) -> Option<[u8; 32]> {
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(stored.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(key)
}

fn token_with(key: &[u8; 32], client: &str, page: Option<&str>, day: Date) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(client.as_bytes());
    mac.update(b"\n");
    mac.update(page.unwrap_or("").as_bytes());
    mac.update(b"\n");
    mac.update(day.to_string().as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Deletes the dedupe keys of days before `today`, here and in the database.
pub async fn forget_past_keys(state: &AppState, today: Date) -> Result<u64> {
    state.dedupe_key.forget_past(today);
    Ok(store::delete_keys_before(&state.db, &today.to_string()).await?)
}

/// A client's `Idempotency-Key` for a rating, as hashes of the key and of the body.
pub struct RatingKey {
    key_hash: String,
    request_hash: String,
}

impl RatingKey {
    pub fn parse(raw: &[u8], rating: &NewRating) -> Result<RatingKey> {
        if raw.is_empty() || raw.len() > 128 || !raw.iter().all(|b| (0x21..=0x7e).contains(b)) {
            return Err(Error::BadIdempotencyKey);
        }
        let body = serde_json::to_vec(rating).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(RatingKey { key_hash: hex(&Sha256::digest(raw)), request_hash: hex(&Sha256::digest(body)) })
    }
}

/// Stores a citizen's rating, acknowledged only once it is committed. It replaces only an earlier rating of
/// the same page on the same day with the same rater token; the address only counts against the write
/// limit, before this. A retry with the same key answers as the first time; a robot that filled the
/// honeypot is answered like a person.
pub async fn rate(
    state: &AppState,
    agency: &Agency,
    rating: &NewRating,
    key: Option<&RatingKey>,
) -> Result<RatingReceipt> {
    if let Some(key) = key
        && let Some((request_hash, created_at)) = store::find_by_key(&state.db, agency.id, &key.key_hash).await?
    {
        if request_hash != key.request_hash {
            return Err(Error::IdempotencyKeyReused);
        }
        return Ok(RatingReceipt { replaced: false, created_at });
    }
    // Invalid input is refused as the API documents, robot or not; a valid one from a robot gets a decoy.
    let valid = rating.validate(&agency.origins).map_err(|errors| Error::Validation(errors, rating.lang))?;
    if rating.is_from_robot() {
        tracing::info!(agency = agency.slug, "honeypot filled; rating discarded");
        return Ok(RatingReceipt { replaced: false, created_at: clock::now() });
    }
    let created_at = clock::now();
    let row = store::NewRow {
        agency_id: agency.id,
        dedupe_token: match &valid.rater {
            Some(rater) => {
                state
                    .dedupe_key
                    .token(&state.db, &format!("rater:{rater}"), valid.page.as_deref(), clock::today_in_vietnam())
                    .await?
            }
            // Without a rater token, the rating replaces nothing and nothing can replace it.
            None => format!("single:{}", hex(&random_bytes::<16>())),
        },
        page: valid.page,
        helpful: valid.helpful,
        scores: valid.scores,
        comment: valid.comment,
        lang: valid.lang,
        created_at: created_at.clone(),
        key_hash: key.map(|k| k.key_hash.clone()),
        request_hash: key.map(|k| k.request_hash.clone()),
    };
    let page = row.page.clone();
    let replaced = state.rating_writer.write(row).await?;
    // The citizen reads the results of what they rated next: they include this rating, not a copy cached a
    // moment before it. Other summaries (the agency's, while pages are rated all day) keep their few seconds.
    for period in Period::ALL {
        state.rating_summaries.remove(&(agency.id, page.clone(), period));
    }
    Ok(RatingReceipt { replaced, created_at })
}

/// Summaries served from memory for a few seconds, by (agency, page, period).
pub type SummaryCache = TtlCache<(i64, Option<String>, Period), (Bytes, Arc<RatingSummary>)>;

/// The published results for a page of the agency (or, without one, the agency as a whole), as JSON and as
/// the summary itself.
pub async fn summary(state: &AppState, agency: &Agency, params: &SummaryParams) -> Result<(Bytes, Arc<RatingSummary>)> {
    let page = match params.page.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(page) => Some(rated_page(page, &agency.origins).ok_or(Error::NotFound)?),
        None => None,
    };
    let period = params.period.unwrap_or_default();
    let key = (agency.id, page.clone(), period);
    if let Some(cached) = state.rating_summaries.get(&key) {
        return Ok(cached);
    }
    let now = clock::now();
    let since = period.days().map(|days| clock::after(&now, -days * 86_400));
    let (distributions, helpful) = store::counts(&state.db, agency.id, page.as_deref(), since.as_deref()).await?;
    let (criteria, helpful) = publishable(page.is_some(), distributions, helpful);
    let summary = RatingSummary {
        agency: agency.slug.clone(),
        complete: helpful.is_some() && criteria.iter().all(|c| c.figures.is_some()),
        comments: store::published_comments(&state.db, agency.id, page.as_deref(), since.as_deref()).await?,
        page,
        period,
        generated_at: now,
        helpful,
        criteria,
    };
    let json = Bytes::from(serde_json::to_vec(&summary).map_err(|e| Error::Internal(e.to_string()))?);
    let cached = (json, Arc::new(summary));
    state.rating_summaries.insert(key, cached.clone());
    Ok(cached)
}

const SUMMARY_COLUMNS: [&str; 22] = [
    "record",
    "agency",
    "page",
    "period",
    "generated_at",
    "criterion",
    "n",
    "mean",
    "satisfied_share",
    "satisfied_low",
    "satisfied_high",
    "score_1",
    "score_2",
    "score_3",
    "score_4",
    "score_5",
    "yes",
    "no",
    "comment",
    "comment_day",
    "comment_page",
    "note",
];

/// The summary as CSV: one row per criterion, one for the yes/no question, one per published comment.
/// Figures held back are empty, with `too_few` in `note`.
pub fn summary_csv(summary: &RatingSummary) -> String {
    let mut csv = SUMMARY_COLUMNS.join(",") + "\r\n";
    let number = |value: Option<f64>| value.map(|v| format!("{v:.4}")).unwrap_or_default();
    let mut add = |record: &str, cells: Vec<(&str, String)>| {
        let mut row = vec![String::new(); SUMMARY_COLUMNS.len()];
        let head = [
            ("record", record.to_owned()),
            ("agency", summary.agency.clone()),
            ("page", summary.page.clone().unwrap_or_default()),
            ("period", summary.period.as_str().to_owned()),
            ("generated_at", summary.generated_at.clone()),
        ];
        for (column, value) in head.into_iter().chain(cells) {
            let index = SUMMARY_COLUMNS.iter().position(|c| *c == column).expect("a known column");
            row[index] = value;
        }
        csv.push_str(&row.iter().map(|f| crate::platform::csv::field(f)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    };
    let too_few = || vec![("note", "too_few".to_owned())];
    for criterion in &summary.criteria {
        let mut cells = vec![("criterion", criterion.criterion.as_str().to_owned())];
        match &criterion.figures {
            Some(f) => {
                cells.extend([("n", f.n.to_string()), ("mean", number(f.mean))]);
                cells.extend([
                    ("satisfied_share", number(f.satisfied.map(|s| s.value))),
                    ("satisfied_low", number(f.satisfied.map(|s| s.low))),
                    ("satisfied_high", number(f.satisfied.map(|s| s.high))),
                ]);
                let scores = ["score_1", "score_2", "score_3", "score_4", "score_5"];
                cells.extend(scores.into_iter().zip(f.distribution.iter().map(u32::to_string)));
            }
            None => cells.extend(too_few()),
        }
        add("criterion", cells);
    }
    match summary.helpful {
        Some(h) => add("helpful", vec![("yes", h.yes.to_string()), ("no", h.no.to_string())]),
        None => add("helpful", too_few()),
    }
    for comment in &summary.comments {
        let cells = vec![
            ("comment", comment.comment.clone()),
            ("comment_day", comment.day.clone()),
            ("comment_page", comment.page.clone().unwrap_or_default()),
        ];
        add("comment", cells);
    }
    csv
}

/// The agency's ratings for staff, newest first.
pub async fn list(state: &AppState, member: &StaffMember, params: &RatingListParams) -> Result<Vec<RatingEntry>> {
    let limit = params.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) || params.max_score.is_some_and(|m| !(1..=5).contains(&m)) {
        return Err(Error::BadQuery("limit is 1 to 500; max_score is 1 to 5".into()));
    }
    let since = params.period.unwrap_or_default().days().map(|days| clock::after(&clock::now(), -days * 86_400));
    Ok(store::list(&state.db, member.agency_id, params, since.as_deref(), limit).await?)
}

/// The ratings week by week (weeks of Vietnam time, from Monday) over the period, for the page if one is
/// given: counted per hour in SQL, then gathered into weeks here, as the week of an hour depends on the
/// offset, which one query text cannot compute on both databases.
pub async fn trend(state: &AppState, member: &StaffMember, params: &TrendParams) -> Result<RatingTrend> {
    let since = params.period.unwrap_or_default().days().map(|days| clock::after(&clock::now(), -days * 86_400));
    let hours = store::hourly(&state.db, member.agency_id, params.page.as_deref(), since.as_deref()).await?;
    let mut weeks: BTreeMap<Date, (u32, [(i64, i64); 4])> = BTreeMap::new();
    for (hour, n, criteria) in hours {
        let Some(day) = Date::in_vietnam_at(&format!("{hour}:00:00Z")) else { continue };
        let week = weeks.entry(day.week_start()).or_default();
        week.0 += n;
        for (total, (sum, count)) in week.1.iter_mut().zip(criteria) {
            total.0 += sum;
            total.1 += count;
        }
    }
    let weeks = weeks
        .into_iter()
        .map(|(week, (ratings, criteria))| TrendWeek {
            week: week.to_string(),
            ratings,
            means: criteria.iter().map(|(sum, n)| (*n > 0).then(|| *sum as f64 / *n as f64)).collect(),
        })
        .collect();
    Ok(RatingTrend { weeks })
}

/// Ratings as CSV for staff: every field of `RatingEntry`.
pub fn ratings_csv(entries: &[RatingEntry]) -> String {
    let mut csv =
        String::from("id,page,helpful,interface,content,quality,support,comment,lang,created_at,comment_published\r\n");
    let score = |s: Option<u8>| s.map(|s| s.to_string()).unwrap_or_default();
    for e in entries {
        let fields = [
            e.id.to_string(),
            e.page.clone().unwrap_or_default(),
            e.helpful.map(|h| if h { "yes" } else { "no" }.to_owned()).unwrap_or_default(),
            score(e.interface),
            score(e.content),
            score(e.quality),
            score(e.support),
            e.comment.clone().unwrap_or_default(),
            e.lang.as_str().to_owned(),
            e.created_at.clone(),
            e.comment_published.to_string(),
        ];
        csv.push_str(&fields.iter().map(|f| crate::platform::csv::field(f)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    csv
}

/// Publishes a rating's comment, or withdraws it (moderator): a human decision, audited, since a comment
/// may name people even though nothing about its author is stored.
pub async fn set_comment_publication(state: &AppState, member: &StaffMember, id: i64, published: bool) -> Result<()> {
    let mut tx = db::begin(&state.db).await?;
    match store::set_comment_published(&mut tx, member.agency_id, id, published, &clock::now()).await? {
        None => return Err(Error::NotFound),
        Some(false) => return Err(Error::Conflict("This rating has no comment to publish.")),
        Some(true) => {}
    }
    let action = if published { "rating.comment_publish" } else { "rating.comment_unpublish" };
    staff::commit_audited(tx, member, action, Some(Subject::rating(id)), json!({})).await?;
    state.rating_summaries.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedupe_tokens_match_only_the_same_place_page_and_day() {
        let (key, other_key) = ([7u8; 32], [8u8; 32]);
        let day = Date::parse("2026-12-02").unwrap();
        let token = |client: &str, page: Option<&str>, day: Date| token_with(&key, client, page, day);
        let first = token("203.0.113.1", Some("https://a.example/x"), day);
        assert_eq!(first, token("203.0.113.1", Some("https://a.example/x"), day));
        assert_ne!(first, token("203.0.113.2", Some("https://a.example/x"), day));
        assert_ne!(first, token("203.0.113.1", Some("https://a.example/y"), day));
        assert_ne!(first, token("203.0.113.1", None, day));
        assert_ne!(first, token("203.0.113.1", Some("https://a.example/x"), day.add_days(1)));
        // Another day's key (a new random one) matches nothing of today's.
        assert_ne!(first, token_with(&other_key, "203.0.113.1", Some("https://a.example/x"), day));
        assert!(!first.contains("203.0.113"));
        assert_eq!(parse_key(&hex(&key)), Some(key));
    }
}
