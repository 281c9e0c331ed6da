//! Who may do what, in one place. Every action a caller can take on something that is not theirs
//! alone is named in [`action`], in four kinds by what it is done to:
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
//! committed (with the rows of other reads, see [`journal`]) before the read is answered. What it
//! decides is not only whether, but which rows: an [`Access`] carries the [`Rows`] of the client's
//! data it reaches, and the repos that read or change a client's rows take them, so no route can
//! leave out a filter.

pub mod action;
mod decision;
pub mod door;
pub mod journal;
pub mod repo;
pub mod routes;
pub mod view;

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use action::{Action, ClientRead, ClientWrite, MunicipalityAction, ProviderAction};
use action::{Helper, Role};

use crate::clock::helsinki_date;
use crate::error::{AppError, ErrorCode};
use crate::persons::ClientRow;

/// How many days after a relation ended (a visit cancelled, refused, not held or answered; an
/// agreement ended) its provider's staff still reach the client: long enough to finish the
/// paperwork, then the relation lapses (see `repo::serving`).
pub const STAFF_REACH_DAYS_AFTER_END: i64 = 30;
/// How long after the service ended its provider still bills and corrects a client's days, and
/// reads them in its billing: a correction may come months later.
pub const BILLING_REACH_DAYS: i64 = 400;

/// What a helper may do for the client.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// See vouchers, providers, visits and attendance.
    View,
    /// Book and cancel intro visits.
    BookVisits,
    /// Send messages for the client.
    Message,
    /// Report the client's absences.
    ReportAbsence,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::View,
        Scope::BookVisits,
        Scope::Message,
        Scope::ReportAbsence,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::View => "view",
            Scope::BookVisits => "book_visits",
            Scope::Message => "message",
            Scope::ReportAbsence => "report_absence",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }
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
    let rule = action.rule();
    let mut relations = Vec::with_capacity(4);
    if facts.is_client {
        relations.push(ActingAs::Myself);
    }
    let proxy = match rule.helper {
        Helper::No => false,
        Helper::Named => facts.named_proxy,
        Helper::WithScope(scope) => !facts.is_client && facts.proxy_scopes.contains(&scope),
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
    if let Some(found) = relations.into_iter().find(|r| rule.allows(*r)) {
        return Ok(found);
    }
    match rule.role {
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

/// Which of one client's rows a decided access reaches: all of them (the client, a helper, the
/// caseworker), or only those with the caller's organisations (provider staff, who reach a
/// client only through their organisation's bookings and agreements). Only the door makes one,
/// and the repos that read or change a client's rows take it, so a route cannot leave the
/// filter out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows {
    client_id: String,
    organisations: Option<Vec<String>>,
}

impl Rows {
    fn all(client_id: &str) -> Rows {
        Rows {
            client_id: client_id.to_string(),
            organisations: None,
        }
    }

    fn of_organisations(client_id: &str, organisations: Vec<String>) -> Rows {
        Rows {
            client_id: client_id.to_string(),
            organisations: Some(organisations),
        }
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// `None`: the rows of every organisation; `Some`: only those of these organisations.
    pub fn organisations(&self) -> Option<&[String]> {
        self.organisations.as_deref()
    }

    /// Whether a row of this client's with `organisation` is within reach.
    pub fn reaches(&self, organisation: &str) -> bool {
        self.organisations
            .as_ref()
            .is_none_or(|orgs| orgs.iter().any(|o| o == organisation))
    }
}

/// A decided access to a client's data: who acts, for which client, in which capacity, which of
/// the client's rows it reaches, and the moment it was decided, which the work and the access
/// log share.
#[derive(Debug, Clone)]
pub struct Access {
    pub client: ClientRow,
    pub actor_id: String,
    pub acting_as: ActingAs,
    pub action: Action,
    pub rows: Rows,
    pub now: DateTime<Utc>,
}

impl Access {
    pub fn client_id(&self) -> &str {
        &self.client.person_id
    }

    /// The day it is in Helsinki.
    pub fn today(&self) -> NaiveDate {
        helsinki_date(self.now)
    }

    /// The organisation a provider's staff member acts for; `None` for anyone else.
    pub fn organisation(&self) -> Option<&str> {
        self.rows
            .organisations()
            .and_then(|orgs| orgs.first())
            .map(String::as_str)
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
    pub fn new(access: &Access, resource: &str, request_id: &str) -> LogRow {
        LogRow {
            client_id: access.client_id().to_string(),
            actor_id: access.actor_id.clone(),
            acting_as: access.acting_as.as_str(),
            action: access.action.code(),
            resource: canonical_resource(resource, access.client_id()),
            request_id: request_id.to_string(),
            created_at: access.now.naive_utc(),
            organisation_id: access.organisation().map(str::to_string),
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
        for action in Action::all() {
            if action.proxy_scope().is_none() {
                let all = facts(|f| f.proxy_scopes = Scope::ALL.into_iter().collect());
                assert_ne!(decide(action, &all), Ok(ActingAs::Proxy), "{action:?}");
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
        for action in Action::all().filter(|a| a.is_about_a_client()) {
            assert!(decide(action, &other).is_err(), "{action:?}");
        }
        // …and serving them, only to the visits and agreements.
        let allowed: Vec<Action> = Action::all()
            .filter(|a| a.is_about_a_client() && decide(*a, &own).is_ok())
            .collect();
        assert_eq!(
            allowed,
            [
                Action::Read(ClientRead::ViewVisits),
                Action::Read(ClientRead::ViewAgreements),
                Action::Read(ClientRead::ViewDays),
                Action::Read(ClientRead::ViewMessages),
                Action::Read(ClientRead::ViewBilling),
                Action::Write(ClientWrite::AnswerVisit),
                Action::Write(ClientWrite::ProviderProposesEnding),
                Action::Write(ClientWrite::RecordInterruption),
                Action::Write(ClientWrite::RecordDocument),
                Action::Write(ClientWrite::ChangeGroup),
                Action::Write(ClientWrite::ConfirmDay),
                Action::Write(ClientWrite::CorrectDay),
                Action::Write(ClientWrite::RejectDay),
                Action::Write(ClientWrite::RecordDay),
                Action::Write(ClientWrite::RecordAbsence),
                Action::Write(ClientWrite::PlanMeeting),
                Action::Write(ClientWrite::RecordNoShow),
                Action::Write(ClientWrite::OpenThread),
                Action::Write(ClientWrite::SendMessage),
                Action::Write(ClientWrite::ReadMessages),
                Action::Write(ClientWrite::SubmitBilling),
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
        let codes: BTreeSet<&str> = Action::all().map(|a| a.code()).collect();
        assert_eq!(codes.len(), Action::all().count());
    }
}
