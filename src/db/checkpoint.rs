//! Keeping SQLite's write-ahead logs short, and its query statistics current, from a thread of
//! the handle's own (started by `Db::new`), so that no request waits for either.
//!
//! SQLite copies the write-ahead log back into the database in a checkpoint. Left to itself it
//! does that in whichever commit crosses 1,000 pages, which for the reads file is the access-log
//! writer (`access::journal`): every request waiting for its row then waits for the checkpoint
//! too, the slowest one in a hundred. Connections are opened with `wal_autocheckpoint = 0`, and
//! the handle's thread runs [`wal`] on every attached file every 250 ms instead.

use std::sync::Mutex;
use std::time::Duration;

use diesel::connection::SimpleConnection;

use super::connection::DbConnection;
use super::transaction::take_turn;

/// A write-ahead log this long (64 MB of 4 KB pages) is made to start over (see [`wal`]); in
/// unit tests, one of 1 MB.
const RESTART_FRAMES: i32 = if cfg!(test) { 256 } else { 16_384 };

/// How often SQLite's query statistics are brought up to date (see [`optimize`]).
pub(super) const OPTIMIZE_EVERY: Duration = Duration::from_secs(600);

/// A passive checkpoint of one attached file (`main` or `reads`): copies what is committed, as
/// far as no reader still needs it, holding up no one. Only a log found copied to its end is
/// started over by the next commit, and under steady writes (the log of reads under load) more
/// is committed while a checkpoint copies, so the log grew without end: 583 MB in ten seconds of
/// the benchmark. So when it has grown past [`RESTART_FRAMES`], one more pass copies what came
/// meanwhile and a last one, in the writers' turn, the little that came during that; the next
/// commit then starts the log over. That last pass holds up writers (in the benchmark 20-50 ms,
/// mostly two `fsync`s), so it runs only for a long log: about once a second under full load,
/// and not at all while checkpoints keep up by themselves.
pub(super) fn wal<M>(pool: &r2d2::Pool<M>, writer: &Mutex<()>, file: &str) -> Result<(), String>
where
    M: r2d2::ManageConnection<Connection = DbConnection>,
{
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

/// Brings the query planner's statistics (`sqlite_stat1`) up to date, as SQLite advises for
/// long-lived connections: a bounded `ANALYZE` of the tables whose size has changed much.
/// Without statistics SQLite reads the catalog through every site offering a service nationwide
/// instead of the approvals of one municipality (see the migration `approvals_by_area`). It
/// writes, so it takes the writers' turn.
pub(super) fn optimize<M>(pool: &r2d2::Pool<M>, writer: &Mutex<()>) -> Result<(), String>
where
    M: r2d2::ManageConnection<Connection = DbConnection>,
{
    // The turn before the connection, as every writer takes them (`Db::write_blocking`).
    let _turn = take_turn(writer);
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    // 0x10000: every table, not only those this connection has queried.
    conn.batch_execute("PRAGMA optimize = 0x10002")
        .map_err(|e| e.to_string())
}
