//! Activity days: the client checks in on a day of the agreement in force, staff confirm,
//! correct or reject it, and absences and missed meetings are days too. Only confirmed days are
//! paid (H §5.2, §5.4: "Heinolan kaupunki maksaa vain toteutuneista toimintapäivistä"), so the
//! wallet counts them and nothing else. The city hears of every absence at once (H §1.7, §5.4).
//!
//! A day counts once: one row per voucher and day, held by a unique index, so a retry or a second
//! phone can never count it twice. Kuopio's hour-based services meet at scheduled meetings
//! (K §4); a missed one is a no-show, billable at most the rulebook's units a calendar month.
//!
//! This file holds the rules a day must fit, as pure functions over the rulebook's numbers;
//! `code.rs` the site's rotating presence code; `work.rs` what people do, as plain functions the
//! routes and the demo call alike; `meetings.rs` the meetings; `repo.rs` the SQL; `view.rs` how
//! people read days; `routes/` the HTTP.

pub mod code;
pub mod meetings;
pub mod repo;
pub mod routes;
pub mod tell;
pub mod view;
pub mod work;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, ErrorCode};
use crate::rulebooks::Unit;

/// How many days after the day itself a check-in may still be sent (offline-first).
pub const LATE_WINDOW_DAYS: u64 = 7;
/// How many days ahead a client may report an absence (a planned sick leave, a doctor's day).
pub const ABSENCE_AHEAD_DAYS: u64 = 30;
/// The most hours one day can hold, where the rulebook sets no range.
pub const HOURS_MAX: i32 = 12;
/// The longest reason for a correction, a rejection or an absence.
pub const REASON_MAX: usize = 1000;

/// Where a day stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = DayStatus)]
pub enum Status {
    /// The client checked in; the provider has not confirmed it yet.
    Pending,
    /// The provider confirmed it as the client said.
    Confirmed,
    /// The provider confirmed it with other hours, and says why.
    Corrected,
    /// The provider says it did not happen, and says why.
    Rejected,
    /// The client was absent.
    Absent,
    /// The client missed an agreed meeting (K §4).
    NoShow,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Pending,
        Status::Confirmed,
        Status::Corrected,
        Status::Rejected,
        Status::Absent,
        Status::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Confirmed => "confirmed",
            Status::Corrected => "corrected",
            Status::Rejected => "rejected",
            Status::Absent => "absent",
            Status::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the day takes units of the voucher: a check-in waiting for the provider, and one
    /// the provider confirmed. (A no-show takes its billable units.)
    pub fn takes_units(self) -> bool {
        matches!(
            self,
            Status::Pending | Status::Confirmed | Status::Corrected | Status::NoShow
        )
    }

    /// Whether the client was there: the days a week counts.
    pub fn attended(self) -> bool {
        matches!(
            self,
            Status::Pending | Status::Confirmed | Status::Corrected
        )
    }

    /// Whether the provider decided it: then it is paid (confirmed, corrected) or not.
    pub fn decided(self) -> bool {
        !matches!(self, Status::Pending)
    }
}

/// What kind of absence (H §5.4: authorised or not, with a reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Absence {
    /// The client or their helper told of it; the provider has not judged it yet.
    Reported,
    /// An absence with an acceptable reason, such as sick leave.
    Authorised,
    /// An absence without an acceptable reason.
    Unauthorised,
    /// The client came intoxicated and was sent home (H §1.7).
    SentHome,
}

impl Absence {
    pub const ALL: [Absence; 4] = [
        Absence::Reported,
        Absence::Authorised,
        Absence::Unauthorised,
        Absence::SentHome,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Absence::Reported => "reported",
            Absence::Authorised => "authorised",
            Absence::Unauthorised => "unauthorised",
            Absence::SentHome => "sent_home",
        }
    }

    pub fn parse(s: &str) -> Option<Absence> {
        Absence::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Why a client is away, as the client's side reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceReason {
    /// Sick leave.
    Sick,
    /// A child is sick, or another family reason.
    Family,
    /// A doctor's or another official appointment.
    Appointment,
    Other,
}

impl AbsenceReason {
    pub const ALL: [AbsenceReason; 4] = [
        AbsenceReason::Sick,
        AbsenceReason::Family,
        AbsenceReason::Appointment,
        AbsenceReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AbsenceReason::Sick => "sick",
            AbsenceReason::Family => "family",
            AbsenceReason::Appointment => "appointment",
            AbsenceReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<AbsenceReason> {
        AbsenceReason::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What a voucher, its rulebook and its agreement allow of days, as the rules read them.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub unit: Unit,
    /// The voucher's validity.
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// The agreement's period: from its first day to its last (an earlier end included).
    pub starts_on: NaiveDate,
    pub last_day: NaiveDate,
    /// The day the provider recorded the service as interrupted (K §4), if it was.
    pub interrupted_on: Option<NaiveDate>,
    /// Days (day-based services) or hours (hour-based ones) an ISO week holds at most.
    pub per_week: Option<i32>,
    /// Units the voucher grants in all.
    pub granted_units: i32,
    /// Hours a day (a session) as the rulebook allows.
    pub hours_min: Option<i32>,
    pub hours_max: Option<i32>,
    /// The largest share of remote or phone work (K §2.1), in percent of the granted units;
    /// `None`: the service is not given remotely.
    pub remote_share_max_percent: Option<i32>,
}

/// A day already recorded for the voucher, as the rules count it.
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    pub day: NaiveDate,
    pub status: Status,
    pub units: i32,
    pub remote: bool,
}

/// A day as someone claims it.
#[derive(Debug, Clone, Copy)]
pub struct Claim {
    pub day: NaiveDate,
    /// Hours, for hour-based services.
    pub hours: Option<i32>,
    pub remote: bool,
}

/// The first and the last day a check-in sent `today` may be for.
pub fn check_in_window(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = today
        .checked_sub_days(Days::new(LATE_WINDOW_DAYS))
        .unwrap_or(today);
    (first, today)
}

/// Whether a day checked in `today` is late (sent after the day itself).
pub fn is_late(day: NaiveDate, today: NaiveDate) -> bool {
    day < today
}

/// The day's place in time: not in the future, and not more than the late window ago.
pub fn check_when(day: NaiveDate, today: NaiveDate) -> Result<(), AppError> {
    let (first, last) = check_in_window(today);
    if day > last {
        return Err(AppError::new(ErrorCode::AttendanceInFuture));
    }
    if day < first {
        return Err(AppError::new(ErrorCode::AttendanceTooLate)
            .arg("days", LATE_WINDOW_DAYS as i64)
            .arg("from", first.to_string()));
    }
    Ok(())
}

/// The day is one the voucher and the agreement cover, before any interruption.
pub fn check_period(limits: &Limits, day: NaiveDate) -> Result<(), AppError> {
    if day < limits.valid_from || day > limits.valid_until {
        return Err(AppError::new(ErrorCode::AttendanceOutsideVoucher)
            .arg("from", limits.valid_from.to_string())
            .arg("until", limits.valid_until.to_string()));
    }
    if let Some(on) = limits.interrupted_on.filter(|on| day > *on) {
        return Err(AppError::new(ErrorCode::AttendanceInterrupted).arg("date", on.to_string()));
    }
    if day < limits.starts_on || day > limits.last_day {
        return Err(AppError::new(ErrorCode::AttendanceOutsideAgreement)
            .arg("from", limits.starts_on.to_string())
            .arg("until", limits.last_day.to_string()));
    }
    Ok(())
}

/// The units a claim takes: a day, or its hours within the rulebook's range.
pub fn units_of(limits: &Limits, claim: &Claim) -> Result<i32, AppError> {
    match (limits.unit, claim.hours) {
        (Unit::Day, None) => Ok(1),
        (Unit::Day, Some(_)) => Err(AppError::new(ErrorCode::AttendanceHoursNotTaken)),
        (Unit::Hour, None) => Err(AppError::new(ErrorCode::AttendanceHoursRequired)),
        (Unit::Hour, Some(h)) => {
            let min = limits.hours_min.unwrap_or(1).max(1);
            let max = limits.hours_max.unwrap_or(HOURS_MAX).min(HOURS_MAX);
            if h < min || h > max {
                return Err(AppError::new(ErrorCode::AttendanceHoursOutOfRange)
                    .arg("min", i64::from(min))
                    .arg("max", i64::from(max)));
            }
            Ok(h)
        }
    }
}

/// The Monday of `day`'s ISO week.
fn week_of(day: NaiveDate) -> NaiveDate {
    let back = u64::from(day.weekday().num_days_from_monday());
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// The rules of a new day on top of the voucher's recorded days (`others`, the day itself not
/// among them): the week's cap, the granted units, the remote share. Answers the units the day
/// takes.
pub fn check_claim(limits: &Limits, others: &[Counted], claim: &Claim) -> Result<i32, AppError> {
    check_period(limits, claim.day)?;
    let units = units_of(limits, claim)?;
    if claim.remote && limits.remote_share_max_percent.is_none() {
        return Err(AppError::new(ErrorCode::AttendanceRemoteNotAllowed));
    }
    if let Some(cap) = limits.per_week {
        let week = week_of(claim.day);
        let in_week = others
            .iter()
            .filter(|c| c.status.attended() && week_of(c.day) == week);
        let used: i32 = match limits.unit {
            Unit::Day => in_week.count() as i32,
            Unit::Hour => in_week.map(|c| c.units).sum(),
        };
        if used + units > cap {
            return Err(AppError::new(ErrorCode::AttendanceWeekFull)
                .arg("count", i64::from(cap))
                .arg("unit", unit_word(limits.unit)));
        }
    }
    let taken: i32 = others
        .iter()
        .filter(|c| c.status.takes_units())
        .map(|c| c.units)
        .sum();
    if taken + units > limits.granted_units {
        return Err(AppError::new(ErrorCode::AttendanceUnitsUsedUp)
            .arg("count", i64::from((limits.granted_units - taken).max(0)))
            .arg("unit", unit_word(limits.unit)));
    }
    if let (true, Some(pct)) = (claim.remote, limits.remote_share_max_percent) {
        let remote: i32 = others
            .iter()
            .filter(|c| c.remote && c.status.takes_units())
            .map(|c| c.units)
            .sum();
        // Integer arithmetic: at most pct % of the granted units, to the unit.
        if i64::from(remote + units) * 100 > i64::from(limits.granted_units) * i64::from(pct) {
            let most = i64::from(limits.granted_units) * i64::from(pct) / 100;
            return Err(AppError::new(ErrorCode::AttendanceRemoteShare)
                .arg("percent", i64::from(pct))
                .arg("count", most));
        }
    }
    Ok(units)
}

/// A corrected or confirmed amount: a day is one unit; hours stay within the rulebook's range.
pub fn check_hours(limits: &Limits, hours: Option<i32>, claimed: i32) -> Result<i32, AppError> {
    match limits.unit {
        Unit::Day => match hours {
            None => Ok(1),
            Some(_) => Err(AppError::new(ErrorCode::AttendanceHoursNotTaken)),
        },
        Unit::Hour => {
            let claim = Claim {
                day: limits.starts_on,
                hours: Some(hours.unwrap_or(claimed)),
                remote: false,
            };
            units_of(limits, &claim)
        }
    }
}

/// The unit's word for texts (`day` or `hour`).
pub fn unit_word(unit: Unit) -> &'static str {
    match unit {
        Unit::Day => "day",
        Unit::Hour => "hour",
    }
}

/// The billable units of a no-show: one while the calendar month's no-shows have billed fewer
/// than the rulebook allows (K §4), none after.
pub fn no_show_units(per_month: i32, billed_this_month: i32) -> i32 {
    i32::from(billed_this_month < per_month)
}

/// A period of the provider's individual guidance duty (H §5.1) and the hours given in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct GuidancePeriod {
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// Hours of individual guidance recorded with the period's days.
    pub hours: i32,
    /// The hours the rulebook asks for in a period.
    pub hours_min: i32,
}

/// The guidance periods of an agreement running from `starts_on` to `last_day`: every `months`
/// from its start (the last one cut at its end), each with the hours of `given` (day, hours)
/// that fall in it.
pub fn guidance_periods(
    (starts_on, last_day): (NaiveDate, NaiveDate),
    (hours_min, months): (i32, i32),
    given: &[(NaiveDate, i32)],
) -> Vec<GuidancePeriod> {
    let mut out = Vec::new();
    let step = chrono::Months::new(months.max(1) as u32);
    let mut from = starts_on;
    while from <= last_day {
        let Some(next) = from.checked_add_months(step) else {
            break;
        };
        let until = next.pred_opt().unwrap_or(next).min(last_day);
        let hours = given
            .iter()
            .filter(|(d, _)| *d >= from && *d <= until)
            .map(|(_, h)| *h)
            .sum();
        out.push(GuidancePeriod {
            from,
            until,
            hours,
            hours_min,
        });
        from = next;
    }
    out
}

/// The first and the last day of the calendar month of `day`.
pub fn month_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = day.with_day(1).unwrap_or(day);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    (first, next.pred_opt().unwrap_or(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Heinola's basic level: days, four a week, 200 days granted.
    fn heinola() -> Limits {
        Limits {
            unit: Unit::Day,
            valid_from: d("2026-09-01"),
            valid_until: d("2027-08-31"),
            starts_on: d("2026-09-07"),
            last_day: d("2027-03-06"),
            interrupted_on: None,
            per_week: Some(4),
            granted_units: 200,
            hours_min: Some(4),
            hours_max: Some(8),
            remote_share_max_percent: None,
        }
    }

    /// Kuopio's individual coaching: hours, 40 granted, 10 % remote.
    fn coaching() -> Limits {
        Limits {
            unit: Unit::Hour,
            per_week: None,
            granted_units: 40,
            hours_min: None,
            hours_max: None,
            remote_share_max_percent: Some(10),
            ..heinola()
        }
    }

    fn day(s: &str) -> Claim {
        Claim {
            day: d(s),
            hours: None,
            remote: false,
        }
    }

    fn counted(s: &str, status: Status, units: i32, remote: bool) -> Counted {
        Counted {
            day: d(s),
            status,
            units,
            remote,
        }
    }

    fn code(r: Result<i32, AppError>) -> Option<ErrorCode> {
        r.err().map(|e| e.code)
    }

    #[test]
    fn the_window_is_today_and_the_week_before() {
        let today = d("2026-12-10");
        assert!(check_when(today, today).is_ok());
        assert!(check_when(d("2026-12-03"), today).is_ok());
        let late = check_when(d("2026-12-02"), today).unwrap_err();
        assert_eq!(late.code, ErrorCode::AttendanceTooLate);
        let ahead = check_when(d("2026-12-11"), today).unwrap_err();
        assert_eq!(ahead.code, ErrorCode::AttendanceInFuture);
        assert!(is_late(d("2026-12-09"), today));
        assert!(!is_late(today, today));
    }

    #[test]
    fn a_week_holds_the_agreed_days_and_no_more() {
        let l = heinola();
        // Monday to Thursday of one ISO week, and a rejected Friday that does not count.
        let mut days: Vec<Counted> = ["2026-12-07", "2026-12-08", "2026-12-09"]
            .iter()
            .map(|s| counted(s, Status::Confirmed, 1, false))
            .collect();
        days.push(counted("2026-12-11", Status::Rejected, 1, false));
        days.push(counted("2026-12-06", Status::Confirmed, 1, false)); // the Sunday before
        assert_eq!(check_claim(&l, &days, &day("2026-12-10")).unwrap(), 1);
        days.push(counted("2026-12-10", Status::Pending, 1, false));
        assert_eq!(
            code(check_claim(&l, &days, &day("2026-12-12"))),
            Some(ErrorCode::AttendanceWeekFull)
        );
        // The next Monday is a new week.
        assert!(check_claim(&l, &days, &day("2026-12-14")).is_ok());
        // An absence is not a day at the activity.
        let absent = vec![counted("2026-12-07", Status::Absent, 0, false); 4];
        assert!(check_claim(&l, &absent, &day("2026-12-08")).is_ok());
    }

    #[test]
    fn the_last_granted_unit_is_the_last() {
        let l = Limits {
            per_week: None,
            granted_units: 3,
            ..heinola()
        };
        let two = vec![
            counted("2026-11-02", Status::Confirmed, 1, false),
            counted("2026-11-03", Status::Pending, 1, false),
        ];
        assert!(check_claim(&l, &two, &day("2026-11-04")).is_ok());
        let mut three = two.clone();
        three.push(counted("2026-11-04", Status::Corrected, 1, false));
        assert_eq!(
            code(check_claim(&l, &three, &day("2026-11-05"))),
            Some(ErrorCode::AttendanceUnitsUsedUp)
        );
        // A rejected day gives its unit back.
        three[1].status = Status::Rejected;
        assert!(check_claim(&l, &three, &day("2026-11-05")).is_ok());
    }

    #[test]
    fn remote_coaching_stays_within_its_share() {
        let l = coaching();
        let remote = |hours| Claim {
            day: d("2026-11-10"),
            hours: Some(hours),
            remote: true,
        };
        // 10 % of 40 hours: four remote hours, the fifth is refused.
        let three = vec![counted("2026-11-03", Status::Confirmed, 3, true)];
        assert_eq!(check_claim(&l, &three, &remote(1)).unwrap(), 1);
        assert_eq!(
            code(check_claim(&l, &three, &remote(2))),
            Some(ErrorCode::AttendanceRemoteShare)
        );
        // Hours at the place do not count towards the share.
        let at_place = vec![counted("2026-11-03", Status::Confirmed, 8, false)];
        assert!(check_claim(&l, &at_place, &remote(4)).is_ok());
        // A service that is not given remotely refuses remote days.
        let heinola = heinola();
        assert_eq!(
            code(check_claim(&heinola, &[], &day_remote("2026-11-10"))),
            Some(ErrorCode::AttendanceRemoteNotAllowed)
        );
    }

    fn day_remote(s: &str) -> Claim {
        Claim {
            remote: true,
            ..day(s)
        }
    }

    #[test]
    fn hours_are_for_hour_services_within_the_range() {
        let group = Limits {
            hours_min: Some(1),
            hours_max: Some(3),
            per_week: Some(5),
            ..coaching()
        };
        let hours = |h| Claim {
            day: d("2026-11-10"),
            hours: Some(h),
            remote: false,
        };
        assert_eq!(check_claim(&group, &[], &hours(3)).unwrap(), 3);
        assert_eq!(
            code(check_claim(&group, &[], &hours(4))),
            Some(ErrorCode::AttendanceHoursOutOfRange)
        );
        assert_eq!(
            code(check_claim(&group, &[], &day("2026-11-10"))),
            Some(ErrorCode::AttendanceHoursRequired)
        );
        assert_eq!(
            code(check_claim(&heinola(), &[], &hours(5))),
            Some(ErrorCode::AttendanceHoursNotTaken)
        );
        // Five hours a week: three on Monday leave two for Tuesday.
        let monday = vec![counted("2026-11-09", Status::Confirmed, 3, false)];
        assert!(check_claim(&group, &monday, &hours(2)).is_ok());
        assert_eq!(
            code(check_claim(&group, &monday, &hours(3))),
            Some(ErrorCode::AttendanceWeekFull)
        );
    }

    #[test]
    fn days_outside_the_voucher_the_agreement_or_after_an_interruption_are_refused() {
        let l = heinola();
        let refused = |l: &Limits, s: &str| code(check_claim(l, &[], &day(s)));
        assert_eq!(
            refused(&l, "2026-08-31"),
            Some(ErrorCode::AttendanceOutsideVoucher)
        );
        assert_eq!(
            refused(&l, "2026-09-06"),
            Some(ErrorCode::AttendanceOutsideAgreement)
        );
        assert_eq!(refused(&l, "2026-09-07"), None);
        assert_eq!(refused(&l, "2027-03-06"), None);
        assert_eq!(
            refused(&l, "2027-03-07"),
            Some(ErrorCode::AttendanceOutsideAgreement)
        );
        let cut = Limits {
            interrupted_on: Some(d("2026-10-01")),
            ..l
        };
        assert_eq!(refused(&cut, "2026-10-01"), None);
        assert_eq!(
            refused(&cut, "2026-10-02"),
            Some(ErrorCode::AttendanceInterrupted)
        );
    }

    #[test]
    fn a_month_bills_its_no_shows_up_to_the_rulebook() {
        assert_eq!(no_show_units(1, 0), 1);
        assert_eq!(no_show_units(1, 1), 0);
        assert_eq!(no_show_units(2, 1), 1);
        assert_eq!(no_show_units(0, 0), 0);
        assert_eq!(
            month_of(d("2026-02-14")),
            (d("2026-02-01"), d("2026-02-28"))
        );
        assert_eq!(
            month_of(d("2026-12-31")),
            (d("2026-12-01"), d("2026-12-31"))
        );
    }

    #[test]
    fn guidance_is_counted_in_three_month_periods_from_the_start() {
        let given = [
            (d("2026-01-20"), 2),
            (d("2026-04-14"), 3),
            (d("2026-04-15"), 4),
        ];
        let periods = guidance_periods((d("2026-01-15"), d("2026-08-31")), (6, 3), &given);
        let shape: Vec<(NaiveDate, NaiveDate, i32)> =
            periods.iter().map(|p| (p.from, p.until, p.hours)).collect();
        assert_eq!(
            shape,
            [
                (d("2026-01-15"), d("2026-04-14"), 5),
                (d("2026-04-15"), d("2026-07-14"), 4),
                (d("2026-07-15"), d("2026-08-31"), 0),
            ]
        );
        assert!(periods.iter().all(|p| p.hours_min == 6));
    }

    #[test]
    fn statuses_and_absences_read_back_as_written() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for a in Absence::ALL {
            assert_eq!(Absence::parse(a.as_str()), Some(a));
        }
        for r in AbsenceReason::ALL {
            assert_eq!(AbsenceReason::parse(r.as_str()), Some(r));
        }
    }
}
