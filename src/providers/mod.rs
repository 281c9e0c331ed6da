//! Service providers: the organisation and its business id, a municipality's approval per
//! service, the sites and what each offers; the search a client uses to choose one under the
//! rulebook's radius; the side-by-side comparison; the public profile.
//!
//! Routes by audience: `search.rs` (a client, their helper or caseworker), `public.rs` (anyone),
//! `caseworker.rs` (registering and approving), `staff.rs` (a provider's own sites and offers).

pub mod business_id;
pub mod caseworker;
pub mod catalog;
pub mod domain;
pub mod input;
pub mod public;
pub mod repo;
pub mod search;
pub mod staff;
pub mod view;

use chrono::NaiveDate;

use domain::ApprovalStatus;
use repo::ApprovalRow;

use crate::error::{AppError, ErrorCode};
use crate::text::{self, TextFault};

/// The reason a decision on an approval records: needed to suspend or withdraw, at most 500
/// characters.
/// The longest reason for a decision on a provider.
pub const MAX_REASON_CHARS: usize = 500;

pub fn approval_reason(
    status: ApprovalStatus,
    reason: Option<&str>,
) -> Result<Option<String>, AppError> {
    match text::paragraph(reason.unwrap_or_default(), MAX_REASON_CHARS) {
        Ok(r) => Ok(Some(r)),
        Err(TextFault::Missing) if status == ApprovalStatus::Approved => Ok(None),
        Err(fault) => Err(fault.error("reason", ErrorCode::VoucherReasonRequired)),
    }
}

/// The dates an approval carries after a decision: when it was (last) approved, and since when
/// it has had its status. Only an approval can be the first decision.
pub fn approval_dates(
    existing: Option<&ApprovalRow>,
    status: ApprovalStatus,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), AppError> {
    match existing {
        None if status != ApprovalStatus::Approved => {
            Err(AppError::new(ErrorCode::ProviderNotApprovedYet))
        }
        None => Ok((today, today)),
        Some(e) => {
            let same = e.status == status.as_str();
            let reapproved =
                status == ApprovalStatus::Approved && e.status != ApprovalStatus::Approved.as_str();
            Ok((
                if reapproved { today } else { e.approved_on },
                if same { e.status_since } else { today },
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    fn approval(status: &str, approved_on: NaiveDate, since: NaiveDate) -> ApprovalRow {
        ApprovalRow {
            provider_id: "p".into(),
            municipality_code: "m".into(),
            service_code: "s".into(),
            status: status.into(),
            approved_on,
            status_since: since,
            reason: None,
            changed_by: "c".into(),
            updated_at: d(1).and_hms_opt(0, 0, 0).unwrap(),
        }
    }

    #[test]
    fn a_first_decision_must_approve_and_a_reapproval_restarts_the_dates() {
        assert_eq!(
            approval_dates(None, ApprovalStatus::Suspended, d(5))
                .unwrap_err()
                .code,
            ErrorCode::ProviderNotApprovedYet
        );
        assert_eq!(
            approval_dates(None, ApprovalStatus::Approved, d(5)).unwrap(),
            (d(5), d(5))
        );
        let suspended = approval("suspended", d(1), d(3));
        assert_eq!(
            approval_dates(Some(&suspended), ApprovalStatus::Approved, d(9)).unwrap(),
            (d(9), d(9))
        );
        assert_eq!(
            approval_dates(Some(&suspended), ApprovalStatus::Suspended, d(9)).unwrap(),
            (d(1), d(3))
        );
    }

    #[test]
    fn suspending_or_withdrawing_needs_a_short_reason() {
        assert!(approval_reason(ApprovalStatus::Suspended, None).is_err());
        assert!(approval_reason(ApprovalStatus::Withdrawn, Some("  ")).is_err());
        assert!(approval_reason(ApprovalStatus::Withdrawn, Some(&"x".repeat(501))).is_err());
        assert_eq!(
            approval_reason(ApprovalStatus::Suspended, Some(" Late reports ")).unwrap(),
            Some("Late reports".into())
        );
        assert_eq!(
            approval_reason(ApprovalStatus::Approved, None).unwrap(),
            None
        );
    }
}
