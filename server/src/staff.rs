//! Staff accounts and their sessions. A session token is 32 random bytes; the database keeps only its
//! SHA-256, so a leaked backup opens nothing. Browsers carry it in an HttpOnly, Secure, SameSite=Strict
//! cookie; API clients send it as a bearer token.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use domain::Role;
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};

use crate::db::{hex, is_unique_violation};
use crate::security::random_bytes;
use crate::{AppState, Error, Result, clock, passwords};

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
        let role: String = row.try_get(5)?;
        Ok(StaffMember {
            id: row.try_get(0)?,
            agency_id: row.try_get(1)?,
            agency_slug: row.try_get(2)?,
            username: row.try_get(3)?,
            display_name: row.try_get(4)?,
            role: Role::parse(&role).ok_or_else(|| Error::Internal(format!("unknown role {role}")))?,
        })
    }
}

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

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Starts a session for `staff_id`; returns the token (shown once) and when it expires.
pub async fn open_session(db: &AnyPool, staff_id: i64) -> Result<(String, String)> {
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

pub async fn close_session(db: &AnyPool, parts_token: &str) -> Result<()> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash(parts_token)).execute(db).await?;
    Ok(())
}

/// The session token a request carries: a bearer token, or else the session cookie.
pub fn request_token(headers: &HeaderMap) -> Option<String> {
    bearer_token(headers).or_else(|| cookie_token(headers))
}

/// An account as log-in needs it.
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub display_name: String,
    pub role: Role,
}

pub async fn find_credentials(db: &AnyPool, agency_id: i64, username: &str) -> Result<Option<Credentials>> {
    let Some(row) = sqlx::query(
        "SELECT id, password_hash, display_name, role FROM staff \
         WHERE agency_id = $1 AND username = $2 AND disabled_at IS NULL",
    )
    .bind(agency_id)
    .bind(username)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let role: String = row.try_get(3)?;
    Ok(Some(Credentials {
        id: row.try_get(0)?,
        password_hash: row.try_get(1)?,
        display_name: row.try_get(2)?,
        role: Role::parse(&role).ok_or_else(|| Error::Internal(format!("unknown role {role}")))?,
    }))
}

/// Usernames are what staff type to log in: lowercase letters, digits, dots, dashes and underscores.
pub fn is_valid_username(username: &str) -> bool {
    (1..=64).contains(&username.len())
        && username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@".contains(&b))
}

/// Passwords of at least 12 characters; length matters more than composition (NIST SP 800-63B).
pub const PASSWORD_MIN_CHARS: usize = 12;

/// Creates an account; returns its id. Refuses a taken username.
pub async fn create(
    db: &AnyPool,
    agency_id: i64,
    username: &str,
    display_name: &str,
    role: Role,
    password: &str,
) -> Result<i64> {
    let hash = hash_new_password(username, password).await?;
    insert(db, agency_id, username, display_name, role, &hash).await
}

/// Checks a new account's username and password and hashes the password (slowly: before any transaction).
pub async fn hash_new_password(username: &str, password: &str) -> Result<String> {
    check_new_account(username, password)?;
    passwords::hash(password.to_owned()).await
}

/// Stores an account whose password `hash_new_password` hashed.
pub async fn insert<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    agency_id: i64,
    username: &str,
    display_name: &str,
    role: Role,
    password_hash: &str,
) -> Result<i64> {
    let display_name = display_name.trim();
    if domain::text::has_forbidden_chars(display_name, domain::text::Lines::Single) {
        return Err(Error::MalformedBody("display_name: control characters are not allowed".into()));
    }
    let inserted = sqlx::query(
        "INSERT INTO staff (agency_id, username, display_name, role, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(agency_id)
    .bind(username)
    .bind(if display_name.is_empty() { username } else { display_name })
    .bind(role.as_str())
    .bind(password_hash)
    .bind(clock::now())
    .fetch_one(db)
    .await;
    match inserted {
        Ok(row) => Ok(row.try_get(0)?),
        Err(e) if is_unique_violation(&e) => Err(Error::Conflict("This username is taken at this agency.")),
        Err(e) => Err(e.into()),
    }
}

fn check_new_account(username: &str, password: &str) -> Result<()> {
    if !is_valid_username(username) {
        return Err(Error::MalformedBody(
            "username: 1 to 64 lowercase letters, digits, '.', '-', '_' or '@'".into(),
        ));
    }
    if password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(Error::MalformedBody(format!("password: at least {PASSWORD_MIN_CHARS} characters")));
    }
    Ok(())
}

/// Sets a new password and ends every session of the account. Returns false if there is no such account.
pub async fn reset_password(db: &AnyPool, agency_id: i64, username: &str, password: &str) -> Result<bool> {
    let hash = hash_new_password(username, password).await?;
    let mut tx = crate::db::begin(db).await?;
    let Some(row) = sqlx::query("UPDATE staff SET password_hash = $1 WHERE agency_id = $2 AND username = $3 RETURNING id")
        .bind(hash)
        .bind(agency_id)
        .bind(username)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(false);
    };
    let id: i64 = row.try_get(0)?;
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Disables an account (someone left the agency) and ends its sessions; its history stays in the audit log.
/// Returns false if there is no such active account. Runs inside the caller's transaction.
pub async fn disable(tx: &mut sqlx::AnyConnection, agency_id: i64, username: &str) -> Result<bool> {
    let Some(row) = sqlx::query(
        "UPDATE staff SET disabled_at = $1 WHERE agency_id = $2 AND username = $3 AND disabled_at IS NULL RETURNING id",
    )
    .bind(clock::now())
    .bind(agency_id)
    .bind(username)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(false);
    };
    let id: i64 = row.try_get(0)?;
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(id).execute(&mut *tx).await?;
    Ok(true)
}
