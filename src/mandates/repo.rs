//! Mandates in the database. Every state change is a conditional update (so of two concurrent
//! changes one finds the state already gone) plus a row in `mandate_events`, in the caller's
//! transaction.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use super::{Basis, EventKind, Grant, Scope, Scopes, Status, StoredStatus, Validity};
use crate::access::ActingAs;
use crate::clock::helsinki_date;
use crate::db::schema::{mandate_events, mandates, persons};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::persons::PersonalId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mandates)]
pub struct MandateRow {
    pub id: String,
    pub client_id: String,
    pub proxy_personal_id: String,
    pub proxy_name: String,
    pub proxy_person_id: Option<String>,
    pub scopes: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub basis: String,
    pub status: String,
    pub created_by: String,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

impl MandateRow {
    pub fn stored_status(&self) -> Result<StoredStatus, AppError> {
        StoredStatus::parse(&self.status)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("unknown mandate status")))
    }

    pub fn status(&self, today: NaiveDate) -> Result<Status, AppError> {
        Ok(Status::effective(
            self.stored_status()?,
            self.valid_until,
            today,
        ))
    }

    pub fn scopes(&self) -> BTreeSet<Scope> {
        Scopes::from_db(&self.scopes)
    }

    pub fn basis(&self) -> Basis {
        Basis::parse(&self.basis).unwrap_or(Basis::Client)
    }

    /// Active and within its dates today.
    pub fn in_force(&self, today: NaiveDate) -> bool {
        self.status == StoredStatus::Active.as_str()
            && self.valid_from <= today
            && today <= self.valid_until
    }
}

/// One entry of a mandate's history, with the actor's name.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub mandate_id: String,
    pub event: EventKind,
    pub actor_id: String,
    pub actor_name: String,
    pub acting_as: ActingAs,
    pub reason: Option<String>,
    pub at: chrono::NaiveDateTime,
}

pub struct NewMandate<'a> {
    pub client_id: &'a str,
    pub proxy: &'a PersonalId,
    pub proxy_name: &'a str,
    pub scopes: &'a Scopes,
    pub validity: Validity,
    pub basis: Basis,
    pub status: StoredStatus,
    pub created_by: &'a str,
    pub acting_as: ActingAs,
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<MandateRow>, AppError> {
    Ok(mandates::table
        .find(id)
        .select(MandateRow::as_select())
        .first(conn)
        .optional()?)
}

/// The pending or active mandate this client already gave this helper that has not ended, if
/// any. A client keeps one live mandate per helper, so there is one place to change it.
pub fn live(
    conn: &mut DbConnection,
    client_id: &str,
    proxy: &PersonalId,
    today: NaiveDate,
) -> Result<Option<String>, AppError> {
    Ok(mandates::table
        .filter(mandates::client_id.eq(client_id))
        .filter(mandates::proxy_personal_id.eq(proxy.as_str()))
        .filter(mandates::status.eq_any([
            StoredStatus::PendingApproval.as_str(),
            StoredStatus::Active.as_str(),
        ]))
        .filter(mandates::valid_until.ge(today))
        .select(mandates::id)
        .first(conn)
        .optional()?)
}

/// Creates a mandate and its first history entry. Links the helper at once when they have
/// signed in before.
pub fn insert(
    conn: &mut DbConnection,
    m: NewMandate<'_>,
    now: DateTime<Utc>,
) -> Result<MandateRow, AppError> {
    let proxy_person_id: Option<String> = persons::table
        .filter(persons::personal_id.eq(m.proxy.as_str()))
        .select(persons::id)
        .first(conn)
        .optional()?;
    if proxy_person_id.as_deref() == Some(m.client_id) {
        return Err(AppError::new(ErrorCode::MandateSelf));
    }
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(mandates::table)
        .values((
            mandates::id.eq(&id),
            mandates::client_id.eq(m.client_id),
            mandates::proxy_personal_id.eq(m.proxy.as_str()),
            mandates::proxy_name.eq(m.proxy_name),
            mandates::proxy_person_id.eq(proxy_person_id),
            mandates::scopes.eq(m.scopes.to_db()),
            mandates::valid_from.eq(m.validity.from()),
            mandates::valid_until.eq(m.validity.until()),
            mandates::basis.eq(m.basis.as_str()),
            mandates::status.eq(m.status.as_str()),
            mandates::created_by.eq(m.created_by),
            mandates::created_at.eq(now.naive_utc()),
            mandates::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    let event = if m.basis == Basis::Client {
        EventKind::Requested
    } else {
        EventKind::Registered
    };
    add_event(conn, &id, event, m.created_by, m.acting_as, None, now)?;
    find(conn, &id)?.ok_or_else(|| AppError::internal(anyhow::anyhow!("mandate vanished")))
}

pub fn add_event(
    conn: &mut DbConnection,
    mandate_id: &str,
    event: EventKind,
    actor_id: &str,
    acting_as: ActingAs,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    diesel::insert_into(mandate_events::table)
        .values((
            mandate_events::id.eq(uuid::Uuid::now_v7().to_string()),
            mandate_events::mandate_id.eq(mandate_id),
            mandate_events::event.eq(event.as_str()),
            mandate_events::actor_id.eq(actor_id),
            mandate_events::acting_as.eq(acting_as.as_str()),
            mandate_events::reason.eq(reason),
            mandate_events::created_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A change of state that someone made.
pub struct Transition<'a> {
    pub from: StoredStatus,
    pub to: StoredStatus,
    pub event: EventKind,
    pub actor_id: &'a str,
    pub acting_as: ActingAs,
    pub reason: Option<&'a str>,
}

/// Moves a mandate from one state to another, if it is still in `from` and has not expired, and
/// records who did it. Otherwise 409 `mandate.wrong_state`.
pub fn transition(
    conn: &mut DbConnection,
    id: &str,
    t: Transition<'_>,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<MandateRow, AppError> {
    let changed = diesel::update(
        mandates::table
            .find(id)
            .filter(mandates::status.eq(t.from.as_str()))
            .filter(mandates::valid_until.ge(today)),
    )
    .set((
        mandates::status.eq(t.to.as_str()),
        mandates::updated_at.eq(now.naive_utc()),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(AppError::new(ErrorCode::MandateWrongState));
    }
    add_event(conn, id, t.event, t.actor_id, t.acting_as, t.reason, now)?;
    find(conn, id)?.ok_or_else(|| AppError::internal(anyhow::anyhow!("mandate vanished")))
}

/// A client's mandates, newest first, a page at a time.
pub fn list_for_client(
    conn: &mut DbConnection,
    client_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<MandateRow>, AppError> {
    let q = mandates::table
        .filter(mandates::client_id.eq(client_id))
        .into_boxed();
    Ok(crate::newest_first!(q, mandates::id, after, limit)
        .select(MandateRow::as_select())
        .load(conn)?)
}

/// Mandates waiting for a caseworker's decision from clients of the caseworker's `area`, still
/// within their dates, newest first, a page at a time.
pub fn pending_in(
    conn: &mut DbConnection,
    area: &crate::access::door::Area,
    today: NaiveDate,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<MandateRow>, AppError> {
    use crate::db::schema::clients;
    let q = mandates::table
        .inner_join(clients::table.on(clients::person_id.eq(mandates::client_id)))
        .filter(clients::municipality_code.eq_any(&area.all))
        .filter(mandates::status.eq(StoredStatus::PendingApproval.as_str()))
        .filter(mandates::valid_until.ge(today))
        .into_boxed();
    Ok(crate::newest_first!(q, mandates::id, after, limit)
        .select(MandateRow::as_select())
        .load(conn)?)
}

/// The mandates that name this person as the helper, newest first, a page at a time.
pub fn list_for_proxy(
    conn: &mut DbConnection,
    person_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<MandateRow>, AppError> {
    let q = mandates::table
        .filter(mandates::proxy_person_id.eq(person_id))
        .into_boxed();
    Ok(crate::newest_first!(q, mandates::id, after, limit)
        .select(MandateRow::as_select())
        .load(conn)?)
}

/// The mandates in force today that let this person act for someone: (client id, mandate).
pub fn in_force_for_proxy(
    conn: &mut DbConnection,
    person_id: &str,
    today: NaiveDate,
) -> Result<Vec<MandateRow>, AppError> {
    Ok(mandates::table
        .filter(mandates::proxy_person_id.eq(person_id))
        .filter(mandates::status.eq(StoredStatus::Active.as_str()))
        .filter(mandates::valid_from.le(today))
        .filter(mandates::valid_until.ge(today))
        .order(mandates::id.asc())
        .select(MandateRow::as_select())
        .load(conn)?)
}

/// The client's mandates in force today: who may act for them now, oldest first.
pub fn in_force_for_client(
    conn: &mut DbConnection,
    client_id: &str,
    today: NaiveDate,
) -> Result<Vec<MandateRow>, AppError> {
    Ok(mandates::table
        .filter(mandates::client_id.eq(client_id))
        .filter(mandates::status.eq(StoredStatus::Active.as_str()))
        .filter(mandates::valid_from.le(today))
        .filter(mandates::valid_until.ge(today))
        .order(mandates::id.asc())
        .select(MandateRow::as_select())
        .load(conn)?)
}

/// Links the mandates that name this identity code to the person, on sign-in. Returns how many.
pub fn link_proxy(
    conn: &mut DbConnection,
    person_id: &str,
    personal_id: &PersonalId,
) -> Result<usize, AppError> {
    Ok(diesel::update(
        mandates::table
            .filter(mandates::proxy_personal_id.eq(personal_id.as_str()))
            .filter(mandates::proxy_person_id.is_null())
            .filter(mandates::client_id.ne(person_id)),
    )
    .set(mandates::proxy_person_id.eq(Some(person_id)))
    .execute(conn)?)
}

/// mandate id, event, actor id, actor name, acting as, reason, when
type EventTuple = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    chrono::NaiveDateTime,
);

/// The histories of these mandates, oldest entry first.
pub fn events(
    conn: &mut DbConnection,
    mandate_ids: &[String],
) -> Result<HashMap<String, Vec<EventRow>>, AppError> {
    let rows: Vec<EventTuple> = mandate_events::table
        .inner_join(persons::table)
        .filter(mandate_events::mandate_id.eq_any(mandate_ids))
        .order(mandate_events::id.asc())
        .select((
            mandate_events::mandate_id,
            mandate_events::event,
            mandate_events::actor_id,
            persons::display_name,
            mandate_events::acting_as,
            mandate_events::reason,
            mandate_events::created_at,
        ))
        .load(conn)?;
    let mut out: HashMap<String, Vec<EventRow>> = HashMap::new();
    for (mandate_id, event, actor_id, actor_name, acting_as, reason, at) in rows {
        let (Some(event), Some(acting_as)) =
            (EventKind::parse(&event), ActingAs::parse(&acting_as))
        else {
            continue;
        };
        out.entry(mandate_id.clone()).or_default().push(EventRow {
            mandate_id,
            event,
            actor_id,
            actor_name,
            acting_as,
            reason,
            at,
        });
    }
    Ok(out)
}

/// Display names of these persons.
pub fn names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, AppError> {
    let rows: Vec<(String, String)> = persons::table
        .filter(persons::id.eq_any(ids))
        .select((persons::id, persons::display_name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// A mandate with what it takes to show it.
pub struct Loaded {
    pub row: MandateRow,
    pub client_name: String,
    pub events: Vec<EventRow>,
}

pub fn load(conn: &mut DbConnection, rows: Vec<MandateRow>) -> Result<Vec<Loaded>, AppError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let client_ids: Vec<String> = rows.iter().map(|r| r.client_id.clone()).collect();
    let mut events = events(conn, &ids)?;
    let names: HashMap<String, String> = names(conn, &client_ids)?;
    Ok(rows
        .into_iter()
        .map(|row| Loaded {
            client_name: names.get(&row.client_id).cloned().unwrap_or_default(),
            events: events.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

pub fn load_one(conn: &mut DbConnection, row: MandateRow) -> Result<Loaded, AppError> {
    load(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("mandate vanished")))
}

/// Creates a mandate unless the client already has a live one for this helper.
pub fn create(
    conn: &mut DbConnection,
    client_id: &str,
    grant: &Grant,
    basis: Basis,
    actor: (&str, ActingAs),
    now: DateTime<Utc>,
) -> Result<MandateRow, AppError> {
    if let Some(id) = live(conn, client_id, &grant.proxy, helsinki_date(now))? {
        let existing = crate::refs::Link::mandate(client_id, &id);
        return Err(AppError::new(ErrorCode::MandateDuplicate).conflicting(existing));
    }
    let row = insert(
        conn,
        NewMandate {
            client_id,
            proxy: &grant.proxy,
            proxy_name: &grant.name,
            scopes: &grant.scopes,
            validity: grant.validity,
            basis,
            status: if basis == Basis::Client {
                StoredStatus::PendingApproval
            } else {
                StoredStatus::Active
            },
            created_by: actor.0,
            acting_as: actor.1,
        },
        now,
    )?;
    tracing::info!(event = "mandate_created", mandate = %row.id, client = %client_id, basis = basis.as_str());
    Ok(row)
}
