//! Service providers: the organisation and its business id, a municipality's approval per
//! service, the sites and what each offers; the search a client uses to choose one under the
//! rulebook's radius; the side-by-side comparison; the public profile.
//!
//! This file holds what a provider is described with, parsed at the edge: what a site offers,
//! plain-language descriptions, and the rules of a municipality's decision on a provider.
//! `work.rs` holds what caseworkers and staff do with providers; `rank.rs` the search's order and
//! paging over the catalog (`catalog.rs`); `repo.rs` the SQL; `view.rs` the texts; `routes/` the
//! HTTP by audience.

pub mod business_id;
pub mod catalog;
pub mod input;
pub mod place;
pub mod rank;
pub mod repo;
pub mod routes;
pub mod view;
pub mod work;

use chrono::NaiveDate;

pub use place::Place;
use repo::ApprovalRow;

use crate::error::{AppError, ErrorCode};
use crate::geo::{Address, Coordinates};
use crate::i18n::Translations;
use crate::text::{self, TextFault};
use crate::vocab::{ApprovalStatus, Form, GroupTheme, ServiceLanguage, WorkTask};

/// Why a text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// Missing, too long or with characters no text needs.
    Text(TextFault),
    /// A sentence is longer than plain language allows.
    NotPlain,
}

/// Longest sentence, in words, that a description may have. Plain language aims at about 12;
/// a little slack keeps names and compound phrases from tripping it.
pub const MAX_WORDS_PER_SENTENCE: usize = 15;
pub const MAX_DESCRIPTION_CHARS: usize = 600;

/// A description in plain language: not empty, not long, short sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainText(String);

impl PlainText {
    pub fn parse(s: &str) -> Result<PlainText, TextError> {
        let s = text::paragraph(s, MAX_DESCRIPTION_CHARS).map_err(TextError::Text)?;
        let too_long = s
            .split(['.', '!', '?', '\n'])
            .any(|sentence| sentence.split_whitespace().count() > MAX_WORDS_PER_SENTENCE);
        if too_long {
            return Err(TextError::NotPlain);
        }
        Ok(PlainText(s))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A short single-line text such as a name or an address: trimmed, 1..=max characters.
pub fn short_text(s: &str, max: usize) -> Result<String, TextError> {
    text::line(s, max).map_err(TextError::Text)
}
/// The person responsible for the service at a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Responsible {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// What a site offers for one service: everything a client compares.
#[derive(Debug, Clone, PartialEq)]
pub struct Offering {
    pub form: Form,
    pub work_tasks: Vec<WorkTask>,
    pub group_themes: Vec<GroupTheme>,
    pub languages: Vec<ServiceLanguage>,
    pub step_free: bool,
    pub partial_work_ability: bool,
    pub meal_heating: bool,
    pub hot_meal: bool,
    pub group_size_max: Option<i32>,
    pub free_places: i32,
    pub queue_length: i32,
    pub next_start_on: Option<NaiveDate>,
    pub responsible: Responsible,
    pub description: Translations,
}

/// One site of an approved provider offering the service, as the search reads it.
#[derive(Debug, Clone)]
pub struct Offer {
    pub provider_id: String,
    pub provider_name: String,
    pub site_id: String,
    pub site_name: String,
    pub street_address: String,
    pub postal_code: String,
    pub city: String,
    pub at: Coordinates,
    pub offering: Offering,
}

impl Offer {
    pub fn address(&self) -> Address<'_> {
        Address {
            street: &self.street_address,
            postal_code: &self.postal_code,
            city: &self.city,
        }
    }
}

/// The longest reason for a decision on a provider (needed to suspend or withdraw).
pub const MAX_REASON_CHARS: usize = 500;

/// How many days ahead a search hit counts a provider's free intro slots.
pub const SOON_DAYS: i64 = 14;

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

    #[test]
    fn descriptions_must_be_plain() {
        assert!(PlainText::parse("Teemme puutöitä. Tule tutustumaan!").is_ok());
        assert_eq!(
            PlainText::parse("  "),
            Err(TextError::Text(TextFault::Missing))
        );
        let long = "sana ".repeat(MAX_WORDS_PER_SENTENCE + 1);
        assert_eq!(PlainText::parse(&long), Err(TextError::NotPlain));
        assert_eq!(
            PlainText::parse(&"a".repeat(MAX_DESCRIPTION_CHARS + 1)),
            Err(TextError::Text(TextFault::TooLong {
                max: MAX_DESCRIPTION_CHARS
            }))
        );
    }

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
