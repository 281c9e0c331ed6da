//! A backup of a SQLite database, taken as the README says while the server runs: `VACUUM INTO`
//! of the database, then of its file of reads. (PostgreSQL keeps every row in one database,
//! backed up with its own tools.)

use std::time::{Duration, Instant};

use chrono::Duration as Days;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::{json, Value};
use seteli::clock::Clock;
use seteli::db::schema::{access_log, read_log_recent};
use seteli::db::{read_log_path, Backend, DatabaseUrl, DbConnection};

use crate::helpers::{random_test_code, read_log_rows, read_row, reads_logged, spawn_app};

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

/// The README's backup and restore, on whichever database the suite runs: a populated database
/// is backed up while the server runs, restored into a fresh one, and a server on the copy
/// answers the same wallet, chat history and access log (and the same people stay signed in).
#[actix_web::test]
async fn a_restored_backup_reads_the_same_wallet_chat_and_access_log() {
    use crate::chat::{history, open, say};
    let app = spawn_app().await;
    let d = crate::attendance::heinola(&app).await;
    let (status, thread) = open(&app, &d.client, "me", Some(&d.provider)).await;
    assert_eq!(status, 201, "{thread}");
    let thread = thread["id"].as_str().unwrap().to_string();
    for text in ["Tulen huomenna.", "Kiitos, nähdään!"] {
        assert_eq!(say(&app, &d.client, &thread, text).await.0, 201);
    }
    assert_eq!(say(&app, &d.staff, &thread, "Tervetuloa.").await.0, 201);
    let wallet = "/api/v1/clients/me/vouchers";
    let log = "/api/v1/clients/me/access-log";
    let before_wallet = app.get_auth_json(wallet, &d.client.token).await;
    let (_, before_chat) = history(&app, &d.client, &thread).await;
    let before_log = app.get_auth_json(log, &d.client.token).await;
    // The reads above are logged by the writer thread; the copy is taken once it is idle.
    let mut conn = app.state.db.get().unwrap();
    let mut seen = -1;
    let waited = Instant::now();
    loop {
        let now_logged = reads_logged(&mut conn, "client_id = $1", &d.client.id);
        if now_logged == seen && backend_settled(&mut conn, &app) {
            break;
        }
        seen = now_logged;
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "the log never settled"
        );
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    }

    let dir = tempfile::tempdir().unwrap();
    let mut restored_db = None;
    let restored_url = match app.state.db.backend() {
        Backend::Sqlite => {
            // README: the database first, then its file of reads, each with VACUUM INTO.
            let copy = dir.path().join("seteli.db");
            conn.batch_execute(&format!("VACUUM main INTO '{}'", copy.display()))
                .unwrap();
            conn.batch_execute(&format!(
                "VACUUM reads INTO '{}'",
                read_log_path(&copy).display()
            ))
            .unwrap();
            format!("sqlite://{}", copy.display())
        }
        Backend::Postgres => {
            // README: pg_dump's custom format, then pg_restore into a new, empty database.
            let dump = dir.path().join("seteli.dump");
            let source = &app.state.settings.database_url;
            run("pg_dump", &["-Fc", "-f", dump.to_str().unwrap(), source]);
            let (url, pg) = crate::helpers::fresh_database(dir.path());
            run(
                "pg_restore",
                &[
                    "--no-owner",
                    "--exit-on-error",
                    "-d",
                    &url,
                    dump.to_str().unwrap(),
                ],
            );
            restored_db = pg;
            url
        }
    };
    drop(conn);

    let key = app.state.settings.auth.signing_key.clone();
    let restored = crate::helpers::spawn_app_with(move |s| {
        s.database_url = restored_url;
        s.auth.signing_key = key;
    })
    .await;
    restored.clock.set(app.clock.now());
    assert_eq!(
        restored.get_auth_json(wallet, &d.client.token).await,
        before_wallet
    );
    let (status, after_chat) = history(&restored, &d.client, &thread).await;
    assert_eq!(status, 200);
    assert_eq!(after_chat, before_chat);
    // The log holds every entry it had (and the reads since, which it lists too).
    let after_log = restored.get_auth_json(log, &d.client.token).await;
    let ids = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.to_string())
            .collect()
    };
    let (before, after) = (ids(&before_log), ids(&after_log));
    assert!(!before.is_empty());
    for entry in &before {
        assert!(
            after.contains(entry),
            "{entry} is missing after the restore"
        );
    }
    drop(restored);
    crate::helpers::drop_database(&restored_db);
}

/// On SQLite, the writer has moved the reads it logged and marked how far they go.
fn backend_settled(conn: &mut DbConnection, app: &crate::helpers::TestApp) -> bool {
    app.state.db.backend() == Backend::Postgres || marked(conn)
}

fn run(program: &str, args: &[&str]) {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} does not run: {e}"));
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
