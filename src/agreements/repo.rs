//! The SQL of agreements.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::access::Rows;
use crate::db::schema::{
    agreement_documents, agreement_endings, agreement_events, agreements, rulebook_duties,
};
use crate::db::DbConnection;
use crate::error::AppError;

use super::duties::{DocumentKind, Duty, Schedule};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreements)]
pub struct AgreementRow {
    pub id: String,
    pub voucher_id: String,
    pub client_id: String,
    pub provider_id: String,
    pub site_id: String,
    pub visit_id: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub days_per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
    pub goals: String,
    pub responsible_person: String,
    pub instructor: String,
    pub meeting_place: Option<String>,
    pub meeting_distance_km: Option<f64>,
    pub remote: bool,
    pub unit_price_cents: i64,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    /// Set when another agreement may be made for the voucher: replaced, or an end set.
    pub ended_at: Option<NaiveDateTime>,
    /// When the client's side confirmed the terms; not in force before.
    pub confirmed_at: Option<NaiveDateTime>,
    /// The last day, where it ended (or will end) before its agreed last day.
    pub ended_on: Option<NaiveDate>,
    /// Why it ended early (see `life::EndReason`).
    pub end_reason: Option<String>,
}

/// The stored reason of an agreement a newer one replaced (`life::EndReason::Replaced`).
pub const REPLACED: &str = "replaced";

/// Stores an agreement; an agreement of the same provider open for the voucher ends as it is made
/// (a new period is a new agreement). The caller has checked that no other provider's is open.
pub fn insert(conn: &mut DbConnection, row: &AgreementRow) -> Result<(), AppError> {
    diesel::update(
        agreements::table
            .filter(agreements::voucher_id.eq(&row.voucher_id))
            .filter(agreements::ended_at.is_null()),
    )
    .set((
        agreements::ended_at.eq(Some(row.created_at)),
        agreements::ended_on.eq(Some(row.starts_on.pred_opt().unwrap_or(row.starts_on))),
        agreements::end_reason.eq(Some(REPLACED)),
    ))
    .execute(conn)?;
    diesel::insert_into(agreements::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The voucher's agreement that no end was set for, if any.
pub fn open_of_voucher(
    conn: &mut DbConnection,
    voucher_id: &str,
) -> Result<Option<AgreementRow>, AppError> {
    Ok(agreements::table
        .filter(agreements::voucher_id.eq(voucher_id))
        .filter(agreements::ended_at.is_null())
        .select(AgreementRow::as_select())
        .first(conn)
        .optional()?)
}

/// The voucher's agreements the client's side confirmed, oldest first: the ones days can be
/// under.
pub fn confirmed_of_voucher(
    conn: &mut DbConnection,
    voucher_id: &str,
) -> Result<Vec<AgreementRow>, AppError> {
    Ok(agreements::table
        .filter(agreements::voucher_id.eq(voucher_id))
        .filter(agreements::confirmed_at.is_not_null())
        .order(agreements::id.asc())
        .select(AgreementRow::as_select())
        .load(conn)?)
}

/// One agreement.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<AgreementRow>, AppError> {
    Ok(agreements::table
        .find(id)
        .select(AgreementRow::as_select())
        .first(conn)
        .optional()?)
}

/// Records the client's confirmation, once.
pub fn confirm(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<bool, AppError> {
    let n = diesel::update(
        agreements::table
            .find(id)
            .filter(agreements::confirmed_at.is_null()),
    )
    .set(agreements::confirmed_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Sets the agreement's end: its last day and why. Another agreement may then be made for the
/// voucher.
pub fn set_end(
    conn: &mut DbConnection,
    id: &str,
    last_day: NaiveDate,
    reason: &str,
    at: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        agreements::table
            .find(id)
            .filter(agreements::ended_at.is_null()),
    )
    .set((
        agreements::ended_at.eq(Some(at)),
        agreements::ended_on.eq(Some(last_day)),
        agreements::end_reason.eq(Some(reason)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The agreements of `rows`' client that `rows` reaches, newest first, up to `fetch` before
/// `after`.
pub fn of_client(
    conn: &mut DbConnection,
    rows: &Rows,
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<AgreementRow>, AppError> {
    let mut q = agreements::table
        .filter(agreements::client_id.eq(rows.client_id()))
        .into_boxed();
    if let Some(organisations) = rows.organisations() {
        q = q.filter(agreements::provider_id.eq_any(organisations.to_vec()));
    }
    Ok(crate::newest_first!(q, agreements::id, after, fetch)
        .select(AgreementRow::as_select())
        .load(conn)?)
}

/// The agreements whose end was set (or whose last day came) on or after `since`, or that are
/// open, of the clients of `municipalities`: what the caseworker's inbox reads duties from.
pub fn of_area(
    conn: &mut DbConnection,
    municipalities: &[String],
    since: NaiveDate,
) -> Result<Vec<AgreementRow>, AppError> {
    use crate::db::schema::clients;
    Ok(agreements::table
        .inner_join(clients::table.on(clients::person_id.eq(agreements::client_id)))
        .filter(clients::municipality_code.eq_any(municipalities.to_vec()))
        .filter(agreements::ends_on.ge(since))
        .filter(
            agreements::ended_on
                .is_null()
                .or(agreements::ended_on.ge(since)),
        )
        .filter(
            agreements::end_reason
                .is_null()
                .or(agreements::end_reason.ne(REPLACED)),
        )
        .order(agreements::id.asc())
        .select(AgreementRow::as_select())
        .load(conn)?)
}

// ---------------------------------------------------------------------------------------------
// Proposed endings

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_endings)]
pub struct EndingRow {
    pub id: String,
    pub agreement_id: String,
    pub side: String,
    pub reason_code: String,
    pub explanation: String,
    pub last_day: NaiveDate,
    pub proposed_by: String,
    pub proposed_at: NaiveDateTime,
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_reason: Option<String>,
}

pub fn insert_ending(conn: &mut DbConnection, row: &EndingRow) -> Result<(), AppError> {
    diesel::insert_into(agreement_endings::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The agreement's proposed ending waiting for the caseworker, if any.
pub fn open_ending(
    conn: &mut DbConnection,
    agreement_id: &str,
) -> Result<Option<EndingRow>, AppError> {
    Ok(agreement_endings::table
        .filter(agreement_endings::agreement_id.eq(agreement_id))
        .filter(agreement_endings::decision.is_null())
        .select(EndingRow::as_select())
        .first(conn)
        .optional()?)
}

/// The caseworker's decision on a proposed ending, once.
pub fn decide_ending(
    conn: &mut DbConnection,
    id: &str,
    decision: &str,
    by: &str,
    reason: Option<&str>,
    at: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        agreement_endings::table
            .find(id)
            .filter(agreement_endings::decision.is_null()),
    )
    .set((
        agreement_endings::decision.eq(Some(decision)),
        agreement_endings::decided_by.eq(Some(by)),
        agreement_endings::decided_at.eq(Some(at)),
        agreement_endings::decision_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The endings waiting for a decision on any of `agreement_ids`.
pub fn open_endings(
    conn: &mut DbConnection,
    agreement_ids: &[String],
) -> Result<Vec<EndingRow>, AppError> {
    Ok(agreement_endings::table
        .filter(agreement_endings::agreement_id.eq_any(agreement_ids.to_vec()))
        .filter(agreement_endings::decision.is_null())
        .select(EndingRow::as_select())
        .load(conn)?)
}

// ---------------------------------------------------------------------------------------------
// History

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_events)]
pub struct EventRow {
    pub id: String,
    pub agreement_id: String,
    pub kind: String,
    pub on_date: Option<NaiveDate>,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    pub actor_id: String,
    pub acting_as: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_event(conn: &mut DbConnection, row: &EventRow) -> Result<(), AppError> {
    diesel::insert_into(agreement_events::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The agreement's history, oldest first.
pub fn events(conn: &mut DbConnection, agreement_id: &str) -> Result<Vec<EventRow>, AppError> {
    Ok(agreement_events::table
        .filter(agreement_events::agreement_id.eq(agreement_id))
        .order(agreement_events::id.asc())
        .select(EventRow::as_select())
        .load(conn)?)
}

/// The interruptions recorded on or after `since` for any of `agreement_ids`.
pub fn interruptions_since(
    conn: &mut DbConnection,
    agreement_ids: &[String],
    since: NaiveDateTime,
) -> Result<Vec<EventRow>, AppError> {
    Ok(agreement_events::table
        .filter(agreement_events::agreement_id.eq_any(agreement_ids.to_vec()))
        .filter(agreement_events::kind.eq("interrupted"))
        .filter(agreement_events::created_at.ge(since))
        .select(EventRow::as_select())
        .load(conn)?)
}

// ---------------------------------------------------------------------------------------------
// Documents and duties

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_documents)]
pub struct DocumentRow {
    pub id: String,
    pub agreement_id: String,
    pub duty: String,
    pub title: String,
    pub body: String,
    pub written_on: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_document(conn: &mut DbConnection, row: &DocumentRow) -> Result<(), AppError> {
    diesel::insert_into(agreement_documents::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The documents of `agreement_ids`, oldest first.
pub fn documents(
    conn: &mut DbConnection,
    agreement_ids: &[String],
) -> Result<Vec<DocumentRow>, AppError> {
    Ok(agreement_documents::table
        .filter(agreement_documents::agreement_id.eq_any(agreement_ids.to_vec()))
        .order(agreement_documents::id.asc())
        .select(DocumentRow::as_select())
        .load(conn)?)
}

/// A duty as stored: its document, its schedule, and the schedule's numbers.
type DutyRow = (String, String, Option<i32>, Option<i32>, Option<i32>);

/// The duties a rulebook sets.
pub fn duties(conn: &mut DbConnection, rulebook_id: &str) -> Result<Vec<Duty>, AppError> {
    let rows: Vec<DutyRow> = rulebook_duties::table
        .filter(rulebook_duties::rulebook_id.eq(rulebook_id))
        .order(rulebook_duties::duty.asc())
        .select((
            rulebook_duties::duty,
            rulebook_duties::schedule,
            rulebook_duties::months,
            rulebook_duties::days,
            rulebook_duties::preferred_days,
        ))
        .load(conn)?;
    let count = |n: Option<i32>| n.and_then(|n| u64::try_from(n).ok());
    Ok(rows
        .into_iter()
        .filter_map(|(duty, schedule, months, days, preferred)| {
            let kind = DocumentKind::parse(&duty)?;
            let schedule = match schedule.as_str() {
                "every_months" => Schedule::EveryMonths(u32::try_from(months?).ok()?),
                "before_end" => Schedule::BeforeEnd {
                    days: count(days)?,
                    preferred: count(preferred),
                },
                "after_end" => Schedule::AfterEnd { days: count(days)? },
                _ => return None,
            };
            Some(Duty { kind, schedule })
        })
        .collect())
}

/// Every agreement a newer one did not replace whose last day is on or after `since`: what the
/// sweep of overdue duties reads.
pub fn running_since(
    conn: &mut DbConnection,
    since: NaiveDate,
) -> Result<Vec<AgreementRow>, AppError> {
    Ok(agreements::table
        .filter(agreements::ends_on.ge(since))
        .filter(
            agreements::ended_on
                .is_null()
                .or(agreements::ended_on.ge(since)),
        )
        .filter(
            agreements::end_reason
                .is_null()
                .or(agreements::end_reason.ne(REPLACED)),
        )
        .order(agreements::id.asc())
        .select(AgreementRow::as_select())
        .load(conn)?)
}

/// The open agreements of `provider_id` that start on `starts_on`: a closed group's clients
/// (the caller keeps to the services with closed groups).
pub fn starting_on(
    conn: &mut DbConnection,
    provider_id: &str,
    starts_on: NaiveDate,
) -> Result<Vec<AgreementRow>, AppError> {
    Ok(agreements::table
        .filter(agreements::provider_id.eq(provider_id))
        .filter(agreements::starts_on.eq(starts_on))
        .filter(agreements::ended_at.is_null())
        .order(agreements::id.asc())
        .select(AgreementRow::as_select())
        .load(conn)?)
}

/// Moves an agreement's first day (a closed group delayed).
pub fn move_start(conn: &mut DbConnection, id: &str, to: NaiveDate) -> Result<(), AppError> {
    diesel::update(agreements::table.find(id))
        .set(agreements::starts_on.eq(to))
        .execute(conn)?;
    Ok(())
}
