//! Vouchers: issued by a caseworker under a rulebook, seen by the client in the wallet.

pub mod number;
pub mod reading;
pub mod repo;
pub mod routes;
pub mod view;
pub mod work;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::{voucher_events, vouchers};

pub use crate::rulebooks::{MeetingPlace, Period};
pub use number::VoucherNumber;
pub use work::{change, issue, Change, Issue};

use crate::money::Span;

use crate::rulebooks::Terms;

/// How far a voucher has got with a provider: the intro visit booked and the agreement made
/// (see `visits`). The wallet tells the deadlines by it, and the agreement fixes the value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// The latest intro visit not cancelled.
    pub visit: Option<BookedVisit>,
    /// The agreement in force.
    pub agreement: Option<Agreed>,
}

/// The rule for a deadline clock that has run out with nothing done (H §1.4, K §4): late from
/// the day after it was due. A booking or start that came late clears its clock once it is
/// there (the booking itself reads as late). The wallet's `overdue` and the caseworker's list
/// of late clocks both go by it.
impl Progress {
    /// No intro visit booked by `due`, on `today`.
    ///
    /// An agreement in force clears the clock too, even with no visit on record: an agreement
    /// is only made from a held visit, or from a queue offer after one, so in practice there is
    /// no agreement without a visit; where one is, the client has clearly got past the visit.
    pub fn intro_visit_late(&self, due: NaiveDate, today: NaiveDate) -> bool {
        today > due && self.visit.is_none() && self.agreement.is_none()
    }

    /// No service started by `due`, on `today`: no agreement in force, or one that starts
    /// after `today` (late until it starts).
    pub fn start_late(&self, due: NaiveDate, today: NaiveDate) -> bool {
        today > due && self.agreement.as_ref().is_none_or(|a| a.starts_on > today)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BookedVisit {
    pub provider: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    /// The day it was booked, in Helsinki: whether that was late is read from the deadline in
    /// force (see `rulebooks::Deadlines::intro_booked_late`).
    pub booked_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Agreed {
    pub provider: String,
    pub starts_on: NaiveDate,
    /// Where the meetings mainly happen, where the agreement names it (individual coaching).
    pub meeting: Option<MeetingPlace>,
}

/// What units of a voucher are worth: granted units × unit price (K §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value {
    /// The unit price, or its range.
    pub unit_price: Span,
    /// The distance tier, once the meeting place decides it.
    pub tier: Option<i32>,
    /// The units × the unit price.
    pub total: Span,
}

/// The value of `units` units of a voucher under `terms`. `meeting` is where the meetings mainly
/// happen, as the client's agreement with a provider names it: it fixes the price tier (remote
/// or phone coaching always the remote tier). `None`, before an agreement, gives the range of the
/// rulebook's prices; a rulebook with one price gives that price either way.
pub fn value(terms: &Terms, units: i64, meeting: Option<MeetingPlace>) -> Value {
    let (unit_price, tier) = match meeting {
        Some(place) => {
            let p = terms.price_at(place);
            (Span::exact(p.cents), p.tier)
        }
        None => {
            let (min, max) = terms.price_range();
            (Span { min, max }, None)
        }
    };
    Value {
        unit_price,
        tier,
        total: unit_price.times(units.max(0)),
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = vouchers)]
pub struct VoucherRow {
    pub id: String,
    pub number: String,
    pub client_id: String,
    pub rulebook_id: String,
    pub caseworker_id: String,
    pub decision_date: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub granted_units: i32,
    pub per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
    pub exception_reason: Option<String>,
    pub out_of_area_allowed: bool,
    pub out_of_area_reason: Option<String>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancel_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub place_agreed_on: Option<NaiveDate>,
    pub plan_made_on: Option<NaiveDate>,
    pub ordered_on: Option<NaiveDate>,
    pub start_agreed_on: Option<NaiveDate>,
    pub group_starts_on: Option<NaiveDate>,
}

/// The dates a voucher's deadlines count from, as the caseworker records them (H §1.4, K §4).
/// A date left out is the decision date. Each must be one the rulebook's clocks use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineAnchors {
    /// The day the client agreed with the caseworker to start at a service place: the intro
    /// visit's clock (H §1.4).
    pub place_agreed_on: Option<NaiveDate>,
    /// The day the activation plan (or multi-professional employment plan) was made: the start's
    /// clock (H §1.4).
    pub plan_made_on: Option<NaiveDate>,
    /// The day the service was ordered from the provider: the start's clock (K §4).
    pub ordered_on: Option<NaiveDate>,
    /// A start agreed separately with the client and the caseworker; it replaces the counted
    /// start deadline.
    pub start_agreed_on: Option<NaiveDate>,
    /// A closed group's start as the provider announced it (K §4).
    pub group_starts_on: Option<NaiveDate>,
}

impl DeadlineAnchors {
    pub fn is_empty(&self) -> bool {
        *self == DeadlineAnchors::default()
    }
}

/// Where a voucher stands today (a Helsinki date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = VoucherStatus)]
pub enum Status {
    /// Issued, but its validity has not begun.
    Upcoming,
    Active,
    /// Its validity has ended.
    Expired,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Upcoming => "upcoming",
            Status::Active => "active",
            Status::Expired => "expired",
            Status::Cancelled => "cancelled",
        }
    }
}

impl VoucherRow {
    /// A voucher as issued now by the caseworker of `access`, under `terms`, with no dates
    /// recorded for its clocks yet.
    pub fn issued(
        id: &str,
        number: String,
        access: &crate::access::Access,
        terms: &Terms,
        v: &work::Issue,
    ) -> VoucherRow {
        let at = access.now.naive_utc();
        VoucherRow {
            id: id.to_string(),
            number,
            client_id: access.client_id().to_string(),
            rulebook_id: terms.rulebook.id.clone(),
            caseworker_id: access.actor_id.clone(),
            decision_date: v.decision_date,
            valid_from: v.valid_from,
            valid_until: v.valid_until,
            granted_units: v.granted_units,
            per_week: v.per_week,
            hours_per_day: v.hours_per_day,
            exception_reason: v.exception_reason.clone(),
            out_of_area_allowed: v.out_of_area_reason.is_some(),
            out_of_area_reason: v.out_of_area_reason.clone(),
            cancelled_at: None,
            cancel_reason: None,
            created_at: at,
            updated_at: at,
            place_agreed_on: None,
            plan_made_on: None,
            ordered_on: None,
            start_agreed_on: None,
            group_starts_on: None,
        }
    }

    /// The dates its clocks count from.
    pub fn anchors(&self) -> crate::rulebooks::Anchors {
        crate::rulebooks::Anchors {
            decision: self.decision_date,
            place_agreed_on: self.place_agreed_on,
            plan_made_on: self.plan_made_on,
            ordered_on: self.ordered_on,
            start_agreed_on: self.start_agreed_on,
            group_starts_on: self.group_starts_on,
        }
    }

    /// The recorded dates, as the API shows and takes them.
    pub fn deadline_anchors(&self) -> DeadlineAnchors {
        DeadlineAnchors {
            place_agreed_on: self.place_agreed_on,
            plan_made_on: self.plan_made_on,
            ordered_on: self.ordered_on,
            start_agreed_on: self.start_agreed_on,
            group_starts_on: self.group_starts_on,
        }
    }

    /// Records new dates for the clocks.
    pub fn set_anchors(&mut self, a: DeadlineAnchors) {
        self.place_agreed_on = a.place_agreed_on;
        self.plan_made_on = a.plan_made_on;
        self.ordered_on = a.ordered_on;
        self.start_agreed_on = a.start_agreed_on;
        self.group_starts_on = a.group_starts_on;
    }

    pub fn status(&self, today: NaiveDate) -> Status {
        if self.cancelled_at.is_some() {
            Status::Cancelled
        } else if today < self.valid_from {
            Status::Upcoming
        } else if today > self.valid_until {
            Status::Expired
        } else {
            Status::Active
        }
    }
}

/// The kinds of change kept in a voucher's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = VoucherEventKind)]
pub enum EventKind {
    Issued,
    Extended,
    OutOfAreaPermitted,
    Cancelled,
    /// The caseworker allowed going past the usual period in a row, with a reason (H §5.1).
    LongerPeriodAllowed,
    /// The caseworker allowed going past the usual total, with a reason (H §5.5).
    OverTotalAllowed,
    /// The caseworker recorded the dates the deadlines count from.
    AnchorsRecorded,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Issued => "issued",
            EventKind::Extended => "extended",
            EventKind::OutOfAreaPermitted => "out_of_area_permitted",
            EventKind::Cancelled => "cancelled",
            EventKind::LongerPeriodAllowed => "longer_period_allowed",
            EventKind::OverTotalAllowed => "over_total_allowed",
            EventKind::AnchorsRecorded => "anchors_recorded",
        }
    }

    pub fn parse(s: &str) -> EventKind {
        match s {
            "extended" => EventKind::Extended,
            "out_of_area_permitted" => EventKind::OutOfAreaPermitted,
            "cancelled" => EventKind::Cancelled,
            "longer_period_allowed" => EventKind::LongerPeriodAllowed,
            "over_total_allowed" => EventKind::OverTotalAllowed,
            "anchors_recorded" => EventKind::AnchorsRecorded,
            _ => EventKind::Issued,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = voucher_events)]
pub struct EventRow {
    pub id: String,
    pub voucher_id: String,
    pub kind: String,
    pub actor_id: String,
    pub valid_until: Option<NaiveDate>,
    pub granted_units: Option<i32>,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebooks::tests::{kuopio_tiers, terms};
    use chrono::TimeZone;

    fn d(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    #[test]
    fn a_clock_is_late_the_day_after_its_deadline_until_done() {
        let (intro, start) = (d(3, 9), d(3, 16));
        let late =
            |p: &Progress, today| (p.intro_visit_late(intro, today), p.start_late(start, today));
        let none = Progress::default();
        assert_eq!(late(&none, d(3, 9)), (false, false));
        assert_eq!(late(&none, d(3, 10)), (true, false));
        let booked = Progress {
            visit: Some(BookedVisit {
                provider: "Paja ry".into(),
                starts_at: chrono::Utc.with_ymd_and_hms(2026, 3, 12, 8, 0, 0).unwrap(),
                booked_on: d(3, 10),
            }),
            agreement: None,
        };
        assert_eq!(late(&booked, d(3, 16)), (false, false));
        assert_eq!(late(&booked, d(3, 17)), (false, true));
        // An agreement that starts later is still late until it starts.
        let agreed = Progress {
            agreement: Some(Agreed {
                provider: "Paja ry".into(),
                starts_on: d(3, 20),
                meeting: None,
            }),
            ..booked.clone()
        };
        assert_eq!(late(&agreed, d(3, 19)), (false, true));
        assert_eq!(late(&agreed, d(3, 20)), (false, false));
        // An agreement with no visit on record clears the intro visit clock as well.
        let agreed_only = Progress {
            visit: None,
            ..agreed.clone()
        };
        assert_eq!(late(&agreed_only, d(3, 19)), (false, true));
    }

    #[test]
    fn a_voucher_is_worth_a_range_until_the_meeting_place_fixes_it() {
        let t = terms(kuopio_tiers());
        // 40 hours of individual coaching: 46–116 € an hour, at most 1,840–4,640 €.
        let v = value(&t, 40, None);
        assert_eq!(
            v.unit_price,
            Span {
                min: 4600,
                max: 11600
            }
        );
        assert_eq!(
            v.total,
            Span {
                min: 184_000,
                max: 464_000
            }
        );
        assert_eq!(v.tier, None);
        assert!(!v.total.is_exact());
        for (place, tier, cents) in [
            (MeetingPlace::Km(20.0), 1, 4600),
            (MeetingPlace::Km(20.1), 2, 8100),
            (MeetingPlace::Km(50.0), 2, 8100),
            (MeetingPlace::Km(50.1), 3, 11600),
            // Phone and remote coaching: always tier 1, however far the office.
            (MeetingPlace::Remote, 1, 4600),
        ] {
            let v = value(&t, 40, Some(place));
            assert_eq!(v.tier, Some(tier), "{place:?}");
            assert_eq!(v.unit_price, Span::exact(cents), "{place:?}");
            assert_eq!(v.total, Span::exact(40 * cents), "{place:?}");
        }
        // One price: fixed from the start.
        let flat = terms(vec![]);
        assert_eq!(value(&flat, 40, None).total, Span::exact(184_000));
        assert_eq!(value(&flat, 40, None).tier, None);
    }
}
