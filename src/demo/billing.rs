//! The demo's billing. Polku submitted last month's report on the 3rd, before Kuopio's report day
//! (K §7: the 8th). Mikko then corrected one of Kaisa's meetings of that month to one hour, so
//! this month's open report carries a correction line of minus one hour. Kipinä has not yet
//! submitted last month: after Heinola's 4th, Helena sees it overdue.

use chrono::{DateTime, Duration, Utc};

use super::as_persona;
use super::attendance::KAISA;
use super::personas::staff_of;
use crate::access::door::{Door, Org};
use crate::access::{ClientWrite, ProviderAction};
use crate::attendance::work::{self as days, Verdict};
use crate::billing::{repo, work, Month};
use crate::clock::{helsinki_date, start_of_day};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};

/// Seeds Polku's submission and the correction after it, once.
pub(super) fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let Some(a) = crate::agreements::repo::confirmed_of_voucher(conn, KAISA.0)?.pop() else {
        return Ok(());
    };
    if !repo::submissions_of(conn, &a.provider_id)?.is_empty() {
        return Ok(());
    }
    let this = Month::of(helsinki_date(now));
    let last = Month::of(this.first() - Duration::days(1));
    // On the 3rd in the morning, or a while ago if the month is younger than that.
    let submitted = (start_of_day(this.first() + Duration::days(2)) + Duration::hours(9))
        .min(now - Duration::hours(2));
    if submitted <= start_of_day(this.first()) {
        return Ok(());
    }
    let mikko = staff_of(&a.provider_id).ok_or_else(AppError::not_found)?;
    let path = format!("/api/v1/provider/billing/{}/submit", last.code());
    let staff = as_persona(conn, mikko, &path)?;
    let org = Org::Named(Some(a.provider_id.clone()));
    let sent = Door::provider_in(
        conn,
        &staff,
        ProviderAction::SubmitBilling,
        org,
        submitted,
        |c, s| {
            let done = work::submit(c, &s.provider_id, last, &s.actor_id, s.now)?;
            for client in &done.clients {
                s.touched(client, ClientWrite::SubmitBilling);
            }
            Ok(())
        },
    );
    match sent {
        Err(e) if e.code == ErrorCode::BillingNothingToSubmit => return Ok(()),
        other => other?,
    }
    // The next day Mikko notices the last meeting of the month ended after an hour.
    let corrected = (submitted + Duration::days(1)).min(now - Duration::hours(1));
    let meeting =
        crate::billing::repo::days_between(conn, &a.provider_id, last.first(), last.last())?
            .into_iter()
            .filter(|d| d.voucher_id == KAISA.0 && d.status == "confirmed")
            .max_by_key(|d| d.day);
    let Some(day) = meeting.filter(|_| corrected > submitted) else {
        return Ok(());
    };
    let path = format!("/api/v1/provider/check-ins/{}/correct", day.id);
    let staff = as_persona(conn, mikko, &path)?;
    let verdict = Verdict::Correct {
        hours: Some(1),
        reason: "Tapaaminen päättyi tunnin jälkeen.".into(),
    };
    Door::act_in(
        conn,
        &staff,
        ClientWrite::CorrectDay,
        days::target(day.id.clone()),
        corrected,
        |c, access, row| days::decide(c, access, row, verdict, None),
    )?;
    Ok(())
}
