//! The SQL of the inbox.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::{Facts, Kind};
use crate::db::events::{self, Kind as EventKind, Refs};
use crate::db::schema::notifications;
use crate::db::DbConnection;
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub recipient_id: String,
    pub kind: String,
    pub params: String,
    pub subject_id: Option<String>,
    pub once_key: Option<String>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

/// Puts a notification in a person's inbox, in the caller's transaction. With `once`, a second
/// one with the same key is not added (a reminder comes once, however often the sweep runs).
pub fn notify(
    conn: &mut DbConnection,
    recipient_id: &str,
    kind: Kind,
    facts: &Facts,
    subject_id: Option<&str>,
    once: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if let Some(key) = once {
        let n: i64 = notifications::table
            .filter(notifications::once_key.eq(key))
            .count()
            .get_result(conn)?;
        if n > 0 {
            return Ok(());
        }
    }
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = diesel::insert_into(notifications::table)
        .values(NotificationRow {
            id: id.clone(),
            recipient_id: recipient_id.to_string(),
            kind: kind.as_str().to_string(),
            params: serde_json::to_string(facts).map_err(AppError::internal)?,
            subject_id: subject_id.map(str::to_string),
            once_key: once.map(str::to_string),
            created_at: now.naive_utc(),
            read_at: None,
        })
        .execute(conn)
        .map(|_| true)
        .or_else(|e| match e {
            // Another process added the same once-only notification first.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) if once.is_some() => Ok(false),
            e => Err(AppError::from(e)),
        })?;
    if inserted {
        let refs = Refs {
            notification_id: Some(id),
            ..Refs::default()
        };
        events::stage(recipient_id, EventKind::NotificationNew, refs, now);
    }
    Ok(())
}

/// A page of a person's inbox, newest first: up to `fetch` before `after` (an id).
pub fn page(
    conn: &mut DbConnection,
    recipient_id: &str,
    unread_only: bool,
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<NotificationRow>, AppError> {
    let mut q = notifications::table
        .filter(notifications::recipient_id.eq(recipient_id))
        .into_boxed();
    if unread_only {
        q = q.filter(notifications::read_at.is_null());
    }
    Ok(crate::newest_first!(q, notifications::id, after, fetch)
        .select(NotificationRow::as_select())
        .load(conn)?)
}

/// How many of a person's notifications are unread.
pub fn unread(conn: &mut DbConnection, recipient_id: &str) -> Result<i64, AppError> {
    Ok(notifications::table
        .filter(notifications::recipient_id.eq(recipient_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Marks read the person's notifications named, or all up to and including `up_to` (an id);
/// returns how many were unread.
pub fn mark_read(
    conn: &mut DbConnection,
    recipient_id: &str,
    ids: &[String],
    up_to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut q = diesel::update(notifications::table)
        .filter(notifications::recipient_id.eq(recipient_id))
        .filter(notifications::read_at.is_null())
        .into_boxed();
    match up_to {
        Some(up_to) => q = q.filter(notifications::id.le(up_to.to_string())),
        None => q = q.filter(notifications::id.eq_any(ids.to_vec())),
    }
    Ok(q.set(notifications::read_at.eq(Some(now.naive_utc())))
        .execute(conn)?)
}

/// The once-only key of the reminder of the intro visit `visit_id` in the slot `slot_id`: a visit
/// moved to another day is reminded of again.
pub fn reminder_key(visit_id: &str, slot_id: &str) -> String {
    format!("visit_reminder:{visit_id}:{slot_id}")
}

/// Which of the once-only `keys` have been sent already.
pub fn sent_once(
    conn: &mut DbConnection,
    keys: &[String],
) -> Result<std::collections::HashSet<String>, AppError> {
    if keys.is_empty() {
        return Ok(Default::default());
    }
    Ok(notifications::table
        .filter(notifications::once_key.eq_any(keys))
        .select(notifications::once_key)
        .load::<Option<String>>(conn)?
        .into_iter()
        .flatten()
        .collect())
}
