//! The first screen of each person, in one call. A client (or their helper, or caseworker) sees
//! the vouchers in force in short, the next intro visit, the unread notifications and what to
//! do next; provider staff see today's intro slots with their bookings. Nothing here is stored:
//! each screen is read from the features that own its parts.
//!
//! This file holds the rule of the to-do list's order; `view.rs` the answers; `routes.rs` the
//! HTTP.

pub mod routes;
pub mod view;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// What a to-do asks of the client's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ToDoKind)]
pub enum Kind {
    /// A provider offered a place in its queue: take it or say no.
    AnswerQueueOffer,
    /// Choose a provider and book the free intro visit.
    BookIntroVisit,
    /// The service should start by a date: agree on it with a provider.
    ServiceStart,
}

/// Where a to-do stands in the list: overdue first, then by the day it is due (soonest first,
/// none last), then by kind.
pub fn urgency(kind: Kind, due: Option<NaiveDate>, overdue: bool) -> impl Ord {
    (!overdue, due.is_none(), due, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 3, day)
    }

    #[test]
    fn overdue_comes_first_then_the_soonest_and_undated_last() {
        let mut items = vec![
            (Kind::AnswerQueueOffer, None, false),
            (Kind::ServiceStart, d(20), false),
            (Kind::BookIntroVisit, d(9), false),
            (Kind::ServiceStart, d(2), true),
            (Kind::BookIntroVisit, d(20), false),
        ];
        items.sort_by_key(|&(k, due, late)| urgency(k, due, late));
        assert_eq!(
            items,
            [
                (Kind::ServiceStart, d(2), true),
                (Kind::BookIntroVisit, d(9), false),
                (Kind::BookIntroVisit, d(20), false),
                (Kind::ServiceStart, d(20), false),
                (Kind::AnswerQueueOffer, None, false),
            ]
        );
    }
}
