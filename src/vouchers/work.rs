//! Issuing and changing a voucher, as plain functions that the routes and the demo call alike:
//! each takes the door's decided access (the caseworker, the client, when), checks every rule of
//! the voucher's rulebook and writes in the caller's transaction.

use std::sync::Arc;

use chrono::NaiveDate;

use super::repo::{self, Loaded, Reasons};
use super::view::lower_first;
use super::{DeadlineAnchors, EventKind, Status, VoucherRow};
use crate::access::Access;
use crate::db::cache::Reading;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::i18n::Lang;
use crate::rulebooks::{self, Phase, Terms};

/// A voucher to issue, as the caseworker decided it.
#[derive(Debug, Clone)]
pub struct Issue {
    /// The service code, e.g. `rwa_basic`.
    pub service: String,
    pub decision_date: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub granted_units: i32,
    pub per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
    /// Why a provider beyond the usual distance is allowed; `None`: it is not.
    pub out_of_area_reason: Option<String>,
    /// Why the higher exception caps apply.
    pub exception_reason: Option<String>,
    /// Why it runs past the usual period or total, where the rulebook allows it with a reason.
    pub reasons: Reasons,
    pub anchors: DeadlineAnchors,
}

/// One change to a voucher.
#[derive(Debug, Clone)]
pub enum Change {
    /// Extend the validity (and the units) within the rulebook's limits.
    Extend {
        valid_until: NaiveDate,
        granted_units: Option<i32>,
        reasons: Reasons,
    },
    /// Record the dates the deadlines count from.
    SetAnchors(DeadlineAnchors),
    /// Allow a provider beyond the usual distance, for this reason.
    PermitOutOfArea(String),
    /// Cancel the voucher, for this reason.
    Cancel(String),
}

/// The service's name as an error message names it, in the reader's language.
fn service_name(terms: &Terms, lang: Lang) -> String {
    lower_first(terms.service.name(lang))
}

/// Issues a voucher with the id `id` to the client of `access`, under the municipality's
/// rulebook in force on the decision date. `lang` is the reader's, for the rules' messages.
pub fn issue(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    v: Issue,
    lang: Lang,
) -> Result<Loaded, AppError> {
    let today = access.today();
    let municipality = &access.client.municipality_code;
    let terms = rulebooks::repo::in_force(conn, municipality, &v.service, v.decision_date)?
        .ok_or_else(|| AppError::new(ErrorCode::VoucherServiceNotOffered))?;
    if v.decision_date > today {
        return Err(AppError::new(ErrorCode::VoucherDecisionInFuture));
    }
    if v.valid_from < v.decision_date {
        return Err(AppError::new(ErrorCode::VoucherStartsBeforeDecision));
    }
    let request = rulebooks::Request {
        valid_from: v.valid_from,
        valid_until: v.valid_until,
        granted_units: v.granted_units,
        per_week: v.per_week,
        hours_per_day: v.hours_per_day,
        exception: v.exception_reason.is_some(),
        extension_reason: v.reasons.extension.is_some(),
        over_total_reason: v.reasons.over_total.is_some(),
    };
    let service = service_name(&terms, lang);
    let birth = crate::persons::repo::birth_date(conn, access.client_id())?;
    rulebooks::check_age(&terms, birth, v.valid_from, &service)?;
    let justified = repo::check_terms(
        conn,
        access.client_id(),
        &terms,
        None,
        request,
        Phase::Issue,
        &service,
    )?;
    let mut row = VoucherRow::issued(
        id,
        repo::unused_number(conn, municipality)?,
        access,
        &terms,
        &v,
    );
    row.set_anchors(v.anchors);
    rulebooks::check_anchors(&terms, &row.anchors(), today, &service)?;
    repo::insert_issued(conn, &row, &access.actor_id)?;
    repo::record_justified(conn, &row, justified, v.reasons, &access.actor_id)?;
    repo::load_with(&mut Reading::plain(conn), row, Arc::new(terms), true)
}

/// Changes the voucher `row` (the client's of `access`). Every change is kept in its history.
pub fn change(
    conn: &mut DbConnection,
    access: &Access,
    mut row: VoucherRow,
    change: Change,
    lang: Lang,
) -> Result<Loaded, AppError> {
    let today = access.today();
    if matches!(row.status(today), Status::Cancelled | Status::Expired) {
        return Err(AppError::new(ErrorCode::VoucherNotChangeable));
    }
    let at = access.now.naive_utc();
    let mut justified = rulebooks::Justified::default();
    let mut justification = Reasons::default();
    // The voucher's rulebook: the checks of a change and the answer both read it.
    let terms = Arc::new(rulebooks::repo::by_id(conn, &row.rulebook_id)?);
    let (kind, reason) = match change {
        Change::Extend {
            valid_until,
            granted_units,
            reasons,
        } => {
            let granted = granted_units.unwrap_or(row.granted_units);
            if valid_until < row.valid_until || granted < row.granted_units {
                return Err(AppError::new(ErrorCode::VoucherExtensionShortens));
            }
            let request = rulebooks::Request {
                valid_from: row.valid_from,
                valid_until,
                granted_units: granted,
                per_week: row.per_week,
                hours_per_day: row.hours_per_day,
                exception: row.exception_reason.is_some(),
                extension_reason: reasons.extension.is_some(),
                over_total_reason: reasons.over_total.is_some(),
            };
            justified = repo::check_terms(
                conn,
                &row.client_id,
                &terms,
                Some(&row.id),
                request,
                Phase::Extend,
                &service_name(&terms, lang),
            )?;
            row.valid_until = valid_until;
            row.granted_units = granted;
            justification = reasons;
            (EventKind::Extended, None)
        }
        Change::SetAnchors(anchors) => {
            row.set_anchors(anchors);
            let service = service_name(&terms, lang);
            rulebooks::check_anchors(&terms, &row.anchors(), today, &service)?;
            (EventKind::AnchorsRecorded, None)
        }
        Change::PermitOutOfArea(reason) => {
            row.out_of_area_allowed = true;
            row.out_of_area_reason = Some(reason.clone());
            (EventKind::OutOfAreaPermitted, Some(reason))
        }
        Change::Cancel(reason) => {
            row.cancelled_at = Some(at);
            row.cancel_reason = Some(reason.clone());
            (EventKind::Cancelled, Some(reason))
        }
    };
    row.updated_at = at;
    repo::update(conn, &row, kind, &access.actor_id, reason)?;
    if kind == EventKind::Cancelled {
        end_agreement(conn, access, &row.id)?;
    }
    repo::record_justified(conn, &row, justified, justification, &access.actor_id)?;
    repo::load_with(&mut Reading::plain(conn), row, terms, true)
}

/// The service needs a valid voucher (H §5.3): cancelling it ends its agreement the day before,
/// and the client and the provider's staff are told.
fn end_agreement(
    conn: &mut DbConnection,
    access: &Access,
    voucher_id: &str,
) -> Result<(), AppError> {
    use crate::notifications::{repo::notify, Facts, Kind};
    let today = access.today();
    let last_day = today.pred_opt().unwrap_or(today);
    let by = (access.actor_id.as_str(), access.acting_as.as_str());
    let at = access.now.naive_utc();
    let Some(ended) = repo::end_agreement(conn, voucher_id, last_day, by, at)? else {
        return Ok(());
    };
    let facts = Facts {
        provider: Some(ended.provider_name.clone()),
        date: Some(last_day),
        reason_code: Some("voucher_cancelled".into()),
        ..Facts::default()
    };
    let (kind, subject) = (Kind::AgreementEnded, Some(ended.id.as_str()));
    notify(
        conn,
        &ended.client_id,
        kind,
        &facts,
        subject,
        None,
        access.now,
    )?;
    let others = Facts {
        client_id: Some(ended.client_id.clone()),
        client: Some(crate::persons::repo::display_name(conn, &ended.client_id)?),
        ..facts
    };
    for person in crate::persons::repo::staff_of(conn, &ended.provider_id)? {
        notify(conn, &person, kind, &others, subject, None, access.now)?;
    }
    Ok(())
}
