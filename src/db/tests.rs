//! Tests of the handle and the files behind it on SQLite, together: the checkpoints, the locks,
//! and the pairing with the file of reads.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

use super::{read_log_path, DatabaseUrl, Db};
use crate::error::AppError;

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

/// The statistics above would make SQLite re-plan, on every run, each statement whose `WHERE`
/// binds a value, and the statement cache would save nothing. The bundled SQLite keeps a
/// statement's first plan only when built with `SQLITE_ENABLE_QPSG` (`.cargo/config.toml`).
#[test]
fn the_bundled_sqlite_keeps_the_plan_a_statement_was_prepared_with() {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = diesel::sql_types::Text)]
        compile_options: String,
    }
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    let options: Vec<String> = diesel::sql_query("PRAGMA compile_options")
        .load::<CompileOption>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|o| o.compile_options)
        .collect();
    assert!(
        options.iter().any(|o| o == "ENABLE_QPSG"),
        "SQLite was built without SQLITE_ENABLE_QPSG: {options:?}"
    );
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
            let mut other =
                SqliteConnection::establish(&path.to_string_lossy()).expect("a plain connection");
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

/// The steps recorded in a file of reads, as (version, name).
fn reads_versions(conn: &mut super::DbConnection) -> Vec<(i32, String)> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        version: i32,
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    diesel::sql_query("SELECT version, name FROM reads.__reads_schema_migrations ORDER BY version")
        .load::<Row>(conn)
        .unwrap()
        .into_iter()
        .map(|r| (r.version, r.name))
        .collect()
}

/// A new pair gets every step of the reads file's schema, each recorded once, however many
/// connections open it.
#[test]
fn a_new_file_of_reads_gets_its_schema_by_versioned_steps() {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite(dir.path().join("n.db"));
    let mut first = url.connect().unwrap();
    let mut second = url.connect().unwrap();
    let steps: Vec<(i32, String)> = super::reads::MIGRATIONS
        .iter()
        .enumerate()
        .map(|(i, m)| (i as i32 + 1, m.name.to_string()))
        .collect();
    assert_eq!(reads_versions(&mut first), steps);
    assert_eq!(reads_versions(&mut second), steps);
}

/// Files of reads made before the file had versions have the first step's tables and no
/// version table: they open as they are, rows and all, and are then recorded at version 1.
#[test]
fn a_file_of_reads_from_before_versions_opens_at_version_one() {
    use diesel::RunQueryDsl;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // What the server made before: the tables by CREATE IF NOT EXISTS, the pair's number.
        let mut old = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
        diesel::sql_query("ATTACH DATABASE ? AS reads")
            .bind::<diesel::sql_types::Text, _>(read_log_path(&path).to_string_lossy())
            .execute(&mut old)
            .unwrap();
        old.batch_execute(super::reads::MIGRATIONS[0].up).unwrap();
        old.batch_execute(
            "INSERT INTO reads.read_log (id, client_id, actor_id, acting_as, action, resource,
                 request_id, created_at)
             VALUES ('r1', 'c', 'c', 'self', 'client.view', '/', 'q', '2026-11-24 12:00:00');
             PRAGMA main.user_version = 4242; PRAGMA reads.user_version = 4242;",
        )
        .unwrap();
    }
    let url = DatabaseUrl::Sqlite(path);
    let mut conn = url.connect().expect("an old file of reads opens");
    let versions = reads_versions(&mut conn);
    assert_eq!(
        versions[0],
        (1, "0001_read_log (made before versions)".to_string())
    );
    // The later steps are then applied as to any file.
    assert_eq!(versions.len(), super::reads::MIGRATIONS.len());
    let rows: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM read_log WHERE id = 'r1')",
    ))
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(rows, 1);
    drop(conn);
    let mut again = url.connect().unwrap();
    assert_eq!(reads_versions(&mut again), versions);
}

/// What the access-log writer does with one row of reads: commits it, moves it to `read_log`,
/// and (with `mark`) records that the file of reads holds it.
fn log_and_move(conn: &mut super::DbConnection, id: &str, mark: bool) {
    super::write_transaction(conn, |c| {
        c.batch_execute(&format!(
            "INSERT INTO read_log_recent (id, client_id, actor_id, acting_as, action, resource,
                 request_id, created_at)
             VALUES ('{id}', 'c', 'c', 'self', 'client.view', '/', 'q', '2026-11-24 12:00:00')"
        ))?;
        super::reads::move_recent_reads(c)
    })
    .unwrap();
    if mark {
        super::reads::record_mark(conn).unwrap();
    }
}

/// Removes a SQLite file and its write-ahead log.
fn remove_sqlite_file(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// The pairing number cannot tell an older copy of the right file of reads from the file itself;
/// restored beside a newer database, its log would lack every read answered since it was copied.
#[test]
fn a_file_of_reads_older_than_its_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let url = DatabaseUrl::Sqlite(path.clone());
    let old = dir.path().join("old-reads.db");
    {
        let mut conn = url.connect().unwrap();
        super::run_migrations(&mut conn).unwrap();
        log_and_move(&mut conn, "r1", true);
        conn.batch_execute(&format!("VACUUM reads INTO '{}'", old.display()))
            .unwrap();
        log_and_move(&mut conn, "r2", true);
    }
    drop(url.connect().expect("a restart opens the files it left"));

    let reads = read_log_path(&path);
    remove_sqlite_file(&reads);
    std::fs::copy(&old, &reads).unwrap();
    let refused = url.connect().err().expect("the older copy is refused");
    assert!(
        refused.to_string().contains("older than the database"),
        "{refused}"
    );
}

/// The mark is written after the move, in a transaction of its own: a crash between the two
/// leaves a mark behind the file of reads, never ahead of it, and the files open as they are.
#[test]
fn a_crash_between_a_move_and_its_mark_raises_no_alarm() {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite(dir.path().join("m.db"));
    {
        let mut conn = url.connect().unwrap();
        super::run_migrations(&mut conn).unwrap();
        log_and_move(&mut conn, "r1", true);
        log_and_move(&mut conn, "r2", false);
    }
    drop(url.connect().expect("opens after a crash before the mark"));
}
