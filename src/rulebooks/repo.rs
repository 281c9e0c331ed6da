//! The SQL of rulebooks. Rulebook rows are versions that are never edited (a change is a new row,
//! and triggers on both databases refuse updates and deletes), so a read remembers a rulebook
//! by id for the life of the process.

use std::sync::Arc;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{HolidayPeriod, PriceTier, Rulebook, Rules, Service, Terms};
use crate::db::cache::{Counter, Reading, Remember};
use crate::db::schema::{
    municipalities, rulebook_holiday_periods, rulebook_price_tiers, rulebook_rules, rulebooks,
    services,
};
use crate::db::DbConnection;
use crate::error::AppError;

/// The rulebook of a municipality's service in force on a date, with its service and tiers.
pub fn in_force(
    conn: &mut DbConnection,
    municipality: &str,
    service: &str,
    on: NaiveDate,
) -> Result<Option<Terms>, AppError> {
    let rulebook: Option<Rulebook> = rulebooks::table
        .filter(rulebooks::municipality_code.eq(municipality))
        .filter(rulebooks::service_code.eq(service))
        .filter(rulebooks::in_force_from.le(on))
        .order(rulebooks::in_force_from.desc())
        .select(Rulebook::as_select())
        .first(conn)
        .optional()?;
    rulebook.map(|r| complete(conn, r)).transpose()
}

/// A rulebook by id (a voucher's own terms).
pub fn by_id(conn: &mut DbConnection, id: &str) -> Result<Terms, AppError> {
    let rulebook: Rulebook = rulebooks::table
        .find(id)
        .select(Rulebook::as_select())
        .first(conn)?;
    complete(conn, rulebook)
}

pub fn complete(conn: &mut DbConnection, rulebook: Rulebook) -> Result<Terms, AppError> {
    let service: Service = services::table
        .find(&rulebook.service_code)
        .select(Service::as_select())
        .first(conn)?;
    let tiers: Vec<PriceTier> = rulebook_price_tiers::table
        .filter(rulebook_price_tiers::rulebook_id.eq(&rulebook.id))
        .order(rulebook_price_tiers::tier)
        .select(PriceTier::as_select())
        .load(conn)?;
    let rules: Rules = rulebook_rules::table
        .find(&rulebook.id)
        .select(Rules::as_select())
        .first(conn)
        .optional()?
        .unwrap_or_else(|| Rules {
            rulebook_id: rulebook.id.clone(),
            ..Rules::default()
        });
    let holidays: Vec<HolidayPeriod> = rulebook_holiday_periods::table
        .filter(rulebook_holiday_periods::rulebook_id.eq(&rulebook.id))
        .order((
            rulebook_holiday_periods::first_month,
            rulebook_holiday_periods::first_day,
        ))
        .select(HolidayPeriod::as_select())
        .load(conn)?;
    Ok(Terms {
        rulebook,
        service,
        tiers,
        rules,
        holidays,
    })
}

struct ById;

impl Remember for ById {
    type Value = Arc<Terms>;
    const COUNTER: Counter = Counter::Never;
    const MAX_ENTRIES: usize = 10_000;
}

/// A voucher's rulebook with its service and price tiers; a read keeps it in memory.
pub fn terms(r: &mut Reading<'_>, id: &str) -> Result<Arc<Terms>, AppError> {
    r.remember::<ById>(id, |conn| by_id(conn, id).map(|t| Some(Arc::new(t))))?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("rulebook {id} vanished")))
}

/// Whether the municipality exists.
pub fn municipality_exists(conn: &mut DbConnection, code: &str) -> Result<bool, AppError> {
    let known: i64 = municipalities::table
        .filter(municipalities::code.eq(code))
        .count()
        .get_result(conn)?;
    Ok(known > 0)
}

/// Every service's rulebook of a municipality in force on a date, by service code.
pub fn all_in_force(
    conn: &mut DbConnection,
    municipality: &str,
    on: NaiveDate,
) -> Result<Vec<Terms>, AppError> {
    let all: Vec<Rulebook> = rulebooks::table
        .filter(rulebooks::municipality_code.eq(municipality))
        .filter(rulebooks::in_force_from.le(on))
        .order((rulebooks::service_code, rulebooks::in_force_from.desc()))
        .select(Rulebook::as_select())
        .load(conn)?;
    let mut out: Vec<Terms> = Vec::new();
    for r in all {
        if out
            .last()
            .is_some_and(|t| t.rulebook.service_code == r.service_code)
        {
            continue;
        }
        out.push(complete(conn, r)?);
    }
    Ok(out)
}

/// The strictest limits any municipality's rulebook of a service sets on what a provider offers:
/// the fewest work tasks (H §5.1) and the largest group (K §2.2).
pub fn offering_limits(
    conn: &mut DbConnection,
    service: &str,
) -> Result<(Option<i32>, Option<i32>), AppError> {
    Ok(rulebooks::table
        .filter(rulebooks::service_code.eq(service))
        .select((
            diesel::dsl::max(rulebooks::min_work_tasks),
            diesel::dsl::min(rulebooks::group_size_max),
        ))
        .first(conn)?)
}

/// Every service, by code.
pub fn services(conn: &mut DbConnection) -> Result<Vec<Service>, AppError> {
    Ok(services::table.select(Service::as_select()).load(conn)?)
}

/// The services by code, as reads keep them: they do not change while the service runs.
pub type Services = std::collections::HashMap<String, Service>;

struct Catalog;

impl Remember for Catalog {
    type Value = Arc<Services>;
    const COUNTER: Counter = Counter::Never;
    const MAX_ENTRIES: usize = 1;
}

/// Every service by code; a read keeps them in memory.
pub fn catalog(r: &mut Reading<'_>) -> Result<Arc<Services>, AppError> {
    let all = r.remember::<Catalog>("all", |conn| {
        let by_code = services(conn)?.into_iter().map(|s| (s.code.clone(), s));
        Ok(Some(Arc::new(by_code.collect())))
    })?;
    Ok(all.unwrap_or_default())
}

/// A municipality's name in the three languages.
pub fn municipality_name(
    conn: &mut DbConnection,
    code: &str,
) -> Result<crate::i18n::Translations, AppError> {
    let (fi, sv, en): (String, String, String) = municipalities::table
        .find(code)
        .select((
            municipalities::name_fi,
            municipalities::name_sv,
            municipalities::name_en,
        ))
        .first(conn)?;
    Ok(crate::i18n::Translations { fi, sv, en })
}

/// Every municipality's name in the language asked for, by code.
pub fn municipality_names(
    conn: &mut DbConnection,
    lang: crate::i18n::Lang,
) -> Result<Vec<(String, String)>, AppError> {
    let rows: Vec<(String, String, String, String)> = municipalities::table
        .select((
            municipalities::code,
            municipalities::name_fi,
            municipalities::name_sv,
            municipalities::name_en,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(code, fi, sv, en)| (code, crate::i18n::Translations { fi, sv, en }.take(lang)))
        .collect())
}

/// Whether a service with this code exists.
pub fn service_exists(conn: &mut DbConnection, code: &str) -> Result<bool, AppError> {
    let known: i64 = services::table
        .filter(services::code.eq(code))
        .count()
        .get_result(conn)?;
    Ok(known > 0)
}

/// Municipalities' names as reads keep them: they do not change while the service runs.
struct MunicipalityNames;

impl Remember for MunicipalityNames {
    type Value = crate::i18n::Translations;
    const COUNTER: Counter = Counter::Never;
    const MAX_ENTRIES: usize = 10_000;
}

/// A municipality's name in the three languages, from memory in a read.
pub fn municipality(
    r: &mut Reading<'_>,
    code: &str,
) -> Result<crate::i18n::Translations, AppError> {
    Ok(
        r.remember::<MunicipalityNames>(code, |conn| municipality_name(conn, code).map(Some))?
            .unwrap_or_default(),
    )
}
