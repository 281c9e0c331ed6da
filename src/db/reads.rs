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
//! This module owns the file: attaching it, pairing it with its database, its schema and its
//! migrations (`migrations/sqlite_reads/`), moving the rows of reads from `read_log_recent` into
//! `read_log`, and its checkpoints.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryResult};

use super::connection::{DbConnection, BUSY_TIMEOUT_MS};
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

/// Attaches the file of reads at `path` to a new SQLite connection as `reads`, checks that it
/// belongs to the database (see [`check_pairing`]) and brings its schema up to date (see
/// [`MIGRATIONS`]). A missing file is made anew by SQLite, empty, and then refused, unless the
/// database is new too.
pub(super) fn attach(conn: &mut DbConnection, path: &Path) -> QueryResult<()> {
    use diesel::RunQueryDsl;
    let DbConnection::Sqlite(c) = conn else {
        return Ok(());
    };
    diesel::sql_query("ATTACH DATABASE ? AS reads")
        .bind::<diesel::sql_types::Text, _>(path.to_string_lossy())
        .execute(c)?;
    // A read is answered once its log row is committed, so the commit must survive a power
    // cut: FULL syncs the write-ahead log on every commit (NORMAL, as the main file runs, only
    // at checkpoints, and a power cut could lose rows of reads already answered). The journal
    // commits rows in groups, so it is one sync for each group. The mark of how far this file
    // goes (`record_mark`) counts on it too.
    c.batch_execute(
        "PRAGMA reads.journal_mode = WAL;
         PRAGMA reads.synchronous = FULL;
         PRAGMA reads.journal_size_limit = 67108864;",
    )?;
    // Most connections find the pair made and the schema current, and need no lock to see it:
    // the pool makes connections while the server runs, and a write lock here would queue
    // behind the journal's commits. Only when there is something to write is it done again
    // with `BEGIN IMMEDIATE`, which takes the write lock of both files, so that connections
    // opened at once, in this process or another, agree on one pairing number and apply each
    // migration once.
    if c.transaction(|c| settle(c, Write::No))? == Settled::NeedsWrite {
        c.immediate_transaction(|c| settle(c, Write::Yes))?;
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Write {
    No,
    Yes,
}

#[derive(PartialEq, Eq)]
enum Settled {
    Yes,
    NeedsWrite,
}

/// Checks the pairing and the schema of the file of reads, and with [`Write::Yes`] makes the
/// pair and applies pending migrations, in the caller's transaction.
fn settle(conn: &mut SqliteConnection, write: Write) -> QueryResult<Settled> {
    let new_pair = check_pairing(conn)?;
    let current = schema_version(conn, MIGRATIONS.len())?;
    if new_pair || current.version < MIGRATIONS.len() || current.unrecorded {
        if write == Write::No {
            return Ok(Settled::NeedsWrite);
        }
        migrate(conn, MIGRATIONS, current)?;
        if new_pair {
            let id = (uuid::Uuid::now_v7().as_u128() as u32 & 0x7fff_ffff).max(1);
            conn.batch_execute(&format!(
                "PRAGMA main.user_version = {id}; PRAGMA reads.user_version = {id};"
            ))?;
        }
    }
    check_mark(conn)?;
    Ok(Settled::Yes)
}

/// Makes sure the two files belong together; answers whether they are a new pair, to be paired
/// now. A missing reads file is made anew and empty, so a database restored or moved without it
/// would otherwise lose its log of reads without a word, and a database made afresh beside an
/// old reads file would take on someone else's history. The first connection to a new pair
/// writes one random number into both file headers (`user_version`); every later connection
/// checks that the numbers match. Refused before anything is written to either file.
fn check_pairing(conn: &mut SqliteConnection) -> QueryResult<bool> {
    match (user_version(conn, "main")?, user_version(conn, "reads")?) {
        (0, 0) => Ok(true),
        (main, reads) if main == reads => Ok(false),
        _ => Err(refusal(
            "the log of reads beside this database belongs to another one, or is missing: \
             restore the two files together, or move both away to start afresh",
        )),
    }
}

fn user_version(conn: &mut SqliteConnection, file: &str) -> QueryResult<i32> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        user_version: i32,
    }
    diesel::sql_query(format!("PRAGMA {file}.user_version"))
        .get_result::<Version>(conn)
        .map(|v| v.user_version)
}

/// Why a file of reads is not opened, as the error the connection fails with.
fn refusal(why: &str) -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(why.into())
}

/// One step of the reads file's schema: an SQL file under `migrations/sqlite_reads/`, embedded
/// in the binary. Its version is its place in [`MIGRATIONS`], counted from 1, and the number
/// its folder's name begins with (a test checks both).
pub(super) struct Migration {
    pub name: &'static str,
    pub up: &'static str,
}

/// The reads file's schema, step by step, oldest first. A step is never changed once released;
/// a change is a new step at the end.
pub(super) const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_read_log",
        up: include_str!("../../migrations/sqlite_reads/0001_read_log/up.sql"),
    },
    Migration {
        name: "0002_organisation",
        up: include_str!("../../migrations/sqlite_reads/0002_organisation/up.sql"),
    },
];

/// Where each applied step is recorded, inside the file of reads itself, so that the file
/// carries its own version wherever it is copied.
const VERSIONS: &str = "__reads_schema_migrations";

/// The objects of the first step. A file made before the file had versions has them and no
/// version table.
const FIRST_STEP_OBJECTS: [&str; 6] = [
    "read_log",
    "read_log_client",
    "read_log_recent",
    "read_log_recent_no_update",
    "read_log_no_update",
    "read_log_no_delete",
];

/// How far the file's schema is.
#[derive(Debug, PartialEq, Eq)]
struct SchemaVersion {
    /// Steps applied, 0 for an empty file.
    version: usize,
    /// The file was made before versions: its first step is there, unrecorded.
    unrecorded: bool,
}

/// How far the file's schema is; refused when it is further than the `known` steps.
fn schema_version(conn: &mut SqliteConnection, known: usize) -> QueryResult<SchemaVersion> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        version: i32,
    }
    let names: Vec<String> = diesel::sql_query("SELECT name FROM reads.sqlite_master")
        .load::<Name>(conn)?
        .into_iter()
        .map(|n| n.name)
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    if has(VERSIONS) {
        let version = diesel::sql_query(format!(
            "SELECT coalesce(max(version), 0) AS version FROM reads.{VERSIONS}"
        ))
        .get_result::<Version>(conn)?
        .version;
        let version = usize::try_from(version).unwrap_or(0);
        if version > known {
            return Err(refusal(&format!(
                "the log of reads beside this database has schema version {version}, newer \
                 than this program knows ({known}): run a newer version of the program"
            )));
        }
        return Ok(SchemaVersion {
            version,
            unrecorded: false,
        });
    }
    if !has("read_log") {
        return Ok(SchemaVersion {
            version: 0,
            unrecorded: false,
        });
    }
    if let Some(missing) = FIRST_STEP_OBJECTS.iter().find(|o| !has(o)) {
        return Err(refusal(&format!(
            "the log of reads beside this database has read_log but not {missing}: it was \
             not made by this program"
        )));
    }
    Ok(SchemaVersion {
        version: 1,
        unrecorded: true,
    })
}

/// Applies the steps after `current`, in order, recording each, in the caller's transaction:
/// all of them or none.
fn migrate(
    conn: &mut SqliteConnection,
    steps: &[Migration],
    current: SchemaVersion,
) -> QueryResult<()> {
    use diesel::RunQueryDsl;
    conn.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS reads.{VERSIONS} (
             version INTEGER PRIMARY KEY NOT NULL,
             name TEXT NOT NULL,
             applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
         )"
    ))?;
    let record = |conn: &mut SqliteConnection, version: usize, name: &str| {
        diesel::sql_query(format!(
            "INSERT INTO reads.{VERSIONS} (version, name) VALUES (?, ?)"
        ))
        .bind::<diesel::sql_types::Integer, _>(version as i32)
        .bind::<diesel::sql_types::Text, _>(name)
        .execute(conn)
    };
    if current.unrecorded {
        record(
            conn,
            1,
            &format!("{} (made before versions)", steps[0].name),
        )?;
    }
    for (version, step) in steps.iter().enumerate().map(|(i, s)| (i + 1, s)) {
        if version <= current.version {
            continue;
        }
        conn.batch_execute(step.up)?;
        record(conn, version, step.name)?;
        tracing::info!(
            step = step.name,
            "the log of reads: applied a schema migration"
        );
    }
    Ok(())
}

/// Moves the rows of reads waiting in `read_log_recent` into `read_log`, sorted by client, in
/// the caller's write transaction; returns how many moved. A row written straight into
/// `read_log` changed a page of its index by client of its own, and SQLite's write-ahead log
/// takes whole pages: a page (4 KB) for each row of about 150 bytes. Sorted, a client's rows of
/// the last second share their page. Nothing waits there on PostgreSQL.
pub fn move_recent_reads(conn: &mut DbConnection) -> Result<usize, AppError> {
    use diesel::RunQueryDsl;
    const COLUMNS: &str =
        "id, client_id, actor_id, acting_as, action, resource, request_id, created_at, \
         organisation_id";
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

/// Records in the main file how far the file of reads goes: the id of the newest row in
/// `read_log` (see `check_mark`). The access-log writer calls it after each move, in a
/// transaction of its own, in the writers' turn.
///
/// The order makes a crash harmless: the move is committed first, and the file of reads is
/// synced on every commit (`synchronous = FULL`), so the row a mark names is on disk before the
/// mark is written; a crash between the two, or a mark lost with the main file's last commits
/// (it is synced less often), leaves a mark that names an older row, which the file holds too.
/// `read_log` is append-only, so a row once there stays.
///
/// It takes the main file's write lock, which another process may hold for long; reads must not
/// wait for it (see `Db::write_reads_on`), so it does not wait at all: when the lock is taken the
/// mark is left where it was, and the next move writes it.
pub fn record_mark(conn: &mut DbConnection) -> Result<(), AppError> {
    let DbConnection::Sqlite(c) = conn else {
        return Ok(());
    };
    c.batch_execute("PRAGMA busy_timeout = 0")?;
    let marked = c.immediate_transaction(|c| {
        if !has_mark_table(c)? {
            return Ok(());
        }
        // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the insert.
        c.batch_execute(
            "INSERT INTO main.read_log_mark (id, last_id, marked_at)
             SELECT 1, id, datetime('now') FROM reads.read_log WHERE true
             ORDER BY id DESC LIMIT 1
             ON CONFLICT (id) DO UPDATE
                 SET last_id = excluded.last_id, marked_at = excluded.marked_at",
        )
    });
    c.batch_execute(&format!("PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}"))?;
    Ok(marked?)
}

fn has_mark_table(conn: &mut SqliteConnection) -> QueryResult<bool> {
    use diesel::RunQueryDsl;
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
        "EXISTS (SELECT 1 FROM main.sqlite_master WHERE name = 'read_log_mark')",
    ))
    .get_result(conn)
}

/// Refuses a file of reads that lacks the row the main file's mark names (see [`record_mark`]):
/// an older copy of the right file, restored beside a newer database, say from last week's
/// backup. The pairing number cannot tell it from the file it replaced, and the reads answered
/// since it was copied would be missing from the log without a word. What it cannot see is the
/// last second or so: the rows of reads committed since the last move.
fn check_mark(conn: &mut SqliteConnection) -> QueryResult<()> {
    use diesel::{OptionalExtension, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct Mark {
        #[diesel(sql_type = diesel::sql_types::Text)]
        last_id: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        marked_at: String,
    }
    if !has_mark_table(conn)? {
        return Ok(());
    }
    let Some(mark) =
        diesel::sql_query("SELECT last_id, marked_at FROM main.read_log_mark WHERE id = 1")
            .get_result::<Mark>(conn)
            .optional()?
    else {
        return Ok(());
    };
    #[derive(diesel::QueryableByName)]
    struct Holds {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        holds: bool,
    }
    let holds =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM reads.read_log WHERE id = ?) AS holds")
            .bind::<diesel::sql_types::Text, _>(&mark.last_id)
            .get_result::<Holds>(conn)?
            .holds;
    if holds {
        return Ok(());
    }
    Err(refusal(&format!(
        "the log of reads beside this database is older than the database: it lacks reads \
         logged up to {} UTC. Restore the file of reads copied together with the database or \
         after it",
        mark.marked_at
    )))
}

/// A write that changes nothing, for the access-log writer to learn whether it could commit now
/// when it has no row to commit (see `access::journal`). On SQLite it writes the file's pairing
/// number back as it is: that dirties the file's first page, so the commit takes the write lock,
/// appends to the write-ahead log and syncs it, as a commit of rows does. On PostgreSQL it takes
/// the lock an insert into `read_log` takes, and waits for it as an insert would.
pub fn probe(conn: &mut DbConnection) -> Result<(), AppError> {
    match conn {
        DbConnection::Sqlite(c) => {
            let number = user_version(c, "reads")?;
            c.batch_execute(&format!("PRAGMA reads.user_version = {number}"))?;
        }
        DbConnection::Postgres(c) => {
            c.batch_execute("LOCK TABLE read_log IN ROW EXCLUSIVE MODE")?;
        }
    }
    Ok(())
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

    /// A step left out of [`MIGRATIONS`], or embedded out of order, would never run.
    #[test]
    fn every_migration_file_is_embedded_in_order() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite_reads");
        let mut folders: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        folders.sort();
        let names: Vec<&str> = MIGRATIONS.iter().map(|m| m.name).collect();
        assert_eq!(folders, names);
        for (i, step) in MIGRATIONS.iter().enumerate() {
            assert!(
                step.name.starts_with(&format!("{:04}_", i + 1)),
                "{}",
                step.name
            );
            let up = std::fs::read_to_string(dir.join(step.name).join("up.sql")).unwrap();
            assert_eq!(up, step.up, "{} is embedded as it is on disk", step.name);
        }
    }

    /// A connection with an empty file attached as `reads`.
    fn attached(dir: &Path) -> SqliteConnection {
        use diesel::RunQueryDsl;
        let mut conn = SqliteConnection::establish(&dir.join("m.db").to_string_lossy()).unwrap();
        diesel::sql_query("ATTACH DATABASE ? AS reads")
            .bind::<diesel::sql_types::Text, _>(dir.join("r.db").to_string_lossy())
            .execute(&mut conn)
            .unwrap();
        conn
    }

    fn recorded(conn: &mut SqliteConnection) -> Vec<(i32, String)> {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            version: i32,
            #[diesel(sql_type = diesel::sql_types::Text)]
            name: String,
        }
        diesel::sql_query(format!(
            "SELECT version, name FROM reads.{VERSIONS} ORDER BY version"
        ))
        .load::<Row>(conn)
        .unwrap()
        .into_iter()
        .map(|r| (r.version, r.name))
        .collect()
    }

    fn run(conn: &mut SqliteConnection, steps: &[Migration]) -> QueryResult<()> {
        conn.immediate_transaction(|c| {
            let current = schema_version(c, steps.len())?;
            migrate(c, steps, current)
        })
    }

    #[test]
    fn steps_apply_in_order_once_each_and_a_failing_one_leaves_nothing_of_itself() {
        use diesel::RunQueryDsl;
        let dir = tempfile::tempdir().unwrap();
        let mut conn = attached(dir.path());
        let two = [
            Migration {
                name: "0001_a",
                up: "CREATE TABLE reads.a (x INTEGER NOT NULL);",
            },
            // Needs the first step's table.
            Migration {
                name: "0002_b",
                up: "INSERT INTO reads.a VALUES (1); CREATE TABLE reads.b (y TEXT);",
            },
        ];
        run(&mut conn, &two[..1]).unwrap();
        assert_eq!(recorded(&mut conn), [(1, "0001_a".to_string())]);
        run(&mut conn, &two).unwrap();
        // Again: nothing is pending, so the insert of the second step does not run twice.
        run(&mut conn, &two).unwrap();
        assert_eq!(
            recorded(&mut conn),
            [(1, "0001_a".to_string()), (2, "0002_b".to_string())]
        );
        let rows: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "(SELECT count(*) FROM reads.a)",
        ))
        .get_result(&mut conn)
        .unwrap();
        assert_eq!(rows, 1);

        let three = [
            two[0].up,
            two[1].up,
            "CREATE TABLE reads.c (z TEXT); INSERT INTO reads.nowhere VALUES (1);",
        ];
        let three: Vec<Migration> = three
            .iter()
            .zip(["0001_a", "0002_b", "0003_c"])
            .map(|(up, name)| Migration { name, up })
            .collect();
        assert!(run(&mut conn, &three).is_err());
        assert_eq!(recorded(&mut conn).len(), 2);
        let c: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "(SELECT count(*) FROM reads.sqlite_master WHERE name = 'c')",
        ))
        .get_result(&mut conn)
        .unwrap();
        assert_eq!(c, 0, "the failed step's first statement was rolled back");
    }

    /// A file from a newer program may have steps this one does not know how to read.
    #[test]
    fn a_schema_newer_than_the_program_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = attached(dir.path());
        run(&mut conn, MIGRATIONS).unwrap();
        conn.batch_execute(&format!(
            "INSERT INTO reads.{VERSIONS} (version, name) VALUES (99, '0099_future')"
        ))
        .unwrap();
        let refused = schema_version(&mut conn, MIGRATIONS.len()).unwrap_err();
        assert!(refused.to_string().contains("newer"), "{refused}");
    }
}
