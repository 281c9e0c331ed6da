//! The SQL of chat.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{Side, With};
use crate::access::repo::MANDATE_ACTIVE;
use crate::db::schema::{
    chat_messages, chat_receipts, chat_threads, mandates, persons, providers, role_grants,
};
use crate::db::DbConnection;
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = chat_threads)]
pub struct ThreadRow {
    pub id: String,
    pub client_id: String,
    pub provider_id: Option<String>,
    pub municipality_code: Option<String>,
    pub created_at: NaiveDateTime,
    pub activity: String,
}

impl ThreadRow {
    pub fn with(&self) -> With {
        match (&self.provider_id, &self.municipality_code) {
            (Some(p), _) => With::Provider(p.clone()),
            (None, m) => With::City(m.clone().unwrap_or_default()),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = chat_messages)]
pub struct MessageRow {
    pub id: String,
    pub thread_id: String,
    pub sender_id: String,
    pub side: String,
    pub on_behalf_of: Option<String>,
    pub body: String,
    pub sent_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = chat_receipts)]
pub struct ReceiptRow {
    pub message_id: String,
    pub recipient_id: String,
    pub thread_id: String,
    pub read_at: Option<NaiveDateTime>,
}

pub fn thread(conn: &mut DbConnection, id: &str) -> Result<Option<ThreadRow>, AppError> {
    Ok(chat_threads::table
        .find(id)
        .select(ThreadRow::as_select())
        .first(conn)
        .optional()?)
}

/// The client's thread with `with`, if there is one.
pub fn thread_with(
    conn: &mut DbConnection,
    client_id: &str,
    with: &With,
) -> Result<Option<ThreadRow>, AppError> {
    let q = chat_threads::table
        .filter(chat_threads::client_id.eq(client_id))
        .into_boxed();
    let q = match with {
        With::Provider(p) => q.filter(chat_threads::provider_id.eq(p.clone())),
        With::City(m) => q.filter(chat_threads::municipality_code.eq(m.clone())),
    };
    Ok(q.select(ThreadRow::as_select()).first(conn).optional()?)
}

/// Adds a thread; `false` when another request added the same one first.
pub fn insert_thread(conn: &mut DbConnection, row: &ThreadRow) -> Result<bool, AppError> {
    let done = crate::native!(conn, |c| diesel::insert_into(chat_threads::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(done == 1)
}

/// Adds a message with a receipt for each of `recipients`, and moves the thread up.
pub fn insert_message(
    conn: &mut DbConnection,
    row: &MessageRow,
    recipients: &[String],
) -> Result<(), AppError> {
    diesel::insert_into(chat_messages::table)
        .values(row)
        .execute(conn)?;
    let receipts: Vec<ReceiptRow> = recipients
        .iter()
        .map(|r| ReceiptRow {
            message_id: row.id.clone(),
            recipient_id: r.clone(),
            thread_id: row.thread_id.clone(),
            read_at: None,
        })
        .collect();
    for chunk in receipts.chunks(200) {
        crate::native!(conn, |c| diesel::insert_into(chat_receipts::table)
            .values(chunk)
            .execute(c))?;
    }
    diesel::update(chat_threads::table.find(&row.thread_id))
        .set(chat_threads::activity.eq(&row.id))
        .execute(conn)?;
    Ok(())
}

/// The people of a side: the provider's staff, the municipality's caseworkers, or the client
/// with the helpers whose powers of attorney in force today carry `message`.
pub fn people_of(
    conn: &mut DbConnection,
    side: Side,
    client_id: &str,
    with: &With,
    today: NaiveDate,
) -> Result<Vec<String>, AppError> {
    let mut people: Vec<String> = match (side, with) {
        (Side::Provider, With::Provider(p)) => role_grants::table
            .filter(role_grants::role.eq("provider_staff"))
            .filter(role_grants::provider_id.eq(p))
            .select(role_grants::person_id)
            .load(conn)?,
        (Side::City, With::City(m)) => role_grants::table
            .filter(role_grants::role.eq("caseworker"))
            .filter(role_grants::municipality_code.eq(m))
            .select(role_grants::person_id)
            .load(conn)?,
        (Side::Client, _) => {
            let helpers: Vec<(Option<String>, String)> = mandates::table
                .filter(mandates::client_id.eq(client_id))
                .filter(mandates::status.eq(MANDATE_ACTIVE))
                .filter(mandates::valid_from.le(today))
                .filter(mandates::valid_until.ge(today))
                .select((mandates::proxy_person_id, mandates::scopes))
                .load(conn)?;
            let mut people = vec![client_id.to_string()];
            people.extend(helpers.into_iter().filter_map(|(person, scopes)| {
                person.filter(|_| scopes.split(',').any(|s| s == "message"))
            }));
            people
        }
        _ => Vec::new(),
    };
    people.sort();
    people.dedup();
    Ok(people)
}

/// A page of a thread's messages, newest first, before the message `before`.
pub fn history(
    conn: &mut DbConnection,
    thread_id: &str,
    before: Option<&str>,
    fetch: i64,
) -> Result<Vec<MessageRow>, AppError> {
    let q = chat_messages::table
        .filter(chat_messages::thread_id.eq(thread_id))
        .into_boxed();
    Ok(crate::newest_first!(q, chat_messages::id, before, fetch)
        .select(MessageRow::as_select())
        .load(conn)?)
}

/// The messages of these ids.
pub fn messages(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<MessageRow>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(chat_messages::table
        .filter(chat_messages::id.eq_any(ids))
        .select(MessageRow::as_select())
        .load(conn)?)
}

/// The receipts of these messages, with each reader's name.
pub fn receipts(
    conn: &mut DbConnection,
    message_ids: &[String],
) -> Result<Vec<(ReceiptRow, String)>, AppError> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(chat_receipts::table
        .inner_join(persons::table.on(persons::id.eq(chat_receipts::recipient_id)))
        .filter(chat_receipts::message_id.eq_any(message_ids))
        .select((ReceiptRow::as_select(), persons::display_name))
        .load(conn)?)
}

/// The names of these people.
pub fn names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(persons::table
        .filter(persons::id.eq_any(ids))
        .select((persons::id, persons::display_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

pub fn provider_name(conn: &mut DbConnection, id: &str) -> Result<Option<String>, AppError> {
    Ok(providers::table
        .find(id)
        .select(providers::name)
        .first(conn)
        .optional()?)
}

/// How many messages of each of these threads `person` has not read.
pub fn unread(
    conn: &mut DbConnection,
    person: &str,
    thread_ids: &[String],
) -> Result<HashMap<String, i64>, AppError> {
    if thread_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(chat_receipts::table
        .filter(chat_receipts::recipient_id.eq(person))
        .filter(chat_receipts::read_at.is_null())
        .filter(chat_receipts::thread_id.eq_any(thread_ids))
        .group_by(chat_receipts::thread_id)
        .select((chat_receipts::thread_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect())
}

/// Marks read `person`'s receipts in the thread up to and including the message `up_to`;
/// answers the messages they newly read, with their senders.
pub fn mark_read(
    conn: &mut DbConnection,
    person: &str,
    thread_id: &str,
    up_to: &str,
    at: NaiveDateTime,
) -> Result<Vec<(String, String)>, AppError> {
    let newly: Vec<(String, String)> = chat_receipts::table
        .inner_join(chat_messages::table)
        .filter(chat_receipts::recipient_id.eq(person))
        .filter(chat_receipts::thread_id.eq(thread_id))
        .filter(chat_receipts::read_at.is_null())
        .filter(chat_receipts::message_id.le(up_to))
        .select((chat_messages::id, chat_messages::sender_id))
        .load(conn)?;
    if newly.is_empty() {
        return Ok(newly);
    }
    let ids: Vec<&String> = newly.iter().map(|(id, _)| id).collect();
    diesel::update(chat_receipts::table)
        .filter(chat_receipts::recipient_id.eq(person))
        .filter(chat_receipts::message_id.eq_any(ids))
        .filter(chat_receipts::read_at.is_null())
        .set(chat_receipts::read_at.eq(Some(at)))
        .execute(conn)?;
    Ok(newly)
}

/// Threads a person may take part in, most recently active first: as the client, for clients
/// whose helper they are, as staff of these providers, as caseworkers of these municipalities.
/// The door then decides each.
pub struct Candidates<'a> {
    pub person: &'a str,
    pub providers: &'a [String],
    pub municipalities: &'a [String],
    pub client: Option<&'a str>,
    pub today: NaiveDate,
}

pub fn candidates(
    conn: &mut DbConnection,
    c: &Candidates<'_>,
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<ThreadRow>, AppError> {
    let helped: Vec<String> = mandates::table
        .filter(mandates::proxy_person_id.eq(c.person))
        .filter(mandates::status.eq(MANDATE_ACTIVE))
        .filter(mandates::valid_from.le(c.today))
        .filter(mandates::valid_until.ge(c.today))
        .select(mandates::client_id)
        .load(conn)?;
    let mut q = chat_threads::table
        .filter(
            chat_threads::client_id
                .eq(c.person)
                .or(chat_threads::client_id.eq_any(helped))
                .or(chat_threads::provider_id.eq_any(c.providers))
                .or(chat_threads::municipality_code.eq_any(c.municipalities)),
        )
        .into_boxed();
    if let Some(client) = c.client {
        q = q.filter(chat_threads::client_id.eq(client.to_string()));
    }
    if let Some(after) = after {
        q = q.filter(chat_threads::activity.lt(after.to_string()));
    }
    Ok(q.order(chat_threads::activity.desc())
        .limit(fetch)
        .select(ThreadRow::as_select())
        .load(conn)?)
}
