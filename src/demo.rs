//! Demo data: seeded by `seteli demo`, idempotently (a second run adds nothing). Names and places
//! are made up; identity codes are test codes (individual number 900–999) that belong to nobody.

use chrono::{DateTime, Days, NaiveDate, Utc};
use diesel::prelude::*;

use crate::access::ActingAs;
use crate::db::schema::{
    demo_personas, mandates as mandate_rows, persons as person_rows, providers, voucher_usage,
    vouchers,
};
use crate::db::{write_transaction, DbConnection};
use crate::error::{AppError, ErrorCode};
use crate::mandates::repo::{self, NewMandate, Transition};
use crate::mandates::{Basis, EventKind, Scope, Scopes, StoredStatus, Validity};
use crate::persons::{self, PersonalId, Role};
use crate::rulebooks::{self, Phase};
use crate::vouchers::{self as vouchers_mod, EventKind as VoucherEvent, VoucherNumber, VoucherRow};

pub struct Persona {
    pub slug: &'static str,
    pub name: &'static str,
    pub birth: (i32, u32, u32),
    pub individual: u16,
    pub language: Option<&'static str>,
    pub client: Option<ClientSeed>,
    pub roles: &'static [(Role, Option<&'static str>, Option<&'static str>)],
}

pub struct ClientSeed {
    pub municipality: &'static str,
    pub address: &'static str,
    pub home: (f64, f64),
}

pub const PROVIDER_HEINOLA: &str = "0190a000-0000-7000-8000-000000000001";
pub const PROVIDER_KUOPIO: &str = "0190a000-0000-7000-8000-000000000002";

pub const PERSONAS: &[Persona] = &[
    Persona {
        slug: "client-heinola",
        name: "Aino Virtanen",
        birth: (1987, 3, 14),
        individual: 912,
        language: Some("fi"),
        client: Some(ClientSeed {
            municipality: "heinola",
            address: "Kauppakatu 10 B 4, 18100 Heinola",
            home: (61.2045, 26.0372),
        }),
        roles: &[],
    },
    Persona {
        slug: "client-kuopio",
        name: "Matti Korhonen",
        birth: (1979, 11, 2),
        individual: 927,
        language: None,
        client: Some(ClientSeed {
            municipality: "kuopio",
            address: "Puijonkatu 21 A 7, 70100 Kuopio",
            home: (62.8953, 27.6720),
        }),
        roles: &[],
    },
    Persona {
        slug: "relative",
        name: "Liisa Virtanen",
        birth: (1958, 6, 23),
        individual: 934,
        language: Some("sv"),
        client: None,
        roles: &[(Role::Proxy, None, None)],
    },
    Persona {
        slug: "staff-heinola",
        name: "Jari Nieminen",
        birth: (1975, 1, 30),
        individual: 941,
        language: None,
        client: None,
        roles: &[(Role::ProviderStaff, None, Some(PROVIDER_HEINOLA))],
    },
    Persona {
        slug: "staff-kuopio",
        name: "Sanna Mäkinen",
        birth: (1983, 9, 8),
        individual: 958,
        language: None,
        client: None,
        roles: &[(Role::ProviderStaff, None, Some(PROVIDER_KUOPIO))],
    },
    Persona {
        slug: "caseworker-heinola",
        name: "Helena Lahtinen",
        birth: (1970, 4, 17),
        individual: 963,
        language: None,
        client: None,
        roles: &[(Role::Caseworker, Some("heinola"), None)],
    },
    Persona {
        slug: "caseworker-kuopio",
        name: "Pekka Heikkinen",
        birth: (1968, 12, 5),
        individual: 979,
        language: Some("en"),
        client: None,
        roles: &[(Role::Caseworker, Some("kuopio"), None)],
    },
];

/// Seeds everything that is missing; returns how many personas were added.
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    write_transaction(conn, |conn| {
        for (id, name) in [
            (PROVIDER_HEINOLA, "Työpaja Kipinä ry"),
            (PROVIDER_KUOPIO, "Osallisuuskeskus Sampo ry"),
        ] {
            let exists: i64 = providers::table
                .filter(providers::id.eq(id))
                .count()
                .get_result(conn)?;
            if exists == 0 {
                diesel::insert_into(providers::table)
                    .values((
                        providers::id.eq(id),
                        providers::name.eq(name),
                        providers::created_at.eq(now.naive_utc()),
                    ))
                    .execute(conn)?;
            }
        }
        let mut added = 0;
        for (order, p) in PERSONAS.iter().enumerate() {
            let exists: i64 = demo_personas::table
                .filter(demo_personas::slug.eq(p.slug))
                .count()
                .get_result(conn)?;
            if exists > 0 {
                continue;
            }
            let birth = NaiveDate::from_ymd_opt(p.birth.0, p.birth.1, p.birth.2)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad demo birth date")))?;
            let code = PersonalId::test_code(birth, p.individual)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad demo identity code")))?;
            let (person, _) = persons::find_or_create(conn, &code, Some(p.name), now)?;
            if let Some(lang) = p.language.and_then(|l| l.parse().ok()) {
                persons::set_language(conn, &person.id, lang)?;
            }
            if let Some(c) = &p.client {
                persons::make_client(
                    conn,
                    &person.id,
                    c.municipality,
                    Some(c.address),
                    Some(c.home),
                    now,
                )?;
            }
            for (role, municipality, provider) in p.roles {
                persons::grant_role(conn, &person.id, *role, *municipality, *provider, now)?;
            }
            diesel::insert_into(demo_personas::table)
                .values((
                    demo_personas::slug.eq(p.slug),
                    demo_personas::person_id.eq(&person.id),
                    demo_personas::sort_order.eq(order as i32),
                ))
                .execute(conn)?;
            added += 1;
        }
        seed_vouchers(conn, now)?;
        seed_mandates(conn, now)?;
        Ok(added)
    })
}

fn persona_id(conn: &mut DbConnection, slug: &str) -> Result<Option<String>, AppError> {
    Ok(demo_personas::table
        .find(slug)
        .select(demo_personas::person_id)
        .first(conn)
        .optional()?)
}

/// The relative helps the Heinola client (approved: view and book visits) and has been asked by
/// the Kuopio client (waiting for the caseworker). Added once; never again after a revocation.
fn seed_mandates(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let ids = [
        "relative",
        "client-heinola",
        "client-kuopio",
        "caseworker-heinola",
    ]
    .map(|slug| persona_id(conn, slug));
    let [Ok(Some(relative)), Ok(Some(heinola)), Ok(Some(kuopio)), Ok(Some(caseworker))] = ids
    else {
        return Ok(());
    };
    let (code, name): (String, String) = person_rows::table
        .find(&relative)
        .select((person_rows::personal_id, person_rows::display_name))
        .first(conn)?;
    let code = crate::persons::personal_id::parse_allowing_test_codes(&code)
        .map_err(|e| AppError::internal(anyhow::anyhow!("bad demo identity code: {e}")))?;
    let today = crate::clock::helsinki_date(now);
    let until = today
        .checked_add_months(chrono::Months::new(12))
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("date overflow")))?;
    let validity = Validity::new(Some(today), until, today)?;
    let plans = [
        (heinola, vec![Scope::View, Scope::BookVisits], true),
        (kuopio, vec![Scope::View, Scope::ReportAbsence], false),
    ];
    for (client, scopes, approve) in plans {
        let exists: i64 = mandate_rows::table
            .filter(mandate_rows::client_id.eq(&client))
            .filter(mandate_rows::proxy_personal_id.eq(code.as_str()))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            continue;
        }
        let scopes = Scopes::new(scopes)?;
        let row = repo::insert(
            conn,
            NewMandate {
                client_id: &client,
                proxy: &code,
                proxy_name: &name,
                scopes: &scopes,
                validity,
                basis: Basis::Client,
                status: StoredStatus::PendingApproval,
                created_by: &client,
                acting_as: ActingAs::Myself,
            },
            now,
        )?;
        if approve {
            repo::transition(
                conn,
                &row.id,
                Transition {
                    from: StoredStatus::PendingApproval,
                    to: StoredStatus::Active,
                    event: EventKind::Approved,
                    actor_id: &caseworker,
                    acting_as: ActingAs::Caseworker,
                    reason: None,
                },
                now,
                today,
            )?;
        }
    }
    Ok(())
}

/// A demo voucher, placed relative to the day the demo is seeded so it stays current. Ids sort
/// the way the wallet lists (newest id first), so current vouchers come before ended ones.
struct VoucherSeed {
    id: &'static str,
    client: &'static str,
    caseworker: &'static str,
    service: &'static str,
    /// Decision this many days before today; validity starts this many days after it.
    decided_days_ago: i64,
    starts_after: i64,
    months: i32,
    granted: i32,
    per_week: Option<i32>,
    hours_per_day: Option<i32>,
    out_of_area: Option<&'static str>,
    /// Confirmed activity days or hours so far.
    used: i32,
}

const VOUCHERS: &[VoucherSeed] = &[
    // Aino in Heinola: a new voucher (deadlines show) and last year's assessment period.
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000a2",
        client: "client-heinola",
        caseworker: "caseworker-heinola",
        service: "rwa_basic",
        decided_days_ago: 3,
        starts_after: 3,
        months: 6,
        granted: 78,
        per_week: Some(3),
        hours_per_day: Some(6),
        out_of_area: None,
        used: 0,
    },
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000a1",
        client: "client-heinola",
        caseworker: "caseworker-heinola",
        service: "rwa_special",
        decided_days_ago: 400,
        starts_after: 7,
        months: 3,
        granted: 36,
        per_week: Some(3),
        hours_per_day: Some(4),
        out_of_area: None,
        used: 0,
    },
    // Matti in Kuopio: supported work under way, individual coaching that may be farther than
    // 20 km, and an ended group coaching voucher.
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000b2",
        client: "client-kuopio",
        caseworker: "caseworker-kuopio",
        service: "sr_supported_work",
        decided_days_ago: 40,
        starts_after: 7,
        months: 4,
        granted: 48,
        per_week: Some(3),
        hours_per_day: Some(4),
        out_of_area: None,
        used: 12,
    },
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000b3",
        client: "client-kuopio",
        caseworker: "caseworker-kuopio",
        service: "sr_individual",
        decided_days_ago: 2,
        starts_after: 2,
        months: 3,
        granted: 30,
        per_week: None,
        hours_per_day: None,
        out_of_area: Some("No coach speaking Swedish within 20 km"),
        used: 0,
    },
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000b1",
        client: "client-kuopio",
        caseworker: "caseworker-kuopio",
        service: "sr_group",
        decided_days_ago: 300,
        starts_after: 10,
        months: 4,
        granted: 60,
        per_week: Some(4),
        hours_per_day: Some(2),
        out_of_area: None,
        used: 0,
    },
];

/// Seeds the demo vouchers that are missing. Each is checked against its rulebook, so the demo
/// never shows a voucher the rules would refuse.
fn seed_vouchers(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let today = crate::clock::helsinki_date(now);
    let at = now.naive_utc();
    for s in VOUCHERS {
        let exists: i64 = vouchers::table
            .filter(vouchers::id.eq(s.id))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            continue;
        }
        let client = persona_id(conn, s.client)?.ok_or_else(AppError::not_found)?;
        let caseworker = persona_id(conn, s.caseworker)?.ok_or_else(AppError::not_found)?;
        let municipality = persons::find_client(conn, &client)?
            .ok_or_else(AppError::not_found)?
            .municipality_code;
        let decision = today - Days::new(s.decided_days_ago as u64);
        let valid_from = decision + Days::new(s.starts_after as u64);
        let valid_until = rulebooks::last_day_of(valid_from, s.months);
        let terms = rulebooks::in_force(conn, &municipality, s.service, decision)?
            .ok_or_else(|| AppError::new(ErrorCode::VoucherServiceNotOffered))?;
        let periods = vouchers_mod::family_periods(conn, &client, &terms.service.family, None)?;
        let request = rulebooks::Request {
            valid_from,
            valid_until,
            granted_units: s.granted,
            per_week: s.per_week,
            hours_per_day: s.hours_per_day,
            exception: false,
            prior_months: rulebooks::prior_months(&periods),
        };
        rulebooks::check(&terms, &request, Phase::Issue, s.service)?;
        if rulebooks::overlaps(&periods, &terms.service.code, valid_from, valid_until) {
            return Err(AppError::new(ErrorCode::VoucherOverlaps));
        }
        let row = VoucherRow {
            id: s.id.to_string(),
            number: format!(
                "{}",
                VoucherNumber::generate(&municipality, &mut rand::rng())
            ),
            client_id: client,
            rulebook_id: terms.rulebook.id.clone(),
            caseworker_id: caseworker.clone(),
            decision_date: decision,
            valid_from,
            valid_until,
            granted_units: s.granted,
            per_week: s.per_week,
            hours_per_day: s.hours_per_day,
            exception_reason: None,
            out_of_area_allowed: s.out_of_area.is_some(),
            out_of_area_reason: s.out_of_area.map(str::to_string),
            cancelled_at: None,
            cancel_reason: None,
            created_at: at,
            updated_at: at,
        };
        diesel::insert_into(vouchers::table)
            .values(&row)
            .execute(conn)?;
        vouchers_mod::record_event(conn, &row, VoucherEvent::Issued, &caseworker, None, at)?;
        if let Some(reason) = s.out_of_area {
            vouchers_mod::record_event(
                conn,
                &row,
                VoucherEvent::OutOfAreaPermitted,
                &caseworker,
                Some(reason.to_string()),
                at,
            )?;
        }
        // Confirmed activity on working days from the start, as attendance will record it.
        let mut day = valid_from;
        let mut recorded = 0;
        while recorded < s.used && day <= today {
            if crate::clock::holidays::is_working_day(day) {
                diesel::insert_into(voucher_usage::table)
                    .values((
                        voucher_usage::id.eq(uuid::Uuid::now_v7().to_string()),
                        voucher_usage::voucher_id.eq(s.id),
                        voucher_usage::occurred_on.eq(day),
                        voucher_usage::units.eq(1),
                        voucher_usage::status.eq("confirmed"),
                        voucher_usage::created_at.eq(at),
                    ))
                    .execute(conn)?;
                recorded += 1;
            }
            day = day + Days::new(1);
        }
    }
    Ok(())
}
