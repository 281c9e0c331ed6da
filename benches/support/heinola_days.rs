//! What the benchmarks and the crash test load, straight into the database: people, a provider
//! with a site, Heinola clients each with a basic rehabilitative-work voucher and an agreement in
//! force, and the days such a client may check in for now. (Included by `#[path]`.)

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use seteli::agreements::repo::AgreementRow;
use seteli::db::schema::{agreements, persons, vouchers};
use seteli::db::DbConnection;
use seteli::error::AppError;
use seteli::persons::Role;
use seteli::providers::repo::{ProviderRow, SiteRow};
use seteli::vouchers::VoucherRow;

/// Heinola's basic level of rehabilitative work: day-based, 1–4 days a week.
pub const RULEBOOK: &str = "heinola-rwa_basic-2022-06-01";
/// The days a week every agreement allows, the rulebook's most.
pub const DAYS_PER_WEEK: usize = 4;

/// Where a client's agreement is, and who issued their voucher.
pub struct Place<'a> {
    pub provider_id: &'a str,
    pub site_id: &'a str,
    pub caseworker: &'a str,
}

/// A voucher of 200 days (from 60 days ago, for 300) numbered `number` for `client`, and an
/// agreement of four days a week at `place` from 30 days ago, confirmed: (voucher, agreement).
pub fn voucher_and_agreement(
    conn: &mut DbConnection,
    client: &str,
    number: String,
    place: &Place<'_>,
    (today, at): (NaiveDate, NaiveDateTime),
) -> Result<(String, String), AppError> {
    let voucher = VoucherRow {
        id: uuid::Uuid::now_v7().to_string(),
        number,
        client_id: client.to_string(),
        rulebook_id: RULEBOOK.into(),
        caseworker_id: place.caseworker.to_string(),
        decision_date: today - Days::new(60),
        valid_from: today - Days::new(60),
        valid_until: today + Days::new(240),
        granted_units: 200,
        per_week: Some(DAYS_PER_WEEK as i32),
        hours_per_day: Some(6),
        exception_reason: None,
        out_of_area_allowed: false,
        out_of_area_reason: None,
        cancelled_at: None,
        cancel_reason: None,
        created_at: at,
        updated_at: at,
        place_agreed_on: None,
        plan_made_on: None,
        ordered_on: None,
        start_agreed_on: None,
        group_starts_on: None,
    };
    diesel::insert_into(vouchers::table)
        .values(&voucher)
        .execute(conn)?;
    let agreement = AgreementRow {
        id: uuid::Uuid::now_v7().to_string(),
        voucher_id: voucher.id.clone(),
        client_id: client.to_string(),
        provider_id: place.provider_id.to_string(),
        site_id: place.site_id.to_string(),
        visit_id: None,
        starts_on: today - Days::new(30),
        ends_on: today + Days::new(200),
        days_per_week: Some(DAYS_PER_WEEK as i32),
        hours_per_day: Some(6),
        goals: "Päivärytmi ja työtaidot.".into(),
        responsible_person: "Vastaava Ohjaaja".into(),
        instructor: "Ohjaaja".into(),
        meeting_place: None,
        meeting_distance_km: None,
        remote: false,
        unit_price_cents: 4000,
        created_by: place.caseworker.to_string(),
        created_at: at,
        ended_at: None,
        confirmed_at: Some(at),
        ended_on: None,
        end_reason: None,
    };
    diesel::insert_into(agreements::table)
        .values(&agreement)
        .execute(conn)?;
    Ok((voucher.id, agreement.id))
}

/// The days a check-in sent `today` may be for, newest first: today and up to `back` days
/// before, at most [`DAYS_PER_WEEK`] of any ISO week, so that every one is accepted.
pub fn check_in_days(today: NaiveDate, back: u64) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut in_week: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for b in 0..=back {
        let day = today - Days::new(b);
        let week = day.iso_week();
        let n = in_week.entry((week.year(), week.week())).or_insert(0);
        if *n < DAYS_PER_WEEK {
            *n += 1;
            days.push(day);
        }
    }
    days
}

/// A person named `name` signing in with the test code `code`: their id.
pub fn person(
    conn: &mut DbConnection,
    code: &str,
    name: &str,
    at: NaiveDateTime,
) -> Result<String, AppError> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(persons::table)
        .values((
            persons::id.eq(&id),
            persons::personal_id.eq(code),
            persons::display_name.eq(name),
            persons::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A caseworker of Heinola named `name`, signing in with the test code `code`: their id.
pub fn heinola_caseworker(
    conn: &mut DbConnection,
    code: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let id = person(conn, code, name, now.naive_utc())?;
    seteli::persons::repo::grant_role(conn, &id, Role::Caseworker, Some("heinola"), None, now)?;
    Ok(id)
}

/// Staff of `provider` named `name`, signing in with the test code `code`: their id.
pub fn staff_of(
    conn: &mut DbConnection,
    code: &str,
    name: &str,
    provider: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let id = person(conn, code, name, now.naive_utc())?;
    seteli::persons::repo::grant_role(conn, &id, Role::ProviderStaff, None, Some(provider), now)?;
    Ok(id)
}

/// An association `name` with one site `site` in Heinola at `(lat, lon)`: (provider, site).
pub fn provider_with_site(
    conn: &mut DbConnection,
    (name, site): (&str, &str),
    (lat, lon): (f64, f64),
    at: NaiveDateTime,
) -> Result<(String, String), AppError> {
    let provider = ProviderRow {
        id: uuid::Uuid::now_v7().to_string(),
        name: name.to_string(),
        created_at: at,
        business_id: None,
        legal_form: "association".into(),
        phone: None,
        email: None,
        website: None,
        description_fi: String::new(),
        description_sv: String::new(),
        description_en: String::new(),
    };
    seteli::providers::repo::insert(conn, &provider)?;
    let site = SiteRow {
        id: uuid::Uuid::now_v7().to_string(),
        provider_id: provider.id.clone(),
        name: site.to_string(),
        street_address: "Kauppakatu 1".into(),
        postal_code: "18100".into(),
        city: "heinola".into(),
        lat,
        lon,
        created_at: at,
        updated_at: at,
    };
    seteli::providers::repo::insert_site(conn, &site)?;
    Ok((provider.id, site.id))
}
