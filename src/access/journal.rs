//! Group commit for the access-log rows of read-only requests.
//!
//! A read (a wallet view, a provider search) answers only after its log row is committed. Before,
//! each read committed its own row: one write transaction and one turn at SQLite's single writer.
//! The rows go to `read_log` (on SQLite a file of its own, see `db::reads`). Now a request
//! hands its row to one writer thread and waits; the thread commits every row that has arrived
//! meanwhile in one transaction and then tells each waiter: a commit carries the rows that arrived
//! while the last one was written (a handful under the benchmark's full load); alone, a row is
//! committed at once. Nothing is answered before its row is committed.
//!
//! On SQLite the rows are committed to `read_log_recent`, which has no index by client, and the
//! same thread moves them to `read_log` about once a second, sorted by client
//! ([`crate::db::reads::move_recent_reads`]). Written straight into `read_log`, each row had changed a page
//! of that index of its own, and each such page went whole into the write-ahead log: the
//! benchmark's search ran about a quarter slower for it.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::r2d2::R2D2Connection;
use tokio::sync::oneshot;

use super::LogRow;
use crate::db::{reads, Backend, Db, DbConnection};
use crate::error::AppError;

/// The most rows one transaction carries.
const MAX_BATCH: usize = 512;

/// On SQLite rows wait in `read_log_recent` at most about this long before they move, sorted
/// by client, to `read_log` (see [`crate::db::reads::move_recent_reads`])…
const MOVE_EVERY: Duration = Duration::from_secs(1);
/// …or until this many wait. The move holds up the other rows' commits, and SQLite's other
/// writers, while it runs: under the benchmark's full load a second's rows (about 15,000 of 2,000
/// clients) moved in 60–90 ms; at an everyday load a move takes well under a millisecond.
const MOVE_ROWS: usize = 16_384;

struct Pending {
    row: LogRow,
    done: oneshot::Sender<Result<(), AppError>>,
}

/// The handle requests use. The writer thread ends when the last handle is dropped.
pub struct Journal {
    tx: mpsc::Sender<Pending>,
}

impl Journal {
    pub fn start(db: Db) -> std::io::Result<Journal> {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("access-log".into())
            .spawn(move || run(&db, &rx))?;
        Ok(Journal { tx })
    }

    /// Commits `row`; returns once it is committed.
    pub async fn record(&self, row: LogRow) -> Result<(), AppError> {
        let (done, committed) = oneshot::channel();
        self.tx.send(Pending { row, done }).map_err(|_| {
            AppError::internal(anyhow::anyhow!("the access-log writer has stopped"))
        })?;
        committed.await.map_err(|_| {
            AppError::internal(anyhow::anyhow!("the access-log writer dropped a row"))
        })?
    }
}

fn run(db: &Db, rx: &mpsc::Receiver<Pending>) {
    // A connection of the thread's own (see `Db::own_connection`), made when first needed and
    // made anew when it breaks.
    let mut conn: Option<DbConnection> = None;
    let mut write = |work: &dyn Fn(&mut DbConnection) -> Result<(), AppError>| {
        let c = match conn.as_mut() {
            Some(c) => c,
            None => conn.insert(db.own_connection()?),
        };
        let done = db.write_reads_on(c, work);
        if done.is_err() && c.is_broken() {
            conn = None;
        }
        done
    };
    // Rows wait to be moved on SQLite only. Those an earlier run left are moved at the first
    // chance.
    let stages = db.backend() == Backend::Sqlite;
    let mut waiting = 1;
    let mut last_move = Instant::now();
    // After a failed move the next try waits its turn, however many rows wait.
    let mut failed = false;
    loop {
        let due = last_move.elapsed() >= MOVE_EVERY || (waiting >= MOVE_ROWS && !failed);
        if stages && waiting > 0 && due {
            last_move = Instant::now();
            match write(&|conn| reads::move_recent_reads(conn).map(|_| ())) {
                Ok(()) => (waiting, failed) = (0, false),
                // They are committed where they are, and the access log reads them there.
                Err(e) => {
                    failed = true;
                    tracing::warn!(error = %e, "the rows of reads could not be moved yet");
                }
            }
        }
        let first = match rx.recv_timeout(MOVE_EVERY) {
            Ok(first) => first,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        // The rows that arrived while the last commit was written go with this one; no row
        // waits for more to come. (A pause of 0.5 ms between commits, to gather more rows into
        // each, cost a tenth of the search's throughput once the machine was fast enough.)
        let mut batch = vec![first];
        batch.extend(rx.try_iter().take(MAX_BATCH - 1));
        let all = write(&|conn| batch.iter().try_for_each(|p| p.row.insert_read(conn)));
        match all {
            Ok(()) => {
                waiting += batch.len();
                for p in batch {
                    let _ = p.done.send(Ok(()));
                }
            }
            // One failing row must not fail the others: each is tried on its own, and each
            // waiter gets its own answer.
            Err(e) if batch.len() == 1 => {
                let _ = batch.pop().map(|p| p.done.send(Err(e)));
            }
            Err(_) => {
                for p in batch {
                    let one = write(&|conn| p.row.insert_read(conn));
                    waiting += usize::from(one.is_ok());
                    let _ = p.done.send(one);
                }
            }
        }
    }
}
