//! The meetings of an hour-based service (K §4): staff add and move them, and the client checks
//! in to one. A meeting the client cancels on its own day, or does not come to, is a no-show:
//! billable up to the rulebook's units a calendar month, and the provider's staff are asked to
//! contact the client at once. Two missed meetings in a row within a week reach the caseworker.
//! A meeting the provider cancels is never billed; the client is told at once, and the provider
//! owes a replacement until a new meeting names it.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::repo::{self, DayRow, MeetingRow};
use super::tell::Tell;
use super::work::{self, Setting};
use super::{no_show_units, Status, REASON_MAX};
use crate::access::Access;
use crate::agreements::life::{self, State};
use crate::clock::helsinki_date;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::notifications::{self, Facts, Kind};
use crate::rulebooks::Unit;
use crate::text::{required, required_line};

/// The longest place of a meeting.
pub const PLACE_MAX: usize = 300;
/// Missed meetings this many days apart or closer are "in a row within a week".
pub const REPEAT_WITHIN_DAYS: i64 = 7;

/// A meeting as staff plan it.
#[derive(Debug, Clone)]
pub struct Plan {
    pub starts_at: DateTime<Utc>,
    pub place: Option<String>,
    pub remote: bool,
    /// The provider-cancelled meeting this one replaces.
    pub replaces: Option<String>,
}

fn place_of(p: &Plan) -> Result<Option<String>, AppError> {
    p.place
        .as_deref()
        .map(|x| required_line(x, "place", PLACE_MAX))
        .transpose()
}

/// The agreement as staff reach it, in force, for an hour-based service.
fn meeting_agreement(
    conn: &mut DbConnection,
    access: &Access,
    agreement_id: &str,
) -> Result<Setting, AppError> {
    let s = work::staff_agreement(conn, access, agreement_id)?;
    if s.limits.unit != Unit::Hour {
        return Err(AppError::new(ErrorCode::MeetingNotForService));
    }
    if life::state(&s.agreement, access.today()).0 == State::Ended {
        return Err(AppError::new(ErrorCode::AgreementEnded));
    }
    Ok(s)
}

/// The meeting's time: not past, on a day of the agreement.
fn check_plan(s: &Setting, p: &Plan, now: DateTime<Utc>) -> Result<(), AppError> {
    if p.starts_at < now {
        return Err(AppError::new(ErrorCode::MeetingInPast));
    }
    super::check_period(&s.limits, helsinki_date(p.starts_at))
}

fn tell_client(
    conn: &mut DbConnection,
    m: &MeetingRow,
    client_id: &str,
    kind: Kind,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let a =
        crate::agreements::repo::find(conn, &m.agreement_id)?.ok_or_else(AppError::not_found)?;
    let provider = crate::providers::repo::find(conn, &a.provider_id)?.map(|p| p.name);
    let facts = Facts {
        provider,
        starts_at: Some(m.starts_at.and_utc()),
        address: m.place.clone(),
        reason: m.cancel_reason.clone(),
        side: Some(if m.remote { "remote" } else { "place" }.to_string()),
        ..Facts::default()
    };
    notifications::repo::notify(conn, client_id, kind, &facts, Some(&a.id), None, now)
}

/// Staff add a meeting to the agreement; the client is told.
pub fn add(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    agreement_id: &str,
    p: Plan,
) -> Result<MeetingRow, AppError> {
    let s = meeting_agreement(conn, access, agreement_id)?;
    check_plan(&s, &p, access.now)?;
    let place = place_of(&p)?;
    if let Some(old) = &p.replaces {
        let owed = repo::find_meeting(conn, old)?
            .filter(|m| m.agreement_id == s.agreement.id && m.status == "cancelled_by_provider");
        if owed.is_none() {
            return Err(AppError::new(ErrorCode::MeetingNotScheduled));
        }
    }
    let at = access.now.naive_utc();
    let row = MeetingRow {
        id: id.to_string(),
        agreement_id: s.agreement.id.clone(),
        starts_at: p.starts_at.naive_utc(),
        day: helsinki_date(p.starts_at),
        place,
        remote: p.remote,
        status: "scheduled".into(),
        cancel_reason: None,
        cancelled_at: None,
        replaces_id: p.replaces,
        created_by: access.actor_id.clone(),
        created_at: at,
        updated_at: at,
    };
    repo::insert_meeting(conn, &row)?;
    tell_client(
        conn,
        &row,
        &s.agreement.client_id,
        Kind::MeetingPlanned,
        access.now,
    )?;
    Ok(row)
}

/// A scheduled meeting of the agreement, as staff reach it.
fn scheduled(
    conn: &mut DbConnection,
    s: &Setting,
    meeting_id: &str,
) -> Result<MeetingRow, AppError> {
    let m = repo::find_meeting(conn, meeting_id)?
        .filter(|m| m.agreement_id == s.agreement.id)
        .ok_or_else(AppError::not_found)?;
    if m.status != "scheduled" {
        return Err(AppError::new(ErrorCode::MeetingNotScheduled));
    }
    Ok(m)
}

/// Staff move a meeting that has not started; the client is told.
pub fn move_to(
    conn: &mut DbConnection,
    access: &Access,
    agreement_id: &str,
    meeting_id: &str,
    p: Plan,
) -> Result<MeetingRow, AppError> {
    let s = meeting_agreement(conn, access, agreement_id)?;
    let m = scheduled(conn, &s, meeting_id)?;
    if m.starts_at.and_utc() <= access.now {
        return Err(AppError::new(ErrorCode::MeetingInPast));
    }
    check_plan(&s, &p, access.now)?;
    let moved = MeetingRow {
        starts_at: p.starts_at.naive_utc(),
        day: helsinki_date(p.starts_at),
        place: place_of(&p)?,
        remote: p.remote,
        updated_at: access.now.naive_utc(),
        ..m.clone()
    };
    if moved.starts_at == m.starts_at && moved.place == m.place && moved.remote == m.remote {
        return Ok(m);
    }
    repo::move_meeting(conn, &moved)?;
    tell_client(
        conn,
        &moved,
        &s.agreement.client_id,
        Kind::MeetingPlanned,
        access.now,
    )?;
    Ok(moved)
}

/// Staff cancel a meeting: never billed; the client is told at once, and a replacement is owed.
pub fn cancel(
    conn: &mut DbConnection,
    access: &Access,
    agreement_id: &str,
    meeting_id: &str,
    reason: &str,
) -> Result<MeetingRow, AppError> {
    let s = meeting_agreement(conn, access, agreement_id)?;
    let reason = required(reason, "reason", REASON_MAX)?;
    let m = match repo::find_meeting(conn, meeting_id)?.filter(|m| m.agreement_id == s.agreement.id)
    {
        Some(m) if m.status == "cancelled_by_provider" => return Ok(m),
        Some(_) => scheduled(conn, &s, meeting_id)?,
        None => return Err(AppError::not_found()),
    };
    let at = access.now.naive_utc();
    repo::cancel_meeting(conn, &m.id, "cancelled_by_provider", Some(&reason), at)?;
    let after = repo::find_meeting(conn, &m.id)?.ok_or_else(AppError::not_found)?;
    tell_client(
        conn,
        &after,
        &s.agreement.client_id,
        Kind::MeetingCancelled,
        access.now,
    )?;
    Ok(after)
}

/// The client's side cancels a meeting. On the meeting's own day it is a no-show (K §4);
/// before, it is simply cancelled. Staff are told either way.
pub fn cancel_by_client(
    conn: &mut DbConnection,
    access: &Access,
    voucher_id: &str,
    meeting_id: &str,
) -> Result<MeetingRow, AppError> {
    let voucher = work::voucher_of(conn, access, voucher_id)?;
    let m = repo::find_meeting(conn, meeting_id)?.ok_or_else(AppError::not_found)?;
    let a = crate::agreements::repo::find(conn, &m.agreement_id)?
        .filter(|a| a.voucher_id == voucher.id)
        .ok_or_else(AppError::not_found)?;
    if m.status == "cancelled_by_client" {
        return Ok(m);
    }
    if m.status != "scheduled" {
        return Err(AppError::new(ErrorCode::MeetingNotScheduled));
    }
    let s = work::setting(conn, voucher, a)?;
    let today = access.today();
    if m.day < today {
        return Err(AppError::new(ErrorCode::MeetingInPast));
    }
    let at = access.now.naive_utc();
    repo::cancel_meeting(conn, &m.id, "cancelled_by_client", None, at)?;
    if m.day == today {
        missed(conn, access, &s, &m, "cancelled_same_day")?;
    } else {
        let after = repo::find_meeting(conn, &m.id)?.ok_or_else(AppError::not_found)?;
        for person in crate::persons::repo::staff_of(conn, &s.agreement.provider_id)? {
            let facts = Facts {
                client_id: Some(s.agreement.client_id.clone()),
                client: Some(crate::persons::repo::display_name(
                    conn,
                    &s.agreement.client_id,
                )?),
                starts_at: Some(after.starts_at.and_utc()),
                ..Facts::default()
            };
            let kind = Kind::MeetingCancelled;
            notifications::repo::notify(
                conn,
                &person,
                kind,
                &facts,
                Some(&s.agreement.id),
                None,
                access.now,
            )?;
        }
    }
    repo::find_meeting(conn, &m.id)?.ok_or_else(AppError::not_found)
}

/// Staff record that the client did not come to a meeting that has started.
pub fn no_show(
    conn: &mut DbConnection,
    access: &Access,
    agreement_id: &str,
    meeting_id: &str,
) -> Result<DayRow, AppError> {
    let s = meeting_agreement(conn, access, agreement_id).or_else(|e| match e.code {
        // A meeting of the agreement's last days is recorded after it ended, too.
        ErrorCode::AgreementEnded => work::staff_agreement(conn, access, agreement_id),
        _ => Err(e),
    })?;
    let m = repo::find_meeting(conn, meeting_id)?
        .filter(|m| m.agreement_id == s.agreement.id)
        .ok_or_else(AppError::not_found)?;
    if let Some(day) = repo::days_of_meetings(conn, std::slice::from_ref(&m.id))?.pop() {
        if day.status() == Status::NoShow {
            return Ok(day);
        }
    }
    if m.status != "scheduled" {
        return Err(AppError::new(ErrorCode::MeetingNotScheduled));
    }
    if m.starts_at.and_utc() > access.now {
        return Err(AppError::new(ErrorCode::MeetingNotYet));
    }
    missed(conn, access, &s, &m, "did_not_come")
}

/// Records a missed meeting as a no-show day, billable within the month's allowance and the
/// voucher's units; tells staff to contact the client, and the caseworker when it repeats.
fn missed(
    conn: &mut DbConnection,
    access: &Access,
    s: &Setting,
    m: &MeetingRow,
    reason_code: &str,
) -> Result<DayRow, AppError> {
    crate::vouchers::repo::lock_client(conn, &s.voucher.client_id)?;
    let (first, last) = super::month_of(m.day);
    let billed = repo::no_show_units(conn, &s.voucher.id, first, last)?;
    let taken: i32 = repo::counted(conn, &s.voucher.id)?
        .iter()
        .filter(|c| c.status.takes_units())
        .map(|c| c.units)
        .sum();
    let allowed = no_show_units(s.terms.rulebook.no_show_units_per_month, billed);
    let units = if taken + allowed > s.limits.granted_units {
        0
    } else {
        allowed
    };
    let id = uuid::Uuid::now_v7().to_string();
    let row = DayRow {
        meeting_id: Some(m.id.clone()),
        remote: m.remote,
        reason_code: Some(reason_code.to_string()),
        ..s.day_row(&id, m.day, (Status::NoShow, units), access)
    };
    repo::insert_day(conn, &row)?;
    let tell = Tell::new(conn, &row, Kind::ClientNoShow)?;
    tell.staff(conn, access.now)?;
    tell.caseworker(conn, &s.voucher, access.now)?;
    if missed_before(conn, s, m)? {
        Tell::new(conn, &row, Kind::ClientNoShowsRepeated)?
            .caseworker(conn, &s.voucher, access.now)?;
    }
    Ok(row)
}

/// Whether the agreed meeting before `m` (not one the provider cancelled) was missed too,
/// within a week of it.
fn missed_before(conn: &mut DbConnection, s: &Setting, m: &MeetingRow) -> Result<bool, AppError> {
    let all = repo::meetings_of(conn, std::slice::from_ref(&s.agreement.id))?;
    let before = all
        .iter()
        .filter(|o| {
            o.id != m.id && o.starts_at < m.starts_at && o.status != "cancelled_by_provider"
        })
        .max_by_key(|o| o.starts_at);
    let Some(prev) = before else {
        return Ok(false);
    };
    let week: NaiveDateTime = m.starts_at - chrono::Duration::days(REPEAT_WITHIN_DAYS);
    if prev.starts_at < week {
        return Ok(false);
    }
    let days = repo::days_of_meetings(conn, std::slice::from_ref(&prev.id))?;
    Ok(days.iter().any(|d| d.status() == Status::NoShow))
}

/// Whether the provider still owes a replacement for the provider-cancelled meeting `m`.
pub fn replacement_owed(m: &MeetingRow, all: &[MeetingRow]) -> bool {
    m.status == "cancelled_by_provider"
        && !all
            .iter()
            .any(|o| o.replaces_id.as_deref() == Some(m.id.as_str()))
}
