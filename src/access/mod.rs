//! Who may do what, in one place. Every action a caller can take on something that is not theirs
//! alone is named here, in four kinds by what it is done to:
//!
//! - [`ClientRead`]: reading a client's data;
//! - [`ClientWrite`]: changing a client's data (and reading their access log, whose own row must
//!   be on the page it returns);
//! - [`MunicipalityAction`]: a caseworker's work for their municipality;
//! - [`ProviderAction`]: a provider organisation's own data, kept by its staff.
//!
//! [`decide`] is the one function that allows or refuses an action, from the [`Facts`] the door
//! ([`door`]) gathers about the caller and the target: whether the caller is the client, which
//! scopes their powers of attorney from the client carry today, whether they are a caseworker of
//! the municipality in question, whether they work for the provider in question, and how their
//! organisation serves the client. A refused target "does not exist" for the caller (404), so an
//! id reveals nothing; a caller without the role an action needs at all is told so (403).
//!
//! The door runs every route's work after this decision and writes the access-log row of every
//! decision about a client's data: a change's row commits with the change, a read's row is
//! committed (with the rows of other reads, see [`journal`]) before the read is answered.

pub mod door;
pub mod journal;
pub mod repo;
pub mod routes;
pub mod view;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{AppError, ErrorCode};
use crate::mandates::Scope;
use crate::persons::ClientRow;

/// Reads of a client's data. The work runs in a read snapshot; its access-log row is committed
/// before the answer leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientRead {
    ViewClient,
    ViewVouchers,
    ViewMandates,
    SearchProviders,
    /// The client's intro visits (staff: those with their organisation).
    ViewVisits,
    /// The client's agreements with providers (staff: those with their organisation).
    ViewAgreements,
    /// The clocks of the client's vouchers, in a caseworker's list of late ones.
    ViewDeadlines,
}

/// Changes to a client's data. The work and its access-log row commit in one write transaction.
/// Reading the access log is one of them: its own row is written first, so the page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientWrite {
    ViewAccessLog,
    IssueVoucher,
    ChangeVoucher,
    CreateMandate,
    RevokeMandate,
    RegisterMandate,
    ApproveMandate,
    RejectMandate,
    /// The helper named on a pending mandate says no.
    DeclineMandate,
    /// The helper gives up an active mandate.
    RenounceMandate,
    BookVisit,
    CancelVisit,
    /// The client's side takes or declines a place in a provider's queue.
    AnswerQueue,
    /// Staff say how a visit went, and accept, refuse or offer a queue place.
    AnswerVisit,
    /// A caseworker records the decision that ended a guardianship.
    EndGuardianship,
}

/// A caseworker's work for their municipality, on no one client's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MunicipalityAction {
    /// Register a provider organisation (any caseworker).
    RegisterProvider,
    /// Approve, suspend or withdraw a provider for a service in the municipality.
    DecideApproval,
    /// The powers of attorney waiting for a decision (each client listed is logged as a read).
    ListPendingMandates,
    /// The clients whose intro visit or start is late (each client listed is logged as a read).
    ListDeadlines,
}

/// A provider organisation's own data, kept by its staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderAction {
    CreateSite,
    EditSite,
    PublishOffering,
    /// Publish, change or withdraw intro-visit slots.
    PublishSlots,
    /// The organisation's slots with their bookings (each client listed is logged as a read).
    ListSlots,
}

/// Every action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Read(ClientRead),
    Write(ClientWrite),
    Municipality(MunicipalityAction),
    Provider(ProviderAction),
}

impl From<ClientRead> for Action {
    fn from(a: ClientRead) -> Action {
        Action::Read(a)
    }
}

impl From<ClientWrite> for Action {
    fn from(a: ClientWrite) -> Action {
        Action::Write(a)
    }
}

impl From<MunicipalityAction> for Action {
    fn from(a: MunicipalityAction) -> Action {
        Action::Municipality(a)
    }
}

impl From<ProviderAction> for Action {
    fn from(a: ProviderAction) -> Action {
        Action::Provider(a)
    }
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Read(ClientRead::ViewClient),
        Action::Read(ClientRead::ViewVouchers),
        Action::Read(ClientRead::ViewMandates),
        Action::Read(ClientRead::SearchProviders),
        Action::Read(ClientRead::ViewVisits),
        Action::Read(ClientRead::ViewAgreements),
        Action::Read(ClientRead::ViewDeadlines),
        Action::Write(ClientWrite::ViewAccessLog),
        Action::Write(ClientWrite::IssueVoucher),
        Action::Write(ClientWrite::ChangeVoucher),
        Action::Write(ClientWrite::CreateMandate),
        Action::Write(ClientWrite::RevokeMandate),
        Action::Write(ClientWrite::RegisterMandate),
        Action::Write(ClientWrite::ApproveMandate),
        Action::Write(ClientWrite::RejectMandate),
        Action::Write(ClientWrite::DeclineMandate),
        Action::Write(ClientWrite::RenounceMandate),
        Action::Write(ClientWrite::BookVisit),
        Action::Write(ClientWrite::CancelVisit),
        Action::Write(ClientWrite::AnswerQueue),
        Action::Write(ClientWrite::AnswerVisit),
        Action::Write(ClientWrite::EndGuardianship),
        Action::Municipality(MunicipalityAction::RegisterProvider),
        Action::Municipality(MunicipalityAction::DecideApproval),
        Action::Municipality(MunicipalityAction::ListPendingMandates),
        Action::Municipality(MunicipalityAction::ListDeadlines),
        Action::Provider(ProviderAction::CreateSite),
        Action::Provider(ProviderAction::EditSite),
        Action::Provider(ProviderAction::PublishOffering),
        Action::Provider(ProviderAction::PublishSlots),
        Action::Provider(ProviderAction::ListSlots),
    ];

    /// The stable code stored in the access log; its text is `action-<code with dashes>`.
    pub fn code(self) -> &'static str {
        use ClientRead as R;
        use ClientWrite as W;
        match self {
            Action::Read(R::ViewClient) => "client.view",
            Action::Read(R::ViewVouchers) => "voucher.view",
            Action::Read(R::ViewMandates) => "mandate.list",
            Action::Read(R::SearchProviders) => "provider.search",
            Action::Read(R::ViewVisits) => "visit.view",
            Action::Read(R::ViewAgreements) => "agreement.view",
            Action::Read(R::ViewDeadlines) => "deadline.view",
            Action::Write(W::ViewAccessLog) => "access_log.view",
            Action::Write(W::IssueVoucher) => "voucher.issue",
            Action::Write(W::ChangeVoucher) => "voucher.change",
            Action::Write(W::CreateMandate) => "mandate.create",
            Action::Write(W::RevokeMandate) => "mandate.revoke",
            Action::Write(W::RegisterMandate) => "mandate.register",
            Action::Write(W::ApproveMandate) => "mandate.approve",
            Action::Write(W::RejectMandate) => "mandate.reject",
            Action::Write(W::DeclineMandate) => "mandate.decline",
            Action::Write(W::RenounceMandate) => "mandate.renounce",
            Action::Write(W::BookVisit) => "visit.book",
            Action::Write(W::CancelVisit) => "visit.cancel",
            Action::Write(W::AnswerQueue) => "visit.queue_answer",
            Action::Write(W::AnswerVisit) => "visit.answer",
            Action::Write(W::EndGuardianship) => "mandate.end",
            Action::Municipality(MunicipalityAction::RegisterProvider) => "provider.register",
            Action::Municipality(MunicipalityAction::DecideApproval) => "provider.approval",
            Action::Municipality(MunicipalityAction::ListPendingMandates) => "mandate.pending",
            Action::Municipality(MunicipalityAction::ListDeadlines) => "deadline.list",
            Action::Provider(ProviderAction::CreateSite) => "site.create",
            Action::Provider(ProviderAction::EditSite) => "site.edit",
            Action::Provider(ProviderAction::PublishOffering) => "offering.publish",
            Action::Provider(ProviderAction::PublishSlots) => "slot.publish",
            Action::Provider(ProviderAction::ListSlots) => "slot.list",
        }
    }

    /// Whether the action is about one client's data, and so is written in their access log.
    pub fn is_about_a_client(self) -> bool {
        matches!(self, Action::Read(_) | Action::Write(_))
    }

    pub fn message_id(code: &str) -> String {
        format!("action-{}", code.replace('.', "-"))
    }

    /// The scope a helper's power of attorney must carry for this action; `None` when no helper
    /// may take it whatever the mandate says (the access log, anything about mandates
    /// themselves, and everything that is not a client's data).
    pub fn proxy_scope(self) -> Option<Scope> {
        match self {
            Action::Read(
                ClientRead::ViewClient
                | ClientRead::ViewVouchers
                | ClientRead::SearchProviders
                | ClientRead::ViewVisits
                | ClientRead::ViewAgreements,
            ) => Some(Scope::View),
            Action::Write(
                ClientWrite::BookVisit | ClientWrite::CancelVisit | ClientWrite::AnswerQueue,
            ) => Some(Scope::BookVisits),
            _ => None,
        }
    }

    /// The role a caller must have at all to be told more than "you are not one" (403). For
    /// the other actions a caller without any relation is answered 404.
    fn role_needed(self) -> Option<Role> {
        match self {
            Action::Write(ClientWrite::IssueVoucher | ClientWrite::ChangeVoucher)
            | Action::Municipality(_) => Some(Role::Caseworker),
            Action::Provider(_) | Action::Write(ClientWrite::AnswerVisit) => {
                Some(Role::ProviderStaff)
            }
            _ => None,
        }
    }

    /// The rule table: which relations may take this action.
    fn allows(self, relation: ActingAs) -> bool {
        use ClientRead as R;
        use ClientWrite as W;
        match (self, relation) {
            (Action::Read(R::ViewClient | R::ViewVouchers | R::SearchProviders), r) => {
                matches!(r, ActingAs::Myself | ActingAs::Proxy | ActingAs::Caseworker)
            }
            (Action::Read(R::ViewMandates) | Action::Write(W::ViewAccessLog), r) => {
                matches!(r, ActingAs::Myself | ActingAs::Caseworker)
            }
            // Staff see only what they need of a client they serve: the bookings and agreements
            // with their organisation (the routes keep to those).
            (Action::Read(R::ViewVisits | R::ViewAgreements), _) => true,
            (Action::Read(R::ViewDeadlines), r) => r == ActingAs::Caseworker,
            (Action::Write(W::BookVisit | W::CancelVisit | W::AnswerQueue), r) => {
                matches!(r, ActingAs::Myself | ActingAs::Proxy | ActingAs::Caseworker)
            }
            (Action::Write(W::AnswerVisit), r) => r == ActingAs::ProviderStaff,
            (Action::Write(W::CreateMandate | W::RevokeMandate), r) => r == ActingAs::Myself,
            (
                Action::Write(
                    W::IssueVoucher
                    | W::ChangeVoucher
                    | W::RegisterMandate
                    | W::ApproveMandate
                    | W::RejectMandate
                    | W::EndGuardianship,
                ),
                r,
            ) => r == ActingAs::Caseworker,
            (Action::Write(W::DeclineMandate | W::RenounceMandate), r) => r == ActingAs::Proxy,
            (Action::Municipality(_), r) => r == ActingAs::Caseworker,
            (Action::Provider(_), r) => r == ActingAs::ProviderStaff,
        }
    }
}

/// The roles an action may need (see [`Action::role_needed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Caseworker,
    ProviderStaff,
}

/// In which capacity the caller acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActingAs {
    /// The client themself.
    #[serde(rename = "self")]
    Myself,
    Proxy,
    Caseworker,
    ProviderStaff,
}

impl ActingAs {
    pub fn as_str(self) -> &'static str {
        match self {
            ActingAs::Myself => "self",
            ActingAs::Proxy => "proxy",
            ActingAs::Caseworker => "caseworker",
            ActingAs::ProviderStaff => "provider_staff",
        }
    }

    pub fn parse(s: &str) -> Option<ActingAs> {
        match s {
            "self" => Some(ActingAs::Myself),
            "proxy" => Some(ActingAs::Proxy),
            "caseworker" => Some(ActingAs::Caseworker),
            "provider_staff" => Some(ActingAs::ProviderStaff),
            _ => None,
        }
    }
}

/// What the door found out about the caller and the target: everything a rule may need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The caller is the client.
    pub is_client: bool,
    /// The scopes of the caller's powers of attorney from the client that are in force today.
    pub proxy_scopes: BTreeSet<Scope>,
    /// The caller is named as the helper on the mandate in question.
    pub named_proxy: bool,
    /// The caller is a caseworker of the client's municipality, or of the one in question.
    pub caseworker_here: bool,
    /// The caller is a caseworker of some municipality.
    pub caseworker_anywhere: bool,
    /// The caller works for the provider in question; for a client's data, for a provider that
    /// serves the client through a booking or an agreement.
    pub staff_here: bool,
    /// The caller works for some provider.
    pub staff_anywhere: bool,
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The target does not exist for this caller: 404.
    Hidden,
    /// Only caseworkers may do this: 403.
    NotCaseworker,
    /// Only provider staff may do this: 403.
    NotStaff,
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> AppError {
        match r {
            Refusal::Hidden => AppError::not_found(),
            Refusal::NotCaseworker => AppError::new(ErrorCode::CaseworkerOnly),
            Refusal::NotStaff => AppError::new(ErrorCode::ProviderStaffOnly),
        }
    }
}

/// The one deciding function: the first relation the caller has to the target that may take the
/// action, or why not.
pub fn decide(action: Action, facts: &Facts) -> Result<ActingAs, Refusal> {
    let mut relations = Vec::with_capacity(4);
    if facts.is_client {
        relations.push(ActingAs::Myself);
    }
    let proxy = match action {
        Action::Write(ClientWrite::DeclineMandate | ClientWrite::RenounceMandate) => {
            facts.named_proxy
        }
        _ => action
            .proxy_scope()
            .is_some_and(|scope| !facts.is_client && facts.proxy_scopes.contains(&scope)),
    };
    if proxy {
        relations.push(ActingAs::Proxy);
    }
    if facts.caseworker_here {
        relations.push(ActingAs::Caseworker);
    }
    if facts.staff_here {
        relations.push(ActingAs::ProviderStaff);
    }
    if let Some(found) = relations.into_iter().find(|r| action.allows(*r)) {
        return Ok(found);
    }
    match action.role_needed() {
        Some(Role::Caseworker) if !facts.caseworker_anywhere => Err(Refusal::NotCaseworker),
        Some(Role::ProviderStaff) if !facts.staff_anywhere => Err(Refusal::NotStaff),
        _ => Err(Refusal::Hidden),
    }
}

/// A client in a path: `me` (the caller's own client record) or a client id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientRef {
    Me,
    Id(String),
}

/// An id in a path, in its one stored form. Anything that is not a UUID names nothing: 404.
pub fn parse_id(s: &str) -> Result<String, AppError> {
    uuid::Uuid::parse_str(s.trim())
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| AppError::not_found())
}

impl ClientRef {
    /// Anything that is neither `me` nor a UUID cannot name a client: 404.
    pub fn parse(s: &str) -> Result<ClientRef, AppError> {
        if s == "me" {
            return Ok(ClientRef::Me);
        }
        parse_id(s).map(ClientRef::Id)
    }

    /// The client's id, `me` being the caller.
    pub fn resolve<'a>(&'a self, caller_id: &'a str) -> &'a str {
        match self {
            ClientRef::Me => caller_id,
            ClientRef::Id(id) => id,
        }
    }
}

/// A decided access to a client's data: who acts, for which client, in which capacity.
#[derive(Debug, Clone)]
pub struct Access {
    pub client: ClientRow,
    pub actor_id: String,
    pub acting_as: ActingAs,
    pub action: Action,
    /// Acting as provider staff: the caller's organisations that serve the client. The work
    /// keeps to their bookings and agreements.
    pub providers: Vec<String>,
}

impl Access {
    pub fn client_id(&self) -> &str {
        &self.client.person_id
    }
}

/// One access-log row, ready to insert (see [`repo`]).
#[derive(Debug, Clone)]
pub struct LogRow {
    pub client_id: String,
    pub actor_id: String,
    pub acting_as: &'static str,
    pub action: &'static str,
    pub resource: String,
    pub request_id: String,
    pub created_at: chrono::NaiveDateTime,
    /// The organisation a provider's staff member acted for.
    pub organisation_id: Option<String>,
}

impl LogRow {
    pub fn new(access: &Access, resource: &str, request_id: &str, now: DateTime<Utc>) -> LogRow {
        LogRow {
            client_id: access.client_id().to_string(),
            actor_id: access.actor_id.clone(),
            acting_as: access.acting_as.as_str(),
            action: access.action.code(),
            resource: canonical_resource(resource, access.client_id()),
            request_id: request_id.to_string(),
            created_at: now.naive_utc(),
            organisation_id: (access.acting_as == ActingAs::ProviderStaff)
                .then(|| access.providers.first().cloned())
                .flatten(),
        }
    }
}

/// The path with `me` replaced by the client's id, so the log names the resource exactly.
pub fn canonical_resource(path: &str, client_id: &str) -> String {
    path.replacen("/clients/me", &format!("/clients/{client_id}"), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(f: impl FnOnce(&mut Facts)) -> Facts {
        let mut facts = Facts::default();
        f(&mut facts);
        facts
    }

    #[test]
    fn a_helper_needs_the_scope_the_action_names() {
        let view = Action::Read(ClientRead::ViewVouchers);
        let with = facts(|f| {
            f.proxy_scopes.insert(Scope::View);
        });
        assert_eq!(decide(view, &with), Ok(ActingAs::Proxy));
        let without = facts(|f| {
            f.proxy_scopes.insert(Scope::BookVisits);
        });
        assert_eq!(decide(view, &without), Err(Refusal::Hidden));
        // No scope lets a helper read the access log or touch mandates.
        for action in Action::ALL {
            if action.proxy_scope().is_none() {
                let all = facts(|f| f.proxy_scopes = Scope::ALL.into_iter().collect());
                assert_ne!(decide(*action, &all), Ok(ActingAs::Proxy), "{action:?}");
            }
        }
    }

    #[test]
    fn the_client_comes_first_and_a_caseworker_acts_as_one() {
        let both = facts(|f| {
            f.is_client = true;
            f.caseworker_here = true;
        });
        assert_eq!(
            decide(Action::Read(ClientRead::ViewClient), &both),
            Ok(ActingAs::Myself)
        );
        // A client may not issue themselves a voucher, even as a caseworker elsewhere.
        let issue = Action::Write(ClientWrite::IssueVoucher);
        assert_eq!(decide(issue, &both), Ok(ActingAs::Caseworker));
        let own = facts(|f| f.is_client = true);
        assert_eq!(decide(issue, &own), Err(Refusal::NotCaseworker));
        let elsewhere = facts(|f| f.caseworker_anywhere = true);
        assert_eq!(decide(issue, &elsewhere), Err(Refusal::Hidden));
    }

    #[test]
    fn staff_act_only_on_their_own_organisation() {
        let edit = Action::Provider(ProviderAction::EditSite);
        assert_eq!(decide(edit, &Facts::default()), Err(Refusal::NotStaff));
        let other = facts(|f| f.staff_anywhere = true);
        assert_eq!(decide(edit, &other), Err(Refusal::Hidden));
        let own = facts(|f| {
            f.staff_anywhere = true;
            f.staff_here = true;
        });
        assert_eq!(decide(edit, &own), Ok(ActingAs::ProviderStaff));
        // Working for a provider gives no reach into a client's data by itself…
        for action in Action::ALL.iter().filter(|a| a.is_about_a_client()) {
            assert!(decide(*action, &other).is_err(), "{action:?}");
        }
        // …and serving them, only to the visits and agreements.
        let allowed: Vec<Action> = Action::ALL
            .iter()
            .copied()
            .filter(|a| a.is_about_a_client() && decide(*a, &own).is_ok())
            .collect();
        assert_eq!(
            allowed,
            [
                Action::Read(ClientRead::ViewVisits),
                Action::Read(ClientRead::ViewAgreements),
                Action::Write(ClientWrite::AnswerVisit),
            ]
        );
    }

    #[test]
    fn only_the_named_helper_may_decline_or_renounce() {
        let decline = Action::Write(ClientWrite::DeclineMandate);
        let scoped = facts(|f| f.proxy_scopes = Scope::ALL.into_iter().collect());
        assert_eq!(decide(decline, &scoped), Err(Refusal::Hidden));
        let named = facts(|f| f.named_proxy = true);
        assert_eq!(decide(decline, &named), Ok(ActingAs::Proxy));
        assert_eq!(
            decide(Action::Read(ClientRead::ViewClient), &named),
            Err(Refusal::Hidden)
        );
    }

    #[test]
    fn codes_are_unique() {
        let codes: BTreeSet<&str> = Action::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), Action::ALL.len());
    }
}
