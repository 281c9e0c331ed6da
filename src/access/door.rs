//! The door every route goes through to reach what is not the caller's own: it finds the facts
//! about the caller and the target, asks [`decide`](super::decide), runs the route's work, and
//! writes the access-log row of every decision about a client's data.
//!
//! Reads and changes are two functions that take two kinds of action, so neither can be given
//! the other's:
//! - [`Door::read`] takes a [`ClientRead`]: the session check, the decision and the work share
//!   one read snapshot (one trip to the pool), and the work may ask the repos for what reads keep
//!   in memory (see [`Reading`]). Its log row is then committed with the rows of other reads
//!   ([`Journal`]) before anything is answered.
//! - [`Door::write`] and [`Door::create`] take a [`ClientWrite`]: the decision, the work and the
//!   log row commit in one write transaction, or none of them does. `create` also makes a
//!   retried request with the same `Idempotency-Key` answer as the first did, and logs it once.
//!
//! [`Door::read_list`] serves a list of several clients' data (a caseworker's inbox): every item
//! is decided on its own, an item the caller may not see is dropped, and each client shown gets a
//! row. [`Door::municipality`] and [`Door::provider`] run a caseworker's or a provider's staff's
//! work on no one client's data.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::journal::Journal;
use super::{
    decide, Access, Action, ClientRead, ClientRef, ClientWrite, Facts, LogRow, MunicipalityAction,
    ProviderAction, Refusal,
};
use crate::auth::{Actor, Caller};
use crate::clock::{helsinki_date, SharedClock};
use crate::db::cache::{Caches, Reading};
use crate::db::{Db, DbConnection};
use crate::error::{AppError, ErrorCode};
use crate::idempotency::{self, IdempotencyKey, Stored};

/// Finds, in the work's own transaction, whom a row belongs to (a client, an organisation).
pub type Owner = Box<dyn FnOnce(&mut DbConnection) -> Result<Option<String>, AppError> + Send>;

/// Which client a change is about.
pub enum Target {
    /// As named in the path: `me` or an id.
    Path(String),
    /// The client a row belongs to, found in the change's own transaction (a voucher's, a
    /// mandate's): nothing found is 404.
    Of(Owner),
    /// The client of the mandate `id`, for the helper it names (to decline or renounce it).
    NamedOnMandate(String),
}

impl Target {
    pub fn path(client: &str) -> Target {
        Target::Path(client.to_string())
    }

    pub fn of(
        find: impl FnOnce(&mut DbConnection) -> Result<Option<String>, AppError> + Send + 'static,
    ) -> Target {
        Target::Of(Box::new(find))
    }
}

/// Which provider organisation staff work on.
pub enum Org {
    /// The one named, or the caller's only organisation when none is named.
    Named(Option<String>),
    /// The organisation a row belongs to (a site's), found in the work's own transaction.
    Of(Owner),
}

impl Org {
    pub fn of(
        find: impl FnOnce(&mut DbConnection) -> Result<Option<String>, AppError> + Send + 'static,
    ) -> Org {
        Org::Of(Box::new(find))
    }
}

/// A decided provider-staff action: the organisation it is for, and the clients whose data the
/// work changed on the way (a withdrawn slot cancels bookings), each written in their log.
#[derive(Debug, Clone)]
pub struct Staff {
    pub provider_id: String,
    touched: Vec<(String, ClientWrite)>,
}

impl Staff {
    /// Records that the work changed this client's data by `action`: a row in their log.
    pub fn touched(&mut self, client_id: &str, action: ClientWrite) {
        self.touched.push((client_id.to_string(), action));
    }
}

/// A decided caseworker action: the municipality it is for (the one named, or the caller's only
/// one), and every municipality the caseworker serves.
#[derive(Debug, Clone)]
pub struct Area {
    pub municipality: Option<String>,
    pub all: Vec<String>,
}

pub struct Door {
    db: Db,
    journal: Journal,
    caches: Arc<Caches>,
    clock: SharedClock,
}

impl Door {
    pub fn new(db: Db, journal: Journal, caches: Arc<Caches>, clock: SharedClock) -> Door {
        Door {
            db,
            journal,
            caches,
            clock,
        }
    }

    /// What reads keep in memory (for the extractors that check a session outside the door).
    pub fn caches(&self) -> &Arc<Caches> {
        &self.caches
    }

    /// The writer of the rows of reads (for `/readyz` and tests).
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// A read of one client's data. Answers with the caller (checked in the read's snapshot)
    /// and what `work` made of the data; the read's log row is committed before this returns.
    pub async fn read<T, F>(
        &self,
        caller: Caller,
        action: ClientRead,
        client: &str,
        work: F,
    ) -> Result<(Actor, T), AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Reading<'_>, &Access) -> Result<T, AppError> + Send + 'static,
    {
        let Caller { bearer, req } = caller;
        let client = client.to_string();
        let now = self.clock.now();
        let caches = self.caches.clone();
        let (actor, done) = self
            .db
            .read(move |conn| {
                let mut r = Reading::begin(conn, &caches)?;
                // A bad token or an ended session is answered before anything about the client.
                let actor = bearer.load(&mut r)?;
                let done = ClientRef::parse(&client)
                    .and_then(|c| {
                        client_access(
                            &mut r,
                            &actor,
                            c.resolve(&actor.person_id),
                            action.into(),
                            false,
                            now,
                        )
                    })
                    .and_then(|access| work(&mut r, &access).map(|out| (access, out)));
                Ok((actor, done))
            })
            .await?;
        actor.mark(&req);
        let (access, out) = done?;
        self.journal
            .record(LogRow::new(&access, &actor.path, &actor.request_id, now))
            .await?;
        Ok((actor, out))
    }

    /// A read of several clients' data in one list. `work` gives each item with the client it
    /// shows, and anything else the list needs (a cursor); every item is decided on its own for
    /// `action`, items the caller may not see are left out, and every client shown gets a log
    /// row before the list is answered.
    pub async fn read_list<I, X, F>(
        &self,
        actor: &Actor,
        action: ClientRead,
        work: F,
    ) -> Result<(Vec<I>, X), AppError>
    where
        I: Send + 'static,
        X: Send + 'static,
        F: FnOnce(&mut Reading<'_>) -> Result<(Vec<(String, I)>, X), AppError> + Send + 'static,
    {
        let now = self.clock.now();
        let caches = self.caches.clone();
        let reader = actor.clone();
        let (items, extra, accesses) = self
            .db
            .read(move |conn| {
                let mut r = Reading::begin(conn, &caches)?;
                let (listed, extra) = work(&mut r)?;
                let mut decided: BTreeMap<String, Option<Access>> = BTreeMap::new();
                let mut items = Vec::with_capacity(listed.len());
                for (client_id, item) in listed {
                    if !decided.contains_key(&client_id) {
                        let access =
                            match client_access(&mut r, &reader, &client_id, action.into(), false, now) {
                                Ok(access) => Some(access),
                                Err(e) if e.code == ErrorCode::NotFound => None,
                                Err(e) => return Err(e),
                            };
                        decided.insert(client_id.clone(), access);
                    }
                    if decided[&client_id].is_some() {
                        items.push(item);
                    } else {
                        tracing::warn!(action = ?action, "a list offered an item its reader may not see");
                    }
                }
                let accesses: Vec<Access> = decided.into_values().flatten().collect();
                Ok((items, extra, accesses))
            })
            .await?;
        // Every row is handed over before any is awaited, so the writer commits them together.
        let mut committed = Vec::with_capacity(accesses.len());
        for access in &accesses {
            committed.push(self.journal.try_record(LogRow::new(
                access,
                &actor.path,
                &actor.request_id,
                now,
            ))?);
        }
        for row in committed {
            row.await?;
        }
        Ok((items, extra))
    }

    /// A change to one client's data: the decision, `work` and the log row commit together.
    pub async fn write<T, F>(
        &self,
        actor: &Actor,
        action: ClientWrite,
        target: Target,
        work: F,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &Access) -> Result<T, AppError> + Send + 'static,
    {
        let actor = actor.clone();
        let now = self.clock.now();
        self.db
            .write(move |conn| {
                let access = decide_write(conn, &actor, action, target, now)?;
                LogRow::new(&access, &actor.path, &actor.request_id, now).insert(conn)?;
                work(conn, &access)
            })
            .await
    }

    /// A change that creates something, retried safely: the same `key` with the same `request`
    /// answers as the first request did (and is not logged again); the same key with another
    /// request is refused.
    pub async fn create<B, F>(
        &self,
        actor: &Actor,
        action: ClientWrite,
        target: Target,
        key: IdempotencyKey,
        request: &B,
        work: F,
    ) -> Result<Stored, AppError>
    where
        B: Serialize,
        F: FnOnce(&mut DbConnection, &Access) -> Result<Stored, AppError> + Send + 'static,
    {
        let actor = actor.clone();
        let now = self.clock.now();
        let body = serde_json::to_string(request).map_err(AppError::internal)?;
        self.db
            .write(move |conn| {
                let access = decide_write(conn, &actor, action, target, now)?;
                let route = format!(
                    "{} {}",
                    Action::from(action).code(),
                    super::canonical_resource(&actor.path, access.client_id())
                );
                let fingerprint = idempotency::fingerprint(&route, &body)?;
                let stored =
                    idempotency::run(conn, &key, &access.actor_id, &fingerprint, now, |conn| {
                        work(conn, &access)
                    })?;
                if !stored.replayed {
                    LogRow::new(&access, &actor.path, &actor.request_id, now).insert(conn)?;
                }
                Ok(stored)
            })
            .await
    }

    /// The municipalities a caseworker may act for in `action`: the one `named` (or their only
    /// one), and all of theirs. Decided from their roles alone.
    pub fn caseworker_area(
        &self,
        actor: &Actor,
        action: MunicipalityAction,
        named: Option<&str>,
    ) -> Result<Area, AppError> {
        let all: Vec<String> = actor
            .caseworker_municipalities()
            .map(str::to_string)
            .collect();
        let municipality = match (named, all.as_slice()) {
            (Some(m), _) => Some(m.to_string()),
            (None, [only]) => Some(only.clone()),
            (None, _) => None,
        };
        let facts = Facts {
            caseworker_anywhere: !all.is_empty(),
            // Without a municipality named the action is about the caseworker's own.
            caseworker_here: match &municipality {
                Some(m) => all.contains(m),
                None => !all.is_empty(),
            },
            ..Facts::default()
        };
        decide(action.into(), &facts)?;
        Ok(Area { municipality, all })
    }

    /// The organisations a provider's staff member may act for in `action`, decided from their
    /// roles alone (for lists, which then decide each client shown with [`Door::read_list`]).
    pub fn staff_orgs(
        &self,
        actor: &Actor,
        action: ProviderAction,
    ) -> Result<Vec<String>, AppError> {
        let mine: Vec<String> = actor.provider_ids().map(str::to_string).collect();
        let facts = Facts {
            staff_anywhere: !mine.is_empty(),
            staff_here: !mine.is_empty(),
            ..Facts::default()
        };
        decide(action.into(), &facts)?;
        Ok(mine)
    }

    /// A caseworker's work for their municipality, in one write transaction.
    pub async fn municipality<T, F>(
        &self,
        actor: &Actor,
        action: MunicipalityAction,
        named: Option<&str>,
        work: F,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &Area) -> Result<T, AppError> + Send + 'static,
    {
        let area = self.caseworker_area(actor, action, named)?;
        self.db.write(move |conn| work(conn, &area)).await
    }

    /// Provider staff's work on their organisation's own data, in one write transaction. A
    /// client's data the work changes on the way is logged through [`Staff::touched`].
    pub async fn provider<T, F>(
        &self,
        actor: &Actor,
        action: ProviderAction,
        org: Org,
        work: F,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &mut Staff) -> Result<T, AppError> + Send + 'static,
    {
        let mine: Vec<String> = actor.provider_ids().map(str::to_string).collect();
        let who = actor.clone();
        let now = self.clock.now();
        role_gate(actor, action.into())?;
        self.db
            .write(move |conn| {
                let provider_id = match org {
                    Org::Named(Some(id)) => super::parse_id(&id)?,
                    Org::Named(None) => match mine.as_slice() {
                        [only] => only.clone(),
                        _ => {
                            return Err(
                                AppError::new(ErrorCode::MissingField).arg("field", "provider_id")
                            )
                        }
                    },
                    Org::Of(find) => find(conn)?.ok_or_else(AppError::not_found)?,
                };
                let facts = Facts {
                    staff_anywhere: true,
                    staff_here: mine.contains(&provider_id),
                    ..Facts::default()
                };
                decide(action.into(), &facts)?;
                let mut staff = Staff {
                    provider_id,
                    touched: Vec::new(),
                };
                let out = work(conn, &mut staff)?;
                for (client_id, change) in staff.touched {
                    LogRow {
                        client_id,
                        actor_id: who.person_id.clone(),
                        acting_as: super::ActingAs::ProviderStaff.as_str(),
                        action: Action::from(change).code(),
                        resource: who.path.clone(),
                        request_id: who.request_id.clone(),
                        created_at: now.naive_utc(),
                        organisation_id: Some(staff.provider_id.clone()),
                    }
                    .insert(conn)?;
                }
                Ok(out)
            })
            .await
    }
}

/// Decides a change in its own transaction: finds the target client, then the facts.
fn decide_write(
    conn: &mut DbConnection,
    actor: &Actor,
    action: ClientWrite,
    target: Target,
    now: DateTime<Utc>,
) -> Result<Access, AppError> {
    // A caller without the role the action needs is told so before anything is looked up.
    role_gate(actor, action.into())?;
    let (client_id, named_proxy) = match target {
        Target::Path(path) => (
            ClientRef::parse(&path)?
                .resolve(&actor.person_id)
                .to_string(),
            false,
        ),
        Target::Of(find) => (find(conn)?.ok_or_else(AppError::not_found)?, false),
        Target::NamedOnMandate(id) => {
            let mandate = crate::mandates::repo::find(conn, &super::parse_id(&id)?)?
                .ok_or_else(AppError::not_found)?;
            let named = mandate.proxy_person_id.as_deref() == Some(actor.person_id.as_str());
            (mandate.client_id, named)
        }
    };
    let mut r = Reading::plain(conn);
    client_access(&mut r, actor, &client_id, action.into(), named_proxy, now)
}

/// What the caller's roles alone say: a caseworker somewhere, staff of some provider.
fn role_facts(actor: &Actor) -> Facts {
    Facts {
        caseworker_anywhere: actor.caseworker_municipalities().next().is_some(),
        staff_anywhere: actor.provider_ids().next().is_some(),
        ..Facts::default()
    }
}

/// Refuses at once a caller who lacks the role an action needs (403).
fn role_gate(actor: &Actor, action: Action) -> Result<(), AppError> {
    match decide(action, &role_facts(actor)) {
        Err(refusal @ (Refusal::NotCaseworker | Refusal::NotStaff)) => Err(refusal.into()),
        _ => Ok(()),
    }
}

/// The facts about `actor` and the client `client_id`, and the decision on them.
fn client_access(
    r: &mut Reading<'_>,
    actor: &Actor,
    client_id: &str,
    action: Action,
    named_proxy: bool,
    now: DateTime<Utc>,
) -> Result<Access, AppError> {
    role_gate(actor, action)?;
    let client = crate::persons::repo::client(r, client_id)?.ok_or_else(AppError::not_found)?;
    let is_client = client.person_id == actor.person_id;
    let mut facts = Facts {
        is_client,
        named_proxy,
        caseworker_here: actor
            .caseworker_municipalities()
            .any(|m| m == client.municipality_code),
        ..role_facts(actor)
    };
    // A helper's powers of attorney are read afresh on every request, so a revocation counts on
    // the very next one; only when a helper could take the action at all.
    if action.proxy_scope().is_some() && !is_client {
        facts.proxy_scopes = crate::mandates::repo::in_force_scopes(
            r.conn(),
            &client.person_id,
            &actor.person_id,
            helsinki_date(now),
        )?;
    }
    // Staff reach a client only through a booking or an agreement of their own organisation.
    let mut providers = Vec::new();
    if facts.staff_anywhere
        && decide(
            action,
            &Facts {
                staff_here: true,
                ..facts.clone()
            },
        )
        .is_ok()
    {
        let mine: Vec<String> = actor.provider_ids().map(str::to_string).collect();
        providers = crate::visits::repo::serving(r.conn(), &client.person_id, &mine)?;
        facts.staff_here = !providers.is_empty();
    }
    let acting_as = decide(action, &facts)?;
    if acting_as != super::ActingAs::ProviderStaff {
        providers.clear();
    }
    Ok(Access {
        client,
        actor_id: actor.person_id.clone(),
        acting_as,
        action,
        providers,
    })
}
