//! A closed group delayed or cancelled (K §4): a group that is under-filled a week before its
//! announced start may start later, at most the rulebook's working days later; or the provider
//! cancels it. The provider records it once for the group, and each client in it and their
//! caseworker are told. A group is its clients' agreements with the provider that start on the
//! announced day, under a rulebook with closed groups.

use chrono::NaiveDate;

use super::life::EndReason;
use super::repo::{self, AgreementRow};
use super::work::{record, EventFacts};
use crate::access::door::Staff;
use crate::access::{ActingAs, ClientWrite};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::notifications::{self, Facts, Kind};
use crate::rulebooks::deadlines::closed_group_rule;
use crate::text::required;

/// What happens to a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupChange {
    /// It starts on this later day.
    Delay(NaiveDate),
    Cancel,
}

/// The latest day a group announced for `starts_on` may start: `max_working_days` working days
/// later (weekends and public holidays do not count).
pub fn latest_start(starts_on: NaiveDate, max_working_days: i32) -> NaiveDate {
    crate::clock::holidays::add_working_days(starts_on, max_working_days.max(0) as u32)
}

/// The staff's organisation delays or cancels its closed group of `service` announced for
/// `starts_on`, for `reason`: every client's agreement in it moves or ends, and each client and
/// their caseworker are told. Answers the agreements as they are after.
pub fn change_group(
    conn: &mut DbConnection,
    staff: &mut Staff,
    service: &str,
    starts_on: NaiveDate,
    change: GroupChange,
    reason: &str,
) -> Result<Vec<AgreementRow>, AppError> {
    let reason = required(reason, "reason", super::work::EXPLANATION_MAX)?;
    let today = crate::clock::helsinki_date(staff.now);
    let mut group = Vec::new();
    for a in repo::starting_on(conn, &staff.provider_id, starts_on)? {
        let voucher = crate::vouchers::repo::find(conn, &a.voucher_id)?
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
        let terms = crate::rulebooks::repo::by_id(conn, &voucher.rulebook_id)?;
        if terms.rulebook.service_code != service {
            continue;
        }
        if let Some(rule) = closed_group_rule(&terms) {
            group.push((a, voucher.caseworker_id, rule));
        }
    }
    if group.is_empty() {
        return Err(AppError::not_found());
    }
    if starts_on <= today {
        return Err(AppError::new(ErrorCode::AgreementGroupStarted));
    }
    let provider = crate::providers::repo::find(conn, &staff.provider_id)?.map(|p| p.name);
    let mut changed = Vec::new();
    for (a, caseworker, rule) in group {
        let (kind, on) = match change {
            GroupChange::Delay(to) => {
                let latest = latest_start(starts_on, rule.delay_max_working_days);
                if to <= starts_on || to > latest || to > a.ends_on {
                    return Err(AppError::new(ErrorCode::AgreementGroupDelay)
                        .arg("latest", latest.min(a.ends_on).to_string()));
                }
                repo::move_start(conn, &a.id, to)?;
                ("group_delayed", to)
            }
            GroupChange::Cancel => {
                let at = staff.now.naive_utc();
                // It ends at once: the day before the group would have started, or yesterday.
                let yesterday = today.pred_opt().unwrap_or(today);
                let day_before = starts_on.pred_opt().unwrap_or(starts_on).min(yesterday);
                let cancelled = EndReason::GroupCancelled.as_str();
                repo::set_end(conn, &a.id, day_before, cancelled, at)?;
                ("ended", day_before)
            }
        };
        let code = match change {
            GroupChange::Delay(_) => None,
            GroupChange::Cancel => Some(EndReason::GroupCancelled.as_str()),
        };
        let e = EventFacts {
            on: Some(on),
            reason_code: code,
            reason: Some(&reason),
        };
        let who = (&staff.actor_id, ActingAs::ProviderStaff);
        record(conn, &a.id, kind, e, who.0, who.1, staff.now)?;
        let notice = Notice {
            provider: provider.clone(),
            change,
            reason: &reason,
        };
        tell(conn, &a, &caseworker, notice, staff.now)?;
        staff.touched(&a.client_id, ClientWrite::ChangeGroup);
        changed.push(repo::find(conn, &a.id)?.ok_or_else(AppError::not_found)?);
    }
    Ok(changed)
}

/// What the clients of a changed group read: the provider, the change and why.
struct Notice<'a> {
    provider: Option<String>,
    change: GroupChange,
    reason: &'a str,
}

/// The client and their caseworker read of the change.
fn tell(
    conn: &mut DbConnection,
    a: &AgreementRow,
    caseworker: &str,
    n: Notice<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let (code, date) = match n.change {
        GroupChange::Delay(to) => ("delayed", to),
        GroupChange::Cancel => ("cancelled", a.starts_on),
    };
    let facts = Facts {
        provider: n.provider,
        date: Some(date),
        reason_code: Some(code.to_string()),
        reason: Some(n.reason.to_string()),
        ..Facts::default()
    };
    let kind = Kind::AgreementGroupChanged;
    notifications::repo::notify(conn, &a.client_id, kind, &facts, Some(&a.id), None, now)?;
    let others = Facts {
        client_id: Some(a.client_id.clone()),
        client: Some(crate::persons::repo::display_name(conn, &a.client_id)?),
        ..facts
    };
    notifications::repo::notify(conn, caseworker, kind, &others, Some(&a.id), None, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_starts_at_most_ten_working_days_late_not_counting_easter() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Announced for Wednesday 1 April 2026: Good Friday and Easter Monday do not count.
        assert_eq!(latest_start(d(4, 1), 10), d(4, 17));
        assert_eq!(latest_start(d(4, 1), 0), d(4, 1));
    }
}
