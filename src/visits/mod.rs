//! Intro visits (tutustumiskäynti) and the start of service. A provider's staff publish slots at
//! a site for a service; a client (or a helper who may book visits, or the client's caseworker,
//! H §1.4) books one for a voucher; after the visit the staff say whether it was held, and then
//! accept the client — which makes the client–provider **agreement** — or refuse with a justified
//! reason (H §1.5), or offer a place in the queue (H §1.6). Staff reach a client's data only
//! through a booking or agreement of their own organisation (see `access::decide`).
//!
//! This file holds the rules, without the database: which steps a booking may take and what a
//! slot must be. `work.rs` holds what people do (book, cancel, answer, publish a slot), as
//! functions the routes and the demo call; `repo.rs` the SQL; `view.rs` the texts; `routes/`
//! the HTTP, by audience; `ics.rs` the calendar file; `remind.rs` the reminder the day before.
//! The agreement a provider's acceptance makes is `agreements`.

pub mod ics;
pub mod late;
pub mod lateness;
pub mod reading;
pub mod remind;
pub mod repo;
pub mod routes;
pub mod view;
pub mod work;

pub use work::{answer, book, change_slot, publish_slot, step, withdraw_slot, Answer, NewSlot};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{AppError, ErrorCode};

/// The longest a slot may last.
pub const SLOT_MAX_HOURS: i64 = 4;
/// The farthest ahead a slot may start, in days: visits are booked for the coming weeks, and a
/// year is far more than any.
pub const SLOT_MAX_DAYS_AHEAD: i64 = 365;
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

/// The longest note on a slot, in each language.
pub const SLOT_NOTE_MAX: usize = 300;
/// The longest reason for withdrawing a slot.
pub const WITHDRAW_REASON_MAX: usize = 500;

/// The longest free text a person writes here (a refusal's explanation).
pub const MAX_TEXT: usize = 1000;

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
    if starts_at > now + Duration::days(SLOT_MAX_DAYS_AHEAD) {
        return Err(AppError::new(ErrorCode::SlotTooFar).arg("days", SLOT_MAX_DAYS_AHEAD));
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

/// Whether a visit that begins at `starts_at` falls within a voucher whose last day is
/// `valid_until`: by its day in Helsinki. It may come before the voucher's first day, since the
/// visit's clock can end first (H §1.4).
pub fn within_voucher(starts_at: DateTime<Utc>, valid_until: NaiveDate) -> bool {
    crate::clock::helsinki_date(starts_at) <= valid_until
}

/// A queue place's expected start, checked: a reasonable wait, from `today` to the voucher's
/// last day (H §1.6).
pub fn check_queue_start(
    expected: NaiveDate,
    today: NaiveDate,
    valid_until: NaiveDate,
) -> Result<(), AppError> {
    if expected < today || expected > valid_until {
        return Err(AppError::new(ErrorCode::QueueStartOutOfRange)
            .arg("from", today.to_string())
            .arg("until", valid_until.to_string()));
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
    fn a_visit_falls_on_or_before_the_vouchers_last_day_in_helsinki() {
        let last = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        // 20.59 UTC is 23.59 in Helsinki in summer; 21.00 UTC is already 1 July.
        let at = |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2026, 6, d, h, m, 0).unwrap();
        assert!(within_voucher(at(30, 20, 59), last));
        assert!(!within_voucher(at(30, 21, 0), last));
        assert!(within_voucher(at(1, 9, 0), last));
    }

    #[test]
    fn a_queue_start_lies_between_today_and_the_vouchers_last_day() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let (today, last) = (d(3, 2), d(6, 30));
        assert!(check_queue_start(today, today, last).is_ok());
        assert!(check_queue_start(last, today, last).is_ok());
        for wrong in [d(3, 1), d(7, 1)] {
            assert_eq!(
                check_queue_start(wrong, today, last).unwrap_err().code,
                ErrorCode::QueueStartOutOfRange
            );
        }
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
        // The door counts the same bookings as a live relation of staff to the client.
        let live: Vec<&str> = open.iter().map(|s| s.as_str()).collect();
        assert_eq!(live, crate::access::repo::LIVE_VISITS);
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
        let ahead = |days| now + Duration::days(days);
        assert!(check_slot_time(ahead(365), ahead(365) + Duration::hours(1), now).is_ok());
        assert_eq!(
            check_slot_time(ahead(366), ahead(366) + Duration::hours(1), now)
                .unwrap_err()
                .code,
            ErrorCode::SlotTooFar
        );
        assert!(check_capacity(1).is_ok());
        assert!(check_capacity(0).is_err());
        assert!(check_capacity(SLOT_MAX_CAPACITY + 1).is_err());
    }
}
