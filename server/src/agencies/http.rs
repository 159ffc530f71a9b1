//! The agency as widgets read it, and its administration by the agency's admins: units, settings, allowed
//! origins and topics. Every admin write is audited in its own transaction.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use domain::staff::{OriginRequest, SettingsRequest, Unit, validate_topic};
use domain::{AgencyPublic, Lang, Role, Topic};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::CurrentAgency;
use crate::extract::Json;
use crate::openapi::{AgencyRead, StaffRead, StaffWrite};
use crate::staff::{self, StaffMember};
use crate::{AppState, Error, Result, db};

/// The public route, which sits behind the agency guard.
pub fn public_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show))
}

/// The admin routes, which are staff routes: no agency guard, no CORS.
pub fn admin_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units, save_unit))
        .routes(routes!(get_settings, save_settings))
        .routes(routes!(list_origins, add_origin))
        .routes(routes!(save_topic))
}

/// What a widget needs to render the agency's form: its name and topics.
#[utoipa::path(get, path = "/api/v1/agencies/{agency}", tag = "agencies",
    params(("agency" = String, Path, description = "The agency's slug")),
    responses((status = 200, body = AgencyPublic), AgencyRead))]
pub async fn show(agency: CurrentAgency) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"))], axum::Json(agency.public()))
}

/// The agency's units, which questions are assigned to.
#[utoipa::path(get, path = "/api/v1/staff/units", tag = "staff", responses((status = 200, body = [Unit]), StaffRead))]
pub async fn list_units(State(state): State<AppState>, member: StaffMember) -> Result<axum::Json<Vec<Unit>>> {
    Ok(axum::Json(super::units(&state.db, member.agency_id).await?))
}

fn invalid(errors: domain::FieldErrors) -> Error {
    Error::Validation(errors, Lang::Vi)
}

/// Saves an admin's change with its audit entry, and drops the cached agency so the change applies at once.
async fn commit(
    state: &AppState,
    tx: db::Tx,
    member: &StaffMember,
    action: &str,
    detail: serde_json::Value,
) -> Result<StatusCode> {
    staff::commit_audited(tx, member, action, None, detail).await?;
    state.agencies.clear();
    Ok(StatusCode::NO_CONTENT)
}

/// Creates or renames a unit (admin).
#[utoipa::path(post, path = "/api/v1/staff/units", tag = "staff",
    request_body(content = Unit, content_type = "application/json"),
    responses((status = 204, description = "Saved"), StaffWrite))]
pub async fn save_unit(
    State(state): State<AppState>,
    member: StaffMember,
    Json(unit): Json<Unit>,
) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    let unit = unit.validate().map_err(invalid)?;
    let mut tx = db::begin(&state.db).await?;
    super::upsert_unit(&mut *tx, member.agency_id, &unit.slug, &unit.name).await?;
    commit(&state, tx, &member, "unit.save", json!({ "slug": unit.slug, "name": unit.name })).await
}

/// The handling time, the holidays, the tracker page and the retention of contact details, as the settings
/// form edits them (admin).
#[utoipa::path(get, path = "/api/v1/staff/settings", tag = "staff",
    responses((status = 200, body = SettingsRequest), StaffRead))]
pub async fn get_settings(State(state): State<AppState>, member: StaffMember) -> Result<axum::Json<SettingsRequest>> {
    member.require(Role::Admin)?;
    Ok(axum::Json(super::settings(&state.db, member.agency_id).await?))
}

/// Sets the handling time, the holidays, the tracker page and how long the contact details of finished
/// questions are kept (admin). Due dates already given stay.
#[utoipa::path(put, path = "/api/v1/staff/settings", tag = "staff",
    request_body(content = SettingsRequest, content_type = "application/json"),
    responses((status = 204, description = "Saved"), StaffWrite))]
pub async fn save_settings(
    State(state): State<AppState>,
    member: StaffMember,
    Json(request): Json<SettingsRequest>,
) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    let settings = request.validate().map_err(invalid)?;
    let mut tx = db::begin(&state.db).await?;
    super::set_settings(&mut tx, member.agency_id, &settings).await?;
    let holidays: Vec<String> = settings.holidays.iter().map(ToString::to_string).collect();
    let detail = json!({
        "handling_days": settings.handling_days, "holidays": holidays, "tracker_url": settings.tracker_url,
        "contact_retention_days": settings.contact_retention_days,
    });
    commit(&state, tx, &member, "settings.save", detail).await
}

/// The sites allowed to embed the agency's widgets (admin).
#[utoipa::path(get, path = "/api/v1/staff/origins", tag = "staff", responses((status = 200, body = [String]), StaffRead))]
pub async fn list_origins(State(state): State<AppState>, member: StaffMember) -> Result<axum::Json<Vec<String>>> {
    member.require(Role::Admin)?;
    let agency = super::find_cached(&state.agencies, &state.db, &member.agency_slug).await?.ok_or(Error::NotFound)?;
    Ok(axum::Json(agency.origins.clone()))
}

/// Allows a site to embed the agency's widgets (admin).
#[utoipa::path(post, path = "/api/v1/staff/origins", tag = "staff",
    request_body(content = OriginRequest, content_type = "application/json"),
    responses((status = 204, description = "Allowed"), StaffWrite))]
pub async fn add_origin(
    State(state): State<AppState>,
    member: StaffMember,
    Json(request): Json<OriginRequest>,
) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    let origin = request.validate().map_err(invalid)?;
    let mut tx = db::begin(&state.db).await?;
    super::add_origin(&mut *tx, member.agency_id, &origin).await?;
    commit(&state, tx, &member, "origin.add", json!({ "origin": origin })).await
}

/// Creates or renames a topic (admin).
#[utoipa::path(post, path = "/api/v1/staff/topics", tag = "staff",
    request_body(content = Topic, content_type = "application/json"),
    responses((status = 204, description = "Saved"), StaffWrite))]
pub async fn save_topic(
    State(state): State<AppState>,
    member: StaffMember,
    Json(topic): Json<Topic>,
) -> Result<StatusCode> {
    member.require(Role::Admin)?;
    let topic = validate_topic(&topic).map_err(invalid)?;
    let position = super::topic_count(&state.db, member.agency_id).await?;
    let mut tx = db::begin(&state.db).await?;
    super::add_topic(&mut *tx, member.agency_id, &topic, position).await?;
    let detail = json!({ "slug": topic.slug, "name_vi": topic.name_vi, "name_en": topic.name_en });
    commit(&state, tx, &member, "topic.save", detail).await
}
