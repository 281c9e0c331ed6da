//! The changes to powers of attorney, as plain functions that the routes and the demo call alike:
//! each takes the door's decided access (who acts, for which client, when), checks the rules and
//! writes in the caller's transaction, and returns the mandate with its history.

use super::repo::{self, Loaded, MandateRow, Transition};
use super::{client_may_revoke, Basis, EventKind, Grant, StoredStatus};
use crate::access::Access;
use crate::db::events::{self, Kind, Refs};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};

/// Gives a power of attorney: the client's waits for the caseworker; a caseworker's registration
/// (paper, guardian) is valid at once.
pub fn create(
    conn: &mut DbConnection,
    access: &Access,
    grant: &Grant,
    basis: Basis,
) -> Result<Loaded, AppError> {
    let who = (access.actor_id.as_str(), access.acting_as);
    let row = repo::create(conn, access.client_id(), grant, basis, who, access.now)?;
    repo::load_one(conn, row)
}

/// Moves `id` from `from` to `to` with its history entry, as the caller of `access`.
fn step(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    (from, to, event): (StoredStatus, StoredStatus, EventKind),
    reason: Option<&str>,
) -> Result<Loaded, AppError> {
    let row = repo::transition(
        conn,
        id,
        Transition {
            from,
            to,
            event,
            actor_id: &access.actor_id,
            acting_as: access.acting_as,
            reason,
        },
        access.now,
        access.today(),
    )?;
    // A helper who loses a power of attorney in force hears it at once: their open sockets
    // close, and whatever they open next is decided without it.
    if from == StoredStatus::Active && to != StoredStatus::Active {
        if let Some(helper) = &row.proxy_person_id {
            let refs = Refs {
                client_id: Some(row.client_id.clone()),
                ..Refs::default()
            };
            events::stage(helper, Kind::AccessChanged, refs, access.now);
        }
    }
    repo::load_one(conn, row)
}

/// The client cancels a power of attorney they gave; a legal guardian is not theirs to dismiss.
pub fn revoke(
    conn: &mut DbConnection,
    access: &Access,
    mandate_id: &str,
) -> Result<Loaded, AppError> {
    let row = repo::find(conn, mandate_id)?
        .filter(|m| m.client_id == access.client_id())
        .ok_or_else(AppError::not_found)?;
    let from = row.stored_status()?;
    if row.basis() == Basis::Guardian {
        return Err(AppError::new(ErrorCode::MandateGuardianNotRevocable));
    }
    if !client_may_revoke(row.basis(), from) {
        return Err(AppError::new(ErrorCode::MandateWrongState));
    }
    let revoked = (from, StoredStatus::Revoked, EventKind::Revoked);
    step(conn, access, &row.id, revoked, None)
}

/// The caseworker's decision on a pending power of attorney: approved, or rejected with a reason.
pub fn decide(
    conn: &mut DbConnection,
    access: &Access,
    mandate: &MandateRow,
    rejected_because: Option<&str>,
) -> Result<Loaded, AppError> {
    let to = match rejected_because {
        None => (StoredStatus::Active, EventKind::Approved),
        Some(_) => (StoredStatus::Rejected, EventKind::Rejected),
    };
    let change = (StoredStatus::PendingApproval, to.0, to.1);
    step(conn, access, &mandate.id, change, rejected_because)
}

/// The caseworker records the decision that ended a guardianship, with its reference.
pub fn end_guardianship(
    conn: &mut DbConnection,
    access: &Access,
    mandate: &MandateRow,
    reference: &str,
) -> Result<Loaded, AppError> {
    if mandate.basis() != Basis::Guardian {
        return Err(AppError::new(ErrorCode::MandateNotGuardian));
    }
    let ended = (StoredStatus::Active, StoredStatus::Ended, EventKind::Ended);
    step(conn, access, &mandate.id, ended, Some(reference))
}

/// What the helper a mandate names may do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelperStep {
    /// Say no to one that waits for approval.
    Decline,
    /// Give up one in force.
    Renounce,
}

/// The helper's own step on a mandate that names them.
pub fn helper_step(
    conn: &mut DbConnection,
    access: &Access,
    mandate_id: &str,
    what: HelperStep,
) -> Result<Loaded, AppError> {
    let change = match what {
        HelperStep::Decline => (
            StoredStatus::PendingApproval,
            StoredStatus::Declined,
            EventKind::Declined,
        ),
        HelperStep::Renounce => (
            StoredStatus::Active,
            StoredStatus::Renounced,
            EventKind::Renounced,
        ),
    };
    step(conn, access, mandate_id, change, None)
}
