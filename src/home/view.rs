//! The home screens as their readers read them, put together from the features' own answers.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::{urgency, Kind};
use crate::attendance::view::Meeting;
use crate::refs::{Link, PersonRef, ServiceRef};
use crate::visits::view::{StaffSlot, Visit};
use crate::visits::Status as VisitStatus;
use crate::vouchers::view::{DeadlineKind, Voucher};
use crate::vouchers::Status;

/// A client's first screen.
#[derive(Debug, Serialize, ToSchema)]
pub struct Home {
    pub client: PersonRef,
    /// The vouchers in force or about to begin, newest first, in short.
    pub vouchers: Vec<VoucherBrief>,
    /// The soonest intro visit still to come.
    pub next_visit: Option<Visit>,
    /// The soonest meeting still to come, for a service that meets (K §4).
    pub next_meeting: Option<Meeting>,
    /// Unread notifications, when the client reads their own home; absent for anyone else.
    pub unread_notifications: Option<i64>,
    /// What to do next, the most urgent first.
    pub to_do: Vec<ToDo>,
}

/// A voucher in short; `href` has it in full.
#[derive(Debug, Serialize, ToSchema)]
pub struct VoucherBrief {
    #[schema(format = Uuid)]
    pub id: String,
    pub number: String,
    pub status: Status,
    pub service: ServiceRef,
    pub valid_until: NaiveDate,
    /// Activity days or hours left.
    pub units_remaining: i64,
    /// Two to four plain sentences: what it is, how long, how much is left, what to do next.
    pub summary: String,
    pub href: String,
}

/// One thing the client's side should do.
#[derive(Debug, Serialize, ToSchema)]
pub struct ToDo {
    pub kind: Kind,
    /// What to do, in one sentence.
    pub text: String,
    /// The last day for it, where the rulebook sets one.
    pub due: Option<NaiveDate>,
    /// The day has passed.
    pub overdue: bool,
    /// Where to do it.
    pub link: Link,
}

/// A provider's staff member's first screen.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffHome {
    /// Today, in Helsinki.
    pub date: NaiveDate,
    /// Today's intro slots of the organisations, by start, with their bookings.
    pub intro_slots_today: Vec<StaffSlot>,
}

/// The client's home from their vouchers (as the wallet shows them) and the visits that wait on
/// their side (the soonest booked visit first, then queue offers).
pub fn home(
    client: PersonRef,
    vouchers: Vec<Voucher>,
    (waiting, next_meeting): (Vec<Visit>, Option<Meeting>),
    unread: Option<i64>,
) -> Home {
    let mut to_do: Vec<ToDo> = Vec::new();
    for v in &vouchers {
        // A voucher not yet begun has clocks too: its intro visit may be due first (H §1.4).
        if !matches!(v.status, Status::Active | Status::Upcoming) {
            continue;
        }
        for d in v.deadlines.iter().filter(|d| !d.done) {
            let (kind, link) = match d.kind {
                DeadlineKind::IntroVisit => (
                    Kind::BookIntroVisit,
                    Link::provider_search(&client.id, &v.id),
                ),
                DeadlineKind::Start => (Kind::ServiceStart, Link::voucher(&client.id, &v.id)),
            };
            to_do.push(ToDo {
                kind,
                text: d.text.clone(),
                due: Some(d.due),
                overdue: d.overdue,
                link,
            });
        }
    }
    for visit in waiting.iter().filter(|x| x.status == VisitStatus::Queued) {
        to_do.push(ToDo {
            kind: Kind::AnswerQueueOffer,
            text: visit.summary.clone(),
            due: None,
            overdue: false,
            link: Link::visit(&client.id, &visit.id),
        });
    }
    to_do.sort_by_key(|t| urgency(t.kind, t.due, t.overdue));
    let next_visit = waiting
        .into_iter()
        .find(|x| x.status == VisitStatus::Booked);
    Home {
        vouchers: vouchers.into_iter().map(|v| brief(&client.id, v)).collect(),
        client,
        next_visit,
        next_meeting,
        unread_notifications: unread,
        to_do,
    }
}

fn brief(client_id: &str, v: Voucher) -> VoucherBrief {
    VoucherBrief {
        href: Link::voucher(client_id, &v.id).href,
        id: v.id,
        number: v.number,
        status: v.status,
        service: ServiceRef {
            code: v.service.code,
            name: v.service.name,
        },
        valid_until: v.valid_until,
        units_remaining: v.units.remaining,
        summary: v.summary,
    }
}
