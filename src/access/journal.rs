//! Group commit for the access-log rows of read-only requests.
//!
//! A read (a wallet view, a provider search) answers only after its log row is committed. Before,
//! each read committed its own row: one write transaction and one turn at SQLite's single writer.
//! The rows go to `read_log` (on SQLite a file of its own, see `db::attach_read_log`). Now a request
//! hands its row to one writer thread and waits; the thread commits every row that has arrived
//! meanwhile in one transaction and then tells each waiter. Under load a commit carries dozens of
//! rows; alone, a row is committed at once. Nothing is answered before its row is on disk.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::r2d2::R2D2Connection;
use tokio::sync::oneshot;

use super::LogRow;
use crate::db::{Db, DbConnection};
use crate::error::AppError;

/// The most rows one transaction carries.
const MAX_BATCH: usize = 512;

/// The shortest time between two commits. Each request waits for its row's commit, so the gap
/// bounds how fast a fixed number of clients can go: with 2 ms, 32 connections were held to
/// about 32 requests per 2 ms plus the commit's own time, with a core to spare. Under full load a
/// commit gathers the rows that arrive while the last one is written, so a shorter gap costs
/// little more per row.
const GAP: Duration = Duration::from_micros(500);

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
        let done = db.write_on(c, work);
        if done.is_err() && c.is_broken() {
            conn = None;
        }
        done
    };
    let mut last_commit: Option<Instant> = None;
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        // Commits come at most once per [`GAP`]: a row that arrives sooner waits for the rest of
        // the gap and takes the rows that arrive meanwhile along. An idle server commits at once.
        // The thread sleeps through the gap rather than waiting on the channel, so the rows that
        // arrive meanwhile do not each wake it.
        if let Some(until) = last_commit.map(|t| t + GAP) {
            std::thread::sleep(until.saturating_duration_since(Instant::now()));
        }
        batch.extend(rx.try_iter().take(MAX_BATCH - 1));
        last_commit = Some(Instant::now());
        let all = write(&|conn| batch.iter().try_for_each(|p| p.row.insert_read(conn)));
        match all {
            Ok(()) => {
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
                    let _ = p.done.send(one);
                }
            }
        }
    }
}
