//! What people do with activity days, as plain functions the routes and the demo call alike:
//! the client checks in, the client's side reports an absence, staff confirm, correct or reject
//! a check-in, record a day for a client without a phone, and record absences. Each checks the
//! rules in `mod.rs` against the voucher's recorded days, under the client's lock, and the unique
//! index makes a day count once whatever runs at the same time.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::code::{Sealer, SiteSecret};
use super::repo::{self, DayRow, Decision};
pub(super) use super::tell::Tell;
use super::{
    check_claim, check_hours, check_when, is_late, Absence, AbsenceReason, Claim, Counted, Limits,
    Status, ABSENCE_AHEAD_DAYS, REASON_MAX,
};
use crate::access::{Access, ActingAs};
use crate::agreements::life;
use crate::agreements::repo::AgreementRow;
use crate::clock::helsinki_date;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::notifications::Kind;
use crate::refs::Link;
use crate::rulebooks::Terms;
use crate::text::required;
use crate::vouchers::VoucherRow;

/// A voucher, the agreement a day is under, and what they allow.
pub struct Setting {
    pub voucher: VoucherRow,
    pub agreement: AgreementRow,
    pub terms: Terms,
    pub limits: Limits,
}

impl Setting {
    /// A day of this voucher and agreement on `day`, recorded by the caller now, in `status`
    /// and taking `units`; the rest as nothing was said of it.
    pub fn day_row(
        &self,
        id: &str,
        day: NaiveDate,
        (status, units): (Status, i32),
        access: &Access,
    ) -> DayRow {
        DayRow {
            id: id.to_string(),
            voucher_id: self.voucher.id.clone(),
            agreement_id: self.agreement.id.clone(),
            client_id: self.voucher.client_id.clone(),
            provider_id: self.agreement.provider_id.clone(),
            site_id: self.agreement.site_id.clone(),
            meeting_id: None,
            day,
            status: status.as_str().to_string(),
            arrived_at: None,
            claimed_hours: None,
            remote: false,
            verified: false,
            code_step: None,
            late: false,
            units,
            guidance_hours: None,
            absence: None,
            reason_code: None,
            reason: None,
            recorded_by: access.actor_id.clone(),
            recorded_as: access.acting_as.as_str().to_string(),
            created_at: access.now.naive_utc(),
            decided_by: None,
            decided_at: None,
        }
    }
}

/// The day `id` as the door's target: the client it belongs to and the row, found in the
/// change's own transaction (for staff, who name a day by its id alone).
pub fn target(id: String) -> crate::access::door::Target<DayRow> {
    crate::access::door::Target::of(move |conn| {
        Ok(repo::find_day(conn, &id)?.map(|d| (d.client_id.clone(), d)))
    })
}

/// The client's voucher `voucher_id`, or 404.
pub fn voucher_of(
    conn: &mut DbConnection,
    access: &Access,
    voucher_id: &str,
) -> Result<VoucherRow, AppError> {
    crate::vouchers::repo::find(conn, voucher_id)?
        .filter(|v| v.client_id == access.client_id())
        .ok_or_else(AppError::not_found)
}

/// The day the agreement's service was first recorded as interrupted (K §4).
fn interrupted_on(
    conn: &mut DbConnection,
    a: &AgreementRow,
) -> Result<Option<NaiveDate>, AppError> {
    let since = a
        .created_at
        .date()
        .and_hms_opt(0, 0, 0)
        .unwrap_or(a.created_at);
    let events =
        crate::agreements::repo::interruptions_since(conn, std::slice::from_ref(&a.id), since)?;
    Ok(events.iter().filter_map(|e| e.on_date).min())
}

/// What `voucher`, its rulebook and `agreement` allow.
pub fn setting(
    conn: &mut DbConnection,
    voucher: VoucherRow,
    agreement: AgreementRow,
) -> Result<Setting, AppError> {
    let terms = crate::rulebooks::repo::by_id(conn, &voucher.rulebook_id)?;
    let rb = &terms.rulebook;
    let unit = terms.unit();
    let per_week = match unit {
        crate::rulebooks::Unit::Day => agreement.days_per_week.or(voucher.per_week),
        crate::rulebooks::Unit::Hour => voucher.per_week,
    }
    .or(rb.per_week_max);
    let limits = Limits {
        unit,
        valid_from: voucher.valid_from,
        valid_until: voucher.valid_until,
        starts_on: agreement.starts_on,
        last_day: life::last_day(&agreement),
        interrupted_on: interrupted_on(conn, &agreement)?,
        per_week,
        granted_units: voucher.granted_units,
        hours_min: rb.hours_per_day_min,
        hours_max: rb.hours_per_day_max,
        remote_share_max_percent: rb.remote_share_max_percent,
    };
    Ok(Setting {
        voucher,
        agreement,
        terms,
        limits,
    })
}

/// The confirmed agreement of `voucher` that `day` falls in, as `access` reaches it. Without
/// one: the day is outside the agreement (there is one), or there is none in force.
pub fn under_agreement(
    conn: &mut DbConnection,
    access: &Access,
    voucher: VoucherRow,
    day: NaiveDate,
) -> Result<Setting, AppError> {
    let all = crate::agreements::repo::confirmed_of_voucher(conn, &voucher.id)?;
    let reached: Vec<AgreementRow> = all
        .into_iter()
        .filter(|a| access.rows.reaches(&a.provider_id))
        .collect();
    let covering = reached
        .iter()
        .rev()
        .find(|a| a.starts_on <= day && day <= life::last_day(a))
        .or_else(|| reached.last())
        .cloned();
    match covering {
        Some(a) => setting(conn, voucher, a),
        None if access.acting_as == ActingAs::ProviderStaff => Err(AppError::not_found()),
        None => Err(AppError::new(ErrorCode::AttendanceNoAgreement)),
    }
}

/// The voucher's other days, the one on `day` left out.
fn others(
    conn: &mut DbConnection,
    voucher_id: &str,
    day: NaiveDate,
) -> Result<Vec<Counted>, AppError> {
    Ok(repo::counted(conn, voucher_id)?
        .into_iter()
        .filter(|c| c.day != day)
        .collect())
}

/// Refuses a second day on `day` before anything is written, naming the one there.
fn not_recorded(
    conn: &mut DbConnection,
    voucher: &VoucherRow,
    day: NaiveDate,
) -> Result<(), AppError> {
    match repo::day_of(conn, &voucher.id, day)? {
        Some(found) => Err(AppError::new(ErrorCode::AttendanceTwice)
            .conflicting(Link::day(&voucher.client_id, &found.id))),
        None => Ok(()),
    }
}

/// A check-in as the client sends it.
#[derive(Debug, Clone)]
pub struct CheckIn {
    pub day: NaiveDate,
    pub arrived_at: Option<DateTime<Utc>>,
    pub hours: Option<i32>,
    pub remote: bool,
    /// The site's code, as the client typed it.
    pub code: Option<String>,
}

/// The time step of `code` at the agreement's site, or a refusal.
fn verify_code(
    conn: &mut DbConnection,
    sealer: &Sealer,
    site_id: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let secret = repo::sealed_secret(conn, site_id)?.and_then(|s| sealer.open(site_id, &s));
    let unix = now.timestamp().max(0) as u64;
    secret
        .and_then(|s| s.check(code.trim(), unix))
        .ok_or_else(|| AppError::new(ErrorCode::AttendanceCodeWrong))
}

/// The client checks in on a day of the agreement in force. A check-in with the site's code is
/// "at the site"; without one it is not verified. A day sent after it happened is late.
pub fn check_in(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    voucher_id: &str,
    c: CheckIn,
    sealer: &Sealer,
) -> Result<DayRow, AppError> {
    let today = access.today();
    check_when(c.day, today)?;
    if let Some(at) = c.arrived_at {
        let soon = access.now + chrono::Duration::minutes(5);
        if helsinki_date(at) != c.day || at > soon {
            return Err(AppError::new(ErrorCode::AttendanceArrivalNotOnDay));
        }
    }
    let voucher = voucher_of(conn, access, voucher_id)?;
    crate::vouchers::repo::lock_client(conn, &voucher.client_id)?;
    let s = under_agreement(conn, access, voucher, c.day)?;
    not_recorded(conn, &s.voucher, c.day)?;
    let claim = Claim {
        day: c.day,
        hours: c.hours,
        remote: c.remote,
    };
    let units = check_claim(&s.limits, &others(conn, &s.voucher.id, c.day)?, &claim)?;
    let code_step = match c.code.as_deref() {
        Some(code) => Some(verify_code(
            conn,
            sealer,
            &s.agreement.site_id,
            code,
            access.now,
        )?),
        None => None,
    };
    let meeting = repo::meeting_on(conn, &s.agreement.id, c.day)?;
    let row = DayRow {
        meeting_id: meeting.map(|m| m.id),
        arrived_at: c
            .arrived_at
            .or((c.day == today).then_some(access.now))
            .map(|t| t.naive_utc()),
        claimed_hours: c.hours,
        remote: c.remote,
        verified: code_step.is_some(),
        code_step,
        late: is_late(c.day, today),
        ..s.day_row(id, c.day, (Status::Pending, units), access)
    };
    repo::insert_day(conn, &row)?;
    Ok(row)
}

/// An absence as the client's side reports it.
#[derive(Debug, Clone)]
pub struct AbsenceReport {
    pub day: NaiveDate,
    pub reason: AbsenceReason,
    pub explanation: Option<String>,
}

/// The days an absence may be for: the late window back, a month ahead.
fn check_absence_day(day: NaiveDate, today: NaiveDate) -> Result<(), AppError> {
    if day > today {
        let last = today
            .checked_add_days(Days::new(ABSENCE_AHEAD_DAYS))
            .unwrap_or(today);
        if day > last {
            return Err(AppError::new(ErrorCode::AttendanceAbsenceTooFar)
                .arg("days", ABSENCE_AHEAD_DAYS as i64));
        }
        return Ok(());
    }
    check_when(day, today)
}

/// The client or their helper reports an absence (sick leave, an appointment). The caseworker
/// and the provider are told at once (H §5.4). The same report again finds it there.
pub fn report_absence(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    voucher_id: &str,
    r: AbsenceReport,
) -> Result<DayRow, AppError> {
    check_absence_day(r.day, access.today())?;
    let explanation = match r.explanation.as_deref() {
        Some(text) => Some(required(text, "explanation", REASON_MAX)?),
        None => None,
    };
    let voucher = voucher_of(conn, access, voucher_id)?;
    crate::vouchers::repo::lock_client(conn, &voucher.client_id)?;
    let s = under_agreement(conn, access, voucher, r.day)?;
    super::check_period(&s.limits, r.day)?;
    if let Some(found) = repo::day_of(conn, &s.voucher.id, r.day)? {
        if found.status() == Status::Absent
            && found.reason_code.as_deref() == Some(r.reason.as_str())
        {
            return Ok(found);
        }
        return Err(AppError::new(ErrorCode::AttendanceTwice)
            .conflicting(Link::day(&found.client_id, &found.id)));
    }
    let row = absence_row(
        id,
        &s,
        r.day,
        Absence::Reported,
        (Some(r.reason.as_str()), explanation.as_deref()),
        access,
    );
    repo::insert_day(conn, &row)?;
    let tell = Tell::new(conn, &row, Kind::ClientAbsent)?;
    tell.caseworker(conn, &s.voucher, access.now)?;
    tell.staff(conn, access.now)?;
    Ok(row)
}

fn absence_row(
    id: &str,
    s: &Setting,
    day: NaiveDate,
    kind: Absence,
    (reason_code, reason): (Option<&str>, Option<&str>),
    access: &Access,
) -> DayRow {
    let staff = access.acting_as == ActingAs::ProviderStaff;
    DayRow {
        absence: Some(kind.as_str().to_string()),
        reason_code: reason_code.map(str::to_string),
        reason: reason.map(str::to_string),
        decided_by: staff.then(|| access.actor_id.clone()),
        decided_at: staff.then(|| access.now.naive_utc()),
        ..s.day_row(id, day, (Status::Absent, 0), access)
    }
}

/// The day `row` as staff of its provider reach it, with its setting; 404 for anyone else.
pub fn staff_setting(
    conn: &mut DbConnection,
    access: &Access,
    row: &DayRow,
) -> Result<Setting, AppError> {
    if row.client_id != access.client_id() || !access.rows.reaches(&row.provider_id) {
        return Err(AppError::not_found());
    }
    let voucher =
        crate::vouchers::repo::find(conn, &row.voucher_id)?.ok_or_else(AppError::not_found)?;
    let agreement =
        crate::agreements::repo::find(conn, &row.agreement_id)?.ok_or_else(AppError::not_found)?;
    setting(conn, voucher, agreement)
}

/// What staff decide about a check-in.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// It happened as the client said; hours for hour-based services.
    Confirm { hours: Option<i32> },
    /// It happened, with these hours; the reason is the client's to read.
    Correct { hours: Option<i32>, reason: String },
    /// It did not happen; the reason is the client's to read.
    Reject { reason: String },
}

/// Staff decide a day: confirm, correct or reject it. Individual guidance given on the day is
/// recorded with it (H §5.1). The client is told. The same decision again changes nothing.
pub fn decide(
    conn: &mut DbConnection,
    access: &Access,
    row: DayRow,
    verdict: Verdict,
    guidance_hours: Option<i32>,
) -> Result<DayRow, AppError> {
    let s = staff_setting(conn, access, &row)?;
    crate::vouchers::repo::lock_client(conn, &row.client_id)?;
    let now = row_now(conn, &row)?;
    let status = now.status();
    let (to, from_ok, hours, reason) = match &verdict {
        Verdict::Confirm { hours } => (Status::Confirmed, status == Status::Pending, *hours, None),
        Verdict::Correct { hours, reason } => (
            Status::Corrected,
            matches!(
                status,
                Status::Pending | Status::Confirmed | Status::Corrected | Status::Rejected
            ),
            *hours,
            Some(required(reason, "reason", REASON_MAX)?),
        ),
        Verdict::Reject { reason } => (
            Status::Rejected,
            matches!(
                status,
                Status::Pending | Status::Confirmed | Status::Corrected
            ),
            None,
            Some(required(reason, "reason", REASON_MAX)?),
        ),
    };
    // What was sent is checked even when the decision is the one already made.
    let guidance = check_guidance(guidance_hours)?;
    let claimed = now.claimed_hours.unwrap_or(now.units.max(1));
    if status == to && matches!(verdict, Verdict::Confirm { .. } | Verdict::Reject { .. }) {
        if to != Status::Rejected {
            check_hours(&s.limits, hours, claimed)?;
        }
        return Ok(now);
    }
    if !from_ok {
        return Err(AppError::new(ErrorCode::AttendanceDayDecided)
            .conflicting(Link::day(&now.client_id, &now.id)));
    }
    let units = if to == Status::Rejected {
        0
    } else {
        let units = check_hours(&s.limits, hours, claimed)?;
        let claim = Claim {
            day: now.day,
            hours: (s.limits.unit == crate::rulebooks::Unit::Hour).then_some(units),
            remote: now.remote,
        };
        check_claim(&s.limits, &others(conn, &now.voucher_id, now.day)?, &claim)?
    };
    // A rejected day keeps the hours the client claimed: it has no units, not zero hours.
    let hours_now =
        (s.limits.unit == crate::rulebooks::Unit::Hour && to != Status::Rejected).then_some(units);
    let decision = Decision {
        status: to,
        units,
        claimed_hours: hours_now.or(now.claimed_hours),
        guidance_hours: guidance.or(now.guidance_hours),
        reason: reason.as_deref(),
        decided_by: &access.actor_id,
        at: access.now.naive_utc(),
    };
    if !repo::decide(conn, &now.id, status.as_str(), decision)? {
        return Err(AppError::new(ErrorCode::AttendanceDayDecided));
    }
    let after = row_now(conn, &now)?;
    let kind = match to {
        Status::Confirmed => Kind::DayConfirmed,
        Status::Corrected => Kind::DayCorrected,
        _ => Kind::DayRejected,
    };
    Tell::new(conn, &after, kind)?.client(conn, access.now)?;
    Ok(after)
}

fn row_now(conn: &mut DbConnection, row: &DayRow) -> Result<DayRow, AppError> {
    repo::find_day(conn, &row.id)?.ok_or_else(AppError::not_found)
}

/// Hours of individual guidance on one day: none to a working day's.
fn check_guidance(hours: Option<i32>) -> Result<Option<i32>, AppError> {
    match hours {
        Some(h) if !(0..=super::HOURS_MAX).contains(&h) => {
            Err(AppError::new(ErrorCode::AttendanceHoursOutOfRange)
                .arg("min", 0i64)
                .arg("max", i64::from(super::HOURS_MAX)))
        }
        h => Ok(h),
    }
}

/// A day staff record themselves, for a client who has no phone.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub day: NaiveDate,
    pub hours: Option<i32>,
    pub remote: bool,
    pub guidance_hours: Option<i32>,
}

/// The agreement `agreement_id` of the client as staff reach it, or 404.
pub fn staff_agreement(
    conn: &mut DbConnection,
    access: &Access,
    agreement_id: &str,
) -> Result<Setting, AppError> {
    let a = crate::agreements::work::reached(conn, access, agreement_id)?;
    if a.confirmed_at.is_none() {
        return Err(AppError::new(ErrorCode::AttendanceNoAgreement));
    }
    let voucher =
        crate::vouchers::repo::find(conn, &a.voucher_id)?.ok_or_else(AppError::not_found)?;
    setting(conn, voucher, a)
}

/// Staff record a day the client was there, confirmed as it is recorded. The same rules hold
/// as for a check-in.
pub fn record_day(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    agreement_id: &str,
    r: Recorded,
) -> Result<DayRow, AppError> {
    let today = access.today();
    check_when(r.day, today)?;
    let s = staff_agreement(conn, access, agreement_id)?;
    crate::vouchers::repo::lock_client(conn, &s.voucher.client_id)?;
    not_recorded(conn, &s.voucher, r.day)?;
    let claim = Claim {
        day: r.day,
        hours: r.hours,
        remote: r.remote,
    };
    let units = check_claim(&s.limits, &others(conn, &s.voucher.id, r.day)?, &claim)?;
    let meeting = repo::meeting_on(conn, &s.agreement.id, r.day)?;
    let at = access.now.naive_utc();
    let row = DayRow {
        meeting_id: meeting.map(|m| m.id),
        claimed_hours: r.hours,
        remote: r.remote,
        // Staff saw the client there.
        verified: true,
        guidance_hours: check_guidance(r.guidance_hours)?,
        decided_by: Some(access.actor_id.clone()),
        decided_at: Some(at),
        ..s.day_row(id, r.day, (Status::Confirmed, units), access)
    };
    repo::insert_day(conn, &row)?;
    Tell::new(conn, &row, Kind::DayConfirmed)?.client(conn, access.now)?;
    Ok(row)
}

/// An absence as staff record it (H §5.4: the provider records absences and their reasons).
#[derive(Debug, Clone)]
pub struct StaffAbsence {
    pub day: NaiveDate,
    pub kind: Absence,
    pub reason: String,
}

/// Staff record an absence: authorised, unauthorised, or sent home (H §1.7). A pending
/// check-in or a reported absence of the day becomes it. The caseworker is told at once.
pub fn record_absence(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    agreement_id: &str,
    a: StaffAbsence,
) -> Result<DayRow, AppError> {
    check_absence_day(a.day, access.today())?;
    let reason = required(&a.reason, "reason", REASON_MAX)?;
    let s = staff_agreement(conn, access, agreement_id)?;
    crate::vouchers::repo::lock_client(conn, &s.voucher.client_id)?;
    super::check_period(&s.limits, a.day)?;
    let kind = match a.kind {
        Absence::Reported => Absence::Authorised,
        k => k,
    };
    let at = access.now.naive_utc();
    let row = match repo::day_of(conn, &s.voucher.id, a.day)? {
        Some(found) => {
            let same = found.absence.as_deref() == Some(kind.as_str())
                && found.reason.as_deref() == Some(reason.as_str());
            if same {
                return Ok(found);
            }
            let code = found.reason_code.clone();
            let reasons = (code.as_deref(), Some(reason.as_str()));
            if !repo::make_absent(
                conn,
                &found.id,
                kind.as_str(),
                reasons,
                &access.actor_id,
                at,
            )? {
                return Err(AppError::new(ErrorCode::AttendanceDayDecided)
                    .conflicting(Link::day(&found.client_id, &found.id)));
            }
            row_now(conn, &found)?
        }
        None => {
            let row = absence_row(id, &s, a.day, kind, (None, Some(&reason)), access);
            repo::insert_day(conn, &row)?;
            row
        }
    };
    let notice = if kind == Absence::SentHome {
        Kind::ClientSentHome
    } else {
        Kind::ClientAbsent
    };
    Tell::new(conn, &row, notice)?.caseworker(conn, &s.voucher, access.now)?;
    Ok(row)
}

/// The agreement's guidance periods as its rulebook asks them (H §5.1); none where it asks none.
pub fn guidance(
    conn: &mut DbConnection,
    a: &AgreementRow,
    rules: &crate::rulebooks::Rules,
) -> Result<Vec<super::GuidancePeriod>, AppError> {
    let (Some(min), Some(months)) = (rules.guidance_hours_min, rules.guidance_period_months) else {
        return Ok(Vec::new());
    };
    let given: Vec<(NaiveDate, i32)> = repo::guidance_of(conn, std::slice::from_ref(&a.id))?
        .into_iter()
        .map(|(_, day, hours)| (day, hours))
        .collect();
    let span = (a.starts_on, life::last_day(a));
    Ok(super::guidance_periods(span, (min, months), &given))
}

/// The site's code now, and seconds until it changes. A site without a secret (or with one
/// the server's key no longer opens) gets a new one.
pub fn site_code(
    conn: &mut DbConnection,
    sealer: &Sealer,
    site_id: &str,
    now: DateTime<Utc>,
) -> Result<(String, u64), AppError> {
    let sealed = repo::sealed_secret(conn, site_id)?;
    let secret = match sealed.and_then(|s| sealer.open_aged(site_id, &s)) {
        // Sealed with a key since rotated: sealed anew with the newest, the same code.
        Some((s, true)) => {
            repo::put_secret(conn, site_id, &sealer.seal(site_id, &s), now.naive_utc())?;
            s
        }
        Some((s, false)) => s,
        None => {
            let s = SiteSecret::generate();
            repo::put_secret(conn, site_id, &sealer.seal(site_id, &s), now.naive_utc())?;
            s
        }
    };
    let unix = now.timestamp().max(0) as u64;
    Ok((secret.code_at(unix), super::code::seconds_left(unix)))
}
