//! Authorization in one place. Every route that touches a client's data names an [`Action`] and
//! calls [`authorize`] once; it answers with the caller's relation to the client or a 404 (so an
//! id reveals nothing), and the route's work and its access-log row commit in one transaction
//! (see [`crate::app::AppState::for_client`]).

pub mod journal;
pub mod routes;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Actor;
use crate::db::schema::{access_log, read_log, read_log_recent};
use crate::db::DbConnection;
use crate::error::AppError;
use crate::mandates::{self, repo::MandateRow, Scope};
use crate::persons::{self, ClientRow};

/// A client in a path: `me` (the caller's own client record) or a client id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientRef {
    Me,
    Id(String),
}

/// An id in a path, in its one stored form. Anything that is not a UUID names nothing: 404.
pub fn parse_id(s: &str) -> Result<String, AppError> {
    uuid::Uuid::parse_str(s)
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

    fn resolve<'a>(&'a self, actor: &'a Actor) -> &'a str {
        match self {
            ClientRef::Me => &actor.person_id,
            ClientRef::Id(id) => id,
        }
    }
}

/// Everything a caller can do to a client's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ViewClient,
    ViewAccessLog,
    ViewVouchers,
    IssueVoucher,
    ChangeVoucher,
    ViewMandates,
    CreateMandate,
    RevokeMandate,
    RegisterMandate,
    ApproveMandate,
    RejectMandate,
    /// The helper named on a pending mandate says no (decided by [`authorize_named_proxy`]).
    DeclineMandate,
    /// The helper gives up an active mandate (decided by [`authorize_named_proxy`]).
    RenounceMandate,
    SearchProviders,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::ViewClient,
        Action::ViewAccessLog,
        Action::ViewVouchers,
        Action::IssueVoucher,
        Action::ChangeVoucher,
        Action::ViewMandates,
        Action::CreateMandate,
        Action::RevokeMandate,
        Action::RegisterMandate,
        Action::ApproveMandate,
        Action::RejectMandate,
        Action::DeclineMandate,
        Action::RenounceMandate,
        Action::SearchProviders,
    ];

    /// The stable code stored in the access log; its text is `action-<code with dashes>`.
    pub fn code(self) -> &'static str {
        match self {
            Action::ViewClient => "client.view",
            Action::ViewAccessLog => "access_log.view",
            Action::ViewVouchers => "voucher.view",
            Action::IssueVoucher => "voucher.issue",
            Action::ChangeVoucher => "voucher.change",
            Action::ViewMandates => "mandate.list",
            Action::CreateMandate => "mandate.create",
            Action::RevokeMandate => "mandate.revoke",
            Action::RegisterMandate => "mandate.register",
            Action::ApproveMandate => "mandate.approve",
            Action::RejectMandate => "mandate.reject",
            Action::DeclineMandate => "mandate.decline",
            Action::RenounceMandate => "mandate.renounce",
            Action::SearchProviders => "provider.search",
        }
    }

    /// Whether the action only reads: its work needs no write transaction, and its access-log
    /// row is committed on its own right after the read (see `AppState::for_client`). Reading
    /// the access log is not one of them: its log row comes first, so the page shows it.
    pub fn only_reads(self) -> bool {
        matches!(
            self,
            Action::ViewClient
                | Action::ViewVouchers
                | Action::ViewMandates
                | Action::SearchProviders
        )
    }

    pub fn message_id(code: &str) -> String {
        format!("action-{}", code.replace('.', "-"))
    }

    /// The scope a helper's mandate must carry for this action; `None` when no helper may take
    /// it whatever the mandate says (the access log, and anything about mandates themselves).
    pub fn proxy_scope(self) -> Option<Scope> {
        match self {
            Action::ViewClient | Action::ViewVouchers | Action::SearchProviders => {
                Some(Scope::View)
            }
            Action::ViewAccessLog
            | Action::IssueVoucher
            | Action::ChangeVoucher
            | Action::ViewMandates
            | Action::CreateMandate
            | Action::RevokeMandate
            | Action::RegisterMandate
            | Action::ApproveMandate
            | Action::RejectMandate
            | Action::DeclineMandate
            | Action::RenounceMandate => None,
        }
    }

    /// The rule table: which relations may take this action. A helper (`Proxy`) may take the
    /// actions that have a [`Action::proxy_scope`], when a mandate in force carries that scope.
    fn allows(self, relation: ActingAs) -> bool {
        use Action::*;
        match relation {
            ActingAs::Myself => matches!(
                self,
                ViewClient
                    | ViewAccessLog
                    | ViewVouchers
                    | SearchProviders
                    | ViewMandates
                    | CreateMandate
                    | RevokeMandate
            ),
            ActingAs::Proxy => self.proxy_scope().is_some(),
            ActingAs::Caseworker => matches!(
                self,
                ViewClient
                    | ViewAccessLog
                    | ViewVouchers
                    | SearchProviders
                    | IssueVoucher
                    | ChangeVoucher
                    | ViewMandates
                    | RegisterMandate
                    | ApproveMandate
                    | RejectMandate
            ),
            ActingAs::ProviderStaff => false,
        }
    }
}

/// In which capacity the caller acts for the client.
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

/// A decided access: who acts, for which client, in which capacity.
#[derive(Debug, Clone)]
pub struct Access {
    pub client: ClientRow,
    pub actor_id: String,
    pub acting_as: ActingAs,
    pub action: Action,
}

impl Access {
    pub fn client_id(&self) -> &str {
        &self.client.person_id
    }
}

/// The one deciding function. Finds every relation the actor has to the client and allows the
/// action if any of them may take it; otherwise the client "does not exist" for this caller.
pub fn authorize(
    conn: &mut DbConnection,
    actor: &Actor,
    client: &ClientRef,
    action: Action,
    now: DateTime<Utc>,
) -> Result<Access, AppError> {
    authorize_with(conn, actor, client, action, now, persons::find_client)
}

/// [`authorize`] with the client's record found by `find` (a read may take it from memory, see
/// [`crate::clients::records`]).
pub fn authorize_with(
    conn: &mut DbConnection,
    actor: &Actor,
    client: &ClientRef,
    action: Action,
    now: DateTime<Utc>,
    find: impl FnOnce(&mut DbConnection, &str) -> Result<Option<ClientRow>, AppError>,
) -> Result<Access, AppError> {
    let client_id = client.resolve(actor);
    let client = find(conn, client_id)?.ok_or_else(AppError::not_found)?;
    let mut relations = Vec::with_capacity(3);
    if client.person_id == actor.person_id {
        relations.push(ActingAs::Myself);
    }
    // A helper: a mandate in force today (Helsinki) that carries the scope this action needs,
    // read afresh on every request so a revocation counts on the very next one.
    if let Some(scope) = action.proxy_scope() {
        if client.person_id != actor.person_id {
            let today = crate::clock::helsinki_date(now);
            let scopes =
                mandates::repo::in_force_scopes(conn, &client.person_id, &actor.person_id, today)?;
            if scopes.contains(&scope) {
                relations.push(ActingAs::Proxy);
            }
        }
    }
    if actor
        .caseworker_municipalities()
        .any(|m| m == client.municipality_code)
    {
        relations.push(ActingAs::Caseworker);
    }
    let acting_as = relations
        .into_iter()
        .find(|r| action.allows(*r))
        .ok_or_else(AppError::not_found)?;
    Ok(Access {
        client,
        actor_id: actor.person_id.clone(),
        acting_as,
        action,
    })
}

/// The rule for what the helper named on a mandate may do to that mandate (decline it, renounce
/// it): the mandate must name the caller. Anything else "does not exist" (404). The state checks
/// are the transition's; the access-log row is written as for any other access.
pub fn authorize_named_proxy(
    conn: &mut DbConnection,
    actor: &Actor,
    mandate_id: &str,
    action: Action,
) -> Result<(Access, MandateRow), AppError> {
    if !matches!(action, Action::DeclineMandate | Action::RenounceMandate) {
        return Err(AppError::not_found());
    }
    let mandate = mandates::repo::find(conn, mandate_id)?
        .filter(|m| m.proxy_person_id.as_deref() == Some(actor.person_id.as_str()))
        .ok_or_else(AppError::not_found)?;
    let client = persons::find_client(conn, &mandate.client_id)?.ok_or_else(AppError::not_found)?;
    Ok((
        Access {
            client,
            actor_id: actor.person_id.clone(),
            acting_as: ActingAs::Proxy,
            action,
        },
        mandate,
    ))
}

/// Inserts a [`LogRow`] into `access_log` or `read_log`, which have the same columns.
macro_rules! insert_row {
    ($table:ident, $row:expr, $conn:expr) => {{
        let row = $row;
        let values = (
            $table::id.eq(uuid::Uuid::now_v7().to_string()),
            $table::client_id.eq(&row.client_id),
            $table::actor_id.eq(&row.actor_id),
            $table::acting_as.eq(row.acting_as),
            $table::action.eq(row.action),
            $table::resource.eq(&row.resource),
            $table::request_id.eq(&row.request_id),
            $table::created_at.eq(row.created_at),
        );
        crate::native!($conn, |c| diesel::insert_into($table::table)
            .values(values)
            .execute(c))?;
        Ok(())
    }};
}

/// One access-log row, ready to insert.
#[derive(Debug, Clone)]
pub struct LogRow {
    pub client_id: String,
    pub actor_id: String,
    pub acting_as: &'static str,
    pub action: &'static str,
    pub resource: String,
    pub request_id: String,
    pub created_at: chrono::NaiveDateTime,
}

impl LogRow {
    pub fn new(access: &Access, resource: &str, request_id: &str, now: DateTime<Utc>) -> LogRow {
        LogRow {
            client_id: access.client_id().to_string(),
            actor_id: access.actor_id.clone(),
            acting_as: access.acting_as.as_str(),
            action: access.action.code(),
            resource: resource.to_string(),
            request_id: request_id.to_string(),
            created_at: now.naive_utc(),
        }
    }

    /// Inserts the row of a change into `access_log`, in the caller's transaction, so that the
    /// change and its row commit together.
    pub fn insert(&self, conn: &mut DbConnection) -> Result<(), AppError> {
        insert_row!(access_log, self, conn)
    }

    /// Inserts the row of a read (see [`crate::db::read_log_path`]): a read changes nothing, so
    /// its row needs no transaction with anything else. On SQLite the row goes to
    /// `read_log_recent`, from where [`move_recent_reads`] takes it into `read_log`; on
    /// PostgreSQL straight into `read_log`.
    pub fn insert_read(&self, conn: &mut DbConnection) -> Result<(), AppError> {
        match conn {
            DbConnection::Sqlite(_) => insert_row!(read_log_recent, self, conn),
            DbConnection::Postgres(_) => insert_row!(read_log, self, conn),
        }
    }
}

pub use crate::db::reads::move_recent_reads;

/// Writes the access-log row for a decided access. Called in the same transaction as the work.
pub fn record(
    conn: &mut DbConnection,
    access: &Access,
    resource: &str,
    request_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    LogRow::new(access, resource, request_id, now).insert(conn)
}

/// The path with `me` replaced by the client's id, so the log names the resource exactly.
pub fn canonical_resource(path: &str, client_id: &str) -> String {
    path.replacen("/clients/me", &format!("/clients/{client_id}"), 1)
}
