//! The load benchmark's runs: keep-alive connections that each send the mix's next request as
//! soon as the last one is answered, for a number of requests or a time; what each request's
//! answer was, by route and by window of time; and what the writes and the messages add up to
//! afterwards (the busiest person's writes, what a per-person limit would have refused, each
//! message's delivery to its recipients' sockets). (Included by `#[path]`.)

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::SeedableRng;

use super::load_mix::{Load, Noted, Sent};
use super::load_routes::{Route, Tokens};
use super::load_sockets::Receipt;
use super::load_town::Town;
use super::load_wire::{created_id, request, Histogram, Http};

/// How long a run goes on.
pub enum Budget {
    /// This many requests in all.
    Count { next: AtomicUsize, total: usize },
    /// Until then.
    Until(Instant),
}

impl Budget {
    pub fn count(total: usize) -> Budget {
        Budget::Count {
            next: AtomicUsize::new(0),
            total,
        }
    }

    fn take(&self) -> bool {
        match self {
            Budget::Count { next, total } => next.fetch_add(1, Ordering::Relaxed) < *total,
            Budget::Until(end) => Instant::now() < *end,
        }
    }
}

/// The answers to one route.
#[derive(Clone, Default)]
pub struct RouteStats {
    /// Latencies of the answered requests.
    pub hist: Histogram,
    pub ok: u64,
    /// Refusals the app gives in the ordinary course of things (see [`Route::expects`]).
    pub expected: u64,
    /// Any other 4xx but 429.
    pub unexpected: u64,
    pub limited: u64,
    pub server_errors: u64,
    /// No answer: the connection failed.
    pub failed: u64,
    pub first_problem: Option<String>,
}

impl RouteStats {
    pub fn merge(&mut self, o: &RouteStats) {
        self.hist.merge(&o.hist);
        self.ok += o.ok;
        self.expected += o.expected;
        self.unexpected += o.unexpected;
        self.limited += o.limited;
        self.server_errors += o.server_errors;
        self.failed += o.failed;
        if self.first_problem.is_none() {
            self.first_problem.clone_from(&o.first_problem);
        }
    }

    pub fn requests(&self) -> u64 {
        self.hist.n + self.failed
    }

    fn record(&mut self, route: Route, status: u16, took: Duration, body: &[u8]) {
        self.hist.add(took);
        let problem = match status {
            200..=299 => {
                self.ok += 1;
                false
            }
            429 => {
                self.limited += 1;
                true
            }
            500..=599 => {
                self.server_errors += 1;
                true
            }
            s if route.expects(s) => {
                self.expected += 1;
                false
            }
            _ => {
                self.unexpected += 1;
                true
            }
        };
        if problem && self.first_problem.is_none() {
            let text: String = String::from_utf8_lossy(body).chars().take(300).collect();
            self.first_problem = Some(format!("{status} to {}: {text}", route.name()));
        }
    }
}

/// What a run saw.
pub struct Phase {
    pub routes: Vec<RouteStats>,
    /// All routes' latencies by window of time.
    pub windows: Vec<Histogram>,
    pub elapsed: Duration,
    pub noted: Noted,
}

impl Phase {
    pub fn total(&self) -> RouteStats {
        let mut all = RouteStats::default();
        for r in &self.routes {
            all.merge(r);
        }
        all
    }

    pub fn group(&self, group: &str) -> RouteStats {
        let mut all = RouteStats::default();
        for (route, r) in Route::ALL.iter().zip(&self.routes) {
            if route.group() == group {
                all.merge(r);
            }
        }
        all
    }
}

/// Runs the mix from `connections` connections until `budget` is spent; `tick` is called on
/// this thread every `window` meanwhile, with the time since the start.
pub fn run(
    load: &Load,
    port: u16,
    connections: usize,
    budget: Budget,
    window: Duration,
    mut tick: impl FnMut(Duration),
) -> Phase {
    let start = Instant::now();
    let outs: Mutex<Vec<Seen>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..connections)
            .map(|c| {
                let (budget, outs) = (&budget, &outs);
                std::thread::Builder::new()
                    .name("load".into())
                    .spawn_scoped(scope, move || {
                        let out = connection(load, port, budget, (start, window), c as u64);
                        outs.lock().unwrap().push(out);
                    })
                    .expect("a load thread")
            })
            .collect();
        let mut next_tick = window;
        while !handles.iter().all(|h| h.is_finished()) {
            std::thread::sleep(Duration::from_millis(20));
            if start.elapsed() >= next_tick {
                tick(start.elapsed());
                next_tick += window;
            }
        }
    });
    let elapsed = start.elapsed();
    let mut phase = Phase {
        routes: vec![RouteStats::default(); Route::ALL.len()],
        windows: Vec::new(),
        elapsed,
        noted: Noted::default(),
    };
    for (routes, windows, noted) in outs.into_inner().unwrap() {
        for (a, b) in phase.routes.iter_mut().zip(&routes) {
            a.merge(b);
        }
        if phase.windows.len() < windows.len() {
            phase.windows.resize(windows.len(), Histogram::default());
        }
        for (a, b) in phase.windows.iter_mut().zip(&windows) {
            a.merge(b);
        }
        phase.noted.writes.extend(noted.writes);
        for (why, n) in noted.substituted {
            *phase.noted.substituted.entry(why).or_insert(0) += n;
        }
        phase.noted.sent.extend(noted.sent);
    }
    phase
}

/// What one connection saw: by route, by window of time, and besides.
type Seen = (Vec<RouteStats>, Vec<Histogram>, Noted);

/// One connection's requests, one after another.
fn connection(
    load: &Load,
    port: u16,
    budget: &Budget,
    (start, window): (Instant, Duration),
    seed: u64,
) -> Seen {
    let mut rng = StdRng::seed_from_u64(seed ^ start.elapsed().as_nanos() as u64);
    let mut routes = vec![RouteStats::default(); Route::ALL.len()];
    let mut windows: Vec<Histogram> = Vec::new();
    let mut noted = Noted::default();
    let mut http: Option<Http> = None;
    let mut failures_in_a_row = 0;
    while budget.take() {
        let route = load.pick(&mut rng);
        let prepared = load.prepare(route, &mut rng, &mut noted);
        // A connection idle for long may be closing on the server's side (keep-alive ends
        // after 5 s): a phone would connect again.
        if http
            .as_ref()
            .is_some_and(|h| h.idle() > Duration::from_secs(2))
        {
            http = None;
        }
        let at = Instant::now();
        let answer = match http.as_mut() {
            Some(h) => h.exchange(&prepared.bytes),
            None => Http::connect(port).and_then(|mut h| {
                let a = h.exchange(&prepared.bytes);
                http = Some(h);
                a
            }),
        };
        let took = at.elapsed();
        let stats = &mut routes[prepared.route.index()];
        match answer {
            Ok((status, body)) => {
                failures_in_a_row = 0;
                stats.record(prepared.route, status, took, &body);
                let w = (at.duration_since(start).as_nanos() / window.as_nanos().max(1)) as usize;
                if windows.len() <= w {
                    windows.resize(w + 1, Histogram::default());
                }
                windows[w].add(took);
                load.apply(prepared.then, status, &body, at, &mut noted);
                if http.as_ref().is_some_and(|h| h.closing) {
                    http = None;
                }
            }
            Err(e) => {
                stats.failed += 1;
                if stats.first_problem.is_none() {
                    stats.first_problem =
                        Some(format!("no answer to {}: {e}", prepared.route.name()));
                }
                load.apply(prepared.then, 0, &[], at, &mut noted);
                http = None;
                failures_in_a_row += 1;
                if failures_in_a_row > 100 {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
    (routes, windows, noted)
}

/// Each client in service among the first `count` opens the thread with their provider
/// (`POST /api/v1/threads`), from 16 connections: the thread's id by client, `None` where it
/// failed, and what failed.
pub fn open_threads(
    port: u16,
    town: &Town,
    tokens: &Tokens,
    count: usize,
) -> (Vec<Option<String>>, BTreeMap<u16, usize>) {
    let count = count.min(town.active.len());
    let next = AtomicUsize::new(0);
    let ids: Mutex<Vec<Option<String>>> = Mutex::new(vec![None; count]);
    let refused: Mutex<BTreeMap<u16, usize>> = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                let mut http: Option<Http> = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    let a = &town.active[i];
                    let body = format!(
                        r#"{{"client_id":"{}","provider_id":"{}"}}"#,
                        town.people[a.person].person_id, town.providers[a.provider].id
                    );
                    let token = tokens.of(a.person as u32);
                    let r = request("POST", "/api/v1/threads", Some(&token), Some(&body), false);
                    let answer = match http.as_mut() {
                        Some(h) => h.exchange(&r),
                        None => Http::connect(port).and_then(|mut h| {
                            let answer = h.exchange(&r);
                            http = Some(h);
                            answer
                        }),
                    };
                    match answer {
                        Ok((200 | 201, body)) => ids.lock().unwrap()[i] = created_id(&body),
                        Ok((status, _)) => *refused.lock().unwrap().entry(status).or_insert(0) += 1,
                        Err(_) => {
                            http = None;
                            *refused.lock().unwrap().entry(0).or_insert(0) += 1;
                        }
                    }
                }
            });
        }
    });
    (ids.into_inner().unwrap(), refused.into_inner().unwrap())
}

/// What the writes add up to, per person.
pub struct WriteFigures {
    pub writes: usize,
    pub people: usize,
    /// The most writes of one person in any 60 seconds, and in any second.
    pub busiest_minute: usize,
    pub busiest_second: usize,
    /// Writes a limit of `per_minute` a minute with a burst of `burst` would have refused.
    pub refused_by_limit: usize,
}

/// Counts `writes` (person, ms) by person, and runs them through a GCRA limit of `per_minute`
/// a minute with a burst of `burst`, as the service counts writes.
pub fn write_figures(writes: &mut [(u32, u32)], per_minute: u32, burst: u32) -> WriteFigures {
    writes.sort_unstable();
    let interval = 60_000 / i64::from(per_minute.max(1));
    let tolerance = interval * i64::from(burst.max(1) - 1);
    let mut f = WriteFigures {
        writes: writes.len(),
        people: 0,
        busiest_minute: 0,
        busiest_second: 0,
        refused_by_limit: 0,
    };
    for person in writes.chunk_by(|a, b| a.0 == b.0) {
        f.people += 1;
        let times: Vec<u32> = person.iter().map(|w| w.1).collect();
        let most = |span: u32| {
            let mut first = 0;
            let mut most = 0;
            for (i, t) in times.iter().enumerate() {
                while times[first] + span <= *t {
                    first += 1;
                }
                most = most.max(i + 1 - first);
            }
            most
        };
        f.busiest_minute = f.busiest_minute.max(most(60_000));
        f.busiest_second = f.busiest_second.max(most(1_000));
        let mut tat = i64::MIN;
        for t in &times {
            let t = i64::from(*t);
            if tat != i64::MIN && tat - t > tolerance {
                f.refused_by_limit += 1;
            } else {
                tat = tat.max(t) + interval;
            }
        }
    }
    f
}

/// The messages' delivery: the time from each message's request to the first of its
/// recipients' sockets that read it.
pub struct Delivery {
    pub hist: Histogram,
    /// Messages with a recipient whose socket was open.
    pub expected: usize,
    /// Of those, messages no recipient's socket read.
    pub lost: usize,
}

/// Matches `sent` with the sockets' `receipts` (by message).
pub fn delivery(sent: &[Sent], receipts: &HashMap<u128, Vec<(u32, Instant)>>) -> Delivery {
    let mut d = Delivery {
        hist: Histogram::default(),
        expected: 0,
        lost: 0,
    };
    for s in sent.iter().filter(|s| !s.recipients.is_empty()) {
        d.expected += 1;
        let first = receipts.get(&s.message).and_then(|rs| {
            rs.iter()
                .filter(|(p, _)| s.recipients.contains(p))
                .map(|(_, at)| *at)
                .min()
        });
        match first {
            Some(at) => d.hist.add(at.saturating_duration_since(s.at)),
            None => d.lost += 1,
        }
    }
    d
}

/// The receipts by message.
pub fn by_message(receipts: &[Receipt]) -> HashMap<u128, Vec<(u32, Instant)>> {
    let mut map: HashMap<u128, Vec<(u32, Instant)>> = HashMap::new();
    for r in receipts {
        map.entry(r.message).or_default().push((r.person, r.at));
    }
    map
}
