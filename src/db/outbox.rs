//! The outbox of pushes: a job for each subscription of the recipient of each event that pushes
//! (a new message, a new notification), written by [`super::write_transaction`] in the
//! transaction that wrote the event. A change that rolls back leaves no job; a job committed is
//! sent by the push worker (`push::worker`) even if this process dies before it sends.

use std::cell::Cell;
use std::collections::BTreeSet;

use diesel::prelude::*;

use super::connection::DbConnection;
use super::events::{EventRow, Kind};
use super::schema::{chat_receipts, push_jobs, push_subscriptions};

/// A stored push job, as the worker reads and the outbox writes it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = push_jobs)]
pub struct JobRow {
    pub id: String,
    pub subscription_id: String,
    pub person_id: String,
    pub event_kind: String,
    pub refs: String,
    pub created_at: chrono::NaiveDateTime,
    pub due_at: chrono::NaiveDateTime,
    pub attempts: i32,
    pub state: String,
    pub lease_until: Option<chrono::NaiveDateTime>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub done_at: Option<chrono::NaiveDateTime>,
}

/// The state of a job still to send.
pub const PENDING: &str = "pending";

/// Whether an event of this kind is pushed to the recipient's devices.
pub fn pushes(kind: Kind) -> bool {
    matches!(kind, Kind::MessageNew | Kind::NotificationNew)
}

/// The people each new message is for: those with a receipt of it, the other side. Its own
/// side hears `message.new` too (the sender's other devices show it), but is not pushed to.
fn addressees(
    conn: &mut DbConnection,
    rows: &[&EventRow],
) -> Result<BTreeSet<(String, String)>, diesel::result::Error> {
    let messages: BTreeSet<String> = rows
        .iter()
        .filter(|r| r.kind() == Some(Kind::MessageNew))
        .filter_map(|r| r.refs().message_id)
        .collect();
    if messages.is_empty() {
        return Ok(BTreeSet::new());
    }
    Ok(chat_receipts::table
        .filter(chat_receipts::message_id.eq_any(messages))
        .select((chat_receipts::message_id, chat_receipts::recipient_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

thread_local! {
    static QUEUED: Cell<usize> = const { Cell::new(0) };
}

/// Forgets what an earlier, failed transaction on this thread queued.
pub(super) fn begin() {
    QUEUED.set(0);
}

/// Writes a job for each subscription of each pushing event's recipient; answers how many.
pub(super) fn enqueue(
    conn: &mut DbConnection,
    rows: &[EventRow],
) -> Result<usize, diesel::result::Error> {
    let pushing: Vec<&EventRow> = rows
        .iter()
        .filter(|r| r.kind().is_some_and(pushes))
        .collect();
    if pushing.is_empty() {
        return Ok(0);
    }
    let people: BTreeSet<&str> = pushing.iter().map(|r| r.recipient_id.as_str()).collect();
    let subscriptions: Vec<(String, String)> = push_subscriptions::table
        .filter(push_subscriptions::person_id.eq_any(people))
        .select((push_subscriptions::id, push_subscriptions::person_id))
        .load(conn)?;
    if subscriptions.is_empty() {
        return Ok(0);
    }
    let addressed = addressees(conn, &pushing)?;
    let mut jobs = Vec::new();
    for event in pushing {
        if event.kind() == Some(Kind::MessageNew) {
            let message = event.refs().message_id.unwrap_or_default();
            if !addressed.contains(&(message, event.recipient_id.clone())) {
                continue;
            }
        }
        for (subscription, person) in &subscriptions {
            if *person != event.recipient_id {
                continue;
            }
            jobs.push(JobRow {
                id: uuid::Uuid::now_v7().to_string(),
                subscription_id: subscription.clone(),
                person_id: person.clone(),
                event_kind: event.kind.clone(),
                refs: event.refs.clone(),
                created_at: event.created_at,
                due_at: event.created_at,
                attempts: 0,
                state: PENDING.into(),
                lease_until: None,
                last_status: None,
                last_error: None,
                done_at: None,
            });
        }
    }
    for chunk in jobs.chunks(200) {
        crate::native!(conn, |c| diesel::insert_into(push_jobs::table)
            .values(chunk)
            .execute(c))?;
    }
    QUEUED.set(QUEUED.get() + jobs.len());
    Ok(jobs.len())
}

/// Whether the last write transaction on this thread queued jobs (and forgets it).
pub fn take_queued() -> bool {
    QUEUED.replace(0) > 0
}
