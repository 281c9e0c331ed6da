//! The SQL of intro visits: slots, bookings and their history. A booking takes a
//! place in its slot by one conditional update (`booked < capacity`), so two requests for the
//! last place cannot both get it, on either database; a check constraint refuses an overbooking
//! whatever writes it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::Status;
use crate::access::{ActingAs, Rows};
use crate::db::schema::{intro_slots, intro_visit_events, intro_visits, persons};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::notifications::repo::reminder_key;
use crate::providers::Place;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = intro_slots)]
pub struct SlotRow {
    pub id: String,
    pub provider_id: String,
    pub site_id: String,
    pub service_code: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub capacity: i32,
    pub booked: i32,
    pub languages: String,
    pub note_fi: String,
    pub note_sv: String,
    pub note_en: String,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdraw_reason: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl SlotRow {
    pub fn starts(&self) -> DateTime<Utc> {
        self.starts_at.and_utc()
    }

    pub fn ends(&self) -> DateTime<Utc> {
        self.ends_at.and_utc()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = intro_visits)]
pub struct VisitRow {
    pub id: String,
    pub slot_id: String,
    pub voucher_id: String,
    pub client_id: String,
    pub provider_id: String,
    pub status: String,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    pub queue_start_on: Option<NaiveDate>,
    pub booked_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl VisitRow {
    pub fn status(&self) -> Result<Status, AppError> {
        Status::parse(&self.status)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("unknown visit status")))
    }

    /// The day it was booked, in Helsinki.
    pub fn booked_on(&self) -> NaiveDate {
        crate::clock::helsinki_date(self.created_at.and_utc())
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = intro_visit_events)]
pub struct EventRow {
    pub id: String,
    pub visit_id: String,
    pub status: String,
    pub actor_id: String,
    pub acting_as: String,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

// ---------------------------------------------------------------------------------------------
// Slots

pub fn insert_slot(conn: &mut DbConnection, row: &SlotRow) -> Result<(), AppError> {
    diesel::insert_into(intro_slots::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find_slot(conn: &mut DbConnection, id: &str) -> Result<Option<SlotRow>, AppError> {
    Ok(intro_slots::table
        .find(id)
        .select(SlotRow::as_select())
        .first(conn)
        .optional()?)
}

/// Changes a slot's time, places, languages and note, only while nobody has booked it and it has
/// not begun by the row's `updated_at` (a conditional update, so a booking made meanwhile wins). Returns whether it changed.
pub fn update_unbooked_slot(conn: &mut DbConnection, row: &SlotRow) -> Result<bool, AppError> {
    let n = diesel::update(
        intro_slots::table
            .find(&row.id)
            .filter(intro_slots::booked.eq(0))
            .filter(intro_slots::withdrawn_at.is_null())
            .filter(intro_slots::starts_at.gt(row.updated_at)),
    )
    .set((
        intro_slots::starts_at.eq(row.starts_at),
        intro_slots::ends_at.eq(row.ends_at),
        intro_slots::capacity.eq(row.capacity),
        intro_slots::languages.eq(&row.languages),
        intro_slots::note_fi.eq(&row.note_fi),
        intro_slots::note_sv.eq(&row.note_sv),
        intro_slots::note_en.eq(&row.note_en),
        intro_slots::updated_at.eq(row.updated_at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Withdraws a slot that has not begun by `at` with the provider's reason (a conditional
/// update); answers its bookings still waiting, which the caller cancels.
pub fn withdraw_slot(
    conn: &mut DbConnection,
    id: &str,
    reason: &str,
    at: NaiveDateTime,
) -> Result<Vec<VisitRow>, AppError> {
    let n = diesel::update(
        intro_slots::table
            .find(id)
            .filter(intro_slots::withdrawn_at.is_null())
            .filter(intro_slots::starts_at.gt(at)),
    )
    .set((
        intro_slots::withdrawn_at.eq(Some(at)),
        intro_slots::withdraw_reason.eq(Some(reason)),
        intro_slots::booked.eq(0),
        intro_slots::updated_at.eq(at),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::new(ErrorCode::SlotWithdrawn));
    }
    Ok(intro_visits::table
        .filter(intro_visits::slot_id.eq(id))
        .filter(intro_visits::status.eq(Status::Booked.as_str()))
        .select(VisitRow::as_select())
        .load(conn)?)
}

/// The slots of a provider that end after `from` (and start before `until`, where given), by
/// their start (the soonest first): up to `fetch` after the slot `after`, withdrawn ones too.
pub fn provider_slots(
    conn: &mut DbConnection,
    provider_id: &str,
    (from, until): (NaiveDateTime, Option<NaiveDateTime>),
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<SlotRow>, AppError> {
    let mut q = intro_slots::table
        .filter(intro_slots::provider_id.eq(provider_id))
        .filter(intro_slots::ends_at.gt(from))
        .into_boxed();
    if let Some(until) = until {
        q = q.filter(intro_slots::starts_at.lt(until));
    }
    by_start(conn, q, after, fetch)
}

/// What a list of open slots is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct OpenSlots {
    /// Only slots for this service.
    pub service: Option<String>,
    /// Only slots that start at or after this instant (and after now).
    pub from: Option<NaiveDateTime>,
    /// Only slots that start before this instant.
    pub until: Option<NaiveDateTime>,
}

/// The slots of a provider a client could still book (not withdrawn, starting after `now`,
/// with a free place) that `only` lets through, by their start: up to `fetch` after the slot
/// `after`.
pub fn open_slots(
    conn: &mut DbConnection,
    provider_id: &str,
    now: NaiveDateTime,
    only: &OpenSlots,
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<SlotRow>, AppError> {
    let mut q = intro_slots::table
        .filter(intro_slots::provider_id.eq(provider_id))
        .filter(intro_slots::withdrawn_at.is_null())
        .filter(intro_slots::starts_at.gt(now))
        .filter(intro_slots::booked.lt(intro_slots::capacity))
        .into_boxed();
    if let Some(service) = &only.service {
        q = q.filter(intro_slots::service_code.eq(service.clone()));
    }
    if let Some(from) = only.from {
        q = q.filter(intro_slots::starts_at.ge(from));
    }
    if let Some(until) = only.until {
        q = q.filter(intro_slots::starts_at.lt(until));
    }
    by_start(conn, q, after, fetch)
}

type SlotQuery<'a> = intro_slots::BoxedQuery<'a, <DbConnection as diesel::Connection>::Backend>;

/// One page of slots by their start, then id: those after the slot `after` (by its start), at
/// most `fetch`. A cursor that names no slot of the list starts nothing (an empty page).
fn by_start(
    conn: &mut DbConnection,
    mut q: SlotQuery<'_>,
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<SlotRow>, AppError> {
    if let Some(after) = after {
        let Some(at) = find_slot(conn, after)?.map(|s| s.starts_at) else {
            return Ok(Vec::new());
        };
        q = q.filter(
            intro_slots::starts_at.gt(at).or(intro_slots::starts_at
                .eq(at)
                .and(intro_slots::id.gt(after.to_string()))),
        );
    }
    Ok(
        q.order((intro_slots::starts_at.asc(), intro_slots::id.asc()))
            .limit(fetch)
            .select(SlotRow::as_select())
            .load(conn)?,
    )
}

/// Takes one place in the slot if one is free, the slot is not withdrawn and has not started.
/// One conditional update: of concurrent requests for the last place, exactly one gets it.
pub fn take_place(
    conn: &mut DbConnection,
    slot_id: &str,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        intro_slots::table
            .find(slot_id)
            .filter(intro_slots::booked.lt(intro_slots::capacity))
            .filter(intro_slots::withdrawn_at.is_null())
            .filter(intro_slots::starts_at.gt(now)),
    )
    .set(intro_slots::booked.eq(intro_slots::booked + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives a place back (a booking cancelled).
pub fn release_place(conn: &mut DbConnection, slot_id: &str) -> Result<(), AppError> {
    diesel::update(
        intro_slots::table
            .find(slot_id)
            .filter(intro_slots::booked.gt(0)),
    )
    .set(intro_slots::booked.eq(intro_slots::booked - 1))
    .execute(conn)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Bookings

/// The voucher's open booking with this provider, if it has one (it has at most one).
pub fn open_booking(
    conn: &mut DbConnection,
    voucher_id: &str,
    provider_id: &str,
) -> Result<Option<String>, AppError> {
    let open: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(Status::as_str)
        .collect();
    Ok(intro_visits::table
        .filter(intro_visits::voucher_id.eq(voucher_id))
        .filter(intro_visits::provider_id.eq(provider_id))
        .filter(intro_visits::status.eq_any(open))
        .select(intro_visits::id)
        .first(conn)
        .optional()?)
}

/// Stores a new booking with the first entry of its history.
pub fn insert_visit(
    conn: &mut DbConnection,
    row: &VisitRow,
    acting_as: ActingAs,
) -> Result<(), AppError> {
    diesel::insert_into(intro_visits::table)
        .values(row)
        .execute(conn)
        .map_err(|e| match e {
            // The partial unique index: another open booking of this voucher and provider
            // committed first.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => AppError::new(ErrorCode::VisitAlreadyBooked),
            e => e.into(),
        })?;
    let who = (row.booked_by.as_str(), acting_as);
    add_event(conn, row, who, row.reason_code.as_deref(), row.created_at)
}

/// The history entry of `row` as it now stands, by `who` (the actor, and as whom), with the
/// reason code of the step (the visit's own, or `moved` for a move).
fn add_event(
    conn: &mut DbConnection,
    row: &VisitRow,
    (actor_id, acting_as): (&str, ActingAs),
    reason_code: Option<&str>,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(intro_visit_events::table)
        .values(EventRow {
            id: uuid::Uuid::now_v7().to_string(),
            visit_id: row.id.clone(),
            status: row.status.clone(),
            actor_id: actor_id.to_string(),
            acting_as: acting_as.as_str().to_string(),
            reason_code: reason_code.map(str::to_string),
            reason: row.reason.clone(),
            created_at: at,
        })
        .execute(conn)?;
    Ok(())
}

pub fn find_visit(conn: &mut DbConnection, id: &str) -> Result<Option<VisitRow>, AppError> {
    Ok(intro_visits::table
        .find(id)
        .select(VisitRow::as_select())
        .first(conn)
        .optional()?)
}

/// A step on a booking: from the status it had when read to `next`, by a conditional update (of
/// two concurrent steps one finds the status already gone), with its history entry.
pub struct Change<'a> {
    pub from: Status,
    pub to: Status,
    pub reason_code: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub queue_start_on: Option<NaiveDate>,
    pub actor_id: &'a str,
    pub acting_as: ActingAs,
}

pub fn change(
    conn: &mut DbConnection,
    visit_id: &str,
    c: Change<'_>,
    at: NaiveDateTime,
) -> Result<VisitRow, AppError> {
    let n = diesel::update(
        intro_visits::table
            .find(visit_id)
            .filter(intro_visits::status.eq(c.from.as_str())),
    )
    .set((
        intro_visits::status.eq(c.to.as_str()),
        intro_visits::reason_code.eq(c.reason_code),
        intro_visits::reason.eq(c.reason),
        intro_visits::queue_start_on.eq(c.queue_start_on),
        intro_visits::updated_at.eq(at),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::new(ErrorCode::VisitWrongState));
    }
    let row = find_visit(conn, visit_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a visit vanished")))?;
    add_event(conn, &row, (c.actor_id, c.acting_as), c.reason_code, at)?;
    Ok(row)
}

/// The reason code of a move's history entry.
pub const MOVED: &str = "moved";

/// A booked visit's move from one slot to another, by whom.
pub struct Moved<'a> {
    pub from_slot: &'a str,
    pub to_slot: &'a str,
    pub actor_id: &'a str,
    pub acting_as: ActingAs,
}

/// Moves a booked visit to another slot, by a conditional update (of two concurrent steps one
/// finds the visit moved or no longer booked), with its history entry. The places are the
/// caller's to take and free.
pub fn move_visit(
    conn: &mut DbConnection,
    visit_id: &str,
    m: Moved<'_>,
    at: NaiveDateTime,
) -> Result<VisitRow, AppError> {
    let n = diesel::update(
        intro_visits::table
            .find(visit_id)
            .filter(intro_visits::status.eq(Status::Booked.as_str()))
            .filter(intro_visits::slot_id.eq(m.from_slot)),
    )
    .set((
        intro_visits::slot_id.eq(m.to_slot),
        intro_visits::updated_at.eq(at),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::new(ErrorCode::VisitWrongState));
    }
    let row = find_visit(conn, visit_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a visit vanished")))?;
    add_event(conn, &row, (m.actor_id, m.acting_as), Some(MOVED), at)?;
    Ok(row)
}

/// The bookings of `rows`' client that `rows` reaches, newest first, up to `fetch` before
/// `after`.
pub fn of_client(
    conn: &mut DbConnection,
    rows: &Rows,
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<VisitRow>, AppError> {
    let mut q = intro_visits::table
        .filter(intro_visits::client_id.eq(rows.client_id()))
        .into_boxed();
    if let Some(organisations) = rows.organisations() {
        q = q.filter(intro_visits::provider_id.eq_any(organisations.to_vec()));
    }
    Ok(crate::newest_first!(q, intro_visits::id, after, fetch)
        .select(VisitRow::as_select())
        .load(conn)?)
}

/// The bookings of `rows`' client that `rows` reaches and that wait on the client's side: a
/// visit booked and still to come (after `now`), or a queue place offered; the soonest visit
/// first, then the offers, oldest first.
pub fn waiting(
    conn: &mut DbConnection,
    rows: &Rows,
    now: NaiveDateTime,
) -> Result<Vec<VisitRow>, AppError> {
    let mut q = intro_visits::table
        .inner_join(intro_slots::table)
        .filter(intro_visits::client_id.eq(rows.client_id()))
        .filter(
            intro_visits::status
                .eq(Status::Booked.as_str())
                .and(intro_slots::starts_at.gt(now))
                .or(intro_visits::status.eq(Status::Queued.as_str())),
        )
        .into_boxed();
    if let Some(organisations) = rows.organisations() {
        q = q.filter(intro_visits::provider_id.eq_any(organisations.to_vec()));
    }
    Ok(
        q.order((intro_slots::starts_at.asc(), intro_visits::id.asc()))
            .limit(50)
            .select(VisitRow::as_select())
            .load(conn)?,
    )
}

/// The bookings of slots, by slot id.
pub fn slot_visits(
    conn: &mut DbConnection,
    slot_ids: &[String],
) -> Result<HashMap<String, Vec<VisitRow>>, AppError> {
    let rows: Vec<VisitRow> = intro_visits::table
        .filter(intro_visits::slot_id.eq_any(slot_ids))
        .order(intro_visits::id.asc())
        .select(VisitRow::as_select())
        .load(conn)?;
    let mut out: HashMap<String, Vec<VisitRow>> = HashMap::new();
    for row in rows {
        out.entry(row.slot_id.clone()).or_default().push(row);
    }
    Ok(out)
}

/// Each visit's history, oldest first, with the actor's name.
pub fn history(
    conn: &mut DbConnection,
    visit_ids: &[String],
) -> Result<HashMap<String, Vec<(EventRow, String)>>, AppError> {
    let rows: Vec<(EventRow, String)> = intro_visit_events::table
        .inner_join(persons::table.on(persons::id.eq(intro_visit_events::actor_id)))
        .filter(intro_visit_events::visit_id.eq_any(visit_ids))
        .order(intro_visit_events::id.asc())
        .select((EventRow::as_select(), persons::display_name))
        .load(conn)?;
    let mut out: HashMap<String, Vec<(EventRow, String)>> = HashMap::new();
    for (event, name) in rows {
        out.entry(event.visit_id.clone())
            .or_default()
            .push((event, name));
    }
    Ok(out)
}

/// Each voucher's bookings, oldest first, by voucher id.
pub fn voucher_visits(
    conn: &mut DbConnection,
    voucher_ids: &[String],
) -> Result<HashMap<String, Vec<VisitRow>>, AppError> {
    let rows: Vec<VisitRow> = intro_visits::table
        .filter(intro_visits::voucher_id.eq_any(voucher_ids))
        .order(intro_visits::id.asc())
        .select(VisitRow::as_select())
        .load(conn)?;
    let mut out: HashMap<String, Vec<VisitRow>> = HashMap::new();
    for row in rows {
        out.entry(row.voucher_id.clone()).or_default().push(row);
    }
    Ok(out)
}

/// What showing visits takes besides their rows, read with them: their slots, the slots' places,
/// the visits' history, the client's name and the vouchers' intro deadlines.
pub struct Shown {
    pub slots: HashMap<String, SlotRow>,
    pub places: HashMap<String, Place>,
    pub history: HashMap<String, Vec<(EventRow, String)>>,
    pub client_name: String,
    /// The intro visit's deadline in force of each visit's voucher, by voucher id.
    pub intro_by: HashMap<String, Option<NaiveDate>>,
}

/// Reads what showing `rows` (visits of the client `client_id`) takes.
pub fn shown(
    conn: &mut DbConnection,
    client_id: &str,
    rows: &[VisitRow],
) -> Result<Shown, AppError> {
    let mut slots = HashMap::new();
    for v in rows {
        if !slots.contains_key(&v.slot_id) {
            let slot = find_slot(conn, &v.slot_id)?
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))?;
            slots.insert(v.slot_id.clone(), slot);
        }
    }
    let sites: Vec<String> = slots.values().map(|s| s.site_id.clone()).collect();
    let ids: Vec<String> = rows.iter().map(|v| v.id.clone()).collect();
    let vouchers: Vec<String> = rows.iter().map(|v| v.voucher_id.clone()).collect();
    Ok(Shown {
        intro_by: super::lateness::intro_deadlines(conn, &vouchers)?,
        places: crate::providers::repo::places(conn, &sites)?,
        history: history(conn, &ids)?,
        client_name: crate::persons::repo::display_name(conn, client_id)?,
        slots,
    })
}

/// Bookings still waiting whose visit begins in `[from, until)` and whose client has not been
/// reminded yet: (visit id, client id, slot id). The sweep runs every minute, and most of
/// tomorrow's bookings were reminded at an earlier one.
pub fn to_remind(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<(String, String, String)>, AppError> {
    let due: Vec<(String, String, String)> = intro_visits::table
        .inner_join(intro_slots::table)
        .filter(intro_visits::status.eq(Status::Booked.as_str()))
        .filter(intro_slots::starts_at.ge(from))
        .filter(intro_slots::starts_at.lt(until))
        .select((intro_visits::id, intro_visits::client_id, intro_slots::id))
        .load(conn)?;
    let keys: Vec<String> = due
        .iter()
        .map(|(visit, _, slot)| reminder_key(visit, slot))
        .collect();
    let sent = crate::notifications::repo::sent_once(conn, &keys)?;
    Ok(due
        .into_iter()
        .filter(|(visit, _, slot)| !sent.contains(&reminder_key(visit, slot)))
        .collect())
}

/// The visits of the clients of `municipalities` that a provider refused, or answered with a
/// queue place, on or after `since`: what the caseworker's inbox lists (H §1.5, §1.6).
pub fn answered_in(
    conn: &mut DbConnection,
    municipalities: &[String],
    since: NaiveDateTime,
) -> Result<Vec<VisitRow>, AppError> {
    use crate::db::schema::clients;
    Ok(intro_visits::table
        .inner_join(clients::table.on(clients::person_id.eq(intro_visits::client_id)))
        .filter(clients::municipality_code.eq_any(municipalities.to_vec()))
        .filter(intro_visits::status.eq_any(["refused", "queued"]))
        .filter(intro_visits::updated_at.ge(since))
        .select(VisitRow::as_select())
        .load(conn)?)
}
