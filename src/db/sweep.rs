//! Housekeeping: rows kept only for a while are removed by a thread of their own, a bounded
//! batch of each kind a run, so that no run holds the writers' turn for long however much has
//! piled up (what is left goes in the next run).
//!
//! - Stored answers to retried requests (`idempotency_keys`) after [`IDEMPOTENCY_KEPT`]: a
//!   replay after that is a new request (`idempotency::KEEP_FOR` is this).
//! - Pushes that ended (sent, failed, gone or skipped) after `push_jobs_kept_days`.
//! - A person's events once no sign-in can still be catching up on them: older than a session
//!   lasts (`auth.session_ttl_days`). A new sign-in reads the screens afresh.
//!
//! Every run that removed something says so in the log, with the counts and how long it took.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::sql_types::{BigInt, Timestamp};
use diesel::RunQueryDsl;

use super::connection::DbConnection;
use super::pool::Db;
use crate::clock::SharedClock;
use crate::error::AppError;

/// How long a stored answer to a retried request is kept.
pub const IDEMPOTENCY_KEPT: chrono::Duration = chrono::Duration::hours(24);

/// What is kept, and how much one run removes.
#[derive(Debug, Clone, Copy)]
pub struct Keep {
    pub push_jobs: chrono::Duration,
    pub events: chrono::Duration,
    /// Rows of each kind one run removes at most.
    pub batch: i64,
}

/// What one run removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub idempotency_keys: usize,
    pub push_jobs: usize,
    pub events: usize,
}

impl Swept {
    pub fn total(&self) -> usize {
        self.idempotency_keys + self.push_jobs + self.events
    }
}

/// The deletes, each of the oldest rows first and at most `LIMIT` of them, written with SQLite's
/// `?` ([`numbered`] for PostgreSQL). Row values (`(a, b) IN (SELECT a, b …)`) work on both.
const IDEMPOTENCY_KEYS: &str = "DELETE FROM idempotency_keys
    WHERE (person_id, idempotency_key) IN (
        SELECT person_id, idempotency_key FROM idempotency_keys
        WHERE created_at < ? ORDER BY created_at LIMIT ?)";
const PUSH_JOBS: &str = "DELETE FROM push_jobs
    WHERE id IN (
        SELECT id FROM push_jobs
        WHERE state <> 'pending' AND done_at < ? ORDER BY done_at LIMIT ?)";
const EVENTS: &str = "DELETE FROM events
    WHERE (recipient_id, seq) IN (
        SELECT recipient_id, seq FROM events
        WHERE created_at < ? ORDER BY created_at LIMIT ?)";

fn delete(
    conn: &mut DbConnection,
    statement: &str,
    before: NaiveDateTime,
    limit: i64,
) -> Result<usize, AppError> {
    let query = |sql: String| {
        diesel::sql_query(sql)
            .bind::<Timestamp, _>(before)
            .bind::<BigInt, _>(limit)
    };
    Ok(match conn {
        DbConnection::Sqlite(c) => query(statement.to_string()).execute(c)?,
        DbConnection::Postgres(c) => query(numbered(statement)).execute(c)?,
    })
}

/// PostgreSQL's placeholders for SQLite's: the n-th `?` becomes `$n`.
fn numbered(statement: &str) -> String {
    let mut out = String::with_capacity(statement.len() + 4);
    let mut n = 0;
    for c in statement.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// One run: each kind in a transaction of its own.
pub fn sweep(db: &Db, now: DateTime<Utc>, keep: &Keep) -> Result<Swept, AppError> {
    let at = |kept: chrono::Duration| (now - kept).naive_utc();
    let run = |statement: &'static str, kept: chrono::Duration| {
        db.write_blocking(|conn| delete(conn, statement, at(kept), keep.batch))
    };
    Ok(Swept {
        idempotency_keys: run(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEPT)?,
        push_jobs: run(PUSH_JOBS, keep.push_jobs)?,
        events: run(EVENTS, keep.events)?,
    })
}

/// The thread that sweeps every `every`; it stops when this handle is dropped.
pub struct Sweeper {
    _stop: mpsc::Sender<()>,
}

impl Sweeper {
    pub fn start(
        db: Db,
        clock: SharedClock,
        keep: Keep,
        every: Duration,
        also: impl Fn() + Send + 'static,
    ) -> std::io::Result<Sweeper> {
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("housekeeping".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                    let started = Instant::now();
                    match sweep(&db, clock.now(), &keep) {
                        Ok(swept) if swept.total() > 0 => tracing::info!(
                            event = "housekeeping",
                            idempotency_keys = swept.idempotency_keys,
                            push_jobs = swept.push_jobs,
                            events = swept.events,
                            ms = started.elapsed().as_millis() as u64,
                            "removed expired rows"
                        ),
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "housekeeping could not run"),
                    }
                    also();
                }
            })?;
        Ok(Sweeper { _stop: stop })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        assert_eq!(numbered("a < ? LIMIT ?"), "a < $1 LIMIT $2");
        assert_eq!(numbered(EVENTS).matches('$').count(), 2);
        assert!(!numbered(PUSH_JOBS).contains('?'));
    }
}
