//! The SQL of push: subscriptions, settings, and the jobs the worker claims and finishes.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::outbox::{JobRow, PENDING};
use crate::db::schema::{
    chat_messages, notifications, persons, push_jobs, push_settings, push_subscriptions,
};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = push_subscriptions)]
pub struct SubscriptionRow {
    pub id: String,
    pub person_id: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub label: String,
    pub created_at: NaiveDateTime,
    pub last_delivered_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = push_settings)]
#[diesel(treat_none_as_null = true)]
pub struct SettingsRow {
    pub person_id: String,
    pub muted: String,
    pub quiet_from: Option<String>,
    pub quiet_until: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// A person's subscriptions, oldest first.
pub fn subscriptions(
    conn: &mut DbConnection,
    person: &str,
) -> Result<Vec<SubscriptionRow>, AppError> {
    Ok(push_subscriptions::table
        .filter(push_subscriptions::person_id.eq(person))
        .order(push_subscriptions::created_at.asc())
        .select(SubscriptionRow::as_select())
        .load(conn)?)
}

/// Adds a subscription, or renews the one with the same endpoint (new keys, new label): a
/// browser that subscribes again gives the same endpoint. Answers it and whether it is new.
pub fn subscribe(
    conn: &mut DbConnection,
    new: SubscriptionRow,
    max: u32,
) -> Result<(SubscriptionRow, bool), AppError> {
    let existing = push_subscriptions::table
        .filter(push_subscriptions::person_id.eq(&new.person_id))
        .filter(push_subscriptions::endpoint.eq(&new.endpoint))
        .select(SubscriptionRow::as_select())
        .first(conn)
        .optional()?;
    if let Some(old) = existing {
        diesel::update(push_subscriptions::table.find(&old.id))
            .set((
                push_subscriptions::p256dh.eq(&new.p256dh),
                push_subscriptions::auth.eq(&new.auth),
                push_subscriptions::label.eq(&new.label),
            ))
            .execute(conn)?;
        let row = push_subscriptions::table
            .find(&old.id)
            .select(SubscriptionRow::as_select())
            .first(conn)?;
        return Ok((row, false));
    }
    let count: i64 = push_subscriptions::table
        .filter(push_subscriptions::person_id.eq(&new.person_id))
        .count()
        .get_result(conn)?;
    if count >= i64::from(max) {
        return Err(AppError::new(ErrorCode::PushTooMany).arg("max", i64::from(max)));
    }
    diesel::insert_into(push_subscriptions::table)
        .values(&new)
        .execute(conn)?;
    Ok((new, true))
}

/// Removes one of a person's subscriptions and the pushes still waiting for it; answers
/// whether there was one.
pub fn unsubscribe(conn: &mut DbConnection, person: &str, id: &str) -> Result<bool, AppError> {
    let removed = diesel::delete(
        push_subscriptions::table
            .filter(push_subscriptions::id.eq(id))
            .filter(push_subscriptions::person_id.eq(person)),
    )
    .execute(conn)?;
    if removed > 0 {
        drop_waiting(conn, &[id.to_string()], None)?;
    }
    Ok(removed > 0)
}

/// Removes every subscription of a person (signing out everywhere); answers how many.
pub fn unsubscribe_all(conn: &mut DbConnection, person: &str) -> Result<usize, AppError> {
    let ids: Vec<String> = push_subscriptions::table
        .filter(push_subscriptions::person_id.eq(person))
        .select(push_subscriptions::id)
        .load(conn)?;
    diesel::delete(push_subscriptions::table.filter(push_subscriptions::person_id.eq(person)))
        .execute(conn)?;
    drop_waiting(conn, &ids, None)?;
    Ok(ids.len())
}

/// Marks the waiting pushes of removed subscriptions `gone`.
fn drop_waiting(
    conn: &mut DbConnection,
    subscriptions: &[String],
    now: Option<NaiveDateTime>,
) -> Result<(), AppError> {
    diesel::update(
        push_jobs::table
            .filter(push_jobs::subscription_id.eq_any(subscriptions))
            .filter(push_jobs::state.eq(PENDING)),
    )
    .set((push_jobs::state.eq("gone"), push_jobs::done_at.eq(now)))
    .execute(conn)?;
    Ok(())
}

/// A person's push settings, if they changed them.
pub fn settings(conn: &mut DbConnection, person: &str) -> Result<Option<SettingsRow>, AppError> {
    Ok(push_settings::table
        .find(person)
        .select(SettingsRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn save_settings(conn: &mut DbConnection, row: &SettingsRow) -> Result<(), AppError> {
    crate::native!(conn, |c| diesel::insert_into(push_settings::table)
        .values(row)
        .on_conflict(push_settings::person_id)
        .do_update()
        .set(row)
        .execute(c))?;
    Ok(())
}

/// A job as the worker sends it, with what deciding and writing it needs.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub job: JobRow,
    pub subscription: SubscriptionRow,
    pub language: Option<String>,
    pub settings: Option<SettingsRow>,
    /// The kind of the notification a `notification.new` is about.
    pub notification_kind: Option<String>,
    /// The side that wrote the message a `message.new` is about.
    pub message_side: Option<String>,
    /// The ids the job's event is about.
    pub refs: crate::db::events::Refs,
}

/// Leases up to `limit` due jobs to this worker until `lease_until`, and reads them. On
/// PostgreSQL jobs another server holds are skipped, not waited for; on SQLite the write
/// transaction is the only one.
pub fn claim(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Claimed>, AppError> {
    use diesel::sql_types::{BigInt, Text, Timestamp};
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = Text)]
        id: String,
    }
    const CLAIM: &str = "UPDATE push_jobs SET lease_until = {lease} WHERE id IN (\
        SELECT id FROM push_jobs WHERE state = 'pending' AND due_at <= {now} \
        AND (lease_until IS NULL OR lease_until < {now}) ORDER BY due_at LIMIT {limit}{lock}) \
        RETURNING id";
    let (now, lease) = (now.naive_utc(), lease_until.naive_utc());
    let ids: Vec<Id> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(
            CLAIM
                .replace("{lease}", "?1")
                .replace("{now}", "?2")
                .replace("{limit}", "?3")
                .replace("{lock}", ""),
        )
        .bind::<Timestamp, _>(lease)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .load(c)?,
        DbConnection::Postgres(c) => diesel::sql_query(
            CLAIM
                .replace("{lease}", "$1")
                .replace("{now}", "$2")
                .replace("{limit}", "$3")
                .replace("{lock}", " FOR UPDATE SKIP LOCKED"),
        )
        .bind::<Timestamp, _>(lease)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .load(c)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = ids.into_iter().map(|i| i.id).collect();
    let rows: Vec<(JobRow, Option<SubscriptionRow>)> = push_jobs::table
        .left_join(
            push_subscriptions::table.on(push_subscriptions::id.eq(push_jobs::subscription_id)),
        )
        .filter(push_jobs::id.eq_any(&ids))
        .select((JobRow::as_select(), Option::<SubscriptionRow>::as_select()))
        .load(conn)?;
    let mut orphans = Vec::new();
    let mut found = Vec::new();
    for (job, subscription) in rows {
        match subscription {
            Some(s) => found.push((job, s)),
            None => orphans.push(job.subscription_id),
        }
    }
    if !orphans.is_empty() {
        drop_waiting(conn, &orphans, Some(now))?;
    }
    details(conn, found)
}

/// Reads what the claimed jobs' pushes need: their people's language and settings, the kinds
/// of their notifications and the sides of their messages.
fn details(
    conn: &mut DbConnection,
    found: Vec<(JobRow, SubscriptionRow)>,
) -> Result<Vec<Claimed>, AppError> {
    let people: Vec<&str> = found.iter().map(|(j, _)| j.person_id.as_str()).collect();
    let languages: HashMap<String, Option<String>> = persons::table
        .filter(persons::id.eq_any(&people))
        .select((persons::id, persons::language))
        .load::<(String, Option<String>)>(conn)?
        .into_iter()
        .collect();
    let settings: HashMap<String, SettingsRow> = push_settings::table
        .filter(push_settings::person_id.eq_any(&people))
        .select(SettingsRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|s| (s.person_id.clone(), s))
        .collect();
    let refs: Vec<crate::db::events::Refs> = found
        .iter()
        .map(|(j, _)| serde_json::from_str(&j.refs).unwrap_or_default())
        .collect();
    let notification_ids: Vec<&str> = refs
        .iter()
        .filter_map(|r| r.notification_id.as_deref())
        .collect();
    let kinds: HashMap<String, String> = notifications::table
        .filter(notifications::id.eq_any(&notification_ids))
        .select((notifications::id, notifications::kind))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let message_ids: Vec<&str> = refs
        .iter()
        .filter_map(|r| r.message_id.as_deref())
        .collect();
    let sides: HashMap<String, String> = chat_messages::table
        .filter(chat_messages::id.eq_any(&message_ids))
        .select((chat_messages::id, chat_messages::side))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(found
        .into_iter()
        .zip(refs)
        .map(|((job, subscription), refs)| Claimed {
            language: languages.get(&job.person_id).cloned().flatten(),
            settings: settings.get(&job.person_id).cloned(),
            notification_kind: refs
                .notification_id
                .as_ref()
                .and_then(|id| kinds.get(id).cloned()),
            message_side: refs
                .message_id
                .as_ref()
                .and_then(|id| sides.get(id).cloned()),
            refs,
            job,
            subscription,
        })
        .collect())
}

/// How a send ended, as the job keeps it.
#[derive(Debug, Clone, PartialEq)]
pub enum Finish {
    Sent,
    /// The push service forgot the subscription: it goes, with its waiting pushes.
    Gone,
    /// Sent again at this time.
    Retry(NaiveDateTime),
    /// Waits, unsent, for this time (quiet hours).
    Hold(NaiveDateTime),
    Failed,
    /// The person turned this kind off.
    Skipped,
}

/// Records how a job's send ended and gives up its lease.
pub fn finish(
    conn: &mut DbConnection,
    job: &JobRow,
    how: &Finish,
    status: Option<u16>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let now = now.naive_utc();
    let status = status.map(i32::from);
    let row = push_jobs::table.find(&job.id);
    let attempted = job.attempts + 1;
    match how {
        Finish::Sent => {
            diesel::update(row)
                .set((
                    push_jobs::state.eq("sent"),
                    push_jobs::attempts.eq(attempted),
                    push_jobs::last_status.eq(status),
                    push_jobs::lease_until.eq(None::<NaiveDateTime>),
                    push_jobs::done_at.eq(Some(now)),
                ))
                .execute(conn)?;
            diesel::update(push_subscriptions::table.find(&job.subscription_id))
                .set(push_subscriptions::last_delivered_at.eq(Some(now)))
                .execute(conn)?;
        }
        Finish::Gone => {
            diesel::delete(push_subscriptions::table.find(&job.subscription_id)).execute(conn)?;
            diesel::update(row)
                .set((
                    push_jobs::attempts.eq(attempted),
                    push_jobs::last_status.eq(status),
                    push_jobs::lease_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
            drop_waiting(conn, std::slice::from_ref(&job.subscription_id), Some(now))?;
        }
        Finish::Retry(at) => {
            diesel::update(row)
                .set((
                    push_jobs::attempts.eq(attempted),
                    push_jobs::due_at.eq(at),
                    push_jobs::last_status.eq(status),
                    push_jobs::last_error.eq(error),
                    push_jobs::lease_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
        }
        Finish::Hold(at) => {
            diesel::update(row)
                .set((
                    push_jobs::due_at.eq(at),
                    push_jobs::lease_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
        }
        Finish::Failed | Finish::Skipped => {
            let state = if *how == Finish::Failed {
                "failed"
            } else {
                "skipped"
            };
            diesel::update(row)
                .set((
                    push_jobs::state.eq(state),
                    push_jobs::attempts.eq(if *how == Finish::Failed {
                        attempted
                    } else {
                        job.attempts
                    }),
                    push_jobs::last_status.eq(status),
                    push_jobs::last_error.eq(error),
                    push_jobs::lease_until.eq(None::<NaiveDateTime>),
                    push_jobs::done_at.eq(Some(now)),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Frees every lease: on SQLite, where one process sends, the leases a killed process left.
pub fn release_leases(conn: &mut DbConnection) -> Result<usize, AppError> {
    Ok(diesel::update(
        push_jobs::table
            .filter(push_jobs::state.eq(PENDING))
            .filter(push_jobs::lease_until.is_not_null()),
    )
    .set(push_jobs::lease_until.eq(None::<NaiveDateTime>))
    .execute(conn)?)
}

/// The jobs of a person's pushes, newest first (for tests and the operator).
pub fn jobs_of(conn: &mut DbConnection, person: &str) -> Result<Vec<JobRow>, AppError> {
    Ok(push_jobs::table
        .filter(push_jobs::person_id.eq(person))
        .order(push_jobs::id.desc())
        .select(JobRow::as_select())
        .load(conn)?)
}
