//! Intro visits (tutustumiskäynti) and the start of service. A provider's staff publish slots at
//! a site for a service; a client (or a helper who may book visits, or the client's caseworker,
//! H §1.4) books one for a voucher; after the visit the staff say whether it was held, and then
//! accept the client — which makes the client–provider **agreement** — or refuse with a justified
//! reason (H §1.5), or offer a place in the queue (H §1.6). Staff reach a client's data only
//! through a booking or agreement of their own organisation (see `access::decide`).
//!
//! This file holds the rules, without the database: which steps a booking may take, what a slot
//! and an agreement must be, the price tier an agreement's meeting place fixes, and the calendar
//! file of a booking.

pub mod caseworker;
pub mod client;
pub mod ics;
pub mod public;
pub mod repo;
pub mod staff;
pub mod view;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{AppError, ErrorCode};

/// The longest a slot may last.
pub const SLOT_MAX_HOURS: i64 = 4;
/// The most places a slot may have.
pub const SLOT_MAX_CAPACITY: i32 = 100;

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = VisitStatus)]
pub enum Status {
    /// Booked; the visit is still to come.
    Booked,
    /// Cancelled before it began, by the client's side or by the provider withdrawing the slot.
    Cancelled,
    /// The visit took place; the provider has not answered yet.
    Held,
    /// The visit did not take place (the client did not come, or the provider cancelled).
    NotHeld,
    /// The provider took the client: there is an agreement.
    Accepted,
    /// The provider refused the client, for a reason.
    Refused,
    /// The provider is full and offered a place in its queue.
    Queued,
    /// The client waits in the queue.
    QueueAccepted,
    /// The client did not want the queue place.
    QueueDeclined,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Booked,
        Status::Cancelled,
        Status::Held,
        Status::NotHeld,
        Status::Accepted,
        Status::Refused,
        Status::Queued,
        Status::QueueAccepted,
        Status::QueueDeclined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Booked => "booked",
            Status::Cancelled => "cancelled",
            Status::Held => "held",
            Status::NotHeld => "not_held",
            Status::Accepted => "accepted",
            Status::Refused => "refused",
            Status::Queued => "queued",
            Status::QueueAccepted => "queue_accepted",
            Status::QueueDeclined => "queue_declined",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Open bookings hold the voucher's one booking with this provider (and a place in the
    /// slot while booked).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Booked | Status::Held | Status::Queued | Status::QueueAccepted
        )
    }
}

/// A step someone takes on a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The client's side cancels before the visit begins.
    Cancel,
    /// The provider withdraws the slot: its bookings are cancelled.
    Withdraw,
    /// The provider says the visit was held.
    MarkHeld,
    /// The provider says the visit was not held.
    MarkNotHeld,
    /// The provider takes the client.
    Accept,
    /// The provider refuses the client.
    Refuse,
    /// The provider offers a place in its queue.
    OfferQueue,
    /// The client takes the queue place.
    TakeQueue,
    /// The client says no to the queue place.
    DeclineQueue,
}

/// Where a step leads from `from`, if it may be taken there. `started`: the slot's start has
/// come. Nothing is done to a visit before its time but cancelling it; nothing is answered
/// before it.
pub fn next(from: Status, step: Step, started: bool) -> Result<Status, AppError> {
    use Status::*;
    let to = match (from, step) {
        (Booked, Step::Cancel) if !started => Cancelled,
        (Booked, Step::Cancel) => return Err(AppError::new(ErrorCode::VisitStarted)),
        (Booked, Step::Withdraw) => Cancelled,
        (Booked, Step::MarkHeld | Step::MarkNotHeld) if !started => {
            return Err(AppError::new(ErrorCode::VisitNotYet))
        }
        (Booked, Step::MarkHeld) => Held,
        (Booked, Step::MarkNotHeld) => NotHeld,
        // A provider may answer once the visit has taken place; a queue place can turn into a
        // place when one frees up.
        (Held | QueueAccepted, Step::Accept) => Accepted,
        (Held, Step::Refuse | Step::OfferQueue) => {
            if step == Step::Refuse {
                Refused
            } else {
                Queued
            }
        }
        (QueueAccepted, Step::Refuse) => Refused,
        (Queued, Step::TakeQueue) => QueueAccepted,
        (Queued, Step::DeclineQueue) => QueueDeclined,
        _ => return Err(AppError::new(ErrorCode::VisitWrongState)),
    };
    Ok(to)
}

/// Why a visit was not held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotHeldReason {
    /// The client did not come.
    ClientAbsent,
    /// The provider could not receive the client.
    ProviderCancelled,
}

impl NotHeldReason {
    pub fn as_str(self) -> &'static str {
        match self {
            NotHeldReason::ClientAbsent => "client_absent",
            NotHeldReason::ProviderCancelled => "provider_cancelled",
        }
    }
}

/// Why a provider refused a client (H §1.5: only for a justified reason). The client reads the
/// reason in plain words; the caseworker also reads the provider's own explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// What the provider does does not meet the client's needs.
    NeedsNotMet,
    /// The provider has no place, and no queue.
    NoPlace,
    /// The safety of the client or others.
    Safety,
    /// Some other reason, explained to the caseworker.
    Other,
}

impl RefusalReason {
    pub const ALL: [RefusalReason; 4] = [
        RefusalReason::NeedsNotMet,
        RefusalReason::NoPlace,
        RefusalReason::Safety,
        RefusalReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefusalReason::NeedsNotMet => "needs_not_met",
            RefusalReason::NoPlace => "no_place",
            RefusalReason::Safety => "safety",
            RefusalReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<RefusalReason> {
        RefusalReason::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The longest free text a person writes here (a reason, goals, a note).
pub const MAX_TEXT: usize = 1000;

/// A person's free text (see [`crate::text::paragraph`]): trimmed, 1 to `max` characters, line
/// breaks allowed; each fault answers with its own code naming the field.
pub fn text(value: &str, field: &'static str, max: usize) -> Result<String, AppError> {
    crate::text::paragraph(value, max).map_err(|f| f.error(field, ErrorCode::MissingField))
}

/// A slot's time, checked: it lies ahead, ends after it starts, and lasts at most
/// [`SLOT_MAX_HOURS`].
pub fn check_slot_time(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if starts_at <= now {
        return Err(AppError::new(ErrorCode::SlotInPast));
    }
    if ends_at <= starts_at {
        return Err(AppError::new(ErrorCode::SlotInvalidPeriod));
    }
    if ends_at - starts_at > Duration::hours(SLOT_MAX_HOURS) {
        return Err(AppError::new(ErrorCode::SlotTooLong).arg("hours", SLOT_MAX_HOURS));
    }
    Ok(())
}

/// A slot's number of places, checked.
pub fn check_capacity(capacity: i32) -> Result<(), AppError> {
    if !(1..=SLOT_MAX_CAPACITY).contains(&capacity) {
        return Err(AppError::new(ErrorCode::SlotCapacity).arg("max", i64::from(SLOT_MAX_CAPACITY)));
    }
    Ok(())
}

/// What a voucher grants, as an agreement must fit it.
#[derive(Debug, Clone, Copy)]
pub struct Granted {
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// Days (or hours) a week as granted; `None` where the rulebook sets no weekly terms.
    pub per_week: Option<i32>,
    /// Hours a day as granted.
    pub hours_per_day: Option<i32>,
    /// The fewest hours a day the rulebook allows.
    pub hours_per_day_min: Option<i32>,
}

/// An agreement's terms as the provider proposes them.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub days_per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
}

/// Checks an agreement's terms against the voucher: within its dates, starting today or later,
/// and no more days a week or hours a day than granted (no fewer hours than the rulebook's
/// least). Each broken term answers with its own code and what is allowed.
pub fn check_terms(t: &Terms, v: &Granted, today: NaiveDate) -> Result<(), AppError> {
    if t.ends_on < t.starts_on {
        return Err(AppError::new(ErrorCode::AgreementInvalidPeriod));
    }
    if t.starts_on < v.valid_from.max(today) || t.ends_on > v.valid_until {
        return Err(AppError::new(ErrorCode::AgreementOutsideVoucher)
            .arg("from", v.valid_from.max(today).to_string())
            .arg("until", v.valid_until.to_string()));
    }
    match (v.per_week, t.days_per_week) {
        (Some(_), None) => {
            return Err(AppError::new(ErrorCode::MissingField).arg("field", "days_per_week"))
        }
        (Some(max), Some(n)) if !(1..=max).contains(&n) => {
            return Err(AppError::new(ErrorCode::AgreementPerWeek).arg("max", i64::from(max)))
        }
        (None, Some(_)) => {
            return Err(
                AppError::new(ErrorCode::VoucherTermNotApplicable).arg("field", "days_per_week")
            )
        }
        _ => {}
    }
    match (v.hours_per_day, t.hours_per_day) {
        (Some(_), None) => {
            return Err(AppError::new(ErrorCode::MissingField).arg("field", "hours_per_day"))
        }
        (Some(max), Some(h)) => {
            let min = v.hours_per_day_min.unwrap_or(1).min(max);
            if !(min..=max).contains(&h) {
                return Err(AppError::new(ErrorCode::AgreementHoursPerDay)
                    .arg("min", i64::from(min))
                    .arg("max", i64::from(max)));
            }
        }
        (None, Some(_)) => {
            return Err(
                AppError::new(ErrorCode::VoucherTermNotApplicable).arg("field", "hours_per_day")
            )
        }
        (None, None) => {}
    }
    Ok(())
}

/// The rulebook clocks a caseworker follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// The intro visit must be booked by a day (H §1.4).
    IntroVisit,
    /// The service must start by a day (H §1.4, K §4).
    Start,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_booking_moves_only_along_its_path() {
        use Status::*;
        assert_eq!(next(Booked, Step::Cancel, false).unwrap(), Cancelled);
        assert_eq!(
            next(Booked, Step::Cancel, true).unwrap_err().code,
            ErrorCode::VisitStarted
        );
        assert_eq!(
            next(Booked, Step::MarkHeld, false).unwrap_err().code,
            ErrorCode::VisitNotYet
        );
        assert_eq!(next(Booked, Step::MarkHeld, true).unwrap(), Held);
        assert_eq!(next(Held, Step::Accept, true).unwrap(), Accepted);
        assert_eq!(next(Held, Step::OfferQueue, true).unwrap(), Queued);
        assert_eq!(next(Queued, Step::TakeQueue, true).unwrap(), QueueAccepted);
        assert_eq!(next(QueueAccepted, Step::Accept, true).unwrap(), Accepted);
        // No answer before the visit, and none twice.
        for step in [Step::Accept, Step::Refuse, Step::OfferQueue] {
            assert_eq!(
                next(Booked, step, true).unwrap_err().code,
                ErrorCode::VisitWrongState
            );
            assert!(next(Accepted, step, true).is_err());
            assert!(next(Refused, step, true).is_err());
        }
        assert!(next(Cancelled, Step::Cancel, false).is_err());
        assert!(next(NotHeld, Step::Accept, true).is_err());
    }

    #[test]
    fn only_waiting_and_answered_bookings_are_open() {
        let open: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(
            open,
            [
                Status::Booked,
                Status::Held,
                Status::Queued,
                Status::QueueAccepted
            ]
        );
    }

    #[test]
    fn a_slot_lies_ahead_and_lasts_at_most_four_hours() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 3, 3, h, m, 0).unwrap();
        assert!(check_slot_time(at(9, 0), at(13, 0), now).is_ok());
        assert_eq!(
            check_slot_time(at(9, 0), at(13, 1), now).unwrap_err().code,
            ErrorCode::SlotTooLong
        );
        assert_eq!(
            check_slot_time(now, now + Duration::hours(1), now)
                .unwrap_err()
                .code,
            ErrorCode::SlotInPast
        );
        assert_eq!(
            check_slot_time(at(9, 0), at(9, 0), now).unwrap_err().code,
            ErrorCode::SlotInvalidPeriod
        );
        assert!(check_capacity(1).is_ok());
        assert!(check_capacity(0).is_err());
        assert!(check_capacity(SLOT_MAX_CAPACITY + 1).is_err());
    }

    fn granted() -> Granted {
        Granted {
            valid_from: d(3, 2),
            valid_until: d(8, 31),
            per_week: Some(2),
            hours_per_day: Some(5),
            hours_per_day_min: Some(4),
        }
    }

    fn terms(days: Option<i32>, hours: Option<i32>) -> Terms {
        Terms {
            starts_on: d(3, 10),
            ends_on: d(8, 31),
            days_per_week: days,
            hours_per_day: hours,
        }
    }

    #[test]
    fn an_agreement_fits_within_what_the_voucher_grants() {
        let today = d(3, 5);
        assert!(check_terms(&terms(Some(2), Some(5)), &granted(), today).is_ok());
        assert!(check_terms(&terms(Some(1), Some(4)), &granted(), today).is_ok());
        let code = |t: Terms| check_terms(&t, &granted(), today).unwrap_err().code;
        assert_eq!(code(terms(Some(3), Some(5))), ErrorCode::AgreementPerWeek);
        assert_eq!(
            code(terms(Some(2), Some(6))),
            ErrorCode::AgreementHoursPerDay
        );
        assert_eq!(
            code(terms(Some(2), Some(3))),
            ErrorCode::AgreementHoursPerDay
        );
        assert_eq!(code(terms(None, Some(5))), ErrorCode::MissingField);
        let late = Terms {
            ends_on: d(9, 1),
            ..terms(Some(2), Some(5))
        };
        assert_eq!(code(late), ErrorCode::AgreementOutsideVoucher);
        let past = Terms {
            starts_on: d(3, 4),
            ..terms(Some(2), Some(5))
        };
        assert_eq!(code(past), ErrorCode::AgreementOutsideVoucher);
    }

    #[test]
    fn free_text_is_trimmed_bounded_and_plain() {
        assert_eq!(text("  Hello ", "goals", 10).unwrap(), "Hello");
        assert_eq!(
            text("   ", "goals", 10).unwrap_err().code,
            ErrorCode::MissingField
        );
        assert_eq!(
            text(&"x".repeat(11), "goals", 10).unwrap_err().code,
            ErrorCode::TextTooLong
        );
        assert_eq!(
            text("a\u{0}b", "goals", 10).unwrap_err().code,
            ErrorCode::TextInvalidCharacters
        );
        assert_eq!(text("two\nlines", "goals", 10).unwrap(), "two\nlines");
    }
}
