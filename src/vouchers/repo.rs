//! The SQL of vouchers: the rows, their history, the units used, and the checks that read the
//! client's other vouchers.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{
    Agreed, BookedVisit, EventKind, EventRow, Period, Progress, VoucherNumber, VoucherRow,
};
use crate::access::door::Area;
use crate::db::cache::{Counter, Reading, Remember};
use crate::db::schema::{activity_days, voucher_events, vouchers};
use crate::db::DbConnection;
use crate::error::AppError;
use crate::persons::repo::WorkContact;
use crate::rulebooks::{self, Terms};

pub fn record_event(
    conn: &mut DbConnection,
    voucher: &VoucherRow,
    kind: EventKind,
    actor_id: &str,
    reason: Option<String>,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(voucher_events::table)
        .values(EventRow {
            id: uuid::Uuid::now_v7().to_string(),
            voucher_id: voucher.id.clone(),
            kind: kind.as_str().to_string(),
            actor_id: actor_id.to_string(),
            valid_until: Some(voucher.valid_until),
            granted_units: Some(voucher.granted_units),
            reason,
            created_at: at,
        })
        .execute(conn)?;
    Ok(())
}

/// Units used of each voucher: the activity days (or hours) its provider confirmed, as
/// attendance records them (a correction counts as confirmed). The one place the wallet learns
/// what is used.
pub fn used_units(
    conn: &mut DbConnection,
    voucher_ids: &[String],
) -> Result<HashMap<String, i64>, AppError> {
    if voucher_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, Option<i64>)> = activity_days::table
        .filter(activity_days::voucher_id.eq_any(voucher_ids))
        .filter(activity_days::status.eq_any(["confirmed", "corrected"]))
        .group_by(activity_days::voucher_id)
        .select((
            activity_days::voucher_id,
            diesel::dsl::sum(activity_days::units),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, sum)| (id, sum.unwrap_or(0)))
        .collect())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<VoucherRow>, AppError> {
    Ok(crate::native!(conn, |c| vouchers::table
        .find(id)
        .select(VoucherRow::as_select())
        .first(c)
        .optional())?)
}

/// The vouchers of `ids`, by id, in one statement.
pub fn by_ids(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, VoucherRow>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<VoucherRow> = vouchers::table
        .filter(vouchers::id.eq_any(ids))
        .select(VoucherRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|v| (v.id.clone(), v)).collect())
}

pub fn events(conn: &mut DbConnection, voucher_id: &str) -> Result<Vec<EventRow>, AppError> {
    Ok(voucher_events::table
        .filter(voucher_events::voucher_id.eq(voucher_id))
        .order(voucher_events::id)
        .select(EventRow::as_select())
        .load(conn)?)
}

/// The periods of a client's other vouchers in a service family, each ending at its last valid
/// day or the day it was cancelled (a voucher cancelled before it began has no period), with
/// its rulebook's same-time group.
pub fn family_periods(
    conn: &mut DbConnection,
    client_id: &str,
    family: &str,
    except: Option<&str>,
) -> Result<Vec<Period>, AppError> {
    use crate::db::schema::{rulebook_rules, rulebooks, services};
    type Row = (
        String,
        String,
        NaiveDate,
        NaiveDate,
        Option<NaiveDateTime>,
        Option<String>,
    );
    let rows: Vec<Row> = vouchers::table
        .inner_join(
            rulebooks::table
                .inner_join(services::table)
                .left_join(rulebook_rules::table),
        )
        .filter(vouchers::client_id.eq(client_id))
        .filter(services::family.eq(family))
        .select((
            vouchers::id,
            services::code,
            vouchers::valid_from,
            vouchers::valid_until,
            vouchers::cancelled_at,
            rulebook_rules::same_time_group.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(id, ..)| Some(id.as_str()) != except)
        .filter_map(|(voucher_id, service, from, until, cancelled, group)| {
            let until = cancelled.map_or(until, |c| until.min(c.date()));
            (until >= from).then_some(Period {
                voucher_id,
                service,
                from,
                until,
                same_time_group: group,
            })
        })
        .collect())
}

/// Serializes issuing and changing (and recording a client's days) for one client: on
/// PostgreSQL the client's row is locked `FOR UPDATE` until the transaction ends; SQLite's
/// immediate transactions already run one writer at a time. So two concurrent requests for one
/// client cannot both pass the checks that count what the other is writing. (It changes no
/// row: a no-op update here once moved every client's cached wallet, and held the one version
/// row's lock to the commit.)
pub fn lock_client(conn: &mut DbConnection, client_id: &str) -> Result<(), AppError> {
    use crate::db::schema::clients;
    match conn {
        DbConnection::Postgres(c) => {
            clients::table
                .find(client_id)
                .select(clients::person_id)
                .for_update()
                .first::<String>(c)
                .optional()?;
        }
        DbConnection::Sqlite(_) => {}
    }
    Ok(())
}

/// Checks a voucher's terms (new, or extended: `except` is the voucher itself) against its
/// rulebook and the client's other vouchers of the same family: the months they already had and
/// the run of vouchers it continues (worked out here as [`rulebooks::Prior`]), no overlap with
/// the same service, nor with a service of the same same-time group. Takes the client's lock
/// first, so concurrent requests for one client check one after the other. Answers the
/// justified exceptions the voucher takes.
pub fn check_terms(
    conn: &mut DbConnection,
    client_id: &str,
    terms: &Terms,
    except: Option<&str>,
    req: rulebooks::Request,
    phase: rulebooks::Phase,
    service_name: &str,
) -> Result<rulebooks::Justified, AppError> {
    lock_client(conn, client_id)?;
    let periods = family_periods(conn, client_id, &terms.service.family, except)?;
    let prior = rulebooks::Prior {
        months: rulebooks::prior_months(&periods),
        run_from: rulebooks::run_from(&periods, &terms.service.code, req.valid_from),
    };
    let justified = rulebooks::check(terms, &req, prior, phase, service_name)?;
    let (from, until) = (req.valid_from, req.valid_until);
    let existing = |p: &rulebooks::Period| crate::refs::Link::voucher(client_id, &p.voucher_id);
    if let Some(p) = rulebooks::overlaps(&periods, &terms.service.code, from, until) {
        let code = crate::error::ErrorCode::VoucherOverlaps;
        return Err(AppError::new(code).conflicting(existing(p)));
    }
    if let Some(p) = rulebooks::overlaps_group(&periods, terms, from, until) {
        let code = crate::error::ErrorCode::VoucherLevelsOverlap;
        return Err(AppError::new(code).conflicting(existing(p)));
    }
    Ok(justified)
}

/// Stores an issued voucher with the start of its history: issued, the dates its deadlines count
/// from when they were recorded at once, and the permission to go beyond the usual distance when
/// it was given at once.
pub fn insert_issued(
    conn: &mut DbConnection,
    row: &VoucherRow,
    actor_id: &str,
) -> Result<(), AppError> {
    diesel::insert_into(vouchers::table)
        .values(row)
        .execute(conn)?;
    record_event(conn, row, EventKind::Issued, actor_id, None, row.created_at)?;
    if !row.deadline_anchors().is_empty() {
        record_event(
            conn,
            row,
            EventKind::AnchorsRecorded,
            actor_id,
            None,
            row.created_at,
        )?;
    }
    if let Some(reason) = &row.out_of_area_reason {
        record_event(
            conn,
            row,
            EventKind::OutOfAreaPermitted,
            actor_id,
            Some(reason.clone()),
            row.created_at,
        )?;
    }
    Ok(())
}

/// The caseworker's reasons for going past a rule that allows it with one.
#[derive(Debug, Clone, Default)]
pub struct Reasons {
    /// Past the usual period in a row.
    pub extension: Option<String>,
    /// Past the service's usual total.
    pub over_total: Option<String>,
}

/// Keeps in the voucher's history each justified exception its latest change took, with the
/// caseworker's reason (checked to be there when it was needed).
pub fn record_justified(
    conn: &mut DbConnection,
    row: &VoucherRow,
    justified: rulebooks::Justified,
    reasons: Reasons,
    actor_id: &str,
) -> Result<(), AppError> {
    for (taken, kind, reason) in [
        (
            justified.longer_period,
            EventKind::LongerPeriodAllowed,
            reasons.extension,
        ),
        (
            justified.over_total,
            EventKind::OverTotalAllowed,
            reasons.over_total,
        ),
    ] {
        if taken {
            record_event(conn, row, kind, actor_id, reason, row.updated_at)?;
        }
    }
    Ok(())
}

/// Vouchers as reads keep them: valid while `client_version` stands still (triggers bump it on
/// any change to a voucher).
struct ById;

impl Remember for ById {
    type Value = VoucherRow;
    const COUNTER: Counter = Counter::Clients;
    const MAX_ENTRIES: usize = 100_000;
}

/// The voucher `id` of the client `client_id`; from memory in a read while nothing changed.
pub fn of_client(
    r: &mut Reading<'_>,
    client_id: &str,
    id: &str,
) -> Result<Option<VoucherRow>, AppError> {
    Ok(r.remember::<ById>(id, |conn| find(conn, id))?
        .filter(|v| v.client_id == client_id))
}

/// A voucher number nobody has yet (a clash among 34 billion is rare; try a few times).
pub fn unused_number(conn: &mut DbConnection, municipality: &str) -> Result<String, AppError> {
    let mut rng = rand::rng();
    for _ in 0..8 {
        let n = VoucherNumber::generate(municipality, &mut rng).to_string();
        let taken: i64 = vouchers::table
            .filter(vouchers::number.eq(&n))
            .count()
            .get_result(conn)?;
        if taken == 0 {
            return Ok(n);
        }
    }
    Err(AppError::internal(anyhow::anyhow!(
        "no free voucher number after 8 tries"
    )))
}

/// Stores a changed voucher (the fields a change may touch) with its history entry.
pub fn update(
    conn: &mut DbConnection,
    row: &VoucherRow,
    kind: EventKind,
    actor_id: &str,
    reason: Option<String>,
) -> Result<(), AppError> {
    diesel::update(vouchers::table.find(&row.id))
        .set((
            vouchers::valid_until.eq(row.valid_until),
            vouchers::granted_units.eq(row.granted_units),
            vouchers::out_of_area_allowed.eq(row.out_of_area_allowed),
            vouchers::out_of_area_reason.eq(&row.out_of_area_reason),
            vouchers::cancelled_at.eq(row.cancelled_at),
            vouchers::cancel_reason.eq(&row.cancel_reason),
            vouchers::updated_at.eq(row.updated_at),
            vouchers::place_agreed_on.eq(row.place_agreed_on),
            vouchers::plan_made_on.eq(row.plan_made_on),
            vouchers::ordered_on.eq(row.ordered_on),
            vouchers::start_agreed_on.eq(row.start_agreed_on),
            vouchers::group_starts_on.eq(row.group_starts_on),
        ))
        .execute(conn)?;
    record_event(conn, row, kind, actor_id, reason, row.updated_at)
}

/// A voucher with what showing it takes.
pub struct Loaded {
    pub row: VoucherRow,
    pub terms: Arc<Terms>,
    pub used: i64,
    /// Who decided it, and how to reach them at work.
    pub caseworker: WorkContact,
    /// The intro visit booked and the agreement made.
    pub progress: Progress,
    /// Each change with the name of who made it, when asked for.
    pub history: Option<Vec<(EventRow, String)>>,
}

/// One voucher of a client's wallet as read: the row, the units used and how far it has got.
#[derive(Debug, Clone)]
pub struct Entry {
    pub row: VoucherRow,
    pub used: i64,
    pub progress: Progress,
}

/// Each client's vouchers as reads keep them, newest first: valid while `client_version` stands
/// still, which triggers bump on any change to a voucher, its use, its bookings or agreements.
struct Wallets;

impl Remember for Wallets {
    type Value = Arc<Vec<Entry>>;
    const COUNTER: Counter = Counter::Clients;
    const MAX_ENTRIES: usize = 100_000;
}

/// Every voucher of the client with its use and progress, newest first: from memory in a read
/// while nothing about clients changed, in three statements otherwise.
pub fn wallet(r: &mut Reading<'_>, client_id: &str) -> Result<Arc<Vec<Entry>>, AppError> {
    let found = r.remember::<Wallets>(client_id, |conn| {
        let rows: Vec<VoucherRow> = crate::native!(conn, |c| vouchers::table
            .filter(vouchers::client_id.eq(client_id))
            .order(vouchers::id.desc())
            .select(VoucherRow::as_select())
            .load(c))?;
        Ok(Some(Arc::new(entries(conn, rows)?)))
    })?;
    Ok(found.unwrap_or_default())
}

/// The rows with their units used and progress, in their order (two statements).
fn entries(conn: &mut DbConnection, rows: Vec<VoucherRow>) -> Result<Vec<Entry>, AppError> {
    let ids: Vec<String> = rows.iter().map(|v| v.id.clone()).collect();
    let used = used_units(conn, &ids)?;
    let mut progress = progress(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| Entry {
            used: used.get(&row.id).copied().unwrap_or(0),
            progress: progress.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// What showing entries of a wallet takes besides them: their rulebooks and caseworkers' names,
/// both from memory in a read.
pub fn show(r: &mut Reading<'_>, entries: &[Entry]) -> Result<Vec<Loaded>, AppError> {
    entries
        .iter()
        .map(|e| {
            Ok(Loaded {
                terms: rulebooks::repo::terms(r, &e.row.rulebook_id)?,
                caseworker: crate::persons::repo::work_contact(r, &e.row.caseworker_id)?,
                used: e.used,
                progress: e.progress.clone(),
                history: None,
                row: e.row.clone(),
            })
        })
        .collect()
}

/// Loads a voucher's terms, usage, progress and names (from memory only in a read that
/// remembers), with the history when asked for.
pub fn load(r: &mut Reading<'_>, row: VoucherRow, with_history: bool) -> Result<Loaded, AppError> {
    let terms = rulebooks::repo::terms(r, &row.rulebook_id)?;
    load_with(r, row, terms, with_history)
}

/// [`load`] for a voucher whose terms (its rulebook's) the caller has already read.
pub fn load_with(
    r: &mut Reading<'_>,
    row: VoucherRow,
    terms: Arc<Terms>,
    with_history: bool,
) -> Result<Loaded, AppError> {
    let Entry {
        row,
        used,
        progress,
    } = entries(r.conn(), vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher's entry vanished")))?;
    let caseworker = crate::persons::repo::work_contact(r, &row.caseworker_id)?;
    let history = if with_history {
        let mut changes = Vec::new();
        for e in events(r.conn(), &row.id)? {
            let by = crate::persons::repo::name(r, &e.actor_id)?;
            changes.push((e, by));
        }
        Some(changes)
    } else {
        None
    };
    Ok(Loaded {
        row,
        terms,
        used,
        progress,
        caseworker,
        history,
    })
}

/// The vouchers issued and not ended on `today` (in force, or not yet begun: their clocks run
/// already) of clients of the caseworker's `area`, by id: up to `fetch` after `after`. A
/// caseworker's list of late clocks goes through them.
pub fn in_force_in(
    conn: &mut DbConnection,
    area: &Area,
    today: NaiveDate,
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<VoucherRow>, AppError> {
    use crate::db::schema::clients;
    let q = vouchers::table
        .inner_join(clients::table.on(clients::person_id.eq(vouchers::client_id)))
        .filter(clients::municipality_code.eq_any(area.all.to_vec()))
        .filter(vouchers::cancelled_at.is_null())
        .filter(vouchers::valid_until.ge(today))
        .into_boxed();
    Ok(crate::oldest_first!(q, vouchers::id, after, fetch)
        .select(VoucherRow::as_select())
        .load(conn)?)
}

/// The status a cancelled intro visit is stored with (see `visits::Status`).
pub const VISIT_CANCELLED: &str = "cancelled";

/// How far each voucher has got (see [`Progress`]): its latest intro visit not cancelled, and
/// its agreement in force, each with its provider's name. Read from the visits' and agreements'
/// tables, which the wallet shows.
pub fn progress(
    conn: &mut DbConnection,
    voucher_ids: &[String],
) -> Result<HashMap<String, crate::vouchers::Progress>, AppError> {
    use crate::db::schema::{agreements, intro_slots, intro_visits, providers};
    use crate::rulebooks::MeetingPlace;
    let mut out: HashMap<String, Progress> = HashMap::new();
    if voucher_ids.is_empty() {
        return Ok(out);
    }
    let visits: Vec<(String, NaiveDateTime, NaiveDateTime, String)> = intro_visits::table
        .inner_join(intro_slots::table)
        .inner_join(providers::table.on(providers::id.eq(intro_visits::provider_id)))
        .filter(intro_visits::voucher_id.eq_any(voucher_ids))
        .filter(intro_visits::status.ne(VISIT_CANCELLED))
        .order(intro_visits::id.asc())
        .select((
            intro_visits::voucher_id,
            intro_slots::starts_at,
            intro_visits::created_at,
            providers::name,
        ))
        .load(conn)?;
    for (voucher, starts_at, booked_at, provider) in visits {
        out.entry(voucher).or_default().visit = Some(BookedVisit {
            provider,
            starts_at: starts_at.and_utc(),
            booked_on: crate::clock::helsinki_date(booked_at.and_utc()),
        });
    }
    let agreed: Vec<(String, NaiveDate, bool, Option<f64>, String)> = agreements::table
        .inner_join(providers::table.on(providers::id.eq(agreements::provider_id)))
        .filter(agreements::voucher_id.eq_any(voucher_ids))
        .filter(agreements::ended_at.is_null())
        .select((
            agreements::voucher_id,
            agreements::starts_on,
            agreements::remote,
            agreements::meeting_distance_km,
            providers::name,
        ))
        .load(conn)?;
    for (voucher, starts_on, remote, km, provider) in agreed {
        let meeting = match (remote, km) {
            (true, _) => Some(MeetingPlace::Remote),
            (false, Some(km)) => Some(MeetingPlace::Km(km)),
            (false, None) => None,
        };
        out.entry(voucher).or_default().agreement = Some(Agreed {
            provider,
            starts_on,
            meeting,
        });
    }
    Ok(out)
}

/// An agreement a voucher's cancellation ended: whose, with which provider.
pub struct EndedAgreement {
    pub id: String,
    pub client_id: String,
    pub provider_id: String,
    pub provider_name: String,
}

/// Ends the voucher's open agreement on `last_day`, because the voucher was cancelled (H §5.3:
/// the service needs a valid voucher), and writes it in the agreement's history. The
/// agreements' rules read these rows (`agreements::life`).
pub fn end_agreement(
    conn: &mut DbConnection,
    voucher_id: &str,
    last_day: NaiveDate,
    (actor_id, acting_as): (&str, &str),
    at: NaiveDateTime,
) -> Result<Option<EndedAgreement>, AppError> {
    use crate::db::schema::{agreement_events, agreements, providers};
    let open: Option<(String, String, String, String)> = agreements::table
        .inner_join(providers::table.on(providers::id.eq(agreements::provider_id)))
        .filter(agreements::voucher_id.eq(voucher_id))
        .filter(agreements::ended_at.is_null())
        .select((
            agreements::id,
            agreements::client_id,
            agreements::provider_id,
            providers::name,
        ))
        .first(conn)
        .optional()?;
    let Some((id, client_id, provider_id, provider_name)) = open else {
        return Ok(None);
    };
    diesel::update(agreements::table.find(&id))
        .set((
            agreements::ended_at.eq(Some(at)),
            agreements::ended_on.eq(Some(last_day)),
            agreements::end_reason.eq(Some("voucher_cancelled")),
        ))
        .execute(conn)?;
    diesel::insert_into(agreement_events::table)
        .values((
            agreement_events::id.eq(uuid::Uuid::now_v7().to_string()),
            agreement_events::agreement_id.eq(&id),
            agreement_events::kind.eq("ended"),
            agreement_events::on_date.eq(Some(last_day)),
            agreement_events::reason_code.eq(Some("voucher_cancelled")),
            agreement_events::actor_id.eq(actor_id),
            agreement_events::acting_as.eq(acting_as),
            agreement_events::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(Some(EndedAgreement {
        id,
        client_id,
        provider_id,
        provider_name,
    }))
}
