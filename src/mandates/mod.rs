//! Proxy powers of attorney (mandates). A client names a helper by personal identity code, chooses
//! what the helper may do (scopes) and for how long; the client's caseworker approves it. A
//! caseworker may also register one directly from a paper power of attorney or for a legal
//! guardian. The helper may decline or renounce it, the client may revoke it, and it expires by
//! itself. Every change is kept in `mandate_events` with who and when.
//!
//! Whether a mandate lets its helper act is decided in one place, [`crate::access::decide`],
//! from the scopes in force, read afresh on every request: a revocation counts at once.

pub mod repo;
pub mod routes;
pub mod view;
pub mod work;

use std::collections::BTreeSet;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{AppError, ErrorCode};
use crate::text;

pub use crate::access::Scope;

/// A non-empty set of scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scopes(BTreeSet<Scope>);

impl Scopes {
    pub fn new(scopes: impl IntoIterator<Item = Scope>) -> Result<Scopes, AppError> {
        let set: BTreeSet<Scope> = scopes.into_iter().collect();
        if set.is_empty() {
            return Err(AppError::new(ErrorCode::MandateNoScopes));
        }
        Ok(Scopes(set))
    }

    /// As stored: comma-separated codes. Unknown codes (none today) are skipped.
    pub fn from_db(s: &str) -> BTreeSet<Scope> {
        s.split(',').filter_map(Scope::parse).collect()
    }

    pub fn to_db(&self) -> String {
        self.0
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }
}

/// The state stored in the database. Expiry is not stored: it follows from the dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredStatus {
    PendingApproval,
    Active,
    Rejected,
    Declined,
    Revoked,
    Renounced,
    /// A caseworker recorded the decision that ended a guardianship.
    Ended,
}

impl StoredStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StoredStatus::PendingApproval => "pending_approval",
            StoredStatus::Active => "active",
            StoredStatus::Rejected => "rejected",
            StoredStatus::Declined => "declined",
            StoredStatus::Revoked => "revoked",
            StoredStatus::Renounced => "renounced",
            StoredStatus::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<StoredStatus> {
        use StoredStatus::*;
        [
            PendingApproval,
            Active,
            Rejected,
            Declined,
            Revoked,
            Renounced,
            Ended,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// The state a person sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = MandateStatus)]
pub enum Status {
    /// Waiting for the caseworker.
    PendingApproval,
    /// Approved; in force between its dates.
    Active,
    /// The caseworker said no.
    Rejected,
    /// The helper said no.
    Declined,
    /// The client cancelled it.
    Revoked,
    /// The helper gave it up.
    Renounced,
    /// A decision ended the guardianship; the caseworker recorded it.
    Ended,
    /// Its last day has passed.
    Expired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::PendingApproval => "pending_approval",
            Status::Active => "active",
            Status::Rejected => "rejected",
            Status::Declined => "declined",
            Status::Revoked => "revoked",
            Status::Renounced => "renounced",
            Status::Ended => "ended",
            Status::Expired => "expired",
        }
    }

    /// The stored state as of `today` (a date in Helsinki): pending or active past the last day
    /// is expired.
    pub fn effective(stored: StoredStatus, valid_until: NaiveDate, today: NaiveDate) -> Status {
        match stored {
            StoredStatus::PendingApproval | StoredStatus::Active if today > valid_until => {
                Status::Expired
            }
            StoredStatus::PendingApproval => Status::PendingApproval,
            StoredStatus::Active => Status::Active,
            StoredStatus::Rejected => Status::Rejected,
            StoredStatus::Declined => Status::Declined,
            StoredStatus::Revoked => Status::Revoked,
            StoredStatus::Renounced => Status::Renounced,
            StoredStatus::Ended => Status::Ended,
        }
    }
}

/// On what the mandate rests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The client gave it in the app.
    Client,
    /// A caseworker registered it from a paper power of attorney.
    Paper,
    /// A caseworker registered the client's legal guardian (edunvalvoja).
    Guardian,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Client => "client",
            Basis::Paper => "paper",
            Basis::Guardian => "guardian",
        }
    }

    pub fn parse(s: &str) -> Option<Basis> {
        [Basis::Client, Basis::Paper, Basis::Guardian]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// What a caseworker may register directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegisteredBasis {
    Paper,
    Guardian,
}

impl From<RegisteredBasis> for Basis {
    fn from(b: RegisteredBasis) -> Basis {
        match b {
            RegisteredBasis::Paper => Basis::Paper,
            RegisteredBasis::Guardian => Basis::Guardian,
        }
    }
}

/// A change in a mandate's life, as kept in its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = MandateEventKind)]
pub enum EventKind {
    /// The client gave it; it waits for the caseworker.
    Requested,
    /// A caseworker registered it directly.
    Registered,
    Approved,
    Rejected,
    Declined,
    Revoked,
    Renounced,
    /// A caseworker recorded the decision that ended a guardianship.
    Ended,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Requested => "requested",
            EventKind::Registered => "registered",
            EventKind::Approved => "approved",
            EventKind::Rejected => "rejected",
            EventKind::Declined => "declined",
            EventKind::Revoked => "revoked",
            EventKind::Renounced => "renounced",
            EventKind::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        use EventKind::*;
        [
            Requested, Registered, Approved, Rejected, Declined, Revoked, Renounced, Ended,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// The longest a mandate may last.
pub const MAX_MONTHS: u32 = 24;

/// A mandate's validity: first and last day (Helsinki dates, both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    from: NaiveDate,
    until: NaiveDate,
}

impl Validity {
    /// Starts today or later, ends on or after the start, and lasts at most two years.
    pub fn new(
        from: Option<NaiveDate>,
        until: NaiveDate,
        today: NaiveDate,
    ) -> Result<Validity, AppError> {
        let from = from.unwrap_or(today);
        if from < today || until < from {
            return Err(AppError::new(ErrorCode::MandateInvalidPeriod));
        }
        let limit = from
            .checked_add_months(Months::new(MAX_MONTHS))
            .ok_or(AppError::new(ErrorCode::MandateInvalidPeriod))?;
        if until > limit {
            return Err(AppError::new(ErrorCode::MandateTooLong));
        }
        Ok(Validity { from, until })
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn until(&self) -> NaiveDate {
        self.until
    }
}

/// The longest name a client may give their helper, and the longest reason for a rejection.
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_REASON_CHARS: usize = 1000;

/// The name a client gave their helper: one line, trimmed, 1–200 characters.
pub fn parse_proxy_name(name: &str) -> Result<String, AppError> {
    text::line(name, MAX_NAME_CHARS)
        .map_err(|f| f.error("proxy_name", ErrorCode::MandateInvalidName))
}

/// Whether the client may revoke a mandate in this state on this basis: every one they gave
/// (in the app or on paper) while it is pending or active, never a guardian's, whom a court or
/// the Digital and Population Data Services Agency appoints.
pub fn client_may_revoke(basis: Basis, status: StoredStatus) -> bool {
    basis != Basis::Guardian
        && matches!(status, StoredStatus::PendingApproval | StoredStatus::Active)
}

/// The longest reference of a decision.
pub const MAX_REFERENCE_CHARS: usize = 200;

/// The reference of the decision that ended a guardianship: one line, trimmed, 1–200
/// characters; anything else is told as a reference needed.
pub fn parse_decision_reference(reference: &str) -> Result<String, AppError> {
    text::line(reference, MAX_REFERENCE_CHARS)
        .map_err(|_| AppError::new(ErrorCode::MandateDecisionReferenceRequired))
}

/// A caseworker's reason for saying no: trimmed, 1–1000 characters.
pub fn parse_reason(reason: &str) -> Result<String, AppError> {
    text::paragraph(reason, MAX_REASON_CHARS)
        .map_err(|f| f.error("reason", ErrorCode::MandateReasonRequired))
}

/// A mandate's content, parsed: whom it names, what they may do, and for how long.
#[derive(Debug, Clone)]
pub struct Grant {
    pub proxy: crate::persons::PersonalId,
    pub name: String,
    pub scopes: Scopes,
    pub validity: Validity,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The door reads the scopes of mandates in force by this stored status.
    #[test]
    fn the_door_reads_the_status_mandates_in_force_are_stored_with() {
        assert_eq!(
            StoredStatus::Active.as_str(),
            crate::access::repo::MANDATE_ACTIVE
        );
    }

    #[test]
    fn validity_starts_today_or_later_and_lasts_at_most_two_years() {
        let today = d(2026, 3, 2);
        let v = Validity::new(None, d(2026, 12, 31), today).unwrap();
        assert_eq!((v.from(), v.until()), (today, d(2026, 12, 31)));
        assert!(Validity::new(Some(today), today, today).is_ok());
        assert!(Validity::new(Some(today), d(2028, 3, 2), today).is_ok());
        let code = |r: Result<Validity, AppError>| r.unwrap_err().code;
        assert_eq!(
            code(Validity::new(Some(today), d(2028, 3, 3), today)),
            ErrorCode::MandateTooLong
        );
        assert_eq!(
            code(Validity::new(Some(d(2026, 3, 1)), d(2026, 5, 1), today)),
            ErrorCode::MandateInvalidPeriod
        );
        assert_eq!(
            code(Validity::new(Some(d(2026, 5, 1)), d(2026, 4, 1), today)),
            ErrorCode::MandateInvalidPeriod
        );
        // Leap day plus two years lands on the last day of February.
        assert!(Validity::new(Some(d(2028, 2, 29)), d(2030, 2, 28), today).is_ok());
        assert!(Validity::new(Some(d(2028, 2, 29)), d(2030, 3, 1), today).is_err());
    }

    #[test]
    fn pending_and_active_mandates_expire_after_their_last_day() {
        let until = d(2026, 6, 30);
        use StoredStatus as S;
        assert_eq!(Status::effective(S::Active, until, until), Status::Active);
        assert_eq!(
            Status::effective(S::Active, until, d(2026, 7, 1)),
            Status::Expired
        );
        assert_eq!(
            Status::effective(S::PendingApproval, until, d(2026, 7, 1)),
            Status::Expired
        );
        assert_eq!(
            Status::effective(S::Revoked, until, d(2026, 7, 1)),
            Status::Revoked
        );
    }

    #[test]
    fn scopes_round_trip_and_must_not_be_empty() {
        let s = Scopes::new([Scope::BookVisits, Scope::View, Scope::View]).unwrap();
        assert_eq!(s.to_db(), "view,book_visits");
        assert_eq!(
            Scopes::from_db(&s.to_db()),
            [Scope::View, Scope::BookVisits].into()
        );
        assert_eq!(
            Scopes::new([]).unwrap_err().code,
            ErrorCode::MandateNoScopes
        );
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
        }
    }

    #[test]
    fn a_client_revokes_what_they_gave_never_a_guardian() {
        use StoredStatus as S;
        assert!(client_may_revoke(Basis::Client, S::PendingApproval));
        assert!(client_may_revoke(Basis::Paper, S::Active));
        assert!(!client_may_revoke(Basis::Guardian, S::Active));
        assert!(!client_may_revoke(Basis::Client, S::Revoked));
        assert!(!client_may_revoke(Basis::Guardian, S::Ended));
        assert!(parse_decision_reference(" ").is_err());
        assert_eq!(
            parse_decision_reference(" KO 2026/123 ").unwrap(),
            "KO 2026/123"
        );
    }

    #[test]
    fn names_and_reasons_are_trimmed_and_bounded() {
        assert_eq!(parse_proxy_name("  Liisa ").unwrap(), "Liisa");
        assert!(parse_proxy_name(" ").is_err());
        let code = |r: Result<String, AppError>| r.unwrap_err().code;
        assert_eq!(
            code(parse_proxy_name(&"x".repeat(201))),
            ErrorCode::TextTooLong
        );
        assert_eq!(
            code(parse_proxy_name("a\nb")),
            ErrorCode::TextInvalidCharacters
        );
        assert_eq!(
            code(parse_proxy_name("Lii\0sa")),
            ErrorCode::TextInvalidCharacters
        );
        assert_eq!(code(parse_proxy_name("  ")), ErrorCode::MandateInvalidName);
        assert_eq!(
            code(parse_reason(&"x".repeat(60_000))),
            ErrorCode::TextTooLong
        );
        assert!(parse_reason("").is_err());
        assert_eq!(parse_reason(" No paper. ").unwrap(), "No paper.");
    }
}
