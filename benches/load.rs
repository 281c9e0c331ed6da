//! A day's mixed traffic in minutes, then a soak. Not a test: it prints figures, and exits
//! non-zero if the server answered any request with a 5xx or a 429, left one unanswered, or
//! refused one the mix did not expect it to.
//!
//! ```sh
//! cargo bench --bench load                        # SQLite
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench load
//!                                                 # SQLite, then PostgreSQL
//! LOAD_REQUESTS=5000 LOAD_SOAK_SECONDS=20 cargo bench --bench load   # a short run
//! ```
//!
//! Loads a town straight into the database (see `support/load_town.rs`): clients in service
//! with a voucher and an agreement in force (enough for every check-in of the run to be a new
//! client and day), clients starting with a voucher and no agreement, providers with a site,
//! three staff and intro slots each, relatives with a power of attorney, caseworkers; everyone
//! with a session, so that tokens are made with the service's key and nobody signs in. Then
//! starts the real server, the `seteli` binary cargo builds beside this bench, as a process of
//! its own with every limit as it ships, so that its resident memory is its own. The first
//! clients in service open their thread with their provider; every staff member and some of
//! those clients open a socket (`GET /api/v1/ws`) and keep it for the whole run.
//!
//! The run: `LOAD_REQUESTS` (100,000) requests from `LOAD_CONNECTIONS` (64) keep-alive
//! connections, each sending its next request as soon as the last is answered, picked at random
//! by weight from the mix of `support/load_routes.rs`: home screens (clients, staff, relatives),
//! wallets, activity months and agreements, the provider search, intro slots, intro visits
//! booked and cancelled, check-ins and their confirmation by staff, chat (threads, messages read,
//! sent and marked read, each message heard on its recipients' sockets), notifications, billing
//! months (a provider's and the city's), and the caseworkers' inbox and deadlines. Writes are
//! about a sixth; they are spread over the people so that nobody writes more than once in two
//! seconds (see `support/load_mix.rs`). Then the soak: the same mix for `LOAD_SOAK_SECONDS`
//! (600) after `LOAD_WARMUP_SECONDS` (a tenth of it, 5–60) of warm-up, with the server's
//! resident memory (`VmRSS` of `/proc/<pid>/status`) at the soak's start and end and every
//! tenth of the way.
//!
//! Prints, for each run: the throughput; p50 and p99 by group of routes and by route; the
//! answers by kind (2xx, the refusals the mix expects, other 4xx, 429, 5xx, no answer); the
//! writes per person (the busiest person's most in a minute, and what a limit of 60 a minute
//! with a burst of 20 would have refused); each chat message's delivery to its recipients'
//! sockets; the server's and PostgreSQL's CPU; the machine's load average at the start and end.
//! `LOAD_SOCKETS` (2,000), `LOAD_CHAT_CLIENTS` (3,000 clients with a thread), `LOAD_CLIENTS`
//! (clients in service; by default enough for the check-ins of the run at
//! `LOAD_EXPECTED_RPS`, 2,000 requests a second, which also sets how many staff there are)
//! change the town.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use diesel::prelude::*;
use seteli::db::DatabaseUrl;

#[allow(dead_code)]
#[path = "support/in_process.rs"]
mod in_process;

#[allow(dead_code)]
#[path = "support/heinola_days.rs"]
mod heinola_days;

#[path = "support/load_town.rs"]
mod load_town;

#[allow(dead_code)]
#[path = "support/http_wire.rs"]
mod http_wire;
#[path = "support/load_wire.rs"]
mod load_wire;
#[allow(dead_code)]
#[path = "support/proc_stats.rs"]
mod proc_stats;

#[path = "support/load_sockets.rs"]
mod load_sockets;

#[path = "support/load_routes.rs"]
mod load_routes;

#[path = "support/load_mix.rs"]
mod load_mix;

#[path = "support/load_run.rs"]
mod load_run;

use load_mix::Load;
use load_routes::{Route, Tokens, GROUPS};
use load_run::{Budget, Phase};
use load_town::{Sizes, Town};
use load_wire::{load_average, mb, postgres_cpu, Memory, Server};

/// The per-person limit the writes are held against: the service's writes a minute, and a
/// burst smaller than the service's, to be safe.
const LIMIT_PER_MINUTE: u32 = 60;
const LIMIT_BURST: u32 = 20;

struct Config {
    requests: usize,
    soak: u64,
    warmup: u64,
    connections: usize,
    sockets: usize,
    chat_clients: usize,
    expected_rps: f64,
    clients: Option<usize>,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Config {
    fn from_env() -> Config {
        let soak: u64 = env_or("LOAD_SOAK_SECONDS", 600);
        Config {
            requests: env_or("LOAD_REQUESTS", 100_000),
            soak,
            warmup: env_or("LOAD_WARMUP_SECONDS", (soak / 10).clamp(5, 60)),
            connections: env_or("LOAD_CONNECTIONS", 64usize).max(1),
            sockets: env_or("LOAD_SOCKETS", 2_000),
            chat_clients: env_or("LOAD_CHAT_CLIENTS", 3_000),
            expected_rps: env_or("LOAD_EXPECTED_RPS", 2_000.0),
            clients: std::env::var("LOAD_CLIENTS")
                .ok()
                .and_then(|v| v.parse().ok()),
        }
    }

    /// The town: enough clients in service for every check-in of the run to be a new client
    /// and day, at the throughput expected; a provider for every hundred of them, and more
    /// where the staff's writes at that throughput need more people to stay one in four
    /// seconds each.
    fn sizes(&self) -> Sizes {
        let days = load_town::check_in_days_at(Utc::now()).len().max(1);
        let requests = self.requests as f64 + (self.soak + self.warmup) as f64 * self.expected_rps;
        let check_ins = requests * load_routes::share(Route::CheckIn) * 1.25;
        let active = self
            .clients
            .unwrap_or(((check_ins / days as f64).ceil() as usize).clamp(2_000, 60_000))
            .max(1);
        let staff_per_provider = 3;
        let staff = self.expected_rps * load_routes::staff_write_share() * 4.0;
        let providers = active
            .div_ceil(100)
            .max((staff / staff_per_provider as f64).ceil() as usize);
        Sizes {
            active,
            starting: (active / 10).max(1_000),
            providers,
            staff_per_provider,
            helpers: 500,
            backlog: active.min(2_000),
        }
    }
}

fn main() {
    let config = Config::from_env();
    let sizes = config.sizes();
    println!(
        "Load benchmark: {} mixed requests from {} connections, then a soak of {} s after {} s \
         of warm-up; {} cores shared by the server, the load generator and PostgreSQL; load \
         average {}",
        config.requests,
        config.connections,
        config.soak,
        config.warmup,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let clean = AtomicBool::new(true);
    in_process::on_each_database("load.db", |label, url| {
        if !run(label, url, &config, sizes) {
            clean.store(false, Ordering::Relaxed);
        }
    });
    if !clean.load(Ordering::Relaxed) {
        println!(
            "\nFAILED: some request was answered with a 5xx or a 429, not answered, or refused \
             unexpectedly (see above)"
        );
        std::process::exit(1);
    }
}

/// Loads the town on `url`, runs the server and the mix; whether every answer was clean.
fn run(label: &str, url: &str, config: &Config, sizes: Sizes) -> bool {
    println!("\n== {label} (load average {})", load_average());
    let town = seed(url, sizes);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut server = Server::start(&load_wire::server_binary(), url, dir.path());
    let people = town.people.clone();
    let tokens = Arc::new(Tokens::new(load_wire::token_service(), people));

    let started = Instant::now();
    let (threads, refused) =
        load_run::open_threads(server.port, &town, &tokens, config.chat_clients);
    let opened = threads.iter().filter(|t| t.is_some()).count();
    println!(
        "threads: {opened} of {} clients opened theirs with their provider in {:.1} s{}",
        threads.len(),
        started.elapsed().as_secs_f64(),
        if refused.is_empty() {
            String::new()
        } else {
            format!("; REFUSED: {refused:?}")
        }
    );
    let mut clean = refused.is_empty();

    // Sockets: every staff member, then the clients with a thread, as many as allowed.
    let mut socket_people: Vec<usize> = town
        .providers
        .iter()
        .flat_map(|p| p.staff.clone())
        .collect();
    socket_people.extend(
        threads
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_some())
            .map(|(i, _)| town.active[i].person),
    );
    socket_people.truncate(config.sockets);
    let mut has_socket = vec![false; town.people.len()];
    for p in &socket_people {
        has_socket[*p] = true;
    }
    let started = Instant::now();
    let sockets = load_sockets::Sockets::open(
        server.port,
        socket_people
            .iter()
            .map(|p| load_sockets::SocketPerson {
                index: *p as u32,
                person_id: town.people[*p].person_id.clone(),
                session_id: town.people[*p].session_id.clone(),
            })
            .collect(),
        Arc::new(load_wire::token_service()),
        2,
        200,
    );
    println!(
        "sockets: {} of {} open in {:.1} s ({} staff, the rest clients); {} failed; server \
         resident {}",
        sockets.progress.opened.load(Ordering::Relaxed),
        socket_people.len(),
        started.elapsed().as_secs_f64(),
        town.providers
            .iter()
            .map(|p| p.staff.len())
            .sum::<usize>()
            .min(socket_people.len()),
        sockets.progress.failed.load(Ordering::Relaxed),
        server.memory()
    );
    let load = Load::new(&town, tokens, &threads, has_socket);
    drop(town);

    // The day.
    let before = (
        server.memory(),
        server.cpu_seconds(),
        postgres_cpu(),
        load_average(),
    );
    let day = load_run::run(
        &load,
        server.port,
        config.connections,
        Budget::count(config.requests),
        Duration::from_secs(10),
        |_| {},
    );
    let after = (
        server.memory(),
        server.cpu_seconds(),
        postgres_cpu(),
        load_average(),
    );
    println!(
        "\n-- the day: {} mixed requests from {} connections (load average {} at the start, {} \
         at the end)",
        config.requests, config.connections, before.3, after.3
    );
    clean &= print_phase(&day, (after.1 - before.1, on_pg(label, after.2 - before.2)));
    println!(
        "server resident: {} before, {} after, {:.1} MB at its peak",
        before.0,
        after.0,
        mb(after.0.peak_kb)
    );

    // The soak.
    let warm = load_run::run(
        &load,
        server.port,
        config.connections,
        Budget::Until(Instant::now() + Duration::from_secs(config.warmup)),
        Duration::from_secs(config.warmup.max(1)),
        |_| {},
    );
    let warm_total = warm.total();
    println!(
        "\n-- the soak: the same mix for {} s, after {} s of warm-up ({:.0} requests/s; {} 5xx, {} \
         429, {} other 4xx, {} not answered)",
        config.soak,
        config.warmup,
        warm_total.requests() as f64 / warm.elapsed.as_secs_f64(),
        warm_total.server_errors,
        warm_total.limited,
        warm_total.unexpected,
        warm_total.failed
    );
    clean &=
        warm_total.server_errors + warm_total.limited + warm_total.unexpected + warm_total.failed
            == 0;
    let window = Duration::from_secs((config.soak / 10).max(5));
    let start = (
        server.memory(),
        server.cpu_seconds(),
        postgres_cpu(),
        load_average(),
    );
    let mut samples: Vec<Memory> = Vec::new();
    let soak = load_run::run(
        &load,
        server.port,
        config.connections,
        Budget::Until(Instant::now() + Duration::from_secs(config.soak)),
        window,
        |_| samples.push(server.memory()),
    );
    let end = (
        server.memory(),
        server.cpu_seconds(),
        postgres_cpu(),
        load_average(),
    );
    println!(
        "load average {} at the soak's start, {} at its end",
        start.3, end.3
    );
    clean &= print_phase(&soak, (end.1 - start.1, on_pg(label, end.2 - start.2)));
    println!(
        "  {:>6}  {:>10}  {:>8}  {:>8}  {:>11}  {:>8}  {:>8}",
        "from s", "requests/s", "p50 ms", "p99 ms", "resident MB", "own MB", "files MB"
    );
    // The last requests answered after the time was up are in the last window only.
    let windows = soak
        .windows
        .len()
        .min(config.soak.div_ceil(window.as_secs()) as usize);
    for (i, w) in soak.windows.iter().enumerate().take(windows) {
        let span = window
            .as_secs_f64()
            .min(soak.elapsed.as_secs_f64() - i as f64 * window.as_secs_f64());
        // The memory at the window's end: all resident pages, the server's own (anonymous), and
        // those of files it maps.
        let memory = |kb: fn(&Memory) -> u64| {
            samples
                .get(i)
                .map_or("".into(), |m| format!("{:.1}", mb(kb(m))))
        };
        println!(
            "  {:>6}  {:>10.0}  {:>8.2}  {:>8.2}  {:>11}  {:>8}  {:>8}",
            i as u64 * window.as_secs(),
            w.n as f64 / span.max(0.001),
            w.quantile_ms(0.5),
            w.quantile_ms(0.99),
            memory(|m| m.rss_kb),
            memory(|m| m.anon_kb),
            memory(|m| m.file_kb),
        );
    }
    let change = growth(start.0.rss_kb, end.0.rss_kb);
    println!(
        "RESIDENT MEMORY of the server: {:.1} MB at the soak's start (after the warm-up), {:.1} MB \
         at its end ({:+.1} %), {:.1} MB at its peak since it started: {}",
        mb(start.0.rss_kb),
        mb(end.0.rss_kb),
        100.0 * change,
        mb(end.0.peak_kb),
        verdict(change)
    );
    println!("  at the start {}\n  at the end   {}", start.0, end.0);
    let anon = growth(start.0.anon_kb, end.0.anon_kb);
    println!(
        "  the server's own pages (anonymous: heap, stacks) {:+.1} %: {}; the rest are pages of \
         files it maps (on SQLite its database files, read through a memory map, which grow)",
        100.0 * anon,
        verdict(anon)
    );

    // Deliveries, once the sockets are closed.
    std::thread::sleep(Duration::from_secs(2));
    let seen = sockets.stop();
    let receipts = load_run::by_message(&seen.receipts);
    for (what, phase) in [("the day", &day), ("the soak", &soak)] {
        let d = load_run::delivery(&phase.noted.sent, &receipts);
        println!(
            "chat delivery in {what} (request written → first recipient's socket read it): \
             median {:.2} ms, p99 {:.2} ms, max {:.1} ms; {} messages with a recipient's socket \
             open, {} lost",
            d.hist.quantile_ms(0.5),
            d.hist.quantile_ms(0.99),
            d.hist.max_ms(),
            d.expected,
            d.lost
        );
    }
    println!(
        "sockets that ended before the stop: {}{}",
        seen.ended.len(),
        seen.ended
            .first()
            .map_or(String::new(), |e| format!(", the first: {e}"))
    );
    let (prepared, sent) = load.check_ins();
    println!(
        "check-ins: {sent} of the {prepared} prepared sent; {} waiting for staff at the end",
        load.pending()
    );
    if !server.alive() {
        println!("THE SERVER ENDED during the run");
        clean = false;
    }
    println!("server logged {}", server.log_summary());
    drop(server);
    let (day_total, soak_total) = (day.total(), soak.total());
    let all_5xx = day_total.server_errors + warm_total.server_errors + soak_total.server_errors;
    let all_429 = day_total.limited + warm_total.limited + soak_total.limited;
    println!(
        "SUMMARY {label}: the day {:.0} requests/s, the soak {:.0} requests/s; 5xx {all_5xx}; 429 \
         {all_429}; the server resident {:.1} MB → {:.1} MB over the soak ({:+.1} %), its own \
         {:.1} MB → {:.1} MB ({:+.1} %){}",
        day_total.requests() as f64 / day.elapsed.as_secs_f64(),
        soak_total.requests() as f64 / soak.elapsed.as_secs_f64(),
        mb(start.0.rss_kb),
        mb(end.0.rss_kb),
        100.0 * change,
        mb(start.0.anon_kb),
        mb(end.0.anon_kb),
        100.0 * anon,
        if clean { "" } else { "; NOT CLEAN" }
    );
    clean
}

/// Loads the town, before the server starts.
fn seed(url: &str, sizes: Sizes) -> Town {
    let started = Instant::now();
    let mut conn = DatabaseUrl::parse(url)
        .expect("a database URL")
        .connect()
        .expect("open the database");
    seteli::db::run_migrations(&mut conn).expect("the migrations run");
    let town = load_town::load_town(&mut conn, sizes, Utc::now()).expect("the town loads");
    diesel::sql_query("ANALYZE")
        .execute(&mut conn)
        .expect("analyze");
    println!(
        "town: {} municipalities; {} clients in service (each may check in for {} days: {}), {} \
         starting, {} providers with {} staff, {} relatives, {} caseworkers, {} check-ins \
         waiting for staff; {} people; loaded in {:.1} s",
        town.municipalities.len(),
        town.active.len(),
        town.days.len(),
        town.days
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        town.starting.len(),
        town.providers.len(),
        town.providers.iter().map(|p| p.staff.len()).sum::<usize>(),
        town.helpers.len(),
        town.caseworkers.len(),
        town.backlog.len(),
        town.people.len(),
        started.elapsed().as_secs_f64()
    );
    town
}

/// PostgreSQL's CPU where the run is on PostgreSQL (on SQLite the processes are others').
fn on_pg(label: &str, seconds: f64) -> f64 {
    if label == "PostgreSQL" {
        seconds
    } else {
        0.0
    }
}

/// Prints a run's figures; whether every answer was clean.
fn print_phase(phase: &Phase, (server_cpu, postgres_cpu): (f64, f64)) -> bool {
    let total = phase.total();
    let seconds = phase.elapsed.as_secs_f64();
    let writes: u64 = Route::ALL
        .iter()
        .zip(&phase.routes)
        .filter(|(r, _)| r.is_write())
        .map(|(_, s)| s.requests())
        .sum();
    println!(
        "THROUGHPUT: {} requests in {:.1} s, {:.0} requests/s ({:.1} % writes)",
        total.requests(),
        seconds,
        total.requests() as f64 / seconds,
        100.0 * writes as f64 / total.requests().max(1) as f64
    );
    let header = format!(
        "  {:<44} {:>8} {:>6} {:>8} {:>8} {:>8} {:>5} {:>5} {:>5} {:>5} {:>5}",
        "", "requests", "share", "p50 ms", "p99 ms", "2xx", "4xx*", "4xx", "429", "5xx", "none"
    );
    let line = |name: &str, s: &load_run::RouteStats| {
        println!(
            "  {:<44} {:>8} {:>5.1}% {:>8.2} {:>8.2} {:>8} {:>5} {:>5} {:>5} {:>5} {:>5}",
            name,
            s.requests(),
            100.0 * s.requests() as f64 / total.requests().max(1) as f64,
            s.hist.quantile_ms(0.5),
            s.hist.quantile_ms(0.99),
            s.ok,
            s.expected,
            s.unexpected,
            s.limited,
            s.server_errors,
            s.failed
        )
    };
    println!("{header}");
    for group in GROUPS {
        line(group, &phase.group(group));
    }
    line("all", &total);
    println!("  by route:");
    for (route, s) in Route::ALL.iter().zip(&phase.routes) {
        if s.requests() > 0 {
            line(route.name(), s);
        }
    }
    println!("  (4xx*: refusals the mix expects, a slot full by the time it was booked)");
    println!(
        "5xx: {} (must be 0)   429: {} (must be 0)   other 4xx: {}   not answered: {}",
        total.server_errors, total.limited, total.unexpected, total.failed
    );
    for (route, s) in Route::ALL.iter().zip(&phase.routes) {
        if let (Some(p), true) = (&s.first_problem, s.ok < s.requests()) {
            println!("  first problem of {}: {p}", route.name());
        }
    }
    let mut w = phase.noted.writes.clone();
    let f = load_run::write_figures(&mut w, LIMIT_PER_MINUTE, LIMIT_BURST);
    println!(
        "writes: {} by {} people; the busiest person wrote {} times in a minute and {} in a \
         second at most; a limit of {LIMIT_PER_MINUTE} a minute with a burst of {LIMIT_BURST} \
         would have refused {}",
        f.writes, f.people, f.busiest_minute, f.busiest_second, f.refused_by_limit,
    );
    if !phase.noted.substituted.is_empty() {
        let s: Vec<String> = phase
            .noted
            .substituted
            .iter()
            .map(|(why, n)| format!("{n} × {why}"))
            .collect();
        println!("requests sent in place of another: {}", s.join(", "));
    }
    let postgres = if postgres_cpu > 0.0 {
        format!(
            ", PostgreSQL's processes on this machine (anyone's: other tests count too) \
             {postgres_cpu:.1} s ({:.2} cores)",
            postgres_cpu / seconds
        )
    } else {
        String::new()
    };
    println!(
        "CPU: the server {server_cpu:.1} s ({:.2} cores){postgres}",
        server_cpu / seconds
    );
    total.server_errors + total.limited + total.unexpected + total.failed == 0
}

/// How much a memory figure grew from `start` to `end`, as a fraction of `start`.
fn growth(start_kb: u64, end_kb: u64) -> f64 {
    (end_kb as f64 - start_kb as f64) / (start_kb.max(1) as f64)
}

/// Whether a soak's memory stayed flat: within 10 % of its start (the issue's bound).
fn verdict(growth: f64) -> &'static str {
    if growth.abs() <= 0.10 {
        "within 10 % of the start"
    } else {
        "NOT within 10 % of the start"
    }
}
