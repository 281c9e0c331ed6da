//! Group commit for the access-log rows of read-only requests.
//!
//! A read (a wallet view, a provider search) answers only after its log row is committed. Before,
//! each read committed its own row: one write transaction, one turn at SQLite's single writer, and
//! on SQLite every commit made the other pooled connections drop their page caches. Now a request
//! hands its row to one writer thread and waits; the thread commits every row that has arrived
//! meanwhile in one transaction and then tells each waiter. Under load a commit carries dozens of
//! rows; alone, a row is committed at once. Nothing is answered before its row is on disk.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::LogRow;
use crate::db::{Backend, Db};
use crate::error::AppError;

/// The most rows one transaction carries.
const MAX_BATCH: usize = 512;

/// The shortest time between two commits.
const GAP: Duration = Duration::from_millis(2);

struct Pending {
    row: LogRow,
    done: oneshot::Sender<Result<(), AppError>>,
}

/// The handle requests use. The writer thread ends when the last handle is dropped.
pub struct Journal {
    tx: mpsc::Sender<Pending>,
    /// Dropped with the journal, which stops the checkpointer.
    _checkpoints: Option<mpsc::Sender<()>>,
}

impl Journal {
    pub fn start(db: Db) -> std::io::Result<Journal> {
        let (tx, rx) = mpsc::channel();
        let checkpointer = db.clone();
        std::thread::Builder::new()
            .name("access-log".into())
            .spawn(move || run(&db, &rx))?;
        let checkpoints = if checkpointer.backend() == Backend::Sqlite {
            let (stop, stopped) = mpsc::channel::<()>();
            std::thread::Builder::new()
                .name("wal-checkpoint".into())
                .spawn(move || checkpoint(&checkpointer, &stopped))?;
            Some(stop)
        } else {
            None
        };
        Ok(Journal {
            tx,
            _checkpoints: checkpoints,
        })
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
    let mut last_commit: Option<Instant> = None;
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        // Commits come at most once per [`GAP`]: a row that arrives sooner waits for the rest of
        // the gap and takes the rows that arrive meanwhile along. An idle server commits at once.
        let until = last_commit.map_or_else(Instant::now, |t| t + GAP);
        while batch.len() < MAX_BATCH {
            let left = until.saturating_duration_since(Instant::now());
            let next = if left.is_zero() {
                rx.try_recv().ok()
            } else {
                rx.recv_timeout(left).ok()
            };
            match next {
                Some(p) => batch.push(p),
                None if Instant::now() >= until => break,
                None => {}
            }
        }
        last_commit = Some(Instant::now());
        let all = db.write_blocking(|conn| batch.iter().try_for_each(|p| p.row.insert_read(conn)));
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
                    let one = db.write_blocking(|conn| p.row.insert_read(conn));
                    let _ = p.done.send(one);
                }
            }
        }
    }
}

/// SQLite copies the write-ahead log back into the database in a checkpoint. Left to itself it
/// does that in whichever commit crosses 1,000 pages, which here is the access-log writer: every
/// request waiting for its row then waits for the checkpoint too, the slowest one in a hundred.
/// Pooled connections leave checkpoints to this thread instead, which runs one every 250 ms
/// without holding up writers (a passive checkpoint copies what is committed and lets writers
/// go on).
fn checkpoint(db: &Db, stopped: &mpsc::Receiver<()>) {
    while let Err(mpsc::RecvTimeoutError::Timeout) =
        stopped.recv_timeout(Duration::from_millis(250))
    {
        if let Err(e) = db.checkpoint() {
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
    }
}
