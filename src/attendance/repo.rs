//! The SQL of activity days, meetings and the sites' sealed code secrets.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{activity_days, agreement_meetings, site_code_secrets};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};

use super::{Counted, Status};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = activity_days)]
pub struct DayRow {
    pub id: String,
    pub voucher_id: String,
    pub agreement_id: String,
    pub client_id: String,
    pub provider_id: String,
    pub site_id: String,
    pub meeting_id: Option<String>,
    pub day: NaiveDate,
    pub status: String,
    pub arrived_at: Option<NaiveDateTime>,
    pub claimed_hours: Option<i32>,
    pub remote: bool,
    pub verified: bool,
    pub code_step: Option<i64>,
    pub late: bool,
    pub units: i32,
    pub guidance_hours: Option<i32>,
    pub absence: Option<String>,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_as: String,
    pub created_at: NaiveDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
}

impl DayRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Pending)
    }

    /// Why the day is what it is, as a code with a text of its own (`absence-reason-…`): an
    /// absence's kind once staff judged it, else the reason the client's side or staff gave.
    pub fn reason_code(&self) -> Option<&str> {
        self.absence
            .as_deref()
            .filter(|a| *a != super::Absence::Reported.as_str())
            .or(self.reason_code.as_deref())
    }

    pub fn counted(&self) -> Counted {
        Counted {
            day: self.day,
            status: self.status(),
            units: self.units,
            remote: self.remote,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_meetings)]
pub struct MeetingRow {
    pub id: String,
    pub agreement_id: String,
    pub starts_at: NaiveDateTime,
    pub day: NaiveDate,
    pub place: Option<String>,
    pub remote: bool,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub replaces_id: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

fn unique(e: diesel::result::Error, code: ErrorCode) -> AppError {
    match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => AppError::new(code),
        e => e.into(),
    }
}

/// Stores a day. The unique indexes answer a second row for the voucher and day as "recorded
/// already", and a site code used twice by the client as a wrong code, whichever request
/// committed first.
pub fn insert_day(conn: &mut DbConnection, row: &DayRow) -> Result<(), AppError> {
    diesel::insert_into(activity_days::table)
        .values(row)
        .execute(conn)
        .map_err(|e| {
            // PostgreSQL names the index; SQLite names its columns.
            let code_used = match &e {
                diesel::result::Error::DatabaseError(_, info) => {
                    info.constraint_name() == Some("activity_days_code_once")
                        || info.message().contains("code_step")
                }
                _ => false,
            };
            match code_used {
                true => unique(e, ErrorCode::AttendanceCodeWrong),
                false => unique(e, ErrorCode::AttendanceTwice),
            }
        })?;
    Ok(())
}

pub fn find_day(conn: &mut DbConnection, id: &str) -> Result<Option<DayRow>, AppError> {
    Ok(activity_days::table
        .find(id)
        .select(DayRow::as_select())
        .first(conn)
        .optional()?)
}

/// The voucher's day on `day`, if one is recorded.
pub fn day_of(
    conn: &mut DbConnection,
    voucher_id: &str,
    day: NaiveDate,
) -> Result<Option<DayRow>, AppError> {
    Ok(activity_days::table
        .filter(activity_days::voucher_id.eq(voucher_id))
        .filter(activity_days::day.eq(day))
        .select(DayRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every day recorded for the voucher, as the rules count them.
pub fn counted(conn: &mut DbConnection, voucher_id: &str) -> Result<Vec<Counted>, AppError> {
    let rows: Vec<(NaiveDate, String, i32, bool)> = activity_days::table
        .filter(activity_days::voucher_id.eq(voucher_id))
        .select((
            activity_days::day,
            activity_days::status,
            activity_days::units,
            activity_days::remote,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(day, status, units, remote)| Counted {
            day,
            status: Status::parse(&status).unwrap_or(Status::Pending),
            units,
            remote,
        })
        .collect())
}

/// The voucher's days from `from` to `until`, in order.
pub fn days_between(
    conn: &mut DbConnection,
    voucher_id: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<DayRow>, AppError> {
    Ok(activity_days::table
        .filter(activity_days::voucher_id.eq(voucher_id))
        .filter(activity_days::day.between(from, until))
        .order(activity_days::day.asc())
        .select(DayRow::as_select())
        .load(conn)?)
}

/// Days of the organisations' clients in `status`, oldest id first, after the cursor.
pub fn of_providers(
    conn: &mut DbConnection,
    providers: &[String],
    status: Option<Status>,
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<DayRow>, AppError> {
    let mut q = activity_days::table
        .filter(activity_days::provider_id.eq_any(providers.to_vec()))
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(activity_days::status.eq(s.as_str()));
    }
    Ok(crate::oldest_first!(q, activity_days::id, after, fetch)
        .select(DayRow::as_select())
        .load(conn)?)
}

/// The days of these agreements recorded since `since` that the city hears of: absences,
/// no-shows, rejections, corrections, late and unverified check-ins.
pub fn deviations_since(
    conn: &mut DbConnection,
    agreement_ids: &[String],
    since: NaiveDate,
) -> Result<Vec<DayRow>, AppError> {
    if agreement_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(activity_days::table
        .filter(activity_days::agreement_id.eq_any(agreement_ids))
        .filter(activity_days::day.ge(since))
        .filter(
            activity_days::status
                .eq_any(["absent", "no_show", "rejected", "corrected"])
                .or(activity_days::late.eq(true))
                .or(activity_days::verified.eq(false)),
        )
        .order((activity_days::agreement_id, activity_days::day))
        .select(DayRow::as_select())
        .load(conn)?)
}

/// What a decision sets on a day.
pub struct Decision<'a> {
    pub status: Status,
    pub units: i32,
    pub claimed_hours: Option<i32>,
    pub guidance_hours: Option<i32>,
    pub reason: Option<&'a str>,
    pub decided_by: &'a str,
    pub at: NaiveDateTime,
}

/// Writes a decision on the day `id`, if it is still in `from` (so two staff deciding at once
/// do not both win): true when it was.
pub fn decide(
    conn: &mut DbConnection,
    id: &str,
    from: &str,
    d: Decision<'_>,
) -> Result<bool, AppError> {
    let n = diesel::update(
        activity_days::table
            .find(id)
            .filter(activity_days::status.eq(from)),
    )
    .set((
        activity_days::status.eq(d.status.as_str()),
        activity_days::units.eq(d.units),
        activity_days::claimed_hours.eq(d.claimed_hours),
        activity_days::guidance_hours.eq(d.guidance_hours),
        activity_days::reason.eq(d.reason),
        activity_days::decided_by.eq(Some(d.decided_by)),
        activity_days::decided_at.eq(Some(d.at)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Turns the day `id` (a pending check-in or a reported absence) into an absence of `kind`.
pub fn make_absent(
    conn: &mut DbConnection,
    id: &str,
    kind: &str,
    (reason_code, reason): (Option<&str>, Option<&str>),
    decided_by: &str,
    at: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        activity_days::table
            .find(id)
            .filter(activity_days::status.eq_any(["pending", "absent"])),
    )
    .set((
        activity_days::status.eq("absent"),
        activity_days::absence.eq(Some(kind)),
        activity_days::units.eq(0),
        activity_days::reason_code.eq(reason_code),
        activity_days::reason.eq(reason),
        activity_days::decided_by.eq(Some(decided_by)),
        activity_days::decided_at.eq(Some(at)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The units the voucher's no-shows billed from `from` to `until`.
pub fn no_show_units(
    conn: &mut DbConnection,
    voucher_id: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<i32, AppError> {
    let sum: Option<i64> = activity_days::table
        .filter(activity_days::voucher_id.eq(voucher_id))
        .filter(activity_days::status.eq("no_show"))
        .filter(activity_days::day.between(from, until))
        .select(diesel::dsl::sum(activity_days::units))
        .first(conn)?;
    Ok(sum.unwrap_or(0) as i32)
}

/// The site's sealed secret, if it has one.
pub fn sealed_secret(conn: &mut DbConnection, site_id: &str) -> Result<Option<String>, AppError> {
    Ok(site_code_secrets::table
        .find(site_id)
        .select(site_code_secrets::sealed)
        .first(conn)
        .optional()?)
}

/// Stores the site's sealed secret, replacing one that no longer opens.
pub fn put_secret(
    conn: &mut DbConnection,
    site_id: &str,
    sealed: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::delete(site_code_secrets::table.find(site_id)).execute(conn)?;
    diesel::insert_into(site_code_secrets::table)
        .values((
            site_code_secrets::site_id.eq(site_id),
            site_code_secrets::sealed.eq(sealed),
            site_code_secrets::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Stores a meeting; a second one on a day of the agreement is refused.
pub fn insert_meeting(conn: &mut DbConnection, row: &MeetingRow) -> Result<(), AppError> {
    diesel::insert_into(agreement_meetings::table)
        .values(row)
        .execute(conn)
        .map_err(|e| unique(e, ErrorCode::MeetingDayTaken))?;
    Ok(())
}

pub fn find_meeting(conn: &mut DbConnection, id: &str) -> Result<Option<MeetingRow>, AppError> {
    Ok(agreement_meetings::table
        .find(id)
        .select(MeetingRow::as_select())
        .first(conn)
        .optional()?)
}

/// Moves a scheduled meeting.
pub fn move_meeting(conn: &mut DbConnection, row: &MeetingRow) -> Result<(), AppError> {
    diesel::update(
        agreement_meetings::table
            .find(&row.id)
            .filter(agreement_meetings::status.eq("scheduled")),
    )
    .set((
        agreement_meetings::starts_at.eq(row.starts_at),
        agreement_meetings::day.eq(row.day),
        agreement_meetings::place.eq(&row.place),
        agreement_meetings::remote.eq(row.remote),
        agreement_meetings::updated_at.eq(row.updated_at),
    ))
    .execute(conn)
    .map_err(|e| unique(e, ErrorCode::MeetingDayTaken))?;
    Ok(())
}

/// Cancels a scheduled meeting, by `status` (`cancelled_by_provider` or `..._client`).
pub fn cancel_meeting(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    reason: Option<&str>,
    at: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        agreement_meetings::table
            .find(id)
            .filter(agreement_meetings::status.eq("scheduled")),
    )
    .set((
        agreement_meetings::status.eq(status),
        agreement_meetings::cancel_reason.eq(reason),
        agreement_meetings::cancelled_at.eq(Some(at)),
        agreement_meetings::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The agreements' meetings, in time order.
pub fn meetings_of(
    conn: &mut DbConnection,
    agreement_ids: &[String],
) -> Result<Vec<MeetingRow>, AppError> {
    if agreement_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(agreement_meetings::table
        .filter(agreement_meetings::agreement_id.eq_any(agreement_ids))
        .order(agreement_meetings::starts_at.asc())
        .select(MeetingRow::as_select())
        .load(conn)?)
}

/// The agreement's scheduled meeting on `day`, if any.
pub fn meeting_on(
    conn: &mut DbConnection,
    agreement_id: &str,
    day: NaiveDate,
) -> Result<Option<MeetingRow>, AppError> {
    Ok(agreement_meetings::table
        .filter(agreement_meetings::agreement_id.eq(agreement_id))
        .filter(agreement_meetings::day.eq(day))
        .filter(agreement_meetings::status.eq("scheduled"))
        .select(MeetingRow::as_select())
        .first(conn)
        .optional()?)
}

/// The days recorded for these meetings: which were attended, missed or absent.
pub fn days_of_meetings(
    conn: &mut DbConnection,
    meeting_ids: &[String],
) -> Result<Vec<DayRow>, AppError> {
    if meeting_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(activity_days::table
        .filter(activity_days::meeting_id.eq_any(meeting_ids))
        .select(DayRow::as_select())
        .load(conn)?)
}

/// The individual guidance recorded with the days of these agreements: (agreement, day, hours).
pub fn guidance_of(
    conn: &mut DbConnection,
    agreement_ids: &[String],
) -> Result<Vec<(String, NaiveDate, i32)>, AppError> {
    if agreement_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, NaiveDate, Option<i32>)> = activity_days::table
        .filter(activity_days::agreement_id.eq_any(agreement_ids))
        .filter(activity_days::guidance_hours.gt(0))
        .select((
            activity_days::agreement_id,
            activity_days::day,
            activity_days::guidance_hours,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(a, d, h)| (a, d, h.unwrap_or(0)))
        .collect())
}

/// The soonest scheduled meeting of these agreements that has not begun by `now`.
pub fn next_meeting(
    conn: &mut DbConnection,
    agreement_ids: &[String],
    now: NaiveDateTime,
) -> Result<Option<MeetingRow>, AppError> {
    if agreement_ids.is_empty() {
        return Ok(None);
    }
    Ok(agreement_meetings::table
        .filter(agreement_meetings::agreement_id.eq_any(agreement_ids))
        .filter(agreement_meetings::status.eq("scheduled"))
        .filter(agreement_meetings::starts_at.ge(now))
        .order(agreement_meetings::starts_at.asc())
        .select(MeetingRow::as_select())
        .first(conn)
        .optional()?)
}
