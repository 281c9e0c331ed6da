//! A full disk under SQLite. The server runs on files in a small tmpfs, which a file of the
//! test's fills up but for a little; then messages are sent until the disk is full. A write
//! the disk has no room for answers 503 with `Retry-After` (not 500, nor no answer), the server
//! goes on answering what needs no room, and once there is room again the same server takes
//! writes, the files are sound, and every acknowledged write is there once.
//!
//! Mounting needs root; without it the test says so and passes.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use base64::Engine;
use chrono::Utc;
use diesel::prelude::*;
use serde_json::json;
use seteli::db::schema::chat_messages;
use seteli::db::{write_transaction, DatabaseUrl, DbConnection};
use seteli::error::AppError;

use super::{call, client, Answer};
use crate::crash::heinola_days::{heinola_caseworker, person};
use crate::crash::Server;
use crate::helpers::{random_bytes, random_test_code, reads_logged};

/// The tmpfs's size: room for the database and its logs, and the filler.
const DISK: &str = "16m";
/// What the filler leaves free.
const SPARE: u64 = 1024 * 1024;
/// Clients writing to their caseworkers, taking turns, so that none sends more writes a minute
/// than a person may.
const WRITERS: usize = 8;
/// The most messages sent to fill the disk.
const MOST: usize = 400;
/// A request the disk refuses answers within this.
const ANSWER_WITHIN: Duration = Duration::from_secs(8);

/// A tmpfs mounted on a directory, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path) -> Result<Tmpfs, String> {
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={DISK}"), "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if out.status.success() {
            Ok(Tmpfs(dir.to_path_buf()))
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the disk `dir` is on up to [`SPARE`] bytes with a file: its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let chunk = vec![0x5au8; 64 * 1024];
    let mut written = 0u64;
    loop {
        match file.write(&chunk) {
            Ok(0) => break,
            Ok(n) => written += n as u64,
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => panic!("filling the disk: {e}"),
        }
    }
    file.set_len(written.saturating_sub(SPARE)).unwrap();
    file.sync_all().unwrap();
    path
}

/// A message of about 4,000 bytes, numbered.
fn text(n: usize) -> String {
    let words = "Huomenna tulen bussilla kello yhdeksän. ".repeat(95);
    format!("{n:04} {}", words.trim_end())
}

/// Migrates a fresh database with a caseworker and [`WRITERS`] clients of Heinola: the clients'
/// tokens.
fn load(url: &str, key: &str) -> Vec<String> {
    let mut conn = DatabaseUrl::parse(url).unwrap().connect().unwrap();
    seteli::db::run_migrations(&mut conn).unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap();
    let tokens =
        seteli::auth::tokens::TokenService::new(&seteli::config::AuthSettings::default(), &bytes);
    let now = Utc::now();
    write_transaction(&mut conn, |conn| {
        heinola_caseworker(conn, random_test_code().as_str(), "Helena Heinola", now)?;
        (0..WRITERS)
            .map(|i| {
                let name = format!("Asiakas {i}");
                let client = person(conn, random_test_code().as_str(), &name, now.naive_utc())?;
                seteli::persons::repo::make_client(conn, &client, "heinola", None, None, now)?;
                let (session, _) = seteli::auth::repo::start_session(conn, &client, now, 1)?;
                tokens
                    .issue(&client, &session, now)
                    .map_err(AppError::internal)
            })
            .collect::<Result<Vec<_>, AppError>>()
    })
    .unwrap()
}

/// Sends message `n` with `key`, as writer `n % WRITERS` in their thread: the answer, and how
/// long it took.
async fn send(
    http: &reqwest::Client,
    writers: &[(String, String)],
    key: &str,
    n: usize,
) -> (Answer, Duration) {
    let (token, url) = &writers[n % WRITERS];
    let started = Instant::now();
    let answer = call(
        http,
        reqwest::Method::POST,
        url,
        token,
        Some(key),
        Some(&json!({ "text": text(n) })),
    )
    .await
    .unwrap_or_else(|e| panic!("message {n} got no answer: {e}"));
    (answer, started.elapsed())
}

async fn get(http: &reqwest::Client, url: &str, token: &str) -> Answer {
    call(http, reqwest::Method::GET, url, token, None, None)
        .await
        .unwrap_or_else(|e| panic!("{url} got no answer: {e}"))
}

/// A 503 problem that says when to retry.
fn unavailable(what: &str, answer: &Answer) {
    assert_eq!(answer.status, 503, "{what}: {}", answer.body);
    assert!(
        answer
            .header("content-type")
            .starts_with("application/problem+json"),
        "{what}"
    );
    assert_eq!(answer.body["code"], "server.unavailable", "{what}");
    assert!(
        answer
            .header("retry-after")
            .parse::<u64>()
            .is_ok_and(|s| s > 0),
        "{what} says when to retry"
    );
}

fn messages(conn: &mut DbConnection) -> HashMap<String, Vec<String>> {
    let rows: Vec<(String, String)> = chat_messages::table
        .select((chat_messages::body, chat_messages::id))
        .load(conn)
        .unwrap();
    let mut by_text: HashMap<String, Vec<String>> = HashMap::new();
    for (body, id) in rows {
        by_text.entry(body).or_default().push(id);
    }
    by_text
}

#[actix_web::test]
async fn a_full_disk_refuses_writes_with_503_and_loses_nothing_acknowledged() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let _mounted = match Tmpfs::mount(&disk) {
        Ok(m) => m,
        Err(why) => {
            eprintln!("skipped: no tmpfs could be mounted: {why}");
            return;
        }
    };
    let url = format!("sqlite://{}", disk.join("full.db").display());
    let key = base64::engine::general_purpose::STANDARD.encode(random_bytes::<32>());
    let tokens = load(&url, &key);
    let mut server = Server::start(dir.path(), &url, &key, 1).await;
    let http = client();
    let api = format!("{}/api/v1", server.base);
    let mut writers = Vec::new();
    for token in tokens {
        let thread = call(
            &http,
            reqwest::Method::POST,
            &format!("{api}/threads"),
            &token,
            None,
            Some(&json!({"client_id": "me"})),
        )
        .await
        .unwrap();
        assert_eq!(thread.status, 201, "{}", thread.body);
        let path = format!(
            "{api}/threads/{}/messages",
            thread.body["id"].as_str().unwrap()
        );
        writers.push((token, path));
    }
    let (token, path) = writers[0].clone();

    // Filled but for a little, then written to until there is no room: each message is taken,
    // or refused with 503 at once.
    let filler = fill(&disk);
    let mut acked: Vec<(usize, String, String)> = Vec::new();
    let mut refused: Vec<(usize, String)> = Vec::new();
    let mut slowest = Duration::ZERO;
    for n in 0..MOST {
        let key = uuid::Uuid::now_v7().to_string();
        let (answer, took) = send(&http, &writers, &key, n).await;
        slowest = slowest.max(took);
        assert!(took < ANSWER_WITHIN, "message {n} took {took:?}");
        if answer.status == 201 {
            let id = answer.body["id"].as_str().unwrap().to_string();
            acked.push((n, key, id));
            continue;
        }
        unavailable(&format!("message {n}\n{}", server.output()), &answer);
        refused.push((n, key));
        if refused.len() == 5 {
            break;
        }
    }
    assert!(acked.len() > 1, "some messages had room: {}", acked.len());
    assert!(
        !refused.is_empty(),
        "the disk filled up within {MOST} messages"
    );

    // What needs no room is answered. A read of a client's data is answered only once its row
    // in the access log is written: with no room for the row it is refused, and the server
    // says it is not ready.
    assert_eq!(get(&http, &format!("{api}/me"), &token).await.status, 200);
    let read = get(&http, &path, &token).await;
    let full_read = read.status;
    // A read answered while the disk is full found room for its row (in the write-ahead log
    // of the file of reads): the row is looked for below.
    let read_while_full = (full_read == 200).then(|| read.header("x-request-id").to_string());
    if full_read != 200 {
        unavailable("a read with no room for its log row", &read);
        let ready = get(&http, &format!("{}/readyz", server.base), &token).await;
        unavailable("/readyz while the access log cannot be written", &ready);
    }

    // Room again: the same server takes writes and reads, and is ready, by itself; each
    // refused message is taken once when sent again.
    std::fs::remove_file(&filler).unwrap();
    let back = Instant::now();
    let logged = loop {
        let read = get(&http, &path, &token).await;
        let ready = get(&http, &format!("{}/readyz", server.base), &token).await;
        if read.status == 200 && ready.status == 200 {
            break read.header("x-request-id").to_string();
        }
        assert!(
            back.elapsed() < Duration::from_secs(10),
            "10 s after the disk had room: read {}, ready {}",
            read.status,
            ready.status
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    };
    let recovered = back.elapsed();
    let key = uuid::Uuid::now_v7().to_string();
    let (answer, _) = send(&http, &writers, &key, MOST).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    acked.push((MOST, key, answer.body["id"].as_str().unwrap().to_string()));
    for (n, key) in &refused {
        let (answer, _) = send(&http, &writers, key, *n).await;
        assert_eq!(answer.status, 201, "the retry of refused message {n}");
        assert!(
            !answer.replayed(),
            "message {n}, refused for want of room, had not been taken"
        );
    }
    for (n, key, id) in &acked {
        let (answer, _) = send(&http, &writers, key, *n).await;
        assert_eq!((answer.status, answer.replayed()), (201, true));
        assert_eq!(answer.body["id"], id.as_str(), "message {n} was taken once");
    }
    assert!(
        !server.output().contains("panicked"),
        "no thread panicked: {}",
        server.output()
    );
    server.kill();

    // The files are sound, and hold every acknowledged message once, and the read's log row.
    let mut conn = DatabaseUrl::parse(&url).unwrap().connect().unwrap();
    for file in ["main", "reads"] {
        #[derive(QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let check: Vec<Check> = diesel::sql_query(format!("PRAGMA {file}.integrity_check"))
            .load(&mut conn)
            .unwrap();
        let said: Vec<&str> = check.iter().map(|c| c.integrity_check.as_str()).collect();
        assert_eq!(said, ["ok"], "the {file} file is sound");
    }
    let stored = messages(&mut conn);
    for (n, _, id) in &acked {
        assert_eq!(
            stored.get(&text(*n)),
            Some(&vec![id.clone()]),
            "message {n}"
        );
    }
    for (n, _) in &refused {
        assert_eq!(stored.get(&text(*n)).map(Vec::len), Some(1), "message {n}");
    }
    assert_eq!(stored.len(), acked.len() + refused.len());
    for id in read_while_full.iter().chain([&logged]) {
        assert_eq!(
            reads_logged(&mut conn, "request_id = $1", id),
            1,
            "a read answered 200 is in the access log"
        );
    }
    eprintln!(
        "{} messages taken before the disk was full, {} refused (the slowest answer {:.0} ms); \
         while full a read answered {full_read}; reads and readiness back {:.1} s after room \
         was made; {:.1} s in all",
        acked.len() - 1,
        refused.len(),
        slowest.as_secs_f64() * 1000.0,
        recovered.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
