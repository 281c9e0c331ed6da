//! The r2d2 pool, and [`Db`], the handle the application shares: the only two ways routes touch
//! the database are [`Db::read`] and [`Db::write`].

use std::sync::{mpsc, Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::r2d2::R2D2Connection;

use super::checkpoint;
use super::connection::DbConnection;
use super::events::{self, EventRow};
use super::reads;
use super::transaction::{read_transaction, take_turn, transaction, write_transaction};
use super::url::{Backend, DatabaseUrl};
use crate::error::AppError;

/// The r2d2 manager: connects by the parsed URL instead of trying each backend in turn.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        self.url
            .connect()
            .map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// The database handle shared by the application.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    url: DatabaseUrl,
    backend: Backend,
    /// SQLite has one writer at a time. Writers queue here, in the process, instead of in
    /// SQLite's busy handler, which sleeps in steps of up to 100 ms and so turns a queue of a
    /// few writers into hundreds of milliseconds of waiting.
    sqlite_writer: Arc<Mutex<()>>,
    /// On SQLite, the checkpointer thread runs until the last handle is dropped.
    _checkpoints: Option<Arc<mpsc::Sender<()>>>,
    /// Where the events of each committed write go in this process (the socket's hub).
    sink: Arc<OnceLock<EventSink>>,
    /// Rung when a write through this handle committed push jobs (`outbox`).
    push_bell: Arc<tokio::sync::Notify>,
}

/// Takes the events a write committed, on the writer's thread: it must not block.
pub type EventSink = Box<dyn Fn(Vec<EventRow>) + Send + Sync>;

impl Db {
    /// Builds the pool without connecting, so a server can start (and report not ready) while
    /// its database is down. On SQLite it starts the thread that runs checkpoints.
    pub fn new(url: &DatabaseUrl, size: u32) -> std::io::Result<Db> {
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(0))
            .connection_timeout(Duration::from_secs(5))
            .test_on_check_out(false)
            .build_unchecked(Manager { url: url.clone() });
        let sqlite_writer: Arc<Mutex<()>> = Default::default();
        let checkpoints = match url.backend() {
            Backend::Sqlite => {
                let (stop, stopped) = mpsc::channel::<()>();
                let pool = pool.clone();
                let writer = sqlite_writer.clone();
                std::thread::Builder::new()
                    .name("wal-checkpoint".into())
                    .spawn(move || housekeeping(&pool, &writer, &stopped))?;
                Some(Arc::new(stop))
            }
            Backend::Postgres => None,
        };
        Ok(Db {
            pool,
            url: url.clone(),
            backend: url.backend(),
            sqlite_writer,
            _checkpoints: checkpoints,
            sink: Arc::default(),
            push_bell: Arc::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for blocking code (migrations, seeding, tests).
    pub fn get(&self) -> Result<PooledConnection, AppError> {
        self.pool.get().map_err(AppError::unavailable)
    }

    /// Runs read-only work on a pooled connection: on SQLite in one snapshot, in place when a
    /// connection is idle; on PostgreSQL off the executor, as it waits for the network.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    {
        // On SQLite a read of a few rows is a few microseconds of work in memory-mapped pages,
        // less than handing it to the blocking pool and back (two thread wake-ups): it runs
        // here, on an idle connection if one is at hand. Reads never wait for SQLite's write
        // lock (WAL), nor here for a connection. A panic in the work ends this request with an
        // error, as it would on the blocking pool, not the worker with every request on it.
        if self.backend == Backend::Sqlite {
            if let Some(mut conn) = self.pool.try_get() {
                let run = std::panic::AssertUnwindSafe(move || read_transaction(&mut conn, f));
                return std::panic::catch_unwind(run).map_err(|_| {
                    AppError::internal(anyhow::anyhow!("a database read panicked"))
                })?;
            }
        }
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get().map_err(AppError::unavailable)?;
            read_transaction(&mut conn, f)
        })
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// Runs work in one write transaction (immediate on SQLite), off the executor. Everything the
    /// closure does commits together, or nothing does.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || db.write_blocking(f))
            .await
            .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// [`Db::write`] for a thread that may block.
    pub fn write_blocking<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError>,
    {
        // The turn is taken before the connection, so waiting writers hold no connection that
        // readers could use.
        let _turn = self.writers_turn();
        let mut conn = self.pool.get().map_err(AppError::unavailable)?;
        // Events of a transaction run on this thread without this handle (the demo's seeding)
        // are in the database; they are not this write's to hand on.
        events::take_committed();
        let out = write_transaction(&mut conn, f)?;
        if super::outbox::take_queued() {
            self.push_bell.notify_one();
        }
        let committed = events::take_committed();
        if !committed.is_empty() {
            if let Some(sink) = self.sink.get() {
                sink(committed);
            }
        }
        Ok(out)
    }

    /// The bell the push worker waits on: rung by each write that queued pushes.
    pub fn push_bell(&self) -> Arc<tokio::sync::Notify> {
        self.push_bell.clone()
    }

    /// Sets where committed events go (once; the socket's hub).
    pub fn on_events(&self, sink: EventSink) {
        if self.sink.set(sink).is_err() {
            tracing::warn!("the events sink was set twice");
        }
    }

    /// A connection of its own to the database's URL, outside the pool (PostgreSQL's listener
    /// of events keeps one for as long as it runs).
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// A connection outside the pool, for a thread that writes all day long to the log of reads
    /// (`access::journal`). Pooled connections take turns, and each commit by one makes the
    /// others drop their page caches for the file; so a writer on pooled connections read the
    /// log's index pages anew from the file on most commits. This one keeps its pages from one
    /// commit to the next, up to 8 MB of them (the log's index by client grows with every read,
    /// and each move of the recent rows writes it at as many places as there were clients).
    pub fn own_connection(&self) -> Result<DbConnection, AppError> {
        let mut conn = self.url.connect().map_err(AppError::unavailable)?;
        if let DbConnection::Sqlite(c) = &mut conn {
            c.batch_execute("PRAGMA reads.cache_size = -8192")?;
        }
        Ok(conn)
    }

    /// A write to the log of reads alone, on the caller's own connection (see
    /// [`Db::own_connection`]), in the writers' turn. On SQLite the transaction is deferred, so
    /// that it locks only the file it writes: `BEGIN IMMEDIATE` ([`write_transaction`]) takes
    /// the main file's write lock as well, so another process writing to the main file would
    /// hold up every read's log row, and so every read. A deferred transaction that writes first
    /// holds no snapshot before its write lock, so a busy lock is waited for as with
    /// `BEGIN IMMEDIATE`.
    pub fn write_reads_on<T, F>(&self, conn: &mut DbConnection, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError>,
    {
        let _turn = self.writers_turn();
        transaction(conn, "BEGIN", f)
    }

    /// Records in the main file how far the file of reads goes, on the caller's own connection,
    /// in the writers' turn (see [`reads::record_mark`]). Nothing to do on PostgreSQL.
    pub fn mark_reads_on(&self, conn: &mut DbConnection) -> Result<(), AppError> {
        let _turn = self.writers_turn();
        reads::record_mark(conn)
    }

    /// On SQLite, waits for the writers' turn (see [`Db::sqlite_writer`]).
    fn writers_turn(&self) -> Option<MutexGuard<'_, ()>> {
        (self.backend == Backend::Sqlite).then(|| take_turn(&self.sqlite_writer))
    }

    /// Answers whether the database answers, within `timeout`.
    pub async fn ping(&self, timeout: Duration) -> bool {
        let pool = self.pool.clone();
        actix_web::web::block(move || match pool.get_timeout(timeout) {
            Ok(mut conn) => conn.ping().is_ok(),
            Err(_) => false,
        })
        .await
        .unwrap_or(false)
    }
}

/// The SQLite handle's thread: a passive checkpoint of both files every 250 ms (see
/// [`checkpoint::wal`] and [`reads::checkpoint`]), and the query planner's statistics soon
/// after start and then every [`checkpoint::OPTIMIZE_EVERY`] (see [`checkpoint::optimize`]).
fn housekeeping(pool: &Pool, writer: &Mutex<()>, stopped: &mpsc::Receiver<()>) {
    use mpsc::RecvTimeoutError;
    let mut optimized: Option<Instant> = None;
    while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(Duration::from_millis(250)) {
        let checkpoints = [
            ("main", checkpoint::wal(pool, writer, "main")),
            ("reads", reads::checkpoint(pool, writer)),
        ];
        for (file, done) in checkpoints {
            if let Err(e) = done {
                tracing::warn!(error = %e, file, "WAL checkpoint failed");
            }
        }
        if optimized.is_none_or(|at| at.elapsed() >= checkpoint::OPTIMIZE_EVERY) {
            optimized = Some(Instant::now());
            if let Err(e) = checkpoint::optimize(pool, writer) {
                tracing::warn!(error = %e, "updating the query statistics failed");
            }
        }
    }
}
