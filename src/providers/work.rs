//! What caseworkers and provider staff do with providers, as plain functions that the routes and
//! the demo call alike: register an organisation, decide a municipality's approval of it, and
//! keep its sites and what each offers. Each takes the door's decision (an [`Area`] or a
//! [`Staff`]) and writes in the caller's transaction.

use super::input::{check_limits, ParsedSite};
use super::repo::{self, ApprovalRow, ProviderRow, SiteRow, SiteServiceRow};
use super::{approval_dates, approval_reason, Offering};
use crate::access::door::{Area, Staff};
use crate::clock::helsinki_date;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::rulebooks::{self, Terms};
use crate::vocab::ApprovalStatus;

/// Registers the provider `row` (its id and fields as given; registered now).
pub fn register(
    conn: &mut DbConnection,
    area: &Area,
    mut row: ProviderRow,
) -> Result<ProviderRow, AppError> {
    row.created_at = area.now.naive_utc();
    let business_id = row.business_id.clone().unwrap_or_default();
    if let Some(id) = repo::with_business_id(conn, &business_id)? {
        let existing = crate::refs::Link::provider(&id);
        return Err(AppError::new(ErrorCode::ProviderBusinessIdTaken).conflicting(existing));
    }
    repo::insert(conn, &row)?;
    Ok(row)
}

/// A municipality's decision on a provider for one service.
#[derive(Debug, Clone)]
pub struct Decision {
    /// As given: anything that is not an id names no provider (404).
    pub provider_id: String,
    pub service: String,
    pub status: ApprovalStatus,
    pub reason: Option<String>,
}

/// Decides the caseworker's municipality's approval of a provider for a service; answers the
/// approval and whether it is the first decision. A provider whose legal form the rulebook does
/// not list cannot be approved: `refusal` words that refusal for the reader.
pub fn decide_approval(
    conn: &mut DbConnection,
    area: &Area,
    d: Decision,
    refusal: impl FnOnce(&Terms, &str) -> AppError,
) -> Result<(ApprovalRow, bool), AppError> {
    let today = helsinki_date(area.now);
    let municipality = area
        .municipality
        .clone()
        .ok_or_else(|| AppError::new(ErrorCode::MissingField).arg("field", "municipality"))?;
    let provider_id = crate::access::parse_id(&d.provider_id)?;
    let reason = approval_reason(d.status, d.reason.as_deref())?;
    let provider = repo::find(conn, &provider_id)?.ok_or_else(AppError::not_found)?;
    let terms = rulebooks::repo::in_force(conn, &municipality, &d.service, today)?
        .ok_or_else(|| AppError::new(ErrorCode::ProviderServiceNotOffered))?;
    if d.status == ApprovalStatus::Approved && !terms.allows_legal_form(&provider.legal_form) {
        return Err(refusal(&terms, &provider.legal_form));
    }
    let existing = repo::find_approval(conn, &provider_id, &municipality, &d.service)?;
    let (approved_on, status_since) = approval_dates(existing.as_ref(), d.status, today)?;
    let row = ApprovalRow {
        provider_id,
        municipality_code: municipality,
        service_code: terms.rulebook.service_code.clone(),
        status: d.status.as_str().to_string(),
        approved_on,
        status_since,
        reason,
        changed_by: area.actor_id.clone(),
        updated_at: area.now.naive_utc(),
    };
    repo::put_approval(conn, &row)?;
    Ok((row, existing.is_none()))
}

/// Adds the site `s` with the id `id` to the organisation of `staff`.
pub fn create_site(
    conn: &mut DbConnection,
    staff: &Staff,
    id: &str,
    s: ParsedSite,
) -> Result<SiteRow, AppError> {
    let at = staff.now.naive_utc();
    let row = SiteRow {
        id: id.to_string(),
        provider_id: staff.provider_id.clone(),
        name: s.name,
        street_address: s.street_address,
        postal_code: s.postal_code,
        city: s.city,
        lat: s.at.lat(),
        lon: s.at.lon(),
        created_at: at,
        updated_at: at,
    };
    repo::insert_site(conn, &row)?;
    Ok(row)
}

/// One of the organisation's sites, or 404.
fn own_site(conn: &mut DbConnection, staff: &Staff, site_id: &str) -> Result<SiteRow, AppError> {
    repo::find_site(conn, site_id)?
        .filter(|s| s.provider_id == staff.provider_id)
        .ok_or_else(AppError::not_found)
}

/// Changes a site's name, address or location; a site stays with its organisation.
pub fn update_site(
    conn: &mut DbConnection,
    staff: &Staff,
    site_id: &str,
    s: ParsedSite,
) -> Result<SiteRow, AppError> {
    let mut row = own_site(conn, staff, site_id)?;
    row.name = s.name;
    row.street_address = s.street_address;
    row.postal_code = s.postal_code;
    row.city = s.city;
    row.lat = s.at.lat();
    row.lon = s.at.lon();
    row.updated_at = staff.now.naive_utc();
    repo::update_site(conn, &row)?;
    Ok(row)
}

/// Publishes or changes what a site offers for `service`, within the rulebooks' limits.
pub fn put_offering(
    conn: &mut DbConnection,
    staff: &Staff,
    site_id: &str,
    service: &str,
    offering: &Offering,
) -> Result<SiteRow, AppError> {
    let site = own_site(conn, staff, site_id)?;
    if !rulebooks::repo::service_exists(conn, service)? {
        return Err(AppError::not_found());
    }
    let (min_tasks, max_group) = rulebooks::repo::offering_limits(conn, service)?;
    check_limits(offering, min_tasks, max_group)?;
    let at = staff.now.naive_utc();
    repo::put_site_service(conn, &SiteServiceRow::new(&site, service, offering, at))?;
    Ok(site)
}
