//! The load benchmark's plumbing: the server as a process of its own (`seteli serve`), so that
//! its resident memory is its own and not the load generator's; HTTP/1.1 over keep-alive
//! connections; resident memory and CPU from `/proc`; latency histograms of fixed size, so
//! that a long soak costs the load generator no more memory than a short one. (Included by
//! `#[path]`.)

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use seteli::auth::tokens::TokenService;
use seteli::config::{AuthSettings, Secret};

/// The service's signing key in the runs: any 32 bytes.
const KEY: [u8; 32] = [7; 32];

fn signing_key() -> String {
    base64::engine::general_purpose::STANDARD.encode(KEY)
}

/// The tokens the server takes: its settings' issuer, audience and lifetime, and the key.
pub fn token_service() -> TokenService {
    let auth = AuthSettings {
        signing_key: Some(Secret::new(signing_key())),
        ..Default::default()
    };
    TokenService::new(&auth, &KEY)
}

/// The `seteli` binary cargo built with this bench: named by cargo, or beside the bench's own
/// directory (`target/release/deps/load-…` → `target/release/seteli`).
pub fn server_binary() -> PathBuf {
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

/// A server process (`seteli serve`) with the settings of a deployment (every limit as it
/// ships), killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    log: PathBuf,
}

impl Server {
    pub fn start(binary: &Path, url: &str, dir: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = dir.join("server.log");
        let out = File::create(&log).expect("the server's log file");
        let mut command = Command::new(binary);
        command
            .arg("serve")
            // No seteli.toml of the working directory is read.
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("the log file"))
            .stderr(out);
        // The settings are all here: none of this shell's.
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("SETELI_") {
                command.env_remove(name);
            }
        }
        command
            .env("SETELI_BIND", format!("127.0.0.1:{port}"))
            .env("SETELI_DATABASE_URL", url)
            .env("SETELI_AUTH__SIGNING_KEY", signing_key());
        let child = command.spawn().expect("the server starts");
        let mut server = Server { child, port, log };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "the server ended ({status}) before it was ready; its log:\n{}",
                    std::fs::read_to_string(&server.log).unwrap_or_default()
                );
            }
            let ready = Http::connect(port)
                .and_then(|mut http| {
                    http.exchange(b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                })
                .is_ok_and(|(status, _)| status == 200);
            if ready {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server was not ready within 60 s; its log:\n{}",
                std::fs::read_to_string(&server.log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        println!(
            "server: pid {}, ready in {:.1} s, resident {}",
            server.pid(),
            started.elapsed().as_secs_f64(),
            server.memory()
        );
        server
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn memory(&self) -> Memory {
        Memory::of(&format!("/proc/{}/status", self.pid()))
    }

    pub fn cpu_seconds(&self) -> f64 {
        cpu_seconds(&format!("/proc/{}/stat", self.pid()))
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// What the server logged at WARN or ERROR: how many lines, and the first few different ones.
    pub fn log_summary(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        super::proc_stats::warnings(&text)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub use super::proc_stats::{cpu_seconds, mb, Memory};

/// CPU seconds so far of every process named `postgres` on this machine.
pub fn postgres_cpu() -> f64 {
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
        .map(|stat| cpu_seconds_of_line(&stat))
        .sum()
}

fn cpu_seconds_of_line(stat: &str) -> f64 {
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
}

/// The machine's load average, as `/proc/loadavg` has it (1, 5 and 15 minutes).
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

// ---------------------------------------------------------------------------------------------
// HTTP/1.1 over keep-alive connections

pub use super::http_wire::Http;

/// A request as the app sends it: JSON, in Finnish, with a bearer token when signed in and an
/// `Idempotency-Key` where the app sends one.
pub fn request(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
    key: bool,
) -> Vec<u8> {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fi\r\n");
    if let Some(t) = token {
        r.push_str("Authorization: Bearer ");
        r.push_str(t);
        r.push_str("\r\n");
    }
    if key {
        r.push_str("Idempotency-Key: ");
        r.push_str(&uuid::Uuid::now_v7().to_string());
        r.push_str("\r\n");
    }
    match body {
        Some(b) => {
            r.push_str("Content-Type: application/json\r\n");
            r.push_str(&format!("Content-Length: {}\r\n\r\n", b.len()));
            r.push_str(b);
        }
        None if method != "GET" => r.push_str("Content-Length: 0\r\n\r\n"),
        None => r.push_str("\r\n"),
    }
    r.into_bytes()
}

/// The `id` of a JSON answer (what a 201 made).
pub fn created_id(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Created {
        id: String,
    }
    serde_json::from_slice::<Created>(body).ok().map(|c| c.id)
}

// ---------------------------------------------------------------------------------------------
// Latencies

/// Sub-buckets per power of two: a bucket is at most 1/32 (about 3 %) wide.
const SUB: usize = 32;
const BUCKETS: usize = 2 * SUB + 40 * SUB;

/// Latencies in µs, exact below 64 µs and within about 3 % above, in a fixed number of counts.
#[derive(Clone)]
pub struct Histogram {
    counts: Vec<u64>,
    pub n: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
            n: 0,
        }
    }
}

impl Histogram {
    fn bucket(us: u64) -> usize {
        if us < 2 * SUB as u64 {
            return us as usize;
        }
        let e = 63 - us.leading_zeros() as usize; // 2^e <= us, e >= 6
        let shift = e - 5;
        let top = (us >> shift) as usize; // 32..=63
        (2 * SUB + (e - 6) * SUB + (top - SUB)).min(BUCKETS - 1)
    }

    /// The middle of bucket `b`, in µs.
    fn value(b: usize) -> u64 {
        if b < 2 * SUB {
            return b as u64;
        }
        let e = (b - 2 * SUB) / SUB + 6;
        let top = ((b - 2 * SUB) % SUB + SUB) as u64;
        let shift = e - 5;
        (top << shift) + (1u64 << shift) / 2
    }

    pub fn add(&mut self, d: Duration) {
        self.counts[Self::bucket(d.as_micros() as u64)] += 1;
        self.n += 1;
    }

    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.n += other.n;
    }

    /// The `q` quantile, in ms.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let rank = ((self.n as f64 * q).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        for (b, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Self::value(b) as f64 / 1000.0;
            }
        }
        0.0
    }

    pub fn max_ms(&self) -> f64 {
        self.counts
            .iter()
            .rposition(|c| *c > 0)
            .map_or(0.0, |b| Self::value(b) as f64 / 1000.0)
    }
}
