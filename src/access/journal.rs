//! Group commit for the access-log rows of read-only requests.
//!
//! A read (a wallet view, a provider search) answers only after its log row is committed. Before,
//! each read committed its own row: one write transaction and one turn at SQLite's single writer.
//! The rows go to `read_log` (on SQLite a file of its own, see `db::reads`). Now a request hands
//! its row to one writer thread and waits; the thread commits every row that has arrived
//! meanwhile in one transaction and then tells each waiter: a commit carries the rows that arrived
//! while the last one was written (a handful under the benchmark's full load); alone, a row is
//! committed at once. Nothing is answered before its row is committed.
//!
//! On SQLite the rows are committed to `read_log_recent`, which has no index by client, and the
//! same thread moves them to `read_log` about once a second, sorted by client
//! ([`reads::move_recent_reads`]). Written straight into `read_log`, each row had changed a page
//! of that index of its own, and each such page went whole into the write-ahead log: the
//! benchmark's search ran about a quarter slower for it.
//!
//! The rows wait for the writer in a queue of [`CAPACITY`]; a read that finds it full answers
//! 503 with `Retry-After` rather than wait behind a writer that is not keeping up. A panic in
//! the writer is caught and the writer started again, so reads go on being logged; whether it
//! can commit is [`Journal::healthy`], which `/readyz` reports.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use diesel::r2d2::R2D2Connection;
use tokio::sync::oneshot;

use super::LogRow;
use crate::db::{reads, Backend, Db, DbConnection, BUSY_TIMEOUT_MS};
use crate::error::AppError;

/// The most rows one transaction carries.
const MAX_BATCH: usize = 512;

/// The most rows that wait for the writer. Every waiting row is a request held open, so this
/// bounds what a stalled writer can pile up. It is eight full transactions: room for what
/// arrives while the writer moves a second's rows (60–90 ms under the benchmark's full load,
/// about 1,500 rows at 16,000 reads a second) or waits for a checkpoint's last pass (20–50 ms),
/// several times over; a queue that fills anyway means the writer is a quarter of a second
/// behind at full load, and more queued rows would only make every read slower.
pub const CAPACITY: usize = 8 * MAX_BATCH;

/// On SQLite rows wait in `read_log_recent` at most about this long before they move, sorted
/// by client, to `read_log` (see [`reads::move_recent_reads`])…
const MOVE_EVERY: Duration = Duration::from_secs(1);
/// …or until this many wait. The move holds up the other rows' commits, and SQLite's other
/// writers, while it runs: under the benchmark's full load a second's rows (about 15,000 of 2,000
/// clients) moved in 60–90 ms; at an everyday load a move takes well under a millisecond.
const MOVE_ROWS: usize = 16_384;

/// A transaction of the writer that has not ended after this long means the writer cannot
/// commit now (a lock held elsewhere, a stalled disk): the journal reports itself unhealthy
/// until it ends. The longest ones in everyday work, a move under full load, take under 0.1 s.
pub const STALLED_AFTER: Duration = Duration::from_secs(2);

/// A request waits this long for its row to be committed, then answers 503 with `Retry-After`
/// rather than hold a phone waiting behind a writer that cannot commit: another write holding
/// SQLite's writers' turn, a lock on PostgreSQL, which has no timeout. Twice SQLite's busy
/// timeout, so that a commit that fails on a lock answers with that failure first. The row stays
/// queued and may still be committed; the request showed nothing, so the log then holds an
/// attempt, never a read that went unlogged.
pub const COMMIT_WAIT: Duration = Duration::from_millis(2 * BUSY_TIMEOUT_MS as u64);

/// After a panic the writer starts again after this long, doubled for each panic that follows
/// within a minute of running, up to [`MAX_RESTART_PAUSE`], so that a writer panicking at once
/// every time does not spin.
const RESTART_PAUSE: Duration = Duration::from_millis(50);
const MAX_RESTART_PAUSE: Duration = Duration::from_secs(5);

struct Pending {
    row: LogRow,
    done: oneshot::Sender<Result<(), AppError>>,
}

enum Job {
    Row(Pending),
    /// Makes the writer panic, as a bug would.
    #[cfg(test)]
    Panic,
}

/// The handle requests use. The writer thread ends when the last handle is dropped.
pub struct Journal {
    tx: mpsc::SyncSender<Job>,
    health: Arc<Health>,
}

impl Journal {
    pub fn start(db: Db) -> std::io::Result<Journal> {
        let (tx, rx) = mpsc::sync_channel(CAPACITY);
        let health = Arc::new(Health::new());
        let shared = health.clone();
        std::thread::Builder::new()
            .name("access-log".into())
            .spawn(move || supervise(&db, &rx, &shared))?;
        Ok(Journal { tx, health })
    }

    /// Commits `row`; returns once it is committed.
    pub async fn record(&self, row: LogRow) -> Result<(), AppError> {
        self.try_record(row)?.await
    }

    /// Hands `row` to the writer now, or refuses it at once with 503 when the queue is full;
    /// the future answers once it is committed, or with 503 after [`COMMIT_WAIT`].
    pub fn try_record(
        &self,
        row: LogRow,
    ) -> Result<impl Future<Output = Result<(), AppError>>, AppError> {
        let (done, committed) = oneshot::channel();
        self.tx
            .try_send(Job::Row(Pending { row, done }))
            .map_err(|e| match e {
                mpsc::TrySendError::Full(_) => {
                    AppError::unavailable("the access-log writer is behind: its queue is full")
                }
                mpsc::TrySendError::Disconnected(_) => {
                    AppError::internal(anyhow::anyhow!("the access-log writer has stopped"))
                }
            })?;
        Ok(async move {
            match actix_web::rt::time::timeout(COMMIT_WAIT, committed).await {
                Ok(Ok(done)) => done,
                // The writer drops a row's answer only when it panics with the row in hand; the
                // row may or may not be committed, and a retry is logged anew.
                Ok(Err(_)) => Err(AppError::unavailable(
                    "the access-log writer stopped before answering",
                )),
                Err(_) => Err(AppError::unavailable(
                    "the access-log writer did not commit in time",
                )),
            }
        })
    }

    /// Whether the writer can commit now: it is running (not starting again after a panic), its
    /// last transaction did not fail for a reason of the database's own, and the one under way,
    /// if any, has not been running for [`STALLED_AFTER`].
    pub fn healthy(&self) -> bool {
        self.health.healthy()
    }

    /// When the writer last failed a transaction or panicked, if ever.
    pub fn last_failure(&self) -> Option<SystemTime> {
        *self
            .health
            .last_failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// How many times the writer was started again after a panic.
    pub fn restarts(&self) -> u32 {
        self.health.restarts.load(Ordering::Relaxed)
    }

    #[cfg(test)]
    fn panic_for_test(&self) {
        self.tx.send(Job::Panic).unwrap();
    }
}

/// What the writer tells the handles about itself.
struct Health {
    /// The clock of `busy_since`.
    epoch: Instant,
    /// The writer is running: false while it waits to start again after a panic, and once it
    /// has stopped.
    up: AtomicBool,
    /// When the transaction under way began, in microseconds after `epoch`, plus one; 0 when
    /// none is.
    busy_since: AtomicU64,
    /// The last transaction failed for a reason that is not one row's own (a lock, the disk, a
    /// lost connection), and none has succeeded since.
    failing: AtomicBool,
    last_failure: Mutex<Option<SystemTime>>,
    restarts: AtomicU32,
}

impl Health {
    fn new() -> Health {
        Health {
            epoch: Instant::now(),
            up: AtomicBool::new(false),
            busy_since: AtomicU64::new(0),
            failing: AtomicBool::new(false),
            last_failure: Mutex::new(None),
            restarts: AtomicU32::new(0),
        }
    }

    fn now(&self) -> u64 {
        self.epoch.elapsed().as_micros() as u64 + 1
    }

    fn healthy(&self) -> bool {
        let since = self.busy_since.load(Ordering::Relaxed);
        let stalled =
            since != 0 && self.now().saturating_sub(since) > STALLED_AFTER.as_micros() as u64;
        self.up.load(Ordering::Relaxed) && !self.failing.load(Ordering::Relaxed) && !stalled
    }

    fn failed(&self) {
        self.failing.store(true, Ordering::Relaxed);
        *self.last_failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(SystemTime::now());
    }

    /// Notes how a transaction ended. A row the database refused (a broken constraint) proves
    /// the database answered and took the lock; anything else is the database's own failure.
    fn ended<T>(&self, outcome: &Result<T, AppError>) {
        match outcome {
            Err(e) if !refused_row(e) => self.failed(),
            _ => self.failing.store(false, Ordering::Relaxed),
        }
    }
}

/// Marks the writer busy for as long as it lives.
struct Busy<'a>(&'a Health);

impl<'a> Busy<'a> {
    fn start(health: &'a Health) -> Busy<'a> {
        health.busy_since.store(health.now(), Ordering::Relaxed);
        Busy(health)
    }
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.busy_since.store(0, Ordering::Relaxed);
    }
}

/// Whether the database refused the row itself (a broken constraint), as opposed to failing to
/// write anything at all.
fn refused_row(e: &AppError) -> bool {
    use diesel::result::{DatabaseErrorKind as Kind, Error};
    let cause = e.cause.as_ref().and_then(|c| c.downcast_ref::<Error>());
    matches!(
        cause,
        Some(Error::DatabaseError(
            Kind::UniqueViolation
                | Kind::ForeignKeyViolation
                | Kind::NotNullViolation
                | Kind::CheckViolation,
            _
        ))
    )
}

/// Runs the writer, and starts it again whenever it panics, until every handle is dropped. The
/// queue outlives a panic, so the rows waiting in it are committed by the next run; those the
/// writer held are answered with 503 (their senders are dropped as the panic unwinds). Its
/// connection does not outlive it, so a transaction a panic left open is rolled back.
fn supervise(db: &Db, rx: &mpsc::Receiver<Job>, health: &Health) {
    let mut pause = RESTART_PAUSE;
    loop {
        health.up.store(true, Ordering::Relaxed);
        let started = Instant::now();
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(db, rx, health)));
        health.up.store(false, Ordering::Relaxed);
        if run.is_ok() {
            return;
        }
        health.busy_since.store(0, Ordering::Relaxed);
        health.failed();
        let restarts = health.restarts.fetch_add(1, Ordering::Relaxed) + 1;
        if started.elapsed() > Duration::from_secs(60) {
            pause = RESTART_PAUSE;
        }
        tracing::error!(
            restarts,
            pause_ms = pause.as_millis() as u64,
            "the access-log writer panicked; it starts again"
        );
        std::thread::sleep(pause);
        pause = (pause * 2).min(MAX_RESTART_PAUSE);
    }
}

/// The writer's connection, and how its transactions end.
struct Writer<'a> {
    db: &'a Db,
    health: &'a Health,
    /// A connection of the thread's own (see `Db::own_connection`), made when first needed and
    /// made anew when it breaks.
    conn: Option<DbConnection>,
    /// The last mark was not written (warned once for each run of failures).
    mark_failing: bool,
}

impl Writer<'_> {
    /// Runs `work` on the writer's connection, marked busy for as long as it runs (connecting
    /// included), and notes how it ended in the journal's health.
    fn on_conn<T>(
        &mut self,
        work: impl FnOnce(&Db, &mut DbConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let _busy = Busy::start(self.health);
        let c = match self.conn.as_mut() {
            Some(c) => c,
            None => match self.db.own_connection() {
                Ok(c) => self.conn.insert(c),
                Err(e) => {
                    self.health.failed();
                    return Err(e);
                }
            },
        };
        let done = work(self.db, c);
        if done.is_err() && c.is_broken() {
            self.conn = None;
        }
        self.health.ended(&done);
        done
    }

    /// `work` in one transaction that writes the log of reads (see `Db::write_reads_on`).
    fn write<T>(
        &mut self,
        work: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.on_conn(|db, c| db.write_reads_on(c, work))
    }

    /// Asks the idle connection, if any, whether it is alive. A lost one is let go and the
    /// writer counts as failing, so it is not ready until a probe commits on a new connection.
    fn check(&mut self) {
        let Some(c) = self.conn.as_mut() else {
            return;
        };
        let _busy = Busy::start(self.health);
        if let Err(e) = c.ping() {
            tracing::warn!(error = %e, "the access-log writer lost its connection");
            self.conn = None;
            self.health.failed();
        }
    }

    /// Moves the waiting rows of reads to `read_log`, then records how far the file of reads
    /// goes in a transaction of its own (see [`reads::record_mark`]). A mark not written leaves
    /// the last one in place, which stays true; the next move writes it.
    fn move_rows(&mut self) -> Result<(), AppError> {
        let moved = self.write(reads::move_recent_reads)?;
        let Some(c) = self.conn.as_mut().filter(|_| moved > 0) else {
            return Ok(());
        };
        // It waits for the writers' turn, as the commits do; a failure is no failure to commit.
        let _busy = Busy::start(self.health);
        match self.db.mark_reads_on(c) {
            Ok(()) => self.mark_failing = false,
            Err(e) if !self.mark_failing => {
                self.mark_failing = true;
                tracing::warn!(error = %e, "how far the log of reads goes could not be recorded");
            }
            Err(_) => {}
        }
        Ok(())
    }
}

fn run(db: &Db, rx: &mpsc::Receiver<Job>, health: &Health) {
    let mut writer = Writer {
        db,
        health,
        conn: None,
        mark_failing: false,
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
            match writer.move_rows() {
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
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // Nothing to commit: while the last transaction failed, see whether one would
                // succeed now, so that readiness comes back without waiting for a read (a
                // server reported not ready gets none). Otherwise, on PostgreSQL, see whether
                // the idle connection is still there: a database that restarted meanwhile
                // left it dead, and the next read would be the one to find out.
                if health.failing.load(Ordering::Relaxed) {
                    let _ = writer.write(reads::probe);
                } else if !stages {
                    writer.check();
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        // The rows that arrived while the last commit was written go with this one; no row
        // waits for more to come. (A pause of 0.5 ms between commits, to gather more rows into
        // each, cost a tenth of the search's throughput once the machine was fast enough.)
        let mut batch = Vec::new();
        for job in std::iter::once(first).chain(rx.try_iter().take(MAX_BATCH - 1)) {
            match job {
                Job::Row(pending) => batch.push(pending),
                #[cfg(test)]
                Job::Panic => panic!("the access-log writer panics, as a test asked"),
            }
        }
        let all = writer.write(|conn| batch.iter().try_for_each(|p| p.row.insert_read(conn)));
        match all {
            Ok(()) => {
                waiting += batch.len();
                for p in batch {
                    let _ = p.done.send(Ok(()));
                }
            }
            Err(e) if batch.len() == 1 => {
                let _ = batch.pop().map(|p| p.done.send(Err(e)));
            }
            // One row that the database refuses must not fail the others: each is tried on its
            // own, and each waiter gets its own answer.
            Err(e) if refused_row(&e) => {
                for p in batch {
                    let one = writer.write(|conn| p.row.insert_read(conn));
                    waiting += usize::from(one.is_ok());
                    let _ = p.done.send(one);
                }
            }
            // The database wrote nothing at all (a lock held past the busy timeout, a full
            // disk): trying each row again would wait out the same lock once for every row.
            Err(e) => {
                tracing::warn!(error = %e, rows = batch.len(), "the rows of reads could not be committed");
                for p in batch {
                    let _ = p.done.send(Err(AppError::unavailable(
                        "the access log could not be written",
                    )));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DatabaseUrl;

    fn row(request_id: &str) -> LogRow {
        LogRow {
            client_id: "client".into(),
            actor_id: "client".into(),
            acting_as: "self",
            action: "client.view",
            resource: "/api/v1/clients/client".into(),
            request_id: request_id.into(),
            created_at: chrono::Utc::now().naive_utc(),
            organisation_id: None,
        }
    }

    fn logged(db: &Db, request_id: &str) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(
            "SELECT (SELECT count(*) FROM read_log WHERE request_id = ?1)
                  + (SELECT count(*) FROM read_log_recent WHERE request_id = ?1) AS n",
        )
        .bind::<diesel::sql_types::Text, _>(request_id)
        .get_result::<Count>(&mut *db.get().unwrap())
        .unwrap()
        .n
    }

    /// A bug that panics in the writer must not leave every later read without a log (and so
    /// failing): the writer starts again, and says it was down.
    #[actix_web::test]
    async fn a_writer_that_panics_starts_again_and_reads_are_still_logged() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(&DatabaseUrl::Sqlite(dir.path().join("j.db")), 2).unwrap();
        crate::db::run_migrations(&mut db.get().unwrap()).unwrap();
        let journal = Journal::start(db.clone()).unwrap();
        journal.record(row("before")).await.unwrap();
        assert!(journal.healthy());
        assert_eq!(journal.last_failure(), None);

        journal.panic_for_test();
        let waited = Instant::now();
        while journal.restarts() == 0 {
            assert!(waited.elapsed() < Duration::from_secs(5), "never restarted");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(journal.last_failure().is_some());
        journal.record(row("after")).await.unwrap();
        assert_eq!(logged(&db, "before"), 1);
        assert_eq!(logged(&db, "after"), 1);
        assert!(journal.healthy());
        assert_eq!(journal.restarts(), 1);
    }
}
