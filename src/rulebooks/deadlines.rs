//! The clocks of a voucher: by when the intro visit is arranged and the service starts (H §1.4,
//! K §4). A rulebook says how long each clock runs and what it counts from; the caseworker
//! records the dates on the voucher ([`Anchors`]); [`deadlines`] is the one function that turns
//! the two into dates. Pure: no IO, no clock.

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Terms;
use crate::clock::holidays::{add_counted_days, add_working_days, is_working_day};
use crate::db::schema::rulebook_holiday_periods;
use crate::error::{AppError, ErrorCode};

/// What a clock counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The day of the decision.
    #[default]
    Decision,
    /// The day the client agreed with the caseworker to start at a service place (H §1.4).
    PlaceAgreed,
    /// The day the activation plan or multi-professional employment plan was made (H §1.4).
    PlanMade,
    /// The day the service was ordered from the provider (K §4).
    Ordered,
}

impl Anchor {
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Decision => "decision",
            Anchor::PlaceAgreed => "place_agreed",
            Anchor::PlanMade => "plan_made",
            Anchor::Ordered => "ordered",
        }
    }

    /// A stored code; an unknown one counts from the decision.
    pub fn parse(s: &str) -> Anchor {
        match s {
            "place_agreed" => Anchor::PlaceAgreed,
            "plan_made" => Anchor::PlanMade,
            "ordered" => Anchor::Ordered,
            _ => Anchor::Decision,
        }
    }
}

/// A holiday period that comes back every year, from its first day to its last, both included;
/// it may run over the new year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = rulebook_holiday_periods)]
pub struct HolidayPeriod {
    pub first_month: i32,
    pub first_day: i32,
    pub last_month: i32,
    pub last_day: i32,
}

impl HolidayPeriod {
    pub fn contains(self, d: NaiveDate) -> bool {
        let day = (d.month() as i32, d.day() as i32);
        let (first, last) = (
            (self.first_month, self.first_day),
            (self.last_month, self.last_day),
        );
        if first <= last {
            first <= day && day <= last
        } else {
            day >= first || day <= last
        }
    }
}

/// The dates a voucher's clocks count from, as the caseworker recorded them. A date not recorded
/// is the decision date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchors {
    pub decision: NaiveDate,
    pub place_agreed_on: Option<NaiveDate>,
    pub plan_made_on: Option<NaiveDate>,
    pub ordered_on: Option<NaiveDate>,
    /// A start agreed separately with the client and the caseworker (K §4; H §1.4 allows a later
    /// start that suits both): it replaces the counted start deadline.
    pub start_agreed_on: Option<NaiveDate>,
    /// A closed group's start, as the provider announced it (K §4).
    pub group_starts_on: Option<NaiveDate>,
}

impl Anchors {
    /// Only the decision date: every clock counts from it.
    pub fn decision(decision: NaiveDate) -> Anchors {
        Anchors {
            decision,
            place_agreed_on: None,
            plan_made_on: None,
            ordered_on: None,
            start_agreed_on: None,
            group_starts_on: None,
        }
    }

    /// The day a clock counting from `anchor` counts from.
    pub fn date(&self, anchor: Anchor) -> NaiveDate {
        match anchor {
            Anchor::Decision => None,
            Anchor::PlaceAgreed => self.place_agreed_on,
            Anchor::PlanMade => self.plan_made_on,
            Anchor::Ordered => self.ordered_on,
        }
        .unwrap_or(self.decision)
    }
}

/// How the start deadline was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StartBasis {
    /// Counted by the rulebook's clock from its anchor.
    Counted,
    /// A start agreed separately with the client and the caseworker.
    Agreed,
    /// A closed group's announced start.
    ClosedGroup,
}

/// A closed group's start (K §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupStart {
    /// The start the provider announced.
    pub announced: NaiveDate,
    /// The day the group's size decides whether it may be delayed.
    pub fill_checked_on: NaiveDate,
    /// Under this share of its largest size on that day, the provider may delay or cancel it.
    pub min_fill_percent: i32,
    /// The latest start if it is delayed.
    pub latest_if_delayed: NaiveDate,
    /// New clients may join until this day.
    pub joins_until: NaiveDate,
}

/// A voucher's deadlines: the last day each thing may happen on. `None`: the rulebook has no such
/// clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The intro visit is arranged by this day.
    pub intro_visit_by: Option<NaiveDate>,
    /// The service starts by this day.
    pub start_by: Option<NaiveDate>,
    /// How `start_by` was set.
    pub start_basis: Option<StartBasis>,
    /// A closed group's start, when the voucher records one.
    pub closed_group: Option<GroupStart>,
}

impl Deadlines {
    /// Whether an intro visit booked on `booked_on` was booked after its deadline (H §1.4). It
    /// is read, never stored: a date the caseworker records later moves the deadline, and the
    /// mark with it.
    pub fn intro_booked_late(&self, booked_on: NaiveDate) -> bool {
        self.intro_visit_by.is_some_and(|by| booked_on > by)
    }

    /// The last day the service may start without being late. For a closed group (K §4) it is
    /// later than the announced start: an under-filled group may be delayed by the allowed
    /// working days (nothing here tells whether it was), and a new client may still join it
    /// within the joining window. Else `start_by`.
    pub fn start_on_time_until(&self) -> Option<NaiveDate> {
        match self.closed_group {
            Some(g) => Some(g.announced.max(g.latest_if_delayed).max(g.joins_until)),
            None => self.start_by,
        }
    }
}

/// Periods that covered the whole year would never let a clock run: counting stops after this
/// many days (ten years) and the clock ends on the day it reached.
const MAX_STEPS: u32 = 3660;

/// Whether `d` is in one of `periods`.
fn in_periods(d: NaiveDate, periods: &[HolidayPeriod]) -> bool {
    periods.iter().any(|p| p.contains(d))
}

/// `n` days after `from`, not counting the days of `periods`.
fn days_after(from: NaiveDate, n: i32, periods: &[HolidayPeriod]) -> NaiveDate {
    add_counted_days(from, n.max(0) as u32, MAX_STEPS, |d| {
        !in_periods(d, periods)
    })
    .unwrap_or(NaiveDate::MAX)
}

/// `n` working days after `from` (weekends and Finnish public holidays do not count), nor the
/// days of `periods`.
fn working_days_after(from: NaiveDate, n: i32, periods: &[HolidayPeriod]) -> NaiveDate {
    let n = n.max(0) as u32;
    if periods.is_empty() {
        return add_working_days(from, n);
    }
    add_counted_days(from, n, MAX_STEPS, |d| {
        is_working_day(d) && !in_periods(d, periods)
    })
    .unwrap_or(NaiveDate::MAX)
}

/// The one function that turns a rulebook's clocks and a voucher's recorded dates into its
/// deadlines (H §1.4, K §4). The intro visit: the rulebook's days from its anchor. The start:
/// a closed group's announced date where one is recorded; else a start agreed separately; else
/// the rulebook's days (or working days) from its anchor, without the holiday periods where the
/// rulebook says so.
pub fn deadlines(terms: &Terms, anchors: &Anchors) -> Deadlines {
    let rb = &terms.rulebook;
    let rules = &terms.rules;
    let intro_visit_by = rb
        .intro_visit_within_days
        .map(|n| days_after(anchors.date(rules.intro_anchor()), n, &[]));
    let skipped: &[HolidayPeriod] = if rules.start_skips_holiday_periods {
        &terms.holidays
    } else {
        &[]
    };
    let start_from = anchors.date(rules.start_anchor());
    let counted = match (rb.start_within_days, rb.start_within_working_days) {
        (Some(n), _) => Some(days_after(start_from, n, skipped)),
        (None, Some(n)) => Some(working_days_after(start_from, n, skipped)),
        (None, None) => None,
    };
    let closed_group = match (anchors.group_starts_on, closed_group_rule(terms)) {
        (Some(announced), Some(rule)) => Some(GroupStart {
            announced,
            fill_checked_on: announced - chrono::Days::new(rule.fill_checked_days_before as u64),
            min_fill_percent: rule.min_fill_percent,
            latest_if_delayed: add_working_days(announced, rule.delay_max_working_days as u32),
            joins_until: add_working_days(announced, rule.joining_working_days as u32),
        }),
        _ => None,
    };
    let (start_by, start_basis) = match (closed_group, anchors.start_agreed_on, counted) {
        (Some(g), _, _) => (Some(g.announced), Some(StartBasis::ClosedGroup)),
        (None, Some(agreed), Some(_)) => (Some(agreed), Some(StartBasis::Agreed)),
        (None, _, Some(due)) => (Some(due), Some(StartBasis::Counted)),
        (None, _, None) => (None, None),
    };
    Deadlines {
        intro_visit_by,
        start_by,
        start_basis,
        closed_group,
    }
}

/// A rulebook's closed-group rule (K §4), where it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedGroupRule {
    pub delay_max_working_days: i32,
    pub min_fill_percent: i32,
    pub fill_checked_days_before: i32,
    pub joining_working_days: i32,
}

pub fn closed_group_rule(terms: &Terms) -> Option<ClosedGroupRule> {
    let r = &terms.rules;
    Some(ClosedGroupRule {
        delay_max_working_days: r.group_delay_max_working_days?.max(0),
        min_fill_percent: r.group_min_fill_percent?,
        fill_checked_days_before: r.group_fill_checked_days_before?.max(0),
        joining_working_days: r.group_joining_working_days?.max(0),
    })
}

/// Checks the dates a caseworker records: each must be one a clock of the rulebook counts from
/// (or a start or a closed group's start where the rulebook has those), and what has happened
/// cannot be in the future.
/// `service` is the service's name in the caller's language, for the message.
pub fn check_anchors(
    terms: &Terms,
    anchors: &Anchors,
    today: NaiveDate,
    service: &str,
) -> Result<(), AppError> {
    let rules = &terms.rules;
    let used = |anchor: Anchor| {
        (terms.rulebook.intro_visit_within_days.is_some() && rules.intro_anchor() == anchor)
            || (has_start_clock(terms) && rules.start_anchor() == anchor)
    };
    let not_applicable = |field: &'static str| {
        AppError::new(ErrorCode::VoucherTermNotApplicable)
            .arg("field", field)
            .arg("service", service.to_string())
    };
    for (field, anchor, date) in [
        (
            "place_agreed_on",
            Anchor::PlaceAgreed,
            anchors.place_agreed_on,
        ),
        ("plan_made_on", Anchor::PlanMade, anchors.plan_made_on),
        ("ordered_on", Anchor::Ordered, anchors.ordered_on),
    ] {
        let Some(date) = date else { continue };
        if !used(anchor) {
            return Err(not_applicable(field));
        }
        if date > today {
            return Err(AppError::new(ErrorCode::VoucherAnchorInFuture).arg("field", field));
        }
    }
    if anchors.start_agreed_on.is_some() && !has_start_clock(terms) {
        return Err(not_applicable("start_agreed_on"));
    }
    if anchors.group_starts_on.is_some() && closed_group_rule(terms).is_none() {
        return Err(not_applicable("group_starts_on"));
    }
    // A client joins a closed group only within its joining window (K §4), counted from the
    // group's start to the day the client's start counts from (the order).
    if let Some(g) = deadlines(terms, anchors).closed_group {
        if anchors.date(rules.start_anchor()) > g.joins_until {
            return Err(AppError::new(ErrorCode::VoucherGroupJoinClosed)
                .arg("date", g.joins_until.to_string()));
        }
    }
    Ok(())
}

fn has_start_clock(terms: &Terms) -> bool {
    terms.rulebook.start_within_days.is_some() || terms.rulebook.start_within_working_days.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebooks::tests::terms;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn period(first: (i32, i32), last: (i32, i32)) -> HolidayPeriod {
        HolidayPeriod {
            first_month: first.0,
            first_day: first.1,
            last_month: last.0,
            last_day: last.1,
        }
    }

    /// Heinola's clocks (H §1.4), with the holiday periods as our reading of "loma-ajat".
    fn heinola() -> Terms {
        let mut t = terms(vec![]);
        t.rulebook.intro_visit_within_days = Some(7);
        t.rulebook.start_within_days = Some(14);
        t.rulebook.start_within_working_days = None;
        t.rules.intro_visit_counts_from = "place_agreed".into();
        t.rules.start_counts_from = "plan_made".into();
        t.rules.start_skips_holiday_periods = true;
        t.holidays = vec![period((7, 1), (7, 31)), period((12, 24), (1, 6))];
        t
    }

    /// Kuopio's clocks (K §4); with `group`, its closed-group rule.
    fn kuopio(group: bool) -> Terms {
        let mut t = terms(vec![]);
        t.rulebook.start_within_working_days = Some(10);
        t.rules.start_counts_from = "ordered".into();
        if group {
            t.rules.group_delay_max_working_days = Some(10);
            t.rules.group_min_fill_percent = Some(60);
            t.rules.group_fill_checked_days_before = Some(7);
            t.rules.group_joining_working_days = Some(10);
        }
        t
    }

    #[test]
    fn a_holiday_period_may_run_over_the_new_year() {
        let christmas = period((12, 24), (1, 6));
        assert!(!christmas.contains(d(2026, 12, 23)));
        assert!(christmas.contains(d(2026, 12, 24)));
        assert!(christmas.contains(d(2027, 1, 6)));
        assert!(!christmas.contains(d(2027, 1, 7)));
        let july = period((7, 1), (7, 31));
        assert!(july.contains(d(2026, 7, 1)) && july.contains(d(2026, 7, 31)));
        assert!(!july.contains(d(2026, 6, 30)) && !july.contains(d(2026, 8, 1)));
    }

    #[test]
    fn the_intro_visit_counts_seven_days_from_the_agreement_weekends_and_holidays_included() {
        let t = heinola();
        let mut a = Anchors::decision(d(2026, 3, 20));
        assert_eq!(deadlines(&t, &a).intro_visit_by, Some(d(2026, 3, 27)));
        // Agreed on the Thursday before Easter: Good Friday, the weekend and Easter Monday count.
        a.place_agreed_on = Some(d(2026, 4, 2));
        assert_eq!(deadlines(&t, &a).intro_visit_by, Some(d(2026, 4, 9)));
    }

    #[test]
    fn a_booking_is_late_by_the_deadline_in_force_when_it_is_read() {
        let t = heinola();
        let mut a = Anchors::decision(d(2026, 3, 2));
        let booked_on = d(2026, 3, 12);
        assert!(deadlines(&t, &a).intro_booked_late(booked_on));
        // The caseworker records the day the place was agreed: the same booking is on time.
        a.place_agreed_on = Some(d(2026, 3, 5));
        assert!(!deadlines(&t, &a).intro_booked_late(booked_on));
        assert!(!deadlines(&t, &a).intro_booked_late(d(2026, 3, 12)));
        assert!(deadlines(&t, &a).intro_booked_late(d(2026, 3, 13)));
        assert!(!deadlines(&kuopio(false), &a).intro_booked_late(d(2027, 1, 1)));
    }

    #[test]
    fn heinolas_start_counts_fourteen_days_from_the_plan_without_the_holiday_periods() {
        let t = heinola();
        let mut a = Anchors::decision(d(2026, 3, 30));
        let start = |a: &Anchors| {
            let due = deadlines(&t, a);
            assert_eq!(due.start_basis, Some(StartBasis::Counted));
            due.start_by.unwrap()
        };
        assert_eq!(start(&a), d(2026, 4, 13));
        // Across Easter: public holidays and weekends count, they are days.
        a.plan_made_on = Some(d(2026, 3, 27));
        assert_eq!(start(&a), d(2026, 4, 10));
        // The last day before Christmas is the fourteenth; a day later the clock stops over the
        // holidays and its last day is the first day after them.
        a.plan_made_on = Some(d(2026, 12, 9));
        assert_eq!(start(&a), d(2026, 12, 23));
        a.plan_made_on = Some(d(2026, 12, 10));
        assert_eq!(start(&a), d(2027, 1, 7));
        a.plan_made_on = Some(d(2026, 12, 20));
        assert_eq!(start(&a), d(2027, 1, 17));
        // July does not count either.
        a.plan_made_on = Some(d(2026, 6, 20));
        assert_eq!(start(&a), d(2026, 8, 4));
        // The intro visit's clock has no holiday periods.
        a.place_agreed_on = Some(d(2026, 12, 20));
        assert_eq!(deadlines(&t, &a).intro_visit_by, Some(d(2026, 12, 27)));
    }

    #[test]
    fn kuopios_start_counts_ten_working_days_from_the_order_or_an_agreed_day() {
        let t = kuopio(false);
        let mut a = Anchors::decision(d(2026, 3, 30));
        let due = deadlines(&t, &a);
        assert_eq!(due.intro_visit_by, None);
        assert_eq!(due.start_by, Some(d(2026, 4, 15)));
        // Ordered on the Wednesday before Easter: Good Friday and Easter Monday do not count.
        a.ordered_on = Some(d(2026, 4, 1));
        assert_eq!(deadlines(&t, &a).start_by, Some(d(2026, 4, 17)));
        // Ordered on a Friday before Christmas: the weekends, Christmas, New Year and Epiphany
        // do not count.
        a.ordered_on = Some(d(2026, 12, 18));
        assert_eq!(deadlines(&t, &a).start_by, Some(d(2027, 1, 7)));
        // A start agreed separately replaces the counted one.
        a.start_agreed_on = Some(d(2027, 2, 1));
        let due = deadlines(&t, &a);
        assert_eq!(due.start_by, Some(d(2027, 2, 1)));
        assert_eq!(due.start_basis, Some(StartBasis::Agreed));
    }

    #[test]
    fn a_closed_group_starts_on_its_date_and_at_most_ten_working_days_later() {
        let t = kuopio(true);
        let mut a = Anchors::decision(d(2026, 3, 20));
        a.group_starts_on = Some(d(2026, 4, 1));
        let due = deadlines(&t, &a);
        assert_eq!(due.start_by, Some(d(2026, 4, 1)));
        assert_eq!(due.start_basis, Some(StartBasis::ClosedGroup));
        assert_eq!(
            due.closed_group,
            Some(GroupStart {
                announced: d(2026, 4, 1),
                fill_checked_on: d(2026, 3, 25),
                min_fill_percent: 60,
                // Ten working days across Easter.
                latest_if_delayed: d(2026, 4, 17),
                joins_until: d(2026, 4, 17),
            })
        );
    }

    #[test]
    fn a_closed_group_start_is_on_time_until_its_allowed_delay_across_easter() {
        let t = kuopio(true);
        let mut a = Anchors::decision(d(2026, 3, 20));
        // Announced for the Wednesday before Easter: ten working days without Good Friday and
        // Easter Monday end on Friday 17 April.
        a.group_starts_on = Some(d(2026, 4, 1));
        let due = deadlines(&t, &a);
        assert_eq!(due.start_by, Some(d(2026, 4, 1)));
        assert_eq!(due.start_on_time_until(), Some(d(2026, 4, 17)));
        // Without a group, the counted start is the one.
        let plain = deadlines(&kuopio(false), &Anchors::decision(d(2026, 3, 30)));
        assert_eq!(plain.start_on_time_until(), plain.start_by);
    }

    #[test]
    fn a_client_joins_a_closed_group_within_ten_working_days_of_its_start() {
        let t = kuopio(true);
        let joined = |ordered: NaiveDate| {
            let mut a = Anchors::decision(d(2026, 3, 20));
            a.group_starts_on = Some(d(2026, 4, 1));
            a.ordered_on = Some(ordered);
            check_anchors(&t, &a, d(2026, 5, 4), "s")
                .err()
                .map(|e| e.code)
        };
        // The window ends on Friday 17 April (Easter off): the day before and on it are open,
        // the weekend after and the Monday are not.
        assert_eq!(joined(d(2026, 4, 16)), None);
        assert_eq!(joined(d(2026, 4, 17)), None);
        for late in [d(2026, 4, 18), d(2026, 4, 20)] {
            assert_eq!(joined(late), Some(ErrorCode::VoucherGroupJoinClosed));
        }
    }

    #[test]
    fn only_the_dates_a_clock_counts_from_may_be_recorded_and_none_in_the_future() {
        let today = d(2026, 4, 2);
        let code = |t: &Terms, a: Anchors| {
            check_anchors(t, &a, today, "s")
                .err()
                .map(|e| (e.code, e.args.first().cloned()))
        };
        let mut a = Anchors::decision(d(2026, 4, 1));
        a.place_agreed_on = Some(today);
        a.plan_made_on = Some(d(2026, 3, 30));
        assert_eq!(code(&heinola(), a), None);
        a.place_agreed_on = Some(d(2026, 4, 3));
        assert_eq!(
            code(&heinola(), a),
            Some((
                ErrorCode::VoucherAnchorInFuture,
                Some(("field", "place_agreed_on".into()))
            ))
        );
        let mut a = Anchors::decision(d(2026, 4, 1));
        a.ordered_on = Some(today);
        assert_eq!(
            code(&heinola(), a).map(|c| c.0),
            Some(ErrorCode::VoucherTermNotApplicable)
        );
        assert_eq!(code(&kuopio(false), a), None);
        let mut a = Anchors::decision(d(2026, 4, 1));
        a.group_starts_on = Some(d(2026, 5, 4));
        assert_eq!(
            code(&kuopio(false), a).map(|c| c.0),
            Some(ErrorCode::VoucherTermNotApplicable)
        );
        assert_eq!(code(&kuopio(true), a), None);
    }
}
