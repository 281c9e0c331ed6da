//! The server killed in the middle of a stream of writes of every kind, and started again on
//! the same files (SQLite): issued vouchers, powers of attorney, intro-visit bookings, chat
//! messages and billing submissions. It does for them what `crash` does for check-ins: the
//! real binary, several phones at once, a `SIGKILL`, a cold start, and every write sent again
//! as a phone that lost its answer sends it (with the same `Idempotency-Key`). Every
//! acknowledged write is there exactly once, and a retry makes nothing twice.

mod world;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use chrono::{DateTime, NaiveDateTime};
use serde_json::Value;
use seteli::db::DatabaseUrl;

use super::{call, client};
use crate::crash::Server;
use crate::helpers::random_bytes;
use world::load;

/// Writes of each kind.
const EACH: usize = 80;
/// Phones sending at once, each on its own connection.
const SENDERS: usize = 8;
/// Chat messages: this many clients write to their caseworkers, `EACH / CHATTERS` each.
const CHATTERS: usize = 16;
/// Caseworkers issuing the vouchers, so that none sends more writes a minute than a person
/// may.
const CASEWORKERS: usize = 10;
/// Confirmed days of each billed client in last month.
const BILLED_DAYS: usize = 3;
/// The server takes the test identity codes the helpers of the powers of attorney have, as in
/// demo and test mode.
const SETTINGS: &[(&str, &str)] = &[("SETELI_DEV_LOGIN", "true")];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Voucher,
    Mandate,
    Booking,
    Message,
    Billing,
}

const KINDS: [Kind; 5] = [
    Kind::Voucher,
    Kind::Mandate,
    Kind::Booking,
    Kind::Message,
    Kind::Billing,
];

/// One write as a phone sends it, and what it makes whatever the id it gets: the client a
/// voucher, a power of attorney or a booking is for, the text of a message, the provider whose
/// month is submitted.
#[derive(Clone)]
struct Write {
    kind: Kind,
    path: String,
    token: String,
    key: String,
    body: Option<Value>,
    subject: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// A 2xx, naming what it made (see [`made`]).
    Acknowledged(String),
    Refused(u16, String),
    /// No answer: the server was killed.
    Lost,
}

/// What an answer names as made: the created thing's id; for a billing submission, when each
/// municipality's part was submitted.
fn made(kind: Kind, body: &Value) -> String {
    match kind {
        Kind::Billing => body["submissions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let at = s["submitted_at"].as_str().unwrap_or_default();
                DateTime::parse_from_rfc3339(at)
                    .map(|t| stamp(t.naive_utc()))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(","),
        _ => body["id"].as_str().unwrap_or_default().to_string(),
    }
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// Sends a write: status, whether it was a replay, and the JSON body.
async fn send(http: &reqwest::Client, base: &str, w: &Write) -> Result<(u16, bool, Value), String> {
    let url = format!("{base}{}", w.path);
    let answer = call(
        http,
        reqwest::Method::POST,
        &url,
        &w.token,
        Some(&w.key),
        w.body.as_ref(),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok((answer.status, answer.replayed(), answer.body))
}

#[actix_web::test]
async fn a_killed_server_loses_no_acknowledged_write_of_any_kind_and_a_retry_makes_none_twice() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("faults.db").display());
    let key = base64::engine::general_purpose::STANDARD.encode(random_bytes::<32>());
    let world = load(&url, &key);
    let mut server = Server::start_with(dir.path(), &url, &key, 1, SETTINGS).await;
    let writes = world.writes(&client(), &server.base).await;
    let total = writes.len();

    // The kinds take turns in the queue, so the kill comes in the middle of each.
    let queue = Arc::new(Mutex::new(writes.clone().into_iter().enumerate()));
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
            let (http, base) = (client(), server.base.clone());
            actix_web::rt::spawn(async move {
                loop {
                    let Some((i, w)) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let outcome = match send(&http, &base, &w).await {
                        Ok((status, _, body)) if (200..300).contains(&status) => {
                            acknowledged.fetch_add(1, Ordering::Relaxed);
                            Outcome::Acknowledged(made(w.kind, &body))
                        }
                        Ok((status, _, body)) => Outcome::Refused(status, body.to_string()),
                        Err(_) => Outcome::Lost,
                    };
                    let lost = outcome == Outcome::Lost;
                    outcomes.lock().unwrap().insert(i, outcome);
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
            "only {} of {total} writes answered in 20 s: {}",
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
    let refused: Vec<_> = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Refused(..)))
        .map(|(i, o)| (writes[*i].kind, o))
        .collect();
    assert!(refused.is_empty(), "every write is valid: {refused:?}");
    for kind in KINDS {
        let acked = outcomes
            .iter()
            .filter(|(i, o)| writes[**i].kind == kind && matches!(o, Outcome::Acknowledged(_)))
            .count();
        assert!(
            acked > 0,
            "some {kind:?} writes were acknowledged before the kill"
        );
    }
    let acked: HashMap<usize, String> = outcomes
        .iter()
        .filter_map(|(i, o)| match o {
            Outcome::Acknowledged(made) => Some((*i, made.clone())),
            _ => None,
        })
        .collect();
    assert!(acked.len() < total, "the kill came mid-stream");

    // Started again on the same files: every acknowledged write is there, once, and nothing is
    // that no one sent.
    let mut server = Server::start_with(dir.path(), &url, &key, 2, SETTINGS).await;
    let mut conn = DatabaseUrl::parse(&url).unwrap().connect().unwrap();
    let sent: HashMap<(Kind, String), usize> = outcomes
        .keys()
        .map(|&i| ((writes[i].kind, writes[i].subject.clone()), i))
        .collect();
    let before = world.stored(&mut conn);
    for (&i, made) in &acked {
        let w = &writes[i];
        assert_eq!(
            before.get(&(w.kind, w.subject.clone())),
            Some(&vec![made.clone()]),
            "the acknowledged {:?} {made} is there exactly once",
            w.kind
        );
    }
    for (what, made) in &before {
        assert!(sent.contains_key(what), "{what:?} was made but never sent");
        assert_eq!(made.len(), 1, "{what:?} was made once: {made:?}");
    }
    world.consistent(&mut conn);

    // Every phone sends again what it sent, with the same key and body: what was committed
    // answers as it first did, and only what never was is made now.
    let http = client();
    let mut fresh = 0;
    for (&i, outcome) in &outcomes {
        let w = &writes[i];
        let there = before.get(&(w.kind, w.subject.clone()));
        let (status, replayed, body) = send(&http, &server.base, w)
            .await
            .unwrap_or_else(|e| panic!("the retry of a {:?} got no answer: {e}", w.kind));
        assert!(
            (200..300).contains(&status),
            "the retry of {outcome:?} ({:?}) answered {status}: {body}",
            w.kind
        );
        let now = made(w.kind, &body);
        match there {
            Some(was) => assert_eq!(was, &vec![now], "a retry answers what was made"),
            None => fresh += 1,
        }
        if w.kind != Kind::Billing {
            assert_eq!(
                replayed,
                there.is_some(),
                "a retry of a committed {:?} is a replay, of one never committed is not",
                w.kind
            );
        }
    }
    let after = world.stored(&mut conn);
    assert_eq!(
        after.len(),
        before.len() + fresh,
        "the retries made only what was never taken, each once"
    );
    assert_eq!(
        after.len(),
        outcomes.len(),
        "after the retries all that was sent is there"
    );
    for (&i, made) in &acked {
        let w = &writes[i];
        assert_eq!(
            after.get(&(w.kind, w.subject.clone())),
            Some(&vec![made.clone()])
        );
    }
    assert!(after.values().all(|made| made.len() == 1));
    world.consistent(&mut conn);

    // And once more: everything is there, so nothing is made.
    for &i in outcomes.keys() {
        let w = &writes[i];
        let (status, replayed, body) = send(&http, &server.base, w).await.unwrap();
        assert!((200..300).contains(&status), "{status}: {body}");
        assert!(replayed || w.kind == Kind::Billing, "{:?}", w.kind);
        assert_eq!(
            after.get(&(w.kind, w.subject.clone())),
            Some(&vec![made(w.kind, &body)])
        );
    }
    assert_eq!(
        world.stored(&mut conn),
        after,
        "a second retry makes nothing"
    );
    drop(conn);
    server.kill();
    let by_kind = |o: &HashMap<usize, Outcome>, f: fn(&Outcome) -> bool| {
        let mut n: BTreeMap<Kind, usize> = BTreeMap::new();
        for (i, out) in o {
            if f(out) {
                *n.entry(writes[*i].kind).or_default() += 1;
            }
        }
        n
    };
    eprintln!(
        "killed after {} of {total} writes acknowledged ({:?}); {} sent and never answered \
         ({:?}); {fresh} made by their retry; {:.1} s",
        acked.len(),
        by_kind(&outcomes, |o| matches!(o, Outcome::Acknowledged(_))),
        outcomes.len() - acked.len(),
        by_kind(&outcomes, |o| *o == Outcome::Lost),
        started.elapsed().as_secs_f64()
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the test stays well within a minute"
    );
}
