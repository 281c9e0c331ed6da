//! The door every route goes through to reach the database: it finds the facts about the caller
//! and the target, asks [`decide`](super::decide), runs the route's work, and writes the
//! access-log row of every decision about a client's data.
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
//! Every decided access carries the [`Rows`](super::Rows) it reaches and the moment it was
//! decided, which the work uses as its `now`. A change about a row (a voucher, a visit) names its
//! target by the row: the door reads it once to find whose it is, and hands it to the work.
//!
//! [`Door::read_list`] serves a list of several clients' data (a caseworker's inbox, staff's
//! bookings): every item is decided on its own with the organisation it belongs to, an item the
//! caller may not see is dropped whatever the work read, and each client shown gets a row.
//! [`Door::municipality`] and [`Door::provider`] run a caseworker's or a provider's staff's work
//! on no one client's data; [`Door::own`] and [`Door::public`] the caller's own data and what
//! anyone may read.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::decision::{caseworker_area, client_access, decide_write, role_gate, within};
pub use super::decision::{Area, Owner, Target};
use super::journal::Journal;
use super::{
    decide, Access, ActingAs, Action, ClientRead, ClientRef, ClientWrite, Facts, LogRow,
    MunicipalityAction, ProviderAction,
};
use crate::auth::{Actor, Bearer, Caller};
use crate::clock::SharedClock;
use crate::db::cache::{Caches, Reading};
use crate::db::{Db, DbConnection};
use crate::error::{AppError, ErrorCode};
use crate::idempotency::{self, IdempotencyKey, Stored};

/// Which provider organisation staff work on.
pub enum Org {
    /// The one named, or the caller's only organisation when none is named.
    Named(Option<String>),
    /// The organisation a row belongs to (a site's, a slot's), found in the work's own
    /// transaction.
    Of(Owner<()>),
}

impl Org {
    /// The organisation of the row `find` reads.
    pub fn of(
        find: impl FnOnce(&mut DbConnection) -> Result<Option<String>, AppError> + Send + 'static,
    ) -> Org {
        Org::Of(Box::new(move |conn| Ok(find(conn)?.map(|org| (org, ())))))
    }
}

/// A decided provider-staff action: the organisation it is for, when, and the clients whose data
/// the work changed on the way (a withdrawn slot cancels bookings), each written in their log.
#[derive(Debug, Clone)]
pub struct Staff {
    pub provider_id: String,
    pub actor_id: String,
    pub now: DateTime<Utc>,
    touched: Vec<(String, ClientWrite)>,
}

impl Staff {
    /// Records that the work changed this client's data by `action`: a row in their log.
    pub fn touched(&mut self, client_id: &str, action: ClientWrite) {
        self.touched.push((client_id.to_string(), action));
    }
}

/// The caller's own data (their person, inbox, sessions): who, and when.
#[derive(Debug, Clone)]
pub struct Own {
    pub person_id: String,
    pub now: DateTime<Utc>,
}

/// An item of a list of several clients' data, with whose it is and, for a provider's rows, the
/// organisation it belongs to.
pub struct Listed<I> {
    pub client_id: String,
    pub organisation: Option<String>,
    pub item: I,
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

    /// What reads keep in memory (for a benchmark that warms it up).
    pub fn caches(&self) -> &Arc<Caches> {
        &self.caches
    }

    /// The writer of the rows of reads (for `/readyz` and tests).
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Whether the database answers within `timeout` (for `/readyz`).
    pub async fn ping(&self, timeout: Duration) -> bool {
        self.db.ping(timeout).await
    }

    /// The signed-in person a valid token names, checked against the database in a read of its
    /// own (the `Actor` extractor).
    pub async fn signed_in(&self, bearer: Bearer) -> Result<Actor, AppError> {
        let caches = self.caches.clone();
        self.db
            .read(move |conn| bearer.load(&mut Reading::begin(conn, &caches)?))
            .await
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
            .record(LogRow::new(&access, &actor.path, &actor.request_id))
            .await?;
        Ok((actor, out))
    }

    /// A read of several clients' data in one list. `work` gives each item with the client it
    /// shows and the organisation it belongs to, and anything else the list needs (a cursor).
    /// Every item is decided on its own for `action`: an item of a client the caller may not see,
    /// or, for provider staff, of an organisation that is not theirs, is left out whatever the
    /// work read. Every client shown gets a log row before the list is answered.
    pub async fn read_list<I, X, F>(
        &self,
        actor: &Actor,
        action: ClientRead,
        work: F,
    ) -> Result<(Vec<I>, X), AppError>
    where
        I: Send + 'static,
        X: Send + 'static,
        F: FnOnce(&mut Reading<'_>, DateTime<Utc>) -> Result<(Vec<Listed<I>>, X), AppError>
            + Send
            + 'static,
    {
        let now = self.clock.now();
        let caches = self.caches.clone();
        let reader = actor.clone();
        let (items, extra, accesses) = self
            .db
            .read(move |conn| {
                let mut r = Reading::begin(conn, &caches)?;
                let (listed, extra) = work(&mut r, now)?;
                let mut decided: BTreeMap<String, Option<Access>> = BTreeMap::new();
                let mut shown: BTreeMap<String, Access> = BTreeMap::new();
                let mut items = Vec::with_capacity(listed.len());
                for Listed {
                    client_id,
                    organisation,
                    item,
                } in listed
                {
                    if !decided.contains_key(&client_id) {
                        let access = match client_access(
                            &mut r,
                            &reader,
                            &client_id,
                            action.into(),
                            false,
                            now,
                        ) {
                            Ok(access) => Some(access),
                            Err(e) if e.code == ErrorCode::NotFound => None,
                            Err(e) => return Err(e),
                        };
                        decided.insert(client_id.clone(), access);
                    }
                    match &decided[&client_id] {
                        Some(access) if within(access, organisation.as_deref()) => {
                            shown
                                .entry(client_id)
                                .or_insert_with(|| access.clone());
                            items.push(item);
                        }
                        _ => {
                            tracing::warn!(action = ?action, "a list offered an item its reader may not see")
                        }
                    }
                }
                Ok((items, extra, shown.into_values().collect::<Vec<_>>()))
            })
            .await?;
        // Every row is handed over before any is awaited, so the writer commits them together.
        let mut committed = Vec::with_capacity(accesses.len());
        for access in &accesses {
            committed.push(self.journal.try_record(LogRow::new(
                access,
                &actor.path,
                &actor.request_id,
            ))?);
        }
        for row in committed {
            row.await?;
        }
        Ok((items, extra))
    }

    /// A change to one client's data: the decision, `work` and the log row commit together.
    pub async fn write<T, R, F>(
        &self,
        actor: &Actor,
        action: ClientWrite,
        target: Target<R>,
        work: F,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: FnOnce(&mut DbConnection, &Access, R) -> Result<T, AppError> + Send + 'static,
    {
        let actor = actor.clone();
        let now = self.clock.now();
        self.db
            .write(move |conn| Door::act_in(conn, &actor, action, target, now, work))
            .await
    }

    /// [`Door::write`] in the caller's own transaction, at `now`: the same decision, log row and
    /// work. The demo seeds its data through it.
    pub fn act_in<T, R, F>(
        conn: &mut DbConnection,
        actor: &Actor,
        action: ClientWrite,
        target: Target<R>,
        now: DateTime<Utc>,
        work: F,
    ) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection, &Access, R) -> Result<T, AppError>,
    {
        let (access, row) = decide_write(conn, actor, action, target, now)?;
        LogRow::new(&access, &actor.path, &actor.request_id).insert(conn)?;
        work(conn, &access, row)
    }

    /// A change that creates something, retried safely: the same `key` with the same `request`
    /// answers as the first request did (and is not logged again); the same key with another
    /// request is refused.
    pub async fn create<B, R, F>(
        &self,
        actor: &Actor,
        action: ClientWrite,
        target: Target<R>,
        key: IdempotencyKey,
        request: &B,
        work: F,
    ) -> Result<Stored, AppError>
    where
        B: Serialize,
        R: Send + 'static,
        F: FnOnce(&mut DbConnection, &Access, R) -> Result<Stored, AppError> + Send + 'static,
    {
        let actor = actor.clone();
        let now = self.clock.now();
        let body = serde_json::to_string(request).map_err(AppError::internal)?;
        self.db
            .write(move |conn| {
                let (access, row) = decide_write(conn, &actor, action, target, now)?;
                let route = format!(
                    "{} {}",
                    Action::from(action).code(),
                    super::canonical_resource(&actor.path, access.client_id())
                );
                let fingerprint = idempotency::fingerprint(&route, &body)?;
                let stored =
                    idempotency::run(conn, &key, &access.actor_id, &fingerprint, now, |conn| {
                        work(conn, &access, row)
                    })?;
                if !stored.replayed {
                    LogRow::new(&access, &actor.path, &actor.request_id).insert(conn)?;
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
        caseworker_area(actor, action, named, self.clock.now())
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

    /// The one organisation a staff member asks about in `action`: the one `named`, or their
    /// only one. Another organisation does not exist for them (404); staff of several must name
    /// one (400).
    pub fn staff_org(
        &self,
        actor: &Actor,
        action: ProviderAction,
        named: Option<&str>,
    ) -> Result<String, AppError> {
        let mine = self.staff_orgs(actor, action)?;
        match (named, mine.as_slice()) {
            (Some(p), _) => {
                let p = super::parse_id(p)?;
                mine.contains(&p)
                    .then_some(p)
                    .ok_or_else(AppError::not_found)
            }
            (None, [only]) => Ok(only.clone()),
            (None, _) => Err(AppError::new(ErrorCode::MissingField).arg("field", "provider_id")),
        }
    }

    /// [`Door::municipality`] in the caller's own transaction, at `now` (the demo seeds through
    /// it).
    pub fn municipality_in<T, F>(
        conn: &mut DbConnection,
        actor: &Actor,
        action: MunicipalityAction,
        named: Option<&str>,
        now: DateTime<Utc>,
        work: F,
    ) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection, &Area) -> Result<T, AppError>,
    {
        let area = caseworker_area(actor, action, named, now)?;
        work(conn, &area)
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
        let who = actor.clone();
        let now = self.clock.now();
        role_gate(actor, action.into())?;
        self.db
            .write(move |conn| Door::provider_in(conn, &who, action, org, now, work))
            .await
    }

    /// [`Door::provider`] in the caller's own transaction, at `now` (the demo seeds through it).
    pub fn provider_in<T, F>(
        conn: &mut DbConnection,
        actor: &Actor,
        action: ProviderAction,
        org: Org,
        now: DateTime<Utc>,
        work: F,
    ) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection, &mut Staff) -> Result<T, AppError>,
    {
        role_gate(actor, action.into())?;
        let mine: Vec<String> = actor.provider_ids().map(str::to_string).collect();
        let provider_id = match org {
            Org::Named(Some(id)) => super::parse_id(&id)?,
            Org::Named(None) => match mine.as_slice() {
                [only] => only.clone(),
                _ => return Err(AppError::new(ErrorCode::MissingField).arg("field", "provider_id")),
            },
            Org::Of(find) => find(conn)?.ok_or_else(AppError::not_found)?.0,
        };
        let facts = Facts {
            staff_anywhere: true,
            staff_here: mine.contains(&provider_id),
            ..Facts::default()
        };
        decide(action.into(), &facts)?;
        let mut staff = Staff {
            provider_id,
            actor_id: actor.person_id.clone(),
            now,
            touched: Vec::new(),
        };
        let out = work(conn, &mut staff)?;
        for (client_id, change) in &staff.touched {
            LogRow {
                client_id: client_id.clone(),
                actor_id: actor.person_id.clone(),
                acting_as: ActingAs::ProviderStaff.as_str(),
                action: Action::from(*change).code(),
                resource: actor.path.clone(),
                request_id: actor.request_id.clone(),
                created_at: now.naive_utc(),
                organisation_id: Some(staff.provider_id.clone()),
            }
            .insert(conn)?;
        }
        Ok(out)
    }

    /// A read of the caller's own data, which is theirs alone: nothing to decide or log.
    pub async fn own<T, F>(&self, actor: &Actor, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Reading<'_>, &Own) -> Result<T, AppError> + Send + 'static,
    {
        let own = Own {
            person_id: actor.person_id.clone(),
            now: self.clock.now(),
        };
        let caches = self.caches.clone();
        self.db
            .read(move |conn| work(&mut Reading::begin(conn, &caches)?, &own))
            .await
    }

    /// A change to the caller's own data (their language, inbox, sessions), in one write
    /// transaction.
    pub async fn own_write<T, F>(&self, actor: &Actor, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &Own) -> Result<T, AppError> + Send + 'static,
    {
        let own = Own {
            person_id: actor.person_id.clone(),
            now: self.clock.now(),
        };
        self.db.write(move |conn| work(conn, &own)).await
    }

    /// A read of what anyone may read (a provider's profile, the rulebooks, open slots).
    pub async fn public<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Reading<'_>, DateTime<Utc>) -> Result<T, AppError> + Send + 'static,
    {
        let now = self.clock.now();
        let caches = self.caches.clone();
        self.db
            .read(move |conn| work(&mut Reading::begin(conn, &caches)?, now))
            .await
    }

    /// A change anyone may ask for before they are signed in: signing in itself.
    pub async fn public_write<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, DateTime<Utc>) -> Result<T, AppError> + Send + 'static,
    {
        let now = self.clock.now();
        self.db.write(move |conn| work(conn, now)).await
    }
}
