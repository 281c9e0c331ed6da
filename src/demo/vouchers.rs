//! The demo's vouchers, placed relative to the day the demo is seeded so they stay current, each
//! issued by the client's caseworker under the rules.

use chrono::{DateTime, Days, Utc};

use super::{as_persona, persona_id};
use crate::access::door::{Door, Target};
use crate::access::ClientWrite;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::rulebooks;
use crate::vouchers::repo::Reasons;
use crate::vouchers::{self, DeadlineAnchors, Issue};

/// A demo voucher, placed relative to the day the demo is seeded so it stays current. Ids sort
/// the way the wallet lists (newest id first), so current vouchers come before ended ones.
struct VoucherSeed {
    id: &'static str,
    client: &'static str,
    caseworker: &'static str,
    service: &'static str,
    /// Decision this many days before today; validity starts this many days after it.
    decided_days_ago: i64,
    starts_after: i64,
    months: i32,
    granted: i32,
    per_week: Option<i32>,
    hours_per_day: Option<i32>,
    out_of_area: Option<&'static str>,
    /// The dates the deadlines count from, this many days before today (H §1.4, K §4).
    place_agreed_days_ago: Option<u64>,
    plan_made_days_ago: Option<u64>,
    ordered_days_ago: Option<u64>,
}

/// No recorded dates: the deadlines count from the decision.
const DECISION_ONLY: (Option<u64>, Option<u64>, Option<u64>) = (None, None, None);

const VOUCHERS: &[VoucherSeed] = &[
    // Aino in Heinola: a new voucher (deadlines show, counted from the dates her caseworker
    // recorded) and last year's assessment period.
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000a2",
        client: "client-heinola",
        caseworker: "caseworker-heinola",
        service: "rwa_basic",
        decided_days_ago: 3,
        starts_after: 3,
        months: 6,
        granted: 78,
        per_week: Some(3),
        hours_per_day: Some(6),
        out_of_area: None,
        // Aino agreed on a place yesterday; her activation plan was made five days ago.
        place_agreed_days_ago: Some(1),
        plan_made_days_ago: Some(5),
        ordered_days_ago: None,
    },
    // Eero in Heinola: visited a workshop yesterday, which has still to answer. His activation
    // plan was made 16 days ago, so his start (14 days from it, H §1.4) is two days late.
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000a3",
        client: "client-heinola-2",
        caseworker: "caseworker-heinola",
        service: "rwa_basic",
        decided_days_ago: 16,
        starts_after: 0,
        months: 6,
        granted: 52,
        per_week: Some(2),
        hours_per_day: Some(5),
        out_of_area: None,
        place_agreed_days_ago: Some(4),
        plan_made_days_ago: Some(16),
        ordered_days_ago: None,
    },
    // Ville in Heinola: nine months into a year of rehabilitative work at Kipinä.
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000a4",
        client: "client-heinola-3",
        caseworker: "caseworker-heinola",
        service: "rwa_basic",
        decided_days_ago: 280,
        starts_after: 0,
        months: 12,
        granted: 150,
        per_week: Some(3),
        hours_per_day: Some(6),
        out_of_area: None,
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
    },
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000a1",
        client: "client-heinola",
        caseworker: "caseworker-heinola",
        service: "rwa_special",
        decided_days_ago: 400,
        starts_after: 7,
        months: 3,
        granted: 36,
        per_week: Some(3),
        hours_per_day: Some(4),
        out_of_area: None,
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
    },
    // Matti in Kuopio: supported work under way, 40 hours of individual coaching that may be
    // farther than 20 km (worth a range until his agreement names where they meet; valid since
    // three days ago, and refused by one provider yesterday), and an ended group coaching
    // voucher.
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000b2",
        client: "client-kuopio",
        caseworker: "caseworker-kuopio",
        service: "sr_supported_work",
        decided_days_ago: 40,
        starts_after: 7,
        months: 4,
        granted: 48,
        per_week: Some(3),
        hours_per_day: Some(4),
        out_of_area: None,
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
    },
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000b3",
        client: "client-kuopio",
        caseworker: "caseworker-kuopio",
        service: "sr_individual",
        decided_days_ago: 4,
        starts_after: 1,
        months: 3,
        granted: 40,
        per_week: None,
        hours_per_day: None,
        out_of_area: Some("No coach speaking Swedish within 20 km"),
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
    },
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000b1",
        client: "client-kuopio",
        caseworker: "caseworker-kuopio",
        service: "sr_group",
        decided_days_ago: 300,
        starts_after: 10,
        months: 4,
        granted: 60,
        per_week: Some(4),
        hours_per_day: Some(2),
        out_of_area: None,
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
    },
    // Kaisa in Kuopio: individual coaching at Polku, weekly meetings (see `attendance.rs`).
    VoucherSeed {
        id: "0190a000-0000-7000-8000-0000000000b4",
        client: "client-kuopio-2",
        caseworker: "caseworker-kuopio",
        service: "sr_individual",
        decided_days_ago: 40,
        starts_after: 5,
        months: 3,
        granted: 30,
        per_week: None,
        hours_per_day: None,
        out_of_area: None,
        place_agreed_days_ago: DECISION_ONLY.0,
        plan_made_days_ago: DECISION_ONLY.1,
        ordered_days_ago: DECISION_ONLY.2,
    },
];

/// Has each missing demo voucher issued by its caseworker, today, with its decision in the past.
pub(super) fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let today = crate::clock::helsinki_date(now);
    for s in VOUCHERS {
        if vouchers::repo::find(conn, s.id)?.is_some() {
            continue;
        }
        let client = persona_id(conn, s.client)?;
        let caseworker = as_persona(conn, s.caseworker, "/api/v1/caseworker/vouchers")?;
        let decision_date = today - Days::new(s.decided_days_ago as u64);
        let valid_from = decision_date + Days::new(s.starts_after as u64);
        let ago = |days: Option<u64>| days.map(|d| today - Days::new(d));
        let issue = Issue {
            service: s.service.to_string(),
            decision_date,
            valid_from,
            valid_until: rulebooks::last_day_of(valid_from, s.months),
            granted_units: s.granted,
            per_week: s.per_week,
            hours_per_day: s.hours_per_day,
            out_of_area_reason: s.out_of_area.map(str::to_string),
            exception_reason: None,
            reasons: Reasons::default(),
            anchors: DeadlineAnchors {
                place_agreed_on: ago(s.place_agreed_days_ago),
                plan_made_on: ago(s.plan_made_days_ago),
                ordered_on: ago(s.ordered_days_ago),
                start_agreed_on: None,
                group_starts_on: None,
            },
        };
        Door::act_in(
            conn,
            &caseworker,
            ClientWrite::IssueVoucher,
            Target::path(&client),
            now,
            |c, access, ()| vouchers::issue(c, access, s.id, issue, Lang::Fi),
        )?;
    }
    Ok(())
}
