//! The server killed in the middle of a stream of check-ins, and started again on the same files
//! (SQLite). A phone that sent a check-in and lost the answer sends it again with the same
//! `Idempotency-Key`, whether or not the server had taken it; neither the crash nor the retry may
//! lose a day the server acknowledged, nor count a day twice.
//!
//! The test runs the real binary (`seteli serve`), not the in-process application, so that the
//! kill is a real `SIGKILL` of a process with open SQLite files, uncommitted transactions and
//! all, and the restart is a cold start on what the files hold. It talks to it with a plain HTTP
//! client, not the suite's contract-checking one: what it checks is what the database holds, and
//! the requests in flight at the kill end in broken connections.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::Value;
use seteli::db::schema::activity_days;
use seteli::db::{write_transaction, DatabaseUrl, DbConnection};
use seteli::error::AppError;

use crate::helpers::random_bytes;

const CLIENTS: usize = 60;
/// Tasks sending check-ins at the same time, each on its own connection.
const SENDERS: usize = 8;

#[path = "../../benches/support/heinola_days.rs"]
pub(crate) mod heinola_days;
use heinola_days::{
    check_in_days, heinola_caseworker, person, provider_with_site, voucher_and_agreement, Place,
};

/// One check-in as a phone sends it: to whom, with which key and body, and the answer it got.
#[derive(Clone)]
struct CheckIn {
    path: String,
    token: String,
    key: String,
    body: String,
    voucher_id: String,
    day: NaiveDate,
}

/// What the sender saw of a check-in it sent.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// A 2xx, with the created day's id.
    Acknowledged(String),
    /// An answer that was not 2xx: status and body.
    Refused(u16, String),
    /// No answer: the connection broke (the server was killed), or none came in time.
    Lost,
}

/// The server process, killed when dropped so that a failing test leaves none behind.
pub(crate) struct Server {
    child: Child,
    pub(crate) base: String,
    log: std::path::PathBuf,
}

impl Server {
    /// Starts `seteli serve` on the database in `dir` and waits for `/healthz`.
    pub(crate) async fn start(dir: &std::path::Path, url: &str, key: &str, run: usize) -> Server {
        Server::start_with(dir, url, key, run, &[]).await
    }

    /// [`Server::start`] with more `SETELI_*` settings.
    pub(crate) async fn start_with(
        dir: &std::path::Path,
        url: &str,
        key: &str,
        run: usize,
        settings: &[(&str, &str)],
    ) -> Server {
        // A free port, let go of just before the server binds it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = dir.join(format!("server-{run}.log"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_seteli"));
        for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("SETELI_")) {
            command.env_remove(name);
        }
        let child = command
            .arg("serve")
            .current_dir(dir)
            .env("SETELI_BIND", format!("127.0.0.1:{port}"))
            .env("SETELI_DATABASE_URL", url)
            .env("SETELI_AUTH__SIGNING_KEY", key)
            .envs(settings.iter().copied())
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::options().append(true).open(&log).unwrap())
            .spawn()
            .expect("the server binary starts");
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
        };
        let http = reqwest::Client::new();
        let started = Instant::now();
        loop {
            let up = http
                .get(format!("{}/healthz", server.base))
                .timeout(Duration::from_secs(1))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if up {
                return server;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the server did not answer /healthz in 20 s: {}",
                server.output()
            );
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Sends SIGKILL and waits for the process to be gone.
    pub(crate) fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the killed server is reaped");
    }

    pub(crate) fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[actix_web::test]
async fn a_killed_server_loses_no_acknowledged_check_in_and_a_retry_counts_none_twice() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("crash.db").display());
    let key = base64::engine::general_purpose::STANDARD.encode(random_bytes::<32>());
    let check_ins = prepare(&url, &key);
    let total = check_ins.len();

    // Several phones at once; the server is killed once a third of the check-ins were answered.
    let mut server = Server::start(dir.path(), &url, &key, 1).await;
    let queue = Arc::new(Mutex::new(check_ins.clone().into_iter().enumerate()));
    let outcomes: Arc<Mutex<HashMap<usize, Outcome>>> = Default::default();
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    let senders: Vec<_> = (0..SENDERS)
        .map(|_| {
            let (queue, outcomes, acknowledged, killed) = (
                queue.clone(),
                outcomes.clone(),
                acknowledged.clone(),
                killed.clone(),
            );
            let http = client();
            let base = server.base.clone();
            actix_web::rt::spawn(async move {
                loop {
                    let Some((i, c)) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let outcome = send(&http, &base, &c).await;
                    let lost = outcome == Outcome::Lost;
                    if matches!(outcome, Outcome::Acknowledged(_)) {
                        acknowledged.fetch_add(1, Ordering::Relaxed);
                    }
                    outcomes.lock().unwrap().insert(i, outcome);
                    // A phone whose connection broke stops; it retries later (below).
                    if lost || killed.load(Ordering::Relaxed) {
                        break;
                    }
                }
            })
        })
        .collect();
    let kill_at = total / 3;
    let waited = Instant::now();
    while acknowledged.load(Ordering::Relaxed) < kill_at {
        assert!(
            waited.elapsed() < Duration::from_secs(20),
            "only {} of {total} check-ins answered in 20 s: {}",
            acknowledged.load(Ordering::Relaxed),
            server.output()
        );
        actix_web::rt::time::sleep(Duration::from_millis(1)).await;
    }
    server.kill();
    killed.store(true, Ordering::Relaxed);
    for s in senders {
        s.await.unwrap();
    }
    let outcomes = std::mem::take(&mut *outcomes.lock().unwrap());
    let refused: Vec<&Outcome> = outcomes
        .values()
        .filter(|o| matches!(o, Outcome::Refused(..)))
        .collect();
    assert!(
        refused.is_empty(),
        "every check-in is valid, yet some were refused: {refused:?}"
    );
    let acked: HashMap<usize, String> = outcomes
        .iter()
        .filter_map(|(i, o)| match o {
            Outcome::Acknowledged(id) => Some((*i, id.clone())),
            _ => None,
        })
        .collect();
    let lost: HashSet<usize> = outcomes
        .iter()
        .filter(|(_, o)| **o == Outcome::Lost)
        .map(|(i, _)| *i)
        .collect();
    assert!(
        acked.len() >= kill_at && acked.len() < total,
        "the kill came mid-stream: {} of {total} acknowledged",
        acked.len()
    );

    // Started again on the same files: every acknowledged check-in is there, once.
    let mut server = Server::start(dir.path(), &url, &key, 2).await;
    let mut conn = DatabaseUrl::parse(&url).unwrap().connect().unwrap();
    let before = days(&mut conn);
    let sent: HashMap<(String, NaiveDate), usize> = outcomes
        .keys()
        .map(|&i| ((check_ins[i].voucher_id.clone(), check_ins[i].day), i))
        .collect();
    for (&i, id) in &acked {
        let c = &check_ins[i];
        assert_eq!(
            before.get(&(c.voucher_id.clone(), c.day)),
            Some(&vec![id.clone()]),
            "the acknowledged check-in {id} is in activity_days exactly once"
        );
    }
    for (voucher_day, ids) in &before {
        assert!(
            sent.contains_key(voucher_day),
            "a day no one sent is recorded"
        );
        assert_eq!(ids.len(), 1, "a day is recorded once: {voucher_day:?}");
    }
    let committed_unacknowledged = before.len() - acked.len();

    // Every phone retries what it sent, with the same key and body: an acknowledged check-in
    // answers its first answer again (or that the day is there), and creates nothing.
    let http = client();
    let mut fresh = 0;
    for (&i, outcome) in &outcomes {
        let c = &check_ins[i];
        let (status, replayed, body) = post(&http, &server.base, c)
            .await
            .unwrap_or_else(|e| panic!("the retry of {} got no answer: {e}", c.key));
        match (outcome, status) {
            (Outcome::Acknowledged(id), 201) => {
                assert!(
                    replayed,
                    "the retry of an acknowledged check-in is a replay"
                );
                assert_eq!(body["id"], id.as_str(), "the replay names the same day");
            }
            (_, 409) => assert_eq!(body["code"], "attendance.twice", "{body}"),
            (Outcome::Lost, 201) if !replayed => fresh += 1,
            (Outcome::Lost, 201) => {}
            _ => panic!("the retry of {:?} answered {status}: {body}", outcome),
        }
    }
    let after = days(&mut conn);
    assert_eq!(
        after.len(),
        before.len() + fresh,
        "the retries created only the check-ins never taken, each once"
    );
    for (&i, id) in &acked {
        let c = &check_ins[i];
        assert_eq!(
            after.get(&(c.voucher_id.clone(), c.day)),
            Some(&vec![id.clone()]),
            "an acknowledged check-in is not created again by its retry"
        );
    }
    assert!(after.values().all(|ids| ids.len() == 1));
    assert_eq!(
        after.len(),
        outcomes.len(),
        "after the retries every check-in sent is recorded"
    );

    // And once more: everything is there now, so nothing at all is created.
    for &i in outcomes.keys() {
        let (status, replayed, body) = post(&http, &server.base, &check_ins[i]).await.unwrap();
        assert!(
            (status == 201 && replayed) || status == 409,
            "a second retry answered {status}: {body}"
        );
    }
    assert_eq!(
        days(&mut conn).len(),
        after.len(),
        "a second retry creates nothing"
    );
    drop(conn);
    server.kill();
    eprintln!(
        "killed after {} of {total} check-ins acknowledged; {} sent and never answered, of which \
         {committed_unacknowledged} had been committed; {fresh} created by their retry; {:.1} s",
        acked.len(),
        lost.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the test stays well within a minute"
    );
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Sends a check-in: status, whether it was a replay, and the JSON body.
async fn post(
    http: &reqwest::Client,
    base: &str,
    c: &CheckIn,
) -> Result<(u16, bool, Value), reqwest::Error> {
    let res = http
        .post(format!("{base}{}", c.path))
        .bearer_auth(&c.token)
        .header("Idempotency-Key", &c.key)
        .header("Content-Type", "application/json")
        .body(c.body.clone())
        .send()
        .await?;
    let status = res.status().as_u16();
    let replayed = res
        .headers()
        .get("Idempotent-Replayed")
        .is_some_and(|v| v == "true");
    let body = res.bytes().await?;
    Ok((
        status,
        replayed,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    ))
}

async fn send(http: &reqwest::Client, base: &str, c: &CheckIn) -> Outcome {
    match post(http, base, c).await {
        Ok((status, _, body)) if (200..300).contains(&status) => {
            Outcome::Acknowledged(body["id"].as_str().unwrap_or_default().to_string())
        }
        Ok((status, _, body)) => Outcome::Refused(status, body.to_string()),
        Err(_) => Outcome::Lost,
    }
}

/// The days recorded: the ids for each voucher and day.
fn days(conn: &mut DbConnection) -> HashMap<(String, NaiveDate), Vec<String>> {
    let rows: Vec<(String, String, NaiveDate)> = activity_days::table
        .select((
            activity_days::id,
            activity_days::voucher_id,
            activity_days::day,
        ))
        .load(conn)
        .unwrap();
    let mut days: HashMap<(String, NaiveDate), Vec<String>> = HashMap::new();
    for (id, voucher, day) in rows {
        days.entry((voucher, day)).or_default().push(id);
    }
    days
}

/// Migrates a fresh database and loads a provider with a site and clients, each with a voucher
/// and a confirmed agreement of four days a week; answers a valid check-in for every client and
/// day, in the order the phones send them, with tokens signed with `key` as the server will.
fn prepare(url: &str, key: &str) -> Vec<CheckIn> {
    let mut conn = DatabaseUrl::parse(url).unwrap().connect().unwrap();
    seteli::db::run_migrations(&mut conn).unwrap();
    let auth = seteli::config::AuthSettings::default();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap();
    let tokens = seteli::auth::tokens::TokenService::new(&auth, &bytes);
    let now = Utc::now();
    let at = now.naive_utc();
    let today = seteli::clock::helsinki_date(now);
    let clients = write_transaction(&mut conn, |conn| {
        let caseworker = heinola_caseworker(conn, "crash-caseworker", "Testi", now)?;
        let (provider, site) =
            provider_with_site(conn, ("Työpaja ry", "Työpaja"), (61.2045, 26.0372), at)?;
        let mut clients = Vec::with_capacity(CLIENTS);
        for i in 0..CLIENTS {
            let client = person(conn, &format!("crash-client-{i}"), "Testi", at)?;
            seteli::persons::repo::make_client(
                conn,
                &client,
                "heinola",
                None,
                Some((61.2, 26.0)),
                now,
            )?;
            let place = Place {
                provider_id: &provider,
                site_id: &site,
                caseworker: &caseworker,
            };
            let number = format!("CRASH-{i:04}");
            let (voucher, _) = voucher_and_agreement(conn, &client, number, &place, (today, at))?;
            let (session, _) = seteli::auth::repo::start_session(conn, &client, now, 1)?;
            let token = tokens
                .issue(&client, &session, now)
                .map_err(AppError::internal)?;
            clients.push((client, voucher, token));
        }
        Ok::<_, AppError>(clients)
    })
    .unwrap();
    let mut check_ins = Vec::new();
    for day in check_in_days(today, 6) {
        for (client, voucher, token) in &clients {
            check_ins.push(CheckIn {
                path: format!("/api/v1/clients/{client}/vouchers/{voucher}/check-ins"),
                token: token.clone(),
                key: uuid::Uuid::now_v7().to_string(),
                body: format!(r#"{{"day":"{day}"}}"#),
                voucher_id: voucher.clone(),
                day,
            });
        }
    }
    check_ins
}
