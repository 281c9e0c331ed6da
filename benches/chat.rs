//! The chat socket under load: thousands of open sockets, a steady stream of messages between
//! random pairs, and how long each takes from its sending to the recipient's socket. Not a test:
//! it prints figures and asserts nothing.
//!
//! ```sh
//! cargo bench --bench chat                        # SQLite
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench chat
//!                                                 # SQLite, then PostgreSQL with one server
//!                                                 # and with two
//! ```
//!
//! A message is a write transaction (the message, a receipt for each recipient, an event for
//! every person of the thread), and once it commits the server hands each event to the
//! recipients' open sockets: in its own process through its hub, and on PostgreSQL to the other
//! servers on the same database through `NOTIFY`, which read the rows and hand them to theirs.
//! The target is a p99 under 50 ms from sending to the recipient's socket, with 5,000 sockets
//! open and a server of less than 250 MB resident.
//!
//! Loads pairs of people straight into the database (see `support/chat_pairs.rs`): a Heinola
//! client, and the one staff member of a provider of the client's own with whom the client has
//! an agreement in force, each with a session; and makes their access tokens with the service's
//! signing key, so that nobody signs in. Then starts the real server, the `seteli` binary that
//! cargo builds beside this bench, as a process of its own (`seteli serve`, configured by
//! `SETELI_*` variables, with the per-person limit of messages lifted), so that its resident
//! memory is its own and not the load generator's, and so that two servers are two instances.
//! Each client opens the thread with their provider (`POST /api/v1/threads`); then every person
//! opens a socket (`GET /api/v1/ws`, the token in the subprotocol `bearer.…`), a bounded number
//! at a time, and waits for its `ready`. Then messages go at a steady rate (`POST
//! /api/v1/threads/{id}/messages`) from a pool of keep-alive connections, each from a random
//! pair's client to its staff member or back, every one on its schedule whatever the answers
//! before it took. The instant before a request is written is kept with the message's id (from
//! the 201); the instant the recipient's socket reads the `message.new` event naming that id is
//! its delivery. (The sender's own socket hears the same event, for the sender's other
//! devices: counted apart, as the echo.) Messages not delivered within 5 seconds after the last
//! one was sent are lost. Prints the sockets opened and how long each took, messages sent,
//! delivered and lost, the delivery time's median, p90, p99 and maximum, the send requests'
//! median and p99, what closed sockets during the run, and each server's resident memory from
//! `/proc` (at its start, idle, with the sockets open, after the messages, and its peak; its own
//! pages apart from those of mapped files, and its threads) and CPU; how busy the machine was and
//! PostgreSQL's processes on it; connections the kernel dropped from a full listening queue
//! while the sockets opened; and what the servers logged at WARN or ERROR.
//!
//! On SQLite, one server on a file in a temporary directory. With `TEST_DATABASE_URL` (a
//! PostgreSQL server where the user may create databases), a fresh database: one server, then
//! two on the same database, each client's socket and sending on the first and each staff
//! member's on the second, so that every delivery crosses from one to the other.
//!
//! Every socket and connection is a file, in this process and in the server's, which inherits
//! this process's limit: the bench raises its own soft limit of open files to the hard one
//! (with `prlimit`), and opens fewer sockets, saying so, when even that is too low.
//!
//! `SETELI_BENCH_SOCKETS` (default 5000; two per pair), `SETELI_BENCH_RATE` (messages a second,
//! 1000), `SETELI_BENCH_SECONDS` (30), `SETELI_BENCH_CONNECTIONS` (keep-alive connections that
//! send, 64), `SETELI_BENCH_OPEN_AT_ONCE` (sockets opening at a time, 200) and
//! `SETELI_BENCH_READERS` (threads that read the sockets, the cores up to 4) change the run;
//! `SETELI_BENCH_POOL_SIZE` sets the servers' `database_pool_size` (else theirs, 8).
//! The server's log is kept in its temporary directory while the run lasts; `RUST_LOG` passes
//! on to it.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use chrono::Utc;
use diesel::prelude::*;
use futures_util::{SinkExt, StreamExt};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use seteli::auth::tokens::TokenService;
use seteli::config::{AuthSettings, Secret};
use seteli::db::DatabaseUrl;
use tokio::sync::{oneshot, Semaphore};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::header::{HeaderValue, SEC_WEBSOCKET_PROTOCOL};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

// The bench uses only the vouchers and agreements of this shared module.
#[allow(dead_code)]
#[path = "support/heinola_days.rs"]
mod heinola_days;

#[path = "support/chat_pairs.rs"]
mod chat_pairs;

#[allow(dead_code)]
#[path = "support/http_wire.rs"]
mod http_wire;
#[allow(dead_code)]
#[path = "support/proc_stats.rs"]
mod proc_stats;
use chat_pairs::{load_pairs, Pair};
use http_wire::Http;
use proc_stats::{cpu_seconds, mb, Memory};

/// The service's signing key in the runs: any 32 bytes.
const KEY: [u8; 32] = [7; 32];
/// How long after the last message was sent a delivery still counts.
const DRAIN: Duration = Duration::from_secs(5);
/// How long a socket may take from its connection to its `ready`.
const OPEN_WITHIN: Duration = Duration::from_secs(30);
/// A socket sends a new token this long before its token expires (the service's tokens live at
/// most 15 minutes; a long run would otherwise see every socket closed with 4001).
const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(120);
/// Files the bench keeps open besides its sockets and connections.
const SPARE_FILES: u64 = 256;

fn main() {
    let wanted: usize = env_or("SETELI_BENCH_SOCKETS", 5_000);
    let connections: usize = env_or("SETELI_BENCH_CONNECTIONS", 64).max(1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut config = Config {
        sockets: wanted,
        rate: env_or("SETELI_BENCH_RATE", 1_000.0f64).max(0.1),
        seconds: env_or("SETELI_BENCH_SECONDS", 30),
        connections,
        readers: env_or("SETELI_BENCH_READERS", cores.min(4)).max(1),
        open_at_once: env_or("SETELI_BENCH_OPEN_AT_ONCE", 200).max(1),
    };
    config.sockets = sockets_the_limit_allows(wanted, connections);
    config.sockets = (config.sockets - config.sockets % 2).max(2);
    println!(
        "Chat benchmark: {} sockets ({} pairs of a client and a provider's staff member), {} \
         messages a second for {} s between random pairs, from {} keep-alive connections; {} \
         reader threads; {cores} cores shared by the server(s) and this load generator",
        config.sockets,
        config.sockets / 2,
        config.rate,
        config.seconds,
        config.connections,
        config.readers,
    );
    let binary = server_binary();
    let dir = tempfile::tempdir().expect("a temporary directory");

    let sqlite = format!("sqlite://{}", dir.path().join("chat.db").display());
    let pairs = seed(&sqlite, config.sockets / 2);
    {
        let server = Server::start(&binary, "sqlite", &sqlite, dir.path());
        let threads = open_threads(&server, &pairs, &config);
        measure("SQLite, one server", &[&server], &pairs, &threads, &config);
    }

    let Some(admin) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        println!("\n(set TEST_DATABASE_URL to also measure PostgreSQL, with one server and two)");
        return;
    };
    let name = format!("seteli_chat_bench_{}", std::process::id());
    let mut conn = diesel::pg::PgConnection::establish(&admin).expect("connect PostgreSQL");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .expect("create the bench database");
    let mut url = url::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    // Whatever happens to the runs, the database goes.
    let outcome = std::panic::catch_unwind(|| {
        let pairs = seed(url.as_str(), config.sockets / 2);
        let threads = {
            let server = Server::start(&binary, "pg-a", url.as_str(), dir.path());
            let threads = open_threads(&server, &pairs, &config);
            measure(
                "PostgreSQL, one server",
                &[&server],
                &pairs,
                &threads,
                &config,
            );
            threads
        };
        let a = Server::start(&binary, "pg-a", url.as_str(), dir.path());
        let b = Server::start(&binary, "pg-b", url.as_str(), dir.path());
        measure(
            "PostgreSQL, two servers (clients on A, staff on B)",
            &[&a, &b],
            &pairs,
            &threads,
            &config,
        );
    });
    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Config {
    /// Sockets in all, two per pair.
    sockets: usize,
    /// Messages a second.
    rate: f64,
    seconds: u64,
    /// Keep-alive connections (and threads) that send.
    connections: usize,
    /// Threads whose event loops read the sockets.
    readers: usize,
    /// Sockets opening at a time.
    open_at_once: usize,
}

// ---------------------------------------------------------------------------------------------
// Open files

/// The soft and hard limits of open files of this process, from `/proc`.
fn open_file_limits() -> Option<(u64, u64)> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let mut values = line["Max open files".len()..].split_whitespace().map(|v| {
        if v == "unlimited" {
            Some(u64::MAX)
        } else {
            v.parse().ok()
        }
    });
    Some((values.next()??, values.next()??))
}

/// Raises this process's soft limit of open files to its hard one when the sockets need more,
/// and answers how many sockets fit under the limit then. The server processes inherit the
/// limit; each holds no more sockets than this one.
fn sockets_the_limit_allows(wanted: usize, connections: usize) -> usize {
    // Each sending thread keeps a connection to each server.
    let needed = |sockets: usize| sockets as u64 + 2 * connections as u64 + SPARE_FILES;
    let Some((soft, hard)) = open_file_limits() else {
        println!("(cannot read /proc/self/limits: the limit of open files is left as it is)");
        return wanted;
    };
    let mut limit = soft;
    if soft < needed(wanted) && hard > soft {
        // prlimit(1) sets the limits of a running process, this one, to what it may have.
        let status = Command::new("prlimit")
            .arg(format!("--pid={}", std::process::id()))
            .arg(format!("--nofile={hard}:{hard}"))
            .status();
        limit = open_file_limits().map_or(soft, |(s, _)| s);
        match status {
            Ok(s) if s.success() && limit > soft => {
                println!("raised the limit of open files from {soft} to {limit}")
            }
            Ok(s) => println!("prlimit could not raise the limit of open files ({s})"),
            Err(e) => println!("prlimit could not raise the limit of open files: {e}"),
        }
    }
    if limit >= needed(wanted) {
        return wanted;
    }
    let fits = limit.saturating_sub(needed(0)) as usize;
    println!(
        "WARNING: {wanted} sockets need about {} open files, and the limit is {limit} (hard \
         {hard}): opening {fits} sockets instead. Raise the hard limit (ulimit -Hn, as root) for \
         the full run.",
        needed(wanted)
    );
    fits
}

// ---------------------------------------------------------------------------------------------
// The database and the servers

/// Makes the schema and loads the pairs, from this process, before any server starts.
fn seed(url: &str, pairs: usize) -> Vec<Pair> {
    let started = Instant::now();
    let mut conn = DatabaseUrl::parse(url)
        .expect("a database URL")
        .connect()
        .expect("open the database");
    seteli::db::run_migrations(&mut conn).expect("the migrations run");
    let loaded = load_pairs(&mut conn, pairs, Utc::now()).expect("the pairs load");
    diesel::sql_query("ANALYZE")
        .execute(&mut conn)
        .expect("analyze");
    println!(
        "\nloaded {pairs} pairs ({} people with a session each) in {:.1} s",
        2 * pairs,
        started.elapsed().as_secs_f64()
    );
    loaded
}

/// The `seteli` binary cargo built with this bench: named by cargo, or beside the bench's own
/// directory (`target/release/deps/chat-…` → `target/release/seteli`).
fn server_binary() -> PathBuf {
    let path = option_env!("CARGO_BIN_EXE_seteli")
        .map(PathBuf::from)
        .or_else(|| {
            let exe = std::env::current_exe().ok()?;
            Some(exe.parent()?.parent()?.join("seteli"))
        })
        .expect("the path of the seteli binary");
    assert!(
        path.exists(),
        "the server binary {} is missing: build it with `cargo build --release`",
        path.display()
    );
    path
}

fn signing_key() -> String {
    base64::engine::general_purpose::STANDARD.encode(KEY)
}

/// The tokens the servers take: their settings' issuer, audience and lifetime, and the key.
fn token_service() -> TokenService {
    let auth = AuthSettings {
        signing_key: Some(Secret::new(signing_key())),
        ..Default::default()
    };
    TokenService::new(&auth, &KEY)
}

/// A server process (`seteli serve`), killed when dropped.
struct Server {
    label: String,
    child: Child,
    port: u16,
    log: PathBuf,
    /// How much of the log was summed up already.
    log_seen: AtomicUsize,
}

impl Server {
    fn start(binary: &Path, label: &str, url: &str, dir: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = dir.join(format!("server-{label}.log"));
        let out = File::create(&log).expect("the server's log file");
        let mut command = Command::new(binary);
        command
            .arg("serve")
            // No seteli.toml of the working directory is read.
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("the log file"))
            .stderr(out);
        // The settings are all here: none of this shell's (SETELI_BENCH_* would not even parse).
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("SETELI_") {
                command.env_remove(name);
            }
        }
        command
            .env("SETELI_BIND", format!("127.0.0.1:{port}"))
            .env("SETELI_DATABASE_URL", url)
            .env("SETELI_AUTH__SIGNING_KEY", signing_key())
            .env("SETELI_AUTH__MESSAGES_PER_MINUTE", "1000000");
        if let Ok(size) = std::env::var("SETELI_BENCH_POOL_SIZE") {
            command.env("SETELI_DATABASE_POOL_SIZE", size);
        }
        let child = command.spawn().expect("the server starts");
        let mut server = Server {
            label: label.to_string(),
            child,
            port,
            log,
            log_seen: Default::default(),
        };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "the server {label} ended ({status}) before it was ready; its log:\n{}",
                    std::fs::read_to_string(&server.log).unwrap_or_default()
                );
            }
            let ready = Http::connect(port)
                .and_then(|mut http| http.exchange(&get_request("/readyz")))
                .is_ok_and(|(status, _)| status == 200);
            if ready {
                break;
            }
            if started.elapsed() > Duration::from_secs(60) {
                panic!(
                    "the server {label} was not ready within 60 s; its log:\n{}",
                    std::fs::read_to_string(&server.log).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        println!(
            "server {label}: pid {}, port {port}, ready in {:.1} s, resident {}",
            server.pid(),
            started.elapsed().as_secs_f64(),
            server.memory()
        );
        server
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn memory(&self) -> Memory {
        Memory::of(&format!("/proc/{}/status", self.pid()))
    }

    fn cpu_seconds(&self) -> f64 {
        cpu_seconds(&format!("/proc/{}/stat", self.pid()))
    }

    fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid())).map_or(0, |d| d.count())
    }

    /// What the server logged at WARN or ERROR since the last call: how many lines, and the
    /// first few different ones.
    fn log_summary(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let new = text
            .get(self.log_seen.swap(text.len(), Ordering::Relaxed)..)
            .unwrap_or("");
        proc_stats::warnings(new)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The machine's CPU time so far, from `/proc/stat`, in seconds: (busy, waiting for the disk,
/// all). Differences over a measurement tell how loaded the cores were.
fn machine_cpu() -> (f64, f64, f64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = stat.lines().find(|l| l.starts_with("cpu ")) else {
        return (0.0, 0.0, 0.0);
    };
    let v: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    let at = |i: usize| v.get(i).copied().unwrap_or(0.0) / 100.0;
    // user nice system idle iowait irq softirq steal
    let all: f64 = (0..8).map(at).sum();
    (all - at(3) - at(4), at(4), all)
}

/// CPU seconds so far of every process named `postgres` on this machine (a PostgreSQL server
/// elsewhere counts nothing).
fn postgres_cpu() -> f64 {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    procs
        .flatten()
        .filter(|p| {
            p.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|p| std::fs::read_to_string(p.path().join("stat")).ok())
        .filter(|stat| stat.contains("(postgres)"))
        .map(|stat| {
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
            let ticks = |i: usize| {
                fields
                    .get(i)
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            (ticks(11) + ticks(12)) / 100.0
        })
        .sum()
}

/// Connections the kernel dropped because a listening socket's queue was full
/// (`TcpExtListenOverflows` of `/proc/net/netstat`, for the whole network namespace): a client
/// whose connection was dropped tries again after a second.
fn listen_overflows() -> u64 {
    let netstat = std::fs::read_to_string("/proc/net/netstat").unwrap_or_default();
    let mut lines = netstat.lines().filter(|l| l.starts_with("TcpExt:"));
    let (Some(names), Some(values)) = (lines.next(), lines.next()) else {
        return 0;
    };
    names
        .split_whitespace()
        .zip(values.split_whitespace())
        .find(|(name, _)| *name == "ListenOverflows")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// HTTP/1.1 over keep-alive connections

fn get_request(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").into_bytes()
}

/// A POST with a JSON body; with an `Idempotency-Key`, as the app sends its messages.
fn post_request(path: &str, token: &str, body: &str, key: Option<&str>) -> Vec<u8> {
    let key = key
        .map(|k| format!("Idempotency-Key: {k}\r\n"))
        .unwrap_or_default();
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fi\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n{key}\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[derive(serde::Deserialize)]
struct Created {
    id: String,
}

/// Answers that were not what was asked for: how many of each status (0: no answer, the
/// connection failed), and the first one's body or error.
#[derive(Default)]
struct Refusals {
    by_status: BTreeMap<u16, usize>,
    first: Option<String>,
}

impl Refusals {
    fn add(&mut self, status: u16, what: impl FnOnce() -> String) {
        *self.by_status.entry(status).or_insert(0) += 1;
        if self.first.is_none() {
            self.first = Some(what());
        }
    }

    fn merge(&mut self, other: Refusals) {
        for (status, n) in other.by_status {
            *self.by_status.entry(status).or_insert(0) += n;
        }
        self.first = self.first.take().or(other.first);
    }

    fn count(&self) -> usize {
        self.by_status.values().sum()
    }

    fn describe(&self) -> String {
        if self.by_status.is_empty() {
            return "none".into();
        }
        let by: Vec<String> = self
            .by_status
            .iter()
            .map(|(s, n)| match s {
                0 => format!("{n} × no answer"),
                s => format!("{n} × {s}"),
            })
            .collect();
        format!(
            "{}; the first: {}",
            by.join(", "),
            self.first.as_deref().unwrap_or("")
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Threads

/// Each client opens the thread with their provider: the thread's id by pair, `None` where it
/// failed. Always on the first server (the clients' in every run).
fn open_threads(server: &Server, pairs: &[Pair], config: &Config) -> Vec<Option<String>> {
    let tokens = token_service();
    let now = Utc::now();
    let requests: Vec<Vec<u8>> = pairs
        .iter()
        .map(|pair| {
            let token = tokens
                .issue(&pair.client.person_id, &pair.client.session_id, now)
                .expect("a token");
            let body = format!(
                r#"{{"client_id":"{}","provider_id":"{}"}}"#,
                pair.client.person_id, pair.provider_id
            );
            post_request("/api/v1/threads", &token, &body, None)
        })
        .collect();
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let ids: Mutex<Vec<Option<String>>> = Mutex::new(vec![None; pairs.len()]);
    let refusals = Mutex::new(Refusals::default());
    let latencies = Mutex::new(Vec::new());
    let statuses = Mutex::new(BTreeMap::<u16, usize>::new());
    std::thread::scope(|scope| {
        for _ in 0..config.connections.min(32) {
            scope.spawn(|| {
                let mut http: Option<Http> = None;
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = requests.get(i) else {
                        break;
                    };
                    let t = Instant::now();
                    let answer = match http.as_mut() {
                        Some(h) => h.exchange(request),
                        None => Http::connect(server.port).and_then(|mut h| {
                            let a = h.exchange(request);
                            http = Some(h);
                            a
                        }),
                    };
                    mine.push(t.elapsed());
                    match answer {
                        Ok((status @ (200 | 201), body)) => {
                            *statuses.lock().unwrap().entry(status).or_insert(0) += 1;
                            match serde_json::from_slice::<Created>(&body) {
                                Ok(c) => ids.lock().unwrap()[i] = Some(c.id),
                                Err(e) => refusals.lock().unwrap().add(status, || {
                                    format!("no id in {}: {e}", String::from_utf8_lossy(&body))
                                }),
                            }
                        }
                        Ok((status, body)) => refusals
                            .lock()
                            .unwrap()
                            .add(status, || String::from_utf8_lossy(&body).into()),
                        Err(e) => {
                            http = None;
                            refusals.lock().unwrap().add(0, || e.to_string());
                        }
                    }
                    if http.as_ref().is_some_and(|h| h.closing) {
                        http = None;
                    }
                }
                latencies.lock().unwrap().extend(mine);
            });
        }
    });
    let ids = ids.into_inner().unwrap();
    let opened = ids.iter().filter(|i| i.is_some()).count();
    let mut latencies = latencies.into_inner().unwrap();
    latencies.sort();
    let statuses: Vec<String> = statuses
        .into_inner()
        .unwrap()
        .iter()
        .map(|(s, n)| format!("{n} × {s}"))
        .collect();
    println!(
        "threads: {opened} of {} opened in {:.1} s ({}), request median {:.1} ms, p99 {:.1} ms; \
         failed: {}",
        pairs.len(),
        started.elapsed().as_secs_f64(),
        statuses.join(", "),
        ms(pick(&latencies, 0.5)),
        ms(pick(&latencies, 0.99)),
        refusals.into_inner().unwrap().describe()
    );
    ids
}

// ---------------------------------------------------------------------------------------------
// Sockets

/// A person's socket to open: their number (a pair's client is 2p, its staff member 2p + 1),
/// the server's port, and their session, for tokens.
struct Person {
    number: u32,
    port: u16,
    token: String,
    person_id: String,
    session_id: String,
}

/// A `message.new` event a socket read.
struct Receipt {
    message: Box<str>,
    person: u32,
    at: Instant,
}

/// What the sockets of one reader thread saw.
#[derive(Default)]
struct ReaderOut {
    receipts: Vec<Receipt>,
    /// From the connection to the `ready`, of each socket that opened.
    open_times: Vec<Duration>,
    /// Why sockets did not open.
    open_failures: Vec<String>,
    /// Why open sockets ended before the run did: a close frame's code and reason, or an error.
    ended: Vec<String>,
}

/// Counts all reader threads keep, for the main thread to follow the run.
#[derive(Default)]
struct Progress {
    opened: AtomicUsize,
    failed: AtomicUsize,
    message_new: AtomicUsize,
    ended: AtomicUsize,
}

type Socket = WebSocketStream<tokio::net::TcpStream>;

/// Connects, offers the subprotocol with the token, and waits for `ready`.
async fn open_socket(port: u16, token: &str) -> Result<Socket, String> {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut request = format!("ws://127.0.0.1:{port}/api/v1/ws")
        .into_client_request()
        .map_err(|e| e.to_string())?;
    request.headers_mut().insert(
        SEC_WEBSOCKET_PROTOCOL,
        HeaderValue::from_str(&format!("seteli.v1, bearer.{token}")).map_err(|e| e.to_string())?,
    );
    // Small buffers: a socket carries a few small frames a second at most, and the default
    // 128 KiB of each would be most of this process's memory.
    let config = WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0);
    let (mut socket, _) =
        tokio_tungstenite::client_async_with_config(request, stream, Some(config))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
    loop {
        match socket.next().await {
            Some(Ok(Message::Text(text))) if text.as_str().contains(r#""type":"ready""#) => {
                return Ok(socket)
            }
            Some(Ok(Message::Close(frame))) => {
                return Err(format!(
                    "closed before ready: {}",
                    close_text(frame.as_ref())
                ))
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("before ready: {e}")),
            None => return Err("the stream ended before ready".into()),
        }
    }
}

fn close_text(frame: Option<&tokio_tungstenite::tungstenite::protocol::CloseFrame>) -> String {
    match frame {
        Some(f) => format!("close {} {}", u16::from(f.code), f.reason.as_str()),
        None => "close without a code".into(),
    }
}

/// The id of the message a `message.new` frame names.
fn message_new(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Frame {
        event: Option<EventView>,
    }
    #[derive(serde::Deserialize)]
    struct EventView {
        kind: String,
        message_id: Option<String>,
    }
    if !text.contains("message.new") {
        return None;
    }
    let event = serde_json::from_str::<Frame>(text).ok()?.event?;
    (event.kind == "message.new")
        .then_some(event.message_id)
        .flatten()
}

/// One person's socket, from its opening (a place among those opening at a time) to the end of
/// the run: every `message.new` it reads is kept with the instant it came.
async fn socket_task(
    person: Person,
    gate: Arc<Semaphore>,
    progress: Arc<Progress>,
    out: Rc<RefCell<ReaderOut>>,
    tokens: Arc<TokenService>,
) {
    let permit = gate.acquire_owned().await;
    let started = Instant::now();
    let opened = tokio::time::timeout(OPEN_WITHIN, open_socket(person.port, &person.token)).await;
    drop(permit);
    let mut socket = match opened {
        Ok(Ok(socket)) => socket,
        Ok(Err(why)) => {
            out.borrow_mut().open_failures.push(why);
            progress.failed.fetch_add(1, Ordering::Relaxed);
            return;
        }
        Err(_) => {
            out.borrow_mut()
                .open_failures
                .push(format!("no ready within {} s", OPEN_WITHIN.as_secs()));
            progress.failed.fetch_add(1, Ordering::Relaxed);
            return;
        }
    };
    out.borrow_mut().open_times.push(started.elapsed());
    progress.opened.fetch_add(1, Ordering::Relaxed);
    let every = Duration::from_secs(tokens.ttl_seconds().max(0) as u64)
        .saturating_sub(RENEW_BEFORE_EXPIRY)
        .max(Duration::from_secs(30));
    let renew = tokio::time::sleep(every);
    tokio::pin!(renew);
    let why = loop {
        tokio::select! {
            frame = socket.next() => {
                let at = Instant::now();
                match frame {
                    Some(Ok(Message::Text(text))) => {
                        if let Some(id) = message_new(text.as_str()) {
                            out.borrow_mut().receipts.push(Receipt {
                                message: id.into(),
                                person: person.number,
                                at,
                            });
                            progress.message_new.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Some(Ok(Message::Close(frame))) => break close_text(frame.as_ref()),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break e.to_string(),
                    None => break "the stream ended".to_string(),
                }
            }
            _ = &mut renew => {
                let token = tokens
                    .issue(&person.person_id, &person.session_id, Utc::now())
                    .expect("a token");
                let frame = format!(r#"{{"type":"auth","token":"{token}"}}"#);
                if let Err(e) = socket.send(Message::text(frame)).await {
                    break format!("sending a new token: {e}");
                }
                renew.as_mut().reset(tokio::time::Instant::now() + every);
            }
        }
    };
    out.borrow_mut().ended.push(why);
    progress.ended.fetch_add(1, Ordering::Relaxed);
}

/// A thread whose event loop opens and reads `people`'s sockets until `stop`.
fn reader_thread(
    people: Vec<Person>,
    gate: Arc<Semaphore>,
    progress: Arc<Progress>,
    tokens: Arc<TokenService>,
    stop: oneshot::Receiver<()>,
) -> std::thread::JoinHandle<ReaderOut> {
    std::thread::Builder::new()
        .name("sockets".into())
        .spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let out = Rc::new(RefCell::new(ReaderOut::default()));
                for person in people {
                    actix_web::rt::spawn(socket_task(
                        person,
                        gate.clone(),
                        progress.clone(),
                        out.clone(),
                        tokens.clone(),
                    ));
                }
                let _ = stop.await;
                let seen = std::mem::take(&mut *out.borrow_mut());
                seen
            })
        })
        .expect("a reader thread")
}

// ---------------------------------------------------------------------------------------------
// Messages

/// What the sending threads share: the pairs with a thread, every person's token, and which
/// server each side talks to.
struct Plan {
    /// (thread id, pair number) of the pairs whose thread opened.
    threads: Vec<(String, u32)>,
    tokens: Vec<String>,
    client_port: u16,
    staff_port: u16,
    rate: f64,
    connections: usize,
}

impl Plan {
    fn port_of(&self, person: u32) -> u16 {
        if person.is_multiple_of(2) {
            self.client_port
        } else {
            self.staff_port
        }
    }
}

/// A message the server took: its id, the person it is for, when its request was written and
/// how long the answer took.
struct Sent {
    message: Box<str>,
    recipient: u32,
    at: Instant,
    took: Duration,
}

#[derive(Default)]
struct SenderOut {
    sent: Vec<Sent>,
    refusals: Refusals,
    /// Messages whose request went out more than 10 ms after their time: the connections were
    /// busy waiting for earlier answers.
    late: usize,
}

/// Sends every `connections`-th message of the schedule, starting with the `lane`-th: message
/// k at `start + k / rate`, until `end`.
fn sender_thread(plan: Arc<Plan>, lane: usize, start: Instant, end: Instant) -> SenderOut {
    let mut rng = StdRng::seed_from_u64(lane as u64 + 1);
    let mut out = SenderOut::default();
    let mut connections: HashMap<u16, Http> = HashMap::new();
    let mut k = lane;
    loop {
        let due = start + Duration::from_secs_f64(k as f64 / plan.rate);
        if due >= end {
            break;
        }
        let now = Instant::now();
        if due > now {
            std::thread::sleep(due - now);
        } else if now - due > Duration::from_millis(10) {
            out.late += 1;
        }
        let (thread, pair) = &plan.threads[rng.random_range(0..plan.threads.len())];
        let (client, staff) = (2 * pair, 2 * pair + 1);
        let (from, to) = if rng.random_bool(0.5) {
            (client, staff)
        } else {
            (staff, client)
        };
        let port = plan.port_of(from);
        let body = format!(r#"{{"text":"Hei! Viesti {k}: tuletko huomenna yhdeksältä?"}}"#);
        let request = post_request(
            &format!("/api/v1/threads/{thread}/messages"),
            &plan.tokens[from as usize],
            &body,
            Some(&uuid::Uuid::now_v7().to_string()),
        );
        let http = match connections.entry(port) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(v) => {
                Http::connect(port).map(|h| v.insert(h))
            }
        };
        let at = Instant::now();
        let answer = http.and_then(|h| h.exchange(&request));
        let took = at.elapsed();
        match answer {
            Ok((status @ (200 | 201), body)) => match serde_json::from_slice::<Created>(&body) {
                Ok(c) => out.sent.push(Sent {
                    message: c.id.into(),
                    recipient: to,
                    at,
                    took,
                }),
                Err(e) => out.refusals.add(status, || {
                    format!("no id in {}: {e}", String::from_utf8_lossy(&body))
                }),
            },
            Ok((status, body)) => out
                .refusals
                .add(status, || String::from_utf8_lossy(&body).into()),
            Err(e) => {
                connections.remove(&port);
                out.refusals.add(0, || e.to_string());
            }
        }
        if connections.get(&port).is_some_and(|h| h.closing) {
            connections.remove(&port);
        }
        k += plan.connections;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A run

/// Opens every person's socket, the clients' on the first server and the staff's on the last,
/// sends the messages, waits for their delivery, and prints what it saw.
fn measure(
    label: &str,
    servers: &[&Server],
    pairs: &[Pair],
    threads: &[Option<String>],
    config: &Config,
) {
    println!("\n== {label}");
    let (first, last) = (servers[0], servers[servers.len() - 1]);
    let threads: Vec<(String, u32)> = threads
        .iter()
        .enumerate()
        .filter_map(|(p, t)| t.clone().map(|t| (t, p as u32)))
        .collect();
    if threads.is_empty() {
        println!("no thread opened: nothing to measure");
        return;
    }
    let tokens = Arc::new(token_service());
    let now = Utc::now();
    let people: Vec<Person> = pairs
        .iter()
        .enumerate()
        .flat_map(|(p, pair)| {
            [
                (2 * p, &pair.client, first.port),
                (2 * p + 1, &pair.staff, last.port),
            ]
        })
        .map(|(number, member, port)| Person {
            number: number as u32,
            port,
            token: tokens
                .issue(&member.person_id, &member.session_id, now)
                .expect("a token"),
            person_id: member.person_id.clone(),
            session_id: member.session_id.clone(),
        })
        .collect();
    let plan = Arc::new(Plan {
        threads,
        tokens: people.iter().map(|p| p.token.clone()).collect(),
        client_port: first.port,
        staff_port: last.port,
        rate: config.rate,
        connections: config.connections,
    });

    // Sockets.
    let idle: Vec<Memory> = servers.iter().map(|s| s.memory()).collect();
    let bench_idle = Memory::mine();
    let total = people.len();
    let gate = Arc::new(Semaphore::new(config.open_at_once));
    let progress = Arc::new(Progress::default());
    let mut by_reader: Vec<Vec<Person>> = (0..config.readers).map(|_| Vec::new()).collect();
    for (i, person) in people.into_iter().enumerate() {
        by_reader[i % config.readers].push(person);
    }
    let opening = Instant::now();
    let overflows = listen_overflows();
    let (stops, readers): (Vec<_>, Vec<_>) = by_reader
        .into_iter()
        .map(|people| {
            let (stop, stopped) = oneshot::channel();
            let reader = reader_thread(
                people,
                gate.clone(),
                progress.clone(),
                tokens.clone(),
                stopped,
            );
            (stop, reader)
        })
        .unzip();
    let settled =
        |p: &Progress| p.opened.load(Ordering::Relaxed) + p.failed.load(Ordering::Relaxed);
    // Every socket opens or fails within OPEN_WITHIN of its turn; a reader thread that ended
    // (it panicked) would leave its sockets unsettled.
    while settled(&progress) < total && !readers.iter().any(|r| r.is_finished()) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let opened_in = opening.elapsed();
    let overflows = listen_overflows().saturating_sub(overflows);
    // A moment for the sockets' first pings and the servers' allocations to settle.
    std::thread::sleep(Duration::from_secs(1));
    let with_sockets: Vec<Memory> = servers.iter().map(|s| s.memory()).collect();
    let files: Vec<usize> = servers.iter().map(|s| s.open_files()).collect();
    let bench_with_sockets = Memory::mine();
    println!(
        "sockets: {} of {total} opened in {:.1} s, {} at a time; {} failed; {overflows} \
         connections dropped by the kernel meanwhile because a listening queue was full",
        progress.opened.load(Ordering::Relaxed),
        opened_in.as_secs_f64(),
        config.open_at_once,
        progress.failed.load(Ordering::Relaxed),
    );

    // Messages.
    let ended_before = progress.ended.load(Ordering::Relaxed);
    let cpu_before: Vec<f64> = servers.iter().map(|s| s.cpu_seconds()).collect();
    let bench_cpu_before = cpu_seconds("/proc/self/stat");
    let machine_before = machine_cpu();
    let postgres_before = postgres_cpu();
    let start = Instant::now() + Duration::from_millis(100);
    let end = start + Duration::from_secs(config.seconds);
    let senders: Vec<_> = (0..config.connections)
        .map(|lane| {
            let plan = plan.clone();
            std::thread::Builder::new()
                .name("send".into())
                .spawn(move || sender_thread(plan, lane, start, end))
                .expect("a sending thread")
        })
        .collect();
    let mut sent = SenderOut::default();
    for s in senders {
        let out = s.join().expect("a sending thread");
        sent.sent.extend(out.sent);
        sent.refusals.merge(out.refusals);
        sent.late += out.late;
    }
    let sending = start.elapsed();
    let cpu: Vec<f64> = servers
        .iter()
        .zip(&cpu_before)
        .map(|(s, before)| s.cpu_seconds() - before)
        .collect();
    let bench_cpu = cpu_seconds("/proc/self/stat") - bench_cpu_before;
    let postgres = postgres_cpu() - postgres_before;
    let machine = {
        let (busy, iowait, all) = machine_cpu();
        let all = (all - machine_before.2).max(0.01);
        (
            (busy - machine_before.0) / all,
            (iowait - machine_before.1) / all,
        )
    };
    // Each message reaches two sockets, its recipient's and its sender's (the echo).
    let expected = 2 * sent.sent.len();
    let draining = Instant::now();
    while progress.message_new.load(Ordering::Relaxed) < expected && draining.elapsed() < DRAIN {
        std::thread::sleep(Duration::from_millis(10));
    }
    let after: Vec<Memory> = servers.iter().map(|s| s.memory()).collect();
    let bench_after = Memory::mine();
    let ended_during = progress.ended.load(Ordering::Relaxed) - ended_before;
    for stop in stops {
        let _ = stop.send(());
    }
    let mut seen = ReaderOut::default();
    for reader in readers {
        let out = reader.join().expect("a reader thread");
        seen.receipts.extend(out.receipts);
        seen.open_times.extend(out.open_times);
        seen.open_failures.extend(out.open_failures);
        seen.ended.extend(out.ended);
    }

    // Deliveries: the first `message.new` each message's recipient read.
    let by_id: HashMap<&str, &Sent> = sent.sent.iter().map(|s| (&*s.message, s)).collect();
    let mut delivered: HashSet<&str> = HashSet::new();
    let mut echoed: HashSet<&str> = HashSet::new();
    let (mut delivery, mut echo) = (Vec::new(), Vec::new());
    let (mut duplicates, mut unknown) = (0usize, 0usize);
    for r in &seen.receipts {
        let Some(s) = by_id.get(&*r.message) else {
            unknown += 1;
            continue;
        };
        let time = r.at.saturating_duration_since(s.at);
        if r.person == s.recipient {
            if delivered.insert(&s.message) {
                delivery.push(time);
            } else {
                duplicates += 1;
            }
        } else if r.person == s.recipient ^ 1 {
            if echoed.insert(&s.message) {
                echo.push(time);
            } else {
                duplicates += 1;
            }
        } else {
            unknown += 1;
        }
    }
    delivery.sort();
    echo.sort();
    let mut took: Vec<Duration> = sent.sent.iter().map(|s| s.took).collect();
    took.sort();
    let mut open_times = seen.open_times.clone();
    open_times.sort();

    println!(
        "         connection → ready: median {:.1} ms, p99 {:.1} ms, max {:.1} ms{}",
        ms(pick(&open_times, 0.5)),
        ms(pick(&open_times, 0.99)),
        ms(open_times.last().copied().unwrap_or_default()),
        first_of("; failures", &seen.open_failures),
    );
    let requests = sent.sent.len() + sent.refusals.count();
    println!(
        "messages: {} sent (201) in {:.1} s, {:.0} a second (asked for {}); {} requests went \
         out more than 10 ms late; refused: {}",
        sent.sent.len(),
        sending.as_secs_f64(),
        sent.sent.len() as f64 / sending.as_secs_f64(),
        config.rate,
        sent.late,
        sent.refusals.describe()
    );
    println!(
        "         send request: median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.1} ms ({requests} requests)",
        ms(pick(&took, 0.5)),
        ms(pick(&took, 0.9)),
        ms(pick(&took, 0.99)),
        ms(took.last().copied().unwrap_or_default()),
    );
    let lost = sent.sent.len() - delivered.len();
    let over = |limit: Duration, d: &[Duration]| d.iter().filter(|t| **t > limit).count();
    println!(
        "delivery (sent → read by the recipient's socket): median {:.2} ms, p90 {:.2} ms, \
         p99 {:.2} ms, max {:.1} ms; {} delivered, {} over 50 ms, {lost} lost (not delivered \
         within {} s after the last was sent)",
        ms(pick(&delivery, 0.5)),
        ms(pick(&delivery, 0.9)),
        ms(pick(&delivery, 0.99)),
        ms(delivery.last().copied().unwrap_or_default()),
        delivery.len(),
        over(Duration::from_millis(50), &delivery),
        DRAIN.as_secs(),
    );
    println!(
        "         echo to the sender's own socket: median {:.2} ms, p99 {:.2} ms, {} of {}; \
         {duplicates} duplicate and {unknown} unknown message.new events",
        ms(pick(&echo, 0.5)),
        ms(pick(&echo, 0.99)),
        echo.len(),
        sent.sent.len(),
    );
    println!(
        "sockets that ended during the messages: {ended_during}; before the stop in all: {}{}",
        seen.ended.len(),
        tally(&seen.ended),
    );
    for (i, server) in servers.iter().enumerate() {
        println!(
            "server {} resident memory: {} idle, {} with the sockets open ({} open files), {} \
             after the messages, {:.1} MB at its peak; CPU {:.1} s while sending, {:.2} cores, \
             {:.2} ms a message",
            server.label,
            idle[i],
            with_sockets[i],
            files[i],
            after[i],
            mb(after[i].peak_kb),
            cpu[i],
            cpu[i] / sending.as_secs_f64(),
            1000.0 * cpu[i] / sent.sent.len().max(1) as f64,
        );
    }
    println!(
        "this load generator (a process of its own, not in the figures above): {:.1} MB \
         resident before the sockets, {:.1} MB with them, {:.1} MB at the end, {:.1} MB at its \
         peak; CPU {:.1} s while sending, {:.2} cores",
        mb(bench_idle.rss_kb),
        mb(bench_with_sockets.rss_kb),
        mb(bench_after.rss_kb),
        mb(bench_after.peak_kb),
        bench_cpu,
        bench_cpu / sending.as_secs_f64(),
    );
    println!(
        "the machine while sending: {:.0} % busy, {:.0} % waiting for the disk, of {} cores; \
         PostgreSQL's processes here {:.1} s CPU, {:.2} cores",
        100.0 * machine.0,
        100.0 * machine.1,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        postgres,
        postgres / sending.as_secs_f64(),
    );
    for server in servers {
        println!("server {} logged {}", server.label, server.log_summary());
    }
}

fn pick(sorted: &[Duration], q: f64) -> Duration {
    sorted
        .get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The first of some texts, after a label.
fn first_of(label: &str, texts: &[String]) -> String {
    texts
        .first()
        .map(|t| format!("{label} ({}), the first: {t}", texts.len()))
        .unwrap_or_default()
}

/// How many of each text.
fn tally(texts: &[String]) -> String {
    if texts.is_empty() {
        return String::new();
    }
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for t in texts {
        *by.entry(t.as_str()).or_insert(0) += 1;
    }
    let parts: Vec<String> = by.iter().map(|(t, n)| format!("{n} × {t}")).collect();
    format!(" ({})", parts.join(", "))
}
