//! Provider search at national scale, under concurrent load. Not a test: it prints figures and
//! asserts nothing.
//!
//! ```sh
//! cargo bench --bench search                      # SQLite
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench search
//!                                                 # SQLite, then PostgreSQL
//! ```
//!
//! Loads 5,000 providers with 8,000 sites spread over Finland (mostly around its towns, some
//! anywhere), 50,000 clients with a voucher each (half of the 2,000 who sign in have a second
//! one), then runs the real server and hits it from 32 keep-alive connections: first `/healthz`
//! (the ceiling: no database, no sign-in), then the search as signed-in clients, then their
//! wallets (`/clients/me/vouchers`). Prints median, p90 and p99 latency and requests a second for
//! each. `BENCH_SECONDS` (default 10) and `BENCH_CONCURRENCY` (default 32) change the run.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use seteli::db::schema::{clients, municipalities, persons, rulebook_price_tiers, rulebooks};
use seteli::db::{write_transaction, DbConnection};
use seteli::error::AppError;
use seteli::i18n::Translations;
use seteli::providers::repo::{self, ApprovalRow, ProviderRow, SiteRow, SiteServiceRow};
use seteli::providers::{Offering, Responsible};
use seteli::rulebooks::Rulebook;
use seteli::vocab::{ApprovalStatus, Form, GroupTheme, LegalForm, ServiceLanguage, WorkTask};
use seteli::vouchers::VoucherRow;

const PROVIDERS: usize = 5_000;
const SITES: usize = 8_000;
const CLIENTS: usize = 50_000;
const SIGNED_IN: usize = 2_000;

/// Towns and how many people (relative) live around them.
const TOWNS: &[(&str, f64, f64, u32)] = &[
    ("helsinki", 60.1699, 24.9384, 30),
    ("espoo", 60.2055, 24.6559, 15),
    ("tampere", 61.4978, 23.7610, 15),
    ("vantaa", 60.2934, 25.0378, 12),
    ("oulu", 65.0121, 25.4651, 12),
    ("turku", 60.4518, 22.2666, 11),
    ("jyvaskyla", 62.2426, 25.7473, 8),
    ("kuopio", 62.8924, 27.6770, 7),
    ("lahti", 60.9827, 25.6612, 7),
    ("pori", 61.4851, 21.7974, 5),
    ("joensuu", 62.6010, 29.7636, 5),
    ("lappeenranta", 61.0587, 28.1887, 5),
    ("hameenlinna", 60.9959, 24.4643, 4),
    ("vaasa", 63.0951, 21.6165, 4),
    ("seinajoki", 62.7903, 22.8403, 4),
    ("rovaniemi", 66.5039, 25.7294, 4),
    ("mikkeli", 61.6886, 27.2723, 3),
    ("kotka", 60.4664, 26.9458, 3),
    ("kajaani", 64.2222, 27.7278, 2),
    ("heinola", 61.2045, 26.0372, 2),
];

const SERVICES: &[&str] = &[
    "rwa_basic",
    "rwa_special",
    "sr_individual",
    "sr_group",
    "sr_supported_work",
    "sr_participation",
];

#[path = "support/in_process.rs"]
mod in_process;

fn main() {
    let seconds: u64 = env_or("BENCH_SECONDS", 10);
    let concurrency: usize = env_or("BENCH_CONCURRENCY", 32);
    println!(
        "Provider search benchmark: {PROVIDERS} providers, {SITES} sites, {CLIENTS} clients; \
         {concurrency} concurrent connections, {seconds} s per measurement, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    in_process::on_each_database("bench.db", |label, url| {
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
    let (searches, wallets) = load(&mut conn, &state).expect("the data loads");
    diesel::sql_query("ANALYZE")
        .execute(&mut *conn)
        .expect("analyze");
    println!("loaded in {:.1} s", started.elapsed().as_secs_f64());
    // The first search after any change to providers reloads its rulebook's list; on SQLite
    // that happens on the worker serving it, which the other requests on that worker wait for.
    let helsinki: String = rulebooks::table
        .filter(rulebooks::municipality_code.eq(TOWNS[0].0))
        .filter(rulebooks::service_code.eq(SERVICES[0]))
        .select(rulebooks::id)
        .first(&mut *conn)
        .expect("a rulebook");
    let mut reading =
        seteli::db::cache::Reading::begin(&mut conn, state.door.caches()).expect("the counters");
    let terms = seteli::rulebooks::repo::terms(&mut reading, &helsinki).expect("its terms");
    let reloaded = Instant::now();
    let list = seteli::providers::catalog::offers(&mut reading, &terms).expect("the list");
    println!(
        "the largest list of the catalog ({} offers, {} {}) loads in {:.1} ms",
        list.len(),
        TOWNS[0].0,
        SERVICES[0],
        reloaded.elapsed().as_secs_f64() * 1000.0
    );
    drop(conn);

    let health = vec![Request {
        path: "/healthz".into(),
        token: None,
    }];
    let ceiling = measure(port, &health, b"", seconds, concurrency);
    ceiling.print("GET /healthz");
    let search = measure(port, &searches, b"\"distance_km\"", seconds, concurrency);
    search.print("GET …/providers");
    let size = search.page_size();
    println!(
        "search throughput is {:.0} % of the /healthz ceiling; {:.1} providers and {:.1} KB on an average page",
        100.0 * search.rps / ceiling.rps,
        search.items as f64 / search.latencies.len().max(1) as f64,
        size as f64 / 1000.0
    );
    let wallet = measure(port, &wallets, b"\"number\"", seconds, concurrency);
    wallet.print("GET …/me/vouchers");
    println!(
        "wallet throughput is {:.0} % of the /healthz ceiling; {:.2} vouchers and {:.1} KB on an average page",
        100.0 * wallet.rps / ceiling.rps,
        wallet.items as f64 / wallet.latencies.len().max(1) as f64,
        wallet.page_size() as f64 / 1000.0
    );
    server.stop();
    // The application's pool and threads end here, before the bare server is measured.
    drop(state);
    let bytes = measure_static(size, seconds, concurrency);
    bytes.print("GET same bytes");
    println!(
        "(a bare actix server sending a fixed answer of the search's average size: what moving \
         the bytes alone allows; the search gives {:.0} % of it)",
        100.0 * search.rps / bytes.rps
    );
}

/// A bare actix server that answers every request with the same `size` bytes of JSON, measured
/// like the others: the ceiling for an answer as large as the search's.
fn measure_static(size: usize, seconds: u64, concurrency: usize) -> Figures {
    use actix_web::{web, App, HttpResponse, HttpServer};
    let body = web::Bytes::from(format!("\"{}\"", "x".repeat(size.saturating_sub(2))));
    let (tx, rx) = mpsc::channel();
    let server = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let srv = HttpServer::new(move || {
                let body = body.clone();
                App::new().default_service(web::to(move || {
                    let body = body.clone();
                    async move {
                        HttpResponse::Ok()
                            .content_type("application/json")
                            .body(body)
                    }
                }))
            })
            .bind("127.0.0.1:0")
            .expect("bind")
            .disable_signals();
            let port = srv.addrs()[0].port();
            let srv = srv.run();
            tx.send((port, srv.handle())).unwrap();
            srv.await
        })
    });
    let (port, handle) = rx.recv().expect("the static server starts");
    let figures = measure(
        port,
        &[Request {
            path: "/same-bytes".into(),
            token: None,
        }],
        b"",
        seconds,
        concurrency,
    );
    actix_web::rt::System::new().block_on(handle.stop(true));
    let _ = server.join();
    figures
}

struct Request {
    path: String,
    token: Option<String>,
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
/// server's workers, the access-log writer, the checkpointer, the load generator and the rest.
/// Threads that ended are no longer counted, so take differences over one measurement.
fn cpu_by_thread() -> std::collections::BTreeMap<&'static str, f64> {
    let mut groups = std::collections::BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return groups;
    };
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
        let Some((name, seconds)) = name_and_cpu(&stat) else {
            continue;
        };
        let group = match name {
            n if n.starts_with("actix-rt") => "workers",
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
    errors: usize,
    items: usize,
    /// Body bytes of all answers.
    bytes: usize,
}

impl Figures {
    /// The average answer's size, over the answers that were pages.
    fn page_size(&self) -> usize {
        self.bytes / (self.latencies.len() - self.errors).max(1)
    }

    fn print(&self, what: &str) {
        let mut l = self.latencies.clone();
        l.sort();
        let pick = |q: f64| {
            l.get(((l.len() as f64 * q) as usize).min(l.len().saturating_sub(1)))
                .copied()
                .unwrap_or_default()
        };
        println!(
            "{what:<18} median {:>7.2} ms   p90 {:>7.2} ms   p99 {:>7.2} ms   {:>8.0} requests/s   ({} requests, {} errors, {:.2} ms CPU each)",
            pick(0.5).as_secs_f64() * 1000.0,
            pick(0.9).as_secs_f64() * 1000.0,
            pick(0.99).as_secs_f64() * 1000.0,
            self.rps,
            l.len(),
            self.errors,
            self.cpu_per_request.as_secs_f64() * 1000.0
        );
        let groups: Vec<String> = self
            .cpu_by_thread
            .iter()
            .map(|(group, us)| format!("{group} {us:.1}"))
            .collect();
        println!("{:<18} CPU µs per request: {}", "", groups.join(", "));
    }
}

/// Hits the server from `concurrency` keep-alive connections, each sending its next request as
/// soon as the last one is answered: one second of warm-up, then `seconds` measured. The items
/// counted are the occurrences of `item` in the answers (none when it is empty).
fn measure(
    port: u16,
    requests: &[Request],
    item: &'static [u8],
    seconds: u64,
    concurrency: usize,
) -> Figures {
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let requests: Arc<Vec<Vec<u8>>> = Arc::new(
        requests
            .iter()
            .map(|r| {
                let auth = r
                    .token
                    .as_ref()
                    .map(|t| format!("Authorization: Bearer {t}\r\n"))
                    .unwrap_or_default();
                format!(
                    "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fi\r\n{auth}\r\n",
                    r.path
                )
                .into_bytes()
            })
            .collect(),
    );
    let workers: Vec<_> = (0..concurrency)
        .map(|i| {
            let (stop, measuring, requests) = (stop.clone(), measuring.clone(), requests.clone());
            let load = std::thread::Builder::new().name("load".into());
            load.spawn(move || {
                let mut rng = StdRng::seed_from_u64(i as u64);
                let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                stream.set_nodelay(true).unwrap();
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                let (mut latencies, mut errors, mut items, mut bytes) = (Vec::new(), 0, 0, 0);
                let item = (!item.is_empty()).then(|| memchr::memmem::Finder::new(item));
                while !stop.load(Ordering::Relaxed) {
                    let req = &requests[rng.random_range(0..requests.len())];
                    let t = Instant::now();
                    writer.write_all(req).expect("send");
                    let (status, body) = read_response(&mut reader);
                    let took = t.elapsed();
                    if measuring.load(Ordering::Relaxed) {
                        latencies.push(took);
                        if status == 200 {
                            bytes += body.len();
                            items += item.as_ref().map_or(0, |f| f.find_iter(&body).count());
                        } else {
                            errors += 1;
                        }
                    }
                }
                (latencies, errors, items, bytes)
            })
            .expect("a load thread")
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    measuring.store(true, Ordering::Relaxed);
    let t = Instant::now();
    let cpu = cpu_seconds();
    let by_thread = cpu_by_thread();
    std::thread::sleep(Duration::from_secs(seconds));
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
        errors: 0,
        items: 0,
        bytes: 0,
    };
    for w in workers {
        let (l, e, n, b) = w.join().expect("a load thread");
        all.latencies.extend(l);
        all.errors += e;
        all.items += n;
        all.bytes += b;
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

/// A point around a town: normal spread with `sigma_km`.
fn around(rng: &mut StdRng, town: (f64, f64), sigma_km: f64) -> (f64, f64) {
    let (u1, u2): (f64, f64) = (rng.random::<f64>().max(1e-12), rng.random());
    let r = (-2.0 * u1.ln()).sqrt() * sigma_km;
    let a = std::f64::consts::TAU * u2;
    let dlat = r * a.cos() / 111.2;
    let dlon = r * a.sin() / (111.2 * town.0.to_radians().cos());
    (town.0 + dlat, town.1 + dlon)
}

fn pick_town(rng: &mut StdRng) -> usize {
    let total: u32 = TOWNS.iter().map(|t| t.3).sum();
    let mut n = rng.random_range(0..total);
    for (i, t) in TOWNS.iter().enumerate() {
        if n < t.3 {
            return i;
        }
        n -= t.3;
    }
    0
}

fn nearest_town(at: (f64, f64)) -> usize {
    let d = |t: &(&str, f64, f64, u32)| {
        let dlat = t.1 - at.0;
        let dlon = (t.2 - at.1) * at.0.to_radians().cos();
        dlat * dlat + dlon * dlon
    };
    (0..TOWNS.len())
        .min_by(|&a, &b| d(&TOWNS[a]).total_cmp(&d(&TOWNS[b])))
        .unwrap()
}

/// Every town a municipality with the same rulebooks as the demo ones: rows, not code.
fn municipalities_and_rulebooks(conn: &mut DbConnection) -> Result<(), AppError> {
    let templates: Vec<Rulebook> = rulebooks::table.select(Rulebook::as_select()).load(conn)?;
    let tiers: Vec<(String, i32, Option<i32>, i64)> = rulebook_price_tiers::table
        .select((
            rulebook_price_tiers::rulebook_id,
            rulebook_price_tiers::tier,
            rulebook_price_tiers::up_to_km,
            rulebook_price_tiers::unit_price_cents,
        ))
        .load(conn)?;
    for (code, ..) in TOWNS {
        let exists: i64 = municipalities::table
            .filter(municipalities::code.eq(code))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            diesel::insert_into(municipalities::table)
                .values((
                    municipalities::code.eq(code),
                    municipalities::name_fi.eq(code),
                    municipalities::name_sv.eq(code),
                    municipalities::name_en.eq(code),
                ))
                .execute(conn)?;
        }
        for t in &templates {
            let has: i64 = rulebooks::table
                .filter(rulebooks::municipality_code.eq(code))
                .filter(rulebooks::service_code.eq(&t.service_code))
                .count()
                .get_result(conn)?;
            if has > 0 {
                continue;
            }
            let mut rb = t.clone();
            rb.id = format!("{code}-{}", t.service_code);
            rb.municipality_code = code.to_string();
            diesel::insert_into(rulebooks::table)
                .values(&rb)
                .execute(conn)?;
            for (_, tier, up_to, cents) in tiers.iter().filter(|x| x.0 == t.id) {
                diesel::insert_into(rulebook_price_tiers::table)
                    .values((
                        rulebook_price_tiers::rulebook_id.eq(&rb.id),
                        rulebook_price_tiers::tier.eq(tier),
                        rulebook_price_tiers::up_to_km.eq(up_to),
                        rulebook_price_tiers::unit_price_cents.eq(cents),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}

fn pick<T: Copy>(rng: &mut StdRng, from: &[T], n: usize) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for _ in 0..n {
        out.push(from[rng.random_range(0..from.len())]);
    }
    out
}

/// Loads the country and returns the search requests of the signed-in clients, and the
/// requests for their wallets.
fn load(
    conn: &mut DbConnection,
    state: &seteli::AppState,
) -> Result<(Vec<Request>, Vec<Request>), AppError> {
    let mut rng = StdRng::seed_from_u64(2026);
    let now = Utc::now();
    let at = now.naive_utc();
    let today: NaiveDate = now.date_naive();
    write_transaction(conn, |conn| {
        municipalities_and_rulebooks(conn)?;
        let rulebook_ids: std::collections::HashMap<(String, String), String> = rulebooks::table
            .select((
                rulebooks::municipality_code,
                rulebooks::service_code,
                rulebooks::id,
            ))
            .load::<(String, String, String)>(conn)?
            .into_iter()
            .map(|(m, s, id)| ((m, s), id))
            .collect();
        let caseworker = uuid::Uuid::now_v7().to_string();
        diesel::insert_into(persons::table)
            .values((
                persons::id.eq(&caseworker),
                persons::personal_id.eq("bench-caseworker"),
                persons::display_name.eq("Bench Caseworker"),
                persons::created_at.eq(at),
            ))
            .execute(conn)?;

        // Providers and their sites: every provider has one site, some have two.
        let mut site_provider: Vec<usize> = (0..PROVIDERS).collect();
        while site_provider.len() < SITES {
            site_provider.push(rng.random_range(0..PROVIDERS));
        }
        let provider_ids: Vec<String> = (0..PROVIDERS)
            .map(|_| uuid::Uuid::now_v7().to_string())
            .collect();
        let mut forms = Vec::with_capacity(PROVIDERS);
        for (i, id) in provider_ids.iter().enumerate() {
            let form = if rng.random_bool(0.05) {
                LegalForm::Company
            } else {
                LegalForm::Association
            };
            forms.push(form);
            repo::insert(
                conn,
                &ProviderRow {
                    id: id.clone(),
                    name: format!("Palvelu {i} ry"),
                    created_at: at,
                    business_id: None,
                    legal_form: form.as_str().to_string(),
                    phone: None,
                    email: None,
                    website: None,
                    description_fi: String::new(),
                    description_sv: String::new(),
                    description_en: String::new(),
                },
            )?;
        }
        let mut approved: std::collections::HashSet<(usize, &str)> = Default::default();
        for (n, &p) in site_provider.iter().enumerate() {
            let point = if rng.random_bool(0.85) {
                let t = pick_town(&mut rng);
                around(&mut rng, (TOWNS[t].1, TOWNS[t].2), 12.0)
            } else {
                (rng.random_range(60.0..68.5), rng.random_range(21.5..30.0))
            };
            let site = SiteRow {
                id: uuid::Uuid::now_v7().to_string(),
                provider_id: provider_ids[p].clone(),
                name: format!("Toimipiste {n}"),
                street_address: "Katu 1".into(),
                postal_code: "00100".into(),
                city: TOWNS[nearest_town(point)].0.into(),
                lat: point.0,
                lon: point.1,
                created_at: at,
                updated_at: at,
            };
            repo::insert_site(conn, &site)?;
            let how_many = rng.random_range(1..=3);
            let mut services = pick(&mut rng, SERVICES, how_many);
            services.sort();
            services.dedup();
            for service in services {
                let offering = Offering {
                    form: if service == "sr_group" {
                        Form::Group
                    } else {
                        Form::Individual
                    },
                    work_tasks: pick(&mut rng, WorkTask::ALL, 3),
                    group_themes: pick(&mut rng, GroupTheme::ALL, 2),
                    languages: if rng.random_bool(0.2) {
                        vec![ServiceLanguage::Fi, ServiceLanguage::Sv]
                    } else {
                        vec![ServiceLanguage::Fi]
                    },
                    step_free: rng.random_bool(0.6),
                    partial_work_ability: rng.random_bool(0.5),
                    meal_heating: rng.random_bool(0.5),
                    hot_meal: rng.random_bool(0.3),
                    group_size_max: (service == "sr_group").then_some(10),
                    free_places: rng.random_range(0..5),
                    queue_length: rng.random_range(0..4),
                    next_start_on: Some(today + Days::new(rng.random_range(0..60))),
                    responsible: Responsible {
                        name: "Ohjaaja".into(),
                        phone: None,
                        email: None,
                    },
                    description: Translations {
                        fi: "Teemme töitä yhdessä.".into(),
                        sv: "Vi arbetar tillsammans.".into(),
                        en: "We work together.".into(),
                    },
                };
                repo::put_site_service(conn, &SiteServiceRow::new(&site, service, &offering, at))?;
                let company_for_rwa = forms[p] == LegalForm::Company && service.starts_with("rwa");
                if company_for_rwa || !approved.insert((p, service)) {
                    continue;
                }
                let status = match rng.random_range(0..20) {
                    0 => ApprovalStatus::Suspended,
                    1 => ApprovalStatus::Withdrawn,
                    _ => ApprovalStatus::Approved,
                };
                repo::put_approval(
                    conn,
                    &ApprovalRow {
                        provider_id: provider_ids[p].clone(),
                        municipality_code: TOWNS[nearest_town(point)].0.into(),
                        service_code: service.into(),
                        status: status.as_str().into(),
                        approved_on: today,
                        status_since: today,
                        reason: (status != ApprovalStatus::Approved).then(|| "Bench".into()),
                        changed_by: caseworker.clone(),
                        updated_at: at,
                    },
                )?;
            }
        }

        // Clients around the towns, each with a voucher for a random service.
        let mut vouchers = Vec::with_capacity(CLIENTS);
        for i in 0..CLIENTS {
            let t = pick_town(&mut rng);
            let home = around(&mut rng, (TOWNS[t].1, TOWNS[t].2), 8.0);
            let id = uuid::Uuid::now_v7().to_string();
            diesel::insert_into(persons::table)
                .values((
                    persons::id.eq(&id),
                    persons::personal_id.eq(format!("bench-{i}")),
                    persons::display_name.eq(format!("Asiakas {i}")),
                    persons::created_at.eq(at),
                ))
                .execute(conn)?;
            diesel::insert_into(clients::table)
                .values((
                    clients::person_id.eq(&id),
                    clients::municipality_code.eq(TOWNS[t].0),
                    clients::home_lat.eq(Some(home.0)),
                    clients::home_lon.eq(Some(home.1)),
                    clients::created_at.eq(at),
                ))
                .execute(conn)?;
            let which = rng.random_range(0..SERVICES.len());
            let service = SERVICES[which];
            let row = VoucherRow {
                id: uuid::Uuid::now_v7().to_string(),
                number: format!("BENCH-{i:08}"),
                client_id: id.clone(),
                rulebook_id: rulebook_ids[&(TOWNS[t].0.to_string(), service.to_string())].clone(),
                caseworker_id: caseworker.clone(),
                decision_date: today,
                valid_from: today,
                valid_until: today + Days::new(90),
                granted_units: 20,
                per_week: None,
                hours_per_day: None,
                exception_reason: None,
                out_of_area_allowed: false,
                out_of_area_reason: None,
                cancelled_at: None,
                cancel_reason: None,
                created_at: at,
                updated_at: at,
                place_agreed_on: None,
                plan_made_on: None,
                ordered_on: None,
                start_agreed_on: None,
                group_starts_on: None,
            };
            diesel::insert_into(seteli::db::schema::vouchers::table)
                .values(&row)
                .execute(conn)?;
            // Every other client who signs in has a second voucher in the wallet, for the next
            // service (chosen without the random numbers, so the rest of the data stays as it
            // was before the wallet was measured).
            let signs_in = i.is_multiple_of(CLIENTS / SIGNED_IN);
            if signs_in && (i / (CLIENTS / SIGNED_IN)).is_multiple_of(2) {
                let next = SERVICES[(which + 1) % SERVICES.len()];
                let second = VoucherRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    number: format!("BENCH2-{i:08}"),
                    rulebook_id: rulebook_ids[&(TOWNS[t].0.to_string(), next.to_string())].clone(),
                    ..row.clone()
                };
                diesel::insert_into(seteli::db::schema::vouchers::table)
                    .values(&second)
                    .execute(conn)?;
            }
            vouchers.push((id, row.id));
        }
        Ok::<_, AppError>(vouchers)
    })
    .and_then(|vouchers| {
        let mut requests = Vec::with_capacity(SIGNED_IN);
        let mut wallets = Vec::with_capacity(SIGNED_IN);
        for (client, voucher) in vouchers.iter().step_by(CLIENTS / SIGNED_IN) {
            let (session, _) = seteli::auth::repo::start_session(conn, client, now, 1)?;
            let token = state
                .tokens
                .issue(client, &session, now)
                .map_err(AppError::internal)?;
            requests.push(Request {
                path: format!(
                    "/api/v1/clients/{client}/vouchers/{voucher}/providers{}",
                    std::env::var("BENCH_QUERY").unwrap_or_default()
                ),
                token: Some(token.clone()),
            });
            wallets.push(Request {
                path: "/api/v1/clients/me/vouchers".into(),
                token: Some(token),
            });
        }
        Ok((requests, wallets))
    })
}
