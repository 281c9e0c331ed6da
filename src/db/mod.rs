//! One connection type over SQLite and PostgreSQL, chosen from the URL scheme; an r2d2 pool;
//! migrations per backend; and the only two ways routes touch the database: [`Db::read`] and
//! [`Db::write`]. Writes run off the async executor; so do reads on PostgreSQL, while reads on
//! SQLite run in place (see [`Db::read`]).

pub mod cache;
pub mod schema;
pub mod versioned;

use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::R2D2Connection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryResult};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::AppError;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Runs one diesel query on the concrete connection behind a [`DbConnection`]. Through the
/// `MultiConnection` diesel cannot tell a query from its type alone, so it writes the SQL out
/// anew on every run to find the prepared statement; on the concrete connection a query with a
/// fixed shape finds it by type. The queries every request makes (session, person, client,
/// voucher, access-log row) go through here.
#[macro_export]
macro_rules! native {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($c) => $body,
            $crate::db::DbConnection::Postgres($c) => $body,
        }
    };
}

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed database URL. The scheme picks the backend; anything else is refused, so a typo can
/// never silently create a SQLite file named after a PostgreSQL URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, String> {
        let url = url.trim();
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("the sqlite:// database URL needs a file path".into());
            }
            // Pooled connections need one shared file (and a second one beside it for the log
            // of reads): an in-memory database would be one per connection, and a `file:` URI
            // would be read with its own rules.
            if path == ":memory:" || path.starts_with("file:") {
                return Err("the sqlite:// database URL needs a plain file path".into());
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_string()));
        }
        let scheme = url.split("://").next().unwrap_or("");
        Err(format!(
            "unknown database URL scheme {scheme:?}: use sqlite://PATH or postgres://USER@HOST/DB"
        ))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }

    /// Opens one connection, configured for how we use it.
    pub fn connect(&self) -> Result<DbConnection, diesel::ConnectionError> {
        match self {
            DatabaseUrl::Postgres(url) => PgConnection::establish(url).map(DbConnection::Postgres),
            DatabaseUrl::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        diesel::ConnectionError::BadConnection(format!(
                            "cannot create {}: {e}",
                            dir.display()
                        ))
                    })?;
                }
                // Setting up a connection may create the files, switch them to WAL, create the
                // reads table and pair the files; the pool opens connections on several threads
                // at once, and one at a time none of them finds another half-way.
                static SETUP: std::sync::Mutex<()> = std::sync::Mutex::new(());
                let _one_at_a_time = SETUP.lock().unwrap_or_else(|p| p.into_inner());
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                // Every commit to a file makes the other connections drop their page caches
                // for it (the rows of reads therefore go to a file of their own, see
                // `attach_read_log`); reading pages through a memory map instead of read()
                // calls makes refilling them cheap. Checkpoints are left to a background thread
                // (`checkpoints`), so that no request waits for one. A log that a burst of
                // writes made longer than 64 MB is cut back to that when it starts over.
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA busy_timeout = 5000;
                     PRAGMA foreign_keys = ON;
                     PRAGMA mmap_size = 268435456;
                     PRAGMA wal_autocheckpoint = 0;
                     PRAGMA journal_size_limit = 67108864;",
                )
                .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
                attach_read_log(&mut conn, &read_log_path(path))
                    .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
                // In a write transaction (`BEGIN IMMEDIATE` locks both files), so that
                // connections opened at once agree on one pairing number.
                let mut conn = DbConnection::Sqlite(conn);
                write_transaction(&mut conn, pair_files)
                    .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
                Ok(conn)
            }
        }
    }
}

/// Where SQLite keeps the log of reads: beside the database, `seteli.db` → `seteli-reads.db`.
pub fn read_log_path(db: &std::path::Path) -> PathBuf {
    let stem = db.file_stem().unwrap_or_default().to_string_lossy();
    let name = match db.extension() {
        Some(ext) => format!("{stem}-reads.{}", ext.to_string_lossy()),
        None => format!("{stem}-reads"),
    };
    db.with_file_name(name)
}

/// On SQLite the access-log rows of reads (`read_log`) live in a file of their own, attached to
/// every connection as `reads`. A read commits a row, and in SQLite any commit to a file makes
/// every other connection drop its page cache for that file when it next begins a read: with the
/// rows in the main file, each search emptied the caches the next searches needed. Commits to
/// `reads` leave the main file's caches alone. Rows of changes stay in `access_log`, in the main
/// file, in the transaction of the change they record (SQLite cannot commit across two WAL files
/// atomically, so those never go here). The table is made here rather than by a migration so
/// that a missing file is made anew; unqualified, `read_log` names this table, so queries are the
/// same as on PostgreSQL, where it is an ordinary table. Beside it, `read_log_recent` takes each
/// row first (see [`crate::access::journal`]).
fn attach_read_log(conn: &mut SqliteConnection, path: &std::path::Path) -> QueryResult<()> {
    use diesel::RunQueryDsl;
    diesel::sql_query("ATTACH DATABASE ? AS reads")
        .bind::<diesel::sql_types::Text, _>(path.to_string_lossy())
        .execute(conn)?;
    // read_log and read_log_recent have the same columns.
    let columns = "(
             id TEXT PRIMARY KEY NOT NULL,
             client_id TEXT NOT NULL,
             actor_id TEXT NOT NULL,
             acting_as TEXT NOT NULL
                 CHECK (acting_as IN ('self', 'proxy', 'caseworker', 'provider_staff')),
             action TEXT NOT NULL,
             resource TEXT NOT NULL,
             request_id TEXT NOT NULL,
             created_at TIMESTAMP NOT NULL
         )";
    conn.batch_execute(&format!(
        "PRAGMA reads.journal_mode = WAL;
         PRAGMA reads.synchronous = NORMAL;
         PRAGMA reads.journal_size_limit = 67108864;
         CREATE TABLE IF NOT EXISTS reads.read_log {columns};
         CREATE INDEX IF NOT EXISTS reads.read_log_client ON read_log (client_id, id);
         CREATE TABLE IF NOT EXISTS reads.read_log_recent {columns};
         CREATE TRIGGER IF NOT EXISTS reads.read_log_recent_no_update
         BEFORE UPDATE ON read_log_recent
         BEGIN
             SELECT RAISE(ABORT, 'rows of read_log_recent cannot be changed');
         END;
         CREATE TRIGGER IF NOT EXISTS reads.read_log_no_update BEFORE UPDATE ON read_log
         BEGIN
             SELECT RAISE(ABORT, 'read_log is append-only');
         END;
         CREATE TRIGGER IF NOT EXISTS reads.read_log_no_delete BEFORE DELETE ON read_log
         BEGIN
             SELECT RAISE(ABORT, 'read_log is append-only');
         END;"
    ))
}

/// Makes sure the two files belong together. A missing reads file is made anew and empty, so a
/// database restored or moved without it would otherwise lose its log of reads without a word,
/// and a database made afresh beside an old reads file would take on someone else's history.
/// The first connection to a new pair writes one random number into both file headers
/// (`user_version`); every later connection checks that the numbers match.
fn pair_files(conn: &mut DbConnection) -> QueryResult<()> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        user_version: i32,
    }
    let DbConnection::Sqlite(conn) = conn else {
        return Ok(());
    };
    let version = |conn: &mut SqliteConnection, file: &str| -> QueryResult<i32> {
        diesel::sql_query(format!("PRAGMA {file}.user_version"))
            .get_result::<Version>(conn)
            .map(|v| v.user_version)
    };
    match (version(conn, "main")?, version(conn, "reads")?) {
        (0, 0) => {
            let id = (uuid::Uuid::now_v7().as_u128() as u32 & 0x7fff_ffff).max(1);
            conn.batch_execute(&format!(
                "PRAGMA main.user_version = {id}; PRAGMA reads.user_version = {id};"
            ))
        }
        (main, reads) if main == reads => Ok(()),
        _ => Err(diesel::result::Error::QueryBuilderError(
            "the log of reads beside this database belongs to another one, or is missing: \
             restore the two files together, or move both away to start afresh"
                .into(),
        )),
    }
}

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
    sqlite_writer: std::sync::Arc<std::sync::Mutex<()>>,
    /// On SQLite, the checkpointer thread runs until the last handle is dropped.
    _checkpoints: Option<std::sync::Arc<std::sync::mpsc::Sender<()>>>,
}

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
        let sqlite_writer: std::sync::Arc<std::sync::Mutex<()>> = Default::default();
        let checkpoints = match url.backend() {
            Backend::Sqlite => {
                let (stop, stopped) = std::sync::mpsc::channel::<()>();
                let pool = pool.clone();
                let writer = sqlite_writer.clone();
                std::thread::Builder::new()
                    .name("wal-checkpoint".into())
                    .spawn(move || checkpoints(&pool, &writer, &stopped))?;
                Some(std::sync::Arc::new(stop))
            }
            Backend::Postgres => None,
        };
        Ok(Db {
            pool,
            url: url.clone(),
            backend: url.backend(),
            sqlite_writer,
            _checkpoints: checkpoints,
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
        write_transaction(&mut conn, f)
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

    /// On SQLite, waits for the writers' turn (see [`Db::sqlite_writer`]).
    fn writers_turn(&self) -> Option<std::sync::MutexGuard<'_, ()>> {
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

/// Waits for the SQLite writers' turn. A writer that panicked while holding it left nothing
/// half-done in the mutex (it guards no data), so the turn passes on.
fn take_turn(writer: &std::sync::Mutex<()>) -> std::sync::MutexGuard<'_, ()> {
    writer
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A write-ahead log this long (64 MB of 4 KB pages) is made to start over (see [`checkpoint`]);
/// in unit tests, one of 1 MB.
const RESTART_FRAMES: i32 = if cfg!(test) { 256 } else { 16_384 };

/// A passive checkpoint of one attached file: copies what is committed, as far as no reader
/// still needs it, holding up no one. Only a log found copied to its end is started over by the
/// next commit, and under steady writes (the log of reads under load) more is committed while
/// a checkpoint copies, so the log grew without end: 583 MB in ten seconds of the benchmark.
/// So when it has grown past [`RESTART_FRAMES`], one more pass copies what came meanwhile and
/// a last one, in the writers' turn, the little that came during that; the next commit then
/// starts the log over. That last pass holds up writers (in the benchmark 20-50 ms, mostly two
/// `fsync`s), so it runs only for a long log: about once a second under full load, and not at
/// all while checkpoints keep up by themselves.
fn checkpoint(pool: &Pool, writer: &std::sync::Mutex<()>, file: &str) -> Result<(), String> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Done {
        /// Frames in the log.
        #[diesel(sql_type = diesel::sql_types::Integer)]
        log: i32,
    }
    let pass = || -> Result<i32, String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let DbConnection::Sqlite(c) = &mut *conn else {
            return Ok(0);
        };
        diesel::sql_query(format!("PRAGMA {file}.wal_checkpoint(PASSIVE)"))
            .get_result::<Done>(c)
            .map(|d| d.log)
            .map_err(|e| e.to_string())
    };
    if pass()? >= RESTART_FRAMES {
        pass()?;
        // The turn before the connection, as every writer takes them (`Db::write_blocking`).
        let _turn = take_turn(writer);
        pass()?;
    }
    Ok(())
}

/// How often SQLite's query statistics are brought up to date (see [`checkpoints`]).
const OPTIMIZE_EVERY: Duration = Duration::from_secs(600);

/// SQLite copies the write-ahead log back into the database in a checkpoint. Left to itself it
/// does that in whichever commit crosses 1,000 pages, which for the reads file is the
/// access-log writer (`access::journal`): every request waiting for its row then waits for the
/// checkpoint too, the slowest one in a hundred. Connections are opened with
/// `wal_autocheckpoint = 0` and this thread runs a passive checkpoint of every attached file
/// every 250 ms instead (see [`checkpoint`]).
///
/// It also keeps the query planner's statistics (`sqlite_stat1`) up to date, as SQLite advises
/// for long-lived connections: `PRAGMA optimize` soon after start and then every
/// [`OPTIMIZE_EVERY`], which runs a bounded `ANALYZE` of the tables whose size has changed
/// much. Without statistics SQLite reads the catalog through every site offering a service
/// nationwide instead of the approvals of one municipality (see the migration
/// `approvals_by_area`). It writes, so it takes the writers' turn.
fn checkpoints(
    pool: &Pool,
    writer: &std::sync::Mutex<()>,
    stopped: &std::sync::mpsc::Receiver<()>,
) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut optimized: Option<std::time::Instant> = None;
    while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(Duration::from_millis(250)) {
        for file in ["main", "reads"] {
            if let Err(e) = checkpoint(pool, writer, file) {
                tracing::warn!(error = %e, file, "WAL checkpoint failed");
            }
        }
        if optimized.is_none_or(|at| at.elapsed() >= OPTIMIZE_EVERY) {
            optimized = Some(std::time::Instant::now());
            // The turn before the connection, as every writer takes them (`Db::write_blocking`).
            let _turn = take_turn(writer);
            // 0x10000: every table, not only those this connection has queried.
            let done = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
                conn.batch_execute("PRAGMA optimize = 0x10002")
                    .map_err(|e| e.to_string())
            });
            if let Err(e) = done {
                tracing::warn!(error = %e, "updating the query statistics failed");
            }
        }
    }
}

/// One write transaction. On SQLite it begins with `BEGIN IMMEDIATE`, so a transaction that
/// reads and then writes waits for the write lock (up to the busy timeout) instead of failing at
/// once. That takes the write lock of every attached file, the reads log's included, so writers
/// to either file still go one at a time; a transaction that writes only to one file leaves the
/// other's WAL, and so its readers' caches, untouched.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    E: From<diesel::result::Error>,
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
{
    transaction(conn, "BEGIN IMMEDIATE", f)
}

/// `f` in a transaction that SQLite begins with `sqlite_begin`; committed when `f` succeeds.
fn transaction<T, E, F>(conn: &mut DbConnection, sqlite_begin: &str, f: F) -> Result<T, E>
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

/// Applies pending migrations for the connection's backend; returns their names.
pub fn run_migrations(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    Ok(applied.iter().map(|v| v.to_string()).collect())
}

/// Reverts every migration, newest first (used by the migration round-trip test).
pub fn revert_all_migrations(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS),
        DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("revert failed: {e}"))?;
    Ok(reverted.iter().map(|v| v.to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `sql` in one write transaction.
    fn execute(db: &Db, sql: &str) {
        db.write_blocking(|conn| {
            conn.batch_execute(sql)?;
            Ok::<_, AppError>(())
        })
        .unwrap();
    }

    /// Waits for what the handle's background thread should do by itself.
    fn within_ten_seconds(failure: &str, mut done: impl FnMut() -> bool) {
        let waited = std::time::Instant::now();
        while !done() {
            assert!(waited.elapsed() < Duration::from_secs(10), "{failure}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Connections never checkpoint on their own (`wal_autocheckpoint = 0`); the handle's
    /// thread does, so what is committed reaches the database file while connections stay open.
    #[test]
    fn committed_pages_reach_the_database_file_without_any_request_checkpointing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let db = Db::new(&DatabaseUrl::Sqlite(path.clone()), 2).unwrap();
        execute(&db, "CREATE TABLE t (x BLOB)");
        let before = std::fs::metadata(&path).unwrap().len();
        execute(
            &db,
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
             INSERT INTO t SELECT randomblob(1000) FROM n",
        );
        within_ten_seconds("no checkpoint copied the rows into the file", || {
            std::fs::metadata(&path).unwrap().len() >= before + 400_000
        });
    }

    /// Under steady writes the write-ahead log must still start over now and then, or it grows
    /// for as long as the writes go on (the log of reads grew by hundreds of megabytes a minute).
    /// Without that it ends about three times the pages counted here; with it, well under them
    /// (0.4 of them on a busy CI run).
    #[test]
    fn the_write_ahead_log_starts_over_under_steady_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let db = Db::new(&DatabaseUrl::Sqlite(path.clone()), 2).unwrap();
        execute(&db, "CREATE TABLE t (b BLOB NOT NULL)");
        let wal = dir.path().join("w.db-wal");
        let (started, mut written, mut largest) = (std::time::Instant::now(), 0, 0);
        while started.elapsed() < Duration::from_secs(4) {
            execute(&db, "INSERT INTO t VALUES (randomblob(3000))");
            // At least one page a commit; a row this size takes two or three.
            written += 4096;
            largest = largest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
            std::thread::sleep(Duration::from_micros(200));
        }
        assert!(
            largest < written,
            "the log reached {largest} bytes of the {written} written"
        );
    }

    /// Nobody runs `ANALYZE` by hand on a deployed SQLite file; the handle's thread keeps the
    /// planner's statistics, so the catalog's read starts from the right index.
    #[test]
    fn the_query_planner_gets_statistics_without_anyone_running_analyze() {
        use diesel::RunQueryDsl;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let url = DatabaseUrl::Sqlite(path.clone());
        let mut conn = url.connect().unwrap();
        conn.batch_execute(
            "CREATE TABLE t (a TEXT NOT NULL, b TEXT NOT NULL);
             CREATE INDEX t_a ON t (a);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO t SELECT i % 20, i FROM n;",
        )
        .unwrap();
        drop(conn);
        let db = Db::new(&url, 2).unwrap();
        let stats = || -> i64 {
            let mut conn = db.get().unwrap();
            diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "(SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1')",
            ))
            .get_result(&mut *conn)
            .unwrap()
        };
        within_ten_seconds("no statistics were gathered", || stats() > 0);
        let mut conn = db.get().unwrap();
        let rows: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "(SELECT count(*) FROM sqlite_stat1 WHERE idx = 't_a')",
        ))
        .get_result(&mut *conn)
        .unwrap();
        assert_eq!(rows, 1);
    }

    /// A read that panics (a bug) fails its own request; the connection it ran on goes back
    /// to no one with its transaction still open.
    #[actix_web::test]
    async fn a_read_that_panics_fails_alone_and_leaves_no_transaction_open() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(&DatabaseUrl::Sqlite(dir.path().join("p.db")), 1).unwrap();
        execute(&db, "CREATE TABLE t (x INTEGER)");
        let failed = db
            .read(|conn| -> Result<(), AppError> {
                conn.batch_execute("SELECT x FROM t")?;
                panic!("a bug in a read")
            })
            .await;
        assert!(failed.is_err());
        execute(&db, "INSERT INTO t VALUES (1)");
        let rows = db
            .read(|conn| {
                use diesel::RunQueryDsl;
                let n = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
                    "(SELECT count(*) FROM t)",
                ))
                .get_result::<i64>(conn)?;
                Ok(n)
            })
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }

    /// A write transaction holds the write lock from its start, so one that reads and then
    /// writes never finds its snapshot outdated by another writer's commit in between.
    #[test]
    fn a_write_transaction_locks_the_main_file_from_its_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let db = Db::new(&DatabaseUrl::Sqlite(path.clone()), 2).unwrap();
        let other_writer = db
            .write_blocking(|_| {
                // Another process's writer, on the main file alone, that does not wait.
                let mut other = SqliteConnection::establish(&path.to_string_lossy())
                    .expect("a plain connection");
                Ok::<_, AppError>(
                    other
                        .batch_execute("PRAGMA busy_timeout = 0; BEGIN IMMEDIATE")
                        .map_err(|e| e.to_string()),
                )
            })
            .unwrap();
        let refused = other_writer.expect_err("the main file is locked before the first write");
        assert!(refused.contains("locked"), "{refused}");
    }

    /// A read's log row needs no lock of the main file, so reads are still logged (and
    /// answered) while another process holds the main file's write lock.
    #[test]
    fn writes_to_the_log_of_reads_leave_the_main_file_unlocked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.db");
        let db = Db::new(&DatabaseUrl::Sqlite(path.clone()), 2).unwrap();
        let mut journal = db.own_connection().unwrap();
        // Another process's writer, on the main file alone.
        let mut other = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
        other.batch_execute("BEGIN IMMEDIATE").unwrap();
        let logged = db.write_reads_on(&mut journal, |conn| {
            conn.batch_execute(
                "INSERT INTO read_log_recent (id, client_id, actor_id, acting_as, action,
                     resource, request_id, created_at)
                 VALUES ('r1', 'c', 'c', 'self', 'client.view', '/', 'q', '2026-11-24 12:00:00')",
            )?;
            Ok(())
        });
        other.batch_execute("ROLLBACK").unwrap();
        logged.expect("the row is committed while the main file is locked");
    }

    /// The log of reads is a file of its own; losing it, or pairing a database with another
    /// one's, must stop the server instead of silently starting a new history.
    #[test]
    fn a_database_opens_only_with_its_own_log_of_reads() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
        let open = |p: &std::path::Path| DatabaseUrl::Sqlite(p.to_path_buf()).connect();
        let remove = |p: &std::path::Path| {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
            }
        };
        drop(open(&a).unwrap());
        drop(open(&a).unwrap());
        drop(open(&b).unwrap());

        // A missing reads file is refused, and stays refused.
        remove(&read_log_path(&a));
        assert!(open(&a).is_err());
        assert!(open(&a).is_err());

        // Another database's reads file is refused too.
        std::fs::copy(read_log_path(&b), read_log_path(&a)).unwrap();
        let refused = open(&a).err().expect("b's log does not belong to a");
        assert!(refused.to_string().contains("log of reads"), "{refused}");

        // A database made afresh beside an old reads file is refused.
        remove(&b);
        assert!(open(&b).is_err());
    }

    #[test]
    fn url_scheme_picks_the_backend_and_unknown_schemes_are_refused() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("data/x.db"))
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
        assert!(DatabaseUrl::parse("mysql://u@h/db").is_err());
        assert!(DatabaseUrl::parse("data/x.db").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
        assert!(DatabaseUrl::parse("sqlite://:memory:").is_err());
        assert!(DatabaseUrl::parse("sqlite://file:x.db?mode=memory").is_err());
        assert_eq!(
            read_log_path(std::path::Path::new("data/seteli.db")),
            PathBuf::from("data/seteli-reads.db")
        );
    }
}
