//! The load benchmark's mix: what each request of a day's traffic is, who sends it, and what
//! its answer changes for the requests after it (a check-in made waits for staff; a visit
//! booked may be cancelled; a message sent may be read and marked read). Requests are picked at
//! random by weight from the mix (`load_routes.rs`); each is sent as the person it belongs to, with their token.
//!
//! Every write (any `POST`, `PUT`, `PATCH` or `DELETE`) is paced per person: nobody writes
//! twice within [`WRITE_GAP`], or sends two messages within [`MESSAGE_GAP`], so that no one
//! person comes near a per-person limit of writes (60 a minute, a burst of 20) or of messages
//! (20 a minute). The people are many: writes go round the clients in service (check-ins), the
//! clients starting (bookings) and the threads (messages) in turn, and staff confirm in the
//! order the check-ins came, the one of the provider's staff who wrote least recently first.
//! A write whose person wrote too recently is put off (the check-in, the day to confirm, the
//! thread goes back in line) and a read of the same part of the app goes in its place; such
//! substitutions are counted and printed. (Included by `#[path]`.)

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use rand::rngs::StdRng;
use rand::Rng;

use super::load_routes::{Route, Tokens, MIX};
use super::load_town::{Town, SERVICE};
use super::load_wire::{created_id, request};

/// The shortest time between two writes of one person.
pub const WRITE_GAP: Duration = Duration::from_secs(2);
/// The shortest time between two messages of one person.
pub const MESSAGE_GAP: Duration = Duration::from_secs(5);

/// A thread between a client in service and their provider, and its last message.
pub struct Thread {
    pub id: String,
    /// The client in service (an index into the town's `active`).
    pub client: u32,
    last: Mutex<Option<LastMessage>>,
}

#[derive(Clone)]
struct LastMessage {
    id: String,
    from_client: bool,
    marked: bool,
}

/// A message the server took, for its delivery to be matched with the sockets' receipts.
pub struct Sent {
    pub message: u128,
    pub at: Instant,
    /// The people with a socket open who should hear it.
    pub recipients: Vec<u32>,
}

/// What a request's answer changes.
pub enum Then {
    Nothing,
    CheckedIn {
        provider: u32,
    },
    Confirmed,
    Visit {
        starting: u32,
    },
    Sent {
        thread: u32,
        from_client: bool,
        recipients: Vec<u32>,
    },
    Marked {
        thread: u32,
        message: String,
    },
}

/// A request ready to go: what it is, its bytes, and what its answer changes.
pub struct Prepared {
    pub route: Route,
    pub bytes: Vec<u8>,
    pub then: Then,
}

/// What one connection noticed besides the answers.
#[derive(Default)]
pub struct Noted {
    /// Every write: (person, ms since the load began).
    pub writes: Vec<(u32, u32)>,
    /// Requests sent in place of another, and why.
    pub substituted: std::collections::BTreeMap<&'static str, u64>,
    pub sent: Vec<Sent>,
}

/// Everything the connections share.
pub struct Load {
    pub tokens: Arc<Tokens>,
    epoch: Instant,
    /// Client ids and vouchers of the clients in service, and their provider.
    active: Vec<(u32, String, String, u32)>,
    /// Client ids, vouchers and municipalities of the clients starting.
    starting: Vec<(u32, String, String, usize)>,
    /// The starting clients not in use by a connection, least recently used first.
    starting_free: Mutex<VecDeque<u32>>,
    /// Each starting client's open visit: (visit id).
    visit: Vec<Mutex<Option<String>>>,
    /// Providers: id, staff, slots.
    providers: Vec<(String, Vec<u32>, Vec<String>)>,
    /// The providers of each municipality.
    approved: Vec<Vec<u32>>,
    /// Relatives: (person, client id).
    helpers: Vec<(u32, String)>,
    caseworkers: Vec<u32>,
    days: Vec<String>,
    next_check_in: AtomicUsize,
    /// Check-ins put off because their client wrote too recently: (number, when).
    put_off: Mutex<VecDeque<(usize, u64)>>,
    pending: Mutex<VecDeque<(u32, String)>>,
    pub threads: Vec<Thread>,
    threads_free: Mutex<VecDeque<u32>>,
    /// Threads whose last message may be unread.
    unread: Mutex<VecDeque<u32>>,
    /// Who has a socket open.
    has_socket: Vec<bool>,
    last_write: Vec<AtomicU64>,
    last_message: Vec<AtomicU64>,
    month: String,
    total_weight: u32,
}

impl Load {
    /// `threads`: the thread each client in service opened, where they did.
    pub fn new(
        town: &Town,
        tokens: Arc<Tokens>,
        threads: &[Option<String>],
        has_socket: Vec<bool>,
    ) -> Load {
        let pid = |p: usize| town.people[p].person_id.clone();
        let n = town.people.len();
        let threads: Vec<Thread> = threads
            .iter()
            .enumerate()
            .filter_map(|(client, t)| {
                t.as_ref().map(|id| Thread {
                    id: id.clone(),
                    client: client as u32,
                    last: Mutex::new(None),
                })
            })
            .collect();
        Load {
            tokens,
            epoch: Instant::now(),
            active: town
                .active
                .iter()
                .map(|a| {
                    (
                        a.person as u32,
                        pid(a.person),
                        a.voucher.clone(),
                        a.provider as u32,
                    )
                })
                .collect(),
            starting: town
                .starting
                .iter()
                .map(|s| {
                    (
                        s.person as u32,
                        pid(s.person),
                        s.voucher.clone(),
                        s.municipality,
                    )
                })
                .collect(),
            starting_free: Mutex::new(shuffled(town.starting.len(), 1)),
            visit: town.starting.iter().map(|_| Mutex::new(None)).collect(),
            providers: town
                .providers
                .iter()
                .map(|p| {
                    let staff = p.staff.iter().map(|s| *s as u32).collect();
                    (p.id.clone(), staff, p.slots.clone())
                })
                .collect(),
            approved: (0..town.municipalities.len())
                .map(|m| {
                    let of_m = town.providers.iter().enumerate();
                    of_m.filter(|(_, p)| p.municipality == m)
                        .map(|(i, _)| i as u32)
                        .collect()
                })
                .collect(),
            helpers: town
                .helpers
                .iter()
                .map(|h| (h.person as u32, pid(town.active[h.client].person)))
                .collect(),
            caseworkers: town.caseworkers.iter().map(|c| *c as u32).collect(),
            days: town.days.iter().map(|d| d.to_string()).collect(),
            next_check_in: AtomicUsize::new(0),
            put_off: Mutex::new(VecDeque::new()),
            pending: Mutex::new(
                town.backlog
                    .iter()
                    .map(|(p, d)| (*p as u32, d.clone()))
                    .collect(),
            ),
            threads_free: Mutex::new(shuffled(threads.len(), 2)),
            unread: Mutex::new(VecDeque::new()),
            threads,
            has_socket,
            last_write: (0..n).map(|_| AtomicU64::new(0)).collect(),
            last_message: (0..n).map(|_| AtomicU64::new(0)).collect(),
            month: seteli::clock::helsinki_date(Utc::now())
                .format("%Y-%m")
                .to_string(),
            total_weight: MIX.iter().map(|(_, w)| w).sum(),
        }
    }

    /// Check-ins prepared in all, and those sent so far.
    pub fn check_ins(&self) -> (usize, usize) {
        (
            self.days.len() * self.active.len(),
            self.next_check_in.load(Ordering::Relaxed),
        )
    }

    /// Check-ins waiting for staff now.
    pub fn pending(&self) -> usize {
        lock(&self.pending).len()
    }

    pub fn pick(&self, rng: &mut StdRng) -> Route {
        let mut n = rng.random_range(0..self.total_weight);
        for (route, w) in MIX {
            if n < *w {
                return *route;
            }
            n -= w;
        }
        Route::Me
    }

    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64 + 1
    }

    /// Whether `person` may write now (and send a message, with `message`): if so, the write
    /// is counted as theirs.
    fn ready(&self, person: u32, message: bool, noted: &mut Noted) -> bool {
        let now = self.now_ms();
        let last = self.last_write[person as usize].load(Ordering::Acquire);
        let last_message = self.last_message[person as usize].load(Ordering::Acquire);
        let gap = WRITE_GAP.as_millis() as u64;
        if last != 0 && now < last + gap {
            return false;
        }
        if message && last_message != 0 && now < last_message + MESSAGE_GAP.as_millis() as u64 {
            return false;
        }
        if self.last_write[person as usize]
            .compare_exchange(last, now, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return false;
        }
        if message {
            self.last_message[person as usize].store(now, Ordering::Release);
        }
        noted.writes.push((person, now as u32));
        true
    }

    /// The one of `staff` who wrote least recently.
    fn rested(&self, staff: &[u32]) -> u32 {
        *staff
            .iter()
            .min_by_key(|s| self.last_write[**s as usize].load(Ordering::Relaxed))
            .expect("staff")
    }

    fn get(&self, route: Route, path: String, person: Option<u32>) -> Prepared {
        let token = person.map(|p| self.tokens.of(p));
        Prepared {
            route,
            bytes: request(
                "GET",
                &format!("/api/v1{path}"),
                token.as_deref(),
                None,
                false,
            ),
            then: Then::Nothing,
        }
    }

    /// A write by `person`, who may write now (see [`Load::ready`]).
    fn write(
        &self,
        (route, method, path): (Route, &str, String),
        person: u32,
        body: Option<&str>,
        then: Then,
    ) -> Prepared {
        let token = self.tokens.of(person);
        // The app sends an `Idempotency-Key` with what it creates.
        let key = matches!(route, Route::Book | Route::CheckIn | Route::Send);
        Prepared {
            route,
            bytes: request(method, &format!("/api/v1{path}"), Some(&token), body, key),
            then,
        }
    }

    fn any_client(&self, rng: &mut StdRng) -> (u32, &str) {
        let i = rng.random_range(0..self.active.len() + self.starting.len());
        match self.active.get(i) {
            Some(a) => (a.0, &a.1),
            None => {
                let s = &self.starting[i - self.active.len()];
                (s.0, &s.1)
            }
        }
    }

    fn any_staff(&self, rng: &mut StdRng) -> u32 {
        let p = &self.providers[rng.random_range(0..self.providers.len())];
        p.1[rng.random_range(0..p.1.len())]
    }

    fn any_person(&self, rng: &mut StdRng) -> u32 {
        rng.random_range(0..self.last_write.len() as u32)
    }

    /// The request for `route`, as someone who would send it; another read in its place where
    /// there is nothing to write (noted).
    pub fn prepare(&self, route: Route, rng: &mut StdRng, noted: &mut Noted) -> Prepared {
        match route {
            Route::ClientHome => {
                let (p, c) = self.any_client(rng);
                self.get(route, format!("/clients/{c}/home"), Some(p))
            }
            Route::StaffHome => self.get(route, "/provider/home".into(), Some(self.any_staff(rng))),
            Route::HelperHome => {
                let (p, c) = &self.helpers[rng.random_range(0..self.helpers.len())];
                self.get(route, format!("/clients/{c}/home"), Some(*p))
            }
            Route::Wallet => {
                let (p, c) = self.any_client(rng);
                self.get(route, format!("/clients/{c}/vouchers"), Some(p))
            }
            Route::Days => {
                let (p, c, v, _) = &self.active[rng.random_range(0..self.active.len())];
                self.get(route, format!("/clients/{c}/vouchers/{v}/days"), Some(*p))
            }
            Route::Agreements => {
                let (p, c, _, _) = &self.active[rng.random_range(0..self.active.len())];
                self.get(route, format!("/clients/{c}/agreements"), Some(*p))
            }
            Route::Search => {
                let (p, c, v, _) = &self.starting[rng.random_range(0..self.starting.len())];
                self.get(
                    route,
                    format!("/clients/{c}/vouchers/{v}/providers"),
                    Some(*p),
                )
            }
            Route::IntroSlots => {
                let (id, _, _) = &self.providers[rng.random_range(0..self.providers.len())];
                let path = format!("/providers/{id}/intro-slots?service={SERVICE}");
                self.get(route, path, None)
            }
            Route::IntroVisits => {
                let (p, c, _, _) = &self.starting[rng.random_range(0..self.starting.len())];
                self.get(route, format!("/clients/{c}/intro-visits"), Some(*p))
            }
            Route::Book | Route::CancelVisit => self.visit(rng, noted),
            Route::CheckIn => self.check_in(rng, noted),
            Route::Pending => {
                let path = "/provider/check-ins?status=pending".into();
                self.get(route, path, Some(self.any_staff(rng)))
            }
            Route::Confirm => self.confirm(rng, noted),
            Route::Threads => {
                let person = match rng.random_bool(0.5) {
                    true if !self.threads.is_empty() => {
                        let t = &self.threads[rng.random_range(0..self.threads.len())];
                        self.active[t.client as usize].0
                    }
                    _ => self.any_staff(rng),
                };
                self.get(route, "/threads".into(), Some(person))
            }
            Route::Messages => self.history(rng),
            Route::Send => self.send(rng, noted),
            Route::MarkRead => self.mark_read(rng, noted),
            Route::Notifications => {
                let person = self.any_person(rng);
                self.get(route, "/me/notifications".into(), Some(person))
            }
            Route::Me => self.get(route, "/me".into(), Some(self.any_person(rng))),
            Route::ProviderBilling => {
                let path = format!("/provider/billing/{}", self.month);
                self.get(route, path, Some(self.any_staff(rng)))
            }
            Route::CityBilling => {
                let cw = self.caseworkers[rng.random_range(0..self.caseworkers.len())];
                self.get(
                    route,
                    format!("/caseworker/billing/{}", self.month),
                    Some(cw),
                )
            }
            Route::Inbox => {
                let cw = self.caseworkers[rng.random_range(0..self.caseworkers.len())];
                self.get(route, "/caseworker/inbox".into(), Some(cw))
            }
            Route::Deadlines => {
                let cw = self.caseworkers[rng.random_range(0..self.caseworkers.len())];
                self.get(route, "/caseworker/deadlines".into(), Some(cw))
            }
        }
    }

    fn substitute(
        &self,
        why: &'static str,
        instead: Route,
        rng: &mut StdRng,
        noted: &mut Noted,
    ) -> Prepared {
        *noted.substituted.entry(why).or_insert(0) += 1;
        self.prepare(instead, rng, noted)
    }

    /// The next starting client in turn books a visit with a provider of their municipality,
    /// or cancels the one they booked.
    fn visit(&self, rng: &mut StdRng, noted: &mut Noted) -> Prepared {
        let Some(s) = lock(&self.starting_free).pop_front() else {
            return self.substitute("no starting client free", Route::IntroVisits, rng, noted);
        };
        let (person, client, voucher, m) = &self.starting[s as usize];
        if !self.ready(*person, false, noted) {
            lock(&self.starting_free).push_back(s);
            return self.substitute("a booking put off", Route::IntroVisits, rng, noted);
        }
        let open = lock(&self.visit[s as usize]).clone();
        let then = Then::Visit { starting: s };
        match open {
            Some(visit) => {
                let path = format!("/clients/{client}/intro-visits/{visit}");
                self.write((Route::CancelVisit, "DELETE", path), *person, None, then)
            }
            None => {
                let approved = &self.approved[*m];
                let p = approved[rng.random_range(0..approved.len())];
                let slots = &self.providers[p as usize].2;
                let slot = &slots[rng.random_range(0..slots.len())];
                let body = format!(r#"{{"voucher_id":"{voucher}","slot_id":"{slot}"}}"#);
                let path = format!("/clients/{client}/intro-visits");
                self.write((Route::Book, "POST", path), *person, Some(&body), then)
            }
        }
    }

    /// The next check-in: one put off earlier whose client may write again, else the next
    /// prepared, day by day, each client in service in turn.
    fn check_in(&self, rng: &mut StdRng, noted: &mut Noted) -> Prepared {
        let now = self.now_ms();
        let again = {
            let mut put_off = lock(&self.put_off);
            match put_off.front() {
                Some((_, at)) if now >= at + WRITE_GAP.as_millis() as u64 => put_off.pop_front(),
                _ => None,
            }
        };
        let i = match again {
            Some((i, _)) => i,
            None => self.next_check_in.fetch_add(1, Ordering::Relaxed),
        };
        let (day, client) = (i / self.active.len(), i % self.active.len());
        let Some(day) = self.days.get(day) else {
            return self.substitute("every prepared check-in was sent", Route::Days, rng, noted);
        };
        let (person, c, v, provider) = &self.active[client];
        if !self.ready(*person, false, noted) {
            lock(&self.put_off).push_back((i, now));
            return self.substitute("a check-in put off", Route::Days, rng, noted);
        }
        let path = format!("/clients/{c}/vouchers/{v}/check-ins");
        let body = format!(r#"{{"day":"{day}"}}"#);
        let then = Then::CheckedIn {
            provider: *provider,
        };
        self.write((Route::CheckIn, "POST", path), *person, Some(&body), then)
    }

    /// Staff of the provider of the oldest check-in waiting confirm it.
    fn confirm(&self, rng: &mut StdRng, noted: &mut Noted) -> Prepared {
        let Some((provider, day)) = lock(&self.pending).pop_front() else {
            return self.substitute("no check-in waiting for staff", Route::Pending, rng, noted);
        };
        let staff = self.rested(&self.providers[provider as usize].1);
        if !self.ready(staff, false, noted) {
            lock(&self.pending).push_back((provider, day));
            return self.substitute("a confirmation put off", Route::Pending, rng, noted);
        }
        let path = format!("/provider/check-ins/{day}/confirm");
        self.write(
            (Route::Confirm, "POST", path),
            staff,
            Some("{}"),
            Then::Confirmed,
        )
    }

    /// Someone of a random thread reads its latest messages.
    fn history(&self, rng: &mut StdRng) -> Prepared {
        if self.threads.is_empty() {
            return self.get(Route::Me, "/me".into(), Some(self.any_person(rng)));
        }
        let t = &self.threads[rng.random_range(0..self.threads.len())];
        let (client, _, _, provider) = &self.active[t.client as usize];
        let person = if rng.random_bool(0.5) {
            *client
        } else {
            let staff = &self.providers[*provider as usize].1;
            staff[rng.random_range(0..staff.len())]
        };
        self.get(
            Route::Messages,
            format!("/threads/{}/messages?limit=30", t.id),
            Some(person),
        )
    }

    /// The next thread in turn gets a message: the client writes, or the provider's staff
    /// answer the client's last one.
    fn send(&self, rng: &mut StdRng, noted: &mut Noted) -> Prepared {
        let Some(t) = lock(&self.threads_free).pop_front() else {
            return self.substitute("no thread free", Route::Messages, rng, noted);
        };
        let thread = &self.threads[t as usize];
        let (client, _, _, provider) = &self.active[thread.client as usize];
        let staff = &self.providers[*provider as usize].1;
        let from_client = !lock(&thread.last).as_ref().is_some_and(|l| l.from_client);
        let (sender, recipients): (u32, Vec<u32>) = if from_client {
            let to = staff
                .iter()
                .copied()
                .filter(|s| self.has_socket[*s as usize]);
            (*client, to.collect())
        } else {
            let to = Some(*client).filter(|c| self.has_socket[*c as usize]);
            (self.rested(staff), to.into_iter().collect())
        };
        if !self.ready(sender, true, noted) {
            lock(&self.threads_free).push_back(t);
            return self.substitute("a message put off", Route::Messages, rng, noted);
        }
        let n = rng.random_range(0..1000);
        let body = format!(r#"{{"text":"Hei! Viesti {n}: tuletko huomenna yhdeksältä?"}}"#);
        let path = format!("/threads/{}/messages", thread.id);
        let then = Then::Sent {
            thread: t,
            from_client,
            recipients,
        };
        self.write((Route::Send, "POST", path), sender, Some(&body), then)
    }

    /// The next thread whose last message is unread: its recipient marks it read.
    fn mark_read(&self, rng: &mut StdRng, noted: &mut Noted) -> Prepared {
        let found = loop {
            let Some(t) = lock(&self.unread).pop_front() else {
                break None;
            };
            let last = lock(&self.threads[t as usize].last).clone();
            if let Some(last) = last.filter(|l| !l.marked) {
                break Some((t, last));
            }
        };
        let Some((t, last)) = found else {
            return self.substitute("no message unread", Route::Messages, rng, noted);
        };
        let thread = &self.threads[t as usize];
        let (client, _, _, provider) = &self.active[thread.client as usize];
        let reader = if last.from_client {
            self.rested(&self.providers[*provider as usize].1)
        } else {
            *client
        };
        if !self.ready(reader, false, noted) {
            lock(&self.unread).push_back(t);
            return self.substitute("a mark read put off", Route::Messages, rng, noted);
        }
        let body = format!(r#"{{"up_to":"{}"}}"#, last.id);
        let path = format!("/threads/{}/read", thread.id);
        let then = Then::Marked {
            thread: t,
            message: last.id,
        };
        self.write((Route::MarkRead, "POST", path), reader, Some(&body), then)
    }

    /// What the answer to a request changes; `at` is the instant before it was written,
    /// `status` 0 when there was no answer.
    pub fn apply(&self, then: Then, status: u16, body: &[u8], at: Instant, noted: &mut Noted) {
        let ok = (200..300).contains(&status);
        match then {
            Then::Nothing | Then::Confirmed => {}
            Then::CheckedIn { provider } => {
                if let (201, Some(id)) = (status, created_id(body)) {
                    lock(&self.pending).push_back((provider, id));
                }
            }
            Then::Visit { starting } => {
                let mut visit = lock(&self.visit[starting as usize]);
                match (status, visit.is_some()) {
                    (201, false) => *visit = created_id(body),
                    (200, true) => *visit = None,
                    _ => {}
                }
                drop(visit);
                lock(&self.starting_free).push_back(starting);
            }
            Then::Sent {
                thread,
                from_client,
                recipients,
            } => {
                if let (true, Some(id)) = (ok, created_id(body)) {
                    if let Some(message) = super::load_sockets::uuid_number(&id) {
                        noted.sent.push(Sent {
                            message,
                            at,
                            recipients,
                        });
                    }
                    *lock(&self.threads[thread as usize].last) = Some(LastMessage {
                        id,
                        from_client,
                        marked: false,
                    });
                    lock(&self.unread).push_back(thread);
                }
                lock(&self.threads_free).push_back(thread);
            }
            Then::Marked { thread, message } => {
                if let (true, Some(l)) = (ok, lock(&self.threads[thread as usize].last).as_mut()) {
                    if l.id == message {
                        l.marked = true;
                    }
                }
            }
        }
    }
}

/// `0..n` in an order of its own: the turns of the threads and of the starting clients then
/// have nothing to do with the order of the check-ins (client by client).
fn shuffled(n: usize, seed: u64) -> VecDeque<u32> {
    use rand::seq::SliceRandom;
    let mut all: Vec<u32> = (0..n as u32).collect();
    all.shuffle(&mut <StdRng as rand::SeedableRng>::seed_from_u64(seed));
    all.into()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
