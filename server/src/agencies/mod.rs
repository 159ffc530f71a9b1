//! Agencies: who may receive questions, under which topics, embedded on which origins, with which units,
//! handling time and days off. This file holds the feature's functions and SQL; `http` its handlers (the
//! public agency and its administration), `guard` the gate of every agency route.

pub mod guard;
pub mod http;

use std::sync::Arc;

use domain::agency::normalise_origin;
use domain::staff::{Settings, SettingsRequest, Unit};
use domain::{AgencyPublic, Date, Topic};
use sqlx::{AnyConnection, AnyPool, Row};

use crate::platform::cache::TtlCache;
use crate::platform::clock;
use crate::{Error, Result};

pub use guard::{CurrentAgency, agency_guard};

/// An agency as the server needs it to handle a request.
#[derive(Debug, Clone)]
pub struct Agency {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub topics: Vec<Topic>,
    pub origins: Vec<String>,
    /// Working days the agency gives itself to answer.
    pub handling_days: u32,
    pub holidays: Vec<Date>,
    /// The page with the agency's tracker widget, for links in mails.
    pub tracker_url: Option<String>,
}

impl Agency {
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.origins.iter().any(|allowed| allowed == origin)
    }

    /// The day a question received at `created_at` is due.
    pub fn due_date(&self, created_at: &str) -> Date {
        let received = Date::in_vietnam_at(created_at).unwrap_or_else(clock::today_in_vietnam);
        domain::due_date(received, self.handling_days, &self.holidays)
    }

    /// A link to the tracker with the code filled in, if the agency has said where its tracker is.
    pub fn tracker_link(&self, code: &str) -> Option<String> {
        let base = self.tracker_url.as_deref()?;
        let separator = if base.contains('?') { '&' } else { '?' };
        Some(format!("{base}{separator}tt-code={code}"))
    }

    pub fn public(&self) -> AgencyPublic {
        AgencyPublic { slug: self.slug.clone(), name: self.name.clone(), topics: self.topics.clone() }
    }
}

/// Agencies are read on every API request but change only by an operator's command, which may run in another
/// process: lookups are cached briefly (see `AppState`), so such a change takes effect within seconds.
pub type AgencyCache = TtlCache<String, Option<Arc<Agency>>>;

pub async fn find_cached(cache: &AgencyCache, db: &AnyPool, slug: &str) -> Result<Option<Arc<Agency>>> {
    let key = slug.to_owned();
    if let Some(agency) = cache.get(&key) {
        return Ok(agency);
    }
    let agency = find(db, slug).await?.map(Arc::new);
    cache.insert(key, agency.clone());
    Ok(agency)
}

pub async fn find(db: &AnyPool, slug: &str) -> Result<Option<Agency>> {
    let Some(row) = sqlx::query("SELECT id, name, handling_days, tracker_url FROM agencies WHERE slug = $1")
        .bind(slug)
        .fetch_optional(db)
        .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let topics = sqlx::query("SELECT slug, name_vi, name_en FROM topics WHERE agency_id = $1 ORDER BY position, slug")
        .bind(id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| Ok(Topic { slug: r.try_get("slug")?, name_vi: r.try_get("name_vi")?, name_en: r.try_get("name_en")? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let origins = sqlx::query("SELECT origin FROM agency_origins WHERE agency_id = $1 ORDER BY origin")
        .bind(id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| r.try_get("origin"))
        .collect::<Result<Vec<String>, sqlx::Error>>()?;
    let holidays = sqlx::query("SELECT day FROM holidays WHERE agency_id = $1 ORDER BY day")
        .bind(id)
        .fetch_all(db)
        .await?
        .iter()
        .filter_map(|r| r.try_get::<String, _>("day").ok().and_then(|d| Date::parse(&d)))
        .collect();
    let handling_days: i64 = row.try_get("handling_days")?;
    Ok(Some(Agency {
        id,
        slug: slug.to_owned(),
        name: row.try_get("name")?,
        topics,
        origins,
        handling_days: u32::try_from(handling_days).unwrap_or(domain::date::DEFAULT_HANDLING_DAYS),
        holidays,
        tracker_url: row.try_get("tracker_url")?,
    }))
}

/// Creates an agency, or renames it if the slug exists; returns its id.
pub async fn upsert(db: &AnyPool, slug: &str, name: &str) -> Result<i64> {
    if !domain::agency::is_valid_slug(slug) {
        return Err(Error::Internal(format!("invalid agency slug {slug:?}: use lowercase letters, digits and dashes")));
    }
    let row = sqlx::query(
        "INSERT INTO agencies (slug, name, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(clock::now())
    .fetch_one(db)
    .await?;
    Ok(row.try_get("id")?)
}

/// Allows an origin (`scheme://host[:port]`, as browsers send it) to embed the agency's widgets.
pub async fn add_origin<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    agency_id: i64,
    origin: &str,
) -> Result<()> {
    let origin = normalise_origin(origin).ok_or_else(|| {
        Error::Internal(format!("invalid origin {origin:?}: write it like https://portal.example.gov.vn"))
    })?;
    sqlx::query("INSERT INTO agency_origins (agency_id, origin) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(agency_id)
        .bind(origin)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn add_topic<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    agency_id: i64,
    topic: &Topic,
    position: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO topics (agency_id, slug, name_vi, name_en, position) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (agency_id, slug) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en",
    )
    .bind(agency_id)
    .bind(&topic.slug)
    .bind(&topic.name_vi)
    .bind(&topic.name_en)
    .bind(position)
    .execute(db)
    .await?;
    Ok(())
}

/// Creates a unit (a department that handles questions), or renames it.
pub async fn upsert_unit<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    agency_id: i64,
    slug: &str,
    name: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO units (agency_id, slug, name) VALUES ($1, $2, $3) \
         ON CONFLICT (agency_id, slug) DO UPDATE SET name = excluded.name",
    )
    .bind(agency_id)
    .bind(slug)
    .bind(name)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn units(db: &AnyPool, agency_id: i64) -> Result<Vec<Unit>> {
    let rows = sqlx::query("SELECT slug, name FROM units WHERE agency_id = $1 ORDER BY slug")
        .bind(agency_id)
        .fetch_all(db)
        .await?;
    Ok(rows
        .iter()
        .map(|r| Ok(Unit { slug: r.try_get("slug")?, name: r.try_get("name")? }))
        .collect::<Result<_, sqlx::Error>>()?)
}

/// How many topics the agency has: a new one goes last.
pub async fn topic_count(db: &AnyPool, agency_id: i64) -> Result<i64> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM topics WHERE agency_id = $1")
        .bind(agency_id)
        .fetch_one(db)
        .await?
        .try_get("n")?)
}

/// Saves the settings inside the caller's transaction.
/// The agency's settings as an admin edits them.
pub async fn settings(db: &AnyPool, agency_id: i64) -> Result<SettingsRequest> {
    let row = sqlx::query("SELECT handling_days, tracker_url, contact_retention_days FROM agencies WHERE id = $1")
        .bind(agency_id)
        .fetch_one(db)
        .await?;
    let holidays = sqlx::query("SELECT day FROM holidays WHERE agency_id = $1 ORDER BY day")
        .bind(agency_id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>("day"))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let days = |column: &str| -> Result<Option<u32>> {
        Ok(row.try_get::<Option<i64>, _>(column)?.and_then(|days| u32::try_from(days).ok()))
    };
    Ok(SettingsRequest {
        handling_days: days("handling_days")?.unwrap_or(domain::date::DEFAULT_HANDLING_DAYS),
        holidays,
        tracker_url: row.try_get("tracker_url")?,
        contact_retention_days: days("contact_retention_days")?,
    })
}

pub async fn set_settings(tx: &mut AnyConnection, agency_id: i64, settings: &Settings) -> Result<()> {
    sqlx::query(
        "UPDATE agencies SET handling_days = $1, tracker_url = $2, \
         contact_retention_days = COALESCE($3, contact_retention_days) WHERE id = $4",
    )
    .bind(i64::from(settings.handling_days))
    .bind(&settings.tracker_url)
    .bind(settings.contact_retention_days.map(i64::from))
    .bind(agency_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM holidays WHERE agency_id = $1").bind(agency_id).execute(&mut *tx).await?;
    for day in &settings.holidays {
        sqlx::query("INSERT INTO holidays (agency_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(agency_id)
            .bind(day.to_string())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

pub async fn list(db: &AnyPool) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT slug, name FROM agencies ORDER BY slug").fetch_all(db).await?;
    Ok(rows.iter().map(|r| Ok((r.try_get("slug")?, r.try_get("name")?))).collect::<Result<_, sqlx::Error>>()?)
}

/// Seeds the `demo` agency that the demo pages embed, allowed on the server's own origin.
pub async fn seed_demo(db: &AnyPool, own_origins: &[String]) -> Result<()> {
    let id = upsert(db, "demo", "Sở Thông tin và Truyền thông tỉnh Demo").await?;
    let topics = [
        ("giay-phep", "Cấp phép, giấy phép", "Permits and licences"),
        ("vien-thong", "Viễn thông, Internet", "Telecommunications and Internet"),
        ("bao-chi", "Báo chí, xuất bản", "Press and publishing"),
        ("chuyen-doi-so", "Chuyển đổi số", "Digital transformation"),
        ("khac", "Lĩnh vực khác", "Other"),
    ];
    for (position, (slug, vi, en)) in topics.into_iter().enumerate() {
        let topic = Topic { slug: slug.into(), name_vi: vi.into(), name_en: en.into() };
        add_topic(db, id, &topic, position as i64).await?;
    }
    for origin in own_origins {
        add_origin(db, id, origin).await?;
    }
    for (slug, name) in [("phong-cntt", "Phòng Công nghệ thông tin"), ("phong-bcxb", "Phòng Báo chí – Xuất bản")]
    {
        upsert_unit(db, id, slug, name).await?;
    }
    if let Some(origin) = own_origins.first() {
        sqlx::query("UPDATE agencies SET tracker_url = $1 WHERE id = $2")
            .bind(format!("{origin}/demo/tracker.html"))
            .bind(id)
            .execute(db)
            .await?;
    }
    Ok(())
}
