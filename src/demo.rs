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
use crate::i18n::Translations;
use crate::mandates::repo::{self, NewMandate, Transition};
use crate::mandates::{Basis, EventKind, Scope, Scopes, StoredStatus, Validity};
use crate::persons::{self, PersonalId, Role};
use crate::providers::business_id::BusinessId;
use crate::providers::repo as provider_repo;
use crate::providers::{Offering, Responsible};
use crate::rulebooks::{self, Phase};
use crate::vocab::{ApprovalStatus, Form, GroupTheme, LegalForm, ServiceLanguage, WorkTask};
use crate::vouchers::{self as vouchers_mod, VoucherNumber, VoucherRow};

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
        slug: "client-heinola-2",
        name: "Eero Salonen",
        birth: (1990, 8, 21),
        individual: 986,
        language: Some("en"),
        client: Some(ClientSeed {
            municipality: "heinola",
            address: "Reumantie 3, 18100 Heinola",
            home: (61.2105, 26.0410),
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
    Persona {
        slug: "staff-vayla",
        name: "Tiina Korhonen",
        birth: (1979, 6, 12),
        individual: 995,
        language: None,
        client: None,
        roles: &[(Role::ProviderStaff, None, Some(VAYLA))],
    },
    Persona {
        slug: "staff-polku",
        name: "Mikko Laine",
        birth: (1988, 2, 3),
        individual: 971,
        language: None,
        client: None,
        roles: &[(Role::ProviderStaff, None, Some(POLKU))],
    },
];

/// Seeds everything that is missing; returns how many personas were added.
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    write_transaction(conn, |conn| {
        for (id, name) in [
            (PROVIDER_HEINOLA, "Työpaja Kipinä ry"),
            (PROVIDER_KUOPIO, "Osallisuuskeskus Sampo ry"),
            (VAYLA, "Valmennuskeskus Väylä ry"),
            (POLKU, "Valmennus Polku Oy"),
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
            let (person, _) = persons::repo::find_or_create(conn, &code, Some(p.name), now)?;
            if let Some(lang) = p.language.and_then(|l| l.parse().ok()) {
                persons::repo::set_language(conn, &person.id, lang)?;
            }
            if let Some(c) = &p.client {
                persons::repo::make_client(
                    conn,
                    &person.id,
                    c.municipality,
                    Some(c.address),
                    Some(c.home),
                    now,
                )?;
            }
            for (role, municipality, provider) in p.roles {
                persons::repo::grant_role(conn, &person.id, *role, *municipality, *provider, now)?;
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
        seed_providers(conn, now)?;
        seed_mandates(conn, now)?;
        seed_visits(conn, now)?;
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
        (
            kuopio,
            vec![Scope::View, Scope::BookVisits, Scope::ReportAbsence],
            false,
        ),
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
    /// The dates the deadlines count from, this many days before today (H §1.4, K §4).
    place_agreed_days_ago: Option<u64>,
    plan_made_days_ago: Option<u64>,
    ordered_days_ago: Option<u64>,
}

/// No recorded dates: the deadlines count from the decision.
const DECISION_ONLY: (Option<u64>, Option<u64>, Option<u64>) = (None, None, None);

const VOUCHERS: &[VoucherSeed] = &[
    // Aino in Heinola: a new voucher (deadlines show, counted from the dates her caseworker
    // recorded) and last year's assessment period.
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
        // Aino agreed on a place yesterday; her activation plan was made five days ago.
        place_agreed_days_ago: Some(1),
        plan_made_days_ago: Some(5),
        ordered_days_ago: None,
    },
    // Eero in Heinola: visited a workshop yesterday, which has still to answer. His activation
    // plan was made 16 days ago, so his start (14 days from it, H §1.4) is two days late.
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000a3",
        client: "client-heinola-2",
        caseworker: "caseworker-heinola",
        service: "rwa_basic",
        decided_days_ago: 16,
        starts_after: 0,
        months: 6,
        granted: 52,
        per_week: Some(2),
        hours_per_day: Some(5),
        out_of_area: None,
        used: 0,
        place_agreed_days_ago: Some(4),
        plan_made_days_ago: Some(16),
        ordered_days_ago: None,
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
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
    },
    // Matti in Kuopio: supported work under way, 40 hours of individual coaching that may be
    // farther than 20 km (worth a range until his agreement names where they meet), and an
    // ended group coaching voucher.
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
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
    },
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000b3",
        client: "client-kuopio",
        caseworker: "caseworker-kuopio",
        service: "sr_individual",
        decided_days_ago: 2,
        starts_after: 2,
        months: 3,
        granted: 40,
        per_week: None,
        hours_per_day: None,
        out_of_area: Some("No coach speaking Swedish within 20 km"),
        used: 0,
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
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
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
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
        let municipality = persons::repo::find_client(conn, &client)?
            .ok_or_else(AppError::not_found)?
            .municipality_code;
        let decision = today - Days::new(s.decided_days_ago as u64);
        let valid_from = decision + Days::new(s.starts_after as u64);
        let valid_until = rulebooks::last_day_of(valid_from, s.months);
        let terms = rulebooks::repo::in_force(conn, &municipality, s.service, decision)?
            .ok_or_else(|| AppError::new(ErrorCode::VoucherServiceNotOffered))?;
        let request = rulebooks::Request {
            valid_from,
            valid_until,
            granted_units: s.granted,
            per_week: s.per_week,
            hours_per_day: s.hours_per_day,
            exception: false,
            extension_reason: false,
            over_total_reason: false,
        };
        let birth = persons::repo::birth_date(conn, &client)?;
        rulebooks::check_age(&terms, birth, valid_from, s.service)?;
        vouchers_mod::repo::check_terms(
            conn,
            &client,
            &terms,
            None,
            request,
            Phase::Issue,
            s.service,
        )?;
        let mut row = VoucherRow {
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
            place_agreed_on: None,
            plan_made_on: None,
            ordered_on: None,
            start_agreed_on: None,
            group_starts_on: None,
        };
        let ago = |days: Option<u64>| days.map(|d| today - Days::new(d));
        row.set_anchors(vouchers_mod::DeadlineAnchors {
            place_agreed_on: ago(s.place_agreed_days_ago),
            plan_made_on: ago(s.plan_made_days_ago),
            ordered_on: ago(s.ordered_days_ago),
            start_agreed_on: None,
            group_starts_on: None,
        });
        rulebooks::check_anchors(&terms, &row.anchors(), today, s.service)?;
        vouchers_mod::repo::insert_issued(conn, &row, &caseworker)?;
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

// ---------------------------------------------------------------------------------------------
// Providers: made-up organisations around Heinola and Kuopio. Some sites are within 20 km of the
// demo clients and some beyond; one has a queue; one is a company, which Kuopio may buy
// individual coaching from but Heinola may never buy rehabilitative work from, and one a
// cooperative, which is not on Heinola's list either (H §1.1).

struct DemoProvider {
    id: &'static str,
    name: &'static str,
    business_number: u32,
    legal_form: LegalForm,
    phone: &'static str,
    website: &'static str,
    description: [&'static str; 3],
    sites: &'static [DemoSite],
    /// (municipality, service) approvals.
    approvals: &'static [(&'static str, &'static str)],
}

struct DemoSite {
    id: &'static str,
    name: &'static str,
    street: &'static str,
    postal_code: &'static str,
    city: &'static str,
    at: (f64, f64),
    offers: &'static [DemoOffer],
}

struct DemoOffer {
    service: &'static str,
    form: Form,
    work_tasks: &'static [WorkTask],
    group_themes: &'static [GroupTheme],
    languages: &'static [ServiceLanguage],
    step_free: bool,
    partial_work_ability: bool,
    meal_heating: bool,
    hot_meal: bool,
    group_size_max: Option<i32>,
    free_places: i32,
    queue_length: i32,
    /// The next start this many days from the seeding day.
    next_start_in_days: Option<u64>,
    responsible: (&'static str, &'static str),
    description: [&'static str; 3],
}

const OFFER: DemoOffer = DemoOffer {
    service: "rwa_basic",
    form: Form::Individual,
    work_tasks: &[],
    group_themes: &[],
    languages: &[ServiceLanguage::Fi],
    step_free: true,
    partial_work_ability: true,
    meal_heating: true,
    hot_meal: false,
    group_size_max: None,
    free_places: 2,
    queue_length: 0,
    next_start_in_days: Some(7),
    responsible: ("Anna Ohjaaja", "040 123 4567"),
    description: [
        "Teet työtä omaan tahtiin. Ohjaaja auttaa sinua.",
        "Du arbetar i din egen takt. En handledare hjälper dig.",
        "You work at your own pace. An instructor helps you.",
    ],
};

const DEMO_PROVIDERS: &[DemoProvider] = &[
    DemoProvider {
        id: PROVIDER_HEINOLA,
        name: "Työpaja Kipinä ry",
        business_number: 2_345_678,
        legal_form: LegalForm::Association,
        phone: "03 123 4567",
        website: "https://kipina.example.fi/",
        description: [
            "Olemme heinolalainen työpaja. Teemme puutöitä ja ruokaa.",
            "Vi är en verkstad i Heinola. Vi gör träarbeten och mat.",
            "We are a workshop in Heinola. We do woodwork and cook.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d1",
            name: "Kipinän työpaja",
            street: "Savontie 12",
            postal_code: "18100",
            city: "Heinola",
            at: (61.2058, 26.0318),
            offers: &[
                DemoOffer {
                    work_tasks: &[WorkTask::Kitchen, WorkTask::Carpentry, WorkTask::Recycling],
                    free_places: 3,
                    responsible: ("Jari Nieminen", "040 555 0101"),
                    ..OFFER
                },
                DemoOffer {
                    service: "rwa_special",
                    work_tasks: &[WorkTask::Kitchen, WorkTask::Carpentry],
                    free_places: 1,
                    responsible: ("Jari Nieminen", "040 555 0101"),
                    ..OFFER
                },
            ],
        }],
        approvals: &[("heinola", "rwa_basic"), ("heinola", "rwa_special")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c1",
        name: "Kierrätyssäätiö Ilona sr",
        business_number: 2_456_789,
        legal_form: LegalForm::Foundation,
        phone: "03 234 5678",
        website: "https://ilona.example.fi/",
        description: [
            "Korjaamme ja myymme käytettyä tavaraa.",
            "Vi lagar och säljer begagnade saker.",
            "We repair and sell used goods.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d2",
            name: "Ilonan kierrätystalo",
            street: "Rauhankatu 40",
            postal_code: "18120",
            city: "Heinola",
            at: (61.2170, 26.0800),
            offers: &[DemoOffer {
                work_tasks: &[WorkTask::Recycling, WorkTask::Sales, WorkTask::Warehouse],
                languages: &[ServiceLanguage::Fi, ServiceLanguage::Sv],
                free_places: 0,
                queue_length: 4,
                next_start_in_days: Some(35),
                responsible: ("Mirja Lehtonen", "040 555 0202"),
                ..OFFER
            }],
        }],
        approvals: &[("heinola", "rwa_basic")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c2",
        name: "Vierumäen Kyläseura ry",
        business_number: 2_567_890,
        legal_form: LegalForm::Association,
        phone: "03 345 6789",
        website: "https://kylaseura.example.fi/",
        description: [
            "Hoidamme kylän pihoja ja taloja.",
            "Vi sköter byns gårdar och hus.",
            "We look after the village's yards and houses.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d3",
            name: "Kylätalo",
            street: "Kylätie 5",
            postal_code: "19120",
            city: "Vierumäki",
            at: (61.1147, 26.0044),
            offers: &[DemoOffer {
                work_tasks: &[WorkTask::Gardening, WorkTask::PropertyMaintenance],
                step_free: false,
                meal_heating: false,
                hot_meal: true,
                responsible: ("Pertti Saarinen", "040 555 0303"),
                ..OFFER
            }],
        }],
        approvals: &[("heinola", "rwa_basic")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c3",
        name: "Lahden Toimintakeskus ry",
        business_number: 2_678_901,
        legal_form: LegalForm::Association,
        phone: "03 456 7890",
        website: "https://toimintakeskus.example.fi/",
        description: [
            "Meillä on monta työpajaa Lahden keskustassa.",
            "Vi har många verkstäder i centrum av Lahtis.",
            "We have many workshops in the centre of Lahti.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d4",
            name: "Toimintakeskus",
            street: "Aleksanterinkatu 20",
            postal_code: "15110",
            city: "Lahti",
            at: (60.9827, 25.6612),
            offers: &[DemoOffer {
                work_tasks: &[WorkTask::Textiles, WorkTask::Office, WorkTask::Cleaning],
                languages: &[
                    ServiceLanguage::Fi,
                    ServiceLanguage::En,
                    ServiceLanguage::Ru,
                ],
                hot_meal: true,
                free_places: 5,
                responsible: ("Leena Koskinen", "040 555 0404"),
                ..OFFER
            }],
        }],
        approvals: &[("heinola", "rwa_basic")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c4",
        name: "Sysmän Puutyöosuuskunta",
        business_number: 2_789_012,
        legal_form: LegalForm::Cooperative,
        phone: "03 567 8901",
        website: "https://puutyo.example.fi/",
        description: [
            "Teemme huonekaluja yhdessä.",
            "Vi gör möbler tillsammans.",
            "We make furniture together.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d5",
            name: "Puuverstas",
            street: "Sysmäntie 8",
            postal_code: "19700",
            city: "Sysmä",
            at: (61.5025, 25.6856),
            offers: &[DemoOffer {
                work_tasks: &[WorkTask::Carpentry, WorkTask::Sales],
                responsible: ("Ville Heinonen", "040 555 0505"),
                ..OFFER
            }],
        }],
        // A cooperative is not among the forms Heinola may buy rehabilitative work from
        // (H §1.1): it publishes its workshop, but no municipality approves it.
        approvals: &[],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c5",
        name: "Valmennus Polku Oy",
        business_number: 2_890_123,
        legal_form: LegalForm::Company,
        phone: "017 123 4567",
        website: "https://polku.example.fi/",
        description: [
            "Olemme valmennusyritys. Valmennamme kahden kesken.",
            "Vi är ett coachningsföretag. Vi coachar en och en.",
            "We are a coaching company. We coach one to one.",
        ],
        sites: &[
            // Published, but a company is never approved for rehabilitative work.
            DemoSite {
                id: "0190a000-0000-7000-8000-0000000000d6",
                name: "Polku Heinola",
                street: "Kauppakatu 3",
                postal_code: "18100",
                city: "Heinola",
                at: (61.1990, 26.0500),
                offers: &[DemoOffer {
                    work_tasks: &[WorkTask::Office, WorkTask::Cleaning],
                    responsible: ("Tiina Polku", "040 555 0606"),
                    ..OFFER
                }],
            },
            DemoSite {
                id: "0190a000-0000-7000-8000-0000000000d7",
                name: "Polku Kuopio",
                street: "Kauppakatu 30",
                postal_code: "70110",
                city: "Kuopio",
                at: (62.9050, 27.7000),
                offers: &[DemoOffer {
                    service: "sr_individual",
                    languages: &[ServiceLanguage::Fi, ServiceLanguage::En],
                    meal_heating: false,
                    free_places: 4,
                    responsible: ("Tiina Polku", "040 555 0606"),
                    description: [
                        "Valmentaja tapaa sinua kerran viikossa.",
                        "En coach träffar dig en gång i veckan.",
                        "A coach meets you once a week.",
                    ],
                    ..OFFER
                }],
            },
        ],
        approvals: &[("kuopio", "sr_individual")],
    },
    DemoProvider {
        id: PROVIDER_KUOPIO,
        name: "Osallisuuskeskus Sampo ry",
        business_number: 2_901_234,
        legal_form: LegalForm::Association,
        phone: "017 234 5678",
        website: "https://sampo.example.fi/",
        description: [
            "Sampo on kohtaamispaikka Kuopion keskustassa.",
            "Sampo är en mötesplats i centrum av Kuopio.",
            "Sampo is a meeting place in the centre of Kuopio.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d8",
            name: "Sampo",
            street: "Puijonkatu 15",
            postal_code: "70100",
            city: "Kuopio",
            at: (62.8925, 27.6780),
            offers: &[
                DemoOffer {
                    service: "sr_group",
                    form: Form::Group,
                    group_themes: &[
                        GroupTheme::Wellbeing,
                        GroupTheme::Cooking,
                        GroupTheme::PeerSupport,
                    ],
                    group_size_max: Some(10),
                    free_places: 3,
                    responsible: ("Sanna Mäkinen", "040 555 0707"),
                    description: [
                        "Ryhmä kokoontuu kahdesti viikossa. Teemme ruokaa yhdessä.",
                        "Gruppen träffas två gånger i veckan. Vi lagar mat tillsammans.",
                        "The group meets twice a week. We cook together.",
                    ],
                    ..OFFER
                },
                DemoOffer {
                    service: "sr_participation",
                    form: Form::Group,
                    group_themes: &[GroupTheme::Arts, GroupTheme::Nature, GroupTheme::Exercise],
                    hot_meal: true,
                    free_places: 6,
                    responsible: ("Sanna Mäkinen", "040 555 0707"),
                    ..OFFER
                },
                DemoOffer {
                    service: "sr_supported_work",
                    work_tasks: &[WorkTask::Kitchen, WorkTask::Cleaning],
                    hot_meal: true,
                    responsible: ("Sanna Mäkinen", "040 555 0707"),
                    ..OFFER
                },
            ],
        }],
        approvals: &[
            ("kuopio", "sr_group"),
            ("kuopio", "sr_participation"),
            ("kuopio", "sr_supported_work"),
        ],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c6",
        name: "Valmennuskeskus Väylä ry",
        business_number: 3_012_345,
        legal_form: LegalForm::Association,
        phone: "017 345 6789",
        website: "https://vayla.example.fi/",
        description: [
            "Autamme sinua kohti työtä tai opiskelua.",
            "Vi hjälper dig mot arbete eller studier.",
            "We help you towards work or studies.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d9",
            name: "Väylä Petonen",
            street: "Petosenkatu 4",
            postal_code: "70820",
            city: "Kuopio",
            at: (62.8610, 27.6300),
            offers: &[
                DemoOffer {
                    service: "sr_individual",
                    languages: &[ServiceLanguage::Fi, ServiceLanguage::En],
                    free_places: 2,
                    responsible: ("Olli Väyrynen", "040 555 0808"),
                    ..OFFER
                },
                DemoOffer {
                    service: "sr_supported_work",
                    work_tasks: &[WorkTask::Office, WorkTask::Warehouse],
                    responsible: ("Olli Väyrynen", "040 555 0808"),
                    ..OFFER
                },
            ],
        }],
        approvals: &[("kuopio", "sr_individual"), ("kuopio", "sr_supported_work")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c7",
        name: "Siilinjärven Työpaja ry",
        business_number: 3_123_456,
        legal_form: LegalForm::Association,
        phone: "017 456 7890",
        website: "https://tyopaja-siilinjarvi.example.fi/",
        description: [
            "Työpaja on Siilinjärven keskustassa.",
            "Verkstaden ligger i centrum av Siilinjärvi.",
            "The workshop is in the centre of Siilinjärvi.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000da",
            name: "Työpaja",
            street: "Kasurilantie 2",
            postal_code: "71800",
            city: "Siilinjärvi",
            at: (63.0730, 27.6720),
            offers: &[
                DemoOffer {
                    service: "sr_supported_work",
                    work_tasks: &[WorkTask::Carpentry, WorkTask::PropertyMaintenance],
                    free_places: 0,
                    queue_length: 6,
                    next_start_in_days: Some(21),
                    responsible: ("Kaisa Ruotsalainen", "040 555 0909"),
                    ..OFFER
                },
                DemoOffer {
                    service: "sr_participation",
                    form: Form::Group,
                    group_themes: &[GroupTheme::Nature, GroupTheme::EverydaySkills],
                    responsible: ("Kaisa Ruotsalainen", "040 555 0909"),
                    ..OFFER
                },
            ],
        }],
        approvals: &[
            ("kuopio", "sr_supported_work"),
            ("kuopio", "sr_participation"),
        ],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c8",
        name: "Nilsiän Kuntoutussäätiö sr",
        business_number: 3_234_567,
        legal_form: LegalForm::Foundation,
        phone: "017 567 8901",
        website: "https://kuntoutussaatio.example.fi/",
        description: [
            "Valmennamme suomeksi ja ruotsiksi.",
            "Vi coachar på finska och svenska.",
            "We coach in Finnish and Swedish.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000db",
            name: "Kuntoutuskoti",
            street: "Lokintie 1",
            postal_code: "73300",
            city: "Nilsiä",
            at: (63.2058, 28.0825),
            offers: &[DemoOffer {
                service: "sr_individual",
                languages: &[ServiceLanguage::Fi, ServiceLanguage::Sv],
                responsible: ("Eva Lindqvist", "040 555 1010"),
                ..OFFER
            }],
        }],
        approvals: &[("kuopio", "sr_individual")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c9",
        name: "Varkauden Valmennus ry",
        business_number: 3_345_678,
        legal_form: LegalForm::Association,
        phone: "017 678 9012",
        website: "https://valmennus-varkaus.example.fi/",
        description: [
            "Valmentajamme tulevat sinun luoksesi.",
            "Våra coacher kommer till dig.",
            "Our coaches come to you.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000dc",
            name: "Varkauden toimisto",
            street: "Ahlströminkatu 6",
            postal_code: "78200",
            city: "Varkaus",
            at: (62.3156, 27.8730),
            offers: &[DemoOffer {
                service: "sr_individual",
                responsible: ("Marko Hyvönen", "040 555 1111"),
                ..OFFER
            }],
        }],
        approvals: &[("kuopio", "sr_individual")],
    },
];

/// Seeds the demo providers, their sites, offers and approvals that are missing.
fn seed_providers(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let today = crate::clock::helsinki_date(now);
    let at = now.naive_utc();
    for p in DEMO_PROVIDERS {
        let business_id = (p.business_number..p.business_number + 10)
            .find_map(BusinessId::from_number)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("no demo business id")))?;
        if provider_repo::find(conn, p.id)?.is_none() {
            diesel::insert_into(providers::table)
                .values((
                    providers::id.eq(p.id),
                    providers::name.eq(p.name),
                    providers::created_at.eq(at),
                ))
                .execute(conn)?;
        }
        diesel::update(providers::table.find(p.id))
            .set((
                providers::name.eq(p.name),
                providers::business_id.eq(business_id.as_str()),
                providers::legal_form.eq(p.legal_form.as_str()),
                providers::phone.eq(p.phone),
                providers::website.eq(p.website),
                providers::description_fi.eq(p.description[0]),
                providers::description_sv.eq(p.description[1]),
                providers::description_en.eq(p.description[2]),
            ))
            .execute(conn)?;
        for s in p.sites {
            let site = provider_repo::SiteRow {
                id: s.id.to_string(),
                provider_id: p.id.to_string(),
                name: s.name.to_string(),
                street_address: s.street.to_string(),
                postal_code: s.postal_code.to_string(),
                city: s.city.to_string(),
                lat: s.at.0,
                lon: s.at.1,
                created_at: at,
                updated_at: at,
            };
            if provider_repo::find_site(conn, s.id)?.is_none() {
                provider_repo::insert_site(conn, &site)?;
            }
            let offered = provider_repo::site_services_of(conn, &[s.id.to_string()])?;
            for o in s.offers {
                if offered.iter().any(|r| r.service_code == o.service) {
                    continue;
                }
                let offering = Offering {
                    form: o.form,
                    work_tasks: o.work_tasks.to_vec(),
                    group_themes: o.group_themes.to_vec(),
                    languages: o.languages.to_vec(),
                    step_free: o.step_free,
                    partial_work_ability: o.partial_work_ability,
                    meal_heating: o.meal_heating,
                    hot_meal: o.hot_meal,
                    group_size_max: o.group_size_max,
                    free_places: o.free_places,
                    queue_length: o.queue_length,
                    next_start_on: o.next_start_in_days.map(|d| today + Days::new(d)),
                    responsible: Responsible {
                        name: o.responsible.0.to_string(),
                        phone: Some(o.responsible.1.to_string()),
                        email: None,
                    },
                    description: Translations {
                        fi: o.description[0].to_string(),
                        sv: o.description[1].to_string(),
                        en: o.description[2].to_string(),
                    },
                };
                provider_repo::put_site_service(
                    conn,
                    &provider_repo::SiteServiceRow::new(&site, o.service, &offering, at),
                )?;
            }
        }
        for (municipality, service) in p.approvals {
            if provider_repo::find_approval(conn, p.id, municipality, service)?.is_some() {
                continue;
            }
            let caseworker = persona_id(conn, &format!("caseworker-{municipality}"))?
                .ok_or_else(AppError::not_found)?;
            provider_repo::put_approval(
                conn,
                &provider_repo::ApprovalRow {
                    provider_id: p.id.to_string(),
                    municipality_code: municipality.to_string(),
                    service_code: service.to_string(),
                    status: ApprovalStatus::Approved.as_str().to_string(),
                    approved_on: today - Days::new(200),
                    status_since: today - Days::new(200),
                    reason: None,
                    changed_by: caseworker,
                    updated_at: at,
                },
            )?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Intro visits: slots at the staff personas' providers, Aino's booking, Eero's visit of
// yesterday waiting for the workshop's answer, and Matti taken by one provider and refused by
// another.

/// A slot: its id, provider, site, service, day (from today) and hour (Helsinki), places.
struct SlotSeed {
    id: &'static str,
    provider: &'static str,
    site: &'static str,
    service: &'static str,
    day: i64,
    hour: i64,
    capacity: i32,
}

const KIPINA_SITE: &str = "0190a000-0000-7000-8000-0000000000d1";
const SAMPO_SITE: &str = "0190a000-0000-7000-8000-0000000000d8";
const VAYLA: &str = "0190a000-0000-7000-8000-0000000000c6";
const VAYLA_SITE: &str = "0190a000-0000-7000-8000-0000000000d9";
const POLKU: &str = "0190a000-0000-7000-8000-0000000000c5";
const POLKU_KUOPIO_SITE: &str = "0190a000-0000-7000-8000-0000000000d7";

const SLOTS: &[SlotSeed] = &[
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e1",
        provider: PROVIDER_HEINOLA,
        site: KIPINA_SITE,
        service: "rwa_basic",
        day: 2,
        hour: 10,
        capacity: 4,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e2",
        provider: PROVIDER_HEINOLA,
        site: KIPINA_SITE,
        service: "rwa_basic",
        day: 5,
        hour: 13,
        capacity: 3,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e3",
        provider: PROVIDER_HEINOLA,
        site: KIPINA_SITE,
        service: "rwa_basic",
        day: -1,
        hour: 10,
        capacity: 3,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e4",
        provider: PROVIDER_KUOPIO,
        site: SAMPO_SITE,
        service: "sr_supported_work",
        day: -36,
        hour: 11,
        capacity: 2,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e5",
        provider: PROVIDER_KUOPIO,
        site: SAMPO_SITE,
        service: "sr_supported_work",
        day: 3,
        hour: 11,
        capacity: 2,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e6",
        provider: VAYLA,
        site: VAYLA_SITE,
        service: "sr_individual",
        day: -1,
        hour: 14,
        capacity: 1,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e7",
        provider: POLKU,
        site: POLKU_KUOPIO_SITE,
        service: "sr_individual",
        day: 4,
        hour: 9,
        capacity: 2,
    },
];

/// A booking: its id, slot, voucher, client, and what came of it.
struct VisitSeed {
    id: &'static str,
    slot: &'static str,
    voucher: &'static str,
    client: &'static str,
    outcome: Outcome,
}

enum Outcome {
    Waiting,
    Accepted,
    Refused,
}

const VISITS: &[VisitSeed] = &[
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f1",
        slot: "0190a000-0000-7000-8000-0000000000e1",
        voucher: "0190a000-0000-7000-8000-0000000000a2",
        client: "client-heinola",
        outcome: Outcome::Waiting,
    },
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f2",
        slot: "0190a000-0000-7000-8000-0000000000e3",
        voucher: "0190a000-0000-7000-8000-0000000000a3",
        client: "client-heinola-2",
        outcome: Outcome::Waiting,
    },
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f3",
        slot: "0190a000-0000-7000-8000-0000000000e4",
        voucher: "0190a000-0000-7000-8000-0000000000b2",
        client: "client-kuopio",
        outcome: Outcome::Accepted,
    },
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f4",
        slot: "0190a000-0000-7000-8000-0000000000e6",
        voucher: "0190a000-0000-7000-8000-0000000000b3",
        client: "client-kuopio",
        outcome: Outcome::Refused,
    },
];

/// Seeds the slots and bookings that are missing, each with what a person reads of it: the
/// history, the agreement, the notifications.
fn seed_visits(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    use crate::access::ActingAs;
    use crate::agreements::repo::{self as agreements, AgreementRow};
    use crate::notifications::{repo as inbox, Facts, Kind};
    use crate::visits::repo::{self as visits, Change, SlotRow, VisitRow};
    use crate::visits::Status;
    let today = crate::clock::helsinki_date(now);
    let at = now.naive_utc();
    for s in SLOTS {
        if visits::find_slot(conn, s.id)?.is_some() {
            continue;
        }
        let day = if s.day < 0 {
            today - Days::new(s.day.unsigned_abs())
        } else {
            today + Days::new(s.day as u64)
        };
        let starts = crate::clock::start_of_day(day) + chrono::Duration::hours(s.hour);
        let staff = match s.provider {
            PROVIDER_KUOPIO => "staff-kuopio",
            VAYLA => "staff-vayla",
            POLKU => "staff-polku",
            _ => "staff-heinola",
        };
        let staff = persona_id(conn, staff)?.ok_or_else(AppError::not_found)?;
        visits::insert_slot(
            conn,
            &SlotRow {
                id: s.id.to_string(),
                provider_id: s.provider.to_string(),
                site_id: s.site.to_string(),
                service_code: s.service.to_string(),
                starts_at: starts.naive_utc(),
                ends_at: (starts + chrono::Duration::hours(2)).naive_utc(),
                capacity: s.capacity,
                booked: 0,
                languages: ",fi,en,".to_string(),
                note_fi: "Soita ovikelloa B-ovella.".to_string(),
                note_sv: "Ring på dörrklockan vid dörr B.".to_string(),
                note_en: "Ring the bell at door B.".to_string(),
                withdrawn_at: None,
                withdraw_reason: None,
                created_by: staff,
                created_at: at,
                updated_at: at,
            },
        )?;
    }
    for v in VISITS {
        if visits::find_visit(conn, v.id)?.is_some() {
            continue;
        }
        let client = persona_id(conn, v.client)?.ok_or_else(AppError::not_found)?;
        let slot = visits::find_slot(conn, v.slot)?.ok_or_else(AppError::not_found)?;
        // The place is taken as a booking takes it, whenever the slot is.
        diesel::update(crate::db::schema::intro_slots::table.find(&slot.id))
            .set(crate::db::schema::intro_slots::booked.eq(slot.booked + 1))
            .execute(conn)?;
        let booked_at = slot.starts_at.min(at) - chrono::Duration::days(2);
        let row = VisitRow {
            id: v.id.to_string(),
            slot_id: slot.id.clone(),
            voucher_id: v.voucher.to_string(),
            client_id: client.clone(),
            provider_id: slot.provider_id.clone(),
            status: Status::Booked.as_str().to_string(),
            late: false,
            reason_code: None,
            reason: None,
            queue_start_on: None,
            booked_by: client.clone(),
            created_at: booked_at,
            updated_at: booked_at,
        };
        visits::insert_visit(conn, &row, ActingAs::Myself)?;
        let place = crate::providers::repo::places(conn, std::slice::from_ref(&slot.site_id))?
            .remove(&slot.site_id)
            .ok_or_else(AppError::not_found)?;
        inbox::notify(
            conn,
            &client,
            Kind::VisitBooked,
            &Facts {
                provider: Some(place.provider_name.clone()),
                site: Some(place.site_name.clone()),
                address: Some(format!(
                    "{}, {} {}",
                    place.street_address, place.postal_code, place.city
                )),
                starts_at: Some(slot.starts()),
                ..Facts::default()
            },
            Some(v.id),
            None,
            now,
        )?;
        if matches!(v.outcome, Outcome::Waiting) {
            continue;
        }
        let answered_by = match slot.provider_id.as_str() {
            PROVIDER_KUOPIO => persona_id(conn, "staff-kuopio")?,
            _ => persona_id(conn, "staff-vayla")?,
        }
        .ok_or_else(AppError::not_found)?;
        let acting_as = ActingAs::ProviderStaff;
        let step = |to, code: Option<&'static str>, reason: Option<&'static str>| Change {
            from: Status::Booked,
            to,
            reason_code: code,
            reason,
            queue_start_on: None,
            actor_id: &answered_by,
            acting_as,
        };
        let held = slot.ends_at;
        visits::change(conn, v.id, step(Status::Held, None, None), held)?;
        match v.outcome {
            Outcome::Accepted => {
                visits::change(
                    conn,
                    v.id,
                    Change {
                        from: Status::Held,
                        ..step(Status::Accepted, None, None)
                    },
                    held,
                )?;
                let voucher =
                    vouchers_mod::repo::find(conn, v.voucher)?.ok_or_else(AppError::not_found)?;
                let unit_price_cents = rulebooks::repo::by_id(conn, &voucher.rulebook_id)?
                    .rulebook
                    .unit_price_cents;
                agreements::insert(
                    conn,
                    &AgreementRow {
                        id: "0190a000-0000-7000-8000-0000000000f9".to_string(),
                        voucher_id: voucher.id.clone(),
                        client_id: client.clone(),
                        provider_id: slot.provider_id.clone(),
                        site_id: slot.site_id.clone(),
                        visit_id: Some(v.id.to_string()),
                        starts_on: voucher.valid_from,
                        ends_on: voucher.valid_until,
                        days_per_week: voucher.per_week,
                        hours_per_day: voucher.hours_per_day,
                        goals: "Haluan arkeen rytmin ja oppia keittiötöitä.".to_string(),
                        responsible_person: "Sanna Mäkinen".to_string(),
                        instructor: "Tuomas Ohjaaja".to_string(),
                        meeting_place: None,
                        meeting_distance_km: None,
                        remote: false,
                        unit_price_cents,
                        created_by: answered_by.clone(),
                        created_at: held,
                        ended_at: None,
                    },
                )?;
                inbox::notify(
                    conn,
                    &client,
                    Kind::VisitAccepted,
                    &Facts {
                        provider: Some(place.provider_name.clone()),
                        date: Some(voucher.valid_from),
                        ..Facts::default()
                    },
                    Some(v.id),
                    None,
                    now,
                )?;
            }
            Outcome::Refused => {
                let explanation = "Valmentajamme tapaavat vain Kuopion keskustassa. \
                    Asiakkaan pitää tavata kotona, eikä meillä ole siihen nyt aikaa.";
                visits::change(
                    conn,
                    v.id,
                    Change {
                        from: Status::Held,
                        ..step(Status::Refused, Some("needs_not_met"), Some(explanation))
                    },
                    held,
                )?;
                inbox::notify(
                    conn,
                    &client,
                    Kind::VisitRefused,
                    &Facts {
                        provider: Some(place.provider_name.clone()),
                        reason_code: Some("needs_not_met".to_string()),
                        ..Facts::default()
                    },
                    Some(v.id),
                    None,
                    now,
                )?;
            }
            Outcome::Waiting => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::PERSONAS;
    use crate::i18n::{Lang, Localizer};

    /// The sign-in page describes each persona; a new one without its words would show a key.
    #[test]
    fn every_persona_is_described_in_each_language() {
        let i18n = Localizer::new().unwrap();
        for p in PERSONAS {
            for lang in Lang::ALL {
                let id = format!("persona-{}", p.slug);
                assert!(i18n.has(lang, &id), "{id} is missing in {lang:?}");
            }
        }
    }
}
