//! A backup of a SQLite database, taken as the README says while the server runs: `VACUUM INTO`
//! of the database, then of its file of reads. (PostgreSQL keeps every row in one database,
//! backed up with its own tools.)

use std::time::{Duration, Instant};

use chrono::Duration as Days;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::json;
use seteli::clock::Clock;
use seteli::db::schema::{access_log, read_log_recent};
use seteli::db::{read_log_path, Backend, DatabaseUrl, DbConnection};

use crate::helpers::{random_test_code, read_log_rows, read_row, spawn_app};

fn count_access_log(conn: &mut DbConnection, client: &str) -> i64 {
    access_log::table
        .filter(access_log::client_id.eq(client))
        .count()
        .get_result(conn)
        .unwrap()
}

fn count_read_log_recent(conn: &mut DbConnection, client: &str) -> i64 {
    read_log_recent::table
        .filter(read_log_recent::client_id.eq(client))
        .count()
        .get_result(conn)
        .unwrap()
}

/// The newest row of `read_log` is the one the main file's mark names: the writer recorded how
/// far the file of reads goes after its move.
fn marked(conn: &mut DbConnection) -> bool {
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
        "EXISTS (SELECT 1 FROM read_log_mark
                 WHERE last_id = (SELECT max(id) FROM read_log))",
    ))
    .get_result(conn)
    .unwrap()
}

/// Waits until the writer has moved the client's reads into read_log (at least `rows`) and
/// marked how far the file of reads goes.
async fn moved_and_marked(conn: &mut DbConnection, client: &str, rows: i64) {
    let waited = Instant::now();
    while read_log_rows(conn, client) < rows || !marked(conn) {
        assert!(waited.elapsed() < Duration::from_secs(10), "never moved");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

#[actix_web::test]
async fn a_backup_of_both_files_opens_as_a_database_with_every_row() {
    let app = spawn_app().await;
    if app.state.db.backend() == Backend::Postgres {
        eprintln!("PostgreSQL: one database, no files to pair");
        return;
    }
    let client = app.new_client("heinola", "A").await;

    // A change, logged in access_log with the change itself.
    let valid_until = seteli::clock::helsinki_date(app.clock.now()) + Days::days(30);
    let res = app
        .post_auth(
            "/api/v1/clients/me/mandates",
            &client.token,
            &json!({
                "proxy_personal_id": random_test_code().as_str(),
                "proxy_name": "Liisa Virtanen",
                "scopes": ["view"],
                "valid_until": valid_until.to_string(),
            }),
        )
        .await;
    assert_eq!(res.status(), 201);
    // Two reads, which the writer moves into read_log by itself, and then marks.
    for _ in 0..2 {
        let res = app.get_auth("/api/v1/clients/me", &client.token).await;
        assert_eq!(res.status(), 200);
    }
    let mut conn = app.state.db.get().unwrap();
    moved_and_marked(&mut conn, &client.id, 2).await;
    // A row still waiting in read_log_recent. Written here rather than by the writer, which
    // moves only the rows it wrote itself, so that it is still waiting when the copy is taken.
    let waiting = read_row(&client);
    app.state
        .db
        .write(move |c| waiting.insert_read(c))
        .await
        .unwrap();
    let changes = count_access_log(&mut conn, &client.id);
    assert!(changes >= 1);

    // The backup: the database first, then its file of reads.
    let backup = tempfile::tempdir().unwrap();
    let copy = backup.path().join("seteli.db");
    let copy_of_reads = read_log_path(&copy);
    conn.batch_execute(&format!("VACUUM main INTO '{}'", copy.display()))
        .unwrap();
    conn.batch_execute(&format!("VACUUM reads INTO '{}'", copy_of_reads.display()))
        .unwrap();
    drop(conn);

    let mut restored = DatabaseUrl::Sqlite(copy)
        .connect()
        .expect("the copies open together as a database");
    assert_eq!(count_access_log(&mut restored, &client.id), changes);
    assert_eq!(read_log_rows(&mut restored, &client.id), 2);
    assert_eq!(count_read_log_recent(&mut restored, &client.id), 1);
    assert!(marked(&mut restored));
}

/// Copied the other way round, the file of reads may miss reads that the database's mark, taken
/// later, says it holds: such a pair is refused rather than restored short of reads.
#[actix_web::test]
async fn a_backup_copied_reads_first_is_refused_when_reads_were_moved_in_between() {
    let app = spawn_app().await;
    if app.state.db.backend() == Backend::Postgres {
        return;
    }
    let client = app.new_client("heinola", "A").await;
    let me = "/api/v1/clients/me";
    assert_eq!(app.get_auth(me, &client.token).await.status(), 200);
    let mut conn = app.state.db.get().unwrap();
    moved_and_marked(&mut conn, &client.id, 1).await;

    let backup = tempfile::tempdir().unwrap();
    let copy = backup.path().join("seteli.db");
    conn.batch_execute(&format!(
        "VACUUM reads INTO '{}'",
        read_log_path(&copy).display()
    ))
    .unwrap();
    assert_eq!(app.get_auth(me, &client.token).await.status(), 200);
    moved_and_marked(&mut conn, &client.id, 2).await;
    conn.batch_execute(&format!("VACUUM main INTO '{}'", copy.display()))
        .unwrap();

    let refused = DatabaseUrl::Sqlite(copy).connect().err().expect("refused");
    assert!(
        refused.to_string().contains("older than the database"),
        "{refused}"
    );
}
