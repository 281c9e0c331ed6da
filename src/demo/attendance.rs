//! The demo's activity days, each taken by the person who would take it, on its day:
//! - Ville (Heinola) checked in with Kipinä's code three days a week for the four weeks before
//!   this one; Jari confirmed them, once with a correction; Ville was off sick one day, and Jari
//!   recorded it as authorised. Last week's Monday and Tuesday (the Tuesday sent late, without
//!   the code) and this week's Monday wait for Jari. Today is left for the walk-through.
//! - Matti (Kuopio) was at Sampo's supported work: Sanna recorded his first days herself.
//! - Kaisa (Kuopio) meets her coach at Polku on Wednesdays: two meetings held, the last one
//!   missed (a no-show), the next one cancelled by Polku with a new time owed, and one after it
//!   planned.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc, Weekday};

use super::as_persona;
use super::personas::staff_of;
use crate::access::door::{Door, Target};
use crate::access::ClientWrite;
use crate::agreements::repo::{self as agreements, AgreementRow};
use crate::attendance::code::Sealer;
use crate::attendance::meetings::{self, Plan};
use crate::attendance::work::{self, AbsenceReport, CheckIn, Recorded, StaffAbsence, Verdict};
use crate::attendance::{repo, Absence, AbsenceReason};
use crate::clock::{helsinki_date, start_of_day};
use crate::db::DbConnection;
use crate::error::AppError;

const VILLE: (&str, &str) = ("0190a000-0000-7000-8000-0000000000a4", "client-heinola-3");
const MATTI: (&str, &str) = ("0190a000-0000-7000-8000-0000000000b2", "client-kuopio");
pub(super) const KAISA: (&str, &str) = ("0190a000-0000-7000-8000-0000000000b4", "client-kuopio-2");
/// Matti's days recorded at Sampo.
const MATTI_DAYS: usize = 12;

/// Seeds the days that are missing; a voucher with any day is left as it is.
pub(super) fn seed(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    sealer: &Sealer,
) -> Result<(), AppError> {
    if let Some(a) = fresh(conn, VILLE.0)? {
        ville(conn, &a, now, sealer)?;
    }
    if let Some(a) = fresh(conn, MATTI.0)? {
        matti(conn, &a, now)?;
    }
    if let Some(a) = fresh(conn, KAISA.0)? {
        kaisa(conn, &a, now)?;
    }
    Ok(())
}

/// The voucher's confirmed agreement, if none of its days are recorded yet.
fn fresh(conn: &mut DbConnection, voucher: &str) -> Result<Option<AgreementRow>, AppError> {
    let a = agreements::confirmed_of_voucher(conn, voucher)?.pop();
    match a {
        Some(a) if repo::counted(conn, voucher)?.is_empty() => Ok(Some(a)),
        _ => Ok(None),
    }
}

/// `hours` past midnight of `day` in Helsinki, never after `now`.
fn at(day: NaiveDate, hours: f64, now: DateTime<Utc>) -> DateTime<Utc> {
    (start_of_day(day) + Duration::minutes((hours * 60.0) as i64)).min(now)
}

/// Ville's four weeks at Kipinä and this week's first day.
fn ville(
    conn: &mut DbConnection,
    a: &AgreementRow,
    now: DateTime<Utc>,
    sealer: &Sealer,
) -> Result<(), AppError> {
    let today = helsinki_date(now);
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let jari = staff_of(&a.provider_id).ok_or_else(AppError::not_found)?;
    let mut days: Vec<NaiveDate> = Vec::new();
    for week in (1..=4u64).rev() {
        let start = monday - Days::new(7 * week);
        for wd in [Weekday::Mon, Weekday::Tue, Weekday::Thu] {
            days.push(start + Days::new(u64::from(wd.num_days_from_monday())));
        }
    }
    if monday < today {
        days.push(monday);
    }
    let last_week = monday - Days::new(7);
    let sick = last_week - Days::new(6); // the Tuesday two weeks ago
    let corrected = last_week + Days::new(3); // last week's Thursday
    let late = last_week + Days::new(1); // last week's Tuesday, sent on Thursday
    for day in days.into_iter().filter(|d| *d >= a.starts_on) {
        if day == sick {
            // Ville tells in the morning he is ill; Jari records it as authorised.
            let report = AbsenceReport {
                day,
                reason: AbsenceReason::Sick,
                explanation: Some("Flunssa.".into()),
            };
            let path = format!("/api/v1/clients/me/vouchers/{}/absences", VILLE.0);
            let ville = as_persona(conn, VILLE.1, &path)?;
            let id = uuid::Uuid::now_v7().to_string();
            Door::act_in(
                conn,
                &ville,
                ClientWrite::ReportAbsence,
                Target::path("me"),
                at(day, 7.5, now),
                |c, access, ()| work::report_absence(c, access, &id, VILLE.0, report),
            )?;
            let staff = as_persona(conn, jari, "/api/v1/provider/absences")?;
            let absence = StaffAbsence {
                day,
                kind: Absence::Authorised,
                reason: "Sairausloma, ilmoitti aamulla.".into(),
            };
            let target = crate::agreements::work::target(a.id.clone());
            Door::act_in(
                conn,
                &staff,
                ClientWrite::RecordAbsence,
                target,
                at(day, 9.0, now),
                |c, access, ()| work::record_absence(c, access, &id, &a.id, absence),
            )?;
            continue;
        }
        let sent = if day == late { day + Days::new(2) } else { day };
        let when = at(sent, 8.25, now);
        let code = (day != late).then(|| {
            let (code, _) = work::site_code(conn, sealer, &a.site_id, when)?;
            Ok::<_, AppError>(code)
        });
        let check_in = CheckIn {
            day,
            arrived_at: (day != late).then_some(when),
            hours: None,
            remote: false,
            code: code.transpose()?,
        };
        let path = format!("/api/v1/clients/me/vouchers/{}/check-ins", VILLE.0);
        let ville = as_persona(conn, VILLE.1, &path)?;
        let id = uuid::Uuid::now_v7().to_string();
        Door::act_in(
            conn,
            &ville,
            ClientWrite::CheckIn,
            Target::path("me"),
            when,
            |c, access, ()| work::check_in(c, access, &id, VILLE.0, check_in, sealer),
        )?;
        if day >= last_week && day != corrected {
            continue; // waiting for Jari
        }
        let (verdict, action) = if day == corrected {
            let reason = "Lähti kotiin puoliltapäivin selkäkivun vuoksi.".to_string();
            (
                Verdict::Correct {
                    hours: None,
                    reason,
                },
                ClientWrite::CorrectDay,
            )
        } else {
            (Verdict::Confirm { hours: None }, ClientWrite::ConfirmDay)
        };
        // Guidance on Mondays: an hour with the instructor (H §5.1).
        let guidance = (day.weekday() == Weekday::Mon).then_some(1);
        let path = format!("/api/v1/provider/check-ins/{id}/confirm");
        let staff = as_persona(conn, jari, &path)?;
        Door::act_in(
            conn,
            &staff,
            action,
            work::target(id.clone()),
            at(day, 15.0, now),
            |c, access, row| work::decide(c, access, row, verdict, guidance),
        )?;
    }
    Ok(())
}

/// Matti's first days at Sampo, recorded by Sanna on Mondays, Wednesdays and Fridays.
fn matti(conn: &mut DbConnection, a: &AgreementRow, now: DateTime<Utc>) -> Result<(), AppError> {
    let today = helsinki_date(now);
    let sanna = staff_of(&a.provider_id).ok_or_else(AppError::not_found)?;
    let mut day = a.starts_on;
    let mut recorded = 0;
    while recorded < MATTI_DAYS && day < today {
        if matches!(day.weekday(), Weekday::Mon | Weekday::Wed | Weekday::Fri) {
            let path = format!("/api/v1/provider/agreements/{}/days", a.id);
            let staff = as_persona(conn, sanna, &path)?;
            let r = Recorded {
                day,
                hours: None,
                remote: false,
                guidance_hours: None,
            };
            let id = uuid::Uuid::now_v7().to_string();
            let target = crate::agreements::work::target(a.id.clone());
            Door::act_in(
                conn,
                &staff,
                ClientWrite::RecordDay,
                target,
                at(day, 15.0, now),
                |c, access, ()| work::record_day(c, access, &id, &a.id, r),
            )?;
            recorded += 1;
        }
        day = day + Days::new(1);
    }
    Ok(())
}

/// Kaisa's weekly meetings at Polku, planned the day after her agreement was confirmed.
fn kaisa(conn: &mut DbConnection, a: &AgreementRow, now: DateTime<Utc>) -> Result<(), AppError> {
    let today = helsinki_date(now);
    let mikko = staff_of(&a.provider_id).ok_or_else(AppError::not_found)?;
    let planned = a.confirmed_at.map(|t| t.and_utc()).unwrap_or(now) + Duration::hours(1);
    // Wednesdays: the last one before today was missed; the next is cancelled.
    let back = (today.weekday().num_days_from_monday() + 7 - 2 - 1) % 7 + 1;
    let last_wednesday = today - Days::new(u64::from(back));
    let offsets: [i64; 5] = [-14, -7, 0, 7, 14];
    let mut ids = Vec::new();
    for offset in offsets {
        let day = last_wednesday
            .checked_add_signed(Duration::days(offset))
            .unwrap_or(today);
        let p = Plan {
            starts_at: start_of_day(day) + Duration::hours(10),
            place: Some("Polun toimisto, Puijonkatu 40".into()),
            remote: false,
            replaces: None,
        };
        let path = format!("/api/v1/provider/agreements/{}/meetings", a.id);
        let staff = as_persona(conn, mikko, &path)?;
        let id = uuid::Uuid::now_v7().to_string();
        let target = crate::agreements::work::target(a.id.clone());
        Door::act_in(
            conn,
            &staff,
            ClientWrite::PlanMeeting,
            target,
            planned.min(now),
            |c, access, ()| meetings::add(c, access, &id, &a.id, p),
        )?;
        ids.push((offset, day, id));
    }
    for (offset, day, meeting) in ids {
        match offset {
            -14 | -7 => {
                let check_in = CheckIn {
                    day,
                    arrived_at: Some(at(day, 9.9, now)),
                    hours: Some(2),
                    remote: false,
                    code: None,
                };
                let path = format!("/api/v1/clients/me/vouchers/{}/check-ins", KAISA.0);
                let kaisa = as_persona(conn, KAISA.1, &path)?;
                let id = uuid::Uuid::now_v7().to_string();
                let sealer = Sealer::new(b"unused: no code is sent");
                Door::act_in(
                    conn,
                    &kaisa,
                    ClientWrite::CheckIn,
                    Target::path("me"),
                    at(day, 10.0, now),
                    |c, access, ()| work::check_in(c, access, &id, KAISA.0, check_in, &sealer),
                )?;
                let path = format!("/api/v1/provider/check-ins/{id}/confirm");
                let staff = as_persona(conn, mikko, &path)?;
                let verdict = Verdict::Confirm { hours: None };
                Door::act_in(
                    conn,
                    &staff,
                    ClientWrite::ConfirmDay,
                    work::target(id.clone()),
                    at(day, 12.5, now),
                    |c, access, row| work::decide(c, access, row, verdict, None),
                )?;
            }
            0 => {
                let path = format!(
                    "/api/v1/provider/agreements/{}/meetings/{meeting}/no-show",
                    a.id
                );
                let staff = as_persona(conn, mikko, &path)?;
                let target = crate::agreements::work::target(a.id.clone());
                Door::act_in(
                    conn,
                    &staff,
                    ClientWrite::RecordNoShow,
                    target,
                    at(day, 11.0, now),
                    |c, access, ()| meetings::no_show(c, access, &a.id, &meeting),
                )?;
            }
            7 => {
                let path = format!(
                    "/api/v1/provider/agreements/{}/meetings/{meeting}/cancel",
                    a.id
                );
                let staff = as_persona(conn, mikko, &path)?;
                let target = crate::agreements::work::target(a.id.clone());
                let yesterday = now - Duration::days(1);
                Door::act_in(
                    conn,
                    &staff,
                    ClientWrite::PlanMeeting,
                    target,
                    yesterday,
                    |c, access, ()| {
                        meetings::cancel(c, access, &a.id, &meeting, "Valmentaja on sairaana.")
                    },
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}
