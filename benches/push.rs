//! Web Push from the outbox to a push service on loopback. Not a test: it prints figures and
//! asserts nothing.
//!
//! ```sh
//! cargo bench --bench push                  # SQLite
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench push
//!                                           # SQLite, then PostgreSQL
//! ```
//!
//! Runs the real server in-process with its push sender, and the tests' push service
//! (`tests/api/push_receiver.rs`), which verifies each request's VAPID signature and decrypts
//! its payload. 100 people each subscribe one device. Then `PUSH_BENCH_JOBS` (default 10,000)
//! notifications (an activity day confirmed) are committed one transaction each, as fast as one thread commits them (or
//! `PUSH_BENCH_RATE` a second), each queueing one push. Prints the time from each commit to its arrival at the push service
//! (median, 99th percentile, slowest) and the pushes per second from the first commit to the
//! last arrival.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use seteli::error::AppError;
use seteli::notifications::repo::notify;
use seteli::notifications::{Facts, Kind};

#[allow(dead_code)]
#[path = "support/in_process.rs"]
mod in_process;

#[allow(dead_code)]
#[path = "support/heinola_days.rs"]
mod heinola_days;

#[path = "../tests/api/push_receiver.rs"]
mod push_receiver;

const PEOPLE: usize = 100;

fn main() {
    let jobs: usize = std::env::var("PUSH_BENCH_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let rate: Option<f64> = std::env::var("PUSH_BENCH_RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|r| *r > 0.0);
    let pace = rate.map_or("as fast as one thread commits".into(), |r| format!("{r}/s"));
    println!(
        "Push benchmark: {jobs} pushes to {PEOPLE} devices on a loopback push service, \
         committed {pace}"
    );
    in_process::on_each_database("push.db", |label, url| run(label, url, jobs, rate));
}

fn run(label: &str, url: &str, jobs: usize, rate: Option<f64>) {
    let server = in_process::start(url);
    let state = server.state.clone();
    let push = push_receiver::Receiver::start(Some(state.vapid.public_key.clone()));
    let now = chrono::Utc::now();
    let people: Vec<String> = state
        .db
        .write_blocking(|conn| {
            let mut people = Vec::new();
            for i in 0..PEOPLE {
                let id =
                    heinola_days::person(conn, &format!("push-{i}"), "Testi", now.naive_utc())?;
                let device = push.subscriber();
                let keys = device.subscription_json()["keys"].clone();
                seteli::push::repo::subscribe(
                    conn,
                    seteli::push::repo::SubscriptionRow {
                        id: uuid::Uuid::now_v7().to_string(),
                        person_id: id.clone(),
                        endpoint: device.endpoint(),
                        p256dh: keys["p256dh"].as_str().unwrap().into(),
                        auth: keys["auth"].as_str().unwrap().into(),
                        label: "Puhelin".into(),
                        created_at: now.naive_utc(),
                        last_delivered_at: None,
                    },
                    5,
                )?;
                people.push(id);
            }
            Ok::<_, AppError>(people)
        })
        .expect("people and devices");

    let started = Instant::now();
    let mut committed: HashMap<String, Instant> = HashMap::with_capacity(jobs);
    for i in 0..jobs {
        if let Some(rate) = rate {
            let due = started + Duration::from_secs_f64(i as f64 / rate);
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
        }
        let message = format!("m{i}");
        let person = &people[i % PEOPLE];
        state
            .db
            .write_blocking(|c| {
                let facts = Facts::default();
                let (kind, at) = (Kind::DayConfirmed, chrono::Utc::now());
                notify(c, person, kind, &facts, Some(&message), None, at)
            })
            .expect("a notification commits");
        committed.insert(message, Instant::now());
    }
    let enqueued = started.elapsed();
    let received = push.wait_for(jobs, Duration::from_secs(600));
    // Each notification's subject is the name its commit's instant was kept under.
    let subjects: HashMap<String, String> = {
        use diesel::prelude::*;
        use seteli::db::schema::notifications;
        let mut conn = state.db.get().expect("a connection");
        notifications::table
            .select((
                notifications::id,
                notifications::subject_id.assume_not_null(),
            ))
            .load::<(String, String)>(&mut *conn)
            .expect("the notifications")
            .into_iter()
            .collect()
    };
    let mut waits: Vec<Duration> = Vec::with_capacity(received.len());
    let mut last = started;
    let mut failures = 0;
    for r in &received {
        let Ok(payload) = &r.payload else {
            failures += 1;
            continue;
        };
        if r.vapid.is_err() {
            failures += 1;
        }
        let sent = payload["notification_id"]
            .as_str()
            .and_then(|n| subjects.get(n))
            .and_then(|m| committed.get(m));
        if let Some(sent) = sent {
            waits.push(r.at.saturating_duration_since(*sent));
        }
        last = last.max(r.at);
    }
    waits.sort();
    let pick = |q: f64| waits[((waits.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{label}: {} of {jobs} arrived ({failures} not verified); committed in {:.1} s ({:.0}/s)",
        received.len(),
        enqueued.as_secs_f64(),
        jobs as f64 / enqueued.as_secs_f64(),
    );
    if !waits.is_empty() {
        println!(
            "{label}: commit → push service: median {:.1} ms, p99 {:.1} ms, slowest {:.1} ms; \
             {:.0} pushes/s from the first commit to the last arrival",
            ms(pick(0.5)),
            ms(pick(0.99)),
            ms(*waits.last().unwrap()),
            received.len() as f64 / (last - started).as_secs_f64(),
        );
    }
    push.stop();
    server.stop();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
