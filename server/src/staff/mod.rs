//! Staff accounts, their sessions and the audit of their writes. A session token is 32 random bytes; the
//! database keeps only its SHA-256, so a leaked backup opens nothing. Browsers carry it in an HttpOnly,
//! Secure, SameSite=Strict cookie; API clients send it as a bearer token. This file holds the feature's
//! functions and SQL; `http` its handlers.

pub mod http;

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use domain::staff::{Account, AuditEntry, AuditParams, LoginRequest, NewAccount, StaffSession, is_valid_username};
use domain::{FieldErrors, Lang, Role, TrackingCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, AnyPool, Row};

use crate::audit::{self, Subject};
use crate::db::{Tx, is_unique_violation};
use crate::platform::random::{hex, random_bytes};
use crate::platform::{clock, passwords};
use crate::questions::store::display_code;
use crate::{AppState, Error, Result, agencies};

pub const SESSION_COOKIE: &str = "tuongtac_staff";
/// A session ends this long after log-in, whatever happens in between.
pub const SESSION_HOURS: i64 = 8;

/// The staff member a request is made by, read from a live session.
#[derive(Debug, Clone)]
pub struct StaffMember {
    pub id: i64,
    pub agency_id: i64,
    pub agency_slug: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

impl StaffMember {
    /// Refuses with 403 unless this member's role includes `role`.
    pub fn require(&self, role: Role) -> Result<()> {
        if self.role.includes(role) { Ok(()) } else { Err(Error::Forbidden) }
    }

    /// Officers and moderators both work the queue; admins may too.
    pub fn require_any(&self, roles: &[Role]) -> Result<()> {
        if roles.iter().any(|r| self.role.includes(*r)) { Ok(()) } else { Err(Error::Forbidden) }
    }
}

impl FromRequestParts<AppState> for StaffMember {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = request_token(&parts.headers).ok_or(Error::Unauthorized)?;
        let row = sqlx::query(
            "SELECT s.id, s.agency_id, a.slug, s.username, s.display_name, s.role FROM staff_sessions t \
             JOIN staff s ON s.id = t.staff_id JOIN agencies a ON a.id = s.agency_id \
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND s.disabled_at IS NULL",
        )
        .bind(token_hash(&token))
        .bind(clock::now())
        .fetch_optional(&state.db)
        .await?
        .ok_or(Error::Unauthorized)?;
        Ok(StaffMember {
            id: row.try_get("id")?,
            agency_id: row.try_get("agency_id")?,
            agency_slug: row.try_get("slug")?,
            username: row.try_get("username")?,
            display_name: row.try_get("display_name")?,
            role: stored_role(row.try_get("role")?)?,
        })
    }
}

fn stored_role(role: String) -> Result<Role> {
    Role::parse(&role).ok_or_else(|| Error::Internal(format!("unknown role {role}")))
}

/// Ends a staff write: records it in the audit log inside its transaction, then commits both.
pub async fn commit_audited(
    mut tx: Tx,
    member: &StaffMember,
    action: &str,
    about: Option<Subject>,
    detail: Value,
) -> Result<()> {
    audit::record(&mut tx, member.agency_id, Some(member.id), action, about, detail).await?;
    Ok(tx.commit().await?)
}

// ---------------------------------------------------------------------------------------------------------
// Sessions.

fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The session token a request carries: a bearer token, or else the session cookie.
pub fn request_token(headers: &HeaderMap) -> Option<String> {
    bearer_token(headers).or_else(|| cookie_token(headers))
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Checks a log-in and opens a session. Repeated failures lock the username (and the address `client`)
/// out; a malformed name is refused like a wrong one, after the same work, and never reaches the database.
pub async fn log_in(state: &AppState, client: &str, login: &LoginRequest) -> Result<StaffSession> {
    let well_formed = domain::agency::is_valid_slug(&login.agency) && is_valid_username(&login.username);
    let subject =
        if well_formed { format!("login:{}:{}", login.agency, login.username) } else { "login:malformed".into() };
    let attempt = state.guessing.attempt(&subject, &format!("login:{client}")).await?;
    let agency = match well_formed {
        true => agencies::find_cached(&state.agencies, &state.db, &login.agency).await?,
        false => None,
    };
    let credentials = match &agency {
        Some(agency) => find_credentials(&state.db, agency.id, &login.username).await?,
        None => None,
    };
    let matches =
        passwords::verify(login.password.clone(), credentials.as_ref().map(|c| c.password_hash.clone())).await?;
    let (Some(agency), Some(credentials)) = (agency, credentials.filter(|_| matches)) else {
        return Err(Error::InvalidCredentials);
    };
    attempt.succeeded().await;
    let (token, expires_at) = open_session(&state.db, credentials.id).await?;
    Ok(StaffSession {
        token,
        expires_at,
        username: login.username.clone(),
        display_name: credentials.display_name,
        role: credentials.role,
        agency: agency.slug.clone(),
    })
}

/// Starts a session for `staff_id`; returns the token (shown once) and when it expires.
async fn open_session(db: &AnyPool, staff_id: i64) -> Result<(String, String)> {
    let token = hex(&random_bytes::<32>());
    let now = clock::now();
    let expires_at = clock::after(&now, SESSION_HOURS * 3600);
    // Expired sessions are swept on each log-in, so the table holds only live ones.
    sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1").bind(&now).execute(db).await?;
    sqlx::query("INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(staff_id)
        .bind(&now)
        .bind(&expires_at)
        .execute(db)
        .await?;
    Ok((token, expires_at))
}

pub async fn close_session(db: &AnyPool, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash(token)).execute(db).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Accounts.

/// An account as log-in needs it.
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub display_name: String,
    pub role: Role,
}

pub async fn find_credentials(db: &AnyPool, agency_id: i64, username: &str) -> Result<Option<Credentials>> {
    let row = sqlx::query(
        "SELECT id, password_hash, display_name, role FROM staff \
         WHERE agency_id = $1 AND username = $2 AND disabled_at IS NULL",
    )
    .bind(agency_id)
    .bind(username)
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        Ok(Credentials {
            id: row.try_get("id")?,
            password_hash: row.try_get("password_hash")?,
            display_name: row.try_get("display_name")?,
            role: stored_role(row.try_get("role")?)?,
        })
    })
    .transpose()
}

/// Checks a new account (422 with the fields at fault) and hashes its password, slowly: before any
/// transaction.
pub async fn prepare_account(account: &NewAccount) -> Result<(NewAccount, String)> {
    let account = account.validate().map_err(|errors| Error::Validation(errors, Lang::Vi))?;
    let hash = passwords::hash(account.password.clone()).await?;
    Ok((account, hash))
}

/// Creates an account; returns its id. Refuses a taken username (409).
pub async fn create(db: &AnyPool, agency_id: i64, account: &NewAccount) -> Result<i64> {
    let (account, hash) = prepare_account(account).await?;
    let mut conn = db.acquire().await?;
    insert(&mut conn, agency_id, &account, &hash).await
}

/// Stores an account that `prepare_account` checked and hashed.
pub async fn insert(
    conn: &mut AnyConnection,
    agency_id: i64,
    account: &NewAccount,
    password_hash: &str,
) -> Result<i64> {
    let inserted = sqlx::query(
        "INSERT INTO staff (agency_id, username, display_name, role, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(agency_id)
    .bind(&account.username)
    .bind(&account.display_name)
    .bind(account.role.as_str())
    .bind(password_hash)
    .bind(clock::now())
    .fetch_one(conn)
    .await;
    match inserted {
        Ok(row) => Ok(row.try_get("id")?),
        Err(e) if is_unique_violation(&e) => Err(Error::Conflict("This username is taken at this agency.")),
        Err(e) => Err(e.into()),
    }
}

/// Sets a new password and ends every session of the account. Returns false if there is no such account.
pub async fn reset_password(db: &AnyPool, agency_id: i64, username: &str, password: &str) -> Result<bool> {
    let mut errors = FieldErrors::default();
    domain::staff::check_new_credentials(&mut errors, username, password);
    if !errors.is_empty() {
        return Err(Error::Validation(errors, Lang::Vi));
    }
    let hash = passwords::hash(password.to_owned()).await?;
    let mut tx = crate::db::begin(db).await?;
    if !set_password(&mut tx, agency_id, username, &hash).await? {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// Stores a new password hash and ends every session of the account, inside the caller's transaction.
/// Returns false if there is no such account.
pub async fn set_password(tx: &mut AnyConnection, agency_id: i64, username: &str, hash: &str) -> Result<bool> {
    let changed =
        sqlx::query("UPDATE staff SET password_hash = $1 WHERE agency_id = $2 AND username = $3 RETURNING id")
            .bind(hash)
            .bind(agency_id)
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
    end_sessions(tx, changed).await
}

/// Disables an account (someone left the agency) and ends its sessions; its history stays in the audit log.
/// Returns false if there is no such active account. Runs inside the caller's transaction.
pub async fn disable(tx: &mut AnyConnection, agency_id: i64, username: &str) -> Result<bool> {
    let changed = sqlx::query(
        "UPDATE staff SET disabled_at = $1 WHERE agency_id = $2 AND username = $3 AND disabled_at IS NULL RETURNING id",
    )
    .bind(clock::now())
    .bind(agency_id)
    .bind(username)
    .fetch_optional(&mut *tx)
    .await?;
    end_sessions(tx, changed).await
}

/// Ends every session of the account an update returned (`RETURNING id`); false if it returned none.
async fn end_sessions(tx: &mut AnyConnection, changed: Option<sqlx::any::AnyRow>) -> Result<bool> {
    let Some(row) = changed else { return Ok(false) };
    let id: i64 = row.try_get("id")?;
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(id).execute(tx).await?;
    Ok(true)
}

/// The agency's accounts, by username.
pub async fn accounts(db: &AnyPool, agency_id: i64) -> Result<Vec<Account>> {
    let rows = sqlx::query(
        "SELECT username, display_name, role, created_at, disabled_at FROM staff WHERE agency_id = $1 ORDER BY username",
    )
    .bind(agency_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Account {
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                role: stored_role(r.try_get("role")?)?,
                created_at: r.try_get("created_at")?,
                disabled: r.try_get::<Option<String>, _>("disabled_at")?.is_some(),
            })
        })
        .collect()
}

const AUDIT_COLUMNS: &str = "SELECT l.id, l.at, s.username, l.action, l.subject_kind, q.tracking_code, l.detail \
    FROM audit_log l LEFT JOIN staff s ON s.id = l.staff_id \
    LEFT JOIN questions q ON l.subject_kind = 'question' AND q.id = l.subject_id";

/// The agency's audit log, newest first.
pub async fn audit_log(db: &AnyPool, agency_id: i64, params: &AuditParams) -> Result<Vec<AuditEntry>> {
    let limit = params.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(Error::BadQuery("limit is 1 to 200".into()));
    }
    if params.has_forbidden_chars() {
        return Err(Error::BadQuery("control characters are not allowed".into()));
    }
    let present = |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let mut sql = format!("{AUDIT_COLUMNS} WHERE l.agency_id = $1 AND l.id < $2");
    let mut binds: Vec<String> = Vec::new();
    let mut filter_by = |sql: &mut String, clause: &str, value: String| {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len() + 2)));
    };
    match present(&params.action) {
        Some(prefix) if prefix.ends_with('.') => {
            let escaped = prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            filter_by(&mut sql, " AND l.action LIKE ? ESCAPE '\\'", format!("{escaped}%"));
        }
        Some(action) => filter_by(&mut sql, " AND l.action = ?", action),
        None => {}
    }
    if let Some(by) = present(&params.by) {
        filter_by(&mut sql, " AND s.username = ?", by);
    }
    if let Some(code) = present(&params.code) {
        // A code that cannot be one matches nothing, as an unknown one does.
        let code = TrackingCode::parse(&code).map(|c| c.as_compact().to_owned()).unwrap_or_default();
        filter_by(&mut sql, " AND q.tracking_code = ?", code);
    }
    sql.push_str(&format!(" ORDER BY l.id DESC LIMIT ${}", binds.len() + 3));
    let mut query = sqlx::query(&sql).bind(agency_id).bind(params.before.unwrap_or(i64::MAX));
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.bind(i64::from(limit)).fetch_all(db).await?;
    audit_entries(&rows)
}

/// Every audit entry about one subject, oldest first (for a data-subject export).
pub async fn audit_about(db: &AnyPool, agency_id: i64, about: Subject) -> Result<Vec<AuditEntry>> {
    let sql =
        format!("{AUDIT_COLUMNS} WHERE l.agency_id = $1 AND l.subject_kind = $2 AND l.subject_id = $3 ORDER BY l.id");
    let rows = sqlx::query(&sql).bind(agency_id).bind(about.kind).bind(about.id).fetch_all(db).await?;
    audit_entries(&rows)
}

fn audit_entries(rows: &[sqlx::any::AnyRow]) -> Result<Vec<AuditEntry>> {
    rows.iter()
        .map(|r| {
            let detail: String = r.try_get("detail")?;
            // Written by `audit::record` as a JSON object; anything else is kept as text rather than lost.
            let detail = serde_json::from_str::<BTreeMap<String, Value>>(&detail)
                .unwrap_or_else(|_| BTreeMap::from([("text".to_owned(), Value::String(detail))]));
            Ok(AuditEntry {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                by: r.try_get("username")?,
                action: r.try_get("action")?,
                subject_kind: r.try_get("subject_kind")?,
                tracking_code: r.try_get::<Option<String>, _>("tracking_code")?.map(display_code),
                detail,
            })
        })
        .collect()
}
