//! The log of events each person's apps follow, over the socket or `GET /me/events`.
//!
//! Whatever a person's apps should hear of at once (a message, a receipt, a notification, an
//! ended session) is staged by the code that causes it, and written when its write transaction
//! commits, in that same transaction: an event exists if and only if its cause does. Each
//! person's events are numbered 1, 2, 3, … in the order their transactions commit. The person's
//! row in `event_heads` is locked while a transaction numbers their events, so a number is never
//! seen before a smaller one, and an app that resumes "after 41" misses nothing. Transactions
//! lock the heads of the people they write for in one order, so two of them never wait on each
//! other round a circle.
//!
//! Staging keeps the events in the thread's own list: the work runs on one thread from the
//! transaction's start to its commit (see [`super::write_transaction`]), and the code that
//! causes an event (a notice deep in a feature's rules) need not carry a list through every
//! call. On PostgreSQL the commit also carries a `NOTIFY` with the recipients and numbers only,
//! for the other servers on the same database.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::connection::DbConnection;
use super::schema::{event_heads, events};

/// The `NOTIFY` channel of events.
pub const CHANNEL: &str = "seteli_events";

/// A `NOTIFY` payload stays under PostgreSQL's 8,000 bytes.
const MAX_PAYLOAD: usize = 7000;

/// What an event tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = EventKind)]
pub enum Kind {
    /// A new message in a thread the person takes part in.
    #[serde(rename = "message.new")]
    MessageNew,
    /// Someone read messages the person's side sent.
    #[serde(rename = "message.read")]
    MessageRead,
    /// A new notification in the person's inbox.
    #[serde(rename = "notification.new")]
    NotificationNew,
    /// A thread changed: opened, or the person read it on another device.
    #[serde(rename = "thread.updated")]
    ThreadUpdated,
    /// The person signed out: of one session (named), or of all.
    #[serde(rename = "session.ended")]
    SessionEnded,
    /// What the person may do for a client changed (a power of attorney was revoked).
    #[serde(rename = "access.changed")]
    AccessChanged,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::MessageNew,
        Kind::MessageRead,
        Kind::NotificationNew,
        Kind::ThreadUpdated,
        Kind::SessionEnded,
        Kind::AccessChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MessageNew => "message.new",
            Kind::MessageRead => "message.read",
            Kind::NotificationNew => "notification.new",
            Kind::ThreadUpdated => "thread.updated",
            Kind::SessionEnded => "session.ended",
            Kind::AccessChanged => "access.changed",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The ids an event is about. Never a text a person wrote, nor a name: an app that wants more
/// asks for it, through the door.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub recipient_id: String,
    pub seq: i64,
    pub kind: String,
    pub refs: String,
    pub created_at: NaiveDateTime,
}

impl EventRow {
    pub fn kind(&self) -> Option<Kind> {
        Kind::parse(&self.kind)
    }

    pub fn refs(&self) -> Refs {
        serde_json::from_str(&self.refs).unwrap_or_default()
    }
}

struct Staged {
    recipient_id: String,
    kind: Kind,
    refs: Refs,
    at: NaiveDateTime,
}

thread_local! {
    static STAGED: RefCell<Vec<Staged>> = const { RefCell::new(Vec::new()) };
    static COMMITTED: RefCell<Vec<EventRow>> = const { RefCell::new(Vec::new()) };
}

/// Stages an event for `recipient_id`, written when the running write transaction commits.
pub fn stage(recipient_id: &str, kind: Kind, refs: Refs, at: DateTime<Utc>) {
    STAGED.with_borrow_mut(|s| {
        s.push(Staged {
            recipient_id: recipient_id.to_string(),
            kind,
            refs,
            at: at.naive_utc(),
        })
    });
}

/// Forgets what an earlier transaction on this thread staged and did not write (it failed).
pub(super) fn begin() {
    STAGED.with_borrow_mut(Vec::clear);
}

/// The events the last write transactions on this thread committed, taken.
pub fn take_committed() -> Vec<EventRow> {
    COMMITTED.with_borrow_mut(std::mem::take)
}

/// Keeps the rows just written for [`take_committed`], once their transaction committed.
pub(super) fn committed(rows: Vec<EventRow>) {
    if !rows.is_empty() {
        COMMITTED.with_borrow_mut(|c| c.extend(rows));
    }
}

/// This process's name in `NOTIFY` payloads: a server skips what it sent itself, as it has
/// handed those events on already.
pub fn instance() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| uuid::Uuid::now_v7().simple().to_string())
}

/// Writes what this transaction staged: each recipient's head is locked in the order of their
/// ids, then their events numbered and inserted. Answers the rows written.
pub(super) fn flush(conn: &mut DbConnection) -> Result<Vec<EventRow>, diesel::result::Error> {
    let staged = STAGED.with_borrow_mut(std::mem::take);
    if staged.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_recipient: BTreeMap<String, Vec<Staged>> = BTreeMap::new();
    for s in staged {
        by_recipient
            .entry(s.recipient_id.clone())
            .or_default()
            .push(s);
    }
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (recipient, items) in by_recipient {
        let n = items.len() as i64;
        let last = advance(conn, &recipient, n)?;
        let first = last - n + 1;
        notes.push(format!("{recipient}:{first}:{last}"));
        for (i, s) in items.into_iter().enumerate() {
            rows.push(EventRow {
                recipient_id: recipient.clone(),
                seq: first + i as i64,
                kind: s.kind.as_str().to_string(),
                refs: serde_json::to_string(&s.refs).unwrap_or_else(|_| "{}".into()),
                created_at: s.at,
            });
        }
    }
    for chunk in rows.chunks(200) {
        crate::native!(conn, |c| diesel::insert_into(events::table)
            .values(chunk)
            .execute(c))?;
    }
    if let DbConnection::Postgres(c) = conn {
        for payload in payloads(instance(), &notes) {
            diesel::sql_query("SELECT pg_notify($1, $2)")
                .bind::<diesel::sql_types::Text, _>(CHANNEL)
                .bind::<diesel::sql_types::Text, _>(payload)
                .execute(c)?;
        }
    }
    Ok(rows)
}

/// Adds `n` to the person's head and answers the new last number, holding the head's row lock
/// until the transaction ends: one statement, which adds the head the first time.
fn advance(conn: &mut DbConnection, person: &str, n: i64) -> Result<i64, diesel::result::Error> {
    use diesel::sql_types::{BigInt, Text};
    const ADVANCE: &str = "INSERT INTO event_heads (person_id, last_seq) VALUES ({person}, {n}) \
        ON CONFLICT (person_id) DO UPDATE SET last_seq = event_heads.last_seq + excluded.last_seq \
        RETURNING last_seq";
    #[derive(QueryableByName)]
    struct Head {
        #[diesel(sql_type = BigInt)]
        last_seq: i64,
    }
    let head: Head = match conn {
        DbConnection::Sqlite(c) => {
            let sql = ADVANCE.replace("{person}", "?").replace("{n}", "?");
            diesel::sql_query(sql)
                .bind::<Text, _>(person)
                .bind::<BigInt, _>(n)
                .get_result(c)?
        }
        DbConnection::Postgres(c) => {
            let sql = ADVANCE.replace("{person}", "$1").replace("{n}", "$2");
            diesel::sql_query(sql)
                .bind::<Text, _>(person)
                .bind::<BigInt, _>(n)
                .get_result(c)?
        }
    };
    Ok(head.last_seq)
}

/// The `NOTIFY` payloads of `notes` (`person:first:last`), each under the size PostgreSQL takes:
/// `instance|note,note,…`.
pub fn payloads(instance: &str, notes: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for note in notes {
        if !current.is_empty() && current.len() + note.len() + 1 > MAX_PAYLOAD {
            out.push(std::mem::take(&mut current));
        }
        if current.is_empty() {
            current.push_str(instance);
            current.push('|');
        } else {
            current.push(',');
        }
        current.push_str(note);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A range of one person's events another server wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub person_id: String,
    pub first: i64,
    pub last: i64,
}

/// Reads a `NOTIFY` payload: the sending instance and its notes; `None` if it is not one.
pub fn parse_payload(payload: &str) -> Option<(&str, Vec<Note>)> {
    let (instance, notes) = payload.split_once('|')?;
    let notes = notes
        .split(',')
        .map(|n| {
            let mut parts = n.split(':');
            let person_id = parts.next()?.to_string();
            let first = parts.next()?.parse().ok()?;
            let last = parts.next()?.parse().ok()?;
            Some(Note {
                person_id,
                first,
                last,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((instance, notes))
}

/// A person's events after `after`, oldest first, at most `limit`.
pub fn after(
    conn: &mut DbConnection,
    person: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<EventRow>, diesel::result::Error> {
    events::table
        .filter(events::recipient_id.eq(person))
        .filter(events::seq.gt(after))
        .order(events::seq.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// The events of `notes`, in order.
pub fn noted(
    conn: &mut DbConnection,
    notes: &[Note],
) -> Result<Vec<EventRow>, diesel::result::Error> {
    let mut rows = Vec::new();
    for note in notes {
        rows.extend(
            events::table
                .filter(events::recipient_id.eq(&note.person_id))
                .filter(events::seq.between(note.first, note.last))
                .order(events::seq.asc())
                .select(EventRow::as_select())
                .load(conn)?,
        );
    }
    Ok(rows)
}

/// The last number given to a person's events (0 before their first).
pub fn head(conn: &mut DbConnection, person: &str) -> Result<i64, diesel::result::Error> {
    Ok(event_heads::table
        .find(person)
        .select(event_heads::last_seq)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_stay_small_and_read_back() {
        let notes: Vec<String> = (0..400)
            .map(|i| format!("{}:{i}:{}", uuid::Uuid::now_v7(), i + 2))
            .collect();
        let payloads = payloads("me", &notes);
        assert!(payloads.len() > 1);
        let mut read = Vec::new();
        for p in &payloads {
            assert!(p.len() < 8000);
            let (instance, notes) = parse_payload(p).unwrap();
            assert_eq!(instance, "me");
            read.extend(notes);
        }
        assert_eq!(read.len(), 400);
        assert_eq!(read[7].first, 7);
        assert_eq!(read[7].last, 9);
        assert!(parse_payload("nonsense").is_none());
        assert!(parse_payload("me|a:1").is_none());
    }

    #[test]
    fn kinds_read_back() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
    }
}
