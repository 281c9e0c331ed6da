//! An agreement's life as pure rules: its state on a day, how it ends, and who may propose
//! ending it for which reason.
//!
//! The provider's acceptance proposes the terms; the client (or their helper) confirms them and
//! the agreement is in force (H §5.3: the agreement is between the client and the provider). A
//! fixed-term agreement ends without notice on its last day (H §1.7, §5.5). Either side may end it
//! earlier, never without the city's consent (H §5.5): it proposes, with a reason, and the
//! caseworker consents or declines; until then it stays in force. The city may end the service
//! (H §1.7). Cancelling the voucher ends it (H §5.3: the service needs a valid voucher).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::AgreementRow;
use crate::error::{AppError, ErrorCode};

/// Where an agreement is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AgreementState)]
pub enum State {
    /// The provider proposed the terms; the client has not confirmed them yet.
    AwaitingConfirmation,
    /// Confirmed, and its last day has not passed.
    InForce,
    /// Ended: see the reason.
    Ended,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::AwaitingConfirmation => "awaiting_confirmation",
            State::InForce => "in_force",
            State::Ended => "ended",
        }
    }
}

/// Why an agreement ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AgreementEndReason)]
pub enum EndReason {
    /// Its last day passed (a fixed term ends without notice, H §5.5).
    LastDay,
    /// The voucher was cancelled.
    VoucherCancelled,
    /// One side proposed ending it and the caseworker consented (H §5.5).
    Terminated,
    /// The city ended the service (H §1.7).
    CityEnded,
    /// A new agreement with the same provider replaced it (a new period).
    Replaced,
    /// The provider cancelled the closed group before it started (K §4).
    GroupCancelled,
}

impl EndReason {
    pub const STORED: [EndReason; 5] = [
        EndReason::VoucherCancelled,
        EndReason::Terminated,
        EndReason::CityEnded,
        EndReason::Replaced,
        EndReason::GroupCancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::LastDay => "last_day",
            EndReason::VoucherCancelled => "voucher_cancelled",
            EndReason::Terminated => "terminated",
            EndReason::CityEnded => "city_ended",
            EndReason::Replaced => "replaced",
            EndReason::GroupCancelled => "group_cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<EndReason> {
        EndReason::STORED.into_iter().find(|r| r.as_str() == s)
    }
}

/// An agreement's state on `today`, with why and on which day it ended.
pub fn state(a: &AgreementRow, today: NaiveDate) -> (State, Option<(EndReason, NaiveDate)>) {
    if let (Some(reason), Some(on)) = (
        a.end_reason.as_deref().and_then(EndReason::parse),
        a.ended_on,
    ) {
        // An end set for a later day leaves the agreement in force until then; a proposal the
        // client never confirmed is over as soon as a newer one replaces it.
        let superseded = reason == EndReason::Replaced && a.confirmed_at.is_none();
        if on < today || superseded {
            return (State::Ended, Some((reason, on)));
        }
    }
    if a.ends_on < today {
        return (State::Ended, Some((EndReason::LastDay, a.ends_on)));
    }
    if a.confirmed_at.is_none() {
        return (State::AwaitingConfirmation, None);
    }
    (State::InForce, None)
}

/// The agreement's last day as things stand: an earlier end set by consent or by the city, or
/// the agreed last day.
pub fn last_day(a: &AgreementRow) -> NaiveDate {
    a.ended_on.map_or(a.ends_on, |on| on.min(a.ends_on))
}

/// Whether an end has been set (by consent, by the city, by a cancelled voucher, or by a newer
/// agreement), whether or not its last day has come.
pub fn end_set(a: &AgreementRow) -> bool {
    a.ended_at.is_some()
}

/// Whether the agreement is open: not ended, and no end set (it may be waiting for the client's
/// confirmation).
pub fn is_open(a: &AgreementRow, today: NaiveDate) -> bool {
    a.ended_at.is_none() && state(a, today).0 != State::Ended
}

/// Which side proposes ending an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AgreementSide)]
pub enum Side {
    /// The client, or their helper.
    Client,
    /// The provider's staff.
    Provider,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Provider => "provider",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        [Side::Client, Side::Provider]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// Why a side proposes ending an agreement. The client's valid reasons are the rulebook's
/// (H §5.4); the provider's are the grounds the rulebooks name (H §1.7; K appendix 1, item 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = EndingReason)]
pub enum EndingReason {
    /// The client's health (H §5.4).
    Health,
    /// Over 3 hours of travel a day (H §5.4).
    Travel,
    /// The client's safety is neglected (H §5.4).
    Safety,
    /// The provider breaks the law or the agreement (H §5.4).
    ProviderBreach,
    /// The service differs from the client's plan (H §5.4).
    ServiceDiffers,
    /// Continuous substance use (H §1.7).
    SubstanceUse,
    /// The client breaks the agreement.
    ClientBreach,
    /// Another reason, in the explanation.
    Other,
}

impl EndingReason {
    pub const ALL: [EndingReason; 8] = [
        EndingReason::Health,
        EndingReason::Travel,
        EndingReason::Safety,
        EndingReason::ProviderBreach,
        EndingReason::ServiceDiffers,
        EndingReason::SubstanceUse,
        EndingReason::ClientBreach,
        EndingReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EndingReason::Health => "health",
            EndingReason::Travel => "travel",
            EndingReason::Safety => "safety",
            EndingReason::ProviderBreach => "provider_breach",
            EndingReason::ServiceDiffers => "service_differs",
            EndingReason::SubstanceUse => "substance_use",
            EndingReason::ClientBreach => "client_breach",
            EndingReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<EndingReason> {
        EndingReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether `side` may give this reason.
    pub fn allowed_for(self, side: Side) -> bool {
        use EndingReason::*;
        match self {
            Health | Travel | Safety | ProviderBreach | ServiceDiffers => side == Side::Client,
            SubstanceUse | ClientBreach => side == Side::Provider,
            Other => true,
        }
    }
}

/// Checks the day an agreement is to end: today or later, and not after its agreed last day.
pub fn check_last_day(a: &AgreementRow, day: NaiveDate, today: NaiveDate) -> Result<(), AppError> {
    if day < today || day > a.ends_on {
        return Err(AppError::new(ErrorCode::AgreementEndingDay)
            .arg("from", today.to_string())
            .arg("until", a.ends_on.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap()
    }

    pub(crate) fn row() -> AgreementRow {
        let at = d(1, 4).and_hms_opt(9, 0, 0).unwrap();
        AgreementRow {
            id: "a".into(),
            voucher_id: "v".into(),
            client_id: "c".into(),
            provider_id: "p".into(),
            site_id: "s".into(),
            visit_id: None,
            starts_on: d(1, 11),
            ends_on: d(6, 30),
            days_per_week: Some(2),
            hours_per_day: Some(5),
            goals: String::new(),
            responsible_person: String::new(),
            instructor: String::new(),
            meeting_place: None,
            meeting_distance_km: None,
            remote: false,
            unit_price_cents: 4000,
            created_by: "staff".into(),
            created_at: at,
            ended_at: None,
            confirmed_at: None,
            ended_on: None,
            end_reason: None,
        }
    }

    #[test]
    fn an_agreement_is_in_force_from_the_confirmation_to_its_last_day() {
        let mut a = row();
        assert_eq!(state(&a, d(1, 5)).0, State::AwaitingConfirmation);
        a.confirmed_at = Some(d(1, 5).and_hms_opt(10, 0, 0).unwrap());
        assert_eq!(state(&a, d(1, 5)).0, State::InForce);
        // The last day is the agreement's; the day after, it has ended without notice.
        assert_eq!(state(&a, d(6, 30)).0, State::InForce);
        assert_eq!(
            state(&a, d(7, 1)),
            (State::Ended, Some((EndReason::LastDay, d(6, 30))))
        );
        // An unconfirmed agreement ends on its last day all the same.
        assert_eq!(state(&row(), d(7, 1)).0, State::Ended);
    }

    #[test]
    fn an_end_set_by_consent_takes_effect_after_its_day() {
        let mut a = row();
        a.confirmed_at = Some(d(1, 5).and_hms_opt(10, 0, 0).unwrap());
        a.ended_on = Some(d(3, 31));
        a.end_reason = Some("terminated".into());
        assert_eq!(state(&a, d(3, 31)).0, State::InForce);
        assert_eq!(
            state(&a, d(4, 1)),
            (State::Ended, Some((EndReason::Terminated, d(3, 31))))
        );
        assert_eq!(last_day(&a), d(3, 31));
    }

    #[test]
    fn each_side_gives_only_its_own_reasons() {
        assert!(EndingReason::Travel.allowed_for(Side::Client));
        assert!(!EndingReason::Travel.allowed_for(Side::Provider));
        assert!(EndingReason::SubstanceUse.allowed_for(Side::Provider));
        assert!(!EndingReason::SubstanceUse.allowed_for(Side::Client));
        assert!(EndingReason::Other.allowed_for(Side::Client));
        for r in EndingReason::ALL {
            assert_eq!(EndingReason::parse(r.as_str()), Some(r));
        }
        // The SQL writes these codes by name.
        assert_eq!(
            EndReason::parse(super::super::repo::REPLACED),
            Some(EndReason::Replaced)
        );
        assert_eq!(
            EndReason::parse("voucher_cancelled"),
            Some(EndReason::VoucherCancelled)
        );
    }

    #[test]
    fn an_end_falls_between_today_and_the_agreed_last_day() {
        let a = row();
        let today = d(2, 1);
        assert!(check_last_day(&a, today, today).is_ok());
        assert!(check_last_day(&a, d(6, 30), today).is_ok());
        assert!(check_last_day(&a, d(1, 31), today).is_err());
        assert!(check_last_day(&a, d(7, 1), today).is_err());
    }
}
