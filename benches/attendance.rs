//! Activity days under concurrent load: clients check in, staff confirm. Not a test: it prints
//! figures and asserts nothing.
//!
//! ```sh
//! cargo bench --bench attendance                  # SQLite
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench attendance
//!                                                 # SQLite, then PostgreSQL
//! ```
//!
//! A check-in is the busiest write of the service: every client of every provider sends one on
//! every day of activity, most of them in the same morning hour. Each is a write transaction that
//! decides the door, takes the client's lock, reads the voucher, its rulebook and agreement and
//! the voucher's other days, checks the rules, inserts the day, the idempotency record and the
//! access-log row, and commits; on SQLite every write of the process takes its turn at one lock.
//! This measures what that allows next to a request that does nothing (`/healthz`), and how long
//! a phone waits for its answer.
//!
//! Loads 8,000 Heinola clients, each with a basic rehabilitative work voucher (200 days) and a
//! confirmed agreement of four days a week with one of 16 providers (each with a site and two
//! staff members), then runs the real server in-process and hits it from 32 keep-alive
//! connections: first `/healthz` (the ceiling: no database, no sign-in); then check-ins, each a
//! client and day not used before (today or up to six days back, at most four a client in an ISO
//! week), so that every one is accepted (201), each with its own `Idempotency-Key` as the app
//! sends it; then the confirmations of those check-ins by their provider's staff (200), and after
//! them of four check-ins a client of an earlier week, loaded waiting, for the confirmations to
//! last the measurement (staff confirm faster than clients check in). Prints
//! median, p90 and p99 latency, requests (writes) a second, CPU per request by group of threads,
//! and every answer that was not 2xx (there should be none); then what the database holds, which
//! should be one row per accepted check-in, and as many confirmed as confirmations answered.
//! `BENCH_SECONDS` (default 10) and `BENCH_CONCURRENCY` (default 32) change the run; a run that
//! uses up the prepared check-ins (or their confirmations) stops early and says so.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use seteli::attendance::repo::DayRow;
use seteli::db::schema::activity_days;
use seteli::db::{write_transaction, DbConnection};
use seteli::error::AppError;

#[path = "support/in_process.rs"]
mod in_process;

#[allow(dead_code)]
#[path = "support/heinola_days.rs"]
mod heinola_days;
use heinola_days::{
    check_in_days, heinola_caseworker, person, provider_with_site, staff_of, voucher_and_agreement,
    Place, DAYS_PER_WEEK,
};

const CLIENTS: usize = 8_000;
const PROVIDERS: usize = 16;
const STAFF_PER_PROVIDER: usize = 2;
const MUNICIPALITY: &str = "heinola";
/// How many days back a check-in goes. The rule allows seven; one fewer keeps every prepared
/// check-in valid should the run cross midnight in Helsinki.
const DAYS_BACK: u64 = 6;

fn main() {
    let seconds: u64 = env_or("BENCH_SECONDS", 10);
    let concurrency: usize = env_or("BENCH_CONCURRENCY", 32);
    println!(
        "Activity days benchmark: {CLIENTS} clients with a voucher and a confirmed agreement, \
         {PROVIDERS} providers; {concurrency} concurrent connections, {seconds} s per measurement, \
         {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    in_process::on_each_database("attendance.db", |label, url| {
        run(label, url, seconds, concurrency)
    });
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn run(label: &str, url: &str, seconds: u64, concurrency: usize) {
    println!("\n== {label}");
    let server = in_process::start(url);
    let (port, state) = (server.port, server.state.clone());

    let started = Instant::now();
    let mut conn = state.db.get().expect("a connection");
    let seeded = load(&mut conn, &state).expect("the data loads");
    diesel::sql_query("ANALYZE")
        .execute(&mut *conn)
        .expect("analyze");
    drop(conn);
    println!(
        "loaded in {:.1} s; {} check-ins prepared over {} days ({})",
        started.elapsed().as_secs_f64(),
        seeded.check_ins.len(),
        seeded.days.len(),
        seeded
            .days
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );

    let health = vec![Request::get("/healthz")];
    let ceiling = measure(port, &health, Order::Random, seconds, concurrency);
    ceiling.print("GET /healthz", "requests/s");

    let check_ins = measure(port, &seeded.check_ins, Order::Once, seconds, concurrency);
    check_ins.print("POST …/check-ins", "writes/s");
    println!(
        "check-in throughput is {:.1} % of the /healthz ceiling; {} check-ins accepted in all \
         (warm-up included){}",
        100.0 * check_ins.rps / ceiling.rps,
        check_ins.created.len(),
        check_ins.ran_out(seeded.check_ins.len())
    );

    // Each accepted check-in confirmed by a staff member of its provider, in the order made;
    // then the earlier week's.
    let mut created = check_ins.created.clone();
    created.sort();
    let confirmations: Vec<Request> = created
        .iter()
        .map(|(i, day_id)| (seeded.provider_of[*i], day_id))
        .chain(seeded.waiting.iter().map(|(p, day_id)| (*p, day_id)))
        .enumerate()
        .map(|(n, (provider, day_id))| {
            let staff = &seeded.staff_tokens[provider][n % STAFF_PER_PROVIDER];
            Request::post(
                &format!("/api/v1/provider/check-ins/{day_id}/confirm"),
                staff,
                "{}".into(),
                None,
            )
        })
        .collect();
    let confirmed = measure(port, &confirmations, Order::Once, seconds, concurrency);
    confirmed.print("POST …/confirm", "writes/s");
    println!(
        "confirmation throughput is {:.1} % of the /healthz ceiling; {} confirmations sent in \
         all, the first {} of the check-ins above{}",
        100.0 * confirmed.rps / ceiling.rps,
        confirmed.sent,
        created.len(),
        confirmed.ran_out(confirmations.len())
    );

    // What the database holds: a row for each accepted check-in, no more.
    let mut conn = state.db.get().expect("a connection");
    let rows: Vec<(String, i64)> = activity_days::table
        .group_by(activity_days::status)
        .select((activity_days::status, diesel::dsl::count_star()))
        .load(&mut *conn)
        .expect("the days");
    let all: i64 = rows.iter().map(|(_, n)| n).sum();
    println!(
        "activity_days: {all} rows ({}); {} were loaded, {} check-ins answered 201, {} \
         confirmations 200",
        rows.iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect::<Vec<_>>()
            .join(", "),
        seeded.waiting.len(),
        check_ins.created.len(),
        confirmed.succeeded
    );
    drop(conn);
    drop(state);
    server.stop();
}

/// A request, written out as the bytes sent on the wire.
struct Request {
    bytes: Vec<u8>,
}

impl Request {
    fn get(path: &str) -> Request {
        Request {
            bytes: format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fi\r\n\r\n")
                .into_bytes(),
        }
    }

    fn post(path: &str, token: &str, body: String, key: Option<String>) -> Request {
        let key = key
            .map(|k| format!("Idempotency-Key: {k}\r\n"))
            .unwrap_or_default();
        Request {
            bytes: format!(
                "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fi\r\n\
                 Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\n{key}\r\n{body}",
                body.len()
            )
            .into_bytes(),
        }
    }
}

/// Whether the connections pick requests at random, again and again, or each one once, in
/// order, until none is left.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    Random,
    Once,
}

/// CPU seconds this process has used (user + system), from /proc; 0 where there is none.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    name_and_cpu(&stat).map_or(0.0, |(_, seconds)| seconds)
}

/// The name and the CPU seconds (user + system) in a `/proc/…/stat` line.
fn name_and_cpu(stat: &str) -> Option<(&str, f64)> {
    let (head, rest) = stat.rsplit_once(')')?;
    let name = head.split_once('(').map_or("", |(_, n)| n);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; 100 Hz.
    Some((name, (ticks(11) + ticks(12)) / 100.0))
}

/// CPU seconds so far of each group of this process's threads, by the threads' names: the
/// server's workers, the blocking threads that run the write transactions, the access-log
/// writer, the checkpointer, the load generator and the rest. Threads that ended are no longer
/// counted, so take differences over one measurement.
fn cpu_by_thread() -> BTreeMap<&'static str, f64> {
    let mut groups = BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return groups;
    };
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
        let Some((name, seconds)) = name_and_cpu(&stat) else {
            continue;
        };
        let group = match name {
            n if n.starts_with("actix-rt") || n.starts_with("actix-server") => "workers",
            // The blocking pool (`web::block`), where every write transaction runs.
            n if n.starts_with("tokio-r") => "blocking",
            "access-log" => "access-log",
            "wal-checkpoint" => "checkpointer",
            "load" => "load",
            _ => "other",
        };
        *groups.entry(group).or_insert(0.0) += seconds;
    }
    groups
}

struct Figures {
    /// CPU time of the whole process (server and load threads) per request.
    cpu_per_request: Duration,
    /// The same by group of threads (see [`cpu_by_thread`]), in µs per request.
    cpu_by_thread: Vec<(&'static str, f64)>,
    latencies: Vec<Duration>,
    rps: f64,
    /// Answers that were 2xx, warm-up and stragglers included.
    succeeded: usize,
    /// Measured answers that were not 2xx, by status; and the first such body.
    refused: BTreeMap<u16, usize>,
    first_refusal: Option<String>,
    /// Every `201 Created` of the run, warm-up and stragglers included: (the request's index,
    /// the created thing's id).
    created: Vec<(usize, String)>,
    /// Requests sent in all, warm-up included.
    sent: usize,
}

impl Figures {
    fn print(&self, what: &str, unit: &str) {
        let mut l = self.latencies.clone();
        l.sort();
        let pick = |q: f64| {
            l.get(((l.len() as f64 * q) as usize).min(l.len().saturating_sub(1)))
                .copied()
                .unwrap_or_default()
        };
        let errors: usize = self.refused.values().sum();
        println!(
            "{what:<18} median {:>7.2} ms   p90 {:>7.2} ms   p99 {:>7.2} ms   {:>8.0} {unit}   ({} requests, {} not 2xx, {:.2} ms CPU each)",
            pick(0.5).as_secs_f64() * 1000.0,
            pick(0.9).as_secs_f64() * 1000.0,
            pick(0.99).as_secs_f64() * 1000.0,
            self.rps,
            l.len(),
            errors,
            self.cpu_per_request.as_secs_f64() * 1000.0
        );
        let groups: Vec<String> = self
            .cpu_by_thread
            .iter()
            .map(|(group, us)| format!("{group} {us:.1}"))
            .collect();
        println!("{:<18} CPU µs per request: {}", "", groups.join(", "));
        if errors > 0 {
            let by: Vec<String> = self
                .refused
                .iter()
                .map(|(s, n)| format!("{n} × {s}"))
                .collect();
            println!(
                "{:<18} NOT 2xx: {}; the first said {}",
                "",
                by.join(", "),
                self.first_refusal.as_deref().unwrap_or("")
            );
        }
    }

    /// A note when the run used up its requests before its time was up.
    fn ran_out(&self, prepared: usize) -> String {
        if self.sent >= prepared {
            format!(" (all {prepared} prepared requests used: the run stopped early)")
        } else {
            String::new()
        }
    }
}

#[derive(serde::Deserialize)]
struct Created {
    id: String,
}

/// What one load thread saw.
#[derive(Default)]
struct Seen {
    latencies: Vec<Duration>,
    succeeded: usize,
    refused: BTreeMap<u16, usize>,
    first_refusal: Option<String>,
    created: Vec<(usize, String)>,
    sent: usize,
}

/// Hits the server from `concurrency` keep-alive connections, each sending its next request as
/// soon as the last one is answered: one second of warm-up, then `seconds` measured, or until
/// every request of an [`Order::Once`] run was sent. The ids of whatever was created (201) are
/// kept, for the next measurement to act on.
fn measure(
    port: u16,
    requests: &[Request],
    order: Order,
    seconds: u64,
    concurrency: usize,
) -> Figures {
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let running = Arc::new(AtomicUsize::new(concurrency));
    let requests: Arc<Vec<Vec<u8>>> = Arc::new(requests.iter().map(|r| r.bytes.clone()).collect());
    let workers: Vec<_> = (0..concurrency)
        .map(|w| {
            let (stop, measuring, next, running, requests) = (
                stop.clone(),
                measuring.clone(),
                next.clone(),
                running.clone(),
                requests.clone(),
            );
            let load = std::thread::Builder::new().name("load".into());
            load.spawn(move || {
                let mut rng = StdRng::seed_from_u64(w as u64);
                let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                stream.set_nodelay(true).unwrap();
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                let mut seen = Seen::default();
                while !stop.load(Ordering::Relaxed) {
                    let i = match order {
                        Order::Random => rng.random_range(0..requests.len()),
                        Order::Once => match next.fetch_add(1, Ordering::Relaxed) {
                            i if i < requests.len() => i,
                            _ => break,
                        },
                    };
                    let t = Instant::now();
                    writer.write_all(&requests[i]).expect("send");
                    let (status, body) = read_response(&mut reader);
                    let took = t.elapsed();
                    seen.sent += 1;
                    if (200..300).contains(&status) {
                        seen.succeeded += 1;
                    }
                    if status == 201 {
                        if let Ok(c) = serde_json::from_slice::<Created>(&body) {
                            seen.created.push((i, c.id));
                        }
                    }
                    if measuring.load(Ordering::Relaxed) {
                        seen.latencies.push(took);
                        if !(200..300).contains(&status) {
                            *seen.refused.entry(status).or_insert(0) += 1;
                            seen.first_refusal
                                .get_or_insert_with(|| String::from_utf8_lossy(&body).into());
                        }
                    }
                }
                running.fetch_sub(1, Ordering::Relaxed);
                seen
            })
            .expect("a load thread")
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    measuring.store(true, Ordering::Relaxed);
    let t = Instant::now();
    let cpu = cpu_seconds();
    let by_thread = cpu_by_thread();
    while t.elapsed() < Duration::from_secs(seconds) && running.load(Ordering::Relaxed) > 0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    measuring.store(false, Ordering::Relaxed);
    let elapsed = t.elapsed();
    let cpu = cpu_seconds() - cpu;
    let by_thread: Vec<(&'static str, f64)> = cpu_by_thread()
        .into_iter()
        .map(|(group, end)| (group, end - by_thread.get(group).copied().unwrap_or(0.0)))
        .collect();
    stop.store(true, Ordering::Relaxed);
    let mut all = Figures {
        cpu_per_request: Duration::ZERO,
        cpu_by_thread: Vec::new(),
        latencies: Vec::new(),
        rps: 0.0,
        succeeded: 0,
        refused: BTreeMap::new(),
        first_refusal: None,
        created: Vec::new(),
        sent: 0,
    };
    for w in workers {
        let seen = w.join().expect("a load thread");
        all.latencies.extend(seen.latencies);
        all.succeeded += seen.succeeded;
        for (status, n) in seen.refused {
            *all.refused.entry(status).or_insert(0) += n;
        }
        all.first_refusal = all.first_refusal.or(seen.first_refusal);
        all.created.extend(seen.created);
        all.sent += seen.sent;
    }
    all.rps = all.latencies.len() as f64 / elapsed.as_secs_f64();
    let requests = all.latencies.len().max(1) as f64;
    all.cpu_per_request = Duration::from_secs_f64(cpu / requests);
    all.cpu_by_thread = by_thread
        .into_iter()
        .map(|(group, seconds)| (group, seconds * 1e6 / requests))
        .collect();
    all
}

/// One HTTP/1.1 response with a Content-Length body: (status, body).
fn read_response(reader: &mut BufReader<TcpStream>) -> (u16, Vec<u8>) {
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line).expect("header");
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    (status, body)
}

/// What the load made: the check-ins to send, each one's provider, each provider's staff's
/// tokens, and the check-ins of an earlier week that wait for staff.
struct Seeded {
    days: Vec<NaiveDate>,
    check_ins: Vec<Request>,
    /// The provider (index) of each check-in.
    provider_of: Vec<usize>,
    staff_tokens: Vec<Vec<String>>,
    /// Pending days of an earlier week: (provider index, day id), day by day.
    waiting: Vec<(usize, String)>,
}

/// Loads the providers, their staff and the clients with their vouchers and agreements, signs
/// everyone in, and prepares one check-in for each client and day: day by day, so that the same
/// client's check-ins are far apart. Each client also has four check-ins of an earlier week
/// waiting for staff (Monday to Thursday of the ISO week before the oldest check-in day's): staff
/// confirm faster than clients check in, so the check-ins the run makes alone would not last
/// the confirmations' measurement.
fn load(conn: &mut DbConnection, state: &seteli::AppState) -> Result<Seeded, AppError> {
    let mut rng = StdRng::seed_from_u64(2026);
    let now = Utc::now();
    let at = now.naive_utc();
    let today = seteli::clock::helsinki_date(now);
    let token = |conn: &mut DbConnection, person: &str| -> Result<String, AppError> {
        let (session, _) = seteli::auth::repo::start_session(conn, person, now, 1)?;
        state
            .tokens
            .issue(person, &session, now)
            .map_err(AppError::internal)
    };
    write_transaction(conn, |conn| {
        let caseworker = heinola_caseworker(conn, "bench-att-cw", "Bench Caseworker", now)?;
        // Providers, each with a site in Heinola and staff.
        let mut providers = Vec::with_capacity(PROVIDERS);
        let mut staff_tokens = Vec::with_capacity(PROVIDERS);
        for p in 0..PROVIDERS {
            let at_site = (
                61.2045 + rng.random_range(-0.05..0.05),
                26.0372 + rng.random_range(-0.05..0.05),
            );
            let (provider, site) = provider_with_site(
                conn,
                (&format!("Työpaja {p} ry"), &format!("Työpaja {p}")),
                at_site,
                at,
            )?;
            let mut tokens = Vec::with_capacity(STAFF_PER_PROVIDER);
            for s in 0..STAFF_PER_PROVIDER {
                let staff = staff_of(
                    conn,
                    &format!("bench-att-staff-{p}-{s}"),
                    &format!("Ohjaaja {p}.{s}"),
                    &provider,
                    now,
                )?;
                tokens.push(token(conn, &staff)?);
            }
            providers.push((provider, site));
            staff_tokens.push(tokens);
        }
        // Clients: a voucher each, and a confirmed agreement under it that began a month ago.
        let mut clients = Vec::with_capacity(CLIENTS);
        for i in 0..CLIENTS {
            let client = person(conn, &format!("bench-att-{i}"), &format!("Asiakas {i}"), at)?;
            seteli::persons::repo::make_client(
                conn,
                &client,
                MUNICIPALITY,
                Some("Asiakaskatu 1"),
                Some((61.2 + rng.random_range(-0.05..0.05), 26.04)),
                now,
            )?;
            let p = i % PROVIDERS;
            let (provider_id, site_id) = &providers[p];
            let place = Place {
                provider_id,
                site_id,
                caseworker: &caseworker,
            };
            let number = format!("BENCH-ATT-{i:08}");
            let (voucher, agreement) =
                voucher_and_agreement(conn, &client, number, &place, (today, at))?;
            clients.push((client.clone(), voucher, agreement, p, token(conn, &client)?));
        }
        let days = check_in_days(today, DAYS_BACK);
        let oldest = days.iter().min().copied().unwrap_or(today);
        let monday =
            oldest - Days::new(u64::from(oldest.weekday().num_days_from_monday())) - Days::new(7);
        let mut waiting = Vec::with_capacity(DAYS_PER_WEEK * CLIENTS);
        for d in 0..DAYS_PER_WEEK as u64 {
            for (client, voucher, agreement, p, _) in &clients {
                let row = DayRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    voucher_id: voucher.clone(),
                    agreement_id: agreement.clone(),
                    client_id: client.clone(),
                    provider_id: providers[*p].0.clone(),
                    site_id: providers[*p].1.clone(),
                    meeting_id: None,
                    day: monday + Days::new(d),
                    status: "pending".into(),
                    arrived_at: None,
                    claimed_hours: None,
                    remote: false,
                    verified: false,
                    code_step: None,
                    late: true,
                    units: 1,
                    guidance_hours: None,
                    absence: None,
                    reason_code: None,
                    reason: None,
                    recorded_by: client.clone(),
                    recorded_as: "self".into(),
                    created_at: at,
                    decided_by: None,
                    decided_at: None,
                };
                seteli::attendance::repo::insert_day(conn, &row)?;
                waiting.push((*p, row.id));
            }
        }
        let mut check_ins = Vec::with_capacity(days.len() * CLIENTS);
        let mut provider_of = Vec::with_capacity(days.len() * CLIENTS);
        for day in &days {
            for (client, voucher, _, p, token) in &clients {
                check_ins.push(Request::post(
                    &format!("/api/v1/clients/{client}/vouchers/{voucher}/check-ins"),
                    token,
                    format!(r#"{{"day":"{day}"}}"#),
                    Some(uuid::Uuid::now_v7().to_string()),
                ));
                provider_of.push(*p);
            }
        }
        Ok(Seeded {
            days,
            check_ins,
            provider_of,
            staff_tokens,
            waiting,
        })
    })
}
