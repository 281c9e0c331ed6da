//! Transactions as the application runs them on both backends, and SQLite's writers' turn.

use std::sync::{Mutex, MutexGuard};

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::Connection;

use super::connection::DbConnection;
use super::events;
use super::outbox;

/// One write transaction. On SQLite it begins with `BEGIN IMMEDIATE`, so a transaction that
/// reads and then writes waits for the write lock (up to the busy timeout) instead of failing at
/// once. That takes the write lock of every attached file, the reads log's included, so writers
/// to either file still go one at a time; a transaction that writes only to one file leaves the
/// other's WAL, and so its readers' caches, untouched.
///
/// The events the work staged ([`super::events`]) are written at its end, in the same
/// transaction, with the push jobs they cause ([`super::outbox`]); once it commits, the events
/// wait for [`super::events::take_committed`].
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    E: From<diesel::result::Error>,
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
{
    events::begin();
    outbox::begin();
    let (out, rows) = transaction(conn, "BEGIN IMMEDIATE", |conn| {
        let out = f(conn)?;
        let rows = events::flush(conn)?;
        outbox::enqueue(conn, &rows)?;
        Ok::<_, E>((out, rows))
    })?;
    events::committed(rows);
    Ok(out)
}

/// Read-only work. On SQLite in one deferred transaction: every statement sees the same
/// snapshot, and the WAL read lock is taken once rather than once per statement. On PostgreSQL
/// each statement runs on its own, as a transaction would cost two more round trips.
pub fn read_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    E: From<diesel::result::Error>,
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
{
    let DbConnection::Sqlite(inner) = conn else {
        return f(conn);
    };
    AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN")?;
    let out = f(conn);
    // Nothing was written, so ending the transaction either way only releases the snapshot.
    <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
    out
}

/// `f` in a transaction that SQLite begins with `sqlite_begin`; committed when `f` succeeds.
pub(super) fn transaction<T, E, F>(
    conn: &mut DbConnection,
    sqlite_begin: &str,
    f: F,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
{
    match conn {
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, sqlite_begin)?
        }
        DbConnection::Postgres(_) => {
            <DbConnection as Connection>::TransactionManager::begin_transaction(conn)?
        }
    }
    match f(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) =
                <DbConnection as Connection>::TransactionManager::rollback_transaction(conn)
            {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(e)
        }
    }
}

/// Waits for the SQLite writers' turn (see `Db::sqlite_writer`). A writer that panicked while
/// holding it left nothing half-done in the mutex (it guards no data), so the turn passes on.
pub(super) fn take_turn(writer: &Mutex<()>) -> MutexGuard<'_, ()> {
    writer
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
