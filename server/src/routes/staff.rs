//! Staff sessions and agency administration. Staff routes live outside the agency guard: they never answer
//! CORS, so no embedding page can call them, and a session belongs to exactly one agency.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::extract::Path;
use axum::routing::{delete, get, post, put};
use axum::Router;
use domain::staff::{LoginRequest, StaffSession};
use domain::{Date, Role, Topic};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

use crate::extract::Json;
use crate::security::ClientKey;
use crate::staff::{self as accounts, SESSION_COOKIE, SESSION_HOURS, StaffMember};
use crate::{AppState, Error, Result, agencies, audit, db, passwords};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/staff/session", post(log_in).get(current).delete(log_out))
        .route("/api/v1/staff/units", get(list_units).post(save_unit))
        .route("/api/v1/staff/settings", put(save_settings))
        .route("/api/v1/staff/origins", post(add_origin))
        .route("/api/v1/staff/topics", post(save_topic))
        .route("/api/v1/staff/accounts", get(list_accounts).post(create_account))
        .route("/api/v1/staff/accounts/{username}", delete(disable_account))
        .route("/api/v1/staff/audit", get(audit_log))
}

/// Logs in. Answers the session token for API clients and sets it as an HttpOnly, Secure, SameSite=Strict
/// cookie for the browser. Repeated failures lock the username and the address out for a while.
#[utoipa::path(post, path = "/api/v1/staff/session", tag = "staff",
    request_body(content = LoginRequest, content_type = "application/json"),
    responses((status = 200, body = StaffSession), (status = 401, description = "Wrong agency, username or password"),
        (status = 429, description = "Too many failed log-ins; see Retry-After")))]
pub async fn log_in(
    State(state): State<AppState>,
    ClientKey(client): ClientKey,
    Json(login): Json<LoginRequest>,
) -> Result<Response> {
    // Malformed names are refused like wrong ones (after the same work), and never reach the database or
    // the lockout's memory.
    let well_formed = domain::agency::is_valid_slug(&login.agency) && accounts::is_valid_username(&login.username);
    let subject = if well_formed { format!("login:{}:{}", login.agency, login.username) } else { "login:malformed".into() };
    let attempt = state
        .guessing
        .attempt(&subject, &format!("login:{client}"))
        .map_err(|retry_after_secs| Error::TooManyRequests { retry_after_secs })?;
    let agency = match well_formed {
        true => agencies::find_cached(&state.agencies, &state.db, &login.agency).await?,
        false => None,
    };
    let credentials = match &agency {
        Some(agency) => accounts::find_credentials(&state.db, agency.id, &login.username).await?,
        None => None,
    };
    let matches = {
        let _slot = state.hashing.acquire().await.map_err(|e| Error::Internal(e.to_string()))?;
        passwords::verify(login.password.clone(), credentials.as_ref().map(|c| c.password_hash.clone())).await?
    };
    let (Some(agency), Some(credentials)) = (agency, credentials.filter(|_| matches)) else {
        return Err(Error::InvalidCredentials);
    };
    attempt.succeeded();
    let (token, expires_at) = accounts::open_session(&state.db, credentials.id).await?;
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/api/v1/staff; Max-Age={}; HttpOnly; Secure; SameSite=Strict",
        SESSION_HOURS * 3600
    );
    let session = StaffSession {
        token,
        expires_at,
        username: login.username,
        display_name: credentials.display_name,
        role: credentials.role,
        agency: agency.slug.clone(),
    };
    let mut response = axum::Json(session).into_response();
    let headers = response.headers_mut();
    headers.insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|e| Error::Internal(e.to_string()))?);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: String,
}

/// Who the session belongs to.
#[utoipa::path(get, path = "/api/v1/staff/session", tag = "staff",
    responses((status = 200, body = Me), (status = 401, description = "No valid session")))]
pub async fn current(member: StaffMember) -> axum::Json<Me> {
    axum::Json(Me { username: member.username, display_name: member.display_name, role: member.role, agency: member.agency_slug })
}

/// Ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/staff/session", tag = "staff", responses((status = 204)))]
pub async fn log_out(State(state): State<AppState>, _member: StaffMember, headers: HeaderMap) -> Result<Response> {
    if let Some(token) = accounts::request_token(&headers) {
        accounts::close_session(&state.db, &token).await?;
    }
    let expired = format!("{SESSION_COOKIE}=; Path=/api/v1/staff; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&expired).map_err(|e| Error::Internal(e.to_string()))?);
    Ok(response)
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Unit {
    pub slug: String,
    pub name: String,
}

/// The agency's units, which questions are assigned to.
#[utoipa::path(get, path = "/api/v1/staff/units", tag = "staff", responses((status = 200, body = [Unit])))]
pub async fn list_units(State(state): State<AppState>, member: StaffMember) -> Result<axum::Json<Vec<Unit>>> {
    let units = agencies::units(&state.db, member.agency_id).await?;
    Ok(axum::Json(units.into_iter().map(|(slug, name)| Unit { slug, name }).collect()))
}

/// Creates or renames a unit (admin).
#[utoipa::path(post, path = "/api/v1/staff/units", tag = "staff", request_body = Unit,
    responses((status = 204), (status = 403, description = "Not an admin")))]
pub async fn save_unit(State(state): State<AppState>, member: StaffMember, Json(unit): Json<Unit>) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    if !domain::agency::is_valid_slug(&unit.slug) || unit.name.trim().is_empty() {
        return Err(Error::MalformedBody("slug: lowercase letters, digits and dashes; name: not empty".into()));
    }
    plain_text("name", &unit.name)?;
    let mut tx = db::begin(&state.db).await?;
    agencies::upsert_unit(&mut *tx, member.agency_id, &unit.slug, unit.name.trim()).await?;
    audited(&state, tx, &member, "unit.save", json!({ "slug": unit.slug, "name": unit.name.trim() })).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SettingsRequest {
    /// Working days to answer (1–60).
    pub handling_days: u32,
    /// Days off besides weekends, `YYYY-MM-DD`.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// The page that embeds the tracker widget, linked from notification mails.
    #[serde(default)]
    pub tracker_url: Option<String>,
}

/// Sets the handling time, the holidays and the tracker page (admin). Due dates already given stay.
#[utoipa::path(put, path = "/api/v1/staff/settings", tag = "staff", request_body = SettingsRequest,
    responses((status = 204), (status = 400, description = "Invalid value"), (status = 403, description = "Not an admin")))]
pub async fn save_settings(
    State(state): State<AppState>,
    member: StaffMember,
    Json(request): Json<SettingsRequest>,
) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    if !(1..=60).contains(&request.handling_days) {
        return Err(Error::MalformedBody("handling_days: between 1 and 60".into()));
    }
    let holidays = request
        .holidays
        .iter()
        .map(|d| Date::parse(d).ok_or_else(|| Error::MalformedBody(format!("holidays: {d:?} is not a YYYY-MM-DD date"))))
        .collect::<Result<Vec<_>>>()?;
    let tracker_url = request.tracker_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    if let Some(url) = &tracker_url
        && (!(url.starts_with("https://") || url.starts_with("http://")) || url.contains(|c: char| c.is_whitespace() || c.is_control()))
    {
        return Err(Error::MalformedBody("tracker_url: an http(s) URL".into()));
    }
    let settings = agencies::Settings { handling_days: request.handling_days, holidays, tracker_url };
    let mut tx = db::begin(&state.db).await?;
    agencies::set_settings(&mut tx, member.agency_id, &settings).await?;
    let detail = json!({ "handling_days": settings.handling_days, "holidays": request.holidays, "tracker_url": settings.tracker_url });
    audited(&state, tx, &member, "settings.save", detail).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OriginRequest {
    /// `https://portal.example.gov.vn`
    pub origin: String,
}

/// Allows a site to embed the agency's widgets (admin).
#[utoipa::path(post, path = "/api/v1/staff/origins", tag = "staff", request_body = OriginRequest,
    responses((status = 204), (status = 400, description = "Not an origin"), (status = 403, description = "Not an admin")))]
pub async fn add_origin(State(state): State<AppState>, member: StaffMember, Json(request): Json<OriginRequest>) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    let origin = agencies::normalise_origin(&request.origin)
        .ok_or_else(|| Error::MalformedBody("origin: write it like https://portal.example.gov.vn".into()))?;
    let mut tx = db::begin(&state.db).await?;
    agencies::add_origin(&mut *tx, member.agency_id, &origin).await?;
    audited(&state, tx, &member, "origin.add", json!({ "origin": origin })).await
}

/// Creates or renames a topic (admin).
#[utoipa::path(post, path = "/api/v1/staff/topics", tag = "staff", request_body = Topic,
    responses((status = 204), (status = 403, description = "Not an admin")))]
pub async fn save_topic(State(state): State<AppState>, member: StaffMember, Json(topic): Json<Topic>) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    if !domain::agency::is_valid_slug(&topic.slug) || topic.name_vi.trim().is_empty() {
        return Err(Error::MalformedBody("slug: lowercase letters, digits and dashes; name_vi: not empty".into()));
    }
    plain_text("name_vi", &topic.name_vi)?;
    plain_text("name_en", &topic.name_en)?;
    let position: i64 = sqlx::query("SELECT COUNT(*) FROM topics WHERE agency_id = $1")
        .bind(member.agency_id)
        .fetch_one(&state.db)
        .await?
        .try_get(0)?;
    let mut tx = db::begin(&state.db).await?;
    agencies::add_topic(&mut *tx, member.agency_id, &topic, position).await?;
    let detail = json!({ "slug": topic.slug, "name_vi": topic.name_vi, "name_en": topic.name_en });
    audited(&state, tx, &member, "topic.save", detail).await
}

/// Records an admin change in the audit log in the change's own transaction, commits both, and drops the
/// cached agency so the change applies at once.
async fn audited(
    state: &AppState,
    mut tx: db::Tx,
    member: &StaffMember,
    action: &str,
    detail: serde_json::Value,
) -> Result<StatusCode> {
    audit::record(&mut tx, member.agency_id, Some(member.id), action, None, detail).await?;
    tx.commit().await?;
    state.agencies.clear();
    Ok(StatusCode::NO_CONTENT)
}

/// Names and labels are one line of text: control characters are refused before they reach the database.
fn plain_text(field: &str, value: &str) -> Result<()> {
    if domain::text::has_forbidden_chars(value, domain::text::Lines::Single) {
        return Err(Error::MalformedBody(format!("{field}: control characters are not allowed")));
    }
    Ok(())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub created_at: String,
    pub disabled: bool,
}

/// The agency's staff accounts (admin).
#[utoipa::path(get, path = "/api/v1/staff/accounts", tag = "staff", responses((status = 200, body = [Account])))]
pub async fn list_accounts(State(state): State<AppState>, member: StaffMember) -> Result<axum::Json<Vec<Account>>> {
    member.require(Role::Admin)?;
    let rows = sqlx::query("SELECT username, display_name, role, created_at, disabled_at FROM staff WHERE agency_id = $1 ORDER BY username")
        .bind(member.agency_id)
        .fetch_all(&state.db)
        .await?;
    let accounts = rows
        .iter()
        .map(|r| {
            let role: String = r.try_get(2)?;
            Ok(Account {
                username: r.try_get(0)?,
                display_name: r.try_get(1)?,
                role: Role::parse(&role).unwrap_or(Role::Moderator),
                created_at: r.try_get(3)?,
                disabled: r.try_get::<Option<String>, _>(4)?.is_some(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(axum::Json(accounts))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewAccount {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub role: Role,
    /// At least 12 characters.
    pub password: String,
}

/// Creates a staff account at the admin's agency (admin).
#[utoipa::path(post, path = "/api/v1/staff/accounts", tag = "staff", request_body = NewAccount,
    responses((status = 201), (status = 400, description = "Invalid username or too short a password"),
        (status = 403, description = "Not an admin"), (status = 409, description = "Username taken")))]
pub async fn create_account(State(state): State<AppState>, member: StaffMember, Json(account): Json<NewAccount>) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    let hash = accounts::hash_new_password(&account.username, &account.password).await?;
    let mut tx = db::begin(&state.db).await?;
    accounts::insert(&mut *tx, member.agency_id, &account.username, &account.display_name, account.role, &hash).await?;
    let detail = json!({ "username": account.username, "role": account.role.as_str() });
    audited(&state, tx, &member, "account.create", detail).await?;
    Ok(StatusCode::CREATED)
}

/// Disables an account and ends its sessions (admin). Admins cannot disable themselves.
#[utoipa::path(delete, path = "/api/v1/staff/accounts/{username}", tag = "staff",
    params(("username" = String, Path, description = "The account's username")),
    responses((status = 204), (status = 403, description = "Not an admin"), (status = 404, description = "No such active account"),
        (status = 409, description = "Your own account")))]
pub async fn disable_account(State(state): State<AppState>, member: StaffMember, Path(username): Path<String>) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    if username == member.username {
        return Err(Error::Conflict("You cannot disable your own account."));
    }
    let mut tx = db::begin(&state.db).await?;
    if !accounts::disable(&mut tx, member.agency_id, &username).await? {
        return Err(Error::NotFound);
    }
    audited(&state, tx, &member, "account.disable", json!({ "username": username })).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    /// Only entries with an id below this one (for paging back in time).
    before: Option<i64>,
    /// At most 200 (default 50).
    limit: Option<u32>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// The staff member's username; none for the system.
    pub by: Option<String>,
    pub action: String,
    pub tracking_code: Option<String>,
    /// What changed, as JSON.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// The agency's audit log, newest first (admin).
#[utoipa::path(get, path = "/api/v1/staff/audit", tag = "staff", params(AuditParams),
    responses((status = 200, body = [AuditEntry]), (status = 403, description = "Not an admin")))]
pub async fn audit_log(
    State(state): State<AppState>,
    member: StaffMember,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> Result<axum::Json<Vec<AuditEntry>>> {
    member.require(Role::Admin)?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    let rows = sqlx::query(
        "SELECT l.id, l.at, s.username, l.action, q.tracking_code, l.detail FROM audit_log l \
         LEFT JOIN staff s ON s.id = l.staff_id LEFT JOIN questions q ON q.id = l.question_id \
         WHERE l.agency_id = $1 AND l.id < $2 ORDER BY l.id DESC LIMIT $3",
    )
    .bind(member.agency_id)
    .bind(params.before.unwrap_or(i64::MAX))
    .bind(i64::from(params.limit.unwrap_or(50).clamp(1, 200)))
    .fetch_all(&state.db)
    .await?;
    let entries = rows
        .iter()
        .map(|r| {
            let detail: String = r.try_get(5)?;
            let code: Option<String> = r.try_get(4)?;
            Ok(AuditEntry {
                id: r.try_get(0)?,
                at: r.try_get(1)?,
                by: r.try_get(2)?,
                action: r.try_get(3)?,
                tracking_code: code.map(crate::db::display_code),
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(axum::Json(entries))
}
