//! The SQLite file of reads: the access-log rows of reads, in a file of their own beside the
//! database (`seteli.db` → `seteli-reads.db`), attached to every connection as `reads`.
//!
//! A read commits a row, and in SQLite any commit to a file makes every other connection drop
//! its page cache for that file when it next begins a read: with the rows in the main file, each
//! search emptied the caches the next searches needed. Commits to `reads` leave the main file's
//! caches alone. Rows of changes stay in `access_log`, in the main file, in the transaction of
//! the change they record (SQLite cannot commit across two WAL files atomically, so those never
//! go here). Unqualified, `read_log` names this file's table, so queries are the same as on
//! PostgreSQL, where it is an ordinary table and nothing in this module applies.
//!
//! This module owns the file: attaching it, pairing it with its database, its tables, moving the
//! rows of reads from `read_log_recent` into `read_log`, and its checkpoints.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;
use diesel::QueryResult;

use super::connection::DbConnection;
use super::transaction::write_transaction;
use crate::error::AppError;

/// Where SQLite keeps the log of reads: beside the database, `seteli.db` → `seteli-reads.db`.
pub fn read_log_path(db: &Path) -> PathBuf {
    let stem = db.file_stem().unwrap_or_default().to_string_lossy();
    let name = match db.extension() {
        Some(ext) => format!("{stem}-reads.{}", ext.to_string_lossy()),
        None => format!("{stem}-reads"),
    };
    db.with_file_name(name)
}

/// Attaches the file of reads at `path` to a new SQLite connection as `reads`, makes its tables
/// when they are missing, and checks that it belongs to the database (see [`pair_files`]).
pub(super) fn attach(conn: &mut DbConnection, path: &Path) -> QueryResult<()> {
    let DbConnection::Sqlite(c) = conn else {
        return Ok(());
    };
    attach_read_log(c, path)?;
    // In a write transaction (`BEGIN IMMEDIATE` locks both files), so that connections opened
    // at once agree on one pairing number.
    write_transaction(conn, pair_files)
}

/// The table is made here rather than by a migration so that a missing file is made anew.
/// Beside `read_log`, `read_log_recent` takes each row first (see `access::journal`).
fn attach_read_log(conn: &mut SqliteConnection, path: &Path) -> QueryResult<()> {
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

/// Moves the rows of reads waiting in `read_log_recent` into `read_log`, sorted by client, in
/// the caller's write transaction; returns how many moved. A row written straight into
/// `read_log` changed a page of its index by client of its own, and SQLite's write-ahead log
/// takes whole pages: a page (4 KB) for each row of about 150 bytes. Sorted, a client's rows of
/// the last second share their page. Nothing waits there on PostgreSQL.
pub fn move_recent_reads(conn: &mut DbConnection) -> Result<usize, AppError> {
    use diesel::RunQueryDsl;
    const COLUMNS: &str =
        "id, client_id, actor_id, acting_as, action, resource, request_id, created_at";
    let DbConnection::Sqlite(c) = conn else {
        return Ok(0);
    };
    let moved = diesel::sql_query(format!(
        "INSERT INTO read_log ({COLUMNS}) SELECT {COLUMNS} FROM read_log_recent \
         ORDER BY client_id, id"
    ))
    .execute(c)?;
    // In the same write transaction: no row can arrive between the copy and the delete. Without
    // a condition (or a delete trigger) SQLite empties the table page by page, not row by row:
    // a trigger checking that each row was copied made the move take twice as long.
    diesel::sql_query("DELETE FROM read_log_recent").execute(c)?;
    Ok(moved)
}

/// A checkpoint of the file of reads (see [`super::checkpoint::wal`]). It is the file that
/// needs the restarts most: the journal commits to it all day long, so its log is seldom found
/// copied to its end.
pub(super) fn checkpoint<M>(pool: &r2d2::Pool<M>, writer: &Mutex<()>) -> Result<(), String>
where
    M: r2d2::ManageConnection<Connection = DbConnection>,
{
    super::checkpoint::wal(pool, writer, "reads")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_reads_is_named_after_the_database() {
        assert_eq!(
            read_log_path(Path::new("data/seteli.db")),
            PathBuf::from("data/seteli-reads.db")
        );
        assert_eq!(
            read_log_path(Path::new("data/seteli")),
            PathBuf::from("data/seteli-reads")
        );
    }
}
