//! The access-log writer under trouble: a queue that is full, a lock held elsewhere. Both
//! databases: on SQLite the lock is the file of reads', on PostgreSQL the `read_log` table's.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::Connection;
use seteli::access::journal::{CAPACITY, COMMIT_WAIT, STALLED_AFTER};
use seteli::db::{read_log_path, Backend, DatabaseUrl};

use crate::helpers::{read_row, spawn_app, TestApp};

/// Another connection, as of another process, holding the lock that every commit of a read's
/// log row needs.
enum Held {
    Sqlite(diesel::sqlite::SqliteConnection),
    Postgres(diesel::pg::PgConnection),
    /// A write of this process that holds SQLite's writers' turn until told to end.
    Turn(std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>),
}

fn hold_the_read_log(app: &TestApp) -> Held {
    match DatabaseUrl::parse(&app.state.settings.database_url).unwrap() {
        DatabaseUrl::Sqlite(path) => {
            let reads = read_log_path(&path);
            let mut c = diesel::sqlite::SqliteConnection::establish(&reads.to_string_lossy())
                .expect("the file of reads opens on its own");
            c.batch_execute("BEGIN IMMEDIATE").unwrap();
            Held::Sqlite(c)
        }
        DatabaseUrl::Postgres(url) => {
            let mut c = diesel::pg::PgConnection::establish(&url).unwrap();
            c.batch_execute("BEGIN; LOCK TABLE read_log IN EXCLUSIVE MODE")
                .unwrap();
            Held::Postgres(c)
        }
    }
}

/// Holds up the writer for as long as the test likes. On SQLite a lock of the file (as in
/// [`hold_the_read_log`]) makes the writer give up after the busy timeout (5 s), which a slow
/// machine can reach before the test is done; the writers' turn makes it wait without end.
fn hold_up_the_writer(app: &TestApp) -> Held {
    if app.state.db.backend() == Backend::Postgres {
        return hold_the_read_log(app);
    }
    let (end, ended) = std::sync::mpsc::channel::<()>();
    let (held, holding) = std::sync::mpsc::channel::<()>();
    let db = app.state.db.clone();
    let thread = std::thread::spawn(move || {
        db.write_blocking(|_| {
            held.send(()).unwrap();
            let _ = ended.recv();
            Ok::<_, seteli::error::AppError>(())
        })
        .unwrap();
    });
    holding.recv().unwrap();
    Held::Turn(end, thread)
}

impl Held {
    fn release(self) {
        match self {
            Held::Sqlite(mut c) => c.batch_execute("ROLLBACK").unwrap(),
            Held::Postgres(mut c) => c.batch_execute("ROLLBACK").unwrap(),
            Held::Turn(end, thread) => {
                end.send(()).unwrap();
                thread.join().unwrap();
            }
        }
    }
}

async fn ready(app: &TestApp) -> u16 {
    app.get("/readyz").await.status().as_u16()
}

async fn wait_for_readiness(app: &TestApp, status: u16, within: Duration) {
    let waited = Instant::now();
    while ready(app).await != status {
        assert!(waited.elapsed() < within, "/readyz did not answer {status}");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A read whose row the writer cannot commit answers 503 with Retry-After once it has waited
/// [`COMMIT_WAIT`]. Rows of reads wait for the writer in a bounded queue: when it is full a read
/// answers 503 at once, and the rows already queued are all committed once the writer can.
#[actix_web::test]
async fn a_read_the_writer_cannot_log_answers_503_and_a_full_queue_at_once() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "A").await;
    let me = "/api/v1/clients/me";
    assert_eq!(app.get_auth(me, &client.token).await.status(), 200);

    let held = hold_up_the_writer(&app);
    let asked = Instant::now();
    let res = app.get_auth(me, &client.token).await;
    assert_eq!(res.status(), 503);
    assert!(res.headers().contains_key("retry-after"));
    assert!(
        asked.elapsed() >= COMMIT_WAIT,
        "answered before the wait ran out"
    );

    // The writer has waited past STALLED_AFTER inside a transaction, so it holds its batch and
    // takes no more rows off the queue until it is let go: the queue fills and stays full.
    // (Filled while the writer was still taking rows, a read after it could find room.)
    assert!(COMMIT_WAIT > STALLED_AFTER);
    wait_for_readiness(&app, 503, Duration::from_secs(1)).await;
    let journal = app.state.door.journal();
    let mut queued = Vec::new();
    let refused = loop {
        match journal.try_record(read_row(&client)) {
            Ok(committed) => queued.push(committed),
            Err(e) => break e,
        }
        assert!(
            queued.len() <= CAPACITY,
            "the queue takes rows without bound"
        );
    };
    assert_eq!(refused.status(), 503);
    assert!(refused.retry_after.is_some());
    // The timed-out read's row may still be in the queue.
    assert!(queued.len() >= CAPACITY - 1, "{} rows queued", queued.len());

    let asked = Instant::now();
    let res = app.get_auth(me, &client.token).await;
    assert_eq!(res.status(), 503);
    assert!(res.headers().contains_key("retry-after"));
    assert!(
        asked.elapsed() < COMMIT_WAIT,
        "a full queue refuses at once"
    );

    held.release();
    for committed in futures_util::future::join_all(queued).await {
        committed.expect("a queued row is committed once the lock is free");
    }
    assert_eq!(app.get_auth(me, &client.token).await.status(), 200);
    wait_for_readiness(&app, 200, Duration::from_secs(5)).await;
}

/// While the writer cannot commit, every read of client data would fail: the server reports
/// itself not ready, and ready again once the writer can commit.
#[actix_web::test]
async fn readiness_fails_while_the_access_log_cannot_be_written() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "A").await;
    assert_eq!(ready(&app).await, 200);

    let held = hold_the_read_log(&app);
    let pending = app
        .state
        .door
        .journal()
        .try_record(read_row(&client))
        .unwrap();
    wait_for_readiness(&app, 503, Duration::from_secs(4)).await;
    let res = app.get("/readyz").await;
    assert!(res.headers().contains_key("retry-after"));
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "server.unavailable");

    if matches!(held, Held::Sqlite(_)) {
        // SQLite gives up on a lock after the busy timeout (5 s): the commit fails, and the
        // server stays not ready though the writer no longer waits.
        let failed = pending
            .await
            .expect_err("the lock was held past the busy timeout");
        assert_eq!(failed.status(), 503);
        assert!(app.state.door.journal().last_failure().is_some());
        assert_eq!(ready(&app).await, 503);
        held.release();
    } else {
        held.release();
        pending.await.expect("committed once the lock is free");
    }
    // With no read coming (a server not ready gets none), the writer finds out by itself.
    wait_for_readiness(&app, 200, Duration::from_secs(5)).await;
    let res = app.get_auth("/api/v1/clients/me", &client.token).await;
    assert_eq!(res.status(), 200);
}
