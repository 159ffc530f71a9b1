//! Staff handlers: sessions, accounts and the audit log. Staff routes live outside the agency guard: they
//! never answer CORS, so no embedding page can call them, and a session belongs to exactly one agency.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Role;
use domain::staff::{Account, AuditEntry, AuditParams, LoginRequest, Me, NewAccount, NewPassword, StaffSession};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{SESSION_COOKIE, SESSION_HOURS, StaffMember};
use crate::extract::Json;
use crate::openapi::{LogIn, StaffRead, StaffWrite};
use crate::platform::security::ClientKey;
use crate::{AppState, Error, Result, db};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(log_in, current, log_out))
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(disable_account))
        .routes(routes!(reset_password))
        .routes(routes!(audit_log))
}

fn cookie(value: &str, max_age: i64) -> Result<HeaderValue> {
    let cookie =
        format!("{SESSION_COOKIE}={value}; Path=/api/v1/staff; Max-Age={max_age}; HttpOnly; Secure; SameSite=Strict");
    HeaderValue::from_str(&cookie).map_err(|e| Error::Internal(e.to_string()))
}

/// Logs in. Answers the session token for API clients and sets it as an HttpOnly, Secure, SameSite=Strict
/// cookie for the browser. Repeated failures lock the username and the address out for a while.
#[utoipa::path(post, path = "/api/v1/staff/session", tag = "staff",
    request_body(content = LoginRequest, content_type = "application/json"),
    responses((status = 200, body = StaffSession), LogIn))]
pub async fn log_in(
    State(state): State<AppState>,
    ClientKey(client): ClientKey,
    Json(login): Json<LoginRequest>,
) -> Result<Response> {
    let session = super::log_in(&state, &client, &login).await?;
    let set_cookie = cookie(&session.token, SESSION_HOURS * 3600)?;
    let mut response = axum::Json(session).into_response();
    let headers = response.headers_mut();
    headers.insert(header::SET_COOKIE, set_cookie);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Who the session belongs to.
#[utoipa::path(get, path = "/api/v1/staff/session", tag = "staff", responses((status = 200, body = Me), StaffRead))]
pub async fn current(member: StaffMember) -> axum::Json<Me> {
    axum::Json(Me {
        username: member.username,
        display_name: member.display_name,
        role: member.role,
        agency: member.agency_slug,
    })
}

/// Ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/staff/session", tag = "staff",
    responses((status = 204, description = "Logged out"), StaffRead))]
pub async fn log_out(State(state): State<AppState>, _member: StaffMember, headers: HeaderMap) -> Result<Response> {
    if let Some(token) = super::request_token(&headers) {
        super::close_session(&state.db, &token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie("", 0)?);
    Ok(response)
}

/// The agency's staff accounts (admin).
#[utoipa::path(get, path = "/api/v1/staff/accounts", tag = "staff", responses((status = 200, body = [Account]), StaffRead))]
pub async fn list_accounts(State(state): State<AppState>, member: StaffMember) -> Result<axum::Json<Vec<Account>>> {
    member.require(Role::Admin)?;
    Ok(axum::Json(super::accounts(&state.db, member.agency_id).await?))
}

/// Creates a staff account at the admin's agency (admin).
#[utoipa::path(post, path = "/api/v1/staff/accounts", tag = "staff",
    request_body(content = NewAccount, content_type = "application/json"),
    responses((status = 201, description = "Created"), StaffWrite))]
pub async fn create_account(
    State(state): State<AppState>,
    member: StaffMember,
    Json(account): Json<NewAccount>,
) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    let (account, hash) = super::prepare_account(&account).await?;
    let mut tx = db::begin(&state.db).await?;
    super::insert(&mut tx, member.agency_id, &account, &hash).await?;
    let detail = json!({ "username": account.username, "role": account.role.as_str() });
    super::commit_audited(tx, &member, "account.create", None, detail).await?;
    Ok(StatusCode::CREATED)
}

/// Disables an account and ends its sessions (admin). Admins cannot disable themselves.
#[utoipa::path(delete, path = "/api/v1/staff/accounts/{username}", tag = "staff",
    params(("username" = String, Path, description = "The account's username")),
    responses((status = 204, description = "Disabled"), StaffWrite))]
pub async fn disable_account(
    State(state): State<AppState>,
    member: StaffMember,
    Path(username): Path<String>,
) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    if username == member.username {
        return Err(Error::Conflict("You cannot disable your own account."));
    }
    let mut tx = db::begin(&state.db).await?;
    if !super::disable(&mut tx, member.agency_id, &username).await? {
        return Err(Error::NotFound);
    }
    super::commit_audited(tx, &member, "account.disable", None, json!({ "username": username })).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Gives an account a new password, made here and shown once, and ends its sessions (admin), for a staff
/// member who forgot theirs. Admins change their own with the command line, as this would log them out.
#[utoipa::path(post, path = "/api/v1/staff/accounts/{username}/password", tag = "staff",
    params(("username" = String, Path, description = "The account's username")),
    responses((status = 200, body = NewPassword), StaffWrite))]
pub async fn reset_password(
    State(state): State<AppState>,
    member: StaffMember,
    Path(username): Path<String>,
) -> Result<Response> {
    member.require(Role::Admin)?;
    if username == member.username {
        return Err(Error::Conflict("Change your own password with tuongtac admin staff reset-password."));
    }
    let password = crate::platform::passwords::generate_password();
    let hash = crate::platform::passwords::hash(password.clone()).await?;
    let mut tx = db::begin(&state.db).await?;
    if !super::set_password(&mut tx, member.agency_id, &username, &hash).await? {
        return Err(Error::NotFound);
    }
    super::commit_audited(tx, &member, "account.reset_password", None, json!({ "username": username })).await?;
    let mut response = axum::Json(NewPassword { password }).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The agency's audit log, newest first (admin).
#[utoipa::path(get, path = "/api/v1/staff/audit", tag = "staff", params(AuditParams),
    responses((status = 200, body = [AuditEntry]), StaffRead))]
pub async fn audit_log(
    State(state): State<AppState>,
    member: StaffMember,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> Result<axum::Json<Vec<AuditEntry>>> {
    member.require(Role::Admin)?;
    let Query(params) = params.map_err(|e| Error::BadQuery(e.body_text()))?;
    Ok(axum::Json(super::audit_log(&state.db, member.agency_id, &params).await?))
}
