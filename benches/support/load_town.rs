//! What the load benchmark loads straight into the database: the service's users on a day.
//! Municipalities of about 2,000 clients in service each, Heinola and others with Heinola's
//! rulebook for basic rehabilitative work (its rows copied, so every rule is the same); in each,
//! clients in service (a voucher and an agreement in force with one of the municipality's
//! providers, and the days they may check in for), clients starting (a voucher, no agreement
//! yet: they search and book intro visits), providers with a site each, offering the service,
//! approved by the municipality, with a few staff each and intro slots in the coming days, and
//! two caseworkers; relatives with a power of attorney in force for a client. Everyone has a
//! session, so that tokens can be made without signing in. Everyone lives and works around
//! Heinola's centre. (Included by `#[path]` next to `heinola_days.rs`, whose people, providers,
//! vouchers and agreements it uses.)

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use seteli::access::{ActingAs, Scope};
use seteli::attendance::repo::DayRow;
use seteli::db::schema::{municipalities, vouchers};
use seteli::db::{write_transaction, DbConnection};
use seteli::error::AppError;
use seteli::i18n::Translations;
use seteli::mandates::repo::NewMandate;
use seteli::mandates::{Basis, Scopes, StoredStatus, Validity};
use seteli::persons::personal_id::PersonalId;
use seteli::providers::repo::{ApprovalRow, SiteServiceRow};
use seteli::providers::{Offering, Responsible};
use seteli::visits::repo::SlotRow;
use seteli::vocab::{ApprovalStatus, Form, ServiceLanguage, WorkTask};
use seteli::vouchers::VoucherRow;

use super::heinola_days::{
    check_in_days, person, provider_with_site, staff_of, voucher_and_agreement, Place,
    DAYS_PER_WEEK, RULEBOOK,
};

/// The municipality whose rulebook every other copies.
const HEINOLA: &str = "heinola";
/// Clients in service per municipality.
const CLIENTS_PER_MUNICIPALITY: usize = 2_000;
const CASEWORKERS_PER_MUNICIPALITY: usize = 2;
pub const SERVICE: &str = "rwa_basic";
/// How many days back a check-in goes: the rule allows seven; one fewer keeps every prepared
/// check-in valid should a run cross midnight in Helsinki.
const DAYS_BACK: u64 = 6;
/// Intro slots each provider has in the coming days, and the places of each.
const SLOTS_PER_PROVIDER: usize = 10;
const SLOT_PLACES: i32 = 60;
/// Heinola's centre, around which everyone lives and works.
const CENTRE: (f64, f64) = (61.2045, 26.0372);

/// How many of each.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Clients with an agreement in force: they check in, chat, read their home and wallet.
    pub active: usize,
    /// Clients with a voucher and no agreement yet: they search and book intro visits.
    pub starting: usize,
    /// Providers (at least one a municipality).
    pub providers: usize,
    pub staff_per_provider: usize,
    /// Relatives, each with a power of attorney for one client in service.
    pub helpers: usize,
    /// Check-ins of an earlier week waiting for staff, one each for this many clients in
    /// service: the confirmations have work from the first request on.
    pub backlog: usize,
}

impl Sizes {
    pub fn municipalities(&self) -> usize {
        self.active.div_ceil(CLIENTS_PER_MUNICIPALITY).max(1)
    }
}

/// Someone who signs in: their person and the session their tokens belong to.
#[derive(Clone)]
pub struct Member {
    pub person_id: String,
    pub session_id: String,
}

/// A client in service: who (an index into [`Town::people`]), their voucher, and their
/// provider (an index into [`Town::providers`]).
pub struct Active {
    pub person: usize,
    pub voucher: String,
    pub provider: usize,
}

/// A client starting: who (an index into [`Town::people`]), their voucher, and their
/// municipality (an index into [`Town::municipalities`]).
pub struct Starting {
    pub person: usize,
    pub voucher: String,
    pub municipality: usize,
}

pub struct Provider {
    pub id: String,
    /// The municipality that approved it (an index into [`Town::municipalities`]).
    pub municipality: usize,
    /// Its staff, indices into [`Town::people`].
    pub staff: Vec<usize>,
    /// Its intro slots, all ahead.
    pub slots: Vec<String>,
}

/// A relative: who, and the client in service (an index into [`Town::active`]) they may act for.
pub struct Helper {
    pub person: usize,
    pub client: usize,
}

pub struct Town {
    /// The municipalities' codes.
    pub municipalities: Vec<String>,
    pub people: Vec<Member>,
    pub active: Vec<Active>,
    pub starting: Vec<Starting>,
    pub providers: Vec<Provider>,
    pub helpers: Vec<Helper>,
    pub caseworkers: Vec<usize>,
    /// The days a client in service may check in for now, newest first.
    pub days: Vec<NaiveDate>,
    /// Check-ins waiting for staff: (provider index, day id).
    pub backlog: Vec<(usize, String)>,
}

impl Town {
    /// Adds `person_id` with a session of two days (longer than any run): its index.
    fn member(
        &mut self,
        conn: &mut DbConnection,
        person_id: String,
        now: DateTime<Utc>,
    ) -> Result<usize, AppError> {
        let (session_id, _) = seteli::auth::repo::start_session(conn, &person_id, now, 2)?;
        self.people.push(Member {
            person_id,
            session_id,
        });
        Ok(self.people.len() - 1)
    }
}

/// The days a client in service may check in for at `now`, newest first.
pub fn check_in_days_at(now: DateTime<Utc>) -> Vec<NaiveDate> {
    check_in_days(seteli::clock::helsinki_date(now), DAYS_BACK)
}

/// A point a few kilometres around Heinola's centre.
fn near_centre(rng: &mut StdRng, spread: f64) -> (f64, f64) {
    (
        CENTRE.0 + rng.random_range(-spread..spread),
        CENTRE.1 + rng.random_range(-2.0 * spread..2.0 * spread),
    )
}

/// Loads the town in one write transaction.
pub fn load_town(
    conn: &mut DbConnection,
    sizes: Sizes,
    now: DateTime<Utc>,
) -> Result<Town, AppError> {
    let mut rng = StdRng::seed_from_u64(31);
    let at = now.naive_utc();
    let today = seteli::clock::helsinki_date(now);
    write_transaction(conn, |conn| {
        let mut town = Town {
            municipalities: Vec::new(),
            people: Vec::new(),
            active: Vec::with_capacity(sizes.active),
            starting: Vec::with_capacity(sizes.starting),
            providers: Vec::new(),
            helpers: Vec::new(),
            caseworkers: Vec::new(),
            days: check_in_days_at(now),
            backlog: Vec::new(),
        };
        // Municipalities, each with Heinola's rulebook and caseworkers; the first caseworker
        // of each issued its vouchers.
        let mut rulebooks = Vec::new();
        let mut issuers = Vec::new();
        for m in 0..sizes.municipalities() {
            let code = if m == 0 {
                HEINOLA.to_string()
            } else {
                format!("kunta{m:02}")
            };
            let rulebook = if m == 0 {
                RULEBOOK.to_string()
            } else {
                copy_rulebook(conn, &code)?
            };
            for c in 0..CASEWORKERS_PER_MUNICIPALITY {
                let name = format!("Sosiaaliohjaaja {m}.{c}");
                let id = person(conn, &format!("load-cw-{m}-{c}"), &name, at)?;
                let role = seteli::persons::Role::Caseworker;
                seteli::persons::repo::grant_role(conn, &id, role, Some(&code), None, now)?;
                if c == 0 {
                    issuers.push(id.clone());
                }
                let member = town.member(conn, id, now)?;
                town.caseworkers.push(member);
            }
            town.municipalities.push(code);
            rulebooks.push(rulebook);
        }
        let municipalities = town.municipalities.len();

        // Providers: a site each near the centre, offering the service, approved by their
        // municipality, with staff and slots.
        let mut sites = Vec::new();
        for p in 0..sizes.providers.max(municipalities) {
            let m = p % municipalities;
            let (provider, site) = provider_with_site(
                conn,
                (&format!("Työpaja {p} ry"), &format!("Työpaja {p}")),
                near_centre(&mut rng, 0.03),
                at,
            )?;
            let code = &town.municipalities[m];
            offer_and_approve(conn, &provider, &site, (code, &issuers[m]), now)?;
            let mut staff = Vec::with_capacity(sizes.staff_per_provider);
            for s in 0..sizes.staff_per_provider.max(1) {
                let id = staff_of(
                    conn,
                    &format!("load-staff-{p}-{s}"),
                    &format!("Ohjaaja {p}.{s}"),
                    &provider,
                    now,
                )?;
                staff.push(town.member(conn, id, now)?);
            }
            let slots = slots(
                conn,
                &provider,
                &site,
                &town.people[staff[0]].person_id,
                now,
            )?;
            town.providers.push(Provider {
                id: provider.clone(),
                municipality: m,
                staff,
                slots,
            });
            sites.push(site);
        }

        // Clients in service, spread evenly over the providers (and so the municipalities).
        let mut agreements = Vec::with_capacity(sizes.active);
        for i in 0..sizes.active {
            let p = i % town.providers.len();
            let m = town.providers[p].municipality;
            let client = person(conn, &format!("load-a-{i}"), &format!("Asiakas {i}"), at)?;
            seteli::persons::repo::make_client(
                conn,
                &client,
                &town.municipalities[m],
                Some("Asiakaskatu 1"),
                Some(near_centre(&mut rng, 0.05)),
                now,
            )?;
            let place = Place {
                provider_id: &town.providers[p].id,
                site_id: &sites[p],
                caseworker: &issuers[m],
            };
            let number = format!("LOAD-A-{i:08}");
            let (voucher, agreement) =
                voucher_and_agreement(conn, &client, number, &place, (today, at))?;
            if m > 0 {
                diesel::update(vouchers::table.find(&voucher))
                    .set(vouchers::rulebook_id.eq(&rulebooks[m]))
                    .execute(conn)?;
            }
            let member = town.member(conn, client, now)?;
            town.active.push(Active {
                person: member,
                voucher,
                provider: p,
            });
            agreements.push(agreement);
        }

        // Clients starting: a voucher that began a week ago, no agreement.
        for i in 0..sizes.starting {
            let m = i % municipalities;
            let client = person(conn, &format!("load-s-{i}"), &format!("Aloittaja {i}"), at)?;
            seteli::persons::repo::make_client(
                conn,
                &client,
                &town.municipalities[m],
                Some("Asiakaskatu 2"),
                Some(near_centre(&mut rng, 0.05)),
                now,
            )?;
            let number = format!("LOAD-S-{i:08}");
            let voucher = voucher_only(conn, &client, number, (&rulebooks[m], &issuers[m]), now)?;
            let member = town.member(conn, client, now)?;
            town.starting.push(Starting {
                person: member,
                voucher,
                municipality: m,
            });
        }

        // Relatives: a power of attorney in force each, for a client in service.
        for h in 0..sizes.helpers.min(sizes.active) {
            let client = h * (sizes.active / sizes.helpers.max(1)).max(1);
            let code = test_code(h)?;
            let id = person(conn, code.as_str(), &format!("Omainen {h}"), at)?;
            let client_id = town.people[town.active[client].person].person_id.clone();
            give_mandate(conn, &client_id, &code, &format!("Omainen {h}"), now)?;
            let member = town.member(conn, id, now)?;
            town.helpers.push(Helper {
                person: member,
                client,
            });
        }

        // The backlog: a check-in each, on Monday of the week before the oldest check-in day.
        let oldest = town.days.iter().min().copied().unwrap_or(today);
        let monday =
            oldest - Days::new(u64::from(oldest.weekday().num_days_from_monday())) - Days::new(7);
        for (a, agreement) in town.active.iter().zip(&agreements).take(sizes.backlog) {
            let client = town.people[a.person].person_id.clone();
            let row = pending_day(
                &client,
                &a.voucher,
                agreement,
                (&town.providers[a.provider].id, &sites[a.provider]),
                monday,
                at,
            );
            seteli::attendance::repo::insert_day(conn, &row)?;
            town.backlog.push((a.provider, row.id));
        }
        Ok(town)
    })
}

/// A column's name, as the database's catalogue has it.
#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// The columns of `table`, in order.
fn columns(conn: &mut DbConnection, table: &str) -> Result<Vec<String>, AppError> {
    let query = match conn {
        DbConnection::Sqlite(_) => format!("SELECT name FROM pragma_table_info('{table}')"),
        DbConnection::Postgres(_) => format!(
            "SELECT column_name::text AS name FROM information_schema.columns \
             WHERE table_name = '{table}' AND table_schema = current_schema() \
             ORDER BY ordinal_position"
        ),
    };
    Ok(diesel::sql_query(query)
        .load::<Column>(conn)?
        .into_iter()
        .map(|c| c.name)
        .collect())
}

/// Copies the rows of `table` whose `key` is `from`, with `key` set to `to` and the columns of
/// `set` to their values. (Every value here is the bench's own, not input.)
fn copy_rows(
    conn: &mut DbConnection,
    table: &str,
    (key, from, to): (&str, &str, &str),
    set: &[(&str, &str)],
) -> Result<(), AppError> {
    let columns = columns(conn, table)?;
    let values: Vec<String> = columns
        .iter()
        .map(|c| match set.iter().find(|(name, _)| name == c) {
            _ if c == key => format!("'{to}'"),
            Some((_, value)) => format!("'{value}'"),
            None => c.clone(),
        })
        .collect();
    diesel::sql_query(format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {table} WHERE {key} = '{from}'",
        columns.join(", "),
        values.join(", ")
    ))
    .execute(conn)?;
    Ok(())
}

/// The municipality `code`, with a copy of Heinola's rulebook for the service (its rules,
/// holidays, price tiers and duties alike): the copy's id.
fn copy_rulebook(conn: &mut DbConnection, code: &str) -> Result<String, AppError> {
    diesel::insert_into(municipalities::table)
        .values((
            municipalities::code.eq(code),
            municipalities::name_fi.eq(code),
            municipalities::name_sv.eq(code),
            municipalities::name_en.eq(code),
        ))
        .execute(conn)?;
    let id = RULEBOOK.replacen(HEINOLA, code, 1);
    copy_rows(
        conn,
        "rulebooks",
        ("id", RULEBOOK, &id),
        &[("municipality_code", code)],
    )?;
    for table in [
        "rulebook_rules",
        "rulebook_holiday_periods",
        "rulebook_price_tiers",
        "rulebook_duties",
    ] {
        copy_rows(conn, table, ("rulebook_id", RULEBOOK, &id), &[])?;
    }
    Ok(id)
}

/// The site offers the service, and the municipality approved the provider for it.
fn offer_and_approve(
    conn: &mut DbConnection,
    provider: &str,
    site_id: &str,
    (municipality, caseworker): (&str, &str),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (at, today) = (now.naive_utc(), seteli::clock::helsinki_date(now));
    let site =
        seteli::providers::repo::find_site(conn, site_id)?.ok_or_else(AppError::not_found)?;
    let offering = Offering {
        form: Form::Individual,
        work_tasks: vec![WorkTask::ALL[0], WorkTask::ALL[1]],
        group_themes: Vec::new(),
        languages: vec![ServiceLanguage::Fi],
        step_free: true,
        partial_work_ability: true,
        meal_heating: true,
        hot_meal: false,
        group_size_max: None,
        free_places: 3,
        queue_length: 0,
        next_start_on: Some(today + Days::new(14)),
        responsible: Responsible {
            name: "Vastaava Ohjaaja".into(),
            phone: None,
            email: None,
        },
        description: Translations {
            fi: "Teemme töitä yhdessä.".into(),
            sv: "Vi arbetar tillsammans.".into(),
            en: "We work together.".into(),
        },
    };
    seteli::providers::repo::put_site_service(
        conn,
        &SiteServiceRow::new(&site, SERVICE, &offering, at),
    )?;
    seteli::providers::repo::put_approval(
        conn,
        &ApprovalRow {
            provider_id: provider.to_string(),
            municipality_code: municipality.into(),
            service_code: SERVICE.into(),
            status: ApprovalStatus::Approved.as_str().into(),
            approved_on: today,
            status_since: today,
            reason: None,
            changed_by: caseworker.to_string(),
            updated_at: at,
        },
    )
}

/// The provider's intro slots: one a day from three hours from now, two hours each.
fn slots(
    conn: &mut DbConnection,
    provider: &str,
    site: &str,
    staff: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    let at = now.naive_utc();
    let mut ids = Vec::with_capacity(SLOTS_PER_PROVIDER);
    for d in 0..SLOTS_PER_PROVIDER as i64 {
        let starts = now + Duration::hours(3) + Duration::days(d);
        let row = SlotRow {
            id: uuid::Uuid::now_v7().to_string(),
            provider_id: provider.to_string(),
            site_id: site.to_string(),
            service_code: SERVICE.into(),
            starts_at: starts.naive_utc(),
            ends_at: (starts + Duration::hours(2)).naive_utc(),
            capacity: SLOT_PLACES,
            booked: 0,
            languages: ",fi,".into(),
            note_fi: String::new(),
            note_sv: String::new(),
            note_en: String::new(),
            withdrawn_at: None,
            withdraw_reason: None,
            created_by: staff.to_string(),
            created_at: at,
            updated_at: at,
        };
        seteli::visits::repo::insert_slot(conn, &row)?;
        ids.push(row.id);
    }
    Ok(ids)
}

/// A voucher of basic rehabilitative work under `rulebook` for `client`, from a week ago for 200
/// days, with no agreement: its id.
fn voucher_only(
    conn: &mut DbConnection,
    client: &str,
    number: String,
    (rulebook, caseworker): (&str, &str),
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (at, today) = (now.naive_utc(), seteli::clock::helsinki_date(now));
    let voucher = VoucherRow {
        id: uuid::Uuid::now_v7().to_string(),
        number,
        client_id: client.to_string(),
        rulebook_id: rulebook.into(),
        caseworker_id: caseworker.to_string(),
        decision_date: today - Days::new(7),
        valid_from: today - Days::new(7),
        valid_until: today + Days::new(200),
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
    Ok(voucher.id)
}

/// The `n`th test identity code (individual numbers 900–999, which never belong to anyone).
fn test_code(n: usize) -> Result<PersonalId, AppError> {
    let born =
        NaiveDate::from_ymd_opt(1960, 1, 1).unwrap_or_default() + Days::new((n / 100) as u64);
    PersonalId::test_code(born, 900 + (n % 100) as u16)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no test code {n}")))
}

/// A power of attorney in force from today for a year: view, book visits, message.
fn give_mandate(
    conn: &mut DbConnection,
    client: &str,
    helper: &PersonalId,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let today = seteli::clock::helsinki_date(now);
    let scopes = Scopes::new([Scope::View, Scope::BookVisits, Scope::Message])?;
    seteli::mandates::repo::insert(
        conn,
        NewMandate {
            client_id: client,
            proxy: helper,
            proxy_name: name,
            scopes: &scopes,
            validity: Validity::new(Some(today), today + Days::new(365), today)?,
            basis: Basis::Client,
            status: StoredStatus::Active,
            created_by: client,
            acting_as: ActingAs::Myself,
        },
        now,
    )?;
    Ok(())
}

/// A check-in of the client's own on `day`, waiting for staff.
fn pending_day(
    client: &str,
    voucher: &str,
    agreement: &str,
    (provider, site): (&str, &str),
    day: NaiveDate,
    at: chrono::NaiveDateTime,
) -> DayRow {
    DayRow {
        id: uuid::Uuid::now_v7().to_string(),
        voucher_id: voucher.to_string(),
        agreement_id: agreement.to_string(),
        client_id: client.to_string(),
        provider_id: provider.to_string(),
        site_id: site.to_string(),
        meeting_id: None,
        day,
        status: "pending".into(),
        arrived_at: None,
        claimed_hours: None,
        remote: false,
        verified: false,
        code_step: None,
        late: true,
        units: 1,
        guidance_hours: None,
        absence: None,
        reason_code: None,
        reason: None,
        recorded_by: client.to_string(),
        recorded_as: "self".into(),
        created_at: at,
        decided_by: None,
        decided_at: None,
    }
}
