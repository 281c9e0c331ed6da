//! The SQL of providers: organisations, their sites and what each offers, and the
//! municipalities' approvals. The search reads the approved offers of a rulebook once per change
//! of the providers' data ([`approved_offers`], kept in memory by `catalog`).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{Offer, Offering, Place, Responsible};
use crate::db::schema::{
    intro_slots, provider_approvals, provider_sites, providers, site_services,
};
use crate::db::DbConnection;
use crate::error::AppError;
use crate::geo::Coordinates;
use crate::i18n::{Lang, Translations};
use crate::rulebooks::Service;
use crate::vocab::{decode_list, encode_list, Form, GroupTheme, ServiceLanguage, WorkTask};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = providers)]
pub struct ProviderRow {
    pub id: String,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub business_id: Option<String>,
    pub legal_form: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub description_fi: String,
    pub description_sv: String,
    pub description_en: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = providers)]
struct ProviderBrief {
    id: String,
    name: String,
    legal_form: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = provider_sites)]
pub struct SiteRow {
    pub id: String,
    pub provider_id: String,
    pub name: String,
    pub street_address: String,
    pub postal_code: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = site_services)]
pub struct SiteServiceRow {
    pub site_id: String,
    pub service_code: String,
    pub form: String,
    pub work_tasks: String,
    pub group_themes: String,
    pub languages: String,
    pub step_free: bool,
    pub partial_work_ability: bool,
    pub meal_heating: bool,
    pub hot_meal: bool,
    pub group_size_max: Option<i32>,
    pub free_places: i32,
    pub queue_length: i32,
    pub next_start_on: Option<NaiveDate>,
    pub responsible_name: String,
    pub responsible_phone: Option<String>,
    pub responsible_email: Option<String>,
    pub description_fi: String,
    pub description_sv: String,
    pub description_en: String,
    pub updated_at: NaiveDateTime,
}

impl SiteServiceRow {
    pub fn new(site: &SiteRow, service: &str, o: &Offering, at: NaiveDateTime) -> SiteServiceRow {
        SiteServiceRow {
            site_id: site.id.clone(),
            service_code: service.to_string(),
            form: o.form.as_str().to_string(),
            work_tasks: encode_list(&o.work_tasks, WorkTask::as_str),
            group_themes: encode_list(&o.group_themes, GroupTheme::as_str),
            languages: encode_list(&o.languages, ServiceLanguage::as_str),
            step_free: o.step_free,
            partial_work_ability: o.partial_work_ability,
            meal_heating: o.meal_heating,
            hot_meal: o.hot_meal,
            group_size_max: o.group_size_max,
            free_places: o.free_places,
            queue_length: o.queue_length,
            next_start_on: o.next_start_on,
            responsible_name: o.responsible.name.clone(),
            responsible_phone: o.responsible.phone.clone(),
            responsible_email: o.responsible.email.clone(),
            description_fi: o.description.fi.clone(),
            description_sv: o.description.sv.clone(),
            description_en: o.description.en.clone(),
            updated_at: at,
        }
    }

    pub fn offering(&self) -> Offering {
        Offering {
            form: Form::parse(&self.form).unwrap_or(Form::Individual),
            work_tasks: decode_list(&self.work_tasks, WorkTask::parse),
            group_themes: decode_list(&self.group_themes, GroupTheme::parse),
            languages: decode_list(&self.languages, ServiceLanguage::parse),
            step_free: self.step_free,
            partial_work_ability: self.partial_work_ability,
            meal_heating: self.meal_heating,
            hot_meal: self.hot_meal,
            group_size_max: self.group_size_max,
            free_places: self.free_places,
            queue_length: self.queue_length,
            next_start_on: self.next_start_on,
            responsible: Responsible {
                name: self.responsible_name.clone(),
                phone: self.responsible_phone.clone(),
                email: self.responsible_email.clone(),
            },
            description: Translations {
                fi: self.description_fi.clone(),
                sv: self.description_sv.clone(),
                en: self.description_en.clone(),
            },
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = provider_approvals)]
pub struct ApprovalRow {
    pub provider_id: String,
    pub municipality_code: String,
    pub service_code: String,
    pub status: String,
    pub approved_on: NaiveDate,
    pub status_since: NaiveDate,
    pub reason: Option<String>,
    pub changed_by: String,
    pub updated_at: NaiveDateTime,
}

/// One approved offer as read, with the provider's legal form for the rulebook's allowed forms.
#[derive(Debug, Clone)]
pub struct Entry {
    pub legal_form: String,
    pub offer: Offer,
}

/// The sites offering `service` whose provider `municipality` has approved for it (and not
/// suspended or withdrawn), joined with the provider and the approval.
#[diesel::dsl::auto_type(no_type_alias)]
fn approved_sites<'a>(municipality: &'a str, service: &'a str) -> _ {
    provider_sites::table
        .inner_join(site_services::table.on(site_services::site_id.eq(provider_sites::id)))
        .inner_join(providers::table.on(providers::id.eq(provider_sites::provider_id)))
        .inner_join(
            provider_approvals::table.on(provider_approvals::provider_id
                .eq(provider_sites::provider_id)
                .and(provider_approvals::service_code.eq(site_services::service_code))),
        )
        .filter(site_services::service_code.eq(service))
        .filter(provider_approvals::municipality_code.eq(municipality))
        .filter(provider_approvals::status.eq("approved"))
}

/// What [`approved_sites`] selects, made an [`Entry`].
type EntryRow = (ProviderBrief, SiteRow, SiteServiceRow);

fn entry((p, s, ss): EntryRow) -> Entry {
    Entry {
        legal_form: p.legal_form,
        offer: Offer {
            offering: ss.offering(),
            provider_id: p.id,
            provider_name: p.name,
            site_id: s.id,
            site_name: s.name,
            street_address: s.street_address,
            postal_code: s.postal_code,
            city: s.city,
            at: Coordinates::stored(s.lat, s.lon),
        },
    }
}

/// Every site of a provider approved (and not suspended or withdrawn) by `municipality` for
/// `service` that offers it, with the provider's legal form. The search keeps these in memory
/// (see `catalog`), so this runs once per change of the providers' data.
pub fn approved_offers(
    conn: &mut DbConnection,
    municipality: &str,
    service: &str,
) -> Result<Vec<Entry>, AppError> {
    let rows: Vec<EntryRow> = approved_sites(municipality, service)
        .select((
            ProviderBrief::as_select(),
            SiteRow::as_select(),
            SiteServiceRow::as_select(),
        ))
        .load(conn)?;
    let mut entries: Vec<Entry> = rows.into_iter().map(entry).collect();
    // Grouped by provider, in the order of their ids (byte order, whatever the database's
    // collation): the search then finds each provider's nearest site in one pass.
    entries.sort_unstable_by(|a, b| {
        (&a.offer.provider_id, &a.offer.site_id).cmp(&(&b.offer.provider_id, &b.offer.site_id))
    });
    Ok(entries)
}

/// The site's offer of `service` if its provider is approved (and not suspended or withdrawn)
/// by `municipality` for it, with the provider's legal form: what a booking checks a slot against.
pub fn approved_offer(
    conn: &mut DbConnection,
    municipality: &str,
    service: &str,
    site_id: &str,
) -> Result<Option<Entry>, AppError> {
    let found: Option<EntryRow> = approved_sites(municipality, service)
        .filter(provider_sites::id.eq(site_id))
        .select((
            ProviderBrief::as_select(),
            SiteRow::as_select(),
            SiteServiceRow::as_select(),
        ))
        .first(conn)
        .optional()?;
    Ok(found.map(entry))
}

/// Whether some municipality has approved the provider for the service (and not suspended or
/// withdrawn it).
pub fn approved_anywhere(
    conn: &mut DbConnection,
    provider_id: &str,
    service: &str,
) -> Result<bool, AppError> {
    let n: i64 = provider_approvals::table
        .filter(provider_approvals::provider_id.eq(provider_id))
        .filter(provider_approvals::service_code.eq(service))
        .filter(provider_approvals::status.eq("approved"))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether the site offers the service.
pub fn offers(conn: &mut DbConnection, site_id: &str, service: &str) -> Result<bool, AppError> {
    let n: i64 = site_services::table
        .filter(site_services::site_id.eq(site_id))
        .filter(site_services::service_code.eq(service))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<ProviderRow>, AppError> {
    Ok(providers::table
        .find(id)
        .select(ProviderRow::as_select())
        .first(conn)
        .optional()?)
}

/// The provider registered with this business id, if one is.
pub fn with_business_id(
    conn: &mut DbConnection,
    business_id: &str,
) -> Result<Option<String>, AppError> {
    Ok(providers::table
        .filter(providers::business_id.eq(business_id))
        .select(providers::id)
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConnection, row: &ProviderRow) -> Result<(), AppError> {
    diesel::insert_into(providers::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find_site(conn: &mut DbConnection, id: &str) -> Result<Option<SiteRow>, AppError> {
    Ok(provider_sites::table
        .find(id)
        .select(SiteRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn sites(conn: &mut DbConnection, provider_id: &str) -> Result<Vec<SiteRow>, AppError> {
    Ok(provider_sites::table
        .filter(provider_sites::provider_id.eq(provider_id))
        .order(provider_sites::id)
        .select(SiteRow::as_select())
        .load(conn)?)
}

pub fn insert_site(conn: &mut DbConnection, row: &SiteRow) -> Result<(), AppError> {
    diesel::insert_into(provider_sites::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Changes a site; what it offers is where the site is.
pub fn update_site(conn: &mut DbConnection, row: &SiteRow) -> Result<(), AppError> {
    diesel::update(provider_sites::table.find(&row.id))
        .set((
            provider_sites::name.eq(&row.name),
            provider_sites::street_address.eq(&row.street_address),
            provider_sites::postal_code.eq(&row.postal_code),
            provider_sites::city.eq(&row.city),
            provider_sites::lat.eq(row.lat),
            provider_sites::lon.eq(row.lon),
            provider_sites::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// What the sites offer, for each site in `site_ids`.
pub fn site_services_of(
    conn: &mut DbConnection,
    site_ids: &[String],
) -> Result<Vec<SiteServiceRow>, AppError> {
    if site_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(site_services::table
        .filter(site_services::site_id.eq_any(site_ids.to_vec()))
        .order((site_services::site_id, site_services::service_code))
        .select(SiteServiceRow::as_select())
        .load(conn)?)
}

/// Creates or replaces what a site offers for a service.
pub fn put_site_service(conn: &mut DbConnection, row: &SiteServiceRow) -> Result<(), AppError> {
    diesel::delete(site_services::table.find((&row.site_id, &row.service_code))).execute(conn)?;
    diesel::insert_into(site_services::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn approvals(conn: &mut DbConnection, provider_id: &str) -> Result<Vec<ApprovalRow>, AppError> {
    Ok(provider_approvals::table
        .filter(provider_approvals::provider_id.eq(provider_id))
        .order((
            provider_approvals::municipality_code,
            provider_approvals::service_code,
        ))
        .select(ApprovalRow::as_select())
        .load(conn)?)
}

pub fn find_approval(
    conn: &mut DbConnection,
    provider_id: &str,
    municipality: &str,
    service: &str,
) -> Result<Option<ApprovalRow>, AppError> {
    Ok(provider_approvals::table
        .find((provider_id, municipality, service))
        .select(ApprovalRow::as_select())
        .first(conn)
        .optional()?)
}

/// An approval in force whose provider has a legal form its rulebook does not allow: one that was
/// made before the rulebook listed its forms, or that got in some other way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormConflict {
    pub provider_id: String,
    pub provider_name: String,
    pub municipality_code: String,
    pub service_code: String,
    pub legal_form: String,
}

/// Every approval in force that the rulebook in force `today` refuses for its provider's legal
/// form (H §1.1). The search already leaves them out; the server names them at start so that a
/// caseworker decides them again.
pub fn approvals_outside_allowed_forms(
    conn: &mut DbConnection,
    today: NaiveDate,
) -> Result<Vec<FormConflict>, AppError> {
    let rows: Vec<(String, String, String, String, String)> = provider_approvals::table
        .inner_join(providers::table.on(providers::id.eq(provider_approvals::provider_id)))
        .filter(provider_approvals::status.eq("approved"))
        .order((
            provider_approvals::municipality_code,
            provider_approvals::service_code,
            providers::id,
        ))
        .select((
            providers::id,
            providers::name,
            provider_approvals::municipality_code,
            provider_approvals::service_code,
            providers::legal_form,
        ))
        .load(conn)?;
    let mut terms: HashMap<(String, String), Option<crate::rulebooks::Terms>> = HashMap::new();
    let mut out = Vec::new();
    for (provider_id, provider_name, municipality_code, service_code, legal_form) in rows {
        let key = (municipality_code.clone(), service_code.clone());
        if !terms.contains_key(&key) {
            let found = crate::rulebooks::repo::in_force(conn, &key.0, &key.1, today)?;
            terms.insert(key.clone(), found);
        }
        if terms[&key]
            .as_ref()
            .is_some_and(|t| !t.allows_legal_form(&legal_form))
        {
            out.push(FormConflict {
                provider_id,
                provider_name,
                municipality_code,
                service_code,
                legal_form,
            });
        }
    }
    Ok(out)
}

/// Creates or replaces a municipality's decision on a provider for a service.
pub fn put_approval(conn: &mut DbConnection, row: &ApprovalRow) -> Result<(), AppError> {
    diesel::delete(provider_approvals::table.find((
        &row.provider_id,
        &row.municipality_code,
        &row.service_code,
    )))
    .execute(conn)?;
    diesel::insert_into(provider_approvals::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// What a public profile shows, as read (see [`profile`]).
pub struct ProfileData {
    pub provider: ProviderRow,
    pub approvals: Vec<ApprovalRow>,
    /// Each site with what it offers.
    pub sites: Vec<(SiteRow, Vec<SiteServiceRow>)>,
    pub services: HashMap<String, Service>,
    /// Municipalities' names in the reader's language, by code.
    pub municipalities: HashMap<String, String>,
}

/// Sites, each with what it offers.
pub fn with_offerings(
    conn: &mut DbConnection,
    sites: Vec<SiteRow>,
) -> Result<Vec<(SiteRow, Vec<SiteServiceRow>)>, AppError> {
    let ids: Vec<String> = sites.iter().map(|s| s.id.clone()).collect();
    let mut offered: HashMap<String, Vec<SiteServiceRow>> = HashMap::new();
    for row in site_services_of(conn, &ids)? {
        offered.entry(row.site_id.clone()).or_default().push(row);
    }
    Ok(sites
        .into_iter()
        .map(|s| {
            let rows = offered.remove(&s.id).unwrap_or_default();
            (s, rows)
        })
        .collect())
}

/// Every service, by code.
pub fn services_by_code(conn: &mut DbConnection) -> Result<HashMap<String, Service>, AppError> {
    Ok(crate::rulebooks::repo::services(conn)?
        .into_iter()
        .map(|s| (s.code.clone(), s))
        .collect())
}

/// What a provider's public profile shows, with names in `lang`; `None`: no such provider.
pub fn profile(
    conn: &mut DbConnection,
    provider_id: &str,
    lang: Lang,
) -> Result<Option<ProfileData>, AppError> {
    let Some(provider) = find(conn, provider_id)? else {
        return Ok(None);
    };
    let site_rows = sites(conn, provider_id)?;
    Ok(Some(ProfileData {
        approvals: approvals(conn, provider_id)?,
        sites: with_offerings(conn, site_rows)?,
        services: services_by_code(conn)?,
        municipalities: crate::rulebooks::repo::municipality_names(conn, lang)?
            .into_iter()
            .collect(),
        provider,
    }))
}

/// Each site's place, by site id.
pub fn places(
    conn: &mut DbConnection,
    site_ids: &[String],
) -> Result<HashMap<String, Place>, AppError> {
    #[derive(Queryable)]
    struct Row {
        site_id: String,
        provider_name: String,
        site_name: String,
        street_address: String,
        postal_code: String,
        city: String,
        lat: f64,
        lon: f64,
    }
    let rows: Vec<Row> = provider_sites::table
        .inner_join(providers::table.on(providers::id.eq(provider_sites::provider_id)))
        .filter(provider_sites::id.eq_any(site_ids))
        .select((
            provider_sites::id,
            providers::name,
            provider_sites::name,
            provider_sites::street_address,
            provider_sites::postal_code,
            provider_sites::city,
            provider_sites::lat,
            provider_sites::lon,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.site_id,
                Place {
                    provider_name: r.provider_name,
                    site_name: r.site_name,
                    street_address: r.street_address,
                    postal_code: r.postal_code,
                    city: r.city,
                    lat: r.lat,
                    lon: r.lon,
                },
            )
        })
        .collect())
}

/// The place of one site (`None`: no such site).
pub fn place(conn: &mut DbConnection, site_id: &str) -> Result<Option<Place>, AppError> {
    Ok(places(conn, &[site_id.to_string()])?.remove(site_id))
}

/// The organisation of the site `site_id`; `None` for no such site, or for anything that is
/// not a site id.
pub fn site_org(conn: &mut DbConnection, site_id: &str) -> Result<Option<String>, AppError> {
    match crate::access::parse_id(site_id) {
        Ok(id) => Ok(find_site(conn, &id)?.map(|s| s.provider_id)),
        Err(_) => Ok(None),
    }
}

/// When each of `providers` can next receive a client for an intro visit of `service`: the
/// start of its soonest slot with a free place (not withdrawn, starting after `now` and before
/// `until`), and how many such slots start before `horizon`. Providers with none are absent.
/// The slots are the visits feature's rows; the search reads them here, as visits reads
/// providers'.
pub fn intro_slots_soon(
    conn: &mut DbConnection,
    providers: &[String],
    service: &str,
    (now, horizon, until): (NaiveDateTime, NaiveDateTime, NaiveDateTime),
) -> Result<HashMap<String, (NaiveDateTime, i64)>, AppError> {
    let open = || {
        intro_slots::table
            .filter(intro_slots::provider_id.eq_any(providers))
            .filter(intro_slots::service_code.eq(service))
            .filter(intro_slots::withdrawn_at.is_null())
            .filter(intro_slots::starts_at.gt(now))
            .filter(intro_slots::starts_at.lt(until))
            .filter(intro_slots::booked.lt(intro_slots::capacity))
    };
    // One statement: the next open slot and how many start before the horizon, per provider.
    let soon = diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "COALESCE(SUM(CASE WHEN intro_slots.starts_at < ",
    )
    .bind::<diesel::sql_types::Timestamp, _>(horizon)
    .sql(" THEN 1 ELSE 0 END), 0)");
    let found: Vec<(String, Option<NaiveDateTime>, i64)> = open()
        .group_by(intro_slots::provider_id)
        .select((
            intro_slots::provider_id,
            diesel::dsl::min(intro_slots::starts_at),
            soon,
        ))
        .load(conn)?;
    Ok(found
        .into_iter()
        .filter_map(|(p, at, n)| at.map(|at| (p, (at, n))))
        .collect())
}
